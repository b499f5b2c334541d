// @ts-check
/** Timing and statistics helpers. Nothing here asserts a time: the numbers are reported, never gated. */

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? /** @type {number} */ (sorted[mid]) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Median and spread of several runs: spread is (max - min) / median, as a fraction.
 * @param {number[]} values
 */
export function summarize(values) {
  const m = median(values);
  return {
    median: m,
    min: Math.min(...values),
    max: Math.max(...values),
    spread: m ? (Math.max(...values) - Math.min(...values)) / m : 0,
    runs: values.length,
  };
}

/** Forces a collection when the process runs with --expose-gc (the `bench` script passes it). */
export function gc() {
  const collect = /** @type {any} */ (globalThis).gc;
  if (typeof collect === "function") collect();
}

/** Milliseconds since an arbitrary origin. */
export const now = () => performance.now();

/**
 * Runs `fn` `iterations` times in sequence. Returns microseconds per call: `wall` (elapsed) and `cpu` (this
 * process's user + system CPU time, every thread). On a shared machine CPU time is the steadier measure of a
 * client's own cost; wall time is what a caller waits.
 * @param {() => Promise<unknown>} fn
 * @param {number} iterations
 */
export async function timeSequential(fn, iterations) {
  const cpu0 = process.cpuUsage();
  const start = now();
  for (let i = 0; i < iterations; i++) await fn();
  const wall = ((now() - start) * 1000) / iterations;
  const used = process.cpuUsage(cpu0);
  return { wall, cpu: (used.user + used.system) / iterations };
}

/**
 * Rejects with a clear message when `promise` has not settled within `ms`, so a client that never answers stops
 * the run instead of hanging it. The timer is cleared either way.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
export function withDeadline(promise, ms, what) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms / 1000} s`)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, deadline])).finally(() => clearTimeout(timer));
}

/** How long one batch of concurrent calls may take before the run gives up (a busy machine included). */
export const BATCH_DEADLINE_MS = 120_000;

/**
 * Launches `calls` calls of `fn` at once (all started before any is awaited, then `Promise.all`), `batches`
 * times in a row. Returns microseconds per call, `wall` and `cpu`, as {@link timeSequential} does.
 * @param {() => Promise<unknown>} fn
 * @param {number} calls
 * @param {number} [batches]
 */
export async function timeConcurrent(fn, calls, batches = 1) {
  const cpu0 = process.cpuUsage();
  const start = now();
  for (let b = 0; b < batches; b++) await concurrently(fn, calls);
  const wall = ((now() - start) * 1000) / (calls * batches);
  const used = process.cpuUsage(cpu0);
  return { wall, cpu: (used.user + used.system) / (calls * batches) };
}

/**
 * One batch: `calls` calls of `fn` started at once, awaited together, under {@link BATCH_DEADLINE_MS}.
 * @param {() => Promise<unknown>} fn
 * @param {number} calls
 */
export function concurrently(fn, calls) {
  /** @type {Promise<unknown>[]} */
  const batch = new Array(calls);
  for (let i = 0; i < calls; i++) batch[i] = fn();
  return withDeadline(Promise.all(batch), BATCH_DEADLINE_MS, `${calls.toLocaleString("en-US")} concurrent calls`);
}

/**
 * This process's V8 heap in use after a forced GC, once FinalizationRegistry callbacks (which Node's `Request`
 * uses to drop its listener from a caller's signal) have had a turn, and a second GC has swept what they freed.
 */
export async function settledHeap() {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
  gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
  gc();
  return process.memoryUsage().heapUsed;
}

/** @param {number} n @param {number} [digits] */
export const fmt = (n, digits = 1) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "n/a";

/** @param {number} bytes */
export const fmtBytes = (bytes) => bytes.toLocaleString("en-US");

/** @param {number} bytes */
export const fmtMB = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** @param {number} fraction */
export const fmtPct = (fraction) => `${(fraction * 100).toFixed(1)} %`;
