// @ts-check
/** Renders `client.ts`: an interface with one documented method per operation, and its factory. */

/** A TSDoc block from lines of text; `*\/` in the spec cannot end the comment early. */
function tsdoc(lines, indent = "  ") {
  const body = lines.flatMap((line) => String(line).split("\n")).map((line) => line.replace(/\*\//g, "*\\/").trimEnd());
  while (body.length && body[body.length - 1] === "") body.pop();
  return [`${indent}/**`, ...body.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`].join("\n");
}

/** The core normalizer of each envelope kind. */
const ENVELOPE_NORMALIZERS = {
  data: "normalizeData",
  "result-data": "normalizeResultData",
  unwrapped: "normalizeUnwrapped",
  hatebase: "normalizeHatebase",
};

/** Words that cannot name a function. */
const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield await arguments eval".split(
    " ",
  ),
);

const camel = (s) => s.replace(/[-_]+([a-z0-9])/g, (_, c) => c.toUpperCase());

/** Methods whose requests are idempotent unless the spec says otherwise (core's `operationTable` default). */
const NON_IDEMPOTENT = new Set(["POST", "PATCH"]);

/** One operation in core's compact form: `["METHOD /path", { what differs from the defaults }]`. */
export function compact(op, keep = () => true) {
  const { id, method, path, idempotent, ...extra } = op.runtime;
  const rest = Object.fromEntries(Object.entries(extra).filter(([key]) => keep(key)));
  if (idempotent === NON_IDEMPOTENT.has(method)) rest.idempotent = idempotent;
  return `[${JSON.stringify(`${method} ${path}`)}${Object.keys(rest).length ? `, ${JSON.stringify(rest)}` : ""}]`;
}

/** Whether a raw request could match both templates (`{param}` matches one non-empty segment, as in core). */
function overlap(a, b) {
  const x = a.split("/");
  const y = b.split("/");
  return x.length === y.length && x.every((s, i) => s === y[i] || s[0] === "{" || y[i]?.[0] === "{");
}

/** Fields of an operation too large to give the core when only its idempotency is needed there. */
const HEAVY = ["pagination", "coerce", "outcomeUnknownHint"];

/**
 * The operations the core itself must know, beside those an app calls through their functions: the raw client
 * decides a raw request's retries by the spec operation it matches (the first, in the spec's order), which
 * differs from its method's rule only for an operation whose idempotency is not its method's default; and a
 * session client runs its authenticate operation. So: those operations, an operation with the default rule that
 * a raw request would match before one of them, and the authenticate operation. Each is given in full (and its
 * function uses that entry), unless it is large (a list, coercion rules, a hint): then only its idempotency, and
 * its function carries it whole. Everything else about an operation travels with its function, so a bundle
 * holds only the operations it calls.
 * @returns {[id: string, entry: string, full: boolean][]}
 */
function coreOperations(model) {
  const ops = model.operations;
  const session = model.provider.auth.kind === "session" ? model.provider.auth.operation : undefined;
  const special = (op) =>
    op.runtime.idempotentWhenBodyHas !== undefined || op.runtime.idempotent === NON_IDEMPOTENT.has(op.method);
  return ops
    .map((op, i) => {
      const shadows = ops
        .slice(i + 1)
        .some((later) => special(later) && later.method === op.method && overlap(op.path, later.path));
      if (op.id !== session && !special(op) && !shadows) return undefined;
      const full = op.id === session || !HEAVY.some((key) => key in op.runtime);
      return [op.id, full ? compact(op) : compact(op, (key) => key === "idempotentWhenBodyHas"), full];
    })
    .filter(Boolean);
}

/**
 * @param {{ provider: any, operations: any[], packageName: string }} model
 * @param {any} spec
 */
export function renderClient(model, spec) {
  const { provider } = model;
  const name = provider.name;
  const x = spec["x-hatchery"];
  const headerOptions = Object.entries(provider.headerOptions ?? {});
  const variables = Object.entries(spec.servers[0].variables ?? {});
  const needsList = model.operations.some((op) => op.runtime.pagination);
  const needsCall = model.operations.some((op) => !op.runtime.pagination);

  // Core's optional features, imported only when the spec uses them, so a bundle holds nothing it never runs:
  // `[feature, the core export that implements it]`.
  const envelope = ENVELOPE_NORMALIZERS[provider.envelope.kind];
  /** @type {[string, string][]} */
  const features = [["envelope", envelope]];
  if (model.operations.some((op) => op.runtime.coerce)) features.push(["coerce", "coerce"]);
  if (provider.auth.kind === "session") features.push(["session", "sessionAuth"]);
  if (provider.rateLimit) features.push(["rateLimiter", "rateLimiter"]);
  if (model.operations.some((op) => op.runtime.bodyType === "form")) features.push(["form", "serializeBody"]);
  if (provider.defaultHeaders) features.push(["requiredHeaders", "assertRequiredHeaders"]);
  if (/\{[^{}]+\}/.test(provider.baseUrl)) features.push(["baseUrlVariables", "fillBaseUrl"]);
  if (model.operations.some((op) => op.method === "DELETE")) features.push(["deletes", "assertDeleted"]);
  /** Each list's pagination style (and its page-limit guard), imported only when a list uses it. */
  const PAGERS = { single: "singlePage", offset: "offsetPages", page: "numberedPages" };
  const pagerOf = (op) =>
    [PAGERS[op.runtime.pagination.style], ...(op.runtime.pagination.pageLimit ? ["pageLimit"] : [])].join(", ");
  const imports = [
    "operationTable",
    "type ClientOptions",
    "type CoreRuntime",
    "type FlatInput",
    "createCoreRuntime",
    "withMethods",
    ...features.map(([, implementation]) => implementation),
    ...(needsCall ? ["callOperation", "type ApiPromise"] : []),
    ...(needsList ? ["listOperation"] : []),
    ...model.operations.filter((op) => op.runtime.pagination).flatMap((op) => pagerOf(op).split(", ")),
    ...(model.operations.some((op) => !op.runtime.pagination && op.method !== "DELETE") ? ["type Payload"] : []),
    ...(needsCall || !needsList ? ["type CallOptions"] : []),
    ...(needsList ? ["type ItemOf", "type ListOptions", "type PagePromise", "type SuccessBody"] : []),
  ].sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", "")));

  // Each operation is an exported function named by its operationId, beside the file's own names.
  const taken = new Set([
    ...imports.map((i) => i.replace("type ", "")),
    ...["provider", "operations", "coreOperations", "Operations", "paths", `create${name}Core`, `create${name}Client`],
  ]);
  for (const op of model.operations) {
    if (taken.has(op.id) || RESERVED.has(op.id)) {
      throw new Error(
        `${op.id}: an operationId is exported as a function; this one is a reserved or taken name, rename it in the spec`,
      );
    }
  }
  const out = [];
  out.push(`import { ${[...new Set(imports)].join(", ")} } from "@hatchery/core";`);
  out.push('import { provider } from "./operations.js";');
  out.push('import type { operations as Operations, paths } from "./schema.js";');
  out.push("");

  // Options
  out.push(tsdoc([`Options of {@link create${name}Client}.`], ""));
  out.push(`export interface ${name}ClientOptions extends ClientOptions {`);
  for (const [option, headerName] of headerOptions) {
    const description = x.headers?.[option]?.description;
    out.push(
      tsdoc([
        ...(description ? [description.trim(), ""] : []),
        `Sent as the \`${headerName}\` header on every request (checked for CR/LF).`,
        "@default undefined (not sent)",
      ]),
    );
    out.push(`  ${camel(option)}?: string;`);
  }
  for (const [variable, def] of variables) {
    const d = /** @type {any} */ (def);
    out.push(
      tsdoc([
        d.description ?? `The \`${variable}\` part of the base URL.`,
        `@default ${JSON.stringify(String(d.default))}`,
        ...(d.enum ? [`@example ${JSON.stringify(String(d.enum[0]))}`] : []),
      ]),
    );
    out.push(`  ${camel(variable)}?: string;`);
  }
  out.push("}", "");

  // One named type per operation's input and result: they read better than the expanded openapi-typescript
  // types (in editors and in the API reference), and callers can use them to build inputs.
  /** @type {Map<string, { input: string, result?: string, item?: string, page?: string }>} */
  const types = new Map();
  for (const op of model.operations) {
    const base = op.id.charAt(0).toUpperCase() + op.id.slice(1);
    const opType = `Operations[${JSON.stringify(op.id)}]`;
    const link = `{@link ${name}Client.${op.id}}`;
    const filled = op.filled.length ? op.filled.map((f) => JSON.stringify(f)).join(" | ") : "never";
    const input =
      op.filled.length || op.wholeBody
        ? `FlatInput<${opType}, ${filled}${op.wholeBody ? ", true" : ""}>`
        : `FlatInput<${opType}>`;
    out.push(
      tsdoc(
        [
          `The input of ${link}: ${op.runtime.bodyType ? `its parameters and ${op.wholeBody ? "its whole request body (as `body`)" : "its body fields"}` : "its parameters"} in one flat object, as the spec defines them.`,
        ],
        "",
      ),
    );
    out.push(`export type ${base}Input = ${input};`);
    const pg = op.runtime.pagination;
    if (pg) {
      out.push(tsdoc([`One item of the list ${link} iterates over.`], ""));
      out.push(`export type ${base}Item = ItemOf<${opType}, ${JSON.stringify(pg.items)}>;`);
      out.push(tsdoc([`The whole body of one page of ${link}.`], ""));
      out.push(`export type ${base}Page = SuccessBody<${opType}>;`);
      types.set(op.id, { input: `${base}Input`, item: `${base}Item`, page: `${base}Page` });
    } else if (op.method === "DELETE") {
      out.push(tsdoc([`What ${link} resolves to: nothing (every delete resolves to \`void\` on success).`], ""));
      out.push(`export type ${base}Result = void;`);
      types.set(op.id, { input: `${base}Input`, result: `${base}Result` });
    } else {
      out.push(tsdoc([`What ${link} resolves to: the payload, unwrapped from the envelope.`], ""));
      out.push(`export type ${base}Result = Payload<${opType}, ${JSON.stringify(op.payloadPath)}>;`);
      types.set(op.id, { input: `${base}Input`, result: `${base}Result` });
    }
  }
  out.push("");

  // Interface
  const title = spec.info?.title ?? name;
  out.push(
    tsdoc(
      [
        `The machinery of a ${title} client, made by {@link create${name}Core}: pass it to the operation functions`,
        `(\`${model.operations[0]?.id ?? "operation"}(core, input)\`), one exported function per operation, so a bundle holds only the`,
        "operations an app calls. `rawClient(core)` gives the raw typed openapi-fetch client on the same transport.",
      ],
      "",
    ),
  );
  out.push(`export type ${name}Core = CoreRuntime<paths>;`, "");
  out.push(
    tsdoc(
      [
        `A typed client for ${title}: one method per operation of \`specs/\`, returning the unwrapped payload and throwing \`@hatchery/core\` errors.`,
        "`rawClient(client)` gives the raw typed openapi-fetch client on the same transport (an escape hatch for",
        "anything the methods do not cover). The client is also a {@link " +
          name +
          "Core}: each operation's function takes it.",
        "",
        "Create one with {@link create" + name + "Client}.",
      ],
      "",
    ),
  );
  out.push(`export interface ${name}Client extends ${name}Core {`);
  /** Each operation's TSDoc, for its method and its function. @type {Map<string, string[]>} */
  const docs = new Map();
  for (const op of model.operations) {
    const named = /** @type {{ input: string, result?: string, item?: string, page?: string }} */ (types.get(op.id));
    const inputParam = `input${op.inputRequired ? "" : "?"}: ${named.input}`;
    const doc = [op.summary ?? op.id];
    if (op.description) doc.push("", op.description.trim());
    if (op.unverified) {
      doc.push("", "**Unverified:** inferred from the provider's documentation patterns, not confirmed by it.");
    }
    const pg = op.runtime.pagination;
    if (pg?.style === "single") {
      doc.push(
        "",
        "A list, which the API does not paginate: await it for its one page (`items`), or iterate it with",
        "`for await` for every item; `.pages()` and `maxItems` work as on every list.",
      );
    } else if (pg) {
      doc.push(
        "",
        "A list: await it for the first page, or iterate it with `for await` for every item across pages (fetched",
        "lazily, one page at a time); `.pages()` iterates page by page and `maxItems` caps the items.",
      );
    }
    if (op.method === "DELETE") {
      doc.push(
        "",
        "Resolves to nothing on success (204, or a body that does not say it failed); a success body that says it",
        "failed (`success: false`) rejects with a `DeleteFailedError`.",
      );
    }
    doc.push(
      "",
      `\`${op.method} ${op.path}\` · ${op.runtime.idempotentWhenBodyHas ? `idempotent only when the body has ${op.runtime.idempotentWhenBodyHas.map((f) => `\`${f}\``).join(" or ")}` : op.runtime.idempotent ? "idempotent (retried on transient failures)" : "not idempotent (never re-sent after an ambiguous failure)"}`,
    );
    if (op.deprecated) doc.push("@deprecated The provider marks this operation as deprecated.");
    docs.set(op.id, doc);
    out.push(tsdoc(doc));
    if (pg) {
      out.push(`  ${op.id}(${inputParam}, options?: ListOptions): PagePromise<${named.item}, ${named.page}>;`);
    } else {
      out.push(`  ${op.id}(${inputParam}, options?: CallOptions): ApiPromise<${named.result}>;`);
    }
  }
  out.push("}", "");

  // Factories: the core (the machinery), one function per operation on it, and the client (the core with a method
  // per operation). A function an app never calls is dropped by its bundler; so is the paginator without a list.
  const optionNames = [...headerOptions.map(([o]) => camel(o)), ...variables.map(([v]) => camel(v))];
  const envName = name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
  const firstCall =
    model.operations.find((op) => !op.runtime.pagination && op.method !== "DELETE") ?? model.operations[0];
  out.push(
    tsdoc(
      [
        "The operations the core knows beside those called through their functions: the ones whose idempotency is",
        "not their method's default (for the raw client's retries), those a raw request would match before them, and",
        "a session's authenticate call. Each operation function carries its own operation.",
      ],
      "",
    ),
  );
  const known = coreOperations(model);
  /** Operations the core holds in full: their functions use that entry. */
  const inCore = new Set(known.filter(([, , full]) => full).map(([id]) => id));
  const tableOf = (op) =>
    inCore.has(op.id) ? "coreOperations" : `/* @__PURE__ */ operationTable({ ${op.id}: ${compact(op)} })`;
  out.push(
    known.length
      ? `const coreOperations = /* @__PURE__ */ operationTable({\n${known.map(([id, entry]) => `  ${id}: ${entry},`).join("\n")}\n});`
      : "const coreOperations = {};",
    "",
  );
  out.push(
    tsdoc(
      [
        `Creates the machinery of a ${name} client, for the operation functions: a bundle then holds only the`,
        "operations the app calls (a {@link " + name + "Client} holds them all).",
        "@example",
        "```ts",
        `import { create${name}Core, ${firstCall?.id ?? "operation"} } from ${JSON.stringify(model.packageName ?? x.packageName)};`,
        "",
        `const core = create${name}Core({ apiKey: process.env.${envName}_API_KEY });`,
        "```",
      ],
      "",
    ),
  );
  out.push(`export function create${name}Core(options: ${name}ClientOptions = {}): ${name}Core {`);
  if (optionNames.length) out.push(`  const { ${optionNames.join(", ")}, ...rest } = options;`);
  const initParts = ["provider", "operations: coreOperations", `options: ${optionNames.length ? "rest" : "options"}`];
  if (headerOptions.length) {
    initParts.push(`headerValues: { ${headerOptions.map(([o]) => `${JSON.stringify(o)}: ${camel(o)}`).join(", ")} }`);
  }
  if (variables.length) {
    initParts.push(`serverVariables: { ${variables.map(([v]) => `${JSON.stringify(v)}: ${camel(v)}`).join(", ")} }`);
  }
  initParts.push(
    `features: { ${features.map(([feature, implementation]) => (feature === implementation ? feature : `${feature}: ${implementation}`)).join(", ")} }`,
  );
  out.push(`  return createCoreRuntime<paths>({ ${initParts.join(", ")} });`);
  out.push("}", "");

  for (const op of model.operations) {
    const named = /** @type {{ input: string, result?: string, item?: string, page?: string }} */ (types.get(op.id));
    const inputParam = `input${op.inputRequired ? "" : "?"}: ${named.input}`;
    out.push(
      tsdoc(
        [
          // The summary and the HTTP line; the full description is the method's (one copy in the typings).
          (docs.get(op.id) ?? [op.id])[0],
          "",
          `The function form of {@link ${name}Client.${op.id}} (see it for the details): takes a {@link ${name}Core} (or a`,
          `{@link ${name}Client}), so a bundle holds only the operations an app calls.`,
          "",
          (docs.get(op.id) ?? []).find((line) => line.startsWith(`\`${op.method} `)) ?? `\`${op.method} ${op.path}\``,
          "@function",
        ],
        "",
      ),
    );
    const id = JSON.stringify(op.id);
    if (op.runtime.pagination) {
      out.push(
        `export const ${op.id}: (core: ${name}Core, ${inputParam}, options?: ListOptions) => PagePromise<${named.item}, ${named.page}> =`,
        `  /* @__PURE__ */ listOperation(${tableOf(op)}, ${id}, ${pagerOf(op)});`,
      );
    } else {
      out.push(
        `export const ${op.id}: (core: ${name}Core, ${inputParam}, options?: CallOptions) => ApiPromise<${named.result}> =`,
        `  /* @__PURE__ */ callOperation(${tableOf(op)}, ${id});`,
      );
    }
  }
  out.push("");

  out.push(
    tsdoc(
      [
        `Creates a ${name} client: the machinery of {@link create${name}Core} with one method per operation.`,
        "@example",
        "```ts",
        `import { create${name}Client } from ${JSON.stringify(model.packageName ?? x.packageName)};`,
        "",
        `const client = create${name}Client({ apiKey: process.env.${envName}_API_KEY });`,
        "```",
      ],
      "",
    ),
  );
  out.push(`export function create${name}Client(options: ${name}ClientOptions = {}): ${name}Client {`);
  out.push(`  return withMethods(create${name}Core(options), { ${model.operations.map((op) => op.id).join(", ")} });`);
  out.push("}", "");
  return out.join("\n");
}
