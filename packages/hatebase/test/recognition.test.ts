// Hatebase defines no error codes the client could rely on (the spec's DECISION): a dead token and the trial
// plan's page limit are recognised by what the answer means. These tests put wordings and codes in front of
// the real fake, over loopback, that the fake itself never sends.
import { isConfigurationError, isPageLimitError } from "@hatchery/core";
import { afterEach, describe, expect, it } from "vitest";
import { createHatebaseClient, isApiError } from "../src/index.js";
import {
  createHatebaseFake,
  HATEBASE_CODES,
  hatebaseErrorBody,
  type ServedHandler,
  serve,
} from "../src/testing/index.js";

const servers: ServedHandler[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The fake, with every answer carrying one of `codes` replaced by `replacement` (a mirror's own words). */
async function mirror(codes: number[], replacement: () => Response, fakeOptions = {}) {
  const fake = createHatebaseFake(fakeOptions);
  const server = await serve(async (request) => {
    const response = await fake.handler(request);
    const body = await response
      .clone()
      .json()
      .catch(() => undefined);
    const code = (body as { errors?: [number, string][] } | undefined)?.errors?.[0]?.[0];
    return code !== undefined && codes.includes(code) ? replacement() : response;
  });
  servers.push(server);
  const client = createHatebaseClient({ apiKey: fake.apiKey, baseUrl: `${server.url}/{version}`, retry: false });
  return { fake, client };
}

const pairs = (status: number, errors: [number | string, string][]) => () =>
  Response.json(hatebaseErrorBody(errors), { status });

const DETAILS = { vocabulary_id: "EXV0001" };

describe("a token the server invalidated is renewed on the next call, in any wording", () => {
  const wordings: [string, () => Response][] = [
    ["'Token expired' with a code nobody documented", pairs(200, [[7001, "Token expired"]])],
    ["'Unknown session token' with a string code", pairs(200, [["AUTH_TOKEN", "Unknown session token"]])],
    ["'token not authorized' with HTTP 400", pairs(400, [[400, "token not authorized"]])],
    ["'Your session is no longer valid'", pairs(200, [[0, "Your session is no longer valid"]])],
    ["HTTP 401 with no body", () => new Response(null, { status: 401 })],
    [
      "HTTP 403 with an HTML page",
      () => new Response("<title>403 Forbidden</title>", { status: 403, headers: { "content-type": "text/html" } }),
    ],
  ];
  for (const [name, answer] of wordings) {
    it(name, async () => {
      const { client, fake } = await mirror([HATEBASE_CODES.invalidToken, HATEBASE_CODES.expiredToken], answer);
      await client.getVocabularyDetails(DETAILS);
      fake.state.tokens.clear(); // the server forgot the token, well before its expires_on
      const [a, b, c] = await Promise.all([
        client.getVocabularyDetails(DETAILS),
        client.getVocabularyDetails(DETAILS),
        client.getVocabularyDetails(DETAILS),
      ]);
      expect([a.vocabulary_id, b.vocabulary_id, c.vocabulary_id]).toEqual(["EXV0001", "EXV0001", "EXV0001"]);
      // One authenticate shared by the three callers that saw the dead token.
      expect(fake.counters.authentications).toBe(2);
    });
  }

  it("a failure that is not about the token (a daily limit) does not authenticate again", async () => {
    const { client, fake } = await mirror([], pairs(200, []), { dailyLimit: 2 });
    await client.getVocabularyDetails(DETAILS);
    const error = await rejection(client.getVocabularyDetails(DETAILS));
    expect(error).toMatchObject({ code: String(HATEBASE_CODES.dailyLimit) });
    expect(fake.counters.authentications).toBe(1);
  });
});

describe("the trial plan's page limit is a PageLimitError, in any wording", () => {
  const refusals: [string, () => Response, string | undefined][] = [
    ["the fake's own answer (code 2003)", () => new Response("unused"), "2003"],
    ["another code and wording", pairs(200, [[5120, "Your plan only allows the first page of results"]]), "5120"],
    [
      "no code at all",
      () => Response.json({ ...hatebaseErrorBody([]), errors: ["Upgrade to see more pages"] }),
      undefined,
    ],
    ["HTTP 402 Payment Required", pairs(402, [[402, "Payment Required"]]), "402"],
  ];
  for (const [name, answer, code] of refusals) {
    it(name, async () => {
      const own = code === "2003";
      const { client, fake } = await mirror(own ? [] : [HATEBASE_CODES.trialPage], answer, { plan: "trial" });
      const seen: string[] = [];
      const error = await rejection(
        (async () => {
          for await (const term of client.getVocabulary()) seen.push(term.term);
        })(),
      );
      expect(seen).toHaveLength(100);
      expect(isPageLimitError(error)).toBe(true);
      expect(error).toMatchObject({ operation: "getVocabulary", page: 2, pagesRead: 1, code });
      expect((error as Error).message).toContain("Hatebase trial plans are limited to page 1");
      expect(fake.counters.calls.get_vocabulary).toBe(2);
    });
  }

  it("a daily limit reached on page 2 stays the provider's error", async () => {
    const { client } = await mirror([], pairs(200, []), { dailyLimit: 2 });
    const error = await rejection(client.getVocabulary().toArray());
    expect(isPageLimitError(error)).toBe(false);
    expect(isApiError(error)).toBe(true);
    expect(error).toMatchObject({ code: String(HATEBASE_CODES.dailyLimit) });
  });
});

describe("a baseUrl without {version}", () => {
  for (const baseUrl of ["https://mirror.example", "https://mirror.example/", "https://mirror.example/4-4"]) {
    it(`${baseUrl} is refused with a ConfigurationError that says how to write it`, () => {
      let error: unknown;
      try {
        createHatebaseClient({ apiKey: "k", baseUrl });
      } catch (e) {
        error = e;
      }
      expect(isConfigurationError(error)).toBe(true);
      expect((error as Error).message).toBe(
        'Hatebase: baseUrl must contain {version} where the API\'s URL has it (https://api.hatebase.org/{version}), e.g. "https://mirror.example/{version}"; the client fills it in.',
      );
    });
  }

  it("with {version}, the version option fills it in", async () => {
    const fake = createHatebaseFake({ versions: ["4-3"] });
    const server = await serve(fake.handler);
    servers.push(server);
    const client = createHatebaseClient({ apiKey: fake.apiKey, baseUrl: `${server.url}/{version}`, version: "4-3" });
    await client.getVocabularyDetails(DETAILS);
    expect(fake.counters.authentications).toBe(1);
  });
});

async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
