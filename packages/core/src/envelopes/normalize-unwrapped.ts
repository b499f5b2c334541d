import { getPath } from "../parse-body.js";
import { type EnvelopeNormalizer, fieldMessages, isObject, isSuccess, text } from "./envelope.js";

/**
 * Unwrapped resources and Laravel-paginated lists `{data, links, meta}` on success (Happy Grasshopper).
 * Errors: Laravel `{message, errors?: {field: [messages]}}`.
 */
export const normalizeUnwrapped: EnvelopeNormalizer = ({ status, body, payloadPath }) => {
  if (isSuccess(status)) return { ok: true, payload: getPath(body, payloadPath), warnings: [] };
  if (!isObject(body)) return { ok: false, validationMessages: [], warnings: [] };
  return {
    ok: false,
    message: text(body.message) ?? text(body.error),
    validationMessages: fieldMessages(body.errors),
    warnings: [],
  };
};
