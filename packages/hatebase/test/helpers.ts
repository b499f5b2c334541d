import { coerce } from "@hatchery/core";
import { createContractChecker, loadSpec } from "@hatchery/test-utils";
import { afterEach } from "vitest";
import { operations } from "../src/generated/operations.js";
import { createHatebaseClient, type HatebaseClient, type HatebaseClientOptions } from "../src/index.js";
import {
  createHatebaseFake,
  type FetchHandler,
  type HatebaseFake,
  type HatebaseFakeOptions,
  serve,
} from "../src/testing/index.js";

export const spec = loadSpec("hatebase");
export const contract = createContractChecker(spec);

const BY_ENDPOINT: Record<string, keyof typeof operations> = {
  authenticate: "authenticate",
  get_vocabulary: "getVocabulary",
  get_vocabulary_details: "getVocabularyDetails",
  get_sightings: "getSightings",
  analyze: "analyze",
  get_analysis: "getAnalysis",
};

/** The operationId of a request path (`/4-4/get_vocabulary`), or undefined. */
export function operationFor(pathname: string): keyof typeof operations | undefined {
  return BY_ENDPOINT[pathname.split("/").filter(Boolean).at(-1) ?? ""];
}

/**
 * Checks a body the fake sent against the spec, the way the client reads it: first the operation's coercions
 * (numeric strings to numbers, "true"/"false" to booleans: the spec's schemas describe the honest types),
 * then the schema. A body with errors is checked against the `ErrorEnvelope` the spec documents for errors,
 * whatever the status (Hatebase sends errors with HTTP 200).
 */
export function checkBody(operation: keyof typeof operations, status: number, body: unknown): string[] {
  const op = operations[operation] as { coerce?: readonly (readonly [string, "integer" | "number" | "boolean"])[] };
  const coerced = coerce(structuredClone(body), op.coerce);
  const hasErrors =
    typeof coerced === "object" &&
    coerced !== null &&
    Array.isArray((coerced as { errors?: unknown }).errors) &&
    (coerced as { errors: unknown[] }).errors.length > 0;
  let checkedAs = status;
  if (status >= 500) checkedAs = 500;
  else if (hasErrors && status < 400) checkedAs = 400;
  return contract.check(operation, checkedAs, coerced);
}

/** What the wire saw: contract problems and responses checked. */
export interface WireLog {
  problems: { operation: string; status: number; problems: string[] }[];
  checked: number;
}

/** Wraps a handler: every response to a spec operation is checked against the spec (problems collected). */
export function observed(handler: FetchHandler, log: WireLog): FetchHandler {
  return async (request) => {
    const response = await handler(request);
    const operation = operationFor(new URL(request.url).pathname);
    if (operation) {
      const text = await response.clone().text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      log.checked += 1;
      const problems = checkBody(operation, response.status, body);
      if (problems.length) log.problems.push({ operation, status: response.status, problems });
    }
    return response;
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Fast retries for tests: the default policy, only with short backoff. */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 } as const;

export interface Setup {
  fake: HatebaseFake;
  client: HatebaseClient;
  url: string;
  wire: WireLog;
  /** Requests to an endpoint that reached the fake. */
  calls(endpoint: string): number;
}

/** A fake served on 127.0.0.1 (closed after the test) and a client for it, every response contract-checked. */
export async function setup(
  options: {
    fake?: HatebaseFakeOptions;
    client?: Partial<HatebaseClientOptions>;
    wrap?: (h: FetchHandler) => FetchHandler;
  } = {},
): Promise<Setup> {
  const fake = createHatebaseFake(options.fake);
  const wire: WireLog = { problems: [], checked: 0 };
  const inner = options.wrap ? options.wrap(fake.handler) : fake.handler;
  const server = await serve(observed(inner, wire));
  closers.push(() => server.close());
  const client = createHatebaseClient({
    apiKey: fake.apiKey,
    baseUrl: `${server.url}/{version}`,
    retry: FAST_RETRY,
    ...options.client,
  });
  return { fake, client, url: server.url, wire, calls: (endpoint) => fake.counters.calls[endpoint] ?? 0 };
}

/** The error a promise (or a list's first page) rejects with; fails the test when it resolves. */
export async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
