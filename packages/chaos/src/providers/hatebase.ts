import type { ClientOptions } from "@hatchery/core";
import { createHatebaseClient, type HatebaseClient, type HatebaseClientOptions } from "@hatchery/hatebase";
import { createHatebaseFake, type HatebaseFake } from "@hatchery/hatebase/testing";
import { defineAdapter } from "../adapter.js";

/** Where `effects` finds the marker in an analysis' content: bracketed, so `…-1` never matches `…-10`. */
const tagged = (marker: string) => `[${marker}]`;

/** A complete analysis every fake of the suite holds (put there by `createFake`), for `getAnalysis`. */
const SEEDED_ANALYSIS = "EXR9999999";

/** A term the (seeded) fake always holds. */
const someTermId = (fake: HatebaseFake) => fake.state.terms[0]!.vocabulary_id;

/**
 * Hatebase: session-token auth (the key goes in the form body of `authenticate`, the token in the form body of
 * every other call), errors as `[code, message]` pairs with HTTP 200, page-number lists with the page in the
 * body. Every endpoint is a POST: the reads are marked idempotent in the spec (and `authenticate` too), so
 * they are retried; `analyze` queues an analysis and is not. The marker goes in the analysed content.
 */
export const hatebase = defineAdapter<HatebaseClient, HatebaseFake>({
  dir: "hatebase",
  packageName: "@hatchery/hatebase",
  // A small fake with no daily query limit (the soak sends thousands of queries); small pages so the
  // vocabulary still has several.
  createFake: (apiKey) => {
    const fake = createHatebaseFake({ apiKeys: [apiKey], dailyLimit: false, terms: 30, sightings: 40, pageSize: 10 });
    // A finished analysis to read (ids the fake hands out count up from EXR0000001, so this one never clashes).
    fake.state.analyses.set(SEEDED_ANALYSIS, {
      request_id: SEEDED_ANALYSIS,
      content: "A seeded analysis of synthetic text for the chaos suite.",
      language: "ENG",
      country: null,
      queuedAt: Date.now(),
      pollsLeft: 0,
    });
    return fake;
  },
  handler: (fake) => fake.handler,
  createClient: (options: ClientOptions) =>
    createHatebaseClient({
      ...options,
      // Hatebase's base URL ends with the version (`https://api.hatebase.org/{version}`), and the fake serves
      // `/4-4/...`: another host gets the version too, filled in by the client.
      baseUrl: options.baseUrl ? `${options.baseUrl.replace(/\/+$/, "")}/{version}` : options.baseUrl,
      // No response cache (it is off unless given; this keeps it off): a read answered from it would send
      // nothing, so the fault injected for it would never be met and its attempts would not count.
      cache: undefined,
    } as HatebaseClientOptions),
  // The session tokens the fake handed out: as secret as the key.
  issuedSecrets: (fake) => [...fake.state.tokens.keys()],
  operations: [
    {
      name: "getVocabulary (POST, first page)",
      idempotent: true,
      run: (client, { options }) => client.getVocabulary({ language: "ENG" }, options),
    },
    {
      name: "getVocabularyDetails (POST)",
      idempotent: true,
      run: (client, { fake, options }) => client.getVocabularyDetails({ vocabulary_id: someTermId(fake) }, options),
    },
    {
      name: "getSightings (POST, first page)",
      idempotent: true,
      run: (client, { options }) => client.getSightings({ year: 2020 }, options),
    },
    {
      name: "getAnalysis (POST)",
      idempotent: true,
      run: (client, { options }) => client.getAnalysis({ request_id: SEEDED_ANALYSIS }, options),
    },
    {
      name: "analyze (POST, queues an analysis)",
      idempotent: false,
      run: (client, { marker, options }) =>
        client.analyze(
          { content: `Synthetic text for the chaos suite ${tagged(marker)}, nothing hateful in it.` },
          options,
        ),
    },
  ],
  counters: (fake) => {
    const { calls, errors, ...rest } = fake.counters;
    const out: Record<string, number> = { ...rest, tokensIssued: fake.state.tokens.size };
    for (const [endpoint, n] of Object.entries(calls)) out[`calls.${endpoint}`] = n;
    for (const [code, n] of Object.entries(errors)) out[`errors.${code}`] = n;
    return out;
  },
  effects: (fake, marker) => {
    let n = 0;
    for (const analysis of fake.state.analyses.values()) if (analysis.content.includes(tagged(marker))) n += 1;
    return n;
  },
  // Every endpoint is a fixed path (the version is a server variable).
  pathCalls: [],
  pageCalls: [
    {
      operation: "getVocabulary",
      offsetParam: "page",
      minOffset: 1,
      call: (client, paging, options) => client.getVocabulary(paging as never, options),
    },
    {
      operation: "getSightings",
      offsetParam: "page",
      minOffset: 1,
      call: (client, paging, options) => client.getSightings({ year: 2020, ...paging } as never, options),
    },
  ],
  headerOptions: [],
});
