// Happy Grasshopper's quirks: Laravel pagination followed to the last page, OR-combined search conditions,
// unwrapped single resources, ISO 8601 UTC dates with `dob` a date, roles.
import { describe, expect, it } from "vitest";
import { createHappyGrasshopperClient, matchesAll } from "../src/index.js";
import { createHappyGrasshopperFake, recordRequests, serve } from "../src/testing/index.js";
import { setup } from "./helpers.js";

describe("pagination (Laravel: data, links, meta; 15 per page; ?page)", () => {
  it("iterating all contacts follows pages until the last, one request per page", async () => {
    const fake = createHappyGrasshopperFake({ contactsForUser: 47 });
    const recorder = recordRequests(fake.handler);
    const server = await serve(recorder);
    try {
      const client = createHappyGrasshopperClient({ apiKey: fake.apiKey, baseUrl: `${server.url}/v3` });
      const all = await client.searchUserContacts({ user_id: fake.ids.user }).toArray();
      expect(all).toHaveLength(47);
      expect(new Set(all.map((c) => c.id)).size).toBe(47);
      expect(recorder.requests.map((r) => new URL(r.url).search)).toEqual(["", "?page=2", "?page=3", "?page=4"]);
    } finally {
      await server.close();
    }
  });

  it("the first page is awaitable, with its meta and links; pages() goes page by page; maxItems stops early", async () => {
    const { client, fake, wire } = await setup();
    const input = { user_id: fake.ids.user };
    const first = await client.searchUserContacts(input);
    expect(first.items).toHaveLength(15);
    expect(first.info).toEqual({ page: 1, lastPage: 2 });
    expect(first.body.links.next).toMatch(/\/v3\/users\/77180\/contacts\?page=2$/);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.getNextPage();
    expect(second?.items).toHaveLength(5);
    expect(second?.hasNextPage()).toBe(false);
    expect(second?.body.links.next).toBeNull();
    const sizes: number[] = [];
    for await (const page of client.searchUserContacts(input).pages()) sizes.push(page.items.length);
    expect(sizes).toEqual([15, 5]);
    const before = fake.calls.searchUserContacts ?? 0;
    expect(await client.searchUserContacts(input, { maxItems: 3 }).toArray()).toHaveLength(3);
    expect((fake.calls.searchUserContacts ?? 0) - before).toBe(1);
    expect(wire.problems).toEqual([]);
  });

  it("per_page (undocumented, optional) changes the page size", async () => {
    const { client, fake } = await setup();
    const page = await client.searchUserContacts({ user_id: fake.ids.user, per_page: 50 });
    expect(page.items).toHaveLength(20);
    expect(page.hasNextPage()).toBe(false);
  });

  it("an empty result is one page with from/to null", async () => {
    const { client, fake, wire } = await setup();
    const page = await client.searchUserContacts({ user_id: fake.ids.user, email: "nobody@example.com" });
    expect(page.items).toEqual([]);
    expect(page.body.meta).toMatchObject({ from: null, to: null, total: 0, last_page: 1 });
    expect(wire.problems).toEqual([]);
  });
});

describe("search: each parameter is a field condition, combined with OR", () => {
  it("email OR first_name returns contacts matching either, not both", async () => {
    const { client, fake } = await setup();
    const user_id = fake.ids.user;
    const alsoGus = [...fake.state.contacts.values()].find((c) => c.user_id === user_id && c.first_name !== "Gus");
    if (alsoGus) alsoGus.first_name = "Gus";
    const byEmail = await client.searchUserContacts({ user_id, email: "gus@example.com" }).toArray();
    expect(byEmail.map((c) => c.email)).toEqual(["gus@example.com"]);
    const either = await client.searchUserContacts({ user_id, email: "gus@example.com", first_name: "Gus" }).toArray();
    expect(either).toHaveLength(2);
    // AND is the caller's job: matchesAll keeps the items where every condition holds.
    const both = either.filter((c) => matchesAll(c, { email: "gus@example.com", first_name: "Gus" }));
    expect(both.map((c) => c.email)).toEqual(["gus@example.com"]);
  });

  it("typed conditions: a boolean and a date", async () => {
    const { client, fake } = await setup();
    const locked = await client.searchContacts({ is_audience_locked: true }).toArray();
    expect(locked.length).toBeGreaterThan(0);
    expect(locked.every((c) => c.is_audience_locked)).toBe(true);
    const dob = [...fake.state.contacts.values()].find((c) => c.user_id === fake.ids.user && c.dob)?.dob ?? "";
    const born = await client.searchContacts({ dob }).toArray();
    expect(born.map((c) => c.dob)).toEqual(born.map(() => dob));
    expect(dob).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe("matchesAll", () => {
  it.each([
    [{ email: "GUS@example.com" }, true],
    [{ email: "gus@example.com", first_name: "Gus" }, true],
    [{ email: "gus@example.com", first_name: "Mary" }, false],
    [{ is_audience_locked: true }, false],
    [{ first_name: undefined }, true],
  ])("%j -> %s", (conditions, want) => {
    const contact = { email: "gus@example.com", first_name: "Gus", is_audience_locked: false };
    expect(matchesAll(contact, conditions)).toBe(want);
  });
});
