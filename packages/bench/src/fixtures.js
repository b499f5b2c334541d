// @ts-check
/** The small GET and the small JSON POST every client makes, in HostHatch's shapes (our client's envelope). */

export const API_KEY = "bench-token";
export const GET_PATH = "/api/v1/servers/1";
export const POST_PATH = "/api/v1/keys";
export const POST_BODY = { description: "bench key", type: "sshkey", value: "ssh-ed25519 AAAAC3NzaC1bench" };

export const GET_RESPONSE = JSON.stringify({
  result: "success",
  data: { id: 1, hostname: "bench.example", state: "Active", ip: "192.0.2.10" },
});
export const POST_RESPONSE = JSON.stringify({ result: "success", data: { id: 2, ...POST_BODY } });

const JSON_HEADERS = { "content-type": "application/json" };

/**
 * An in-memory `fetch`: no socket, no parsing of the request, a fresh small JSON `Response` per call. It takes
 * either calling convention (`fetch(request)` or `fetch(url, init)`), since the clients differ.
 * @param {RequestInfo | URL} input
 * @param {RequestInit} [init]
 */
export async function memoryFetch(input, init) {
  const method = input instanceof Request ? input.method : (init?.method ?? "GET");
  return new Response(method === "POST" ? POST_RESPONSE : GET_RESPONSE, { status: 200, headers: JSON_HEADERS });
}
