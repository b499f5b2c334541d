import type { ClientOptions } from "@hatchery/core";
import { createHostHatchClient, type HostHatchClient } from "@hatchery/hosthatch";
import { createHostHatchFake, type HostHatchFake } from "@hatchery/hosthatch/testing";
import { defineAdapter } from "../adapter.js";

/** The fixture server (Active, `nvme-2gb`, monthly) the idempotent calls read and power. */
const SERVER = 112233;

let seeded = 0;
/**
 * Puts an Active `nvme-2gb` server named `hostname` in the fake, as the account would hold one, so each
 * upgrade has a server of its own: the marker is its hostname, and the upgrade invoices on it are the proof.
 * Ids far above the fake's own (which start at 112234), so they never collide.
 */
function seedServer(fake: HostHatchFake, hostname: string): number {
  seeded += 1;
  const id = 900_000 + seeded;
  fake.state.servers.set(id, {
    id,
    hostname,
    state: "Active",
    status: "online",
    created: "2026-01-05",
    product: "nvme-2gb",
    location: "AMS",
    image: "almalinux8",
    ip: "203.0.113.50",
    billingCycle: "monthly",
    nextDue: "2026-12-05",
    initialCost: 4,
    recurringCost: 16,
    features: {},
    sshKeys: [],
  });
  return id;
}

/**
 * HostHatch: bearer token, `{result, data}` envelope, no pagination. Deploying and upgrading order and charge
 * an invoice, so both are non-idempotent (never re-sent after an ambiguous failure); the marker is the hostname
 * of the server deployed or upgraded, and every invoice on a server with that hostname is one effect. Boot and
 * shutdown are POSTs the spec marks idempotent.
 */
export const hosthatch = defineAdapter<HostHatchClient, HostHatchFake>({
  dir: "hosthatch",
  packageName: "@hatchery/hosthatch",
  // Credit for every deployment and upgrade of a run, so each is paid (201) and none waits for payment.
  // The fake has no rate limit.
  createFake: (apiKey) => createHostHatchFake({ tokens: [apiKey], credit: 10_000_000 }),
  handler: (fake) => fake.handler,
  createClient: (options: ClientOptions) => createHostHatchClient(options),
  operations: [
    { name: "listProducts", idempotent: true, run: (client, { options }) => client.listProducts({}, options) },
    {
      name: "listProductsWithPrices",
      idempotent: true,
      run: (client, { options }) => client.listProductsWithPrices({}, options),
    },
    { name: "listServers", idempotent: true, run: (client, { options }) => client.listServers({}, options) },
    {
      name: "getServer",
      idempotent: true,
      run: (client, { options }) => client.getServer({ server: SERVER }, options),
    },
    {
      name: "getServerStatus",
      idempotent: true,
      run: (client, { options }) => client.getServerStatus({ server: SERVER }, options),
    },
    {
      name: "bootServer (POST, idempotent in the spec)",
      idempotent: true,
      run: (client, { options }) => client.bootServer({ server: SERVER }, options),
    },
    {
      name: "shutdownServer (POST, idempotent in the spec)",
      idempotent: true,
      run: (client, { options }) => client.shutdownServer({ server: SERVER }, options),
    },
    {
      name: "deployServer (POST, charges an invoice)",
      idempotent: false,
      run: (client, { marker, options }) =>
        client.deployServer(
          {
            ...{
              product: "nvme-2gb",
              location: "AMS",
              billing: "monthly",
              image: "almalinux8", // one the NVMe plans offer (Debian 12 is the storage plan's)
              hostname: marker,
              features: { ssh_keys: [118] },
            },
          },
          options,
        ),
    },
    {
      name: "upgradeServer (PUT, charges an invoice)",
      idempotent: false,
      run: (client, { fake, marker, options }) =>
        client.upgradeServer({ server: seedServer(fake, marker), product: "nvme-4gb", upgrade_disk: false }, options),
    },
  ],
  counters: (fake) => ({ ...fake.counters, credit: fake.state.credit }),
  effects: (fake, marker) => {
    // One invoice per deployment or upgrade that took effect, on the server carrying the marker.
    let n = 0;
    for (const invoice of fake.state.invoices.values()) {
      if (fake.state.servers.get(invoice.server)?.hostname === marker) n += 1;
    }
    return n;
  },
  pathCalls: [
    {
      operation: "getServer",
      template: "/api/v1/servers/{server}",
      call: (client, id, { options }) => client.getServer({ server: id as never }, options),
    },
    {
      operation: "deleteKey",
      template: "/api/v1/keys/{key}",
      call: (client, id, { options }) => client.deleteKey({ key: id as never }, options),
    },
  ],
  // HostHatch's lists are not paginated.
  pageCalls: [],
  headerOptions: [],
});
