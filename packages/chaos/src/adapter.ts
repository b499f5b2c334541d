import type { CallOptions, ClientOptions } from "@hatchery/core";
import type { FetchHandler } from "@hatchery/core/testing";

/**
 * One operation the chaos suite exercises, with valid arguments.
 *
 * `idempotent` is what the client will decide for this call (from the spec's `x-hatchery-idempotent` and, for
 * an upsert, from the body): the suite checks it against the outcome, so a wrong value makes the suite fail.
 */
export interface ChaosOperation<Client, Fake> {
  /** A short name for reports, usually the operationId plus what makes the call special. */
  name: string;
  /** Whether the client may repeat this call after an ambiguous failure. */
  idempotent: boolean;
  /**
   * Runs the call. A non-idempotent call must put `marker` (unique per call) where
   * {@link ProviderAdapter.effects} finds it, so the suite can count how often it took effect.
   */
  run(client: Client, context: { fake: Fake; marker: string; options: CallOptions }): PromiseLike<unknown>;
}

/** A call that takes one path parameter, for the hostile-input tests. */
export interface PathCall<Client, Fake> {
  /** The operationId. */
  operation: string;
  /** The path template as the server sees it, e.g. `/v2/clients/{id}`: exactly one `{…}` segment. */
  template: string;
  /** Calls the operation with `id` as its path parameter. */
  call(client: Client, id: string, context: { fake: Fake; options: CallOptions }): PromiseLike<unknown>;
}

/** A list call, for the hostile-input tests: absurd paging numbers are refused before anything is sent. */
export interface PageCall<Client> {
  /** The operationId. */
  operation: string;
  /** Name of the page-size parameter, when the operation has one. */
  limitParam?: string;
  /** The provider's largest page size. */
  maxLimit?: number;
  /** Name of the offset (or page-number) parameter. */
  offsetParam: string;
  /** The smallest valid value of `offsetParam` (0 for an offset, 1 for a page number). */
  minOffset: number;
  /** Calls the first page with these paging parameters (numbers or anything else a caller may pass). */
  call(client: Client, paging: Record<string, unknown>, options: CallOptions): PromiseLike<unknown>;
}

/**
 * Everything the chaos suite needs to know about one provider package. One file per provider in
 * `src/providers/<dir>.ts`, registered in `src/providers/index.ts`. See the package README.
 */
export interface ProviderAdapter<Client = any, Fake = any> {
  /** The package's directory under `packages/`, e.g. `leanlaw`. */
  dir: string;
  /** The package's npm name, e.g. `@hatchery/leanlaw`. */
  packageName: string;
  /** Creates the provider's stateful fake (small, fast), accepting `apiKey` as its only credential. */
  createFake(apiKey: string): Fake;
  /** The fake's `fetch`-style handler (served on 127.0.0.1 by the suite, or called in memory). */
  handler(fake: Fake): FetchHandler;
  /**
   * Builds the client. `options` always has `apiKey`, `baseUrl` and usually `fetch`, `retry`, `timeoutMs`,
   * `logger`; pass them through, and add what the provider needs (e.g. a user id header).
   */
  createClient(options: ClientOptions): Client;
  /** Secrets the fake handed out besides the key (session tokens): scanned for like the key. */
  issuedSecrets?(fake: Fake): string[];
  /** Idempotent and non-idempotent operations, each with valid arguments. At least one of each, if possible. */
  operations: ChaosOperation<Client, Fake>[];
  /** The fake's side-effect counters, flattened to numbers (`created.clients`…), for reports. */
  counters(fake: Fake): Record<string, number>;
  /** How many times the non-idempotent call carrying `marker` took effect in the fake (must never exceed 1). */
  effects(fake: Fake, marker: string): number;
  /** Operations with a path parameter (empty when the provider has none). */
  pathCalls: PathCall<Client, Fake>[];
  /** List operations with paging parameters (empty when the provider has none). */
  pageCalls: PageCall<Client>[];
  /** Client options that become request headers (e.g. LeanLaw's `userId`), checked for CR/LF. */
  headerOptions: string[];
  /** The response header the provider puts its request id in, if any besides `x-request-id`. */
  requestIdHeader?: string;
}

/** Identity helper that checks an adapter's types while keeping its own `Client` and `Fake`. */
export function defineAdapter<Client, Fake>(adapter: ProviderAdapter<Client, Fake>): ProviderAdapter<Client, Fake> {
  return adapter;
}
