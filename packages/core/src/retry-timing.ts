/**
 * An HTTP date in one of the three forms RFC 9110 allows: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
 * RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`). Anything else is not
 * handed to `Date.parse`, which reads garbage such as `soon 5` as a date in 2001.
 */
const HTTP_DATE =
  /^(?:[a-z]{3,9}, \d{1,2}[ -][a-z]{3}[ -]\d{2,4} \d{2}:\d{2}:\d{2} GMT|[a-z]{3} [a-z]{3} [ \d]?\d \d{2}:\d{2}:\d{2} \d{4})$/i;

/**
 * How long the server asked us to wait, in milliseconds: `retry-after-ms` first, then `Retry-After` as
 * seconds or as an HTTP date. `undefined` when absent or unparsable; never negative.
 */
export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  const value = headers.get("retry-after")?.trim() ?? "";
  if (ms && NUMBER.test(ms)) return Math.round(+ms);
  if (NUMBER.test(value)) return Math.round(+value * 1000);
  if (!HTTP_DATE.test(value)) return undefined;
  // asctime carries no zone, but HTTP dates are always GMT.
  const date = Date.parse(value.endsWith("GMT") ? value : `${value} GMT`);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A non-negative decimal number of seconds or milliseconds. */
const NUMBER = /^\d+(\.\d+)?$/;

/**
 * Exponential backoff with jitter: `min(base · 2^retry, max)`, reduced by up to `jitter` of itself at random.
 * `retry` counts from 0 for the first retry.
 */
export function backoffDelay(
  retry: number,
  options: { baseDelayMs: number; maxDelayMs: number; jitter: number },
  random: () => number = Math.random,
): number {
  return Math.round(Math.min(options.baseDelayMs * 2 ** retry, options.maxDelayMs) * (1 - options.jitter * random()));
}
