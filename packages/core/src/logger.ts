/** Anything console-compatible: `console`, pino, winston… */
export interface Logger {
  /** Every attempt, with its status and duration. */
  debug(message: string, ...rest: unknown[]): void;
  /** Retries and session-token renewals. */
  info(message: string, ...rest: unknown[]): void;
  /** Failures the client recovered from or reports. */
  warn(message: string, ...rest: unknown[]): void;
  /** Failures. */
  error(message: string, ...rest: unknown[]): void;
}

/** Verbosity, from silent to every attempt. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** A log function bound to a logger and a level; lines below the level are dropped. */
export type LogLine = ((level: Exclude<LogLevel, "off">, message: string, fields?: Record<string, unknown>) => void) & {
  /** Whether a line at `level` reaches the logger, so a caller can skip building it. Absent: assume it does. */
  enabled?: (level: Exclude<LogLevel, "off">) => boolean;
};

/** What happened, as the client reports it to its logger (which words it). */
export type LogEvent = "attempt" | "retry" | "budget" | "failed" | "renew" | "cache";

/**
 * How the client reports to its logger: an event and its fields (already redacted where they hold a URL or
 * headers); the logger words it, scrubs it and drops what is below its level. `debug` says whether `attempt`
 * events (one per attempt) are wanted, so the client can skip building them.
 */
export type LogFn = ((event: LogEvent, fields: Record<string, unknown>) => void) & {
  /** Whether the logger takes `attempt` events. */
  debug?: boolean;
};

/**
 * Builds a log function bound to a logger and a level. Every line and every string in its fields (keys
 * included) passes through `scrub`, so no credential reaches the logger.
 */
export function createLog(logger: Logger | undefined, level: LogLevel, scrub: (text: string) => string): LogLine {
  const max = logger ? RANK[level] : 0;
  // Walk the fields rather than scrubbing their JSON text: a secret with a quote or a backslash is escaped in
  // JSON and would slip past, and a replacement could break the JSON.
  const clean = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return scrub(value);
    if (typeof value !== "object" || value === null) return value;
    if (depth > 8) return "[…]";
    if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), clean(v, depth + 1)]));
  };
  const log: LogLine = (lineLevel, message, fields) => {
    if (RANK[lineLevel] > max) return;
    if (fields) logger?.[lineLevel](scrub(message), clean(fields, 0));
    else logger?.[lineLevel](scrub(message));
  };
  log.enabled = (lineLevel) => RANK[lineLevel] <= max;
  return log;
}

/** A logger made by {@link createLogger}, given to a client as its `logger` option. */
export type ClientLogger = (scrub: (text: string) => string) => LogFn;

/**
 * Logs a client's attempts, retries and failures to `logger` (anything console-compatible: `console`, pino,
 * winston…) at `level` and above: `"debug"` every attempt (method, URL, status, duration, allowlisted headers),
 * `"info"` retries and session renewals, `"warn"` (the default) failures and an exhausted retry budget. Every line
 * and every string in its fields passes through the client's redaction first, so no credential reaches the logger.
 * @example
 * createHostHatchClient({ apiKey, logger: createLogger(console, "debug") });
 */
export function createLogger(logger: Logger, level: LogLevel = "warn"): ClientLogger {
  return (scrub) => {
    const line = createLog(logger, level, scrub);
    const log: LogFn = (event, fields) => {
      const { method, url } = fields as { method: string; url: string };
      const at = `${method} ${url}`;
      if (event === "attempt") {
        const { status, failure, durationMs, attempt } = fields;
        line("debug", `${at} -> ${status ?? failure} in ${durationMs} ms (attempt ${attempt})`, fields);
      } else if (event === "retry") {
        line("info", `${at}: retrying in ${fields.delayMs} ms (attempt ${fields.attempt})`);
      } else if (event === "budget") {
        line("warn", `${at}: retry budget exhausted; not retrying`);
      } else if (event === "failed") {
        line("warn", `${at}: ${fields.failure} after ${fields.attempts} attempt(s)`);
      } else if (event === "renew") {
        line("info", `${at}: session token rejected; authenticating again`);
      } else {
        line("warn", `${fields.operation}: the response cache could not be ${fields.what} (${String(fields.error)})`);
      }
    };
    log.debug = line.enabled?.("debug");
    return log;
  };
}
