import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createApiError, createLog, REDACTED, Redactor, SAFE_HEADER_NAMES } from "../src/index.js";

const KEY = "sk_live_abc123";

function redactor(...secrets: string[]) {
  const r = new Redactor("x-tiny-trace");
  for (const s of secrets) r.addSecret(s);
  return r;
}

describe("Redactor.scrub", () => {
  const cases: [name: string, secrets: string[], text: string, want: string][] = [
    ["nothing known", [], `key ${KEY}`, `key ${KEY}`],
    ["the raw secret, everywhere", [KEY], `${KEY} and ${KEY}`, `${REDACTED} and ${REDACTED}`],
    ["URL-encoded", ["a b/c+d"], "q=a%20b%2Fc%2Bd", `q=${REDACTED}`],
    ["form-encoded", ["a b/c+d"], "q=a+b%2Fc%2Bd", `q=${REDACTED}`],
    ["path-encoded, !'()* included", ["it's(x)"], "/v/it%27s%28x%29", `/v/${REDACTED}`],
    ["JSON-escaped", ['say "hi"\\'], '{"k":"say \\"hi\\"\\\\"}', `{"k":"${REDACTED}"}`],
    ["short values are not secrets", ["abc"], "abc", "abc"],
    ["a key inside a longer token leaves no tail", ["abcd", "abcdefghij"], "t=abcdefghij", `t=${REDACTED}`],
    ["same, added the other way round", ["abcdefghij", "abcd"], "t=abcdefghij", `t=${REDACTED}`],
    ["adding twice is harmless", [KEY, KEY], KEY, REDACTED],
    ["a lone surrogate secret", ["ab\uD800cd"], "x ab\uD800cd", `x ${REDACTED}`],
  ];
  for (const [name, secrets, text, want] of cases)
    test(name, () => expect(redactor(...secrets).scrub(text)).toBe(want));

  test("undefined and non-strings are ignored", () => {
    const r = new Redactor();
    r.addSecret(undefined);
    r.addSecret(42 as unknown as string);
    expect(r.scrub("42 undefined")).toBe("42 undefined");
  });
});

describe("Redactor.url", () => {
  const cases: [name: string, secrets: string[], url: string, want: string][] = [
    ["a clean URL", [], "https://api.test/v1/things?page=2#top", "https://api.test/v1/things?page=2#top"],
    ["user info is dropped", [], "https://user:pass@api.test/x", "https://api.test/x"],
    [
      "a sensitive query name",
      [],
      "https://api.test/x?api_key=123&page=2",
      `https://api.test/x?api_key=${REDACTED}&page=2`,
    ],
    [
      "camelCase and dashed names",
      [],
      "https://api.test/x?accessToken=1&X-Api-Key=2&apikey=3&sig=4",
      `https://api.test/x?accessToken=${REDACTED}&X-Api-Key=${REDACTED}&apikey=${REDACTED}&sig=${REDACTED}`,
    ],
    [
      "more names",
      [],
      "https://api.test/x?client_secret=1&password=2&session=3&token=4&auth=5",
      `https://api.test/x?client_secret=${REDACTED}&password=${REDACTED}&session=${REDACTED}&token=${REDACTED}&auth=${REDACTED}`,
    ],
    [
      "ordinary names survive",
      [],
      "https://api.test/x?keyword=a&page=1&sort=name",
      "https://api.test/x?keyword=a&page=1&sort=name",
    ],
    ["a secret under an innocent name", [KEY], `https://api.test/x?q=${KEY}`, `https://api.test/x?q=${REDACTED}`],
    [
      "a secret as a query name",
      [KEY],
      `https://api.test/x?${KEY}=1&${KEY}`,
      `https://api.test/x?${REDACTED}=1&${REDACTED}`,
    ],
    ["a secret in the path", [KEY], `https://api.test/keys/${KEY}/x`, `https://api.test/keys/${REDACTED}/x`],
    ["a secret in the fragment", [KEY], `https://api.test/x#${KEY}`, `https://api.test/x#${REDACTED}`],
    [
      "a secret the URL parser encodes differently",
      ["ab c:d"],
      "https://api.test/p/ab c:d?q=ab c:d",
      `https://api.test/p/${REDACTED}?q=${REDACTED}`,
    ],
    [
      "a secret part of a segment: the segment goes",
      [KEY],
      `https://api.test/v/pre-${KEY}-post`,
      `https://api.test/v/${REDACTED}`,
    ],
    [
      "a secret in a lowercase-hex encoding",
      ["a/b c"],
      "https://api.test/p/a%2fb%20c",
      `https://api.test/p/${REDACTED}`,
    ],
    [
      "a form-encoded secret in the query",
      ["a b+c"],
      "https://api.test/x?q=a+b%2Bc",
      `https://api.test/x?q=${REDACTED}`,
    ],
    ["broken percent-encoding is kept", [], "https://api.test/p/%E0%A4%A?x=%zz", "https://api.test/p/%E0%A4%A?x=%zz"],
    ["not a URL: scrubbed as text", [KEY], `/relative/${KEY}`, `/relative/${REDACTED}`],
  ];
  for (const [name, secrets, url, want] of cases) test(name, () => expect(redactor(...secrets).url(url)).toBe(want));
});

describe("Redactor.headers", () => {
  test("allowlisted names are shown (scrubbed); every other value is redacted", () => {
    const r = redactor(KEY);
    const got = r.headers(
      new Headers({
        "Content-Type": "application/json",
        Authorization: `Bearer ${KEY}`,
        "Set-Cookie": "sid=1",
        "X-Api-Key": KEY,
        "X-Tiny-Trace": "t-1",
        Location: `https://api.test/x?token=${KEY}`,
        "X-Custom": "harmless",
      }),
    );
    expect(got).toEqual({
      "content-type": "application/json",
      authorization: REDACTED,
      "set-cookie": REDACTED,
      "x-api-key": REDACTED,
      "x-tiny-trace": "t-1",
      location: `https://api.test/x?token=${REDACTED}`,
      "x-custom": REDACTED,
    });
  });

  test("the allowlist holds no credential header", () => {
    for (const name of ["authorization", "cookie", "set-cookie", "x-api-key", "proxy-authorization"]) {
      expect(SAFE_HEADER_NAMES).not.toContain(name);
    }
  });
});

describe("Redactor.value", () => {
  test("scrubs strings, keys and numbers deep inside, and copies", () => {
    const r = redactor(KEY, "98765432");
    const body = { token: KEY, nested: [{ [KEY]: `x ${KEY} y` }], n: 98765432, ok: true, none: null, other: 5 };
    const got = r.value(body);
    expect(got).toEqual({
      token: REDACTED,
      nested: [{ [REDACTED]: `x ${REDACTED} y` }],
      n: REDACTED,
      ok: true,
      none: null,
      other: 5,
    });
    expect(body.token).toBe(KEY);
  });

  test("a body nested deeper than the walk is replaced, not copied unchecked", () => {
    let deep: unknown = { k: KEY };
    for (let i = 0; i < 50; i++) deep = { d: deep };
    expect(JSON.stringify(redactor(KEY).value(deep))).not.toContain(KEY);
  });

  test("a __proto__ key stays a key", () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}');
    const got = redactor().value(parsed) as Record<string, unknown>;
    expect(Object.keys(got)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("createLog", () => {
  function capture(level: Parameters<typeof createLog>[1]) {
    const lines: [string, string, unknown?][] = [];
    const logger = {
      debug: (m: string, f?: unknown) => lines.push(["debug", m, f]),
      info: (m: string, f?: unknown) => lines.push(["info", m, f]),
      warn: (m: string, f?: unknown) => lines.push(["warn", m, f]),
      error: (m: string, f?: unknown) => lines.push(["error", m, f]),
    };
    return { lines, logger, level };
  }

  test("drops lines below the level", () => {
    const { lines, logger } = capture("warn");
    const log = createLog(logger, "warn", (t) => t);
    log("debug", "d");
    log("info", "i");
    log("warn", "w");
    log("error", "e");
    expect(lines.map((l) => l[0])).toEqual(["warn", "error"]);
    expect((["debug", "info", "warn", "error"] as const).map((l) => log.enabled?.(l))).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  test("off and no logger are silent", () => {
    const { lines, logger } = capture("off");
    createLog(logger, "off", (t) => t)("error", "x");
    createLog(undefined, "debug", (t) => t)("error", "x");
    expect(lines).toEqual([]);
    expect(createLog(logger, "off", (t) => t).enabled?.("error")).toBe(false);
  });

  test("scrubs messages and every string in the fields, escaped secrets included", () => {
    const secret = 'q"uo\\te-secret';
    const r = redactor(secret);
    const { lines, logger } = capture("debug");
    const log = createLog(logger, "debug", (t) => r.scrub(t));
    let deep: unknown = { j: secret };
    for (let i = 0; i < 12; i++) deep = { d: deep };
    log("info", `hello ${secret}`, { a: secret, nested: [{ [secret]: `x${secret}` }], n: 1, nil: null, deep });
    const [, message, fields] = lines[0] ?? [];
    expect(message).toBe(`hello ${REDACTED}`);
    expect(JSON.stringify(fields)).not.toContain("uo\\\\te");
    expect(inspect(fields, { depth: 20 })).not.toContain("secret");
    expect(fields).toMatchObject({ a: REDACTED, nested: [{ [REDACTED]: `x${REDACTED}` }], n: 1, nil: null });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property: a token placed anywhere never survives.

const SPECIAL = [..."abcXYZ019-_.~+/=:@!$&'()*,;% \"<>#?[]\\^`{|}é€😀"];
/** A distinctive token: a fixed prefix no surrounding text or redaction marker contains, then anything. */
const arbToken = fc.string({ unit: fc.constantFrom(...SPECIAL), minLength: 4, maxLength: 24 }).map((s) => `Tk_${s}`);
const arbText = fc.string({ unit: fc.constantFrom(..."abc/?&=#. -_%+"), maxLength: 12 });

/** Every way the token could still be read. */
function survives(output: string, token: string): boolean {
  const forms = [token, encodeURIComponent(token), new URLSearchParams({ t: token }).toString().slice(2)];
  return forms.some((f) => output.includes(f)) || safeDecode(output).includes(token);
}
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

describe("property: redaction", () => {
  test("a token in the path, query name or value, or fragment never survives Redactor.url", () => {
    fc.assert(
      fc.property(
        arbToken,
        arbText,
        arbText,
        fc.constantFrom("path", "query-value", "query-name", "fragment", "userinfo"),
        (token, before, after, where) => {
          const r = redactor(token);
          const piece = `${before}${token}${after}`;
          const url = new URL("https://api.test/base");
          if (where === "path") url.pathname = `/v1/${encodeURIComponent(piece)}/x`;
          if (where === "query-value") url.searchParams.set("q", piece);
          if (where === "query-name") url.searchParams.set(piece, "1");
          if (where === "fragment") url.hash = piece;
          if (where === "userinfo") url.username = encodeURIComponent(piece);
          const out = r.url(url.toString());
          expect(survives(out, token)).toBe(false);
          // And the raw, unparsed form.
          expect(survives(r.url(`https://api.test/p/${piece}?x=${piece}#${piece}`), token)).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });

  test("a token in any header value or body string never survives Redactor", () => {
    fc.assert(
      fc.property(
        arbToken,
        arbText,
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom(...SAFE_HEADER_NAMES, "authorization", "x-other"),
        (token, around, json, header) => {
          const r = redactor(token);
          const value = `${around}${token}${around}`;
          const headers = new Headers();
          if (!/[^\t\x20-\xff]/.test(value)) headers.set(header, value);
          const shown = r.headers(headers);
          expect(survives(JSON.stringify(shown), token)).toBe(false);
          const body = { wrap: json, s: value, list: [value, { [value]: value }] };
          const out = r.value(body);
          expect(survives(JSON.stringify(out), token)).toBe(false);
          expect(survives(inspect(out, { depth: 50 }), token)).toBe(false);
          expect(survives(r.scrub(JSON.stringify(body)), token)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("a token anywhere in a provider's error never survives the thrown ApiError", () => {
    fc.assert(
      fc.property(arbToken, arbText, fc.integer({ min: 400, max: 599 }), (token, around, status) => {
        const r = redactor(token);
        const leak = `${around}${token}${around}`;
        const error = createApiError({
          status,
          method: "POST",
          url: r.url(
            `https://api.test/things/${encodeURIComponent(leak)}?token=${encodeURIComponent(leak)}&q=${encodeURIComponent(leak)}`,
          ),
          headers: r.headers(new Headers({ "content-type": "application/json", "x-echo": "1" })),
          body: r.value({ message: leak, errors: [leak], [leak]: 1 }),
          providerMessage: r.scrub(leak),
          code: r.scrub(leak),
          validationMessages: [r.scrub(leak)],
          requestId: r.scrub(leak),
        });
        for (const view of [
          error.message,
          String(error),
          JSON.stringify(error),
          inspect(error, { depth: 20 }),
          error.stack ?? "",
        ]) {
          expect(survives(view, token)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
