// @ts-check
/**
 * Auth under load: 1,000 concurrent Hatebase calls on a client that holds no session token yet. The
 * `@hatchery/hatebase` package is not on this branch, so the client is core's `createCoreClient` driven by
 * the provider and operation tables the code generator derives from specs/hatebase.yaml (the same tables the
 * generated package will hold), against a minimal session-auth fake on 127.0.0.1.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createCoreClient } from "@hatchery/core";
import { parse } from "yaml";
import { describeOperations } from "../../codegen/src/operations.js";
import { startChild } from "./child.js";
import { ROOT } from "./providers.js";
import { now, summarize } from "./stats.js";

const API_KEY = "hatebase-bench-key";
const AUTH_DELAY_MS = 50;

function hatebaseTables() {
  const spec = parse(readFileSync(join(ROOT, "specs", "hatebase.yaml"), "utf8"));
  const { provider, operations } = describeOperations(spec);
  return { provider, operations: Object.fromEntries(operations.map((o) => [o.id, o.runtime])) };
}

/**
 * @param {{ quick: boolean }} options
 * @param {(line: string) => void} progress
 */
export async function runAuth({ quick }, progress) {
  const concurrency = 1000;
  const runs = quick ? 1 : 5;
  const { provider, operations } = hatebaseTables();
  if (provider.auth.kind !== "session") throw new Error("specs/hatebase.yaml no longer describes session auth");
  const server = await startChild(new URL("./auth-server.js", import.meta.url), [API_KEY, String(AUTH_DELAY_MS)]);
  try {
    /** @type {number[]} */
    const times = [];
    /** @type {number[]} */
    const authCalls = [];
    let requests = 0;
    for (let run = 0; run < runs; run++) {
      const counter = { authenticate: 0, other: 0 };
      const client = createCoreClient({
        provider,
        operations,
        options: {
          apiKey: API_KEY,
          baseUrl: `${server.url}/4-4`,
          fetch: (request) => {
            if (new URL(request.url).pathname.endsWith("/authenticate")) counter.authenticate++;
            else counter.other++;
            return globalThis.fetch(request);
          },
        },
      });
      const start = now();
      const results = await Promise.all(
        Array.from({ length: concurrency }, () => client.call(operations.getVocabulary, { body: { page: 1 } })),
      );
      times.push(now() - start);
      if (results.some((r) => !Array.isArray(r))) throw new Error("a Hatebase call returned no vocabulary");
      authCalls.push(counter.authenticate);
      requests = counter.authenticate + counter.other;
      progress(`  auth run ${run + 1}/${runs}: ${counter.authenticate} authenticate request(s)`);
    }
    return {
      concurrency,
      authDelayMs: AUTH_DELAY_MS,
      wallMs: summarize(times),
      authenticateMax: Math.max(...authCalls),
      authenticateMin: Math.min(...authCalls),
      requests,
      runs,
    };
  } finally {
    await server.close();
  }
}
