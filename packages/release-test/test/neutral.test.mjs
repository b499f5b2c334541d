// The platform-neutral check: table-driven on small programs, then on every provider's main entry as it is in the
// workspace (its sources, with core's sources), so `pnpm test` catches a Node-only API before a release does.
// `pnpm test:release` runs the same check on the packages as published.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { providerPackages } from "@hatchery/codegen/workspace";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { nodeOnlyApis } from "../src/neutral.mjs";

/** [name, source, the problems expected as "kind what"] */
const cases = [
  [
    "fetch and web APIs only",
    "export const f = () => fetch(new URL('https://x.test'), { signal: AbortSignal.timeout(1) });",
    [],
  ],
  ["a node: import", "import { createServer } from 'node:http'; export { createServer };", ["import node:http"]],
  ["a bare builtin", "import { readFileSync } from 'fs'; export { readFileSync };", ["import fs"]],
  [
    "a builtin subpath",
    "import { setTimeout } from 'timers/promises'; export { setTimeout };",
    ["import timers/promises"],
  ],
  ["Buffer", "export const b = (s) => Buffer.from(s).toString('base64');", ["global Buffer"]],
  ["process.env", "export const key = () => process.env.KEY;", ["global process"]],
  ["require", "export const load = () => require('x');", ["global require"]],
  ["__dirname", "export const here = () => __dirname;", ["global __dirname"]],
  ["setImmediate", "export const later = (f) => setImmediate(f);", ["global setImmediate"]],
  [
    "a typeof guard on the line",
    "export const undici = () => typeof process === 'object' && process.versions?.undici;",
    [],
  ],
  [
    "a typeof guard of another global",
    "export const x = () => typeof Buffer !== 'undefined' && process.env.A;",
    ["global process"],
  ],
  ["a use before its guard", "export const x = () => process.env.A || typeof process;", ["global process"]],
  ["a local binding of the same name", "export const f = (process) => process.env;", []],
  ["globalThis.process is not a free reference", "export const f = () => globalThis.process?.env;", []],
];

let dir;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hatchery-neutral-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("nodeOnlyApis", () => {
  for (const [name, source, expected] of cases) {
    test(name, async () => {
      const file = join(dir, `${name.replace(/\W+/g, "-")}.mjs`);
      await writeFile(file, source);
      const { problems } = await nodeOnlyApis(file);
      expect(problems.map((p) => `${p.kind} ${p.what}`)).toEqual(expected);
    });
  }
});

describe("every provider's main entry (workspace sources)", () => {
  const root = join(import.meta.dirname, "..", "..", "..");
  const alias = { "@hatchery/core": join(root, "packages", "core", "src", "index.ts") };
  const providers = providerPackages(root);
  test("providers are found", () => expect(providers.length).toBeGreaterThan(0));
  for (const provider of providers) {
    test(`${provider.json.name} needs nothing Node-only`, async () => {
      const entry = join(root, provider.path, "src", "index.ts");
      const { problems, bytes } = await nodeOnlyApis(entry, { absWorkingDir: root, alias });
      expect(problems).toEqual([]);
      expect(bytes).toBeGreaterThan(1000); // the client was bundled, not an empty module
    });
  }
  test("core's ./testing is Node-only, and the check sees it", async () => {
    const entry = join(root, "packages", "core", "src", "testing", "index.ts");
    const { problems } = await nodeOnlyApis(entry, { absWorkingDir: root });
    expect(problems.map((p) => `${p.kind} ${p.what}`)).toContain("import node:http");
  });
});
