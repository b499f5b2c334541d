import { inspect } from "node:util";

/**
 * A recognizable fake key per provider: a fixed prefix and a random-looking core that appears nowhere else,
 * so a hit in anything observable can only be a leak.
 */
export function fakeKey(provider: string): string {
  return `chaos-${provider}-KEY-7e1f0c93a4d25b86`;
}

/**
 * The forms in which a secret could leak: as is, percent-encoded, form-encoded, JSON-escaped, base64 (Basic
 * auth), and its random core and both halves of it (a cut through the secret, e.g. a truncated body).
 */
export function leakForms(secret: string): string[] {
  const forms = new Set<string>([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString("base64"),
  ]);
  const core = /[0-9a-f]{16,}/i.exec(secret)?.[0];
  if (core) {
    forms.add(core);
    forms.add(core.slice(0, core.length / 2));
    forms.add(core.slice(core.length / 2));
  }
  return [...forms].filter((f) => f.length >= 6);
}

/** Everything a caller can observe of a thrown value: message, stack, `String`, `JSON.stringify`, `util.inspect`. */
export function observeError(error: unknown): string {
  const parts: string[] = [];
  const add = (f: () => unknown) => {
    try {
      parts.push(String(f()));
    } catch (e) {
      parts.push(`<unreadable: ${String(e)}>`);
    }
  };
  add(() => String(error));
  add(() => (error as Error)?.message);
  add(() => (error as Error)?.stack);
  add(() => JSON.stringify(error));
  add(() => inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }));
  // The cause chain, each link on its own (inspect shows it, but a custom inspect could hide it).
  let cause = (error as { cause?: unknown })?.cause;
  for (let depth = 0; cause !== undefined && depth < 8; depth++) {
    add(() => inspect(cause, { depth: Number.POSITIVE_INFINITY, showHidden: true }));
    cause = (cause as { cause?: unknown })?.cause;
  }
  return parts.join("\n");
}

/** Anything else observable (a result, log arguments): `util.inspect` and `JSON.stringify` where possible. */
export function observeValue(value: unknown): string {
  let json = "";
  try {
    json = JSON.stringify(value) ?? "";
  } catch {
    // cycles: inspect below still sees everything
  }
  return `${json}\n${inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })}`;
}

/** A leak found by {@link scan}. */
export interface Leak {
  /** Where it was seen (e.g. `error of getClient`, `logger.debug`). */
  where: string;
  /** The form of the secret that matched. */
  form: string;
  /** Up to 80 characters around the hit. */
  excerpt: string;
}

/** Searches `text` for any form of any secret. */
export function scan(text: string, secrets: readonly string[], where: string): Leak[] {
  const leaks: Leak[] = [];
  for (const secret of secrets) {
    for (const form of leakForms(secret)) {
      const at = text.indexOf(form);
      if (at >= 0) leaks.push({ where, form, excerpt: text.slice(Math.max(0, at - 30), at + form.length + 30) });
    }
  }
  return leaks;
}

/** A console-compatible logger that keeps every line and argument, at every level. */
export function capturingLogger() {
  const lines: { level: string; text: string }[] = [];
  const at =
    (level: string) =>
    (message: string, ...rest: unknown[]) =>
      lines.push({ level, text: [message, ...rest.map(observeValue)].join(" ") });
  return { lines, logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } };
}
