// The fake behind real msw (`setupServer` from msw/node, as the README shows), and behind a vitest mock passed as
// the client's `fetch` (no server, no msw).
import { http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { createHatebaseClient, isConnectionError } from "../src/index.js";
import { createHatebaseFake, mswResolver } from "../src/testing/index.js";

describe("with msw", () => {
  const baseUrl = "https://hatebase.msw.test"; // any URL: msw answers before anything leaves the process
  const fake = createHatebaseFake();
  const server = setupServer(http.all(`${baseUrl}/*`, mswResolver(fake.handler)));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => fake.handler.clear());
  afterAll(() => server.close());
  const hatebase = createHatebaseClient({
    apiKey: fake.apiKey,
    baseUrl: `${baseUrl}/{version}`,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });

  test("a call reaches the fake through msw's fetch", async () => {
    const vocabulary = await hatebase.getVocabulary({ language: "ENG" });
    expect(vocabulary.items.length).toBeGreaterThan(0);
    expect(fake.counters.authentications).toBe(1); // the session token, through the same fetch
  });

  test("injected faults work through msw: drops are connection errors, retried", async () => {
    fake.inject({ drop: true, times: 3 }); // the first attempt and both retries
    // A list call is a lazy page promise: awaiting it fetches the first page.
    const error = await Promise.resolve(hatebase.getVocabulary({ language: "ENG" })).catch((e: unknown) => e);
    expect(isConnectionError(error)).toBe(true);
  });
});

test("in a plain vitest test, the fake as the client's fetch (a vi.fn, no server)", async () => {
  const fake = createHatebaseFake();
  const fetch = vi.fn(fake.handler);
  const hatebase = createHatebaseClient({ apiKey: fake.apiKey, baseUrl: "http://127.0.0.1/{version}", fetch });
  const vocabulary = await hatebase.getVocabulary({ language: "ENG" });
  expect(vocabulary.items.length).toBeGreaterThan(0);
  expect(fake.counters.authentications).toBe(1); // the session token, through the same fetch
  expect(fetch).toHaveBeenCalled();
  expect(fetch.mock.calls[0]?.[0]).toBeInstanceOf(Request);
});
