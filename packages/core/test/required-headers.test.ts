import { describe, expect, test } from "vitest";
import {
  createCoreClient,
  isConfigurationError,
  isInvalidArgumentError,
  type OperationSpec,
  type ProviderSpec,
} from "../src/index.js";
import { assertRequiredHeaders } from "../src/required-headers.js";
import { recordRequests, serve } from "../src/testing/index.js";
import { ok, ops, rejection } from "./helpers.js";

/** HostHatch's shape: without `Accept: application/json` it answers an HTML page. */
const provider: ProviderSpec = {
  name: "HostHatch",
  baseUrl: "https://cloud.hosthatch.test",
  envelope: { kind: "result-data", payload: "data" },
  auth: { kind: "bearer" },
  defaultHeaders: { Accept: "application/json" },
};

describe("assertRequiredHeaders (pure)", () => {
  const cases: [string, Record<string, string> | Headers | undefined, "ok" | "refused"][] = [
    ["no headers", undefined, "ok"],
    ["other headers", { "x-trace": "1" }, "ok"],
    ["the same value", { Accept: "application/json" }, "ok"],
    ["the same value, other case", { accept: "Application/JSON " }, "ok"],
    ["another value", { Accept: "text/html" }, "refused"],
    ["another value, lower-case name", { accept: "*/*" }, "refused"],
    ["an empty value", { ACCEPT: "" }, "refused"],
    ["a final request that has it", new Headers({ accept: "application/json" }), "ok"],
    ["a final request without it (removed)", new Headers({ "x-trace": "1" }), "refused"],
    ["a final request with another value", new Headers({ accept: "text/html" }), "refused"],
  ];
  for (const [name, headers, want] of cases) {
    test(`${name} -> ${want}`, () => {
      const run = () => assertRequiredHeaders(provider, headers, "GET https://cloud.hosthatch.test/x");
      if (want === "ok") expect(run).not.toThrow();
      else expect(run).toThrow(/HostHatch requires "Accept: application\/json": refused, nothing was sent/);
    });
  }

  test("a provider that requires nothing accepts anything", () => {
    expect(() => assertRequiredHeaders({ name: "P" }, { Accept: "text/html" }, "the headers option")).not.toThrow();
  });
});

describe("a header the provider requires is never silently replaced or removed", () => {
  const setup = async (options: Record<string, unknown> = {}) => {
    const handler = recordRequests(async () => ok({ id: "1" }));
    const server = await serve(handler);
    const make = () =>
      createCoreClient<never>({
        provider,
        operations: ops,
        options: { apiKey: "hh_token_0001", baseUrl: server.url, retry: false, ...options },
      });
    return { handler, server, make };
  };

  test("a per-call header that changes it is refused before anything is sent (InvalidArgumentError)", async () => {
    const { handler, server, make } = await setup();
    try {
      const client = make();
      for (const headers of [{ Accept: "text/html" }, { accept: "*/*" }] as Record<string, string>[]) {
        const error = await rejection(client.call(ops.getThing, { params: { path: { id: "1" } } }, { headers }));
        expect(isInvalidArgumentError(error)).toBe(true);
        expect((error as Error).message).toContain(`GET ${server.url}/things/1 sets`);
        expect((error as Error).message).toContain(
          'HostHatch requires "Accept: application/json": refused, nothing was sent',
        );
        expect((error as Error).message).not.toContain("text/html");
      }
      expect(handler.requests).toHaveLength(0);
      // The same value, or other headers, go through; the required one is sent.
      await client.call(
        ops.getThing,
        { params: { path: { id: "1" } } },
        { headers: { accept: "application/json", "x-trace": "t" } },
      );
      expect(handler.requests[0]?.headers.accept).toBe("application/json");
      expect(handler.requests[0]?.headers["x-trace"]).toBe("t");
    } finally {
      await server.close();
    }
  });

  test("a client-wide headers option that changes it is refused at construction (ConfigurationError)", async () => {
    const { server, make } = await setup({ headers: { ACCEPT: "text/html" } });
    try {
      const error = await rejection((async () => make())());
      expect(isConfigurationError(error)).toBe(true);
      expect((error as Error).message).toContain("the headers option sets Accept to another value");
    } finally {
      await server.close();
    }
  });

  test("the raw client and middleware cannot replace or remove it either", async () => {
    const { handler, server, make } = await setup();
    try {
      const client = make();
      const raw = client.raw as unknown as {
        GET(path: string, init: object): Promise<unknown>;
        use(m: object): void;
      };
      const error = await rejection(raw.GET("/things", { headers: { Accept: "text/html" } }));
      expect(isInvalidArgumentError(error)).toBe(true);
      client.raw.use({
        onRequest({ request }: { request: Request }) {
          request.headers.delete("accept");
          return request;
        },
      } as never);
      const removed = await rejection(client.call(ops.listThings));
      expect(isInvalidArgumentError(removed)).toBe(true);
      expect((removed as Error).message).toContain("removes the header Accept");
      expect(handler.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});

describe("operations without required headers are unaffected", () => {
  test("any Accept goes through", async () => {
    const handler = recordRequests(async () => ok({ id: "1" }));
    const client = createCoreClient<never>({
      provider: { ...provider, defaultHeaders: undefined },
      operations: ops as Record<string, OperationSpec>,
      options: { apiKey: "k", fetch: handler },
    });
    await client.call(ops.listThings, {}, { headers: { Accept: "text/html" } });
    expect(handler.requests[0]?.headers.accept).toBe("text/html");
  });
});
