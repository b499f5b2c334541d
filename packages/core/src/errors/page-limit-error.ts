import { HatcheryError, isErrorNamed } from "./hatchery-error.js";

/** What {@link PageLimitError} is built from. */
export interface PageLimitErrorInit {
  /** The list operation's `operationId`. */
  operation: string;
  /** The page number that was refused. */
  page: number;
  /** Pages read (and delivered) before it. */
  pagesRead: number;
  /** The provider's error code, when it refused with one. */
  code?: string | undefined;
  /** Why, in words (from the spec), e.g. "trial plans are limited to page 1". */
  reason?: string | undefined;
  /** The error the provider answered with, when it answered with one. */
  cause?: unknown;
}

/**
 * A list stopped because the provider refuses pages past some point (e.g. a trial plan limited to page 1).
 * The pages before it were read and their items delivered; `pagesRead` says how many. Catch it to keep what
 * was read: `if (isPageLimitError(error)) ...`.
 */
export class PageLimitError extends HatcheryError {
  /** The class's name, kept through minification. @internal */
  static override brand = "PageLimitError";
  /** The list operation's `operationId`. */
  declare readonly operation: string;
  /** The page number that was refused. */
  declare readonly page: number;
  /** Pages read (and delivered) before the refused one. */
  declare readonly pagesRead: number;
  /** The provider's error code, when it refused with one. */
  declare readonly code: string | undefined;

  constructor(init: PageLimitErrorInit) {
    const { operation, page, pagesRead, code, reason, cause } = init;
    // A refusal comes with the provider's error (its cause), with or without a code.
    const how =
      cause === undefined && code === undefined
        ? "answered with an earlier page"
        : `refused${code === undefined ? "" : ` (code ${code})`}`;
    super(
      `${operation}: page ${page} was ${how}${reason ? `: ${reason}` : ""}. ` +
        `The list stops after ${pagesRead} page${pagesRead === 1 ? "" : "s"}, whose items were delivered.`,
      { cause },
    );
    Object.assign(this, { operation, page, pagesRead, code });
  }
}

/** True for {@link PageLimitError}. */
export const isPageLimitError = (e: unknown): e is PageLimitError => isErrorNamed(e, "PageLimitError");
