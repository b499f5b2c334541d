import { ApiError, type ApiErrorInit } from "./api-error.js";
import { isErrorNamed } from "./hatchery-error.js";

/**
 * A delete answered with a success status whose body says it failed (`{ success: false }`): nothing was
 * deleted. An `ApiError` with the 2xx status the server sent, so `error.status` and `error.body` tell what it
 * said. Every delete resolves to `void` otherwise (204, or a body that does not say it failed).
 */
export class DeleteFailedError extends ApiError {
  /** The class's name, kept through minification. @internal */
  static override brand = "DeleteFailedError";
}

/** True for a {@link DeleteFailedError} (by name, so it works across two copies of core). */
export const isDeleteFailedError = (e: unknown): e is DeleteFailedError => isErrorNamed(e, "DeleteFailedError");

/**
 * The provider's reason when a delete's body (or its unwrapped payload: pass both) says it failed
 * (`success: false`), else `undefined`.
 */
export function deleteFailure(...bodies: unknown[]): string | undefined {
  for (const body of bodies) {
    const { success, message } = (body ?? {}) as { success?: unknown; message?: unknown };
    if (success === false) {
      // A blank message is no reason: the default one instead.
      return (typeof message === "string" && message.trim()) || "the response says the delete failed (success: false)";
    }
  }
  return undefined;
}

/**
 * Throws a {@link DeleteFailedError} when a delete's body (or its unwrapped payload) says it failed; `fail` builds
 * the error's fields from the provider's reason. A client whose spec has a delete gets it as a feature.
 * @internal
 */
export function assertDeleted(fail: (reason: string) => ApiErrorInit, ...bodies: unknown[]): void {
  const reason = deleteFailure(...bodies);
  if (reason) throw new DeleteFailedError(fail(reason));
}
