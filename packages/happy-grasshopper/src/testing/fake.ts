import { bearerToken, type FetchHandler, jsonResponse } from "@hatchery/core/testing";
import { auth, basePath, envelope, routes } from "./routes.js";

/** The API key the fake accepts unless told otherwise. */
export const HAPPY_GRASSHOPPER_FAKE_API_KEY = "happy-grasshopper-fake-key";

/** One operation the fake answers: its method and path, and the documented success it returns. */
export interface HappyGrasshopperFakeRoute {
  /** The spec's `operationId`. */
  operationId: string;
  /** HTTP method, upper case. */
  method: string;
  /** Path template from the spec, e.g. `/items/{id}`: a `{parameter}` matches any one segment. */
  path: string;
  /** HTTP status of the answer. */
  status: number;
  /** The whole answer body, envelope included; `undefined` for an empty body. */
  body?: unknown;
  /** Why the contract test does not check this body against the spec, when it does not. */
  unchecked?: string;
}

/** Options of {@link createHappyGrasshopperFake}. */
export interface HappyGrasshopperFakeOptions {
  /**
   * The API key the fake accepts (as `Authorization: Bearer <key>`, when the spec's auth is bearer).
   * @default HAPPY_GRASSHOPPER_FAKE_API_KEY
   */
  apiKey?: string;
  /**
   * The route table to answer from.
   * @default the table written from the spec, {@link routes}
   */
  routes?: readonly HappyGrasshopperFakeRoute[];
}

/** A fake of the HappyGrasshopper API. */
export interface HappyGrasshopperFake {
  /** The `fetch`-style handler: serve it with `serve()`, or pass it as the client's `fetch`. */
  handler: FetchHandler;
  /** How many requests each operation answered, by `operationId`. */
  readonly calls: Readonly<Record<string, number>>;
}

/** A path template as a regular expression source: literal text escaped, each `{parameter}` one segment. */
function pattern(template: string): string {
  return template
    .split(/\{[^{}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
}

/** An error answer in the shape of the spec's envelope, so the client's normalizer reads its message. */
function failure(status: number, message: string): Response {
  switch (envelope) {
    case "data":
      return jsonResponse(status, { errors: [{ status: String(status), title: message }] });
    case "result-data":
      return jsonResponse(status, { result: "error", message });
    case "hatebase":
      return jsonResponse(status, { errors: [[String(status), message]], warnings: [] });
    default:
      return jsonResponse(status, { message });
  }
}

/**
 * Creates a fake of the HappyGrasshopper API. It answers every operation of the spec with the first success the
 * spec documents (see `routes.ts`), checks the API key, and answers unknown paths with 404 and wrong methods with
 * 405, in the spec's error envelope. It keeps no state yet: grow it into a stateful fake as the client grows.
 * @example
 * const fake = createHappyGrasshopperFake();
 * const server = await serve(fake.handler);
 * const client = createHappyGrasshopperClient({ apiKey: HAPPY_GRASSHOPPER_FAKE_API_KEY, baseUrl: server.url });
 */
export function createHappyGrasshopperFake(options: HappyGrasshopperFakeOptions = {}): HappyGrasshopperFake {
  const apiKey = options.apiKey ?? HAPPY_GRASSHOPPER_FAKE_API_KEY;
  const prefix = new RegExp(`^${pattern(basePath)}(?=/|$)`);
  // Literal paths win over templated ones: `/items/new` before `/items/{id}`.
  const table = (options.routes ?? routes)
    .map((route) => ({ route, match: new RegExp(`^${pattern(route.path)}$`), params: route.path.split("{").length }))
    .sort((a, b) => a.params - b.params);
  const calls: Record<string, number> = {};

  const handler: FetchHandler = async (request) => {
    const path = new URL(request.url).pathname.replace(prefix, "") || "/";
    const onPath = table.filter((entry) => entry.match.test(path));
    if (onPath.length === 0) return failure(404, `no route for ${request.method} ${path}`);
    const hit = onPath.find((entry) => entry.route.method === request.method.toUpperCase());
    if (!hit) return failure(405, `${request.method} is not allowed on ${path}`);
    if (auth === "bearer" && bearerToken(request) !== apiKey) return failure(401, "missing or wrong API key");
    calls[hit.route.operationId] = (calls[hit.route.operationId] ?? 0) + 1;
    return jsonResponse(hit.route.status, structuredClone(hit.route.body));
  };
  return { handler, calls };
}
