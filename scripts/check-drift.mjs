#!/usr/bin/env node
// Fails when regenerating the clients from specs/ would change the committed files under src/generated/.
// Regenerates without the turbo cache, then asks git for any difference (modified, deleted or new files).
// Then checks the README "Size" sections against size-limit (scripts/size-report.mjs --check: needs `pnpm build`).
import { execFileSync } from "node:child_process";

execFileSync("pnpm", ["exec", "turbo", "run", "generate", "--force", "--output-logs=errors-only"], {
  stdio: "inherit",
});
const status = execFileSync(
  "git",
  ["status", "--porcelain", "--untracked-files=all", "--", "packages/*/src/generated"],
  {
    encoding: "utf8",
  },
);
if (status.trim()) {
  console.error("Generated clients are out of date with specs/ (or were edited by hand):");
  console.error(status);
  console.error(execFileSync("git", ["diff", "--stat", "--", "packages/*/src/generated"], { encoding: "utf8" }));
  console.error("Run `pnpm generate` and commit the result.");
  process.exit(1);
}
console.log("Generated clients match their specs.");

// The README size tables are generated from the code too: they must match it.
execFileSync("node", ["scripts/size-report.mjs", "--check"], { stdio: "inherit" });
