import { describe, expect, test } from "vitest";
import { type CoercionRule, coerce, parseExpiry } from "../src/index.js";

describe("coerce", () => {
  const cases: [name: string, body: unknown, rules: CoercionRule[] | undefined, want: unknown][] = [
    ["no rules", { n: "3" }, undefined, { n: "3" }],
    ["integer string", { n: "3" }, [["n", "integer"]], { n: 3 }],
    ["negative integer", { n: "-12" }, [["n", "integer"]], { n: -12 }],
    ["fraction is not an integer", { n: "3.5" }, [["n", "integer"]], { n: "3.5" }],
    ["fraction as a number", { n: "3.5" }, [["n", "number"]], { n: 3.5 }],
    ["exponent", { n: "2e3" }, [["n", "number"]], { n: 2000 }],
    ["padded", { n: " 7 " }, [["n", "integer"]], { n: 7 }],
    ["hex is not a decimal", { n: "0x10" }, [["n", "integer"]], { n: "0x10" }],
    ["binary is not a decimal", { n: "0b11" }, [["n", "number"]], { n: "0b11" }],
    ["Infinity stays a string", { n: "Infinity" }, [["n", "number"]], { n: "Infinity" }],
    ["an overflow stays a string", { n: "1e400" }, [["n", "number"]], { n: "1e400" }],
    [
      "an unsafe integer stays a string",
      { n: "12345678901234567890" },
      [["n", "integer"]],
      { n: "12345678901234567890" },
    ],
    ["empty string", { n: "" }, [["n", "integer"]], { n: "" }],
    ["garbage", { n: "abc" }, [["n", "number"]], { n: "abc" }],
    ["already a number", { n: 4 }, [["n", "integer"]], { n: 4 }],
    [
      "boolean strings",
      { a: "true", b: "false", c: "1", d: "0", e: 1, f: 0, g: "yes" },
      [
        ["a", "boolean"],
        ["b", "boolean"],
        ["c", "boolean"],
        ["d", "boolean"],
        ["e", "boolean"],
        ["f", "boolean"],
        ["g", "boolean"],
      ],
      { a: true, b: false, c: true, d: false, e: true, f: false, g: "yes" },
    ],
    ["nested path", { meta: { total: "40" } }, [["meta.total", "integer"]], { meta: { total: 40 } }],
    ["array elements", { ids: ["1", "2", "x"] }, [["ids[]", "integer"]], { ids: [1, 2, "x"] }],
    [
      "a field of every element",
      { items: [{ n: "1" }, { n: "2" }, null] },
      [["items[].n", "integer"]],
      { items: [{ n: 1 }, { n: 2 }, null] },
    ],
    ["the root array", ["1", "2"], [["[]", "integer"]], [1, 2]],
    ["a missing key is not created", { a: 1 }, [["b", "integer"]], { a: 1 }],
    ["a path through a primitive", { a: 1 }, [["a.b", "integer"]], { a: 1 }],
    ["[] on a non-array", { ids: "1" }, [["ids[]", "integer"]], { ids: "1" }],
    ["a primitive body", "3", [["n", "integer"]], "3"],
    ["an empty path", { a: "1" }, [["", "integer"]], { a: "1" }],
  ];
  for (const [name, body, rules, want] of cases) test(name, () => expect(coerce(body, rules)).toEqual(want));
});

describe("parseExpiry", () => {
  const cases: [name: string, value: unknown, format: Parameters<typeof parseExpiry>[1], want: number | undefined][] = [
    ["Hatebase GMT datetime", "2018-01-01 12:00:00", "gmt-datetime", Date.UTC(2018, 0, 1, 12, 0, 0)],
    ["GMT datetime with a T", "2026-11-23T08:30:05", "gmt-datetime", Date.UTC(2026, 10, 23, 8, 30, 5)],
    ["GMT datetime, padded", " 2026-11-23 08:30:05 ", "gmt-datetime", Date.UTC(2026, 10, 23, 8, 30, 5)],
    ["GMT datetime with a zone is not the format", "2026-11-23 08:30:05Z", "gmt-datetime", undefined],
    ["GMT datetime, garbage", "tomorrow", "gmt-datetime", undefined],
    ["GMT datetime, a number", 1_700_000_000, "gmt-datetime", undefined],
    ["ISO", "2026-11-23T08:30:05Z", "iso", Date.UTC(2026, 10, 23, 8, 30, 5)],
    ["ISO with offset", "2026-11-23T09:30:05+01:00", "iso", Date.UTC(2026, 10, 23, 8, 30, 5)],
    ["ISO garbage", "not a date", "iso", undefined],
    ["ISO, not a string", {}, "iso", undefined],
    ["epoch seconds", 1_700_000_000, "epoch-seconds", 1_700_000_000_000],
    ["epoch seconds as a string", "1700000000", "epoch-seconds", 1_700_000_000_000],
    ["epoch zero is no expiry", 0, "epoch-seconds", undefined],
    ["epoch negative", -5, "epoch-seconds", undefined],
    ["epoch garbage", "soon", "epoch-seconds", undefined],
    ["epoch of another type", true, "epoch-seconds", undefined],
  ];
  for (const [name, value, format, want] of cases) test(name, () => expect(parseExpiry(value, format)).toBe(want));
});
