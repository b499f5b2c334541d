// @ts-check
/**
 * The "core floor" row of `pnpm bench`'s bundle table. packages/bench/src/bundle.js bundles this file as an app
 * bundler would (esbuild: bundled, minified, ESM, browser platform) and reports its min, gzip and brotli size.
 * It is never run.
 *
 * What it must contain: openapi-fetch, one call through it, and core's must-haves alone, i.e. what every
 * generated call keeps whatever its spec declares ("openapi-fetch + the guarantees alone", DESIGN.md "Pay for
 * what you use" and "The contract every client keeps"):
 * - the attempt loop: a per-attempt timeout, combined with the caller's signal;
 * - the retry decision: policy, idempotency, backoff with jitter, Retry-After, the retry budget;
 * - typed errors: ApiError subclasses by status, network, timeout and abort errors;
 * - credentials redacted from what an error carries.
 * Nothing a spec declares or a user's code imports: no auth, envelope, pagination, rate limit, quota, coercion,
 * form bodies, cache or logger. Import only what an app can: `@hatchery/core`'s public entry and openapi-fetch.
 *
 * When core's exports change (issue 18's rewrite), edit this file only. Its `@label` becomes the row's label in
 * the table and its `@description` the report's sentence about the row (bundle.js reads both from this comment;
 * a tag's text may run on over the following lines).
 *
 * @label core floor ²: openapi-fetch + transport, retries, typed errors, redaction
 * @description openapi-fetch with only core's attempt loop (per-attempt timeout, abort), retry policy, backoff,
 *   Retry-After, retry budget, idempotency decision, typed errors and redaction; no auth, envelope, rate limit,
 *   quota, cache or logger
 */
import { createApiError, createTransport, Redactor, RetryBudget, resolveRetry, Throttle } from "@hatchery/core";
import createClient from "openapi-fetch";

const redactor = new Redactor();
const send = createTransport({
  fetch: (request) => fetch(request),
  throttle: new Throttle(undefined, undefined),
  budget: new RetryBudget(10, 0.1),
  quota: undefined,
  redactor,
  log: () => {},
});
/** @type {any} No `paths` type here: the entry is measured, not type-checked against a spec. */
const client = createClient({
  baseUrl: "https://api.example.com",
  fetch: (request) => send(request, { idempotent: true, retry: resolveRetry(undefined), timeoutMs: 60000 }),
});
client.GET("/servers/{id}", { params: { path: { id: 1 } } }).then((/** @type {any} */ r) => {
  if (!r.response.ok) {
    throw createApiError({
      status: r.response.status,
      method: "GET",
      url: redactor.url(r.response.url),
      headers: redactor.headers(r.response.headers),
      body: r.error,
    });
  }
  console.log(r.data);
});
