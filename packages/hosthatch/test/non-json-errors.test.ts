// An error answer that is not HostHatch's JSON (a proxy's 502 page, a framework's 406, a load balancer's plain
// text) is an UnexpectedResponseError with the status, method, URL and a short excerpt, as the README's error
// table says: over loopback, with real pages in front of the real fake (the suite is test-utils' nonJsonErrorSuite).
import { nonJsonErrorSuite } from "@hatchery/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHostHatchClient, isUnexpectedResponseError } from "../src/index.js";
import { createHostHatchFake, serve } from "../src/testing/index.js";

const fake = createHostHatchFake();
nonJsonErrorSuite(
  { afterAll, beforeAll, describe, expect, it },
  {
    fake,
    serve,
    client: (baseUrl) => createHostHatchClient({ apiKey: fake.token, baseUrl, retry: false }),
    call: (client) => client.listServers(),
    method: "GET",
    path: "/api/v1/servers",
    isUnexpectedResponseError,
  },
);
