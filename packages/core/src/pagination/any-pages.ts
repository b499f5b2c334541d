import type { PaginationSpec } from "../operation.js";
import { numberedPages } from "./numbered-pages.js";
import { offsetPages } from "./offset-pages.js";
import type { PageInput, Pager, PageStep } from "./page.js";
import { singlePage } from "./single-page.js";

const PAGERS: Record<PaginationSpec["style"], Pager> = { single: singlePage, offset: offsetPages, page: numberedPages };

/** Every pagination style, chosen by the spec's `style` (what `createCoreClient` pages with). */
export const anyPages: Pager = {
  check: (spec, input, operationId) => PAGERS[spec.style].check(spec, input, operationId),
  read: (spec, input, body) => PAGERS[spec.style].read(spec, input, body),
};

/** Reads the items and the position of a fetched page, and computes the input of the next one (any style). */
export const describePage = (spec: PaginationSpec, input: PageInput, body: unknown): PageStep =>
  anyPages.read(spec, input, body);

/** Refuses paging arguments the provider would reject, before anything is sent (any style). */
export const validatePageInput = (spec: PaginationSpec, input: PageInput, operationId: string): void =>
  anyPages.check(spec, input, operationId);
