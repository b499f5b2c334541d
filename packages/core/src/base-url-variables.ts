import { ConfigurationError } from "./errors/request-errors.js";

/**
 * Refuses a caller's base URL that leaves out a variable of the spec's server URL (Hatebase's
 * `https://api.hatebase.org/{version}`): without it every path would silently lack the version. Write the
 * variable where the API expects it (`https://mirror.example/{version}`); the client fills it in from its options.
 * @internal
 */
export function assertBaseUrlVariables(name: string, specUrl: string, given: string | undefined): void {
  if (given === undefined) return;
  const missing = [...specUrl.matchAll(/\{[^{}]+\}/g)].map((m) => m[0]).filter((v) => !given.includes(v));
  if (missing.length === 0) return;
  // The given URL is not echoed (it may hold credentials): the example keeps the API's path on another host.
  const example = specUrl.replace(/^[a-z]+:\/\/[^/]+/i, "https://mirror.example");
  throw new ConfigurationError(
    `${name}: baseUrl must contain ${missing.join(", ")} where the API's URL has it (${specUrl}), e.g. "${example}"; the client fills it in.`,
  );
}
