import { describe, expect, test } from "vitest";
import { isSessionRejection, speaksOfRefusedToken } from "../src/auth/session-failure.js";
import { createCoreClient, isApiError, type OperationSpec, type ProviderSpec } from "../src/index.js";
import { readRequestBody, recordRequests, serve } from "../src/testing/index.js";
import { json, rejection } from "./helpers.js";

const API_KEY = "mirror_key_4411";

/** A Hatebase-like provider that documents no error codes at all (no `invalidTokenCodes`). */
const provider: ProviderSpec = {
  name: "Mirror",
  baseUrl: "https://mirror.test/4-4",
  envelope: { kind: "hatebase", payload: "result" },
  auth: {
    kind: "session",
    operation: "authenticate",
    credentialField: "api_key",
    tokenField: "token",
    placement: "body",
    tokenPath: "result.token",
  },
};
const ops = {
  authenticate: { id: "authenticate", method: "POST", path: "/authenticate", idempotent: true, bodyType: "form" },
  lookup: { id: "lookup", method: "POST", path: "/lookup", idempotent: true, bodyType: "form" },
} as const satisfies Record<string, OperationSpec>;

type Answer = { status: number; body: unknown } | { status: number; text: string; type: string };

/**
 * How a mirror or archive of the API may answer a dead token: wordings and codes our own fake never sends.
 * Each must make the client authenticate once more and retry the call.
 */
const deadToken: [string, Answer][] = [
  ["an in-body pair, unknown code, 'Token expired'", { status: 200, body: { errors: [[7321, "Token expired"]] } }],
  ["'invalid token' as a string code", { status: 200, body: { errors: [["E_TOKEN", "invalid token"]] } }],
  ["'Unknown session token.' with no code", { status: 200, body: { errors: ["Unknown session token."] } }],
  [
    "'Token not authorized' as an object",
    { status: 200, body: { errors: [{ code: 5, message: "Token not authorized" }] } },
  ],
  ["'The token is not recognised'", { status: 200, body: { errors: [["x", "The token is not recognised"]] } }],
  [
    "'session has expired, please authenticate again'",
    { status: 200, body: { errors: [[0, "Your session has expired, please authenticate again"]] } },
  ],
  ["'Revoked token' with HTTP 400", { status: 400, body: { errors: [["400", "Revoked token"]] } }],
  [
    "a bare message field",
    { status: 200, body: { message: "token is no longer valid", errors: [["1", "token is no longer valid"]] } },
  ],
  ["HTTP 401 with an unrelated message", { status: 401, body: { errors: [["99", "Unauthorized"]] } }],
  ["HTTP 403 with no body", { status: 403, body: undefined }],
  [
    "HTTP 401 with an HTML page",
    { status: 401, text: "<html><title>401 Authorization Required</title></html>", type: "text/html" },
  ],
];

/** Failures that are not about the token: no second authenticate, the error reaches the caller at once. */
const notAboutTheToken: [string, Answer][] = [
  ["a missing field", { status: 200, body: { errors: [["2001", "Missing required field: content"]] } }],
  ["a daily limit", { status: 200, body: { errors: [["3001", "Daily query limit reached for this plan"]] } }],
  ["an invalid value", { status: 200, body: { errors: [["2002", "Invalid value for language"]] } }],
  ["a 404", { status: 404, body: { errors: [["9002", "No such endpoint"]] } }],
];

function respond(answer: Answer): Response {
  if ("text" in answer)
    return new Response(answer.text, { status: answer.status, headers: { "content-type": answer.type } });
  return answer.body === undefined ? new Response(null, { status: answer.status }) : json(answer.status, answer.body);
}

/** A mirror that forgets every token when told to, then answers calls with a token it forgot with `answer`. */
function mirror(answer: Answer, options: { alwaysRefuse?: boolean } = {}) {
  let issued = 0;
  const live = new Set<string>();
  const handler = recordRequests(async (request) => {
    const body = (await readRequestBody(request)) ?? {};
    if (new URL(request.url).pathname.endsWith("/authenticate")) {
      if (body.api_key !== API_KEY) return json(200, { errors: [["1", "Incorrect key"]] });
      const token = `mirror-token-${++issued}`;
      live.add(token);
      return json(200, { result: { token } });
    }
    if (options.alwaysRefuse || !live.has(String(body.token))) return respond(answer);
    return json(200, { result: { ok: String(body.token).replace("mirror-token-", "#") } });
  });
  return {
    handler,
    forget: () => live.clear(),
    authCalls: () => handler.requests.filter((r) => r.path.endsWith("/authenticate")).length,
    calls: () => handler.requests.filter((r) => r.path.endsWith("/lookup")).length,
  };
}

const client = (fetch: (request: Request) => Promise<Response>, baseUrl?: string) =>
  createCoreClient<never>({
    provider,
    operations: ops,
    options: { apiKey: API_KEY, fetch, retry: false, ...(baseUrl ? { baseUrl } : {}) },
  });

describe("speaksOfRefusedToken / isSessionRejection (pure)", () => {
  const cases: [string, boolean][] = [
    ["Token expired", true],
    ["Expired token", true],
    ["invalid token", true],
    ["Invalid or expired token.", true],
    ["Unknown token", true],
    ["Token not authorized", true],
    ["token not authorised for this endpoint", true],
    ["Unauthorized token", true],
    ["The token is not recognised", true],
    ["Session expired", true],
    ["Your session has ended", true],
    ["token revoked", true],
    ["Missing token", true],
    ["A token is required", true],
    ["bad token", true],
    ["token is no longer valid", true],
    ["Incorrect key", false],
    ["Missing required field: content", false],
    ["Invalid value for language", false],
    ["Daily query limit reached", false],
    ["Trial plans are limited to page 1", false],
    ["Content is shorter than 50 characters", false],
    ["Tokenizer failed", false],
  ];
  for (const [message, want] of cases) {
    test(`${JSON.stringify(message)} -> ${want}`, () => {
      expect(speaksOfRefusedToken(message)).toBe(want);
    });
  }

  test("the spec's token field counts as naming the token (a header token)", () => {
    expect(speaksOfRefusedToken("X-Hb-Key expired", "x-hb-key")).toBe(true);
    expect(speaksOfRefusedToken("X-Hb-Key expired")).toBe(false);
  });

  const failures: [string, Parameters<typeof isSessionRejection>[0], boolean][] = [
    ["401, whatever the words", { status: 401, messages: ["nope"] }, true],
    ["403, no words at all", { status: 403, messages: [] }, true],
    ["200 with a token message", { status: 200, code: "7321", messages: ["Token expired"] }, true],
    ["200 with a code the spec documents", { status: 200, code: "55", messages: ["??"] }, true],
    ["200 with an unrelated message and code", { status: 200, code: "2001", messages: ["Missing field"] }, false],
    ["500 about something else", { status: 500, messages: ["Internal error", undefined] }, false],
    ["404", { status: 404, messages: ["Not found"] }, false],
  ];
  for (const [name, failure, want] of failures) {
    test(`isSessionRejection: ${name} -> ${want}`, () => {
      expect(isSessionRejection(failure, { tokenField: "token", invalidTokenCodes: ["55"] })).toBe(want);
    });
  }
});

describe("a token the server invalidated is renewed on the next call, whatever the wording", () => {
  for (const [name, answer] of deadToken) {
    test(name, async () => {
      const m = mirror(answer);
      const c = client(m.handler);
      await expect(c.call(ops.lookup)).resolves.toEqual({ ok: "#1" });
      m.forget(); // the server invalidated the token, long before its expiry
      await expect(c.call(ops.lookup)).resolves.toEqual({ ok: "#2" });
      expect(m.authCalls()).toBe(2);
      expect(m.calls()).toBe(3);
    });
  }
});

describe("a failure that is not about the token is not renewed", () => {
  for (const [name, answer] of notAboutTheToken) {
    test(name, async () => {
      const m = mirror(answer, { alwaysRefuse: true });
      const error = await rejection(client(m.handler).call(ops.lookup));
      expect(isApiError(error)).toBe(true);
      expect(m.authCalls()).toBe(1);
      expect(m.calls()).toBe(1);
    });
  }
});

describe("renewal over loopback HTTP", () => {
  test("concurrent callers that all saw the dead token share one authenticate (single flight)", async () => {
    const m = mirror({ status: 200, body: { errors: [["E42", "Session token unknown"]] } });
    const server = await serve(m.handler);
    try {
      const c = client((request) => fetch(request), `${server.url}/4-4`);
      await c.call(ops.lookup);
      m.forget();
      const results = await Promise.all(Array.from({ length: 6 }, () => c.call(ops.lookup)));
      expect(results).toEqual(Array.from({ length: 6 }, () => ({ ok: "#2" })));
      expect(m.authCalls()).toBe(2);
    } finally {
      await server.close();
    }
  });

  test("a second rejection fails the call, and the call after it starts with a fresh token", async () => {
    let refuseNext = 0;
    const m = mirror({ status: 200, body: { errors: [["E42", "Token expired"]] } });
    const fetchWithRefusals = async (request: Request) => {
      if (refuseNext > 0 && new URL(request.url).pathname.endsWith("/lookup")) {
        refuseNext -= 1;
        return json(200, { errors: [["E42", "Token expired"]] });
      }
      return m.handler(request);
    };
    const c = client(fetchWithRefusals);
    await c.call(ops.lookup);
    refuseNext = 2; // the call and its one retry are refused
    const error = await rejection(c.call(ops.lookup));
    expect(error).toMatchObject({ code: "E42" });
    expect(m.authCalls()).toBe(2);
    // The token of the failed retry was dropped too: the next call authenticates first, then succeeds.
    await expect(c.call(ops.lookup)).resolves.toEqual({ ok: "#3" });
    expect(m.authCalls()).toBe(3);
  });
});
