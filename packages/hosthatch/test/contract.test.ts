import { listOperations, validateSpecExamples } from "@hatchery/test-utils";
import { describe, expect, it } from "vitest";
import { createHostHatchFake, type HostHatchFake } from "../src/testing/index.js";
import { contract, DEPLOY, spec } from "./helpers.js";

const BASE = "http://127.0.0.1:1";

type Send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;
type Scenario = [
  operation: string,
  name: string,
  run: (fake: HostHatchFake, send: Send) => Promise<Response>,
  status: number,
];

function sender(fake: HostHatchFake): Send {
  return (method, path, body, headers = {}) =>
    fake.handler(
      new Request(`${BASE}${path}`, {
        method,
        headers: {
          accept: "application/json",
          authorization: `Bearer ${fake.token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
    );
}

const S = "/api/v1/servers/112233";
const ALL: [string, string, string?][] = [
  ["listProducts", "GET", "/api/v1/products"],
  ["deployServer", "POST", "/api/v1/deploy"],
  ["listServers", "GET", "/api/v1/servers"],
  ["getServer", "GET", S],
  ["getServerStatus", "GET", `${S}/status`],
  ["bootServer", "POST", `${S}/boot`],
  ["shutdownServer", "POST", `${S}/shutdown`],
  ["rebootServer", "POST", `${S}/reboot`],
  ["upgradeServer", "PUT", `${S}/upgrade`],
  ["cancelServer", "PUT", `${S}/cancel`],
  ["listKeys", "GET", "/api/v1/keys"],
  ["createKey", "POST", "/api/v1/keys"],
  ["getKey", "GET", "/api/v1/keys/119"],
  ["deleteKey", "DELETE", "/api/v1/keys/119"],
];
const BODIES: Record<string, unknown> = {
  deployServer: DEPLOY,
  upgradeServer: { product: "nvme-4gb" },
  cancelServer: { reason: "no longer needed" },
  createKey: { description: "k", type: "sshkey", value: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA" },
};

const scenarios: Scenario[] = [
  ["listProducts", "the catalogue", (_f, send) => send("GET", "/api/v1/products"), 200],
  ["listProducts", "the catalogue with prices", (_f, send) => send("GET", "/api/v1/products?prices"), 200],
  ["listProducts", "prices=true", (_f, send) => send("GET", "/api/v1/products?prices=true"), 200],
  [
    "listProducts",
    "an empty catalogue (matches both variants)",
    (f, send) => {
      f.state.products.clear();
      return send("GET", "/api/v1/products?prices");
    },
    200,
  ],
  ["deployServer", "paid from credit", (_f, send) => send("POST", "/api/v1/deploy", DEPLOY), 201],
  [
    "deployServer",
    "with every feature",
    (_f, send) =>
      send("POST", "/api/v1/deploy", {
        ...DEPLOY,
        billing: "quarterly",
        features: { ipv6: true, "additional-ipv4": 2, ssh_keys: [118, 119] },
      }),
    200,
  ],
  [
    "deployServer",
    "credit too low",
    (f, send) => {
      f.state.credit = 5;
      return send("POST", "/api/v1/deploy", DEPLOY);
    },
    200,
  ],
  ["deployServer", "no fields", (_f, send) => send("POST", "/api/v1/deploy", {}), 422],
  ["deployServer", "a body that is not JSON", (_f, send) => send("POST", "/api/v1/deploy", "{nope"), 422],
  [
    "deployServer",
    "wrong values",
    (_f, send) =>
      send("POST", "/api/v1/deploy", {
        ...DEPLOY,
        location: "STO",
        billing: "weekly",
        image: "windows",
        hostname: "-bad-",
        features: { ipv6: "maybe", turbo: true, ssh_keys: [999] },
      }),
    422,
  ],
  ["listServers", "every server", (_f, send) => send("GET", "/api/v1/servers"), 200],
  ["listServers", "no servers", (_f, send) => send("GET", "/api/v1/servers"), 200],
  ["getServer", "a server", (_f, send) => send("GET", S), 200],
  ["getServer", "an unknown server", (_f, send) => send("GET", "/api/v1/servers/1"), 404],
  ["getServer", "a server id that is not a number", (_f, send) => send("GET", "/api/v1/servers/abc"), 404],
  ["getServerStatus", "a status", (_f, send) => send("GET", `${S}/status`), 200],
  ["getServerStatus", "an unknown server", (_f, send) => send("GET", "/api/v1/servers/1/status"), 404],
  ...(["boot", "shutdown", "reboot"] as const).flatMap((action): Scenario[] => {
    const op = `${action}Server`;
    return [
      [op, "accepted", (_f, send) => send("POST", `${S}/${action}`), 200],
      [op, "a suspended server", (_f, send) => send("POST", `/api/v1/servers/112230/${action}`), 403],
      [op, "an unknown server", (_f, send) => send("POST", `/api/v1/servers/1/${action}`), 404],
    ];
  }),
  ["upgradeServer", "paid from credit", (_f, send) => send("PUT", `${S}/upgrade`, { product: "nvme-4gb" }), 201],
  [
    "upgradeServer",
    "credit too low",
    (f, send) => {
      f.state.credit = 0;
      return send("PUT", `${S}/upgrade`, { product: "nvme-16gb", upgrade_disk: true });
    },
    200,
  ],
  ["upgradeServer", "no product", (_f, send) => send("PUT", `${S}/upgrade`, { upgrade_disk: "yes" }), 422],
  ["upgradeServer", "not an upgrade", (_f, send) => send("PUT", `${S}/upgrade`, { product: "storage-1tb" }), 422],
  [
    "upgradeServer",
    "a suspended server",
    (_f, send) => send("PUT", "/api/v1/servers/112230/upgrade", { product: "nvme-4gb" }),
    403,
  ],
  [
    "upgradeServer",
    "an unknown server",
    (_f, send) => send("PUT", "/api/v1/servers/1/upgrade", { product: "nvme-4gb" }),
    404,
  ],
  ["cancelServer", "at the end of the cycle", (_f, send) => send("PUT", `${S}/cancel`, { reason: "moving" }), 200],
  ["cancelServer", "at once", (_f, send) => send("PUT", `${S}/cancel`, { reason: "moving", immediate: true }), 200],
  ["cancelServer", "no reason", (_f, send) => send("PUT", `${S}/cancel`, { immediate: "now" }), 422],
  ["cancelServer", "an unknown server", (_f, send) => send("PUT", "/api/v1/servers/1/cancel", { reason: "x" }), 404],
  ["listKeys", "every key", (_f, send) => send("GET", "/api/v1/keys"), 200],
  ["createKey", "a key", (_f, send) => send("POST", "/api/v1/keys", BODIES.createKey), 200],
  ["createKey", "no fields", (_f, send) => send("POST", "/api/v1/keys", {}), 422],
  [
    "createKey",
    "a wrong type and value",
    (_f, send) => send("POST", "/api/v1/keys", { description: "k", type: "gpg", value: "hello" }),
    422,
  ],
  ["getKey", "a key", (_f, send) => send("GET", "/api/v1/keys/119"), 200],
  ["getKey", "an unknown key", (_f, send) => send("GET", "/api/v1/keys/7"), 404],
  ["deleteKey", "an unused key", (_f, send) => send("DELETE", "/api/v1/keys/119"), 200],
  ["deleteKey", "a key in use", (_f, send) => send("DELETE", "/api/v1/keys/118"), 422],
  ["deleteKey", "an unknown key", (_f, send) => send("DELETE", "/api/v1/keys/7"), 404],
  // Auth and injected faults, for every operation.
  ...ALL.flatMap(([op, method, path]): Scenario[] => [
    [op, "no token", (_f, send) => send(method, path as string, BODIES[op], { authorization: "" }), 401],
    [
      op,
      "a wrong token",
      (_f, send) => send(method, path as string, BODIES[op], { authorization: "Bearer nope" }),
      401,
    ],
    [
      op,
      "an account without API access",
      (f, send) => {
        f.state.apiAccess = false;
        return send(method, path as string, BODIES[op]);
      },
      403,
    ],
    ...[429, 500, 502, 503].map(
      (status): Scenario => [
        op,
        `an injected ${status}`,
        (f, send) => {
          f.inject({ status, ...(status === 429 ? { headers: { "retry-after": "1" } } : {}) });
          return send(method, path as string, BODIES[op]);
        },
        status,
      ],
    ),
  ]),
];

describe("the spec", () => {
  it("has every example valid against its schema", () => {
    const results = validateSpecExamples(spec);
    expect(results.length).toBeGreaterThanOrEqual(20);
    expect(results.filter((r) => r.problems.length > 0)).toEqual([]);
  });

  it("names every endpoint of the seed", () => {
    expect(listOperations(spec).map((o) => `${o.method} ${o.path} ${o.id}`)).toEqual(
      ALL.map(
        ([op, method, path]) =>
          `${method} ${(path as string).replace(/112233/, "{server}").replace(/119/, "{key}")} ${op}`,
      ),
    );
  });
});

describe("every response the fake gives matches the spec", () => {
  it.each(scenarios)("%s: %s", async (operation, _name, run, status) => {
    const fake = createHostHatchFake({ servers: _name !== "no servers" });
    const response = await run(fake, sender(fake));
    expect(response.status).toBe(status);
    const body = await response.json();
    // 502 and 503 are not declared: the client maps any 5xx the same way, so check their body as the 500.
    expect(contract.check(operation, Math.min(status, 500), body)).toEqual([]);
  });

  it("rejects a body of the wrong payment variant (the check can fail)", () => {
    const paid = { invoice_id: 1, invoice_url: "https://cloud.hosthatch.com/invoices/1", server_id: 2 };
    const body = { result: "success", data: { ...paid, server_url: "https://cloud.hosthatch.com/servers/2" } };
    expect(
      contract.check("deployServer", 201, { ...body, data: { ...body.data, requires_payment: true } }),
    ).not.toEqual([]);
    expect(
      contract.check("deployServer", 200, { ...body, data: { ...body.data, requires_payment: true } }),
    ).not.toEqual([]);
    expect(contract.check("deployServer", 201, { ...body, data: { ...body.data, requires_payment: false } })).toEqual(
      [],
    );
  });

  it("covers every declared status of every operation", () => {
    const declared = listOperations(spec).flatMap((o) =>
      Object.keys(o.operation.responses).map((status) => `${o.id} ${status}`),
    );
    const covered = new Set(scenarios.map(([op, , , status]) => `${op} ${status}`));
    expect(declared.filter((d) => !covered.has(d))).toEqual([]);
  });

  it("answers unknown routes and wrong methods with HostHatch's error body", async () => {
    const fake = createHostHatchFake();
    const send = sender(fake);
    const unknown = await send("GET", "/api/v1/invoices");
    const wrongMethod = await send("GET", "/api/v1/deploy");
    expect([unknown.status, wrongMethod.status]).toEqual([404, 405]);
    expect(contract.check("getServer", 404, await unknown.json())).toEqual([]);
    const body = await wrongMethod.json();
    expect(body).toMatchObject({ result: "error", message: expect.stringContaining("Supported methods: POST") });
  });

  it("answers a request without Accept: application/json with an HTML page, as a Laravel app would", async () => {
    const fake = createHostHatchFake();
    const response = await sender(fake)("GET", "/api/v1/servers", undefined, { accept: "text/html" });
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("<!DOCTYPE html>");
    expect(fake.counters.htmlAnswers).toBe(1);
  });
});
