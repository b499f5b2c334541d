import type { PagePagination } from "../operation.js";
import { getPath } from "../parse-body.js";
import type { PageInput, Pager } from "./page.js";
import { checkParam, readParam, toNumber, withParam } from "./page-params.js";
import { itemsAt } from "./single-page.js";

/** The page number a page-style input asks for (1 when it names none). @internal */
export const requestedPage = (spec: PagePagination, input: PageInput): number =>
  toNumber(readParam(input, spec, spec.pageParam)) ?? 1;

/**
 * Page-number pagination, with a last page and/or a next link (Happy Grasshopper, Hatebase): the next page is the
 * one after the page just read, until the last page (or a missing next link, or an empty page).
 */
export const numberedPages: Pager = {
  check(pagination, input, operationId) {
    const spec = pagination as PagePagination;
    checkParam(input, spec, spec.pageParam, operationId, 1);
    checkParam(input, spec, spec.limitParam, operationId, 1, spec.maxLimit);
  },
  read(pagination, input, body) {
    const spec = pagination as PagePagination;
    const items = itemsAt(body, spec.items);
    const requested = requestedPage(spec, input);
    const page = (spec.currentPage ? toNumber(getPath(body, spec.currentPage)) : undefined) ?? requested;
    let lastPage: number | undefined;
    for (const path of spec.lastPage ?? []) lastPage ??= toNumber(getPath(body, path));
    // Always move past the page just requested, even when the server reports an older page number: one that
    // ignores the page parameter would otherwise be asked for the same page forever.
    const position = Math.max(page, requested);
    const link = spec.nextLink && getPath(body, spec.nextLink);
    const more =
      items.length > 0 &&
      (lastPage !== undefined ? position < lastPage : !spec.nextLink || (typeof link === "string" && link !== ""));
    return {
      items,
      info: { page, ...(lastPage === undefined ? {} : { lastPage }) },
      next: more ? withParam(input, spec, spec.pageParam, position + 1) : undefined,
    };
  },
};
