import { delay, TimeoutError } from "@hatchery/core";
import type { AnalyzeInput, GetAnalysisResult, HatebaseClient } from "./generated/client.js";

/** Options of {@link analyzeAndWait}. */
export interface AnalyzeAndWaitOptions {
  /**
   * Wait between two polls of `getAnalysis`, in milliseconds. Each poll is a query against the daily limit:
   * Hatebase analyses take minutes to hours, so poll slowly.
   * @default 60000
   */
  intervalMs?: number;
  /**
   * Give up after this long (from the submission), in milliseconds, with an {@link AnalysisTimeoutError}.
   * The analysis goes on at Hatebase: poll `getAnalysis` with the error's `requestId` later (within 48 hours).
   * @default 14400000 (4 hours)
   */
  timeoutMs?: number;
  /** Aborts the wait at once (including a pause between polls); the submitted analysis goes on at Hatebase. */
  signal?: AbortSignal;
  /** Called with the request id right after the submission (store it to resume after a crash). */
  onSubmitted?: (requestId: string | number) => void;
  /** Called after each poll that found the analysis still running. */
  onPending?: (poll: number) => void;
}

/** A completed analysis with the id it was requested under. */
export type CompletedAnalysis = GetAnalysisResult & {
  /** The id `analyze` returned. */
  request_id: string | number;
};

/** {@link analyzeAndWait} ran out of time before the analysis completed. The analysis goes on at Hatebase. */
export class AnalysisTimeoutError extends TimeoutError {
  /** The id to poll `getAnalysis` with later. */
  readonly requestId: string | number;
  /** Polls made. */
  readonly polls: number;

  constructor(init: { requestId: string | number; timeoutMs: number; polls: number }) {
    super({ method: "POST", url: "get_analysis", timeoutMs: init.timeoutMs });
    this.name = "AnalysisTimeoutError";
    this.requestId = init.requestId;
    this.polls = init.polls;
    this.message =
      `Analysis ${init.requestId} did not complete within ${init.timeoutMs} ms (${init.polls} polls). ` +
      "It goes on at Hatebase: poll getAnalysis with this request id later (requests expire after 48 hours).";
  }
}

/** True for {@link AnalysisTimeoutError} (by name, so it works across copies of the package). */
export const isAnalysisTimeoutError = (error: unknown): error is AnalysisTimeoutError =>
  error instanceof Error && error.name === "AnalysisTimeoutError";

/**
 * Submits a text with `analyze`, then polls `getAnalysis` until the analysis is complete, and returns it.
 *
 * `analyze` is sent once (it is not idempotent: the client never re-sends it after an ambiguous failure);
 * each poll is an idempotent read that the client retries on transient failures. Throws an
 * {@link AnalysisTimeoutError} after `timeoutMs`, and the client's `AbortError` (or the signal's reason) when
 * `signal` aborts.
 *
 * @example
 * const analysis = await analyzeAndWait(hatebase, { content: text, language: "ENG" }, {
 *   intervalMs: 5 * 60_000,
 * });
 * if (analysis.result === true) console.log(`found ${analysis.term}`);
 */
export async function analyzeAndWait(
  client: Pick<HatebaseClient, "analyze" | "getAnalysis">,
  input: AnalyzeInput,
  options: AnalyzeAndWaitOptions = {},
): Promise<CompletedAnalysis> {
  const intervalMs = options.intervalMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 4 * 3_600_000;
  if (!(intervalMs >= 0) || !(timeoutMs > 0)) throw new RangeError("intervalMs must be >= 0 and timeoutMs > 0");
  const { signal } = options;
  const started = Date.now();
  const queued = await client.analyze(input, { signal });
  const requestId = queued.request_id;
  options.onSubmitted?.(requestId);
  for (let poll = 1; ; poll++) {
    const analysis = await client.getAnalysis({ request_id: requestId }, { signal });
    if (analysis.complete === true) return { ...analysis, request_id: requestId };
    options.onPending?.(poll);
    const left = started + timeoutMs - Date.now();
    if (left <= 0) throw new AnalysisTimeoutError({ requestId, timeoutMs, polls: poll });
    // The last pause is cut short so that the final poll happens at the deadline.
    await delay(Math.min(intervalMs, left), signal);
  }
}
