// The README examples, run as written: every ```ts block of this package's README and of the root README's
// "Running many workers" section is written to a module and run by node (a child process, so its top-level
// `await`s and imports are the user's), against a real redis-server and the providers' fakes served on
// 127.0.0.1. The one change made to a block: `baseUrl` is added to each client it creates, pointing at the fake
// (the examples talk to the real APIs otherwise), with the fake's key in HATCH_API_KEY / HATEBASE_API_KEY.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serve } from "@hatchery/core/testing";
import { createHatchFake } from "@hatchery/hatch/testing";
import { createHatebaseFake } from "@hatchery/hatebase/testing";
import { afterAll, describe, expect, it } from "vitest";
import { CLIENTS, type Connected, useRedisServer } from "./helpers.js";

const here = import.meta.dirname;
const packageReadme = readFileSync(join(here, "..", "README.md"), "utf8");
const rootReadme = readFileSync(join(here, "..", "..", "..", "README.md"), "utf8");
const workersSection = /## Running many workers\n([\s\S]*?)\n## /.exec(rootReadme)?.[1] ?? "";

function blocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

// Inside the package (not under node_modules, where a package cannot import itself by name), so the blocks' imports
// resolve to its dependencies as a user's would. Removed afterwards (and ignored by git: .gitignore).
const dir = join(here, ".readme-blocks");
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const redis = useRedisServer();
let raw: Connected;

/** Runs one block; resolves with its exit code and output. */
async function runBlock(name: string, code: string, env: Record<string, string>) {
  const file = join(dir, `${name}.mjs`);
  const pointed = code
    .replace(/createHatchClient\(\{/g, "createHatchClient({ baseUrl: process.env.README_HATCH_URL,")
    .replace(/createHatebaseClient\(\{/g, "createHatebaseClient({ baseUrl: process.env.README_HATEBASE_URL,");
  // Once the block has run, exit: its Redis connection would keep the process alive, as it does in an app.
  writeFileSync(file, `${pointed}\nprocess.exit(0);\n`);
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [file], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => {
      output += c;
    });
    child.stderr.on("data", (c: Buffer) => {
      output += c;
    });
    const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    });
  });
}

const examples = [
  ...blocks(packageReadme).map((code, i) => ({ name: `package-${i + 1}`, code })),
  ...blocks(workersSection).map((code, i) => ({ name: `root-${i + 1}`, code })),
];

describe("README examples", () => {
  it("are there: the four stores in both READMEs, the fallback options, the testing helpers", () => {
    expect(blocks(packageReadme)).toHaveLength(6);
    expect(blocks(workersSection)).toHaveLength(4);
  });

  for (const { name, code } of examples) {
    it(`${name} runs and does what it says: ${/redis\w+\(/.exec(code)?.[0] ?? "testing helpers"}`, async () => {
      raw ??= await CLIENTS[0]!.connect(redis.server.url);
      redis.connections.push(raw);
      await raw.raw("FLUSHALL");
      const hatch = createHatchFake();
      const hatebase = createHatebaseFake();
      const [hatchServer, hatebaseServer] = await Promise.all([serve(hatch.handler), serve(hatebase.handler)]);
      try {
        const result = await runBlock(name, code, {
          REDIS_URL: redis.server.url,
          HATCH_API_KEY: hatch.apiKey,
          HATEBASE_API_KEY: hatebase.apiKey,
          README_HATCH_URL: hatchServer.url,
          README_HATEBASE_URL: `${hatebaseServer.url}/{version}`,
        });
        expect(result.output).toBe("");
        expect(result.code).toBe(0);
        const keys = ((await raw.raw("KEYS", "*")) as string[]).sort();
        if (code.includes("redisRateLimiter(") && code.includes("upsertContact")) {
          expect(keys).toEqual(["hatch:rate"]);
          expect(hatch.counters.created).toBe(1);
        }
        if (code.includes("redisQuotaStore(")) {
          expect(keys).toEqual([`hatebase:quota:${new Date().toISOString().slice(0, 10)}`]);
          expect(hatebase.counters.requests).toBe(2); // authenticate + getVocabulary, each an attempt counted
          expect(await raw.raw("GET", keys[0]!)).toBe("2");
        }
        if (code.includes("redisSessionTokens(")) {
          expect(keys).toEqual(["hatebase:session"]);
          expect(hatebase.counters.authentications).toBe(1);
        }
        if (code.includes("redisStore(")) {
          expect(keys.some((k) => /^hatebase:cache:[0-9a-f]{64}$/.test(k))).toBe(true);
          const calls = (code.match(/getVocabularyDetails/g) ?? []).length;
          expect(calls).toBeGreaterThan(0);
          expect(hatebase.counters.calls.get_vocabulary_details).toBe(1); // a second identical call: from Redis
        }
      } finally {
        await Promise.all([hatchServer.close(), hatebaseServer.close()]);
      }
    });
  }
});
