// Hostile input from callers, for every provider: path ids never change the path, CR/LF never reaches a
// header, plain HTTP never carries a key off the machine, and absurd paging numbers are refused before any
// request is sent.
import { isConfigurationError, isHatcheryError, isInvalidArgumentError } from "@hatchery/core";
import { recordRequests } from "@hatchery/core/testing";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { adapters } from "../src/providers/index.js";
import { fakeKey } from "../src/secrets.js";
import { clientOver, settle } from "./helpers.js";

/** Ids built from the characters that could change a path, and any unicode. */
const arbId = fc.oneof(
  fc
    .array(
      fc.constantFrom(
        "/",
        "..",
        ".",
        "?",
        "#",
        "%",
        "%2F",
        "%2e%2e",
        "\\",
        ";",
        "&",
        "=",
        " ",
        "+",
        "@",
        ":",
        "ü",
        "😀",
        "\u0000",
        "a",
        "1",
      ),
      {
        minLength: 1,
        maxLength: 8,
      },
    )
    .map((parts) => parts.join("")),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 20 }),
);

for (const adapter of adapters) {
  describe(`${adapter.packageName}: hostile input`, () => {
    test.skipIf(adapter.pathCalls.length === 0)(
      "path ids with /, .., ?, #, % and unicode are encoded as one segment and never change the path",
      async () => {
        for (const pathCall of adapter.pathCalls) {
          const [before, after] = pathCall.template.split(/\{[^{}]+\}/) as [string, string];
          const recorder = recordRequests(async () => new Response(null, { status: 404 }));
          const { client, fake, apiKey } = clientOver(adapter, recorder);
          await fc.assert(
            fc.asyncProperty(arbId, async (id) => {
              recorder.clear();
              const outcome = await settle(() => pathCall.call(client, id, { fake, options: {} }));
              expect("hung" in outcome).toBe(false);
              if (!("hung" in outcome) && !outcome.ok) expect(isHatcheryError(outcome.error)).toBe(true);
              if (id === "." || id === ".." || /\p{Cs}/u.test(id)) {
                // No encoding keeps these from being resolved (or encoded at all): refused, nothing sent.
                expect(recorder.requests).toHaveLength(0);
                expect(!("hung" in outcome) && !outcome.ok && isInvalidArgumentError(outcome.error)).toBe(true);
                return;
              }
              expect(recorder.requests).toHaveLength(1);
              const url = new URL(recorder.requests[0]!.url);
              expect(url.search).toBe("");
              expect(url.hash).toBe("");
              expect(url.pathname.startsWith(before) && url.pathname.endsWith(after)).toBe(true);
              const segment = url.pathname.slice(before.length, url.pathname.length - after.length);
              expect(segment).not.toContain("/");
              expect(decodeURIComponent(segment)).toBe(id);
              expect(recorder.requests[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);
            }),
            { numRuns: 200 },
          );
        }
      },
    );

    test("CR/LF in the key, a key function, a header option or a per-call header is refused; nothing is sent", async () => {
      const evil = ["key\r\nX-Injected: 1", "key\nX-Injected: 1", "key\rX", "key\u0000", "key\u2028x"];
      const recorder = recordRequests(async () => new Response("{}", { status: 200 }));
      const base = { baseUrl: "https://api.chaos.test", fetch: recorder, retry: false as const };
      const fake = adapter.createFake(fakeKey(adapter.dir));
      const operation = adapter.operations[0]!;
      for (const value of evil) {
        // A static key: refused when the client is built.
        let thrown: unknown;
        try {
          adapter.createClient({ ...base, apiKey: value });
        } catch (error) {
          thrown = error;
        }
        expect(isConfigurationError(thrown), `apiKey ${JSON.stringify(value)}`).toBe(true);
        // A key function: refused when the call is made.
        const rotating = adapter.createClient({ ...base, apiKey: () => value });
        const viaFunction = await settle(() => operation.run(rotating, { fake, marker: "crlf", options: {} }));
        expect("ok" in viaFunction && !viaFunction.ok && isConfigurationError(viaFunction.error)).toBe(true);
        // The client's `headers` option and each header option of the provider (e.g. LeanLaw's userId).
        for (const option of ["headers", ...adapter.headerOptions]) {
          const options = option === "headers" ? { headers: { "x-note": value } } : { [option]: value };
          thrown = undefined;
          try {
            adapter.createClient({ ...base, apiKey: fakeKey(adapter.dir), ...options });
          } catch (error) {
            thrown = error;
          }
          expect(isConfigurationError(thrown), `${option} ${JSON.stringify(value)}`).toBe(true);
        }
        // A header given per call.
        const client = adapter.createClient({ ...base, apiKey: fakeKey(adapter.dir) });
        const perCall = await settle(() =>
          operation.run(client, { fake, marker: "crlf", options: { headers: { "x-note": value } } }),
        );
        expect("ok" in perCall && !perCall.ok && isConfigurationError(perCall.error)).toBe(true);
        // A header name that is not a token.
        const badName = await settle(() =>
          operation.run(client, { fake, marker: "crlf", options: { headers: { "x-a\r\nb": "1" } } }),
        );
        expect("ok" in badName && !badName.ok && isConfigurationError(badName.error)).toBe(true);
      }
      expect(recorder.requests).toHaveLength(0);
    });

    test("a non-HTTPS base URL is refused, except for loopback hosts", () => {
      const apiKey = fakeKey(adapter.dir);
      const refused = [
        "http://api.example.com",
        "http://127.0.0.1.nip.io",
        "http://localhost.evil.test",
        "http://evil.test#@127.0.0.1",
        "http://127.0.0.1@evil.test",
        "http://user:pass@127.0.0.1",
        "https://user:pass@api.example.com",
        "ftp://127.0.0.1",
        "ws://127.0.0.1",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "//api.example.com",
        "api.example.com",
        "",
      ];
      for (const baseUrl of refused) {
        let thrown: unknown;
        try {
          adapter.createClient({ apiKey, baseUrl });
        } catch (error) {
          thrown = error;
        }
        expect(isConfigurationError(thrown), baseUrl).toBe(true);
        // The refusal names no secret.
        expect(String(thrown)).not.toContain(apiKey);
      }
      const allowed = [
        "https://api.example.com",
        "http://127.0.0.1:8080",
        "http://127.1.2.3",
        "http://localhost:3000",
        "http://api.localhost",
        "http://[::1]:8080",
      ];
      for (const baseUrl of allowed) expect(() => adapter.createClient({ apiKey, baseUrl }), baseUrl).not.toThrow();
      // An explicit opt-in allows plain HTTP elsewhere.
      expect(() =>
        adapter.createClient({ apiKey, baseUrl: "http://api.example.com", allowInsecureHttp: true }),
      ).not.toThrow();
    });

    test.skipIf(adapter.pageCalls.length === 0)(
      "absurd paging numbers are refused before any request, with a message naming the parameter",
      async () => {
        for (const pageCall of adapter.pageCalls) {
          const cases: Record<string, unknown>[] = [
            { [pageCall.offsetParam]: pageCall.minOffset - 1 },
            { [pageCall.offsetParam]: -1e9 },
            { [pageCall.offsetParam]: 1.5 },
            { [pageCall.offsetParam]: Number.NaN },
            { [pageCall.offsetParam]: "ten" },
          ];
          if (pageCall.limitParam) {
            const max = pageCall.maxLimit ?? Number.MAX_SAFE_INTEGER;
            cases.push(
              { [pageCall.limitParam]: max + 1 },
              { [pageCall.limitParam]: 1e12 },
              { [pageCall.limitParam]: Number.POSITIVE_INFINITY },
              { [pageCall.limitParam]: 0 },
              { [pageCall.limitParam]: -5 },
              { [pageCall.limitParam]: 2.5 },
            );
          }
          for (const paging of cases) {
            const recorder = recordRequests(async () => new Response("{}", { status: 200 }));
            const { client } = clientOver(adapter, recorder);
            const outcome = await settle(() => pageCall.call(client, paging, {}));
            const name = Object.keys(paging)[0]!;
            expect("ok" in outcome && !outcome.ok, `${pageCall.operation} ${JSON.stringify(paging)}`).toBe(true);
            if ("ok" in outcome && !outcome.ok) {
              expect(isInvalidArgumentError(outcome.error), String(outcome.error)).toBe(true);
              expect(String(outcome.error)).toContain(name);
            }
            expect(recorder.requests).toHaveLength(0);
          }
          // The largest page the provider allows is sent as it is.
          if (pageCall.limitParam && pageCall.maxLimit) {
            const recorder = recordRequests(async () => new Response('{"data":[]}', { status: 200 }));
            const { client } = clientOver(adapter, recorder);
            await settle(() =>
              pageCall.call(
                client,
                { [pageCall.limitParam!]: pageCall.maxLimit, [pageCall.offsetParam]: pageCall.minOffset },
                {},
              ),
            );
            expect(recorder.requests).toHaveLength(1);
          }
        }
      },
    );
  });
}
