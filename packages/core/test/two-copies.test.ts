import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type * as Core from "../src/index.js";
import { json, sessionProvider } from "./helpers.js";

/**
 * Two copies of `@hatchery/core` in one process (two versions in an app's dependency tree, or a provider package
 * with its own copy): core's own sources bundled once, imported as two modules.
 */
let dir: string;
let one: typeof Core;
let two: typeof Core;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "hatchery-two-copies-"));
  const outfile = join(dir, "core.mjs");
  await build({
    entryPoints: [fileURLToPath(new URL("../src/index.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    logLevel: "silent",
  });
  const url = pathToFileURL(outfile).href;
  one = await import(/* @vite-ignore */ `${url}?copy=one`);
  two = await import(/* @vite-ignore */ `${url}?copy=two`);
}, 30_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("two copies of core", () => {
  test("are two copies: their classes differ", () => {
    expect(one.ApiError).not.toBe(two.ApiError);
  });

  test("a client of one copy with session auth of the other renews a refused token", async () => {
    let issued = 0;
    const paths: string[] = [];
    const fetch = async (request: Request) => {
      const body = new URLSearchParams(await request.text());
      const path = new URL(request.url).pathname;
      if (path === "/authenticate") {
        paths.push(path);
        return json(200, { data: { token: `tok-${++issued}` } });
      }
      paths.push(`${path}(${body.get("token")})`);
      return body.get("token") === "tok-1" ? json(401, { message: "Invalid token" }) : json(200, { data: [1] });
    };
    const operations = {
      authenticate: { id: "authenticate", method: "POST", path: "/authenticate", idempotent: true, bodyType: "form" },
      get: { id: "get", method: "POST", path: "/get", idempotent: true, bodyType: "form" },
    } as const;
    const runtime = one.createCoreRuntime<never>({
      provider: sessionProvider,
      operations,
      options: { apiKey: "two-copies-key", fetch },
      features: { envelope: one.normalizeData, session: two.sessionAuth, form: one.serializeBody },
    });
    await expect(one.call(runtime, operations.get, {})).resolves.toEqual([1]);
    expect(paths).toEqual(["/authenticate", "/get(tok-1)", "/authenticate", "/get(tok-2)"]);
  });

  test("guards of one copy recognise the errors of the other", () => {
    const error = new two.NotFoundError({ status: 404, method: "GET", url: "https://a.test/x", headers: {}, body: {} });
    expect(one.isNotFoundError(error)).toBe(true);
    expect(one.isApiError(error)).toBe(true);
    expect(error instanceof one.ApiError).toBe(false);
  });
});
