import type { EnvelopeKind, EnvelopeNormalizer } from "./envelope.js";
import { normalizeData } from "./normalize-data.js";
import { normalizeHatebase } from "./normalize-hatebase.js";
import { normalizeResultData } from "./normalize-result-data.js";
import { normalizeUnwrapped } from "./normalize-unwrapped.js";

/** One normalizer per envelope kind. */
export const envelopes: Record<EnvelopeKind, EnvelopeNormalizer> = {
  data: normalizeData,
  "result-data": normalizeResultData,
  unwrapped: normalizeUnwrapped,
  hatebase: normalizeHatebase,
};

export * from "./envelope.js";
export { messagePairs } from "./normalize-hatebase.js";
export { normalizeData, normalizeHatebase, normalizeResultData, normalizeUnwrapped };
