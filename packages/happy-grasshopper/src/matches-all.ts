/**
 * Happy Grasshopper combines several search conditions with OR. To require all of them (AND), search on the
 * most selective condition and keep the items this returns true for: every given field equals its value (text
 * compared case-insensitively, as the API compares; `undefined` conditions are ignored).
 * @example
 * const wanted = { email: "gus@example.com", first_name: "Gus" };
 * for await (const contact of client.searchUserContacts({ user_id, ...wanted })) {
 *   if (matchesAll(contact, wanted)) console.log(contact.id); // both conditions hold, not just one
 * }
 */
export function matchesAll<Item extends object>(
  item: Item,
  conditions: { readonly [Field in keyof Item]?: unknown },
): boolean {
  return Object.entries(conditions).every(([field, wanted]) => {
    if (wanted === undefined) return true;
    const actual = (item as Record<string, unknown>)[field];
    if (typeof actual === "string" && typeof wanted === "string") return actual.toLowerCase() === wanted.toLowerCase();
    return actual === wanted;
  });
}
