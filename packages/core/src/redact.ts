/** Replacement text for anything redacted. */
export const REDACTED = "[REDACTED]";

/**
 * Response and request headers that are safe to show in errors and logs. Any other header is shown as
 * `[REDACTED]`: an allowlist, so a new credential header can never leak by being forgotten.
 */
export const SAFE_HEADER_NAMES: readonly string[] = [
  "accept",
  "age",
  "cache-control",
  "content-encoding",
  "content-language",
  "content-length",
  "content-type",
  "date",
  "etag",
  "expires",
  "last-modified",
  "location",
  "retry-after",
  "retry-after-ms",
  "server",
  "transfer-encoding",
  "user-agent",
  "vary",
  "via",
  "x-request-id",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-reset",
];

/** Query parameter names whose values are always redacted, whatever else is known. */
const SENSITIVE_QUERY = /(^|_|-)(token|key|secret|password|passwd|signature|sig|auth|authorization|credential|session)s?($|_|-)/i;

/**
 * Removes credentials from strings, URLs, headers and bodies. It knows the client's secrets (the API key and
 * any session token it fetched) and scrubs them wherever they appear, besides redacting by header allowlist
 * and by sensitive query-parameter name.
 */
export class Redactor {
  readonly #secrets = new Set<string>();
  readonly #safeHeaders: Set<string>;

  constructor(extraSafeHeaders: readonly string[] = []) {
    this.#safeHeaders = new Set([...SAFE_HEADER_NAMES, ...extraSafeHeaders.map((h) => h.toLowerCase())]);
  }

  /** Registers a secret to be scrubbed from everything this redactor handles. Short values are ignored. */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= 4) {
      this.#secrets.add(secret);
      // A secret also travels URL- and form-encoded.
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) this.#secrets.add(encoded);
      const form = new URLSearchParams({ s: secret }).toString().slice(2);
      if (form !== secret) this.#secrets.add(form);
    }
  }

  /** Replaces every known secret in `text`. */
  scrub(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** A URL without user info, with sensitive query values and every known secret redacted. */
  url(input: string): string {
    let parsed: URL;
    try {
      parsed = new URL(input);
    } catch {
      return this.scrub(input);
    }
    if (parsed.username || parsed.password) {
      parsed.username = "";
      parsed.password = "";
    }
    for (const name of [...parsed.searchParams.keys()]) {
      if (SENSITIVE_QUERY.test(name)) parsed.searchParams.set(name, REDACTED);
    }
    return this.scrub(parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED));
  }

  /** Headers as a plain object; any name not on the allowlist has its value redacted. */
  headers(headers: Headers): Record<string, string> {
    const out: Record<string, string> = {};
    headers.forEach((value, name) => {
      out[name] = this.#safeHeaders.has(name.toLowerCase()) ? this.scrub(value) : REDACTED;
    });
    return out;
  }

  /** A deep copy of a parsed body with every known secret scrubbed from its strings and keys. */
  value<T>(value: T, depth = 0): T {
    if (typeof value === "string") return this.scrub(value) as T;
    if (depth > 32 || value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((v) => this.value(v, depth + 1)) as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[this.scrub(k)] = this.value(v, depth + 1);
    return out as T;
  }
}
