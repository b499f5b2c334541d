// The ./testing helpers: a throwaway redis-server that stops by itself, and a server that never answers.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { findRedisServer, startRedisServer, startUnresponsiveServer } from "../src/testing/index.js";
import { eventually } from "./helpers.js";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("startRedisServer", () => {
  it("serves on 127.0.0.1 from a temporary directory, without persistence, and stop() removes both", async () => {
    const server = await startRedisServer();
    const redis = new Redis(server.url);
    try {
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      expect(await redis.ping()).toBe("PONG");
      const config = (await redis.call("CONFIG", "GET", "*")) as string[];
      const get = (name: string) => config[config.indexOf(name) + 1];
      expect(get("bind")).toBe("127.0.0.1");
      expect(get("save")).toBe("");
      expect(get("appendonly")).toBe("no");
      expect(get("dir")).toBe(server.dir);
    } finally {
      redis.disconnect();
      await server.stop();
    }
    expect(alive(server.pid)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
    await server.stop(); // twice is fine
  });

  it("gives each server its own free port", async () => {
    const servers = await Promise.all([startRedisServer(), startRedisServer(), startRedisServer()]);
    expect(new Set(servers.map((s) => s.port)).size).toBe(3);
    await Promise.all(servers.map((s) => s.stop()));
  });

  it("stops by itself when the process that started it is killed (SIGKILL)", async () => {
    const entry = join(import.meta.dirname, "..", "dist", "testing", "index.js");
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { startRedisServer } = await import(${JSON.stringify(entry)});
         const server = await startRedisServer();
         console.log(server.pid);
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const pid = await new Promise<number>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      child.on("exit", () => reject(new Error("the child exited first")));
    });
    expect(alive(pid)).toBe(true);
    child.kill("SIGKILL");
    await eventually(() => !alive(pid), "redis-server exits after its parent was killed");
  });

  it("says where redis-server is, or that it is missing", () => {
    expect(findRedisServer()).toMatch(/redis-server$/);
    expect(findRedisServer("no-such-redis-server-binary")).toBeUndefined();
  });
});

describe("startUnresponsiveServer", () => {
  it("accepts connections and never answers", async () => {
    const silent = await startUnresponsiveServer();
    const redis = new Redis(silent.url, { maxRetriesPerRequest: 1, connectTimeout: 60_000 });
    redis.on("error", () => {});
    const answered = await Promise.race([
      redis.ping().then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 300)),
    ]);
    expect(answered).toBe(false);
    expect(silent.connections()).toBe(1);
    redis.disconnect();
    await silent.close();
  });
});
