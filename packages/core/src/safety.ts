import { ConfigurationError, InvalidArgumentError } from "./errors/request-errors.js";

/** Hosts that never leave the machine: `localhost`, 127.0.0.0/8 and `::1`. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$|\.localhost$/i;

/** True for hosts that never leave the machine: `localhost`, 127.0.0.0/8 and `::1`. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK.test(hostname);

/**
 * Refuses a base URL that is not HTTPS, except for loopback hosts or when the caller opted in with
 * `allowInsecureHttp: true`, and one with credentials in it.
 */
export function assertSecureBaseUrl(baseUrl: string, allowInsecureHttp?: boolean): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(
      `baseUrl is not a valid absolute URL: ${JSON.stringify(String(baseUrl).slice(0, 200))}`,
    );
  }
  if (url.username || url.password) {
    throw new ConfigurationError("baseUrl must not contain credentials; pass the key as `apiKey`.");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && (allowInsecureHttp || LOOPBACK.test(url.hostname)))) {
    throw new ConfigurationError(
      `baseUrl ${url.origin} is not HTTPS: credentials would travel in clear text. Use https://, a loopback host, or allowInsecureHttp: true.`,
    );
  }
  return url;
}

/** A character no header value may carry: CR, LF, NUL, another control character, or one beyond U+00FF. */
const HEADER_UNSAFE = /[^\t\x20-\xff]/;

/**
 * Refuses a header value (or credential) that is not a string, or holds CR, LF or NUL (which could inject
 * headers) or a character a header cannot carry (a control character, or one beyond U+00FF), before `Headers`
 * throws a bare `TypeError` mid-call. Returns the value.
 */
export function assertHeaderValue(name: string, value: unknown): string {
  if (typeof value !== "string") throw new ConfigurationError(`${name} must be a string; got ${typeof value}.`);
  if (HEADER_UNSAFE.test(value)) {
    throw new ConfigurationError(
      `${name} cannot travel in a header: it has CR, LF, NUL, another control character or one beyond U+00FF.`,
    );
  }
  return value;
}

/** True when `value` can travel as a header value. */
export const isHeaderSafe = (value: string): boolean => !HEADER_UNSAFE.test(value);

/** Refuses a header name that is not an HTTP token. */
export function assertHeaderName(name: string): void {
  if (!/^[!#$%&'*+.^_`|~\w-]+$/.test(name)) {
    throw new ConfigurationError(`${JSON.stringify(name)} is not a valid header name.`);
  }
}

/** True in a browser (or a browser-like worker with a DOM). */
export const isBrowser = (): boolean =>
  typeof (globalThis as { window?: { document?: unknown } }).window?.document !== "undefined";

/**
 * Serializes path parameters: every value is percent-encoded as one segment, so `/`, `?`, `#` or `%` in an
 * id never change the path. `.` and `..` (which URL parsers resolve, even encoded), empty values and lone
 * surrogates (which have no encoding) are refused before anything is sent.
 */
export function serializePath(pathname: string, params: Record<string, unknown>): string {
  return pathname.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const text = String(params[name] ?? "");
    if (/^\.{0,2}$|\p{Cs}/u.test(text)) {
      throw new InvalidArgumentError(
        `path parameter "${name}" of ${pathname} must be non-empty, not "." or "..", without lone surrogates; got ${JSON.stringify(params[name]) ?? "nothing"}`,
      );
    }
    return encodeSegment(text);
  });
}

/** `text` percent-encoded as one path segment: `encodeURIComponent`, and `!'()*` too. Throws on a lone surrogate. @internal */
export const encodeSegment = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `JSON.stringify`, refusing what JSON cannot carry (a BigInt, a cycle) with a typed error before anything is sent. */
export function serializeJson(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new InvalidArgumentError(`the request body cannot be serialized: ${(error as Error).message}`);
  }
}

/**
 * Serializes a body: form-encoded (`application/x-www-form-urlencoded`) when that is the content type, with
 * `undefined` and `null` fields left out, booleans as `"true"`/`"false"` and arrays as repeated fields;
 * JSON otherwise (see {@link serializeJson}).
 */
export function serializeBody(body: unknown, headers?: Headers | Record<string, unknown>): string {
  let contentType: unknown;
  if (headers instanceof Headers) contentType = headers.get("content-type");
  else for (const name in headers) if (name.toLowerCase() === "content-type") contentType = headers[name];
  if (!/^application\/x-www-form-urlencoded/i.test(String(contentType))) return serializeJson(body);
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (value == null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      form.append(key, typeof item === "object" ? serializeJson(item) : String(item));
    }
  }
  return form.toString();
}
