import { describe, expect, it } from "vitest";
import {
  dailyQuota,
  isApiError,
  isAuthenticationError,
  isConnectionError,
  isInternalServerError,
  isNotFoundError,
  isQuotaExceededError,
  isRateLimitError,
} from "../src/index.js";
import { rejection, setup } from "./helpers.js";

const DETAILS = { vocabulary_id: "EXV0001" } as const;
const TEXT = { content: "A synthetic text for the fake analyzer, long enough to pass." } as const;

describe("errors in the body (HTTP 200)", () => {
  it("become ApiError with the provider's code, message and validation lines", async () => {
    const { client } = await setup();
    const error = await rejection(client.getSightings({ year: 2020, city: "Sampleton" }));
    expect(isApiError(error)).toBe(true);
    expect(error).toMatchObject({
      status: 200,
      code: "2002",
      validationMessages: ["2002: city requires country"],
    });
    expect(String((error as Error).message)).toContain("city requires country");
  });

  it("an unknown id is an error with its code, not an empty result", async () => {
    const { client } = await setup();
    expect(await rejection(client.getVocabularyDetails({ vocabulary_id: "EXV9999" }))).toMatchObject({
      code: "2002",
    });
  });

  it("the daily limit reported by Hatebase (code 3001) is an error, not retried", async () => {
    const { client, fake } = await setup({ fake: { dailyLimit: 2 } });
    await client.getVocabularyDetails(DETAILS); // authenticate + one query
    const error = await rejection(client.getVocabularyDetails(DETAILS));
    expect(error).toMatchObject({ code: "3001", attempts: 1 });
    expect(fake.counters.errors["3001"]).toBe(1);
  });
});

describe("HTTP errors", () => {
  it("401 makes the client authenticate once more and retry", async () => {
    const { client, fake } = await setup();
    await client.getVocabularyDetails(DETAILS);
    fake.inject({ status: 401, match: { path: "/4-4/get_vocabulary_details" } });
    expect((await client.getVocabularyDetails(DETAILS)).vocabulary_id).toBe("EXV0001");
    expect(fake.counters.authentications).toBe(2);
  });

  it("a 401 that persists is an AuthenticationError", async () => {
    const { client, fake } = await setup();
    fake.inject({ status: 401, times: 5, match: { path: "/4-4/get_vocabulary_details" } });
    const error = await rejection(client.getVocabularyDetails(DETAILS));
    expect(isAuthenticationError(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, code: "401" });
    expect(fake.counters.authentications).toBe(2);
  });

  it("a 403 renews the token once (a mirror may refuse a dead token so); a second 403 is a PermissionDeniedError", async () => {
    const { client, fake, calls } = await setup();
    fake.inject({ status: 403, times: 2, match: { path: "/4-4/get_vocabulary_details" } });
    const error = await rejection(client.getVocabularyDetails(DETAILS));
    expect(error).toMatchObject({ name: "PermissionDeniedError", status: 403, attempts: 1 });
    expect(calls("get_vocabulary_details")).toBe(0);
    expect(fake.counters.authentications).toBe(2);
  });

  it("404 (an endpoint the version does not have) is a NotFoundError", async () => {
    const { client } = await setup({ client: { version: "3-0" } });
    const error = await rejection(client.getVocabularyDetails(DETAILS));
    expect(isNotFoundError(error)).toBe(true);
    expect(error).toMatchObject({ code: "1000" });
  });

  it("429 with Retry-After is retried, for reads and for analyze alike (the server did not act)", async () => {
    const { client, fake } = await setup();
    fake.inject({ status: 429, headers: { "retry-after": "0" }, match: { path: "/4-4/get_vocabulary_details" } });
    const read = await client.getVocabularyDetails(DETAILS).withResponse();
    expect(read.attempts).toBe(2);
    fake.inject({ status: 429, headers: { "retry-after": "0" }, match: { path: "/4-4/analyze" } });
    const queued = await client.analyze(TEXT).withResponse();
    expect(queued.attempts).toBe(2);
    expect(fake.counters.analysesQueued).toBe(1);
  });

  it("a 429 asking for longer than the cap fails fast with a RateLimitError carrying the wait", async () => {
    const { client, fake } = await setup({ client: { retry: { maxRetryAfterMs: 1000, baseDelayMs: 5 } } });
    fake.inject({ status: 429, headers: { "retry-after": "3600" }, match: { path: "/4-4/get_vocabulary" } });
    const error = await rejection(client.getVocabulary());
    expect(isRateLimitError(error)).toBe(true);
    expect(error).toMatchObject({ retryAfterMs: 3_600_000 });
  });

  it("5xx is retried for reads (idempotent POSTs) until they succeed", async () => {
    const { client, fake } = await setup();
    fake.inject({ status: 503, times: 2, match: { path: "/4-4/get_vocabulary" } });
    const page = await client.getVocabulary().firstPage();
    expect(page.items.length).toBeGreaterThan(0);
  });

  it("5xx that persists is an InternalServerError after the retries", async () => {
    const { client, fake } = await setup();
    fake.inject({ status: 500, times: 10, match: { path: "/4-4/get_sightings" } });
    const error = await rejection(client.getSightings({ year: 2020 }));
    expect(isInternalServerError(error)).toBe(true);
    expect(error).toMatchObject({ attempts: 3, outcomeUnknown: false });
  });

  it("analyze is never re-sent after an ambiguous failure: one analysis queued, outcomeUnknown", async () => {
    const { client, fake } = await setup();
    await client.authenticate();
    fake.inject({ status: 502, afterEffect: true, match: { path: "/4-4/analyze" } });
    const error = await rejection(client.analyze(TEXT));
    expect(error).toMatchObject({ status: 502, attempts: 1, outcomeUnknown: true });
    expect(fake.counters.analysesQueued).toBe(1);
  });

  it("a dropped connection after analyze acted is a ConnectionError, not retried", async () => {
    const { client, fake } = await setup();
    await client.authenticate();
    fake.inject({ drop: true, afterEffect: true, match: { path: "/4-4/analyze" } });
    const error = await rejection(client.analyze(TEXT));
    expect(isConnectionError(error)).toBe(true);
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect(fake.counters.analysesQueued).toBe(1);
  });

  it("a dropped connection on a read is retried", async () => {
    const { client, fake } = await setup();
    fake.inject({ drop: true, match: { path: "/4-4/get_vocabulary_details" } });
    expect((await client.getVocabularyDetails(DETAILS).withResponse()).attempts).toBe(2);
  });
});

describe("the daily quota guard (client side)", () => {
  it("refuses to send past quota.dailyLimit, before the request", async () => {
    const { client, fake } = await setup({ client: { quota: dailyQuota({ dailyLimit: 3 }) } });
    await client.getVocabularyDetails(DETAILS); // authenticate + 1
    await client.getVocabularyDetails(DETAILS); // 3
    const error = await rejection(client.getVocabularyDetails(DETAILS));
    expect(isQuotaExceededError(error)).toBe(true);
    expect(fake.counters.requests).toBe(3);
  });

  it("a shared quota store counts across clients", async () => {
    let count = 0;
    const store = { increment: () => ++count };
    const a = await setup({ client: { quota: dailyQuota({ dailyLimit: 2, store }) } });
    await a.client.getVocabularyDetails(DETAILS);
    const b = await setup({ client: { quota: dailyQuota({ dailyLimit: 2, store }) } });
    expect(isQuotaExceededError(await rejection(b.client.getVocabularyDetails(DETAILS)))).toBe(true);
  });
});
