// Hatch part of the demo: push leads into Hatch, one at a time and in bulk, against the stateful fake.
import { createHatchClient, isUnprocessableEntityError, rateLimiter, upsertContacts } from "@hatchery/hatch";
import { createHatchFake, serve } from "@hatchery/hatch/testing";

// A short window keeps the demo quick; the real limit (the client's default) is 100 requests per 10 s.
const rateLimit = { requests: 10, windowMs: 500 };

export async function run(log) {
  const fake = createHatchFake({ rateLimit, contacts: 5 });
  const server = await serve(fake.handler);
  try {
    const hatch = createHatchClient({ apiKey: fake.apiKey, baseUrl: server.url, rateLimit: rateLimiter(rateLimit) });

    const lead = { source: "custom:website-form", firstName: "Ada", phoneNumber: "3145550142", status: "new" };
    const created = await hatch.upsertContact(lead);
    const updated = await hatch.upsertContact({ ...lead, email: "ada@example.org", status: "quoted" });
    log(`upsertContact -> ${created.id} (created), then the same id again by phone: ${updated.id === created.id}`);

    try {
      await hatch.upsertContact({ source: "custom:deleted-source", email: "not-an-email" });
    } catch (error) {
      if (!isUnprocessableEntityError(error)) throw error;
      log(`422 -> ${error.validationMessages.join("; ")}`);
    }

    // A CSV-style import: rows from an async source, with a few faults on the way.
    async function* csvRows() {
      for (let i = 0; i < 25; i++) {
        yield {
          source: "custom:csv-import",
          firstName: `Lead ${i}`,
          email: i === 7 ? "broken-address" : `lead${i}@example.com`,
          externalID: `csv-${i}`,
          details: { row: i },
        };
      }
    }
    fake.inject({ status: 503, times: 2 });
    fake.inject({ drop: true, afterEffect: true });
    const results = await upsertContacts(hatch, csvRows(), { concurrency: 4 });
    const failed = results.filter((r) => !r.ok);
    log(
      `upsertContacts -> ${results.length} rows in order, ${results.length - failed.length} ok, ` +
        `${failed.map((r) => `row ${r.index} failed: ${r.error.validationMessages?.join("; ") ?? r.error.message}`).join(", ")}`,
    );
    log(
      `faults survived: ${JSON.stringify(fake.handler.applied)}; 429s from Hatch: ${fake.counters.rateLimited}; ` +
        `contacts now: ${fake.state.contacts.size}`,
    );
  } finally {
    await server.close();
  }
}
