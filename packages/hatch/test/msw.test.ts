// The fake behind real msw (`setupServer` from msw/node, as the README shows), and behind a vitest mock passed as
// the client's `fetch` (no server, no msw).
import { http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { createHatchClient, isConnectionError } from "../src/index.js";
import { createHatchFake, mswResolver } from "../src/testing/index.js";

describe("with msw", () => {
  const baseUrl = "https://hatch.msw.test"; // any URL: msw answers before anything leaves the process
  const fake = createHatchFake();
  const server = setupServer(http.all(`${baseUrl}/*`, mswResolver(fake.handler)));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => fake.handler.clear());
  afterAll(() => server.close());
  const hatch = createHatchClient({ apiKey: fake.apiKey, baseUrl, retry: { baseDelayMs: 1, maxDelayMs: 2 } });

  test("a call reaches the fake through msw's fetch", async () => {
    const contact = await hatch.upsertContact({ source: fake.source, email: "msw@example.org" });
    expect(fake.findContact({ email: "msw@example.org" })?.id).toBe(contact.id);
    expect(fake.counters.created).toBe(1);
  });

  test("injected faults work through msw: drops are connection errors, retried", async () => {
    fake.inject({ drop: true, times: 3 }); // the first attempt and both retries
    const error = await hatch
      .upsertContact({ source: fake.source, email: "drop@example.org" })
      .catch((e: unknown) => e);
    expect(isConnectionError(error)).toBe(true);
    expect(fake.findContact({ email: "drop@example.org" })).toBeUndefined();
  });
});

test("in a plain vitest test, the fake as the client's fetch (a vi.fn, no server)", async () => {
  const fake = createHatchFake();
  const fetch = vi.fn(fake.handler);
  const hatch = createHatchClient({ apiKey: fake.apiKey, baseUrl: "http://127.0.0.1", fetch });
  const contact = await hatch.upsertContact({ source: fake.source, email: "ada@example.org" });
  expect(fake.findContact({ email: "ada@example.org" })?.id).toBe(contact.id);
  expect(fetch).toHaveBeenCalledTimes(1);
  expect(fetch.mock.calls[0]?.[0]).toBeInstanceOf(Request);
});
