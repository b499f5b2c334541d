import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

/** What one worker printed. */
export interface WorkerOutcome {
  index: number;
  client: string;
  ok: number;
  quotaExceeded: number;
  failed: number;
  errors: string[];
  ms: number;
}

/**
 * Runs `n` worker processes (worker.mjs) at once, half on ioredis and half on node-redis, each with `config` and
 * its index; resolves with what each printed. A worker still running after `maxMs` (+ a margin) is killed.
 */
export async function runWorkers(n: number, config: Record<string, unknown> & { maxMs: number }) {
  const worker = join(import.meta.dirname, "worker.mjs");
  const children: ChildProcess[] = [];
  const all = Promise.all(
    Array.from(
      { length: n },
      (_, index) =>
        new Promise<WorkerOutcome>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [worker, JSON.stringify({ ...config, index, client: index % 2 === 0 ? "ioredis" : "node-redis" })],
            { stdio: ["ignore", "pipe", "pipe"] },
          );
          children.push(child);
          let out = "";
          let err = "";
          child.stdout.on("data", (chunk: Buffer) => {
            out += chunk;
          });
          child.stderr.on("data", (chunk: Buffer) => {
            err += chunk;
          });
          const killer = setTimeout(() => child.kill("SIGKILL"), config.maxMs + 10_000);
          child.on("close", (code) => {
            clearTimeout(killer);
            const last = out.trim().split("\n").pop() ?? "";
            if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as WorkerOutcome);
            else reject(new Error(`worker ${index} exited with ${code}:\n${out}\n${err}`));
          });
        }),
    ),
  );
  // One worker failing ends the others now, rather than at their own watchdog.
  return all.catch((error) => {
    for (const child of children) child.kill("SIGKILL");
    throw error;
  });
}
