// @ts-check
/**
 * Auth under load: 1,000 concurrent Hatebase calls on a `@hatchery/hatebase` client that holds no session token
 * yet, against the package's own fake (`@hatchery/hatebase/testing`) on 127.0.0.1 in a child process, its
 * `authenticate` delayed to stand for the provider's round trip. The question: how many `authenticate` requests?
 */
import { createHatebaseClient } from "@hatchery/hatebase";
import { startChild } from "./child.js";
import { now, summarize } from "./stats.js";

const AUTH_DELAY_MS = 50;

/**
 * @param {{ quick: boolean }} options
 * @param {(line: string) => void} progress
 */
export async function runAuth({ quick }, progress) {
  const concurrency = 1000;
  const runs = quick ? 1 : 5;
  const server = await startChild(new URL("./auth-server.js", import.meta.url), [String(AUTH_DELAY_MS)]);
  const { apiKey } = /** @type {{ apiKey: string }} */ (server.message);
  try {
    /** @type {number[]} */
    const times = [];
    /** @type {number[]} */
    const authCalls = [];
    let requests = 0;
    let pageItems = 0;
    for (let run = 0; run < runs; run++) {
      const counter = { authenticate: 0, other: 0 };
      const client = createHatebaseClient({
        apiKey,
        baseUrl: `${server.url}/{version}`,
        fetch: (request) => {
          if (new URL(request.url).pathname.endsWith("/authenticate")) counter.authenticate++;
          else counter.other++;
          return globalThis.fetch(request);
        },
      });
      const start = now();
      const pages = await Promise.all(
        Array.from({ length: concurrency }, () => client.getVocabulary({ language: "ENG" })),
      );
      times.push(now() - start);
      if (pages.some((page) => !Array.isArray(page.items) || page.items.length === 0)) {
        throw new Error("a Hatebase call returned no vocabulary");
      }
      pageItems = pages[0]?.items.length ?? 0;
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
      pageItems,
      runs,
    };
  } finally {
    await server.close();
  }
}
