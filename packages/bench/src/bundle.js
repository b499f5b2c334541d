// @ts-check
/**
 * Bundle size of one call: esbuild (minified, ESM, browser platform, as an app bundler would see it), then
 * gzip -9 and brotli (quality 11) of the output. Each of our providers against the peers' one-call entries.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";
import { discoverProviders } from "./providers.js";
import { runLedger } from "./size-ledger.js";

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
 * The core floor: what `floor-entry.js` bundles (one call with what every client keeps, see that file's header).
 * Its label and the report's description of it are that file's `@label` and `@description` tags, so the file
 * is the one place to edit when the floor is redefined.
 */
export const FLOOR_ENTRY = fileURLToPath(new URL("./floor-entry.js", import.meta.url));

/**
 * Reads the `@label` and `@description` tags of the floor entry's header comment. A tag's text runs on over the
 * comment's following lines up to the next tag or the end of the comment.
 * @param {string} file
 */
export function floorInfo(file) {
  const header = readFileSync(file, "utf8").match(/\/\*\*([\s\S]*?)\*\//)?.[1] ?? "";
  const lines = header.split("\n").map((line) => line.replace(/^\s*\* ?/, "").trim());
  /** @type {Record<string, string>} */
  const tags = {};
  let current = "";
  for (const line of lines) {
    const tag = line.match(/^@(\w+)\s*(.*)$/);
    if (tag) {
      current = tag[1] ?? "";
      tags[current] = tag[2] ?? "";
    } else if (current && line) {
      tags[current] = `${tags[current]} ${line}`.trim();
    }
  }
  return {
    label: tags.label || "core floor ²",
    description: tags.description || "see packages/bench/src/floor-entry.js",
  };
}

/**
 * Issue 18's budgets for one call, min+gzip bytes, by provider (the package's folder name). Reported in the
 * goals table, never gated (size-limit gates each package's own budget). A provider missing here is reported
 * as having no budget.
 * @type {Record<string, number>}
 */
export const BUNDLE_BUDGETS = {
  hatch: 5500,
  hosthatch: 5500,
  leanlaw: 7000,
  "happy-grasshopper": 7000,
  hatebase: 8000,
};

/**
 * @param {{ entryPoints?: string[], stdin?: { contents: string, resolveDir: string }, alias?: Record<string, string>, nodePaths?: string[] }} entry
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
    metafile: true,
  });
  const code = /** @type {import("esbuild").OutputFile} */ (result.outputFiles[0]).contents;
  if (entry.alias) {
    // A ledger run measures core's copy; a module of core's own build in the bundle would make its figures lie.
    const stray = Object.keys(result.metafile.inputs).find((input) => /(^|\/)core\/(dist|src)\//.test(input));
    if (stray) throw new Error(`size ledger: the bundle took ${stray} instead of the copy of core's sources`);
  }
  return {
    min: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
  };
}

/** @typedef {Awaited<ReturnType<typeof runLedger>>} Ledger */

export async function runBundle() {
  /** @type {{ id: string, label: string, description?: string, ours: boolean, size?: { min: number, gzip: number, brotli: number }, missing?: string, ledger?: Ledger }[]} */
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
    const entry =
      provider.oneCall.kind === "file"
        ? { entryPoints: [provider.oneCall.file] }
        : { stdin: { contents: provider.oneCall.source, resolveDir: provider.path } };
    rows.push({
      id: provider.dir,
      label: `${label}${provider.oneCall.kind === "file" ? "" : " ¹"}`,
      ours: true,
      size: await measureEntry(entry),
      // The same call from a copy of core's sources, with each behaviour beyond the must-haves taken out in turn:
      // what is left is the must-haves and what this provider's spec declares (size-ledger.js).
      ledger: await runLedger((resolve) => measureEntry({ ...entry, ...resolve })),
    });
  }
  const floor = floorInfo(FLOOR_ENTRY);
  rows.push({
    id: "core-floor",
    label: floor.label,
    description: floor.description,
    ours: false,
    size: await measureEntry({ entryPoints: [FLOOR_ENTRY] }),
  });
  // The floor again, from core's sources with every behaviour beyond the must-haves taken out (size-ledger.js).
  const ledger = await runLedger((resolve) => measureEntry({ entryPoints: [FLOOR_ENTRY], ...resolve }));
  rows.push({
    id: "core-minimum",
    label: "core floor, must-haves alone ³",
    ours: false,
    size: ledger.minimum,
    ledger,
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
