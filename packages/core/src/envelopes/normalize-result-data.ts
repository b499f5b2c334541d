import { getPath } from "../parse-body.js";
import { type EnvelopeNormalizer, fieldMessages, isObject, isSuccess, text } from "./envelope.js";

/**
 * `{result: "success", data}` on success; `{result: "error", message, errors?: string[]}` on failure (HostHatch).
 * A success status whose body is not `result: "success"` is an error: unexpected, or the provider's own.
 */
export const normalizeResultData: EnvelopeNormalizer = ({ status, body, payloadPath }) => {
  if (isObject(body) && body.result === "error") {
    return { ok: false, message: text(body.message), validationMessages: fieldMessages(body.errors), warnings: [] };
  }
  if (isSuccess(status)) {
    if (isObject(body) && body.result === "success")
      return { ok: true, payload: getPath(body, payloadPath), warnings: [] };
    return {
      ok: false,
      message: "the response is not a success envelope",
      validationMessages: [],
      warnings: [],
      unexpected: true,
    };
  }
  return {
    ok: false,
    message: isObject(body) ? text(body.message) : undefined,
    validationMessages: isObject(body) ? fieldMessages(body.errors) : [],
    warnings: [],
  };
};
