// @ts-check
/**
 * Codegen: wall time of `pnpm generate --force` (every provider regenerated from its spec, turbo's cache
 * bypassed) and of the cached no-op `pnpm generate` right after it. `--quick` regenerates one provider cold.
 */
import { spawnSync } from "node:child_process";
import { discoverProviders, ROOT } from "./providers.js";
import { now, summarize } from "./stats.js";

/** @param {string[]} args */
function timePnpm(args) {
  const start = now();
  const result = spawnSync("pnpm", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const ms = now() - start;
  if (result.status !== 0) throw new Error(`pnpm ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return ms;
}

/**
 * @param {{ quick: boolean }} options
 * @param {(line: string) => void} progress
 */
export function runCodegen({ quick }, progress) {
  const providers = discoverProviders();
  const runs = quick ? 1 : 3;
  const filter = quick ? [`--filter=${providers[0]?.name}`] : [];
  const scope = quick ? `${providers[0]?.name} only` : `all ${providers.length} providers`;
  /** @type {number[]} */
  const cold = [];
  /** @type {number[]} */
  const cached = [];
  for (let run = 0; run < runs; run++) {
    progress(`  codegen run ${run + 1}/${runs}: cold (${scope}), then cached`);
    cold.push(timePnpm(["generate", "--force", "--output-logs=errors-only", ...filter]));
    cached.push(timePnpm(["generate", "--output-logs=errors-only"]));
  }
  return { scope, cold: summarize(cold), cached: summarize(cached) };
}
