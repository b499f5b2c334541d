// The runtimes beyond Node: Bun, Deno, workerd (Cloudflare Workers, through miniflare) and the edge-runtime sandbox
// (Vercel-style edge functions). Each is an npm package that ships its binary (nothing comes from another host),
// installed with npm from tools/runtimes' package-lock.json into the cache, once per lockfile, like Verdaccio.
//
// Each row of RUNTIMES makes the provider's consumer call with the package as published to the rehearsal registry:
//   bun       call.mjs and call.cjs of the consumer project (ESM import, CJS require; the fake from `./testing`,
//             served on 127.0.0.1 by Bun's node:http)
//   deno      an ESM program importing `npm:<package>@<version>`, resolved by Deno itself from the rehearsal
//             registry (NPM_CONFIG_REGISTRY), run with --allow-net=127.0.0.1 and nothing else
//   workerd   the consumer's worker module (ESM, Workers are ESM only) bundled with esbuild as wrangler does
//             (conditions workerd, worker, browser; no nodejs_compat), run by miniflare's workerd
//   edge      the same call bundled into a script, evaluated by edge-runtime's EdgeRuntime (a VM with only the
//             Web APIs of an edge function)
// Deno, workerd and edge make the call against the fake served on 127.0.0.1 by this process; they load only the
// package's main entry, which is what they prove runs there. Add a runtime by adding a row.
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { check, cleanEnv, ok, remove } from "./lib.mjs";
import { ensureNode } from "./node-runtimes.mjs";

const TOOLS = join(import.meta.dirname, "..", "tools", "runtimes");
const RUNNERS = join(import.meta.dirname, "runners");
/** miniflare 4 needs Node 22 or newer: it runs on the rehearsal's Node 22. */
export const MINIFLARE_NODE = "22.23.3";
/** Workers' compatibility date: the date of the pinned workerd (it refuses later ones). */
export const WORKERS_COMPATIBILITY_DATE = "2026-07-30";

/** Installs the runtimes (once per lockfile) into `cacheDir`; returns the install folder and their versions. */
export async function ensureRuntimes(cacheDir) {
  const lock = await readFile(join(TOOLS, "package-lock.json"), "utf8");
  const dir = join(cacheDir, "runtimes");
  const stamp = join(dir, ".installed-lock.json");
  if (!existsSync(stamp) || (await readFile(stamp, "utf8")) !== lock) {
    await remove(dir);
    await mkdir(dir, { recursive: true });
    await cp(join(TOOLS, "package.json"), join(dir, "package.json"));
    await cp(join(TOOLS, "package-lock.json"), join(dir, "package-lock.json"));
    // With install scripts: bun, deno and workerd link their platform's binary package into place.
    await ok("npm", ["ci", "--no-audit", "--no-fund"], { cwd: dir, env: cleanEnv(), timeoutMs: 300_000 });
    await writeFile(stamp, lock);
  }
  const pinned = JSON.parse(await readFile(join(TOOLS, "package.json"), "utf8")).dependencies;
  const version = async (name) => JSON.parse(await readFile(join(dir, "node_modules", name, "package.json"), "utf8"));
  const bin = (name) => join(dir, "node_modules", ".bin", name);
  const bun = (await ok(bin("bun"), ["--version"])).trim();
  check(bun === pinned.bun, `bun from npm reports ${bun}, not ${pinned.bun}`);
  const deno = /^deno (\S+)/m.exec(await ok(bin("deno"), ["--version"], { env: denoEnv(dir) }))?.[1];
  check(deno === pinned.deno, `deno from npm reports ${deno}, not ${pinned.deno}`);
  const workerd = (await version("workerd")).version;
  const node22 = await ensureNode(cacheDir, MINIFLARE_NODE);
  return {
    dir,
    node22,
    versions: {
      bun,
      deno,
      miniflare: (await version("miniflare")).version,
      workerd,
      "edge-runtime": (await version("edge-runtime")).version,
    },
    bin,
  };
}

/** Deno's environment: its cache in `home`, no update check, no colours; the registry when given. */
function denoEnv(home, registry) {
  return cleanEnv({
    DENO_DIR: join(home, "deno-dir"),
    DENO_NO_UPDATE_CHECK: "1",
    DENO_NO_PROMPT: "1",
    ...(registry ? { NPM_CONFIG_REGISTRY: registry } : {}),
  });
}

const q = (value) => JSON.stringify(value);

/** The consumer call as an ESM module importing `specifier`: `call(baseUrl, apiKey)` checks the result. */
function callModule(specifier, row) {
  return `import * as pkg from ${q(specifier)};
export async function call(baseUrl, apiKey) {
  const client = pkg[${q(row.client)}]({ apiKey, baseUrl: baseUrl + ${q(row.basePath ?? "")} });
  const result = await client[${q(row.call)}](${row.input === undefined ? "" : q(row.input)});
  if (!(${row.expect})) throw new Error("unexpected result of ${row.call}: " + JSON.stringify(result).slice(0, 500));
  return { ok: true, call: ${q(row.call)} };
}
`;
}

/** Bundles `entry` (in the consumer project `dir`) for a runtime without Node: ESM or a script. */
async function bundle(dir, entry, { format, conditions }) {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: dir,
    bundle: true,
    format,
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions,
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** A runner's last line of output, as JSON. */
const lastJson = (output) => JSON.parse(output.trim().split("\n").pop());

/**
 * The runtimes. `run(ctx)` makes the consumer call and returns what the runtime reported (`runtime` names it and
 * its version). ctx: `{ dir, name, version, row, tools, registry, work, fake: { url, apiKey } }`.
 */
export const RUNTIMES = [
  {
    id: "bun",
    label: "Bun",
    format: "ESM, CJS",
    version: (tools) => `Bun ${tools.versions.bun}`,
    how: "ESM import + CJS require, fake served by Bun (node:http)",
    usesFake: false,
    async run({ dir, tools }) {
      const lines = [];
      for (const file of ["call.mjs", "call.cjs"]) {
        lines.push(lastJson(await ok(tools.bin("bun"), [file], { cwd: dir, env: cleanEnv(), timeoutMs: 60_000 })));
      }
      for (const line of lines) check(line.runtime === `bun ${tools.versions.bun}`, `ran on ${line.runtime}`);
      return { runtime: lines[0].runtime, formats: lines.map((l) => l.format) };
    },
  },
  {
    id: "deno",
    label: "Deno",
    format: "ESM, `npm:` specifier",
    version: (tools) => `Deno ${tools.versions.deno}`,
    how: "ESM, npm: specifier from the rehearsal registry, --allow-net=127.0.0.1",
    usesFake: true,
    async run({ dir, name, version, row, tools, registry, work, fake }) {
      const home = join(dir, "deno");
      await mkdir(home, { recursive: true });
      await writeFile(join(home, "call.mjs"), callModule(`npm:${name}@${version}`, row));
      await writeFile(
        join(home, "main.mjs"),
        `import { call } from "./call.mjs";
const result = await call(${q(fake.url)}, ${q(fake.apiKey)});
console.log(JSON.stringify({ ...result, runtime: "deno " + Deno.version.deno }));
`,
      );
      // --min-dep-age=0: Deno 2.9 refuses versions published less than a day ago, as the rehearsal's all are.
      const args = [
        "run",
        "--no-prompt",
        "--no-config",
        "--node-modules-dir=none",
        "--min-dep-age=0",
        "--allow-net=127.0.0.1",
      ];
      const output = await ok(tools.bin("deno"), [...args, "main.mjs"], {
        cwd: home,
        // One Deno cache per run: the npm packages come from this run's registry, never from an older one.
        env: denoEnv(work, registry.url),
        timeoutMs: 180_000,
      });
      const line = lastJson(output);
      check(line.runtime === `deno ${tools.versions.deno}`, `ran on ${line.runtime}`);
      return { runtime: line.runtime };
    },
  },
  {
    id: "workerd",
    label: "workerd (Cloudflare Workers, miniflare)",
    format: "ESM worker, bundled",
    version: (tools) => `workerd ${tools.versions.workerd} (miniflare ${tools.versions.miniflare})`,
    how: `ESM worker bundled with esbuild (conditions workerd, worker, browser), no nodejs_compat, compatibility date ${WORKERS_COMPATIBILITY_DATE}`,
    usesFake: true,
    async run({ dir, name, row, tools, fake }) {
      const home = join(dir, "workerd");
      await mkdir(home, { recursive: true });
      await writeFile(join(home, "call.mjs"), callModule(name, row));
      await writeFile(
        join(home, "worker.mjs"),
        `import { call } from "./call.mjs";
export default {
  async fetch(request) {
    const { baseUrl, apiKey } = await request.json();
    try {
      return Response.json({ ...(await call(baseUrl, apiKey)), runtime: "workerd " + navigator.userAgent, process: typeof process });
    } catch (error) {
      return Response.json({ ok: false, error: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};
`,
      );
      const worker = join(home, "worker.bundle.mjs");
      await writeFile(
        worker,
        await bundle(dir, join(home, "worker.mjs"), { format: "esm", conditions: ["workerd", "worker", "browser"] }),
      );
      const output = await ok(
        tools.node22,
        [
          join(RUNNERS, "workerd.mjs"),
          tools.dir,
          worker,
          WORKERS_COMPATIBILITY_DATE,
          JSON.stringify({ baseUrl: fake.url, apiKey: fake.apiKey }),
        ],
        { cwd: home, env: cleanEnv(), timeoutMs: 120_000 },
      );
      const line = lastJson(output);
      check(line.ok === true, `the worker failed: ${line.error ?? JSON.stringify(line)}`);
      check(line.runtime === "workerd Cloudflare-Workers", `ran on ${line.runtime}`);
      check(line.process === "undefined", "the worker saw a Node `process`: nodejs_compat must be off");
      return { runtime: `workerd ${tools.versions.workerd} (miniflare ${tools.versions.miniflare})` };
    },
  },
  {
    id: "edge",
    label: "edge-runtime (Vercel-style edge)",
    format: "bundled script",
    version: (tools) => `edge-runtime ${tools.versions["edge-runtime"]}`,
    how: "bundled with esbuild into a script (conditions edge-light, worker, browser), evaluated by EdgeRuntime",
    usesFake: true,
    async run({ dir, name, row, tools, fake }) {
      const home = join(dir, "edge");
      await mkdir(home, { recursive: true });
      await writeFile(join(home, "call.mjs"), callModule(name, row));
      await writeFile(
        join(home, "entry.mjs"),
        `import { call } from "./call.mjs";
globalThis.hatcheryCall = (baseUrl, apiKey) => call(baseUrl, apiKey);
`,
      );
      const script = join(home, "edge.bundle.js");
      await writeFile(
        script,
        await bundle(dir, join(home, "entry.mjs"), { format: "iife", conditions: ["edge-light", "worker", "browser"] }),
      );
      const output = await ok(
        process.execPath,
        [join(RUNNERS, "edge.mjs"), tools.dir, script, JSON.stringify({ baseUrl: fake.url, apiKey: fake.apiKey })],
        { cwd: home, env: cleanEnv(), timeoutMs: 60_000 },
      );
      const line = lastJson(output);
      check(line.ok === true, `the edge function failed: ${line.error ?? JSON.stringify(line)}`);
      check(line.sees === "undefined undefined undefined", `the edge sandbox has Node globals: ${line.sees}`);
      return { runtime: `edge-runtime ${tools.versions["edge-runtime"]}` };
    },
  },
];

/** The rows wanted: all, or those named in `HATCHERY_RELEASE_RUNTIMES` (comma-separated ids). */
export function wantedRuntimes() {
  const wanted = process.env.HATCHERY_RELEASE_RUNTIMES?.split(",").map((id) => id.trim());
  if (!wanted) return RUNTIMES;
  const unknown = wanted.filter((id) => !RUNTIMES.some((r) => r.id === id));
  check(
    unknown.length === 0,
    `HATCHERY_RELEASE_RUNTIMES: unknown ${unknown.join(", ")} (known: ${RUNTIMES.map((r) => r.id).join(", ")})`,
  );
  return RUNTIMES.filter((r) => wanted.includes(r.id));
}
