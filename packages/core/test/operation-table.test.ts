import { describe, expect, test } from "vitest";
import { operationTable } from "../src/index.js";

describe("operationTable", () => {
  test("expands routes, with idempotency from the method unless the entry says otherwise", () => {
    const table = operationTable({
      getThing: ["GET /things/{id}"],
      putThing: ["PUT /things/{id}", { bodyType: "json" }],
      createThing: ["POST /things", { bodyType: "json" }],
      patchThing: ["PATCH /things/{id}"],
      bootThing: ["POST /things/{id}/boot", { idempotent: true }],
      upgradeThing: ["PUT /things/{id}/upgrade", { idempotent: false }],
    });
    expect(table.getThing).toEqual({ id: "getThing", method: "GET", path: "/things/{id}", idempotent: true });
    expect(table.putThing).toEqual({
      id: "putThing",
      method: "PUT",
      path: "/things/{id}",
      idempotent: true,
      bodyType: "json",
    });
    expect(table.createThing?.idempotent).toBe(false);
    expect(table.patchThing?.idempotent).toBe(false);
    expect(table.bootThing?.idempotent).toBe(true);
    expect(table.upgradeThing?.idempotent).toBe(false);
  });
});
