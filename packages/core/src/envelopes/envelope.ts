/** A `[code, message]` pair as providers report them (Hatebase warnings and errors). */
export interface ProviderMessage {
  /** The provider's code, when it gives one. */
  code?: string;
  /** The message text. */
  message: string;
}

/** A normalized response body. */
export type Normalized =
  | {
      /** A success. */
      ok: true;
      /** The unwrapped payload. */
      payload: unknown;
      /** Warnings the provider reported beside the success. */
      warnings: ProviderMessage[];
    }
  | {
      /** A failure. */
      ok: false;
      /** The provider's message. */
      message?: string | undefined;
      /** The provider's error code. */
      code?: string | undefined;
      /** One line per validation problem, naming the field where the provider does. */
      validationMessages: string[];
      /** Warnings the provider reported beside the failure. */
      warnings: ProviderMessage[];
      /** The body is not the documented shape at all (vs. a documented error). */
      unexpected?: boolean;
    };

/** What a normalizer sees: the status and the parsed JSON body (`undefined` when empty). */
export interface EnvelopeInput {
  /** The HTTP status. */
  status: number;
  /** The parsed JSON body, `undefined` when empty. */
  body: unknown;
  /** Dot path of the payload inside a success body (`""` for the whole body). */
  payloadPath: string;
}

/** One envelope convention: turns a parsed body into a payload or a provider error. */
export type EnvelopeNormalizer = (input: EnvelopeInput) => Normalized;

/** Envelope conventions known to core; a spec picks one with `x-hatchery.envelope.kind`. */
export type EnvelopeKind = "data" | "result-data" | "unwrapped" | "hatebase";

export const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === "object" && !Array.isArray(value);

export const isSuccess = (status: number) => status >= 200 && status < 300;

/** A string from an unknown value, or undefined. */
export const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : undefined;

/** A message as a line: a string as it is, anything else as JSON. */
const line = (message: unknown): string => (typeof message === "string" ? message : JSON.stringify(message));

/** Laravel-style `{field: [messages]}` into `field: message` lines. */
export function fieldMessages(errors: unknown): string[] {
  if (Array.isArray(errors)) return errors.map(line);
  if (!isObject(errors)) return [];
  return Object.entries(errors).flatMap(([field, messages]) =>
    (Array.isArray(messages) ? messages : [messages]).map((m) => `${field}: ${line(m)}`),
  );
}

/**
 * The field a JSON Pointer names, for a validation message: the segments after a JSON:API `/data/attributes`
 * prefix (or after `/data`), unescaped and joined with dots. `/data/attributes/email` -> `email`,
 * `/data/attributes/details/favoriteColor` -> `details.favoriteColor`, `/a~1b` -> `a/b`; `""` -> undefined.
 */
export function pointerField(pointer: string | undefined): string | undefined {
  const field = (pointer ?? "")
    .replace(/^(\/data)?(\/attributes)?(?=\/|$)/, "")
    .split("/")
    .slice(1)
    .filter((s) => s !== "")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
  return field || undefined;
}
