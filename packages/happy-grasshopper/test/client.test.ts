// The first test of @hatchery/happy-grasshopper, written by `pnpm new-provider happy-grasshopper`: the generated client, over real HTTP
// on 127.0.0.1, against the package's fake; and the fake's answers checked against the spec's own schemas.
import { coerce, getPath, isAuthenticationError, type OperationSpec } from "@hatchery/core";
import { createContractChecker, loadSpec } from "@hatchery/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../src/generated/operations.js";
import { createHappyGrasshopperClient } from "../src/index.js";
import {
  createHappyGrasshopperFake,
  HAPPY_GRASSHOPPER_FAKE_API_KEY,
  routes,
  type ServedHandler,
  serve,
} from "../src/testing/index.js";

const fake = createHappyGrasshopperFake();
let server: ServedHandler;
beforeAll(async () => {
  server = await serve(fake.handler);
});
afterAll(() => server.close());

/** What the client returns for an operation's route: the value at `path` of the body, coerced as the spec says. */
function expected(operationId: keyof typeof operations, path: string): unknown {
  const operation: OperationSpec = operations[operationId];
  const route = routes.find((r) => r.operationId === operationId);
  return getPath(coerce(structuredClone(route?.body), operation.coerce), path);
}

describe("HappyGrasshopper client against its fake on 127.0.0.1", () => {
  it("searchUsers returns the spec's documented answer", async () => {
    const client = createHappyGrasshopperClient({
      apiKey: HAPPY_GRASSHOPPER_FAKE_API_KEY,
      baseUrl: server.url,
      retry: false,
    });
    const page = await client.searchUsers();
    expect(page.items).toEqual(expected("searchUsers", "data"));
    expect(fake.calls["searchUsers"]).toBeGreaterThan(0);
  });

  it("refuses a wrong API key with an AuthenticationError", async () => {
    const client = createHappyGrasshopperClient({ apiKey: "not-the-key", baseUrl: server.url, retry: false });
    await expect(client.searchUsers()).rejects.toSatisfy(isAuthenticationError);
  });
});

describe("the fake keeps to specs/happy-grasshopper.yaml", () => {
  const checker = createContractChecker(loadSpec("happy-grasshopper"));
  for (const route of routes) {
    if (route.unchecked) {
      it.todo(`${route.operationId}: ${route.unchecked}`);
      continue;
    }
    it(`${route.operationId} answers ${route.status} with a body the spec documents`, () => {
      expect(checker.check(route.operationId, route.status, route.body)).toEqual([]);
    });
  }
});
