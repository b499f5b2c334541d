import { type ApiError, isApiError } from "../errors/api-error.js";
import { isErrorNamed } from "../errors/hatchery-error.js";
import { PageLimitError } from "../errors/page-limit-error.js";
import type { OperationSpec, PageLimitSpec, PagePagination } from "../operation.js";
import { requestedPage } from "./numbered-pages.js";
import type { PageInput } from "./page.js";

/** Statuses that say nothing about the page asked for: auth, timeouts, throttling (5xx are excluded too). */
const NOT_ABOUT_THE_PAGE = [401, 407, 408, 425, 429];

/**
 * Words of a refusal that is about something else, which would refuse page 1 as well: a quota, a rate, the
 * session token (a refusal that outlived the one renewal).
 */
const NOT_THE_PAGE =
  /\b(?:daily|per\s+(?:day|hour|minute)|quota|rate[\s-]?limit(?:ed)?|too\s+many|queries\s+(?:left|remaining)|tokens?|sessions?)\b/i;

/**
 * Whether a provider error answering a *later* page of a list whose earlier page was served means the plan
 * refuses that page (Hatebase's "Trial plans are limited to page 1"). Recognised by the answer's meaning, not
 * by one code: only the page number changed since a page was served, so a deterministic refusal of the next
 * one (an error in the body, or a 4xx such as 400, 402, 403, 404 or 422) is about the page, unless it says it
 * is about something else that changed meanwhile: a quota or rate limit (daily limit, too many requests), the
 * session token, auth (401), throttling (429), a timeout or a server failure (5xx), or an answer that is not
 * the API's at all. A code the spec lists in `pageLimit.codes` (optional) always counts.
 */
export function isPageLimitRefusal(error: unknown, limit: PageLimitSpec): error is ApiError {
  if (!isApiError(error)) return false;
  if (error.code !== undefined && limit.codes?.includes(error.code)) return true;
  if (
    isErrorNamed(error, "UnexpectedResponseError") ||
    error.status >= 500 ||
    NOT_ABOUT_THE_PAGE.includes(error.status)
  )
    return false;
  if (error.status >= 300 && error.status < 400) return false;
  // The provider's words: the message without its `METHOD URL` head (a URL may say `page=2`).
  const words = [error.message.split(error.url).join(" "), ...error.validationMessages];
  return !words.some((w) => NOT_THE_PAGE.test(w));
}

/**
 * What a list does with a later page the provider refuses, or answers with an earlier page than the one asked for:
 * a `PageLimitError` that says so (the pages before it were delivered), or `undefined` to fail as it came. A
 * generated list whose spec declares `pageLimit` pages with it.
 */
export type PageGuard = (
  operation: OperationSpec,
  pagesRead: number,
  input: PageInput,
  outcome: {
    /** The error the page failed with. */
    error?: unknown;
    /** The page's number, as the answer says. */
    page?: number | undefined;
  },
) => PageLimitError | undefined;

/** The {@link PageGuard} of a page-number list with a `pageLimit` (Hatebase's "Trial plans are limited to page 1"). */
export const pageLimit: PageGuard = (operation, pagesRead, input, { error, page }) => {
  const spec = operation.pagination as PagePagination;
  const limit = spec.pageLimit;
  if (!limit || pagesRead === 0) return undefined;
  const requested = requestedPage(spec, input);
  const init = { operation: operation.id, page: requested, pagesRead, reason: limit.message };
  // A later page refused while an earlier one was served: the plan's page limit; say so, not a bare error.
  if (error !== undefined) {
    return isPageLimitRefusal(error, limit)
      ? new PageLimitError({ ...init, code: error.code, cause: error })
      : undefined;
  }
  // A later page answered with an earlier one: the provider ignores the page asked for (a plan limit).
  return page !== undefined && page < requested ? new PageLimitError(init) : undefined;
};
