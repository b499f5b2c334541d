import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { createLogger, isApiError, isNotFoundError, isPageLimitError, rawClient } from "../src/index.js";
import { recordRequests } from "../src/testing/index.js";
import { rejection, setup } from "./helpers.js";

describe("every operation over HTTP against the fake", () => {
  it("authenticate: returns the token and its expiry (callers rarely need it)", async () => {
    const { client, fake, wire } = await setup();
    const result = await client.authenticate();
    expect(result.token).toMatch(/^hbtok_/);
    expect(result.expires_on).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(fake.counters.authentications).toBe(1);
    expect(wire.problems).toEqual([]);
  });

  it("getVocabulary: the first page, typed and coerced (numbers and booleans, not strings)", async () => {
    const { client, wire } = await setup();
    const page = await client.getVocabulary({ language: "ENG" });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.info).toEqual({ page: 1, lastPage: page.body.number_of_pages });
    expect(typeof page.body.number_of_results).toBe("number");
    const term = page.items[0];
    expect(term?.language).toBe("ENG");
    expect(typeof term?.is_about_class).toBe("boolean");
    expect(typeof term?.number_of_sightings).toBe("number");
    expect(wire.problems).toEqual([]);
  });

  it("getVocabulary: iterates every term across pages, one query per page", async () => {
    const { client, calls } = await setup({ fake: { terms: 230 } });
    const ids = [];
    for await (const term of client.getVocabulary()) ids.push(term.vocabulary_id);
    expect(ids.length).toBe(230);
    expect(new Set(ids).size).toBe(230);
    expect(calls("get_vocabulary")).toBe(3);
  });

  it("getVocabulary: maxItems stops early and fetches no further page", async () => {
    const { client, calls } = await setup({ fake: { terms: 230 } });
    expect((await client.getVocabulary({}, { maxItems: 120 }).toArray()).length).toBe(120);
    expect(calls("get_vocabulary")).toBe(2);
  });

  it("getVocabulary: sends filters form-encoded, booleans as the strings true/false", async () => {
    const seen: string[] = [];
    const { client } = await setup({
      wrap: (h) => async (request) => {
        if (request.url.endsWith("/get_vocabulary")) {
          seen.push(request.headers.get("content-type") ?? "", await request.clone().text());
        }
        return h(request);
      },
    });
    await client.getVocabulary({ is_about_class: true, is_about_gender: false, keywords: "a b" });
    expect(seen[0]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(seen[1]);
    expect([form.get("is_about_class"), form.get("is_about_gender"), form.get("keywords")]).toEqual([
      "true",
      "false",
      "a b",
    ]);
    expect(form.get("token")).toMatch(/^hbtok_/);
  });

  it("getVocabularyDetails: one term with groups and per-country counts", async () => {
    const { client, fake, wire } = await setup();
    const term = await client.getVocabularyDetails({ vocabulary_id: "EXV0002" });
    expect(term.term).toBe(fake.state.terms[1]?.term);
    expect(Array.isArray(term.nationalities)).toBe(true);
    expect(typeof term.is_archaic).toBe("boolean");
    expect(wire.problems).toEqual([]);
  });

  it("getSightings: a year, a place and a circle, across pages", async () => {
    const { client, fake, wire } = await setup({ fake: { sightings: 400 } });
    const year2020 = await client.getSightings({ year: 2020 }).toArray();
    const expected = fake.state.sightings.filter((s) => s.sighted_on.startsWith("2020")).length;
    expect(year2020.length).toBe(expected);
    expect(year2020.every((s) => s.sighted_on?.startsWith("2020"))).toBe(true);
    const inCity = await client.getSightings({ year: 2020, country: "XA", city: "Sampleton" }).toArray();
    expect(inCity.every((s) => s.city === "Sampleton")).toBe(true);
    const near = await client.getSightings({ year: 2020, latitude: 45.1, longitude: 12.3, radius: 10 }).toArray();
    expect(near.length).toBeGreaterThan(0);
    expect(near.every((s) => s.country_id === "XB" && typeof s.latitude === "number")).toBe(true);
    expect(wire.problems).toEqual([]);
  });

  it("analyze and getAnalysis: queue, poll until complete; warnings are on the result", async () => {
    const { client, fake, wire } = await setup({ fake: { analysisPolls: 1 } });
    const term = fake.state.terms[3]?.term ?? "";
    const queued = await client.analyze({ content: `A short text: ${term} in it.`, language: "ENG" }).withResponse();
    expect(queued.warnings).toEqual([{ code: "4001", message: expect.stringContaining("50 characters") }]);
    const id = queued.data.request_id;
    expect((await client.getAnalysis({ request_id: id })).complete).toBe(false);
    const done = await client.getAnalysis({ request_id: id });
    expect(done).toMatchObject({ complete: true, result: true, term });
    expect(fake.counters.analysesQueued).toBe(1);
    expect(wire.problems).toEqual([]);
  });

  it("getAnalysis: an undecided outcome stays the string 'unknown'", async () => {
    const { client } = await setup({ fake: { analysisPolls: 0 } });
    const { request_id } = await client.analyze({ content: "This text is ambiguous, on purpose, for the fake." });
    expect((await client.getAnalysis({ request_id })).result).toBe("unknown");
  });

  it("the raw client reaches the API on the same transport (the token is the caller's to add there)", async () => {
    const { client } = await setup();
    const { token } = await client.authenticate();
    const { data, response } = await rawClient(client).POST("/get_vocabulary_details", {
      body: { token, vocabulary_id: "EXV0001" },
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(200);
    expect(data?.result.vocabulary_id).toBe("EXV0001");
  });
});

describe("the version option", () => {
  it("is part of the URL: 4-4 by default, another one when given", async () => {
    const recorded: string[] = [];
    const { client } = await setup({
      wrap: (h) => async (request) => {
        recorded.push(new URL(request.url).pathname);
        return h(request);
      },
    });
    await client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
    expect(recorded).toEqual(["/4-4/authenticate", "/4-4/get_vocabulary_details"]);

    const old = await setup({ client: { version: "4-3" } });
    const error = await rejection(old.client.getVocabulary());
    expect(isNotFoundError(error)).toBe(true);
    expect(String((error as Error).message)).toContain("/4-3/authenticate");
  });
});

describe("trial plans read page 1 only", () => {
  it.each(["error", "page-1"] as const)(
    "the iterator delivers page 1, then stops with a PageLimitError (refusal: %s)",
    async (trialRefusal) => {
      const { client, calls } = await setup({ fake: { plan: "trial", trialRefusal, terms: 230 } });
      const seen: string[] = [];
      const error = await rejection(
        (async () => {
          for await (const term of client.getVocabulary()) seen.push(term.term);
        })(),
      );
      expect(seen.length).toBe(100);
      expect(isPageLimitError(error)).toBe(true);
      expect(error).toMatchObject({ operation: "getVocabulary", page: 2, pagesRead: 1 });
      expect(String((error as Error).message)).toContain("trial plans are limited to page 1");
      // Never a loop over page 1: one refused (or repeated) page, then nothing.
      expect(calls("get_vocabulary")).toBe(2);
    },
  );

  it("getSightings reports it the same way", async () => {
    const { client } = await setup({ fake: { plan: "trial", sightings: 400 } });
    const error = await rejection(client.getSightings({ year: 2020 }).toArray());
    expect(isPageLimitError(error)).toBe(true);
  });

  it("asking for page 2 directly is the provider's error, with its code", async () => {
    const { client } = await setup({ fake: { plan: "trial" } });
    const error = await rejection(client.getVocabulary({ page: 2 }));
    expect(isPageLimitError(error)).toBe(false);
    expect(error).toMatchObject({ status: 200, code: "2003" });
  });
});

describe("session tokens", () => {
  it("many concurrent calls with no token make exactly one authenticate request", async () => {
    const { client, fake, calls } = await setup();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        client.getVocabularyDetails({ vocabulary_id: `EXV${String((i % 5) + 1).padStart(4, "0")}` }),
      ),
    );
    expect(results.length).toBe(25);
    expect(fake.counters.authentications).toBe(1);
    expect(calls("authenticate")).toBe(1);
  });

  it("an expired token (code 1004) is renewed once and the call retried", async () => {
    const { client, fake } = await setup();
    await client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
    fake.expireTokens();
    const term = await client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
    expect(term.vocabulary_id).toBe("EXV0001");
    expect([fake.counters.authentications, fake.counters.tokenRejections]).toEqual([2, 1]);
  });

  it("an invalid token (code 1003: forgotten by the server) is renewed the same way", async () => {
    const { client, fake } = await setup();
    await client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
    fake.state.tokens.clear();
    await client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
    expect(fake.counters.authentications).toBe(2);
  });

  it("renews ahead of expires_on: a token with minutes left is replaced before it is used", async () => {
    const now = vi.spyOn(Date, "now");
    try {
      const t = Date.now();
      now.mockReturnValue(t);
      const { client, fake } = await setup();
      await client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
      now.mockReturnValue(t + 50 * 60_000); // 10 minutes left: still used
      await client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
      expect(fake.counters.authentications).toBe(1);
      now.mockReturnValue(t + 57 * 60_000); // 3 minutes left: renewed first
      await client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
      expect([fake.counters.authentications, fake.counters.tokenRejections]).toEqual([2, 0]);
    } finally {
      now.mockRestore();
    }
  });

  it("renews only once: a second rejection is an error with its code", async () => {
    const { client, fake } = await setup({
      wrap: (h) => async (request) => {
        const response = await h(request);
        if (request.url.endsWith("/authenticate")) fake.expireTokens();
        return response;
      },
    });
    const error = await rejection(client.getVocabularyDetails({ vocabulary_id: "EXV0001" }));
    expect(isApiError(error)).toBe(true);
    expect(error).toMatchObject({ code: "1004", status: 200 });
    expect(fake.counters.authentications).toBe(2);
  });

  it("a wrong API key is an error with the provider's code; no query is sent", async () => {
    const { client, calls } = await setup({ client: { apiKey: "wrong-key" } });
    const error = await rejection(client.getVocabulary());
    expect(error).toMatchObject({ code: "1002", status: 200 });
    expect(calls("get_vocabulary")).toBe(0);
  });

  it("never shows the key or a token: not in errors, logs or results' errors", async () => {
    const lines: unknown[] = [];
    const log = (...a: unknown[]) => lines.push(a);
    const { client, fake } = await setup({
      client: { logger: createLogger({ debug: log, info: log, warn: log, error: log }, "debug") },
      wrap: (h) => async (request) => {
        const response = await h(request);
        if (request.url.endsWith("/authenticate")) fake.expireTokens();
        return response;
      },
    });
    const error = await rejection(client.getVocabularyDetails({ vocabulary_id: "EXV0001" }));
    const tokens = [...fake.state.tokens.keys()];
    expect(tokens.length).toBe(2);
    const views = [String(error), JSON.stringify(error), inspect(error, { depth: 8 }), JSON.stringify(lines)];
    for (const view of views) {
      expect(view).not.toContain(fake.apiKey);
      for (const token of tokens) expect(view).not.toContain(token);
    }
    expect(lines.length).toBeGreaterThan(0);
  });
});

describe("recording what is sent", () => {
  it("the token goes in the form body, never in a header or the URL", async () => {
    let recorder: ReturnType<typeof recordRequests> | undefined;
    const { client } = await setup({
      wrap: (h) => {
        recorder = recordRequests(h);
        return recorder;
      },
    });
    await client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
    const query = recorder?.requests.find((r) => r.path.endsWith("/get_vocabulary_details"));
    expect(query?.method).toBe("POST");
    expect(query?.body).toMatch(/(^|&)token=hbtok_/);
    expect(query?.url).not.toContain("hbtok_");
    expect(JSON.stringify(query?.headers)).not.toContain("hbtok_");
  });
});
