// Unit tests of `pnpm new-provider`'s parts: names, templates, samples and the plan (nothing is written).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorExportNames } from "@hatchery/test-utils";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findRoot } from "../src/generate.js";
import { clientNameProblems, constantCase, defaultClientName, providerNameProblems } from "../src/provider-name.js";
import { firstSuccess, routeTable, sampleFromSchema, sampleInput } from "../src/samples.js";
import { addPackageRow, basePathOf, planProvider, ScaffoldError } from "../src/scaffold.js";
import { renderTemplate } from "../src/template.js";
import { providerPackages, publishedPackages } from "../src/workspace.js";
import { freeName } from "./free-name.js";

const root = findRoot(import.meta.dirname);

describe("provider names", () => {
  it.each(["bookshelf", "happy-grasshopper", "hosthatch2", "a", "x-1"])("accepts %s", (name) => {
    expect(providerNameProblems(name)).toEqual([]);
  });

  it.each([
    ["", /required/],
    ["Bookshelf", /capital letters|lowercase/],
    [".hidden", /period/],
    ["_private", /underscore/],
    ["-dash", /hyphen/],
    ["two--hyphens", /single hyphens/],
    ["trailing-", /single hyphens/],
    ["9lives", /start with a lowercase letter/],
    ["book shelf", /URL-friendly|lowercase/],
    ["book/shelf", /URL-friendly|lowercase/],
    ["bücher", /URL-friendly|lowercase/],
    ["book_shelf", /lowercase letters and digits/],
    ["http", /core module/],
    ["fs", /core module/],
    ["core", /reserved/],
    ["test-utils", /reserved/],
    ["node_modules", /not a valid package name|lowercase/],
    ["a".repeat(210), /at most 214/],
  ])("refuses %j", (name, message) => {
    const problems = providerNameProblems(name);
    expect(problems.join("\n")).toMatch(message);
  });

  it.each([
    ["bookshelf", "Bookshelf", "BOOKSHELF"],
    ["happy-grasshopper", "HappyGrasshopper", "HAPPY_GRASSHOPPER"],
    ["api2-go", "Api2Go", "API2_GO"],
  ])("%s -> %s, %s", (name, client, constant) => {
    expect(defaultClientName(name)).toBe(client);
    expect(constantCase(defaultClientName(name))).toBe(constant);
    expect(clientNameProblems(defaultClientName(name))).toEqual([]);
  });

  it("refuses a client name that is not PascalCase", () => {
    expect(clientNameProblems("hostHatch")).toHaveLength(1);
    expect(clientNameProblems("Host-Hatch")).toHaveLength(1);
  });
});

describe("renderTemplate", () => {
  it.each([
    ["a {{x}} b", { x: 1 }, "a 1 b"],
    ["{{#on}}yes{{/on}}{{^on}}no{{/on}}", { on: true }, "yes"],
    ["{{#on}}yes{{/on}}{{^on}}no{{/on}}", { on: false }, "no"],
    ["a\n  {{#on}}\n  kept\n  {{/on}}\nb\n", { on: true }, "a\n  kept\nb\n"],
    ["a\n  {{#on}}\n  dropped\n  {{/on}}\nb\n", { on: false }, "a\nb\n"],
  ])("%j", (template, values, want) => {
    expect(renderTemplate(template, values)).toBe(want);
  });

  it("refuses an unknown key, naming the template", () => {
    expect(() => renderTemplate("{{nope}}", {}, "t.tmpl")).toThrow("t.tmpl: no value for {{nope}}");
    expect(() => renderTemplate("{{#nope}}x{{/nope}}", {}, "t.tmpl")).toThrow(/nope/);
  });
});

/** A small spec with one of each thing the samplers read. */
const spec = {
  openapi: "3.1.0",
  info: { title: "Shelf", version: "1" },
  servers: [{ url: "https://api.shelf.example/{version}/", variables: { version: { default: "v2" } } }],
  "x-hatchery": {
    packageName: "@hatchery/shelf",
    clientName: "Shelf",
    envelope: { kind: "result-data", payload: "data" },
  },
  paths: {
    "/books/{isbn}": {
      parameters: [{ name: "isbn", in: "path", required: true, example: "978-0", schema: { type: "string" } }],
      get: {
        operationId: "getBook",
        parameters: [
          { name: "lang", in: "query", required: true, schema: { type: "string", enum: ["en", "fr"] } },
          { name: "fields", in: "query", schema: { type: "string" } },
        ],
        responses: {
          200: {
            description: "ok",
            content: { "application/json": { schema: { $ref: "#/components/schemas/BookBody" } } },
          },
          404: { description: "no" },
        },
      },
      put: {
        operationId: "putBook",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["title", "token"],
                properties: {
                  title: { type: "string", minLength: 3 },
                  token: { type: "string" },
                  note: { type: "string" },
                },
              },
            },
          },
        },
        responses: {
          201: {
            description: "made",
            content: {
              "application/json": { examples: { one: { value: { result: "success", data: { isbn: "1" } } } } },
            },
          },
          200: { description: "also" },
        },
      },
      delete: { operationId: "dropBook", responses: { 204: { description: "gone" } } },
    },
  },
  components: {
    schemas: {
      BookBody: {
        type: "object",
        required: ["result", "data"],
        properties: { result: { const: "success" }, data: { $ref: "#/components/schemas/Book" } },
      },
      Book: {
        allOf: [
          { type: "object", properties: { isbn: { type: "string" }, added: { type: "string", format: "date-time" } } },
          {
            type: "object",
            properties: {
              pages: { type: "integer", minimum: 10 },
              tags: { type: "array", items: { type: "string" } },
              kind: { oneOf: [{ type: "null" }, { type: "boolean" }] },
            },
          },
        ],
      },
    },
  },
};

describe("samples", () => {
  it("builds a body from the schema when the spec has no example", () => {
    expect(firstSuccess(spec, spec.paths["/books/{isbn}"].get)).toEqual({
      status: 200,
      source: "schema",
      body: {
        result: "success",
        data: { isbn: "string", added: "2024-01-15T09:30:00Z", pages: 10, tags: ["string"], kind: true },
      },
    });
  });

  it("prefers the lowest documented success and its example; no content means no body", () => {
    expect(firstSuccess(spec, spec.paths["/books/{isbn}"].put)).toEqual({
      status: 200,
      body: undefined,
      source: "none",
    });
    expect(firstSuccess(spec, spec.paths["/books/{isbn}"].delete)).toEqual({
      status: 204,
      body: undefined,
      source: "none",
    });
    const only201 = { responses: { 201: spec.paths["/books/{isbn}"].put.responses[201] } };
    expect(firstSuccess(spec, only201)).toEqual({
      status: 201,
      body: { result: "success", data: { isbn: "1" } },
      source: "example",
    });
  });

  it("lists a route per operation", () => {
    expect(routeTable(spec).map((r) => `${r.method} ${r.path} ${r.operationId} ${r.status}`)).toEqual([
      "GET /books/{isbn} getBook 200",
      "PUT /books/{isbn} putBook 200",
      "DELETE /books/{isbn} dropBook 204",
    ]);
  });

  it("samples only the required input, skipping fields the client fills in", () => {
    expect(sampleInput(spec, "/books/{isbn}", "get")).toEqual({
      params: { path: { isbn: "978-0" }, query: { lang: "en" } },
    });
    expect(sampleInput(spec, "/books/{isbn}", "put", ["token"])).toEqual({
      params: { path: { isbn: "978-0" } },
      body: { title: "string" },
    });
    expect(sampleFromSchema(spec, { type: "string", minLength: 8 })).toBe("stringxx");
    expect(sampleFromSchema(spec, { type: "string", maxLength: 3 })).toBe("str");
    expect(sampleFromSchema(spec, { type: "integer", maximum: -3 })).toBe(-3);
  });

  it("reads the base path of a server URL", () => {
    expect(basePathOf("https://api.x.example")).toBe("");
    expect(basePathOf("https://api.x.example/v1/")).toBe("/v1");
    expect(basePathOf("https://api.x.example/{version}")).toBe("/{version}");
    expect(basePathOf("/relative/api")).toBe("/relative/api");
  });
});

describe("addPackageRow", () => {
  const readme =
    "# X\n\n| package | provider | what | spec |\n|---|---|---|---|\n| [`a`](packages/a) | A | a | s |\n\nAfter.\n";
  const row = {
    packageName: "@hatchery/b",
    packagePath: "packages/b",
    title: "B | API",
    what: "b",
    specPath: "specs/b.yaml",
  };

  it("appends a row at the end of the package table", () => {
    expect(addPackageRow(readme, row)).toBe(
      readme.replace(
        "\n\nAfter.",
        "\n| [`@hatchery/b`](packages/b) | B \\| API | b | [`specs/b.yaml`](specs/b.yaml) |\n\nAfter.",
      ),
    );
  });

  it("leaves a README alone that lists the package or has no table", () => {
    expect(addPackageRow(addPackageRow(readme, row), row)).toBe(addPackageRow(readme, row));
    expect(addPackageRow("# none\n", row)).toBe("# none\n");
  });
});

describe("planProvider (in this workspace, writing nothing)", () => {
  // `bookshelf`, unless this workspace has one already.
  const name = freeName(root);
  const client = defaultClientName(name);

  it("plans the spec, the package, a changeset, a demo part and the registrations", async () => {
    const plan = await planProvider({ root, name });
    expect([...plan.files.keys()]).toEqual(
      expect.arrayContaining([
        `specs/${name}.yaml`,
        `packages/${name}/package.json`,
        `packages/${name}/README.md`,
        `packages/${name}/turbo.json`,
        `packages/${name}/src/index.ts`,
        `packages/${name}/src/testing/fake.ts`,
        `packages/${name}/src/testing/routes.ts`,
        `packages/${name}/test/client.test.ts`,
        `.changeset/${name}-initial.md`,
      ]),
    );
    expect(plan.edits.map((e) => e.path)).toEqual(expect.arrayContaining(["redocly.yaml", "README.md"]));
    expect(parse(plan.edits.find((e) => e.path === "redocly.yaml").text).apis[name]).toEqual({
      root: `specs/${name}.yaml`,
    });
    expect(plan.files.get(`packages/${name}/turbo.json`)).toContain(`$TURBO_ROOT$/specs/${name}.yaml`);
    for (const [path, text] of plan.files) expect(text, path).not.toMatch(/\{\{[#^/]?\w+\}\}/);
    // The skeleton spec is valid, with its x-hatchery extensions explained in comments.
    const specText = plan.files.get(`specs/${name}.yaml`);
    expect(parse(specText)["x-hatchery"]).toMatchObject({
      packageName: `@hatchery/${name}`,
      clientName: client,
    });
    expect(specText).toMatch(/# requestIdHeader:/);
    expect(plan.routes.every((r) => !r.unchecked)).toBe(true);
  });

  it("re-exports every error class and guard of @hatchery/core from the new package, and tests that it does", async () => {
    const plan = await planProvider({ root, name });
    const index = plan.files.get(`packages/${name}/src/index.ts`);
    const fromCore = /export \{([^}]*)\} from "@hatchery\/core";/.exec(index)?.[1] ?? "";
    const exported = fromCore.split(",").map((s) => s.trim().replace(/^type /, ""));
    // Computed from core's actual exports: a new error class in core fails this until the template has it.
    const core = await import("../../core/src/index.ts");
    expect(errorExportNames(core).filter((n) => !exported.includes(n))).toEqual([]);
    expect(plan.files.get(`packages/${name}/test/error-exports.test.ts`)).toContain("errorExportNames(core)");
  });

  it("gives the new package.json every field the existing published packages have", async () => {
    const plan = await planProvider({ root, name });
    const created = JSON.parse(plan.files.get(`packages/${name}/package.json`));
    const others = providerPackages(root).length ? providerPackages(root) : publishedPackages(root);
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) {
      for (const key of Object.keys(other.json)) expect(created, `${other.path} has "${key}"`).toHaveProperty([key]);
      for (const key of Object.keys(other.json.scripts ?? {}))
        expect(created.scripts, `${other.path} script ${key}`).toHaveProperty([key]);
      expect(Object.keys(created.exports).sort()).toEqual(Object.keys(other.json.exports).sort());
    }
  });

  it.each([
    ["Bad", 2, /invalid provider name/],
    ["http", 2, /core module/],
    ["core", 2, /reserved/],
    ["hosthatch", 1, /exists already/],
  ])("refuses %s (exit %i)", async (name, exitCode, message) => {
    const error = await planProvider({ root, name }).catch((e) => e);
    expect(error).toBeInstanceOf(ScaffoldError);
    expect(error.exitCode).toBe(exitCode);
    expect(error.message).toMatch(message);
  });

  it("fills in a given spec's missing packageName and clientName, and refuses a conflicting one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hatchery-plan-"));
    try {
      const given = structuredClone(spec);
      delete given["x-hatchery"].packageName;
      delete given["x-hatchery"].clientName;
      await writeFile(join(dir, "shelf.json"), JSON.stringify(given));
      const plan = await planProvider({
        root,
        name: "shelf",
        specFile: join(dir, "shelf.json"),
        clientName: "BookShelf",
      });
      expect(parse(plan.files.get("specs/shelf.yaml"))["x-hatchery"]).toMatchObject({
        packageName: "@hatchery/shelf",
        clientName: "BookShelf",
      });
      expect(plan.clientName).toBe("BookShelf");
      const test = plan.files.get("packages/shelf/test/client.test.ts");
      expect(test).toContain('client.getBook({"isbn":"978-0","lang":"en"})');
      expect(test).not.toContain("isAuthenticationError"); // no bearer auth in this spec
      expect(plan.files.get("packages/shelf/src/testing/routes.ts")).toContain('basePath = "/{version}"');

      await writeFile(
        join(dir, "other.yaml"),
        (await readFile(join(dir, "shelf.json"), "utf8")).replace(
          '"x-hatchery":{',
          '"x-hatchery":{"packageName":"@hatchery/other",',
        ),
      );
      await expect(planProvider({ root, name: "shelf", specFile: join(dir, "other.yaml") })).rejects.toThrow(
        /published as "@hatchery\/shelf"/,
      );
      await writeFile(join(dir, "bare.yaml"), "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
      await expect(planProvider({ root, name: "shelf", specFile: join(dir, "bare.yaml") })).rejects.toThrow(
        /no top-level x-hatchery block/,
      );
      await expect(planProvider({ root, name: "shelf", specFile: join(dir, "missing.yaml") })).rejects.toThrow(
        /cannot read --spec/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
