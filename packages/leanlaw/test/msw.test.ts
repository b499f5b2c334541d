// The fake behind real msw (`setupServer` from msw/node, as the README shows), and behind a vitest mock passed as
// the client's `fetch` (no server, no msw).
import { http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { createLeanLawClient, isConnectionError } from "../src/index.js";
import { createLeanLawFake, mswResolver } from "../src/testing/index.js";

describe("with msw", () => {
  const baseUrl = "https://leanlaw.msw.test"; // any URL: msw answers before anything leaves the process
  const fake = createLeanLawFake();
  const server = setupServer(http.all(`${baseUrl}/*`, mswResolver(fake.handler)));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => fake.handler.clear());
  afterAll(() => server.close());
  const leanlaw = createLeanLawClient({
    apiKey: fake.apiKey,
    baseUrl: `${baseUrl}`,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });

  test("a call reaches the fake through msw's fetch", async () => {
    const areas = await leanlaw.listPracticeAreas();
    expect(areas.items.map((a) => a.practiceAreaId).sort()).toEqual([...fake.db.practiceAreas.keys()].sort());
  });

  test("injected faults work through msw: drops are connection errors, retried", async () => {
    fake.inject({ drop: true, times: 3 }); // the first attempt and both retries
    const error = await Promise.resolve(leanlaw.listPracticeAreas()).catch((e: unknown) => e);
    expect(isConnectionError(error)).toBe(true);
  });
});

test("in a plain vitest test, the fake as the client's fetch (a vi.fn, no server)", async () => {
  const fake = createLeanLawFake();
  const fetch = vi.fn(fake.handler);
  const leanlaw = createLeanLawClient({ apiKey: fake.apiKey, baseUrl: "http://127.0.0.1", fetch });
  const areas = await leanlaw.listPracticeAreas();
  expect(areas.items.map((a) => a.practiceAreaId).sort()).toEqual([...fake.db.practiceAreas.keys()].sort());
  expect(fetch).toHaveBeenCalled();
  expect(fetch.mock.calls[0]?.[0]).toBeInstanceOf(Request);
});
