// @ts-check
/**
 * What checks a new provider beyond its own tests, as `pnpm new-provider` writes it: its chaos adapter
 * (`packages/chaos/src/providers/<name>.ts`), its row in the release rehearsal
 * (`packages/release-test/src/providers.mjs`) and the call its size budget measures (`size/one-call.js`). Every
 * call is derived from what the spec documents (see `derive.js`).
 */
import { flatInput, replaceMarker } from "./derive.js";
import { deref } from "./operations.js";
import { sampleInput } from "./samples.js";
import { code, commentLines, literal } from "./source.js";
import { renderTemplateFile } from "./template.js";

/** A value at a dot path (`""` is the whole value), as core reads payloads. */
function getPath(value, path) {
  if (path === "") return value;
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = current[key];
  }
  return current;
}

/** The string a call that has no marker to pass puts where a marker would go. */
const NO_MARKER = "chaos";

/**
 * The one call of the release rehearsal and of the size budget: the first idempotent operation of the chaos
 * adapter whose fake answer has a body (else its first operation), with the same documented input, and a check
 * of its result (a JavaScript expression on `result`) that the fake's documented answer satisfies.
 * @param {ReturnType<typeof import("./operations.js").describeOperations>} model
 * @param {ReturnType<typeof import("./derive.js").chaosCalls>} chaos
 * @param {readonly { operationId: string, body?: unknown }[]} routes
 */
export function releaseCall(model, chaos, routes) {
  const call =
    chaos.operations.find((c) => c.idempotent && c.answered) ??
    chaos.operations.find((c) => c.idempotent) ??
    chaos.operations[0];
  if (!call) return undefined;
  const op = model.operations.find((o) => o.id === call.id);
  const body = routes.find((r) => r.operationId === call.id)?.body;
  const pagination = op?.runtime.pagination;
  let expect;
  if (pagination) {
    const items = getPath(body, pagination.items);
    expect = Array.isArray(items)
      ? `Array.isArray(result.items) && result.items.length === ${items.length}`
      : "Array.isArray(result.items)";
  } else {
    const payload = getPath(body, op?.payloadPath ?? "");
    if (Array.isArray(payload)) expect = `Array.isArray(result) && result.length === ${payload.length}`;
    else if (payload && typeof payload === "object") {
      const key = Object.keys(payload)[0];
      expect =
        key === undefined
          ? 'typeof result === "object" && result !== null'
          : `typeof result === "object" && result !== null && ${JSON.stringify(key)} in result`;
    } else if (payload === null) expect = "result === null";
    else expect = "result !== undefined";
  }
  return {
    id: call.id,
    input: call.input === undefined ? undefined : flatInput(replaceMarker(call.input, "release-test")),
    expect,
    sampled: call.sampled,
  };
}

/** A value of the wrong type for `schema`, or `undefined` when any value would do. */
function wrongValue(spec, schema) {
  const s = deref(spec, schema);
  if (!s || typeof s !== "object") return undefined;
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (Array.isArray(s.type) && s.type.length > 1 && s.type.filter((t) => t !== "null").length > 1) return undefined;
  if (type === "string" || (Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string"))) return 42;
  if (type === "integer" || type === "number" || type === "array" || type === "object") {
    return type === "integer" || type === "number" ? "42" : 42;
  }
  if (type === "boolean") return "yes";
  return undefined;
}

/**
 * A call (TypeScript source on `client`) whose body has a field of the wrong type, for the release rehearsal's
 * check that a wrong body is a type error: the first operation with a JSON object body, its input otherwise
 * valid; without one, the release call with a field the operation does not have.
 * @param {any} spec
 * @param {ReturnType<typeof import("./operations.js").describeOperations>} model
 * @param {{ id: string, input?: any } | undefined} fallback the release call
 */
export function wrongCall(spec, model, fallback) {
  for (const op of model.operations) {
    const method = op.method.toLowerCase();
    const requestBody = deref(spec, spec.paths[op.path][method].requestBody);
    const schema = deref(spec, requestBody?.content?.["application/json"]?.schema);
    if (!schema || typeof schema !== "object" || !schema.properties) continue;
    const required = Array.isArray(schema.required) ? schema.required : [];
    const names = Object.keys(schema.properties).filter((n) => !op.filled.includes(n));
    const ordered = [...names.filter((n) => required.includes(n)), ...names.filter((n) => !required.includes(n))];
    for (const name of ordered) {
      const wrong = wrongValue(spec, schema.properties[name]);
      if (wrong === undefined) continue;
      const input = flatInput(sampleInput(spec, op.path, method, op.filled) ?? {});
      return `client.${op.id}(${literal({ ...input, [name]: wrong })})`;
    }
  }
  if (!fallback) return undefined;
  return `client.${fallback.id}(${literal({ ...(fallback.input ?? {}), notAField: 42 })})`;
}

/** A `{ a: 1 }` literal with `...spread` added last: `{ a: 1, ...spread }`, or `spread` alone. */
function withSpread(value, spread) {
  const text = literal(value ?? {});
  return text === "{}" ? spread : text.replace(/ \}$/, `, ...${spread} }`);
}

/**
 * The source of the chaos adapter (`packages/chaos/src/providers/<name>.ts`).
 * @param {object} options
 * @param {string} options.name
 * @param {string} options.packageName
 * @param {string} options.clientName
 * @param {string} options.identifier the adapter's variable name in `index.ts`
 * @param {ReturnType<typeof import("./operations.js").describeOperations>} options.model
 * @param {ReturnType<typeof import("./derive.js").chaosCalls>} options.chaos
 */
export async function renderChaosAdapter({ name, packageName, clientName, identifier, model, chaos }) {
  const operationsSource = chaos.operations
    .map((call) => {
      const args = call.input === undefined ? "{}" : literal(flatInput(call.input));
      const context = call.markerField ? "{ marker, options }" : "{ options }";
      const notes = [`${call.why}.`];
      if (call.sampled) {
        notes.push(
          "No operation's required arguments are all documented in the spec: these values are sampled from",
          "its schemas. Replace them with values the provider documents (and add them to the spec).",
        );
      }
      return [
        "    {",
        ...notes.map((line) => `      // ${line}`),
        `      name: ${JSON.stringify(call.id)},`,
        `      idempotent: ${call.idempotent},`,
        `      run: (client, ${context}) => client.${call.id}(${args}, options),`,
        "    },",
      ].join("\n");
    })
    .join("\n");

  const pathCallsSource = chaos.pathCalls
    .map((p) => {
      const input = flatInput(replaceMarker(p.input ?? {}, NO_MARKER));
      return [
        "",
        "    {",
        `      operation: ${JSON.stringify(p.id)},`,
        `      template: ${JSON.stringify(p.template)},`,
        `      call: (client, id, { options }) => client.${p.id}(${literal({ ...input, [p.param]: code("id") })}, options),`,
        "    },",
      ].join("\n");
    })
    .join("");

  const pageCallsSource = chaos.pageCalls
    .map((p) => {
      const input = flatInput(replaceMarker(p.input ?? {}, NO_MARKER));
      const paging = [p.offsetParam, ...(p.limitParam ? [p.limitParam] : [])];
      // The paging fields are flat like every other: where they go (query or form body) is the spec's business.
      const kept = Object.fromEntries(Object.entries(input).filter(([k]) => !paging.includes(k)));
      const args = code(`${withSpread(kept, "paging")} as never`);
      return [
        "",
        "    {",
        `      operation: ${JSON.stringify(p.id)},`,
        ...(p.limitParam ? [`      limitParam: ${JSON.stringify(p.limitParam)},`] : []),
        ...(p.maxLimit !== undefined ? [`      maxLimit: ${p.maxLimit},`] : []),
        `      offsetParam: ${JSON.stringify(p.offsetParam)},`,
        `      minOffset: ${p.minOffset},`,
        `      call: (client, paging, options) => client.${p.id}(${literal(args)}, options),`,
        "    },",
      ].join("\n");
    })
    .join("");

  const markerFields = Object.fromEntries(
    chaos.operations.filter((c) => c.markerField).map((c) => [c.id, /** @type {string} */ (c.markerField)]),
  );
  const idempotent = chaos.operations.filter((c) => c.idempotent).length;
  const nonIdempotent = chaos.operations.length - idempotent;
  const summary =
    `${chaos.operations.length} operation${chaos.operations.length === 1 ? "" : "s"} (${idempotent} idempotent, ` +
    `${nonIdempotent} not), with the values the spec documents, against the package's fake.`;
  const auth = model.provider.auth.kind;
  const doc = [
    ...commentLines(
      `${clientName} (${auth} auth, \`${model.provider.envelope.kind}\` envelope), as scaffolded: ${summary}`,
      " * ",
    ),
    " *",
    ...(chaos.leftOut.length
      ? [
          " * Not called:",
          ...chaos.leftOut.flatMap((l) => commentLines(`- \`${l.id}\`: ${l.reason}.`, " * ", 120, " *   ")),
        ]
      : []),
    ...(chaos.spare.length
      ? commentLines(
          `Also callable, left out to keep the suite quick: ${chaos.spare.map((id) => `\`${id}\``).join(", ")}.`,
          " * ",
        )
      : []),
    ...(chaos.leftOut.length + chaos.spare.length === 0 ? [" * Every operation of the spec is called."] : []),
    ...(nonIdempotent === 0
      ? [
          " *",
          ...commentLines(
            "No call is non-idempotent: add one that creates something, with the marker in a free-text field.",
            " * ",
          ),
        ]
      : []),
    ...(auth === "bearer"
      ? []
      : [
          " *",
          ...commentLines(
            `Auth is \`${auth}\`, not a bearer key: the suite's key checks (a wrong key refused, the key never ` +
              "leaked) need the fake to refuse a wrong credential; with session tokens, return them from " +
              "`issuedSecrets`. The hostile path ids, which check the bearer header, are left to you.",
            " * ",
          ),
        ]),
  ].join("\n");
  const requestIdHeader = model.provider.requestIdHeader;
  return renderTemplateFile("chaos-adapter.ts.tmpl", {
    name,
    packageName,
    clientName,
    identifier,
    adapterDoc: doc,
    markerFieldsLiteral: literal(markerFields),
    operationsSource,
    pathCallsSource: pathCallsSource ? `${pathCallsSource}\n  ` : "",
    pageCallsSource: pageCallsSource ? `${pageCallsSource}\n  ` : "",
    headerOptionsLiteral: literal(Object.keys(model.provider.headerOptions ?? {})),
    requestIdHeader: Boolean(requestIdHeader) && String(requestIdHeader).toLowerCase() !== "x-request-id",
    requestIdHeaderJson: JSON.stringify(requestIdHeader ?? ""),
  });
}

/**
 * The provider's row of `PROVIDERS` in `packages/release-test/src/providers.mjs`, as source (two-space indented,
 * ending in a comma and a line break).
 * @param {object} options
 * @param {string} options.name
 * @param {string} options.packageName
 * @param {string} options.clientName
 * @param {NonNullable<ReturnType<typeof releaseCall>>} options.call
 * @param {string | undefined} options.wrong
 * @param {string} [options.basePath] the path of the spec's server URL (the client's `baseUrl` takes it)
 */
export function releaseRowSource({ name, packageName, clientName, call, wrong, basePath = "" }) {
  const lines = [
    `  ${JSON.stringify(packageName)}: {`,
    `    // Written by \`pnpm new-provider ${name}\` with ${call.sampled ? "values sampled from the schemas" : "the values the spec documents"};`,
    "    // make it the call users make first.",
    `    client: ${JSON.stringify(`create${clientName}Client`)},`,
    `    fake: ${JSON.stringify(`create${clientName}Fake`)},`,
    ...(basePath ? [`    basePath: ${JSON.stringify(basePath)},`] : []),
    `    call: ${JSON.stringify(call.id)},`,
    ...(call.input === undefined ? [] : [`    input: ${literal(call.input)},`]),
    `    expect: ${JSON.stringify(call.expect)},`,
    `    wrong: ${JSON.stringify(wrong ?? `client.${call.id}({ notAField: 42 })`)},`,
    "  },",
  ];
  return `${lines.join("\n")}\n`;
}

/** The call `size/one-call.js` makes, as `client.<call>(<input>)` parts. */
export function sizeCall(call) {
  const input = call.input === undefined ? "" : literal(call.input);
  return { sizeCall: call.id, sizeInput: input, sizeInputArg: input && `, ${input}` };
}
