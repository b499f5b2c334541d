import { listOperations, validateSpecExamples } from "@hatchery/test-utils";
import { describe, expect, it } from "vitest";
import {
  createHatebaseFake,
  HATEBASE_CODES,
  type HatebaseFake,
  type HatebaseFakeOptions,
} from "../src/testing/index.js";
import { checkBody, operationFor, spec } from "./helpers.js";

const BASE = "http://127.0.0.1:1/4-4";

function post(endpoint: string, fields: Record<string, string | number | boolean> = {}, base = BASE): Request {
  const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  return new Request(`${base}/${endpoint}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function answer(fake: HatebaseFake, request: Request): Promise<Answer> {
  const response = await fake.handler(request);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function token(fake: HatebaseFake): Promise<string> {
  const { body } = await answer(fake, post("authenticate", { api_key: fake.apiKey }));
  return (body.result as { token: string }).token;
}

describe("the spec", () => {
  it("has every example valid against its schema", () => {
    const results = validateSpecExamples(spec);
    expect(results.length).toBeGreaterThanOrEqual(25);
    expect(results.filter((r) => r.problems.length > 0)).toEqual([]);
  });

  it("names all six endpoints, every one a POST", () => {
    expect(listOperations(spec).map((o) => `${o.method} ${o.path} ${o.id}`)).toEqual([
      "POST /authenticate authenticate",
      "POST /get_vocabulary getVocabulary",
      "POST /get_vocabulary_details getVocabularyDetails",
      "POST /get_sightings getSightings",
      "POST /analyze analyze",
      "POST /get_analysis getAnalysis",
    ]);
  });
});

type Case = [
  name: string,
  options: HatebaseFakeOptions,
  run: (fake: HatebaseFake) => Promise<Answer>,
  errorCode?: number,
];

const cases: Record<string, Case[]> = {
  authenticate: [
    ["a token", {}, (f) => answer(f, post("authenticate", { api_key: f.apiKey, format: "json" }))],
    ["no key", {}, (f) => answer(f, post("authenticate")), HATEBASE_CODES.missingKey],
    ["a wrong key", {}, (f) => answer(f, post("authenticate", { api_key: "nope" })), HATEBASE_CODES.incorrectKey],
    [
      "a format other than json",
      {},
      (f) => answer(f, post("authenticate", { api_key: f.apiKey, format: "xml" })),
      2002,
    ],
    [
      "the daily limit",
      { dailyLimit: 1 },
      async (f) => {
        await token(f);
        return answer(f, post("authenticate", { api_key: f.apiKey }));
      },
      HATEBASE_CODES.dailyLimit,
    ],
  ],
  getVocabulary: [
    ["page 1, every filter left out", {}, async (f) => answer(f, post("get_vocabulary", { token: await token(f) }))],
    ["the last page", {}, async (f) => answer(f, post("get_vocabulary", { token: await token(f), page: 3 }))],
    ["a page past the end", {}, async (f) => answer(f, post("get_vocabulary", { token: await token(f), page: 9 }))],
    [
      "every filter",
      {},
      async (f) =>
        answer(
          f,
          post("get_vocabulary", {
            token: await token(f),
            keywords: "placeholder",
            language: "ENG",
            is_about_class: true,
            is_about_gender: false,
            created_from: "2017-01-01 00:00:00",
            updated_to: "2022-01-01 00:00:00",
          }),
        ),
    ],
    [
      "JSON types (looseTypes: false)",
      { looseTypes: false },
      async (f) => answer(f, post("get_vocabulary", { token: await token(f) })),
    ],
    ["no token", {}, (f) => answer(f, post("get_vocabulary")), HATEBASE_CODES.invalidToken],
    [
      "an unknown token",
      {},
      (f) => answer(f, post("get_vocabulary", { token: "forged" })),
      HATEBASE_CODES.invalidToken,
    ],
    [
      "an expired token",
      {},
      async (f) => {
        const t = await token(f);
        f.expireTokens();
        return answer(f, post("get_vocabulary", { token: t }));
      },
      HATEBASE_CODES.expiredToken,
    ],
    ["a bad page", {}, async (f) => answer(f, post("get_vocabulary", { token: await token(f), page: 0 })), 2002],
    [
      "a bad flag",
      {},
      async (f) => answer(f, post("get_vocabulary", { token: await token(f), is_about_class: "yes" })),
      2002,
    ],
    [
      "a bad language",
      {},
      async (f) => answer(f, post("get_vocabulary", { token: await token(f), language: "E" })),
      2002,
    ],
    [
      "page 2 on a trial plan",
      { plan: "trial" },
      async (f) => answer(f, post("get_vocabulary", { token: await token(f), page: 2 })),
      HATEBASE_CODES.trialPage,
    ],
    [
      "page 2 on a trial plan that serves page 1",
      { plan: "trial", trialRefusal: "page-1" },
      async (f) => answer(f, post("get_vocabulary", { token: await token(f), page: 2 })),
    ],
  ],
  getVocabularyDetails: [
    [
      "one term",
      {},
      async (f) => answer(f, post("get_vocabulary_details", { token: await token(f), vocabulary_id: "EXV0001" })),
    ],
    ["no id", {}, async (f) => answer(f, post("get_vocabulary_details", { token: await token(f) })), 2001],
    [
      "an unknown id",
      {},
      async (f) => answer(f, post("get_vocabulary_details", { token: await token(f), vocabulary_id: "X" })),
      2002,
    ],
  ],
  getSightings: [
    ["one year", {}, async (f) => answer(f, post("get_sightings", { token: await token(f), year: 2020 }))],
    [
      "a country and city",
      {},
      async (f) =>
        answer(f, post("get_sightings", { token: await token(f), year: 2020, country: "XA", city: "Sampleton" })),
    ],
    [
      "a circle",
      {},
      async (f) =>
        answer(
          f,
          post("get_sightings", { token: await token(f), year: 2021, latitude: 10.5, longitude: -20.25, radius: 80 }),
        ),
    ],
    ["no year", {}, async (f) => answer(f, post("get_sightings", { token: await token(f) })), 2001],
    [
      "a city without a country",
      {},
      async (f) => answer(f, post("get_sightings", { token: await token(f), year: 2020, city: "X" })),
      2002,
    ],
    [
      "half a circle",
      {},
      async (f) => answer(f, post("get_sightings", { token: await token(f), year: 2020, latitude: 1, longitude: 2 })),
      2002,
    ],
    [
      "a radius over 100 km",
      {},
      async (f) =>
        answer(f, post("get_sightings", { token: await token(f), year: 2020, latitude: 1, longitude: 2, radius: 101 })),
      2002,
    ],
  ],
  analyze: [
    [
      "a text",
      {},
      async (f) =>
        answer(
          f,
          post("analyze", {
            token: await token(f),
            content: "A synthetic text long enough for the fake analyzer, fifty plus.",
          }),
        ),
    ],
    [
      "a short text (warning)",
      {},
      async (f) => answer(f, post("analyze", { token: await token(f), content: "Twenty-five chars or more." })),
    ],
    ["too short", {}, async (f) => answer(f, post("analyze", { token: await token(f), content: "short" })), 2002],
    ["no content", {}, async (f) => answer(f, post("analyze", { token: await token(f) })), 2001],
  ],
  getAnalysis: [
    ...(["pending", "found", "nothing found", "undecided"] as const).map(
      (kind): Case => [
        kind,
        { analysisPolls: kind === "pending" ? 1 : 0 },
        async (f) => {
          const t = await token(f);
          const term = f.state.terms[0]?.term ?? "";
          const content = {
            pending: "Anything at all, long enough to be queued here.",
            found: `This synthetic text contains ${term} for the fake analyzer.`,
            "nothing found": "This synthetic text contains nothing the fake knows about.",
            undecided: "This synthetic text says it is ambiguous on purpose.",
          }[kind];
          const queued = await answer(f, post("analyze", { token: t, content }));
          const id = (queued.body.result as { request_id: string }).request_id;
          return answer(f, post("get_analysis", { token: t, request_id: id }));
        },
      ],
    ),
    [
      "an unknown id",
      {},
      async (f) => answer(f, post("get_analysis", { token: await token(f), request_id: "EXR9" })),
      2002,
    ],
  ],
};

describe.each(Object.entries(cases))("every answer of the fake to %s matches the spec", (operation, list) => {
  it.each(list)("%s", async (_name, options, run, errorCode) => {
    const fake = createHatebaseFake({ terms: 230, sightings: 400, ...options });
    const { status, body } = await run(fake);
    expect(status).toBe(200);
    const errors = body.errors as unknown[];
    if (errorCode === undefined) expect(errors).toEqual([]);
    else expect((errors[0] as unknown[])[0]).toBe(errorCode);
    expect(checkBody(operation as never, status, body)).toEqual([]);
  });
});

describe("the wire types", () => {
  it("sends numbers and flags as strings, as Hatebase did; the client's coercion makes them spec types", async () => {
    const fake = createHatebaseFake();
    const { body } = await answer(fake, post("get_vocabulary", { token: await token(fake) }));
    const item = (body.result as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect([typeof body.page, typeof body.number_of_pages, typeof item.is_about_class]).toEqual([
      "string",
      "string",
      "string",
    ]);
    expect(checkBody("getVocabulary", 200, body)).toEqual([]);
  });
});

describe("routing errors", () => {
  it.each([
    ["an unknown version", post("authenticate", {}, "http://127.0.0.1:1/4-3"), 404],
    ["an unknown endpoint", post("get_everything", {}), 404],
    ["a GET", new Request(`${BASE}/get_vocabulary`), 405],
  ])("%s is an HTTP error with the error envelope", async (_name, request, status) => {
    const fake = createHatebaseFake();
    const result = await answer(fake, request);
    expect(result.status).toBe(status);
    expect(checkBody(operationFor("/x/get_vocabulary") ?? "getVocabulary", status, result.body)).toEqual([]);
  });

  it.each([401, 403, 429, 500, 503])("an injected %i carries the error envelope", async (status) => {
    const fake = createHatebaseFake();
    fake.inject({ status });
    const result = await answer(fake, post("get_vocabulary"));
    expect(result.status).toBe(status);
    expect(checkBody("getVocabulary", status, result.body)).toEqual([]);
  });
});

describe("the checker itself", () => {
  it("catches drift: a term without its id, a flag that is no boolean, an error pair without a message", () => {
    expect(checkBody("getVocabulary", 200, { result: [{ term: "zqx" }] })).not.toEqual([]);
    expect(checkBody("getAnalysis", 200, { result: { complete: "maybe" } })).not.toEqual([]);
    expect(checkBody("getVocabulary", 200, { errors: [[2002]] })).not.toEqual([]);
  });
});
