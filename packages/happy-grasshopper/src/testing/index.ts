/**
 * A fake of the HappyGrasshopper API for tests and demos: `createHappyGrasshopperFake()` gives a `fetch`-style handler.
 * Serve it on 127.0.0.1 with `serve()`, or pass `fake.handler` as the client's `fetch`; wrap it with
 * `withFaults()` to inject failures.
 */

export {
  DropConnection,
  type Fault,
  type FaultyHandler,
  type FetchHandler,
  type RecordedRequest,
  type RecordingHandler,
  recordRequests,
  type ServedHandler,
  serve,
  toFetch,
  withFaults,
} from "@hatchery/core/testing";
export {
  createHappyGrasshopperFake,
  HAPPY_GRASSHOPPER_FAKE_API_KEY,
  type HappyGrasshopperFake,
  type HappyGrasshopperFakeOptions,
  type HappyGrasshopperFakeRoute,
} from "./fake.js";
export { routes } from "./routes.js";
