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
export type LogFn = (level: Exclude<LogLevel, "off">, message: string, fields?: Record<string, unknown>) => void;

/** Builds the client's log function. Every line passes through `scrub`, so no credential reaches the logger. */
export function createLog(logger: Logger | undefined, level: LogLevel, scrub: (text: string) => string): LogFn {
  if (!logger || level === "off") return () => {};
  const max = RANK[level];
  return (lineLevel, message, fields) => {
    if (RANK[lineLevel] > max) return;
    const safe = scrub(message);
    if (fields) logger[lineLevel](safe, JSON.parse(scrub(JSON.stringify(fields))));
    else logger[lineLevel](safe);
  };
}
