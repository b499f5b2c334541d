import { createServer, type Socket } from "node:net";

/** A server started by {@link startUnresponsiveServer}. */
export interface UnresponsiveServer {
  /** Its port on 127.0.0.1. */
  port: number;
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Closes it and every connection it accepted. */
  close(): Promise<void>;
}

/**
 * A TCP server on 127.0.0.1 that accepts connections and never answers: a Redis that hangs. Point a client at it
 * to see each store time out (`timeoutMs`) instead of waiting forever.
 * @example
 * const silent = await startUnresponsiveServer();
 * const redis = new Redis(silent.url, { lazyConnect: true });
 */
export function startUnresponsiveServer(): Promise<UnresponsiveServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
    socket.resume(); // read and ignore everything
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        port,
        url: `redis://127.0.0.1:${port}`,
        connections: () => accepted,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
