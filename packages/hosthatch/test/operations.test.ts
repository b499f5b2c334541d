import { describe, expect, it } from "vitest";
import {
  createHostHatchClient,
  isAuthenticationError,
  isInternalServerError,
  isNotFoundError,
  isPermissionDeniedError,
  isRateLimitError,
  isUnexpectedResponseError,
  isUnprocessableEntityError,
  rawClient,
} from "../src/index.js";
import { createHostHatchFake, recordRequests, toFetch } from "../src/testing/index.js";
import { DEPLOY, rejection, setup } from "./helpers.js";

const server = (id: number) => ({ server: id });
const key = (id: number) => ({ key: id });

describe("products", () => {
  it("listProducts returns the catalogue without prices, and never sends the prices flag", async () => {
    const { fake, url, wire } = await setup();
    const recorder = recordRequests(fake.handler);
    const hosthatch = createHostHatchClient({ apiKey: fake.token, baseUrl: url, fetch: recorder });
    const { items: products } = await hosthatch.listProducts();
    expect(products.map((p) => p._id)).toEqual(["nvme-2gb", "nvme-4gb", "nvme-8gb", "nvme-16gb", "storage-1tb"]);
    const nvme = products[0]!;
    expect(nvme.options.billing_cycles).toEqual(["monthly", "quarterly"]);
    expect(nvme.options.locations).toMatchObject({ AMS: true, STO: false });
    expect(nvme.options.features).toEqual([
      { _id: "ipv6", name: "IPv6", values: [true, false] },
      { _id: "additional-ipv4", name: "Additional IPv4", values: ["0", "1", "2", "3", "4"] },
    ]);
    expect(recorder.requests[0]?.url).toMatch(/\/api\/v1\/products$/);
    expect(wire.problems).toEqual([]);
  });

  it("listProductsWithPrices sends ?prices and returns the priced shape, both forms of feature values included", async () => {
    const { fake, url } = await setup();
    const recorder = recordRequests(fake.handler);
    const hosthatch = createHostHatchClient({ apiKey: fake.token, baseUrl: url, fetch: recorder });
    const { items: products } = await hosthatch.listProductsWithPrices();
    expect(new URL(recorder.requests[0]!.url).searchParams.has("prices")).toBe(true);
    const nvme = products[0]!;
    expect(nvme.options.billing_cycles.monthly).toEqual({ _id: "monthly", price: 16, setupfee: 4, currency: "USD" });
    const [ipv6, ipv4] = nvme.options.features;
    expect(ipv6?.values).toEqual({
      true: {
        _id: true,
        billing_cycles: {
          monthly: { price: 0, setupfee: 0, currency: "USD" },
          quarterly: { price: 0, setupfee: 0, currency: "USD" },
        },
      },
      false: { _id: false },
    });
    expect(Array.isArray(ipv4?.values) && ipv4.values[2]).toEqual({
      _id: "2",
      billing_cycles: {
        monthly: { price: 4, setupfee: 0, currency: "USD" },
        quarterly: { price: 12, setupfee: 0, currency: "USD" },
      },
    });
  });

  it("ignores an input smuggled past the types: listProducts never asks for prices", async () => {
    const { hosthatch } = await setup();
    const { items: products } = await hosthatch.listProducts({ prices: true } as never);
    expect(Array.isArray(products[0]?.options.billing_cycles)).toBe(true);
  });
});

describe("deployServer", () => {
  it("answers 201 with requires_payment false when the credit covers it, and deducts the credit", async () => {
    const { fake, hosthatch, wire } = await setup();
    const { data, response } = await hosthatch
      .deployServer({ ...DEPLOY, features: { ipv6: true, "additional-ipv4": 2, ssh_keys: [118, 119] } })
      .withResponse();
    expect(response.status).toBe(201);
    expect(data.requires_payment).toBe(false);
    expect(data).toEqual({
      invoice_id: 445566,
      invoice_url: "https://cloud.hosthatch.com/invoices/445566",
      server_id: 112234,
      server_url: "https://cloud.hosthatch.com/servers/112234",
      requires_payment: false,
    });
    expect(fake.state.credit).toBe(26); // 50 - (16 + 4 setup + 2 × 2 for two extra IPv4 addresses)
    const { server: created } = await hosthatch.getServer(server(data.server_id));
    expect(created).toMatchObject({
      hostname: "web-1.example.net",
      state: "Active",
      product: { _id: "nvme-2gb", location: "AMS", image: "Alma Linux 8 64-bit" },
      billing: { billing_cycle: "monthly", initial_cost: 4, recurring_cost: 20, currency: "USD" },
    });
    expect(fake.state.servers.get(data.server_id)?.sshKeys).toEqual([118, 119]);
    expect(wire.problems).toEqual([]);
    expect(wire.checked).toContain("deployServer 201");
  });

  it("answers 200 with requires_payment true and the outstanding balance when the credit does not cover it", async () => {
    const { fake, hosthatch, wire } = await setup();
    await hosthatch.deployServer({ ...DEPLOY });
    await hosthatch.deployServer({ ...DEPLOY, hostname: "web-2.example.net" });
    const { data, response } = await hosthatch.deployServer({ ...DEPLOY, hostname: "web-3" }).withResponse();
    expect(response.status).toBe(200);
    expect(data.requires_payment).toBe(true);
    if (!data.requires_payment) return;
    expect(data.outstanding_balance).toEqual({ price: 10, currency: "USD" });
    expect(fake.state.credit).toBe(0);
    const { server: pending } = await hosthatch.getServer(server(data.server_id));
    expect(pending.state).toBe("Pending");

    fake.payInvoice(data.invoice_id);
    expect((await hosthatch.getServer(server(data.server_id))).server.state).toBe("Active");
    expect(fake.counters).toMatchObject({ serversCreated: 3, invoices: 3 });
    expect(wire.checked).toContain("deployServer 200");
    expect(wire.problems).toEqual([]);
  });

  it("turns a 422 into validation messages, one per problem, and creates nothing", async () => {
    const { fake, hosthatch, wire } = await setup();
    const error = await rejection(
      hosthatch.deployServer({ ...DEPLOY, location: "STO", image: "windows", features: { ssh_keys: [118, 7] } }),
    );
    expect(isUnprocessableEntityError(error)).toBe(true);
    if (!isUnprocessableEntityError(error)) return;
    expect(error.validationMessages).toEqual([
      "The selected location is out of stock.",
      "The selected image is invalid.",
      "The selected features.ssh_keys.1 is invalid.",
    ]);
    expect(error.message).toContain("Validation failed: The selected location is out of stock.");
    expect(error.outcomeUnknown).toBe(false);
    expect(fake.counters).toMatchObject({ serversCreated: 0, invalid: 1 });
    expect(wire.problems).toEqual([]);
  });

  it("lists every missing field for an untyped caller", async () => {
    const { hosthatch } = await setup();
    const error = await rejection(hosthatch.deployServer({ product: "nvme-2gb" } as never));
    expect(isUnprocessableEntityError(error) && error.validationMessages).toEqual([
      "The location field is required.",
      "The billing field is required.",
      "The image field is required.",
      "The hostname field is required.",
    ]);
  });
});

describe("servers", () => {
  it("listServers and getServer return the active servers", async () => {
    const { hosthatch, wire } = await setup();
    const { items: servers } = await hosthatch.listServers();
    expect(servers.map((s) => [s.id, s.state])).toEqual([
      [112230, "Suspended"],
      [112233, "Active"],
    ]);
    const { server: one } = await hosthatch.getServer(server(112233));
    expect(one).toEqual(servers[1]);
    expect(one.product.available_upgrades).toEqual(["nvme-4gb", "nvme-8gb", "nvme-16gb"]);
    expect(wire.problems).toEqual([]);
  });

  it("getServer and getServerStatus throw NotFoundError for an unknown server", async () => {
    const { hosthatch } = await setup();
    expect(isNotFoundError(await rejection(hosthatch.getServer(server(1))))).toBe(true);
    expect(isNotFoundError(await rejection(hosthatch.getServerStatus(server(1))))).toBe(true);
  });

  it("boot, shutdown and reboot only acknowledge (null); the status follows after a few polls", async () => {
    const { fake, hosthatch, wire } = await setup();
    expect(await hosthatch.shutdownServer(server(112233))).toBeNull();
    expect((await hosthatch.getServerStatus(server(112233))).status).toBe("online");
    expect((await hosthatch.getServerStatus(server(112233))).status).toBe("online");
    expect((await hosthatch.getServerStatus(server(112233))).status).toBe("offline");
    expect(await hosthatch.bootServer(server(112233))).toBeNull();
    fake.settle();
    expect((await hosthatch.getServerStatus(server(112233))).status).toBe("online");
    expect(await hosthatch.rebootServer(server(112233))).toBeNull();
    expect((await hosthatch.getServerStatus(server(112233))).status).toBe("offline");
    expect(fake.counters).toMatchObject({ boots: 1, shutdowns: 1, reboots: 1 });
    expect(wire.problems).toEqual([]);
  });

  it("refuses power actions and upgrades on a suspended server (403)", async () => {
    const { hosthatch } = await setup();
    expect(isPermissionDeniedError(await rejection(hosthatch.bootServer(server(112230))))).toBe(true);
    const error = await rejection(hosthatch.upgradeServer({ ...server(112230), product: "nvme-4gb" }));
    expect(isPermissionDeniedError(error)).toBe(true);
  });

  it("upgradeServer answers 201 when paid from credit and 200 with the balance otherwise", async () => {
    const { fake, hosthatch, wire } = await setup();
    const paid = await hosthatch.upgradeServer({ ...server(112233), product: "nvme-4gb" }).withResponse();
    expect([paid.response.status, paid.data.requires_payment]).toEqual([201, false]);
    expect(fake.state.credit).toBe(42); // 24 - 16
    expect((await hosthatch.getServer(server(112233))).server.product._id).toBe("nvme-4gb");

    const unpaid = await hosthatch.upgradeServer({
      ...server(112233),
      product: "nvme-16gb",
      upgrade_disk: true,
    });
    expect(unpaid).toEqual({
      invoice_id: 445567,
      invoice_url: "https://cloud.hosthatch.com/invoices/445567",
      requires_payment: true,
      outstanding_balance: { price: 6, currency: "USD" }, // 72 - 24, with 42 of credit
    });
    expect((await hosthatch.getServer(server(112233))).server.product._id).toBe("nvme-4gb");
    fake.payInvoice(unpaid.invoice_id);
    expect((await hosthatch.getServer(server(112233))).server.product._id).toBe("nvme-16gb");
    expect(wire.problems).toEqual([]);
  });

  it("upgradeServer refuses a product that is not an available upgrade (422)", async () => {
    const { fake, hosthatch } = await setup();
    const error = await rejection(hosthatch.upgradeServer({ ...server(112233), product: "storage-1tb" }));
    expect(isUnprocessableEntityError(error) && error.validationMessages).toEqual([
      "The product storage-1tb is not an available upgrade.",
    ]);
    expect(fake.counters.upgrades).toBe(0);
  });

  it("cancelServer at the end of the cycle keeps the server; immediately removes it; repeating is harmless", async () => {
    const { fake, hosthatch, wire } = await setup();
    expect(await hosthatch.cancelServer({ ...server(112233), reason: "Moving to a bigger plan" })).toBeNull();
    await hosthatch.cancelServer({ ...server(112233), reason: "Moving to a bigger plan" });
    expect(fake.state.servers.get(112233)?.cancellation?.at).toBe(fake.state.servers.get(112233)?.nextDue);
    expect((await hosthatch.listServers()).items).toHaveLength(2);

    await hosthatch.cancelServer({ ...server(112233), reason: "Now, please", immediate: true });
    expect((await hosthatch.listServers()).items.map((s) => s.id)).toEqual([112230]);
    expect(isNotFoundError(await rejection(hosthatch.getServer(server(112233))))).toBe(true);
    expect(fake.counters.cancellations).toBe(1);

    const error = await rejection(hosthatch.cancelServer({ ...server(112230), reason: " " }));
    expect(isUnprocessableEntityError(error) && error.validationMessages).toEqual(["The reason field is required."]);
    expect(wire.problems).toEqual([]);
  });
});

describe("keys", () => {
  const VALUE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV4YW1wbGUta2V5LWZvci10ZXN0cw me@example.com";

  it("listKeys, createKey, getKey and deleteKey", async () => {
    const { fake, hosthatch, wire } = await setup();
    expect((await hosthatch.listKeys()).items.map((k) => k.id)).toEqual([118, 119]);
    const { key: created } = await hosthatch.createKey({ description: "laptop", type: "sshkey", value: VALUE });
    expect(created).toEqual({ id: 1234, type: "sshkey", description: "laptop", value: VALUE });
    expect((await hosthatch.getKey(key(1234))).key).toEqual(created);
    expect(await hosthatch.deleteKey(key(1234))).toBeUndefined();
    expect(isNotFoundError(await rejection(hosthatch.getKey(key(1234))))).toBe(true);
    expect(fake.counters).toMatchObject({ keysCreated: 1, keysDeleted: 1 });
    expect(wire.problems).toEqual([]);
  });

  it("createKey validates the type and the value", async () => {
    const { hosthatch } = await setup();
    const error = await rejection(
      hosthatch.createKey({ description: "x", type: "gpg" as "sshkey", value: "not a key" }),
    );
    expect(isUnprocessableEntityError(error) && error.validationMessages).toEqual([
      "The selected type is invalid.",
      "The value must be a valid SSH public key.",
    ]);
  });

  it("refuses to delete a key used by a server (422), and allows it once the server is cancelled", async () => {
    const { fake, hosthatch, wire } = await setup();
    const error = await rejection(hosthatch.deleteKey(key(118)));
    expect(isUnprocessableEntityError(error)).toBe(true);
    if (isUnprocessableEntityError(error)) {
      expect(error.message).toContain("The key is in use by an active server.");
      expect(error.outcomeUnknown).toBe(false);
    }
    expect(fake.state.keys.has(118)).toBe(true);

    await hosthatch.cancelServer({ ...server(112233), reason: "done", immediate: true });
    expect(await hosthatch.deleteKey(key(118))).toBeUndefined();
    expect(isNotFoundError(await rejection(hosthatch.deleteKey(key(118))))).toBe(true);
    expect(wire.problems).toEqual([]);
  });

  it("counts a key installed by a deployment as in use", async () => {
    const { hosthatch } = await setup({ fake: { servers: false } });
    await hosthatch.deployServer({ ...DEPLOY, features: { ssh_keys: [119] } });
    expect(isUnprocessableEntityError(await rejection(hosthatch.deleteKey(key(119))))).toBe(true);
    expect(await hosthatch.deleteKey(key(118))).toBeUndefined();
  });
});

describe("auth, headers and errors", () => {
  it("sends Accept: application/json and the bearer token on every request, the raw client included", async () => {
    const { fake, url } = await setup();
    const recorder = recordRequests(fake.handler);
    const hosthatch = createHostHatchClient({ apiKey: fake.token, baseUrl: url, fetch: recorder });
    await hosthatch.listServers();
    await hosthatch.createKey({ description: "a", type: "sshkey", value: "ssh-ed25519 AAAA" });
    await rawClient(hosthatch).GET("/api/v1/keys/{key}", { params: { path: { key: 119 } } });
    expect(recorder.requests.map((r) => [r.headers.accept, r.headers.authorization])).toEqual(
      Array.from({ length: 3 }, () => ["application/json", `Bearer ${fake.token}`]),
    );
    expect(fake.counters.htmlAnswers).toBe(0);
  });

  it("throws AuthenticationError for a wrong or revoked token, without leaking it", async () => {
    const { fake, url } = await setup();
    const wrong = createHostHatchClient({ apiKey: "hh-wrong-secret", baseUrl: url });
    const error = await rejection(wrong.listServers());
    expect(isAuthenticationError(error)).toBe(true);
    expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain("hh-wrong-secret");
    fake.state.tokens.clear();
    const revoked = createHostHatchClient({ apiKey: fake.token, baseUrl: url });
    expect(isAuthenticationError(await rejection(revoked.listKeys()))).toBe(true);
    expect(fake.counters.unauthorized).toBe(2);
  });

  it("throws PermissionDeniedError (403, 'Access forbidden') for an account without API access", async () => {
    const { fake, hosthatch } = await setup();
    fake.state.apiAccess = false;
    const error = await rejection(hosthatch.listProducts());
    expect(isPermissionDeniedError(error)).toBe(true);
    expect((error as Error).message).toContain("Access forbidden");
  });

  it("retries 429 (honouring Retry-After) and 5xx on reads", async () => {
    const { fake, hosthatch } = await setup();
    fake.inject({ status: 429, headers: { "retry-after": "0" } });
    fake.inject({ status: 503 });
    const { items: servers } = await hosthatch.listServers();
    expect(servers).toHaveLength(2);
    expect(fake.handler.applied).toEqual({ "status-429": 1, "status-503": 1 });
  });

  it("gives up with RateLimitError when the server asks to wait longer than allowed", async () => {
    const { fake, hosthatch } = await setup({ client: { retry: { maxRetryAfterMs: 1000 } } });
    fake.inject({ status: 429, headers: { "retry-after": "120" } });
    const error = await rejection(hosthatch.listKeys());
    expect(isRateLimitError(error) && error.retryAfterMs).toBe(120_000);
  });

  it("throws InternalServerError after the retries of a read are spent", async () => {
    const { fake, hosthatch } = await setup();
    fake.inject({ status: 500, times: 3 });
    const error = await rejection(hosthatch.getServerStatus(server(112233)));
    expect(isInternalServerError(error)).toBe(true);
    if (isInternalServerError(error)) expect([error.attempts, error.outcomeUnknown]).toEqual([3, false]);
  });

  it("reports an HTML answer (e.g. a proxy page) as UnexpectedResponseError", async () => {
    const { fake, hosthatch } = await setup();
    fake.inject({ status: 200, body: "<!DOCTYPE html><html>Login</html>", headers: { "content-type": "text/html" } });
    const error = await rejection(hosthatch.listServers());
    expect(isUnexpectedResponseError(error)).toBe(true);
  });

  it("works in memory, without a socket", async () => {
    const fake = createHostHatchFake();
    const hosthatch = createHostHatchClient({
      apiKey: fake.token,
      baseUrl: "http://127.0.0.1",
      fetch: toFetch(fake.handler),
    });
    expect((await hosthatch.listKeys()).items).toHaveLength(2);
  });
});
