// @ts-check
/**
 * Sample values from a spec, for the fake and the first test that `pnpm new-provider` scaffolds: the spec's own
 * examples where it has them, otherwise a minimal value built from the schema.
 */
import { deref } from "./operations.js";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** The JSON-ish media type of a `content` map, if any. */
function jsonMedia(content) {
  if (!content || typeof content !== "object") return undefined;
  const type =
    Object.keys(content).find((t) => t === "application/json") ??
    Object.keys(content).find((t) => /json/.test(t)) ??
    Object.keys(content).find((t) => t === "application/x-www-form-urlencoded");
  return type ? { type, media: content[type] } : undefined;
}

/** The first documented example of a media type or parameter (`example`, then the first of `examples`). */
export function documentedExample(spec, holder) {
  if (!holder || typeof holder !== "object") return { found: false };
  if ("example" in holder) return { found: true, value: holder.example };
  const first = Object.values(holder.examples ?? {})[0];
  const resolved = deref(spec, first);
  if (resolved && typeof resolved === "object" && "value" in resolved) return { found: true, value: resolved.value };
  return { found: false };
}

/**
 * A value that matches `schema`: its own example, const, default or first enum value where it has one; else a
 * minimal value of its type. `requiredOnly` leaves optional object properties out (for request inputs).
 * @param {any} spec
 * @param {any} schema
 * @param {{ requiredOnly?: boolean }} [options]
 * @returns {unknown}
 */
export function sampleFromSchema(spec, schema, options = {}, depth = 0) {
  const s = deref(spec, schema);
  if (!s || typeof s !== "object" || depth > 10) return null;
  if ("const" in s) return s.const;
  if ("example" in s) return s.example;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if ("default" in s) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (Array.isArray(s.allOf) && s.allOf.length) {
    const parts = s.allOf.map((part) => sampleFromSchema(spec, part, options, depth + 1));
    if (parts.every((p) => p && typeof p === "object" && !Array.isArray(p))) {
      const own = s.properties ? sampleFromSchema(spec, { ...s, allOf: undefined }, options, depth + 1) : {};
      return Object.assign({}, ...parts, own);
    }
    return parts[0];
  }
  for (const key of ["oneOf", "anyOf"]) {
    if (Array.isArray(s[key]) && s[key].length) {
      const variant = s[key].find((v) => deref(spec, v)?.type !== "null") ?? s[key][0];
      return sampleFromSchema(spec, variant, options, depth + 1);
    }
  }
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== "null") ?? s.type[0]) : s.type;
  switch (type ?? (s.properties ? "object" : s.items ? "array" : undefined)) {
    case "object": {
      const out = {};
      const required = new Set(Array.isArray(s.required) ? s.required : []);
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        if (options.requiredOnly && !required.has(name)) continue;
        if (deref(spec, prop)?.readOnly && options.requiredOnly) continue;
        out[name] = sampleFromSchema(spec, prop, options, depth + 1);
      }
      return out;
    }
    case "array": {
      const count = Math.max(1, s.minItems ?? 1);
      return Array.from({ length: count }, () => sampleFromSchema(spec, s.items ?? {}, options, depth + 1));
    }
    case "string":
      return sampleString(s);
    case "integer":
    case "number": {
      const low = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : undefined);
      const high = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : undefined);
      const value = low ?? Math.min(1, high ?? 1);
      return type === "integer" ? Math.ceil(value) : value;
    }
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return null;
  }
}

function sampleString(s) {
  const byFormat = {
    "date-time": "2024-01-15T09:30:00Z",
    date: "2024-01-15",
    time: "09:30:00",
    email: "someone@example.org",
    uri: "https://example.org/",
    url: "https://example.org/",
    uuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    hostname: "host.example.org",
    ipv4: "192.0.2.1",
    ipv6: "2001:db8::1",
  };
  let value = byFormat[s.format] ?? "string";
  const min = s.minLength ?? 0;
  while (value.length < min) value += "x";
  if (s.maxLength !== undefined && value.length > s.maxLength) value = value.slice(0, Math.max(s.maxLength, min));
  return value;
}

/** The status and body an operation's first documented success answers with. */
export function firstSuccess(spec, operation) {
  const statuses = Object.keys(operation.responses ?? {})
    .filter((code) => /^2(\d\d|XX)$/i.test(code))
    .sort();
  const code = statuses[0];
  if (code === undefined) return { status: 200, body: undefined, source: "none" };
  const status = /XX/i.test(code) ? 200 : Number(code);
  const response = deref(spec, operation.responses[code]);
  const json = jsonMedia(response?.content);
  if (!json) return { status, body: undefined, source: "none" };
  const example = documentedExample(spec, json.media);
  if (example.found) return { status, body: example.value, source: "example" };
  if (json.media?.schema) return { status, body: sampleFromSchema(spec, json.media.schema), source: "schema" };
  return { status, body: undefined, source: "none" };
}

/**
 * The fake's route table: every operation's method, path and first documented success (status and body).
 * @param {any} spec
 */
export function routeTable(spec) {
  const routes = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const answer = firstSuccess(spec, op);
      routes.push({ operationId: op.operationId, method: method.toUpperCase(), path, ...answer });
    }
  }
  return routes;
}

/**
 * A valid input for one operation (`{ params: { path, query, header }, body }`), with only what the spec
 * requires: documented examples where there are some, schema samples otherwise. `omit` lists body fields the
 * client fills in itself. Returns `undefined` when the operation needs no input.
 * @param {any} spec
 * @param {string} path
 * @param {string} method lower case
 * @param {readonly string[]} [omit]
 */
export function sampleInput(spec, path, method, omit = []) {
  const item = spec.paths[path];
  const op = item[method];
  const params = {};
  for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const p = deref(spec, raw);
    if (!p?.required || p.in === "cookie") continue;
    const example = documentedExample(spec, p);
    const value = example.found ? example.value : sampleFromSchema(spec, p.schema ?? {}, { requiredOnly: true });
    params[p.in] ??= {};
    params[p.in][p.name] = value;
  }
  const input = {};
  if (Object.keys(params).length) input.params = params;
  const requestBody = deref(spec, op.requestBody);
  if (requestBody?.required) {
    const json = jsonMedia(requestBody.content);
    if (json) {
      const example = documentedExample(spec, json.media);
      let body = example.found
        ? example.value
        : sampleFromSchema(spec, json.media.schema ?? {}, { requiredOnly: true });
      if (body && typeof body === "object" && !Array.isArray(body) && omit.length) {
        body = Object.fromEntries(Object.entries(body).filter(([key]) => !omit.includes(key)));
      }
      input.body = body;
    }
  }
  return Object.keys(input).length ? input : undefined;
}
