// @ts-check
/**
 * The loopback server of the per-call benchmark, run as a child process so its work does not share the
 * client's event loop: node:http on 127.0.0.1, keep-alive, the same small bodies as the in-memory fetch.
 * It prints its port on stdout and exits when its parent's IPC channel closes.
 */
import { createServer } from "node:http";
import { GET_RESPONSE, POST_RESPONSE } from "./fixtures.js";

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = req.method === "POST" ? POST_RESPONSE : GET_RESPONSE;
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 10_000;
// A backlog for 1,000 connections opened at once (the shared-signal run), not Node's default 511.
server.listen({ port: 0, host: "127.0.0.1", backlog: 2048 }, () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
process.on("disconnect", () => process.exit(0));
