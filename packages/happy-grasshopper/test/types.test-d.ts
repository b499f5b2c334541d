import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiPromise,
  type Contact,
  type ContactSearch,
  createHappyGrasshopperClient,
  type HappyGrasshopperClient,
  type Note,
  type NoteSearch,
  type Tag,
  type TagSearch,
  type User,
  type UserSearch,
} from "../src/index.js";
import { createHappyGrasshopperFake, type HappyGrasshopperFake } from "../src/testing/index.js";

declare const hg: HappyGrasshopperClient;
const path = { user_id: 77180 };

describe("types", () => {
  it("types results: unwrapped resources, list items, and deletes that resolve to nothing", () => {
    expectTypeOf(createHappyGrasshopperClient).returns.toEqualTypeOf<HappyGrasshopperClient>();
    expectTypeOf(createHappyGrasshopperFake).returns.toEqualTypeOf<HappyGrasshopperFake>();
    expectTypeOf(hg.getContact({ contact_id: 1 })).resolves.toEqualTypeOf<Contact>();
    expectTypeOf(hg.getUser(path)).resolves.toEqualTypeOf<User>();
    expectTypeOf(hg.createUserTag({ ...path, name: "x" })).resolves.toEqualTypeOf<Tag>();
    expectTypeOf(hg.updateNote({ note_id: 1, value: "x" })).resolves.toEqualTypeOf<Note>();
    expectTypeOf(hg.deleteNote({ note_id: 1 })).toEqualTypeOf<ApiPromise<void>>();
    expectTypeOf(hg.searchUserContacts(path).toArray()).resolves.toEqualTypeOf<Contact[]>();
    expectTypeOf<Contact["dob"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Contact["tags"]>().toEqualTypeOf<string[]>();
    expectTypeOf<User["roles"]>().toEqualTypeOf<("Administrator" | "Team Administrator" | "User")[]>();
    expectTypeOf<Tag["owner_type"]>().toEqualTypeOf<"users" | "teams">();
  });

  it("types the search options from the resource's fields", () => {
    expectTypeOf<keyof ContactSearch>().toEqualTypeOf<
      | "id"
      | "user_id"
      | "first_name"
      | "last_name"
      | "email"
      | "phone"
      | "dob"
      | "gender"
      | "audience"
      | "is_audience_locked"
      | "source"
      | "status"
      | "created_at"
      | "updated_at"
    >();
    // Every search field is a field of its resource.
    expectTypeOf<Exclude<keyof ContactSearch, keyof Contact>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof UserSearch, keyof User>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof TagSearch, keyof Tag>>().toEqualTypeOf<never>();
    expectTypeOf<Exclude<keyof NoteSearch, keyof Note>>().toEqualTypeOf<never>();
    expectTypeOf<ContactSearch["is_audience_locked"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<TagSearch["owner_type"]>().toEqualTypeOf<"users" | "teams" | undefined>();
  });

  it("refuses a wrong path parameter, query parameter or body", () => {
    // @ts-expect-error the path parameter is user_id, not id
    hg.searchUserContacts({ id: 77180 });
    // @ts-expect-error user_id is a number
    hg.getUser({ user_id: "77180" });
    // @ts-expect-error the path parameter is required
    hg.getContact({});
    // @ts-expect-error `name` is not a contact field to search on
    hg.searchUserContacts({ params: { path, query: { name: "Gus" } } });
    // @ts-expect-error is_audience_locked is a boolean condition
    hg.searchContacts({ is_audience_locked: "yes" });
    // @ts-expect-error page is a number
    hg.searchUsers({ page: "2" });
    // @ts-expect-error email is required to create a contact
    hg.createContact({ params: { path }, body: { first_name: "Gus" } });
    // @ts-expect-error the field is first_name, not firstName
    hg.updateContact({ contact_id: 1, firstName: "Mary" });
    // @ts-expect-error tags are names (strings), not ids
    hg.updateContact({ contact_id: 1, tags: [1, 2] });
    // @ts-expect-error a note's body is { value }
    hg.createContactNote({ contact_id: 1, text: "hi" });
    // @ts-expect-error an unknown operation
    hg.listCampaigns();
  });
});
