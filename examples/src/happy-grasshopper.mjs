// Happy Grasshopper part of the demo: the client against its stateful fake (two teams of agents), on 127.0.0.1.
import { createHappyGrasshopperClient, isPermissionDeniedError, matchesAll } from "@hatchery/happy-grasshopper";
import { createHappyGrasshopperFake, recordRequests, serve } from "@hatchery/happy-grasshopper/testing";

export async function run(log) {
  const fake = createHappyGrasshopperFake();
  const recorder = recordRequests(fake.handler);
  const server = await serve(recorder);
  try {
    const baseUrl = `${server.url}/v3`;
    const hg = createHappyGrasshopperClient({ apiKey: fake.apiKey, baseUrl, retry: { baseDelayMs: 10 } });
    const user_id = fake.ids.user;

    // Laravel pagination: 15 per page, followed until the last page.
    const all = await hg.searchUserContacts({ user_id }).toArray();
    log(`searchUserContacts: ${all.length} contacts in ${recorder.requests.length} requests (15 per page)`);

    // Search conditions are combined with OR; matchesAll narrows to AND.
    const query = { email: "gus@example.com", first_name: "Avery" };
    const either = await hg.searchUserContacts({ user_id, ...query }).toArray();
    const both = either.filter((c) => matchesAll(c, query));
    log(`email OR first_name -> ${either.length} contacts; both conditions -> ${both.length}`);

    // Create (201), a note, a delete (200 {"success": true} or 204).
    const gus = await hg.createContact({
      user_id,
      first_name: "Gus",
      last_name: "Grasshopper",
      email: "gus.demo@example.org",
      dob: "1990-01-01",
    });
    await hg.createContactNote({ contact_id: gus.id, value: "Met at the open house." });
    log(
      `createContact -> #${gus.id} ${gus.full_name}, created ${gus.created_at}; deleteContact -> ${String(await hg.deleteContact({ contact_id: gus.id }))}`,
    );

    // Roles: a User key reaches only its own resources.
    try {
      await hg.searchUserContacts({ user_id: fake.ids.otherUser });
    } catch (error) {
      if (!isPermissionDeniedError(error)) throw error;
      log(`another user's contacts -> ${error.name} ${error.status}`);
    }
    const admin = createHappyGrasshopperClient({ apiKey: fake.keys.teamAdmin, baseUrl });
    const team = await admin.searchTeamUsers({ team_id: fake.ids.team }).toArray();
    log(`Team Administrator key -> team ${fake.ids.team}: ${team.map((u) => u.full_name).join(", ")}`);

    // A 503 on a GET is retried away.
    fake.inject({ status: 503, times: 1 });
    const { attempts } = await hg.getUser({ user_id }).withResponse();
    log(`getUser after an injected 503 -> ok in ${attempts} attempts`);
  } finally {
    await server.close();
  }
}
