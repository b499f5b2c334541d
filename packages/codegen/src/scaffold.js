// @ts-check
/**
 * Plans a new provider: every file `pnpm new-provider` creates and every registration it edits, computed (and
 * checked) before anything is written, so a bad name or spec leaves the workspace untouched.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { createContractChecker } from "@hatchery/test-utils";
import { parse, parseDocument, stringify } from "yaml";
import { releaseCall, releaseRowSource, renderChaosAdapter, sizeCall, wrongCall } from "./checks.js";
import { chaosCalls, flatInput } from "./derive.js";
import { validateSpec } from "./generate.js";
import { describeOperations } from "./operations.js";
import { clientNameProblems, constantCase, defaultClientName, providerNameProblems, SCOPE } from "./provider-name.js";
import { addBudgetRow, addDependency, addInstallBudget, addReleaseRow, registerChaosAdapter } from "./registrations.js";
import { routeTable, sampleInput } from "./samples.js";
import { camelCase } from "./source.js";
import { renderTemplateFile } from "./template.js";
import { workspacePackages } from "./workspace.js";

/** A refusal with the exit code the CLI uses: 2 for bad input, 1 for a conflict with what exists. */
export class ScaffoldError extends Error {
  /**
   * @param {string} message
   * @param {number} exitCode
   */
  constructor(message, exitCode) {
    super(message);
    this.name = "ScaffoldError";
    this.exitCode = exitCode;
  }
}

const invalid = (message) => new ScaffoldError(message, 2);

/** The release rehearsal's registries: a row per provider, and an install budget per provider. */
const RELEASE_PROVIDERS = "packages/release-test/src/providers.mjs";
const RELEASE_BUDGETS = "packages/release-test/budgets.json";
const conflict = (message) => new ScaffoldError(message, 1);

/** The package files rendered from `templates/package/`, by their path inside the package. */
const PACKAGE_TEMPLATES = [
  "package.json",
  "README.md",
  "tsconfig.json",
  "tsup.config.ts",
  "turbo.json",
  "vitest.config.ts",
  "src/index.ts",
  "src/testing/index.ts",
  "src/testing/fake.ts",
  "src/testing/routes.ts",
  "test/client.test.ts",
  "test/error-exports.test.ts",
  "test/serialization.test.ts",
  ".size-limit.json",
  "size/one-call.js",
  "size/client.js",
];

/** The first size-limit budget of a new package: generous, until the maintainer measures the real client. */
export const INITIAL_SIZE_LIMIT = "20 kB";

/**
 * The first install budget of a new package in the release rehearsal: `npm install` brings the package, core,
 * openapi-fetch and openapi-typescript-helpers; the size is generous until the first run measures it.
 */
export const INITIAL_INSTALL_BUDGET = { packages: 4, unpackedKB: 2000 };

/**
 * Reads the spec to scaffold from: the given file, or the commented skeleton. The spec's `x-hatchery` names the
 * package and the client; where a given spec leaves them out they are filled in, and where it disagrees with
 * the provider name it is refused.
 * @param {{ name: string, specFile?: string, clientName?: string, title?: string }} options
 */
async function loadSpec({ name, specFile, clientName, title }) {
  const packageName = `${SCOPE}/${name}`;
  if (!specFile) {
    const client = clientName ?? defaultClientName(name);
    const specTitle = title ?? `${client} API`;
    const text = await renderTemplateFile("spec.yaml.tmpl", {
      name,
      clientName: client,
      title: specTitle,
      titleYaml: JSON.stringify(specTitle),
      summaryYaml: JSON.stringify(`One line on what the ${specTitle} is for.`),
    });
    return { text, spec: parse(text), skeleton: true };
  }
  let source;
  try {
    source = await readFile(specFile, "utf8");
  } catch (error) {
    throw invalid(`cannot read --spec ${specFile}: ${/** @type {Error} */ (error).message}`);
  }
  const doc = parseDocument(source);
  if (doc.errors.length) throw invalid(`${specFile} is not valid YAML or JSON: ${doc.errors[0]?.message}`);
  const spec = doc.toJS();
  const x = spec?.["x-hatchery"];
  if (!x || typeof x !== "object") {
    throw invalid(
      `${specFile} has no top-level x-hatchery block (packageName, clientName, envelope, auth). Add one as ` +
        "specs/README.md describes, or run without --spec to start from a commented skeleton.",
    );
  }
  let changed = false;
  if (x.packageName === undefined) {
    doc.setIn(["x-hatchery", "packageName"], packageName);
    changed = true;
  } else if (x.packageName !== packageName) {
    throw invalid(
      `${specFile}: x-hatchery.packageName is "${x.packageName}", but provider "${name}" is published as "${packageName}"`,
    );
  }
  if (x.clientName === undefined) {
    doc.setIn(["x-hatchery", "clientName"], clientName ?? defaultClientName(name));
    changed = true;
  } else if (clientName !== undefined && x.clientName !== clientName) {
    throw invalid(`${specFile}: x-hatchery.clientName is "${x.clientName}", but --client-name says "${clientName}"`);
  }
  if (title !== undefined && spec.info) {
    doc.setIn(["info", "title"], title);
    changed = true;
  }
  const isJson = /^\s*[[{]/.test(source);
  const text = isJson ? stringify(doc.toJS(), { lineWidth: 0 }) : changed ? doc.toString() : source;
  return { text, spec: parse(text), skeleton: false };
}

/** `| a | b |` with pipes and line breaks in cells escaped. */
const row = (cells) =>
  `| ${cells
    .map((c) =>
      String(c)
        .replace(/\|/g, "\\|")
        .replace(/\s*\n\s*/g, " "),
    )
    .join(" | ")} |`;

/** The path part of a server URL, e.g. `https://api.x.example/v1` -> `/v1`. */
export function basePathOf(url) {
  return String(url)
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "")
    .replace(/\/+$/, "");
}

/**
 * Everything `pnpm new-provider` will write, checked. Throws a {@link ScaffoldError} for a bad name or spec
 * (exit 2) or for a provider that exists already (exit 1).
 * @param {{ root: string, name: string, specFile?: string, clientName?: string, title?: string }} options
 */
export async function planProvider({ root, name, specFile, clientName, title }) {
  const nameProblems = providerNameProblems(name);
  if (nameProblems.length) throw invalid(`invalid provider name "${name}":\n  - ${nameProblems.join("\n  - ")}`);
  if (clientName !== undefined) {
    const problems = clientNameProblems(clientName);
    if (problems.length) throw invalid(problems.join("\n"));
  }
  const packageName = `${SCOPE}/${name}`;
  const specPath = `specs/${name}.yaml`;
  const packagePath = `packages/${name}`;
  const existing = [
    ...(existsSync(join(root, specPath)) ? [specPath] : []),
    ...(existsSync(join(root, packagePath)) ? [`${packagePath}/`] : []),
    ...workspacePackages(root)
      .filter((p) => p.json.name === packageName)
      .map((p) => `${p.path}/package.json names ${packageName}`),
  ];
  if (existing.length) {
    throw conflict(
      `provider "${name}" exists already (${existing.join("; ")}); nothing was changed. Pick another name, or edit the spec and run \`pnpm generate\`.`,
    );
  }

  const { text: specText, spec, skeleton } = await loadSpec({ name, specFile, clientName, title });
  try {
    validateSpec(spec, specFile ?? specPath);
  } catch (error) {
    throw invalid(/** @type {Error} */ (error).message);
  }
  const client = spec["x-hatchery"].clientName;
  const model = describeOperations(spec);
  const first = model.operations[0];
  if (!first) throw invalid(`${specPath}: no operations`);
  const input = flatInput(sampleInput(spec, first.path, first.method.toLowerCase(), first.filled));

  // The fake's routes, each body checked against the spec's schemas now, so the first test is green.
  const checker = createContractChecker(spec);
  const routes = routeTable(spec).map(({ source, body, ...route }) => {
    let problems;
    try {
      problems = checker.check(route.operationId, route.status, body);
    } catch (error) {
      problems = [/** @type {Error} */ (error).message];
    }
    const unchecked = problems.length
      ? `the ${source === "example" ? "spec's example" : "body sampled from the schema"} does not match the spec (${problems[0]}); fix routes.ts or the spec`
      : undefined;
    return { ...route, ...(body === undefined ? {} : { body }), ...(unchecked ? { unchecked } : {}) };
  });
  const sources = routeTable(spec).map((r) => r.source);

  // The chaos adapter's calls and the release rehearsal's, from what the spec documents.
  const chaos = chaosCalls(spec, model, routes);
  const release = releaseCall(model, chaos, routes) ?? {
    id: first.id,
    input,
    expect: "result !== undefined",
    sampled: true,
  };
  const wrong = wrongCall(spec, model, release);
  const sizeLimitVersion =
    workspacePackages(root)
      .map((p) => p.json.devDependencies?.["size-limit"])
      .find((v) => typeof v === "string") ?? "12.1.0";

  const specTitle = spec.info?.title ?? `${client} API`;
  const summary = !skeleton && typeof spec.info?.summary === "string" ? ` ${spec.info.summary.trim()}` : "";
  const description = `Typed, safe client for the ${specTitle}.${summary}`;
  const values = {
    name,
    packageName,
    clientName: client,
    CONST: constantCase(client),
    title: specTitle,
    description,
    descriptionJson: JSON.stringify(description),
    keywordsJson: JSON.stringify([...new Set([name, ...name.split("-")])].concat(["api-client", "openapi", "sdk"])),
    baseUrl: spec.servers[0].url,
    firstOperation: first.id,
    firstOperationType: first.id.charAt(0).toUpperCase() + first.id.slice(1),
    inputLiteral: input === undefined ? "" : JSON.stringify(input),
    paginated: Boolean(first.runtime.pagination),
    deletes: first.method === "DELETE",
    itemsPathJson: JSON.stringify(first.runtime.pagination?.items ?? ""),
    payloadPathJson: JSON.stringify(first.payloadPath),
    bearer: model.provider.auth.kind === "bearer",
    operationsTable: model.operations
      .map((op) => row([`\`${op.id}\``, `\`${op.method} ${op.path}\``, op.summary ?? ""]))
      .join("\n"),
    envelopeJson: JSON.stringify(model.provider.envelope.kind),
    authJson: JSON.stringify(model.provider.auth.kind),
    basePathJson: JSON.stringify(basePathOf(spec.servers[0].url)),
    routesJson: JSON.stringify(routes, null, 2),
    fromExamples: sources.filter((s) => s === "example").length,
    fromSchemas: sources.filter((s) => s !== "example").length,
    sizeLimit: INITIAL_SIZE_LIMIT,
    sizeLimitVersion,
    ...sizeCall(release),
  };

  /** @type {Map<string, string>} files to create, by path relative to the root */
  const files = new Map();
  files.set(specPath, specText);
  for (const file of PACKAGE_TEMPLATES) {
    files.set(`${packagePath}/${file}`, await renderTemplateFile(`package/${file}.tmpl`, values));
  }
  let changeset = `.changeset/${name}-initial.md`;
  for (let i = 2; existsSync(join(root, changeset)); i++) changeset = `.changeset/${name}-initial-${i}.md`;
  files.set(changeset, await renderTemplateFile("changeset.md.tmpl", values));
  const hasExamples =
    existsSync(join(root, "examples/src/parts.mjs")) && existsSync(join(root, "examples/package.json"));
  if (hasExamples) files.set(`examples/src/${name}.mjs`, await renderTemplateFile("example.mjs.tmpl", values));
  const chaosIndexPath = "packages/chaos/src/providers/index.ts";
  const hasChaos = existsSync(join(root, chaosIndexPath)) && existsSync(join(root, "packages/chaos/package.json"));
  /** @type {string[]} what the maintainer must finish by hand */
  const warnings = [];
  let chaosIndex;
  let identifier = camelCase(name);
  if (hasChaos) {
    chaosIndex = await readFile(join(root, chaosIndexPath), "utf8");
    // Names the index binds already: its imports and declarations.
    const taken = [
      ...[...chaosIndex.matchAll(/\bimport\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((m) =>
        (m[1] ?? "").split(",").map((part) => part.trim().split(/\s+/).at(-1) ?? ""),
      ),
      ...[...chaosIndex.matchAll(/\b(?:const|let|var|function|class)\s+([\w$]+)/g)].map((m) => m[1] ?? ""),
    ];
    identifier = camelCase(name, taken);
    const adapterPath = `packages/chaos/src/providers/${name}.ts`;
    files.set(
      adapterPath,
      await renderChaosAdapter({ name, packageName, clientName: client, identifier, model, chaos }),
    );
    if (model.provider.auth.kind !== "bearer") {
      warnings.push(
        `${adapterPath}: the auth is ${model.provider.auth.kind}, not a bearer key; the chaos suite's key checks ` +
          "need the fake to refuse a wrong credential (see the adapter's comment)",
      );
    }
    if (chaos.operations.some((c) => c.sampled)) {
      warnings.push(
        `${adapterPath}: no operation has every required argument documented in the spec; it calls ` +
          `${chaos.operations[0]?.id} with values sampled from the schemas: add examples to the spec`,
      );
    }
    if (chaos.operations.length === 0) {
      warnings.push(`${adapterPath}: no operation the fake answers with a success; the chaos suite needs one`);
    }
  }
  for (const path of files.keys()) {
    if (existsSync(join(root, path))) throw conflict(`${path} exists already; nothing was changed`);
  }

  /** @type {{ path: string, text: string, note: string }[]} registrations: files edited in place */
  const edits = [];
  const redoclyPath = join(root, "redocly.yaml");
  if (existsSync(redoclyPath)) {
    const doc = parseDocument(await readFile(redoclyPath, "utf8"));
    if (doc.getIn(["apis", name]) === undefined) {
      doc.setIn(["apis", name], doc.createNode({ root: specPath }));
      edits.push({ path: "redocly.yaml", text: doc.toString(), note: `apis.${name} lints ${specPath}` });
    }
  }
  const readmePath = join(root, "README.md");
  const hasRelease = existsSync(join(root, RELEASE_PROVIDERS)) && existsSync(join(root, RELEASE_BUDGETS));
  if (existsSync(readmePath)) {
    const readme = await readFile(readmePath, "utf8");
    const withPackage = addPackageRow(readme, {
      packageName,
      packagePath,
      title: specTitle,
      what: (skeleton ? "" : (spec.info?.summary ?? "")).trim() || `the ${specTitle} (scaffolded; describe it here)`,
      specPath,
    });
    const updated = hasRelease
      ? addBudgetRow(
          withPackage,
          row([
            `\`${packageName}\``,
            `not measured yet (${INITIAL_INSTALL_BUDGET.packages})`,
            `not measured yet (${INITIAL_INSTALL_BUDGET.unpackedKB.toLocaleString("en")} kB)`,
            "not measured yet",
          ]),
          packageName,
        )
      : withPackage;
    const notes = [
      ...(withPackage !== readme ? ["a row in the Packages table"] : []),
      ...(updated !== withPackage ? ["a row in the install budgets table"] : []),
    ];
    if (updated !== readme) edits.push({ path: "README.md", text: updated, note: notes.join(" and ") });
  }
  if (hasChaos && chaosIndex !== undefined) {
    const registered = registerChaosAdapter(chaosIndex, { identifier, dir: name });
    if (registered === undefined) {
      warnings.push(
        `${chaosIndexPath} is not in the shape new-provider edits: import ${identifier} from "./${name}.js" and add it to \`adapters\` by hand`,
      );
    } else if (registered !== chaosIndex) {
      edits.push({ path: chaosIndexPath, text: registered, note: `the chaos suite runs ${identifier}` });
    }
    const chaosPkg = await readFile(join(root, "packages/chaos/package.json"), "utf8");
    const withDependency = addDependency(chaosPkg, packageName, "workspace:*");
    if (withDependency !== chaosPkg) {
      edits.push({ path: "packages/chaos/package.json", text: withDependency, note: `depends on ${packageName}` });
    }
  }
  if (hasRelease) {
    const providers = await readFile(join(root, RELEASE_PROVIDERS), "utf8");
    const withRow = addReleaseRow(
      providers,
      packageName,
      releaseRowSource({
        name,
        packageName,
        clientName: client,
        call: release,
        wrong,
        basePath: basePathOf(spec.servers[0].url),
      }),
    );
    if (withRow === undefined) {
      warnings.push(`${RELEASE_PROVIDERS} is not in the shape new-provider edits: add ${packageName}'s row by hand`);
    } else if (withRow !== providers) {
      edits.push({ path: RELEASE_PROVIDERS, text: withRow, note: `the release rehearsal calls ${release.id}()` });
    }
    const budgets = await readFile(join(root, RELEASE_BUDGETS), "utf8");
    const withBudget = addInstallBudget(budgets, packageName, INITIAL_INSTALL_BUDGET);
    if (withBudget !== budgets) {
      edits.push({
        path: RELEASE_BUDGETS,
        text: withBudget,
        note: `an install budget (${INITIAL_INSTALL_BUDGET.packages} packages, ${INITIAL_INSTALL_BUDGET.unpackedKB} kB)`,
      });
    }
  }
  if (hasExamples) {
    const partsPath = join(root, "examples/src/parts.mjs");
    const parts = await readFile(partsPath, "utf8");
    const line = `  [${JSON.stringify(client)}, () => import("./${name}.mjs")],\n`;
    const end = parts.lastIndexOf("];");
    if (end !== -1 && !parts.includes(`./${name}.mjs`)) {
      edits.push({
        path: "examples/src/parts.mjs",
        text: parts.slice(0, end) + line + parts.slice(end),
        note: "a part of `pnpm demo`",
      });
    }
    const examplesPkg = JSON.parse(await readFile(join(root, "examples/package.json"), "utf8"));
    const deps = { ...examplesPkg.dependencies, [packageName]: "workspace:^" };
    examplesPkg.dependencies = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
    edits.push({
      path: "examples/package.json",
      text: `${JSON.stringify(examplesPkg, null, 2)}\n`,
      note: `depends on ${packageName}`,
    });
  }

  return {
    name,
    packageName,
    clientName: client,
    specPath,
    packagePath,
    spec,
    files,
    edits,
    firstOperation: first.id,
    firstOperationType: first.id.charAt(0).toUpperCase() + first.id.slice(1),
    routes,
    chaos: hasChaos ? { identifier, ...chaos } : undefined,
    release,
    warnings,
  };
}

/**
 * Inserts a row for the package at the end of the README's package table (the first table whose header starts
 * with `| package`). Leaves the README alone when it already links the package or has no such table.
 */
export function addPackageRow(readme, { packageName, packagePath, title, what, specPath }) {
  if (readme.includes(`(${packagePath})`)) return readme;
  const lines = readme.split("\n");
  const headerIndex = lines.findIndex((l) => /^\|\s*package\s*\|/i.test(l));
  if (headerIndex === -1) return readme;
  let end = headerIndex + 1;
  while (end < lines.length && lines[end]?.startsWith("|")) end++;
  lines.splice(end, 0, row([`[\`${packageName}\`](${packagePath})`, title, what, `[\`${specPath}\`](${specPath})`]));
  return lines.join("\n");
}

/**
 * Writes a plan: new files are created exclusively (an existing file is never overwritten), then the edits.
 * @param {string} root
 * @param {Awaited<ReturnType<typeof planProvider>>} plan
 * @returns {Promise<string[]>} the paths written, relative to the root
 */
export async function writePlan(root, plan) {
  const written = [];
  for (const [path, text] of plan.files) {
    const target = resolve(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text, { flag: "wx" });
    written.push(path);
  }
  for (const edit of plan.edits) {
    await writeFile(resolve(root, edit.path), edit.text);
    written.push(edit.path);
  }
  return written;
}
