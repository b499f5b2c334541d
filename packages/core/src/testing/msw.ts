import { DropConnection, type FetchHandler } from "./handler.js";

/** What an msw resolver is given (the part a fake needs): the intercepted request. */
export interface MswResolverInfo {
  /** The request msw intercepted, handed to the fake as it is. */
  request: Request;
}

/**
 * Turns a fake (any `(request: Request) => Promise<Response>`) into an [msw](https://mswjs.io) resolver, so the
 * same stateful fake answers requests that msw intercepts: `` http.all(`${baseUrl}/*`, mswResolver(fake.handler)) ``.
 * A `DropConnection` (an injected `{ drop: true }` fault) becomes `Response.error()`, which msw turns into the
 * `TypeError` that `fetch` throws for a dropped connection.
 *
 * msw is not imported here (nor anywhere in Hatchery's packages): bring your own (msw 2.15 is tested).
 *
 * @example
 * import { http } from "msw";
 * import { setupServer } from "msw/node";
 * const fake = createHatchFake();
 * const server = setupServer(http.all("https://hatch.msw.test/*", mswResolver(fake.handler)));
 * server.listen({ onUnhandledRequest: "error" });
 */
export function mswResolver(handler: FetchHandler): (info: MswResolverInfo) => Promise<Response> {
  return async ({ request }) => {
    try {
      return await handler(request);
    } catch (error) {
      if (error instanceof DropConnection) return Response.error();
      throw error;
    }
  };
}
