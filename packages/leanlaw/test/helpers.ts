import { createContractChecker, listOperations, loadSpec } from "@hatchery/test-utils";
import { afterEach } from "vitest";
import { createLeanLawClient, type LeanLawClientOptions } from "../src/index.js";
import {
  createLeanLawFake,
  type FetchHandler,
  type LeanLawFake,
  type LeanLawFakeOptions,
  type RecordingHandler,
  recordRequests,
  serve,
} from "../src/testing/index.js";

export const spec = loadSpec("leanlaw");
export const contract = createContractChecker(spec);

const routes = listOperations(spec).map((op) => ({
  ...op,
  regex: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
}));

/** The operationId a request is for, or undefined when the spec has no such operation. */
export function operationFor(method: string, pathname: string): string | undefined {
  return routes.find((r) => r.method === method.toUpperCase() && r.regex.test(pathname))?.id;
}

/**
 * Contract problems of one response. An empty body stands for an envelope without `data` (DECISION (2) in the
 * spec: LeanLaw documents no body for some writes), so it passes where the documented schema accepts `{}`.
 */
export function checkContract(operation: string, status: number, body: unknown): string[] {
  const problems = contract.check(operation, status, body);
  if (body === undefined && problems.length && contract.check(operation, status, {}).length === 0) return [];
  return problems;
}

/** A contract problem seen on the wire. */
export interface ContractProblem {
  operation: string;
  status: number;
  problems: string[];
}

/**
 * Wraps a handler so that every response it gives is checked against the spec's schema for its operation and
 * status. Problems (including an undocumented status) are collected, never thrown, so a test can assert them.
 */
export function contractChecked(
  handler: FetchHandler,
  seen: ContractProblem[],
  checked: { count: number },
): FetchHandler {
  return async (request) => {
    const response = await handler(request);
    const operation = operationFor(request.method, new URL(request.url).pathname);
    if (!operation) return response;
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    let problems: string[];
    try {
      problems = checkContract(operation, response.status, body);
    } catch (error) {
      problems = [String(error)];
    }
    if (!response.headers.get("x-leanlaw-traceid")) problems.push("no x-leanlaw-traceid header");
    checked.count += 1;
    if (problems.length) seen.push({ operation, status: response.status, problems });
    return response;
  };
}

export interface Setup {
  fake: LeanLawFake;
  /** Records every request that reached the server. */
  recorder: RecordingHandler;
  url: string;
  client: ReturnType<typeof createLeanLawClient>;
  /** Contract problems of every response so far (expected empty). */
  contractProblems: ContractProblem[];
  checked: { count: number };
  /** Another client on the same server. */
  makeClient(options?: LeanLawClientOptions): ReturnType<typeof createLeanLawClient>;
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** Serves a fresh fake on 127.0.0.1 with a client pointed at it; closed after the test. */
export async function setup(
  options: LeanLawFakeOptions = {},
  clientOptions: LeanLawClientOptions = {},
): Promise<Setup> {
  const fake = createLeanLawFake({ clients: 40, ...options });
  const contractProblems: ContractProblem[] = [];
  const checked = { count: 0 };
  const recorder = recordRequests(contractChecked(fake.handler, contractProblems, checked));
  const server = await serve(recorder);
  open.push(server);
  const makeClient = (extra: LeanLawClientOptions = {}) =>
    createLeanLawClient({
      apiKey: fake.apiKey,
      baseUrl: server.url,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      ...clientOptions,
      ...extra,
    });
  return { fake, recorder, url: server.url, client: makeClient(), contractProblems, checked, makeClient };
}

/** Runs a promise expected to reject and returns the error. */
export async function failure(promise: PromiseLike<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Calls the fake's handler in process (no socket) with the right key. */
export function call(
  fake: LeanLawFake,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return fake.handler(
    new Request(`http://127.0.0.1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${fake.apiKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

/** The first record of a map that matches. */
export function find<T>(map: Map<string, T>, predicate: (item: T) => boolean): T {
  for (const item of map.values()) if (predicate(item)) return item;
  throw new Error("no record matches");
}
