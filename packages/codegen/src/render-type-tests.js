// @ts-check
/**
 * Renders `type-tests.ts`: type tests of every operation of a spec, read from the spec itself, so that a new
 * operation is covered the moment it is generated. `tsc` checks them with the package (`pnpm typecheck`); they
 * never run and nothing imports them. For each operation:
 * - the flat input has exactly the spec's fields (path, query and header parameters and body fields, without
 *   those the client fills in), and exactly the spec's required ones are required;
 * - a call without its required fields, or with a field the spec does not have, is a type error;
 * - the method returns the right kind (`ApiPromise`, `PagePromise` for a list, `ApiPromise<void>` for a delete),
 *   and its result (or item) is the component schema the spec names for it, where it names one.
 */
import { deref } from "./operations.js";

/** Property nodes (not dereferenced) of an object schema, through `allOf`. */
function rawProperties(spec, schema) {
  const s = deref(spec, schema);
  if (!s || typeof s !== "object") return {};
  const merged = { ...(s.properties ?? {}) };
  for (const part of s.allOf ?? []) Object.assign(merged, rawProperties(spec, part));
  return merged;
}

/** Required property names of an object schema, through `allOf`. */
function requiredOf(spec, schema) {
  const s = deref(spec, schema);
  if (!s || typeof s !== "object") return [];
  return [...(Array.isArray(s.required) ? s.required : []), ...(s.allOf ?? []).flatMap((p) => requiredOf(spec, p))];
}

/** The node (not dereferenced) at a dot path of a schema, or `undefined`. */
function nodeAt(spec, schema, path) {
  let node = schema;
  for (const key of path ? path.split(".") : []) {
    node = rawProperties(spec, node)[key];
    if (node === undefined) return undefined;
  }
  return node;
}

const COMPONENT = /^#\/components\/schemas\/([^/]+)$/;

/** The component schema name every success body names at `path` (`items` of the array there: `item`). */
function componentAt(spec, op, path, item) {
  const names = new Set();
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    if (!/^2/.test(status)) continue;
    const content = deref(spec, response)?.content;
    if (!content) continue;
    const schema = (content["application/json"] ?? Object.values(content)[0])?.schema;
    let node = nodeAt(spec, schema, path);
    if (item) node = deref(spec, node)?.items;
    const match = typeof node?.$ref === "string" ? COMPONENT.exec(node.$ref) : null;
    if (!match) return undefined;
    names.add(match[1].replace(/~1/g, "/").replace(/~0/g, "~"));
  }
  return names.size === 1 ? [...names][0] : undefined;
}

/** The field names of an operation's flat input, and the required ones, as the spec defines them. */
function fieldsOf(spec, op) {
  const item = spec.paths[op.path];
  const raw = item[op.method.toLowerCase()];
  const all = new Set();
  const required = new Set();
  for (const p of [...(item.parameters ?? []), ...(raw.parameters ?? [])].map((x) => deref(spec, x))) {
    if (p.in === "cookie") continue;
    all.add(p.name);
    if (p.required || p.in === "path") required.add(p.name);
  }
  const requestBody = deref(spec, raw.requestBody);
  if (requestBody && op.runtime.bodyType) {
    const content = requestBody.content;
    const schema = (
      content["application/json"] ??
      content["application/x-www-form-urlencoded"] ??
      Object.values(content)[0]
    )?.schema;
    if (op.wholeBody) {
      all.add("body");
      if (requestBody.required) required.add("body");
    } else {
      const needed = requestBody.required ? requiredOf(spec, schema) : [];
      for (const name of Object.keys(rawProperties(spec, schema))) {
        if (op.filled.includes(name)) continue;
        all.add(name);
        if (needed.includes(name)) required.add(name);
      }
    }
  }
  return { all: [...all], required: [...required] };
}

const union = (names) => (names.length ? names.map((n) => JSON.stringify(n)).join(" | ") : "never");

/**
 * @param {{ provider: any, operations: any[] }} model
 * @param {any} spec
 */
export function renderTypeTests(model, spec) {
  const name = model.provider.name;
  const checks = [];
  const calls = [];
  const typeNames = new Set([`${name}Client`]);
  for (const op of model.operations) {
    const base = op.id.charAt(0).toUpperCase() + op.id.slice(1);
    const input = `${base}Input`;
    typeNames.add(input);
    const raw = spec.paths[op.path][op.method.toLowerCase()];
    const { all, required } = fieldsOf(spec, op);
    checks.push(`  // ${op.id}: ${op.method} ${op.path}`);
    checks.push(
      all.length
        ? `  Check<Equal<keyof ${input}, ${union(all)}>>,`
        : `  Check<Equal<${input}, Record<string, never>>>,`,
    );
    if (all.length) checks.push(`  Check<Equal<RequiredKeys<${input}>, ${union(required)}>>,`);
    const method = `${name}Client[${JSON.stringify(op.id)}]`;
    const pg = op.runtime.pagination;
    if (pg) {
      typeNames.add(`${base}Item`).add(`${base}Page`);
      checks.push(`  Check<Equal<ReturnType<${method}>, PagePromise<${base}Item, ${base}Page>>>,`);
      checks.push(`  Check<Equal<IsAny<${base}Item>, false>>,`);
      const component = componentAt(spec, raw, pg.items, true);
      if (component) checks.push(`  Check<Equal<${base}Item, components["schemas"][${JSON.stringify(component)}]>>,`);
    } else {
      typeNames.add(`${base}Result`);
      checks.push(`  Check<Equal<ReturnType<${method}>, ApiPromise<${base}Result>>>,`);
      if (op.method === "DELETE") checks.push(`  Check<Equal<${base}Result, void>>,`);
      else {
        checks.push(`  Check<Equal<IsAny<${base}Result>, false>>,`);
        const component = componentAt(spec, raw, op.payloadPath, false);
        if (component) {
          checks.push(
            `  Check<Equal<NonNullable<${base}Result>, NonNullable<components["schemas"][${JSON.stringify(component)}]>>>,`,
          );
        }
      }
    }
    if (required.length) {
      calls.push(`  // @ts-expect-error ${required.map((r) => `\`${r}\``).join(", ")} required`);
      calls.push(`  client.${op.id}({});`);
    }
    calls.push(`  // @ts-expect-error not a field of ${op.id}`);
    calls.push(`  client.${op.id}({ ...({} as ${input}), notAField: true });`);
  }
  const needsPage = model.operations.some((op) => op.runtime.pagination);
  const needsApi = model.operations.some((op) => !op.runtime.pagination);
  const coreTypes = [...(needsApi ? ["ApiPromise"] : []), ...(needsPage ? ["PagePromise"] : [])];
  return [
    `import type { ${coreTypes.join(", ")} } from "@hatchery/core";`,
    `import type { ${[...typeNames].sort().join(", ")} } from "./client.js";`,
    'import type { components } from "./schema.js";',
    "",
    "/** True when `A` and `B` are the same type (`any` only equals `any`). */",
    "type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;",
    "/** True for `any`. */",
    "type IsAny<T> = 0 extends 1 & T ? true : false;",
    "/** The keys of `T` that are not optional. */",
    "type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];",
    "/** Compiles only for `true`. */",
    "type Check<T extends true> = T;",
    "",
    "/**",
    ` * The typed shape of every ${name} operation, as the spec defines it: \`tsc\` fails on any that does not hold.`,
    " * @internal",
    " */",
    "export type OperationTypeChecks = [",
    ...checks,
    "];",
    "",
    "/**",
    " * Calls that must not compile: without a required field, or with one the spec does not have. Never called.",
    " * @internal",
    " */",
    `export function wrongCalls(client: ${name}Client): void {`,
    ...calls,
    "}",
    "",
  ].join("\n");
}
