import type { ApiResult } from "../api-promise.js";
import { convert } from "../coerce.js";
import { InvalidArgumentError } from "../errors/request-errors.js";
import type { OffsetPagination, PagePagination, PaginationSpec } from "../operation.js";

/** A paginating spec: one that reads and writes paging parameters. */
type Paging = OffsetPagination | PagePagination;

import { getPath } from "../parse-body.js";

/** A request input as the paginator manipulates it. */
export interface PageInput {
  /** The request's parameters, by location. */
  params?: {
    /** Query parameters. */
    query?: Record<string, unknown>;
    /** Path parameters. */
    path?: Record<string, unknown>;
    /** Header parameters. */
    header?: Record<string, unknown>;
  };
  /** The request body (form or JSON). */
  body?: Record<string, unknown>;
}

/** Where a page sits in the whole list. */
export interface PageInfo {
  /** Offset style: the offset of the first item. */
  offset?: number;
  /** Offset style: the page size asked for. */
  limit?: number;
  /** Total items, when the provider says. */
  total?: number;
  /** Page style: this page's number. */
  page?: number;
  /** Page style: the last page's number, when the provider says. */
  lastPage?: number;
}

/** One page of a list operation. */
export interface Page<Item, Body = unknown> {
  /** This page's items. */
  items: Item[];
  /** Where this page sits in the whole list. */
  info: PageInfo;
  /** The whole parsed body of this page. */
  body: Body;
  /** The raw (fully read) response of this page. */
  response: Response;
  /** The provider's request or trace id of this page, when it sent one. */
  requestId: string | undefined;
  /** True when another page exists (never true past the end). */
  hasNextPage(): boolean;
  /** Fetches the next page, or resolves `null` at the end. */
  getNextPage(): Promise<Page<Item, Body> | null>;
}

const toNumber = (value: unknown): number | undefined => {
  const n = convert(value, "number");
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};

function readParam(input: PageInput, spec: Paging, name: string): unknown {
  return spec.in === "body" ? input.body?.[name] : input.params?.query?.[name];
}

function withParam(input: PageInput, spec: Paging, name: string, value: number): PageInput {
  if (spec.in === "body") return { ...input, body: { ...input.body, [name]: value } };
  return { ...input, params: { ...input.params, query: { ...input.params?.query, [name]: value } } };
}

/** Refuses paging arguments the provider would reject, before anything is sent. */
export function validatePageInput(spec: PaginationSpec, input: PageInput, operationId: string): void {
  if (spec.style === "single") return;
  const check = (name: string, min: number, max?: number) => {
    const raw = readParam(input, spec, name);
    if (raw === undefined || raw === null) return;
    const n = toNumber(raw);
    if (n === undefined || !Number.isInteger(n) || n < min || (max !== undefined && n > max)) {
      const range = max === undefined ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
      throw new InvalidArgumentError(`${operationId}: ${name} must be ${range}; got ${JSON.stringify(raw)}`);
    }
  };
  if (spec.style === "offset") {
    check(spec.limitParam, 1, spec.maxLimit);
    check(spec.offsetParam, 0);
  } else {
    check(spec.pageParam, 1);
    if (spec.limitParam) check(spec.limitParam, 1, spec.maxLimit);
  }
}

/** Reads the items and the position of a fetched page, and computes the input of the next one. */
export function describePage(
  spec: PaginationSpec,
  input: PageInput,
  body: unknown,
): {
  /** The page's items. */
  items: unknown[];
  /** Where the page sits. */
  info: PageInfo;
  /** The input of the next page, or `undefined` at the end. */
  next: PageInput | undefined;
} {
  const raw = getPath(body, spec.items);
  const items = Array.isArray(raw) ? raw : [];
  // A list the API does not paginate is one page.
  if (spec.style === "single") return { items, info: {}, next: undefined };
  return spec.style === "offset"
    ? describeOffset(spec, input, body, items)
    : describePageNumber(spec, input, body, items);
}

function describeOffset(spec: OffsetPagination, input: PageInput, body: unknown, items: unknown[]) {
  const offset = toNumber(readParam(input, spec, spec.offsetParam)) ?? 0;
  const limit = toNumber(readParam(input, spec, spec.limitParam));
  const total = toNumber(getPath(body, spec.total));
  const info: PageInfo = {
    offset,
    ...(limit === undefined ? {} : { limit }),
    ...(total === undefined ? {} : { total }),
  };
  const end = offset + items.length;
  const more = items.length > 0 && (total !== undefined ? end < total : limit === undefined || items.length >= limit);
  return { items, info, next: more ? withParam(input, spec, spec.offsetParam, end) : undefined };
}

function describePageNumber(spec: PagePagination, input: PageInput, body: unknown, items: unknown[]) {
  const requested = toNumber(readParam(input, spec, spec.pageParam)) ?? 1;
  const page = (spec.currentPage ? toNumber(getPath(body, spec.currentPage)) : undefined) ?? requested;
  let lastPage: number | undefined;
  for (const path of spec.lastPage ?? []) {
    lastPage = toNumber(getPath(body, path));
    if (lastPage !== undefined) break;
  }
  // Always move past the page just requested, even when the server reports an older page number: one that
  // ignores the page parameter would otherwise be asked for the same page forever.
  const position = Math.max(page, requested);
  let more = items.length > 0;
  if (lastPage !== undefined) more &&= position < lastPage;
  else if (spec.nextLink) {
    const link = getPath(body, spec.nextLink);
    more &&= typeof link === "string" && link !== "";
  }
  const info: PageInfo = { page, ...(lastPage === undefined ? {} : { lastPage }) };
  return { items, info, next: more ? withParam(input, spec, spec.pageParam, position + 1) : undefined };
}

/** Builds a {@link Page} from a fetched result. */
export function createPage<Item, Body>(
  spec: PaginationSpec,
  input: PageInput,
  result: ApiResult<unknown>,
  fetchPage: (input: PageInput) => Promise<Page<Item, Body>>,
): Page<Item, Body> {
  const { items, info, next } = describePage(spec, input, result.body);
  return {
    items: items as Item[],
    info,
    body: result.body as Body,
    get response() {
      return result.response;
    },
    requestId: result.requestId,
    hasNextPage: () => next !== undefined,
    getNextPage: () => (next ? fetchPage(next) : Promise.resolve(null)),
  };
}
