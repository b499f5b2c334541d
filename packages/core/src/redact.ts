import { encodeSegment } from "./safety.js";

/** Replacement text for anything redacted. */
export const REDACTED = "[REDACTED]";

/**
 * Response and request headers that are safe to show in errors and logs. Any other header is shown as
 * `[REDACTED]`: an allowlist, so a new credential header can never leak by being forgotten.
 */
export const SAFE_HEADER_NAMES: readonly string[] =
  "accept age cache-control content-encoding content-language content-length content-type date etag expires last-modified location retry-after retry-after-ms server transfer-encoding user-agent vary via x-request-id x-ratelimit-limit x-ratelimit-remaining x-ratelimit-reset".split(
    " ",
  );

/**
 * Query parameter names whose values are always redacted, whatever else is known. Matched on the name in
 * lower case without separators, so `api_key`, `apiKey`, `X-Api-Key` and `accessToken` are all caught.
 */
const SENSITIVE_QUERY = /token|secret|passw|pwd|signature|^sig$|auth|credential|session|cookie|key$|apikey/;

/** Percent-decodes, leaving the input as it is where it is not valid percent-encoding. */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Removes credentials from strings, URLs, headers and bodies. It knows the client's secrets (the API key and
 * any session token it fetched) and scrubs them wherever they appear, besides redacting by header allowlist
 * and by sensitive query-parameter name.
 */
export class Redactor {
  /** Every form a secret may travel in, longest first (so a key inside a longer token never leaves a tail). */
  #secrets: string[] = [];
  /** Headers shown as they are: the allowlist, and the provider's request-id header. */
  readonly #safeHeaders: (string | undefined)[];

  /** @param requestIdHeader - the provider's request-id header, shown like the allowlisted ones. */
  constructor(requestIdHeader?: string) {
    this.#safeHeaders = [...SAFE_HEADER_NAMES, requestIdHeader?.toLowerCase()];
  }

  /** Registers a secret to be scrubbed from everything this redactor handles. Short values are ignored. */
  addSecret(secret: string | undefined): void {
    if (typeof secret !== "string" || secret.length < 4 || this.#secrets.includes(secret)) return;
    // A secret also travels URL-, path- and form-encoded, and JSON-escaped.
    const forms = [secret, JSON.stringify(secret).slice(1, -1), new URLSearchParams({ s: secret }).toString().slice(2)];
    try {
      forms.push(encodeURIComponent(secret), encodeSegment(secret));
    } catch {
      // A lone surrogate cannot be percent-encoded, so it cannot travel that way either.
    }
    this.#secrets = [...new Set([...this.#secrets, ...forms])].sort((a, b) => b.length - a.length);
  }

  /** Replaces every known secret in `text`. */
  scrub(text: string): string {
    return this.#secrets.reduce((out, secret) => out.replaceAll(secret, REDACTED), text);
  }

  /** True when `text` holds a known secret in one of the forms it travels in (see {@link addSecret}). */
  mentions(text: string): boolean {
    return this.#secrets.some((secret) => text.includes(secret));
  }

  /** True when `text` holds a secret, however it was percent-encoded. */
  #leaks(text: string): boolean {
    return this.mentions(text) || this.mentions(decode(text)) || this.mentions(decode(text.replaceAll("+", " ")));
  }

  /**
   * A URL without user info, with sensitive query values and every known secret redacted. A path segment,
   * query name or value or fragment that holds a secret in any encoding is replaced as a whole.
   */
  url(input: string): string {
    if (!URL.canParse(input)) return this.scrub(input);
    const { origin, pathname, search, hash } = new URL(input);
    const part = (text: string) => (this.#leaks(text) ? REDACTED : text);
    const query = search
      .slice(1)
      .split("&")
      .map((pair) => {
        const [name = "", ...value] = pair.split("=");
        return value.length
          ? `${part(name)}=${
              SENSITIVE_QUERY.test(
                decode(name)
                  .toLowerCase()
                  .replace(/[^a-z0-9]/g, ""),
              )
                ? REDACTED
                : part(value.join("="))
            }`
          : part(name);
      })
      .join("&");
    const out = this.scrub(
      origin + pathname.split("/").map(part).join("/") + (query && `?${query}`) + (hash && `#${part(hash.slice(1))}`),
    );
    // A secret split across components (a raw `?` or `#` inside it) is still readable in the whole: drop
    // everything after the origin rather than show it.
    return this.#leaks(out) ? `${origin}/${REDACTED}` : out;
  }

  /** Headers as a plain object; any name not on the allowlist has its value redacted. */
  headers(headers: Headers): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of headers) {
      out[this.scrub(name)] = this.#safeHeaders.includes(name.toLowerCase()) ? this.scrub(value) : REDACTED;
    }
    return out;
  }

  /**
   * A deep copy of a parsed body with every known secret scrubbed from its strings, numbers and keys.
   * Anything nested deeper than 32 levels is replaced as a whole, rather than copied unchecked.
   */
  value<T>(value: T, depth = 0): T {
    return (
      typeof value === "string"
        ? this.scrub(value)
        : typeof value === "number"
          ? this.#leaks(String(value))
            ? REDACTED
            : value
          : !value || typeof value !== "object"
            ? value
            : depth > 32
              ? REDACTED
              : Array.isArray(value)
                ? value.map((v) => this.value(v, depth + 1))
                : // fromEntries defines own properties, so a `__proto__` key stays a key.
                  Object.fromEntries(Object.entries(value).map(([k, v]) => [this.scrub(k), this.value(v, depth + 1)]))
    ) as T;
  }
}
