/**
 * Synthetic fixtures for the Hatebase fake. Hatebase's terms of use forbid redistributing its data, so nothing
 * here comes from Hatebase: every term is an invented non-word starting with "zq", every meaning a placeholder,
 * every place a user-assigned ISO code (XA–XF) or an invented city.
 */

/** A small deterministic random source (an LCG): the same seed always gives the same fixtures and ids. */
export function seededRandom(seed: number): () => number {
  let state = (seed * 2654435761) >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** The seven groups a term can be about, as Hatebase's `is_about_*` flags name them. */
export const TOPICS = [
  "nationality",
  "ethnicity",
  "religion",
  "gender",
  "sexual_orientation",
  "disability",
  "class",
] as const;

/** One of {@link TOPICS}. */
export type Topic = (typeof TOPICS)[number];

/** The `is_about_*` flags of a term or sighting. */
export type TopicFlags = { [K in Topic as `is_about_${K}`]: boolean };

/** A vocabulary term as the fake stores it (honest types; the wire may stringify them). */
export interface FakeTerm extends TopicFlags {
  /** The term's id (`EXV0001`…). */
  vocabulary_id: string;
  /** The (invented) term. */
  term: string;
  /** Its hateful meaning (a placeholder). */
  hateful_meaning: string | null;
  /** A non-hateful meaning, if any. */
  nonhateful_meaning: string | null;
  /** Hateful in every context. */
  is_unambiguous: boolean;
  /** Country where it is unambiguous, if only there. */
  is_unambiguous_in: string | null;
  /** Average offensiveness (0–100), when rated. */
  average_offensiveness: number | null;
  /** ISO 639-3 language code. */
  language: string;
  /** The term it is the plural of. */
  plural_of: string | null;
  /** The term it is a variant of. */
  variant_of: string | null;
  /** The term it is a transliteration of. */
  transliteration_of: string | null;
  /** Sightings, all time. */
  number_of_sightings: number;
  /** Sightings this year. */
  number_of_sightings_this_year: number;
  /** Sightings this month. */
  number_of_sightings_this_month: number;
  /** Creation time (GMT). */
  created_on: string;
  /** Last update (GMT). */
  updated_on: string;
  /** Targeted nationalities. */
  nationalities: string[];
  /** Targeted ethnicities. */
  ethnicities: string[];
  /** Targeted religions. */
  religions: string[];
  /** Targeted genders. */
  genders: string[];
  /** Targeted sexual orientations. */
  sexual_orientations: string[];
  /** The term is archaic. */
  is_archaic: boolean;
  /** Sightings by country, all time. */
  countries_sighted: Record<string, number>;
  /** Sightings by country this year. */
  countries_sighted_this_year: Record<string, number>;
  /** Sightings by country this month. */
  countries_sighted_this_month: Record<string, number>;
}

/** A sighting as the fake stores it. */
export interface FakeSighting extends TopicFlags {
  /** The sighting's id (`EXS0000001`…). */
  sighting_id: string;
  /** The term's id (`EXV0001`…). */
  vocabulary_id: string;
  /** The (invented) term. */
  term: string;
  /** Probability (%) that the use was hateful. */
  probability: number | null;
  /** Country code of the sighting. */
  country_id: string | null;
  /** City, when known. */
  city: string | null;
  /** Latitude, when known. */
  latitude: number | null;
  /** Longitude, when known. */
  longitude: number | null;
  /** How the term was encountered. */
  type: "recipient" | "overheard" | "used";
  /** Where it was recorded. */
  source: string;
  /** When (GMT). */
  sighted_on: string;
}

/** An invented place. */
export interface FakePlace {
  /** A user-assigned ISO 3166 code (no real country). */
  country: string;
  /** An invented city. */
  city: string;
  /** Its latitude. */
  latitude: number;
  /** Its longitude. */
  longitude: number;
}

/** Invented places: user-assigned ISO 3166 codes (no real country) and invented cities with coordinates. */
export const FAKE_PLACES: readonly FakePlace[] = [
  { country: "XA", city: "Sampleton", latitude: 10.5, longitude: -20.25 },
  { country: "XA", city: "Port Placeholder", latitude: 10.9, longitude: -20.6 },
  { country: "XB", city: "Mockford", latitude: 45.1, longitude: 12.3 },
  { country: "XC", city: "Fixture Falls", latitude: -33.4, longitude: 151.2 },
  { country: "XD", city: "Stubville", latitude: 60.2, longitude: 24.9 },
];

const LANGUAGES = ["ENG", "ENG", "ENG", "SPA", "FRA", "XXA"];
const SYLLABLES = ["lo", "mar", "vek", "tin", "ru", "pa", "sho", "dre", "ki", "bul", "fen", "ow"];
const GROUPS: Record<string, string[]> = {
  nationalities: ["Examplonia", "Placeholdia", "Mockistan"],
  ethnicities: ["Group Alpha", "Group Beta"],
  religions: ["Faith One", "Faith Two"],
  genders: ["Gender Example"],
  sexual_orientations: ["Orientation Example"],
};
const SOURCES = ["Example Social", "Sample Forum", "Fixture News", "Mock Chat"];
const TYPES = ["recipient", "overheard", "used"] as const;

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** A GMT datetime as Hatebase writes one: `YYYY-MM-DD HH:MM:SS`. */
export function gmt(time: number | Date): string {
  return new Date(time).toISOString().slice(0, 19).replace("T", " ");
}

/** Parses a GMT datetime (`YYYY-MM-DD HH:MM:SS`, or a bare date) into epoch ms, or undefined. */
export function parseGmt(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = match;
  const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(time) ? undefined : time;
}

/** `count` synthetic terms, deterministic for a random source. */
export function fixtureTerms(count: number, random: () => number): FakeTerm[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const terms: FakeTerm[] = [];
  const used = new Set<string>();
  for (let i = 1; i <= count; i++) {
    let word = "";
    do {
      word = `zq${pick(SYLLABLES)}${pick(SYLLABLES)}${i % 7 === 0 ? pick(SYLLABLES) : ""}`;
      if (used.has(word)) word += String(i);
    } while (used.has(word));
    used.add(word);
    const topics = Object.fromEntries(TOPICS.map((t) => [`is_about_${t}`, random() < 0.25])) as TopicFlags;
    if (!TOPICS.some((t) => topics[`is_about_${t}`])) topics.is_about_class = true;
    const created = Date.UTC(2017, 0, 1) + Math.floor(random() * 3 * 365) * 86_400_000;
    const updated = created + Math.floor(random() * 700) * 86_400_000;
    const countries: Record<string, number> = {};
    for (const place of FAKE_PLACES) if (random() < 0.4) countries[place.country] = 1 + Math.floor(random() * 40);
    const total = Object.values(countries).reduce((a, b) => a + b, 0);
    const year = Object.fromEntries(Object.entries(countries).map(([k, v]) => [k, Math.floor(v / 3)]));
    const month = Object.fromEntries(Object.entries(year).map(([k, v]) => [k, Math.floor(v / 4)]));
    const previous = terms[terms.length - 1];
    terms.push({
      vocabulary_id: `EXV${pad(i, 4)}`,
      term: word,
      hateful_meaning: `Placeholder hateful meaning #${i}; a synthetic entry for tests, not a real term.`,
      nonhateful_meaning: random() < 0.5 ? `Placeholder everyday meaning #${i}.` : null,
      is_unambiguous: random() < 0.3,
      is_unambiguous_in: random() < 0.2 ? pick(FAKE_PLACES).country : null,
      average_offensiveness: random() < 0.9 ? Math.round(random() * 1000) / 10 : null,
      language: pick(LANGUAGES),
      plural_of: null,
      variant_of: previous && random() < 0.1 ? previous.term : null,
      transliteration_of: null,
      ...topics,
      number_of_sightings: total,
      number_of_sightings_this_year: Object.values(year).reduce((a, b) => a + b, 0),
      number_of_sightings_this_month: Object.values(month).reduce((a, b) => a + b, 0),
      created_on: gmt(created),
      updated_on: gmt(updated),
      nationalities: topics.is_about_nationality ? [pick(GROUPS.nationalities as string[])] : [],
      ethnicities: topics.is_about_ethnicity ? [pick(GROUPS.ethnicities as string[])] : [],
      religions: topics.is_about_religion ? [pick(GROUPS.religions as string[])] : [],
      genders: topics.is_about_gender ? [pick(GROUPS.genders as string[])] : [],
      sexual_orientations: topics.is_about_sexual_orientation ? [pick(GROUPS.sexual_orientations as string[])] : [],
      is_archaic: random() < 0.1,
      countries_sighted: countries,
      countries_sighted_this_year: year,
      countries_sighted_this_month: month,
    });
  }
  return terms;
}

/** `count` synthetic sightings of `terms` in 2019–2021. */
export function fixtureSightings(count: number, terms: readonly FakeTerm[], random: () => number): FakeSighting[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const sightings: FakeSighting[] = [];
  if (terms.length === 0) return sightings;
  for (let i = 1; i <= count; i++) {
    const term = pick(terms);
    const place = pick(FAKE_PLACES);
    const located = random() < 0.8;
    const at = Date.UTC(2019, 0, 1) + Math.floor(random() * 3 * 365 * 86_400) * 1000;
    sightings.push({
      sighting_id: `EXS${pad(i, 7)}`,
      vocabulary_id: term.vocabulary_id,
      term: term.term,
      probability: random() < 0.9 ? Math.round(random() * 100) : null,
      country_id: place.country,
      city: located ? place.city : null,
      latitude: located ? place.latitude : null,
      longitude: located ? place.longitude : null,
      ...Object.fromEntries(TOPICS.map((t) => [`is_about_${t}`, term[`is_about_${t}`]]) as [string, boolean][]),
      type: pick(TYPES),
      source: pick(SOURCES),
      sighted_on: gmt(at),
    } as FakeSighting);
  }
  return sightings;
}
