// @hatchery/redis as users get it. It is not a provider (no spec, no fake of its own), so it has its own row:
//  1. `npm install @hatchery/redis` alone in a fresh project: only it, core and openapi-fetch (its Redis clients
//     are optional peers, never installed for you), within its install budget;
//  2. for each Redis client it supports as a peer (ioredis, node-redis `redis`, at the versions its tests use): a
//     fresh project installs @hatchery/redis, @hatchery/hatch and that client; `import` (ESM) and `require` (CJS)
//     programs each start a redis-server on 127.0.0.1 (`@hatchery/redis/testing`), serve the Hatch fake, and make
//     real calls through a Hatch client whose rate limit and daily quota live in Redis, on Node 20, 22 and 24;
//     a TypeScript program (nodenext and bundler) passes that client to every store, and a wrong option is an error.
// It needs redis-server on PATH (.ci/run installs it).
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { check, cleanEnv, measureInstall, ok, run } from "./lib.mjs";

export const REDIS_PACKAGE = "@hatchery/redis";
const ALONE = [REDIS_PACKAGE, "@hatchery/core", "openapi-fetch", "openapi-typescript-helpers"];

/** The Redis clients to install, at the versions @hatchery/redis's own tests use (its devDependencies). */
function clients(root) {
  const dev = JSON.parse(readFileSync(join(root, "packages/redis/package.json"), "utf8")).devDependencies;
  return [
    {
      name: "ioredis",
      version: dev.ioredis,
      connect: "const redis = new Redis(server.url);",
      raw: "(...args) => redis.call(...args)",
      close: "redis.disconnect()",
      esm: 'import { Redis } from "ioredis";',
      cjs: 'const { Redis } = require("ioredis");',
    },
    {
      name: "redis",
      version: dev.redis,
      connect: "const redis = createClient({ url: server.url });\nawait redis.connect();",
      raw: "(...args) => redis.sendCommand(args)",
      close: "await redis.quit()",
      esm: 'import { createClient } from "redis";',
      cjs: 'const { createClient } = require("redis");',
    },
  ];
}

async function npmInstall(dir, registry, specs) {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "hatchery-redis-consumer", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
  );
  await writeFile(join(dir, ".npmrc"), `registry=${registry.url}\n`);
  await ok(
    "npm",
    ["install", "--no-audit", "--no-fund", "--userconfig", registry.npmrc, "--cache", registry.npmCache, ...specs],
    { cwd: dir, env: cleanEnv({ npm_config_registry: registry.url }), timeoutMs: 180_000 },
  );
  return measureInstall(dir);
}

const body = (client) => `
const server = await startRedisServer();
const fake = createHatchFake({ rateLimit: { requests: 2, windowMs: 200 } });
const api = await serve(fake.handler);
try {
  ${client.connect.replace("\n", "\n  ")}
  const raw = ${client.raw};
  const hatch = createHatchClient({
    apiKey: fake.apiKey,
    baseUrl: api.url,
    rateLimit: redisRateLimiter(redis, { key: "rehearsal:rate", requests: 2, windowMs: 200 }),
    quota: dailyQuota({ dailyLimit: 100, store: redisQuotaStore(redis, { key: "rehearsal:quota" }) }),
  });
  const results = await Promise.all(
    [1, 2, 3, 4, 5].map((i) => hatch.upsertContact({ source: fake.source, email: "r" + i + "@example.org" })),
  );
  if (!results.every((r) => typeof r.id === "string")) throw new Error("unexpected results " + JSON.stringify(results));
  const day = new Date().toISOString().slice(0, 10);
  const counted = Number(await raw("GET", "rehearsal:quota:" + day));
  const places = Number(await raw("ZCARD", "rehearsal:rate"));
  if (fake.counters.created !== 5 || fake.counters.rateLimited !== 0 || fake.counters.peakWindow > 2 || counted !== 5 || places < 1) {
    throw new Error("not shared through Redis: " + JSON.stringify({ ...fake.counters, counted, places }));
  }
  ${client.close};
  console.log(JSON.stringify({ node: process.version, format: FORMAT, entry: ENTRY, client: ${JSON.stringify(client.name)} }));
} finally {
  await api.close();
  await server.stop();
}
`;

async function writePrograms(dir, client) {
  await writeFile(
    join(dir, "call.mjs"),
    `import { dailyQuota, createHatchClient } from "@hatchery/hatch";
import { createHatchFake, serve } from "@hatchery/hatch/testing";
import { redisQuotaStore, redisRateLimiter } from "@hatchery/redis";
import { startRedisServer } from "@hatchery/redis/testing";
${client.esm}
const FORMAT = "esm";
const ENTRY = import.meta.resolve("@hatchery/redis");
if (!ENTRY.endsWith(".js")) throw new Error("import resolved to " + ENTRY);
${body(client)}`,
  );
  await writeFile(
    join(dir, "call.cjs"),
    `const { dailyQuota, createHatchClient } = require("@hatchery/hatch");
const { createHatchFake, serve } = require("@hatchery/hatch/testing");
const { redisQuotaStore, redisRateLimiter } = require("@hatchery/redis");
const { startRedisServer } = require("@hatchery/redis/testing");
${client.cjs}
const FORMAT = "cjs";
const ENTRY = require.resolve("@hatchery/redis");
if (!ENTRY.endsWith(".cjs")) throw new Error("require resolved to " + ENTRY);
(async () => {
${body(client)}
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`,
  );
  const make =
    client.name === "ioredis"
      ? 'import { Redis } from "ioredis";\nconst redis = new Redis("redis://127.0.0.1:6379", { lazyConnect: true });'
      : 'import { createClient } from "redis";\nconst redis = createClient({ url: "redis://127.0.0.1:6379" });';
  await writeFile(
    join(dir, "program.ts"),
    `${make}
import { createHatchClient, dailyQuota, responseCache } from "@hatchery/hatch";
import { type RedisClient, redisQuotaStore, redisRateLimiter, redisSessionTokens, redisStore } from "@hatchery/redis";

const client: RedisClient = redis;
export const tokens = redisSessionTokens(client, { key: "s", refreshAheadMs: 60_000 });
export const hatch = createHatchClient({
  apiKey: "k",
  baseUrl: "http://127.0.0.1:9",
  rateLimit: redisRateLimiter(redis, { key: "r", requests: 100, windowMs: 10_000 }),
  quota: dailyQuota({ dailyLimit: 1000, store: redisQuotaStore(redis, { key: "q" }) }),
  cache: responseCache({ ttlMs: 60_000, store: redisStore(redis, { prefix: "c:" }) }),
});

export function wrong() {
  // @ts-expect-error requests is required
  return redisRateLimiter(redis, { key: "r", windowMs: 10_000 });
}
`,
  );
  // skipLibCheck: the Redis clients' own declarations are theirs to check; ours are checked by attw and publint.
  const base = { target: "es2022", lib: ["es2022", "dom"], strict: true, noEmit: true, skipLibCheck: true };
  const configs = {
    "tsconfig.nodenext.json": { ...base, module: "nodenext", moduleResolution: "nodenext", types: ["node"] },
    "tsconfig.bundler.json": { ...base, module: "esnext", moduleResolution: "bundler", types: ["node"] },
  };
  for (const [file, compilerOptions] of Object.entries(configs)) {
    await writeFile(join(dir, file), JSON.stringify({ compilerOptions, files: ["program.ts"] }));
  }
}

/**
 * Runs the @hatchery/redis rehearsal; returns the rows of the report. `runtimes` are the Node binaries
 * (`{ version, bin }`); `step(title, fn)` logs a step.
 */
export async function rehearseRedis({ root, work, registry, versions, runtimes, budget, step, log }) {
  const version = versions[REDIS_PACKAGE];
  check(version, `${REDIS_PACKAGE} was not published`);
  const rows = [];
  const alone = await step(`${REDIS_PACKAGE}: npm install alone`, () =>
    npmInstall(join(work, "consumers", "redis"), registry, [`${REDIS_PACKAGE}@${version}`]),
  );
  const names = alone.packages.map((p) => p.slice(0, p.lastIndexOf("@")));
  log(
    `  ${alone.packages.length} packages (${alone.packages.join(", ")}), ${(alone.bytes / 1000).toFixed(1)} kB unpacked`,
  );
  check(
    names.every((n) => ALONE.includes(n)) && names.includes(REDIS_PACKAGE) && names.includes("@hatchery/core"),
    `npm install ${REDIS_PACKAGE} brought more than core and openapi-fetch, or not them: ${alone.packages.join(", ")}`,
  );
  check(budget, `${REDIS_PACKAGE} has no install budget in packages/release-test/budgets.json`);
  check(
    alone.packages.length <= budget.packages,
    `${REDIS_PACKAGE}: ${alone.packages.length} packages, budget ${budget.packages}`,
  );
  check(
    alone.bytes <= budget.unpackedKB * 1000,
    `${REDIS_PACKAGE}: ${(alone.bytes / 1000).toFixed(1)} kB unpacked, over its budget of ${budget.unpackedKB} kB`,
  );
  rows.push({ install: `${REDIS_PACKAGE}`, packages: alone.packages.length, bytes: alone.bytes, budget });

  const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
  for (const client of clients(root)) {
    const dir = join(work, "consumers", `redis-${client.name}`);
    const specs = [
      `${REDIS_PACKAGE}@${version}`,
      `@hatchery/hatch@${versions["@hatchery/hatch"]}`,
      `${client.name}@${client.version}`,
    ];
    const installed = await step(
      `${REDIS_PACKAGE} with ${client.name}@${client.version}: npm install ${specs.join(" ")}`,
      () => npmInstall(dir, registry, [...specs, "@types/node@20.19.43"]),
    );
    await writePrograms(dir, client);
    await step(
      `${REDIS_PACKAGE} with ${client.name}: TypeScript (nodenext, bundler; a wrong option is an error)`,
      async () => {
        for (const config of ["tsconfig.nodenext.json", "tsconfig.bundler.json"]) {
          const result = await run(process.execPath, [tsc, "-p", config], { cwd: dir, timeoutMs: 120_000 });
          check(result.status === 0, `tsc -p ${config} rejected the program:\n${result.output}`);
        }
      },
    );
    const nodes = [];
    for (const runtime of runtimes) {
      await step(
        `${REDIS_PACKAGE} with ${client.name}: ESM import + CJS require, 5 Hatch calls sharing a limiter and a quota in a redis-server on 127.0.0.1, Node ${runtime.version}`,
        async () => {
          for (const file of ["call.mjs", "call.cjs"]) {
            const out = await ok(runtime.bin, [file], { cwd: dir, timeoutMs: 60_000 });
            const line = JSON.parse(out.trim().split("\n").pop());
            check(line.node === `v${runtime.version}`, `ran on ${line.node}, not v${runtime.version}`);
          }
        },
      );
      nodes.push(runtime.version);
    }
    rows.push({
      install: `${specs.join(" ")} (+ @types/node)`,
      packages: installed.packages.length,
      bytes: installed.bytes,
      nodes,
    });
  }
  return rows;
}
