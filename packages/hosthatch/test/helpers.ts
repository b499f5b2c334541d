import { createContractChecker, listOperations, loadSpec } from "@hatchery/test-utils";
import { afterEach } from "vitest";
import { createHostHatchClient, type HostHatchClient, type HostHatchClientOptions } from "../src/index.js";
import {
  createHostHatchFake,
  type FetchHandler,
  type HostHatchFake,
  type HostHatchFakeOptions,
  serve,
} from "../src/testing/index.js";

export const spec = loadSpec("hosthatch");
export const contract = createContractChecker(spec);

const routes = listOperations(spec).map((op) => ({
  id: op.id,
  method: op.method.toUpperCase(),
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
}));

/** The operationId of a request to the fake, or undefined when the spec has no such operation. */
export function operationFor(method: string, pathname: string): string | undefined {
  return routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(pathname))?.id;
}

/** What the wire saw: contract problems and the responses checked, by operation and status. */
export interface WireLog {
  problems: { operation: string; status: number; problems: string[] }[];
  checked: string[];
}

/** Wraps a handler: every JSON response to a spec operation is checked against the spec (problems collected). */
export function observed(handler: FetchHandler, log: WireLog): FetchHandler {
  return async (request) => {
    const response = await handler(request);
    const operation = operationFor(request.method, new URL(request.url).pathname);
    if (operation && (response.headers.get("content-type") ?? "").includes("json")) {
      const text = await response.clone().text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      // 502/503/504 are not declared: the client maps any 5xx the same way, so check them as the 500.
      const status = Math.min(response.status, 500);
      log.checked.push(`${operation} ${response.status}`);
      let problems: string[];
      try {
        problems = contract.check(operation, status, body);
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

/** Fast retries for tests: the default policy, with short backoffs. */
export const FAST_RETRY = { baseDelayMs: 2, maxDelayMs: 10 } as const;

export interface Setup {
  fake: HostHatchFake;
  hosthatch: HostHatchClient;
  url: string;
  wire: WireLog;
}

/** A fake served on 127.0.0.1 (closed after the test) and a client for it that retries fast. */
export async function setup(
  options: { fake?: HostHatchFakeOptions; client?: Partial<HostHatchClientOptions> } = {},
): Promise<Setup> {
  const fake = createHostHatchFake(options.fake);
  const wire: WireLog = { problems: [], checked: [] };
  const server = await serve(observed(fake.handler, wire));
  closers.push(() => server.close());
  const hosthatch = createHostHatchClient({
    apiKey: fake.token,
    baseUrl: server.url,
    retry: FAST_RETRY,
    ...options.client,
  });
  return { fake, hosthatch, url: server.url, wire };
}

/** What a promise rejected with (fails the test when it resolved). */
export async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/** A valid deployment body (a monthly nvme-2gb in Amsterdam: 16 USD plus a 4 USD setup fee). */
export const DEPLOY = {
  product: "nvme-2gb",
  location: "AMS",
  billing: "monthly",
  image: "almalinux8",
  hostname: "web-1.example.net",
} as const;
