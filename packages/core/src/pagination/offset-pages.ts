import type { OffsetPagination } from "../operation.js";
import { getPath } from "../parse-body.js";
import type { Pager } from "./page.js";
import { checkParam, readParam, toNumber, withParam } from "./page-params.js";
import { itemsAt } from "./single-page.js";

/**
 * Offset/limit/total pagination (LeanLaw): the next page starts where this one ended, until `total` items were
 * read (or, without a total, a short or empty page).
 */
export const offsetPages: Pager = {
  check(pagination, input, operationId) {
    const spec = pagination as OffsetPagination;
    checkParam(input, spec, spec.limitParam, operationId, 1, spec.maxLimit);
    checkParam(input, spec, spec.offsetParam, operationId, 0);
  },
  read(pagination, input, body) {
    const spec = pagination as OffsetPagination;
    const items = itemsAt(body, spec.items);
    const offset = toNumber(readParam(input, spec, spec.offsetParam)) ?? 0;
    const limit = toNumber(readParam(input, spec, spec.limitParam));
    const total = toNumber(getPath(body, spec.total));
    const end = offset + items.length;
    const more = items.length > 0 && (total !== undefined ? end < total : limit === undefined || items.length >= limit);
    return {
      items,
      info: { offset, ...(limit === undefined ? {} : { limit }), ...(total === undefined ? {} : { total }) },
      next: more ? withParam(input, spec, spec.offsetParam, end) : undefined,
    };
  },
};
