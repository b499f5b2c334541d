// @ts-check
/**
 * Arguments for an operation derived from what the spec documents, with their provenance: unlike
 * `sampleInput` (which invents a minimal value where the spec has none, good enough for a fake's answer), this
 * says which required values the spec does not give. The chaos adapter and the release-test row that
 * `pnpm new-provider` writes only call operations whose every required value comes from the spec.
 */
import { deref } from "./operations.js";
import { documentedExample, sampleInput } from "./samples.js";
import { Code, code } from "./source.js";

/** The JSON media of a request body, if it has one (`application/json` or `+json`). */
function jsonBodyMedia(content) {
  if (!content || typeof content !== "object") return undefined;
  const type =
    Object.keys(content).find((t) => t === "application/json") ?? Object.keys(content).find((t) => /\+json$/.test(t));
  return type ? content[type] : undefined;
}

/**
 * A value for `schema` from what the spec documents: its example, const, default or first enum value, or for
 * an object its required properties (each documented). Names the values it had to leave undocumented in
 * `invented` (by their path in `where`).
 * @param {any} spec
 * @param {any} schema
 * @param {string} where
 * @param {string[]} invented
 * @returns {unknown}
 */
function documented(spec, schema, where, invented, depth = 0) {
  const s = deref(spec, schema);
  if (!s || typeof s !== "object" || depth > 10) {
    invented.push(where);
    return null;
  }
  if ("const" in s) return s.const;
  if ("example" in s) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if ("default" in s) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if ((type ?? (s.properties ? "object" : undefined)) === "object" && !s.allOf && !s.oneOf && !s.anyOf) {
    const out = {};
    for (const name of Array.isArray(s.required) ? s.required : []) {
      const prop = s.properties?.[name];
      if (deref(spec, prop)?.readOnly) continue;
      out[name] = documented(spec, prop ?? {}, `${where}.${name}`, invented, depth + 1);
    }
    return out;
  }
  invented.push(where);
  return null;
}

/**
 * The input of one operation (`{ params: { path, query, header }, body }`) from the spec's examples, with
 * `invented` listing every required value the spec documents no value for (empty: the input is the spec's own).
 * `bodyType` is `"json"`, `"other"` (a body that is not JSON) or `undefined` (no required body).
 * @param {any} spec
 * @param {string} path
 * @param {string} method lower case
 * @param {readonly string[]} [omit] body fields the client fills in itself
 * @param {boolean} [withBody] build the JSON body even when the spec does not require one
 */
export function derivedInput(spec, path, method, omit = [], withBody = false) {
  const item = spec.paths[path];
  const op = item[method];
  /** @type {string[]} */
  const invented = [];
  /** @type {Record<string, Record<string, unknown>>} */
  const params = {};
  /** @type {{ in: string, name: string, schema: any }[]} */
  const pathParams = [];
  for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = deref(spec, raw);
    if (!p || p.in === "cookie") continue;
    if (p.in === "path" && !pathParams.some((q) => q.name === p.name)) {
      pathParams.push({ in: p.in, name: p.name, schema: deref(spec, p.schema) ?? {} });
    }
    if (!p.required) continue;
    const example = documentedExample(spec, p);
    const value = example.found ? example.value : documented(spec, p.schema ?? {}, `${p.in} ${p.name}`, invented);
    params[p.in] ??= {};
    params[p.in][p.name] = value;
  }
  /** @type {Record<string, unknown>} */
  const input = {};
  if (Object.keys(params).length) input.params = params;
  let bodyType;
  const requestBody = deref(spec, op.requestBody);
  if (requestBody?.required || (withBody && requestBody)) {
    const media = jsonBodyMedia(requestBody.content);
    if (!media) {
      bodyType = "other";
      invented.push("body (not JSON)");
    } else {
      bodyType = "json";
      const example = documentedExample(spec, media);
      /** @type {string[]} */
      const missing = [];
      let body = example.found ? example.value : documented(spec, media.schema ?? {}, "body", missing);
      if (body && typeof body === "object" && !Array.isArray(body) && omit.length) {
        body = Object.fromEntries(Object.entries(body).filter(([key]) => !omit.includes(key)));
      }
      // The fields the client fills in itself (a session token) are no caller's to document.
      invented.push(...missing.filter((where) => !omit.some((field) => where === `body.${field}`)));
      input.body = body;
    }
  }
  return { input: Object.keys(input).length ? input : undefined, invented, bodyType, pathParams };
}

/**
 * A nested input (`{ params: { path, query, header }, body }`, as `derivedInput` and `sampleInput` build it) as
 * the flat one generated methods take: every parameter and body field in one object; a body that is not an
 * object becomes the `body` field (codegen's placement rule, see `placementOf`).
 * @param {any} input
 * @returns {any}
 */
export function flatInput(input) {
  if (input === undefined) return undefined;
  const { params = {}, body, ...rest } = input;
  const flat = { ...params.path, ...params.query, ...params.header, ...rest };
  if (body === undefined) return flat;
  if (body !== null && typeof body === "object" && !Array.isArray(body) && !(body instanceof Code)) {
    return { ...flat, ...body };
  }
  return { ...flat, body };
}

/** Field names that say "free text": a marker there reads as what it is. */
const FREE_TEXT = /name|title|label|description|note|comment|summary|text|message|subject|memo/i;

/**
 * The top-level body fields of an operation that take any string (no format, pattern, enum or short maxLength):
 * where a unique marker can go without making the call invalid. Required fields first, then names that say
 * free text (`name`, `title`, `description`…).
 * @param {any} spec
 * @param {string} path
 * @param {string} method lower case
 * @param {number} length the marker's longest length
 */
export function markerFields(spec, path, method, length = 48) {
  const requestBody = deref(spec, spec.paths[path][method].requestBody);
  const media = jsonBodyMedia(requestBody?.content);
  const schema = deref(spec, media?.schema);
  if (!schema || typeof schema !== "object") return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties ?? {})
    .filter(([, raw]) => {
      const s = deref(spec, raw);
      const type = Array.isArray(s?.type) ? s.type.find((t) => t !== "null") : s?.type;
      return (
        type === "string" &&
        !s.readOnly &&
        !("const" in s) &&
        !s.enum &&
        !s.format &&
        !s.pattern &&
        (s.maxLength === undefined || s.maxLength >= length) &&
        (s.minLength ?? 0) <= 8
      );
    })
    .map(([name]) => name)
    .sort(
      (a, b) =>
        Number(required.has(b)) - Number(required.has(a)) || Number(FREE_TEXT.test(b)) - Number(FREE_TEXT.test(a)),
    );
}

/**
 * Whether a path parameter's type is any string (so a hostile id is still a well-typed argument: a format or a
 * pattern does not narrow the TypeScript type, an enum or a const does).
 */
export function anyString(schema) {
  const type = Array.isArray(schema?.type) ? schema.type.find((t) => t !== "null") : schema?.type;
  return type === "string" && !schema.enum && !("const" in schema);
}

/** True when `body` has a non-empty value for one of `fields` (as the client decides a keyed upsert). */
function hasAny(body, fields) {
  return fields.some((field) => {
    const value = body && typeof body === "object" ? body[field] : undefined;
    return value != null && !(typeof value === "string" && value.trim() === "");
  });
}

/**
 * Whether the client treats a call of `operation` with `body` as idempotent, and why: a keyed upsert
 * (`x-hatchery-idempotent-when-body-has`) by its body, else the spec's `x-hatchery-idempotent`, else the
 * method (GET, HEAD, OPTIONS, PUT and DELETE are; POST and PATCH are not). The same rule as core's.
 * @param {any} spec
 * @param {any} operation an entry of `describeOperations(spec).operations`
 * @param {unknown} body
 * @returns {{ idempotent: boolean, why: string }}
 */
export function idempotencyOf(spec, operation, body) {
  const keys = operation.runtime.idempotentWhenBodyHas;
  if (keys) {
    const names = keys.map((k) => `\`${k}\``).join(" or ");
    return hasAny(body, keys)
      ? { idempotent: true, why: `idempotent: the body has ${names} (x-hatchery-idempotent-when-body-has)` }
      : { idempotent: false, why: `not idempotent: the body has no ${names} (x-hatchery-idempotent-when-body-has)` };
  }
  const marked = spec.paths[operation.path]?.[operation.method.toLowerCase()]?.["x-hatchery-idempotent"];
  if (typeof marked === "boolean") {
    return {
      idempotent: marked,
      why: `${marked ? "idempotent" : "not idempotent"}: the spec says x-hatchery-idempotent: ${marked}`,
    };
  }
  const idempotent = operation.runtime.idempotent;
  return {
    idempotent,
    why: `${operation.method}: ${idempotent ? "idempotent" : "not idempotent"} (the method's default)`,
  };
}

/**
 * Whether the client takes the fake's documented answer for a success under the spec's envelope (a
 * `result-data` body must say `result: "success"`; a Hatebase body must carry no errors).
 * @param {string} envelope the envelope kind
 * @param {{ status: number, body?: unknown }} route
 */
export function answerAccepted(envelope, route) {
  if (!(route.status >= 200 && route.status < 300)) return false;
  const body = /** @type {any} */ (route.body);
  const object = body !== null && typeof body === "object" && !Array.isArray(body);
  if (envelope === "result-data") return object && body.result === "success";
  if (envelope === "hatebase") return object && !(Array.isArray(body.errors) && body.errors.length > 0);
  return true;
}

/** The suite's marker in a derived body: the adapter's `run` passes its `marker` argument there. */
export const MARKER = code("marker");

/**
 * `value` with every {@link MARKER} replaced by `replacement` (for a call that has no marker to pass).
 * @param {unknown} value
 * @param {unknown} replacement
 * @returns {any}
 */
export function replaceMarker(value, replacement) {
  if (value === MARKER) return replacement;
  if (Array.isArray(value)) return value.map((v) => replaceMarker(v, replacement));
  if (value && typeof value === "object" && !(value instanceof Code)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceMarker(v, replacement)]));
  }
  return value;
}

/**
 * @typedef {object} ChaosCall one operation of the chaos adapter
 * @property {string} id the operationId
 * @property {boolean} idempotent what the client decides for this exact call
 * @property {string} why the reason, for the adapter's comment
 * @property {any} input the call's input (`undefined`: none); a body field holding {@link MARKER} takes the marker
 * @property {string} [markerField] the body field that carries the marker (non-idempotent calls)
 * @property {boolean} sampled true when a value was sampled from a schema, not taken from the spec
 * @property {boolean} answered true when the fake's answer has a body
 */

/**
 * What the chaos adapter of a new provider calls, derived from what the spec documents:
 * - `operations`: every operation whose required arguments the spec documents (examples, defaults, enums), with
 *   the client's idempotency for that call; a non-idempotent one only when its JSON body has a free-text field
 *   for the suite's marker. At most `limits.idempotent` and `limits.nonIdempotent` of them, to keep the suite
 *   quick. If none qualifies, the first idempotent operation with values sampled from its schemas (`sampled`);
 * - `pathCalls`: operations with one free-text path parameter and no required query (the hostile-id tests);
 *   only with bearer auth, as those tests check the key in the `Authorization` header;
 * - `pageCalls`: the paginated operations, with the paging parameters the client checks;
 * - `leftOut`: every operation that cannot be called, and why; `spare`: those that could, beyond the limits.
 * @param {any} spec
 * @param {ReturnType<typeof import("./operations.js").describeOperations>} model
 * @param {readonly { operationId: string, status: number, body?: unknown }[]} routes the fake's route table
 * @param {{ idempotent?: number, nonIdempotent?: number }} [limits]
 */
export function chaosCalls(spec, model, routes, limits = {}) {
  const maxIdempotent = limits.idempotent ?? 5;
  const maxNonIdempotent = limits.nonIdempotent ?? 3;
  const { auth, envelope } = model.provider;
  /** @type {ChaosCall[]} */
  const operations = [];
  /** @type {{ id: string, reason: string }[]} */
  const leftOut = [];
  /** @type {{ id: string, template: string, param: string, input: any }[]} */
  const pathCalls = [];
  /** @type {{ id: string, limitParam?: string, maxLimit?: number, offsetParam: string, minOffset: number, in: string, input: any }[]} */
  const pageCalls = [];
  /** Operations that qualify but are beyond the limits. */
  const spare = [];

  for (const op of model.operations) {
    const method = op.method.toLowerCase();
    if (auth.kind === "session" && op.id === auth.operation) {
      leftOut.push({ id: op.id, reason: "the session's authenticate call, which the client makes itself" });
      continue;
    }
    const route = routes.find((r) => r.operationId === op.id);
    if (!route || !answerAccepted(envelope.kind, route)) {
      leftOut.push({ id: op.id, reason: "the fake's documented answer is not a success the client accepts" });
      continue;
    }
    const derived = derivedInput(spec, op.path, method, op.filled, true);
    const requestBody = deref(spec, spec.paths[op.path][method].requestBody);
    const input = /** @type {any} */ (derived.input ? structuredClone(derived.input) : undefined);
    let { idempotent, why } = idempotencyOf(spec, op, input?.body);
    let invented = derived.invented.filter((where) => where !== "body (not JSON)" || requestBody?.required);
    let markerField;
    let callInput = input;
    if (idempotent && input && !requestBody?.required && !op.runtime.idempotentWhenBodyHas) {
      // An optional body is sent only where it matters: for a keyed upsert's key, or to carry a marker.
      delete input.body;
      callInput = Object.keys(input).length ? input : undefined;
      invented = invented.filter((where) => !where.startsWith("body"));
    }
    if (!idempotent) {
      const keys = op.runtime.idempotentWhenBodyHas ?? [];
      markerField = markerFields(spec, op.path, method).find((f) => !keys.includes(f) && !op.filled.includes(f));
      if (derived.bodyType === "other") {
        leftOut.push({ id: op.id, reason: `${why}, and its request body is not JSON (no place for the marker)` });
        continue;
      }
      if (!markerField) {
        leftOut.push({ id: op.id, reason: `${why}, and its JSON body has no free-text field to carry the marker` });
        continue;
      }
      const body = input?.body && typeof input.body === "object" && !Array.isArray(input.body) ? input.body : {};
      callInput = { ...input, body: { ...body, [markerField]: MARKER } };
      invented = invented.filter((where) => where !== `body.${markerField}`);
      why = `${why}; the marker goes in \`${markerField}\``;
    }

    // Paths and pages first: their own argument is the hostile one, the rest must be documented.
    const pathParams = derived.pathParams;
    const pathOwn = pathParams.length === 1 ? pathParams[0] : undefined;
    if (
      auth.kind === "bearer" &&
      pathOwn &&
      anyString(pathOwn.schema) &&
      (op.path.match(/\{/g) ?? []).length === 1 &&
      !input?.params?.query &&
      invented.every((where) => where === `path ${pathOwn.name}`) &&
      pathCalls.length < 3 &&
      !pathCalls.some((p) => p.param === pathOwn.name)
    ) {
      pathCalls.push({ id: op.id, template: op.path, param: pathOwn.name, input: callInput });
    }
    const pagination = /** @type {any} */ (op.runtime.pagination);
    const pagingParams =
      pagination?.style === "offset" ? [pagination.offsetParam, pagination.limitParam] : [pagination?.pageParam];
    if (
      pagination &&
      invented.every((where) => pagingParams.some((p) => where === `query ${p}` || where === `body.${p}`))
    ) {
      pageCalls.push(
        pagination.style === "offset"
          ? {
              id: op.id,
              // The client checks the page size only against a documented maximum.
              ...(pagination.maxLimit !== undefined
                ? { limitParam: pagination.limitParam, maxLimit: pagination.maxLimit }
                : {}),
              offsetParam: pagination.offsetParam,
              minOffset: 0,
              in: pagination.in,
              input: callInput,
            }
          : { id: op.id, offsetParam: pagination.pageParam, minOffset: 1, in: pagination.in, input: callInput },
      );
    }

    if (invented.includes("body (not JSON)")) {
      leftOut.push({ id: op.id, reason: "its request body is not JSON, which the scaffolded adapter does not build" });
      continue;
    }
    if (invented.length) {
      leftOut.push({ id: op.id, reason: `the spec documents no value for ${invented.join(", ")}` });
      continue;
    }
    const call = {
      id: op.id,
      idempotent,
      why,
      input: callInput,
      ...(markerField ? { markerField } : {}),
      sampled: false,
      answered: route.body !== undefined,
    };
    const count = operations.filter((o) => o.idempotent === idempotent).length;
    if (count < (idempotent ? maxIdempotent : maxNonIdempotent)) operations.push(call);
    else spare.push(call);
  }

  if (operations.length === 0) {
    // Nothing the spec documents fully: call the first idempotent operation with sampled values, so the suite
    // still runs (the fake answers any value); the adapter says to replace them.
    const op = model.operations.find((o) => {
      const route = routes.find((r) => r.operationId === o.id);
      return (
        !(auth.kind === "session" && o.id === auth.operation) &&
        route &&
        answerAccepted(envelope.kind, route) &&
        idempotencyOf(spec, o, sampleInput(spec, o.path, o.method.toLowerCase(), o.filled)?.body).idempotent
      );
    });
    if (op) {
      const input = sampleInput(spec, op.path, op.method.toLowerCase(), op.filled);
      const route = routes.find((r) => r.operationId === op.id);
      operations.push({
        id: op.id,
        ...idempotencyOf(spec, op, input?.body),
        input,
        sampled: true,
        answered: route?.body !== undefined,
      });
      const at = leftOut.findIndex((l) => l.id === op.id);
      if (at !== -1) leftOut.splice(at, 1);
    }
  }
  return { operations, leftOut, spare: spare.map((call) => call.id), pathCalls, pageCalls };
}
