import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiPromise,
  createHostHatchClient,
  type DeployResult,
  type HostHatchClient,
  type Key,
  type ListProductsResult,
  type ListProductsWithPricesResult,
  type ListServersPage,
  type PagePromise,
  type PricedProduct,
  type PricedProductList,
  type Product,
  type ProductList,
  rawClient,
  type Server,
  type UpgradeResult,
  waitForStatus,
} from "../src/index.js";
import { createHostHatchFake, type HostHatchFake, type StoredServer } from "../src/testing/index.js";

declare const hosthatch: HostHatchClient;
const server = { server: 112233 };

describe("types", () => {
  it("types each products method exactly", () => {
    expectTypeOf(createHostHatchClient).returns.toEqualTypeOf<HostHatchClient>();
    expectTypeOf(hosthatch.listProducts()).toEqualTypeOf<PagePromise<Product, ListProductsResult>>();
    expectTypeOf(hosthatch.listProductsWithPrices()).toEqualTypeOf<
      PagePromise<PricedProduct, ListProductsWithPricesResult>
    >();
    expectTypeOf<ListProductsResult["data"]>().toEqualTypeOf<ProductList>();
    expectTypeOf<ListProductsWithPricesResult["data"]>().toEqualTypeOf<PricedProductList>();
    expectTypeOf<Product["options"]["billing_cycles"]>().toEqualTypeOf<string[]>();
    expectTypeOf<PricedProduct["options"]["billing_cycles"]>().toEqualTypeOf<{
      [key: string]: { _id: string; price: number; setupfee: number; currency: string };
    }>();
    // @ts-expect-error listProducts takes no prices flag: use listProductsWithPrices
    hosthatch.listProducts({ prices: true });
  });

  it("makes the payment state of a deployment or an upgrade a union that narrows", async () => {
    const deployed = await hosthatch.deployServer({
      product: "p",
      location: "AMS",
      billing: "monthly",
      image: "i",
      hostname: "h",
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
    const upgraded = await hosthatch.upgradeServer({ ...server, product: "nvme-4gb" });
    expectTypeOf(upgraded).toEqualTypeOf<UpgradeResult>();
  });

  it("types the other results", () => {
    expectTypeOf(hosthatch.listServers()).toEqualTypeOf<PagePromise<Server, ListServersPage>>();
    expectTypeOf(hosthatch.listServers()).resolves.toHaveProperty("items").toEqualTypeOf<Server[]>();
    expectTypeOf(hosthatch.getServer(server)).resolves.toEqualTypeOf<{ server: Server }>();
    expectTypeOf(hosthatch.getServerStatus(server)).resolves.toEqualTypeOf<{ status: string }>();
    expectTypeOf(hosthatch.bootServer(server)).resolves.toEqualTypeOf<null>();
    expectTypeOf(hosthatch.cancelServer({ ...server, reason: "r" })).resolves.toEqualTypeOf<null>();
    expectTypeOf(hosthatch.listKeys()).resolves.toHaveProperty("items").toEqualTypeOf<Key[]>();
    expectTypeOf(hosthatch.createKey({ description: "d", type: "sshkey", value: "v" })).resolves.toEqualTypeOf<{
      key: Key;
    }>();
    expectTypeOf(hosthatch.deleteKey({ key: 1 })).toEqualTypeOf<ApiPromise<void>>();
    expectTypeOf(waitForStatus(hosthatch, { server: 1, status: "online" })).resolves.toEqualTypeOf<string>();
  });

  it("refuses a wrong path parameter", () => {
    // @ts-expect-error the server id is a number
    hosthatch.getServer({ server: "112233" });
    // @ts-expect-error the path parameter is `server`, not `id`
    hosthatch.getServerStatus({ id: 112233 });
    // @ts-expect-error the path parameter is required
    hosthatch.rebootServer({});
    // @ts-expect-error keys are addressed by `key`
    hosthatch.deleteKey({ server: 1 });
  });

  it("refuses a wrong query parameter", () => {
    // @ts-expect-error listServers has no query parameters
    hosthatch.listServers({ page: 2 });
    // @ts-expect-error the raw client's prices flag only accepts true
    rawClient(hosthatch).GET("/api/v1/products", { params: { query: { prices: false } } });
  });

  it("refuses a wrong body", () => {
    const order = { product: "p", location: "AMS", billing: "monthly", image: "i", hostname: "h" };
    // @ts-expect-error hostname is required
    hosthatch.deployServer({ product: "p", location: "AMS", billing: "monthly", image: "i" });
    // @ts-expect-error ssh_keys are key ids (numbers)
    hosthatch.deployServer({ ...order, features: { ssh_keys: ["118"] } });
    // @ts-expect-error upgrade_disk is a boolean
    hosthatch.upgradeServer({ ...server, product: "nvme-4gb", upgrade_disk: "yes" });
    // @ts-expect-error a cancellation needs a reason
    hosthatch.cancelServer({ ...server, immediate: true });
    // @ts-expect-error only sshkey is a documented key type
    hosthatch.createKey({ description: "d", type: "gpg", value: "v" });
    // @ts-expect-error there is no such path
    rawClient(hosthatch).POST("/api/v1/deploys", { body: {} });
  });

  it("takes flat inputs; the nested openapi-fetch shape is rawClient(client)'s", () => {
    // @ts-expect-error inputs are flat: `{ server: 1 }`, not `{ params: { path: { server: 1 } } }`
    hosthatch.getServer({ params: { path: { server: 1 } } });
    // @ts-expect-error body fields go beside the path parameter, not in `body`
    hosthatch.cancelServer({ ...server, body: { reason: "r" } });
    rawClient(hosthatch).GET("/api/v1/servers/{server}", { params: { path: { server: 1 } } });
    rawClient(hosthatch).PUT("/api/v1/servers/{server}/cancel", {
      params: { path: { server: 1 } },
      body: { reason: "r" },
    });
    // @ts-expect-error waitForStatus takes a flat input, not positional ids
    waitForStatus(hosthatch, 112233, "online");
  });

  it("types the fake", () => {
    expectTypeOf(createHostHatchFake()).toEqualTypeOf<HostHatchFake>();
    expectTypeOf(createHostHatchFake().state.servers.get(1)).toEqualTypeOf<StoredServer | undefined>();
    // @ts-expect-error credit is a number
    createHostHatchFake({ credit: "50" });
  });
});
