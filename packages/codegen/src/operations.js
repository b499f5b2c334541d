// @ts-check
/** Reads a spec into the model the renderers need: the provider table and one entry per operation. */

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** Resolves a local `$ref` (`#/components/...`). */
export function deref(spec, node, seen = 0) {
  if (!node || typeof node !== "object" || typeof node.$ref !== "string") return node;
  if (seen > 32) throw new Error(`$ref cycle at ${node.$ref}`);
  const target = node.$ref
    .replace(/^#\//, "")
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, key) => acc?.[key], spec);
  if (target === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
  return deref(spec, target, seen + 1);
}

/** Required property names of a (possibly composed) object schema. */
function requiredProps(spec, schema) {
  const s = deref(spec, schema);
  if (!s || typeof s !== "object") return [];
  const own = Array.isArray(s.required) ? s.required : [];
  const composed = (s.allOf ?? []).flatMap((part) => requiredProps(spec, part));
  return [...own, ...composed];
}

/** Property schemas of a (possibly composed) object schema. */
function properties(spec, schema) {
  const s = deref(spec, schema);
  if (!s || typeof s !== "object") return {};
  const merged = { ...(s.properties ?? {}) };
  for (const part of s.allOf ?? []) Object.assign(merged, properties(spec, part));
  return merged;
}

/**
 * True when the schema at a dot `path` of `schema` (`""` is the schema itself) is an array, through `allOf`,
 * and in every variant of an `anyOf`/`oneOf` on the way.
 */
function arrayAt(spec, schema, path, depth = 0) {
  const s = deref(spec, schema);
  if (!s || typeof s !== "object" || depth > 16) return false;
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.every((v) => arrayAt(spec, v, path, depth + 1));
  if (path === "") return s.type === "array" || (Array.isArray(s.type) && s.type.includes("array"));
  const [key, ...rest] = path.split(".");
  const prop = properties(spec, s)[key];
  return prop !== undefined && arrayAt(spec, prop, rest.join("."), depth + 1);
}

/** True when a request body schema is an object whose fields can be merged into a flat input. */
function isObjectBody(spec, schema) {
  const s = deref(spec, schema);
  if (!s || typeof s !== "object") return false;
  const type = Array.isArray(s.type) ? s.type.filter((t) => t !== "null") : [s.type];
  if (s.oneOf || s.anyOf) return false;
  return type.includes("object") || (s.type === undefined && (Boolean(s.properties) || Boolean(s.allOf)));
}

/**
 * Where each field of an operation's flat input goes (path, query and header parameters, body fields or a whole
 * `body`), checked for names two of them share; and the part core cannot infer, as the operation table's `fields`
 * (see `nestInput` in core): query names when the operation also has an object body, header names, and
 * `body: "whole"` for a body that is not an object.
 * @param {any} spec
 * @param {string} id
 * @param {any[]} parameters dereferenced
 * @param {string | undefined} bodyType
 * @param {any} bodySchema
 * @param {string[]} filled body fields the client fills in itself
 */
export function placementOf(spec, id, parameters, bodyType, bodySchema, filled) {
  /** @type {Map<string, string>} */
  const owner = new Map();
  const claim = (name, where) => {
    const other = owner.get(name);
    if (other !== undefined) {
      throw new Error(
        `${id}: "${name}" is both ${other} and ${where}, so a flat input cannot tell them apart; rename one in the spec`,
      );
    }
    owner.set(name, where);
  };
  const seen = new Set();
  for (const p of parameters) {
    // An operation's parameter overrides the path item's of the same name and location.
    if (p.in === "cookie" || seen.has(`${p.in} ${p.name}`)) continue;
    seen.add(`${p.in} ${p.name}`);
    claim(p.name, `a ${p.in} parameter`);
  }
  const whole = bodyType !== undefined && !isObjectBody(spec, bodySchema);
  if (whole && bodyType === "form") throw new Error(`${id}: a form body must be an object schema`);
  if (whole) claim("body", "the whole request body (not an object)");
  else if (bodyType)
    for (const name of Object.keys(properties(spec, bodySchema)))
      if (!filled.includes(name)) claim(name, "a body field");
  const query = [...new Set(parameters.filter((p) => p.in === "query").map((p) => p.name))];
  const header = [...new Set(parameters.filter((p) => p.in === "header").map((p) => p.name))];
  const fields = {
    ...(bodyType && !whole && query.length ? { query } : {}),
    ...(header.length ? { header } : {}),
    ...(whole ? { body: "whole" } : {}),
  };
  return { whole, fields: Object.keys(fields).length ? fields : undefined };
}

/**
 * The list an operation is, when it is one and the API does not paginate it: `x-hatchery-list: { items }` names
 * the item array, `x-hatchery-list: true` (or no extension, when the payload schema is an array) makes the
 * payload the items, `x-hatchery-list: false` opts an array payload out.
 * @returns {{ style: "single", items: string } | undefined}
 */
function singleListOf(spec, op, payloadPath) {
  const mark = op["x-hatchery-list"];
  if (mark === false) return undefined;
  if (mark !== undefined && mark !== true && !(mark && typeof mark === "object" && typeof mark.items === "string")) {
    throw new Error(`${op.operationId}: x-hatchery-list must be true, false or { items: <dot path> }`);
  }
  const items = typeof mark === "object" ? mark.items : payloadPath;
  const bodies = Object.entries(op.responses ?? {})
    .filter(([status]) => /^2/.test(status))
    .map(([, response]) => jsonSchemaOf(deref(spec, response)?.content))
    .filter(Boolean);
  const arrays = bodies.length > 0 && bodies.every((schema) => arrayAt(spec, schema, items));
  if (mark === undefined) return arrays ? { style: "single", items } : undefined;
  if (!arrays) throw new Error(`${op.operationId}: x-hatchery-list: "${items}" is not an array in every success body`);
  return { style: "single", items };
}

/** True when `schema` requires every step of the dot `path` (`data`, `result.items`). */
export function requiresPath(spec, schema, path) {
  let current = schema;
  for (const key of path.split(".")) {
    if (!requiredProps(spec, current).includes(key)) return false;
    current = properties(spec, current)[key];
  }
  return true;
}

/** Collects `x-hatchery-coerce` markers below `schema` as `[path, kind]` rules. */
export function coercionRules(spec, schema, prefix = "", depth = 0, out = new Map()) {
  const s = deref(spec, schema);
  if (!s || typeof s !== "object" || depth > 12) return out;
  if (s["x-hatchery-coerce"] && prefix) out.set(prefix, s["x-hatchery-coerce"]);
  for (const variant of [...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])]) {
    coercionRules(spec, variant, prefix, depth + 1, out);
  }
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    coercionRules(spec, prop, prefix ? `${prefix}.${name}` : name, depth + 1, out);
  }
  if (s.items) coercionRules(spec, s.items, `${prefix}[]`, depth + 1, out);
  return out;
}

function jsonSchemaOf(content) {
  if (!content) return undefined;
  const media =
    content["application/json"] ?? content["application/x-www-form-urlencoded"] ?? Object.values(content)[0];
  return media?.schema;
}

/**
 * `x-hatchery.headers` as option name -> header name. A value is the header name, or
 * `{ header, description }` where the description documents the client option.
 * @param {Record<string, string | { header: string, description?: string }>} headers
 * @returns {Record<string, string>}
 */
export function headerNames(headers) {
  return Object.fromEntries(
    Object.entries(headers).map(([option, value]) => {
      const header = typeof value === "string" ? value : value?.header;
      if (typeof header !== "string" || header === "") {
        throw new Error(`x-hatchery.headers.${option}: a header name is required`);
      }
      return [option, header];
    }),
  );
}

/**
 * `x-hatchery.errorHints` checked: HTTP error statuses (400-599) -> non-empty text, keys as strings.
 * @param {Record<string, unknown>} hints
 * @returns {Record<string, string>}
 */
export function errorHints(hints) {
  return Object.fromEntries(
    Object.entries(hints).map(([status, text]) => {
      if (!/^[45]\d\d$/.test(status)) throw new Error(`x-hatchery.errorHints: "${status}" is not an error status`);
      if (typeof text !== "string" || text.trim() === "") {
        throw new Error(`x-hatchery.errorHints.${status}: a non-empty text is required`);
      }
      return [status, text.trim()];
    }),
  );
}

/**
 * `x-hatchery-pagination.pageLimit`: error codes (compared as strings) and a reason for the message.
 * @param {string} id
 * @param {any} limit
 */
export function pageLimitOf(id, limit) {
  if (!limit || typeof limit !== "object") throw new Error(`${id}: x-hatchery-pagination.pageLimit must be an object`);
  const codes = limit.codes === undefined ? undefined : [].concat(limit.codes).map(String);
  return {
    ...(codes ? { codes } : {}),
    ...(typeof limit.message === "string" ? { message: limit.message.trim() } : {}),
  };
}

/**
 * `x-hatchery-cache`: `true`, `false`, or `{ when: <dot path> }`.
 * @param {string} id
 * @param {any} rule
 */
export function cacheRuleOf(id, rule) {
  if (typeof rule === "boolean") return rule;
  if (rule && typeof rule === "object" && typeof rule.when === "string" && rule.when !== "") return { when: rule.when };
  throw new Error(`${id}: x-hatchery-cache must be true, false or { when: <dot path> }`);
}

/**
 * @param {any} spec
 */
export function describeOperations(spec) {
  const x = spec["x-hatchery"];
  const server = spec.servers[0];
  const serverVariables = Object.fromEntries(
    Object.entries(server.variables ?? {}).map(([name, v]) => [name, String(/** @type {any} */ (v).default)]),
  );
  const auth = x.auth ?? { kind: "none" };
  const provider = {
    name: x.clientName,
    baseUrl: server.url,
    ...(Object.keys(serverVariables).length ? { serverVariables } : {}),
    envelope: { kind: x.envelope.kind, payload: x.envelope.payload ?? "" },
    ...(x.requestIdHeader ? { requestIdHeader: x.requestIdHeader } : {}),
    auth,
    ...(x.rateLimit ? { rateLimit: x.rateLimit } : {}),
    ...(x.headers ? { headerOptions: headerNames(x.headers) } : {}),
    ...(x.defaultHeaders ? { defaultHeaders: x.defaultHeaders } : {}),
    ...(x.errorHints ? { errorHints: errorHints(x.errorHints) } : {}),
  };
  /** Body fields the client fills in itself, so callers never pass them. */
  const filledFields = (id) => {
    if (auth.kind !== "session") return [];
    if (id === auth.operation) return [auth.credentialField];
    return auth.placement === "body" ? [auth.tokenField] : [];
  };

  const operations = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const METHOD = method.toUpperCase();
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(spec, p));
      const requestBody = deref(spec, op.requestBody);
      const bodyContent = requestBody?.content ?? {};
      const bodyType = bodyContent["application/x-www-form-urlencoded"]
        ? "form"
        : Object.keys(bodyContent).length
          ? "json"
          : undefined;
      const bodySchema = jsonSchemaOf(bodyContent);
      const bodyProps = properties(spec, bodySchema);
      const filled = bodyType ? filledFields(op.operationId) : [];
      const bodyRequired =
        Boolean(requestBody?.required) && requiredProps(spec, bodySchema).some((name) => !filled.includes(name));
      const inputRequired = parameters.some((p) => p.required) || bodyRequired;

      /** Where the operation takes `name`: a query parameter, a body field, or neither (`undefined`). */
      const takes = (name) =>
        parameters.some((p) => p.in === "query" && p.name === name) ? "query" : name in bodyProps ? "body" : undefined;
      const where = (name) => takes(name) ?? "query";
      let pagination;
      const pg = op["x-hatchery-pagination"];
      if (pg) {
        if (pg.style === "offset") {
          pagination = {
            style: "offset",
            items: pg.items,
            limitParam: pg.limitParam,
            offsetParam: pg.offsetParam,
            total: pg.total,
            ...(pg.maxLimit !== undefined ? { maxLimit: pg.maxLimit } : {}),
            in: where(pg.offsetParam),
          };
        } else if (pg.style === "page") {
          pagination = {
            style: "page",
            items: pg.items,
            pageParam: pg.pageParam,
            // A shared pagination block may name a page-size parameter that some of its operations lack.
            ...(pg.limitParam && takes(pg.limitParam) === where(pg.pageParam)
              ? { limitParam: pg.limitParam, ...(pg.maxLimit !== undefined ? { maxLimit: pg.maxLimit } : {}) }
              : {}),
            ...(pg.currentPage ? { currentPage: pg.currentPage } : {}),
            ...(pg.lastPage ? { lastPage: [].concat(pg.lastPage) } : {}),
            ...(pg.nextLink ? { nextLink: pg.nextLink } : {}),
            in: where(pg.pageParam),
            ...(pg.pageLimit ? { pageLimit: pageLimitOf(op.operationId, pg.pageLimit) } : {}),
          };
        } else throw new Error(`${op.operationId}: unknown x-hatchery-pagination.style ${pg.style}`);
        if (op["x-hatchery-list"] !== undefined) {
          throw new Error(`${op.operationId}: x-hatchery-list and x-hatchery-pagination exclude each other`);
        }
      }
      pagination ??= singleListOf(spec, op, op["x-hatchery-payload"] ?? provider.envelope.payload);
      const placement = placementOf(spec, op.operationId, parameters, bodyType, bodySchema, filled);

      const rules = new Map();
      const payloadPath = op["x-hatchery-payload"] ?? provider.envelope.payload;
      // The payload is required when every success with a body requires it: a success without it is then a
      // broken response (a proxy's `{}`, say), not a result of `undefined`.
      let payloadRequired = payloadPath !== "";
      let successBodies = 0;
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (!/^2/.test(status)) continue;
        const content = deref(spec, response)?.content;
        const schema = jsonSchemaOf(content);
        if (schema) for (const [p, k] of coercionRules(spec, schema)) rules.set(p, k);
        if (!content) continue;
        successBodies += 1;
        payloadRequired &&= Boolean(schema) && requiresPath(spec, schema, payloadPath);
      }
      payloadRequired &&= successBodies > 0;
      const idempotent =
        typeof op["x-hatchery-idempotent"] === "boolean" ? op["x-hatchery-idempotent"] : IDEMPOTENT_METHODS.has(METHOD);
      const runtime = {
        id: op.operationId,
        method: METHOD,
        path,
        idempotent,
        ...(op["x-hatchery-idempotent-when-body-has"]
          ? { idempotentWhenBodyHas: op["x-hatchery-idempotent-when-body-has"] }
          : {}),
        ...(bodyType ? { bodyType } : {}),
        ...(pagination ? { pagination } : {}),
        ...(placement.fields ? { fields: placement.fields } : {}),
        ...(op["x-hatchery-payload"] !== undefined ? { payload: op["x-hatchery-payload"] } : {}),
        ...(payloadRequired ? { payloadRequired } : {}),
        ...(rules.size ? { coerce: [...rules].sort(([a], [b]) => a.localeCompare(b)) } : {}),
        ...(typeof op["x-hatchery-outcome-unknown-hint"] === "string"
          ? { outcomeUnknownHint: op["x-hatchery-outcome-unknown-hint"].trim() }
          : {}),
        ...(op["x-hatchery-cache"] !== undefined ? { cache: cacheRuleOf(op.operationId, op["x-hatchery-cache"]) } : {}),
      };
      operations.push({
        id: op.operationId,
        method: METHOD,
        path,
        summary: op.summary,
        description: op.description,
        deprecated: Boolean(op.deprecated),
        unverified: Boolean(op["x-hatchery-unverified"]),
        inputRequired,
        filled,
        wholeBody: placement.whole,
        payloadPath,
        runtime,
      });
    }
  }
  return { provider, operations, packageName: x.packageName };
}
