// Unit tests of what `pnpm new-provider` writes for the rest of the workspace: the calls derived from what a spec
// documents (derive.js), the chaos adapter, release row and size call (checks.js), and the edits of the
// registries (registrations.js). Nothing is written; `scaffold-workspace.test.js` runs the result.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { releaseCall, releaseRowSource, renderChaosAdapter, sizeCall, wrongCall } from "../src/checks.js";
import { answerAccepted, chaosCalls, derivedInput, idempotencyOf, MARKER, markerFields } from "../src/derive.js";
import { findRoot } from "../src/generate.js";
import { describeOperations } from "../src/operations.js";
import {
  addBudgetRow,
  addDependency,
  addInstallBudget,
  addReleaseRow,
  registerChaosAdapter,
} from "../src/registrations.js";
import { routeTable } from "../src/samples.js";
import { planProvider } from "../src/scaffold.js";
import { camelCase, code, commentLines, literal } from "../src/source.js";
import { freeName } from "./free-name.js";

const root = findRoot(import.meta.dirname);
const fixture = parse(await readFile(join(import.meta.dirname, "fixtures", "bookshelf.yaml"), "utf8"));
const model = describeOperations(fixture);
const routes = routeTable(fixture);
const op = (id) => model.operations.find((o) => o.id === id);

describe("derive: arguments from what the spec documents", () => {
  it("takes documented values and names every required value the spec leaves undocumented", () => {
    expect(derivedInput(fixture, "/shelves/{shelfId}/books", "get")).toMatchObject({
      input: { params: { path: { shelfId: "fiction" } } },
      invented: [],
    });
    expect(derivedInput(fixture, "/shelves/{shelfId}/books", "post")).toMatchObject({
      input: { params: { path: { shelfId: "fiction" } }, body: { title: "Emma", author: "Jane Austen" } },
      invented: [],
      bodyType: "json",
    });
    expect(derivedInput(fixture, "/books/{bookId}/rating", "put").invented).toEqual(["path bookId", "body.stars"]);
  });

  it("does not count body fields the client fills in itself as undocumented", () => {
    const spec = structuredClone(fixture);
    spec.paths["/books/{bookId}/rating"].put.requestBody.content["application/json"].schema = {
      type: "object",
      required: ["stars", "token"],
      properties: { stars: { type: "integer", default: 3 }, token: { type: "string" } },
    };
    expect(derivedInput(spec, "/books/{bookId}/rating", "put", ["token"])).toMatchObject({
      input: { body: { stars: 3 } },
      invented: ["path bookId"],
    });
  });

  it("decides idempotency as the client does, and says why", () => {
    expect(idempotencyOf(fixture, op("getBook"), undefined)).toEqual({
      idempotent: true,
      why: "GET: idempotent (the method's default)",
    });
    expect(idempotencyOf(fixture, op("addBook"), {}).idempotent).toBe(false);
    const marked = structuredClone(fixture);
    marked.paths["/shelves/{shelfId}/books"].post["x-hatchery-idempotent"] = true;
    expect(idempotencyOf(marked, describeOperations(marked).operations[1], {})).toEqual({
      idempotent: true,
      why: "idempotent: the spec says x-hatchery-idempotent: true",
    });
    const upsert = { ...op("addBook"), runtime: { ...op("addBook").runtime, idempotentWhenBodyHas: ["isbn"] } };
    expect(idempotencyOf(fixture, upsert, { isbn: "978" }).idempotent).toBe(true);
    expect(idempotencyOf(fixture, upsert, { isbn: " " }).idempotent).toBe(false);
  });

  it("finds free-text body fields for the marker, required first", () => {
    expect(markerFields(fixture, "/shelves/{shelfId}/books", "post")).toEqual(["title", "author"]);
    expect(markerFields(fixture, "/books/{bookId}/rating", "put")).toEqual([]);
  });

  it("knows which documented answers the client takes for a success", () => {
    expect(answerAccepted("result-data", { status: 200, body: { result: "success", data: 1 } })).toBe(true);
    expect(answerAccepted("result-data", { status: 204 })).toBe(false);
    expect(answerAccepted("hatebase", { status: 200, body: { errors: [["1", "no"]] } })).toBe(false);
    expect(answerAccepted("data", { status: 204 })).toBe(true);
  });

  it("chooses the chaos calls: documented arguments only, a marker for each non-idempotent call", () => {
    const chaos = chaosCalls(fixture, model, routes);
    expect(chaos.operations.map((c) => [c.id, c.idempotent, c.markerField])).toEqual([
      ["listBooks", true, undefined],
      ["addBook", false, "title"],
      ["getBook", true, undefined],
      ["removeBook", true, undefined],
    ]);
    expect(chaos.operations[1]?.input.body).toEqual({ title: MARKER, author: "Jane Austen" });
    expect(chaos.leftOut).toEqual([
      { id: "rateBook", reason: "the spec documents no value for path bookId, body.stars" },
    ]);
    // bookId is an integer: a hostile string id would not be a well-typed argument.
    expect(chaos.pathCalls.map((p) => [p.id, p.template, p.param])).toEqual([
      ["listBooks", "/shelves/{shelfId}/books", "shelfId"],
    ]);
    expect(chaos.pageCalls).toMatchObject([
      { id: "listBooks", limitParam: "limit", maxLimit: 100, offsetParam: "offset", minOffset: 0, in: "query" },
    ]);
    const few = chaosCalls(fixture, model, routes, { idempotent: 1 });
    expect(few.operations.map((c) => c.id)).toEqual(["listBooks", "addBook"]);
    expect(few.spare).toEqual(["getBook", "removeBook"]);
  });

  it("leaves out calls the fake cannot answer with a success, and falls back to sampled values", () => {
    const bare = structuredClone(fixture);
    delete bare.paths["/shelves/{shelfId}/books"].parameters[0].example;
    delete bare.paths["/books/{bookId}"].parameters[0].example;
    const bareModel = describeOperations(bare);
    const chaos = chaosCalls(bare, bareModel, routeTable(bare));
    // Nothing is documented: the first idempotent operation, with sampled values (the fake answers any).
    expect(chaos.operations).toMatchObject([
      { id: "listBooks", idempotent: true, sampled: true, input: { params: { path: { shelfId: "string" } } } },
    ]);
    // A result-data answer without `result: "success"` would be an error: never called.
    const failing = routeTable(fixture).map((r) =>
      r.operationId === "getBook" ? { ...r, body: { result: "no" } } : r,
    );
    expect(chaosCalls(fixture, model, failing).leftOut).toContainEqual({
      id: "getBook",
      reason: "the fake's documented answer is not a success the client accepts",
    });
  });
});

describe("checks: the adapter, the release row and the size call", () => {
  const chaos = chaosCalls(fixture, model, routes);
  const release = releaseCall(model, chaos, routes);

  it("calls the first idempotent operation in the release rehearsal, expecting the fake's answer", () => {
    expect(release).toEqual({
      id: "listBooks",
      input: { shelfId: "fiction" },
      expect: "Array.isArray(result.items) && result.items.length === 2",
      sampled: false,
    });
    expect(sizeCall(release)).toEqual({
      sizeCall: "listBooks",
      sizeInput: '{ shelfId: "fiction" }',
      sizeInputArg: ', { shelfId: "fiction" }',
    });
  });

  it("writes a wrong body field in an otherwise valid (flat) call", () => {
    expect(wrongCall(fixture, model, release)).toBe(
      'client.addBook({ shelfId: "fiction", title: 42, author: "Jane Austen" })',
    );
    const noBodies = structuredClone(fixture);
    delete noBodies.paths["/shelves/{shelfId}/books"].post;
    delete noBodies.paths["/books/{bookId}/rating"];
    expect(wrongCall(noBodies, describeOperations(noBodies), release)).toBe(
      'client.listBooks({ shelfId: "fiction", notAField: 42 })',
    );
  });

  it("renders the release row as source", () => {
    const row = releaseRowSource({
      name: "bookshelf",
      packageName: "@hatchery/bookshelf",
      clientName: "Bookshelf",
      call: release,
      wrong: "client.addBook({ title: 42 })",
      basePath: "/api/v2",
    });
    expect(row).toMatch(/^ {2}"@hatchery\/bookshelf": \{\n/);
    expect(row).toContain('    input: { shelfId: "fiction" },\n');
    expect(row).toMatch(/ {2}\},\n$/);
    // It is a valid object entry.
    const value = new Function(`return {\n${row}};`)();
    expect(value["@hatchery/bookshelf"]).toMatchObject({
      call: "listBooks",
      fake: "createBookshelfFake",
      basePath: "/api/v2",
    });
  });

  it("renders the chaos adapter with its calls, marker fields and what it leaves out", async () => {
    const source = await renderChaosAdapter({
      name: "bookshelf",
      packageName: "@hatchery/bookshelf",
      clientName: "Bookshelf",
      identifier: "bookshelf",
      model,
      chaos,
    });
    expect(source).toContain('const MARKER_FIELDS: Readonly<Record<string, string>> = { addBook: "title" };');
    expect(source).toContain(
      'run: (client, { marker, options }) => client.addBook({ shelfId: "fiction", title: marker, author: "Jane Austen" }, options),',
    );
    expect(source).toContain("// POST: not idempotent (the method's default); the marker goes in `title`.");
    expect(source).toContain("call: (client, id, { options }) => client.listBooks({ shelfId: id }, options),");
    expect(source).toContain('client.listBooks({ shelfId: "fiction", ...paging } as never, options)');
    expect(source).toContain("maxLimit: 100,");
    expect(source).toContain(" * - `rateBook`: the spec documents no value for path bookId, body.stars.");
    expect(source).not.toMatch(/\{\{|\}\}/);
    for (const line of source.split("\n")) if (/^\s*(\/\/|\*)/.test(line)) expect(line.length).toBeLessThanOrEqual(120);
  });
});

describe("registrations: one entry inserted, the rest of the file as it is", () => {
  const index = `import type { ProviderAdapter } from "../adapter.js";
import { hatch } from "./hatch.js";
import { leanlaw } from "./leanlaw.js";

/** Every provider. */
export const adapters: readonly ProviderAdapter[] = [hatch, leanlaw];
`;

  it("registers a chaos adapter in order, in a one-line or a multi-line list", () => {
    expect(registerChaosAdapter(index, { identifier: "hosthatch", dir: "hosthatch" })).toBe(
      index
        .replace(
          'import { leanlaw } from "./leanlaw.js";',
          'import { hosthatch } from "./hosthatch.js";\nimport { leanlaw } from "./leanlaw.js";',
        )
        .replace("[hatch, leanlaw]", "[hatch, hosthatch, leanlaw]"),
    );
    expect(registerChaosAdapter(index, { identifier: "zoo", dir: "zoo" })).toContain(
      'import { leanlaw } from "./leanlaw.js";\nimport { zoo } from "./zoo.js";\n',
    );
    const multi = index.replace("[hatch, leanlaw]", "[\n  happyGrasshopper,\n  hatch,\n  leanlaw,\n]");
    expect(registerChaosAdapter(multi, { identifier: "bookshelf", dir: "bookshelf" })).toContain(
      "[\n  bookshelf,\n  happyGrasshopper,\n  hatch,\n  leanlaw,\n]",
    );
    const once = registerChaosAdapter(index, { identifier: "bookshelf", dir: "bookshelf" });
    expect(registerChaosAdapter(once ?? "", { identifier: "bookshelf", dir: "bookshelf" })).toBe(once);
    expect(registerChaosAdapter("export const all = [];\n", { identifier: "b", dir: "b" })).toBeUndefined();
  });

  const providers = `// Rows.
export const PROVIDERS = {
  "@hatchery/hatch": {
    call: "a",
  },
  "@hatchery/leanlaw": {
    call: "b",
  },
};

export const BROWSER_PROVIDER = "@hatchery/leanlaw";
`;
  const row = '  "@hatchery/x": {\n    call: "x",\n  },\n';

  it("adds a release row in order, at the end with the comma it needs, once", () => {
    const middle = addReleaseRow(providers, "@hatchery/happy", row.replace("x", "happy"));
    expect(middle).toBe(providers.replace('  "@hatchery/hatch"', `${row.replace("x", "happy")}  "@hatchery/hatch"`));
    const end = addReleaseRow(
      providers.replace('    call: "b",\n  },\n};', '    call: "b",\n  }\n};'),
      "@hatchery/x",
      row,
    );
    expect(end).toContain('    call: "b",\n  },\n  "@hatchery/x": {\n    call: "x",\n  },\n};');
    expect(addReleaseRow(middle ?? "", "@hatchery/happy", row)).toBe(middle);
    expect(addReleaseRow("export const OTHER = {};\n", "@hatchery/x", row)).toBeUndefined();
  });

  it("adds an install budget, a dependency and a README budget row in order", () => {
    const budgets =
      '{\n  "$comment": "c",\n  "install": {\n    "@hatchery/hatch": {\n      "packages": 4,\n      "unpackedKB": 700\n    }\n  }\n}\n';
    const added = addInstallBudget(budgets, "@hatchery/bookshelf", { packages: 4, unpackedKB: 2000 });
    expect(Object.keys(JSON.parse(added).install)).toEqual(["@hatchery/bookshelf", "@hatchery/hatch"]);
    expect(added).toContain('"$comment": "c",\n  "install": {\n    "@hatchery/bookshelf": {\n      "packages": 4,');
    expect(addInstallBudget(added, "@hatchery/bookshelf", { packages: 1, unpackedKB: 1 })).toBe(added);

    const pkg = '{\n  "name": "c",\n  "dependencies": {\n    "@hatchery/core": "workspace:*"\n  }\n}\n';
    expect(JSON.parse(addDependency(pkg, "@hatchery/bookshelf", "workspace:*")).dependencies).toEqual({
      "@hatchery/bookshelf": "workspace:*",
      "@hatchery/core": "workspace:*",
    });

    const readme =
      "| package | packages installed (budget) | x |\n|---|---|---|\n| `@hatchery/hatch` | 4 (4) | y |\n\nAfter.";
    const withRow = addBudgetRow(readme, "| `@hatchery/b` | - | - |", "@hatchery/b");
    expect(withRow).toBe(readme.replace("\n\nAfter.", "\n| `@hatchery/b` | - | - |\n\nAfter."));
    expect(addBudgetRow(withRow, "| `@hatchery/b` | - | - |", "@hatchery/b")).toBe(withRow);
    expect(addBudgetRow("# none", "| x |", "x")).toBe("# none");
  });
});

describe("source", () => {
  it("prints literals with plain keys, inserted code and shorthand", () => {
    expect(literal({ a: 1, "b-c": [true, null], d: { e: "f" }, id: code("id"), t: code("marker") })).toBe(
      '{ a: 1, "b-c": [true, null], d: { e: "f" }, id, t: marker }',
    );
    expect(literal({})).toBe("{}");
  });

  it("makes variable names, avoiding reserved words and names taken", () => {
    expect(camelCase("happy-grasshopper")).toBe("happyGrasshopper");
    expect(camelCase("new")).toBe("newAdapter");
    expect(camelCase("hatch", ["hatch"])).toBe("hatchAdapter");
  });

  it("wraps comments", () => {
    expect(commentLines("one two three four", "// ", 12, "//   ")).toEqual(["// one two", "//   three", "//   four"]);
  });
});

describe("planProvider writes the checks too", () => {
  it("plans the chaos adapter, the size budget, the release row and budget, each registered", async () => {
    const name = freeName(root);
    const plan = await planProvider({ root, name });
    const id = plan.chaos?.identifier;
    expect(id).toBe(camelCase(name));
    expect([...plan.files.keys()]).toEqual(
      expect.arrayContaining([
        `packages/${name}/.size-limit.json`,
        `packages/${name}/size/one-call.js`,
        `packages/${name}/size/client.js`,
        `packages/chaos/src/providers/${name}.ts`,
      ]),
    );
    expect(plan.edits.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        "packages/chaos/src/providers/index.ts",
        "packages/chaos/package.json",
        "packages/release-test/src/providers.mjs",
        "packages/release-test/budgets.json",
        "README.md",
      ]),
    );
    const edit = (path) => plan.edits.find((e) => e.path === path)?.text ?? "";
    expect(edit("packages/chaos/src/providers/index.ts")).toContain(`import { ${id} } from "./${name}.js";`);
    expect(JSON.parse(edit("packages/chaos/package.json")).dependencies[`@hatchery/${name}`]).toBe("workspace:*");
    expect(edit("packages/release-test/src/providers.mjs")).toContain(`  "@hatchery/${name}": {\n`);
    expect(JSON.parse(edit("packages/release-test/budgets.json")).install[`@hatchery/${name}`]).toEqual({
      packages: 4,
      unpackedKB: 2000,
    });
    expect(edit("README.md")).toContain(`| \`@hatchery/${name}\` | not measured yet (4) |`);
    // The skeleton documents every argument: list, create (marker in `name`) and get are all called.
    expect(plan.chaos?.operations.map((c) => [c.id, c.idempotent, c.markerField])).toEqual([
      ["listItems", true, undefined],
      ["createItem", false, "name"],
      ["getItem", true, undefined],
    ]);
    expect(plan.warnings).toEqual([]);
    const pkg = JSON.parse(plan.files.get(`packages/${name}/package.json`) ?? "{}");
    expect(pkg.scripts.test).toMatch(/&& size-limit$/);
    expect(plan.files.get(`packages/${name}/size/one-call.js`)).toContain("listItems(core)");
    expect(plan.files.get(`packages/${name}/size/client.js`)).toContain("client.listItems()");
    expect(plan.files.get(`packages/${name}/README.md`)).toMatch(/<!-- size:start -->[\s\S]+<!-- size:end -->/);
  });

  it("warns when the auth is not a bearer key", async () => {
    const spec = parse(await readFile(join(root, "specs/hatebase.yaml"), "utf8"));
    delete spec["x-hatchery"].packageName;
    spec["x-hatchery"].clientName = "Sessions";
    const { mkdtemp, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const tmp = await mkdtemp(join(tmpdir(), "hatchery-checks-"));
    try {
      await writeFile(join(tmp, "s.json"), JSON.stringify(spec));
      const plan = await planProvider({ root, name: freeName(root, "sessions"), specFile: join(tmp, "s.json") });
      expect(plan.warnings.join("\n")).toMatch(/auth is session, not a bearer key/);
      expect(plan.chaos?.pathCalls).toEqual([]);
      expect(plan.chaos?.leftOut).toContainEqual({
        id: spec["x-hatchery"].auth.operation,
        reason: "the session's authenticate call, which the client makes itself",
      });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
