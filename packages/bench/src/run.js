// @ts-check
/**
 * `pnpm bench`: every benchmark in one run, printed as Markdown tables; the full run also writes
 * BENCHMARKS.md at the repository root. `pnpm bench --quick` is CI's smoke run (reduced scale, under a
 * minute on an idle machine, writes nothing). `--only=overhead,bundle,...` runs a subset; `--out=<file>`
 * writes the report elsewhere (or, with --quick, at all).
 *
 * No benchmark asserts a time: the run fails only when a benchmark cannot run at all.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, realpathSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { join } from "node:path";
import { runAuth } from "./auth.js";
import { runBundle } from "./bundle.js";
import { runCodegen } from "./codegen.js";
import { GET_RESPONSE } from "./fixtures.js";
import { runFleet } from "./fleet.js";
import { runFootprint } from "./footprint.js";
import { CONTENDERS, runOverhead } from "./overhead.js";
import { runPagination } from "./pagination.js";
import { ROOT } from "./providers.js";
import { renderMarkdown } from "./report.js";
import { runRetry } from "./retry.js";

const SECTIONS = ["bundle", "footprint", "codegen", "overhead", "pagination", "auth", "retry", "fleet"];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const out = args.find((a) => a.startsWith("--out="))?.slice("--out=".length);
for (const a of args) {
  if (a !== "--quick" && !a.startsWith("--only=") && !a.startsWith("--out=")) {
    console.error(`unknown argument ${a}; usage: pnpm bench [--quick] [--only=${SECTIONS.join(",")}] [--out=FILE]`);
    process.exit(2);
  }
}
const selected = only ?? SECTIONS;
for (const s of selected) {
  if (!SECTIONS.includes(s)) {
    console.error(`unknown section ${s}; one of ${SECTIONS.join(", ")}`);
    process.exit(2);
  }
}
if (typeof (/** @type {any} */ (globalThis).gc) !== "function") {
  console.error("warning: run with --expose-gc (the bench script does) for the memory and overhead figures");
}

const BENCH_DIR = new URL("..", import.meta.url).pathname;
/** Installed version, read from node_modules (not every package exports its package.json). */
const version = (name) =>
  JSON.parse(readFileSync(join(realpathSync(join(BENCH_DIR, "node_modules", name)), "package.json"), "utf8")).version;
const load = () => loadavg()[0]?.toFixed(2) ?? "n/a";
const started = performance.now();
const meta = {
  quick,
  date: new Date().toISOString(),
  commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim(),
  cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
  cores: cpus().length,
  memory: `${Math.round(totalmem() / 1024 ** 3)} GB`,
  os: `${type()} ${release()}`,
  node: process.version,
  loadStart: load(),
  loadEnd: "",
  loadNote: "",
  seconds: "",
  getBytes: Buffer.byteLength(GET_RESPONSE),
  esbuild: version("esbuild"),
  labels: Object.fromEntries(CONTENDERS.map((c) => [c.id, c.label])),
  versions: Object.fromEntries(
    [
      "openapi-fetch",
      "ky",
      "axios",
      "@octokit/core",
      "@octokit/plugin-retry",
      "@octokit/plugin-throttling",
      "@octokit/plugin-paginate-rest",
      "openai",
      "esbuild",
      "@hatchery/core",
    ].map((name) => [name, version(name)]),
  ),
};

const log = (line) => console.error(line);
/** @type {Record<string, any>} */
const results = {};
const steps = {
  bundle: async () => runBundle(),
  footprint: async () => runFootprint(),
  codegen: async () => runCodegen({ quick }, log),
  overhead: () => runOverhead({ quick }, log),
  pagination: () => runPagination({ quick }, log),
  auth: () => runAuth({ quick }, log),
  retry: () => runRetry({ quick }, log),
  fleet: () => runFleet({ quick }, log),
};
log(`pnpm bench${quick ? " --quick" : ""}: ${selected.join(", ")}`);
for (const section of selected) {
  const t = performance.now();
  log(`▸ ${section}`);
  results[section] = await steps[/** @type {keyof typeof steps} */ (section)]();
  log(`  ${section}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
meta.loadEnd = load();
meta.seconds = ((performance.now() - started) / 1000).toFixed(0);
meta.loadNote =
  Math.max(Number(meta.loadStart), Number(meta.loadEnd)) > meta.cores
    ? `**The machine was busy** (load average above its ${meta.cores} cores): absolute times are inflated and noisier than on an idle machine; ratios between clients measured side by side, interleaved, hold up better.`
    : "";

const markdown = renderMarkdown(results, meta);
console.log(markdown);
const target = out ?? (quick ? undefined : join(ROOT, "BENCHMARKS.md"));
if (target) {
  writeFileSync(target, markdown);
  log(`wrote ${target}`);
}
