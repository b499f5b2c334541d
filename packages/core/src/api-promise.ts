import type { ProviderMessage } from "./envelopes/envelope.js";

/** An operation's payload with everything around it. */
export interface ApiResult<T> {
  /** The unwrapped payload. */
  data: T;
  /** The raw (fully read) response. */
  response: Response;
  /** The provider's request or trace id, when it sent one. */
  requestId: string | undefined;
  /** Warnings the provider reported beside a success (Hatebase). */
  warnings: ProviderMessage[];
  /** The whole parsed response body, envelope included. */
  body: unknown;
  /** Attempts it took (0 when it came from the response cache). */
  attempts: number;
  /** True when the result came from the client's response cache, without a request. */
  fromCache?: boolean;
}

/**
 * The promise an operation returns: await it for the payload, or call `withResponse()` for the payload with
 * the raw response, the request id and any warnings.
 * @example
 * const { data, requestId } = await client.getServer({ server: 42 }).withResponse();
 */
export class ApiPromise<T> implements PromiseLike<T> {
  readonly #result: Promise<ApiResult<T>>;

  constructor(result: Promise<ApiResult<T>>) {
    this.#result = result;
  }

  /** The payload together with the raw response, request id and warnings. */
  withResponse(): Promise<ApiResult<T>> {
    return this.#result;
  }

  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#result.then((r) => (onFulfilled ? onFulfilled(r.data) : (r.data as unknown as A)), onRejected);
  }

  /** Like `Promise.prototype.catch`, on the payload. */
  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onRejected);
  }

  /** Like `Promise.prototype.finally`, on the payload. */
  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onFinally);
  }

  /** `"ApiPromise"`, for `Object.prototype.toString`. */
  get [Symbol.toStringTag](): string {
    return "ApiPromise";
  }
}
