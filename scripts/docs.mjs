#!/usr/bin/env node
// `pnpm run docs` (a bare `pnpm docs` is npm's own `docs` command under pnpm 10): the API reference of every
// published package (core and each provider, found by looking: every packages/*/package.json without
// "private": true) as a static site in docs-site/, built with TypeDoc from the TSDoc in the sources. It fails,
// writing nothing, on any TypeDoc warning: an export without documentation, a broken {@link}, a type that is
// used but not exported.
//
// Choices, and why:
// - Each package is documented from its sources (src/index.ts and src/testing/index.ts, read from its
//   package.json exports), with the other workspace packages mapped to their sources too, so a provider's types
//   link to core's pages instead of copying them; a provider's re-exports of core become links to core.
// - The entry modules are named after their import paths (`@hatchery/core`, `@hatchery/core/testing`).
// - The raw openapi-typescript types (`paths`, `operations`, `components` in src/generated/schema.ts) mirror the
//   spec: their top-level declarations are documented by the generator, and the fields inside them carry the
//   spec's descriptions where the spec has some. Those inner fields are exempt from the "documented" check, which
//   would otherwise ask every spec to describe every field of every body.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import {
  Application,
  Comment,
  OptionDefaults,
  ReferenceReflection,
  ReflectionGroup,
  ReflectionKind,
  TSConfigReader,
  TypeDocReader,
} from "typedoc";
import { findRoot } from "../packages/codegen/src/generate.js";
import { publishedPackages } from "../packages/codegen/src/workspace.js";

const root = findRoot(process.cwd());
const out = join(root, "docs-site");
// `--only @hatchery/core,@hatchery/x` documents just those packages (the scaffold test checks a new provider
// this way, whatever the state of the others); by default, every published package.
const only = parseArgs({ options: { only: { type: "string" } } })
  .values.only?.split(",")
  .filter(Boolean);
const packages = publishedPackages(root).filter((pkg) => !only || only.includes(pkg.json.name));
if (packages.length < 2) {
  // One package would be documented as the whole project, without the package level the site is built around.
  const found = packages.map((p) => p.json.name).join(", ") || "none";
  throw new Error(`the API reference needs at least two published packages; found ${found}`);
}

/** `./dist/testing/index.d.ts` -> `src/testing/index.ts`: the source of each public entry point. */
function entryPoints(pkg) {
  return Object.entries(pkg.json.exports ?? {})
    .filter(([key]) => key !== "./package.json")
    .map(([key, target]) => {
      const types = target?.import?.types ?? target?.types;
      const match = /^\.\/dist\/(.+)\.d\.ts$/.exec(types ?? "");
      if (!match) throw new Error(`${pkg.path}/package.json: exports["${key}"] has no ./dist/*.d.ts types to document`);
      return { key, source: `src/${match[1]}.ts` };
    });
}

const entries = new Map(packages.map((pkg) => [pkg.json.name, entryPoints(pkg)]));
const sources = [...new Set([...entries.values()].flatMap((list) => list.map((e) => e.source)))];
for (const pkg of packages) {
  const own = entries.get(pkg.json.name).map((e) => e.source);
  const differs = sources.filter((s) => !own.includes(s));
  if (differs.length) {
    throw new Error(
      `${pkg.path}: every published package must export the same entry points (${sources.join(", ")}); it lacks ${differs.join(", ")}`,
    );
  }
}
/** Each workspace import path -> its source, so packages are read from source, not from a build. */
const paths = Object.fromEntries(
  packages.flatMap((pkg) =>
    entries.get(pkg.json.name).map(({ key, source }) => [pkg.json.name + key.slice(1), [join(root, pkg.path, source)]]),
  ),
);

// The landing page: the packages, each linked (a broken link fails the build like any other).
const cache = join(root, "node_modules", ".cache", "hatchery-docs");
await mkdir(cache, { recursive: true });
const landing = join(cache, "index.md");
await writeFile(
  landing,
  [
    "# Hatchery API reference",
    "",
    "Typed, safe, tiny API clients: one npm package per provider, each generated from a hand-written OpenAPI 3.1",
    "spec, all sharing one small runtime, `@hatchery/core`. Each provider package documents its client (one method",
    "per operation of its spec) and, under `/testing`, a fake of its API.",
    "",
    "| package | what it is |",
    "|---|---|",
    ...packages.map(
      (pkg) =>
        `| {@link "${pkg.json.name}"! | ${pkg.json.name}} | ${String(pkg.json.description ?? "").replace(/\|/g, "\\|")} |`,
    ),
    "",
    "Built by `pnpm run docs` from the TSDoc in the sources.",
    "",
  ].join("\n"),
);

// "Defined in" links point at the public repository at the commit built, whatever remote (or none) this clone
// has: without a template TypeDoc wants a GitHub remote and warns (so fails) on a local clone such as CI's.
const sourceLinks = {
  sourceLinkTemplate: "https://github.com/hatchery-sdk/hatchery/blob/{gitRevision}/{path}#L{line}",
};

const app = await Application.bootstrapWithPlugins(
  {
    name: "Hatchery",
    entryPointStrategy: "packages",
    entryPoints: packages.map((pkg) => pkg.path),
    packageOptions: {
      entryPoints: sources,
      readme: "none",
      compilerOptions: { paths },
      blockTags: [...OptionDefaults.blockTags, "@description", "@constant"],
      excludeInternal: true,
      ...sourceLinks,
    },
    readme: landing,
    out,
    ...sourceLinks,
    excludeInternal: true,
    validation: {
      notExported: true,
      invalidLink: true,
      notDocumented: true,
      rewrittenLink: true,
      unusedMergeModuleWith: true,
    },
    packagesRequiringDocumentation: packages.map((pkg) => pkg.json.name),
    treatWarningsAsErrors: true,
    logLevel: "Warn",
  },
  [new TypeDocReader(), new TSConfigReader()],
);

const fail = (why) => {
  console.error(`docs: ${why}`);
  process.exit(1);
};

const project = await app.convert();
if (!project || app.logger.hasErrors() || app.logger.hasWarnings())
  fail("TypeDoc could not convert the packages (see above)");

const byName = new Map(project.children.map((module) => [module.name, module]));
for (const module of project.children ?? []) {
  const pkg = packages.find((p) => p.json.name === module.name);
  if (!pkg) continue;
  // The package's page opens with its npm description.
  module.comment ??= new Comment([{ kind: "text", text: String(pkg.json.description ?? "") }]);
  for (const entry of module.children ?? []) {
    // `index` -> `@hatchery/x`, `testing` -> `@hatchery/x/testing`: the names users import.
    if (entry.kindOf(ReflectionKind.Module))
      entry.name = entry.name === "index" ? pkg.json.name : `${pkg.json.name}/${entry.name}`;
  }
}
// A provider's re-exports of another workspace package (core's errors and guards) become links to their pages.
for (const module of project.children ?? []) {
  for (const entry of module.children ?? []) {
    for (const child of [...(entry.children ?? [])]) {
      if (child.variant === "reference") continue;
      const symbolId = project.getSymbolIdFromReflection(child);
      const owner = symbolId && symbolId.packageName !== module.name ? byName.get(symbolId.packageName) : undefined;
      if (!owner) continue;
      const target = project
        .getReflectionsFromSymbolId(symbolId)
        .find((r) => r !== child && r.parent?.parent === owner);
      if (!target) continue;
      const reference = new ReferenceReflection(child.name, target, entry);
      project.removeReflection(child);
      entry.addChild(reference);
      project.registerReflection(reference, undefined, undefined);
      for (const group of entry.groups ?? []) group.children = group.children.filter((c) => c !== child);
      entry.groups = (entry.groups ?? []).filter((g) => g.children.length);
      let references = entry.groups.find((g) => g.title === "References");
      if (!references) {
        references = new ReflectionGroup("References", entry);
        entry.groups.push(references);
      }
      references.children.push(reference);
    }
  }
}

// The fields inside the raw openapi-typescript types carry the spec's descriptions, where it has some.
// Only what TypeDoc checks: the kinds it requires documentation for, outside parameters' types.
const checkedKinds = app.options
  .getValue("requiredToBeDocumented")
  .reduce((kinds, name) => kinds | ReflectionKind[name], 0);
const inParameter = (reflection) => {
  for (let parent = reflection.parent; parent; parent = parent.parent)
    if (parent.kindOf(ReflectionKind.Parameter)) return true;
  return false;
};
const exempt = [];
for (const reflection of Object.values(project.reflections)) {
  const file = reflection.sources?.[0]?.fullFileName ?? reflection.sources?.[0]?.fileName ?? "";
  if (!/\/src\/generated\/schema\.ts$/.test(file)) continue;
  if (reflection.parent?.kindOf(ReflectionKind.Module)) continue; // paths, operations, components themselves
  if (!reflection.kindOf(checkedKinds) || inParameter(reflection) || reflection.hasComment()) continue;
  exempt.push(reflection.getFriendlyFullName());
}
app.options.setValue("intentionallyNotDocumented", [...new Set(exempt)]);

const before = app.logger.warningCount;
app.validate(project);
if (app.logger.hasErrors() || app.logger.warningCount > before || app.logger.validationWarningCount) {
  fail("the API reference has problems (see above): document every export and fix every link");
}
await rm(out, { recursive: true, force: true });
await app.generateOutputs(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) fail("TypeDoc could not write the site (see above)");
console.log(
  `API reference of ${packages.map((p) => p.json.name).join(", ")} written to ${relative(process.cwd(), out) || "."}/index.html`,
);
