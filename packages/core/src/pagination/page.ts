import type { PaginationSpec } from "../operation.js";

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

/** A fetched page, read: its items, where it sits, and the input of the next page (`undefined` at the end). */
export interface PageStep {
  /** The page's items. */
  items: unknown[];
  /** Where the page sits. */
  info: PageInfo;
  /** The input of the next page, or `undefined` at the end. */
  next: PageInput | undefined;
}

/**
 * One pagination style (`singlePage`, `offsetPages`, `numberedPages`): a generated list function passes the one its
 * operation uses, so a bundle holds only the styles its lists use.
 */
export interface Pager {
  /** Refuses paging arguments the provider would reject, before anything is sent. */
  check(spec: PaginationSpec, input: PageInput, operationId: string): void;
  /** Reads the items and the position of a fetched page, and computes the input of the next one. */
  read(spec: PaginationSpec, input: PageInput, body: unknown): PageStep;
}
