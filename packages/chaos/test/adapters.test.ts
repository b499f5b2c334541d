// Every published provider package must have a chaos adapter, so a new provider cannot skip this suite.
// A provider whose `./testing` export has no fake yet is listed as a to-do instead of failing: the adapter
// needs the fake, and main must stay green while the provider is being written.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { adapters } from "../src/providers/index.js";

const packagesDir = fileURLToPath(new URL("../..", import.meta.url));

interface Provider {
  dir: string;
  name: string;
  hasTestingExport: boolean;
}

/** Published packages under packages/ other than core: the providers. */
function publishedProviders(): Provider[] {
  return readdirSync(packagesDir)
    .filter((dir) => existsSync(join(packagesDir, dir, "package.json")))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8")) }))
    .filter(({ pkg }) => pkg.private !== true && pkg.name !== "@hatchery/core")
    .map(({ dir, pkg }) => ({ dir, name: pkg.name, hasTestingExport: Boolean(pkg.exports?.["./testing"]) }));
}

/** The `create…Fake` factories the provider's `./testing` source exports (none while it is a stub). */
async function fakeFactories(dir: string): Promise<string[]> {
  const file = join(packagesDir, dir, "src", "testing", "index.ts");
  if (!existsSync(file)) return [];
  try {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    return Object.keys(module).filter((name) => /^create\w*Fake$/.test(name) && typeof module[name] === "function");
  } catch {
    // It does not load (yet): judge by its text.
    return [...readFileSync(file, "utf8").matchAll(/\bcreate\w*Fake\b/g)].map((m) => m[0]);
  }
}

const providers = publishedProviders();
const missing = providers.filter((p) => !adapters.some((a) => a.dir === p.dir));
const withFake = new Map<string, string[]>();
for (const p of missing) if (p.hasTestingExport) withFake.set(p.dir, await fakeFactories(p.dir));

describe("every published provider package has a chaos adapter", () => {
  test("the adapters name real packages", () => {
    for (const adapter of adapters) {
      const provider = providers.find((p) => p.dir === adapter.dir);
      expect(provider, `adapter ${adapter.dir}: no published package in packages/${adapter.dir}`).toBeDefined();
      expect(provider?.name).toBe(adapter.packageName);
    }
  });

  for (const provider of providers) {
    const factories = withFake.get(provider.dir) ?? [];
    if (adapters.some((a) => a.dir === provider.dir)) {
      test(`${provider.name}: adapter src/providers/${provider.dir}.ts`, () => {});
    } else if (factories.length === 0) {
      // No fake to soak against yet: a reminder, not a failure.
      test.todo(`${provider.name}: no chaos adapter yet (its ./testing export has no fake yet)`);
    } else {
      test(`${provider.name}: has a fake (${factories.join(", ")}) but no chaos adapter`, () => {
        expect.fail(
          `${provider.name} is published and its ./testing export has a fake (${factories.join(", ")}), but the chaos ` +
            `suite has no adapter for it. Write packages/chaos/src/providers/${provider.dir}.ts and register it in ` +
            "packages/chaos/src/providers/index.ts (see packages/chaos/README.md, 'Adding a provider').",
        );
      });
    }
  }

  test("lists the providers still without an adapter", () => {
    const pending = missing.map((p) => p.name);
    if (pending.length) console.warn(`chaos: no adapter yet for ${pending.join(", ")}`);
    expect(providers.length).toBeGreaterThan(0);
  });
});
