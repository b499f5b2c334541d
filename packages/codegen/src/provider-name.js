// @ts-check
/**
 * Provider names: `pnpm new-provider <name>` turns one name into `specs/<name>.yaml`, `packages/<name>`, the npm
 * package `@hatchery/<name>` and (unless the spec names it) the client `create<Name>Client()`. A name must be
 * valid for all four, so it is checked against npm's own rules (validate-npm-package-name, the library npm
 * uses) and against the stricter shape the workspace needs.
 */
import { builtinModules } from "node:module";
import validateNpmName from "validate-npm-package-name";

/** The npm scope every provider package is published under. */
export const SCOPE = "@hatchery";

/** Names taken by the workspace's own packages and folders, never a provider. */
export const RESERVED_NAMES = new Set([
  "core",
  "codegen",
  "test-utils",
  "examples",
  "docs-test",
  "testing",
  "generated",
  "hatchery",
]);

/** Lowercase letters and digits, in words joined by single hyphens, starting with a letter. */
const SHAPE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** npm's limit on the whole package name, scope included. */
const MAX_NPM_NAME = 214;

/**
 * `happy-grasshopper` -> `HappyGrasshopper`: the default client name (`createHappyGrasshopperClient`).
 * @param {string} name a valid provider name
 */
export function defaultClientName(name) {
  return name
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** `HostHatch` -> `HOST_HATCH`, as the generated client names its API-key environment variable. */
export function constantCase(clientName) {
  return clientName.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/**
 * Every reason `name` cannot be a provider name (empty when it can).
 * @param {unknown} name
 * @returns {string[]}
 */
export function providerNameProblems(name) {
  if (typeof name !== "string" || name === "")
    return ["a provider name is required, e.g. `pnpm new-provider bookshelf`"];
  const problems = [];
  const packageName = `${SCOPE}/${name}`;
  for (const candidate of [name, packageName]) {
    const npm = validateNpmName(candidate);
    for (const message of [...(npm.errors ?? []), ...(npm.warnings ?? [])]) {
      const line = `npm: ${message} ("${candidate}")`;
      if (!problems.includes(line)) problems.push(line);
    }
  }
  if (!SHAPE.test(name)) {
    problems.push(
      "must start with a lowercase letter and hold only lowercase letters and digits, in words joined by single hyphens " +
        "(it becomes specs/<name>.yaml, packages/<name>, the npm name @hatchery/<name> and the identifier create<Name>Client)",
    );
  }
  if (packageName.length > MAX_NPM_NAME) {
    problems.push(`"${packageName}" is ${packageName.length} characters; npm allows at most ${MAX_NPM_NAME}`);
  }
  const bare = name.replace(/^node:/, "");
  if (builtinModules.includes(bare) && !problems.some((p) => p.includes("core module"))) {
    problems.push(`"${name}" is a Node.js core module name`);
  }
  if (RESERVED_NAMES.has(name))
    problems.push(`"${name}" is reserved by the workspace (${[...RESERVED_NAMES].join(", ")})`);
  return problems;
}

/** Whether `clientName` can name the client (`create<ClientName>Client`): PascalCase letters and digits. */
export function clientNameProblems(clientName) {
  if (typeof clientName !== "string" || !/^[A-Z][A-Za-z0-9]*$/.test(clientName)) {
    return [`client name "${String(clientName)}" must be PascalCase letters and digits, e.g. HostHatch`];
  }
  return [];
}
