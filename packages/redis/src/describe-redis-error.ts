import type { RedisFailureReason } from "./redis-unavailable-error.js";

/** What may be said about a Redis client's error without quoting it. @internal */
export interface RedisErrorSummary {
  /** `connection` or `reply`. */
  reason: Exclude<RedisFailureReason, "timeout" | "cooldown">;
  /** Safe words only: the error's class name and its code. */
  detail: string;
}

// A Redis error reply starts with its code in capitals ("WRONGTYPE Operation against…", "NOSCRIPT No matching…").
const REPLY_CODE = /^([A-Z][A-Z_]{1,31})(?:\s|$)/;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const ERRNO = /^E[A-Z0-9_]{2,31}$/;

/**
 * Reduces an error of ioredis or node-redis to what may be shown: its class name, its errno code (a connection
 * failure) or its reply code (an error reply). Never the message, which may quote the command and its arguments
 * (keys, tokens), and never the error itself (ioredis errors carry the command, arguments included).
 * @internal
 */
export function describeRedisError(error: unknown): RedisErrorSummary {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    constructor?: { name?: unknown };
  };
  const name = [e.constructor?.name, e.name].find(
    (n): n is string => typeof n === "string" && IDENTIFIER.test(n) && n !== "Object",
  );
  const message = typeof e.message === "string" ? e.message : "";
  const errno = typeof e.code === "string" && ERRNO.test(e.code) ? e.code : undefined;
  const reply = /ReplyError|ErrorReply/.test(name ?? "") || (!errno && REPLY_CODE.test(message));
  const code = errno ?? (reply ? REPLY_CODE.exec(message)?.[1] : undefined);
  const detail = [name ?? "Error", code].filter(Boolean).join(" ");
  return { reason: reply ? "reply" : "connection", detail };
}

/** True when Redis answered that it does not know a script's SHA (EVALSHA before the script was loaded). @internal */
export function isNoScript(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" && message.startsWith("NOSCRIPT");
}
