// HostHatch's deploy and upgrade cost money and are not idempotent: after an ambiguous failure (the server may
// have acted) the client must never send them again. These tests count, with the fake's side-effect counters,
// what the server did, whatever the fault.
import { describe, expect, it } from "vitest";
import {
  createHostHatchClient,
  type HatcheryError,
  isConnectionError,
  isInternalServerError,
  isTimeoutError,
  rawClient,
} from "../src/index.js";
import { createHostHatchFake, type Fault, recordRequests, serve, toFetch } from "../src/testing/index.js";
import { DEPLOY, rejection } from "./helpers.js";

type Outcome = { created: 0 | 1; check: (e: unknown) => boolean };
const ambiguous: [string, Fault, Outcome][] = [
  ["a 500 after the server acted", { status: 500, afterEffect: true }, { created: 1, check: isInternalServerError }],
  ["a 502 before it acted", { status: 502 }, { created: 0, check: isInternalServerError }],
  ["a 503 before it acted", { status: 503 }, { created: 0, check: isInternalServerError }],
  ["a connection reset after it acted", { drop: true, afterEffect: true }, { created: 1, check: isConnectionError }],
  ["a connection reset before it acted", { drop: true }, { created: 0, check: isConnectionError }],
  ["a timeout after it acted (the body never came)", { slowBodyMs: 60_000 }, { created: 1, check: isTimeoutError }],
];

async function served(fault: Fault) {
  const fake = createHostHatchFake();
  const arrived = recordRequests(fake.handler);
  const server = await serve(arrived);
  fake.inject({ ...fault, match: { path: /\/(deploy|upgrade)$/ } });
  // Generous retries: if the client were willing to re-send, it would. The per-attempt timeout is short only
  // where the fault is a body that never comes (a stalled body is cut off when the socket closes); elsewhere it
  // is long, so that a slow machine cannot turn a 500 into a timeout.
  const hosthatch = createHostHatchClient({
    apiKey: fake.token,
    baseUrl: server.url,
    timeoutMs: fault.slowBodyMs ? 1_000 : 30_000,
    retry: { maxRetries: 5, baseDelayMs: 1, maxDelayMs: 2 },
  });
  return { fake, arrived, server, hosthatch };
}

describe("one deployServer call never creates two servers", () => {
  it.each(ambiguous)(
    "%s: sent once, outcome unknown, and the error says how to check",
    async (_name, fault, outcome) => {
      const { fake, arrived, server, hosthatch } = await served(fault);
      try {
        const error = await rejection(hosthatch.deployServer({ ...DEPLOY }));
        expect(outcome.check(error)).toBe(true);
        const e = error as HatcheryError & { outcomeUnknown: boolean; attempts: number };
        expect([e.outcomeUnknown, e.attempts]).toEqual([true, 1]);
        expect(e.message).toContain("may have taken effect");
        expect(e.message).toContain("Call listServers to see whether the server was created");
        expect(arrived.requests.filter((r) => r.url.endsWith("/api/v1/deploy"))).toHaveLength(1);
        expect(fake.counters.serversCreated).toBe(outcome.created);
        expect(fake.counters.invoices).toBe(outcome.created);

        // What the message tells the caller to do: the server list shows whether it exists.
        const { items: servers } = await hosthatch.listServers();
        expect(servers.filter((s) => s.hostname === DEPLOY.hostname)).toHaveLength(outcome.created);
      } finally {
        await server.close();
      }
    },
  );

  it("is retried where the server certainly did not act: a 429", async () => {
    const { fake, arrived, server, hosthatch } = await served({ status: 429, headers: { "retry-after": "0" } });
    try {
      const result = await hosthatch.deployServer({ ...DEPLOY }).withResponse();
      expect([result.attempts, result.data.requires_payment]).toEqual([2, false]);
      expect(arrived.requests.filter((r) => r.url.endsWith("/api/v1/deploy"))).toHaveLength(2);
      expect(fake.counters.serversCreated).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("is retried where the server certainly did not act: a connection refused before anything was sent", async () => {
    const fake = createHostHatchFake();
    const inMemory = toFetch(fake.handler);
    let calls = 0;
    const refusingOnce = async (request: Request) => {
      calls += 1;
      if (calls === 1) {
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
        });
      }
      return inMemory(request);
    };
    const hosthatch = createHostHatchClient({
      apiKey: fake.token,
      baseUrl: "http://127.0.0.1",
      fetch: refusingOnce,
      retry: { baseDelayMs: 1 },
    });
    await hosthatch.deployServer({ ...DEPLOY });
    expect([calls, fake.counters.serversCreated]).toEqual([2, 1]);
  });

  it("is not re-sent by the raw client either", async () => {
    const { fake, arrived, server, hosthatch } = await served({ status: 500, afterEffect: true });
    try {
      const { response } = await rawClient(hosthatch).POST("/api/v1/deploy", { body: DEPLOY });
      expect(response.status).toBe(500);
      expect(arrived.requests).toHaveLength(1);
      expect(fake.counters.serversCreated).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe("one upgradeServer call never creates two invoices", () => {
  it.each(ambiguous)(
    "%s: sent once, outcome unknown, and the error says how to check",
    async (_name, fault, outcome) => {
      const { fake, arrived, server, hosthatch } = await served(fault);
      try {
        const error = await rejection(hosthatch.upgradeServer({ server: 112233, product: "nvme-4gb" }));
        expect(outcome.check(error)).toBe(true);
        expect((error as { outcomeUnknown: boolean }).outcomeUnknown).toBe(true);
        expect((error as Error).message).toContain("Call getServer to see whether the product changed");
        expect(arrived.requests).toHaveLength(1);
        expect([fake.counters.upgrades, fake.counters.invoices]).toEqual([outcome.created, outcome.created]);
      } finally {
        await server.close();
      }
    },
  );
});

describe("reads and safe writes are retried after the same faults", () => {
  it.each([
    ["bootServer", "POST", { drop: true, afterEffect: true }],
    ["cancelServer", "PUT", { status: 500, afterEffect: true }],
    ["getServerStatus", "GET", { slowBodyMs: 60_000 }],
  ] as const)("%s", async (operation, method, fault) => {
    const fake = createHostHatchFake();
    const server = await serve(fake.handler);
    fake.inject({ ...fault, match: { method } });
    const hosthatch = createHostHatchClient({
      apiKey: fake.token,
      baseUrl: server.url,
      timeoutMs: "slowBodyMs" in fault ? 1_000 : 30_000,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    try {
      const path = { server: 112233 };
      const { attempts } =
        operation === "cancelServer"
          ? await hosthatch.cancelServer({ ...path, reason: "r" }).withResponse()
          : await hosthatch[operation](path).withResponse();
      expect(attempts).toBe(2);
    } finally {
      await server.close();
    }
  });

  it("rebootServer is not re-sent after an ambiguous failure (a reboot is an action, not a state)", async () => {
    const fake = createHostHatchFake();
    const server = await serve(fake.handler);
    fake.inject({ status: 500, afterEffect: true });
    const hosthatch = createHostHatchClient({ apiKey: fake.token, baseUrl: server.url, retry: { baseDelayMs: 1 } });
    try {
      const error = await rejection(hosthatch.rebootServer({ server: 112233 }));
      expect((error as Error).message).toContain("Call getServerStatus");
      expect(fake.counters.reboots).toBe(1);
    } finally {
      await server.close();
    }
  });
});
