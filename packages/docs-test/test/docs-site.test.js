// The API reference as a reader sees it: docs-site/ (written by `pnpm run docs`) served on 127.0.0.1 and opened in
// headless Chromium. For every published package (found, not listed) the package's page must render with its
// title, and lead to its entry modules; a provider's client page must list every operationId of its spec, each
// with its documentation; core's pages must list its main exports. `pnpm test:docs` builds the site, then runs this.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";
import { findRoot } from "@hatchery/codegen";
import { publishedPackages } from "@hatchery/codegen/workspace";
import { listOperations, loadSpec } from "@hatchery/test-utils";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = findRoot(import.meta.dirname);
const site = join(root, "docs-site");
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

/** The exports a reader looks for first in a package without a spec (core, redis), by entry module. */
const CORE_EXPORTS = {
  "@hatchery/core": [
    "createCoreClient",
    "ClientOptions",
    "CallOptions",
    "ApiPromise",
    "PagePromise",
    "ApiError",
    "isApiError",
    "RetryOptions",
  ],
  "@hatchery/core/testing": ["serve", "withFaults", "jsonResponse", "readRequestBody", "bearerToken"],
  "@hatchery/redis": [
    "redisRateLimiter",
    "redisQuotaStore",
    "redisSessionTokens",
    "redisStore",
    "RedisUnavailableError",
    "isRedisUnavailableError",
  ],
  "@hatchery/redis/testing": ["startRedisServer", "startUnresponsiveServer", "findRedisServer"],
};

const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

/** Serves docs-site/ read-only on 127.0.0.1 (an ephemeral port). */
async function serveSite() {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(site, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(site + sep)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

const packages = publishedPackages(root);
let served;
let userDataDir;
let context;
const pageErrors = [];

beforeAll(async () => {
  if (!existsSync(join(site, "index.html")))
    throw new Error("docs-site/ is missing: run `pnpm run docs` first (or `pnpm test:docs`).");
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  served = await serveSite();
  userDataDir = await mkdtemp(join(tmpdir(), "hatchery-docs-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
  context.setDefaultTimeout(15_000);
  // Nothing but the local site: any other request would mean the docs depend on the network.
  await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
});

afterAll(async () => {
  await context?.close();
  await served?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

/** Opens a page of the site and waits until TypeDoc's script has shown it. */
async function open(path) {
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(`${path}: ${error.message}`));
  const response = await page.goto(`${served.url}/${path}`);
  expect(response?.status(), path).toBe(200);
  await expect.poll(() => page.locator("h1").first().isVisible(), { message: `${path} shows its title` }).toBe(true);
  return page;
}

/** The names in a module page's member summaries (exports and re-exports). */
function summaryNames(page) {
  return page
    .locator(".tsd-member-summary-name")
    .evaluateAll((names) => names.map((n) => n.querySelector(":scope > :is(a, span)")?.textContent?.trim() ?? ""));
}

/**
 * The site-relative path of the link with exactly this text in the page's content: by default among the member
 * summaries (a module's exports), not the breadcrumbs or the navigation.
 */
async function linkTo(page, text, scope = ".col-content .tsd-member-summary-name") {
  const links = page.locator(`${scope} a`, { hasText: text });
  const hrefs = await links.evaluateAll(
    (as, t) => as.filter((a) => a.textContent.trim() === t).map((a) => a.getAttribute("href")),
    text,
  );
  expect(hrefs.length, `a link to "${text}"`).toBeGreaterThan(0);
  return new URL(hrefs[0], page.url()).pathname.replace(/^\//, "");
}

describe("the API reference in Chromium", () => {
  it("lists every published package on the landing page", async () => {
    const page = await open("index.html");
    expect(await page.title()).toContain("Hatchery");
    await expect.poll(() => page.getByRole("heading", { name: "Hatchery API reference" }).isVisible()).toBe(true);
    for (const pkg of packages) await linkTo(page, pkg.json.name, ".col-content .tsd-typography");
    await page.close();
  });

  for (const pkg of packages) {
    const name = pkg.json.name;
    const specPath = join(root, "specs", `${pkg.dir}.yaml`);
    const spec = existsSync(specPath) ? loadSpec(pkg.dir) : undefined;
    it(`${name}: its page renders, with its entry modules and ${spec ? "every operation of its spec" : "its main exports"}`, async () => {
      const landing = await open("index.html");
      const packagePage = await open(await linkTo(landing, name, ".col-content .tsd-typography"));
      await landing.close();
      expect((await packagePage.locator("h1").first().textContent())?.trim()).toBe(`Module ${name}`);
      const mainPath = await linkTo(packagePage, name);
      const testingPath = await linkTo(packagePage, `${name}/testing`);
      await packagePage.close();

      const main = await open(mainPath);
      expect((await main.locator("h1").first().textContent())?.trim()).toBe(`Module ${name}`);
      const summaries = await summaryNames(main);
      if (!spec) {
        expect(summaries).toEqual(expect.arrayContaining(CORE_EXPORTS[name] ?? []));
        const testing = await open(testingPath);
        const testingSummaries = await summaryNames(testing);
        expect(testingSummaries).toEqual(expect.arrayContaining(CORE_EXPORTS[`${name}/testing`] ?? []));
        await testing.close();
      } else {
        const clientName = `${spec["x-hatchery"].clientName}Client`;
        expect(summaries).toEqual(expect.arrayContaining([clientName, `create${clientName}`]));
        const client = await open(await linkTo(main, clientName));
        expect((await client.locator("h1").first().textContent())?.trim()).toBe(`Interface ${clientName}`);
        const methods = await client.locator(".tsd-member .tsd-signature .tsd-kind-call-signature").allTextContents();
        const operationIds = listOperations(spec).map((op) => op.id);
        expect(operationIds.length).toBeGreaterThan(0);
        expect(methods).toEqual(expect.arrayContaining(operationIds));
        // Each method carries its TSDoc: the spec's summary (or the operationId) and its HTTP line.
        const comments = Object.fromEntries(
          await client
            .locator("section.tsd-member")
            .evaluateAll((members) =>
              members.map((m) => [
                m.querySelector("h3")?.id ?? "",
                m.querySelector(".tsd-comment")?.textContent?.trim() ?? "",
              ]),
            ),
        );
        for (const id of operationIds) expect(comments[id.toLowerCase()], `${id} is documented`).toMatch(/\S/);
        await client.close();
        const testing = await open(testingPath);
        expect((await testing.locator("h1").first().textContent())?.trim()).toBe(`Module ${name}/testing`);
        await testing.close();
      }
      await main.close();
    });
  }

  it("runs no page into a script error", () => {
    expect(pageErrors).toEqual([]);
  });
});
