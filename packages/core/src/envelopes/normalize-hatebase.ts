import { getPath } from "../parse-body.js";
import { type EnvelopeNormalizer, isObject, isSuccess, type ProviderMessage, text } from "./envelope.js";

/** `[code, message]` pairs (or `{code, message}` objects, or bare strings) into messages. */
export function messagePairs(value: unknown): ProviderMessage[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): ProviderMessage[] => {
    if (typeof entry === "string") return [{ message: entry }];
    if (!entry || typeof entry !== "object") return [];
    // A `[code, message]` pair is read by its places, which a `{code, message}` object may use too.
    const code = entry.code ?? entry[0];
    const message = entry.message ?? entry[1];
    return [{ ...(code == null ? {} : { code: show(code) }), message: show(message ?? code ?? "") }];
  });
}

/** A value as text: strings as they are, anything else as JSON (never `[object Object]`). */
const show = (value: unknown): string => (typeof value === "string" ? value : (JSON.stringify(value) ?? String(value)));

/**
 * Hatebase: `{…, result, errors, warnings}` where errors and warnings are `[code, message]` pairs. Errors may
 * arrive with HTTP 200; any error makes the call fail. Warnings never do and stay reachable on the result.
 */
export const normalizeHatebase: EnvelopeNormalizer = ({ status, body, payloadPath }) => {
  if (!isObject(body)) {
    if (isSuccess(status)) {
      return {
        ok: false,
        message: "the response is not a Hatebase result set",
        validationMessages: [],
        warnings: [],
        unexpected: true,
      };
    }
    return { ok: false, validationMessages: [], warnings: [] };
  }
  const warnings = messagePairs(body.warnings);
  const errors = messagePairs(body.errors);
  if (errors.length > 0 || !isSuccess(status)) {
    const first = errors[0];
    return {
      ok: false,
      message: first?.message ?? text(body.message),
      code: first?.code,
      validationMessages: errors.map((e) => (e.code ? `${e.code}: ${e.message}` : e.message)),
      warnings,
    };
  }
  return { ok: true, payload: getPath(body, payloadPath), warnings };
};
