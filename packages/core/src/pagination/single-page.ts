import { getPath } from "../parse-body.js";
import type { Pager } from "./page.js";

/** The items at `path` of a body, or none. */
export const itemsAt = (body: unknown, path: string): unknown[] => {
  const items = getPath(body, path);
  return Array.isArray(items) ? items : [];
};

/**
 * A list the API does not paginate: the whole list is one page (`hasNextPage()` is always false), so every list
 * operation returns the same `PagePromise`.
 */
export const singlePage: Pager = {
  check() {},
  read: (spec, _, body) => ({ items: itemsAt(body, spec.items), info: {}, next: undefined }),
};
