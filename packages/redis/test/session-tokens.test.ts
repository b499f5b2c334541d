import { inspect } from "node:util";
import type { SessionToken } from "@hatchery/core";
import { createHatebaseClient } from "@hatchery/hatebase";
import { createHatebaseFake } from "@hatchery/hatebase/testing";
import { describe, expect, it } from "vitest";
import { isRedisUnavailableError, redisSessionTokens } from "../src/index.js";
import { CLIENTS, type Connected, eventually, NODE_REDIS_4, uniqueKey, useRedisServer } from "./helpers.js";

const redis = useRedisServer();

/** An authenticate call that counts, hands out tok-1, tok-2, … and can be held until `open()`. */
function authenticator(lifetimeMs = 3_600_000, clock = () => Date.now()) {
  let calls = 0;
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  return {
    get calls() {
      return calls;
    },
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    open: () => open(),
    authenticate: async (): Promise<SessionToken> => {
      calls += 1;
      const n = calls;
      await gate;
      return { token: `tok-${n}-secret`, expiresAt: clock() + lifetimeMs };
    },
  };
}

describe.each([...CLIENTS, NODE_REDIS_4])("redisSessionTokens with $name", (kind) => {
  const connect = async (): Promise<Connected> => {
    const connected = await kind.connect(redis.server.url);
    redis.connections.push(connected);
    return connected;
  };
  /** `n` sources sharing `key`, each on its own connection, as n processes would have. */
  const sources = async (n: number, key: string, auth: ReturnType<typeof authenticator>, options = {}) =>
    Promise.all(
      Array.from({ length: n }, async () =>
        redisSessionTokens((await connect()).client, { key, ...options })(auth.authenticate),
      ),
    );

  it("authenticates once for every source and concurrent caller; stores the token with its expiry", async () => {
    const key = uniqueKey("session");
    const auth = authenticator(600_000);
    auth.hold();
    const all = await sources(5, key, auth);
    const gets = all.flatMap((source) => Array.from({ length: 20 }, () => source.get()));
    await eventually(() => auth.calls === 1, "one process authenticates");
    auth.open();
    expect(new Set(await Promise.all(gets))).toEqual(new Set(["tok-1-secret"]));
    expect(auth.calls).toBe(1);
    const connected = await connect();
    const ttl = Number(await connected.raw("PTTL", key));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600_000);
    expect(await connected.raw("EXISTS", `${key}:lock`)).toBe(0);
  });

  it("looks again once it holds the lock: a token stored just before it took the lock is used, not fetched again", async () => {
    // The race: this process found no token, then another one stored its token and released the lock, and only
    // then did this one take the lock. The interleaving is forced by a wrapper around a real client that lets the
    // other process finish right before this one's SET NX reaches Redis.
    const connected = await connect();
    const other = await connect();
    const key = uniqueKey("session");
    let raced = false;
    const racing = {
      call: async (command: string, ...args: (string | number)[]) => {
        if (!raced && command === "SET" && args.includes("NX")) {
          raced = true;
          const record = {
            token: "tok-other-secret",
            expiresAt: Date.now() + 600_000,
            refreshAt: Date.now() + 500_000,
          };
          await other.raw("SET", key, JSON.stringify(record), "PX", "600000");
        }
        return connected.raw(command, ...args.map(String));
      },
    };
    const auth = authenticator();
    const source = redisSessionTokens(racing, { key })(auth.authenticate);
    expect(await source.get()).toBe("tok-other-secret");
    expect(raced).toBe(true);
    expect(auth.calls).toBe(0);
    expect(await connected.raw("EXISTS", `${key}:lock`)).toBe(0);
  });

  it("renews ahead of expiry once for the fleet, the others using the current token meanwhile", async () => {
    let now = 1_000_000;
    const clock = () => now;
    const key = uniqueKey("session");
    const auth = authenticator(600_000, clock);
    const [a, b] = await sources(2, key, auth, { refreshAheadMs: 60_000, now: clock });
    expect(await a!.get()).toBe("tok-1-secret");
    now += 550_000; // 50 s before expiry: due for renewal
    auth.hold();
    const renewing = a!.get();
    await eventually(() => auth.calls === 2, "a renews");
    expect(await b!.get()).toBe("tok-1-secret"); // still valid: b does not wait
    auth.open();
    expect(await renewing).toBe("tok-2-secret");
    expect(await b!.get()).toBe("tok-2-secret");
    expect(auth.calls).toBe(2);
  });

  it("invalidates a refused token fleet-wide, but never a newer one (compare-and-delete)", async () => {
    const key = uniqueKey("session");
    const auth = authenticator();
    const [a, b] = await sources(2, key, auth);
    const first = await a!.get();
    await b!.invalidate(first);
    expect(await a!.get()).toBe("tok-2-secret"); // a sees the deletion: authenticates again
    await b!.invalidate(first); // a stale refusal of the old token
    expect(await b!.get()).toBe("tok-2-secret");
    expect(auth.calls).toBe(2);
  });

  it("takes over when the process holding the lock died, after lockMs", async () => {
    const connected = await connect();
    const key = uniqueKey("session");
    await connected.raw("SET", `${key}:lock`, "a-dead-process", "PX", "300");
    const auth = authenticator();
    const [source] = await sources(1, key, auth, { lockMs: 300 });
    expect(await source!.get()).toBe("tok-1-secret");
    expect(auth.calls).toBe(1);
  });

  it("stops waiting after twice lockMs when holders keep the lock and never store a token: authenticates itself", async () => {
    const connected = await connect();
    const key = uniqueKey("session");
    // A misbehaving process that keeps taking the lock again and never stores a token.
    const hog = setInterval(() => {
      connected.raw("SET", `${key}:lock`, "a-stuck-process", "PX", "150").catch(() => {});
    }, 30);
    try {
      await connected.raw("SET", `${key}:lock`, "a-stuck-process", "PX", "150");
      const auth = authenticator();
      const [source] = await sources(1, key, auth, { lockMs: 150 });
      expect(await source!.get()).toBe("tok-1-secret");
      expect(auth.calls).toBe(1);
    } finally {
      clearInterval(hog);
    }
  });

  it("lets a failed authenticate reach the callers, releases the lock, and tries again on the next call", async () => {
    const key = uniqueKey("session");
    let fail = true;
    const [source] = await Promise.all([
      redisSessionTokens((await connect()).client, { key })(async () => {
        if (fail) throw new Error("wrong api key");
        return { token: "tok-ok-secret", expiresAt: Date.now() + 60_000 };
      }),
    ]);
    await expect(source!.get()).rejects.toThrow("wrong api key");
    fail = false;
    expect(await source!.get()).toBe("tok-ok-secret");
  });

  it("abandons only the aborted caller's wait", async () => {
    const key = uniqueKey("session");
    const auth = authenticator();
    auth.hold();
    const [source] = await sources(1, key, auth);
    const controller = new AbortController();
    const aborted = source!.get(controller.signal);
    const patient = source!.get();
    await eventually(() => auth.calls === 1, "authenticating");
    controller.abort(new Error("gone"));
    await expect(aborted).rejects.toThrow("gone");
    auth.open();
    expect(await patient).toBe("tok-1-secret");
  });

  it("falls back to authenticating in this process when Redis is unavailable, or fails when told to", async () => {
    const connected = await kind.connect(redis.server.url);
    await connected.close();
    const auth = authenticator();
    const source = redisSessionTokens(connected.client, { key: "k" })(auth.authenticate);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => source.get()));
    expect(new Set(tokens)).toEqual(new Set(["tok-1-secret"]));
    expect(auth.calls).toBe(1);
    const strict = redisSessionTokens(connected.client, { key: "k", fallback: false })(auth.authenticate);
    const error = await strict.get().catch((e: unknown) => e);
    expect(isRedisUnavailableError(error)).toBe(true);
    for (const text of [String(error), inspect(error), JSON.stringify(error)]) expect(text).not.toContain("secret");
  });
});

describe("redisSessionTokens with a Hatebase client", () => {
  it("clients sharing a key authenticate once; a token the provider refuses is replaced once for all", async () => {
    const fake = createHatebaseFake();
    const key = uniqueKey("session");
    const clients = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const connected = await CLIENTS[0]!.connect(redis.server.url);
        redis.connections.push(connected);
        return createHatebaseClient({
          apiKey: fake.apiKey,
          baseUrl: "http://127.0.0.1/{version}",
          fetch: fake.handler,
          sessionTokens: redisSessionTokens(connected.client, { key }),
        });
      }),
    );
    await Promise.all(
      clients.flatMap((client) => [1, 2, 3].map(() => client.getVocabularyDetails({ vocabulary_id: "EXV0001" }))),
    );
    expect(fake.counters.authentications).toBe(1);
    fake.expireTokens();
    await Promise.all(clients.map((client) => client.getVocabularyDetails({ vocabulary_id: "EXV0002" })));
    expect(fake.counters.authentications).toBe(2);
  });
});
