import { AbortError, type CallOptions, delay, HatcheryError, isHatcheryError } from "@hatchery/core";
import type { HostHatchClient } from "./client.js";

/** Options of {@link waitForStatus}. */
export interface WaitForStatusOptions {
  /**
   * Give up after this long (polls in flight included), with a {@link WaitForStatusTimeoutError}.
   * @default 300000 (5 minutes)
   */
  timeoutMs?: number;
  /**
   * Pause between two status calls.
   * @default 5000
   */
  intervalMs?: number;
  /** Stops waiting at once (a poll in flight or a pause included), with an `AbortError`. */
  signal?: AbortSignal;
  /** Options of each `getServerStatus` call (per-attempt timeout, retry policy, headers). */
  callOptions?: Omit<CallOptions, "signal">;
  /** Called with each status seen, e.g. to log progress. */
  onStatus?: (status: string, poll: number) => void;
}

/** What {@link waitForStatus} waits for: one status, any of several, or a test. */
export type StatusCondition = string | readonly string[] | ((status: string) => boolean);

/** The input of {@link waitForStatus}: flat, like every generated method's. */
export interface WaitForStatusInput {
  /** The server's id (the `server` path parameter of `getServerStatus`). */
  server: number;
  /** The status to wait for: one (`"online"`), any of several, or a test. */
  status: StatusCondition;
}

/** {@link waitForStatus} ran out of time before the server reached the status. */
export class WaitForStatusTimeoutError extends HatcheryError {
  override name = "WaitForStatusTimeoutError";
  /** The server that was polled. */
  readonly server: number;
  /** The last status seen, or `undefined` when no poll answered in time. */
  readonly lastStatus: string | undefined;
  /** Status calls that answered. */
  readonly polls: number;
  /** The time allowed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(init: {
    server: number;
    expected: string;
    lastStatus: string | undefined;
    polls: number;
    timeoutMs: number;
  }) {
    super(
      `Server ${init.server} did not reach status ${init.expected} within ${init.timeoutMs} ms ` +
        `(${init.polls} polls, last status: ${init.lastStatus ?? "none"}). The request it follows may still complete: ` +
        "check getServerStatus later, or the control panel.",
    );
    this.server = init.server;
    this.lastStatus = init.lastStatus;
    this.polls = init.polls;
    this.timeoutMs = init.timeoutMs;
  }
}

/** True for a {@link WaitForStatusTimeoutError} (by name, so it works across two copies of this package). */
export const isWaitForStatusTimeoutError = (e: unknown): e is WaitForStatusTimeoutError =>
  isHatcheryError(e) && e.name === "WaitForStatusTimeoutError";

const TIMED_OUT = Symbol("timed out");

function positive(name: string, value: number): number {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a positive, finite number of milliseconds; got ${String(value)}`);
  }
  return value;
}

/**
 * Polls a server's power status until it matches, bounded by a timeout and abortable. Boot, shutdown, reboot,
 * deploy and upgrade only acknowledge a request; this follows it up.
 *
 * Resolves with the status that matched. Rejects with a {@link WaitForStatusTimeoutError} after `timeoutMs`, an
 * `AbortError` when `signal` aborts, or the error of a status call that failed after its retries (e.g. a
 * `NotFoundError` for a cancelled server).
 * @example
 * ```ts
 * import { waitForStatus } from "@hatchery/hosthatch";
 *
 * await hosthatch.bootServer({ server: 112233 });
 * await waitForStatus(hosthatch, { server: 112233, status: "online" }, { timeoutMs: 120_000, intervalMs: 3_000 });
 * ```
 */
export async function waitForStatus(
  client: Pick<HostHatchClient, "getServerStatus">,
  input: WaitForStatusInput,
  options: WaitForStatusOptions = {},
): Promise<string> {
  const { server, status: condition } = input;
  const timeoutMs = positive("timeoutMs", options.timeoutMs ?? 300_000);
  const intervalMs = positive("intervalMs", options.intervalMs ?? 5_000);
  const matches =
    typeof condition === "function"
      ? condition
      : typeof condition === "string"
        ? (s: string) => s === condition
        : (s: string) => condition.includes(s);
  const expected =
    typeof condition === "function"
      ? "(condition)"
      : [condition]
          .flat()
          .map((s) => `"${s}"`)
          .join(" or ");
  const path = `/api/v1/servers/${encodeURIComponent(String(server))}/status`;
  const caller = options.signal;
  if (caller?.aborted) throw new AbortError({ method: "GET", url: path, cause: caller.reason });

  // One signal for every poll and pause: it aborts when the caller does, or when the time is up.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(TIMED_OUT), Math.min(timeoutMs, 2 ** 31 - 1));
  const onAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener("abort", onAbort, { once: true });
  let polls = 0;
  let lastStatus: string | undefined;
  try {
    for (;;) {
      const { status } = await client.getServerStatus(
        { server },
        { ...options.callOptions, signal: controller.signal },
      );
      polls += 1;
      lastStatus = status;
      options.onStatus?.(status, polls);
      if (matches(status)) return status;
      await delay(intervalMs, controller.signal);
    }
  } catch (error) {
    if (controller.signal.reason === TIMED_OUT) {
      throw new WaitForStatusTimeoutError({ server, expected, lastStatus, polls, timeoutMs });
    }
    if (caller?.aborted && !isHatcheryError(error)) throw new AbortError({ method: "GET", url: path, cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onAbort);
  }
}
