// @ts-check
/**
 * Per-call client overhead: the same small GET and small JSON POST through each client, first on an
 * in-memory `fetch` (the client's own cost, no socket) and then against a node:http server on 127.0.0.1 in a
 * child process (what a user sees). Runs interleave the clients so drift hits them all alike.
 *
 * Issue 18 adds 1,000 calls launched at once (in memory: the client's cost under concurrency).
 */
import { createHostHatchClient } from "@hatchery/hosthatch";
import { Octokit } from "@octokit/core";
import axios from "axios";
import ky from "ky";
import OpenAI from "openai";
import createFetchClient from "openapi-fetch";
import { startChild } from "./child.js";
import { API_KEY, GET_PATH, memoryFetch, POST_BODY, POST_PATH } from "./fixtures.js";
import { gc, summarize, timeConcurrent, timeSequential } from "./stats.js";

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

/** @typedef {{ wall: number, cpu: number }} Timing */
/** @typedef {{ warmup: number, iterations: number, runs: number }} SequentialPlan */
/** @typedef {{ calls: number, warmup: number, batches: number, runs: number }} ConcurrentPlan */

const OPS = /** @type {const} */ (["get", "post"]);

/**
 * Makes every contender's client for `target` and checks each really gets a body back before anything is
 * timed.
 * @param {Target} target
 */
async function makeAll(target) {
  const made = CONTENDERS.map((c) => ({ contender: c, calls: c.make(target) }));
  for (const { contender, calls } of made) {
    for (const op of OPS) {
      const result = await calls[op]();
      if (result === undefined || result === null) throw new Error(`${contender.id} ${op}: no result`);
    }
  }
  return made;
}

/**
 * Times every contender's GET and POST, `runs` times, interleaved: each run goes through all clients (order
 * rotated each run, so no client always runs first or last), with a forced GC before each sample.
 * @param {Target} target
 * @param {{ runs: number, warm: (fn: () => Promise<unknown>) => Promise<unknown>, time: (fn: () => Promise<unknown>) => Promise<Timing> }} plan
 * @param {(line: string) => void} progress
 */
async function measure(target, plan, progress) {
  const made = await makeAll(target);
  /** @type {Record<string, Record<"get" | "post", { wall: number[], cpu: number[] }>>} */
  const samples = Object.fromEntries(
    CONTENDERS.map((c) => [c.id, { get: { wall: [], cpu: [] }, post: { wall: [], cpu: [] } }]),
  );
  for (const { calls } of made) {
    for (const op of OPS) await plan.warm(calls[op]);
  }
  for (let run = 0; run < plan.runs; run++) {
    // Rotate the order each run, so no client always runs first or last.
    const order = made.map((_, i) => made[(i + run) % made.length]);
    for (const entry of order) {
      if (!entry) continue;
      for (const op of OPS) {
        gc();
        const { wall, cpu } = await plan.time(entry.calls[op]);
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
 * Sequential calls: each sample is the mean of `iterations` calls made one after another.
 * @param {Target} target @param {SequentialPlan} plan @param {(line: string) => void} progress
 */
const measureSequential = (target, plan, progress) =>
  measure(
    target,
    {
      runs: plan.runs,
      warm: (fn) => timeSequential(fn, plan.warmup),
      time: (fn) => timeSequential(fn, plan.iterations),
    },
    progress,
  );

/**
 * Concurrent calls: each sample is the mean over `batches` batches of `calls` calls launched at once.
 * @param {Target} target @param {ConcurrentPlan} plan @param {(line: string) => void} progress
 */
const measureConcurrent = (target, plan, progress) =>
  measure(
    target,
    {
      runs: plan.runs,
      warm: (fn) => timeConcurrent(fn, plan.calls, plan.warmup),
      time: (fn) => timeConcurrent(fn, plan.calls, plan.batches),
    },
    progress,
  );

/**
 * @param {{ quick: boolean }} options
 * @param {(line: string) => void} progress
 */
export async function runOverhead({ quick }, progress) {
  /** @type {SequentialPlan} */
  const memoryPlan = quick ? { warmup: 30, iterations: 100, runs: 3 } : { warmup: 2000, iterations: 10000, runs: 5 };
  /** @type {SequentialPlan} */
  const wirePlan = quick ? { warmup: 10, iterations: 30, runs: 3 } : { warmup: 300, iterations: 2000, runs: 5 };
  // 1,000 at once even in the quick run (that is what is measured); the quick run makes fewer rounds.
  /** @type {ConcurrentPlan} */
  const concurrentPlan = quick
    ? { calls: 1000, warmup: 1, batches: 1, runs: 2 }
    : { calls: 1000, warmup: 2, batches: 2, runs: 5 };
  const inMemory = { baseUrl: "http://127.0.0.1:9", fetch: /** @type {any} */ (memoryFetch), inMemory: true };

  progress(`per-call overhead, in-memory fetch (${memoryPlan.runs} runs × ${memoryPlan.iterations} calls)`);
  const memory = await measureSequential(inMemory, memoryPlan, progress);
  progress(
    `per-call overhead, in-memory fetch, ${concurrentPlan.calls} concurrent calls (${concurrentPlan.runs} runs × ${concurrentPlan.batches} batch(es))`,
  );
  const concurrent = await measureConcurrent(inMemory, concurrentPlan, progress);

  const server = await startChild(new URL("./echo-server.js", import.meta.url));
  try {
    const wireTarget = { baseUrl: server.url, fetch: globalThis.fetch, inMemory: false };
    progress(`per-call overhead, loopback server (${wirePlan.runs} runs × ${wirePlan.iterations} calls)`);
    const wire = await measureSequential(wireTarget, wirePlan, progress);
    return {
      memory,
      wire,
      concurrent,
      memoryPlan,
      wirePlan,
      concurrentPlan,
    };
  } finally {
    await server.close();
  }
}
