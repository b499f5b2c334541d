/**
 * How long the server asked us to wait, in milliseconds: `retry-after-ms` first, then `Retry-After` as
 * seconds or as an HTTP date. `undefined` when absent or unparsable; never negative.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.max(0, Math.round(Number(ms)));
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Exponential backoff with jitter: `min(base · 2^retry, max)`, reduced by up to `jitter` of itself at random.
 * `retry` counts from 0 for the first retry.
 */
export function backoffDelay(
  retry: number,
  options: { baseDelayMs: number; maxDelayMs: number; jitter: number },
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.baseDelayMs * 2 ** retry, options.maxDelayMs);
  return Math.round(exponential * (1 - options.jitter * random()));
}
