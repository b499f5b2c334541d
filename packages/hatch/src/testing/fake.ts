import type { RateLimitOptions } from "@hatchery/core";
import { type Fault, type FaultyHandler, withFaults } from "@hatchery/core/testing";
import type { components } from "../generated/schema.js";
import { fixtureContacts, HATCH_FAKE_SOURCES, seededRandom, uuidSource } from "./fixtures.js";

type JsonError = components["schemas"]["JsonError"];
type JsonErrorResponse = components["schemas"]["JsonErrorResponse"];

/** The API key every fake accepts unless `apiKeys` says otherwise. */
export const HATCH_FAKE_API_KEY = "hatch-fake-key-7f3c2a9e";

/** Hatch's documented limit, which the fake enforces by default. */
export const HATCH_RATE_LIMIT: RateLimitOptions = Object.freeze({ requests: 100, windowMs: 10_000 });

/** Options of {@link createHatchFake}. */
export interface HatchFakeOptions {
  /**
   * Accepted API keys. A request without one of them gets 401.
   * @default [HATCH_FAKE_API_KEY]
   */
  apiKeys?: readonly string[];
  /**
   * The status a missing or wrong key gets: 401, or 403 as an API behind a gateway may answer (the client maps
   * it to `PermissionDeniedError`).
   * @default 401
   */
  wrongKeyStatus?: 401 | 403;
  /**
   * The account's custom sources (API Source Names). A contact whose `source` is not one of them gets 422.
   * @default HATCH_FAKE_SOURCES
   */
  sources?: readonly string[];
  /**
   * The server-side rate limit per API key, enforced with 429 (and `Retry-After` in whole seconds); `false`
   * turns enforcement off. Only accepted requests count, as in a sliding log.
   * @default { requests: 100, windowMs: 10000 }
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * Number of synthetic contacts the account starts with (0–800).
   * @default 20
   */
  contacts?: number;
  /**
   * Seed of the fixtures and of the IDs the fake hands out.
   * @default 1
   */
  seed?: number;
  /**
   * The fake's clock, for `createdAt`/`updatedAt` of stored records.
   * @default () => new Date()
   */
  now?: () => Date;
}

/** An opportunity (a lead) on a contact, keyed by your `externalID`. */
export interface StoredOpportunity {
  /** Your ID of the opportunity; an upsert with the same `externalID` updates it. */
  externalID: string;
  /** The API Source Name it came in through. */
  source: string;
  /** Its status as last sent, if any. */
  status: string | null;
  /** When your system created it, as sent. */
  externalCreatedAt: string | null;
  /** When your system last updated it, as sent. */
  externalUpdatedAt: string | null;
  /** When the fake stored it (ISO 8601). */
  createdAt: string;
  /** When the fake last changed it (ISO 8601). */
  updatedAt: string;
}

/** A contact as the fake stores it. */
export interface StoredContact {
  /** Hatch's ID of the contact. */
  id: string;
  /** The source of the latest upsert. */
  source: string;
  /** First name, or `null` when never sent. */
  firstName: string | null;
  /** Last name, or `null` when never sent. */
  lastName: string | null;
  /** Email address; one of the two keys an upsert matches on. */
  email: string | null;
  /** Phone number in E.164 form; the other key an upsert matches on. */
  phoneNumber: string | null;
  /** Contact status as last sent, if any. */
  status: string | null;
  /** Your system's ID of the contact, if sent. */
  externalContactID: string | null;
  /** `externalCreatedAt` when sent, else the time the contact was processed. */
  externalCreatedAt: string;
  /** When your system last updated the contact, as sent. */
  externalUpdatedAt: string | null;
  /** Free-form details merged from every upsert. */
  details: Record<string, unknown>;
  /** Its opportunities, in creation order. */
  opportunities: StoredOpportunity[];
  /** When the fake created it (ISO 8601). */
  createdAt: string;
  /** When the fake last changed it (ISO 8601). */
  updatedAt: string;
}

/** Everything the fake holds; mutate it to set up a scenario. */
export interface HatchFakeState {
  /** Contacts by ID, in creation order. */
  contacts: Map<string, StoredContact>;
  /** API Source Names of the account's custom sources. Delete one to see its name rejected. */
  sources: Set<string>;
  /** Accepted API keys. Delete one to see requests with it refused (401). */
  apiKeys: Set<string>;
}

/** Side-effect counters, so tests can prove a request did (or did not) happen, or happened once. */
export interface HatchFakeCounters {
  /** Requests that reached the fake (faults injected before it are not counted). */
  requests: number;
  /** Contacts created. */
  created: number;
  /** Contacts updated (matched by phone number or email). */
  updated: number;
  /** Opportunities added to a contact. */
  opportunitiesCreated: number;
  /** Opportunities updated (matched by `externalID`). */
  opportunitiesUpdated: number;
  /** Answers refused for a missing or wrong key (401, or 403 with `wrongKeyStatus: 403`). */
  unauthorized: number;
  /** 422 answers. */
  invalid: number;
  /** 429 answers given by the fake's own rate limit (not injected faults). */
  rateLimited: number;
  /**
   * The most authenticated requests seen arriving within one rate-limit window for one key (accepted or
   * not): with the limit honoured it never exceeds `rateLimit.requests`.
   */
  peakWindow: number;
}

/** A stateful fake of the Hatch API. */
export interface HatchFake {
  /**
   * The API as a `fetch`-style handler, with fault injection. Serve it with `serve()` or pass it as the
   * client's `fetch`.
   */
  handler: FaultyHandler;
  /** Everything the fake holds; mutate it to set up a scenario. */
  state: HatchFakeState;
  /** Side-effect counters (creates, updates, requests) for proving a request happened exactly once. */
  counters: HatchFakeCounters;
  /** The API key that works (the first of `apiKeys`). */
  apiKey: string;
  /** A custom source that works (the first of `sources`). */
  source: string;
  /**
   * Queues a fault (status, `Retry-After`, delay, dropped connection, failure after the effect…) for matching
   * requests. A status fault without a `body` gets a JSON:API error body, as Hatch's errors have.
   */
  inject(fault: Fault): void;
  /** The contact the upsert rule would match: by phone number first, then by email. */
  findContact(match: { phoneNumber?: string | null; email?: string | null }): StoredContact | undefined;
}

const STRING_FIELDS = [
  "firstName",
  "lastName",
  "email",
  "phoneNumber",
  "status",
  "externalID",
  "externalContactID",
  "externalCreatedAt",
  "externalUpdatedAt",
] as const;
const COPIED_FIELDS = ["firstName", "lastName", "email", "phoneNumber", "status", "externalContactID"] as const;
// RFC 3339 date-time; a space instead of `T` is accepted too, since Hatch's own example uses one.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const STATUS_TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** A JSON:API error body, the shape of every Hatch error. */
export function hatchErrorBody(title: string, detail: string, pointer = ""): JsonErrorResponse {
  return { errors: [{ title, detail, source: { pointer } }] };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

const present = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";
const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Creates a stateful fake of the Hatch API (`POST`/`PUT /v1/contacts`), starting with a few synthetic
 * contacts.
 *
 * It checks the bearer key (401), enforces the rate limit per key (429 with `Retry-After`), validates the
 * body (422 in JSON:API style, `source.pointer` naming the field: a missing, null, unknown or deleted
 * `source`, a malformed `email` or date-time, a wrong type), and applies the upsert rule: an existing
 * `phoneNumber` updates that contact, else an existing `email` (case-insensitive) does, else a contact is
 * created; an `externalID` updates the matching opportunity on the contact or adds one. Attributes sent
 * (`null` included) replace the stored ones, attributes left out are kept, and `details` keys are merged.
 * Phone numbers are compared as sent (trimmed): Hatch documents no normalization.
 *
 * @example
 * import { createHatchFake, serve } from "@hatchery/hatch/testing";
 *
 * const fake = createHatchFake();
 * const server = await serve(fake.handler);
 * const hatch = createHatchClient({ apiKey: fake.apiKey, baseUrl: server.url });
 */
export function createHatchFake(options: HatchFakeOptions = {}): HatchFake {
  const random = seededRandom(options.seed ?? 1);
  const newId = uuidSource(random);
  const clock = options.now ?? (() => new Date());
  const limit = options.rateLimit === false ? undefined : (options.rateLimit ?? HATCH_RATE_LIMIT);
  const apiKeys = options.apiKeys ?? [HATCH_FAKE_API_KEY];
  const sources = options.sources ?? HATCH_FAKE_SOURCES;
  if (apiKeys.length === 0 || sources.length === 0) throw new RangeError("apiKeys and sources must not be empty");

  const state: HatchFakeState = { contacts: new Map(), sources: new Set(sources), apiKeys: new Set(apiKeys) };
  const counters: HatchFakeCounters = {
    requests: 0,
    created: 0,
    updated: 0,
    opportunitiesCreated: 0,
    opportunitiesUpdated: 0,
    unauthorized: 0,
    invalid: 0,
    rateLimited: 0,
    peakWindow: 0,
  };
  const accepted = new Map<string, number[]>();
  const arrived = new Map<string, number[]>();

  for (const { externalID, ...fixture } of fixtureContacts(options.contacts ?? 20, random, sources)) {
    const at = fixture.externalCreatedAt;
    const id = newId();
    state.contacts.set(id, {
      id,
      ...fixture,
      externalUpdatedAt: null,
      opportunities: [
        {
          externalID,
          source: fixture.source,
          status: fixture.status,
          externalCreatedAt: at,
          externalUpdatedAt: null,
          createdAt: at,
          updatedAt: at,
        },
      ],
      createdAt: at,
      updatedAt: at,
    });
  }

  function findContact(match: { phoneNumber?: string | null; email?: string | null }): StoredContact | undefined {
    const contacts = [...state.contacts.values()];
    if (present(match.phoneNumber)) {
      const phone = match.phoneNumber.trim();
      const byPhone = contacts.find((c) => c.phoneNumber?.trim() === phone);
      if (byPhone) return byPhone;
    }
    if (present(match.email)) {
      const email = normalizeEmail(match.email);
      return contacts.find((c) => c.email !== null && normalizeEmail(c.email) === email);
    }
    return undefined;
  }

  /** Records an arrival; returns the wait in ms when the key is over its limit. */
  function throttle(key: string, now: number): number | undefined {
    const windowMs = limit?.windowMs ?? HATCH_RATE_LIMIT.windowMs;
    const prune = (log: number[]) => {
      while (log.length > 0 && (log[0] as number) <= now - windowMs) log.shift();
      return log;
    };
    const seen = prune(arrived.get(key) ?? []);
    seen.push(now);
    arrived.set(key, seen);
    counters.peakWindow = Math.max(counters.peakWindow, seen.length);
    const log = prune(accepted.get(key) ?? []);
    accepted.set(key, log);
    if (limit && log.length >= limit.requests) return (log[0] as number) + windowMs - now;
    log.push(now);
    return undefined;
  }

  function validate(body: Record<string, unknown>): JsonError[] {
    const errors: JsonError[] = [];
    const add = (field: string, detail: string) =>
      errors.push({ title: "Invalid value", detail, source: { pointer: `/data/attributes/${field}` } });
    const source = body.source;
    if (source === undefined) add("source", "is required");
    else if (source === null) add("source", "null value where string expected");
    else if (typeof source !== "string") add("source", `Invalid type. Expected :string, got ${typeof source}`);
    else if (source.trim() === "") add("source", "can't be blank");
    else if (!state.sources.has(source)) add("source", `"${source}" is not a custom source of this account`);
    for (const field of STRING_FIELDS) {
      const value = body[field];
      if (value !== undefined && value !== null && typeof value !== "string") {
        add(field, `Invalid type. Expected :string, got ${Array.isArray(value) ? "array" : typeof value}`);
      }
    }
    if (typeof body.email === "string" && body.email.trim() !== "" && !EMAIL.test(body.email.trim())) {
      add("email", "Invalid format. Expected :email");
    }
    for (const field of ["externalCreatedAt", "externalUpdatedAt"] as const) {
      const value = body[field];
      if (typeof value === "string" && (!DATE_TIME.test(value) || Number.isNaN(Date.parse(value.replace(" ", "T"))))) {
        add(field, "Invalid format. Expected :datetime (ISO 8601)");
      }
    }
    const details = body.details;
    if (details !== undefined && (typeof details !== "object" || details === null || Array.isArray(details))) {
      add(
        "details",
        `Invalid type. Expected :map, got ${details === null ? "null" : Array.isArray(details) ? "array" : typeof details}`,
      );
    }
    return errors;
  }

  function upsert(body: Record<string, unknown>): StoredContact {
    const now = clock().toISOString();
    const source = body.source as string;
    const match = findContact({ phoneNumber: body.phoneNumber as string | null, email: body.email as string | null });
    const contact: StoredContact = match ?? {
      id: newId(),
      source,
      firstName: null,
      lastName: null,
      email: null,
      phoneNumber: null,
      status: null,
      externalContactID: null,
      externalCreatedAt: typeof body.externalCreatedAt === "string" ? body.externalCreatedAt : now,
      externalUpdatedAt: null,
      details: {},
      opportunities: [],
      createdAt: now,
      updatedAt: now,
    };
    contact.source = source;
    for (const field of COPIED_FIELDS) {
      if (field in body && body[field] !== undefined) contact[field] = body[field] as string | null;
    }
    if (match && typeof body.externalCreatedAt === "string") contact.externalCreatedAt = body.externalCreatedAt;
    if ("externalUpdatedAt" in body && body.externalUpdatedAt !== undefined) {
      contact.externalUpdatedAt = body.externalUpdatedAt as string | null;
    }
    if (body.details) Object.assign(contact.details, body.details);
    contact.updatedAt = now;

    if (present(body.externalID)) {
      const externalID = body.externalID;
      const existing = contact.opportunities.find((o) => o.externalID === externalID);
      const fields = {
        source,
        status: (body.status as string | null | undefined) ?? existing?.status ?? null,
        externalCreatedAt: (body.externalCreatedAt as string | null | undefined) ?? existing?.externalCreatedAt ?? null,
        externalUpdatedAt: (body.externalUpdatedAt as string | null | undefined) ?? existing?.externalUpdatedAt ?? null,
        updatedAt: now,
      };
      if (existing) {
        Object.assign(existing, fields);
        counters.opportunitiesUpdated += 1;
      } else {
        contact.opportunities.push({ externalID, createdAt: now, ...fields });
        counters.opportunitiesCreated += 1;
      }
    }
    if (match) counters.updated += 1;
    else {
      state.contacts.set(contact.id, contact);
      counters.created += 1;
    }
    return contact;
  }

  async function handle(request: Request): Promise<Response> {
    counters.requests += 1;
    const url = new URL(request.url);
    if (url.pathname !== "/v1/contacts") {
      return json(404, hatchErrorBody("Not Found", `No route for ${request.method} ${url.pathname}`));
    }
    if (request.method !== "POST" && request.method !== "PUT") {
      return json(405, hatchErrorBody("Method Not Allowed", "Use POST or PUT"), { allow: "POST, PUT" });
    }
    const key = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
    if (key === undefined || !state.apiKeys.has(key)) {
      counters.unauthorized += 1;
      const status = options.wrongKeyStatus ?? 401;
      return json(
        status,
        hatchErrorBody(
          status === 401 ? "Unauthorized" : "Forbidden",
          key === undefined ? "Missing API key" : "Invalid API key",
        ),
      );
    }
    const wait = throttle(key, Date.now());
    if (wait !== undefined) {
      counters.rateLimited += 1;
      const requests = limit?.requests ?? 0;
      const seconds = (limit?.windowMs ?? 0) / 1000;
      return json(
        429,
        hatchErrorBody("Too Many Requests", `Rate limit of ${requests} requests per ${seconds} seconds exceeded`),
        { "retry-after": String(Math.max(1, Math.ceil(wait / 1000))) },
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      counters.invalid += 1;
      return json(422, hatchErrorBody("Invalid value", "The request body is not valid JSON", "/data"));
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      counters.invalid += 1;
      return json(422, hatchErrorBody("Invalid value", "The request body must be a JSON object", "/data"));
    }
    const errors = validate(body as Record<string, unknown>);
    if (errors.length > 0) {
      counters.invalid += 1;
      return json(422, { errors });
    }
    const contact = upsert(body as Record<string, unknown>);
    return json(200, { data: { id: contact.id } });
  }

  const handler = withFaults(handle);
  return {
    handler,
    state,
    counters,
    apiKey: apiKeys[0] as string,
    source: sources[0] as string,
    inject(fault) {
      if (fault.status !== undefined && fault.body === undefined) {
        const title = STATUS_TITLES[fault.status] ?? `HTTP ${fault.status}`;
        handler.inject({ ...fault, body: hatchErrorBody(title, `injected ${fault.status}`) });
      } else handler.inject(fault);
    },
    findContact,
  };
}
