// @ts-check
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the edits quote core source text, template literals included
/**
 * What the core floor's bytes buy (issue 18): the floor entry (and each provider's one call, the same way) bundled
 * again and again from a copy of core's sources, taking out one behaviour beyond the must-haves at a time,
 * cumulatively. A row's bytes are what taking that behaviour out saves once the rows above it are out (so the order
 * matters a little: shared code counts in the first row that leaves it unused). After the last row the floor's
 * bundle holds the must-haves alone, in this code: the real minimum of this design, which the report sets beside the
 * floor and the budgets. A provider's call holds the must-haves and what its spec declares.
 *
 * The removals edit core's source text in a temporary copy; core itself is never touched. Each edit names text that
 * must occur exactly once in its file: when core changes and an edit no longer matches, the run fails and says
 * which (a stale figure is worse than none). Update the edit beside the change to core.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const CORE_SRC = fileURLToPath(new URL("../../core/src/", import.meta.url));
/** Where the copy's imports of core's dependencies (openapi-fetch) resolve: core's own node_modules. */
const CORE_NODE_MODULES = fileURLToPath(new URL("../../core/node_modules/", import.meta.url));

/**
 * One edit of a core source file (path relative to packages/core/src): `find` replaced by `replace`, or the text
 * from `from` (included) to `to` (excluded) replaced by `replace`.
 * @typedef {{ file: string, find: string, replace: string } | { file: string, from: string, to: string, replace: string }} Edit
 * @typedef {{ label: string, edits: Edit[] }} Removal
 */

/** @type {Removal[]} */
export const REMOVALS = [
  {
    label: "JSON:API and Problem Details error bodies (the `{data}` envelope reads `{message}` only)",
    edits: [
      {
        file: "envelopes/normalize-data.ts",
        from: "  const errors = body.errors;",
        to: "\n};\n",
        replace: "  return { ok: false, message: text(body.message), validationMessages: [], warnings: [] };",
      },
      {
        file: "envelopes/normalize-data.ts",
        find: "fieldMessages, isObject, isSuccess, pointerField, text",
        replace: "isObject, isSuccess, text",
      },
    ],
  },
  {
    label: "HTML pages told apart from other non-JSON bodies, and the excerpt of one",
    edits: [
      {
        file: "parse-body.ts",
        find: `  if (/html/i.test(contentType ?? "") || /^\\s*<(!doctype|html|head|body)/i.test(text)) {
    return { kind: "text", text, reason: "html" };
  }
`,
        replace: "",
      },
      { file: "body-excerpt.ts", from: "  const plain = (", to: "}\n", replace: "  return text.slice(0, max);\n" },
      {
        file: "create-client.ts",
        find: '${parsed.reason === "html" ? "an HTML page (a proxy or gateway error?)" : "not valid JSON"}',
        replace: "not valid JSON",
      },
    ],
  },
  {
    label: "URL redaction beyond the known secrets (sensitive query names, secrets in any encoding, user info)",
    edits: [
      {
        file: "redact.ts",
        from: "    if (!URL.canParse(input)) return this.scrub(input);",
        to: "  /** Headers as a plain object",
        replace: "    return this.scrub(input);\n  }\n\n",
      },
      { file: "redact.ts", find: "const SENSITIVE_QUERY =", replace: "const _SENSITIVE_QUERY =" },
    ],
  },
  {
    label: "flat input (operation functions take openapi-fetch's nested input)",
    edits: [
      {
        file: "create-client.ts",
        find: "execute(operation, nestInput(operation, input), options)",
        replace: "execute(operation, (input ?? {}) as PageInput, options)",
      },
      {
        file: "pagination/paginate.ts",
        find: "paginate<Item, Body>(client, operation, nestInput(operation, input), options, pager, guard)",
        replace: "paginate<Item, Body>(client, operation, (input ?? {}) as PageInput, options, pager, guard)",
      },
    ],
  },
  {
    label: "same-origin redirects followed",
    edits: [
      {
        file: "transport.ts",
        from: "            // Same-origin redirects are followed",
        to: "        try {\n          [response, text, finalUrl]",
        replace: "            return [response, await response.text(), hopUrl];\n          }\n        };\n",
      },
      // With no redirect, an attempt is one request: no loop over hops, and no hop to tell a failure by.
      { file: "transport.ts", find: "          for (let hop = 0; ; hop++) {", replace: "          {" },
      { file: "transport.ts", find: "            hops = hop;\n", replace: "" },
      { file: "transport.ts", find: "        let hops = 0;\n", replace: "" },
      {
        file: "transport.ts",
        find: 'hops > 0 ? "network" : classifyFailure(error)',
        replace: "classifyFailure(error)",
      },
    ],
  },
  {
    label: "option checks: the retry policy's numbers and the timeout",
    edits: [
      { file: "retry-policy.ts", from: "  if (state) {\n    // Each number", to: "  return state;\n}", replace: "" },
      { file: "retry-policy.ts", find: "const MAXIMA =", replace: "const _MAXIMA =" },
      {
        file: "create-client.ts",
        find: `  if (ms > 0 && ms < Number.POSITIVE_INFINITY) return ms;
  throw new ConfigurationError(\`timeoutMs must be a positive, finite number of ms; got \${ms}\`);`,
        replace: "  return ms;",
      },
    ],
  },
  {
    label: "logger events (the logger's own code is never in the floor)",
    edits: [
      { file: "transport.ts", from: "      if (log?.debug) {", to: "      if (decision.retry) {", replace: "" },
      {
        file: "transport.ts",
        find: '          log?.("retry", { method, url: safeUrl(), delayMs: decision.delayMs, attempt: attempt + 1 });\n',
        replace: "",
      },
      { file: "transport.ts", find: '        log?.("budget", { method, url: safeUrl() });\n', replace: "" },
      {
        file: "transport.ts",
        find: '      log?.("failed", { method, url: init.url, failure, attempts: attempt });\n',
        replace: "",
      },
      { file: "transport.ts", find: "      const started = Date.now();\n", replace: "" },
      // No logger option: nothing named `log` is made or passed on.
      {
        file: "create-client.ts",
        find: '  const log = made(options.logger, "logger", "createLogger")?.((text) => redactor.scrub(text));\n',
        replace: "",
      },
      { file: "create-client.ts", find: "    redactor,\n    log,\n  });", replace: "    redactor,\n  });" },
      { file: "create-client.ts", find: "    log,\n    tokens:", replace: "    tokens:" },
      { file: "transport.ts", find: "const { redactor, log, limiters", replace: "const { redactor, limiters" },
    ],
  },
  {
    label: "secrets an API echoes in a success body, redacted",
    edits: [
      {
        file: "create-client.ts",
        from: "      if (!internal && redactor.mentions(",
        to: "      return result;",
        replace: "",
      },
    ],
  },
  {
    label: "`withResponse()`: the result around the payload (response, request id, warnings, attempts)",
    edits: [
      {
        file: "create-client.ts",
        from: "      const result = new Result(",
        to: "      // A provider may echo",
        replace: "      const result = { data: deleted ? undefined : normalized.payload } as ApiResult<unknown>;\n",
      },
      {
        file: "create-client.ts",
        find: `  return new ApiPromise<T>(
    client[RUNTIME].execute(operation, (input ?? {}) as PageInput, options) as Promise<ApiResult<T>>,
  );`,
        replace:
          "  return client[RUNTIME].execute(operation, (input ?? {}) as PageInput, options).then((r) => r.data) as never;",
      },
    ],
  },
  {
    label: "errors: guards across two copies of core, `toJSON`, an unexpected answer's status guard",
    edits: [
      {
        file: "errors/hatchery-error.ts",
        from: "  /** A plain, credential-free object for logs",
        to: "/**\n * Records `name`",
        replace:
          "  override get name(): string {\n    return (this.constructor as typeof HatcheryError).brand;\n  }\n}\n\n",
      },
      { file: "errors/hatchery-error.ts", find: "  declare name: string;\n", replace: "" },
      {
        file: "errors/hatchery-error.ts",
        from: "  define(target, LINEAGE, [",
        to: "}\n\n/** True when `value`",
        replace: "",
      },
      {
        file: "errors/api-error.ts",
        from: "    const Status = byStatus(init.status);",
        to: "  }\n}\n\n/** Builds the",
        replace: "",
      },
    ],
  },
  {
    label: "the failure record session auth reads",
    edits: [
      {
        file: "create-client.ts",
        from: '        if (parsed.kind !== "text" || !response.ok) {\n          sessionFailures()',
        to: "        throw error;",
        replace: "",
      },
    ],
  },
  {
    label: "abort controllers reused across attempts (speed)",
    edits: [
      {
        file: "transport.ts",
        find: "const controller = controllers.pop() ?? new AbortController();",
        replace: "const controller = new AbortController();",
      },
      {
        file: "transport.ts",
        from: "          // Not aborted: the controller serves another attempt",
        to: "        } catch (error) {",
        replace: "",
      },
    ],
  },
  {
    label: "where the opt-in features plug in: limiters, quota, response cache, session auth",
    edits: [
      {
        file: "create-client.ts",
        from: "    limiters: [",
        to: "    budget: budget ?",
        replace: "",
      },
      { file: "create-client.ts", find: '    quota: made(options.quota, "quota", "dailyQuota"),\n', replace: "" },
      {
        file: "create-client.ts",
        from: "  // Features that wrap every call",
        to: "  /** The provider's request or trace id",
        replace: "",
      },
      {
        file: "transport.ts",
        from: "        try {\n          for (const limiter of limiters)",
        to: "        const authorized = authorize?.(headers);",
        replace: "",
      },
      // With no limiter, nothing is held: the try that releases what is held goes too.
      { file: "transport.ts", find: "      const held = limiters.length ? [] : NONE;\n", replace: "" },
      {
        file: "transport.ts",
        find: "      try {\n        const authorized = authorize?.(headers);",
        replace: "      {\n        const authorized = authorize?.(headers);",
      },
      {
        file: "transport.ts",
        find: "      } finally {\n        for (const release of held) release();\n      }\n",
        replace: "      }\n",
      },
    ],
  },
  {
    label: "path parameters refused when empty, `.`, `..` or with a lone surrogate; bodies JSON cannot carry",
    edits: [
      {
        file: "safety.ts",
        from: "    if (/^\\.{0,2}$|\\p{Cs}/u.test(text)) {",
        to: "    return encodeSegment(text);",
        replace: "",
      },
      {
        file: "safety.ts",
        from: "  try {\n    return JSON.stringify(body);",
        to: "\n}\n\n/**\n * Serializes a body",
        replace: "  return JSON.stringify(body);",
      },
    ],
  },
  {
    label: "a request that cannot be built, and a status no `Response` can carry, told apart",
    edits: [
      {
        file: "transport.ts",
        from: "            let next: Request;\n            try {\n              next = new Request(",
        to: "            sent.push(next);",
        replace:
          '            const next = new Request(hopUrl, {\n              method: hopMethod,\n              headers: hopHeaders,\n              body: hopBody,\n              signal: controller.signal,\n              redirect: "manual",\n            });\n',
      },
      {
        file: "transport.ts",
        from: "            const { status } = response;\n            if (!(status >= 200 && status <= 599)) {",
        to: "            return [response, await response.text(), hopUrl];",
        replace: "",
      },
      {
        file: "transport.ts",
        find: "          if (error instanceof InvalidArgumentError) throw error;\n",
        replace: "",
      },
      {
        file: "transport.ts",
        find: `                : cause instanceof InvalidStatus
                  ? cause.message
                  : `,
        replace: " : ",
      },
    ],
  },
  {
    label: "a key refused in a browser, header names checked, base URL checked for validity and credentials",
    edits: [
      {
        file: "create-client.ts",
        from: "  if (apiKey !== undefined && isBrowser()",
        to: '  if (typeof apiKey === "string") assertHeaderValue',
        replace: "",
      },
      { file: "create-client.ts", find: "    assertHeaderName(name);\n", replace: "" },
      {
        file: "safety.ts",
        from: "  let url: URL;\n  try {",
        to: '  if (url.protocol !== "https:"',
        replace: "  const url = new URL(baseUrl);\n",
      },
    ],
  },
  {
    label:
      "spec hooks every call keeps: header options, required headers, server variables, deletes, required payloads, hints",
    edits: [
      {
        file: "create-client.ts",
        find: "features.baseUrlVariables?.(provider, options.baseUrl, init.serverVariables) ?? options.baseUrl",
        replace: "options.baseUrl",
      },
      {
        file: "create-client.ts",
        from: "  for (const option in init.headerValues) {",
        to: "  addHeaders(headers, options.headers);",
        replace: "",
      },
      {
        file: "create-client.ts",
        from: "    send: (request, sendOptions) => {\n      required?.(",
        to: "    retry,\n    timeoutMs,",
        replace: "    send,\n",
      },
      {
        file: "create-client.ts",
        from: "      if (deleted) features.deletes?.(",
        to: "      const result =",
        replace: "",
      },
      // The hint is what the try around execute's body is for: the whole try goes with it.
      {
        file: "create-client.ts",
        find: "    const { method } = operation;\n    try {\n",
        replace: "    const { method } = operation;\n    {\n",
      },
      {
        file: "create-client.ts",
        from: "    } catch (error) {\n      const hint = operation.outcomeUnknownHint;",
        to: "\n\n  return { [RUNTIME]: runtime };",
        replace: "    }\n  }",
      },
      { file: "create-client.ts", find: "      hint: provider.errorHints?.[status],\n", replace: "" },
    ],
  },
  {
    label: "error messages as sentences (terse ones instead; method, URL and status kept)",
    edits: [
      {
        file: "errors/hatchery-error.ts",
        find: `" The request is not idempotent and may have taken effect: it was not retried. Check the server's state before sending it again."`,
        replace: '" outcome unknown"',
      },
      {
        file: "errors/api-error.ts",
        from: "    if (retryAfterMs !== undefined && status === 429) {",
        to: "    super(message);",
        replace: "",
      },
      { file: "errors/request-errors.ts", find: ": aborted by the caller.`", replace: ": aborted`" },
      {
        file: "safety.ts",
        find: "`baseUrl ${url.origin} is not HTTPS: credentials would travel in clear text. Use https://, a loopback host, or allowInsecureHttp: true.`",
        replace: "`${url.origin}: not HTTPS`",
      },
      { file: "safety.ts", find: "`${name} must be a string; got ${typeof value}.`", replace: "name" },
      {
        file: "safety.ts",
        find: "`${name} cannot travel in a header: it has CR, LF, NUL, another control character or one beyond U+00FF.`",
        replace: "name",
      },
      { file: "transport.ts", find: '"the connection broke before a full response arrived"', replace: '"network"' },
      { file: "planned-request.ts", find: "`query parameter ${name} is nested too deep to be sent`", replace: "name" },
      {
        file: "create-client.ts",
        find: '`unexpected redirect${responseHeaders.get("location") ? " to another origin" : ""}; not followed, so credentials stay with the API host`',
        replace: '"redirect"',
      },
      {
        file: "create-client.ts",
        find: "`the response body is not valid JSON: ${JSON.stringify(bodyExcerpt(redactor.scrub(text)))}`",
        replace: '"not JSON"',
      },
    ],
  },
];

/**
 * Applies `edit` to `text`; throws, naming the removal and the file, when its text does not occur exactly once.
 * @param {string} text
 * @param {Edit} edit
 * @param {string} label
 */
function apply(text, edit, label) {
  const fail = (what) => {
    throw new Error(
      `size ledger: "${label}": ${what} in packages/core/src/${edit.file}; core changed, so update REMOVALS in packages/bench/src/size-ledger.js`,
    );
  };
  if ("find" in edit) {
    const at = text.indexOf(edit.find);
    if (at < 0 || text.indexOf(edit.find, at + 1) >= 0)
      fail(`${JSON.stringify(edit.find.slice(0, 60))} is not there once`);
    return text.slice(0, at) + edit.replace + text.slice(at + edit.find.length);
  }
  const start = text.indexOf(edit.from);
  if (start < 0 || text.indexOf(edit.from, start + 1) >= 0)
    fail(`${JSON.stringify(edit.from.slice(0, 60))} is not there once`);
  const end = text.indexOf(edit.to, start + edit.from.length);
  if (end < 0)
    fail(`${JSON.stringify(edit.to.slice(0, 60))} does not follow ${JSON.stringify(edit.from.slice(0, 40))}`);
  return text.slice(0, start) + edit.replace + text.slice(end);
}

/**
 * Bundles an entry with `@hatchery/core` from a copy of core's sources, first as they are, then after each removal.
 * @param {(resolve: { alias: Record<string, string>, nodePaths: string[] }) => Promise<{ min: number, gzip: number, brotli: number }>} measure
 *   bundles the entry (the floor, or a provider's one call) with these esbuild resolve options
 */
export async function runLedger(measure) {
  const dir = mkdtempSync(join(tmpdir(), "hatchery-size-ledger-"));
  try {
    cpSync(CORE_SRC, dir, { recursive: true });
    const resolve = { alias: { "@hatchery/core": join(dir, "index.ts") }, nodePaths: [CORE_NODE_MODULES] };
    const base = await measure(resolve);
    let before = base;
    /** @type {{ label: string, saved: number }[]} */
    const rows = [];
    for (const removal of REMOVALS) {
      const files = new Map();
      for (const edit of removal.edits) {
        const path = join(dir, edit.file);
        files.set(path, apply(files.get(path) ?? readFileSync(path, "utf8"), edit, removal.label));
      }
      for (const [path, text] of files) writeFileSync(path, text);
      const after = await measure(resolve);
      rows.push({ label: removal.label, saved: before.gzip - after.gzip });
      before = after;
    }
    return { base, rows, minimum: before };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
