import type { ApiResult } from "../api-promise.js";
import type { ListOptions } from "../client-options.js";
import { type CoreRuntime, RUNTIME } from "../raw-client.js";
import { PageLimitError } from "../errors/page-limit-error.js";
import { ConfigurationError } from "../errors/request-errors.js";
import type { OperationSpec, PaginationSpec } from "../operation.js";
import { createPage, type Page, type PageInput, validatePageInput } from "./page.js";
import { isPageLimitRefusal } from "./page-limit.js";
import { PagePromise } from "./page-promise.js";

/** The page number a page-style input asks for (1 when it names none). */
function pageNumber(spec: PaginationSpec, input: PageInput): number {
  if (spec.style !== "page") return 1;
  const raw = spec.in === "body" ? input.body?.[spec.pageParam] : input.params?.query?.[spec.pageParam];
  const n = Number(raw ?? 1);
  return Number.isFinite(n) ? n : 1;
}

/**
 * Runs a list operation lazily, page by page, on a client's `execute`. A generated client imports this only
 * when its spec has a list operation, so clients without one never bundle the paginators.
 */
export function paginate<Item, Body = unknown>(
  client: CoreRuntime<{}>,
  operation: OperationSpec,
  input: unknown = {},
  listOptions: ListOptions = {},
): PagePromise<Item, Body> {
  const spec = operation.pagination;
  if (!spec) throw new ConfigurationError(`${operation.id} is not a list operation`);
  const { maxItems, ...callOptions } = listOptions;
  if (maxItems !== undefined && !(maxItems >= 0)) throw new ConfigurationError("maxItems must be >= 0");
  const limit = spec.style === "page" ? spec.pageLimit : undefined;
  let pagesRead = 0;
  const fetchPage = async (pageInput: PageInput): Promise<Page<Item, Body>> => {
    validatePageInput(spec, pageInput, operation.id);
    let result: ApiResult<unknown>;
    try {
      result = await client[RUNTIME].execute(operation, pageInput, callOptions);
    } catch (error) {
      // A later page refused while an earlier one was served: the plan's page limit; say so, not a bare error.
      if (limit && pagesRead > 0 && isPageLimitRefusal(error, limit)) {
        throw new PageLimitError({
          operation: operation.id,
          page: pageNumber(spec, pageInput),
          pagesRead,
          code: error.code,
          reason: limit.message,
          cause: error,
        });
      }
      throw error;
    }
    const page = createPage<Item, Body>(spec, pageInput, result, fetchPage);
    // A later page answered with an earlier one: the provider ignores the page asked for (a plan limit).
    const requested = pageNumber(spec, pageInput);
    if (limit && pagesRead > 0 && page.info.page !== undefined && page.info.page < requested) {
      throw new PageLimitError({ operation: operation.id, page: requested, pagesRead, reason: limit.message });
    }
    pagesRead += 1;
    return page;
  };
  return new PagePromise<Item, Body>(() => fetchPage(input as PageInput), maxItems);
}
