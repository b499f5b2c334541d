// The fake behind real msw (`setupServer` from msw/node, as the README shows), and behind a vitest mock passed as
// the client's `fetch` (no server, no msw).
import { http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { createHostHatchClient, isConnectionError } from "../src/index.js";
import { createHostHatchFake, mswResolver } from "../src/testing/index.js";

describe("with msw", () => {
  const baseUrl = "https://hosthatch.msw.test"; // any URL: msw answers before anything leaves the process
  const fake = createHostHatchFake();
  const server = setupServer(http.all(`${baseUrl}/*`, mswResolver(fake.handler)));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => fake.handler.clear());
  afterAll(() => server.close());
  const hosthatch = createHostHatchClient({
    apiKey: fake.token,
    baseUrl: `${baseUrl}`,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });

  test("a call reaches the fake through msw's fetch", async () => {
    const { items: servers } = await hosthatch.listServers();
    expect(servers.map((s) => s.id).sort()).toEqual([...fake.state.servers.keys()].sort());
  });

  test("injected faults work through msw: drops are connection errors, retried", async () => {
    fake.inject({ drop: true, times: 3 }); // the first attempt and both retries
    const error = await Promise.resolve(hosthatch.listServers()).catch((e: unknown) => e);
    expect(isConnectionError(error)).toBe(true);
  });
});

test("in a plain vitest test, the fake as the client's fetch (a vi.fn, no server)", async () => {
  const fake = createHostHatchFake();
  const fetch = vi.fn(fake.handler);
  const hosthatch = createHostHatchClient({ apiKey: fake.token, baseUrl: "http://127.0.0.1", fetch });
  const { items: servers } = await hosthatch.listServers();
  expect(servers.map((s) => s.id).sort()).toEqual([...fake.state.servers.keys()].sort());
  expect(fetch).toHaveBeenCalled();
  expect(fetch.mock.calls[0]?.[0]).toBeInstanceOf(Request);
});
