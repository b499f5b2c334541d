// An error answer that is not Hatebase's JSON (a proxy's 502 page, a framework's 406, a load balancer's plain
// text) is an UnexpectedResponseError with the status, method, URL and a short excerpt, as the README's error
// table says: over loopback, with real pages in front of the real fake (the suite is test-utils' nonJsonErrorSuite).
import { nonJsonErrorSuite } from "@hatchery/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHatebaseClient, isUnexpectedResponseError } from "../src/index.js";
import { createHatebaseFake, serve } from "../src/testing/index.js";

const fake = createHatebaseFake();
nonJsonErrorSuite(
  { afterAll, beforeAll, describe, expect, it },
  {
    fake,
    serve,
    client: (baseUrl) => createHatebaseClient({ apiKey: fake.apiKey, baseUrl: `${baseUrl}/{version}`, retry: false }),
    call: (client) => client.getVocabularyDetails({ vocabulary_id: "EXV0001" }),
    method: "POST",
    path: "/4-4/get_vocabulary_details",
    isUnexpectedResponseError,
  },
);
