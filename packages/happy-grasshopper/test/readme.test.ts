// The README's examples, run as written against the fake (in process, through the client's `fetch` option).
import { describe, expect, it } from "vitest";
import {
  createHappyGrasshopperClient,
  isPermissionDeniedError,
  matchesAll,
  type PermissionDeniedError,
} from "../src/index.js";
import { createHappyGrasshopperFake } from "../src/testing/index.js";

describe("README", () => {
  const fake = createHappyGrasshopperFake();
  const hg = createHappyGrasshopperClient({ apiKey: fake.apiKey, baseUrl: "http://127.0.0.1/v3", fetch: fake.handler });
  const userId = 77180;

  it("main use cases", async () => {
    let n = 0;
    for await (const contact of hg.searchUserContacts({ user_id: userId })) {
      expect(contact.full_name).toBeTruthy();
      n += 1;
    }
    expect(n).toBe(20);
    const gus = await hg.createContact({
      user_id: userId,
      first_name: "Gus",
      last_name: "Grasshopper",
      email: "gus@example.com",
      dob: "1990-01-01",
      tags: ["Open House"],
    });
    await hg.updateContact({ contact_id: gus.id, first_name: "Mary" });
    await hg.createContactNote({ contact_id: gus.id, value: "Met at the open house." });
    const tag = await hg.createUserTag({ user_id: userId, name: "Spring Sellers" });
    expect(tag.name).toBe("Spring Sellers");
    expect(await hg.deleteContact({ contact_id: gus.id })).toBeUndefined();
  });

  it("search: OR, then AND with matchesAll", async () => {
    const query = { email: "gus@example.com", first_name: "Avery" };
    const either = await hg.searchUserContacts({ user_id: userId, ...query }).toArray();
    const both = either.filter((contact) => matchesAll(contact, query));
    expect(either.length).toBeGreaterThan(1);
    expect(both).toEqual([]);
  });

  it("pagination", async () => {
    const list = hg.searchUserContacts({ user_id: userId });
    const first = await list;
    expect(first.info).toEqual({ page: 1, lastPage: 2 });
    expect(await hg.searchUsers({}, { maxItems: 30 }).toArray()).toHaveLength(1);
  });

  it("errors: the 403 message", async () => {
    const error = (await hg.getContact({ contact_id: 11882233 }).catch((e) => e)) as PermissionDeniedError;
    expect(isPermissionDeniedError(error)).toBe(true);
    expect(error.message).toBe(
      "GET http://127.0.0.1/v3/contacts/11882233 failed with status 403: This action is unauthorized. Happy Grasshopper refuses this API key access to the resource: a key has the role of its user, so a User key reaches only the contacts, tags and notes that user owns and a Team Administrator key only its team's (or the account was cancelled and its grace period is over).",
    );
  });
});
