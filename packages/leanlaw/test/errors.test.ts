// Wire: LeanLaw's error statuses become typed errors carrying the x-leanlaw-traceid; 429 backs off and retries;
// creates are never repeated after an ambiguous failure.
import { afterEach, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  createLeanLawClient,
  InternalServerError,
  InvalidArgumentError,
  isApiError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from "../src/index.js";
import { failure, find, type Setup, setup } from "./helpers.js";

let current: Setup | undefined;
afterEach(() => {
  if (current) expect(current.contractProblems).toEqual([]);
  current = undefined;
});
async function start(...args: Parameters<typeof setup>) {
  current = await setup(...args);
  return current;
}
const MISSING = "3f2b8c1e-6d4a-4b7e-9a21-5c8d0e7f1a23";

describe("typed errors with the trace id", () => {
  it("401 without an API key", async () => {
    const { fake, url } = await start();
    const client = createLeanLawClient({ baseUrl: url });
    const error = await failure(client.getCodes());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.requestId).toBe(fake.lastTraceId);
    expect(error.message).toContain(`Request id: ${fake.lastTraceId}`);
  });

  it("403 for an invalid key, and for a read-only key writing; the key never shows in the error", async () => {
    const { makeClient } = await start({ apiKeys: { "read-only-key": { scopes: ["read"] } } });
    const bad = await failure(makeClient({ apiKey: "not-a-real-key" }).listUsers());
    expect(bad).toBeInstanceOf(PermissionDeniedError);
    expect(bad.message).toMatch(/The API key is invalid/);
    expect(JSON.stringify(bad)).not.toContain("not-a-real-key");

    const readOnly = makeClient();
    expect((await readOnly.listUsers()).items).not.toHaveLength(0);
    const denied = await failure(readOnly.createPracticeArea({ label: "Tax" }));
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(denied.message).toMatch(/write scope/);
    expect(JSON.stringify(denied)).not.toContain("read-only-key");
  });

  it("404 for an unknown id, with the trace id", async () => {
    const { client, fake } = await start();
    const error = await failure(client.getMatter({ id: MISSING }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(isApiError(error)).toBe(true);
    expect(error.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(error.requestId).toBe(fake.lastTraceId);
    expect(error.headers["x-leanlaw-traceid"]).toBe(error.requestId);
  });

  it("400 validation errors (ProblemDetails) name every field", async () => {
    const { client, fake } = await start();
    const error = await failure(
      client.createTimeEntry({ matterId: MISSING, date: "2026-11-04", description: "", hours: 2 } as never),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.validationMessages).toEqual(["description: The description field is required."]);
    expect(error.message).toContain("One or more validation errors occurred.");
    expect(error.body).toMatchObject({ status: 400, traceId: error.requestId });
    expect(fake.counters.created.timeEntries).toBeUndefined();
  });

  it("the trace id is on results and pages too", async () => {
    const { client, recorder } = await start();
    const { data, requestId, response } = await client.getCodes().withResponse();
    expect(data.codeSets.length).toBeGreaterThan(0);
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers.get("x-leanlaw-version")).toBe("0.27.0");
    const page = await client.listClients({ limit: 5 });
    expect(page.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(page.requestId).not.toBe(requestId);
    expect(recorder.requests).toHaveLength(2);
  });
});

describe("retries", () => {
  it("429 (no Retry-After) backs off and retries, then succeeds", async () => {
    const { client, fake, recorder } = await start();
    fake.inject({ status: 429, times: 2, match: { path: "/v2/users" } });
    const page = await client.listUsers();
    expect(page.items).toHaveLength(fake.db.users.size);
    expect(recorder.requests).toHaveLength(3);
    expect(fake.handler.applied).toEqual({ "status-429": 2 });
  });

  it("429 that does not clear becomes a RateLimitError with the trace id", async () => {
    const { client, fake } = await start();
    fake.inject({ status: 429, times: 3 });
    const error = await failure(client.listPracticeAreas());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.attempts).toBe(3);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.requestId).toBe(fake.lastTraceId);
  });

  it("a create is retried after a 429 (LeanLaw did not act) and created once", async () => {
    const { client, fake } = await start();
    fake.inject({ status: 429, match: { method: "POST", path: "/v2/practice-areas" } });
    const area = await client.createPracticeArea({ label: "Tax" });
    expect(area.label).toBe("Tax");
    expect(fake.counters.created.practiceAreas).toBe(1);
  });

  it("5xx on a read is retried", async () => {
    const { client, fake } = await start();
    fake.inject({ status: 500, times: 2 });
    const { attempts } = await client.getCodes().withResponse();
    expect(attempts).toBe(3);
  });

  it("a sparse PUT is idempotent: retried after a 500 that happened after the update", async () => {
    const { client, fake } = await start();
    const client1 = find(fake.db.clients, () => true);
    fake.inject({ status: 500, afterEffect: true, match: { method: "PUT" } });
    const updated = await client.updateClient({ id: client1.clientId, notes: "twice is fine" });
    expect(updated.notes).toBe("twice is fine");
    expect(fake.counters.updated.clients).toBe(2);
  });

  it("a create is never repeated after a 500: outcomeUnknown, created exactly once", async () => {
    const { client, fake } = await start();
    const matter = find(fake.db.matters, (m) => !m.ledesConfiguration.enabled);
    fake.inject({ status: 500, afterEffect: true, match: { method: "POST" } });
    const error = await failure(
      client.createTimeEntry({
        matterId: matter.matterId,
        userId: matter.responsibleId,
        date: "2026-11-04",
        description: "Call",
        hours: 1,
      }),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.attempts).toBe(1);
    expect(error.message).toMatch(/may have taken effect/);
    expect(fake.counters.created.timeEntries).toBe(1);
  });

  it("a create is never repeated after a dropped connection", async () => {
    const { client, fake } = await start();
    fake.inject({ drop: true, afterEffect: true, match: { method: "POST", path: "/v2/clients" } });
    const error = await failure(
      client.createClient({ name: "Once Only LLC", contact: { companyName: "Once Only LLC" } }),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.outcomeUnknown).toBe(true);
    expect(fake.counters.created.clients).toBe(1);
    const found = await client.listClients({ query: "Once Only" });
    expect(found.items).toHaveLength(1);
  });

  it("creates accept 200 as well as 201", async () => {
    const { client, fake } = await start({ createStatus: 200 });
    const { data, response } = await client.createPracticeArea({ label: "Tax" }).withResponse();
    expect(response.status).toBe(200);
    expect(data.label).toBe("Tax");
    expect(fake.counters.created.practiceAreas).toBe(1);
  });
});

describe("limit", () => {
  it("over 1000 (or under 1) is refused before any request", async () => {
    const { client, recorder } = await start();
    const tooMany = await failure(client.listClients({ limit: 1001 }));
    expect(tooMany).toBeInstanceOf(InvalidArgumentError);
    expect(tooMany.message).toMatch(/limit must be an integer from 1 to 1000; got 1001/);
    await expect(client.listTimeEntries({ limit: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.listInvoices({ offset: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    const iterate = async () => {
      for await (const _ of client.listMatters({ limit: 5000 })) break;
    };
    await expect(iterate()).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(recorder.requests).toHaveLength(0);
  });
});
