import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  createCoreClient,
  type EnvelopeKind,
  isHatcheryError,
  type OperationSpec,
  type ProviderSpec,
} from "../src/index.js";
import { ops, resultProvider } from "./helpers.js";

const KINDS: EnvelopeKind[] = ["data", "result-data", "unwrapped", "hatebase"];
const NULL_BODY = new Set([204, 205, 304]);

const arbBytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.jsonValue().map((v) => new TextEncoder().encode(JSON.stringify(v))),
  fc
    .record(
      {
        result: fc.constantFrom("success", "error", 0, null),
        data: fc.jsonValue(),
        message: fc.jsonValue(),
        errors: fc.jsonValue(),
        warnings: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((v) => new TextEncoder().encode(JSON.stringify(v))),
  fc.string().map((s) => new TextEncoder().encode(s)),
  fc.constant(new TextEncoder().encode("<!doctype html><html>oops</html>")),
);
const arbStatus = fc.oneof(
  fc.integer({ min: 200, max: 599 }),
  fc.constantFrom(200, 201, 204, 301, 302, 304, 400, 401, 404, 422, 429, 500, 503),
);
const arbHeaders = fc.record(
  {
    "content-type": fc.constantFrom("application/json", "text/html", "text/plain", "application/octet-stream", ""),
    "retry-after": fc.oneof(
      fc.nat(3).map(String),
      fc.string({ maxLength: 10 }).filter((s) => !/[^\x20-\x7e]/.test(s)),
    ),
    location: fc.constantFrom("/elsewhere", "https://other.test/x", "http://[bad"),
  },
  { requiredKeys: [] },
);

describe("property: whatever comes back, a call yields a value or a typed HatcheryError", () => {
  test("arbitrary status, headers and bytes, every envelope, with and without retries", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...KINDS),
        arbStatus,
        arbHeaders,
        arbBytes,
        fc.boolean(),
        fc.boolean(),
        async (kind, status, headers, bytes, retry, post) => {
          const provider: ProviderSpec = {
            ...resultProvider,
            envelope: { kind, payload: kind === "unwrapped" ? "" : kind === "hatebase" ? "result" : "data" },
          };
          const fetch = async () =>
            new Response(NULL_BODY.has(status) ? null : bytes, {
              status,
              headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== "")),
            });
          const client = createCoreClient<never>({
            provider,
            operations: ops,
            options: {
              apiKey: "sk_prop_0000",
              fetch,
              retry: retry ? { baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 } : false,
            },
          });
          const op: OperationSpec = post ? ops.createThing : ops.listThings;
          try {
            await client.call(op, post ? { body: { a: 1 } } : {});
          } catch (error) {
            if (!isHatcheryError(error)) throw new Error(`untyped ${inspect(error)}`);
            expect(typeof (error as Error).message).toBe("string");
            expect(JSON.parse(JSON.stringify(error))).toHaveProperty("name");
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test("a fetch that throws anything yields a typed error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.boolean(), async (thrown, post) => {
        const fetch = async () => {
          throw thrown;
        };
        const client = createCoreClient<never>({
          provider: resultProvider,
          operations: ops,
          options: { fetch, retry: { baseDelayMs: 0, maxDelayMs: 0 } },
        });
        const error = await client.call(post ? ops.createThing : ops.listThings, post ? { body: {} } : {}).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isHatcheryError(error)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe("property: a token echoed anywhere by the server never survives into the thrown error", () => {
  const unit = fc.constantFrom(..."abcXYZ019-_.~+/=:@!$&'()*,;% \"<>[]\\^`{|}é");
  const arbToken = fc.string({ unit, minLength: 4, maxLength: 20 }).map((s) => `Tk_${s}`);

  test("path, query, body, headers, message, errors, request id", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbToken,
        fc.integer({ min: 400, max: 599 }),
        fc.constantFrom(...KINDS),
        async (token, status, kind) => {
          const provider: ProviderSpec = { ...resultProvider, envelope: { kind, payload: "data" } };
          // The server echoes the whole request back in every field it has.
          const fetch = async (request: Request) => {
            const echo = `${request.method} ${request.url} ${request.headers.get("authorization")} ${await request.text()}`;
            const body = {
              result: "error",
              message: echo,
              errors: [echo, [token, echo]],
              [echo]: echo,
              detail: { deep: [echo] },
            };
            const headers = new Headers({ "content-type": "application/json" });
            const headerSafe = !/[^\t\x20-\xff]/.test(echo);
            if (headerSafe) {
              headers.set("x-tiny-trace", echo);
              headers.set("location", echo);
              headers.set("x-echo", echo);
            }
            return new Response(JSON.stringify(body), { status, headers });
          };
          const client = createCoreClient<never>({
            provider,
            operations: ops,
            options: { apiKey: token, fetch, retry: false },
          });
          const error = await client
            .call(ops.getThing, {
              params: { path: { id: token }, query: { q: token, api_key: token } },
              body: undefined,
            })
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          expect(isHatcheryError(error)).toBe(true);
          const views = [(error as Error).message, String(error), JSON.stringify(error), inspect(error, { depth: 50 })];
          const forms = [
            token,
            encodeURIComponent(token),
            new URLSearchParams({ t: token }).toString().slice(2),
            JSON.stringify(token).slice(1, -1),
          ];
          for (const view of views) for (const form of forms) expect(view).not.toContain(form);
        },
      ),
      { numRuns: 200 },
    );
  });
});
