// A real npm registry for the rehearsal: Verdaccio 6.8.0 (the newest that runs on Node 20), run inside this
// process on 127.0.0.1 with an ephemeral port and temporary storage, so that nothing can outlive the run.
// `@hatchery/*` is served only from what we publish (never proxied); everything else is proxied from the
// upstream registry (openapi-fetch for the consumers).
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { check, cleanEnv, ok, onCleanup, remove } from "./lib.mjs";

const TOOLS = join(import.meta.dirname, "..", "tools", "verdaccio");

/**
 * Installs Verdaccio with npm (from tools/verdaccio's package-lock.json, which pins node-fetch: verdaccio-audit
 * asks for a `cjs` dist-tag some registries lack) into the cache, once per lockfile.
 */
export async function ensureVerdaccio(cacheDir) {
  const lock = await readFile(join(TOOLS, "package-lock.json"), "utf8");
  const dir = join(cacheDir, "verdaccio");
  const stamp = join(dir, ".installed-lock.json");
  if (existsSync(stamp) && (await readFile(stamp, "utf8")) === lock) return dir;
  await remove(dir);
  await mkdir(dir, { recursive: true });
  await cp(join(TOOLS, "package.json"), join(dir, "package.json"));
  await cp(join(TOOLS, "package-lock.json"), join(dir, "package-lock.json"));
  await ok("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir, timeoutMs: 300_000 });
  await writeFile(stamp, lock);
  return dir;
}

/** The registry npm itself uses here (Verdaccio's uplink). */
export async function upstreamRegistry() {
  const out = await ok("npm", ["config", "get", "registry"], { env: cleanEnv() });
  return out.trim().split("\n").pop().trim() || "https://registry.npmjs.org/";
}

/**
 * Starts Verdaccio on 127.0.0.1:<ephemeral> with storage under `dir`, creates a publishing user and writes an
 * npmrc holding its token. Stopped by the run's cleanup (or by `stop()`).
 * @returns {Promise<{url: string, npmrc: string, token: string, stop: () => Promise<void>}>}
 */
export async function startRegistry(verdaccioDir, dir, uplink) {
  const { runServer } = createRequire(join(verdaccioDir, "package.json"))("verdaccio");
  await mkdir(dir, { recursive: true });
  const server = await runServer({
    self_path: join(dir, "config.yaml"),
    storage: join(dir, "storage"),
    auth: { htpasswd: { file: join(dir, "htpasswd"), max_users: 10 } },
    uplinks: { upstream: { url: uplink, timeout: "60s" } },
    packages: {
      "@hatchery/*": { access: "$all", publish: "$authenticated", unpublish: "$authenticated" },
      "**": { access: "$all", publish: "$authenticated", proxy: "upstream" },
    },
    middlewares: { audit: { enabled: false } },
    log: { type: "stdout", format: "pretty", level: "error" },
    web: { enable: false },
    server: { keepAliveTimeout: 5 },
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  let stopped;
  const stop = () => {
    stopped ??= new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
    return stopped;
  };
  onCleanup(stop);
  const url = `http://127.0.0.1:${server.address().port}/`;

  const response = await fetch(`${url}-/user/org.couchdb.user:release`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "release", password: `release-${process.pid}-${Date.now()}` }),
  });
  const { token } = await response.json();
  check(
    response.ok && typeof token === "string",
    `Verdaccio refused to create the publishing user (${response.status})`,
  );
  const npmrc = join(dir, "npmrc");
  await writeFile(npmrc, `registry=${url}\n//${url.slice("http://".length)}:_authToken=${token}\n`);
  return { url, npmrc, token, stop };
}

/** The packument of `name` on the registry, or `undefined` when the registry does not have it. */
export async function packument(registry, name) {
  const response = await fetch(`${registry}${name.replace("/", "%2f")}`, { headers: { accept: "application/json" } });
  if (response.status === 404) return undefined;
  check(response.ok, `GET ${name} from the registry: ${response.status}`);
  return response.json();
}
