import type { FetchHandler } from "./handler.js";

/** A request as the fake received it. */
export interface RecordedRequest {
  /** HTTP method, upper case. */
  method: string;
  /** The full URL. */
  url: string;
  /** The URL's path. */
  path: string;
  /** The request headers, lower-case names. */
  headers: Record<string, string>;
  /** The body as text (`""` for none). */
  body: string;
}

/** A handler that records every request it sees. */
export interface RecordingHandler extends FetchHandler {
  /** Every request seen so far, oldest first. */
  readonly requests: RecordedRequest[];
  /** Forgets the requests seen so far. */
  clear(): void;
}

/** Records every request passed to `handler` (method, URL, headers, body text), then forwards it. */
export function recordRequests(handler: FetchHandler): RecordingHandler {
  const requests: RecordedRequest[] = [];
  const recording = (async (request: Request) => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const url = new URL(request.url);
    requests.push({
      method: request.method,
      url: request.url,
      path: url.pathname,
      headers,
      body: await request.clone().text(),
    });
    return handler(request);
  }) as RecordingHandler;
  Object.defineProperty(recording, "requests", { value: requests });
  recording.clear = () => void requests.splice(0);
  return recording;
}
