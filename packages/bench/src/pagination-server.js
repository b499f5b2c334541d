// @ts-check
/**
 * The LeanLaw fake, seeded with N clients and served on 127.0.0.1 in a child process, so the fake's own
 * memory (every record) stays out of the client's heap. Usage: node pagination-server.js <items>
 */
import { createLeanLawFake, serve } from "@hatchery/leanlaw/testing";

const items = Number(process.argv[2] ?? 100_000);
const fake = createLeanLawFake({ clients: 1 });
const [template] = fake.db.clients.values();
if (!template) throw new Error("the LeanLaw fake generated no client to copy");
fake.db.clients.clear();
for (let i = 0; i < items; i++) {
  const clientId = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
  // `reference: null` on every client: the benchmark sorts by it, so the fake's per-page sort falls to the
  // cheap id tie-break instead of a locale-aware name comparison (server time is not what is measured here).
  fake.db.clients.set(clientId, {
    ...template,
    clientId,
    name: `Client ${String(i).padStart(6, "0")}`,
    reference: null,
    customFields: new Map(),
  });
}
const server = await serve(fake.handler);
process.send?.({ port: server.port, apiKey: fake.apiKey });
process.on("disconnect", () => void server.close().then(() => process.exit(0)));
