/**
 * Node-only helpers of `@hatchery/hatebase`: a file-backed {@link KeyValueStore} for the response cache and
 * for vocabulary snapshots. Import them from `@hatchery/hatebase/node`.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { KeyValueStore } from "@hatchery/core";

export type { KeyValueStore } from "@hatchery/core";

/**
 * A {@link KeyValueStore} in a directory: one JSON file per key (named by the key's SHA-256), written
 * atomically (a temporary file, then a rename), so a crash never leaves half an entry. Use it as the
 * client's `cache.store` to keep answers across runs, or as the store of `downloadVocabulary`.
 *
 * Entries hold Hatebase data: keep the directory private (Hatebase's terms forbid redistributing it), and
 * out of version control.
 *
 * @example
 * import { createHatebaseClient } from "@hatchery/hatebase";
 * import { FileStore } from "@hatchery/hatebase/node";
 *
 * const hatebase = createHatebaseClient({
 *   apiKey: process.env.HATEBASE_API_KEY,
 *   cache: { ttlMs: 7 * 86_400_000, store: new FileStore(".hatebase-cache") },
 * });
 */
export class FileStore implements KeyValueStore {
  /** The directory the entries live in (created on the first write). */
  readonly directory: string;

  /** @param directory - where to keep the entries. */
  constructor(directory: string) {
    this.directory = directory;
  }

  #file(key: string): string {
    return join(this.directory, `${createHash("sha256").update(key).digest("hex").slice(0, 40)}.json`);
  }

  async get(key: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.#file(key), "utf8");
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
    await mkdir(this.directory, { recursive: true });
    const file = this.#file(key);
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify({ key, value }), { mode: 0o600 });
    await rename(temporary, file);
  }

  async delete(key: string): Promise<void> {
    await rm(this.#file(key), { force: true });
  }
}
