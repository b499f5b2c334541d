/**
 * A stateful fake of the Hatch API for tests and demos: `createHatchFake()` gives a `fetch`-style handler
 * holding an account with a few synthetic contacts and custom sources. Serve it on 127.0.0.1 with `serve()`,
 * or pass `fake.handler` as the client's `fetch`.
 */

export {
  DropConnection,
  type Fault,
  type FaultyHandler,
  type FetchHandler,
  mswResolver,
  type RecordedRequest,
  type RecordingHandler,
  recordRequests,
  type ServedHandler,
  serve,
  toFetch,
  withFaults,
} from "@hatchery/core/testing";
export {
  createHatchFake,
  HATCH_FAKE_API_KEY,
  HATCH_RATE_LIMIT,
  type HatchFake,
  type HatchFakeCounters,
  type HatchFakeOptions,
  type HatchFakeState,
  hatchErrorBody,
  type StoredContact,
  type StoredOpportunity,
} from "./fake.js";
export { HATCH_FAKE_SOURCES, MAX_FIXTURE_CONTACTS } from "./fixtures.js";
