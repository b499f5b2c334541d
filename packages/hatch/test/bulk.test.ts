import { describe, expect, it } from "vitest";
import {
  type Contact,
  isAbortError,
  isConnectionError,
  isHatcheryError,
  isInternalServerError,
  isUnprocessableEntityError,
  streamUpsertContacts,
  type UpsertContactResult,
  upsertContacts,
} from "../src/index.js";
import { DropConnection, type FetchHandler, hatchErrorBody } from "../src/testing/index.js";
import { onManualClock, SMALL_LIMIT, setup } from "./helpers.js";

const SOURCE = "custom:csv-import";

/** Rows as a CSV import would give them: keyed by phone, by email, by neither, and some invalid. */
function rows(count: number, invalidEvery = 0): Contact[] {
  return Array.from({ length: count }, (_, i) => {
    const base = { source: SOURCE, firstName: `Row`, lastName: String(i), externalID: `import-${i}` };
    if (invalidEvery && i % invalidEvery === invalidEvery - 1) return { ...base, email: `row-${i}-at-nowhere` };
    if (i % 3 === 0) return { ...base, phoneNumber: `41555501${String(i).padStart(2, "0")}` };
    if (i % 3 === 1) return { ...base, email: `row${i}@example.org` };
    return base;
  });
}

/** An async source that counts how many rows were pulled and whether it was closed. */
function counted<T>(items: Iterable<T> | (() => Iterable<T>)) {
  const stats = { pulled: 0, closed: false };
  async function* generate() {
    try {
      for (const item of typeof items === "function" ? items() : items) {
        stats.pulled += 1;
        yield item;
      }
    } finally {
      stats.closed = true;
    }
  }
  return { source: generate(), stats };
}

function* endless(): Generator<Contact> {
  for (let i = 0; ; i++) yield { source: SOURCE, email: `endless${i}@example.org` };
}

function expectEveryRowOnce(results: UpsertContactResult[], count: number) {
  expect(results.map((r) => r.index)).toEqual(Array.from({ length: count }, (_, i) => i));
}

describe("upsertContacts", () => {
  it("returns one result per row in input order, ids for the good rows and typed errors for the bad", async () => {
    const input = rows(30, 7);
    // On a clock that moves only when nothing is in flight, so the window's peak is exactly the limit.
    const { fake, wire, results } = await onManualClock(
      () => setup({ fake: { contacts: 0 } }),
      async (context) => ({ ...context, results: await upsertContacts(context.client, input, { concurrency: 4 }) }),
    );
    expectEveryRowOnce(results, 30);
    for (const result of results) {
      expect(result.contact).toBe(input[result.index]);
      if (result.ok) expect(fake.state.contacts.has(result.id)).toBe(true);
      else {
        expect(result.index % 7).toBe(6);
        expect(isUnprocessableEntityError(result.error)).toBe(true);
        if (isUnprocessableEntityError(result.error)) {
          expect(result.error.validationMessages).toEqual(["email: Invalid format. Expected :email"]);
        }
      }
    }
    expect(results.filter((r) => !r.ok)).toHaveLength(4);
    expect(fake.counters).toMatchObject({ created: 26, invalid: 4, rateLimited: 0, peakWindow: SMALL_LIMIT.requests });
    expect(wire.problems).toEqual([]);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    const slow =
      (handler: FetchHandler): FetchHandler =>
      async (request) => {
        await new Promise((resolve) => setTimeout(resolve, 15));
        return handler(request);
      };
    const { fake, client, wire } = await setup({
      fake: { rateLimit: false },
      client: { rateLimit: false },
      wrap: slow,
    });
    const results = await upsertContacts(client, rows(24), { concurrency: 3 });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(wire.maxInFlight).toBe(3);
    expect(fake.counters.created).toBe(24);
  });

  it("reads an async source lazily, never holding more than 4 × concurrency rows", async () => {
    const { client } = await setup({ fake: { contacts: 0, rateLimit: false }, client: { rateLimit: false } });
    const { source, stats } = counted(rows(40));
    let yielded = 0;
    let mostHeld = 0;
    for await (const result of streamUpsertContacts(client, source, { concurrency: 2 })) {
      expect(result.index).toBe(yielded);
      yielded += 1;
      mostHeld = Math.max(mostHeld, stats.pulled - yielded);
    }
    expect(yielded).toBe(40);
    expect(mostHeld).toBeLessThanOrEqual(8);
    expect(stats.closed).toBe(true);
  });

  it("yields in input order even when later rows finish first", async () => {
    // Row 0's request is held at the server until the five rows after it have been answered.
    let answered = 0;
    let releaseFirst: () => void = () => {};
    const othersDone = new Promise<void>((resolve) => (releaseFirst = resolve));
    const slowFirst =
      (handler: FetchHandler): FetchHandler =>
      async (request) => {
        const body = await request.clone().json();
        if (body.lastName === "0") await othersDone;
        const response = await handler(request);
        if (body.lastName !== "0" && ++answered === 5) releaseFirst();
        return response;
      };
    const { fake, client } = await setup({
      fake: { contacts: 0, rateLimit: false },
      client: { rateLimit: false },
      wrap: slowFirst,
    });
    const order: number[] = [];
    for await (const result of streamUpsertContacts(client, rows(6), { concurrency: 6 })) order.push(result.index);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    // Row 0 really did finish last on the server.
    expect([...fake.state.contacts.values()].at(-1)?.lastName).toBe("0");
  });

  it("reports every row through 422s, 429s, 5xx and dropped connections, retrying only what is safe", async () => {
    // What happens to each row's requests, in order, keyed by firstName (then the fake answers normally).
    const script: Record<string, ("drop-after-effect" | "500-after-effect" | "429" | "drop" | "503")[]> = {
      A: ["drop-after-effect"], // keyed: retried, matches the contact it created
      B: ["500-after-effect"], // no key: not retried, the outcome is unknown (it was created)
      D: ["429"], // no key, but a 429 means nothing was done: retried
      E: ["drop"], // no key: not retried (the outcome is unknown, here nothing was done)
      F: ["503", "503", "503"], // keyed: retried twice, then the 503 is reported
    };
    const scripted =
      (handler: FetchHandler): FetchHandler =>
      async (request) => {
        const body = await request
          .clone()
          .json()
          .catch(() => ({}));
        const step = script[body.firstName as string]?.shift();
        if (step === "drop") throw new DropConnection();
        if (step === "429")
          return Response.json(hatchErrorBody("Too Many Requests", "slow down"), {
            status: 429,
            headers: { "retry-after": "0" },
          });
        if (step === "503") return Response.json(hatchErrorBody("Service Unavailable", "try later"), { status: 503 });
        const response = await handler(request);
        if (step === "drop-after-effect") throw new DropConnection();
        if (step === "500-after-effect")
          return Response.json(hatchErrorBody("Internal Server Error", "oops"), { status: 500 });
        return response;
      };
    const { fake, client } = await setup({ fake: { contacts: 0 }, wrap: scripted });
    const input: Contact[] = [
      { source: SOURCE, firstName: "A", phoneNumber: "4155550001" },
      { source: SOURCE, firstName: "B" },
      { source: SOURCE, firstName: "C", email: "c-at-nowhere" },
      { source: SOURCE, firstName: "D" },
      { source: SOURCE, firstName: "E" },
      { source: SOURCE, firstName: "F", email: "f@example.org" },
      { source: "custom:deleted", firstName: "G", email: "g@example.org" },
      { source: SOURCE, firstName: "H", email: "h@example.org" },
    ];
    const results = await upsertContacts(client, input, { concurrency: 3 });
    expectEveryRowOnce(results, 8);
    const summary = results.map((r) =>
      r.ok
        ? "ok"
        : `${r.error.name}${"outcomeUnknown" in r.error && r.error.outcomeUnknown ? " (outcome unknown)" : ""}`,
    );
    expect(summary).toEqual([
      "ok",
      "InternalServerError (outcome unknown)",
      "UnprocessableEntityError",
      "ok",
      "ConnectionError (outcome unknown)",
      "InternalServerError",
      "UnprocessableEntityError",
      "ok",
    ]);
    expect(fake.findContact({ phoneNumber: "4155550001" })?.id).toBe((results[0] as { id: string }).id);
    // A (its retry matched the same contact), B (the server acted), D and H: one contact each.
    expect(fake.counters).toMatchObject({ created: 4, updated: 1, rateLimited: 0 });
    expect(Object.values(script).flat()).toEqual([]);
  });

  it("keeps going after failures in an async stream with faults injected at random", async () => {
    const { fake, client } = await setup({
      fake: { contacts: 0 },
      // Eight faults may all land on one row's attempts (the interleaving is up to the scheduler): enough retries
      // that a keyed row always gets through, so only the rules under test decide which rows may fail.
      client: { retry: { maxRetries: 8, baseDelayMs: 1, maxDelayMs: 2, budget: false } },
    });
    fake.inject({ status: 429, headers: { "retry-after": "0" }, times: 4 });
    fake.inject({ drop: true, afterEffect: true, times: 2 });
    fake.inject({ status: 502, times: 2 });
    const input = rows(24, 8);
    const results = await upsertContacts(client, counted(input).source, { concurrency: 5 });
    expectEveryRowOnce(results, 24);
    for (const r of results) {
      const row = input[r.index] as Contact;
      const keyed = Boolean(row.phoneNumber || row.email);
      if (r.ok) continue;
      // Only an invalid row, or a keyless row hit by an ambiguous fault, may fail.
      const invalid = isUnprocessableEntityError(r.error);
      const unknown = isHatcheryError(r.error) && "outcomeUnknown" in r.error && r.error.outcomeUnknown === true;
      expect(invalid || (!keyed && unknown)).toBe(true);
    }
    // No keyed row was duplicated by a retry.
    for (const r of results.filter((x) => x.ok)) {
      const row = input[r.index] as Contact;
      if (row.phoneNumber)
        expect([...fake.state.contacts.values()].filter((c) => c.phoneNumber === row.phoneNumber)).toHaveLength(1);
      if (row.email) expect([...fake.state.contacts.values()].filter((c) => c.email === row.email)).toHaveLength(1);
    }
    expect(fake.handler.applied).toEqual({ "status-429": 4, "drop-after-effect": 2, "status-502": 2 });
    expect(fake.counters.rateLimited).toBe(0);
  });

  it("stops on abort: every row read gets a result, then the results end and the source is closed", async () => {
    const { client } = await setup({ fake: { contacts: 0 } });
    const { source, stats } = counted(endless);
    const controller = new AbortController();
    const results: UpsertContactResult[] = [];
    for await (const result of streamUpsertContacts(client, source, { concurrency: 3, signal: controller.signal })) {
      results.push(result);
      if (results.length === 7) controller.abort();
    }
    expect(results.length).toBe(stats.pulled);
    expectEveryRowOnce(results, stats.pulled);
    expect(results.slice(0, 7).every((r) => r.ok)).toBe(true);
    for (const r of results.slice(7)) expect(r.ok || isAbortError(r.error)).toBe(true);
    expect(stats.closed).toBe(true);
  });

  it("does nothing with a signal that is already aborted", async () => {
    const { fake, client } = await setup();
    const { source, stats } = counted(rows(5));
    const results = await upsertContacts(client, source, { signal: AbortSignal.abort() });
    expect(results).toEqual([]);
    expect([stats.pulled, fake.counters.requests]).toEqual([0, 0]);
    expect(stats.closed).toBe(false); // never started, so nothing to close
  });

  it("closes the source and cancels the rows in flight when the consumer stops early", async () => {
    const { client } = await setup({ fake: { contacts: 0 } });
    const { source, stats } = counted(endless);
    let seen = 0;
    for await (const _ of streamUpsertContacts(client, source, { concurrency: 2 })) {
      seen += 1;
      if (seen === 3) break;
    }
    expect(stats.closed).toBe(true);
  });

  it("yields the results of the rows read before a failing source, then throws the source's error", async () => {
    const { client } = await setup({ fake: { contacts: 0 } });
    async function* broken() {
      yield* rows(3);
      throw new Error("CSV parse error on line 5");
    }
    const results: UpsertContactResult[] = [];
    await expect(
      (async () => {
        for await (const result of streamUpsertContacts(client, broken())) results.push(result);
      })(),
    ).rejects.toThrow("CSV parse error on line 5");
    expectEveryRowOnce(results, 3);
    expect(results.every((r) => r.ok)).toBe(true);
    await expect(upsertContacts(client, broken())).rejects.toThrow("CSV parse error on line 5");
  });

  it("fails a row that is not an object without sending it, and carries on", async () => {
    const { fake, client } = await setup({ fake: { contacts: 0 } });
    const input = [
      { source: SOURCE, email: "ok@example.org" },
      null,
      "a,b,c",
      { source: SOURCE },
    ] as unknown as Contact[];
    const results = await upsertContacts(client, input);
    expect(results.map((r) => (r.ok ? "ok" : r.error.name))).toEqual([
      "ok",
      "InvalidArgumentError",
      "InvalidArgumentError",
      "ok",
    ]);
    expect(fake.counters.requests).toBe(2);
  });

  it("wraps an unexpected error from the client in a HatcheryError", async () => {
    const broken = { upsertContact: () => Promise.reject(new TypeError("boom")) } as never;
    const [result] = await upsertContacts(broken, [{ source: SOURCE }]);
    expect(result?.ok).toBe(false);
    if (result && !result.ok) {
      expect(isHatcheryError(result.error)).toBe(true);
      expect(result.error.cause).toBeInstanceOf(TypeError);
    }
  });

  it("refuses a concurrency that is not a whole number >= 1", async () => {
    const { client } = await setup();
    for (const concurrency of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(upsertContacts(client, [], { concurrency })).rejects.toThrow(/concurrency/);
    }
  });

  it("passes call options to every row", async () => {
    const { fake, client } = await setup();
    fake.inject({ status: 503 });
    const [result] = await upsertContacts(client, [{ source: SOURCE, email: "x@example.org" }], {
      callOptions: { retry: false },
    });
    expect(result?.ok).toBe(false);
    if (result && !result.ok) expect(isInternalServerError(result.error)).toBe(true);
  });

  it("with the default limits on both sides, a bulk import of 100 rows trips no 429", async () => {
    const { fake, client } = await setup({
      fake: { contacts: 0, rateLimit: { requests: 100, windowMs: 10_000 } },
      client: { rateLimit: undefined },
    });
    const results = await upsertContacts(client, rows(100), { concurrency: 20 });
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    expect(fake.counters).toMatchObject({ created: 100, rateLimited: 0 });
  });

  it("treats a dropped connection on a keyless row as an unknown outcome, not a silent loss", async () => {
    const { fake, client } = await setup({ fake: { contacts: 0 } });
    fake.inject({ drop: true });
    const [result] = await upsertContacts(client, [{ source: SOURCE, firstName: "Keyless" }]);
    expect(result?.ok).toBe(false);
    if (result && !result.ok) {
      expect(isConnectionError(result.error)).toBe(true);
      expect((result.error as { outcomeUnknown?: boolean }).outcomeUnknown).toBe(true);
    }
    expect(fake.counters.created).toBe(0);
  });
});
