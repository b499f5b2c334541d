// An error answer that is not Hatch's JSON (a proxy's 502 page, a framework's 406, a load balancer's plain
// text) is an UnexpectedResponseError with the status, method, URL and a short excerpt, as the README's error
// table says: over loopback, with real pages in front of the real fake (the suite is test-utils' nonJsonErrorSuite).
import { nonJsonErrorSuite } from "@hatchery/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHatchClient, isUnexpectedResponseError } from "../src/index.js";
import { createHatchFake, serve } from "../src/testing/index.js";

const fake = createHatchFake();
nonJsonErrorSuite(
  { afterAll, beforeAll, describe, expect, it },
  {
    fake,
    serve,
    client: (baseUrl) => createHatchClient({ apiKey: fake.apiKey, baseUrl, retry: false }),
    call: (client) => client.upsertContact({ source: "custom:website-form", email: "ada@example.com" }),
    method: "POST",
    path: "/v1/contacts",
    isUnexpectedResponseError,
  },
);
