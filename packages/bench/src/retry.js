// @ts-check
/**
 * Retry cost: a call that meets one 429 with `Retry-After: 1`, then succeeds, should take about one second
 * more than a clean call, not several (no backoff stacked on the server's wait, no extra attempts). Our
 * HostHatch client, with ky and the openai client (which also honour Retry-After) for context, against a
 * loopback server (core/testing's `serve` + `withFaults`) in this process.
 */

import { jsonResponse, serve, withFaults } from "@hatchery/core/testing";
import { createHostHatchClient } from "@hatchery/hosthatch";
import ky from "ky";
import OpenAI from "openai";
import { API_KEY, GET_PATH, GET_RESPONSE } from "./fixtures.js";
import { median, now } from "./stats.js";

/** @type {{ id: string, label: string, make: (baseUrl: string) => () => Promise<unknown> }[]} */
const CLIENTS = [
  {
    id: "hatchery",
    label: "Hatchery (HostHatch `getServer`)",
    make: (baseUrl) => {
      const client = createHostHatchClient({ apiKey: API_KEY, baseUrl });
      return () => client.getServer({ server: 1 });
    },
  },
  {
    id: "ky",
    label: "ky",
    make: (baseUrl) => {
      const api = ky.create({ prefixUrl: baseUrl });
      return () => api.get(GET_PATH.slice(1)).json();
    },
  },
  {
    id: "openai",
    label: "openai",
    make: (baseUrl) => {
      const client = new OpenAI({ apiKey: API_KEY, baseURL: baseUrl });
      return () => client.get(GET_PATH);
    },
  },
];

/**
 * @param {{ quick: boolean }} options
 * @param {(line: string) => void} progress
 */
export async function runRetry({ quick }, progress) {
  const runs = quick ? 1 : 3;
  const body = JSON.parse(GET_RESPONSE);
  let requests = 0;
  const handler = withFaults(async () => jsonResponse(200, body));
  const counted = /** @param {Request} request */ (request) => {
    requests++;
    return handler(request);
  };
  const server = await serve(counted);
  try {
    const rows = [];
    for (const c of CLIENTS) {
      const call = c.make(server.url);
      await call();
      /** @type {number[]} */
      const clean = [];
      /** @type {number[]} */
      const limited = [];
      let attempts = 0;
      for (let run = 0; run < runs; run++) {
        let start = now();
        await call();
        clean.push(now() - start);
        handler.inject({ status: 429, headers: { "retry-after": "1" }, body: { message: "slow down" }, times: 1 });
        const before = requests;
        start = now();
        await call();
        limited.push(now() - start);
        attempts = requests - before;
      }
      progress(`  retry: ${c.id} done`);
      rows.push({
        id: c.id,
        label: c.label,
        cleanMs: median(clean),
        limitedMs: median(limited),
        extraMs: median(limited) - median(clean),
        attempts,
        runs,
      });
    }
    return rows;
  } finally {
    await server.close();
  }
}
