import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  assertHeaderValue,
  assertSecureBaseUrl,
  isBrowser,
  isConfigurationError,
  isHatcheryError,
  isInvalidArgumentError,
  isLoopbackHost,
  serializeBody,
  serializePath,
} from "../src/index.js";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("serializePath", () => {
  const template = "https://api.test/v1/servers/{server}/disks/{disk}";
  const cases: [name: string, params: Record<string, unknown>, want: string][] = [
    ["plain ids", { server: 42, disk: "a1" }, "https://api.test/v1/servers/42/disks/a1"],
    ["a slash stays inside the segment", { server: "a/b", disk: 1 }, "https://api.test/v1/servers/a%2Fb/disks/1"],
    ["a question mark", { server: "a?x=1", disk: 1 }, "https://api.test/v1/servers/a%3Fx%3D1/disks/1"],
    ["a hash", { server: "a#frag", disk: 1 }, "https://api.test/v1/servers/a%23frag/disks/1"],
    ["a percent sign", { server: "100%", disk: 1 }, "https://api.test/v1/servers/100%25/disks/1"],
    [
      "an encoded dot-dot is data, not a path",
      { server: "%2e%2e", disk: 1 },
      "https://api.test/v1/servers/%252e%252e/disks/1",
    ],
    ["dots inside a value are fine", { server: "a..b", disk: ".x" }, "https://api.test/v1/servers/a..b/disks/.x"],
    [
      "unicode",
      { server: "żółw 🐢", disk: 1 },
      "https://api.test/v1/servers/%C5%BC%C3%B3%C5%82w%20%F0%9F%90%A2/disks/1",
    ],
    [
      "RFC 3986 reserved sub-delims are encoded too",
      { server: "it's(*)!", disk: 1 },
      "https://api.test/v1/servers/it%27s%28%2A%29%21/disks/1",
    ],
    ["zero is a value", { server: 0, disk: false }, "https://api.test/v1/servers/0/disks/false"],
  ];
  for (const [name, params, want] of cases) {
    test(name, () => {
      const got = serializePath(template, params);
      expect(got).toBe(want);
      expect(new URL(got).pathname.split("/")).toHaveLength(6);
    });
  }

  const refused: [name: string, params: Record<string, unknown>][] = [
    ["dot", { server: ".", disk: 1 }],
    ["dot-dot", { server: "..", disk: 1 }],
    ["empty", { server: "", disk: 1 }],
    ["missing", { disk: 1 }],
    ["null", { server: null, disk: 1 }],
    ["a lone surrogate", { server: "a\uD800", disk: 1 }],
  ];
  for (const [name, params] of refused) {
    test(`refuses ${name} before sending`, () => {
      expect(isInvalidArgumentError(thrown(() => serializePath(template, params)))).toBe(true);
    });
  }

  test("property: any value stays one segment under its template, or is refused with a typed error", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.integer()),
        (value) => {
          let got: string;
          try {
            got = serializePath("https://api.test/a/{id}/b", { id: value });
          } catch (error) {
            expect(isInvalidArgumentError(error)).toBe(true);
            return;
          }
          const url = new URL(got);
          expect(url.pathname.split("/")).toHaveLength(4);
          expect(url.pathname.startsWith("/a/")).toBe(true);
          expect(url.pathname.endsWith("/b")).toBe(true);
          expect(url.search).toBe("");
          expect(url.hash).toBe("");
          expect(decodeURIComponent(url.pathname.split("/")[2] ?? "")).toBe(String(value));
        },
      ),
      { numRuns: 500 },
    );
    // 500 generated values: CPU-bound, so it gets more room than the wire tests on a loaded machine.
  }, 60_000);
});

describe("serializeBody", () => {
  const form = { "Content-Type": "application/x-www-form-urlencoded" };
  const cases: [name: string, body: unknown, headers: Headers | Record<string, unknown> | undefined, want: string][] = [
    ["JSON by default", { a: 1, b: [true] }, undefined, '{"a":1,"b":[true]}'],
    ["JSON with a JSON content type", { a: "x" }, new Headers({ "content-type": "application/json" }), '{"a":"x"}'],
    ["form, from a record", { token: "t", page: 2, ok: true }, form, "token=t&page=2&ok=true"],
    ["form, from Headers", { a: "b c" }, new Headers(form), "a=b+c"],
    ["form, lower-case key", { a: "1" }, { "content-type": "application/x-www-form-urlencoded" }, "a=1"],
    [
      "form, odd-case key and charset",
      { a: "1" },
      { "Content-type": "Application/X-WWW-Form-Urlencoded; charset=utf-8" },
      "a=1",
    ],
    ["form skips undefined and null", { a: undefined, b: null, c: "" }, form, "c="],
    ["form repeats arrays", { tag: ["x", "y"] }, form, "tag=x&tag=y"],
    ["form JSON-encodes objects", { o: { k: 1 } }, form, "o=%7B%22k%22%3A1%7D"],
    ["form encodes & and =", { q: "a&b=c" }, form, "q=a%26b%3Dc"],
    ["form of nothing", undefined, form, ""],
  ];
  for (const [name, body, headers, want] of cases) test(name, () => expect(serializeBody(body, headers)).toBe(want));

  test("a body that cannot be serialized is a typed error, not a bare TypeError", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(isInvalidArgumentError(thrown(() => serializeBody({ n: 1n })))).toBe(true);
    expect(isInvalidArgumentError(thrown(() => serializeBody(cyclic)))).toBe(true);
    expect(isInvalidArgumentError(thrown(() => serializeBody({ o: cyclic }, form)))).toBe(true);
  });
});

describe("assertSecureBaseUrl", () => {
  const allowed: [string, boolean?][] = [
    ["https://api.hosthatch.test"],
    ["http://127.0.0.1:8080"],
    ["http://127.1.2.3"],
    ["http://localhost:3000/api"],
    ["http://LOCALHOST"],
    ["http://app.localhost"],
    ["http://[::1]:9000"],
    ["http://example.test", true],
  ];
  for (const [url, insecure] of allowed) {
    test(`allows ${url}${insecure ? " with allowInsecureHttp" : ""}`, () => {
      expect(assertSecureBaseUrl(url, insecure).toString()).toContain(new URL(url).host);
    });
  }
  const refused: [string, string][] = [
    ["http://api.example.com", "is not HTTPS"],
    ["http://127.0.0.1.evil.com", "is not HTTPS"],
    ["http://localhost.evil.com", "is not HTTPS"],
    ["ftp://files.example.com", "is not HTTPS"],
    ["https://user:pw@api.example.com", "must not contain credentials"],
    ["not a url", "not a valid absolute URL"],
    ["/relative/path", "not a valid absolute URL"],
  ];
  for (const [url, message] of refused) {
    test(`refuses ${url}`, () => {
      const error = thrown(() => assertSecureBaseUrl(url));
      expect(isConfigurationError(error)).toBe(true);
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).not.toContain("pw@");
    });
  }
});

describe("isLoopbackHost", () => {
  const cases: [string, boolean][] = [
    ["localhost", true],
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["[::1]", true],
    ["::1", true],
    ["api.localhost", true],
    ["128.0.0.1", false],
    ["localhost.com", false],
    ["0.0.0.0", false],
  ];
  for (const [host, want] of cases) test(host, () => expect(isLoopbackHost(host)).toBe(want));
});

describe("assertHeaderValue", () => {
  const accepted = ["sk_live_123", "Bearer abc.def-ghi", "with space and\ttab", "latin-1 é", ""];
  for (const value of accepted)
    test(`accepts ${JSON.stringify(value)}`, () => expect(() => assertHeaderValue("apiKey", value)).not.toThrow());

  const refused: [string, unknown][] = [
    ["CR", "abc\rdef"],
    ["LF", "abc\ndef"],
    ["CRLF injection", "abc\r\nX-Evil: 1"],
    ["NUL", "abc\0"],
    ["another control character", "abc\x07"],
    ["a character beyond U+00FF", "clé€"],
    ["an emoji", "key🔑"],
    ["a number", 42],
    ["undefined", undefined],
  ];
  for (const [name, value] of refused) {
    test(`refuses ${name}, naming the option but never the value`, () => {
      const error = thrown(() => assertHeaderValue("apiKey", value));
      expect(isConfigurationError(error)).toBe(true);
      expect((error as Error).message).toContain("apiKey");
      if (typeof value === "string") expect((error as Error).message).not.toContain(value);
    });
  }
});

describe("isBrowser", () => {
  test("false in Node", () => expect(isBrowser()).toBe(false));
  test("true with a window and a document (restored afterwards)", () => {
    const g = globalThis as { window?: unknown; document?: unknown };
    try {
      g.window = { document: {} };
      expect(isBrowser()).toBe(true);
      g.window = {};
      expect(isBrowser()).toBe(false);
    } finally {
      delete g.window;
      delete g.document;
    }
    expect(isBrowser()).toBe(false);
  });
});

test("every safety error is a HatcheryError", () => {
  expect(isHatcheryError(thrown(() => assertSecureBaseUrl("http://x.example")))).toBe(true);
  expect(isHatcheryError(thrown(() => serializePath("/{a}", {})))).toBe(true);
});
