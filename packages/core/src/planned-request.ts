import { InvalidArgumentError } from "./errors/request-errors.js";
import type { OperationSpec } from "./operation.js";
import type { PageInput } from "./pagination/page.js";
import { serializeJson, serializePath } from "./safety.js";

/**
 * A request planned for one operation: its URL (query included), method, headers and serialized body, without a
 * `Request` (the transport builds one per attempt, with that attempt's signal).
 */
export interface PlannedRequest {
  /** The URL, query included. */
  readonly url: string;
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The headers: the client's, the call's and the operation's header parameters, and the content type. */
  readonly headers: Headers;
  /** The serialized body. */
  readonly body?: string | undefined;
}

/**
 * A query string as openapi-fetch's default serializer writes one: `name=value` with the value percent-encoded,
 * an array as repeated fields (`form`, exploded), an object as `name[key]=value` (`deepObject`), `undefined` and
 * `null` left out. A value nested deeper cannot be sent and is refused.
 */
export function serializeQuery(query: Record<string, unknown> = {}): string {
  const pairs: string[] = [];
  const add = (name: string, value: unknown) => {
    if (value == null) return;
    if (typeof value === "object") {
      throw new InvalidArgumentError(`query parameter ${name} is nested too deep to be sent`);
    }
    pairs.push(`${name}=${encodeURIComponent(value as string)}`);
  };
  for (const name in query) {
    const value = query[name] as unknown;
    if (Array.isArray(value)) for (const item of value) add(name, item);
    else if (value && typeof value === "object") {
      for (const key in value) add(`${name}[${key}]`, (value as Record<string, unknown>)[key]);
    } else add(name, value);
  }
  return pairs.join("&");
}

/**
 * Plans an operation's request from openapi-fetch's nested input, as openapi-fetch would build it: the path
 * parameters encoded into the path (`serializePath`), the query serialized (`serializeQuery`), the headers merged
 * (JSON content type when there is a body, then the client's, the call's, then header parameters; `null` removes
 * one), the body serialized (`form` for a form operation, JSON otherwise).
 */
export function planRequest(
  baseUrl: string,
  operation: OperationSpec,
  input: PageInput,
  headerLayers: readonly (Readonly<Record<string, unknown>> | undefined)[],
  form: ((body: unknown, headers: Headers) => string) | undefined,
): PlannedRequest {
  const { params = {}, body } = input;
  const query = serializeQuery(params.query);
  const headers = new Headers(body === undefined ? undefined : { "Content-Type": "application/json" });
  for (const layer of [...headerLayers, params.header]) {
    for (const name in layer) {
      const value = layer[name];
      if (value === null) headers.delete(name);
      else if (value !== undefined) headers.set(name, String(value));
    }
  }
  return {
    url: `${baseUrl}${serializePath(operation.path, params.path ?? {})}${query && "?"}${query}`,
    method: operation.method,
    headers,
    body:
      body === undefined
        ? undefined
        : operation.bodyType === "form" && form
          ? form(body, headers)
          : serializeJson(body),
  };
}
