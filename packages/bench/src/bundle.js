// @ts-check
/**
 * Bundle size of one call: esbuild (minified, ESM, browser platform, as an app bundler would see it), then
 * gzip -9 and brotli (quality 11) of the output. Each of our providers against the peers' one-call entries.
 */
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { discoverProviders } from "./providers.js";

const BENCH_DIR = new URL("..", import.meta.url).pathname;

/** @type {{ id: string, label: string, source: string }[]} */
export const PEER_ENTRIES = [
  {
    id: "openapi-fetch",
    label: "openapi-fetch alone",
    source: `import createClient from "openapi-fetch";
const client = createClient({ baseUrl: "https://api.example.com" });
client.GET("/servers/{id}", { params: { path: { id: 1 } } }).then((r) => console.log(r.data));`,
  },
  {
    id: "ky",
    label: "ky",
    source: `import ky from "ky";
ky.get("https://api.example.com/servers/1").json().then((d) => console.log(d));`,
  },
  {
    id: "axios",
    label: "axios",
    source: `import axios from "axios";
axios.get("https://api.example.com/servers/1").then((r) => console.log(r.data));`,
  },
  {
    id: "octokit-core",
    label: "@octokit/core",
    source: `import { Octokit } from "@octokit/core";
new Octokit({ auth: "token" }).request("GET /servers/{id}", { id: 1 }).then((r) => console.log(r.data));`,
  },
  {
    id: "octokit-plugins",
    label: "@octokit/core + retry + throttling + paginate-rest",
    source: `import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
const MyOctokit = Octokit.plugin(retry, throttling, paginateRest);
const octokit = new MyOctokit({ auth: "token", throttle: { onRateLimit: () => true, onSecondaryRateLimit: () => true } });
octokit.request("GET /servers/{id}", { id: 1 }).then((r) => console.log(r.data));`,
  },
  {
    id: "openai",
    label: "openai (Stainless)",
    source: `import OpenAI from "openai";
const client = new OpenAI({ apiKey: "token", dangerouslyAllowBrowser: true });
client.get("/servers/1").then((d) => console.log(d));`,
  },
];

/**
 * What issue 3's 5 kB budget would have to hold, measured: openapi-fetch plus only core's attempt loop
 * (per-attempt timeout, abort), retry policy, backoff, Retry-After, retry budget, idempotency decision, typed
 * errors and redaction. No auth, envelope, throttle limit, quota, cache or logger: the floor under any provider's
 * one call, not a way to call an API.
 */
export const CORE_FLOOR = {
  id: "core-floor",
  label: "core floor ²: openapi-fetch + transport, retries, typed errors, redaction",
  source: `import createClient from "openapi-fetch";
import { createApiError, createTransport, Redactor, RetryBudget, resolveRetry, Throttle } from "@hatchery/core";
const redactor = new Redactor();
const send = createTransport({ fetch: (r) => fetch(r), throttle: new Throttle(undefined, undefined), budget: new RetryBudget(10, 0.1), redactor, log: () => {} });
const client = createClient({ baseUrl: "https://api.example.com", fetch: (r) => send(r, { idempotent: true, retry: resolveRetry(undefined), timeoutMs: 60000 }) });
client.GET("/servers/{id}", { params: { path: { id: 1 } } }).then((r) => {
  if (!r.response.ok) throw createApiError({ status: r.response.status, method: "GET", url: redactor.url(r.response.url), headers: redactor.headers(r.response.headers) });
  console.log(r.data);
});`,
};

/**
 * @param {{ entryPoints?: string[], stdin?: { contents: string, resolveDir: string } }} entry
 */
async function measureEntry(entry) {
  const result = await build({
    ...entry,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = /** @type {import("esbuild").OutputFile} */ (result.outputFiles[0]).contents;
  return {
    min: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  };
}

export async function runBundle() {
  /** @type {{ id: string, label: string, ours: boolean, size?: { min: number, gzip: number, brotli: number }, missing?: string }[]} */
  const rows = [];
  for (const provider of discoverProviders()) {
    const label = `${provider.name} (one call)`;
    if (provider.oneCall.kind === "missing") {
      rows.push({
        id: provider.dir,
        label,
        ours: true,
        missing: `no packages/${provider.dir}/size/one-call.js and no entry in packages/bench/src/providers.js`,
      });
      continue;
    }
    if (!provider.hasDist) {
      rows.push({ id: provider.dir, label, ours: true, missing: `packages/${provider.dir}/dist is not built` });
      continue;
    }
    const size =
      provider.oneCall.kind === "file"
        ? await measureEntry({ entryPoints: [provider.oneCall.file] })
        : await measureEntry({ stdin: { contents: provider.oneCall.source, resolveDir: provider.path } });
    rows.push({
      id: provider.dir,
      label: `${label}${provider.oneCall.kind === "file" ? "" : " ¹"}`,
      ours: true,
      size,
    });
  }
  rows.push({
    id: CORE_FLOOR.id,
    label: CORE_FLOOR.label,
    ours: false,
    size: await measureEntry({ stdin: { contents: CORE_FLOOR.source, resolveDir: BENCH_DIR } }),
  });
  for (const peer of PEER_ENTRIES) {
    rows.push({
      id: peer.id,
      label: peer.label,
      ours: false,
      size: await measureEntry({ stdin: { contents: peer.source, resolveDir: BENCH_DIR } }),
    });
  }
  return rows;
}
