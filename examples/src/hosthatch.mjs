// HostHatch part of the demo (the full tour is grown by the HostHatch package work).
import { serve } from "@hatchery/core/testing";
import { createHostHatchClient } from "@hatchery/hosthatch";

export async function run(log) {
  const server = await serve(async () =>
    Response.json({ result: "success", data: { servers: [{ id: 1, hostname: "demo.example.net" }] } }),
  );
  try {
    const client = createHostHatchClient({ apiKey: "demo-token", baseUrl: server.url });
    const { servers } = await client.listServers();
    log(`listServers -> ${servers.map((s) => s.hostname).join(", ")}`);
  } finally {
    await server.close();
  }
}
