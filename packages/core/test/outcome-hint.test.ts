import { describe, expect, it } from "vitest";
import {
  createCoreClient,
  isConnectionError,
  isInternalServerError,
  isNotFoundError,
  type OperationSpec,
} from "../src/index.js";
import { DropConnection } from "../src/testing/index.js";
import { json, observed, ok, ops, rejection, sessionProvider } from "./helpers.js";

const HINT = "Call listThings to see whether the thing was created before trying again.";
const withHint = {
  ...ops,
  createThing: { ...ops.createThing, outcomeUnknownHint: HINT },
  listThings: {
    ...ops.listThings,
    idempotent: false,
    outcomeUnknownHint: HINT,
    pagination: { style: "page", items: "data", pageParam: "page", in: "query" },
  },
} satisfies Record<string, OperationSpec>;

describe("outcomeUnknownHint", () => {
  it("is appended to the message of a 5xx whose outcome is unknown", async () => {
    const { client, fake } = observed(() => json(500, { result: "error", message: "boom" }), {}, undefined, withHint);
    const error = await rejection(client.call(withHint.createThing, { body: { name: "a" } }));
    expect(isInternalServerError(error)).toBe(true);
    expect((error as { outcomeUnknown: boolean }).outcomeUnknown).toBe(true);
    expect((error as Error).message).toMatch(/may have taken effect.*Call listThings to see whether/);
    expect((error as Error).message.endsWith(HINT)).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it("is appended to a dropped connection's message, and to a list page's", async () => {
    const { client } = observed(
      () => {
        throw new DropConnection();
      },
      {},
      undefined,
      withHint,
    );
    const error = await rejection(client.call(withHint.createThing, { body: { name: "a" } }));
    expect(isConnectionError(error)).toBe(true);
    expect((error as Error).message.endsWith(HINT)).toBe(true);
    const listError = await rejection(client.paginate(withHint.listThings));
    expect((listError as Error).message.endsWith(HINT)).toBe(true);
  });

  it("is left out when the outcome is known, and when the operation has none", async () => {
    const { client } = observed(() => json(404, { result: "error", message: "nope" }), {}, undefined, withHint);
    const notFound = await rejection(client.call(withHint.createThing, { body: {} }));
    expect(isNotFoundError(notFound)).toBe(true);
    expect((notFound as Error).message).not.toContain(HINT);

    const plain = observed(() => json(502, { result: "error", message: "bad gateway" }), {}, undefined, withHint);
    const error = await rejection(plain.client.call(ops.createThing, { body: {} }));
    expect((error as { outcomeUnknown: boolean }).outcomeUnknown).toBe(true);
    expect((error as Error).message).not.toContain(HINT);
  });

  it("changes nothing on success", async () => {
    const { client } = observed(() => ok({ id: 1 }), {}, undefined, withHint);
    await expect(client.call(withHint.createThing, { body: {} })).resolves.toEqual({ id: 1 });
  });

  describe("with session auth", () => {
    const operations = {
      // Not idempotent, so that its own failure has an unknown outcome.
      authenticate: { id: "authenticate", method: "POST", path: "/authenticate", idempotent: false, bodyType: "form" },
      submit: {
        id: "submit",
        method: "POST",
        path: "/submit",
        idempotent: false,
        bodyType: "form",
        outcomeUnknownHint: HINT,
      },
    } satisfies Record<string, OperationSpec>;
    const client = (fetch: (request: Request) => Promise<Response>) =>
      createCoreClient<never>({
        provider: sessionProvider,
        operations,
        options: { apiKey: "session-key", fetch, retry: false },
      });

    it("is appended once to a call sent again with a renewed token", async () => {
      let issued = 0;
      const fetch = async (request: Request) => {
        if (request.url.endsWith("/authenticate")) return json(200, { data: { token: `tok-${++issued}` } });
        const token = new URLSearchParams(await request.text()).get("token");
        return token === "tok-1" ? json(401, { message: "Invalid token" }) : json(500, { message: "boom" });
      };
      const error = await rejection(client(fetch).call(operations.submit, { body: { name: "a" } }));
      expect(isInternalServerError(error)).toBe(true);
      expect((error as Error).message.split(HINT)).toHaveLength(2);
    });

    it("is not appended to a failed authenticate call, which is not the caller's operation", async () => {
      const fetch = async () => json(500, { message: "auth down" });
      // Two callers waiting for one authenticate call share its error.
      const sessions = client(fetch);
      const calls = [1, 2].map(() => rejection(sessions.call(operations.submit, { body: { name: "a" } })));
      for (const error of await Promise.all(calls)) {
        expect((error as Error).message).toContain("/authenticate");
        expect((error as Error).message).not.toContain(HINT);
      }
    });
  });
});
