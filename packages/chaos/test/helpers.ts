import type { ClientOptions } from "@hatchery/core";
import type { FetchHandler } from "@hatchery/core/testing";
import type { ProviderAdapter } from "../src/adapter.js";
import { fakeKey } from "../src/secrets.js";

/** How a call ended: a value, an error, or not at all within the watchdog. */
export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown } | { hung: true };

/** Settles `call`, or gives up after `ms` (a hang, which every test treats as a failure). */
export async function settle(call: () => PromiseLike<unknown>, ms = 10_000): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ hung: true }), ms);
  });
  const outcome = Promise.resolve()
    .then(call)
    .then(
      (value): Settled => ({ ok: true, value }),
      (error: unknown): Settled => ({ ok: false, error }),
    );
  try {
    return await Promise.race([outcome, watchdog]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A client of `adapter` whose requests go to `handler` in memory (no socket), with the recognizable fake
 * key, no retries and no client-side rate limit unless `options` says otherwise.
 */
export function clientOver(adapter: ProviderAdapter, handler: FetchHandler, options: ClientOptions = {}) {
  const apiKey = fakeKey(adapter.dir);
  const fake = adapter.createFake(apiKey);
  const client = adapter.createClient({
    apiKey,
    baseUrl: "https://api.chaos.test",
    fetch: handler,
    retry: false,
    rateLimit: false,
    timeoutMs: 2000,
    ...options,
  });
  return { apiKey, fake, client };
}
