/**
 * A request openapi-fetch has planned for a generated operation (URL, method, headers, serialized body)
 * without building a `Request`. The transport builds one per attempt anyway, to give it that attempt's
 * signal, so a generated call makes one `Request` per attempt instead of two plus a read of the first's body.
 * openapi-fetch takes it as its `Request` constructor for calls without middleware (middleware may expect a
 * real `Request`).
 */
export class PlannedRequest {
  /** The URL, query included. */
  readonly url: string;
  /** The HTTP method, as openapi-fetch gives it (upper case). */
  readonly method: string;
  /** The headers openapi-fetch merged (client, call, parameters, content type). */
  readonly headers: Headers;
  /** The serialized body: core's body serializer always gives a string. */
  readonly body: string | undefined;

  constructor(url: string, init: RequestInit = {}) {
    if (init.body !== undefined && init.body !== null && typeof init.body !== "string") {
      throw new TypeError("PlannedRequest takes a string body (core's body serializer gives one)");
    }
    this.url = url;
    this.method = init.method ?? "GET";
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? undefined;
  }
}
