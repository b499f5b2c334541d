// @ts-check
/** Renders the results as Markdown: printed by every run, written to BENCHMARKS.md by the full run. */
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
const yes = (ok) => (ok ? "**met**" : "**missed**");

/** @param {any} r results @param {any} meta */
export function goals(r, meta) {
  /** @type {{ goal: string, measured: string, ok: boolean }[]} */
  const out = [];
  const mem = r.overhead?.memory;
  if (mem) {
    const base = mem["openapi-fetch"];
    const ours = mem.hatchery;
    for (const op of ["get", "post"]) {
      const q = ours[op].cpu.median / base[op].cpu.median;
      out.push({
        goal: `Client overhead within 1.15× of bare openapi-fetch (in-memory fetch, ${op.toUpperCase()})`,
        measured: `${q.toFixed(2)}×`,
        ok: q <= 1.15,
      });
    }
    for (const peer of ["octokit", "openai"]) {
      for (const op of ["get", "post"]) {
        const q = mem[peer][op].cpu.median / ours[op].cpu.median;
        out.push({
          goal: `At least 1.5× lower overhead than ${peer === "octokit" ? "@octokit/core" : "the openai client"} (${op.toUpperCase()})`,
          measured: `${peer} / Hatchery = ${q.toFixed(2)}×`,
          ok: q >= 1.5,
        });
      }
    }
  }
  for (const row of (r.bundle ?? []).filter((b) => b.ours)) {
    out.push({
      goal: `${row.label.replace(/ ¹$/, "")}: bundle at most 5 kB min+gzip`,
      measured: row.size ? `${fmtBytes(row.size.gzip)} B` : `missing (${row.missing})`,
      ok: Boolean(row.size && row.size.gzip <= 5000),
    });
  }
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
    parts.push(`## Goals and checks (from issue 10; reported, never gated)

The first rows are the issue's goals; the last three check what its must-haves describe (memory bounded by a
page, one authenticate, about one second for one \`Retry-After: 1\`).

${table(
  ["Goal", "Measured", "Status"],
  g.map((x) => [x.goal, x.measured, yes(x.ok)]),
)}`);
  }

  if (r.overhead) {
    const { memory, wire, memoryPlan, wirePlan } = r.overhead;
    const ids = Object.keys(memory);
    const label = (id) => meta.labels[id] ?? id;
    parts.push(`## 1. Per-call client overhead

The same small GET (\`GET /api/v1/servers/1\`, ${meta.getBytes}-byte JSON answer) and small JSON POST (\`POST /api/v1/keys\`)
through each client. Every client keeps its defaults (ours: 2 retries, 60 s per-attempt timeout, envelope
unwrapping, typed errors; ky and openai: 2 retries). Ratios are to bare openapi-fetch (lower is better).

**In-memory \`fetch\`** (the client's own cost, no socket): ${memoryPlan.runs} runs × ${fmtBytes(memoryPlan.iterations)}
sequential calls after ${fmtBytes(memoryPlan.warmup)} warm-up calls per client and method; clients interleaved, order
rotated each run. Medians of the runs' means. **CPU µs** is this process's user + system CPU time per call (all
threads, GC included): on a shared machine it is the steadier measure of a client's own cost, and the ratios
and goals use it. Wall µs is given alongside. Spread = (slowest run − fastest run) / median, CPU time.

${table(
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
    const m = memory[id];
    const b = memory["openapi-fetch"];
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
)}

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
)}`);
  }

  if (r.bundle) {
    const base = r.bundle.find((b) => b.id === "openapi-fetch")?.size;
    parts.push(`## 2. Bundle size of one call

esbuild ${meta.esbuild} (\`--bundle --minify --format=esm --platform=browser --target=es2022\`), then gzip -9 and
brotli quality 11. Each entry imports the client and makes one call. Providers are discovered from the workspace
(a published package with a \`specs/<name>.yaml\`); each uses its \`size/one-call.js\`, or (¹) the entry in
packages/bench/src/providers.js until it has one. A provider with neither is listed as missing. The core floor (²)
is openapi-fetch with only core's attempt loop, retry policy, retry budget, typed errors and redaction (no auth,
envelope, rate limit, quota, cache or logger): what any one call bundles at the least, against issue 3's 5 kB.

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
