import type { EnvelopeKind } from "./envelopes/envelope.js";
import type { RateLimitOptions } from "./rate-limiter.js";

/** HTTP methods an operation may use. */
export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS";

/** Where a request parameter lives. */
export type ParamLocation = "query" | "body";

/** Offset/limit/total pagination (LeanLaw). */
export interface OffsetPagination {
  style: "offset";
  /** Dot path of the item array in the response body. */
  items: string;
  limitParam: string;
  offsetParam: string;
  /** Dot path of the total item count. */
  total: string;
  /** Largest page size the provider accepts; a larger one is refused before sending. */
  maxLimit?: number;
  /** Whether the paging parameters go in the query or the (form) body. */
  in: ParamLocation;
}

/** Page-number pagination, with a last page and/or a next link (Happy Grasshopper, Hatebase). */
export interface PagePagination {
  style: "page";
  items: string;
  pageParam: string;
  /** Dot path of the current page number (numbers or numeric strings). */
  currentPage?: string;
  /** Dot paths of the last page number; the first present wins. */
  lastPage?: readonly string[];
  /** Dot path of the next page's link; `null` there means the last page. */
  nextLink?: string;
  in: ParamLocation;
}

/** How an operation pages. */
export type PaginationSpec = OffsetPagination | PagePagination;

/** A response field to convert from the provider's loose type (`"true"`, `"3"`) to the honest one. */
export type CoercionRule = readonly [path: string, to: "integer" | "number" | "boolean"];

/** One operation, as generated from the spec. */
export interface OperationSpec {
  /** The spec's `operationId`. */
  id: string;
  method: HttpMethod;
  /** Path template, e.g. `/api/v1/servers/{server}`. */
  path: string;
  /** Whether repeating the request is harmless. */
  idempotent: boolean;
  /** Idempotent only when the body has a non-empty value for one of these fields. */
  idempotentWhenBodyHas?: readonly string[];
  /** Request body encoding. */
  bodyType?: "json" | "form";
  pagination?: PaginationSpec;
  /** Overrides the envelope's payload path. */
  payload?: string;
  /** Loose response fields to coerce. */
  coerce?: readonly CoercionRule[];
}

/** Session-token authentication (Hatebase): trade an API key for a token that expires. */
export interface SessionAuthSpec {
  kind: "session";
  /** `operationId` of the authenticate operation. */
  operation: string;
  credentialField: string;
  tokenField: string;
  placement: "body" | "header";
  tokenPath: string;
  expiresPath?: string;
  expiresFormat?: "gmt-datetime" | "iso" | "epoch-seconds";
  lifetimeSeconds?: number;
  /** Provider error codes meaning the token is invalid or expired. */
  invalidTokenCodes?: readonly string[];
}

/** A provider, as generated from the spec's `x-hatchery` block. */
export interface ProviderSpec {
  /** Human name, e.g. `HostHatch`. */
  name: string;
  /** Default base URL; may contain `{variables}`. */
  baseUrl: string;
  /** Defaults of the base URL's variables. */
  serverVariables?: Readonly<Record<string, string>>;
  envelope: { kind: EnvelopeKind; payload: string };
  requestIdHeader?: string;
  auth: { kind: "bearer" } | { kind: "none" } | SessionAuthSpec;
  rateLimit?: RateLimitOptions;
  /** Client option name -> request header name. */
  headerOptions?: Readonly<Record<string, string>>;
  defaultHeaders?: Readonly<Record<string, string>>;
}
