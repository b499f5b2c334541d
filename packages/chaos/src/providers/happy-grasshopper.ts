import type { ClientOptions } from "@hatchery/core";
import {
  createHappyGrasshopperClient,
  type HappyGrasshopperClient,
  type HappyGrasshopperClientOptions,
} from "@hatchery/happy-grasshopper";
import {
  createHappyGrasshopperFake,
  HAPPY_GRASSHOPPER_FAKE_IDS,
  type HappyGrasshopperFake,
} from "@hatchery/happy-grasshopper/testing";
import { defineAdapter } from "../adapter.js";

/** The fixture user (Marcus Bell, a User key) whose key the suite's key replaces: its contacts, tags and notes. */
const userId = (fake: HappyGrasshopperFake) => fake.ids.user;
/** Marcus's first contact (the fixtures always give him some). */
const someContactId = (fake: HappyGrasshopperFake) => {
  for (const c of fake.state.contacts.values()) if (c.user_id === fake.ids.user) return c.id;
  throw new Error("the fake has no contact of the fixture user");
};
/** Marcus's own note. */
const someNoteId = (fake: HappyGrasshopperFake) => {
  for (const n of fake.state.notes.values()) if (n.owner_type === "users" && n.owner_id === fake.ids.user) return n.id;
  throw new Error("the fake has no note of the fixture user");
};
/** One of Marcus's tags. */
const someTagId = (fake: HappyGrasshopperFake) => {
  for (const t of fake.state.tags.values()) if (t.owner_type === "users" && t.owner_id === fake.ids.user) return t.id;
  throw new Error("the fake has no tag of the fixture user");
};

/**
 * Happy Grasshopper: bearer key, unwrapped resources, Laravel pagination (`?page=N`, `per_page` 1–100). Creating
 * a contact or a note is a POST and not idempotent (the marker is the contact's first name or the note's text);
 * reads, and updates by id (PUT), are.
 */
export const happyGrasshopper = defineAdapter<HappyGrasshopperClient, HappyGrasshopperFake>({
  dir: "happy-grasshopper",
  packageName: "@hatchery/happy-grasshopper",
  createFake: (apiKey) => {
    // 5 contacts instead of 20. The fake has fixed keys: the suite's key replaces them all, as Marcus Bell's
    // User key, so exactly `apiKey` is accepted. The fake has no rate limit.
    const fake = createHappyGrasshopperFake({ contactsForUser: 5 });
    fake.state.keys.clear();
    fake.state.keys.set(apiKey, { key: apiKey, userId: fake.ids.user, cancelled: false });
    return fake;
  },
  handler: (fake) => fake.handler,
  createClient: (options: ClientOptions) => createHappyGrasshopperClient(options as HappyGrasshopperClientOptions),
  operations: [
    {
      name: "searchContacts (first page)",
      idempotent: true,
      run: (client, { options }) => client.searchContacts({ per_page: 5 }, options),
    },
    {
      name: "getContact",
      idempotent: true,
      run: (client, { fake, options }) => client.getContact({ contact_id: someContactId(fake) }, options),
    },
    {
      name: "searchUserTags (first page)",
      idempotent: true,
      run: (client, { fake, options }) => client.searchUserTags({ user_id: userId(fake) }, options),
    },
    {
      name: "updateContact (PUT)",
      idempotent: true,
      run: (client, { fake, options }) =>
        client.updateContact({ contact_id: someContactId(fake), source: "chaos suite" }, options),
    },
    {
      name: "updateTag (PUT)",
      idempotent: true,
      run: (client, { fake, options }) => client.updateTag({ tag_id: someTagId(fake), status: "Shown" }, options),
    },
    {
      name: "updateNote (PUT)",
      idempotent: true,
      run: (client, { fake, options }) =>
        client.updateNote({ note_id: someNoteId(fake), value: "Touched by the chaos suite." }, options),
    },
    {
      name: "createContact (POST)",
      idempotent: false,
      run: (client, { fake, marker, options }) =>
        client.createContact({ user_id: userId(fake), email: `${marker}@example.org`, first_name: marker }, options),
    },
    {
      name: "createContactNote (POST)",
      idempotent: false,
      run: (client, { fake, marker, options }) =>
        client.createContactNote({ contact_id: someContactId(fake), value: marker }, options),
    },
  ],
  counters: (fake) => {
    const out: Record<string, number> = { ...fake.counters };
    for (const [operation, n] of Object.entries(fake.calls)) out[`calls.${operation}`] = n;
    return out;
  },
  effects: (fake, marker) => {
    let n = 0;
    for (const c of fake.state.contacts.values()) if (c.first_name === marker) n += 1;
    for (const note of fake.state.notes.values()) if (note.value === marker) n += 1;
    return n;
  },
  pathCalls: [
    {
      operation: "getContact",
      template: "/contacts/{contact_id}",
      call: (client, id, { options }) => client.getContact({ contact_id: id as never }, options),
    },
    {
      operation: "deleteNote",
      template: "/notes/{note_id}",
      call: (client, id, { options }) => client.deleteNote({ note_id: id as never }, options),
    },
  ],
  pageCalls: [
    {
      operation: "searchContacts",
      limitParam: "per_page",
      maxLimit: 100,
      offsetParam: "page",
      minOffset: 1,
      call: (client, paging, options) => client.searchContacts(paging as never, options),
    },
    {
      operation: "searchUserNotes",
      limitParam: "per_page",
      maxLimit: 100,
      offsetParam: "page",
      minOffset: 1,
      call: (client, paging, options) =>
        client.searchUserNotes({ user_id: HAPPY_GRASSHOPPER_FAKE_IDS.user, ...paging } as never, options),
    },
  ],
  headerOptions: [],
});
