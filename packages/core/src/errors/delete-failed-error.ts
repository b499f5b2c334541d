import { ApiError, type ApiErrorInit } from "./api-error.js";
import { brandError, isErrorNamed } from "./hatchery-error.js";

/**
 * A delete answered with a success status whose body says it failed (`{ success: false }`): nothing was
 * deleted. An `ApiError` with the 2xx status the server sent, so `error.status` and `error.body` tell what it
 * said. Every delete resolves to `void` otherwise (204, or a body that does not say it failed).
 */
export class DeleteFailedError extends ApiError {
  constructor(init: ApiErrorInit) {
    super(init);
    brandError(this, "DeleteFailedError");
  }
}

/** True for a {@link DeleteFailedError} (by name, so it works across two copies of core). */
export const isDeleteFailedError = (e: unknown): e is DeleteFailedError => isErrorNamed(e, "DeleteFailedError");

/** The provider's reason when a delete's body says it failed (`success: false`), else `undefined`. */
export function deleteFailure(body: unknown): string | undefined {
  if (body === null || typeof body !== "object" || (body as { success?: unknown }).success !== false) return undefined;
  const { message } = body as { message?: unknown };
  return typeof message === "string" && message.trim() !== ""
    ? message.trim()
    : "the response says the delete failed (success: false)";
}
