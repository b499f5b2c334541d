// @ts-check
/**
 * Generated calls plan their own requests (core's `planRequest`), without openapi-fetch. They must send what
 * openapi-fetch (which stays behind `rawClient`) would send for the same input: this suite builds both for every
 * operation of a spec, with inputs made from the spec's schemas (ordinary values, then awkward ones: spaces,
 * reserved characters, unicode, arrays, booleans, numbers) and compares URL, method, headers and body.
 */
import createFetchClient from "openapi-fetch";

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** Resolves a local `$ref`. */
function deref(spec, node) {
  let current = node;
  for (let i = 0; current && typeof current === "object" && "$ref" in current && i < 20; i++) {
    current = String(current.$ref)
      .replace(/^#\//, "")
      .split("/")
      .reduce((acc, key) => acc?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  }
  return current;
}

/** The awkward strings a value may hold: what an encoder gets wrong first. */
const AWKWARD = ["a b&c=d", "żółw 🐢", "100%/x?y#z", "it's (*)!", "+plus+"];

/**
 * A value for `schema`, the `variant`-th of a few: variant 0 is ordinary, the others awkward (an awkward string,
 * an array of two, a boolean, a number, as the schema allows).
 */
function valueFor(spec, schema, variant, depth = 0) {
  const s = deref(spec, schema) ?? {};
  if (depth > 6) return null;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[variant % s.enum.length];
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    if (Array.isArray(s[key]) && s[key].length) {
      const usable = s[key].map((v) => deref(spec, v)).filter((v) => v?.type !== "null");
      if (key === "allOf") {
        return Object.assign({}, ...usable.map((part) => valueFor(spec, part, variant, depth + 1)));
      }
      return valueFor(spec, usable[variant % usable.length] ?? {}, variant, depth + 1);
    }
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "integer") return variant === 0 ? 1 : 1000 + variant;
  if (type === "number") return variant === 0 ? 1.5 : -0.25 * variant;
  if (type === "boolean") return variant % 2 === 1;
  if (type === "array")
    return [valueFor(spec, s.items, variant, depth + 1), valueFor(spec, s.items, variant + 1, depth + 1)];
  if (type === "object" || s.properties) {
    const out = {};
    for (const [name, property] of Object.entries(s.properties ?? {})) {
      out[name] = valueFor(spec, property, variant, depth + 1);
    }
    return out;
  }
  if (s.format === "date") return "2026-12-07";
  if (s.format === "date-time") return "2026-12-07T12:00:00Z";
  return variant === 0 ? "plain" : AWKWARD[variant % AWKWARD.length];
}

/** The nested inputs (`{ params, body }`) to try for one operation of the spec. */
export function sampleInputs(spec, path, method) {
  const item = spec.paths[path];
  const operation = item[method.toLowerCase()];
  const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref(spec, p));
  const requestBody = deref(spec, operation.requestBody);
  const content = requestBody?.content ?? {};
  const media =
    content["application/json"] ?? content["application/x-www-form-urlencoded"] ?? Object.values(content)[0];
  const inputs = [];
  for (let variant = 0; variant < 5; variant++) {
    const params = { path: {}, query: {}, header: {} };
    for (const p of parameters) {
      // Optional parameters come and go with the variant; path parameters are always there.
      if (p.in !== "path" && !p.required && variant % 2 === 1) continue;
      const value = valueFor(spec, p.schema ?? {}, variant);
      // A path or header value is one segment or one line: never an array or an object.
      params[p.in] ??= {};
      params[p.in][p.name] = p.in === "query" ? value : typeof value === "object" ? "plain" : value;
    }
    inputs.push({ params, body: media ? valueFor(spec, media.schema ?? {}, variant) : undefined });
  }
  return inputs;
}

/**
 * Registers one test per operation of `spec`: the request core plans for each sample input equals the one
 * openapi-fetch builds with core's path and body serializers.
 * @param {{ describe: Function, it: Function, expect: any }} vitest
 * @param {{ spec: any, operations: Record<string, any>, core: any, name: string }} options
 */
export function serializationSuite(vitest, { spec, operations, core, name }) {
  const { describe, it, expect } = vitest;
  const baseUrl = "https://api.example.test/base";
  const staticHeaders = { "X-Client": "hatchery", Accept: "application/json" };
  const callHeaders = { "X-Call": "one" };
  describe(`${name}: generated calls plan the request openapi-fetch would build`, () => {
    for (const [path, item] of Object.entries(spec.paths ?? {})) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        const op = operations[operation.operationId];
        it(`${method.toUpperCase()} ${path} (${operation.operationId})`, async () => {
          expect(op, `${operation.operationId} is in the generated table`).toBeDefined();
          for (const input of sampleInputs(spec, path, method)) {
            const headers =
              op.bodyType === "form"
                ? { ...callHeaders, "Content-Type": "application/x-www-form-urlencoded" }
                : callHeaders;
            const body = op.bodyType ? input.body : undefined;
            const planned = core.planRequest(
              baseUrl,
              op,
              { params: input.params, body },
              [staticHeaders, headers],
              core.serializeBody,
            );
            /** @type {Request | undefined} */
            let built;
            const client = createFetchClient({
              baseUrl,
              headers: staticHeaders,
              pathSerializer: core.serializePath,
              bodySerializer: core.serializeBody,
              fetch: async (request) => {
                built = request;
                return new Response("{}", { headers: { "content-type": "application/json" } });
              },
            });
            await client.request(method, path, { params: input.params, body, headers });
            if (!built) throw new Error("openapi-fetch sent nothing");
            const sorted = (h) => [...h.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
            expect(planned.url, JSON.stringify(input)).toBe(built.url);
            expect(planned.method).toBe(built.method);
            expect(sorted(planned.headers)).toEqual(sorted(built.headers));
            expect(planned.body ?? null).toBe(built.body === null ? null : await built.text());
          }
        });
      }
    }
  });
}
