// @ts-check
/**
 * Install footprint: the packages `npm install <x>` brings (the dependency closure, counting required peer
 * dependencies, which npm installs too) and their unpacked bytes. Read from the workspace's own install, so it
 * needs no network: registry packages are measured as pnpm unpacked them; workspace packages (ours) as
 * they would be published (their `files` plus package.json, README, LICENSE, CHANGELOG).
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { discoverProviders } from "./providers.js";

const BENCH_DIR = new URL("..", import.meta.url).pathname;

/** @type {{ id: string, label: string, packages: string[] }[]} */
export const PEER_INSTALLS = [
  { id: "openapi-fetch", label: "openapi-fetch", packages: ["openapi-fetch"] },
  { id: "ky", label: "ky", packages: ["ky"] },
  { id: "axios", label: "axios", packages: ["axios"] },
  { id: "octokit-core", label: "@octokit/core", packages: ["@octokit/core"] },
  {
    id: "octokit-plugins",
    label: "@octokit/core + retry + throttling + paginate-rest",
    packages: ["@octokit/core", "@octokit/plugin-retry", "@octokit/plugin-throttling", "@octokit/plugin-paginate-rest"],
  },
  { id: "openai", label: "openai", packages: ["openai"] },
];

/** Finds `name` from `fromDir` the way Node does: the nearest node_modules/<name> up the tree. */
function resolvePackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name, "package.json");
    if (existsSync(candidate)) return realpathSync(dirname(candidate));
    if (dirname(dir) === dir) return undefined;
  }
}

/** Bytes of every file under `dir`, except nested node_modules. */
function dirBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Files npm publishes whatever `files` says. */
const ALWAYS = /^(package\.json|readme(\..*)?|license(\..*)?|licence(\..*)?|changelog(\..*)?)$/i;

/** What `npm pack` would publish of a workspace package (its `files`, plus the files npm always adds), unpacked. */
function packedBytes(dir, json) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && ALWAYS.test(entry.name)) total += statSync(join(dir, entry.name)).size;
  }
  for (const listed of json.files ?? []) {
    const path = join(dir, listed);
    if (!existsSync(path)) continue;
    total += statSync(path).isDirectory() ? dirBytes(path) : statSync(path).size;
  }
  return total;
}

/**
 * @param {string[]} roots package names, resolved from the bench package, or absolute package folders
 * @param {string} [fromDir]
 */
export function closure(roots, fromDir = BENCH_DIR) {
  /** @type {Map<string, { name: string, version: string, bytes: number, workspace: boolean }>} */
  const seen = new Map();
  /** @type {[string, string][]} */
  const queue = roots.map((r) => [r, fromDir]);
  while (queue.length) {
    const [root, from] = /** @type {[string, string]} */ (queue.shift());
    const dir = root.startsWith("/") ? realpathSync(root) : resolvePackage(root, from);
    if (!dir) throw new Error(`cannot resolve ${root} from ${from}`);
    if (seen.has(dir)) continue;
    const json = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const workspace = !dir.includes(`${"/"}node_modules${"/"}`);
    seen.set(dir, {
      name: json.name,
      version: json.version,
      bytes: workspace ? packedBytes(dir, json) : dirBytes(dir),
      workspace,
    });
    const peersMeta = json.peerDependenciesMeta ?? {};
    const deps = [
      ...Object.keys(json.dependencies ?? {}),
      ...Object.keys(json.peerDependencies ?? {}).filter((p) => !peersMeta[p]?.optional),
    ];
    for (const dep of deps) queue.push([dep, dir]);
    // Optional dependencies count only where installed (platform-specific binaries are not).
    for (const dep of Object.keys(json.optionalDependencies ?? {}))
      if (resolvePackage(dep, dir)) queue.push([dep, dir]);
  }
  const packages = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { count: packages.length, bytes: packages.reduce((sum, p) => sum + p.bytes, 0), packages };
}

export function runFootprint() {
  /** @type {{ id: string, label: string, ours: boolean, count?: number, bytes?: number, names?: string[], missing?: string }[]} */
  const rows = [];
  for (const provider of discoverProviders()) {
    if (!provider.hasDist) {
      rows.push({ id: provider.dir, label: provider.name, ours: true, missing: "dist not built" });
      continue;
    }
    // Started from the provider's own folder, so a provider the bench does not depend on is measured too.
    const c = closure([provider.path]);
    rows.push({
      id: provider.dir,
      label: provider.name,
      ours: true,
      count: c.count,
      bytes: c.bytes,
      names: c.packages.map((p) => `${p.name}@${p.version}`),
    });
  }
  for (const peer of PEER_INSTALLS) {
    const c = closure(peer.packages);
    rows.push({
      id: peer.id,
      label: peer.label,
      ours: false,
      count: c.count,
      bytes: c.bytes,
      names: c.packages.map((p) => `${p.name}@${p.version}`),
    });
  }
  return rows;
}
