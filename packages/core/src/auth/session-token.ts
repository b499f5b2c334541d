import { onAbort } from "../on-abort.js";

/** A token and the time it stops working. */
export interface SessionToken {
  /** The token itself. Never logged. */
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Options of {@link SessionTokenManager}. */
export interface SessionTokenOptions {
  /**
   * Fetches a fresh token (the provider's authenticate call). It is shared by every waiting caller, so it
   * gets no caller's signal: it must settle by itself (the transport's timeout sees to that).
   */
  authenticate: (signal?: AbortSignal) => Promise<SessionToken>;
  /**
   * Refresh this long before the token expires, so no call is sent with a token about to lapse.
   * @default 300000 (5 minutes)
   */
  refreshAheadMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Where a client gets its session tokens: the in-process {@link memorySessionTokens} by default, or a store
 * shared by many processes (`@hatchery/redis`), so that a fleet authenticates once.
 */
export interface SessionTokenSource {
  /**
   * A valid token, authenticating when there is none or it is about to expire. `signal` abandons this caller's
   * wait only: a shared authenticate call goes on for everyone else.
   */
  get(signal?: AbortSignal): Promise<string>;
  /**
   * The provider refused `token`: forget it if it is still the current one, so the next `get` authenticates
   * again (once, however many callers saw the refusal).
   */
  invalidate(token: string): void | Promise<void>;
}

/**
 * A session-token source, given to a session-auth client (Hatebase) as its `sessionTokens` option; the client
 * hands it the provider's authenticate call, which it must share between callers.
 */
export type SessionTokens = (authenticate: () => Promise<SessionToken>) => SessionTokenSource;

/**
 * In-process session tokens (the default): one authenticate call shared by every concurrent caller of the
 * client, renewed `refreshAheadMs` before expiry.
 * @example
 * createHatebaseClient({ apiKey, sessionTokens: memorySessionTokens({ refreshAheadMs: 60_000 }) });
 */
export function memorySessionTokens(options?: Omit<SessionTokenOptions, "authenticate">): SessionTokens {
  return (authenticate) => new SessionTokenManager({ ...options, authenticate });
}

/**
 * Single-flight session tokens: one authenticate call serves every concurrent caller; the token is renewed
 * ahead of expiry; `invalidate` drops a token the provider rejected so the next `get` authenticates again
 * (once, however many callers saw the rejection).
 */
export class SessionTokenManager implements SessionTokenSource {
  #current: (SessionToken & { refreshAt: number }) | undefined;
  #pending: Promise<SessionToken> | undefined;
  readonly #options: Required<Omit<SessionTokenOptions, "authenticate">> & Pick<SessionTokenOptions, "authenticate">;

  constructor(options: SessionTokenOptions) {
    this.#options = { refreshAheadMs: 300_000, now: Date.now, ...options };
  }

  /**
   * A valid token, authenticating when there is none or it is about to expire. `signal` abandons this
   * caller's wait only: the shared authenticate call goes on for everyone else.
   */
  async get(signal?: AbortSignal): Promise<string> {
    signal?.throwIfAborted();
    const current = this.#current;
    if (current && current.refreshAt > this.#options.now()) return current.token;
    let pending = this.#pending;
    if (!pending) {
      // No caller's signal here: the call is shared, and one caller giving up must not fail the others.
      pending = this.#pending = this.#options.authenticate().then((fresh) => {
        const now = this.#options.now();
        // Refresh ahead of expiry, but never so early that a short-lived token is renewed on every call.
        const lifetime = fresh.expiresAt - now;
        this.#current = { ...fresh, refreshAt: now + Math.max(lifetime - this.#options.refreshAheadMs, lifetime / 2) };
        return fresh;
      });
      // Settled: the next caller without a valid token authenticates again. (Nothing else sets `#pending` while
      // one is pending, so it is still this one.)
      const clear = () => {
        this.#pending = undefined;
      };
      pending.then(clear, clear);
    }
    if (!signal) return (await pending).token;
    return new Promise<string>((resolve, reject) => {
      const unsubscribe = onAbort(signal, () => reject(signal.reason));
      pending.then(
        (fresh) => {
          unsubscribe();
          resolve(fresh.token);
        },
        (error: unknown) => {
          unsubscribe();
          reject(error);
        },
      );
    });
  }

  /** Forgets `token` if it is still the current one (another caller may already have replaced it). */
  invalidate(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }
}

/**
 * Parses an expiry as the provider writes it. `gmt-datetime` is `YYYY-MM-DD HH:MM:SS` in GMT.
 * Returns epoch milliseconds, or undefined when unparsable.
 */
export function parseExpiry(value: unknown, format: "gmt-datetime" | "iso" | "epoch-seconds"): number | undefined {
  let time = Number.NaN;
  if (format === "epoch-seconds") {
    const n = typeof value === "number" || typeof value === "string" ? Number(value) : time;
    if (Number.isFinite(n) && n > 0) time = n * 1000;
  } else if (typeof value === "string") {
    if (format === "gmt-datetime") {
      const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
      if (match) {
        const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
        time = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
      }
    } else time = Date.parse(value);
  }
  // Unparsable (or not positive, for epoch seconds): no expiry.
  return Number.isNaN(time) ? undefined : time;
}
