// Every answer the fake can give, for every operation, validated against the spec's own schemas; and every
// example in the spec validated against its schema.
import { listOperations, validateSpecExamples } from "@hatchery/test-utils";
import { describe, expect, it } from "vitest";
import { createHappyGrasshopperFake, HAPPY_GRASSHOPPER_FAKE_IDS as ids } from "../src/testing/index.js";
import { contract, operationFor, spec } from "./helpers.js";

const BASE = "http://127.0.0.1:1/v3";
const CONTACT = 11882201; // Marcus Bell's first contact (the default User key's user)
const OTHER_CONTACT = 11882201 + 20 + 4 + 3 + 5; // Elena Cruz's first contact (another team)
const NOTE = 3; // a note on CONTACT
const TAG = 1; // Marcus's "Past Clients"

type Call = { method: string; path: string; body?: unknown; key?: string | null; raw?: string };

async function answer(call: Call, fake = createHappyGrasshopperFake()) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const key = call.key === undefined ? fake.apiKey : call.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const response = await fake.handler(
    new Request(`${BASE}${call.path}`, {
      method: call.method,
      headers,
      body: call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body)),
    }),
  );
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
}

const fake = createHappyGrasshopperFake();
const keys = fake.keys;

/** For each operation: requests and the status each must get. */
const cases: [operation: string, call: Call, status: number][] = [
  ["searchUsers", { method: "GET", path: "/users" }, 200],
  ["searchUsers", { method: "GET", path: "/users?page=9" }, 200],
  ["searchUsers", { method: "GET", path: "/users?page=0" }, 400],
  ["searchUsers", { method: "GET", path: "/users?per_page=500" }, 400],
  ["searchUsers", { method: "GET", path: "/users", key: null }, 401],
  ["searchUsers", { method: "GET", path: "/users", key: keys.cancelled }, 403],
  ["searchTeamUsers", { method: "GET", path: `/teams/${ids.team}/users`, key: keys.teamAdmin }, 200],
  ["searchTeamUsers", { method: "GET", path: `/teams/${ids.team}/users` }, 403],
  ["searchTeamUsers", { method: "GET", path: "/teams/999/users", key: keys.teamAdmin }, 404],
  ["getUser", { method: "GET", path: `/users/${ids.user}` }, 200],
  ["getUser", { method: "GET", path: `/users/${ids.teamAdmin}` }, 403],
  ["getUser", { method: "GET", path: "/users/5" }, 404],
  ["getUser", { method: "GET", path: `/users/${ids.user}`, key: "nope" }, 401],
  ["updateUser", { method: "PUT", path: `/users/${ids.user}`, body: { time_zone: "America/Chicago" } }, 200],
  ["updateUser", { method: "PUT", path: `/users/${ids.user}`, body: { email: "x", time_zone: "Mars/Base" } }, 422],
  ["updateUser", { method: "PUT", path: `/users/${ids.user}`, raw: "{nope" }, 400],
  ["updateUser", { method: "PUT", path: `/users/${ids.otherUser}`, body: {} }, 403],
  ["updateUser", { method: "PUT", path: "/users/5", body: {} }, 404],
  ["searchUserContacts", { method: "GET", path: `/users/${ids.user}/contacts` }, 200],
  ["searchUserContacts", { method: "GET", path: `/users/${ids.user}/contacts?page=2&first_name=Gus` }, 200],
  ["searchUserContacts", { method: "GET", path: `/users/${ids.otherUser}/contacts` }, 403],
  ["searchUserContacts", { method: "GET", path: "/users/5/contacts" }, 404],
  ["createContact", { method: "POST", path: `/users/${ids.user}/contacts`, body: { email: "new@example.com" } }, 201],
  [
    "createContact",
    {
      method: "POST",
      path: `/users/${ids.user}/contacts`,
      body: { first_name: "Gus", last_name: "G", email: "g@example.com", dob: "1990-01-01", tags: ["Open House"] },
    },
    201,
  ],
  ["createContact", { method: "POST", path: `/users/${ids.user}/contacts`, body: { dob: "01/02/1990" } }, 422],
  ["createContact", { method: "POST", path: `/users/${ids.user}/contacts`, raw: "[1]" }, 400],
  ["createContact", { method: "POST", path: `/users/${ids.otherUser}/contacts`, body: { email: "a@b.co" } }, 403],
  ["createContact", { method: "POST", path: "/users/5/contacts", body: { email: "a@b.co" } }, 404],
  ["searchContacts", { method: "GET", path: "/contacts?email=gus@example.com&first_name=Gus" }, 200],
  ["searchContacts", { method: "GET", path: "/contacts", key: keys.teamAdmin }, 200],
  ["searchContacts", { method: "GET", path: "/contacts", key: null }, 401],
  ["getContact", { method: "GET", path: `/contacts/${CONTACT}` }, 200],
  ["getContact", { method: "GET", path: `/contacts/${OTHER_CONTACT}` }, 403],
  ["getContact", { method: "GET", path: "/contacts/1" }, 404],
  ["updateContact", { method: "PUT", path: `/contacts/${CONTACT}`, body: { first_name: "Mary" } }, 200],
  ["updateContact", { method: "PUT", path: `/contacts/${CONTACT}`, body: { is_audience_locked: "yes" } }, 422],
  ["updateContact", { method: "PUT", path: `/contacts/${OTHER_CONTACT}`, body: {} }, 403],
  ["updateContact", { method: "PUT", path: "/contacts/1", body: {} }, 404],
  ["deleteContact", { method: "DELETE", path: `/contacts/${CONTACT}` }, 200],
  ["deleteContact", { method: "DELETE", path: `/contacts/${OTHER_CONTACT}` }, 403],
  ["deleteContact", { method: "DELETE", path: "/contacts/1" }, 404],
  ["searchUserTags", { method: "GET", path: `/users/${ids.user}/tags` }, 200],
  ["searchUserTags", { method: "GET", path: `/users/${ids.otherUser}/tags` }, 403],
  ["createUserTag", { method: "POST", path: `/users/${ids.user}/tags`, body: { name: "Sellers 2027" } }, 201],
  ["createUserTag", { method: "POST", path: `/users/${ids.user}/tags`, body: { name: "Past Clients" } }, 422],
  ["createUserTag", { method: "POST", path: `/users/${ids.user}/tags`, body: {} }, 422],
  ["searchTeamTags", { method: "GET", path: `/teams/${ids.team}/tags`, key: keys.teamAdmin }, 200],
  ["searchTeamTags", { method: "GET", path: `/teams/${ids.otherTeam}/tags`, key: keys.teamAdmin }, 403],
  [
    "createTeamTag",
    { method: "POST", path: `/teams/${ids.team}/tags`, body: { name: "Q3" }, key: keys.teamAdmin },
    201,
  ],
  ["createTeamTag", { method: "POST", path: `/teams/${ids.team}/tags`, body: { name: "Q3" } }, 403],
  ["createTeamTag", { method: "POST", path: "/teams/999/tags", body: { name: "Q3" }, key: keys.teamAdmin }, 404],
  ["searchContactTags", { method: "GET", path: `/contacts/${CONTACT}/tags` }, 200],
  ["searchContactTags", { method: "GET", path: `/contacts/${OTHER_CONTACT}/tags` }, 403],
  ["getTag", { method: "GET", path: `/tags/${TAG}` }, 200],
  ["getTag", { method: "GET", path: "/tags/6" }, 403],
  ["getTag", { method: "GET", path: "/tags/999" }, 404],
  ["updateTag", { method: "PUT", path: `/tags/${TAG}`, body: { name: "Past Clients 2019", status: "Hidden" } }, 200],
  ["updateTag", { method: "PUT", path: `/tags/${TAG}`, body: { name: "" } }, 422],
  ["deleteTag", { method: "DELETE", path: `/tags/${TAG}` }, 200],
  ["deleteTag", { method: "DELETE", path: "/tags/999" }, 404],
  ["searchUserNotes", { method: "GET", path: `/users/${ids.user}/notes` }, 200],
  ["createUserNote", { method: "POST", path: `/users/${ids.user}/notes`, body: { value: "Call back" } }, 201],
  ["createUserNote", { method: "POST", path: `/users/${ids.user}/notes`, body: { value: "" } }, 422],
  ["searchContactNotes", { method: "GET", path: `/contacts/${CONTACT}/notes` }, 200],
  ["searchContactNotes", { method: "GET", path: `/contacts/${OTHER_CONTACT}/notes` }, 403],
  [
    "createContactNote",
    { method: "POST", path: `/contacts/${CONTACT}/notes`, body: { value: "Met at open house" } },
    201,
  ],
  ["createContactNote", { method: "POST", path: `/contacts/${CONTACT}/notes`, body: { value: 7 } }, 422],
  ["getNote", { method: "GET", path: `/notes/${NOTE}` }, 200],
  ["getNote", { method: "GET", path: "/notes/5" }, 403],
  ["getNote", { method: "GET", path: "/notes/999" }, 404],
  ["updateNote", { method: "PUT", path: `/notes/${NOTE}`, body: { value: "Updated" } }, 200],
  ["updateNote", { method: "PUT", path: `/notes/${NOTE}`, body: {} }, 422],
  ["deleteNote", { method: "DELETE", path: `/notes/${NOTE}` }, 200],
  ["deleteNote", { method: "DELETE", path: "/notes/5" }, 403],
];

describe("the spec", () => {
  it("has every example valid against its schema", () => {
    const results = validateSpecExamples(spec);
    expect(results.length).toBeGreaterThanOrEqual(20);
    expect(results.filter((r) => r.problems.length > 0)).toEqual([]);
  });

  it("names every operation of the reference (users, contacts, tags, notes)", () => {
    expect(
      listOperations(spec)
        .map((o) => o.id)
        .sort(),
    ).toEqual(
      [
        "searchUsers",
        "searchTeamUsers",
        "getUser",
        "updateUser",
        "searchUserContacts",
        "createContact",
        "searchContacts",
        "getContact",
        "updateContact",
        "deleteContact",
        "searchUserTags",
        "createUserTag",
        "searchTeamTags",
        "createTeamTag",
        "searchContactTags",
        "getTag",
        "updateTag",
        "deleteTag",
        "searchUserNotes",
        "createUserNote",
        "searchContactNotes",
        "createContactNote",
        "getNote",
        "updateNote",
        "deleteNote",
      ].sort(),
    );
  });

  it("marks exactly the inferred operations as unverified", () => {
    const unverified = listOperations(spec)
      .filter((o) => o.operation["x-hatchery-unverified"] === true)
      .map((o) => o.id)
      .sort();
    expect(unverified).toEqual([
      "deleteContact",
      "deleteTag",
      "getTag",
      "searchContactTags",
      "searchContacts",
      "updateTag",
    ]);
  });
});

describe("every answer of the fake matches the spec", () => {
  it("covers every operation", () => {
    const covered = new Set(cases.map(([op]) => op));
    expect([...covered].sort()).toEqual(
      listOperations(spec)
        .map((o) => o.id)
        .sort(),
    );
  });

  it.each(cases)("%s %j -> %i", async (operation, call, status) => {
    expect(operationFor(call.method, new URL(`${BASE}${call.path}`).pathname)).toBe(operation);
    const result = await answer(call);
    expect(result.status).toBe(status);
    expect(contract.check(operation, status, result.body)).toEqual([]);
  });

  it.each(["deleteContact", "deleteTag", "deleteNote"])("%s with 204 No Content", async (operation) => {
    const path = { deleteContact: `/contacts/${CONTACT}`, deleteTag: `/tags/${TAG}`, deleteNote: `/notes/${NOTE}` }[
      operation
    ] as string;
    const result = await answer({ method: "DELETE", path }, createHappyGrasshopperFake({ deleteStatus: 204 }));
    expect(result).toEqual({ status: 204, body: undefined });
    expect(contract.check(operation, 204, undefined)).toEqual([]);
  });

  it.each([429, 500, 503])("an injected %i keeps the error shape", async (status) => {
    const f = createHappyGrasshopperFake();
    f.inject({ status, headers: status === 429 ? { "retry-after": "1" } : {}, body: { message: "Injected" } });
    const result = await answer({ method: "GET", path: `/contacts/${CONTACT}` }, f);
    expect(result.status).toBe(status);
    expect(contract.check("getContact", status, result.body)).toEqual([]);
  });

  it("answers unknown routes with 404 and wrong methods with 405, in the error shape", async () => {
    const notFound = await answer({ method: "GET", path: "/campaigns" });
    const wrongMethod = await answer({ method: "PATCH", path: `/contacts/${CONTACT}` });
    expect([notFound.status, wrongMethod.status]).toEqual([404, 405]);
    expect(contract.check("getContact", 404, notFound.body)).toEqual([]);
    expect(contract.check("getContact", 404, wrongMethod.body)).toEqual([]);
  });
});
