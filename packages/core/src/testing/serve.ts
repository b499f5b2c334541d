import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { DropConnection, type FetchHandler } from "./handler.js";

/** A handler served on 127.0.0.1. */
export interface ServedHandler {
  /** Base URL, e.g. `http://127.0.0.1:49152`. */
  url: string;
  /** The ephemeral port it listens on. */
  port: number;
  /** Sockets currently open (for leak checks). */
  openConnections(): number;
  /** Stops the server and destroys every open socket. Resolves when closed. */
  close(): Promise<void>;
}

/** Options of {@link serve}. */
export interface ServeOptions {
  /**
   * Port to listen on.
   * @default 0 (an ephemeral port)
   */
  port?: number;
  /**
   * Answer CORS preflights and add `Access-Control-Allow-Origin: *` (for browser tests).
   * @default false
   */
  cors?: boolean;
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers": "*",
  "access-control-expose-headers": "*",
};

/**
 * Serves a fetch handler on 127.0.0.1 over real HTTP, for wire-level tests and demos. Only loopback is ever
 * bound. A handler that throws `DropConnection` gets its socket destroyed mid-request; a response body that
 * stalls is streamed as it comes.
 */
export async function serve(handler: FetchHandler, options: ServeOptions = {}): Promise<ServedHandler> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void respond(handler, req, res, options.cors ?? false, port);
  });
  server.keepAliveTimeout = 1000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function respond(handler: FetchHandler, req: IncomingMessage, res: ServerResponse, cors: boolean, port: number) {
  try {
    if (cors && req.method === "OPTIONS") {
      res.writeHead(204, CORS_HEADERS).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const method = req.method ?? "GET";
    const request = new Request(`http://127.0.0.1:${port}${req.url ?? "/"}`, {
      method,
      headers,
      body: method === "GET" || method === "HEAD" || chunks.length === 0 ? undefined : Buffer.concat(chunks),
      signal: controller.signal,
    });
    const response = await handler(request);
    const outHeaders: Record<string, string | string[]> = cors ? { ...CORS_HEADERS } : {};
    response.headers.forEach((value, name) => {
      outHeaders[name] = value;
    });
    res.writeHead(response.status, response.statusText, outHeaders);
    if (!response.body) {
      res.end();
      return;
    }
    const reader = response.body.getReader();
    res.on("close", () => void reader.cancel().catch(() => {}));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
  } catch (error) {
    if (error instanceof DropConnection || res.headersSent) {
      req.socket.destroy();
      return;
    }
    res.writeHead(500, { "content-type": "text/plain" }).end(`fake handler failed: ${String(error)}`);
  }
}
