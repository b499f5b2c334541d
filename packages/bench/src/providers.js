// @ts-check
/**
 * The provider packages, discovered (the codegen's own workspace scan: a published package with a
 * specs/<dir>.yaml), and the one-call entry that stands for each in the bundle-size table.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { providerPackages } from "@hatchery/codegen/workspace";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * One call through each provider's client, for providers whose package has no `size/one-call.js` yet. Paths
 * are relative to the provider's package folder. A provider in neither place is reported as missing, never
 * skipped in silence.
 * Empty today: every provider has its `size/one-call.js`.
 * @type {Record<string, string>}
 */
export const ONE_CALL_ENTRIES = {};

/**
 * @returns {{ dir: string, name: string, path: string, hasDist: boolean,
 *   oneCall: { kind: "file", file: string } | { kind: "table", source: string } | { kind: "missing" } }[]}
 */
export function discoverProviders() {
  return providerPackages(ROOT).map((p) => {
    const abs = join(ROOT, p.path);
    const file = join(abs, "size", "one-call.js");
    const table = ONE_CALL_ENTRIES[p.dir];
    return {
      dir: p.dir,
      name: p.json.name,
      path: abs,
      hasDist: existsSync(join(abs, "dist", "index.js")),
      oneCall: existsSync(file)
        ? { kind: "file", file }
        : table
          ? { kind: "table", source: table }
          : { kind: "missing" },
    };
  });
}
