import type { ApiResult } from "../api-promise.js";
import type { ListOptions } from "../client-options.js";
import { ConfigurationError } from "../errors/request-errors.js";
import { nestInput } from "../flat-input.js";
import type { OperationSpec } from "../operation.js";
import { type AnyCore, RUNTIME } from "../raw-client.js";
import type { Page, PageInput, Pager } from "./page.js";
import type { PageGuard } from "./page-limit.js";
import { PagePromise } from "./page-promise.js";

/**
 * Runs a list operation lazily, page by page, in the style of `pager`; `guard` turns a later page's refusal into a
 * `PageLimitError` (lists whose spec declares a page limit). Generated list functions call it through
 * {@link listOperation};
 * a client without a list never bundles it.
 */
export function paginate<Item, Body = unknown>(
  client: AnyCore,
  operation: OperationSpec,
  input: PageInput = {},
  listOptions: ListOptions = {},
  pager?: Pager,
  guard?: PageGuard,
): PagePromise<Item, Body> {
  const spec = operation.pagination;
  if (!spec || !pager) throw new ConfigurationError(`${operation.id} is not a list operation`);
  const { maxItems = Number.POSITIVE_INFINITY, ...callOptions } = listOptions;
  if (!(maxItems >= 0)) throw new ConfigurationError("maxItems must be >= 0");
  let pagesRead = 0;
  const fetchPage = async (pageInput: PageInput): Promise<Page<Item, Body>> => {
    pager.check(spec, pageInput, operation.id);
    const result: ApiResult<unknown> = await client[RUNTIME]
      .execute(operation, pageInput, callOptions)
      .catch((error: unknown) => {
        throw guard?.(operation, pagesRead, pageInput, { error }) ?? error;
      });
    const { items, info, next } = pager.read(spec, pageInput, result.body);
    const refused = guard?.(operation, pagesRead, pageInput, { page: info.page });
    if (refused) throw refused;
    pagesRead += 1;
    return {
      items: items as Item[],
      info,
      body: result.body as Body,
      get response() {
        return result.response;
      },
      requestId: result.requestId,
      hasNextPage: () => !!next,
      getNextPage: async () => (next ? fetchPage(next) : null),
    };
  };
  return new PagePromise<Item, Body>(() => fetchPage(input), maxItems);
}

/**
 * Makes a generated list function: it takes the client (or its core) and the flat input, and pages in the
 * operation's style. Generated code marks the call pure, so a bundle drops the list functions it never calls (and
 * with the last of them the paginator).
 */
export const listOperation =
  <Item, Body>(operations: Record<string, OperationSpec>, id: string, pager: Pager, guard?: PageGuard) =>
  (client: AnyCore, input?: unknown, options?: ListOptions): PagePromise<Item, Body> => {
    const operation = operations[id] as OperationSpec;
    return paginate<Item, Body>(client, operation, nestInput(operation, input), options, pager, guard);
  };
