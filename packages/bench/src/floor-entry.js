// @ts-check
/**
 * The "core floor" row of `pnpm bench`'s bundle table. packages/bench/src/bundle.js bundles this file as an app
 * bundler would (esbuild: bundled, minified, ESM, browser platform) and reports its min, gzip and brotli size.
 * It is never run.
 *
 * What it must contain: one call through core's runtime as every generated call has it, whatever its spec declares
 * (DESIGN.md "Pay for what you use" and "The contract every client keeps"):
 * - the request planned as openapi-fetch would build it (path parameters encoded, query, headers, JSON body);
 * - the attempt loop: a per-attempt timeout over headers and body, combined with the caller's signal;
 * - the retry decision: policy, idempotency (by method, operation and keyed body), backoff with jitter,
 *   Retry-After in its three forms with the cap, the retry budget, refused vs ambiguous failures;
 * - typed errors by status, network, timeout and abort errors, with credentials redacted;
 * - HTTPS and CR/LF checks, a bearer key (rotating), and the `{data}` envelope unwrapped;
 * - and what core's README documents for every client, which no spec turns off: same-origin redirects followed,
 *   an HTML page or other non-JSON body told apart, URLs and echoed bodies redacted, flat input, option checks,
 *   `withResponse()`, the errors' guards and JSON form, full error messages, and the places where the opt-in
 *   features (logger, rate limiter, concurrency cap, quota, cache, session auth) plug in, without their code.
 * So it is a floor for this design, not the least code the must-haves could take: size-ledger.js bundles it again
 * with each behaviour beyond the must-haves taken out, and reports what each adds and the must-haves alone.
 * Generated calls no longer go through openapi-fetch (it stays behind `rawClient`), so it is not in the floor.
 * Import only what an app can: `@hatchery/core`'s public entry.
 *
 * @label core floor ²: one call with what every client keeps
 * @description one call through core's runtime as every generated call has it: the must-haves (request planning,
 *   per-attempt timeout over headers and body, abort, retry policy, backoff, Retry-After, retry budget, idempotency,
 *   typed errors, redaction, HTTPS and CR/LF checks, a bearer key, the `{data}` envelope) and what core documents
 *   for every client (same-origin redirects, HTML-page detection, URL and echo redaction, flat input, option checks,
 *   `withResponse`, full error messages, and where the opt-in features plug in); no rate limiter, pagination,
 *   session, coercion, form bodies, cache, quota or logger code, and no openapi-fetch (which stays behind `rawClient`)
 */
import { call, createCoreRuntime, normalizeData } from "@hatchery/core";

/** @type {import("@hatchery/core").OperationSpec} */
const upsert = {
  id: "upsertContact",
  method: "POST",
  path: "/v1/contacts",
  idempotent: false,
  idempotentWhenBodyHas: ["phoneNumber", "email"],
  bodyType: "json",
  payloadRequired: true,
};
const core = createCoreRuntime({
  provider: {
    name: "Floor",
    baseUrl: "https://api.example.com",
    envelope: { kind: "data", payload: "data" },
    auth: { kind: "bearer" },
  },
  operations: { upsertContact: upsert },
  options: { apiKey: "token" },
  features: { envelope: normalizeData },
});
call(core, upsert, { email: "ada@example.com" }).then((contact) => console.log(contact));
