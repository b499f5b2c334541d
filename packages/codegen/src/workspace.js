// @ts-check
/** What the workspace holds, discovered rather than listed: scripts and tests stay right as providers come. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Every package under `packages/`, with its parsed package.json.
 * @param {string} root the workspace root
 * @returns {{ dir: string, path: string, json: any }[]} `dir` is the folder name, `path` is relative to the root
 */
export function workspacePackages(root) {
  const base = join(root, "packages");
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(base, entry.name, "package.json")))
    .map((entry) => ({
      dir: entry.name,
      path: `packages/${entry.name}`,
      json: JSON.parse(readFileSync(join(base, entry.name, "package.json"), "utf8")),
    }))
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/** The published packages (core and every provider): those without `"private": true`. */
export function publishedPackages(root) {
  return workspacePackages(root).filter((p) => p.json.private !== true);
}

/** The provider packages: published packages that are generated from `specs/<dir>.yaml`. */
export function providerPackages(root) {
  return publishedPackages(root).filter((p) => existsSync(join(root, "specs", `${p.dir}.yaml`)));
}
