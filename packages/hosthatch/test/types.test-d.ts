import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiPromise,
  createHostHatchClient,
  type DeployResult,
  type HostHatchClient,
  type Key,
  type PricedProductList,
  type ProductList,
  type Server,
  type UpgradeResult,
  waitForStatus,
} from "../src/index.js";
import { createHostHatchFake, type HostHatchFake, type StoredServer } from "../src/testing/index.js";

declare const hosthatch: HostHatchClient;
const server = { params: { path: { server: 112233 } } };

describe("types", () => {
  it("types each products method exactly", () => {
    expectTypeOf(createHostHatchClient).returns.toEqualTypeOf<HostHatchClient>();
    expectTypeOf(hosthatch.listProducts()).toEqualTypeOf<ApiPromise<ProductList>>();
    expectTypeOf(hosthatch.listProductsWithPrices()).toEqualTypeOf<ApiPromise<PricedProductList>>();
    expectTypeOf(hosthatch.listProducts())
      .resolves.toHaveProperty("products")
      .items.toHaveProperty("options")
      .toHaveProperty("billing_cycles")
      .toEqualTypeOf<string[]>();
    expectTypeOf(hosthatch.listProductsWithPrices())
      .resolves.toHaveProperty("products")
      .items.toHaveProperty("options")
      .toHaveProperty("billing_cycles")
      .toEqualTypeOf<{ [key: string]: { _id: string; price: number; setupfee: number; currency: string } }>();
    // @ts-expect-error listProducts takes no prices flag: use listProductsWithPrices
    hosthatch.listProducts({ params: { query: { prices: true } } });
  });

  it("makes the payment state of a deployment or an upgrade a union that narrows", async () => {
    const deployed = await hosthatch.deployServer({
      body: { product: "p", location: "AMS", billing: "monthly", image: "i", hostname: "h" },
    });
    expectTypeOf(deployed).toEqualTypeOf<DeployResult>();
    expectTypeOf(deployed.server_id).toEqualTypeOf<number>();
    if (deployed.requires_payment) {
      expectTypeOf(deployed.outstanding_balance).toEqualTypeOf<{ price: number; currency: string }>();
    } else {
      expectTypeOf(deployed.requires_payment).toEqualTypeOf<false>();
      // @ts-expect-error a paid deployment has no outstanding balance
      deployed.outstanding_balance.price;
    }
    const upgraded = await hosthatch.upgradeServer({ ...server, body: { product: "nvme-4gb" } });
    expectTypeOf(upgraded).toEqualTypeOf<UpgradeResult>();
  });

  it("types the other results", () => {
    expectTypeOf(hosthatch.listServers()).resolves.toEqualTypeOf<{ servers: Server[] }>();
    expectTypeOf(hosthatch.getServer(server)).resolves.toEqualTypeOf<{ server: Server }>();
    expectTypeOf(hosthatch.getServerStatus(server)).resolves.toEqualTypeOf<{ status: string }>();
    expectTypeOf(hosthatch.bootServer(server)).resolves.toEqualTypeOf<null>();
    expectTypeOf(hosthatch.cancelServer({ ...server, body: { reason: "r" } })).resolves.toEqualTypeOf<null>();
    expectTypeOf(hosthatch.listKeys()).resolves.toEqualTypeOf<{ keys: Key[] }>();
    expectTypeOf(
      hosthatch.createKey({ body: { description: "d", type: "sshkey", value: "v" } }),
    ).resolves.toEqualTypeOf<{
      key: Key;
    }>();
    expectTypeOf(hosthatch.deleteKey({ params: { path: { key: 1 } } })).resolves.toEqualTypeOf<null>();
    expectTypeOf(waitForStatus(hosthatch, 1, "online")).resolves.toEqualTypeOf<string>();
  });

  it("refuses a wrong path parameter", () => {
    // @ts-expect-error the server id is a number
    hosthatch.getServer({ params: { path: { server: "112233" } } });
    // @ts-expect-error the path parameter is `server`, not `id`
    hosthatch.getServerStatus({ params: { path: { id: 112233 } } });
    // @ts-expect-error the path parameter is required
    hosthatch.rebootServer({});
    // @ts-expect-error keys are addressed by `key`
    hosthatch.deleteKey({ params: { path: { server: 1 } } });
  });

  it("refuses a wrong query parameter", () => {
    // @ts-expect-error listServers has no query parameters
    hosthatch.listServers({ params: { query: { page: 2 } } });
    // @ts-expect-error the raw client's prices flag only accepts true
    hosthatch.raw.GET("/api/v1/products", { params: { query: { prices: false } } });
  });

  it("refuses a wrong body", () => {
    const order = { product: "p", location: "AMS", billing: "monthly", image: "i", hostname: "h" };
    // @ts-expect-error hostname is required
    hosthatch.deployServer({ body: { product: "p", location: "AMS", billing: "monthly", image: "i" } });
    // @ts-expect-error ssh_keys are key ids (numbers)
    hosthatch.deployServer({ body: { ...order, features: { ssh_keys: ["118"] } } });
    // @ts-expect-error upgrade_disk is a boolean
    hosthatch.upgradeServer({ ...server, body: { product: "nvme-4gb", upgrade_disk: "yes" } });
    // @ts-expect-error a cancellation needs a reason
    hosthatch.cancelServer({ ...server, body: { immediate: true } });
    // @ts-expect-error only sshkey is a documented key type
    hosthatch.createKey({ body: { description: "d", type: "gpg", value: "v" } });
    // @ts-expect-error there is no such path
    hosthatch.raw.POST("/api/v1/deploys", { body: {} });
  });

  it("types the fake", () => {
    expectTypeOf(createHostHatchFake()).toEqualTypeOf<HostHatchFake>();
    expectTypeOf(createHostHatchFake().state.servers.get(1)).toEqualTypeOf<StoredServer | undefined>();
    // @ts-expect-error credit is a number
    createHostHatchFake({ credit: "50" });
  });
});
