import { type CallOptions, HatcheryError, InvalidArgumentError, isHatcheryError } from "@hatchery/core";
import type { HatchClient } from "./generated/client.js";
import type { Contact } from "./schema-types.js";

/** Rows to upsert: an array, any iterable, or any async iterable (rows parsed from a CSV stream, a CRM export…). */
export type UpsertContactsSource = Iterable<Contact> | AsyncIterable<Contact>;

/**
 * The outcome of one row, in the order the rows came in. `index` is the row's position in the source (0-based)
 * and `contact` the row itself, so a failed row can be fixed and sent again.
 */
export type UpsertContactResult =
  | {
      /** The row was upserted. */
      ok: true;
      /** The row's position in the source (0-based). */
      index: number;
      /** Hatch's ID of the created or updated contact. */
      id: string;
      /** The row as it was sent. */
      contact: Contact;
    }
  | {
      /** The row failed; see `error`. */
      ok: false;
      /** The row's position in the source (0-based). */
      index: number;
      /**
       * Why the row failed, as a typed error: `UnprocessableEntityError` (its `validationMessages` name the
       * fields, e.g. `email: Invalid format. Expected :email`), `RateLimitError`, `AuthenticationError`,
       * `InternalServerError`, `ConnectionError`/`TimeoutError`, `AbortError`, or `InvalidArgumentError` for a
       * row that is not an object. When `error.outcomeUnknown` is true the row may have reached Hatch: it had
       * neither `phoneNumber` nor `email`, so it was not re-sent (sending it again could create a duplicate).
       */
      error: HatcheryError;
      /** The row as it came in, to fix and send again. */
      contact: Contact;
    };

/** Options of {@link upsertContacts} and {@link streamUpsertContacts}. */
export interface UpsertContactsOptions {
  /**
   * Upserts in flight at once. The client's rate limit (100 requests per 10 s by default) still applies on
   * top: concurrency only decides how many requests may wait for it or be on the wire together.
   * @default 5
   */
  concurrency?: number;
  /**
   * Stops the import: no further row is read from the source, and rows in flight end as failures with an
   * `AbortError` (a row that was already on the wire may have reached Hatch). Every row read from the source
   * still gets its result, and then the results end; nothing is thrown.
   */
  signal?: AbortSignal;
  /** Options passed to every `upsertContact` call (timeout, retry policy, headers). */
  callOptions?: Omit<CallOptions, "signal">;
}

const READ_AHEAD = 4;

/**
 * Upserts many contacts with bounded concurrency under the client's rate limit, and yields one result per
 * row **in input order**, as soon as that row and every row before it are done.
 *
 * It streams: rows are read from the source only when they can be sent, at most `concurrency` requests are
 * in flight and at most `4 × concurrency` rows are held (in flight, or done and waiting for an earlier row),
 * so an unbounded source (a large CSV) never piles up in memory.
 *
 * No row is dropped: every row read from the source yields exactly one result, `{ ok: true, index, id }` or
 * `{ ok: false, index, error }`, and a failing row never stops the others. Each row is one
 * `client.upsertContact` call, so the usual retries apply: a row with a `phoneNumber` or an `email` is
 * retried after a timeout, a dropped connection or a 5xx (Hatch matches it to the same contact), a row with
 * neither is not (it would create a second contact) and fails with `outcomeUnknown: true` instead.
 *
 * If the source itself throws, the rows read before it still yield their results, then the source's error
 * is thrown. Leaving the loop early (`break`) aborts the rows still in flight and closes the source.
 *
 * @example
 * for await (const result of streamUpsertContacts(hatch, rowsFromCsv(), { concurrency: 8 })) {
 *   if (!result.ok) console.error(`row ${result.index}: ${result.error.message}`);
 * }
 */
export async function* streamUpsertContacts(
  client: Pick<HatchClient, "upsertContact">,
  contacts: UpsertContactsSource,
  options: UpsertContactsOptions = {},
): AsyncGenerator<UpsertContactResult, void, undefined> {
  const concurrency = options.concurrency ?? 5;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InvalidArgumentError(`concurrency must be a whole number >= 1 (got ${String(concurrency)})`);
  }
  const window = concurrency * READ_AHEAD;
  // Aborted by the caller's signal, or by us when the consumer leaves early: cancels the rows in flight.
  const stop = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => stop.abort(outer?.reason);
  if (outer?.aborted) stop.abort(outer.reason);
  else outer?.addEventListener("abort", onOuterAbort, { once: true });

  const iterator: Iterator<Contact> | AsyncIterator<Contact> =
    Symbol.asyncIterator in contacts
      ? (contacts as AsyncIterable<Contact>)[Symbol.asyncIterator]()
      : (contacts as Iterable<Contact>)[Symbol.iterator]();
  type Entry = { settled: boolean; result?: UpsertContactResult };
  const pending: Entry[] = [];
  let nextIndex = 0;
  let inFlight = 0;
  let settledCount = 0;
  let wake: (() => void) | undefined;
  let sourceDone = false;
  let sourceFailure: { error: unknown } | undefined;

  const start = (index: number, contact: Contact): Entry => {
    const entry: Entry = { settled: false };
    inFlight += 1;
    void upsertOne(client, index, contact, { ...options.callOptions, signal: stop.signal }).then((result) => {
      entry.settled = true;
      entry.result = result;
      inFlight -= 1;
      settledCount += 1;
      const w = wake;
      wake = undefined;
      w?.();
    });
    return entry;
  };

  try {
    for (;;) {
      const seen = settledCount;
      while (!sourceDone && !stop.signal.aborted && inFlight < concurrency && pending.length < window) {
        let next: IteratorResult<Contact>;
        try {
          next = await iterator.next();
        } catch (error) {
          sourceDone = true;
          sourceFailure = { error };
          break;
        }
        if (next.done) {
          sourceDone = true;
          break;
        }
        pending.push(start(nextIndex++, next.value));
      }
      let yielded = false;
      while (pending[0]?.settled) {
        const entry = pending.shift() as Entry;
        yielded = true;
        yield entry.result as UpsertContactResult;
      }
      if (pending.length === 0 && (sourceDone || stop.signal.aborted)) break;
      // Nothing to yield and nothing new to start: wait until some row settles (one is always in flight).
      if (!yielded && settledCount === seen) await new Promise<void>((resolve) => (wake = resolve));
    }
    if (sourceFailure) throw sourceFailure.error;
  } finally {
    outer?.removeEventListener("abort", onOuterAbort);
    if (pending.length > 0) stop.abort(new Error("streamUpsertContacts: the consumer stopped reading results"));
    if (!sourceDone) {
      try {
        await iterator.return?.();
      } catch {
        // Closing the source is best effort; its own error must not hide the outcome of the import.
      }
    }
  }
}

/**
 * Upserts many contacts and resolves with one result per row, in input order, once every row is done. See
 * {@link streamUpsertContacts} for the guarantees (streaming reads, bounded concurrency under the rate limit,
 * no row dropped, one failing row never stops the rest); use that variant to handle results as they come,
 * or to keep the results of the rows read before a source that fails (here its error rejects the promise).
 *
 * @example
 * const results = await upsertContacts(hatch, contacts);
 * const failed = results.filter((r) => !r.ok);
 */
export async function upsertContacts(
  client: Pick<HatchClient, "upsertContact">,
  contacts: UpsertContactsSource,
  options: UpsertContactsOptions = {},
): Promise<UpsertContactResult[]> {
  const results: UpsertContactResult[] = [];
  for await (const result of streamUpsertContacts(client, contacts, options)) results.push(result);
  return results;
}

/** One row: never rejects. */
async function upsertOne(
  client: Pick<HatchClient, "upsertContact">,
  index: number,
  contact: Contact,
  callOptions: CallOptions,
): Promise<UpsertContactResult> {
  try {
    if (typeof contact !== "object" || contact === null || Array.isArray(contact)) {
      throw new InvalidArgumentError(`row ${index} is not an object (got ${describe(contact)}); nothing was sent`);
    }
    const { id } = await client.upsertContact(contact, callOptions);
    return { ok: true, index, id, contact };
  } catch (error) {
    return { ok: false, index, error: asHatcheryError(error), contact };
  }
}

function asHatcheryError(error: unknown): HatcheryError {
  if (isHatcheryError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new HatcheryError(`upsertContact failed: ${message}`, { cause: error });
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
