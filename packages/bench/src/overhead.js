// @ts-check
/**
 * Per-call client overhead: the same small GET and small JSON POST through each client, first on an
 * in-memory `fetch` (the client's own cost, no socket) and then against a node:http server on 127.0.0.1 in a
 * child process (what a user sees). Runs interleave the clients so drift hits them all alike.
 *
 * Issue 18 adds two measures: 1,000 calls launched at once (in memory, the client's cost under concurrency)
 * and one long-lived caller signal, never aborted, shared by every call of a client (a signal shared by many
 * `Request`s may grow badly in Node's fetch: does it leak or slow down?), on the loopback server with Node's
 * real fetch and in memory.
 */
import { getEventListeners } from "node:events";
import { createHostHatchClient } from "@hatchery/hosthatch";
import { Octokit } from "@octokit/core";
import axios from "axios";
import ky from "ky";
import OpenAI from "openai";
import createFetchClient from "openapi-fetch";
import { startChild } from "./child.js";
import { API_KEY, GET_PATH, memoryFetch, POST_BODY, POST_PATH } from "./fixtures.js";
import { concurrently, gc, settledHeap, summarize, timeConcurrent, timeSequential } from "./stats.js";

/**
 * A call takes an optional caller signal, passed the client's own way; without one it makes the call exactly
 * as it would with no signal option at all.
 * A target may offer `reset`, which closes the connections earlier runs left open (the loopback server).
 * @typedef {{ baseUrl: string, fetch: typeof globalThis.fetch, inMemory: boolean, reset?: () => Promise<void> }} Target
 * @typedef {(signal?: AbortSignal) => Promise<unknown>} Call
 * @typedef {{ get: Call, post: Call }} Calls
 * @typedef {{ id: string, label: string, make: (target: Target) => Calls }} Contender
 */

const auth = { authorization: `Bearer ${API_KEY}`, accept: "application/json" };

/** @type {Contender[]} */
export const CONTENDERS = [
  {
    id: "fetch",
    label: "raw `fetch` + `.json()`",
    make: ({ baseUrl, fetch }) => ({
      get: (signal) =>
        fetch(baseUrl + GET_PATH, signal ? { headers: auth, signal } : { headers: auth }).then((r) => r.json()),
      post: (signal) => {
        const init = {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify(POST_BODY),
        };
        return fetch(baseUrl + POST_PATH, signal ? { ...init, signal } : init).then((r) => r.json());
      },
    }),
  },
  {
    id: "openapi-fetch",
    label: "openapi-fetch (bare)",
    make: ({ baseUrl, fetch }) => {
      /** @type {any} */
      const client = createFetchClient({ baseUrl, fetch, headers: auth });
      return {
        get: (signal) =>
          signal
            ? client.GET("/api/v1/servers/{server}", { params: { path: { server: 1 } }, signal })
            : client.GET("/api/v1/servers/{server}", { params: { path: { server: 1 } } }),
        post: (signal) =>
          signal ? client.POST(POST_PATH, { body: POST_BODY, signal }) : client.POST(POST_PATH, { body: POST_BODY }),
      };
    },
  },
  {
    id: "hatchery",
    label: "Hatchery (HostHatch client: retries, timeout, envelope, typed errors)",
    make: ({ baseUrl, fetch }) => {
      const client = createHostHatchClient({ apiKey: API_KEY, baseUrl, fetch });
      return {
        get: (signal) => (signal ? client.getServer({ server: 1 }, { signal }) : client.getServer({ server: 1 })),
        post: (signal) =>
          signal
            ? client.createKey(/** @type {any} */ (POST_BODY), { signal })
            : client.createKey(/** @type {any} */ (POST_BODY)),
      };
    },
  },
  {
    id: "ky",
    label: "ky (defaults: 2 retries)",
    make: ({ baseUrl, fetch }) => {
      const api = ky.create({ prefixUrl: baseUrl, fetch, headers: auth });
      return {
        get: (signal) => (signal ? api.get(GET_PATH.slice(1), { signal }) : api.get(GET_PATH.slice(1))).json(),
        post: (signal) =>
          (signal
            ? api.post(POST_PATH.slice(1), { json: POST_BODY, signal })
            : api.post(POST_PATH.slice(1), { json: POST_BODY })
          ).json(),
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
        get: (signal) => (signal ? api.get(GET_PATH, { signal }) : api.get(GET_PATH)).then((r) => r.data),
        post: (signal) =>
          (signal ? api.post(POST_PATH, POST_BODY, { signal }) : api.post(POST_PATH, POST_BODY)).then((r) => r.data),
      };
    },
  },
  {
    id: "octokit",
    label: "@octokit/core `request`",
    make: ({ baseUrl, fetch }) => {
      const octokit = new Octokit({ baseUrl, auth: API_KEY, request: { fetch } });
      return {
        get: (signal) =>
          signal
            ? octokit.request("GET /api/v1/servers/{server}", { server: 1, request: { signal } })
            : octokit.request("GET /api/v1/servers/{server}", { server: 1 }),
        post: (signal) =>
          signal
            ? octokit.request(`POST ${POST_PATH}`, { ...POST_BODY, request: { signal } })
            : octokit.request(`POST ${POST_PATH}`, POST_BODY),
      };
    },
  },
  {
    id: "openai",
    label: "openai (Stainless; defaults: 2 retries)",
    make: ({ baseUrl, fetch }) => {
      const client = new OpenAI({ apiKey: API_KEY, baseURL: baseUrl, fetch });
      return {
        get: (signal) => (signal ? client.get(GET_PATH, { signal }) : client.get(GET_PATH)),
        post: (signal) =>
          signal ? client.post(POST_PATH, { body: POST_BODY, signal }) : client.post(POST_PATH, { body: POST_BODY }),
      };
    },
  },
];

/** @typedef {{ wall: number, cpu: number }} Timing */
/** @typedef {{ warmup: number, iterations: number, runs: number }} SequentialPlan */
/** @typedef {{ calls: number, warmup: number, batches: number, runs: number }} ConcurrentPlan */
/** @typedef {{ calls: number, batches: number }} SignalPlan */

const OPS = /** @type {const} */ (["get", "post"]);

/**
 * Makes every contender's client for `target` and checks each really gets a body back (with and without a
 * caller signal) before anything is timed.
 * @param {Target} target
 */
async function makeAll(target) {
  const made = CONTENDERS.map((c) => ({ contender: c, calls: c.make(target) }));
  const signal = new AbortController().signal;
  for (const { contender, calls } of made) {
    for (const op of OPS) {
      for (const result of [await calls[op](), await calls[op](signal)]) {
        if (result === undefined || result === null) throw new Error(`${contender.id} ${op}: no result`);
      }
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
 * Runs `body` with Node's MaxListenersExceededWarning counted, not printed, for the signals `body` enters in the
 * map it gets (signal → count). Node's fetch raises a signal's listener limit to 1,500 on every `Request` it
 * builds, which re-arms the warning: past 1,500 listeners it warns once per call, thousands of stack-carrying
 * lines, and the stderr writes they queue would weigh on the heap being measured. Every other warning goes on to
 * the listeners that were there (Node's printer among them).
 * @template T
 * @param {(counts: Map<AbortSignal, number>) => Promise<T>} body
 */
async function countingListenerWarnings(body) {
  /** @type {Map<AbortSignal, number>} */
  const counts = new Map();
  const others = process.listeners("warning");
  /** @param {any} warning */
  const onWarning = (warning) => {
    const target = warning?.name === "MaxListenersExceededWarning" ? warning.target : undefined;
    const count = counts.get(target);
    if (count !== undefined) counts.set(target, count + 1);
    else for (const listener of others) listener.call(process, warning);
  };
  process.removeAllListeners("warning");
  process.on("warning", onWarning);
  try {
    return await body(counts);
  } finally {
    process.off("warning", onWarning);
    for (const listener of others) process.on("warning", listener);
  }
}

/** @param {AbortSignal} signal */
const abortListeners = (signal) => getEventListeners(signal, "abort").length;

/** Lets a tick pass, so warnings Node emits on `process.nextTick` are delivered. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

/**
 * One client's GETs in `plan.batches` batches of `plan.calls` concurrent calls, every call given the same
 * long-lived signal (never aborted), or none (the control). The first batch sets the heap baseline (after a
 * forced GC); CPU is counted over the other batches, the forced GCs excluded.
 * @param {Call} call
 * @param {boolean} shared
 * @param {SignalPlan} plan
 * @param {Map<AbortSignal, number>} warnings MaxListenersExceededWarning counts, by signal
 */
async function signalRun(call, shared, plan, warnings) {
  const signal = shared ? new AbortController().signal : undefined;
  if (signal) warnings.set(signal, 0);
  const fn = () => call(signal);
  /** @type {number[]} */
  const cpu = [];
  let wall = 0;
  let peakListeners = 0;
  let heapFirst = 0;
  gc();
  for (let b = 0; b < plan.batches; b++) {
    const t = await timeConcurrent(fn, plan.calls);
    if (b > 0) {
      cpu.push(t.cpu);
      wall += t.wall;
    }
    if (signal) peakListeners = Math.max(peakListeners, abortListeners(signal));
    if (b === 0) heapFirst = await settledHeap();
  }
  const listenersAfter = signal ? abortListeners(signal) : 0;
  const heapLast = await settledHeap();
  const listenersAfterGc = signal ? abortListeners(signal) : 0;
  await tick();
  const counted = cpu.length || 1;
  const warned = signal ? (warnings.get(signal) ?? 0) : 0;
  if (signal) warnings.delete(signal);
  return {
    cpu: cpu.reduce((a, b) => a + b, 0) / counted,
    cpuSecond: cpu[0] ?? Number.NaN,
    cpuLast: cpu[cpu.length - 1] ?? Number.NaN,
    wall: wall / counted,
    heapGrowth: heapLast - heapFirst,
    peakListeners,
    listenersAfter,
    listenersAfterGc,
    warnings: warned,
  };
}

/**
 * Every contender with one shared caller signal, and again with none (the control), one contender after the
 * other, GET only. Each contender first warms up (a batch with no signal, a batch with a throwaway one), so
 * neither measured run pays for the JIT; which of the two runs first still alternates from client to client.
 * @param {Target} target
 * @param {SignalPlan} plan
 * @param {(line: string) => void} progress
 */
function measureSharedSignal(target, plan, progress) {
  return countingListenerWarnings(async (warnings) => {
    const made = await makeAll(target);
    /** @type {Record<string, { shared: Awaited<ReturnType<typeof signalRun>>, none: Awaited<ReturnType<typeof signalRun>> }>} */
    const out = {};
    for (const [i, { contender, calls }] of made.entries()) {
      const warmSignal = new AbortController().signal;
      warnings.set(warmSignal, 0);
      await concurrently(() => calls.get(), plan.calls);
      await concurrently(() => calls.get(warmSignal), plan.calls);
      await tick();
      warnings.delete(warmSignal);
      const sharedFirst = i % 2 === 0;
      await target.reset?.();
      const a = await signalRun(calls.get, sharedFirst, plan, warnings);
      await target.reset?.();
      const b = await signalRun(calls.get, !sharedFirst, plan, warnings);
      const runs = sharedFirst ? { shared: a, none: b } : { shared: b, none: a };
      out[contender.id] = runs;
      const warned = runs.shared.warnings;
      progress(
        `  ${contender.id}: done${warned ? ` (${warned.toLocaleString("en-US")} MaxListenersExceededWarning for the shared signal, counted, not printed)` : ""}`,
      );
    }
    return out;
  });
}

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
  /** @type {SignalPlan} */
  const signalPlan = quick ? { calls: 100, batches: 3 } : { calls: 1000, batches: 10 };
  const inMemory = { baseUrl: "http://127.0.0.1:9", fetch: /** @type {any} */ (memoryFetch), inMemory: true };

  progress(`per-call overhead, in-memory fetch (${memoryPlan.runs} runs × ${memoryPlan.iterations} calls)`);
  const memory = await measureSequential(inMemory, memoryPlan, progress);
  progress(
    `per-call overhead, in-memory fetch, ${concurrentPlan.calls} concurrent calls (${concurrentPlan.runs} runs × ${concurrentPlan.batches} batch(es))`,
  );
  const concurrent = await measureConcurrent(inMemory, concurrentPlan, progress);
  progress(`one shared caller signal, in-memory fetch (${signalPlan.batches} batches × ${signalPlan.calls} calls)`);
  const signalMemory = await measureSharedSignal(inMemory, signalPlan, progress);

  const server = await startChild(new URL("./echo-server.js", import.meta.url));
  try {
    /** @type {Target} */
    const wireTarget = {
      baseUrl: server.url,
      fetch: globalThis.fetch,
      inMemory: false,
      // The server closes its idle keep-alive connections; a moment lets the clients see them go.
      reset: async () => {
        await server.ask("close-idle");
        await new Promise((resolve) => setTimeout(resolve, 200));
      },
    };
    progress(`per-call overhead, loopback server (${wirePlan.runs} runs × ${wirePlan.iterations} calls)`);
    const wire = await measureSequential(wireTarget, wirePlan, progress);
    // After the sequential loopback runs, so the sockets 1,000 concurrent calls open cannot weigh on them.
    progress(`one shared caller signal, loopback server (${signalPlan.batches} batches × ${signalPlan.calls} calls)`);
    const signalWire = await measureSharedSignal(wireTarget, signalPlan, progress);
    return {
      memory,
      wire,
      concurrent,
      signal: { memory: signalMemory, wire: signalWire },
      memoryPlan,
      wirePlan,
      concurrentPlan,
      signalPlan,
    };
  } finally {
    await server.close();
  }
}
