export { type Fault, type FaultyHandler, withFaults } from "./faults.js";
export { bearerToken, DropConnection, type FetchHandler, jsonResponse, readRequestBody, toFetch } from "./handler.js";
export { type MswResolverInfo, mswResolver } from "./msw.js";
export { type RecordedRequest, type RecordingHandler, recordRequests } from "./recorder.js";
export { type ServedHandler, type ServeOptions, serve } from "./serve.js";
