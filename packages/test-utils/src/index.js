// @ts-check
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));

/** The workspace root. */
export function workspaceRoot() {
  let current = here;
  while (!existsSync(join(current, "pnpm-workspace.yaml"))) {
    const parent = dirname(current);
    if (parent === current) throw new Error("no workspace root");
    current = parent;
  }
  return current;
}

/** Parses `specs/<provider>.yaml`. */
export function loadSpec(provider) {
  return parse(readFileSync(resolve(workspaceRoot(), "specs", `${provider}.yaml`), "utf8"));
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** Every operation of a spec: `{ id, method, path, operation }`. */
export function listOperations(spec) {
  const out = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      if (item?.[method])
        out.push({ id: item[method].operationId, method: method.toUpperCase(), path, operation: item[method] });
    }
  }
  return out;
}

function makeAjv(spec) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default ? addFormats.default(ajv) : /** @type {any} */ (addFormats)(ajv);
  // The whole spec as one schema resource, so `#/components/...` refs resolve.
  ajv.addSchema({ $id: "spec", ...stripNonSchema(spec) }, "spec");
  return ajv;
}

/** Removes keys Ajv must not see as schema keywords at the document root. */
function stripNonSchema(spec) {
  return { components: spec.components ?? {}, paths: spec.paths ?? {} };
}

function pointer(...segments) {
  return segments.map((s) => String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

function deref(spec, node) {
  let current = node;
  for (let i = 0; current && typeof current.$ref === "string" && i < 20; i++) {
    current = current.$ref
      .replace(/^#\//, "")
      .split("/")
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((acc, key) => acc?.[key], spec);
  }
  return current;
}

/**
 * Validates response bodies against the spec's own schemas.
 * `check(operationId, status, body)` returns a list of problems (empty when the body matches), or throws when
 * the spec documents no such response; `assertValid` throws with the problems.
 */
export function createContractChecker(spec) {
  const ajv = makeAjv(spec);
  const ops = new Map(listOperations(spec).map((o) => [o.id, o]));
  const validators = new Map();

  function validatorFor(operationId, status) {
    const key = `${operationId} ${status}`;
    if (validators.has(key)) return validators.get(key);
    const op = ops.get(operationId);
    if (!op) throw new Error(`no operation ${operationId} in the spec`);
    const responses = op.operation.responses ?? {};
    const statusKey =
      String(status) in responses
        ? String(status)
        : `${String(status)[0]}XX` in responses
          ? `${String(status)[0]}XX`
          : "default";
    if (!(statusKey in responses)) throw new Error(`${operationId}: the spec documents no ${status} response`);
    const response = deref(spec, responses[statusKey]);
    const content = response?.content;
    let validate = null;
    if (content) {
      const mediaType = Object.keys(content).find((m) => m.includes("json")) ?? Object.keys(content)[0];
      const ref = `spec#/${pointer("paths", op.path, op.method.toLowerCase(), "responses", statusKey)}`;
      const viaRef = responses[statusKey]?.$ref;
      const base = viaRef ? `spec${viaRef}` : ref;
      validate = ajv.compile({ $ref: `${base}/${pointer("content", mediaType, "schema")}` });
    }
    validators.set(key, validate);
    return validate;
  }

  function check(operationId, status, body) {
    const validate = validatorFor(operationId, status);
    if (!validate)
      return body === undefined || body === null || body === "" ? [] : ["the spec documents no body for this response"];
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
  }

  return {
    check,
    assertValid(operationId, status, body) {
      const problems = check(operationId, status, body);
      if (problems.length) {
        throw new Error(
          `${operationId} ${status} does not match the spec:\n  ${problems.join("\n  ")}\n${JSON.stringify(body).slice(0, 500)}`,
        );
      }
    },
  };
}

/**
 * Every example in the spec (media-type `example`/`examples`, and schema `examples`), validated against its
 * schema. Returns `[{ where, problems }]` for each example checked.
 */
export function validateSpecExamples(spec) {
  const ajv = makeAjv(spec);
  const results = [];
  const visitMedia = (where, media, schemaPath) => {
    if (!media?.schema) return;
    const validate = ajv.compile({ $ref: `spec#/${schemaPath}` });
    const samples = [];
    if ("example" in media) samples.push(["example", media.example]);
    for (const [name, ex] of Object.entries(media.examples ?? {})) {
      const resolved = deref(spec, ex);
      if (resolved && "value" in resolved) samples.push([name, resolved.value]);
    }
    for (const [name, value] of samples) {
      const ok = validate(value);
      results.push({
        where: `${where} (${name})`,
        problems: ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`),
      });
    }
  };
  for (const op of listOperations(spec)) {
    const base = ["paths", op.path, op.method.toLowerCase()];
    const body = op.operation.requestBody;
    if (body) {
      const resolvedBody = deref(spec, body);
      const bodyBase = body.$ref ? body.$ref.replace(/^#\//, "").split("/") : [...base, "requestBody"];
      for (const [type, media] of Object.entries(resolvedBody.content ?? {})) {
        visitMedia(`${op.id} request ${type}`, media, pointer(...bodyBase, "content", type, "schema"));
      }
    }
    for (const [status, response] of Object.entries(op.operation.responses ?? {})) {
      const resolved = deref(spec, response);
      const respBase = response.$ref ? response.$ref.replace(/^#\//, "").split("/") : [...base, "responses", status];
      for (const [type, media] of Object.entries(resolved?.content ?? {})) {
        visitMedia(`${op.id} ${status} ${type}`, media, pointer(...respBase, "content", type, "schema"));
      }
    }
  }
  for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) {
    const examples = [
      ...(Array.isArray(schema.examples) ? schema.examples : []),
      ...("example" in schema ? [schema.example] : []),
    ];
    if (!examples.length) continue;
    const validate = ajv.compile({ $ref: `spec#/${pointer("components", "schemas", name)}` });
    examples.forEach((value, i) => {
      const ok = validate(value);
      results.push({
        where: `components.schemas.${name} example ${i}`,
        problems: ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`),
      });
    });
  }
  return results;
}

/**
 * The names of every error class and every error guard a module exports, sorted: classes are `HatcheryError`
 * and its subclasses (found by the prototype chain, so a new class counts without being listed here), guards
 * the `is…Error` functions. Pass `@hatchery/core`'s namespace, then check a provider re-exports each name.
 * @param {Record<string, unknown>} core
 * @returns {string[]}
 */
export function errorExportNames(core) {
  const base = core.HatcheryError;
  if (typeof base !== "function") throw new Error("errorExportNames: the module exports no HatcheryError");
  return Object.entries(core)
    .filter(
      ([name, value]) =>
        typeof value === "function" &&
        (value === base || value.prototype instanceof base || /^is[A-Z]\w*Error$/.test(name)),
    )
    .map(([name]) => name)
    .sort();
}

/**
 * Error answers that are not the API's JSON, as proxies, gateways and web frameworks send them: each must
 * become an `UnexpectedResponseError` with the status, method, URL and `excerpt` in its message.
 * @type {readonly { name: string, status: number, contentType: string, body: string, excerpt: string }[]}
 */
export const NON_JSON_ANSWERS = Object.freeze([
  {
    name: "a 502 page from nginx",
    status: 502,
    contentType: "text/html",
    body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n",
    excerpt: "502 Bad Gateway",
  },
  {
    name: "a 406 page from the web framework",
    status: 406,
    contentType: "text/html; charset=UTF-8",
    body: '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Not Acceptable</title>\n<style>body { font-family: sans-serif; }</style>\n</head>\n<body><div class="code">406</div><div class="message">Not Acceptable</div></body>\n</html>\n',
    excerpt: "Not Acceptable",
  },
  {
    name: "a 503 in plain text from a load balancer",
    status: 503,
    contentType: "text/plain",
    body: "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
    excerpt: "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
  },
  {
    name: "a 404 HTML page labelled as JSON",
    status: 404,
    contentType: "application/json",
    body: "<!doctype html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>",
    excerpt: "404 Not Found",
  },
]);

/**
 * The non-JSON error suite every provider runs: for each of {@link NON_JSON_ANSWERS}, the fake (served on
 * loopback by `serve`) answers `path` with that page, and the call must reject with an UnexpectedResponseError
 * naming the status, method and URL, with the page's excerpt in its message. vitest's functions are passed in
 * (this package does not depend on vitest); `client(baseUrl)` builds a client without retries.
 */
export function nonJsonErrorSuite(vitest, { fake, serve, client, call, method, path, isUnexpectedResponseError }) {
  const { afterAll, beforeAll, describe, expect, it } = vitest;
  let server;
  beforeAll(async () => {
    server = await serve(fake.handler);
  });
  afterAll(() => server.close());
  describe("an error answer that is not JSON is an UnexpectedResponseError", () => {
    for (const answer of NON_JSON_ANSWERS) {
      it(answer.name, async () => {
        fake.inject({
          status: answer.status,
          body: answer.body,
          headers: { "content-type": answer.contentType },
          match: { path },
        });
        const error = await call(client(server.url)).then(
          () => undefined,
          (e) => e,
        );
        const url = `${server.url}${path}`;
        expect(isUnexpectedResponseError(error)).toBe(true);
        expect(error).toMatchObject({ status: answer.status, method, url });
        expect(error.message).toContain(`${method} ${url} failed with status ${answer.status}`);
        expect(error.message).toContain(JSON.stringify(answer.excerpt));
      });
    }
  });
}

export { sampleInputs, serializationSuite } from "./serialization.js";
