import type { Middleware } from "openapi-fetch";
import {
  type ClientOptions,
  type CoreClient,
  createCoreClient,
  type OperationSpec,
  type ProviderSpec,
} from "../src/index.js";
import { type RecordingHandler, recordRequests } from "../src/testing/index.js";

/** A tiny provider in HostHatch's shape: `{result, data}` envelope, bearer auth. */
export const resultProvider: ProviderSpec = {
  name: "Tiny",
  baseUrl: "https://api.tiny.test",
  envelope: { kind: "result-data", payload: "data" },
  requestIdHeader: "x-tiny-trace",
  auth: { kind: "bearer" },
  defaultHeaders: { Accept: "application/json" },
};

/** A tiny provider with session auth: `{data}` envelope, the key and the token in a form body. */
export const sessionProvider: ProviderSpec = {
  name: "Sessions",
  baseUrl: "https://api.sessions.test",
  envelope: { kind: "data", payload: "data" },
  auth: {
    kind: "session",
    operation: "authenticate",
    credentialField: "key",
    tokenField: "token",
    placement: "body",
    tokenPath: "data.token",
  },
};

/** Operations used across the tests. */
export const ops = {
  getThing: { id: "getThing", method: "GET", path: "/things/{id}", idempotent: true },
  listThings: { id: "listThings", method: "GET", path: "/things", idempotent: true },
  createThing: { id: "createThing", method: "POST", path: "/things", idempotent: false, bodyType: "json" },
  formThing: { id: "formThing", method: "POST", path: "/form", idempotent: false, bodyType: "form" },
  upsert: {
    id: "upsert",
    method: "POST",
    path: "/upsert",
    idempotent: false,
    bodyType: "json",
    idempotentWhenBodyHas: ["id"],
  },
} as const satisfies Record<string, OperationSpec>;

export type Handler = (request: Request) => Response | Promise<Response>;

/** JSON response helper. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** `{result:"success", data}`. */
export const ok = (data: unknown, headers: Record<string, string> = {}) =>
  json(200, { result: "success", data }, headers);

/**
 * A client over an in-memory handler that records every request (house style: inject `fetch`, patch no
 * globals). Retries are fast (1 ms base delay) unless the test says otherwise.
 */
export function observed(
  handler: Handler,
  options: ClientOptions & { middleware?: Middleware[] } = {},
  provider: ProviderSpec = resultProvider,
  operations: Record<string, OperationSpec> = ops,
): { client: CoreClient<never>; fake: RecordingHandler } {
  const fake = recordRequests(async (request) => handler(request));
  const client = createCoreClient<never>({
    provider,
    operations,
    options: { apiKey: "sk_live_SECRET_0001", fetch: fake, retry: { baseDelayMs: 1, maxDelayMs: 4 }, ...options },
  });
  return { client, fake };
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
