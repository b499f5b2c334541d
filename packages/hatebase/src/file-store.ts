import type { KeyValueStore } from "@hatchery/core";

/**
 * `node:fs/promises`, loaded on first use so that browsers and bundlers never meet it in the main entry. The
 * specifier is a variable on purpose: a literal one is followed by bundlers (esbuild, webpack) building for the
 * browser, which then fail on the Node built-in, and tsup would also strip its `node:` prefix.
 */
type Fs = typeof import("node:fs/promises");
const FS_MODULE = "node:fs/promises";
let fs: Promise<Fs> | undefined;
const loadFs = (): Promise<Fs> => {
  fs ??= import(/* webpackIgnore: true */ /* @vite-ignore */ FS_MODULE) as Promise<Fs>;
  return fs;
};

/** Hex SHA-256 of a text, with Web Crypto (global in Node 20+). */
async function sha256(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A `KeyValueStore` in a directory (Node only): one JSON file per key (named by the key's SHA-256), written
 * atomically (a temporary file, then a rename), so a crash never leaves half an entry. Use it as the
 * client's `cache.store` to keep answers across runs, or as the store of `downloadVocabulary`.
 *
 * Entries hold Hatebase data: keep the directory private (Hatebase's terms forbid redistributing it), and
 * out of version control.
 *
 * @example
 * import { createHatebaseClient, FileStore } from "@hatchery/hatebase";
 *
 * const hatebase = createHatebaseClient({
 *   apiKey: process.env.HATEBASE_API_KEY,
 *   cache: responseCache({ ttlMs: 7 * 86_400_000, store: new FileStore(".hatebase-cache") }),
 * });
 */
export class FileStore implements KeyValueStore {
  /** The directory the entries live in (created on the first write). */
  readonly directory: string;

  /** @param directory - where to keep the entries. */
  constructor(directory: string) {
    this.directory = directory;
  }

  async #file(key: string): Promise<string> {
    return `${this.directory.replace(/[\\/]+$/, "")}/${(await sha256(key)).slice(0, 40)}.json`;
  }

  async get(key: string): Promise<unknown> {
    const { readFile } = await loadFs();
    let text: string;
    try {
      text = await readFile(await this.#file(key), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    try {
      const entry = JSON.parse(text) as { key?: unknown; value?: unknown };
      return entry.key === key ? entry.value : undefined;
    } catch {
      // A damaged entry is no entry.
      return undefined;
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    const { mkdir, rename, writeFile } = await loadFs();
    await mkdir(this.directory, { recursive: true });
    const file = await this.#file(key);
    const temporary = `${file}.${globalThis.crypto.randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify({ key, value }), { mode: 0o600 });
    await rename(temporary, file);
  }

  async delete(key: string): Promise<void> {
    const { rm } = await loadFs();
    await rm(await this.#file(key), { force: true });
  }
}
