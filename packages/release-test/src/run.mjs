// `pnpm test:release`: the release flow rehearsed for real, end to end, on loopback only.
//
//  1. A throwaway copy of the workspace (the files git knows of), installed offline from the pnpm store.
//  2. Verdaccio on 127.0.0.1:<ephemeral> with temporary storage, in this process (stopped in `finally` and on
//     signals, so nothing outlives the run).
//  3. In the copy, the real scripts: `pnpm version-packages` (changesets: versions, CHANGELOGs, internal ranges),
//     then `pnpm release` (build, `changeset publish`) against Verdaccio. Every published package (discovered:
//     each non-private package under packages/) must be there at its version, `workspace:` ranges rewritten;
//     no private package may be.
//  4. Per provider, a fresh npm project installs the package alone: only it, core and openapi-fetch; its install
//     footprint (package count, unpacked size) within budgets.json; ESM import, CJS require and a real call
//     against its fake on Node 20, 22 and 24; a TypeScript program (nodenext and bundler) where a wrong body is
//     a type error; its browser bundle's min+gzip size.
//     The package's main entry (as published) bundled for `platform: "neutral"` holds no Node-only API; the same
//     call runs in Bun, Deno, workerd (miniflare) and edge-runtime (src/runtimes.mjs).
//  5. One provider bundled with esbuild runs in headless Chromium against its fake (CORS).
//  6. The compatibility table (runtime x provider) of the run, for the root README.
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findRoot } from "@hatchery/codegen";
import { providerPackages, publishedPackages, workspacePackages } from "@hatchery/codegen/workspace";
import { browserTest } from "./browser.mjs";
import {
  bundleForBrowser,
  installConsumer,
  runCalls,
  serveInstalledFake,
  typecheck,
  writePrograms,
} from "./consumer.mjs";
import { check, cleanEnv, cleanup, isStopping, kB, killProcessesIn, ok, onCleanup, remove } from "./lib.mjs";
import { describeProblems, nodeOnlyApis } from "./neutral.mjs";
import { nodeRuntimes } from "./node-runtimes.mjs";
import { BROWSER_PROVIDER, providerRow } from "./providers.mjs";
import { REDIS_PACKAGE, rehearseRedis } from "./redis.mjs";
import { ensureVerdaccio, packument, startRegistry, upstreamRegistry } from "./registry.mjs";
import { ensureRuntimes, wantedRuntimes } from "./runtimes.mjs";

const root = findRoot(import.meta.dirname);
const budgetsFile = join(import.meta.dirname, "..", "budgets.json");
/** Verdaccio, the Node binaries and the other runtimes, kept between runs (CI caches this folder too). */
const cacheDir = process.env.HATCHERY_RELEASE_CACHE ?? join(root, "node_modules", ".cache", "hatchery-release");

const started = Date.now();
const since = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`[release-test ${since()}] ${message}`);

async function step(title, fn) {
  if (isStopping()) throw new Error("stopped");
  log(`${title} ...`);
  const result = await fn();
  log(`${title}: ok`);
  return result;
}

/** Copies the files git knows of (tracked, and untracked but not ignored) into `dir`. */
async function copyWorkspace(dir) {
  const files = (await ok("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root }))
    .split("\0")
    .filter((file) => file && existsSync(join(root, file)));
  for (const file of files) {
    if (isStopping()) throw new Error("stopped");
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await cp(join(root, file), join(dir, file));
  }
}

/** Runs the rehearsal; returns the registry and the published packages with their versions. */
async function rehearse(work, registry) {
  const ws = join(work, "workspace");
  const git = (...args) =>
    ok("git", ["-c", "user.name=release-test", "-c", "user.email=release-test@localhost", ...args], { cwd: ws });
  await step("copy the workspace and install it offline", async () => {
    await copyWorkspace(ws);
    await ok("pnpm", ["install", "--offline", "--frozen-lockfile"], { cwd: ws, timeoutMs: 300_000 });
    // changesets tags what it publishes; a repository of its own keeps that away from the real one.
    await git("init", "-q", "-b", "main");
    await git("add", "-A");
    await git("commit", "-q", "-m", "snapshot for the release rehearsal");
  });

  const env = cleanEnv({
    npm_config_registry: registry.url,
    npm_config_userconfig: registry.npmrc,
    npm_config_cache: registry.npmCache,
    // Provenance needs CI's OIDC token; the real Release workflow turns it on (NPM_CONFIG_PROVENANCE).
    npm_config_provenance: "false",
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
  });
  const before = new Map(publishedPackages(ws).map((p) => [p.json.name, p.json.version]));
  const pending = (await ok("git", ["ls-files", ".changeset"], { cwd: ws }))
    .split("\n")
    .filter((f) => /\.md$/.test(f) && !/README\.md$/.test(f));

  await step(`pnpm version-packages (${pending.length} pending changeset(s))`, async () => {
    await ok("pnpm", ["version-packages"], { cwd: ws, env, timeoutMs: 180_000 });
  });
  const published = publishedPackages(ws);
  for (const pkg of published) {
    const from = before.get(pkg.json.name);
    if (from !== pkg.json.version) {
      const changelog = await readFile(join(ws, pkg.path, "CHANGELOG.md"), "utf8").catch(() => "");
      check(
        changelog.includes(`## ${pkg.json.version}`),
        `${pkg.json.name} went ${from} -> ${pkg.json.version} without a CHANGELOG entry`,
      );
      log(`  ${pkg.json.name} ${from} -> ${pkg.json.version} (CHANGELOG written)`);
    }
  }
  const left = (await ok("git", ["status", "--porcelain", ".changeset"], { cwd: ws })).trim();
  check(pending.length === 0 || left.length > 0, "pnpm version-packages consumed no changeset");

  // `publishConfig.provenance: true` makes npm demand CI's OIDC token, which only the Release workflow has; it
  // outranks any environment setting, so the copy (only the copy) publishes without it.
  for (const pkg of published) {
    if (pkg.json.publishConfig?.provenance) {
      const file = join(ws, pkg.path, "package.json");
      const json = JSON.parse(await readFile(file, "utf8"));
      delete json.publishConfig.provenance;
      await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
    }
  }
  await git("commit", "-q", "-am", "version packages (rehearsal; provenance off)");

  await step("pnpm release (build, changeset publish) to Verdaccio", async () => {
    const output = await ok("pnpm", ["release"], { cwd: ws, env, timeoutMs: 600_000 });
    for (const line of output.split("\n").filter((l) => /published|New tag/i.test(l))) log(`  ${line.trim()}`);
  });

  await step("every published package is on the registry at its version, workspace: ranges rewritten", async () => {
    const versions = Object.fromEntries(published.map((p) => [p.json.name, p.json.version]));
    for (const pkg of published) {
      const doc = await packument(registry.url, pkg.json.name);
      check(doc, `${pkg.json.name} is not on the registry after pnpm release`);
      const manifest = doc.versions?.[pkg.json.version];
      check(
        manifest,
        `${pkg.json.name}@${pkg.json.version} is not on the registry (it has ${Object.keys(doc.versions ?? {}).join(", ")})`,
      );
      check(doc["dist-tags"]?.latest === pkg.json.version, `${pkg.json.name}: latest is ${doc["dist-tags"]?.latest}`);
      for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
        for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
          check(
            !String(range).startsWith("workspace:"),
            `${pkg.json.name}@${pkg.json.version} was published with ${dep}@${range}`,
          );
          if (versions[dep]) {
            check(
              range === `^${versions[dep]}`,
              `${pkg.json.name} depends on ${dep}@${range}, expected ^${versions[dep]}`,
            );
          }
        }
      }
      check(
        !manifest.devDependencies ||
          !Object.values(manifest.devDependencies).some((r) => String(r).startsWith("workspace:")),
        `${pkg.json.name} published workspace: devDependencies`,
      );
      log(
        `  ${pkg.json.name}@${pkg.json.version} ${Object.entries(manifest.dependencies ?? {})
          .map(([d, r]) => `${d}@${r}`)
          .join(" ")}`,
      );
    }
    for (const pkg of workspacePackages(ws).filter((p) => p.json.private === true)) {
      check(!(await packument(registry.url, pkg.json.name)), `private package ${pkg.json.name} was published`);
    }
  });
  return { ws, versions: Object.fromEntries(published.map((p) => [p.json.name, p.json.version])) };
}

async function main() {
  const providers = providerPackages(root).map((p) => p.json.name);
  check(providers.length > 0, "no provider packages found under packages/");
  // A provider without a row or a budget fails now, before anything slow.
  const rows = Object.fromEntries(providers.map((name) => [name, providerRow(name)]));
  const budgets = JSON.parse(await readFile(budgetsFile, "utf8"));
  for (const name of providers) {
    check(
      budgets.install?.[name],
      `${name} has no install budget: add "${name}": { "packages": <n>, "unpackedKB": <kB> } under "install" in packages/release-test/budgets.json (measured + a little headroom; the run prints the measurement) and the numbers to the README.`,
    );
  }
  log(`providers: ${providers.join(", ")}`);

  const work = await mkdtemp(join(tmpdir(), "hatchery-release-"));
  onCleanup(() => remove(work));
  onCleanup(() => killProcessesIn(work));
  const others = wantedRuntimes();
  const [verdaccioDir, uplink, runtimes, tools] = await step(
    "Verdaccio 6.8.0, Node 22/24, Bun, Deno, miniflare, edge-runtime (cached)",
    () =>
      Promise.all([
        ensureVerdaccio(cacheDir),
        upstreamRegistry(),
        nodeRuntimes(cacheDir),
        others.length > 0 ? ensureRuntimes(cacheDir) : undefined,
      ]),
  );
  log(`  Node ${runtimes.map((r) => r.version).join(", ")}; uplink ${uplink}`);
  if (tools) {
    log(
      `  ${Object.entries(tools.versions)
        .map(([n, v]) => `${n} ${v}`)
        .join(", ")}`,
    );
  }
  const registry = await step("start Verdaccio on 127.0.0.1", () =>
    startRegistry(verdaccioDir, join(work, "registry"), uplink),
  );
  registry.npmCache = join(work, "npm-cache");
  log(`  ${registry.url}`);

  const { versions } = await rehearse(work, registry);

  const report = [];
  const failures = [];
  for (const name of providers) {
    const row = rows[name];
    const dir = join(work, "consumers", name.replace("@hatchery/", ""));
    try {
      const installed = await step(`${name}: npm install alone`, () =>
        installConsumer({ dir, name, version: versions[name], registry }),
      );
      const budget = budgets.install[name];
      const entry = { name, version: versions[name], packages: installed.packages, bytes: installed.bytes, budget };
      report.push(entry);
      log(
        `  ${installed.packages.length} packages (${installed.packages.join(", ")}), ${kB(installed.bytes)} unpacked`,
      );
      check(
        installed.packages.length <= budget.packages,
        `${name}: ${installed.packages.length} packages installed, budget ${budget.packages}`,
      );
      check(
        installed.bytes <= budget.unpackedKB * 1000,
        `${name}: ${kB(installed.bytes)} unpacked, over its budget of ${budget.unpackedKB} kB (packages/release-test/budgets.json)`,
      );
      await writePrograms(dir, name, row);
      await step(`${name}: TypeScript (nodenext, bundler; a wrong body is an error)`, () => typecheck(dir, root));
      for (const runtime of runtimes) {
        const lines = await step(
          `${name}: ESM import + CJS require + ${row.call}() against the fake on Node ${runtime.version}`,
          () => runCalls(dir, runtime),
        );
        entry.fake = lines[0].fake;
        entry.nodes = [...(entry.nodes ?? []), runtime.version];
      }
      await step(`${name}: main entry bundled for platform neutral, no Node-only API`, async () => {
        const { problems } = await nodeOnlyApis(name, { absWorkingDir: dir });
        check(problems.length === 0, `${name}'s main entry uses Node-only APIs:\n${describeProblems(problems)}`);
      });
      entry.runtimes = {};
      for (const runtime of others) {
        const fake = runtime.usesFake ? await serveInstalledFake(dir, name, row) : undefined;
        try {
          const result = await step(`${name}: ${row.call}() in ${runtime.label}: ${runtime.how}`, () =>
            runtime.run({ dir, name, version: versions[name], row, tools, registry, work, fake }),
          );
          if (fake) check(fake.requests() > 0, `${runtime.label} never reached the fake`);
          entry.runtimes[runtime.id] = { ok: true, runtime: result.runtime };
        } catch (error) {
          entry.runtimes[runtime.id] = { ok: false, error: error.message };
          failures.push(`${name} in ${runtime.label}: ${error.message}`);
          log(`FAILED ${name} in ${runtime.label}: ${error.message}`);
        } finally {
          await fake?.close();
        }
      }
      const bundle = await bundleForBrowser(dir, name, row);
      entry.minBytes = bundle.minBytes;
      entry.gzipBytes = bundle.gzipBytes;
      if (name === BROWSER_PROVIDER) {
        const browser = await step(`${name}: bundled, in headless Chromium against the fake (CORS)`, () =>
          browserTest({ dir, name, row, bundle: bundle.code }),
        );
        log(`  ${browser.userAgent}; refused without the opt-in: "${browser.refused.slice(0, 80)}..."`);
        entry.browser = true;
        entry.browserVersion = browser.version;
      }
    } catch (error) {
      failures.push(`${name}: ${error.message}`);
      log(`FAILED ${name}: ${error.message}`);
    }
  }
  // @hatchery/redis is not a provider: its own row (src/redis.mjs), with ioredis and with node-redis.
  let redisRows = [];
  try {
    redisRows = await rehearseRedis({
      root,
      work,
      registry,
      versions,
      runtimes,
      budget: budgets.install[REDIS_PACKAGE],
      step,
      log,
    });
  } catch (error) {
    failures.push(`${REDIS_PACKAGE}: ${error.message}`);
    log(`FAILED ${REDIS_PACKAGE}: ${error.message}`);
  }
  check(
    providers.includes(BROWSER_PROVIDER) ? report.some((e) => e.browser) || failures.length > 0 : true,
    `the browser test did not run for ${BROWSER_PROVIDER}`,
  );

  console.log("\nInstall footprint (npm install <provider> alone, from the rehearsal registry):");
  console.log(
    "| package | version | packages (budget) | unpacked (budget) | client + one call, min / min+gzip | Node | fake |",
  );
  console.log("|---|---|---|---|---|---|---|");
  for (const e of report) {
    console.log(
      `| ${e.name} | ${e.version} | ${e.packages.length} (${e.budget.packages}) | ${kB(e.bytes)} (${e.budget.unpackedKB} kB) | ${e.minBytes ? `${kB(e.minBytes)} / ${kB(e.gzipBytes)}` : "-"} | ${(e.nodes ?? []).join(", ")} | ${e.fake ?? "-"} |`,
    );
  }
  for (const e of redisRows) {
    console.log(
      `| ${e.install} | ${versions[REDIS_PACKAGE]} | ${e.packages}${e.budget ? ` (${e.budget.packages})` : ""} | ${kB(e.bytes)}${e.budget ? ` (${e.budget.unpackedKB} kB)` : ""} | - | ${(e.nodes ?? []).join(", ")} | hatch, redis-server |`,
    );
  }
  const table = compatibilityTable(report, runtimes, others, tools);
  console.log(`\nCompatibility (runtime x provider), ${new Date().toISOString().slice(0, 10)}:`);
  console.log(table);
  if (process.env.HATCHERY_RELEASE_COMPAT) await writeFile(process.env.HATCHERY_RELEASE_COMPAT, `${table}\n`);
  if (process.env.HATCHERY_RELEASE_REPORT) {
    await writeFile(process.env.HATCHERY_RELEASE_REPORT, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (failures.length > 0) throw new Error(`${failures.length} provider(s) failed:\n${failures.join("\n")}`);
}

/** The runtime x provider table of this run (markdown), as the root README shows it. */
function compatibilityTable(report, nodes, others, tools) {
  const mark = (value) => (value === true ? "✓" : value === false ? "✗" : "–");
  const rows = [
    ...nodes.map((n) => [`Node ${n.version}`, "ESM, CJS", (e) => e.nodes?.includes(n.version) ?? false]),
    ...others.map((r) => [r.version(tools), r.format, (e) => e.runtimes?.[r.id]?.ok ?? false]),
    [
      `Chromium ${report.map((e) => e.browserVersion).find(Boolean) ?? ""} (headless)`,
      "ESM, bundled",
      (e) => (e.name === BROWSER_PROVIDER ? e.browser === true : undefined),
    ],
  ];
  const names = report.map((e) => `\`${e.name.replace("@hatchery/", "")}\``);
  return [
    `| runtime | module format | ${names.join(" | ")} |`,
    `|---|---|${names.map(() => "---").join("|")}|`,
    ...rows.map(([label, format, ok]) => `| ${label} | ${format} | ${report.map((e) => mark(ok(e))).join(" | ")} |`),
  ].join("\n");
}

let status = 0;
try {
  await main();
  log("all green");
} catch (error) {
  status = 1;
  console.error(`\n[release-test] FAILED: ${error?.stack ?? error}`);
} finally {
  await cleanup();
}
// Verdaccio's timers must not keep a finished run alive.
process.exit(status);
