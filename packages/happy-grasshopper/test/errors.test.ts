// Error paths over the wire: typed errors, the role quirk of 403, validation messages, retries and idempotency.
import { describe, expect, it } from "vitest";
import {
  isAuthenticationError,
  isBadRequestError,
  isConnectionError,
  isInternalServerError,
  isInvalidArgumentError,
  isNotFoundError,
  isPermissionDeniedError,
  isRateLimitError,
  isUnprocessableEntityError,
  type PermissionDeniedError,
  rawClient,
} from "../src/index.js";
import { rejection, setup } from "./helpers.js";

describe("typed errors", () => {
  it("401: a missing or unknown key is an AuthenticationError", async () => {
    const { clientFor, wire } = await setup();
    const error = await rejection(clientFor("not-a-key").searchUsers());
    expect(isAuthenticationError(error)).toBe(true);
    expect((error as Error).message).toContain("Unauthenticated.");
    expect((error as Error).message).not.toContain("not-a-key");
    expect(wire.problems).toEqual([]);
  });

  it("403: a User key on another user's contact is a PermissionDeniedError whose message explains the roles", async () => {
    const { client, fake, wire } = await setup();
    const other = [...fake.state.contacts.values()].find((c) => c.user_id === fake.ids.otherUser)?.id ?? 0;
    const error = (await rejection(client.getContact({ contact_id: other }))) as PermissionDeniedError;
    expect(isPermissionDeniedError(error)).toBe(true);
    expect(error.status).toBe(403);
    expect(error.message).toContain("This action is unauthorized.");
    expect(error.message).toContain("a User key reaches only the contacts, tags and notes that user owns");
    expect(fake.counters.forbidden).toBe(1);
    expect(wire.problems).toEqual([]);
  });

  it("403 by role: a Team Administrator reaches its team's users but not another team's", async () => {
    const { clientFor, fake } = await setup();
    const dana = clientFor(fake.keys.teamAdmin);
    const marcusContacts = await dana.searchUserContacts({ user_id: fake.ids.user }).toArray();
    expect(marcusContacts).toHaveLength(20);
    const error = await rejection(dana.searchUserContacts({ user_id: fake.ids.otherUser }));
    expect(isPermissionDeniedError(error)).toBe(true);
    const otherTeam = await rejection(dana.searchTeamUsers({ team_id: fake.ids.otherTeam }));
    expect(isPermissionDeniedError(otherTeam)).toBe(true);
  });

  it("403 for everything once a cancelled account's grace period is over", async () => {
    const { clientFor, fake } = await setup();
    const error = await rejection(clientFor(fake.keys.cancelled).getUser({ user_id: fake.ids.cancelledUser }));
    expect(isPermissionDeniedError(error)).toBe(true);
    expect((error as Error).message).toContain("cancelled");
  });

  it("404: a deleted note is a NotFoundError", async () => {
    const { client, wire } = await setup();
    await client.deleteNote({ note_id: 3 });
    const error = await rejection(client.getNote({ note_id: 3 }));
    expect(isNotFoundError(error)).toBe(true);
    expect(wire.problems).toEqual([]);
  });

  it("422: validation failures name each field, and nothing is created", async () => {
    const { client, fake, wire } = await setup();
    const error = await rejection(
      client.createContact({ user_id: fake.ids.user, email: "not-an-email", dob: "04/23/2012" }),
    );
    expect(isUnprocessableEntityError(error)).toBe(true);
    expect((error as { validationMessages: string[] }).validationMessages).toEqual([
      "email: The email must be a valid email address.",
      "dob: The dob does not match the format Y-m-d.",
    ]);
    expect(fake.counters.contactsCreated).toBe(0);
    expect(wire.problems).toEqual([]);
  });

  for (const status of [400, 422] as const) {
    it(`validation answered with ${status}: the same validationMessages, the status's class`, async () => {
      const { client, fake, wire } = await setup({ fake: { validationStatus: status } });
      const error = await rejection(
        client.createContact({ user_id: fake.ids.user, email: "not-an-email", dob: "04/23/2012" }),
      );
      expect((status === 400 ? isBadRequestError : isUnprocessableEntityError)(error)).toBe(true);
      expect(error).toMatchObject({ status });
      expect((error as { validationMessages: string[] }).validationMessages).toEqual([
        "email: The email must be a valid email address.",
        "dob: The dob does not match the format Y-m-d.",
      ]);
      expect((error as Error).message).toContain("email: The email must be a valid email address.");
      expect(fake.counters.contactsCreated).toBe(0);
      expect(wire.problems).toEqual([]);
    });
  }

  it("400: a bad page size is refused by the server (raw client, bypassing the check); the method refuses it first", async () => {
    const { client, fake, wire } = await setup();
    const { error, response } = await rawClient(client).GET("/users", { params: { query: { per_page: 500 } } });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ message: "We could not process this request." });
    // Through the generated method, the same request is refused before it is sent (per_page is 1 to 100).
    const sent = fake.counters.requests;
    const refused = await rejection(client.searchUsers({ per_page: 500 }));
    expect(isInvalidArgumentError(refused)).toBe(true);
    expect((refused as Error).message).toContain("per_page must be an integer from 1 to 100");
    expect(fake.counters.requests).toBe(sent);
    expect(wire.problems).toEqual([]);
  });
});

describe("retries and idempotency", () => {
  it("429 with Retry-After is retried and then succeeds", async () => {
    const { client, fake } = await setup();
    fake.inject({ status: 429, headers: { "retry-after": "0" }, body: { message: "Too Many Attempts." } });
    const result = await client.getUser({ user_id: fake.ids.user }).withResponse();
    expect(result.attempts).toBe(2);
    expect(result.data.id).toBe(fake.ids.user);
  });

  it("429 that keeps coming becomes a RateLimitError carrying the wait", async () => {
    const { client, fake } = await setup({
      client: { retry: { maxRetries: 1, baseDelayMs: 1, maxRetryAfterMs: 5000 } },
    });
    fake.inject({ status: 429, times: 5, headers: { "retry-after": "1" }, body: { message: "Too Many Attempts." } });
    const error = await rejection(client.searchUsers());
    expect(isRateLimitError(error)).toBe(true);
    expect((error as { retryAfterMs?: number }).retryAfterMs).toBe(1000);
  });

  it("5xx on a GET is retried (idempotent)", async () => {
    const { client, fake } = await setup();
    fake.inject({ status: 503, times: 2 });
    const result = await client.getContact({ contact_id: 11882201 }).withResponse();
    expect(result.attempts).toBe(3);
  });

  it("5xx after the effect on a create is not retried: one contact, outcomeUnknown", async () => {
    const { client, fake } = await setup();
    fake.inject({ status: 500, afterEffect: true, match: { method: "POST" } });
    const error = await rejection(client.createContact({ user_id: fake.ids.user, email: "once@example.com" }));
    expect(isInternalServerError(error)).toBe(true);
    expect((error as { outcomeUnknown: boolean }).outcomeUnknown).toBe(true);
    expect(fake.counters.contactsCreated).toBe(1);
  });

  it("a connection dropped after the effect on a create is not re-sent", async () => {
    const { client, fake } = await setup();
    fake.inject({ drop: true, afterEffect: true, match: { method: "POST" } });
    const error = await rejection(client.createUserNote({ user_id: fake.ids.user, value: "once" }));
    expect(isConnectionError(error)).toBe(true);
    expect(fake.counters.notesCreated).toBe(1);
  });

  it("a PUT is idempotent: retried after a 502", async () => {
    const { client, fake } = await setup();
    fake.inject({ status: 502, afterEffect: true, match: { method: "PUT" } });
    const note = await client.updateNote({ note_id: 3, value: "twice is fine" });
    expect(note.value).toBe("twice is fine");
    expect(fake.counters.updates).toBe(2);
  });
});
