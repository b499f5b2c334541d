#!/usr/bin/env node
// Usage: hatchery-codegen <provider>   (run from packages/<provider>; writes src/generated/)
import { resolve } from "node:path";
import { findRoot, generateProvider } from "./generate.js";

const provider = process.argv[2];
if (!provider || !/^[a-z][a-z0-9-]*$/.test(provider)) {
  console.error("usage: hatchery-codegen <provider>  (the name of specs/<provider>.yaml)");
  process.exit(2);
}
const root = findRoot(process.cwd());
const files = await generateProvider({
  specPath: resolve(root, "specs", `${provider}.yaml`),
  specLabel: `specs/${provider}.yaml`,
  outDir: resolve(process.cwd(), "src/generated"),
});
console.log(`generated ${files.length} files for ${provider}`);
