/** A fake API: the same shape as `fetch` given a `Request`. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** Thrown by a handler to drop the connection without any response (served over HTTP: the socket is destroyed). */
export class DropConnection extends Error {
  constructor() {
    super("connection dropped by the fake");
    this.name = "DropConnection";
  }
}

/** A JSON response. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  if (status === 204 || body === undefined) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/**
 * Reads a request body as an object: JSON, or form-encoded (`a=1&b=2` -> `{a: "1", b: "2"}`).
 * Returns `undefined` for an empty body, and throws `SyntaxError` for malformed JSON.
 */
export async function readRequestBody(request: Request): Promise<Record<string, unknown> | undefined> {
  const text = await request.text();
  if (text === "") return undefined;
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  return JSON.parse(text) as Record<string, unknown>;
}

/** The bearer token of a request, or undefined. */
export function bearerToken(request: Request): string | undefined {
  const match = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "");
  return match?.[1];
}

/**
 * Turns a handler into an in-memory `fetch`: no socket at all, which isolates the client's own cost.
 * A `DropConnection` becomes the `TypeError` that real `fetch` throws for a reset socket.
 */
export function toFetch(handler: FetchHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      if (error instanceof DropConnection) {
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
        });
      }
      throw error;
    }
  };
}
