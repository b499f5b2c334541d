#!/usr/bin/env node
// Writes (or, with --check, verifies) the "Size" section of each provider's README: its size-limit budgets and what
// one call bundles, module by module, as size-limit's --why would show it. Run `pnpm size:report` after a change to
// core or a provider; `pnpm check:drift` fails when a README's table no longer matches the code.
//
// Needs the packages built (`pnpm build`): size-limit and the breakdown both read each package's dist.
// `node scripts/size-report.mjs [--check] [package…]`: only the named packages (folder names under packages/), or all.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const check = process.argv.includes("--check");
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const START = "<!-- size:start -->";
const END = "<!-- size:end -->";

/** The providers: packages with a size-limit config and a README with the size markers (those named, if any). */
const providers = readdirSync(join(root, "packages")).filter((name) => {
  if (only.length && !only.includes(name)) return false;
  const dir = join(root, "packages", name);
  return existsSync(join(dir, ".size-limit.json")) && readFileSync(join(dir, "README.md"), "utf8").includes(START);
});

for (const name of only) {
  if (!providers.includes(name)) {
    console.error(`packages/${name}: no .size-limit.json, or no size markers in its README.md.`);
    process.exit(1);
  }
}

/** Two decimals of a kB, as size-limit prints them. */
const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;

/** Where a module of the bundle comes from: a source file of core or of the package, or a dependency. */
function owner(input, pkg) {
  const path = input.replace(/\\/g, "/");
  const core = /packages\/core\/src\/(.+)$/.exec(path);
  if (core) return `core: \`${core[1]}\``;
  const own = new RegExp(`packages/${pkg}/(.+)$`).exec(path);
  if (own) return `${pkg}: \`${own[1]}\``;
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  return dep ? `\`${dep[1]}\`` : relative(root, path);
}

let stale = 0;
for (const pkg of providers) {
  const dir = join(root, "packages", pkg);
  const limits = JSON.parse(readFileSync(join(dir, ".size-limit.json"), "utf8"));
  // size-limit exits 1 when an entry is over its limit; its JSON still says what it measured, which the table shows.
  const run = spawnSync("pnpm", ["exec", "size-limit", "--json"], { cwd: dir, encoding: "utf8" });
  let measured;
  try {
    measured = JSON.parse(run.stdout);
  } catch {
    throw new Error(`size-limit printed no JSON in packages/${pkg} (exit ${run.status}): ${run.stderr || run.stdout}`);
  }
  const rows = limits.map((entry, i) => [entry.name, kB(measured[i].size), entry.limit]);

  // The one-call entry, bundled as size-limit bundles it but from the sources (the package's and core's), with a
  // metafile: bytes (minified, before gzip) per source module.
  const entry = limits[0].path;
  const result = await build({
    entryPoints: [join(dir, entry)],
    bundle: true,
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    outdir: join(dir, ".size-report"),
    logLevel: "silent",
    alias: { "@hatchery/core": join(root, "packages/core/src/index.ts") },
    plugins: [
      {
        name: "sources",
        setup(b) {
          b.onResolve({ filter: /\/dist\/index\.js$/ }, () => ({ path: join(dir, "src/index.ts") }));
        },
      },
    ],
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  const total = Object.values(output.inputs).reduce((sum, i) => sum + i.bytesInOutput, 0);
  /** @type {Map<string, number>} */
  const byOwner = new Map();
  for (const [input, info] of Object.entries(output.inputs)) {
    const who = owner(input, pkg);
    byOwner.set(who, (byOwner.get(who) ?? 0) + info.bytesInOutput);
  }
  const breakdown = [...byOwner.entries()]
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([who, bytes]) => `| ${who} | ${bytes.toLocaleString("en")} | ${((bytes / total) * 100).toFixed(1)} % |`);

  const section = [
    START,
    "",
    "Measured by size-limit (esbuild, minified, gzipped) in the package's test task, which fails past the limit:",
    "",
    "| entry | size | limit |",
    "|---|---:|---:|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
    `Where the bytes of one call go (\`${entry}\`: the core and one operation function), by source module, minified`,
    "and before gzip (size-limit's `--why` shows the same from the dist):",
    "",
    "| module | bytes | share |",
    "|---|---:|---:|",
    ...breakdown,
    "",
    "Regenerate with `pnpm size:report`; `pnpm check:drift` fails when this table is out of date.",
    "",
    END,
  ].join("\n");

  const readmePath = join(dir, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const updated = readme.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section);
  if (updated !== readme) {
    if (check) {
      stale += 1;
      console.error(`${relative(root, readmePath)}: the Size section is out of date; run \`pnpm size:report\`.`);
    } else {
      writeFileSync(readmePath, updated);
      console.log(`${relative(root, readmePath)}: Size section written.`);
    }
  }
}
if (check && stale) process.exit(1);
if (check) console.log(`Size sections match the code (${providers.join(", ")}).`);
