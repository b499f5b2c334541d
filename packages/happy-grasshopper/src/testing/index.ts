/**
 * A stateful fake of the Happy Grasshopper API v3 for tests and demos: `createHappyGrasshopperFake()` gives a
 * `fetch`-style handler holding two teams of agents with their contacts, tags and notes, and one API key per
 * role. Serve it on 127.0.0.1 with `serve()`, or pass `fake.handler` as the client's `fetch`; inject failures
 * with `fake.inject()`.
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
  createHappyGrasshopperFake,
  HAPPY_GRASSHOPPER_FAKE_API_KEY,
  HAPPY_GRASSHOPPER_PER_PAGE,
  type HappyGrasshopperFake,
  type HappyGrasshopperFakeCounters,
  type HappyGrasshopperFakeOptions,
  type HappyGrasshopperFakeState,
} from "./fake.js";
export {
  buildFixtures,
  HAPPY_GRASSHOPPER_FAKE_IDS,
  HAPPY_GRASSHOPPER_FAKE_KEYS,
  type HappyGrasshopperFixtures,
  type HappyGrasshopperRole,
  isoSeconds,
  type StoredContact,
  type StoredInbox,
  type StoredKey,
  type StoredNote,
  type StoredTag,
  type StoredTeam,
  type StoredUser,
} from "./fixtures.js";
