/**
 * A stateful fake of the HostHatch API for tests and demos: `createHostHatchFake()` gives a `fetch`-style
 * handler holding an account with a credit balance, a product catalogue, SSH keys and servers. Serve it on
 * 127.0.0.1 with `serve()`, or pass `toFetch(fake.handler)` as the client's `fetch`.
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
  createHostHatchFake,
  HOSTHATCH_FAKE_TOKEN,
  type HostHatchFake,
  type HostHatchFakeCounters,
  type HostHatchFakeOptions,
  type HostHatchFakeState,
  hosthatchErrorBody,
  type StoredInvoice,
  type StoredKey,
  type StoredServer,
} from "./fake.js";
export {
  type FakeFeature,
  type FakeFeatureValue,
  type FakeKey,
  type FakePrice,
  type FakeProduct,
  fixtureKeys,
  fixtureProducts,
  IMAGE_NAMES,
} from "./fixtures.js";
