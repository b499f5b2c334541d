// Every delete resolves to nothing; a success body that says it failed is a DeleteFailedError. A list the API
// does not paginate is one page of the same PagePromise as every other list.
import { describe, expect, test } from "vitest";
import { deleteFailure } from "../src/errors/delete-failed-error.js";
import {
  DeleteFailedError,
  isApiError,
  isDeleteFailedError,
  type OperationSpec,
  type ProviderSpec,
} from "../src/index.js";
import { json, observed, ok, rejection } from "./helpers.js";

const deleteThing: OperationSpec = { id: "deleteThing", method: "DELETE", path: "/things/{id}", idempotent: true };
const listAll: OperationSpec = {
  id: "listAll",
  method: "GET",
  path: "/all",
  idempotent: true,
  pagination: { style: "single", items: "data.things" },
};
const ops = { deleteThing, listAll };
const unwrapped: ProviderSpec = {
  name: "Loose",
  baseUrl: "https://api.loose.test",
  envelope: { kind: "unwrapped", payload: "" },
  auth: { kind: "bearer" },
};
const del = { params: { path: { id: 7 } } };

describe("deletes resolve to nothing", () => {
  const cases: [name: string, response: () => Response, provider?: ProviderSpec][] = [
    ["204 No Content", () => new Response(null, { status: 204 })],
    ["200 with { result: success, data: null }", () => ok(null)],
    ["200 with the deleted resource", () => ok({ id: 7, name: "gone" })],
    ["200 with { success: true }", () => json(200, { success: true }), unwrapped],
    ["200 with an empty body", () => new Response(null, { status: 200 }), unwrapped],
  ];
  for (const [name, response, provider] of cases) {
    test(name, async () => {
      const { client } = observed(response, {}, provider, ops);
      expect(await client.call(deleteThing, del)).toBeUndefined();
      expect((await client.call(deleteThing, del).withResponse()).data).toBeUndefined();
    });
  }

  test("a success body that says it failed is a DeleteFailedError naming method and URL", async () => {
    const { client } = observed(() => json(200, { success: false, message: "Locked" }), {}, unwrapped, ops);
    const error = (await rejection(client.call(deleteThing, del))) as Error;
    expect(error).toBeInstanceOf(DeleteFailedError);
    expect(isDeleteFailedError(error) && isApiError(error)).toBe(true);
    expect(error.message).toBe("DELETE https://api.loose.test/things/7 failed with status 200: Locked.");
    expect((error as DeleteFailedError).status).toBe(200);
    expect((error as DeleteFailedError).body).toEqual({ success: false, message: "Locked" });
  });

  test("success: false inside the payload counts too, and is never retried into a success", async () => {
    let calls = 0;
    const { client } = observed(
      () => {
        calls += 1;
        return ok({ success: false });
      },
      {},
      undefined,
      ops,
    );
    const error = (await rejection(client.call(deleteThing, del))) as Error;
    expect(isDeleteFailedError(error)).toBe(true);
    expect(error.message).toMatch(/failed with status 200: the response says the delete failed \(success: false\)\.$/);
    expect(calls).toBe(1);
  });

  test("an error status stays the error class of its status", async () => {
    const { client } = observed(() => json(404, { result: "error", message: "No such thing" }), {}, undefined, ops);
    const error = (await rejection(client.call(deleteThing, del))) as Error;
    expect(isDeleteFailedError(error)).toBe(false);
    expect(error.name).toBe("NotFoundError");
  });

  const reasons: [body: unknown, reason: string | undefined][] = [
    [{ success: false }, "the response says the delete failed (success: false)"],
    [{ success: false, message: "  Locked " }, "Locked"],
    [{ success: false, message: "" }, "the response says the delete failed (success: false)"],
    [{ success: true }, undefined],
    [{ success: "false" }, undefined],
    [null, undefined],
    [[{ success: false }], undefined],
    ["success: false", undefined],
  ];
  for (const [body, reason] of reasons) {
    test(`deleteFailure(${JSON.stringify(body)})`, () => expect(deleteFailure(body)).toBe(reason));
  }
});

describe("a list the API does not paginate is one page", () => {
  const things = [{ id: 1 }, { id: 2 }, { id: 3 }];
  test("awaited: its one page; iterated: every item; maxItems caps; one request", async () => {
    const { client, fake } = observed(() => ok({ things }), {}, undefined, ops);
    const page = await client.paginate(listAll);
    expect(page.items).toEqual(things);
    expect(page.info).toEqual({});
    expect(page.hasNextPage()).toBe(false);
    expect(await page.getNextPage()).toBeNull();
    expect(await client.paginate(listAll).toArray()).toEqual(things);
    expect(await client.paginate(listAll, {}, { maxItems: 2 }).toArray()).toEqual(things.slice(0, 2));
    const pages = [];
    for await (const p of client.paginate(listAll).pages()) pages.push(p.items.length);
    expect(pages).toEqual([3]);
    expect(fake.requests).toHaveLength(4);
  });

  test("a missing item array is an empty page, not a crash", async () => {
    const { client } = observed(() => ok({}), {}, undefined, ops);
    expect((await client.paginate(listAll)).items).toEqual([]);
  });
});
