// A consumer of one provider package: a fresh temporary project that installs it with npm (not pnpm) from the
// rehearsal's registry, then imports it from ESM, requires it from CJS, typechecks a small program (nodenext and
// bundler resolution, a wrong body must be a type error) and makes one real call against the package's fake.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { check, cleanEnv, measureInstall, ok, run } from "./lib.mjs";

/** What a provider package may bring along: nothing but core and openapi-fetch (with its helpers). */
export const ALLOWED_DEPENDENCIES = ["@hatchery/core", "openapi-fetch", "openapi-typescript-helpers"];

/** Creates the project and installs `name@version` alone; returns its directory and what got installed. */
export async function installConsumer({ dir, name, version, registry }) {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "hatchery-consumer", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
  );
  await writeFile(join(dir, ".npmrc"), `registry=${registry.url}\n`);
  await ok(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--userconfig",
      registry.npmrc,
      "--cache",
      registry.npmCache,
      `${name}@${version}`,
    ],
    { cwd: dir, env: cleanEnv({ npm_config_registry: registry.url }), timeoutMs: 180_000 },
  );
  const installed = await measureInstall(dir);
  const names = installed.packages.map((p) => p.slice(0, p.lastIndexOf("@")));
  const unexpected = names.filter((n) => n !== name && !ALLOWED_DEPENDENCIES.includes(n));
  check(
    unexpected.length === 0,
    `npm install ${name} brought more than core and openapi-fetch: ${unexpected.join(", ")} (installed: ${installed.packages.join(", ")})`,
  );
  for (const required of [name, "@hatchery/core", "openapi-fetch"]) {
    check(
      names.includes(required),
      `npm install ${name} did not install ${required} (installed: ${installed.packages.join(", ")})`,
    );
  }
  check(installed.packages.includes(`${name}@${version}`), `npm installed another version of ${name} than ${version}`);
  return installed;
}

const q = (value) => JSON.stringify(value);
const callArgs = (row) => (row.input === undefined ? "" : q(row.input));

/** The fake from the package's `./testing` export (see providers.mjs). */
function fakeSource(name, row) {
  return `
const factory = testing[${q(row.fake)}];
if (typeof factory !== "function") throw new Error(${q(`${name}/testing does not export ${row.fake}()`)});
const fake = factory();
const used = ${q(row.fake)};
if (typeof fake[${q(row.keyField ?? "apiKey")}] !== "string") throw new Error(${q(`${row.fake}() has no ${row.keyField ?? "apiKey"}`)});
`;
}

function callSource(row) {
  return `
const server = await serve(fake.handler);
try {
  const client = pkg[${q(row.client)}]({ apiKey: fake[${q(row.keyField ?? "apiKey")}], baseUrl: server.url + ${q(row.basePath ?? "")} });
  const result = await client[${q(row.call)}](${callArgs(row)});
  if (!(${row.expect})) throw new Error("unexpected result of ${row.call}: " + JSON.stringify(result).slice(0, 500));
  const runtime = typeof Bun === "undefined" ? "node " + process.version : "bun " + Bun.version;
  console.log(JSON.stringify({ node: process.version, runtime, format: FORMAT, entry: ENTRY, fake: used }));
} finally {
  await server.close();
}
`;
}

/** Writes call.mjs (ESM), call.cjs (CJS) and the TypeScript programs with their two tsconfigs. */
export async function writePrograms(dir, name, row) {
  await writeFile(
    join(dir, "call.mjs"),
    `import * as pkg from ${q(name)};
import * as testing from ${q(`${name}/testing`)};
import { serve } from "@hatchery/core/testing";
const FORMAT = "esm";
const ENTRY = import.meta.resolve(${q(name)});
if (!ENTRY.endsWith(".js")) throw new Error("import resolved to " + ENTRY);
${fakeSource(name, row)}${callSource(row)}`,
  );
  await writeFile(
    join(dir, "call.cjs"),
    `const pkg = require(${q(name)});
const testing = require(${q(`${name}/testing`)});
const { serve } = require("@hatchery/core/testing");
const FORMAT = "cjs";
const ENTRY = require.resolve(${q(name)});
if (!ENTRY.endsWith(".cjs")) throw new Error("require resolved to " + ENTRY);
(async () => {
${fakeSource(name, row)}${callSource(row)}
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`,
  );
  await writeFile(
    join(dir, "program.ts"),
    `import { ${row.client} } from ${q(name)};

const client = ${row.client}({ apiKey: "release-test-key", baseUrl: "http://127.0.0.1:9" });

export async function right() {
  return client.${row.call}(${callArgs(row)});
}

export async function wrong() {
  // @ts-expect-error a wrong body must be a type error
  return ${row.wrong};
}
`,
  );
  const base = { target: "es2022", lib: ["es2022", "dom"], strict: true, noEmit: true, types: [], skipLibCheck: false };
  const nodenext = { ...base, module: "nodenext", moduleResolution: "nodenext" };
  const bundler = { ...base, module: "esnext", moduleResolution: "bundler" };
  await writeFile(join(dir, "tsconfig.nodenext.json"), q({ compilerOptions: nodenext, files: ["program.ts"] }));
  await writeFile(join(dir, "tsconfig.bundler.json"), q({ compilerOptions: bundler, files: ["program.ts"] }));
  // The same program without the directive: the wrong body must be what makes tsc fail.
  const source = await readFile(join(dir, "program.ts"), "utf8");
  await writeFile(join(dir, "program-wrong.ts"), source.replace(/^\s*\/\/ @ts-expect-error.*\n/m, ""));
  await writeFile(
    join(dir, "tsconfig.wrong.json"),
    q({ compilerOptions: { ...nodenext, skipLibCheck: true }, files: ["program-wrong.ts"] }),
  );
}

/** Typechecks the program under both resolutions with the workspace's TypeScript (the three runs in parallel). */
export async function typecheck(dir, root) {
  const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
  const tscRun = (config) => run(process.execPath, [tsc, "-p", config], { cwd: dir, timeoutMs: 120_000 });
  const [nodenext, bundler, wrong] = await Promise.all(
    ["tsconfig.nodenext.json", "tsconfig.bundler.json", "tsconfig.wrong.json"].map(tscRun),
  );
  check(nodenext.status === 0, `tsc (moduleResolution nodenext) rejected the program:\n${nodenext.output}`);
  check(bundler.status === 0, `tsc (moduleResolution bundler) rejected the program:\n${bundler.output}`);
  const errors = wrong.output.split("\n").filter((line) => /error TS\d+/.test(line));
  check(
    wrong.status !== 0 && errors.length > 0 && errors.every((line) => /^program-wrong\.ts\(1[0-9],/.test(line)),
    `without @ts-expect-error, tsc must fail on the wrong body (and only there):\n${wrong.output}`,
  );
}

/** Runs call.mjs and call.cjs on one Node; returns what they printed. */
export async function runCalls(dir, runtime) {
  const lines = [];
  for (const file of ["call.mjs", "call.cjs"]) {
    const out = await ok(runtime.bin, [file], { cwd: dir, timeoutMs: 60_000 });
    lines.push(JSON.parse(out.trim().split("\n").pop()));
  }
  for (const line of lines) check(line.node === `v${runtime.version}`, `ran on ${line.node}, not v${runtime.version}`);
  return lines;
}

/** Bundles `import { client } ...; client.call()` for the browser: the code and its min+gzip size. */
export async function bundleForBrowser(dir, name, row) {
  const entry = join(dir, "browser-entry.mjs");
  await writeFile(
    entry,
    `import { ${row.client} } from ${q(name)};
globalThis.hatcheryCall = async (baseUrl, apiKey, allow) => {
  try {
    const client = ${row.client}({ apiKey, baseUrl, ...(allow ? { dangerouslyAllowBrowser: true } : {}) });
    const result = await client.${row.call}(${callArgs(row)});
    return { ok: Boolean(${row.expect}) };
  } catch (error) {
    return { ok: false, name: error?.name, message: String(error?.message ?? error) };
  }
};
`,
  );
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: dir,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  return { code, minBytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length };
}

/**
 * Serves the fake of `name` (from the consumer project's own `./testing` install) on 127.0.0.1, for a runtime that
 * loads only the main entry: `{ url, apiKey, requests(), close() }`.
 */
export async function serveInstalledFake(dir, name, row) {
  const require = createRequire(join(dir, "package.json"));
  const testing = await import(pathToFileURL(require.resolve(`${name}/testing`)).href);
  const { serve } = await import(pathToFileURL(require.resolve("@hatchery/core/testing")).href);
  check(typeof testing[row.fake] === "function", `${name}/testing exports no ${row.fake}()`);
  const fake = testing[row.fake]();
  let requests = 0;
  const server = await serve((request) => {
    requests += 1;
    return fake.handler(request);
  });
  return {
    url: server.url,
    apiKey: fake[row.keyField ?? "apiKey"],
    requests: () => requests,
    close: () => server.close(),
  };
}
