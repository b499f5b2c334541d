// An error answer that is not LeanLaw's JSON (a proxy's 502 page, a framework's 406, a load balancer's plain
// text) is an UnexpectedResponseError with the status, method, URL and a short excerpt, as the README's error
// table says: over loopback, with real pages in front of the real fake (the suite is test-utils' nonJsonErrorSuite).
import { nonJsonErrorSuite } from "@hatchery/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeanLawClient, isUnexpectedResponseError } from "../src/index.js";
import { createLeanLawFake, serve } from "../src/testing/index.js";

const fake = createLeanLawFake();
nonJsonErrorSuite(
  { afterAll, beforeAll, describe, expect, it },
  {
    fake,
    serve,
    client: (baseUrl) => createLeanLawClient({ apiKey: fake.apiKey, baseUrl, retry: false }),
    call: (client) => client.getClient({ id: "00000000-0000-0000-0000-000000000001" }),
    method: "GET",
    path: "/v2/clients/00000000-0000-0000-0000-000000000001",
    isUnexpectedResponseError,
  },
);
