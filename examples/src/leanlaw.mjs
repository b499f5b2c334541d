// LeanLaw part of the demo: the client against its stateful fake (2,543 clients), served on 127.0.0.1.
import { createLeanLawClient, EMPTY_GUID, isNotFoundError, select } from "@hatchery/leanlaw";
import { createLeanLawFake, recordRequests, serve } from "@hatchery/leanlaw/testing";

export async function run(log) {
  const fake = createLeanLawFake();
  const recorder = recordRequests(fake.handler);
  const server = await serve(recorder);
  try {
    const lawyer = [...fake.db.users.values()].find((u) => u.role === "principal");
    const leanlaw = createLeanLawClient({ apiKey: fake.apiKey, baseUrl: server.url, userId: lawyer.userId });

    // Offset pagination: every client, 1000 per request, never past pagination.total.
    let count = 0;
    for await (const _client of leanlaw.listClients()) count += 1;
    log(`listClients: ${count} clients in ${recorder.requests.length} requests`);

    // select: typed parts to include (and "-part" to exclude).
    const page = await leanlaw.listClients({ limit: 1, select: select("listClients", ["contact", "-meta"]) });
    const [first] = page.items;
    log(`select=contact,-meta -> ${first.name} <${first.contact?.email}> (trace ${page.requestId})`);

    // Open a matter, record time for the x-leanlaw-userid user, then a sparse update.
    const client = await leanlaw.createClient({
      name: "Demo Dental Group LLC",
      contact: { companyName: "Demo Dental Group LLC" },
    });
    const area = (await leanlaw.listPracticeAreas()).items.find((a) => a.default);
    const matter = await leanlaw.createMatter({
      name: "Demo - Lease review",
      clientId: client.clientId,
      responsibleId: lawyer.userId,
      practiceAreaId: area.practiceAreaId,
    });
    const entry = await leanlaw.createTimeEntry({
      matterId: matter.matterId,
      date: "2026-11-20",
      description: "Review lease amendment",
      hours: 1.5,
    });
    log(`createTimeEntry -> ${entry.hours} h by ${entry.user.name} on "${entry.matter.name}", ${entry.amount} USD`);
    const moved = await leanlaw.updateMatter({ id: matter.matterId, practiceAreaId: EMPTY_GUID, name: null });
    log(`updateMatter (sparse, empty GUID) -> "${moved.name}", practice area ${moved.practiceArea}`);

    // Incremental sync: every client modified since a date, across pages.
    const since = new Date(Date.now() - 60_000).toISOString();
    const changed = await leanlaw.listClients({ modifiedSince: since, select: "meta" }).toArray();
    log(`modifiedSince ${since} -> ${changed.map((c) => c.name).join(", ")}`);

    // Errors are typed and carry LeanLaw's trace id.
    try {
      await leanlaw.getMatter({ id: "3f2b8c1e-6d4a-4b7e-9a21-5c8d0e7f1a23" });
    } catch (error) {
      if (!isNotFoundError(error)) throw error;
      log(`getMatter(unknown) -> ${error.name} ${error.status}, x-leanlaw-traceid ${error.requestId}`);
    }
  } finally {
    await server.close();
  }
}
