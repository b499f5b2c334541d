// No Node-only API may reach a provider's main entry: it is bundled with esbuild for `platform: "neutral"` (no
// Node builtin resolves) and every Node builtin import (`node:x` or a bare `fs`, ...) and every unguarded Node
// global (`process`, `Buffer`, `require`, ...) is a problem. A global is allowed only behind a `typeof` test on
// the same line (`typeof process === "object" && process.versions...`, as openapi-fetch feature-tests undici):
// that line runs everywhere.
import { builtinModules } from "node:module";
import { build } from "esbuild";

/** The free identifiers only Node defines. */
export const NODE_GLOBALS = [
  "process",
  "Buffer",
  "global",
  "require",
  "module",
  "exports",
  "__dirname",
  "__filename",
  "setImmediate",
  "clearImmediate",
];

const MARK = "__hatchery_node_global__";
const BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith("_")));
const isBuiltin = (path) => path.startsWith("node:") || BUILTINS.has(path.split("/")[0]);

/**
 * Bundles `entry` (a file, or a package name resolved from `absWorkingDir`) for `platform: "neutral"` and lists
 * what in it is Node-only: `{ kind: "import", what, importer }` and `{ kind: "global", what, line }`. Empty when
 * the entry runs in any runtime with `fetch`. `conditions` picks the package exports (the bundlers' default
 * `import` + `module` when unset); `alias` maps package names to files (the workspace's sources).
 */
export async function nodeOnlyApis(entry, { absWorkingDir, conditions = ["import", "module"], alias } = {}) {
  const problems = [];
  const result = await build({
    entryPoints: [entry],
    absWorkingDir,
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions,
    alias,
    // Everything the entry's module graph holds, used or not: a runtime that loads the package unbundled (Deno,
    // Bun) evaluates all of it, whatever `sideEffects: false` lets a bundler drop.
    treeShaking: false,
    ignoreAnnotations: true,
    target: "es2022",
    logLevel: "silent",
    // A free reference to a Node global becomes a marker (esbuild leaves bound names alone).
    define: Object.fromEntries(NODE_GLOBALS.map((name) => [name, `${MARK}${name}`])),
    plugins: [
      {
        name: "node-builtins",
        setup(plugin) {
          plugin.onResolve({ filter: /.*/ }, (args) => {
            if (!isBuiltin(args.path)) return undefined;
            problems.push({ kind: "import", what: args.path, importer: args.importer });
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  const code = result.outputFiles[0].text;
  for (const line of code.split("\n")) {
    const uses = [...line.matchAll(new RegExp(`(typeof\\s+)?${MARK}(\\w+)`, "g"))];
    if (uses.length === 0) continue;
    for (const name of new Set(uses.map((use) => use[2]))) {
      // Guarded: the first use of the global on the line is a `typeof` test (`typeof process === "object" && ...`).
      if (uses.find((use) => use[2] === name)[1]) continue;
      problems.push({ kind: "global", what: name, line: line.trim().replaceAll(MARK, "").slice(0, 160) });
    }
  }
  return { problems, bytes: Buffer.byteLength(code) };
}

/** One line per problem, for an error message. */
export function describeProblems(problems) {
  return problems
    .map((p) => (p.kind === "import" ? `imports ${p.what} (from ${p.importer})` : `uses ${p.what}: ${p.line}`))
    .join("\n");
}
