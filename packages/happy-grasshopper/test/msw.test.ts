// The fake behind real msw (`setupServer` from msw/node, as the README shows), and behind a vitest mock passed as
// the client's `fetch` (no server, no msw).
import { http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { createHappyGrasshopperClient, isConnectionError } from "../src/index.js";
import { createHappyGrasshopperFake, mswResolver } from "../src/testing/index.js";

describe("with msw", () => {
  const baseUrl = "https://happy-grasshopper.msw.test"; // any URL: msw answers before anything leaves the process
  const fake = createHappyGrasshopperFake();
  const server = setupServer(http.all(`${baseUrl}/*`, mswResolver(fake.handler)));
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => fake.handler.clear());
  afterAll(() => server.close());
  const hg = createHappyGrasshopperClient({
    apiKey: fake.apiKey,
    baseUrl: `${baseUrl}/v3`,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });

  test("a call reaches the fake through msw's fetch", async () => {
    const contact = await hg.createContact({ user_id: fake.ids.user, email: "msw@example.org" });
    expect(contact.email).toBe("msw@example.org");
    expect(fake.counters.contactsCreated).toBe(1);
  });

  test("injected faults work through msw: drops are connection errors, retried", async () => {
    fake.inject({ drop: true, times: 3 }); // the first attempt and both retries
    const error = await hg.getUser({ user_id: fake.ids.user }).catch((e: unknown) => e);
    expect(isConnectionError(error)).toBe(true);
  });
});

test("in a plain vitest test, the fake as the client's fetch (a vi.fn, no server)", async () => {
  const fake = createHappyGrasshopperFake();
  const fetch = vi.fn(fake.handler);
  const hg = createHappyGrasshopperClient({ apiKey: fake.apiKey, baseUrl: "http://127.0.0.1/v3", fetch });
  const contact = await hg.createContact({ user_id: fake.ids.user, email: "msw@example.org" });
  expect(contact.email).toBe("msw@example.org");
  expect(fake.counters.contactsCreated).toBe(1);
  expect(fetch).toHaveBeenCalled();
  expect(fetch.mock.calls[0]?.[0]).toBeInstanceOf(Request);
});
