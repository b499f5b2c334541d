import { delay } from "../delay.js";
import { DropConnection, type FetchHandler } from "./handler.js";

/** One injected fault. */
export interface Fault {
  /** Which requests it applies to. */
  match?: {
    /** The request's method (any case). */
    method?: string;
    /** The request's path: equal to a string, or matching a regular expression. */
    path?: string | RegExp;
  };
  /**
   * How many matching requests it applies to.
   * @default 1
   */
  times?: number;
  /** Answer with this status instead (a JSON body, see `body`). */
  status?: number;
  /** Headers of the injected response, e.g. `{ "retry-after": "1" }`. */
  headers?: Record<string, string>;
  /** Body of the injected response (JSON-encoded unless a string). */
  body?: unknown;
  /** Wait before answering (abortable by the request). */
  delayMs?: number;
  /** Drop the connection without answering. */
  drop?: boolean;
  /** Send the headers, then stall this long before the body. */
  slowBodyMs?: number;
  /**
   * Let the real handler act first (the side effect happens), then apply the fault: the client sees a
   * failure although the server did the work.
   * @default false
   */
  afterEffect?: boolean;
}

/** A handler with a fault queue. */
export interface FaultyHandler extends FetchHandler {
  /** Queues a fault. */
  inject(fault: Fault): void;
  /** Removes every queued fault. */
  clear(): void;
  /** Faults applied so far, by kind. */
  readonly applied: Record<string, number>;
}

function matches(fault: Fault, request: Request): boolean {
  const m = fault.match;
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== request.method.toUpperCase()) return false;
  if (m.path !== undefined) {
    const path = new URL(request.url).pathname;
    return typeof m.path === "string" ? path === m.path : m.path.test(path);
  }
  return true;
}

function kindOf(fault: Fault): string {
  if (fault.drop) return fault.afterEffect ? "drop-after-effect" : "drop";
  if (fault.slowBodyMs !== undefined) return "slow-body";
  if (fault.status !== undefined) return `${fault.afterEffect ? "after-effect-" : ""}status-${fault.status}`;
  return "delay";
}

function slowBody(response: Response, ms: number, signal: AbortSignal): Response {
  const original = response.body;
  // A 204 or 304 has no body to stall (and a Response with that status cannot be given one).
  if (!original) return response;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        await delay(ms, signal);
        const reader = original.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          controller.enqueue(value);
        }
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * Wraps a fake with fault injection: statuses (with `Retry-After`…), delays, dropped connections, slow bodies,
 * and failures after the side effect.
 * @example
 * const api = withFaults(createHostHatchFake().handler);
 * api.inject({ status: 503, times: 2 });
 * api.inject({ drop: true, afterEffect: true, match: { method: "POST", path: "/api/v1/deploy" } });
 */
export function withFaults(handler: FetchHandler): FaultyHandler {
  const queue: (Fault & { left: number })[] = [];
  const applied: Record<string, number> = {};
  const faulty = (async (request: Request) => {
    const index = queue.findIndex((f) => matches(f, request));
    const fault = index >= 0 ? queue[index] : undefined;
    if (!fault) return handler(request);
    fault.left -= 1;
    if (fault.left <= 0) queue.splice(index, 1);
    const kind = kindOf(fault);
    applied[kind] = (applied[kind] ?? 0) + 1;
    if (fault.delayMs) await delay(fault.delayMs, request.signal);
    let real: Response | undefined;
    if (fault.afterEffect) real = await handler(request.clone());
    if (fault.drop) throw new DropConnection();
    if (fault.status !== undefined) {
      const body = fault.body === undefined ? { message: `injected ${fault.status}` } : fault.body;
      return new Response(typeof body === "string" ? body : JSON.stringify(body), {
        status: fault.status,
        headers: { "content-type": typeof body === "string" ? "text/plain" : "application/json", ...fault.headers },
      });
    }
    const response = real ?? (await handler(request));
    if (fault.slowBodyMs !== undefined) return slowBody(response, fault.slowBodyMs, request.signal);
    return response;
  }) as FaultyHandler;
  faulty.inject = (fault) => queue.push({ ...fault, left: fault.times ?? 1 });
  faulty.clear = () => void queue.splice(0);
  Object.defineProperty(faulty, "applied", { get: () => ({ ...applied }) });
  return faulty;
}
