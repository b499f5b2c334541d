// `pnpm new-provider` end to end, in a throwaway copy of the workspace: the files git knows of are copied to a
// temporary folder and installed with `--prefer-offline` (the store the workspace was installed from; what pnpm
// lacks, such as the registry metadata a fresh machine never cached, comes through the normal install path); a
// provider is scaffolded there from a
// small spec of our own (test/fixtures/bookshelf.yaml), built, type-checked and tested (its size budget
// included), and its built client is run against its fake served on 127.0.0.1. Then what the command wrote for
// the rest of the workspace runs too: the chaos suite with the new adapter (type-checked, its tests for
// bookshelf and the soak), and the release rehearsal's row as a consumer runs it (ESM, CJS, TypeScript).
// Every command is bounded in time; the folder is removed afterwards.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findRoot } from "../src/generate.js";
import { camelCase } from "../src/source.js";
import { freeName } from "./free-name.js";

const root = findRoot(import.meta.dirname);
const fixtureSource = join(import.meta.dirname, "fixtures", "bookshelf.yaml");
/** Bound of the whole test file, and of any one command in it. */
const FILE_LIMIT_MS = 1_500_000;
const COMMAND_LIMIT_MS = 600_000;

/** The environment of the commands: the parent's, minus what the outer vitest/turbo run would leak into them. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(VITEST|__VITEST|TURBO_|NODE_OPTIONS$|TEST$|NODE_ENV$)/.test(key)),
);

let dir = "";
/**
 * The provider scaffolded from the fixture: `bookshelf`, unless the workspace has one already (then
 * `bookshelf2`…, with the fixture's package name to match), and the fixture's path.
 */
let name = "bookshelf";
let fixture = fixtureSource;
/** Names derived from `name`: the npm package, the folder, the chaos adapter's variable. */
const pkgName = () => `@hatchery/${name}`;
const pkgDir = () => `packages/${name}`;

/** Runs a command in the copy; returns its status and output (never throws, never hangs past the limit). */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? dir,
    env: { ...env, FORCE_COLOR: "0", NO_COLOR: "1" },
    encoding: "utf8",
    timeout: options.timeoutMs ?? COMMAND_LIMIT_MS,
    killSignal: "SIGKILL",
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  return { status: result.status, output, timedOut: result.error?.code === "ETIMEDOUT" };
}

/** Runs a command that must succeed, with its output in the failure message. */
function ok(command, args, options) {
  const result = run(command, args, options);
  expect(
    result.status,
    `${command} ${args.join(" ")} (${result.timedOut ? "timed out" : `exit ${result.status}`}):\n${result.output.slice(-4000)}`,
  ).toBe(0);
  return result.output;
}

/** The top of the workspace layout, to prove a refused command wrote nothing. */
async function layout() {
  const list = async (sub) => (existsSync(join(dir, sub)) ? (await readdir(join(dir, sub))).sort() : []);
  return {
    specs: await list("specs"),
    packages: await list("packages"),
    changesets: await list(".changeset"),
    redocly: await readFile(join(dir, "redocly.yaml"), "utf8"),
    readme: await readFile(join(dir, "README.md"), "utf8"),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hatchery-scaffold-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file && existsSync(join(root, file)));
  for (const file of files) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await cp(join(root, file), join(dir, file));
  }
  ok("pnpm", ["install", "--prefer-offline", "--frozen-lockfile=false"]);
  name = freeName(dir);
  if (name !== "bookshelf") {
    fixture = `${dir}-${name}.yaml`;
    const text = await readFile(fixtureSource, "utf8");
    await writeFile(fixture, text.replace('packageName: "@hatchery/bookshelf"', `packageName: "${pkgName()}"`));
  }
}, FILE_LIMIT_MS);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  if (fixture !== fixtureSource) await rm(fixture, { force: true });
});

describe("pnpm new-provider, in a throwaway copy of the workspace", { timeout: FILE_LIMIT_MS }, () => {
  it("refuses an invalid name and an existing provider, and writes nothing", async () => {
    const before = await layout();
    const cases = [
      [["Bookshelf"], 2, /invalid provider name "Bookshelf"[\s\S]*lowercase/],
      [["_shelf"], 2, /underscore/],
      [["http"], 2, /core module/],
      [["hosthatch"], 1, /provider "hosthatch" exists already/],
      [[], 2, /a provider name is required/],
      [[name, "--spec", "nowhere.yaml"], 2, /cannot read --spec/],
    ];
    for (const [i, [args, status, message]] of cases.entries()) {
      // The first through the root script; the rest straight through node, which is quicker.
      const result =
        i === 0
          ? run("pnpm", ["--silent", "new-provider", ...args])
          : run("node", ["packages/codegen/src/new-provider.js", ...args]);
      expect(result.status, args.join(" ")).toBe(status);
      expect(result.output).toMatch(message);
    }
    expect(await layout()).toEqual(before);
  });

  it("scaffolds bookshelf from a small spec; it builds, passes its own tests and calls its fake", async () => {
    const output = ok("pnpm", ["new-provider", name, "--spec", fixture]);
    expect(output).toContain(`Created ${pkgName()} (client createBookshelfClient)`);

    // The files and the registrations.
    const pkg = JSON.parse(await readFile(join(dir, pkgDir(), "package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: pkgName(), scripts: { generate: `hatchery-codegen ${name}` } });
    expect(await readFile(join(dir, `specs/${name}.yaml`), "utf8")).toBe(await readFile(fixture, "utf8"));
    expect(parse(await readFile(join(dir, "redocly.yaml"), "utf8")).apis[name]).toEqual({
      root: `specs/${name}.yaml`,
    });
    expect(await readFile(join(dir, "README.md"), "utf8")).toContain(
      `| [\`${pkgName()}\`](${pkgDir()}) | Bookshelf API |`,
    );
    expect(await readFile(join(dir, "examples/src/parts.mjs"), "utf8")).toContain(`import("./${name}.mjs")`);
    expect(await readFile(join(dir, `.changeset/${name}-initial.md`), "utf8")).toContain(`"${pkgName()}": minor`);
    expect(await readFile(join(dir, pkgDir(), "turbo.json"), "utf8")).toContain(`$TURBO_ROOT$/specs/${name}.yaml`);
    expect(existsSync(join(dir, "node_modules/.pnpm/lock.yaml"))).toBe(true);
    expect(existsSync(join(dir, `examples/node_modules/${pkgName()}/package.json`))).toBe(true); // linked

    // A second run refuses, and changes nothing.
    const before = await layout();
    const again = run("node", ["packages/codegen/src/new-provider.js", name]);
    expect(again.status).toBe(1);
    expect(again.output).toMatch(/exists already/);
    expect(await layout()).toEqual(before);

    // Generation is deterministic: `pnpm generate` leaves the scaffolded output as it is.
    const generated = await readFile(join(dir, pkgDir(), "src/generated/client.ts"), "utf8");
    ok("pnpm", ["--filter", pkgName(), "run", "generate"]);
    expect(await readFile(join(dir, pkgDir(), "src/generated/client.ts"), "utf8")).toBe(generated);

    // What `pnpm test` runs for the package and the demo: build (dependencies first), typecheck, test, demo.
    ok("pnpm", ["--filter", "@hatchery/examples...", "--filter", `${pkgName()}...`, "run", "build"]);
    ok("pnpm", ["--filter", pkgName(), "run", "typecheck"]);
    const tests = ok("pnpm", ["--filter", pkgName(), "run", "test"]);
    // 8, and one serialization test per operation of the spec (5).
    expect(tests).toMatch(/Tests\s+13 passed/);
    expect(ok("node", ["examples/src/demo.mjs"])).toMatch(/listBooks -> 2 item\(s\)/);
    ok("pnpm", ["exec", "biome", "check", pkgDir(), "examples"]);
    ok("pnpm", ["exec", "redocly", "lint", "--config", "redocly.yaml", name]);
    // The API reference takes the new package as it is: every export documented, every link resolved.
    expect(ok("node", ["scripts/docs.mjs", "--only", `@hatchery/core,${pkgName()}`])).toContain(
      `API reference of ${pkgName()}, @hatchery/core written`,
    );

    // The built package, imported by name, against its fake served on 127.0.0.1: every operation.
    const smoke = join(dir, pkgDir(), "smoke.mjs");
    await writeFile(
      smoke,
      `import assert from "node:assert/strict";
import { createBookshelfClient, isAuthenticationError } from "${pkgName()}";
import { BOOKSHELF_FAKE_API_KEY, createBookshelfFake, serve } from "${pkgName()}/testing";

const fake = createBookshelfFake();
const server = await serve(fake.handler);
try {
  const client = createBookshelfClient({ apiKey: BOOKSHELF_FAKE_API_KEY, baseUrl: server.url + "/api/v2" });
  const titles = [];
  for await (const book of client.listBooks({ shelfId: "fiction" })) titles.push(book.title);
  assert.deepEqual(titles, ["Middlemarch", "Dune"]);
  assert.equal((await client.getBook({ bookId: 1 })).author, "George Eliot");
  assert.equal((await client.addBook({ shelfId: "fiction", title: "Emma", author: "Jane Austen" })).id, 3);
  assert.deepEqual(await client.rateBook({ bookId: 1, stars: 5 }), { bookId: 1, stars: 1 });
  assert.equal(await client.removeBook({ bookId: 1 }), undefined);
  const refused = await createBookshelfClient({ apiKey: "wrong", baseUrl: server.url, retry: false }).getBook({ bookId: 1 }).catch((e) => e);
  assert.ok(isAuthenticationError(refused), String(refused));
  assert.deepEqual(fake.calls, { listBooks: 1, getBook: 1, addBook: 1, rateBook: 1, removeBook: 1 });
  console.log("smoke ok");
} finally {
  await server.close();
}
`,
    );
    expect(ok("node", [smoke], { cwd: join(dir, pkgDir()) })).toContain("smoke ok");
  });

  it("wrote bookshelf's size budget, chaos adapter and release row, and each of them runs", async () => {
    // Runs after the test above, which scaffolded and built bookshelf.
    expect(existsSync(join(dir, pkgDir(), "dist/index.js")), `${name} was scaffolded and built`).toBe(true);
    const id = camelCase(name);

    // The size budget: a generous first limit, checked by the package's own test script.
    const pkg = JSON.parse(await readFile(join(dir, pkgDir(), "package.json"), "utf8"));
    expect(pkg.scripts.test).toBe("vitest run && pnpm run lint:pkg && size-limit");
    expect(Object.keys(pkg.devDependencies)).toEqual(
      expect.arrayContaining(["size-limit", "@size-limit/preset-small-lib"]),
    );
    const sizeLimit = JSON.parse(await readFile(join(dir, pkgDir(), ".size-limit.json"), "utf8"));
    expect(sizeLimit).toEqual([
      expect.objectContaining({ path: "size/one-call.js", gzip: true, limit: "20 kB" }),
      expect.objectContaining({ path: "size/client.js", gzip: true, limit: "20 kB" }),
    ]);
    expect(await readFile(join(dir, pkgDir(), "size/one-call.js"), "utf8")).toContain(
      'listBooks(core, { shelfId: "fiction" })',
    );
    expect(await readFile(join(dir, pkgDir(), "size/client.js"), "utf8")).toContain(
      'client.listBooks({ shelfId: "fiction" })',
    );
    expect(ok("pnpm", ["--filter", pkgName(), "exec", "size-limit"])).toMatch(/Size limit:\s+20 kB/);
    // The README's Size section says it is not measured yet, which the drift check flags until size:report ran.
    expect(run("node", ["scripts/size-report.mjs", "--check", name]).status).toBe(1);
    expect(ok("node", ["scripts/size-report.mjs", name])).toContain("Size section written");
    const readme = await readFile(join(dir, pkgDir(), "README.md"), "utf8");
    expect(readme).toContain(`| one call: createBookshelfCore + listBooks (min + gzip) |`);
    expect(readme).toMatch(/\| the whole client: create\w+Client \+ one call \(min \+ gzip\) \| [\d.]+ kB \| 20 kB \|/);
    ok("node", ["scripts/size-report.mjs", "--check", name]);

    // The chaos adapter, registered, with the package a dependency of the chaos suite (and linked).
    const adapter = await readFile(join(dir, `packages/chaos/src/providers/${name}.ts`), "utf8");
    expect(adapter).toContain(`export const ${id} = defineAdapter<BookshelfClient, BookshelfFake>({`);
    expect(adapter).toMatch(/name: "addBook",\s+idempotent: false,/);
    expect(adapter).toContain('const MARKER_FIELDS: Readonly<Record<string, string>> = { addBook: "title" };');
    expect(adapter).toMatch(/`rateBook`: the spec documents no value for path bookId, body\.stars/);
    const index = await readFile(join(dir, "packages/chaos/src/providers/index.ts"), "utf8");
    expect(index).toContain(`import { ${id} } from "./${name}.js";`);
    expect(index).toMatch(new RegExp(`export const adapters: readonly ProviderAdapter\\[\\] = \\[[^\\]]*\\b${id}\\b`));
    const chaosPkg = JSON.parse(await readFile(join(dir, "packages/chaos/package.json"), "utf8"));
    expect(chaosPkg.dependencies[pkgName()]).toBe("workspace:*");
    expect(existsSync(join(dir, `packages/chaos/node_modules/${pkgName()}/package.json`))).toBe(true);

    // The chaos suite runs it: typecheck, then every test that covers bookshelf (no adapter missing, hostile
    // input, hostile responses, raw HTTP, secrets) and the soak across every adapter, bookshelf's included.
    ok("pnpm", ["--filter", "@hatchery/chaos", "run", "typecheck"]);
    const chaos = ok("pnpm", [
      "--filter",
      "@hatchery/chaos",
      "exec",
      "vitest",
      "run",
      "--reporter=verbose",
      "-t",
      `${pkgName()}|soak:`,
    ]);
    for (const test of [
      `${pkgName()}: adapter src/providers/${name}.ts`,
      `${pkgName()}: hostile input > path ids`,
      `${pkgName()}: hostile input > absurd paging numbers`,
      `${pkgName()}: hostile responses > fast-check`,
      `${pkgName()}: each one settles`,
      `${pkgName()}: secrets > every operation`,
    ]) {
      expect(chaos).toContain(test);
    }
    expect(chaos).toMatch(new RegExp(`soak: \\d+ operations across [\\w, -]*\\b${name}\\b`));
    expect(chaos).toMatch(/Tests\s+\d+ passed/);
    expect(chaos).not.toMatch(/(Tests|Test Files)\s+[^\n]*failed/);

    // The release rehearsal's row and budget, and the row run as its consumer test runs it (against the built
    // package instead of one installed from the rehearsal's registry): ESM and CJS call the fake, the program
    // typechecks, and the row's wrong body is a type error.
    const providers = await import(pathToFileURL(join(dir, "packages/release-test/src/providers.mjs")).href);
    const row = providers.providerRow(pkgName());
    expect(row).toMatchObject({
      client: "createBookshelfClient",
      fake: "createBookshelfFake",
      basePath: "/api/v2",
      call: "listBooks",
      input: { shelfId: "fiction" },
    });
    const budgets = JSON.parse(await readFile(join(dir, "packages/release-test/budgets.json"), "utf8"));
    expect(budgets.install[pkgName()]).toEqual({ packages: 4, unpackedKB: 2000 });
    expect(await readFile(join(dir, "README.md"), "utf8")).toContain(
      `| \`${pkgName()}\` | not measured yet (4) | not measured yet (2,000 kB) | not measured yet |`,
    );
    const consumer = join(dir, pkgDir(), "release-check");
    await mkdir(consumer, { recursive: true });
    const { writePrograms } = await import(pathToFileURL(join(dir, "packages/release-test/src/consumer.mjs")).href);
    await writePrograms(consumer, pkgName(), row);
    for (const program of ["call.mjs", "call.cjs"]) {
      expect(JSON.parse(ok("node", [program], { cwd: consumer }))).toMatchObject({ fake: "createBookshelfFake" });
    }
    for (const config of ["tsconfig.nodenext.json", "tsconfig.bundler.json"]) {
      ok("pnpm", ["exec", "tsc", "-p", join(consumer, config)]);
    }
    const wrong = run("pnpm", ["exec", "tsc", "-p", join(consumer, "tsconfig.wrong.json")]);
    expect(wrong.status, wrong.output).not.toBe(0);
    expect(wrong.output).toMatch(/program-wrong\.ts.*error TS\d+/);
  });
});
