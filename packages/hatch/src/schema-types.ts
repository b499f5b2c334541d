import type { components } from "./generated/schema.js";

/**
 * The body of an upsert: a contact's attributes. Only `source` (the API Source Name of one of your custom
 * sources) is required; `phoneNumber`, then `email`, decide which existing contact is updated.
 */
export type Contact = components["schemas"]["UpsertContactParams"];

/** What an upsert returns: the ID of the created or updated contact. */
export type UpsertedContact = components["schemas"]["UpsertedContact"];
