// The tour behind `pnpm demo`: each provider's client, talking real HTTP to its stateful fake on 127.0.0.1.
// Every part is one module in this folder exporting `run(log)`; add a provider by adding its module below.
import { parts } from "./parts.mjs";

const quiet = process.argv.includes("--quiet");
const log = (line = "") => {
  if (!quiet) console.log(line);
};

const started = Date.now();
let failed = 0;
for (const [name, load] of parts) {
  log(`\n━━ ${name} ━━`);
  try {
    const { run } = await load();
    await run(log);
  } catch (error) {
    failed += 1;
    console.error(`✗ ${name} failed:`, error);
  }
}
log(`\n${parts.length - failed} of ${parts.length} parts ran in ${Date.now() - started} ms.`);
if (failed) process.exit(1);
