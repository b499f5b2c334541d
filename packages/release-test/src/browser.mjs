// The browser test: one provider client, installed from the rehearsal's registry and bundled with esbuild, runs in
// headless Chromium (playwright-core with Debian's /usr/bin/chromium, or CHROMIUM_PATH). The page is served from
// one loopback origin and calls the provider's fake on another (served by core's `serve` with CORS): the call works
// with `dangerouslyAllowBrowser: true`, and without it the client refuses to be created, sending nothing.
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { check, onCleanup } from "./lib.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Serves the page and the bundle on 127.0.0.1 (an ephemeral port). */
async function servePage(bundle) {
  const html =
    '<!doctype html><meta charset="utf-8"><title>hatchery</title><script type="module" src="/bundle.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === "/") res.writeHead(200, { "content-type": "text/html" }).end(html);
    else if (req.url === "/bundle.js") res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    else res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const close = () => new Promise((resolve) => server.close(() => resolve()));
  return { url: `http://127.0.0.1:${server.address().port}/`, close };
}

/** Runs the bundled client of `name` (installed in `dir`) in Chromium against its fake. */
export async function browserTest({ dir, name, row, bundle }) {
  check(
    existsSync(CHROMIUM),
    `no Chromium at ${CHROMIUM}: apt-get install -y chromium (Debian), or set CHROMIUM_PATH to a Chrome/Chromium`,
  );
  const require = createRequire(join(dir, "package.json"));
  const testing = await import(pathToFileURL(require.resolve(`${name}/testing`)).href);
  const { serve } = await import(pathToFileURL(require.resolve("@hatchery/core/testing")).href);
  check(typeof testing[row.fake] === "function", `${name}/testing exports no ${row.fake}() for the browser test`);
  const fake = testing[row.fake]();
  let requests = 0;
  const api = await serve(
    (request) => {
      requests += 1;
      return fake.handler(request);
    },
    { cors: true },
  );
  onCleanup(() => api.close());
  const page = await servePage(bundle);
  onCleanup(() => page.close());
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
  onCleanup(() => browser.close());
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on("pageerror", (error) => errors.push(String(error)));
    await tab.goto(page.url);
    await tab.waitForFunction(() => typeof globalThis.hatcheryCall === "function", null, { timeout: 15_000 });
    check(errors.length === 0, `the bundle threw in Chromium: ${errors.join("; ")}`);
    const call = (allow) =>
      tab.evaluate(([url, key, allow]) => globalThis.hatcheryCall(url, key, allow), [api.url, fake.apiKey, allow]);

    const refused = await call(false);
    check(
      !refused.ok && refused.name === "ConfigurationError" && /dangerouslyAllowBrowser/.test(refused.message),
      `without dangerouslyAllowBrowser the client must refuse in a browser, got ${JSON.stringify(refused)}`,
    );
    check(requests === 0, `the refused client still sent ${requests} request(s)`);

    const allowed = await call(true);
    check(allowed.ok, `with dangerouslyAllowBrowser: true the call failed in Chromium: ${JSON.stringify(allowed)}`);
    check(requests > 0, "the browser call never reached the fake");
    return {
      userAgent: await tab.evaluate(() => navigator.userAgent),
      version: browser.version(),
      requests,
      refused: refused.message,
    };
  } finally {
    await browser.close();
    await page.close();
    await api.close();
  }
}
