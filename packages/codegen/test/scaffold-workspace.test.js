// `pnpm new-provider` end to end, in a throwaway copy of the workspace: the files git knows of are copied to a
// temporary folder and installed from the local pnpm store (no network); a provider is scaffolded there from a
// small spec of our own (test/fixtures/bookshelf.yaml), built, type-checked and tested, and its built client is
// run against its fake served on 127.0.0.1. Every command is bounded in time; the folder is removed afterwards.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findRoot } from "../src/generate.js";

const root = findRoot(import.meta.dirname);
const fixture = join(import.meta.dirname, "fixtures", "bookshelf.yaml");
/** Bound of the whole test file, and of any one command in it. */
const FILE_LIMIT_MS = 300_000;
const COMMAND_LIMIT_MS = 180_000;

/** The environment of the commands: the parent's, minus what the outer vitest/turbo run would leak into them. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(VITEST|__VITEST|TURBO_|NODE_OPTIONS$|TEST$|NODE_ENV$)/.test(key)),
);

let dir = "";

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
  ok("pnpm", ["install", "--offline", "--frozen-lockfile=false"]);
}, FILE_LIMIT_MS);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
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
      [["bookshelf", "--spec", "nowhere.yaml"], 2, /cannot read --spec/],
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
    const output = ok("pnpm", ["new-provider", "bookshelf", "--spec", fixture, "--offline"]);
    expect(output).toContain("Created @hatchery/bookshelf (client createBookshelfClient)");

    // The files and the registrations.
    const pkg = JSON.parse(await readFile(join(dir, "packages/bookshelf/package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "@hatchery/bookshelf", scripts: { generate: "hatchery-codegen bookshelf" } });
    expect(await readFile(join(dir, "specs/bookshelf.yaml"), "utf8")).toBe(await readFile(fixture, "utf8"));
    expect(parse(await readFile(join(dir, "redocly.yaml"), "utf8")).apis.bookshelf).toEqual({
      root: "specs/bookshelf.yaml",
    });
    expect(await readFile(join(dir, "README.md"), "utf8")).toContain(
      "| [`@hatchery/bookshelf`](packages/bookshelf) | Bookshelf API |",
    );
    expect(await readFile(join(dir, "examples/src/parts.mjs"), "utf8")).toContain('import("./bookshelf.mjs")');
    expect(await readFile(join(dir, ".changeset/bookshelf-initial.md"), "utf8")).toContain(
      '"@hatchery/bookshelf": minor',
    );
    expect(await readFile(join(dir, "packages/bookshelf/turbo.json"), "utf8")).toContain(
      "$TURBO_ROOT$/specs/bookshelf.yaml",
    );
    expect(existsSync(join(dir, "node_modules/.pnpm/lock.yaml"))).toBe(true);
    expect(existsSync(join(dir, "examples/node_modules/@hatchery/bookshelf/package.json"))).toBe(true); // linked

    // A second run refuses, and changes nothing.
    const before = await layout();
    const again = run("node", ["packages/codegen/src/new-provider.js", "bookshelf"]);
    expect(again.status).toBe(1);
    expect(again.output).toMatch(/exists already/);
    expect(await layout()).toEqual(before);

    // Generation is deterministic: `pnpm generate` leaves the scaffolded output as it is.
    const generated = await readFile(join(dir, "packages/bookshelf/src/generated/client.ts"), "utf8");
    ok("pnpm", ["--filter", "@hatchery/bookshelf", "run", "generate"]);
    expect(await readFile(join(dir, "packages/bookshelf/src/generated/client.ts"), "utf8")).toBe(generated);

    // What `pnpm test` runs for the package and the demo: build (dependencies first), typecheck, test, demo.
    ok("pnpm", ["--filter", "@hatchery/examples...", "--filter", "@hatchery/bookshelf...", "run", "build"]);
    ok("pnpm", ["--filter", "@hatchery/bookshelf", "run", "typecheck"]);
    const tests = ok("pnpm", ["--filter", "@hatchery/bookshelf", "run", "test"]);
    expect(tests).toMatch(/Tests\s+7 passed/);
    expect(ok("node", ["examples/src/demo.mjs"])).toMatch(/listBooks -> 2 item\(s\)/);
    ok("pnpm", ["exec", "biome", "check", "packages/bookshelf", "examples"]);
    ok("pnpm", ["exec", "redocly", "lint", "--config", "redocly.yaml", "bookshelf"]);
    // The API reference takes the new package as it is: every export documented, every link resolved.
    expect(ok("node", ["scripts/docs.mjs", "--only", "@hatchery/core,@hatchery/bookshelf"])).toContain(
      "API reference of @hatchery/bookshelf, @hatchery/core written",
    );

    // The built package, imported by name, against its fake served on 127.0.0.1: every operation.
    const smoke = join(dir, "packages/bookshelf/smoke.mjs");
    await writeFile(
      smoke,
      `import assert from "node:assert/strict";
import { createBookshelfClient, isAuthenticationError } from "@hatchery/bookshelf";
import { BOOKSHELF_FAKE_API_KEY, createBookshelfFake, serve } from "@hatchery/bookshelf/testing";

const fake = createBookshelfFake();
const server = await serve(fake.handler);
try {
  const client = createBookshelfClient({ apiKey: BOOKSHELF_FAKE_API_KEY, baseUrl: server.url + "/api/v2" });
  const titles = [];
  for await (const book of client.listBooks({ params: { path: { shelfId: "fiction" } } })) titles.push(book.title);
  assert.deepEqual(titles, ["Middlemarch", "Dune"]);
  assert.equal((await client.getBook({ params: { path: { bookId: 1 } } })).author, "George Eliot");
  assert.equal((await client.addBook({ params: { path: { shelfId: "fiction" } }, body: { title: "Emma", author: "Jane Austen" } })).id, 3);
  assert.deepEqual(await client.rateBook({ params: { path: { bookId: 1 } }, body: { stars: 5 } }), { bookId: 1, stars: 1 });
  assert.equal(await client.removeBook({ params: { path: { bookId: 1 } } }), null);
  const refused = await createBookshelfClient({ apiKey: "wrong", baseUrl: server.url, retry: false }).getBook({ params: { path: { bookId: 1 } } }).catch((e) => e);
  assert.ok(isAuthenticationError(refused), String(refused));
  assert.deepEqual(fake.calls, { listBooks: 1, getBook: 1, addBook: 1, rateBook: 1, removeBook: 1 });
  console.log("smoke ok");
} finally {
  await server.close();
}
`,
    );
    expect(ok("node", [smoke], { cwd: join(dir, "packages/bookshelf") })).toContain("smoke ok");
  });
});
