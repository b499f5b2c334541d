import { createContractChecker, listOperations, loadSpec } from "@hatchery/test-utils";
import { afterEach } from "vitest";
import {
  createHappyGrasshopperClient,
  type HappyGrasshopperClient,
  type HappyGrasshopperClientOptions,
} from "../src/index.js";
import {
  createHappyGrasshopperFake,
  type FetchHandler,
  type HappyGrasshopperFake,
  type HappyGrasshopperFakeOptions,
  serve,
} from "../src/testing/index.js";

export const spec = loadSpec("happy-grasshopper");
export const contract = createContractChecker(spec);

const table = listOperations(spec).map((op) => ({
  ...op,
  pattern: new RegExp(`^(?:/v3)?${op.path.replace(/\{[^{}]+\}/g, "[^/]+")}$`),
}));

/** The operationId of a request to the fake, or undefined when the spec has no such operation. */
export function operationFor(method: string, pathname: string): string | undefined {
  return table.find((op) => op.method.toUpperCase() === method.toUpperCase() && op.pattern.test(pathname))?.id;
}

/** What the wire saw: contract problems and how many responses were checked, by operation and status. */
export interface WireLog {
  problems: { operation: string; status: number; problems: string[] }[];
  seen: Set<string>;
}

/** Wraps a handler: every response to a spec operation is checked against the spec's schema for its status. */
export function observed(handler: FetchHandler, log: WireLog): FetchHandler {
  return async (request) => {
    const response = await handler(request);
    const operation = operationFor(request.method, new URL(request.url).pathname);
    if (operation) {
      const text = await response.clone().text();
      let body: unknown = text === "" ? undefined : text;
      try {
        body = JSON.parse(text);
      } catch {}
      log.seen.add(`${operation} ${response.status}`);
      let problems: string[];
      try {
        problems = contract.check(operation, response.status, body);
      } catch (error) {
        problems = [String(error)];
      }
      if (problems.length) log.problems.push({ operation, status: response.status, problems });
    }
    return response;
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Fast retries for tests: the default policy, only the backoff is short. */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 } as const;

export interface Setup {
  fake: HappyGrasshopperFake;
  client: HappyGrasshopperClient;
  /** A client for another key of the fake. */
  clientFor: (key: string) => HappyGrasshopperClient;
  url: string;
  wire: WireLog;
}

/** The fake served on 127.0.0.1 (closed after the test), every answer checked against the spec, and a client. */
export async function setup(
  options: { fake?: HappyGrasshopperFakeOptions; client?: Partial<HappyGrasshopperClientOptions> } = {},
): Promise<Setup> {
  const fake = createHappyGrasshopperFake(options.fake);
  const wire: WireLog = { problems: [], seen: new Set() };
  const server = await serve(observed(fake.handler, wire));
  closers.push(() => server.close());
  const url = `${server.url}/v3`;
  const clientFor = (key: string) =>
    createHappyGrasshopperClient({ apiKey: key, baseUrl: url, retry: FAST_RETRY, ...options.client });
  return { fake, client: clientFor(fake.apiKey), clientFor, url, wire };
}

/** Settles `promise` and returns what it rejected with (fails the test if it resolved). */
export async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
