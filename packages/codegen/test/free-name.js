// The provider name a test scaffolds: `bookshelf`, the README's example, unless the workspace has that provider
// already (someone ran `pnpm new-provider bookshelf`): then `bookshelf2`, `bookshelf3`… so the tests pass in
// such a workspace too.
import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * The first of `base`, `base2`, `base3`… that names no package and no spec in the workspace at `root`.
 * @param {string} root
 * @param {string} [base]
 */
export function freeName(root, base = "bookshelf") {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    if (!existsSync(join(root, "packages", name)) && !existsSync(join(root, "specs", `${name}.yaml`))) return name;
  }
}
