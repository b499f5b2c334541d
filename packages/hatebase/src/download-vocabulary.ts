import { isPageLimitError, type KeyValueStore } from "@hatchery/core";
import type { GetVocabularyInput, GetVocabularyItem, HatebaseClient } from "./generated/client.js";

/** The key {@link downloadVocabulary} stores the snapshot under unless told otherwise. */
export const VOCABULARY_STORE_KEY = "hatebase:vocabulary";

/** A local copy of the vocabulary (or of the part a filter selects), as {@link downloadVocabulary} stores it. */
export interface VocabularySnapshot {
  /** When the download finished (ISO 8601). */
  downloadedAt: string;
  /** The filters it was downloaded with (`{}` for the whole vocabulary). */
  filters: Omit<GetVocabularyInput, "page">;
  /** True when every page was read; false when the plan stopped it (trial plans read page 1 only). */
  complete: boolean;
  /** Why it is incomplete, when it is. */
  incompleteReason?: string;
  /** Pages read. */
  pages: number;
  /** The number of matching terms Hatebase reported, when it did. */
  numberOfResults?: number;
  /** The terms, in the order Hatebase listed them. */
  terms: GetVocabularyItem[];
}

/** Options of {@link downloadVocabulary}. */
export interface DownloadVocabularyOptions {
  /** Where to keep the snapshot (e.g. a `FileStore`); not stored when absent. */
  store?: KeyValueStore;
  /**
   * The store key.
   * @default VOCABULARY_STORE_KEY
   */
  key?: string;
  /** Filters (language, keywords, `is_about_*` flags…); `page` is set by the download. */
  filters?: Omit<GetVocabularyInput, "page">;
  /** Aborts the download; nothing is stored then. */
  signal?: AbortSignal;
  /** Called after each page, e.g. for progress output. */
  onPage?: (page: number, lastPage: number | undefined) => void;
}

/**
 * Downloads every page of the vocabulary (one query per page, about 100 terms each) and keeps the result in
 * `store`, as Hatebase asked its users to do instead of querying in real time. Read it back with
 * {@link loadVocabulary}.
 *
 * On a trial plan, which reads page 1 only, the snapshot holds page 1 with `complete: false` and the reason;
 * any other failure throws and stores nothing.
 *
 * @example
 * import { FileStore } from "@hatchery/hatebase";
 *
 * const store = new FileStore(".hatebase-cache");
 * const snapshot = await downloadVocabulary(hatebase, { store, filters: { language: "ENG" } });
 * console.log(`${snapshot.terms.length} terms, complete: ${snapshot.complete}`);
 */
export async function downloadVocabulary(
  client: Pick<HatebaseClient, "getVocabulary">,
  options: DownloadVocabularyOptions = {},
): Promise<VocabularySnapshot> {
  const filters = { ...options.filters };
  delete (filters as { page?: unknown }).page;
  const terms: GetVocabularyItem[] = [];
  let pages = 0;
  let numberOfResults: number | undefined;
  let incompleteReason: string | undefined;
  try {
    for await (const page of client.getVocabulary(filters, { signal: options.signal }).pages()) {
      pages += 1;
      terms.push(...page.items);
      if (typeof page.body.number_of_results === "number") numberOfResults = page.body.number_of_results;
      options.onPage?.(page.info.page ?? pages, page.info.lastPage);
    }
  } catch (error) {
    if (!isPageLimitError(error)) throw error;
    incompleteReason = error.message;
  }
  const snapshot: VocabularySnapshot = {
    downloadedAt: new Date().toISOString(),
    filters,
    complete: incompleteReason === undefined,
    ...(incompleteReason === undefined ? {} : { incompleteReason }),
    pages,
    ...(numberOfResults === undefined ? {} : { numberOfResults }),
    terms,
  };
  if (options.store) await options.store.set(options.key ?? VOCABULARY_STORE_KEY, snapshot);
  return snapshot;
}

/** The snapshot {@link downloadVocabulary} stored under `key`, or `undefined` when there is none. */
export async function loadVocabulary(
  store: KeyValueStore,
  key: string = VOCABULARY_STORE_KEY,
): Promise<VocabularySnapshot | undefined> {
  const value = await store.get(key);
  if (!value || typeof value !== "object" || !Array.isArray((value as VocabularySnapshot).terms)) return undefined;
  return value as VocabularySnapshot;
}
