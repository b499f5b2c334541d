// HostHatch part of the demo: browse the catalogue, deploy (paid from credit, then not), follow a reboot, and
// survive an ambiguous failure without ordering a second server, all against the stateful fake.
import { createHostHatchClient, isUnprocessableEntityError, waitForStatus } from "@hatchery/hosthatch";
import { createHostHatchFake, serve } from "@hatchery/hosthatch/testing";

export async function run(log) {
  const fake = createHostHatchFake({ credit: 50 });
  const server = await serve(fake.handler);
  try {
    const hosthatch = createHostHatchClient({ apiKey: fake.token, baseUrl: server.url, timeoutMs: 2_000 });

    const { items: products } = await hosthatch.listProductsWithPrices();
    const nvme = products[0];
    const monthly = nvme.options.billing_cycles.monthly;
    log(
      `listProductsWithPrices -> ${products.length} products; ${nvme.name}: ${monthly.price} ${monthly.currency}/month + ${monthly.setupfee} setup`,
    );

    const order = {
      product: nvme._id,
      location: "AMS",
      billing: "monthly",
      image: "debian11",
      features: { ssh_keys: [118] },
    };
    for (const hostname of ["web-1.example.net", "web-2.example.net", "web-3.example.net"]) {
      const result = await hosthatch.deployServer({ ...order, hostname });
      log(
        result.requires_payment
          ? `deployServer ${hostname} -> server ${result.server_id}: pay ${result.outstanding_balance.price} ${result.outstanding_balance.currency} at ${result.invoice_url}`
          : `deployServer ${hostname} -> server ${result.server_id}, paid from credit`,
      );
    }

    const first = (await hosthatch.listServers()).items.find((s) => s.hostname === "web-1.example.net");
    await waitForStatus(hosthatch, { server: first.id, status: "online" }, { intervalMs: 10, timeoutMs: 5_000 });
    await hosthatch.rebootServer({ server: first.id });
    const status = await waitForStatus(
      hosthatch,
      { server: first.id, status: "online" },
      {
        intervalMs: 10,
        timeoutMs: 5_000,
        onStatus: (s, poll) => log(`  poll ${poll}: ${s}`),
      },
    );
    log(`rebootServer ${first.id} -> acknowledged; waitForStatus -> ${status}`);

    try {
      await hosthatch.deleteKey({ key: 118 });
    } catch (error) {
      if (!isUnprocessableEntityError(error)) throw error;
      log(`deleteKey 118 -> 422: ${error.body.message}`);
    }

    fake.state.credit = 100;
    fake.inject({ drop: true, afterEffect: true, match: { path: "/api/v1/deploy" } });
    const before = fake.counters.serversCreated;
    try {
      await hosthatch.deployServer({ ...order, hostname: "web-4.example.net" });
    } catch (error) {
      log(
        `deployServer with a connection reset after the order -> ${error.name}, outcomeUnknown: ${error.outcomeUnknown}`,
      );
      log(`  ${error.message.split(". ").slice(-2).join(". ")}`);
    }
    log(`servers created by that one call: ${fake.counters.serversCreated - before} (never re-sent)`);
  } finally {
    await server.close();
  }
}
