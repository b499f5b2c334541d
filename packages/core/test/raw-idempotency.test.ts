import { describe, expect, it } from "vitest";
import { createCoreClient } from "../src/create-client.js";
import type { OperationSpec, ProviderSpec } from "../src/operation.js";

const provider: ProviderSpec = {
  name: "Tiny",
  baseUrl: "https://api.tiny.test/v2",
  envelope: { kind: "data", payload: "data" },
  auth: { kind: "none" },
};
const operations = {
  upsertThing: {
    id: "upsertThing",
    method: "PUT",
    path: "/things",
    idempotent: true,
    idempotentWhenBodyHas: ["email"],
    bodyType: "json",
  },
  upgradeThing: {
    id: "upgradeThing",
    method: "PUT",
    path: "/things/{id}/upgrade",
    idempotent: false,
    bodyType: "json",
  },
  bootThing: { id: "bootThing", method: "POST", path: "/things/{id}/boot", idempotent: true },
} as const satisfies Record<string, OperationSpec>;

/** A client whose every attempt dies mid-request (an ambiguous failure); returns how many attempts a call made. */
async function attempts(send: (raw: any) => Promise<unknown>): Promise<number> {
  let count = 0;
  const client = createCoreClient<any>({
    provider,
    operations,
    options: {
      retry: { baseDelayMs: 1, maxDelayMs: 1, budget: false },
      fetch: async () => {
        count += 1;
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
        });
      },
    },
  });
  await send(client.raw).catch(() => {});
  return count;
}

describe("the raw client applies the spec's idempotency rules to requests it recognizes", () => {
  it.each([
    ["an upsert keyed by a field the body has", (raw: any) => raw.PUT("/things", { body: { email: "a@b.test" } }), 3],
    [
      "the same upsert without the key (every call creates)",
      (raw: any) => raw.PUT("/things", { body: { name: "x" } }),
      1,
    ],
    ["the same upsert with an empty key", (raw: any) => raw.PUT("/things", { body: { email: " " } }), 1],
    [
      "a PUT the spec marks non-idempotent",
      (raw: any) => raw.PUT("/things/{id}/upgrade", { params: { path: { id: "7" } }, body: { plan: "big" } }),
      1,
    ],
    [
      "a POST the spec marks idempotent",
      (raw: any) => raw.POST("/things/{id}/boot", { params: { path: { id: "7" } } }),
      3,
    ],
    ["a path the spec does not have: the method decides (PUT)", (raw: any) => raw.PUT("/other", { body: {} }), 3],
    ["a path the spec does not have: the method decides (POST)", (raw: any) => raw.POST("/other", { body: {} }), 1],
  ])("%s", async (_name, send, expected) => {
    expect(await attempts(send)).toBe(expected);
  });
});
