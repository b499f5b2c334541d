import { ConfigurationError } from "./errors/request-errors.js";

/**
 * The base URL of a client whose spec's server URL has variables (Hatebase's `https://api.hatebase.org/{version}`),
 * with every `{variable}` filled in from `values`, else from the spec's defaults. A caller's `baseUrl` that leaves a
 * variable out is refused (every path would silently lack the version): write it where the API expects it
 * (`https://mirror.example/{version}`) and the client fills it in.
 * @internal
 */
export function fillBaseUrl(
  provider: {
    /** The provider's name, for messages. */
    name: string;
    /** The spec's server URL. */
    baseUrl: string;
    /** The spec's defaults of its variables. */
    serverVariables?: Readonly<Record<string, string>> | undefined;
  },
  given: string | undefined,
  values?: Record<string, string | undefined>,
): string {
  const specUrl = provider.baseUrl;
  const missing = given === undefined ? [] : (specUrl.match(/\{[^{}]+\}/g) ?? []).filter((v) => !given.includes(v));
  if (missing.length > 0) {
    // The given URL is not echoed (it may hold credentials): the example keeps the API's path on another host.
    const example = specUrl.replace(/^[a-z]+:\/\/[^/]+/i, "https://mirror.example");
    throw new ConfigurationError(
      `${provider.name}: baseUrl must contain ${missing.join(", ")} where the API's URL has it (${specUrl}), e.g. "${example}"; the client fills it in.`,
    );
  }
  return (given ?? specUrl).replace(/\{([^{}]+)\}/g, (_, variable: string) => {
    const value = values?.[variable] ?? provider.serverVariables?.[variable];
    if (value === undefined) throw new ConfigurationError(`server variable "${variable}" has no value`);
    return encodeURIComponent(value);
  });
}
