import { onAbort } from "./on-abort.js";

/** The longest delay a timer can take (about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Resolves after `ms`, or rejects with `signal.reason` as soon as `signal` aborts (also when it already has).
 * The timer is cleared either way, so nothing keeps the process alive.
 */
export const delay = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // Timers overflow past 2^31 - 1 ms and would fire at once; clamp (a wait that long is never reached).
    const timer = setTimeout(() => resolve(unsubscribe?.()), Math.min(Math.max(ms, 0), MAX_TIMER_MS));
    const unsubscribe =
      signal &&
      onAbort(signal, () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
  });
