// @ts-check
/**
 * The loopback server of the per-call benchmark, run as a child process so its work does not share the
 * client's event loop: node:http on 127.0.0.1, keep-alive, the same small bodies as the in-memory fetch.
 * It reports its port over IPC, closes its idle connections when asked ("close-idle"), and exits when its
 * parent's IPC channel closes.
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
// "close-idle": closes every keep-alive connection not serving a request, so a measurement starts without the
// sockets an earlier one left open (their timing out mid-run would move its heap figures).
process.on("message", (message) => {
  if (message === "close-idle") {
    server.closeIdleConnections();
    process.send?.("idle-closed");
  }
});
process.on("disconnect", () => process.exit(0));
