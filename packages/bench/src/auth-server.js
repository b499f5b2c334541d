// @ts-check
/**
 * The Hatebase fake of `@hatchery/hatebase/testing` on 127.0.0.1, in a child process, with every `authenticate`
 * held back by a delay (the provider's round trip) through its fault injection. It prints nothing; the parent
 * counts requests on the client side. Usage: node auth-server.js <authDelayMs>
 */
import { createHatebaseFake, serve } from "@hatchery/hatebase/testing";

const authDelayMs = Number(process.argv[2] ?? 0);
const fake = createHatebaseFake();
if (authDelayMs > 0) {
  fake.inject({ match: { path: /\/authenticate$/ }, delayMs: authDelayMs, times: Number.MAX_SAFE_INTEGER });
}
const server = await serve(fake.handler);
process.send?.({ port: server.port, apiKey: fake.apiKey });
process.on("disconnect", () => void server.close().then(() => process.exit(0)));
