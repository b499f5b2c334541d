import { type Fault, type FaultyHandler, withFaults } from "@hatchery/core/testing";
import {
  type FakeSighting,
  type FakeTerm,
  fixtureSightings,
  fixtureTerms,
  gmt,
  parseGmt,
  seededRandom,
  TOPICS,
} from "./fixtures.js";

/** The API key every fake accepts unless `apiKeys` says otherwise. */
export const HATEBASE_FAKE_API_KEY = "hatebase-fake-key-5d81c0";

/**
 * The error and warning codes the fake uses. Hatebase's own code list is no longer retrievable, so these are
 * the synthetic codes of `specs/hatebase.yaml`. The client keys on none of them: it recognises a rejected token
 * and the trial plan's page limit by the answer's meaning.
 */
export const HATEBASE_CODES = Object.freeze({
  /** A version the fake does not serve (sent with HTTP 404). */
  unknownVersion: 1000,
  /** No `api_key`. */
  missingKey: 1001,
  /** An `api_key` that is not known. */
  incorrectKey: 1002,
  /** No `token`, or one never issued. */
  invalidToken: 1003,
  /** A token past its `expires_on`. */
  expiredToken: 1004,
  /** A required field is missing. */
  missingField: 2001,
  /** A field has a value the API refuses. */
  invalidValue: 2002,
  /** A page past page 1 on a trial plan. */
  trialPage: 2003,
  /** The plan's daily query limit is used up. */
  dailyLimit: 3001,
  /** Warning: content shorter than the recommended 50 characters. */
  shortContent: 4001,
  /** Not a POST (sent with HTTP 405). */
  wrongMethod: 9001,
  /** No such endpoint (sent with HTTP 404). */
  unknownEndpoint: 9002,
});

/** Options of {@link createHatebaseFake}. */
export interface HatebaseFakeOptions {
  /**
   * Accepted API keys.
   * @default [HATEBASE_FAKE_API_KEY]
   */
  apiKeys?: readonly string[];
  /**
   * The plan. A trial plan reads page 1 only: a later page is refused (see `trialRefusal`).
   * @default "paid"
   */
  plan?: "paid" | "trial";
  /**
   * How a trial plan refuses a later page: an error (code 2003) or page 1 served again.
   * @default "error"
   */
  trialRefusal?: "error" | "page-1";
  /**
   * Queries per UTC day before error 3001 (authenticate included); `false` for no limit.
   * @default false
   */
  dailyLimit?: number | false;
  /**
   * Session token lifetime in milliseconds (Hatebase: one hour).
   * @default 3600000
   */
  tokenLifetimeMs?: number;
  /**
   * Items per page of `get_vocabulary` and `get_sightings` (Hatebase: about 100).
   * @default 100
   */
  pageSize?: number;
  /**
   * Synthetic vocabulary terms the fake starts with.
   * @default 230
   */
  terms?: number;
  /**
   * Synthetic sightings the fake starts with (2019–2021).
   * @default 400
   */
  sightings?: number;
  /**
   * `get_analysis` polls an analysis stays incomplete before it completes.
   * @default 2
   */
  analysisPolls?: number;
  /**
   * Send numbers as numeric strings and flags as `"true"`/`"false"`, as Hatebase did; `false` sends JSON
   * numbers and booleans.
   * @default true
   */
  looseTypes?: boolean;
  /**
   * API versions served; any other answers HTTP 404.
   * @default ["4-4"]
   */
  versions?: readonly string[];
  /**
   * Seed of the fixtures and of the tokens and ids handed out.
   * @default 1
   */
  seed?: number;
  /**
   * The fake's clock (token expiry, `datetime`, the daily limit's day).
   * @default () => Date.now()
   */
  now?: () => number;
}

/** A session token the fake issued. */
export interface IssuedToken {
  /** The API key it was issued for. */
  apiKey: string;
  /** Epoch ms of issue. */
  issuedAt: number;
  /** Epoch ms after which it is refused (code 1004). */
  expiresAt: number;
}

/** An analysis the fake queued. */
export interface StoredAnalysis {
  /** The id `analyze` returned. */
  request_id: string;
  /** The text sent (at most 3000 characters kept, as Hatebase truncates). */
  content: string;
  /** The language sent, if any. */
  language: string | null;
  /** The country sent, if any. */
  country: string | null;
  /** Epoch ms it was queued. */
  queuedAt: number;
  /** Polls left before it completes. */
  pollsLeft: number;
}

/** Everything the fake holds; mutate it to set up a scenario. */
export interface HatebaseFakeState {
  /** The vocabulary, in id order. */
  terms: FakeTerm[];
  /** The sightings, in id order. */
  sightings: FakeSighting[];
  /** Issued session tokens. Delete one, or move its `expiresAt` back, to see it refused. */
  tokens: Map<string, IssuedToken>;
  /** Queued analyses by `request_id`. */
  analyses: Map<string, StoredAnalysis>;
  /** Accepted API keys. */
  apiKeys: Set<string>;
  /** The plan (`trial` reads page 1 only). */
  plan: "paid" | "trial";
  /** Queries counted per UTC day (`YYYY-MM-DD`), for the daily limit. */
  queriesByDay: Map<string, number>;
}

/** Side-effect counters, so tests can prove a request did (or did not) happen, or happened once. */
export interface HatebaseFakeCounters {
  /** Requests that reached the fake (faults injected before it are not counted). */
  requests: number;
  /** Tokens issued by `authenticate`. */
  authentications: number;
  /** Calls to each endpoint that reached it, by endpoint name (`get_vocabulary`…). */
  calls: Record<string, number>;
  /** Analyses queued by `analyze` (the one call with an effect). */
  analysesQueued: number;
  /** Answers refused for a missing, unknown or expired token (the fake's codes 1003, 1004). */
  tokenRejections: number;
  /** Error answers, by code. */
  errors: Record<string, number>;
}

/** A stateful fake of the Hatebase API v4.4. */
export interface HatebaseFake {
  /**
   * The API as a `fetch`-style handler, with fault injection. Serve it with `serve()` or pass it as the
   * client's `fetch`.
   */
  handler: FaultyHandler;
  /** Everything the fake holds. */
  state: HatebaseFakeState;
  /** Side-effect counters. */
  counters: HatebaseFakeCounters;
  /** The API key that works (the first of `apiKeys`). */
  apiKey: string;
  /**
   * Queues a fault (status, `Retry-After`, delay, dropped connection, failure after the effect…) for matching
   * requests. A status fault without a `body` gets a Hatebase error envelope with the status as its code.
   */
  inject(fault: Fault): void;
  /** Makes every issued token expired (the next call with one gets code 1004). */
  expireTokens(): void;
}

/** A Hatebase error (or warning) pair. */
type Pair = [number, string];

class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = 200,
  ) {
    super(message);
  }
}

const LANGUAGE = /^[A-Za-z]{3}$/;
const COUNTRY = /^[A-Za-z]{2}$/;

/** A Hatebase error envelope, as {@link hatebaseErrorBody} builds it. */
export interface HatebaseErrorBody {
  /** When (GMT). */
  datetime: string;
  /** The API version that answered. */
  version: string;
  /** The echoed inputs. */
  query: object;
  /** Always `json`. */
  format: string;
  /** The `[code, message]` pairs. */
  errors: readonly (readonly [number | string, string])[];
}

/** A Hatebase error envelope, as the fake sends it. */
export function hatebaseErrorBody(
  errors: readonly (readonly [number | string, string])[],
  query: object = {},
): HatebaseErrorBody {
  return { datetime: gmt(Date.now()), version: "4.4", query, format: "json", errors };
}

/**
 * Creates a stateful fake of the Hatebase API v4.4 (`POST /{version}/<endpoint>` with form bodies).
 *
 * It follows the documented behaviour and the spec's decisions: `authenticate` trades an API key for a token
 * that expires (`expires_on` in GMT); every other endpoint needs that token; errors arrive as `[code, message]`
 * pairs **with HTTP 200** (codes in {@link HATEBASE_CODES}); numbers and flags are sent as strings (unless
 * `looseTypes: false`); lists are paged by `page` with `number_of_pages` and `number_of_results`; a trial plan
 * reads page 1 only; `analyze` queues an analysis that `get_analysis` reports complete after a few polls; a
 * daily query limit can be set. The echoed inputs under `query` include the token and the API key, as
 * Hatebase's did. Every term, meaning and place is synthetic.
 *
 * @example
 * import { createHatebaseFake, serve } from "@hatchery/hatebase/testing";
 *
 * const fake = createHatebaseFake();
 * const server = await serve(fake.handler);
 * const hatebase = createHatebaseClient({ apiKey: fake.apiKey, baseUrl: `${server.url}/{version}` });
 */
export function createHatebaseFake(options: HatebaseFakeOptions = {}): HatebaseFake {
  const random = seededRandom(options.seed ?? 1);
  const now = options.now ?? (() => Date.now());
  const apiKeys = options.apiKeys ?? [HATEBASE_FAKE_API_KEY];
  if (apiKeys.length === 0) throw new RangeError("apiKeys must not be empty");
  const pageSize = options.pageSize ?? 100;
  const lifetime = options.tokenLifetimeMs ?? 3_600_000;
  const loose = options.looseTypes ?? true;
  const versions = new Set(options.versions ?? ["4-4"]);
  const terms = fixtureTerms(options.terms ?? 230, random);
  const state: HatebaseFakeState = {
    terms,
    sightings: fixtureSightings(options.sightings ?? 400, terms, random),
    tokens: new Map(),
    analyses: new Map(),
    apiKeys: new Set(apiKeys),
    plan: options.plan ?? "paid",
    queriesByDay: new Map(),
  };
  const counters: HatebaseFakeCounters = {
    requests: 0,
    authentications: 0,
    calls: {},
    analysesQueued: 0,
    tokenRejections: 0,
    errors: {},
  };
  let nextAnalysis = 1;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");

  /** Numbers as strings and booleans as "true"/"false" when loose; maps and arrays walked. */
  const wire = (value: unknown, key = ""): unknown => {
    if (!loose) return value;
    if (typeof value === "boolean") return String(value);
    // Ids stay as they are; counts, pages, scores and coordinates go out as strings, like Hatebase's.
    if (typeof value === "number" && !key.endsWith("_id")) return String(value);
    if (Array.isArray(value)) return value.map((v) => wire(v));
    if (value && typeof value === "object") {
      // Country maps keep numeric values (the client does not convert map values; the spec allows both).
      if (key.startsWith("countries_sighted")) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wire(v, k)]));
    }
    return value;
  };

  function envelope(query: Record<string, string>, extra: Record<string, unknown>, warnings: Pair[] = []) {
    return {
      datetime: gmt(now()),
      version: "4.4",
      query,
      format: "json",
      ...extra,
      errors: [],
      warnings,
    };
  }

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json; charset=utf-8", ...headers },
    });

  async function readForm(request: Request): Promise<Record<string, string>> {
    const type = request.headers.get("content-type") ?? "";
    if (type.startsWith("application/x-www-form-urlencoded")) {
      return Object.fromEntries(new URLSearchParams(await request.text()));
    }
    if (type.startsWith("multipart/form-data")) {
      const form = await request.formData();
      return Object.fromEntries([...form].map(([k, v]) => [k, typeof v === "string" ? v : ""]));
    }
    // Hatebase read form fields only: anything else carries no input at all.
    return {};
  }

  const flag = (form: Record<string, string>, name: string): boolean | undefined => {
    const value = form[name];
    if (value === undefined || value === "") return undefined;
    if (value === "true" || value === "1") return true;
    if (value === "false" || value === "0") return false;
    throw new Refusal(HATEBASE_CODES.invalidValue, `${name} must be "true" or "false"`);
  };
  const integer = (form: Record<string, string>, name: string, min: number): number | undefined => {
    const value = form[name];
    if (value === undefined || value === "") return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min) {
      throw new Refusal(HATEBASE_CODES.invalidValue, `${name} must be an integer >= ${min}`);
    }
    return Number(value);
  };
  const decimal = (form: Record<string, string>, name: string, min: number, max: number): number | undefined => {
    const value = form[name];
    if (value === undefined || value === "") return undefined;
    const n = Number(value);
    if (!/^-?\d+(\.\d+)?$/.test(value) || n < min || n > max) {
      throw new Refusal(HATEBASE_CODES.invalidValue, `${name} must be a number from ${min} to ${max}`);
    }
    return n;
  };
  const pattern = (form: Record<string, string>, name: string, re: RegExp, what: string): string | undefined => {
    const value = form[name];
    if (value === undefined || value === "") return undefined;
    if (!re.test(value)) throw new Refusal(HATEBASE_CODES.invalidValue, `${name} must be ${what}`);
    return value.toUpperCase();
  };
  const time = (form: Record<string, string>, name: string): number | undefined => {
    const value = form[name];
    if (value === undefined || value === "") return undefined;
    const t = parseGmt(value);
    if (t === undefined) throw new Refusal(HATEBASE_CODES.invalidValue, `${name} must be "YYYY-MM-DD HH:MM:SS"`);
    return t;
  };
  const required = (form: Record<string, string>, name: string): string => {
    const value = form[name];
    if (value === undefined || value === "") throw new Refusal(HATEBASE_CODES.missingField, `Missing ${name}`);
    return value;
  };

  function topicsMatch(form: Record<string, string>, item: Record<string, unknown>): boolean {
    return TOPICS.every((t) => {
      const want = flag(form, `is_about_${t}`);
      return want === undefined || item[`is_about_${t}`] === want;
    });
  }

  /** One page of `items`, or the trial plan's refusal. */
  function paged(form: Record<string, string>, items: unknown[]): Record<string, unknown> {
    const requested = integer(form, "page", 1) ?? 1;
    let page = requested;
    if (state.plan === "trial" && requested > 1) {
      if ((options.trialRefusal ?? "error") === "error") {
        throw new Refusal(HATEBASE_CODES.trialPage, "Trial plans are limited to page 1");
      }
      page = 1;
    }
    const pages = Math.max(1, Math.ceil(items.length / pageSize));
    return {
      number_of_results: items.length,
      number_of_pages: pages,
      page,
      result: items.slice((page - 1) * pageSize, page * pageSize),
    };
  }

  function getVocabulary(form: Record<string, string>): Record<string, unknown> {
    const language = pattern(form, "language", LANGUAGE, "an ISO 639-3 code");
    const nationality = form.nationality;
    const keywords = form.keywords?.trim().toLowerCase();
    const created = [time(form, "created_from"), time(form, "created_to")];
    const updated = [time(form, "updated_from"), time(form, "updated_to")];
    const within = (value: string, [from, to]: (number | undefined)[]) => {
      const t = parseGmt(value) ?? 0;
      return (from === undefined || t >= from) && (to === undefined || t <= to);
    };
    const groups: [string, keyof FakeTerm][] = [
      ["ethnicity", "ethnicities"],
      ["religion", "religions"],
      ["gender", "genders"],
      ["sexual_orientation", "sexual_orientations"],
    ];
    const items = state.terms.filter(
      (t) =>
        (!language || t.language === language) &&
        (!keywords ||
          [t.term, t.hateful_meaning, t.nonhateful_meaning].some((s) => s?.toLowerCase().includes(keywords))) &&
        (!nationality || t.nationalities.includes(nationality) || t.is_unambiguous_in === nationality) &&
        groups.every(([field, list]) => !form[field] || (t[list] as string[]).includes(form[field] as string)) &&
        topicsMatch(form, t as unknown as Record<string, unknown>) &&
        within(t.created_on, created) &&
        within(t.updated_on, updated),
    );
    const page = paged(
      form,
      items.map((t) => vocabularyItem(t)),
    );
    return page;
  }

  function vocabularyItem(t: FakeTerm): Record<string, unknown> {
    const {
      nationalities: _n,
      ethnicities: _e,
      religions: _r,
      genders: _g,
      sexual_orientations: _s,
      is_archaic: _a,
      countries_sighted: _c,
      countries_sighted_this_year: _cy,
      countries_sighted_this_month: _cm,
      ...item
    } = t;
    return item;
  }

  function getVocabularyDetails(form: Record<string, string>): Record<string, unknown> {
    const id = required(form, "vocabulary_id");
    const term = state.terms.find((t) => t.vocabulary_id === id);
    if (!term) throw new Refusal(HATEBASE_CODES.invalidValue, `Unknown vocabulary_id ${id}`);
    return { result: term };
  }

  function getSightings(form: Record<string, string>): Record<string, unknown> {
    const year = integer(form, "year", 1) ?? Number(required(form, "year"));
    const from = time(form, "sighted_from");
    const to = time(form, "sighted_to");
    const country = pattern(form, "country", COUNTRY, "an ISO 3166 two-letter code");
    const city = form.city || undefined;
    if (city && !country) throw new Refusal(HATEBASE_CODES.invalidValue, "city requires country");
    const latitude = decimal(form, "latitude", -90, 90);
    const longitude = decimal(form, "longitude", -180, 180);
    const radius = decimal(form, "radius", 0, 100);
    const circle = [latitude, longitude, radius].filter((v) => v !== undefined).length;
    if (circle !== 0 && circle !== 3) {
      throw new Refusal(HATEBASE_CODES.invalidValue, "latitude, longitude and radius must be sent together");
    }
    if (radius === 0) throw new Refusal(HATEBASE_CODES.invalidValue, "radius must be more than 0");
    const language = pattern(form, "language", LANGUAGE, "an ISO 639-3 code");
    const vocabularyId = form.vocabulary_id || undefined;
    const languages = new Map(state.terms.map((t) => [t.vocabulary_id, t.language]));
    const items = state.sightings.filter((s) => {
      const t = parseGmt(s.sighted_on) ?? 0;
      if (new Date(t).getUTCFullYear() !== year) return false;
      if ((from !== undefined && t < from) || (to !== undefined && t > to)) return false;
      if (vocabularyId && s.vocabulary_id !== vocabularyId) return false;
      if (language && languages.get(s.vocabulary_id) !== language) return false;
      if (!topicsMatch(form, s as unknown as Record<string, unknown>)) return false;
      if (circle === 3) {
        // The circle overrides country and city.
        if (s.latitude === null || s.longitude === null) return false;
        return distanceKm(latitude as number, longitude as number, s.latitude, s.longitude) <= (radius as number);
      }
      if (country && s.country_id !== country) return false;
      if (city && s.city?.toLowerCase() !== city.toLowerCase()) return false;
      return true;
    });
    return paged(form, items);
  }

  function analyze(form: Record<string, string>): { body: Record<string, unknown>; warnings: Pair[] } {
    const content = required(form, "content");
    if (content.length < 25) {
      throw new Refusal(HATEBASE_CODES.invalidValue, "content must be at least 25 characters");
    }
    const language = pattern(form, "language", LANGUAGE, "an ISO 639-3 code") ?? null;
    const country = pattern(form, "country", COUNTRY, "an ISO 3166 two-letter code") ?? null;
    flag(form, "broadest_possible_search");
    const id = `EXR${String(nextAnalysis++).padStart(7, "0")}`;
    const queuedAt = now();
    state.analyses.set(id, {
      request_id: id,
      content: content.slice(0, 3000),
      language,
      country,
      queuedAt,
      pollsLeft: options.analysisPolls ?? 2,
    });
    counters.analysesQueued += 1;
    const warnings: Pair[] =
      content.length < 50
        ? [[HATEBASE_CODES.shortContent, "Content is shorter than 50 characters; results may be unreliable"]]
        : [];
    return { body: { result: { request_id: id, expires_on: gmt(queuedAt + 48 * 3_600_000) } }, warnings };
  }

  function getAnalysis(form: Record<string, string>): Record<string, unknown> {
    const id = required(form, "request_id");
    const analysis = state.analyses.get(id);
    if (!analysis || now() > analysis.queuedAt + 48 * 3_600_000) {
      throw new Refusal(HATEBASE_CODES.invalidValue, `Unknown or expired request_id ${id}`);
    }
    if (analysis.pollsLeft > 0) {
      analysis.pollsLeft -= 1;
      return { result: { complete: false } };
    }
    const text = analysis.content.toLowerCase();
    const found = state.terms.filter((t) => text.includes(t.term));
    const main = found[0];
    if (!main) {
      const undecided = text.includes("ambiguous");
      return {
        result: {
          complete: true,
          result: undecided ? "unknown" : false,
          term: null,
          other_terms: [],
          hateful_meaning: null,
          nonhateful_meaning: null,
          average_offensiveness: null,
          language: analysis.language ?? "ENG",
          probability: undecided ? null : 3,
          explanation: undecided
            ? "Synthetic outcome: the fake cannot decide on text that says it is ambiguous."
            : "Synthetic outcome: no vocabulary term of the fake was found in the content.",
        },
      };
    }
    return {
      result: {
        complete: true,
        result: true,
        term: main.term,
        other_terms: found.slice(1).map((t) => t.term),
        hateful_meaning: main.hateful_meaning,
        nonhateful_meaning: main.nonhateful_meaning,
        average_offensiveness: main.average_offensiveness,
        language: main.language,
        probability: main.is_unambiguous ? 95 : 70,
        explanation: `Synthetic outcome: the content contains the fake's term ${main.term}.`.slice(0, 255),
      },
    };
  }

  function checkToken(form: Record<string, string>): void {
    const token = form.token;
    const issued = token ? state.tokens.get(token) : undefined;
    if (!issued) {
      counters.tokenRejections += 1;
      throw new Refusal(HATEBASE_CODES.invalidToken, token ? "Invalid token" : "Missing token");
    }
    if (now() >= issued.expiresAt || !state.apiKeys.has(issued.apiKey)) {
      counters.tokenRejections += 1;
      throw new Refusal(HATEBASE_CODES.expiredToken, "Token expired");
    }
  }

  function countQuery(): void {
    if (options.dailyLimit === undefined || options.dailyLimit === false) return;
    const day = gmt(now()).slice(0, 10);
    const used = state.queriesByDay.get(day) ?? 0;
    if (used >= options.dailyLimit) {
      throw new Refusal(HATEBASE_CODES.dailyLimit, "Daily query limit reached");
    }
    state.queriesByDay.set(day, used + 1);
  }

  async function handle(request: Request): Promise<Response> {
    counters.requests += 1;
    const segments = new URL(request.url).pathname.split("/").filter(Boolean);
    const [version, endpoint] = segments.slice(-2);
    const fail = (status: number, code: number, message: string) => {
      counters.errors[code] = (counters.errors[code] ?? 0) + 1;
      return json(status, hatebaseErrorBody([[code, message]]));
    };
    if (segments.length < 2 || !version || !versions.has(version)) {
      return fail(404, HATEBASE_CODES.unknownVersion, `Unknown API version ${version ?? ""}`.trim());
    }
    const routes = ["authenticate", "get_vocabulary", "get_vocabulary_details", "get_sightings", "analyze"];
    if (!endpoint || (!routes.includes(endpoint) && endpoint !== "get_analysis")) {
      return fail(404, HATEBASE_CODES.unknownEndpoint, `Unknown endpoint ${endpoint ?? ""}`.trim());
    }
    if (request.method !== "POST") {
      return fail(405, HATEBASE_CODES.wrongMethod, "Send queries as POST, with the inputs in the body");
    }
    counters.calls[endpoint] = (counters.calls[endpoint] ?? 0) + 1;
    const form = await readForm(request);
    const query = { ...form };
    try {
      if (form.format !== undefined && form.format !== "json") {
        throw new Refusal(HATEBASE_CODES.invalidValue, "format must be json");
      }
      if (endpoint === "authenticate") {
        const key = form.api_key;
        if (!key) throw new Refusal(HATEBASE_CODES.missingKey, "Missing api_key");
        if (!state.apiKeys.has(key)) throw new Refusal(HATEBASE_CODES.incorrectKey, "Incorrect key");
        countQuery();
        const issuedAt = now();
        const token = `hbtok_${hex(24)}`;
        // Whole seconds, as the GMT string carries them: the token lapses when `expires_on` says.
        const expiresAt = Math.floor((issuedAt + lifetime) / 1000) * 1000;
        state.tokens.set(token, { apiKey: key, issuedAt, expiresAt });
        counters.authentications += 1;
        return json(
          200,
          envelope(query, { result: { token, requested_on: gmt(issuedAt), expires_on: gmt(expiresAt) } }),
        );
      }
      checkToken(form);
      countQuery();
      if (endpoint === "analyze") {
        const { body, warnings } = analyze(form);
        return json(200, envelope(query, wire(body) as Record<string, unknown>, warnings));
      }
      const body =
        endpoint === "get_vocabulary"
          ? getVocabulary(form)
          : endpoint === "get_vocabulary_details"
            ? getVocabularyDetails(form)
            : endpoint === "get_sightings"
              ? getSightings(form)
              : getAnalysis(form);
      return json(200, envelope(query, wire(body) as Record<string, unknown>));
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      counters.errors[error.code] = (counters.errors[error.code] ?? 0) + 1;
      // Hatebase reports errors in the body of an HTTP 200.
      return json(error.status, { ...envelope(query, {}), errors: [[error.code, error.message]] });
    }
  }

  const handler = withFaults(handle);
  return {
    handler,
    state,
    counters,
    apiKey: apiKeys[0] as string,
    inject(fault) {
      if (fault.status !== undefined && fault.body === undefined) {
        handler.inject({ ...fault, body: hatebaseErrorBody([[fault.status, `injected ${fault.status}`]]) });
      } else handler.inject(fault);
    },
    expireTokens() {
      for (const token of state.tokens.values()) token.expiresAt = Math.min(token.expiresAt, now());
    },
  };
}

/** Great-circle distance in km. */
function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}
