// @ts-check
/** Renders the results as Markdown: printed by every run, written to BENCHMARKS.md by the full run. */
import { BUNDLE_BUDGETS } from "./bundle.js";
import { renderFleet } from "./fleet.js";
import { fmt, fmtBytes, fmtMB, fmtPct } from "./stats.js";

/** @param {string[]} header @param {(string | number)[][]} rows */
function table(header, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [
    line(header),
    line(header.map((_, i) => (i === 0 ? "---" : "---:"))),
    ...rows.map((r) => line(r.map(String))),
  ].join("\n");
}

const ratio = (value, base) => (base > 0 ? `${(value / base).toFixed(2)}×` : "n/a");
/** @param {boolean | undefined} ok undefined: nothing to check against */
const yes = (ok) => (ok === undefined ? "—" : ok ? "**met**" : "**missed**");
/** @type {Record<string, string>} */
const OP = { get: "GET", post: "POST" };

/** @param {any} r results @param {any} meta */
export function goals(r, meta) {
  /** @type {{ goal: string, measured: string, ok: boolean | undefined }[]} */
  const out = [];
  // Issue 18's goals. Overhead is CPU time per call on the in-memory fetch (the client's own cost).
  const mem = r.overhead?.memory;
  if (mem) {
    const base = mem["openapi-fetch"];
    const ours = mem.hatchery;
    for (const op of ["get", "post"]) {
      const q = ours[op].cpu.median / base[op].cpu.median;
      out.push({
        goal: `${OP[op]} overhead within 1.3× of bare openapi-fetch (in-memory fetch, sequential)`,
        measured: `${q.toFixed(2)}×`,
        ok: q <= 1.3,
      });
    }
  }
  const conc = r.overhead?.concurrent;
  if (conc) {
    const base = conc["openapi-fetch"];
    const ours = conc.hatchery;
    for (const op of ["get", "post"]) {
      const q = ours[op].cpu.median / base[op].cpu.median;
      out.push({
        goal: `${OP[op]} overhead within 1.2× of bare openapi-fetch at ${fmtBytes(r.overhead.concurrentPlan.calls)} concurrent calls (in-memory fetch)`,
        measured: `${q.toFixed(2)}×`,
        ok: q <= 1.2,
      });
    }
  }
  if (mem) {
    const base = mem["openapi-fetch"];
    const ours = mem.hatchery;
    for (const op of ["get", "post"]) {
      const q = ours[op].cpu.median / base[op].cpu.median;
      const peer = mem.octokit[op].cpu.median / base[op].cpu.median;
      out.push({
        goal: `${OP[op]}: at least as fast as @octokit/core (our overhead ratio ≤ octokit's)`,
        measured: `Hatchery ${q.toFixed(2)}×, @octokit/core ${peer.toFixed(2)}× of openapi-fetch`,
        ok: q <= peer,
      });
    }
    for (const op of ["get", "post"]) {
      const q = mem.openai[op].cpu.median / ours[op].cpu.median;
      out.push({
        goal: `${OP[op]}: 1.3× faster than the openai client (openai's CPU per call / ours ≥ 1.3)`,
        measured: `openai / Hatchery = ${q.toFixed(2)}×`,
        ok: q >= 1.3,
      });
    }
  }
  for (const row of (r.bundle ?? []).filter((b) => b.ours)) {
    const budget = BUNDLE_BUDGETS[row.id];
    out.push({
      goal: `${row.label.replace(/ ¹$/, "")}: bundle ${budget === undefined ? "(no budget in issue 18's table)" : `at most ${fmtBytes(budget)} B min+gzip`}`,
      measured: row.size
        ? `${fmtBytes(row.size.gzip)} B${row.ledger ? ` (the must-haves and its spec's features alone: ${fmtBytes(row.ledger.minimum.gzip)} B)` : ""}`
        : `missing (${row.missing})`,
      ok: budget === undefined ? undefined : Boolean(row.size && row.size.gzip <= budget),
    });
  }
  const minimum = r.bundle?.find((b) => b.id === "core-minimum");
  if (minimum?.size) {
    // What the smallest budget leaves for the must-haves: the floor with every other behaviour taken out.
    const smallest = Math.min(...Object.values(BUNDLE_BUDGETS));
    out.push({
      goal: `core floor with the must-haves alone (³): at most the smallest budget, ${fmtBytes(smallest)} B min+gzip`,
      measured: `${fmtBytes(minimum.size.gzip)} B (the floor as every client has it: ${fmtBytes(minimum.ledger.base.gzip)} B)`,
      ok: minimum.size.gzip <= smallest,
    });
  }
  // Issue 10's checks, kept.
  for (const row of (r.footprint ?? []).filter((b) => b.ours)) {
    out.push({
      goal: `${row.label}: installs in at most 4 packages`,
      measured: row.count === undefined ? `missing (${row.missing})` : `${row.count} packages`,
      ok: row.count !== undefined && row.count <= 4,
    });
  }
  const p = r.pagination;
  if (p) {
    const whole = (p.total / p.pageSize) * p.onePageBytes;
    out.push({
      goal: `Pagination: ${p.total.toLocaleString("en-US")} items in ${p.total / p.pageSize} requests, retained heap bounded by a few pages (≤ 5), not by the list`,
      measured: `${p.requests} requests; retained ≤ ${(p.retainedBytes / 1024 / 1024).toFixed(2)} MB (${(p.retainedBytes / p.onePageBytes).toFixed(1)} pages) vs ${(whole / 1024 / 1024).toFixed(2)} MB for the whole list`,
      ok: p.requests <= Math.ceil(p.total / p.pageSize) + 1 && p.retainedBytes <= 5 * p.onePageBytes,
    });
  }
  const a = r.auth;
  if (a) {
    out.push({
      goal: `Auth under load: ${a.concurrency.toLocaleString("en-US")} concurrent calls without a token share one authenticate`,
      measured: `${a.authenticateMax} authenticate request(s) per run, ${Math.round(a.wallMs.median)} ms`,
      ok: a.authenticateMax === 1,
    });
  }
  const ours = (r.retry ?? []).find((x) => x.id === "hatchery");
  if (ours) {
    out.push({
      goal: "Retry cost: one 429 with Retry-After: 1 costs about one second more, not several",
      measured: `+${Math.round(ours.extraMs)} ms, ${ours.attempts} attempts`,
      ok: ours.extraMs >= 900 && ours.extraMs <= 1500 && ours.attempts === 2,
    });
  }
  void meta;
  return out;
}

/** @param {any} r results @param {any} meta */
export function renderMarkdown(r, meta) {
  const parts = [];
  parts.push(`# Benchmarks

Written by \`pnpm bench\` (packages/bench) from a ${meta.quick ? "**quick** (smoke, reduced-scale)" : "full"} run. Numbers describe one machine
at one moment; compare ratios, not absolute times. Nothing here is a test: CI only checks that \`pnpm bench --quick\`
completes.

| | |
|---|---|
| Date | ${meta.date} |
| Commit | \`${meta.commit}\` |
| Machine | ${meta.cpu} × ${meta.cores} cores, ${meta.memory} RAM, ${meta.os} |
| Node | ${meta.node} |
| Load average (1 min) at start / end | ${meta.loadStart} / ${meta.loadEnd} |
| Run time | ${meta.seconds} s |

${meta.loadNote}`);

  const g = goals(r, meta);
  if (g.length) {
    parts.push(`## Goals and checks (issue 18's goals, issue 10's checks; reported, never gated)

The first rows are issue 18's goals: overhead is CPU time per call on the in-memory fetch, ours (the HostHatch
client) against bare openapi-fetch and the peers measured in the same run (section 1); bundle budgets are the
table \`BUNDLE_BUDGETS\` in packages/bench/src/bundle.js. The last rows are issue 10's checks, kept: packages an
install brings, memory bounded by a page, one authenticate, about one second for one \`Retry-After: 1\`.

${table(
  ["Goal", "Measured", "Status"],
  g.map((x) => [x.goal, x.measured, yes(x.ok)]),
)}`);
  }

  if (r.overhead) {
    const { memory, wire, concurrent, signal, memoryPlan, wirePlan, concurrentPlan, signalPlan } = r.overhead;
    const ids = Object.keys(memory);
    const label = (id) => meta.labels[id] ?? id;
    /** In-memory results as CPU (ratios to bare openapi-fetch) and wall time per call. @param {any} results */
    const cpuTable = (results) =>
      table(
        [
          "Client",
          "GET CPU µs",
          "GET ratio",
          "POST CPU µs",
          "POST ratio",
          "spread GET / POST",
          "GET wall µs",
          "POST wall µs",
        ],
        ids.map((id) => {
          const m = results[id];
          const b = results["openapi-fetch"];
          return [
            label(id),
            fmt(m.get.cpu.median),
            ratio(m.get.cpu.median, b.get.cpu.median),
            fmt(m.post.cpu.median),
            ratio(m.post.cpu.median, b.post.cpu.median),
            `${fmtPct(m.get.cpu.spread)} / ${fmtPct(m.post.cpu.spread)}`,
            fmt(m.get.wall.median),
            fmt(m.post.wall.median),
          ];
        }),
      );
    /** The shared-signal runs of one target, with the no-signal control. @param {any} results */
    const signalTable = (results) =>
      table(
        [
          "Client",
          "CPU µs, shared signal",
          "CPU µs, no signal",
          "shared / none",
          "2nd → last batch CPU µs (shared)",
          "heap growth, shared",
          "heap growth, none",
          "abort listeners after last batch / after GC",
          "peak listeners",
          "MaxListeners warnings",
        ],
        ids.map((id) => {
          const { shared, none } = results[id];
          return [
            label(id),
            fmt(shared.cpu),
            fmt(none.cpu),
            ratio(shared.cpu, none.cpu),
            `${fmt(shared.cpuSecond)} → ${fmt(shared.cpuLast)}`,
            fmtMB(shared.heapGrowth),
            fmtMB(none.heapGrowth),
            `${fmtBytes(shared.listenersAfter)} / ${fmtBytes(shared.listenersAfterGc)}`,
            fmtBytes(shared.peakListeners),
            fmtBytes(shared.warnings),
          ];
        }),
      );
    parts.push(`## 1. Per-call client overhead

The same small GET (\`GET /api/v1/servers/1\`, ${meta.getBytes}-byte JSON answer) and small JSON POST (\`POST /api/v1/keys\`)
through each client. Every client keeps its defaults (ours: 2 retries, 60 s per-attempt timeout, envelope
unwrapping, typed errors; ky and openai: 2 retries). Ratios are to bare openapi-fetch (lower is better).

**In-memory \`fetch\`** (the client's own cost, no socket): ${memoryPlan.runs} runs × ${fmtBytes(memoryPlan.iterations)}
sequential calls after ${fmtBytes(memoryPlan.warmup)} warm-up calls per client and method; clients interleaved, order
rotated each run. Medians of the runs' means. **CPU µs** is this process's user + system CPU time per call (all
threads, GC included): on a shared machine it is the steadier measure of a client's own cost, and the ratios
and goals use it. Wall µs is given alongside. Spread = (slowest run − fastest run) / median, CPU time.

${cpuTable(memory)}

**In-memory \`fetch\`, ${fmtBytes(concurrentPlan.calls)} concurrent calls**: each sample starts ${fmtBytes(concurrentPlan.calls)} calls of one
client and method at once, then awaits them together (\`Promise.all\`), ${concurrentPlan.batches} time(s) in a row, after
${concurrentPlan.warmup} such warm-up batch(es) per client and method; ${concurrentPlan.runs} runs, clients interleaved and order
rotated each run, a forced GC before each sample. µs per call = the sample's CPU (user + system, GC included) or
wall time divided by the calls made. Medians of the runs; ratios to bare openapi-fetch, CPU time.

${cpuTable(concurrent)}

**Loopback server** (what a user sees): node:http on 127.0.0.1 in a child process, keep-alive; ${wirePlan.runs} runs ×
${fmtBytes(wirePlan.iterations)} sequential calls after ${fmtBytes(wirePlan.warmup)} warm-up calls. Wall time per call;
ratios to bare openapi-fetch. axios uses its Node http adapter here (its default), the fetch adapter in memory.

${table(
  ["Client", "GET wall µs", "GET ratio", "POST wall µs", "POST ratio", "spread GET / POST"],
  ids.map((id) => {
    const m = wire[id];
    const b = wire["openapi-fetch"];
    return [
      label(id),
      fmt(m.get.wall.median),
      ratio(m.get.wall.median, b.get.wall.median),
      fmt(m.post.wall.median),
      ratio(m.post.wall.median, b.post.wall.median),
      `${fmtPct(m.get.wall.spread)} / ${fmtPct(m.post.wall.spread)}`,
    ];
  }),
)}

### One caller signal shared by every call

Does a long-lived signal that many \`Request\`s share make a client leak or slow down? One \`AbortController\`'s
signal, never aborted, is passed to every call of a client, the client's own way: openapi-fetch \`signal\` in the
init, ky and axios \`signal\`, octokit \`request: { signal }\`, openai's \`{ signal }\` request option, ours
\`getServer({ server: 1 }, { signal })\`, raw fetch \`{ signal }\`. GET only: ${signalPlan.batches} batches of
${fmtBytes(signalPlan.calls)} concurrent calls per client, one client after the other, and the same with no signal (the
control). Each client first warms up (one batch with no signal, one with a throwaway signal); which of its two
measured runs comes first alternates from client to client. The first batch of a run sets the heap baseline.
**CPU µs** is per call over the other batches (user + system, the forced GCs excluded); **2nd → last** compares
the second batch with the last. **Heap growth** is the V8 heap in use after the last batch minus after
the first, each after a forced GC that lets FinalizationRegistry callbacks run; set it against the control's,
which holds what the client and its sockets keep without any signal. **Abort listeners** is
\`events.getEventListeners(signal, "abort").length\` after the last batch, then after that GC: a count the GC brings
to 0 was waiting for collection (Node's \`Request\` drops its listener from the caller's signal only when the
\`Request\` is collected), one that stays is a leak. **Peak** is the largest count after any batch (the forced GC
after the first batch empties it once). **MaxListeners warnings**: how many \`MaxListenersExceededWarning\`s Node
emitted for the signal (more listeners at once than its limit; Node's fetch raises the limit to 1,500 and, past it,
warns once per call). The bench counts them instead of letting Node print them, so the CPU figures leave out the
printing a real process would pay for.

On the loopback server, with Node's own \`fetch\` (every client but axios, which uses its http adapter here). The
server closes its idle keep-alive connections before each run, so no run starts with sockets an earlier one left
(the first batch, outside the CPU figures, opens its own).

${signalTable(signal.wire)}

In memory: only clients that build a \`Request\` from the caller's signal (openapi-fetch, ky, axios' fetch adapter)
or hold the signal themselves can leave listeners on it; raw fetch, octokit and openai hand the in-memory fetch a
URL and an init, which builds no \`Request\`, and ours builds its \`Request\` on a signal of its own per attempt.

${signalTable(signal.memory)}`);
  }

  if (r.bundle) {
    const base = r.bundle.find((b) => b.id === "openapi-fetch")?.size;
    const floor = r.bundle.find((b) => b.id === "core-floor");
    parts.push(`## 2. Bundle size of one call

esbuild ${meta.esbuild} (\`--bundle --minify --format=esm --platform=browser --target=es2022\`), then gzip -9 and
brotli quality 11. Each provider entry makes one call on the client's core with one operation function (what an app
bundles that imports just that: each package's \`size/one-call.js\`, budgeted by its size-limit check; the peers'
entries import the client and make one call). Providers are discovered from the workspace
(a published package with a \`specs/<name>.yaml\`); each uses its \`size/one-call.js\`, or (¹) the entry in
packages/bench/src/providers.js until it has one. A provider with neither is listed as missing. The core floor (²)
is packages/bench/src/floor-entry.js: ${floor?.description ?? "one call with what every client keeps"}. It is
what any one call bundles at the least; issue 18's budgets per provider are in the goals table. The floor with the
must-haves alone (³) is the same entry bundled from a copy of core's sources with every other behaviour taken out;
the table after this one says what each costs.

${table(
  ["Entry", "min B", "min+gzip B", "brotli B", "gzip vs openapi-fetch"],
  r.bundle.map((b) =>
    b.size
      ? [
          b.ours ? `**${b.label}**` : b.label,
          fmtBytes(b.size.min),
          fmtBytes(b.size.gzip),
          fmtBytes(b.size.brotli),
          base ? ratio(b.size.gzip, base.gzip) : "n/a",
        ]
      : [`**${b.label}**`, "missing", "—", "—", b.missing],
  ),
)}`);
    const ledger = r.bundle.find((b) => b.id === "core-minimum")?.ledger;
    if (ledger) {
      parts.push(`**What the floor's bytes buy** (packages/bench/src/size-ledger.js): the floor entry bundled from a copy of
core's sources (${fmtBytes(ledger.base.gzip)} B min+gzip), then again after taking out each behaviour beyond the
must-haves in turn, cumulatively. A row is what taking that behaviour out saves once the rows above it are out. Each
is a behaviour core documents or a guarantee it keeps, except three that are how core is built (the reused abort
controllers, the failure record, the plug-in points); what is left at the end is the must-haves alone
(${fmtBytes(ledger.minimum.gzip)} B). A provider's own spec adds to this (Hatch's rate limiter, for one).

${table(
  ["Taken out", "min+gzip B saved"],
  [
    ...ledger.rows.map((row) => [row.label, fmtBytes(row.saved)]),
    ["**all of the above**", `**${fmtBytes(ledger.base.gzip - ledger.minimum.gzip)}**`],
  ],
)}`);
    }
    const providers = r.bundle.filter((b) => b.ours && b.ledger);
    if (providers.length > 0) {
      parts.push(`**Each provider's one call, the same way**: its entry bundled from the same copy of core's sources, then with
the same behaviours taken out. What is left is the must-haves and what the provider's spec declares (Hatch's rate
limiter and JSON:API errors, HostHatch's pagination and required headers, Hatebase's session auth, forms, coercion
and pagination, …): the part of the call issue 18's budget can be held to while every documented behaviour stays.

${table(
  [
    "Provider (one call)",
    "one call, core from its sources B",
    "behaviour beyond the must-haves (the rows above) B",
    "must-haves + the spec's features B",
    "budget B",
    "left over budget B",
  ],
  providers.map((b) => {
    const { base, minimum } = /** @type {NonNullable<typeof b.ledger>} */ (b.ledger);
    const budget = BUNDLE_BUDGETS[b.id];
    return [
      b.label,
      fmtBytes(base.gzip),
      fmtBytes(base.gzip - minimum.gzip),
      fmtBytes(minimum.gzip),
      budget === undefined ? "none" : fmtBytes(budget),
      budget === undefined ? "—" : fmtBytes(minimum.gzip - budget),
    ];
  }),
)}`);
    }
  }

  if (r.footprint) {
    parts.push(`## 3. Install footprint

The packages \`npm install <entry>\` brings (the dependency closure, with required peer dependencies, which npm
installs too) and their unpacked bytes. Registry packages are measured as installed in this workspace; ours as they
would be published: their \`files\` (dist: ESM, CJS, types, source maps) plus package.json, README, LICENSE, CHANGELOG.

${table(
  ["Install", "packages", "unpacked bytes", "what comes along"],
  r.footprint.map((f) =>
    f.count === undefined
      ? [`**${f.label}**`, "missing", "—", f.missing]
      : [
          f.ours ? `**${f.label}**` : f.label,
          f.count,
          fmtBytes(f.bytes),
          f.names.length > 8 ? `${f.names.slice(0, 8).join(", ")}, … (${f.names.length - 8} more)` : f.names.join(", "),
        ],
  ),
)}`);
  }

  if (r.codegen) {
    const c = r.codegen;
    parts.push(`## 4. Codegen

Wall time of \`pnpm generate --force\` (cold: ${c.scope} regenerated from the spec, turbo's cache bypassed) and
of the cached no-op \`pnpm generate\` run right after (every task a turbo cache hit). Both include starting pnpm
and turbo. ${c.cold.runs} run(s), median (min–max).

${table(
  ["Run", "median s", "min s", "max s", "cold / cached"],
  [
    [
      `cold (${c.scope})`,
      fmt(c.cold.median / 1000, 2),
      fmt(c.cold.min / 1000, 2),
      fmt(c.cold.max / 1000, 2),
      ratio(c.cold.median, c.cached.median),
    ],
    ["cached no-op", fmt(c.cached.median / 1000, 2), fmt(c.cached.min / 1000, 2), fmt(c.cached.max / 1000, 2), "1.00×"],
  ],
)}`);
  }

  if (r.pagination) {
    const p = r.pagination;
    parts.push(`## 5. Pagination at scale

${fmtBytes(p.total)} clients through the generated LeanLaw client's \`for await\` over \`listClients\` (offset pages of
${fmtBytes(p.pageSize)}), against the LeanLaw fake (packages/leanlaw/src/testing) seeded with ${fmtBytes(p.total)}
clients and served on 127.0.0.1 in a child process, so the fake's records are not in the measured heap. The list is
sorted by \`reference\` (null on every seeded client), which keeps the fake's per-page sort cheap. Memory is this
process's V8 heap: *retained* is the largest growth over the baseline after a forced GC at each page boundary;
*peak* the largest growth sampled every 100 items without GC (garbage included); both set against the heap one
page of items takes when held.

${table(
  ["Measure", "Value"],
  [
    ["items iterated", fmtBytes(p.items)],
    ["requests made", `${p.requests} (${fmtBytes(p.total / p.pageSize)} pages)`],
    [
      `wall time, median of ${p.wallMs.runs} (min–max)`,
      `${fmt(p.wallMs.median / 1000, 2)} s (${fmt(p.wallMs.min / 1000, 2)}–${fmt(p.wallMs.max / 1000, 2)} s)`,
    ],
    ["items per second", fmtBytes(Math.round(p.items / (p.wallMs.median / 1000)))],
    ["heap of one page of items, held", fmtMB(p.onePageBytes)],
    [
      "retained heap growth, max over page boundaries",
      `${fmtMB(p.retainedBytes)} (${(p.retainedBytes / p.onePageBytes).toFixed(2)} pages)`,
    ],
    [
      "retained heap growth after the first page / after the last page",
      `${fmtMB(p.retainedFirstPage)} / ${fmtMB(p.retainedLastPage)}`,
    ],
    [
      "peak heap growth, garbage included",
      `${fmtMB(p.peakBytes)} (${(p.peakBytes / p.onePageBytes).toFixed(2)} pages)`,
    ],
    ["heap growth after the loop, after GC", fmtMB(p.afterBytes)],
    ["all items held at once would take (estimate: pages × one page)", fmtMB((p.total / p.pageSize) * p.onePageBytes)],
    ["RSS growth over the memory pass", fmtMB(p.rssGrowth)],
  ],
)}`);
  }

  if (r.auth) {
    const a = r.auth;
    parts.push(`## 6. Auth under load

${fmtBytes(a.concurrency)} concurrent Hatebase calls (\`getVocabulary\`) on a fresh client holding no session token,
${a.runs} run(s): the \`@hatchery/hatebase\` client against its own fake (\`@hatchery/hatebase/testing\`) on 127.0.0.1
(child process), each \`authenticate\` held back ${a.authDelayMs} ms. Every call gets a full page of the fake's
vocabulary (${fmtBytes(a.pageItems)} terms, numbers and flags sent as strings that the client coerces): the wall time
is mostly the ${fmtBytes(a.concurrency)} requests and their pages, served and parsed, not the wait for \`authenticate\`.

${table(
  ["Measure", "Value"],
  [
    [
      "authenticate requests per run",
      a.authenticateMin === a.authenticateMax ? String(a.authenticateMax) : `${a.authenticateMin}–${a.authenticateMax}`,
    ],
    ["requests per run, all", fmtBytes(a.requests)],
    [
      `wall time for all ${fmtBytes(a.concurrency)} calls, median (min–max)`,
      `${fmt(a.wallMs.median, 0)} ms (${fmt(a.wallMs.min, 0)}–${fmt(a.wallMs.max, 0)} ms)`,
    ],
  ],
)}`);
  }

  if (r.retry) {
    parts.push(`## 7. Retry cost

One GET that meets a single \`429\` with \`Retry-After: 1\` and then succeeds, against a clean GET, on a loopback
server (core/testing's \`serve\` + \`withFaults\`). Medians of ${r.retry[0]?.runs ?? 0} run(s). Expected: about 1,000 ms
more, two attempts.

${table(
  ["Client", "clean ms", "with one 429 ms", "extra ms", "attempts"],
  r.retry.map((x) => [meta.labels[x.id] ?? x.label, fmt(x.cleanMs), fmt(x.limitedMs), fmt(x.extraMs), x.attempts]),
)}`);
  }

  if (r.fleet) parts.push(renderFleet(r.fleet));

  parts.push(`## Versions

${table(
  ["Package", "Version"],
  Object.entries(meta.versions).map(([k, v]) => [k, String(v)]),
)}

ky 2.x and openai 7.x need Node 22, so the Node 20 versions the repository supports are measured (ky 1.14.3,
openai 6.49.0). Reproduce with \`pnpm bench\` (full, writes this file) or \`pnpm bench --quick\` (smoke, prints only).
`);
  return `${parts.join("\n\n")}\n`;
}
