import { getPath } from "../parse-body.js";
import { type EnvelopeNormalizer, fieldMessages, isObject, isSuccess, text } from "./envelope.js";

/**
 * `{result: "success", data}` on success; `{result: "error", message, errors?: string[]}` on failure (HostHatch).
 * A success status whose body is not `result: "success"` is an error: unexpected, or the provider's own.
 */
export const normalizeResultData: EnvelopeNormalizer = ({ status, body, payloadPath }) => {
  // Any other body reads as an envelope without fields: no message, no field messages.
  const envelope = isObject(body) ? body : {};
  if (isSuccess(status) && envelope.result !== "error") {
    return envelope.result === "success"
      ? { ok: true, payload: getPath(body, payloadPath), warnings: [] }
      : {
          ok: false,
          message: "the response is not a success envelope",
          validationMessages: [],
          warnings: [],
          unexpected: true,
        };
  }
  return {
    ok: false,
    message: text(envelope.message),
    validationMessages: fieldMessages(envelope.errors),
    warnings: [],
  };
};
