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
export type LogFn = ((level: Exclude<LogLevel, "off">, message: string, fields?: Record<string, unknown>) => void) & {
  /** Whether a line at `level` reaches the logger, so a caller can skip building it. Absent: assume it does. */
  enabled?: (level: Exclude<LogLevel, "off">) => boolean;
};

/**
 * Builds the client's log function. Every line and every string in its fields (keys included) passes
 * through `scrub`, so no credential reaches the logger.
 */
export function createLog(logger: Logger | undefined, level: LogLevel, scrub: (text: string) => string): LogFn {
  if (!logger || level === "off") return Object.assign(() => {}, { enabled: () => false });
  const max = RANK[level];
  // Walk the fields rather than scrubbing their JSON text: a secret with a quote or a backslash is escaped in
  // JSON and would slip past, and a replacement could break the JSON.
  const clean = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return scrub(value);
    if (typeof value !== "object" || value === null) return value;
    if (depth > 8) return "[…]";
    if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), clean(v, depth + 1)]));
  };
  const log: LogFn = (lineLevel, message, fields) => {
    if (RANK[lineLevel] > max) return;
    if (fields) logger[lineLevel](scrub(message), clean(fields, 0));
    else logger[lineLevel](scrub(message));
  };
  log.enabled = (lineLevel) => RANK[lineLevel] <= max;
  return log;
}

/** A logger made by {@link createLogger}, given to a client as its `logger` option. */
export type ClientLogger = (scrub: (text: string) => string) => LogFn;

/**
 * Logs a client's attempts, retries and failures to `logger` (anything console-compatible: `console`, pino,
 * winston…) at `level` and above. Every line and every string in its fields passes through the client's
 * redaction first, so no credential reaches the logger.
 * @example
 * createHostHatchClient({ apiKey, logger: createLogger(console, "debug") }); // every attempt, with its status and time
 */
export function createLogger(logger: Logger, level: LogLevel = "warn"): ClientLogger {
  return (scrub) => createLog(logger, level, scrub);
}
