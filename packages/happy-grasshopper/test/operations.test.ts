// Every operation through the generated client, over HTTP on 127.0.0.1, against the stateful fake; every
// answer is checked against the spec on the wire (`wire.problems`).
import { describe, expect, it } from "vitest";
import { isApiError, isDeleteFailedError, isPermissionDeniedError } from "../src/index.js";
import { rejection, setup } from "./helpers.js";

describe("users", () => {
  it("searchUsers: a User key sees only its own user; a Team Administrator key its team", async () => {
    const { client, clientFor, fake, wire } = await setup();
    const own = await client.searchUsers().toArray();
    expect(own.map((u) => u.id)).toEqual([fake.ids.user]);
    const team = await clientFor(fake.keys.teamAdmin).searchUsers().toArray();
    expect(team.map((u) => u.full_name)).toEqual(["Dana Whitfield", "Marcus Bell", "Priya Natarajan"]);
    expect(wire.problems).toEqual([]);
  });

  it("searchTeamUsers and getUser return unwrapped users with computed fields", async () => {
    const { clientFor, fake, wire } = await setup();
    const admin = clientFor(fake.keys.teamAdmin);
    const page = await admin.searchTeamUsers({ team_id: fake.ids.team });
    expect(page.items).toHaveLength(3);
    expect(page.body.meta).toMatchObject({ current_page: 1, last_page: 1, per_page: 15, total: 3 });
    const marcus = await admin.getUser({ user_id: fake.ids.user });
    expect(marcus).toMatchObject({ id: fake.ids.user, full_name: "Marcus Bell", roles: ["User"], dob: "1984-06-12" });
    expect(marcus.contacts_count).toBe(20);
    expect(marcus.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(wire.problems).toEqual([]);
  });

  it("updateUser changes only what is sent", async () => {
    const { client, fake, wire } = await setup();
    const updated = await client.updateUser({ user_id: fake.ids.user, time_zone: "America/Chicago", dob: null });
    expect(updated).toMatchObject({ time_zone: "America/Chicago", dob: null, first_name: "Marcus" });
    expect(fake.state.users.get(fake.ids.user)?.time_zone).toBe("America/Chicago");
    expect(wire.problems).toEqual([]);
  });
});

describe("contacts", () => {
  it("createContact answers 201 with the contact, tags by name", async () => {
    const { client, fake, wire } = await setup();
    const created = await client
      .createContact({
        user_id: fake.ids.user,
        first_name: "Gus",
        last_name: "Grasshopper",
        email: "gus.g@example.org",
        dob: "1990-01-01",
        tags: ["Open House"],
      })
      .withResponse();
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({
      user_id: fake.ids.user,
      full_name: "Gus Grasshopper",
      dob: "1990-01-01",
      tags: ["Open House"],
      audience: "Sphere",
      deleted_at: null,
    });
    expect(fake.counters.contactsCreated).toBe(1);
    expect(wire.seen.has("createContact 201")).toBe(true);
    expect(wire.problems).toEqual([]);
  });

  it("getContact, updateContact (the overview's example) and deleteContact", async () => {
    const { client, fake, wire } = await setup();
    const [first] = (await client.searchUserContacts({ user_id: fake.ids.user })).items;
    const id = first?.id ?? 0;
    expect((await client.getContact({ contact_id: id })).id).toBe(id);
    const mary = await client.updateContact({ contact_id: id, first_name: "Mary" });
    expect(mary.first_name).toBe("Mary");
    expect(mary.email).toBe(first?.email);
    expect(await client.deleteContact({ contact_id: id })).toBeUndefined();
    expect(fake.state.contacts.has(id)).toBe(false);
    expect(wire.problems).toEqual([]);
  });

  it("deleteContact resolves to undefined when the server answers 204", async () => {
    const { client, fake, wire } = await setup({ fake: { deleteStatus: 204 } });
    const id = [...fake.state.contacts.values()].find((c) => c.user_id === fake.ids.user)?.id ?? 0;
    expect(await client.deleteContact({ contact_id: id })).toBeUndefined();
    expect(fake.counters.deletes).toBe(1);
    expect(wire.seen.has("deleteContact 204")).toBe(true);
    expect(wire.problems).toEqual([]);
  });

  it("a delete whose 200 body says it failed is a DeleteFailedError, and nothing is deleted", async () => {
    const { client, fake } = await setup();
    const id = [...fake.state.contacts.values()].find((c) => c.user_id === fake.ids.user)?.id ?? 0;
    fake.inject({ status: 200, body: { success: false, message: "Contact is locked" }, times: 1 });
    const error = await client.deleteContact({ contact_id: id }).catch((e: unknown) => e);
    expect(isDeleteFailedError(error)).toBe(true);
    expect(isApiError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `DELETE ${(error as { url: string }).url} failed with status 200: Contact is locked.`,
    );
    expect((error as Error).message).toMatch(/^DELETE http:\/\/127\.0\.0\.1:\d+\/v3\/contacts\/\d+ failed/);
    expect(fake.state.contacts.has(id)).toBe(true);
  });

  it("searchContacts (the overview's path) lists every contact the key reaches", async () => {
    const { client, clientFor, fake, wire } = await setup();
    expect(await client.searchContacts().toArray()).toHaveLength(20);
    expect(await clientFor(fake.keys.teamAdmin).searchContacts().toArray()).toHaveLength(20 + 4 + 3);
    expect(await clientFor(fake.keys.administrator).searchContacts().toArray()).toHaveLength(fake.state.contacts.size);
    expect(wire.problems).toEqual([]);
  });
});

describe("tags", () => {
  it("createUserTag, searchUserTags, getTag, updateTag (renames follow on contacts) and deleteTag", async () => {
    const { client, fake, wire } = await setup();
    const user_id = fake.ids.user;
    const tag = await client.createUserTag({ user_id, name: "Sellers 2027" });
    expect(tag).toMatchObject({
      name: "Sellers 2027",
      owner_type: "users",
      owner_id: user_id,
      status: "Shown",
      inboxes: [],
    });
    const names = (await client.searchUserTags({ user_id }).toArray()).map((t) => t.name);
    expect(names).toEqual(["Past Clients", "Buyers 2026", "Open House", "Sellers 2027"]);
    const past = await client.getTag({ tag_id: 1 });
    expect(past.inboxes[0]?.value).toMatch(/@inbox\.example\.com$/);
    const tagged = past.contacts_count;
    expect(tagged).toBeGreaterThan(0);
    const renamed = await client.updateTag({ tag_id: 1, name: "Past Clients 2019" });
    expect(renamed.contacts_count).toBe(tagged);
    expect([...fake.state.contacts.values()].filter((c) => c.tags.includes("Past Clients 2019"))).toHaveLength(tagged);
    expect(await client.deleteTag({ tag_id: 1 })).toBeUndefined();
    expect([...fake.state.contacts.values()].some((c) => c.tags.includes("Past Clients 2019"))).toBe(false);
    expect(wire.problems).toEqual([]);
  });

  it("team tags need a Team Administrator key of that team", async () => {
    const { client, clientFor, fake, wire } = await setup();
    const admin = clientFor(fake.keys.teamAdmin);
    const team_id = fake.ids.team;
    const created = await admin.createTeamTag({ team_id, name: "Spring Push", audience: "Prospects" });
    expect(created).toMatchObject({ owner_type: "teams", owner_id: team_id, audience: "Prospects" });
    const tags = await admin.searchTeamTags({ team_id }).toArray();
    expect(tags.map((t) => t.name)).toEqual(["Suncoast Sphere", "Spring Push"]);
    const denied = await rejection(client.searchTeamTags({ team_id }));
    expect(isPermissionDeniedError(denied)).toBe(true);
    expect(fake.counters.tagsCreated).toBe(1);
    expect(wire.problems).toEqual([]);
  });

  it("searchContactTags lists the user's and the team's tags applied to a contact", async () => {
    const { client, fake, wire } = await setup();
    const contact = [...fake.state.contacts.values()].find((c) => c.user_id === fake.ids.user && c.team_tags.length);
    const tags = await client.searchContactTags({ contact_id: contact?.id ?? 0 }).toArray();
    expect(tags.map((t) => t.name).sort()).toEqual([...(contact?.tags ?? []), ...(contact?.team_tags ?? [])].sort());
    expect(wire.problems).toEqual([]);
  });
});

describe("notes", () => {
  it("user notes and contact notes: create (201), search, get, update, delete", async () => {
    const { client, fake, wire } = await setup();
    const user_id = fake.ids.user;
    const contact_id = 11882201;
    const onUser = await client.createUserNote({ user_id, value: "Call the lender" });
    const onContact = await client.createContactNote({ contact_id, value: "Met at open house" });
    expect(Object.keys(onContact).sort()).toEqual(["created_at", "id", "updated_at", "value"]);
    expect((await client.searchUserNotes({ user_id }).toArray()).map((n) => n.value)).toContain("Call the lender");
    const contactNotes = await client.searchContactNotes({ contact_id }).toArray();
    expect(contactNotes.map((n) => n.value)).toContain("Met at open house");
    expect((await client.getNote({ note_id: onUser.id })).value).toBe("Call the lender");
    const edited = await client.updateNote({ note_id: onUser.id, value: "Lender called" });
    expect(edited.value).toBe("Lender called");
    expect(await client.deleteNote({ note_id: onContact.id })).toBeUndefined();
    expect(fake.state.notes.has(onContact.id)).toBe(false);
    expect(fake.counters.notesCreated).toBe(2);
    expect(wire.problems).toEqual([]);
  });
});
