/** A small deterministic random source (an LCG): the same seed always gives the same fixtures and ids. */
export function seededRandom(seed: number): () => number {
  let state = (seed * 2654435761) >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Version-4-shaped UUIDs from a random source. */
export function uuidSource(random: () => number): () => string {
  const hex = (n: number) =>
    Array.from({ length: n }, () =>
      Math.floor(random() * 16)
        .toString(16)
        .toLowerCase(),
    ).join("");
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
}

/** Custom sources every fake knows unless told otherwise (API Source Names, as Hatch shows them). */
export const HATCH_FAKE_SOURCES: readonly string[] = [
  "custom:my-awesome-source",
  "custom:website-form",
  "custom:csv-import",
  "custom:crm-sync",
];

const FIRST = ["Avery", "Jordan", "Maria", "Sam", "Priya", "Diego", "Hannah", "Kwame", "Lena", "Tomás", "Yuki", "Noah"];
const LAST = ["Nguyen", "Okafor", "Schmidt", "Rivera", "Kowalski", "Haddad", "Lindqvist", "Patel", "Brooks", "Moreau"];
const STATUSES = ["new", "contacted", "quoted", "sold", "lost", null];
const SERVICES = ["HVAC tune-up", "Roof inspection", "Water heater install", "Solar estimate", "Window replacement"];
const CITIES = ["Springfield, IL", "Dayton, OH", "Boise, ID", "Tulsa, OK", "Fresno, CA", "Raleigh, NC"];

/** A synthetic contact for the fake's starting state (fictional 555-01xx numbers, example.* addresses). */
export interface FixtureContact {
  source: string;
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber: string;
  status: string | null;
  externalID: string;
  externalContactID: string;
  externalCreatedAt: string;
  details: Record<string, unknown>;
}

/** Most fixture contacts with unique fictional phone numbers. */
export const MAX_FIXTURE_CONTACTS = 800;

/** `count` synthetic contacts, deterministic for a seed. Phone numbers are unique (fictional 555-01xx range). */
export function fixtureContacts(count: number, random: () => number, sources: readonly string[]): FixtureContact[] {
  if (!(count >= 0 && count <= MAX_FIXTURE_CONTACTS)) {
    throw new RangeError(`contacts must be between 0 and ${MAX_FIXTURE_CONTACTS}`);
  }
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const areaCodes = ["314", "636", "217", "937", "208", "918", "559", "919"];
  const out: FixtureContact[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = pick(FIRST);
    const lastName = pick(LAST);
    const created = Date.UTC(2026, 0, 1) + Math.floor(random() * 300) * 86_400_000;
    out.push({
      source: pick(sources),
      firstName,
      lastName,
      email: `${firstName
        .toLowerCase()
        .normalize("NFD")
        .replace(/[^a-z]/g, "")}.${lastName.toLowerCase()}${i}@example.com`,
      // 555-0100..555-0199 are reserved for fiction: 100 numbers per area code, unique up to 800 contacts.
      phoneNumber: `${areaCodes[Math.floor(i / 100)]}5550${100 + (i % 100)}`,
      status: pick(STATUSES),
      externalID: `lead-${10_000 + i}`,
      externalContactID: `crm-${5_000 + i}`,
      externalCreatedAt: new Date(created).toISOString(),
      details: { service: pick(SERVICES), city: pick(CITIES), budget: 500 + Math.floor(random() * 40) * 250 },
    });
  }
  return out;
}
