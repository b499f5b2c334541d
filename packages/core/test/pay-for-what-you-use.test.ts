import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, test } from "vitest";

const INDEX = fileURLToPath(new URL("../src/index.ts", import.meta.url));

/**
 * Bundles `code` (an app's module importing `@hatchery/core`) as an app's bundler would (esbuild: bundled,
 * minified, tree-shaken, ESM for the browser), from core's sources, and returns the core modules that put bytes
 * in the output.
 */
async function modulesOf(code: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: code, resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "ts" },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
    alias: { "@hatchery/core": INDEX },
  });
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output?.inputs ?? {})
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([path]) =>
      path.includes("node_modules/") ? path.replace(/^.*node_modules\//, "npm:") : path.replace(/^(?:.*\/)?src\//, ""),
    );
}

/** One call of a bearer-key client with the `{data}` envelope and a declared rate limit (Hatch's shape). */
const bearerCall = (extra = "", options = "") => `
  import { callOperation, createCoreRuntime, normalizeData, operationTable, rateLimiter${extra} } from "@hatchery/core";
  const operations = operationTable({ upsert: ["POST /v1/contacts", { bodyType: "json" }] });
  const core = createCoreRuntime({
    provider: {
      name: "Demo",
      baseUrl: "https://api.example.com",
      envelope: { kind: "data", payload: "data" },
      auth: { kind: "bearer" },
      rateLimit: { requests: 10, windowMs: 1000 },
    },
    operations,
    options: { apiKey: "key"${options} },
    features: { envelope: normalizeData, rateLimiter },
  });
  callOperation(operations, "upsert")(core, { email: "a@example.com" }).then(console.log);
`;

/** What a spec does not declare and an app does not import: none of it may reach the bundle. */
const OPTIONAL = [
  "auth/session-auth.ts",
  "auth/session-token.ts",
  "response-cache.ts",
  "logger.ts",
  "quota.ts",
  "coerce.ts",
  "base-url-variables.ts",
  "required-headers.ts",
  "raw-client.ts:openapi-fetch",
  "errors/page-limit-error.ts",
  "errors/delete-failed-error.ts",
  "errors/quota-exceeded-error.ts",
  "pagination/",
];

describe("pay for what you use (bundled as an app would)", () => {
  test("one bearer call carries no session, cache, logger, quota, pagination, openapi-fetch or unused error class", async () => {
    const modules = await modulesOf(bearerCall());
    expect(modules).toContain("create-client.ts");
    expect(modules).toContain("rate-limiter.ts");
    for (const optional of OPTIONAL) {
      const [file, dependency] = optional.split(":");
      expect(modules.filter((m) => m.startsWith(dependency ? `npm:${dependency}` : (file as string)))).toEqual([]);
    }
  }, 30_000);

  test("what the app imports is there: the response cache, a logger, a quota", async () => {
    const modules = await modulesOf(
      bearerCall(
        ", createLogger, dailyQuota, responseCache",
        ", cache: responseCache(), logger: createLogger(console), quota: dailyQuota({ limit: 5 })",
      ),
    );
    for (const file of ["response-cache.ts", "logger.ts", "quota.ts", "errors/quota-exceeded-error.ts"]) {
      expect(modules).toContain(file);
    }
    expect(modules).not.toContain("auth/session-auth.ts");
  }, 30_000);

  test("session auth comes with the spec that declares it", async () => {
    const modules = await modulesOf(`
      import { callOperation, createCoreRuntime, normalizeData, operationTable, sessionAuth } from "@hatchery/core";
      const operations = operationTable({
        authenticate: ["POST /authenticate", { bodyType: "form" }],
        get: ["GET /things"],
      });
      const core = createCoreRuntime({
        provider: {
          name: "Demo",
          baseUrl: "https://api.example.com",
          envelope: { kind: "data", payload: "data" },
          auth: { kind: "session", operation: "authenticate", credentialField: "api_key", tokenPath: "token",
            tokenField: "token", placement: "body" },
        },
        operations,
        options: { apiKey: "key" },
        features: { envelope: normalizeData, session: sessionAuth },
      });
      callOperation(operations, "get")(core, {}).then(console.log);
    `);
    expect(modules).toContain("auth/session-auth.ts");
    expect(modules).toContain("auth/session-token.ts");
    expect(modules).not.toContain("response-cache.ts");
  }, 30_000);
});
