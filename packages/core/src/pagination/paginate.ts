import type { ApiResult } from "../api-promise.js";
import type { CallOptions, ListOptions } from "../create-client.js";
import { ConfigurationError } from "../errors/request-errors.js";
import type { OperationSpec } from "../operation.js";
import { createPage, type Page, type PageInput, validatePageInput } from "./page.js";
import { PagePromise } from "./page-promise.js";

/**
 * Runs a list operation lazily, page by page, on a client's `execute`. A generated client imports this only
 * when its spec has a list operation, so clients without one never bundle the paginators.
 */
export function paginate<Item, Body = unknown>(
  core: {
    /** Runs one operation. */
    execute(operation: OperationSpec, input: PageInput, options: CallOptions): Promise<ApiResult<unknown>>;
  },
  operation: OperationSpec,
  input: unknown = {},
  listOptions: ListOptions = {},
): PagePromise<Item, Body> {
  const spec = operation.pagination;
  if (!spec) throw new ConfigurationError(`${operation.id} is not a list operation`);
  const { maxItems, ...callOptions } = listOptions;
  if (maxItems !== undefined && !(maxItems >= 0)) throw new ConfigurationError("maxItems must be >= 0");
  const fetchPage = async (pageInput: PageInput): Promise<Page<Item, Body>> => {
    validatePageInput(spec, pageInput, operation.id);
    return createPage<Item, Body>(spec, pageInput, await core.execute(operation, pageInput, callOptions), fetchPage);
  };
  return new PagePromise<Item, Body>(() => fetchPage(input as PageInput), maxItems);
}
