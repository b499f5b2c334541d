import type { ClientOptions } from "@hatchery/core";
import { createHatchClient, type HatchClient } from "@hatchery/hatch";
import { createHatchFake, type HatchFake } from "@hatchery/hatch/testing";
import { defineAdapter } from "../adapter.js";

let serial = 0;
/** A fresh email or phone number per call: the upsert matches on them, so the call is idempotent. */
const nextId = () => (serial += 1);

/**
 * Hatch: one operation, the contact upsert, by POST or PUT. It is idempotent only when the body has a
 * `phoneNumber` or an `email` (Hatch matches the contact on them); without either, every call creates a
 * contact, so a retry after an ambiguous failure would create a second one.
 */
export const hatch = defineAdapter<HatchClient, HatchFake>({
  dir: "hatch",
  packageName: "@hatchery/hatch",
  // No server-side rate limit: the soak sends far more than 100 requests per 10 s on purpose.
  createFake: (apiKey) => createHatchFake({ apiKeys: [apiKey], rateLimit: false, contacts: 5 }),
  handler: (fake) => fake.handler,
  createClient: (options: ClientOptions) => createHatchClient(options),
  operations: [
    {
      name: "upsertContact (POST, with email)",
      idempotent: true,
      run: (client, { fake, options }) =>
        client.upsertContact(
          { source: fake.source, email: `chaos-${nextId() % 50}@example.org`, firstName: "Chaos" },
          options,
        ),
    },
    {
      name: "upsertContactPut (PUT, with phone)",
      idempotent: true,
      run: (client, { fake, options }) =>
        client.upsertContactPut(
          { source: fake.source, phoneNumber: `+1555${String(nextId() % 50).padStart(7, "0")}` },
          options,
        ),
    },
    {
      name: "upsertContact (POST, no email or phone)",
      idempotent: false,
      run: (client, { fake, marker, options }) =>
        client.upsertContact({ source: fake.source, firstName: marker }, options),
    },
    {
      name: "upsertContactPut (PUT, no email or phone)",
      idempotent: false,
      run: (client, { fake, marker, options }) =>
        client.upsertContactPut({ source: fake.source, firstName: marker }, options),
    },
  ],
  counters: (fake) => ({ ...fake.counters }),
  effects: (fake, marker) => {
    let n = 0;
    for (const c of fake.state.contacts.values()) if (c.firstName === marker) n += 1;
    return n;
  },
  // Hatch has no path parameters and no list operation.
  pathCalls: [],
  pageCalls: [],
  headerOptions: [],
});
