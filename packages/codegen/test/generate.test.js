import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateProvider, validateSpec } from "../src/generate.js";
import {
  cacheRuleOf,
  coercionRules,
  describeOperations,
  errorHints,
  headerNames,
  pageLimitOf,
  requiresPath,
} from "../src/operations.js";

/** A tiny spec exercising every extension (not one of the five providers). */
const tiny = () => ({
  openapi: "3.1.0",
  info: { title: "Tiny", version: "1" },
  servers: [{ url: "https://api.tiny.test/{version}", variables: { version: { default: "v1" } } }],
  "x-hatchery": {
    packageName: "@hatchery/tiny",
    clientName: "Tiny",
    envelope: { kind: "data", payload: "data" },
    auth: {
      kind: "session",
      operation: "login",
      credentialField: "key",
      tokenField: "token",
      placement: "body",
      tokenPath: "token",
    },
    headers: { "user-id": "x-tiny-user" },
  },
  paths: {
    "/things": {
      get: {
        operationId: "listThings",
        parameters: [{ name: "page", in: "query", schema: { type: "integer" } }],
        "x-hatchery-pagination": { style: "page", items: "data", pageParam: "page", lastPage: "meta.last" },
        responses: {
          200: {
            description: "ok",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Page" } } },
          },
        },
      },
      post: {
        operationId: "upsertThing",
        "x-hatchery-idempotent-when-body-has": ["email"],
        requestBody: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": {
              schema: {
                type: "object",
                required: ["token", "name"],
                properties: { token: { type: "string" }, name: { type: "string" } },
              },
            },
          },
        },
        responses: { 201: { description: "created" } },
      },
    },
    "/login": {
      post: {
        operationId: "login",
        "x-hatchery-idempotent": true,
        requestBody: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": {
              schema: { type: "object", required: ["key"], properties: { key: { type: "string" } } },
            },
          },
        },
        responses: { 200: { description: "ok" } },
      },
    },
    "/things/{id}": {
      delete: {
        operationId: "deleteThing",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { 204: { description: "gone" } },
      },
    },
  },
  components: {
    schemas: {
      Page: {
        type: "object",
        properties: {
          data: { type: "array", items: { $ref: "#/components/schemas/Thing" } },
          meta: { type: "object", properties: { last: { type: "integer", "x-hatchery-coerce": "integer" } } },
        },
      },
      Thing: { type: "object", properties: { active: { type: "boolean", "x-hatchery-coerce": "boolean" } } },
    },
  },
});

describe("describeOperations", () => {
  const model = describeOperations(tiny());
  const byId = Object.fromEntries(model.operations.map((op) => [op.id, op]));

  it.each([
    ["listThings", { method: "GET", idempotent: true, inputRequired: false }],
    ["upsertThing", { method: "POST", idempotent: false, inputRequired: true }],
    ["login", { method: "POST", idempotent: true, inputRequired: false }],
    ["deleteThing", { method: "DELETE", idempotent: true, inputRequired: true }],
  ])("%s", (id, want) => {
    const op = byId[id];
    expect({ method: op.method, idempotent: op.runtime.idempotent, inputRequired: op.inputRequired }).toEqual(want);
  });

  it("reads the provider block and server variables", () => {
    expect(model.provider).toMatchObject({
      name: "Tiny",
      baseUrl: "https://api.tiny.test/{version}",
      serverVariables: { version: "v1" },
      envelope: { kind: "data", payload: "data" },
      headerOptions: { "user-id": "x-tiny-user" },
    });
  });

  it("places pagination params, body types, idempotency keys and filled fields", () => {
    expect(byId.listThings.runtime.pagination).toEqual({
      style: "page",
      items: "data",
      pageParam: "page",
      lastPage: ["meta.last"],
      in: "query",
    });
    expect(byId.upsertThing.runtime).toMatchObject({ bodyType: "form", idempotentWhenBodyHas: ["email"] });
    expect(byId.upsertThing.filled).toEqual(["token"]);
    expect(byId.login.filled).toEqual(["key"]);
  });

  it("copies x-hatchery-outcome-unknown-hint, trimmed, and only where a spec has one", () => {
    const spec = tiny();
    spec.paths["/things"].post["x-hatchery-outcome-unknown-hint"] = "  Call listThings before trying again.\n";
    const ops = Object.fromEntries(describeOperations(spec).operations.map((op) => [op.id, op]));
    expect(ops.upsertThing.runtime.outcomeUnknownHint).toBe("Call listThings before trying again.");
    expect("outcomeUnknownHint" in ops.listThings.runtime).toBe(false);
  });

  it("collects coercion rules through $refs and arrays", () => {
    expect(byId.listThings.runtime.coerce).toEqual([
      ["data[].active", "boolean"],
      ["meta.last", "integer"],
    ]);
    expect([...coercionRules(tiny(), { type: "string" })]).toEqual([]);
  });
});

describe("payloadRequired", () => {
  const wrapped = (schema) => ({
    200: { description: "ok", content: { "application/json": { schema } } },
  });
  const required = { type: "object", required: ["data"], properties: { data: { type: "object" } } };
  // [case, responses, payload override, payloadRequired]
  const cases = [
    ["every success requires the payload", wrapped(required), undefined, true],
    ["a $ref and allOf are followed", wrapped({ allOf: [{ $ref: "#/components/schemas/Wrapped" }] }), undefined, true],
    ["optional in the schema", wrapped({ type: "object", properties: { data: {} } }), undefined, false],
    ["no schema", { 200: { description: "ok", content: { "application/json": {} } } }, undefined, false],
    ["one success of two lacks it", { ...wrapped(required), 201: wrapped({ type: "object" })[200] }, undefined, false],
    ["no success has a body (204)", { 204: { description: "gone" } }, undefined, false],
    ["a 204 beside a body that requires it", { ...wrapped(required), 204: { description: "gone" } }, undefined, true],
    ["the whole body is the payload", wrapped(required), "", false],
    [
      "a nested payload path, every step required",
      wrapped({ type: "object", required: ["data"], properties: { data: required } }),
      "data.data",
      true,
    ],
    ["a nested payload path, a step optional", wrapped(required), "data.items", false],
  ];
  it.each(cases)("%s", (_, responses, payload, want) => {
    const spec = tiny();
    spec.components.schemas.Wrapped = required;
    const op = spec.paths["/things/{id}"].delete;
    op.responses = responses;
    if (payload !== undefined) op["x-hatchery-payload"] = payload;
    const runtime = describeOperations(spec).operations.find((o) => o.id === "deleteThing").runtime;
    expect(runtime.payloadRequired ?? false).toBe(want);
    expect("payloadRequired" in runtime).toBe(want);
  });

  it("requiresPath walks required properties", () => {
    const spec = tiny();
    const schema = { type: "object", required: ["a"], properties: { a: { required: ["b"], properties: { b: {} } } } };
    expect([
      requiresPath(spec, schema, "a"),
      requiresPath(spec, schema, "a.b"),
      requiresPath(spec, schema, "b"),
    ]).toEqual([true, true, false]);
  });
});

describe("x-hatchery.errorHints", () => {
  it("reaches the provider table, trimmed, and is absent when the spec has none", () => {
    const spec = tiny();
    spec["x-hatchery"].errorHints = { 403: "  Your key's role does not reach this resource\n" };
    expect(describeOperations(spec).provider.errorHints).toEqual({
      403: "Your key's role does not reach this resource",
    });
    expect(describeOperations(tiny()).provider).not.toHaveProperty("errorHints");
  });

  it.each([
    [{ 200: "fine" }, /not an error status/],
    [{ forbidden: "x" }, /not an error status/],
    [{ 403: "" }, /non-empty text/],
    [{ 403: 7 }, /non-empty text/],
  ])("refuses %j", (hints, message) => {
    expect(() => errorHints(hints)).toThrow(message);
  });
});

describe("x-hatchery-cache and x-hatchery-pagination.pageLimit", () => {
  it("passes both through to the runtime table, only where the spec has them", () => {
    const spec = tiny();
    spec.paths["/things"].get["x-hatchery-pagination"].pageLimit = { codes: [2003], message: " page 1 only \n" };
    spec.paths["/things"].get["x-hatchery-cache"] = { when: "data.done" };
    const ops = Object.fromEntries(describeOperations(spec).operations.map((op) => [op.id, op.runtime]));
    expect(ops.listThings.pagination.pageLimit).toEqual({ codes: ["2003"], message: "page 1 only" });
    expect(ops.listThings.cache).toEqual({ when: "data.done" });
    expect("cache" in ops.deleteThing).toBe(false);
    expect("pageLimit" in describeOperations(tiny()).operations[0].runtime.pagination).toBe(false);
  });

  it("passes a page-style size parameter and its maximum through, only to operations that take it", () => {
    const spec = tiny();
    const get = spec.paths["/things"].get;
    Object.assign(get["x-hatchery-pagination"], { limitParam: "per_page", maxLimit: 100 });
    const runtime = () => describeOperations(spec).operations.find((op) => op.id === "listThings").runtime;
    // Declared in the pagination block but not a parameter of this operation: nothing to check.
    expect(runtime().pagination).not.toHaveProperty("limitParam");
    get.parameters.push({ name: "per_page", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } });
    expect(runtime().pagination).toMatchObject({ pageParam: "page", limitParam: "per_page", maxLimit: 100 });
  });

  it("refuses malformed values with the operation's name", () => {
    expect(cacheRuleOf("a", false)).toBe(false);
    expect(() => cacheRuleOf("a", "yes")).toThrow(/a: x-hatchery-cache/);
    expect(() => cacheRuleOf("a", { when: "" })).toThrow(/x-hatchery-cache/);
    expect(() => pageLimitOf("b", "2003")).toThrow(/b: x-hatchery-pagination.pageLimit/);
  });
});

describe("validateSpec", () => {
  it.each([
    ["no x-hatchery", (s) => delete s["x-hatchery"], /x-hatchery block is missing/],
    ["openapi 3.0", (s) => (s.openapi = "3.0.3"), /3\.1/],
    ["bad client name", (s) => (s["x-hatchery"].clientName = "tiny"), /PascalCase/],
    ["unknown envelope", (s) => (s["x-hatchery"].envelope.kind = "soap"), /envelope.kind/],
    ["snake operationId", (s) => (s.paths["/login"].post.operationId = "do_login"), /camelCase/],
    ["duplicate operationId", (s) => (s.paths["/login"].post.operationId = "listThings"), /duplicate/],
  ])("refuses a spec with %s", (_name, mutate, message) => {
    const spec = tiny();
    mutate(spec);
    expect(() => validateSpec(spec, "specs/tiny.yaml")).toThrow(message);
  });
});

describe("generateProvider", () => {
  it("writes the generated files with a do-not-edit header, deterministically", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hatchery-codegen-"));
    try {
      const specPath = join(dir, "tiny.yaml");
      await writeFile(specPath, JSON.stringify(tiny()));
      const out = join(dir, "out");
      await writeFile(join(dir, "stale.ts"), "");
      const files = await generateProvider({ specPath, specLabel: "specs/tiny.yaml", outDir: out });
      expect(files.sort()).toEqual(["README.md", "client.ts", "operations.ts", "schema.ts", "type-tests.ts"]);
      const client = await readFile(join(out, "client.ts"), "utf8");
      expect(client.split("\n")[1]).toMatch(/Do not edit/);
      expect(client).toContain("export function createTinyClient(options: TinyClientOptions = {}): TinyClient");
      expect(client).toContain(
        "listThings(input?: ListThingsInput, options?: ListOptions): PagePromise<ListThingsItem, ListThingsPage>;",
      );
      expect(client).toContain('export type ListThingsInput = FlatInput<Operations["listThings"]>;');
      expect(client).toContain('export type ListThingsItem = ItemOf<Operations["listThings"], "data">;');
      expect(client).toContain(
        "deleteThing(input: DeleteThingInput, options?: CallOptions): ApiPromise<DeleteThingResult>;",
      );
      expect(client).toContain('export type UpsertThingInput = FlatInput<Operations["upsertThing"], "token">;');
      expect(client).toContain("export type DeleteThingResult = void;");
      // One function per operation, call or paginate (and the list's style) chosen here, not at run time; the
      // client is the core with a method per function.
      expect(client).toMatch(
        /\/\* @__PURE__ \*\/ listOperation\(\/\* @__PURE__ \*\/ operationTable\(\{ listThings: \["GET \/things", .*\] \}\), "listThings", numberedPages\);/,
      );
      expect(client).toContain(
        '/* @__PURE__ */ callOperation(/* @__PURE__ */ operationTable({ deleteThing: ["DELETE /things/{id}"] }), "deleteThing");',
      );
      expect(client).toContain(
        "return withMethods(createTinyCore(options), { listThings, upsertThing, login, deleteThing });",
      );
      // Only the features the spec needs (form bodies, a delete, session auth, coercion, base URL variables).
      expect(client).toMatch(/features: \{ envelope: normalizeData, .*deletes: assertDeleted/);
      const typeTests = await readFile(join(out, "type-tests.ts"), "utf8");
      expect(typeTests).toContain('Check<Equal<keyof DeleteThingInput, "id">>,');
      expect(typeTests).toContain("Check<Equal<DeleteThingResult, void>>,");
      expect(typeTests).toContain("client.deleteThing({});");
      expect(client).toContain("userId?: string;");
      await generateProvider({ specPath, specLabel: "specs/tiny.yaml", outDir: out });
      expect(await readFile(join(out, "client.ts"), "utf8")).toBe(client);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("documents a body-keyed idempotency rule even on a PUT (whose verb alone would say idempotent)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hatchery-codegen-"));
    try {
      const spec = tiny();
      spec.paths["/things"].put = spec.paths["/things"].post;
      spec.paths["/things"].put.operationId = "upsertThingPut";
      delete spec.paths["/things"].post;
      const specPath = join(dir, "tiny.yaml");
      await writeFile(specPath, JSON.stringify(spec));
      await generateProvider({ specPath, specLabel: "specs/tiny.yaml", outDir: join(dir, "out") });
      const client = await readFile(join(dir, "out", "client.ts"), "utf8");
      expect(client).toContain("`PUT /things` · idempotent only when the body has `email`");
      expect(client).not.toContain("`PUT /things` · idempotent (retried");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the operations a core knows", () => {
  it("are those whose idempotency is not their method's, those a raw request matches first, and the session's", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hatchery-codegen-"));
    try {
      const spec = tiny();
      const post = (operationId, extra = {}) => ({
        post: { operationId, ...extra, responses: { 200: { description: "ok" } } },
      });
      // A raw POST /things/special matches the plain POST first (the spec's order), then the idempotent one; a
      // raw POST /other matches nothing special.
      spec.paths = { "/things/special": post("special"), ...spec.paths, "/other": post("other") };
      spec.paths["/things/{id}"].post = post("retryThing", {
        "x-hatchery-idempotent": true,
        "x-hatchery-outcome-unknown-hint": "Call listThings first.",
      }).post;
      spec.paths["/things/{id}/touch"] = post("touchThing", { "x-hatchery-idempotent": true });
      const specPath = join(dir, "tiny.yaml");
      await writeFile(specPath, JSON.stringify(spec));
      await generateProvider({ specPath, specLabel: "specs/tiny.yaml", outDir: join(dir, "out") });
      const client = await readFile(join(dir, "out", "client.ts"), "utf8");
      const known = /const coreOperations = \/\* @__PURE__ \*\/ operationTable\(\{\n([\s\S]*?)\n\}\);/.exec(
        client,
      )?.[1];
      expect(known?.split("\n")).toEqual([
        '  special: ["POST /things/special"],',
        '  upsertThing: ["POST /things", {"idempotentWhenBodyHas":["email"],"bodyType":"form"}],',
        '  login: ["POST /login", {"bodyType":"form","idempotent":true}],',
        '  retryThing: ["POST /things/{id}", {"idempotent":true}],',
        '  touchThing: ["POST /things/{id}/touch", {"idempotent":true}],',
      ]);
      expect(client).toContain("operations: coreOperations,");
      // An operation the core holds whole is its function's too; a large one (a hint, a list) is given to the core
      // with its idempotency alone, and its function carries it whole.
      expect(client).toContain('/* @__PURE__ */ callOperation(coreOperations, "upsertThing");');
      expect(client).toContain(
        'callOperation(/* @__PURE__ */ operationTable({ retryThing: ["POST /things/{id}", {"outcomeUnknownHint":"Call listThings first.","idempotent":true}] }), "retryThing");',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("x-hatchery.headers with descriptions", () => {
  it("maps options to header names, from a string or { header, description }", () => {
    expect(headerNames({ a: "x-a", b: { header: "x-b", description: "B." } })).toEqual({ a: "x-a", b: "x-b" });
    expect(() => headerNames({ c: { description: "no header" } })).toThrow(/headers\.c: a header name is required/);
  });

  it("documents the client option with the description", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hatchery-codegen-"));
    try {
      const spec = tiny();
      spec["x-hatchery"].headers = { "user-id": { header: "x-tiny-user", description: "Acts as this user." } };
      const specPath = join(dir, "tiny.yaml");
      await writeFile(specPath, JSON.stringify(spec));
      await generateProvider({ specPath, specLabel: "specs/tiny.yaml", outDir: join(dir, "out") });
      const client = await readFile(join(dir, "out", "client.ts"), "utf8");
      expect(client).toContain("   * Acts as this user.\n   *\n   * Sent as the `x-tiny-user` header on every request");
      expect(client).toContain("userId?: string;");
      const operations = await readFile(join(dir, "out", "operations.ts"), "utf8");
      expect(operations).toContain('"user-id": "x-tiny-user"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
