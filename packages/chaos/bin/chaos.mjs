#!/usr/bin/env node
// `pnpm test:chaos` runs the chaos suite at its small size (as `pnpm test` does); `pnpm test:chaos --full`
// runs the soak at 10,000 operations and prints its figures. `--operations=N` and `--seed=N` pick others.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2).filter((a) => a !== "--");
const value = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const full = args.includes("--full");
const unknown = args.filter((a) => a !== "--full" && !/^--(operations|seed)=\d+$/.test(a));
if (unknown.length) {
  console.error(
    `unknown argument(s): ${unknown.join(" ")}\nusage: pnpm test:chaos [--full] [--operations=N] [--seed=N]`,
  );
  process.exit(2);
}
const operations = value("operations") ?? (full ? "10000" : undefined);
const figuresFile = join(mkdtempSync(join(tmpdir(), "hatchery-chaos-")), "figures.json");
const env = { ...process.env, CHAOS_FIGURES_FILE: figuresFile };
if (operations) {
  env.CHAOS_OPERATIONS = operations;
  // About 60 operations a second on a busy 2-core machine; leave plenty of room.
  env.CHAOS_TEST_TIMEOUT_MS = String(Math.max(60_000, Number(operations) * 100));
}
if (value("seed")) env.CHAOS_SEED = value("seed");

const root = fileURLToPath(new URL("..", import.meta.url));
// A bigger size runs the soak alone; the small size runs the whole suite.
const files = operations ? ["test/soak.test.ts"] : [];
const result = spawnSync("pnpm", ["exec", "vitest", "run", ...files], { cwd: root, env, stdio: "inherit" });
try {
  const figures = JSON.parse(readFileSync(figuresFile, "utf8"));
  console.log("\nfigures (JSON):");
  console.log(JSON.stringify(figures, null, 2));
} catch {
  console.error("the soak wrote no figures");
}
process.exit(result.status ?? 1);
