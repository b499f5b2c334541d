// nestInput: a generated method's flat input, mapped to openapi-fetch's nested one by the spec's placement.
import { describe, expect, test } from "vitest";
import { nestInput, type OperationSpec, type PageInput } from "../src/index.js";

const op = (extra: Partial<OperationSpec> & Pick<OperationSpec, "path">): OperationSpec => ({
  id: "op",
  method: "GET",
  idempotent: true,
  ...extra,
});

const getServer = op({ path: "/servers/{server}" });
const listClients = op({ path: "/clients" });
const updateMatter = op({ method: "PUT", path: "/matters/{id}", bodyType: "json" });
const createContact = op({ method: "POST", path: "/users/{user_id}/contacts", bodyType: "json" });
const formSearch = op({ method: "POST", path: "/get_vocabulary", bodyType: "form" });
const bodyAndQuery = op({ method: "POST", path: "/things/{id}", bodyType: "json", fields: { query: ["dryRun"] } });
const withHeader = op({ path: "/things/{id}", fields: { header: ["x-tenant"] } });
const wholeBody = op({ method: "PUT", path: "/lists/{id}", bodyType: "json", fields: { body: "whole" } });

const cases: [name: string, operation: OperationSpec, input: unknown, want: PageInput][] = [
  ["a path parameter", getServer, { server: 1 }, { params: { path: { server: 1 } } }],
  ["no input, no body: nothing", listClients, undefined, {}],
  [
    "query parameters (no body)",
    listClients,
    { limit: 10, sort: "-name" },
    { params: { query: { limit: 10, sort: "-name" } } },
  ],
  [
    "undefined values are left out",
    listClients,
    { limit: undefined, query: "acme" },
    { params: { query: { query: "acme" } } },
  ],
  [
    "path and body fields",
    updateMatter,
    { id: "m1", name: "Estate", archived: false },
    { params: { path: { id: "m1" } }, body: { name: "Estate", archived: false } },
  ],
  ["a required body is sent, empty at least", updateMatter, { id: "m1" }, { params: { path: { id: "m1" } }, body: {} }],
  [
    "null is a value (a sparse update's reset)",
    updateMatter,
    { id: "m1", name: null },
    { params: { path: { id: "m1" } }, body: { name: null } },
  ],
  [
    "path names are the template's (user_id), nested values kept whole",
    createContact,
    { user_id: 7, first_name: "Gus", tags: ["a"] },
    { params: { path: { user_id: 7 } }, body: { first_name: "Gus", tags: ["a"] } },
  ],
  ["a form body takes every field", formSearch, { page: 2, language: "ENG" }, { body: { page: 2, language: "ENG" } }],
  [
    "query names listed beside an object body",
    bodyAndQuery,
    { id: 3, dryRun: true, name: "n" },
    { params: { path: { id: 3 }, query: { dryRun: true } }, body: { name: "n" } },
  ],
  [
    "header parameters",
    withHeader,
    { id: 3, "x-tenant": "t1", q: "x" },
    { params: { path: { id: 3 }, header: { "x-tenant": "t1" }, query: { q: "x" } } },
  ],
  [
    "a whole (non-object) body is the body field; the rest are query parameters",
    wholeBody,
    { id: 3, body: ["a", "b"], force: true },
    { params: { path: { id: 3 }, query: { force: true } }, body: ["a", "b"] as never },
  ],
];

describe("nestInput", () => {
  for (const [name, operation, input, want] of cases) {
    test(name, () => {
      expect(nestInput(operation, input)).toEqual(want);
    });
  }

  test("a field that merely contains a path name is not a path parameter", () => {
    expect(nestInput(op({ path: "/servers/{server}" }), { server: 1, serv: 2 })).toEqual({
      params: { path: { server: 1 }, query: { serv: 2 } },
    });
  });
});
