import { describe, expect, it } from "vitest";
import {
  createHatchClient,
  isAuthenticationError,
  isConnectionError,
  isInternalServerError,
  isRateLimitError,
  isUnprocessableEntityError,
  rawClient,
} from "../src/index.js";
import { createHatchFake, recordRequests, toFetch } from "../src/testing/index.js";
import { setup } from "./helpers.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("upsertContact (POST) and upsertContactPut (PUT)", () => {
  it.each(["upsertContact", "upsertContactPut"] as const)(
    "%s creates a contact with every field and returns its id",
    async (method) => {
      const { fake, client, wire } = await setup();
      const before = fake.state.contacts.size;
      const result = await client[method]({
        source: fake.source,
        firstName: "Ada",
        lastName: "Lovelace",
        email: "ada@example.org",
        phoneNumber: "3145550199",
        status: "new",
        externalID: "lead-42",
        externalContactID: "crm-42",
        externalCreatedAt: "2026-03-01T09:30:00Z",
        externalUpdatedAt: "2026-03-02T10:00:00Z",
        details: { service: "Roof inspection", budget: 12000, tags: ["storm"] },
      });
      expect(result.id).toMatch(UUID);
      expect(fake.state.contacts.size).toBe(before + 1);
      expect(fake.state.contacts.get(result.id)).toMatchObject({
        source: fake.source,
        firstName: "Ada",
        lastName: "Lovelace",
        email: "ada@example.org",
        phoneNumber: "3145550199",
        status: "new",
        externalContactID: "crm-42",
        externalCreatedAt: "2026-03-01T09:30:00Z",
        externalUpdatedAt: "2026-03-02T10:00:00Z",
        details: { service: "Roof inspection", budget: 12000, tags: ["storm"] },
        opportunities: [{ externalID: "lead-42", status: "new" }],
      });
      expect(wire.problems).toEqual([]);
    },
  );

  it("matches by phone number first: the contact with that phone is updated even when the email is another's", async () => {
    const { fake, client } = await setup();
    const [a, b] = [...fake.state.contacts.values()];
    const { id } = await client.upsertContact({
      source: fake.source,
      phoneNumber: a?.phoneNumber,
      email: b?.email,
      status: "sold",
    });
    expect(id).toBe(a?.id);
    expect(fake.state.contacts.get(a!.id)).toMatchObject({ status: "sold", email: b?.email });
    expect(fake.counters).toMatchObject({ created: 0, updated: 1 });
  });

  it("matches by email (case-insensitive) when the phone number is new or missing", async () => {
    const { fake, client } = await setup();
    const [a] = [...fake.state.contacts.values()];
    const viaEmail = await client.upsertContact({ source: fake.source, email: a!.email!.toUpperCase() });
    const newPhone = await client.upsertContact({ source: fake.source, email: a!.email, phoneNumber: "9195550150" });
    expect([viaEmail.id, newPhone.id]).toEqual([a!.id, a!.id]);
    expect(fake.state.contacts.get(a!.id)?.phoneNumber).toBe("9195550150");
    expect(fake.counters).toMatchObject({ created: 0, updated: 2 });
  });

  it("creates a new contact each time when neither phone nor email is sent", async () => {
    const { fake, client } = await setup();
    const one = await client.upsertContact({ source: fake.source, firstName: "No", lastName: "Keys" });
    const two = await client.upsertContact({ source: fake.source, firstName: "No", lastName: "Keys" });
    expect(one.id).not.toBe(two.id);
    expect(fake.counters.created).toBe(2);
  });

  it("updates the opportunity with the same externalID, and adds one for a new externalID", async () => {
    const { fake, client } = await setup({ fake: { contacts: 0 } });
    const body = { source: fake.source, phoneNumber: "3145550101", externalID: "lead-1", status: "new" };
    const { id } = await client.upsertContact(body);
    await client.upsertContactPut({ ...body, status: "quoted" });
    await client.upsertContact({ ...body, externalID: "lead-2", status: "new" });
    expect(fake.state.contacts.get(id)?.opportunities.map((o) => [o.externalID, o.status])).toEqual([
      ["lead-1", "quoted"],
      ["lead-2", "new"],
    ]);
    expect(fake.counters).toMatchObject({ created: 1, updated: 2, opportunitiesCreated: 2, opportunitiesUpdated: 1 });
  });

  it("keeps attributes left out, clears attributes sent as null, and merges details", async () => {
    const { fake, client } = await setup({ fake: { contacts: 0 } });
    const { id } = await client.upsertContact({
      source: fake.source,
      phoneNumber: "3145550102",
      firstName: "Jo",
      status: "new",
      details: { a: 1 },
    });
    await client.upsertContact({ source: fake.source, phoneNumber: "3145550102", status: null, details: { b: 2 } });
    expect(fake.state.contacts.get(id)).toMatchObject({ firstName: "Jo", status: null, details: { a: 1, b: 2 } });
  });

  it("returns the payload with the raw response through withResponse()", async () => {
    const { fake, client } = await setup();
    const { data, response, attempts } = await client.upsertContact({ source: fake.source }).withResponse();
    expect(data.id).toMatch(UUID);
    expect([response.status, attempts]).toEqual([200, 1]);
  });
});

describe("errors", () => {
  it("turns JSON:API 422s into validation messages naming the offending field", async () => {
    const { fake, client, wire } = await setup();
    const error = await client
      .upsertContact({ source: fake.source, email: "not-an-email", externalCreatedAt: "last tuesday" })
      .catch((e: unknown) => e);
    expect(isUnprocessableEntityError(error)).toBe(true);
    if (!isUnprocessableEntityError(error)) return;
    expect(error.status).toBe(422);
    expect(error.validationMessages).toEqual([
      "email: Invalid format. Expected :email",
      "externalCreatedAt: Invalid format. Expected :datetime (ISO 8601)",
    ]);
    expect(error.message).toContain("email: Invalid format. Expected :email");
    expect(error.outcomeUnknown).toBe(false);
    expect(wire.problems).toEqual([]);
  });

  it("requires a known source: unknown, deleted, blank or (for untyped callers) missing", async () => {
    const { fake, client } = await setup();
    const messages = async (body: unknown) => {
      const error = await client.upsertContact(body as never).catch((e: unknown) => e);
      return isUnprocessableEntityError(error) ? error.validationMessages : [`not a 422: ${String(error)}`];
    };
    expect(await messages({ source: "custom:unknown" })).toEqual([
      'source: "custom:unknown" is not a custom source of this account',
    ]);
    fake.state.sources.delete("custom:csv-import");
    expect(await messages({ source: "custom:csv-import" })).toEqual([
      'source: "custom:csv-import" is not a custom source of this account',
    ]);
    expect(await messages({ source: " " })).toEqual(["source: can't be blank"]);
    expect(await messages({ firstName: "Ada" })).toEqual(["source: is required"]);
    expect(await messages({ source: null })).toEqual(["source: null value where string expected"]);
    expect(fake.counters).toMatchObject({ invalid: 5, created: 0 });
  });

  it("throws AuthenticationError for a wrong or deleted key, without leaking the key", async () => {
    const { fake, url } = await setup();
    const wrong = createHatchClient({ apiKey: "wrong-secret-key", baseUrl: url });
    const error = await wrong.upsertContact({ source: fake.source }).catch((e: unknown) => e);
    expect(isAuthenticationError(error)).toBe(true);
    expect(JSON.stringify(error)).not.toContain("wrong-secret-key");
    expect(String(error)).not.toContain("wrong-secret-key");

    fake.state.apiKeys.delete(fake.apiKey);
    const deleted = createHatchClient({ apiKey: fake.apiKey, baseUrl: url });
    await expect(deleted.upsertContact({ source: fake.source })).rejects.toSatisfy(isAuthenticationError);
    expect(fake.counters).toMatchObject({ unauthorized: 2, created: 0 });
  });

  it("retries a 429 (even without phone or email: nothing was done) and honours Retry-After", async () => {
    const { fake, client } = await setup();
    fake.inject({ status: 429, headers: { "retry-after": "0" }, times: 2 });
    const { id } = await client.upsertContact({ source: fake.source, firstName: "Keyless" }).then((d) => d);
    expect(id).toMatch(UUID);
    expect(fake.handler.applied).toEqual({ "status-429": 2 });
    expect(fake.counters.created).toBe(1);
  });

  it("gives up on 429s with a RateLimitError carrying the wait the server asked for", async () => {
    const { fake, client } = await setup({ client: { retry: { maxRetries: 1, maxRetryAfterMs: 1000 } } });
    fake.inject({ status: 429, headers: { "retry-after": "30" } });
    const error = await client.upsertContact({ source: fake.source }).catch((e: unknown) => e);
    expect(isRateLimitError(error)).toBe(true);
    if (isRateLimitError(error)) expect(error.retryAfterMs).toBe(30_000);
    expect(fake.counters.created).toBe(0);
  });

  it("answers a client without a rate limit with the fake's own 429s", async () => {
    // A long window, so that every request certainly lands in it however slow the machine.
    const { fake, client } = await setup({
      fake: { rateLimit: { requests: 5, windowMs: 60_000 } },
      client: { rateLimit: false, retry: false },
    });
    const results = await Promise.allSettled(
      Array.from({ length: 7 }, (_, i) => client.upsertContact({ source: fake.source, firstName: `R${i}` })),
    );
    const limited = results.filter((r) => r.status === "rejected" && isRateLimitError(r.reason));
    expect(limited).toHaveLength(2);
    const first = limited[0] as PromiseRejectedResult;
    expect(first.reason.retryAfterMs).toBe(60_000);
    expect(first.reason.validationMessages).toEqual(["Rate limit of 5 requests per 60 seconds exceeded"]);
    expect(fake.counters).toMatchObject({ rateLimited: 2, created: 5 });
  });

  it("retries a 5xx when the body has a phone number or email: no duplicate", async () => {
    const { fake, client } = await setup({ fake: { contacts: 0 } });
    fake.inject({ status: 500, afterEffect: true });
    fake.inject({ status: 503 });
    const { id } = await client.upsertContact({ source: fake.source, phoneNumber: "3145550103" });
    expect(fake.handler.applied).toEqual({ "after-effect-status-500": 1, "status-503": 1 });
    expect(fake.counters).toMatchObject({ created: 1, updated: 1 });
    expect(fake.findContact({ phoneNumber: "3145550103" })?.id).toBe(id);
  });

  it("does not retry a 5xx without phone or email, and says the outcome is unknown", async () => {
    const { fake, client } = await setup();
    fake.inject({ status: 500, afterEffect: true });
    const error = await client.upsertContact({ source: fake.source, firstName: "Keyless" }).catch((e: unknown) => e);
    expect(isInternalServerError(error)).toBe(true);
    if (isInternalServerError(error)) {
      expect(error.outcomeUnknown).toBe(true);
      expect(error.attempts).toBe(1);
    }
    expect(fake.counters.created).toBe(1); // the server did act: a retry would have made a second contact
  });

  it.each(["upsertContact", "upsertContactPut"] as const)(
    "%s: a dropped connection is retried with an email, not without (PUT included)",
    async (method) => {
      const { fake, client } = await setup();
      fake.inject({ drop: true, afterEffect: true });
      await client[method]({ source: fake.source, email: "drop@example.org" });
      expect(fake.counters).toMatchObject({ created: 1, updated: 1 });

      fake.inject({ drop: true, afterEffect: true });
      const error = await client[method]({ source: fake.source, lastName: "Keyless" }).catch((e: unknown) => e);
      expect(isConnectionError(error)).toBe(true);
      if (isConnectionError(error)) expect(error.outcomeUnknown).toBe(true);
      expect(fake.counters.created).toBe(2);
    },
  );

  it("lets a caller who knows better mark one call idempotent", async () => {
    const { fake, client } = await setup();
    fake.inject({ status: 502 });
    await client.upsertContact({ source: fake.source, externalContactID: "crm-9" }, { idempotent: true });
    expect(fake.counters.created).toBe(1);
  });

  it("times out a hung request", async () => {
    const { fake, client } = await setup({ client: { timeoutMs: 50, retry: false } });
    fake.inject({ delayMs: 5_000 });
    const error = await client
      .upsertContact({ source: fake.source, email: "slow@example.org" })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("TimeoutError");
  });
});

describe("the raw client", () => {
  it("is typed, on the same transport, and follows the same idempotency rule", async () => {
    const { fake, url } = await setup();
    const recorder = recordRequests(fake.handler);
    const client = createHatchClient({ apiKey: fake.apiKey, baseUrl: url, fetch: recorder, retry: { baseDelayMs: 1 } });
    const { data, error } = await rawClient(client).POST("/v1/contacts", {
      body: { source: fake.source, email: "raw@example.org" },
    });
    expect(error).toBeUndefined();
    expect(data?.data.id).toMatch(UUID);
    expect(recorder.requests[0]?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);

    fake.inject({ status: 500, afterEffect: true });
    const keyless = await rawClient(client).PUT("/v1/contacts", { body: { source: fake.source, firstName: "Raw" } });
    expect(keyless.response.status).toBe(500);
    expect(keyless.error).toMatchObject({ errors: [{ title: "Internal Server Error" }] });
    expect(recorder.requests).toHaveLength(2); // not re-sent: the PUT had neither phone nor email
  });
});

describe("the fake in memory", () => {
  it("works as the client's fetch, without a socket", async () => {
    const fake = createHatchFake({ contacts: 0 });
    const client = createHatchClient({
      apiKey: fake.apiKey,
      baseUrl: "http://127.0.0.1",
      fetch: toFetch(fake.handler),
    });
    const { id } = await client.upsertContact({ source: fake.source, email: "memory@example.org" });
    expect(fake.findContact({ email: "memory@example.org" })?.id).toBe(id);
  });
});
