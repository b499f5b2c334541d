import { ConfigurationError, InvalidArgumentError } from "./errors/request-errors.js";

/**
 * Refuses headers that would replace or remove one the provider requires on every request (the spec's
 * `x-hatchery.defaultHeaders`, e.g. HostHatch's `Accept: application/json`, without which it answers an HTML
 * page). Required headers are never silently overridden: a caller's header of the same name (any case) with
 * another value is refused with a clear error, before anything is sent. The same value is accepted.
 *
 * `headers` is either what a caller passed (a record: a header it does not name is filled in from the
 * defaults) or the final request's `Headers` (where a missing required header was removed, by middleware or a
 * raw call, and is refused too).
 * @internal
 */
export function assertRequiredHeaders(
  provider: {
    /** The provider's name, for the message. */
    name: string;
    /** The headers it requires. */
    defaultHeaders?: Readonly<Record<string, string>> | undefined;
  },
  headers: Headers | Readonly<Record<string, string>> | undefined,
  /**
   * Who set them: `"the headers option"` (a `ConfigurationError`), or a function giving a request's `METHOD URL`
   * (an `InvalidArgumentError`; called only to word the error).
   */
  where: string | (() => string),
): void {
  if (!headers) return;
  for (const [name, value] of Object.entries(provider.defaultHeaders ?? {})) {
    const given =
      headers instanceof Headers
        ? headers.get(name)
        : Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
    if (given === undefined || given?.trim().toLowerCase() === value.toLowerCase()) continue;
    // The value a caller gave is not shown: a header value may be a secret.
    const byOption = typeof where === "string";
    throw new (byOption ? ConfigurationError : InvalidArgumentError)(
      `${byOption ? where : where()} ${given === null ? `removes the header ${name}` : `sets ${name} to another value`}, but ${provider.name} requires "${name}: ${value}": refused, nothing was sent. Leave it out (the client sends it).`,
    );
  }
}
