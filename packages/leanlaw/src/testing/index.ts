/**
 * A stateful fake of the LeanLaw API for tests and demos: `createLeanLawFake()` gives a `fetch`-style handler
 * holding a whole synthetic firm. Serve it on 127.0.0.1 with `serve()`, or pass `fake.handler` as the
 * client's `fetch`.
 */
export type { LeanLawDb, QuickBooksState, StoredCustomValue } from "./db.js";
export { FIXTURE_END } from "./db.js";
export {
  createLeanLawFake,
  LEANLAW_FAKE_API_KEY,
  type FakeApiKey,
  type LeanLawFake,
  type LeanLawFakeCounters,
  type LeanLawFakeOptions,
  type LeanLawScope,
} from "./fake.js";
export {
  DropConnection,
  recordRequests,
  serve,
  toFetch,
  withFaults,
  type Fault,
  type FaultyHandler,
  type FetchHandler,
  type RecordedRequest,
  type RecordingHandler,
  type ServedHandler,
} from "@hatchery/core/testing";
