/**
 * A stateful fake of the LeanLaw API for tests and demos: `createLeanLawFake()` gives a `fetch`-style handler
 * holding a whole synthetic firm. Serve it on 127.0.0.1 with `serve()`, or pass `fake.handler` as the
 * client's `fetch`.
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
export type {
  ClientRecord,
  ExpenseRecord,
  FixedFeeRecord,
  InvoiceRecord,
  LeanLawDb,
  MatterRecord,
  PracticeAreaRecord,
  QuickBooksState,
  Stamps,
  StoredCustomValue,
  TimeEntryRecord,
  UserRecord,
} from "./db.js";
export { FIXTURE_END } from "./db.js";
export {
  createLeanLawFake,
  type FakeApiKey,
  LEANLAW_FAKE_API_KEY,
  type LeanLawFake,
  type LeanLawFakeCounters,
  type LeanLawFakeOptions,
  type LeanLawScope,
} from "./fake.js";
