import type { EnvelopeKind } from "./envelopes/envelope.js";
import type { FieldPlacement } from "./flat-input.js";
import type { RateLimitOptions } from "./rate-limiter.js";

/** HTTP methods an operation may use. */
export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS";

/** Where a request parameter lives. */
export type ParamLocation = "query" | "body";

/** Offset/limit/total pagination (LeanLaw). */
export interface OffsetPagination {
  /** Offset style. */
  style: "offset";
  /** Dot path of the item array in the response body. */
  items: string;
  /** Name of the page-size parameter. */
  limitParam: string;
  /** Name of the offset parameter. */
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
  /** Page style. */
  style: "page";
  /** Dot path of the item array in the response body. */
  items: string;
  /** Name of the page-number parameter. */
  pageParam: string;
  /** Name of the page-size parameter, when the operation takes one (Laravel's `per_page`). */
  limitParam?: string;
  /** Largest page size the provider accepts; a larger one is refused before sending. */
  maxLimit?: number;
  /** Dot path of the current page number (numbers or numeric strings). */
  currentPage?: string;
  /** Dot paths of the last page number; the first present wins. */
  lastPage?: readonly string[];
  /** Dot path of the next page's link; `null` there means the last page. */
  nextLink?: string;
  /** Whether the page parameter goes in the query or the (form) body. */
  in: ParamLocation;
  /**
   * The provider may refuse pages past some point (e.g. a plan limited to page 1). A later page that fails
   * with one of `codes`, or is answered with an earlier page than the one asked for, ends the iteration
   * with a `PageLimitError` instead of a generic error or a loop over the same page.
   */
  pageLimit?: PageLimitSpec;
}

/** How a provider signals that no further pages may be read (see {@link PagePagination.pageLimit}). */
export interface PageLimitSpec {
  /** Provider error codes that mean "this page is beyond what you may read". */
  codes?: readonly string[];
  /** Why, in words, for the error message (e.g. "trial plans are limited to page 1"). */
  message?: string;
}

/**
 * Whether successful results of an operation may be served from the client's response cache: `false` never,
 * `{ when }` only when the value at that dot path of the (coerced) body is `true` (e.g. a finished job).
 * Without it, idempotent operations are cacheable, except a session's authenticate call.
 */
export type CacheRule =
  | boolean
  | {
      /** Dot path of a value in the body that must be `true` for the result to be stored. */
      readonly when: string;
    };

/**
 * A list the API does not paginate: the whole list is one page (`hasNextPage()` is always false), so every
 * list operation returns the same `PagePromise`.
 */
export interface SinglePagination {
  /** One page. */
  style: "single";
  /** Dot path of the item array in the response body. */
  items: string;
}

/** How a list operation pages. */
export type PaginationSpec = OffsetPagination | PagePagination | SinglePagination;

/** A response field to convert from the provider's loose type (`"true"`, `"3"`) to the honest one. */
export type CoercionRule = readonly [path: string, to: "integer" | "number" | "boolean"];

/** One operation, as generated from the spec. */
export interface OperationSpec {
  /** The spec's `operationId`. */
  id: string;
  /** HTTP method. */
  method: HttpMethod;
  /** Path template, e.g. `/api/v1/servers/{server}`. */
  path: string;
  /** Whether repeating the request is harmless. */
  idempotent: boolean;
  /** Idempotent only when the body has a non-empty value for one of these fields. */
  idempotentWhenBodyHas?: readonly string[];
  /** Request body encoding. */
  bodyType?: "json" | "form";
  /** How the operation pages, when it is a list (`single` when the API does not paginate it). */
  pagination?: PaginationSpec;
  /** Where the fields of the flat input go, where the default rule does not say (see `nestInput`). */
  fields?: FieldPlacement;
  /** Overrides the envelope's payload path. */
  payload?: string;
  /**
   * The spec requires the payload in every success with a body: one without it (a proxy's `{}`, an empty 200)
   * is an `UnexpectedResponseError`, not a result of `undefined`.
   */
  payloadRequired?: boolean;
  /** Loose response fields to coerce. */
  coerce?: readonly CoercionRule[];
  /**
   * What to check before sending the request again after an ambiguous failure (e.g. "Call listServers to see
   * whether the server was created."): appended to the message of an error whose `outcomeUnknown` is true.
   */
  outcomeUnknownHint?: string;
  /** Whether results may come from the response cache (see {@link CacheRule}). */
  cache?: CacheRule;
}

/** Session-token authentication (Hatebase): trade an API key for a token that expires. */
export interface SessionAuthSpec {
  /** Session-token auth. */
  kind: "session";
  /** `operationId` of the authenticate operation. */
  operation: string;
  /** Request field of the authenticate operation that carries the API key. */
  credentialField: string;
  /** Body field (placement `body`) or header name (placement `header`) that carries the token. */
  tokenField: string;
  /** Where the token goes on every other request. */
  placement: "body" | "header";
  /** Dot path of the token in the authenticate response body. */
  tokenPath: string;
  /** Dot path of the token's expiry in the authenticate response body. */
  expiresPath?: string;
  /** Format of the expiry. */
  expiresFormat?: "gmt-datetime" | "iso" | "epoch-seconds";
  /** Lifetime assumed when the expiry is missing or unparsable, in seconds. */
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
  /** The envelope of the provider's bodies. */
  envelope: {
    /** Which normalizer reads the bodies. */
    kind: EnvelopeKind;
    /** Dot path of the payload inside a success body (`""` for the whole body). */
    payload: string;
  };
  /** Response header holding the provider's request or trace id. */
  requestIdHeader?: string;
  /** How requests are authenticated. */
  auth:
    | {
        /** A static bearer token: `Authorization: Bearer <apiKey>`. */
        kind: "bearer";
      }
    | {
        /** No authentication. */
        kind: "none";
      }
    | SessionAuthSpec;
  /** The provider's documented rate limit, applied client-side by default. */
  rateLimit?: RateLimitOptions;
  /** Client option name -> request header name. */
  headerOptions?: Readonly<Record<string, string>>;
  /** Headers sent on every request. */
  defaultHeaders?: Readonly<Record<string, string>>;
  /**
   * What an error status means for this provider, by status code (`"403"`): appended to the message of every
   * error with that status, for statuses whose cause the provider documents but whose body says little.
   */
  errorHints?: Readonly<Record<string, string>>;
}

/**
 * One operation in a generated table's compact form: `"METHOD /path"` and whatever differs from the defaults
 * (idempotent unless the method is POST or PATCH).
 */
export type CompactOperation = readonly [route: string, extra?: Partial<Omit<OperationSpec, "id" | "method" | "path">>];

/**
 * Expands a generated operation table from its compact form (smaller bundles: each name, method and default
 * travels once) into {@link OperationSpec}s keyed by `operationId`.
 */
export function operationTable<K extends string>(table: Record<K, CompactOperation>): Record<K, OperationSpec> {
  const out = {} as Record<K, OperationSpec>;
  for (const id in table) {
    const [route, extra] = table[id];
    const [method, path] = route.split(" ") as [HttpMethod, string];
    out[id] = { id, method, path, idempotent: method !== "POST" && method !== "PATCH", ...extra };
  }
  return out;
}
