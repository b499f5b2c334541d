import type { ClientOptions } from "@hatchery/core";
import { createLeanLawClient, type LeanLawClient, type LeanLawClientOptions } from "@hatchery/leanlaw";
import { createLeanLawFake, type LeanLawFake } from "@hatchery/leanlaw/testing";
import { defineAdapter } from "../adapter.js";

/** A client the fake holds from the start (the fake is seeded, so it is always there). */
const someClientId = (fake: LeanLawFake) => fake.db.clients.keys().next().value as string;

/** LeanLaw: bearer key, `{data}` envelope, offset pagination (limit 1–1000), ids are GUIDs in the path. */
export const leanlaw = defineAdapter<LeanLawClient, LeanLawFake>({
  dir: "leanlaw",
  packageName: "@hatchery/leanlaw",
  // 40 clients instead of 2,543: the suite creates many fakes and needs none of the volume.
  createFake: (apiKey) => createLeanLawFake({ clients: 40, apiKeys: { [apiKey]: {} } }),
  handler: (fake) => fake.handler,
  createClient: (options: ClientOptions) => createLeanLawClient(options as LeanLawClientOptions),
  operations: [
    {
      name: "listClients (first page)",
      idempotent: true,
      run: (client, { options }) => client.listClients({ limit: 5 }, options),
    },
    {
      name: "getClient",
      idempotent: true,
      run: (client, { fake, options }) => client.getClient({ id: someClientId(fake) }, options),
    },
    {
      name: "updateClient (PUT)",
      idempotent: true,
      run: (client, { fake, options }) =>
        client.updateClient({ id: someClientId(fake), notes: "touched by the chaos suite" }, options),
    },
    { name: "getCodes", idempotent: true, run: (client, { options }) => client.getCodes({}, options) },
    { name: "listUsers", idempotent: true, run: (client, { options }) => client.listUsers({}, options) },
    {
      name: "createClient (POST)",
      idempotent: false,
      run: (client, { marker, options }) =>
        client.createClient({ name: marker, contact: { companyName: marker } }, options),
    },
  ],
  counters: (fake) => {
    const out: Record<string, number> = {};
    for (const [bucket, counts] of Object.entries(fake.counters)) {
      for (const [kind, n] of Object.entries(counts as Record<string, number>)) out[`${bucket}.${kind}`] = n;
    }
    return out;
  },
  effects: (fake, marker) => {
    let n = 0;
    for (const c of fake.db.clients.values()) if (c.name === marker) n += 1;
    return n;
  },
  pathCalls: [
    {
      operation: "getClient",
      template: "/v2/clients/{id}",
      call: (client, id, { options }) => client.getClient({ id }, options),
    },
    {
      operation: "deleteMatter",
      template: "/v2/matters/{id}",
      call: (client, id, { options }) => client.deleteMatter({ id }, options),
    },
  ],
  pageCalls: [
    {
      operation: "listClients",
      limitParam: "limit",
      maxLimit: 1000,
      offsetParam: "offset",
      minOffset: 0,
      call: (client, paging, options) => client.listClients(paging as never, options),
    },
    {
      operation: "listTimeEntries",
      limitParam: "limit",
      maxLimit: 1000,
      offsetParam: "offset",
      minOffset: 0,
      call: (client, paging, options) => client.listTimeEntries(paging as never, options),
    },
  ],
  headerOptions: ["userId", "partnerId"],
  requestIdHeader: "x-leanlaw-traceid",
});
