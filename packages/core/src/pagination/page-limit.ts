import { type ApiError, isApiError } from "../errors/api-error.js";
import { isErrorNamed } from "../errors/hatchery-error.js";
import type { PageLimitSpec } from "../operation.js";

/** Statuses that say nothing about the page asked for: auth, timeouts, throttling (5xx are excluded too). */
const NOT_ABOUT_THE_PAGE = new Set([401, 407, 408, 425, 429]);

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
  if (isErrorNamed(error, "UnexpectedResponseError") || error.status >= 500 || NOT_ABOUT_THE_PAGE.has(error.status))
    return false;
  if (error.status >= 300 && error.status < 400) return false;
  // The provider's words: the message without its `METHOD URL` head (a URL may say `page=2`).
  const words = [error.message.split(error.url).join(" "), ...error.validationMessages];
  return !words.some((w) => NOT_THE_PAGE.test(w));
}
