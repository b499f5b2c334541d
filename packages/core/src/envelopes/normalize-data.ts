import { getPath } from "../parse-body.js";
import { type EnvelopeNormalizer, fieldMessages, isObject, isSuccess, pointerField, text } from "./envelope.js";

/**
 * `{data, pagination?}` on success (LeanLaw, Hatch). Errors, in the shapes such APIs send:
 * - JSON:API `{errors:[{title, detail, source:{pointer}}]}`: each becomes `field: detail`, the field taken from
 *   the pointer's last segment;
 * - RFC 9457 / ASP.NET ProblemDetails `{type, title, status, detail, errors?: {field: [messages]}}`: the message is
 *   `detail`, else `title`; each field message becomes `field: message`;
 * - a plain `{message}` (or `{error}`), with optional `errors` as a field map or a list of strings.
 */
export const normalizeData: EnvelopeNormalizer = ({ status, body, payloadPath }) => {
  if (isSuccess(status)) return { ok: true, payload: getPath(body, payloadPath), warnings: [] };
  if (!isObject(body)) return { ok: false, validationMessages: [], warnings: [] };
  const errors = body.errors;
  const list = Array.isArray(errors) ? errors.filter(isObject) : [];
  const [first] = list;
  if (first) {
    return {
      ok: false,
      message: text(body.message) ?? text(first.title),
      code: text(first.code),
      validationMessages: list.map((error) => {
        const field = pointerField(isObject(error.source) ? text(error.source.pointer) : undefined);
        const detail = text(error.detail) ?? text(error.title) ?? "invalid";
        return field ? `${field}: ${detail}` : detail;
      }),
      warnings: [],
    };
  }
  return {
    ok: false,
    // ProblemDetails: `detail` explains this occurrence, `title` summarizes the problem type.
    message: text(body.message) ?? text(body.detail) ?? text(body.title) ?? text(body.error),
    validationMessages: fieldMessages(errors),
    warnings: [],
  };
};
