import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  type EnvelopeInput,
  type EnvelopeKind,
  envelopes,
  getPath,
  messagePairs,
  type Normalized,
  normalizeData,
  normalizeHatebase,
  normalizeResultData,
  normalizeUnwrapped,
  parseBody,
} from "../src/index.js";

type Case = [name: string, given: EnvelopeInput, want: Normalized];

const fail = (rest: Partial<Extract<Normalized, { ok: false }>> = {}): Normalized => ({
  ok: false,
  validationMessages: [],
  warnings: [],
  ...rest,
});

describe("normalizeResultData (HostHatch)", () => {
  const cases: Case[] = [
    [
      "seed success with null data",
      { status: 200, body: { result: "success", data: null }, payloadPath: "data" },
      { ok: true, payload: null, warnings: [] },
    ],
    [
      "success with a server",
      { status: 201, body: { result: "success", data: { id: 7, hostname: "a" } }, payloadPath: "data" },
      { ok: true, payload: { id: 7, hostname: "a" }, warnings: [] },
    ],
    [
      "seed 403",
      { status: 403, body: { result: "error", message: "Access forbidden" }, payloadPath: "data" },
      fail({ message: "Access forbidden", validationMessages: [] }),
    ],
    [
      "seed 422 validation",
      {
        status: 422,
        body: {
          result: "error",
          message: "Validation failed",
          errors: ["The product field is required.", "The image field is required."],
        },
        payloadPath: "data",
      },
      fail({
        message: "Validation failed",
        validationMessages: ["The product field is required.", "The image field is required."],
      }),
    ],
    [
      "an error envelope with HTTP 200",
      { status: 200, body: { result: "error", message: "nope" }, payloadPath: "data" },
      fail({ message: "nope" }),
    ],
    [
      "a 2xx without the success envelope is unexpected",
      { status: 200, body: { data: 1 }, payloadPath: "data" },
      fail({ message: "the response is not a success envelope", unexpected: true }),
    ],
    [
      "an empty 200",
      { status: 200, body: undefined, payloadPath: "data" },
      fail({ message: "the response is not a success envelope", unexpected: true }),
    ],
    ["a 500 with no body", { status: 500, body: undefined, payloadPath: "data" }, fail({ message: undefined })],
    ["a 404 with an array body", { status: 404, body: ["x"], payloadPath: "data" }, fail({ message: undefined })],
    [
      "a 404 with a Laravel-ish body",
      { status: 404, body: { message: "No query results", errors: { id: ["bad"] } }, payloadPath: "data" },
      fail({ message: "No query results", validationMessages: ["id: bad"] }),
    ],
    [
      "blank message is no message",
      { status: 400, body: { result: "error", message: "   " }, payloadPath: "data" },
      fail({ message: undefined }),
    ],
  ];
  for (const [name, given, want] of cases) test(name, () => expect(normalizeResultData(given)).toEqual(want));
});

describe("normalizeData (LeanLaw, Hatch)", () => {
  const cases: Case[] = [
    [
      "LeanLaw list",
      {
        status: 200,
        body: { data: [{ id: "c1" }], pagination: { limit: 1000, offset: 0, total: 2543 } },
        payloadPath: "data",
      },
      { ok: true, payload: [{ id: "c1" }], warnings: [] },
    ],
    [
      "Hatch upsert",
      { status: 200, body: { data: { id: "5f0c" } }, payloadPath: "data" },
      { ok: true, payload: { id: "5f0c" }, warnings: [] },
    ],
    [
      "the whole body",
      { status: 200, body: { data: 1, pagination: {} }, payloadPath: "" },
      { ok: true, payload: { data: 1, pagination: {} }, warnings: [] },
    ],
    ["204", { status: 204, body: undefined, payloadPath: "data" }, { ok: true, payload: undefined, warnings: [] }],
    [
      "Hatch JSON:API 422",
      {
        status: 422,
        body: {
          errors: [
            {
              title: "Invalid Attribute",
              detail: "must be a valid email",
              source: { pointer: "/data/attributes/email" },
            },
          ],
        },
        payloadPath: "data",
      },
      fail({ message: "Invalid Attribute", code: undefined, validationMessages: ["email: must be a valid email"] }),
    ],
    [
      "JSON:API, several errors, a code, one without pointer or detail",
      {
        status: 422,
        body: {
          message: "Unprocessable",
          errors: [
            { title: "Required", code: "E1", source: { pointer: "/data/attributes/first_name" } },
            { detail: "bad phone" },
            { title: "" },
            "ignored string",
          ],
        },
        payloadPath: "data",
      },
      fail({
        message: "Unprocessable",
        code: "E1",
        validationMessages: ["first_name: Required", "bad phone", "invalid"],
      }),
    ],
    [
      "LeanLaw 401 unpublished shape",
      { status: 401, body: { message: "No API key" }, payloadPath: "data" },
      fail({ message: "No API key" }),
    ],
    [
      "an `error` string",
      { status: 403, body: { error: "token invalid" }, payloadPath: "data" },
      fail({ message: "token invalid" }),
    ],
    ["a text body", { status: 500, body: "oops", payloadPath: "data" }, fail()],
    [
      "an errors array of strings",
      { status: 400, body: { errors: ["a", "b"] }, payloadPath: "data" },
      fail({ message: undefined, validationMessages: ["a", "b"] }),
    ],
    [
      "an errors array of numbers",
      { status: 400, body: { errors: [1, null] }, payloadPath: "data" },
      fail({ message: undefined, validationMessages: ["1", "null"] }),
    ],
  ];
  for (const [name, given, want] of cases) test(name, () => expect(normalizeData(given)).toEqual(want));
});

describe("normalizeUnwrapped (Happy Grasshopper)", () => {
  const laravelList = {
    data: [{ id: 1, first_name: "Ann" }],
    links: {
      first: "https://x/contacts?page=1",
      last: "https://x/contacts?page=3",
      prev: null,
      next: "https://x/contacts?page=2",
    },
    meta: { current_page: 1, from: 1, last_page: 3, path: "https://x/contacts", per_page: 15, to: 15, total: 40 },
  };
  const cases: Case[] = [
    [
      "an unwrapped resource",
      { status: 200, body: { id: 1, first_name: "Ann" }, payloadPath: "" },
      { ok: true, payload: { id: 1, first_name: "Ann" }, warnings: [] },
    ],
    [
      "a Laravel-paginated list",
      { status: 200, body: laravelList, payloadPath: "" },
      { ok: true, payload: laravelList, warnings: [] },
    ],
    [
      "a nested payload path",
      { status: 200, body: laravelList, payloadPath: "meta.total" },
      { ok: true, payload: 40, warnings: [] },
    ],
    [
      "Laravel 422",
      {
        status: 422,
        body: {
          message: "The given data was invalid.",
          errors: { email: ["The email must be a valid email address."], tags: ["Too many.", "Bad."] },
        },
        payloadPath: "",
      },
      fail({
        message: "The given data was invalid.",
        validationMessages: ["email: The email must be a valid email address.", "tags: Too many.", "tags: Bad."],
      }),
    ],
    [
      "field messages that are not arrays",
      { status: 422, body: { message: "x", errors: { a: "one", b: { n: 1 } } }, payloadPath: "" },
      fail({ message: "x", validationMessages: ["a: one", 'b: {"n":1}'] }),
    ],
    [
      "an `error` string",
      { status: 401, body: { error: "Unauthenticated." }, payloadPath: "" },
      fail({ message: "Unauthenticated." }),
    ],
    ["no body", { status: 502, body: undefined, payloadPath: "" }, fail()],
  ];
  for (const [name, given, want] of cases) test(name, () => expect(normalizeUnwrapped(given)).toEqual(want));
});

describe("normalizeHatebase", () => {
  const vocabulary = {
    version: "4.4",
    datetime: "2026-11-23 12:00:00",
    query: { page: "1" },
    number_of_results: "2",
    number_of_pages: "1",
    page: "1",
    result: [{ term: "a" }, { term: "b" }],
    errors: [],
    warnings: [["301", "Deprecated parameter"]],
  };
  const cases: Case[] = [
    [
      "results with a warning",
      { status: 200, body: vocabulary, payloadPath: "result" },
      { ok: true, payload: vocabulary.result, warnings: [{ code: "301", message: "Deprecated parameter" }] },
    ],
    [
      "seed errors with HTTP 200",
      {
        status: 200,
        body: {
          datetime: "x",
          result: [],
          errors: [
            [789, "Incorrect key"],
            ["012", "Unspecified format"],
          ],
        },
        payloadPath: "result",
      },
      fail({
        message: "Incorrect key",
        code: "789",
        validationMessages: ["789: Incorrect key", "012: Unspecified format"],
      }),
    ],
    [
      "errors as objects and bare strings, warnings kept",
      {
        status: 200,
        body: { errors: [{ code: 5, message: "x" }, "plain", { 0: "7", 1: "indexed" }, 42], warnings: ["w"] },
        payloadPath: "result",
      },
      fail({
        message: "x",
        code: "5",
        validationMessages: ["5: x", "plain", "7: indexed"],
        warnings: [{ message: "w" }],
      }),
    ],
    [
      "a 500 with an envelope and no errors",
      { status: 500, body: { result: null }, payloadPath: "result" },
      fail({ message: undefined, code: undefined }),
    ],
    [
      "a 500 with a message",
      { status: 500, body: { message: "down" }, payloadPath: "result" },
      fail({ message: "down", code: undefined }),
    ],
    [
      "a non-object success is not a result set",
      { status: 200, body: "hi", payloadPath: "result" },
      fail({ message: "the response is not a Hatebase result set", unexpected: true }),
    ],
    ["a non-object failure", { status: 503, body: undefined, payloadPath: "result" }, fail()],
  ];
  for (const [name, given, want] of cases) test(name, () => expect(normalizeHatebase(given)).toEqual(want));
});

describe("messagePairs", () => {
  const cases: [string, unknown, ReturnType<typeof messagePairs>][] = [
    ["not an array", { a: 1 }, []],
    ["a pair", [["1001", "Token expired"]], [{ code: "1001", message: "Token expired" }]],
    ["a lone code", [["E1"]], [{ code: "E1", message: "E1" }]],
    ["a null code", [[null, "m"]], [{ message: "m" }]],
    ["an object message is JSON, not [object Object]", [["E", { why: "x" }]], [{ code: "E", message: '{"why":"x"}' }]],
    ["an object entry", [{ code: "C", message: "M" }], [{ code: "C", message: "M" }]],
    ["an object entry without message", [{ code: "C" }], [{ code: "C", message: "C" }]],
    ["an empty object entry", [{}], [{ message: "" }]],
    ["numbers and nulls are skipped", [1, null], []],
  ];
  for (const [name, given, want] of cases) test(name, () => expect(messagePairs(given)).toEqual(want));
});

describe("envelopes table", () => {
  test("has one normalizer per kind", () => {
    expect(Object.keys(envelopes).sort()).toEqual(["data", "hatebase", "result-data", "unwrapped"]);
  });
});

describe("parseBody", () => {
  // The transport reads a body as text (`response.text()`, UTF-8 with replacement characters); this is the same.
  const enc = (text: string | Uint8Array) => (typeof text === "string" ? text : new TextDecoder().decode(text));
  const cases: [string, string, string | null, ReturnType<typeof parseBody>][] = [
    ["empty", enc(""), "application/json", { kind: "empty" }],
    ["whitespace", enc(" \n "), null, { kind: "empty" }],
    ["json", enc('{"a":1}'), "application/json", { kind: "json", value: { a: 1 } }],
    ["json without a content type", enc("[1,2]"), null, { kind: "json", value: [1, 2] }],
    ["json scalar", enc("null"), "application/json", { kind: "json", value: null }],
    [
      "html by content type",
      enc("<p>x</p>"),
      "text/html; charset=utf-8",
      { kind: "text", text: "<p>x</p>", reason: "html" },
    ],
    [
      "html by sniffing",
      enc("  <!DOCTYPE html><html>"),
      "application/json",
      { kind: "text", text: "  <!DOCTYPE html><html>", reason: "html" },
    ],
    ["truncated json", enc('{"a":'), "application/json", { kind: "text", text: '{"a":', reason: "not-json" }],
    [
      "invalid utf-8 is replaced, not thrown",
      enc(new Uint8Array([0xff, 0xfe])),
      null,
      { kind: "text", text: "\ufffd\ufffd", reason: "not-json" },
    ],
  ];
  for (const [name, bytes, type, want] of cases) test(name, () => expect(parseBody(bytes, type)).toEqual(want));

  test("deeply nested JSON parses or falls back, never throws", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    expect(["json", "text"]).toContain(parseBody(enc(deep), null).kind);
  });
});

describe("getPath", () => {
  const body = { a: { b: [{ c: 1 }] }, n: null };
  const cases: [string, unknown, string, unknown][] = [
    ["the whole value", body, "", body],
    ["a nested key", body, "a.b", body.a.b],
    ["an array index", body, "a.b.0.c", 1],
    ["missing", body, "a.x.y", undefined],
    ["through null", body, "n.x", undefined],
    ["through a primitive", "text", "length", undefined],
    ["from undefined", undefined, "a", undefined],
  ];
  for (const [name, value, path, want] of cases) test(name, () => expect(getPath(value, path)).toEqual(want));
});

describe("property: arbitrary JSON or text through parseBody and every normalizer", () => {
  const kinds = Object.keys(envelopes) as EnvelopeKind[];
  const bodies = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string(),
    fc.uint8Array().map((b) => new TextDecoder().decode(b)),
    fc
      .record({
        result: fc.constantFrom("success", "error", 1, null),
        data: fc.jsonValue(),
        message: fc.jsonValue(),
        errors: fc.jsonValue(),
        warnings: fc.jsonValue(),
      })
      .map((v) => JSON.stringify(v)),
  );
  test("yields a normalized value, never a throw", () => {
    fc.assert(
      fc.property(
        bodies,
        fc.integer({ min: 200, max: 599 }),
        fc.constantFrom("", "data", "result", "a.b"),
        fc.option(fc.constantFrom("application/json", "text/html", "text/plain")),
        (text, status, payloadPath, type) => {
          const parsed = parseBody(text, type);
          const body = parsed.kind === "json" ? parsed.value : undefined;
          for (const kind of kinds) {
            const normalized = envelopes[kind]({ status, body, payloadPath });
            expect(typeof normalized.ok).toBe("boolean");
            expect(Array.isArray(normalized.warnings)).toBe(true);
            if (!normalized.ok) {
              expect(Array.isArray(normalized.validationMessages)).toBe(true);
              for (const m of normalized.validationMessages) expect(typeof m).toBe("string");
              expect(["string", "undefined"]).toContain(typeof normalized.message);
              expect(["string", "undefined"]).toContain(typeof normalized.code);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
