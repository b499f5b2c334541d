// An error answer that is not Hatebase's JSON (a proxy's 502 page, a framework's 406, a load balancer's plain
// text) is an UnexpectedResponseError with the status, method, URL and a short excerpt, as the README's error
// table says: over loopback, with real pages in front of the real fake.
import { NON_JSON_ANSWERS } from "@hatchery/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHatebaseClient, isUnexpectedResponseError } from "../src/index.js";
import { createHatebaseFake, type ServedHandler, serve } from "../src/testing/index.js";

const fake = createHatebaseFake();
let server: ServedHandler;
beforeAll(async () => {
  server = await serve(fake.handler);
});
afterAll(() => server.close());

describe("an error answer that is not JSON is an UnexpectedResponseError", () => {
  for (const answer of NON_JSON_ANSWERS) {
    it(answer.name, async () => {
      const client = createHatebaseClient({ apiKey: fake.apiKey, baseUrl: `${server.url}/{version}`, retry: false });
      fake.inject({
        status: answer.status,
        body: answer.body,
        headers: { "content-type": answer.contentType },
        match: { path: "/4-4/get_vocabulary_details" },
      });
      let error: unknown;
      try {
        await client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
      } catch (e) {
        error = e;
      }
      const url = `${server.url}/4-4/get_vocabulary_details`;
      expect(isUnexpectedResponseError(error)).toBe(true);
      expect(error).toMatchObject({ status: answer.status, method: "POST", url });
      expect((error as Error).message).toContain(`POST ${url} failed with status ${answer.status}`);
      expect((error as Error).message).toContain(JSON.stringify(answer.excerpt));
    });
  }
});
