/**
 * A stateful fake of the Hatebase API v4.4 for tests and demos: `createHatebaseFake()` gives a `fetch`-style
 * handler holding a synthetic vocabulary, sightings and analyses, with session tokens that expire. Serve it on
 * 127.0.0.1 with `serve()`, or pass `fake.handler` as the client's `fetch`.
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
  type ServeOptions,
  serve,
  toFetch,
  withFaults,
} from "@hatchery/core/testing";
export {
  createHatebaseFake,
  HATEBASE_CODES,
  HATEBASE_FAKE_API_KEY,
  type HatebaseErrorBody,
  type HatebaseFake,
  type HatebaseFakeCounters,
  type HatebaseFakeOptions,
  type HatebaseFakeState,
  hatebaseErrorBody,
  type IssuedToken,
  type StoredAnalysis,
} from "./fake.js";
export {
  FAKE_PLACES,
  type FakePlace,
  type FakeSighting,
  type FakeTerm,
  gmt,
  parseGmt,
  seededRandom,
  TOPICS,
  type Topic,
  type TopicFlags,
} from "./fixtures.js";
