// @ts-check
/**
 * Pagination at scale: every item of a LeanLaw-style offset list (pages of 1,000) through the generated
 * LeanLaw client's async iterator, against the LeanLaw fake on 127.0.0.1. Reports wall time, requests made,
 * and heap growth: retained (after a forced GC at each page boundary) and peak (sampled without GC), set
 * against the heap one page of items takes, to show memory stays bounded by a page, not by the list.
 */
import { createLeanLawClient } from "@hatchery/leanlaw";
import { startChild } from "./child.js";
import { gc, now, summarize } from "./stats.js";

const PAGE = 1000;

/**
 * @param {string} baseUrl
 * @param {string} apiKey
 */
function makeClient(baseUrl, apiKey) {
  const counter = { requests: 0 };
  const client = createLeanLawClient({
    apiKey,
    baseUrl,
    fetch: (request) => {
      counter.requests++;
      return globalThis.fetch(request);
    },
  });
  const list = () => client.listClients({ limit: PAGE, sort: "reference" });
  return { counter, list };
}

const heap = () => process.memoryUsage().heapUsed;

/**
 * @param {{ quick: boolean }} options
 * @param {(line: string) => void} progress
 */
export async function runPagination({ quick }, progress) {
  const total = quick ? 20_000 : 100_000;
  const timedRuns = quick ? 1 : 3;
  progress(`  seeding the LeanLaw fake with ${total.toLocaleString("en-US")} clients`);
  const server = await startChild(new URL("./pagination-server.js", import.meta.url), [String(total)]);
  try {
    const apiKey = /** @type {{ apiKey: string }} */ (server.message).apiKey;

    /** @type {number[]} */
    const times = [];
    let requests = 0;
    let seen = 0;
    for (let run = 0; run < timedRuns; run++) {
      const { counter, list } = makeClient(server.url, apiKey);
      gc();
      const start = now();
      seen = 0;
      for await (const _ of list()) seen++;
      times.push(now() - start);
      requests = counter.requests;
      progress(`  pagination run ${run + 1}/${timedRuns}: ${seen.toLocaleString("en-US")} items`);
    }

    // One page of items, held: the yardstick for "bounded by a page". Measured warm, as the heap released when
    // the held page is dropped, so allocations before it (module loading, JIT) do not blur it.
    const probe = makeClient(server.url, apiKey);
    /** @type {unknown[] | undefined} */
    let held = [];
    for await (const item of probe.list()) {
      held.push(item);
      if (held.length === PAGE) break;
    }
    gc();
    const withPage = heap();
    held = undefined;
    gc();
    const onePage = withPage - heap();

    // Memory pass: GC and sample at every page boundary (retained), sample without GC every 100 items (peak).
    const { list } = makeClient(server.url, apiKey);
    gc();
    const baseline = heap();
    const rss0 = process.memoryUsage().rss;
    let retained = 0;
    /** @type {number[]} */
    const trace = [];
    let peak = 0;
    let count = 0;
    for await (const _ of list()) {
      count++;
      if (count % 100 === 0) peak = Math.max(peak, heap() - baseline);
      if (count % PAGE === 0) {
        gc();
        const growth = heap() - baseline;
        trace.push(growth);
        retained = Math.max(retained, growth);
      }
    }
    const rssGrowth = process.memoryUsage().rss - rss0;
    gc();
    const after = heap() - baseline;
    return {
      total,
      items: seen,
      pageSize: PAGE,
      requests,
      wallMs: summarize(times),
      onePageBytes: onePage,
      retainedBytes: retained,
      retainedFirstPage: trace[0] ?? 0,
      retainedLastPage: trace.at(-1) ?? 0,
      peakBytes: peak,
      afterBytes: after,
      rssGrowth,
      memoryItems: count,
    };
  } finally {
    await server.close();
  }
}
