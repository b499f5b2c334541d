import { setTimeout as sleep } from "node:timers/promises";
import v8 from "node:v8";
import vm from "node:vm";
import { isApiError, isHatcheryError, type RetryOptions } from "@hatchery/core";
import { type Fault, serve, withFaults } from "@hatchery/core/testing";
import type { ProviderAdapter } from "./adapter.js";
import { fakeKey } from "./secrets.js";

/** Sizes of a soak run. */
export interface SoakOptions {
  /** Operations in total, spread round-robin over the providers. */
  operations: number;
  /** Operations in flight at once. */
  concurrency: number;
  /** Probability that one request (one attempt) meets a fault. */
  faultRate: number;
  /** Seed of the operation and fault choices. */
  seed: number;
  /** The clients' per-attempt timeout; slow bodies stall for a second longer. */
  timeoutMs: number;
  /** Providers to soak. */
  adapters: readonly ProviderAdapter[];
}

/**
 * The client retry policy of the soak: the default policy (2 retries, idempotent-only after an ambiguous
 * failure, `Retry-After` honoured) with short backoffs, and no retry budget. The budget exists to stop
 * retrying during an outage, which is what a soak at a 30 % fault rate looks like; with it, calls would end
 * before their retries and "every idempotent call fails only after its retries" could not be checked.
 */
export const SOAK_RETRY: RetryOptions = { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 40, budget: false };

/** The kinds of fault injected, and how. `ms` is the clients' per-attempt timeout. */
export const FAULT_KINDS: Record<string, (ms: number, random: () => number) => Fault> = {
  "429 with Retry-After": (_ms, random) => ({ status: 429, headers: { "retry-after": random() < 0.5 ? "0" : "1" } }),
  "429 without Retry-After": () => ({ status: 429 }),
  "500": () => ({ status: 500 }),
  "502": () => ({ status: 502 }),
  "503": () => ({ status: 503 }),
  "dropped connection": () => ({ drop: true }),
  "slow body past the timeout (after the effect)": (ms) => ({ slowBodyMs: ms + 1000 }),
  "dropped after the effect": () => ({ drop: true, afterEffect: true }),
  "502 after the effect": () => ({ status: 502, afterEffect: true }),
  "latency within the timeout": (ms) => ({ delayMs: Math.round(ms / 5) }),
};

/** Figures of one soak run. */
export interface SoakFigures {
  seed: number;
  operations: number;
  concurrency: number;
  faultRate: number;
  durationMs: number;
  /** Requests that reached a server (every attempt). */
  requests: number;
  /** Faults injected, by kind. */
  faults: Record<string, number>;
  /** Calls that resolved or rejected before the watchdog. */
  settled: number;
  /** Calls the watchdog gave up on. */
  hung: number;
  /** Rejections that were not a `HatcheryError` (a raw `TypeError`, `SyntaxError`…). */
  untypedErrors: number;
  /** Unhandled promise rejections during the run. */
  unhandledRejections: number;
  /**
   * Calls the API itself refused: a 4xx other than 408 and 429, or an error in a 2xx body (Hatebase). No
   * injected fault looks like that, so each one is an operation sent with invalid arguments (must be zero).
   */
  refused: number;
  idempotent: {
    calls: number;
    succeeded: number;
    /** Failed with a typed error after all its attempts. */
    failedAfterRetries: number;
    /** Failed before using its retries (must be zero with the budget off). */
    failedEarly: number;
  };
  nonIdempotent: {
    calls: number;
    succeeded: number;
    failed: number;
    /** Failures reported with `outcomeUnknown: true`. */
    outcomeUnknown: number;
    /** ...of which the fake had in fact acted on. */
    outcomeUnknownActed: number;
    /** Took effect more than once (must be zero). */
    duplicates: number;
    /** Failed with `outcomeUnknown: false` although the fake had acted (must be zero). */
    misreported: number;
    /** Succeeded but the fake has no trace of it (must be zero). */
    lost: number;
  };
  /** Side-effect counters of every fake at the end, by provider. */
  counters: Record<string, Record<string, number>>;
  /** Outcomes by provider and operation. */
  byOperation: Record<string, { ok: number; failed: number }>;
  memory: { heapBeforeMb: number; heapPeakMb: number; heapAfterMb: number; rssBeforeMb: number; rssAfterMb: number };
  /** Open sockets and timers of the process, before the run and after it (servers closed). */
  handles: { before: Record<string, number>; after: Record<string, number> };
  /** Sockets still open on the fakes' servers once every call settled (keep-alive), before closing them. */
  serverSocketsAtEnd: number;
  /** Final errors by class name (`TimeoutError`, `InternalServerError`…). */
  errors: Record<string, number>;
  /** Up to ten examples of each violation, for the failure message. */
  examples: string[];
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let gcFn: (() => void) | undefined;
/** A full garbage collection, without `--expose-gc` on the command line. */
function gc(): void {
  if (!gcFn) {
    v8.setFlagsFromString("--expose-gc");
    gcFn = vm.runInNewContext("gc") as () => void;
  }
  gcFn();
}

const MB = 1024 * 1024;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Open sockets, servers and timers of the process. */
export function activeHandles(): Record<string, number> {
  const out: Record<string, number> = { TCPSocketWrap: 0, TCPServerWrap: 0, Timeout: 0 };
  for (const kind of process.getActiveResourcesInfo()) if (kind in out) out[kind] = (out[kind] as number) + 1;
  return out;
}

/** Waits (up to 3 s) until the warm-up's sockets and servers have closed, and returns the handles then. */
async function quiesce(): Promise<Record<string, number>> {
  let handles = activeHandles();
  for (let i = 0; i < 60 && (handles.TCPSocketWrap! > 0 || handles.TCPServerWrap! > 0); i++) {
    await sleep(50);
    handles = activeHandles();
  }
  return handles;
}

async function settleGc(): Promise<{ heap: number; rss: number }> {
  for (let i = 0; i < 3; i++) {
    await sleep(20);
    gc();
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed / MB, rss: m.rss / MB };
}

/** Runs the soak and returns its figures. Never throws for a client misbehaving: the figures say it. */
export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  let unhandled = 0;
  const onUnhandled = () => {
    unhandled += 1;
  };
  process.on("unhandledRejection", onUnhandled);
  try {
    // A short warm-up first, so the baseline already holds what any run loads once (compiled code, the
    // connection machinery): what the heap keeps beyond it afterwards is what the run leaked.
    await soak({ ...options, operations: Math.min(100, Math.ceil(options.operations / 4)) });
    const handlesBefore = await quiesce();
    const before = await settleGc();
    const started = Date.now();
    const run = await soak(options);
    const durationMs = Date.now() - started;
    // Everything the run created is out of scope now: the heap and the handles must come back.
    const deadline = Date.now() + 5000;
    let handlesAfter = activeHandles();
    while (
      Date.now() < deadline &&
      (handlesAfter.TCPSocketWrap! > handlesBefore.TCPSocketWrap! ||
        handlesAfter.TCPServerWrap! > handlesBefore.TCPServerWrap! ||
        handlesAfter.Timeout! > handlesBefore.Timeout!)
    ) {
      await sleep(50);
      handlesAfter = activeHandles();
    }
    const after = await settleGc();
    return {
      ...run,
      durationMs,
      unhandledRejections: unhandled,
      memory: {
        heapBeforeMb: round1(before.heap),
        heapPeakMb: round1(run.peakHeap),
        heapAfterMb: round1(after.heap),
        rssBeforeMb: round1(before.rss),
        rssAfterMb: round1(after.rss),
      },
      handles: { before: handlesBefore, after: handlesAfter },
    };
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
}

type Outcome = { ok: true } | { ok: false; error: unknown };

async function soak(options: SoakOptions) {
  const random = prng(options.seed);
  const kinds = Object.keys(FAULT_KINDS);
  const faults: Record<string, number> = Object.fromEntries(kinds.map((k) => [k, 0]));
  let requests = 0;

  const setups = await Promise.all(
    options.adapters.map(async (adapter) => {
      const apiKey = fakeKey(adapter.dir);
      const fake = adapter.createFake(apiKey);
      const faulty = withFaults(adapter.handler(fake));
      const server = await serve((request) => {
        requests += 1;
        if (random() < options.faultRate) {
          const kind = kinds[Math.floor(random() * kinds.length)] as string;
          faults[kind] = (faults[kind] ?? 0) + 1;
          // Queued and taken by this very request: `faulty` picks its fault synchronously.
          faulty.inject({ ...FAULT_KINDS[kind]!(options.timeoutMs, random), times: 1 });
        }
        return faulty(request);
      });
      const client = adapter.createClient({
        apiKey,
        baseUrl: server.url,
        retry: SOAK_RETRY,
        timeoutMs: options.timeoutMs,
        rateLimit: false,
      });
      return { adapter, fake, server, client };
    }),
  );

  const maxAttempts = (SOAK_RETRY.maxRetries ?? 2) + 1;
  const examples: string[] = [];
  const example = (text: string) => {
    if (examples.length < 10) examples.push(text);
  };
  const idem = { calls: 0, succeeded: 0, failedAfterRetries: 0, failedEarly: 0 };
  const nonIdem = {
    calls: 0,
    succeeded: 0,
    failed: 0,
    outcomeUnknown: 0,
    outcomeUnknownActed: 0,
    duplicates: 0,
    misreported: 0,
    lost: 0,
  };
  const byOperation: Record<string, { ok: number; failed: number }> = {};
  const nonIdempotentCalls: { setup: (typeof setups)[number]; marker: string; name: string; outcome: Outcome }[] = [];
  const errors: Record<string, number> = {};
  let settled = 0;
  let hung = 0;
  let untypedErrors = 0;
  let refused = 0;
  let peakHeap = 0;
  // The watchdog: far beyond the worst legitimate call (3 attempts, each up to the timeout, plus backoffs and
  // Retry-After waits of 1 s).
  const watchdogMs = maxAttempts * (options.timeoutMs + 1000) + 5000;

  let next = 0;
  async function worker() {
    for (;;) {
      const index = next++;
      if (index >= options.operations) return;
      const setup = setups[index % setups.length]!;
      const operations = setup.adapter.operations;
      const operation = operations[Math.floor(random() * operations.length)]!;
      const marker = `chaos-${setup.adapter.dir}-${index}`;
      const key = `${setup.adapter.dir} ${operation.name}`;
      byOperation[key] ??= { ok: 0, failed: 0 };
      const tally = byOperation[key];
      let timer: NodeJS.Timeout | undefined;
      const watchdog = new Promise<"hung">((resolve) => {
        timer = setTimeout(() => resolve("hung"), watchdogMs);
      });
      const call = Promise.resolve()
        .then(() => operation.run(setup.client, { fake: setup.fake, marker, options: {} }))
        .then(
          (): Outcome => ({ ok: true }),
          (error: unknown): Outcome => ({ ok: false, error }),
        );
      const outcome = await Promise.race([call, watchdog]);
      clearTimeout(timer);
      if (index % 500 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed / MB);
      if (outcome === "hung") {
        hung += 1;
        example(`hung: ${key} (${marker}) did not settle within ${watchdogMs} ms`);
        continue;
      }
      settled += 1;
      if (outcome.ok) tally.ok += 1;
      else {
        tally.failed += 1;
        const name = (outcome.error as Error)?.name ?? typeof outcome.error;
        errors[name] = (errors[name] ?? 0) + 1;
      }
      if (!outcome.ok && !isHatcheryError(outcome.error)) {
        untypedErrors += 1;
        example(`untyped error from ${key}: ${String(outcome.error)}`);
      }
      if (!outcome.ok && isApiError(outcome.error)) {
        const { status } = outcome.error;
        if (status < 500 && status !== 408 && status !== 429) {
          refused += 1;
          example(`refused by the API: ${key} (${marker}): ${String(outcome.error)}`);
        }
      }
      if (operation.idempotent) {
        idem.calls += 1;
        if (outcome.ok) idem.succeeded += 1;
        else {
          const attempts = (outcome.error as { attempts?: unknown }).attempts;
          if (attempts === maxAttempts) idem.failedAfterRetries += 1;
          else {
            idem.failedEarly += 1;
            example(`${key} failed after ${String(attempts)} attempt(s): ${String(outcome.error)}`);
          }
        }
      } else {
        nonIdem.calls += 1;
        nonIdempotentCalls.push({ setup, marker, name: key, outcome });
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));

  // Only now, with every call settled, count what each non-idempotent call did in its fake.
  for (const { setup, marker, name, outcome } of nonIdempotentCalls) {
    const effects = setup.adapter.effects(setup.fake, marker);
    if (effects > 1) {
      nonIdem.duplicates += 1;
      example(`duplicate: ${name} (${marker}) took effect ${effects} times`);
    }
    if (outcome.ok) {
      nonIdem.succeeded += 1;
      if (effects === 0) {
        nonIdem.lost += 1;
        example(`lost: ${name} (${marker}) succeeded but the fake has no trace of it`);
      }
      continue;
    }
    nonIdem.failed += 1;
    const unknown = (outcome.error as { outcomeUnknown?: unknown }).outcomeUnknown === true;
    if (unknown) {
      nonIdem.outcomeUnknown += 1;
      if (effects > 0) nonIdem.outcomeUnknownActed += 1;
    } else if (effects > 0) {
      nonIdem.misreported += 1;
      example(
        `misreported: ${name} (${marker}) failed without outcomeUnknown but took effect: ${String(outcome.error)}`,
      );
    }
  }

  const counters = Object.fromEntries(setups.map((s) => [s.adapter.dir, s.adapter.counters(s.fake)]));
  const serverSocketsAtEnd = setups.reduce((n, s) => n + s.server.openConnections(), 0);
  await Promise.all(setups.map((s) => s.server.close()));
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed / MB);

  return {
    seed: options.seed,
    operations: options.operations,
    concurrency: options.concurrency,
    faultRate: options.faultRate,
    requests,
    faults,
    settled,
    hung,
    untypedErrors,
    refused,
    idempotent: idem,
    nonIdempotent: nonIdem,
    counters,
    byOperation,
    serverSocketsAtEnd,
    peakHeap,
    errors,
    examples,
  };
}

/** The figures as a short text report. */
export function formatFigures(f: SoakFigures): string {
  const faultsTotal = Object.values(f.faults).reduce((a, b) => a + b, 0);
  const lines = [
    `chaos soak: ${f.operations} operations, ${f.concurrency} in flight, fault rate ${f.faultRate} per request, seed ${f.seed}`,
    `  duration            ${(f.durationMs / 1000).toFixed(1)} s, ${f.requests} requests reached the fakes`,
    `  faults injected     ${faultsTotal}`,
    ...Object.entries(f.faults).map(([kind, n]) => `    ${kind.padEnd(46)} ${n}`),
    `  settled             ${f.settled} / ${f.operations} (hung: ${f.hung})`,
    `  untyped errors      ${f.untypedErrors}; unhandled rejections ${f.unhandledRejections}; refused by the API ${f.refused}`,
    `  final errors        ${Object.entries(f.errors)
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name} ${n}`)
      .join(", ")}`,
    `  idempotent          ${f.idempotent.calls} calls: ${f.idempotent.succeeded} ok, ${f.idempotent.failedAfterRetries} failed after all retries, ${f.idempotent.failedEarly} failed early`,
    `  non-idempotent      ${f.nonIdempotent.calls} calls: ${f.nonIdempotent.succeeded} ok, ${f.nonIdempotent.failed} failed (${f.nonIdempotent.outcomeUnknown} outcomeUnknown, ${f.nonIdempotent.outcomeUnknownActed} of them had acted)`,
    `  duplicates          ${f.nonIdempotent.duplicates}; misreported ${f.nonIdempotent.misreported}; lost ${f.nonIdempotent.lost}`,
    `  memory (heap)       before ${f.memory.heapBeforeMb} MB, peak ${f.memory.heapPeakMb} MB, after ${f.memory.heapAfterMb} MB (rss ${f.memory.rssBeforeMb} -> ${f.memory.rssAfterMb} MB)`,
    `  open sockets        before ${f.handles.before.TCPSocketWrap}, after ${f.handles.after.TCPSocketWrap} (servers ${f.handles.before.TCPServerWrap} -> ${f.handles.after.TCPServerWrap}; timers ${f.handles.before.Timeout} -> ${f.handles.after.Timeout}; keep-alive sockets when the last call settled: ${f.serverSocketsAtEnd})`,
  ];
  if (f.examples.length) lines.push("  examples:", ...f.examples.map((e) => `    ${e}`));
  return lines.join("\n");
}
