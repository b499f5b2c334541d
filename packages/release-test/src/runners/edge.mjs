// Evaluates a bundled script in edge-runtime's EdgeRuntime (a VM with only an edge function's Web APIs) and prints
// the result of `hatcheryCall(baseUrl, apiKey)`: `node edge.mjs <runtimes dir> <script.js> <json>`.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, script, args] = process.argv.slice(2);
const require = createRequire(join(dir, "package.json"));
const { EdgeRuntime } = await import(pathToFileURL(require.resolve("edge-runtime")).href);
const { baseUrl, apiKey } = JSON.parse(args);
const runtime = new EdgeRuntime({ initialCode: await readFile(script, "utf8") });
const sees = runtime.evaluate("[typeof process, typeof require, typeof Buffer].join(' ')");
try {
  const result = await runtime.evaluate(
    `globalThis.hatcheryCall(${JSON.stringify(baseUrl)}, ${JSON.stringify(apiKey)})`,
  );
  console.log(JSON.stringify({ ...result, sees }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error?.stack ?? error), sees }));
}
