// An error answer that is not Happy Grasshopper's JSON (a proxy's 502 page, a framework's 406, a load balancer's plain
// text) is an UnexpectedResponseError with the status, method, URL and a short excerpt, as the README's error
// table says: over loopback, with real pages in front of the real fake (the suite is test-utils' nonJsonErrorSuite).
import { nonJsonErrorSuite } from "@hatchery/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHappyGrasshopperClient, isUnexpectedResponseError } from "../src/index.js";
import { createHappyGrasshopperFake, serve } from "../src/testing/index.js";

const fake = createHappyGrasshopperFake();
nonJsonErrorSuite(
  { afterAll, beforeAll, describe, expect, it },
  {
    fake,
    serve,
    client: (baseUrl) => createHappyGrasshopperClient({ apiKey: fake.apiKey, baseUrl, retry: false }),
    call: (client) => client.getUser({ user_id: 1 }),
    method: "GET",
    path: "/users/1",
    isUnexpectedResponseError,
  },
);
