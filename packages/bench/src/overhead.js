// @ts-check
/**
 * Per-call client overhead: the same small GET and small JSON POST through each client, first on an
 * in-memory `fetch` (the client's own cost, no socket) and then against a node:http server on 127.0.0.1 in a
 * child process (what a user sees). Runs interleave the clients so drift hits them all alike.
 */
import { createHostHatchClient } from "@hatchery/hosthatch";
import { Octokit } from "@octokit/core";
import axios from "axios";
import ky from "ky";
import OpenAI from "openai";
import createFetchClient from "openapi-fetch";
import { startChild } from "./child.js";
import { API_KEY, GET_PATH, memoryFetch, POST_BODY, POST_PATH } from "./fixtures.js";
import { gc, summarize, timeSequential } from "./stats.js";

/**
 * @typedef {{ baseUrl: string, fetch: typeof globalThis.fetch, inMemory: boolean }} Target
 * @typedef {{ get: () => Promise<unknown>, post: () => Promise<unknown> }} Calls
 * @typedef {{ id: string, label: string, make: (target: Target) => Calls }} Contender
 */

const auth = { authorization: `Bearer ${API_KEY}`, accept: "application/json" };

/** @type {Contender[]} */
export const CONTENDERS = [
  {
    id: "fetch",
    label: "raw `fetch` + `.json()`",
    make: ({ baseUrl, fetch }) => ({
      get: () => fetch(baseUrl + GET_PATH, { headers: auth }).then((r) => r.json()),
      post: () =>
        fetch(baseUrl + POST_PATH, {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify(POST_BODY),
        }).then((r) => r.json()),
    }),
  },
  {
    id: "openapi-fetch",
    label: "openapi-fetch (bare)",
    make: ({ baseUrl, fetch }) => {
      /** @type {any} */
      const client = createFetchClient({ baseUrl, fetch, headers: auth });
      return {
        get: () => client.GET("/api/v1/servers/{server}", { params: { path: { server: 1 } } }),
        post: () => client.POST(POST_PATH, { body: POST_BODY }),
      };
    },
  },
  {
    id: "hatchery",
    label: "Hatchery (HostHatch client: retries, timeout, envelope, typed errors)",
    make: ({ baseUrl, fetch }) => {
      const client = createHostHatchClient({ apiKey: API_KEY, baseUrl, fetch });
      return {
        get: () => client.getServer({ server: 1 }),
        post: () => client.createKey(/** @type {any} */ (POST_BODY)),
      };
    },
  },
  {
    id: "ky",
    label: "ky (defaults: 2 retries)",
    make: ({ baseUrl, fetch }) => {
      const api = ky.create({ prefixUrl: baseUrl, fetch, headers: auth });
      return {
        get: () => api.get(GET_PATH.slice(1)).json(),
        post: () => api.post(POST_PATH.slice(1), { json: POST_BODY }).json(),
      };
    },
  },
  {
    id: "axios",
    label: "axios (fetch adapter in memory, http adapter on loopback)",
    make: ({ baseUrl, fetch, inMemory }) => {
      const api = axios.create({
        baseURL: baseUrl,
        headers: auth,
        ...(inMemory ? { adapter: "fetch", env: { fetch } } : { adapter: "http" }),
      });
      return {
        get: () => api.get(GET_PATH).then((r) => r.data),
        post: () => api.post(POST_PATH, POST_BODY).then((r) => r.data),
      };
    },
  },
  {
    id: "octokit",
    label: "@octokit/core `request`",
    make: ({ baseUrl, fetch }) => {
      const octokit = new Octokit({ baseUrl, auth: API_KEY, request: { fetch } });
      return {
        get: () => octokit.request("GET /api/v1/servers/{server}", { server: 1 }),
        post: () => octokit.request(`POST ${POST_PATH}`, POST_BODY),
      };
    },
  },
  {
    id: "openai",
    label: "openai (Stainless; defaults: 2 retries)",
    make: ({ baseUrl, fetch }) => {
      const client = new OpenAI({ apiKey: API_KEY, baseURL: baseUrl, fetch });
      return {
        get: () => client.get(GET_PATH),
        post: () => client.post(POST_PATH, { body: POST_BODY }),
      };
    },
  },
];

/**
 * @param {Target} target
 * @param {{ warmup: number, iterations: number, runs: number }} plan
 * @param {(line: string) => void} progress
 */
async function measure(target, plan, progress) {
  const made = CONTENDERS.map((c) => ({ contender: c, calls: c.make(target) }));
  // Check every client really gets a body back before timing it.
  for (const { contender, calls } of made) {
    for (const op of /** @type {const} */ (["get", "post"])) {
      const result = await calls[op]();
      if (result === undefined || result === null) throw new Error(`${contender.id} ${op}: no result`);
    }
  }
  /** @type {Record<string, Record<"get" | "post", { wall: number[], cpu: number[] }>>} */
  const samples = Object.fromEntries(
    CONTENDERS.map((c) => [c.id, { get: { wall: [], cpu: [] }, post: { wall: [], cpu: [] } }]),
  );
  for (const { calls } of made) {
    await timeSequential(calls.get, plan.warmup);
    await timeSequential(calls.post, plan.warmup);
  }
  for (let run = 0; run < plan.runs; run++) {
    // Rotate the order each run, so no client always runs first or last.
    const order = made.map((_, i) => made[(i + run) % made.length]);
    for (const entry of order) {
      if (!entry) continue;
      for (const op of /** @type {const} */ (["get", "post"])) {
        gc();
        const { wall, cpu } = await timeSequential(entry.calls[op], plan.iterations);
        samples[entry.contender.id]?.[op].wall.push(wall);
        samples[entry.contender.id]?.[op].cpu.push(cpu);
      }
    }
    progress(`  run ${run + 1}/${plan.runs} done`);
  }
  return Object.fromEntries(
    Object.entries(samples).map(([id, s]) => [
      id,
      {
        get: { wall: summarize(s.get.wall), cpu: summarize(s.get.cpu) },
        post: { wall: summarize(s.post.wall), cpu: summarize(s.post.cpu) },
      },
    ]),
  );
}

/**
 * @param {{ quick: boolean }} options
 * @param {(line: string) => void} progress
 */
export async function runOverhead({ quick }, progress) {
  const memoryPlan = quick ? { warmup: 30, iterations: 100, runs: 3 } : { warmup: 2000, iterations: 10000, runs: 5 };
  const wirePlan = quick ? { warmup: 10, iterations: 30, runs: 3 } : { warmup: 300, iterations: 2000, runs: 5 };
  progress(`per-call overhead, in-memory fetch (${memoryPlan.runs} runs × ${memoryPlan.iterations} calls)`);
  const memory = await measure(
    { baseUrl: "http://127.0.0.1:9", fetch: /** @type {any} */ (memoryFetch), inMemory: true },
    memoryPlan,
    progress,
  );
  progress(`per-call overhead, loopback server (${wirePlan.runs} runs × ${wirePlan.iterations} calls)`);
  const server = await startChild(new URL("./echo-server.js", import.meta.url));
  try {
    const wire = await measure({ baseUrl: server.url, fetch: globalThis.fetch, inMemory: false }, wirePlan, progress);
    return { memory, wire, memoryPlan, wirePlan };
  } finally {
    await server.close();
  }
}
