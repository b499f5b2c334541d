// Hatch documents no status for a wrong key: it may come back as 401 or, as from an API behind a gateway, as
// 403. Either is a typed error the package itself exports (no @hatchery/core needed), never retried, keyless.
import { afterEach, describe, expect, it } from "vitest";
import { createHatchClient, isAuthenticationError, isPermissionDeniedError } from "../src/index.js";
import { createHatchFake, type ServedHandler, serve } from "../src/testing/index.js";

const servers: ServedHandler[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const cases = [
  { status: 401, name: "AuthenticationError", guard: isAuthenticationError },
  { status: 403, name: "PermissionDeniedError", guard: isPermissionDeniedError },
] as const;

describe("a wrong API key", () => {
  for (const { status, name, guard } of cases) {
    it(`answered with ${status} is a ${name}, not retried, without the key`, async () => {
      const fake = createHatchFake({ wrongKeyStatus: status });
      const server = await serve(fake.handler);
      servers.push(server);
      const hatch = createHatchClient({ apiKey: "hatch-wrong-key-0001", baseUrl: server.url });
      let error: unknown;
      try {
        await hatch.upsertContact({ source: "custom:website-form", email: "ada@example.com" });
      } catch (e) {
        error = e;
      }
      expect(guard(error)).toBe(true);
      expect(error).toMatchObject({ name, status, method: "POST", url: `${server.url}/v1/contacts`, attempts: 1 });
      expect((error as Error).message).toContain("Invalid API key");
      expect(JSON.stringify(error) + (error as Error).message).not.toContain("hatch-wrong-key-0001");
      expect(fake.counters.unauthorized).toBe(1);
    });
  }
});
