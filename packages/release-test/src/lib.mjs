// Small helpers of `pnpm test:release`: bounded child processes that are always killed, cleanup on exit and on
// signals, and measuring an installed node_modules.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, readdir, readFile, readlink, rm } from "node:fs/promises";
import { join } from "node:path";

/** Process groups still running, killed by {@link cleanup}. */
const children = new Set();
/** Cleanup callbacks, run last-registered first. */
const cleanups = [];
let cleaning;

/** Registers something to undo when the run ends, however it ends. */
export function onCleanup(fn) {
  cleanups.push(fn);
}

/** Whether the run is stopping: long in-process loops check it and give up. */
export function isStopping() {
  return cleaning !== undefined;
}

/** Kills every child still running and runs the cleanups (once). */
export function cleanup() {
  cleaning ??= (async () => {
    // Keeps the event loop alive until the last cleanup is done: once the children are killed and the registry is
    // closing, nothing else might, and Node would exit halfway through (with status 0).
    const keepAlive = setInterval(() => {}, 1000);
    for (const child of children) killGroup(child);
    while (cleanups.length > 0) {
      const fn = cleanups.pop();
      try {
        // A stuck cleanup must not keep the others from running.
        await Promise.race([fn(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      } catch (error) {
        console.error(`cleanup failed: ${error?.message ?? error}`);
      }
    }
    clearInterval(keepAlive);
  })();
  return cleaning;
}

// `on`, not `once`: a dependency's signal-exit re-raises the signal (ending the process mid-cleanup) when it sees
// no other listener left.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    if (isStopping()) return;
    console.error(`\n${signal}: stopping the registry and removing temporary files`);
    void cleanup().finally(() => process.exit(130));
  });
}

// A crash anywhere (even in a stream callback) still stops the registry and removes the temporary files.
for (const event of ["uncaughtException", "unhandledRejection"]) {
  process.once(event, (error) => {
    console.error(`\n${event}: ${error?.stack ?? error}`);
    void cleanup().finally(() => process.exit(1));
  });
}

function killGroup(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/**
 * The environment of child processes: ours, minus what pnpm/npm/turbo/vitest put there for the script that
 * started us (a registry or a lifecycle variable must not leak into a rehearsal or a consumer project).
 */
export function cleanEnv(extra = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !/^(npm_|NPM_CONFIG_|pnpm_config_|PNPM_CONFIG_|VITEST|__VITEST|TURBO_|NODE_OPTIONS$|INIT_CWD$)/i.test(key),
    ),
  );
  return { ...env, FORCE_COLOR: "0", NO_COLOR: "1", CI: process.env.CI ?? "true", ...extra };
}

/**
 * Runs a command (asynchronously: the registry lives in this process and must keep answering) in its own process
 * group, killed with the whole group after `timeoutMs`. Resolves with its status and output; never throws.
 */
export function run(command, args, { cwd, env = cleanEnv(), timeoutMs = 180_000, input } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env,
      detached: true,
      stdio: [input ? "pipe" : "ignore", "pipe", "pipe"],
    });
    children.add(child);
    let output = "";
    let timedOut = false;
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    if (input) {
      child.stdin.on("error", () => {});
      child.stdin.end(input);
    }
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    const done = (status, error) => {
      clearTimeout(timer);
      children.delete(child);
      // Nothing the command started may outlive it.
      killGroup(child);
      resolve({ status, output: error ? `${output}\n${error.message}` : output, timedOut });
    };
    child.on("error", (error) => done(-1, error));
    child.on("close", (status) => done(status ?? -1));
  });
}

/** Runs a command that must succeed; throws with the end of its output otherwise. */
export async function ok(command, args, options) {
  const result = await run(command, args, options);
  if (result.status !== 0) {
    const why = result.timedOut ? "timed out" : `exit ${result.status}`;
    throw new Error(
      `${command} ${args.join(" ")} (${why}, in ${options?.cwd ?? process.cwd()}):\n${result.output.slice(-4000)}`,
    );
  }
  return result.output;
}

/** Throws `message` unless `condition`. */
export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * Kills every process (but this one) whose working directory is inside `dir`: tools like turbo start their tasks in
 * process groups of their own, which a group kill misses and which would otherwise outlive the run (Linux /proc;
 * elsewhere a no-op).
 */
export async function killProcessesIn(dir) {
  if (!existsSync("/proc")) return;
  for (let round = 0; round < 3; round += 1) {
    let found = 0;
    for (const entry of await readdir("/proc")) {
      if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
      const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => "");
      if (cwd === dir || cwd.startsWith(`${dir}/`)) {
        found += 1;
        try {
          process.kill(Number(entry), "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    if (found === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Removes a directory tree (quietly); once more a moment later, in case a write was still in flight. */
export async function remove(dir) {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * What an npm install put in `node_modules`: every installed package (name@version, nested ones included) and
 * the unpacked size, the sum of the sizes of every file under node_modules except npm's own bookkeeping.
 */
export async function measureInstall(projectDir) {
  const modules = join(projectDir, "node_modules");
  const packages = [];
  let bytes = 0;
  async function walkPackages(dir) {
    if (!existsSync(dir)) return;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.name.startsWith("@")) {
        await walkPackages(path);
        continue;
      }
      const manifest = join(path, "package.json");
      if (!existsSync(manifest)) continue;
      const json = JSON.parse(await readFile(manifest, "utf8"));
      packages.push(`${json.name}@${json.version}`);
      await walkPackages(join(path, "node_modules"));
    }
  }
  async function walkBytes(dir) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (dir === modules && (entry.name === ".bin" || entry.name === ".package-lock.json")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walkBytes(path);
      else if (entry.isFile()) bytes += (await lstat(path)).size;
    }
  }
  await walkPackages(modules);
  await walkBytes(modules);
  return { packages: packages.sort(), bytes };
}

/** `12345` -> `12.1 kB` (1 kB = 1000 B, as npm reports unpacked sizes). */
export function kB(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
