// Runs a bundled worker module in workerd through miniflare (on Node 22, which miniflare needs) and prints what
// the worker answered to one request: `node workerd.mjs <runtimes dir> <worker.mjs> <compatibility date> <json>`.
// The JSON is the request's body. The worker's own outbound fetch goes straight to 127.0.0.1 (workerd's network
// allows it by default in miniflare); nothing else is reachable from it.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, worker, compatibilityDate, body] = process.argv.slice(2);
const require = createRequire(join(dir, "package.json"));
const { Miniflare } = await import(pathToFileURL(require.resolve("miniflare")).href);
const mf = new Miniflare({
  modules: true,
  script: await readFile(worker, "utf8"),
  scriptPath: worker,
  compatibilityDate,
});
try {
  const response = await mf.dispatchFetch("http://worker.localhost/", { method: "POST", body });
  console.log(JSON.stringify(await response.json()));
} finally {
  await mf.dispose();
}
