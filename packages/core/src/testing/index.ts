export { withFaults, type Fault, type FaultyHandler } from "./faults.js";
export { DropConnection, bearerToken, jsonResponse, readRequestBody, toFetch, type FetchHandler } from "./handler.js";
export { recordRequests, type RecordedRequest, type RecordingHandler } from "./recorder.js";
export { serve, type ServedHandler, type ServeOptions } from "./serve.js";
