#!/usr/bin/env node
// @ts-check
/**
 * `pnpm new-provider <name> [--spec <file>]`: adds a provider to the workspace in one command. Writes
 * `specs/<name>.yaml` (the given spec, or a commented skeleton) and `packages/<name>` (package.json, README,
 * configs, `src/index.ts`, a fake under `src/testing/` built from the spec, a first test, a size-limit budget), a
 * changeset, a demo part and a chaos adapter; registers the spec with Redocly, the package in the README and
 * examples, the adapter in the chaos suite, and a row and an install budget in the release rehearsal; generates
 * the client; runs `pnpm install` so the workspace links it. Never overwrites anything: an existing provider is
 * refused.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { findRoot, generateProvider } from "./generate.js";
import { planProvider, ScaffoldError, writePlan } from "./scaffold.js";

const USAGE = `usage: pnpm new-provider <name> [--spec <file>] [--client-name <Name>] [--title <title>] [--offline]

  <name>               the provider's name: lowercase words joined by hyphens (e.g. happy-grasshopper); it
                       becomes specs/<name>.yaml, packages/<name> and the npm package @hatchery/<name>
  --spec <file>        start from this OpenAPI 3.1 spec (YAML or JSON, with an x-hatchery block) instead of
                       the commented skeleton
  --client-name <Name> the client's name when the spec does not give one (default: <name> in PascalCase)
  --title <title>      the API's title (default: the spec's info.title, or "<Name> API")
  --offline            install from the local pnpm store only
  -h, --help           this help`;

/**
 * Runs a command in the workspace root, echoing it; returns whether it succeeded.
 * @param {string} root
 * @param {string[]} command
 */
function run(root, command) {
  console.log(`$ ${command.join(" ")}`);
  const result = spawnSync(command[0] ?? "", command.slice(1), { cwd: root, stdio: "inherit" });
  return result.status === 0;
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        spec: { type: "string" },
        "client-name": { type: "string" },
        title: { type: "string" },
        offline: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    console.error(`${/** @type {Error} */ (error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(
      `${positionals.length ? "expected one name, got " + positionals.join(" ") : "a provider name is required"}\n\n${USAGE}`,
    );
    return 2;
  }
  const name = /** @type {string} */ (positionals[0]);
  const root = findRoot(process.cwd());

  let plan;
  try {
    plan = await planProvider({
      root,
      name,
      specFile: values.spec === undefined ? undefined : resolve(process.cwd(), values.spec),
      clientName: values["client-name"],
      title: values.title,
    });
  } catch (error) {
    if (error instanceof ScaffoldError) {
      console.error(`new-provider: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }

  const written = await writePlan(root, plan);
  console.log(`Created ${plan.packageName} (client create${plan.clientName}Client):`);
  for (const path of plan.files.keys()) console.log(`  + ${path}`);
  for (const edit of plan.edits) console.log(`  ~ ${edit.path}: ${edit.note}`);

  const files = await generateProvider({
    specPath: resolve(root, plan.specPath),
    specLabel: plan.specPath,
    outDir: resolve(root, plan.packagePath, "src/generated"),
  });
  console.log(`Generated ${files.map((f) => `${plan.packagePath}/src/generated/${f}`).join(", ")}`);

  const installed = run(root, [
    "pnpm",
    "install",
    "--no-frozen-lockfile",
    values.offline ? "--offline" : "--prefer-offline",
  ]);
  if (!installed) {
    console.error(
      "new-provider: `pnpm install` failed; the files are written. Fix the install, then run `pnpm install`.",
    );
    return 1;
  }
  // Format what was written the way the rest of the code is (the templates are close; JSON literals are not).
  const formattable = written.filter((p) => /\.(?:[cm]?[jt]s|json)$/.test(p));
  if (!run(root, ["pnpm", "exec", "biome", "check", "--write", "--no-errors-on-unmatched", ...formattable])) {
    console.warn("new-provider: Biome reported problems in the new files (see above); `pnpm lint` will show them too.");
  }

  const adapter = plan.chaos ? `packages/chaos/src/providers/${plan.name}.ts` : undefined;
  const firstTest = `${plan.packageName}'s first test calls ${plan.firstOperation}() against its fake on 127.0.0.1`;
  const chaosRun = adapter
    ? `;\n                 the chaos suite calls ${plan.chaos?.operations.length} operations through ${adapter}`
    : "";
  const refineAdapter = adapter
    ? `\n       ${adapter}   the chaos adapter: a stateful fake, the calls that create`
    : "";
  console.log(`
Done. Next:
  1. Fill in ${plan.specPath} (the provider's real operations; conventions in specs/README.md), then
       pnpm generate && pnpm lint:specs
  2. Grow the fake in ${plan.packagePath}/src/testing/ and the tests in ${plan.packagePath}/test/.
  3. pnpm test   (${firstTest}${chaosRun})
  4. Refine what was written with first values (README.md, "Adding a provider"):${refineAdapter}
       ${plan.packagePath}/.size-limit.json   measure (size-limit), set the limits, then
         pnpm build && pnpm size:report   (writes the README's Size section)
       packages/release-test/   the row's call, and the install budget \`pnpm test:release\` measures
  5. Edit the changeset in .changeset/ and commit.`);
  if (plan.warnings.length) {
    console.warn(`\nTo finish by hand:\n${plan.warnings.map((w) => `  - ${w}`).join("\n")}`);
  }
  return 0;
}

process.exitCode = await main();
