// HostHatch answers an HTML page to a request without `Accept: application/json` (its spec's defaultHeaders).
// A per-call or client-wide `headers` option never silently replaces it: the call is refused with a clear
// error before anything is sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHostHatchClient, isConfigurationError, isInvalidArgumentError } from "../src/index.js";
import { createHostHatchFake, type ServedHandler, serve } from "../src/testing/index.js";

const fake = createHostHatchFake();
let server: ServedHandler;
beforeAll(async () => {
  server = await serve(fake.handler);
});
afterAll(() => server.close());

const refusal = async (run: () => unknown): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
};

describe("Accept: application/json is never silently replaced", () => {
  for (const headers of [{ Accept: "text/html" }, { accept: "*/*" }, { ACCEPT: "application/xml" }] as Record<
    string,
    string
  >[]) {
    it(`a call with headers ${JSON.stringify(headers)} is refused (InvalidArgumentError); nothing is sent`, async () => {
      const hosthatch = createHostHatchClient({ apiKey: fake.token, baseUrl: server.url });
      const before = { ...fake.counters };
      const error = await refusal(() => hosthatch.listServers({}, { headers }));
      expect(isInvalidArgumentError(error)).toBe(true);
      expect((error as Error).message).toContain(`GET ${server.url}/api/v1/servers sets`);
      expect((error as Error).message).toContain(
        'HostHatch requires "Accept: application/json": refused, nothing was sent',
      );
      expect([fake.counters.requests, fake.counters.htmlAnswers]).toEqual([before.requests, before.htmlAnswers]);
    });
  }

  it("a client-wide headers option that replaces it is refused at construction (ConfigurationError)", async () => {
    const error = await refusal(() =>
      createHostHatchClient({ apiKey: fake.token, baseUrl: server.url, headers: { Accept: "text/html" } }),
    );
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain("the headers option sets Accept to another value");
  });

  it("the same value, and other headers, go through", async () => {
    const hosthatch = createHostHatchClient({ apiKey: fake.token, baseUrl: server.url });
    const html = fake.counters.htmlAnswers;
    const { items: servers } = await hosthatch.listServers(
      {},
      { headers: { accept: "application/json", "x-trace": "t1" } },
    );
    expect(Array.isArray(servers)).toBe(true);
    expect(fake.counters.htmlAnswers).toBe(html);
  });
});
