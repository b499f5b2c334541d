// @ts-check
/**
 * A minimal Hatebase session-auth fake on 127.0.0.1, in a child process: `authenticate` trades the API key
 * for a session token after a delay (the provider's round trip), and every other POST wants that token in its
 * form body, answering in Hatebase's envelope. Usage: node auth-server.js <apiKey> <authDelayMs>
 */
import { jsonResponse, readRequestBody, serve } from "@hatchery/core/testing";

const apiKey = process.argv[2] ?? "";
const authDelayMs = Number(process.argv[3] ?? 0);
const tokens = new Set();
const gmt = (ms) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

const server = await serve(async (request) => {
  const body = (await readRequestBody(request)) ?? {};
  if (new URL(request.url).pathname.endsWith("/authenticate")) {
    await new Promise((resolve) => setTimeout(resolve, authDelayMs));
    if (body.api_key !== apiKey) return jsonResponse(200, { errors: [["1002", "Incorrect key"]], warnings: [] });
    const token = `session-${tokens.size + 1}`;
    tokens.add(token);
    return jsonResponse(200, {
      result: { token, expires_on: gmt(Date.now() + 3_600_000) },
      errors: [],
      warnings: [],
    });
  }
  if (!tokens.has(body.token)) return jsonResponse(200, { errors: [["1003", "Invalid token"]], warnings: [] });
  return jsonResponse(200, {
    page: String(body.page ?? "1"),
    number_of_pages: "1",
    result: [{ vocabulary_id: "v1", term: "examplterm" }],
    errors: [],
    warnings: [],
  });
});
process.send?.({ port: server.port });
process.on("disconnect", () => void server.close().then(() => process.exit(0)));
