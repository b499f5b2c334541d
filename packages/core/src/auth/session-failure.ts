/** What a failed answer to a call made with a session token said. */
export interface SessionFailure {
  /** The HTTP status. */
  status: number;
  /** The provider's error code, when it gave one. */
  code?: string | undefined;
  /** The provider's messages (its message and every error it listed); `undefined` entries are skipped. */
  messages: readonly (string | undefined)[];
}

/** Words that name a session credential. */
const TOKEN = /\b(?:tokens?|sessions?)\b/i;
/** Words that say a credential is not (or no longer) accepted. */
const REFUSED =
  /\b(?:expired?|expiring|invalid|unknown|not\s+(?:valid|recogni[sz]ed|found|known|authori[sz]ed|accepted)|unauthori[sz]ed|revoked|missing|required|bad|incorrect|wrong|malformed|no\s+longer|denied|refused|rejected|timed\s*out|ended|forbidden)\b/i;

/**
 * True when `message` speaks of a session token being refused: it names the token (`token`, `session`, or the
 * spec's token field) and says it is expired, invalid, unknown, not authorized, revoked, missing…
 * `"Token expired"`, `"invalid session"`, `"The token is not recognised"` do; `"Invalid value for field
 * language"` and `"Daily limit reached"` do not.
 */
export function speaksOfRefusedToken(message: string, tokenField?: string): boolean {
  return (
    REFUSED.test(message) &&
    (TOKEN.test(message) || (!!tokenField && message.toLowerCase().includes(tokenField.toLowerCase())))
  );
}

/**
 * Whether a call made with a session token failed because of the token, so the client should authenticate
 * once more and retry it. Recognised by the answer's meaning, not by codes made up for a fake: a 401 or 403,
 * an in-body error whose message speaks of the token being refused ({@link speaksOfRefusedToken}), whatever
 * its code and status, or one of the codes a provider documents (`invalidTokenCodes`, optional).
 */
export function isSessionRejection(
  failure: SessionFailure,
  spec: { tokenField?: string; invalidTokenCodes?: readonly string[] | undefined },
): boolean {
  if ([401, 403].includes(failure.status)) return true;
  if (failure.code !== undefined && spec.invalidTokenCodes?.includes(failure.code)) return true;
  return failure.messages.some((m) => m !== undefined && speaksOfRefusedToken(m, spec.tokenField));
}

const FAILURES = Symbol.for("@hatchery/core/session-failures");

/**
 * The failure each error of a call stands for, when it is the API's answer (a JSON failure, or a non-2xx status):
 * what session auth reads to tell a refused token. Kept beside the error, not on it (the provider's words in it are
 * not redacted), in one map for the whole process, so session auth from one copy of core reads what another
 * copy's client recorded.
 * @internal
 */
export const sessionFailures = (): WeakMap<object, SessionFailure> =>
  ((globalThis as { [FAILURES]?: WeakMap<object, SessionFailure> })[FAILURES] ??= new WeakMap());
