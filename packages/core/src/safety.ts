import { ConfigurationError, InvalidArgumentError } from "./errors/request-errors.js";

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** True for hosts that never leave the machine: `localhost`, 127.0.0.0/8 and `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname) || hostname.endsWith(".localhost");
}

/**
 * Refuses a base URL that is not HTTPS, except for loopback hosts or when the caller opted in with
 * `allowInsecureHttp: true`.
 */
export function assertSecureBaseUrl(baseUrl: string, allowInsecureHttp = false): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`baseUrl is not a valid absolute URL: ${JSON.stringify(baseUrl.slice(0, 200))}`);
  }
  if (url.username || url.password) {
    throw new ConfigurationError("baseUrl must not contain credentials; pass the key as `apiKey`.");
  }
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:" && (allowInsecureHttp || isLoopbackHost(url.hostname))) return url;
  throw new ConfigurationError(
    `baseUrl ${url.origin} is not HTTPS. Credentials must not travel in clear text; use https://, a loopback host, or set allowInsecureHttp: true if you really mean it.`,
  );
}

/**
 * Refuses a header value (or credential) that is not a string, or holds CR, LF or NUL (which could inject
 * headers) or a character a header cannot carry (beyond U+00FF), before `Headers` throws a bare `TypeError`
 * mid-call.
 */
export function assertHeaderValue(name: string, value: unknown): asserts value is string {
  if (typeof value !== "string") throw new ConfigurationError(`${name} must be a string; got ${typeof value}.`);
  if (/[\r\n\0]/.test(value)) {
    throw new ConfigurationError(`${name} contains a CR, LF or NUL character; refusing to send it.`);
  }
  if (!isHeaderSafe(value)) {
    throw new ConfigurationError(
      `${name} contains a control character or one beyond U+00FF, which a header cannot carry.`,
    );
  }
}

/** True when `value` can travel as a header value. */
export const isHeaderSafe = (value: string): boolean => !/[^\t\x20-\xff]/.test(value);

/** Refuses a header name that is not an HTTP token. */
export function assertHeaderName(name: string): void {
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/i.test(name)) {
    throw new ConfigurationError(`${JSON.stringify(name)} is not a valid header name.`);
  }
}

/** True in a browser (or a browser-like worker with a DOM). */
export function isBrowser(): boolean {
  const g = globalThis as { window?: { document?: unknown }; document?: unknown };
  return typeof g.window !== "undefined" && typeof g.window?.document !== "undefined";
}

/**
 * Serializes path parameters: every value is percent-encoded as one segment, so `/`, `?`, `#` or `%` in an
 * id never change the path. `.` and `..` (which URL parsers resolve, even encoded) and empty values are
 * refused before anything is sent.
 */
export function serializePath(pathname: string, params: Record<string, unknown>): string {
  return pathname.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) {
      throw new InvalidArgumentError(`path parameter "${name}" is missing for ${pathname}`);
    }
    const text = String(value);
    if (text === "" || text === "." || text === "..") {
      throw new InvalidArgumentError(
        `path parameter "${name}" must not be ${JSON.stringify(text)}: it would change the path`,
      );
    }
    if (/\p{Cs}/u.test(text)) {
      throw new InvalidArgumentError(`path parameter "${name}" holds a lone surrogate, which has no URL encoding`);
    }
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  });
}

/**
 * Serializes a body: form-encoded (`application/x-www-form-urlencoded`) when that is the content type, with
 * `undefined` and `null` fields left out, booleans as `"true"`/`"false"` and arrays as repeated fields;
 * JSON otherwise.
 */
export function serializeBody(body: unknown, headers?: Headers | Record<string, unknown>): string {
  let contentType: unknown;
  if (headers instanceof Headers) contentType = headers.get("content-type");
  else
    for (const [name, value] of Object.entries(headers ?? {}))
      if (name.toLowerCase() === "content-type") contentType = value;
  try {
    if (typeof contentType === "string" && /^application\/x-www-form-urlencoded/i.test(contentType)) {
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
        if (value === undefined || value === null) continue;
        for (const item of Array.isArray(value) ? value : [value]) {
          form.append(key, typeof item === "object" ? JSON.stringify(item) : String(item));
        }
      }
      return form.toString();
    }
    return JSON.stringify(body);
  } catch (error) {
    // A BigInt or a cycle: refuse with a typed error rather than a bare TypeError from JSON.stringify.
    throw new InvalidArgumentError(
      `the request body cannot be serialized: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
