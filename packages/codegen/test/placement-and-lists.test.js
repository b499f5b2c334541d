// Where each field of a flat input goes (and the collisions codegen refuses), and which operations are lists.
import { describe, expect, it } from "vitest";
import { describeOperations } from "../src/operations.js";

/** A one-operation spec: `op` at `path`, under `method`. */
function spec(op, { path = "/things/{id}", method = "post", envelope = { kind: "data", payload: "data" } } = {}) {
  return {
    openapi: "3.1.0",
    info: { title: "T", version: "1" },
    servers: [{ url: "https://api.t.test" }],
    "x-hatchery": { packageName: "@hatchery/t", clientName: "T", envelope },
    paths: { [path]: { [method]: { operationId: "op", responses: { 200: { description: "ok" } }, ...op } } },
  };
}
const param = (name, where, required = where === "path") => ({ name, in: where, required, schema: { type: "string" } });
const jsonBody = (schema, required = true) => ({ required, content: { "application/json": { schema } } });
const object = (...names) => ({
  type: "object",
  properties: Object.fromEntries(names.map((n) => [n, { type: "string" }])),
});
const ok = (schema) => ({ 200: { description: "ok", content: { "application/json": { schema } } } });
const run = (s) => describeOperations(s).operations[0];

describe("flat input placement", () => {
  const placements = [
    [
      "path + body fields: the default rule, nothing emitted",
      { parameters: [param("id", "path")], requestBody: jsonBody(object("name")) },
      undefined,
      false,
    ],
    ["query only: the default rule", { parameters: [param("id", "path"), param("q", "query")] }, undefined, false],
    [
      "query beside an object body: the query names",
      { parameters: [param("id", "path"), param("dryRun", "query")], requestBody: jsonBody(object("name")) },
      { query: ["dryRun"] },
      false,
    ],
    [
      "a header parameter",
      { parameters: [param("id", "path"), param("x-tenant", "header")] },
      { header: ["x-tenant"] },
      false,
    ],
    [
      "an array body is whole (the body field)",
      { parameters: [param("id", "path")], requestBody: jsonBody({ type: "array", items: { type: "string" } }) },
      { body: "whole" },
      true,
    ],
    [
      "a oneOf body is whole",
      { parameters: [param("id", "path")], requestBody: jsonBody({ oneOf: [object("a"), object("b")] }) },
      { body: "whole" },
      true,
    ],
    [
      "an allOf body is an object",
      { parameters: [param("id", "path")], requestBody: jsonBody({ allOf: [object("a"), object("b")] }) },
      undefined,
      false,
    ],
  ];
  for (const [name, op, fields, whole] of placements) {
    it(name, () => {
      const described = run(spec(op));
      expect(described.runtime.fields).toEqual(fields);
      expect(described.wholeBody).toBe(whole);
    });
  }

  const collisions = [
    [
      "a path parameter and a body field",
      { parameters: [param("id", "path")], requestBody: jsonBody(object("id")) },
      /"id" is both a path parameter and a body field/,
    ],
    [
      "a query parameter and a body field",
      { parameters: [param("id", "path"), param("name", "query")], requestBody: jsonBody(object("name")) },
      /"name" is both a query parameter and a body field/,
    ],
    [
      "a path and a query parameter",
      { parameters: [param("id", "path"), param("id", "query")] },
      /"id" is both a path parameter and a query parameter/,
    ],
    [
      "a parameter named body beside a whole body",
      {
        parameters: [param("id", "path"), param("body", "query")],
        requestBody: jsonBody({ type: "array", items: {} }),
      },
      /"body" is both a query parameter and the whole request body/,
    ],
  ];
  for (const [name, op, message] of collisions) {
    it(`refuses ${name}`, () => {
      expect(() => describeOperations(spec(op))).toThrow(message);
      expect(() => describeOperations(spec(op))).toThrow(/^op: .*rename one in the spec$/);
    });
  }

  it("refuses a form body that is not an object", () => {
    const op = {
      parameters: [param("id", "path")],
      requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: { type: "string" } } } },
    };
    expect(() => describeOperations(spec(op))).toThrow("op: a form body must be an object schema");
  });

  it("lets an operation's parameter override the path item's of the same name without a collision", () => {
    const s = spec({ parameters: [param("id", "path")] }, { method: "get" });
    s.paths["/things/{id}"].parameters = [param("id", "path")];
    expect(() => describeOperations(s)).not.toThrow();
  });

  it("leaves out the fields the client fills in (a session token) before looking for collisions", () => {
    const s = spec(
      {
        requestBody: {
          required: true,
          content: { "application/x-www-form-urlencoded": { schema: object("token", "q") } },
        },
        parameters: [param("token", "query")],
      },
      { path: "/search" },
    );
    s["x-hatchery"].auth = {
      kind: "session",
      operation: "auth",
      credentialField: "key",
      tokenField: "token",
      placement: "body",
      tokenPath: "token",
    };
    expect(() => describeOperations(s)).not.toThrow();
  });
});

describe("which operations are lists", () => {
  const envelope = { kind: "result-data", payload: "data" };
  const lists = [
    [
      "a payload that is an array: one page of it",
      { responses: ok({ type: "object", properties: { data: { type: "array", items: {} } } }) },
      { style: "single", items: "data" },
    ],
    [
      "an object payload: not a list",
      { responses: ok({ type: "object", properties: { data: object("a") } }) },
      undefined,
    ],
    [
      "x-hatchery-list: { items } names the array",
      {
        "x-hatchery-list": { items: "data.servers" },
        responses: ok({
          type: "object",
          properties: { data: { type: "object", properties: { servers: { type: "array", items: {} } } } },
        }),
      },
      { style: "single", items: "data.servers" },
    ],
    [
      "x-hatchery-list: false opts an array payload out",
      {
        "x-hatchery-list": false,
        responses: ok({ type: "object", properties: { data: { type: "array", items: {} } } }),
      },
      undefined,
    ],
    [
      "an array in every anyOf variant",
      {
        "x-hatchery-list": { items: "data.p" },
        responses: ok({
          type: "object",
          properties: {
            data: {
              anyOf: [
                { type: "object", properties: { p: { type: "array" } } },
                { type: "object", properties: { p: { type: "array" } } },
              ],
            },
          },
        }),
      },
      { style: "single", items: "data.p" },
    ],
  ];
  for (const [name, op, pagination] of lists) {
    it(name, () => {
      expect(run(spec(op, { path: "/things", method: "get", envelope })).runtime.pagination).toEqual(pagination);
    });
  }

  const refused = [
    [
      "x-hatchery-list naming no array",
      { "x-hatchery-list": { items: "data" }, responses: ok({ type: "object", properties: { data: object("a") } }) },
      'op: x-hatchery-list: "data" is not an array in every success body',
    ],
    [
      "a malformed x-hatchery-list",
      { "x-hatchery-list": "data", responses: ok({ type: "array" }) },
      "op: x-hatchery-list must be true, false or { items: <dot path> }",
    ],
    [
      "x-hatchery-list beside x-hatchery-pagination",
      {
        "x-hatchery-list": true,
        "x-hatchery-pagination": { style: "page", items: "data", pageParam: "page" },
        parameters: [param("page", "query")],
        responses: ok({ type: "object", properties: { data: { type: "array" } } }),
      },
      "op: x-hatchery-list and x-hatchery-pagination exclude each other",
    ],
  ];
  for (const [name, op, message] of refused) {
    it(`refuses ${name}`, () => {
      expect(() => describeOperations(spec(op, { path: "/things", method: "get", envelope }))).toThrow(message);
    });
  }
});
