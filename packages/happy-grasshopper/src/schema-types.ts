import type { components, operations } from "./generated/schema.js";

/**
 * A schema of the Happy Grasshopper spec by name, e.g. `Schema<"Contact">` or `Schema<"CreateContactParams">`.
 * @example
 * import type { Schema } from "@hatchery/happy-grasshopper";
 * const label = (contact: Schema<"Contact">) => `${contact.full_name} <${contact.email}>`;
 */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

/** A Happy Grasshopper user (an agent), as `getUser` returns it. */
export type User = Schema<"User">;
/** A contact, as `getContact` returns it. Its `tags` and `team_tags` are tag names. */
export type Contact = Schema<"Contact">;
/** A tag, owned by a user or a team, with its inboxes. */
export type Tag = Schema<"Tag">;
/** An inbox of a tag. */
export type Inbox = Schema<"Inbox">;
/** A note on a user or a contact. */
export type Note = Schema<"Note">;
/** A permission level: `User`, `Team Administrator` or `Administrator`. */
export type Role = Schema<"Role">;

/**
 * The field conditions of a user search (`searchUsers`, `searchTeamUsers`): each is "field equals value", and
 * several are combined with **OR**, not AND.
 */
export type UserSearch = Omit<NonNullable<operations["searchUsers"]["parameters"]["query"]>, "page" | "per_page">;
/**
 * The field conditions of a contact search (`searchContacts`; `searchUserContacts` takes the same without
 * `user_id`): each is "field equals value", and several are combined with **OR**, not AND.
 */
export type ContactSearch = Omit<NonNullable<operations["searchContacts"]["parameters"]["query"]>, "page" | "per_page">;
/**
 * The field conditions of a tag search (`searchUserTags`, `searchTeamTags`, `searchContactTags`): each is
 * "field equals value", and several are combined with **OR**, not AND.
 */
export type TagSearch = Omit<NonNullable<operations["searchUserTags"]["parameters"]["query"]>, "page" | "per_page">;
/**
 * The field conditions of a note search (`searchUserNotes`, `searchContactNotes`): each is "field equals value",
 * and several are combined with **OR**, not AND.
 */
export type NoteSearch = Omit<NonNullable<operations["searchUserNotes"]["parameters"]["query"]>, "page" | "per_page">;
