import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRedisServer } from "./find-redis-server.js";

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /**
   * The `redis-server` binary: a name looked up on `PATH`, or a path.
   * @default "redis-server"
   */
  bin?: string;
  /**
   * More arguments for `redis-server` (each option and its value as separate strings).
   * @example ["--maxmemory", "64mb"]
   */
  args?: string[];
  /**
   * How long to wait for it to accept connections, in milliseconds, before giving up (it is stopped then).
   * @default 20000
   */
  startTimeoutMs?: number;
}

/** A `redis-server` started by {@link startRedisServer}. */
export interface RedisServer {
  /** Always `127.0.0.1`. */
  host: string;
  /** Its port (picked free at start). */
  port: number;
  /** `redis://127.0.0.1:<port>`, for `new Redis(url)` or `createClient({ url })`. */
  url: string;
  /** The process id of `redis-server` itself, to signal it (`SIGSTOP` it to make it hang, say). */
  pid: number;
  /** Its working directory, a new temporary one, deleted when it stops. */
  dir: string;
  /** Sends `signal` to `redis-server` (`"SIGKILL"` kills it at once, as a crash would). */
  kill(signal?: NodeJS.Signals): void;
  /** Resolves once `redis-server` has exited, however it ended. */
  exited: Promise<void>;
  /** Stops it (SIGTERM, then SIGKILL after 2 s) and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

// The guard between this process and redis-server: it starts redis-server, tells us its pid, and kills it as soon
// as its stdin closes, which the OS does when this process ends in any way (a crash or SIGKILL included), so a
// test run that dies never leaves a redis-server behind.
const GUARD = `
const { spawn } = require("node:child_process");
const [bin, ...args] = process.argv.slice(1);
const child = spawn(bin, args, { stdio: ["ignore", "inherit", "inherit"] });
child.on("error", (error) => { process.stderr.write("redis-server could not start: " + error.message + "\\n"); process.exit(127); });
if (child.pid) process.stdout.write("HATCHERY_REDIS_PID " + child.pid + "\\n");
let killing = false;
const stop = () => {
  if (killing) return;
  killing = true;
  child.kill("SIGTERM");
  setTimeout(() => child.kill("SIGKILL"), 2000).unref();
};
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
`;

/** A free TCP port on 127.0.0.1, found by binding port 0 and closing it (it may be taken again meanwhile). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killAllOnExit() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const guard of running) guard.kill("SIGKILL");
  });
}

/**
 * Starts a throwaway `redis-server` for tests: on 127.0.0.1 only, on a free port (redis cannot pick one itself:
 * a port is found by binding port 0, and another is tried if it was taken meanwhile), in a new temporary
 * directory, with persistence off (`--save "" --appendonly no`). It stops when you call `stop()`, and by itself
 * when this process exits (a guard process kills it even if this one is killed).
 * Node only; needs the `redis-server` binary (Debian: `apt-get install redis-server`).
 * @example
 * const server = await startRedisServer();
 * const redis = new Redis(server.url);
 * // … test …
 * redis.disconnect();
 * await server.stop();
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const bin = findRedisServer(options.bin ?? "redis-server");
  if (!bin) {
    throw new Error(
      `@hatchery/redis/testing: no ${options.bin ?? "redis-server"} found on PATH (Debian: apt-get install redis-server)`,
    );
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await freePort();
    try {
      return await launch(bin, port, options);
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortTakenError)) throw error;
    }
  }
  throw lastError;
}

class PortTakenError extends Error {}

async function launch(bin: string, port: number, options: RedisServerOptions): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "hatchery-redis-"));
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    "no",
    "--daemonize",
    "no",
    "--protected-mode",
    "yes",
    "--logfile",
    "",
    ...(options.args ?? []),
  ];
  const guard = spawn(process.execPath, ["-e", GUARD, bin, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  running.add(guard);
  killAllOnExit();
  let output = "";
  const exited = new Promise<void>((resolve) => {
    guard.once("exit", () => {
      running.delete(guard);
      rmSync(dir, { recursive: true, force: true });
      resolve();
    });
  });
  let pid = 0;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start within ${options.startTimeoutMs ?? 20_000} ms:\n${output}`)),
      options.startTimeoutMs ?? 20_000,
    );
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
      const found = /HATCHERY_REDIS_PID (\d+)/.exec(output);
      if (found) pid = Number(found[1]);
      if (pid && /Ready to accept connections/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    guard.stdout.on("data", onData);
    guard.stderr.on("data", onData);
    // "close", not "exit": by then its output has been read (why it stopped: a port taken, say).
    guard.once("close", () => {
      clearTimeout(timer);
      reject(
        /Address already in use/i.test(output)
          ? new PortTakenError(`port ${port} was taken`)
          : new Error(`redis-server exited before it was ready:\n${output}`),
      );
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      guard.stdin.end();
      const hard = setTimeout(() => guard.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(hard);
    })();
    return stopping;
  };
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  // Keep draining its output (a full pipe would block redis-server's logging), but not the history.
  guard.stdout.removeAllListeners("data");
  guard.stderr.removeAllListeners("data");
  guard.stdout.resume();
  guard.stderr.resume();
  return {
    host: "127.0.0.1",
    port,
    url: `redis://127.0.0.1:${port}`,
    pid,
    dir,
    kill(signal: NodeJS.Signals = "SIGTERM") {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    },
    exited,
    stop,
  };
}
