// Synthetic, deterministic fixtures for the Happy Grasshopper fake: two teams of agents, their contacts, tags
// and notes, and one API key per role. No real person or address: e-mail domains are example.com/.org/.net.

/** A role, as the API spells it. */
export type HappyGrasshopperRole = "Administrator" | "Team Administrator" | "User";

/** A team of users, as the fake stores it (teams have no documented fields; only their id is used). */
export interface StoredTeam {
  /** The team's id. */
  id: number;
  /** A display name (not part of the API). */
  name: string;
}

/** A user, as the fake stores it: the API's fields minus the computed ones, plus the team. */
export interface StoredUser {
  /** The user's id. */
  id: number;
  /** The user's team, or null (Happy Grasshopper staff, solo agents). */
  teamId: number | null;
  /** First name. */
  first_name: string | null;
  /** Last name. */
  last_name: string | null;
  /** E-mail address. */
  email: string;
  /** Company (brokerage). */
  company_name: string | null;
  /** Phone number. */
  phone: string | null;
  /** Date of birth, `YYYY-MM-DD`. */
  dob: string | null;
  /** Gender. */
  gender: string;
  /** IANA time zone. */
  time_zone: string;
  /** Account status. */
  status: string;
  /** Site (brand) id. */
  site_id: number;
  /** Roles; an API key of this user has the same. */
  roles: HappyGrasshopperRole[];
  /** ISO 8601 UTC. */
  created_at: string;
  /** ISO 8601 UTC. */
  updated_at: string;
}

/** A contact, as the fake stores it. */
export interface StoredContact {
  /** The contact's id. */
  id: number;
  /** The owning user's id. */
  user_id: number;
  /** First name. */
  first_name: string | null;
  /** Last name. */
  last_name: string | null;
  /** E-mail address. */
  email: string;
  /** Phone number. */
  phone: string | null;
  /** Date of birth, `YYYY-MM-DD`. */
  dob: string | null;
  /** Gender. */
  gender: string;
  /** Audience, e.g. `Sphere`. */
  audience: string;
  /** Whether the audience is locked. */
  is_audience_locked: boolean;
  /** Where the contact came from. */
  source: string;
  /** Subscription status. */
  status: string;
  /** Names of the owner's tags applied. */
  tags: string[];
  /** Names of the team's tags applied. */
  team_tags: string[];
  /** ISO 8601 UTC. */
  created_at: string;
  /** ISO 8601 UTC. */
  updated_at: string;
}

/** An inbox of a tag. */
export interface StoredInbox {
  /** The inbox's id. */
  id: number;
  /** Its e-mail address. */
  value: string;
  /** e.g. `Active`. */
  status: string;
  /** ISO 8601 UTC. */
  created_at: string;
  /** ISO 8601 UTC. */
  updated_at: string;
}

/** A tag, as the fake stores it (`contacts_count` is computed). */
export interface StoredTag {
  /** The tag's id. */
  id: number;
  /** Its name. */
  name: string;
  /** Audience. */
  audience: string;
  /** Visibility, e.g. `Shown`. */
  status: string;
  /** Whether a user or a team owns it. */
  owner_type: "users" | "teams";
  /** The owning user's or team's id. */
  owner_id: number;
  /** ISO 8601 UTC. */
  created_at: string;
  /** ISO 8601 UTC. */
  updated_at: string;
  /** Its inboxes. */
  inboxes: StoredInbox[];
}

/** A note, as the fake stores it: the API's fields plus what it is attached to. */
export interface StoredNote {
  /** The note's id. */
  id: number;
  /** The text. */
  value: string;
  /** Attached to a user or to a contact. */
  owner_type: "users" | "contacts";
  /** The user's or contact's id. */
  owner_id: number;
  /** ISO 8601 UTC. */
  created_at: string;
  /** ISO 8601 UTC. */
  updated_at: string;
}

/** An API key the fake accepts. */
export interface StoredKey {
  /** The key itself. */
  key: string;
  /** The user it belongs to (the key has that user's roles). */
  userId: number;
  /** The account was cancelled and its grace period is over: every request answers 403. */
  cancelled: boolean;
}

/** Ids of the fixtures that tests and demos usually need. */
export const HAPPY_GRASSHOPPER_FAKE_IDS = {
  /** Happy Grasshopper staff (Administrator). */
  staff: 1,
  /** Suncoast Realty Group. */
  team: 12,
  /** Bayview Homes, another team. */
  otherTeam: 15,
  /** Dana Whitfield, Team Administrator of `team`. */
  teamAdmin: 77179,
  /** Marcus Bell, a User of `team`, with more than one page of contacts. */
  user: 77180,
  /** Priya Natarajan, a User of `team` whose account is cancelled. */
  cancelledUser: 77181,
  /** Tom Alvarez, Team Administrator of `otherTeam`. */
  otherTeamAdmin: 78002,
  /** Elena Cruz, a User of `otherTeam`. */
  otherUser: 78003,
} as const;

/** The API keys of the fixtures, by role. */
export const HAPPY_GRASSHOPPER_FAKE_KEYS = {
  /** Marcus Bell's key: a User key (sees only Marcus's contacts, tags and notes). */
  user: "hg_fake_user_marcus_4f1c9a",
  /** Dana Whitfield's key: a Team Administrator key of team 12. */
  teamAdmin: "hg_fake_teamadmin_dana_8b27e0",
  /** Elena Cruz's key: a User key in the other team. */
  otherUser: "hg_fake_user_elena_3d5b71",
  /** Tom Alvarez's key: a Team Administrator key of team 15. */
  otherTeamAdmin: "hg_fake_teamadmin_tom_c96a02",
  /** A staff key (Administrator): everything. */
  administrator: "hg_fake_staff_0e4d88",
  /** Priya Natarajan's key: her account is cancelled and past its grace period, so every call answers 403. */
  cancelled: "hg_fake_cancelled_priya_71af3e",
} as const;

const FIRST = ["Avery", "Jordan", "Riley", "Casey", "Morgan", "Quinn", "Harper", "Rowan", "Sage", "Emerson"];
const LAST = ["Okafor", "Lindqvist", "Moreau", "Castillo", "Nakamura", "Brennan", "Haddad", "Kowalski", "Osei"];
const DOMAINS = ["example.com", "example.org", "example.net"];
const AUDIENCES = ["Sphere", "Sphere", "Sphere", "Past Clients", "Prospects"];
const SOURCES = ["List Upload", "API", "Manual Entry", "Zapier"];

/** `2026-03-04T05:06:07Z`: ISO 8601 in UTC without milliseconds, as the API writes it. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Everything the fake starts with. */
export interface HappyGrasshopperFixtures {
  /** Teams by id. */
  teams: StoredTeam[];
  /** Users. */
  users: StoredUser[];
  /** Contacts. */
  contacts: StoredContact[];
  /** Tags. */
  tags: StoredTag[];
  /** Notes. */
  notes: StoredNote[];
  /** API keys. */
  keys: StoredKey[];
}

/**
 * Builds the fixtures: deterministic, so tests can name them. `contactsPerUser` overrides how many contacts
 * Marcus Bell (the User key's user) owns (default 20: two pages of 15).
 */
export function buildFixtures(contactsForUser = 20): HappyGrasshopperFixtures {
  const ids = HAPPY_GRASSHOPPER_FAKE_IDS;
  const at = (day: number, hour = 14) => isoSeconds(new Date(Date.UTC(2024, 0, 1 + day, hour, 23, 11)));
  const user = (
    id: number,
    teamId: number | null,
    first: string,
    last: string,
    roles: HappyGrasshopperRole[],
    extra: Partial<StoredUser> = {},
  ): StoredUser => ({
    id,
    teamId,
    first_name: first,
    last_name: last,
    email: `${first}.${last}`.toLowerCase() + "@example.com",
    company_name: teamId === ids.team ? "Suncoast Realty Group" : teamId === ids.otherTeam ? "Bayview Homes" : null,
    phone: `727-555-0${String(id).slice(-3)}`,
    dob: null,
    gender: "Not Specified",
    time_zone: "America/New_York",
    status: "Active",
    site_id: 1,
    roles,
    created_at: at(id % 50),
    updated_at: at(100 + (id % 50)),
    ...extra,
  });
  const users = [
    user(ids.staff, null, "Happy", "Grasshopper", ["Administrator", "Team Administrator", "User"], {
      company_name: "Happy Grasshopper",
    }),
    user(ids.teamAdmin, ids.team, "Dana", "Whitfield", ["Team Administrator", "User"], { gender: "Female" }),
    user(ids.user, ids.team, "Marcus", "Bell", ["User"], { dob: "1984-06-12", gender: "Male" }),
    user(ids.cancelledUser, ids.team, "Priya", "Natarajan", ["User"], { status: "Cancelled" }),
    user(ids.otherTeamAdmin, ids.otherTeam, "Tom", "Alvarez", ["Team Administrator", "User"], {
      time_zone: "America/Chicago",
    }),
    user(ids.otherUser, ids.otherTeam, "Elena", "Cruz", ["User"], { time_zone: "America/Los_Angeles" }),
  ];

  const tags: StoredTag[] = [];
  let inboxId = 1;
  const tag = (name: string, ownerType: "users" | "teams", ownerId: number, inbox = false) => {
    const id = tags.length + 1;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    tags.push({
      id,
      name,
      audience: name.startsWith("Past") ? "Past Clients" : "Sphere",
      status: "Shown",
      owner_type: ownerType,
      owner_id: ownerId,
      created_at: at(200 + id),
      updated_at: at(200 + id),
      inboxes: inbox
        ? [
            {
              id: inboxId++,
              value: `${slug}-${id}@inbox.example.com`,
              status: "Active",
              created_at: at(201 + id),
              updated_at: at(201 + id),
            },
          ]
        : [],
    });
  };
  tag("Past Clients", "users", ids.user, true);
  tag("Buyers 2026", "users", ids.user);
  tag("Open House", "users", ids.user, true);
  tag("Investors", "users", ids.teamAdmin);
  tag("Sellers", "users", ids.otherUser);
  tag("Suncoast Sphere", "teams", ids.team, true);
  tag("Bayview Newsletter", "teams", ids.otherTeam);

  const contacts: StoredContact[] = [];
  const owners: [userId: number, count: number, userTags: string[], teamTags: string[]][] = [
    [ids.user, contactsForUser, ["Past Clients", "Buyers 2026", "Open House"], ["Suncoast Sphere"]],
    [ids.teamAdmin, 4, ["Investors"], ["Suncoast Sphere"]],
    [ids.cancelledUser, 3, [], []],
    [ids.otherTeamAdmin, 5, [], ["Bayview Newsletter"]],
    [ids.otherUser, 2, ["Sellers"], ["Bayview Newsletter"]],
  ];
  let n = 0;
  for (const [userId, count, userTags, teamTags] of owners) {
    for (let i = 0; i < count; i++, n++) {
      const first = FIRST[n % FIRST.length] as string;
      const last = LAST[(n * 7) % LAST.length] as string;
      contacts.push({
        id: 11882201 + n,
        user_id: userId,
        first_name: first,
        last_name: last,
        email: `${first}.${last}${n}`.toLowerCase() + `@${DOMAINS[n % DOMAINS.length]}`,
        phone: n % 4 === 3 ? null : `813-555-${String(1000 + n).slice(-4)}`,
        dob: n % 3 === 0 ? `19${60 + (n % 35)}-0${1 + (n % 9)}-1${n % 10}` : null,
        gender: n % 2 === 0 ? "Female" : "Male",
        audience: AUDIENCES[n % AUDIENCES.length] as string,
        is_audience_locked: n % 5 === 0,
        source: SOURCES[n % SOURCES.length] as string,
        status: n % 11 === 10 ? "Unsubscribed" : "Subscribed",
        tags: userTags.filter((_, t) => (n + t) % 2 === 0),
        team_tags: n % 3 === 1 ? [] : teamTags,
        created_at: at(300 + n, 9 + (n % 8)),
        updated_at: at(400 + n, 9 + (n % 8)),
      });
    }
  }
  // Two contacts share a first name with different e-mails: the OR search finds both by name, one by e-mail.
  const gus = contacts.find((c) => c.user_id === ids.user);
  if (gus) {
    gus.first_name = "Gus";
    gus.email = "gus@example.com";
  }

  const notes: StoredNote[] = [];
  const note = (value: string, ownerType: "users" | "contacts", ownerId: number) =>
    notes.push({
      id: notes.length + 1,
      value,
      owner_type: ownerType,
      owner_id: ownerId,
      created_at: at(500 + notes.length),
      updated_at: at(500 + notes.length),
    });
  note("Prefers e-mail after 6pm; closing season is March-May.", "users", ids.user);
  note("Monthly market report goes out on the first Tuesday.", "users", ids.teamAdmin);
  const firstOf = (userId: number) => contacts.find((c) => c.user_id === userId)?.id ?? 0;
  note("Looking for a 3-bed near the water, budget flexible.", "contacts", firstOf(ids.user));
  note("Referred two friends in 2025; send a thank-you card.", "contacts", firstOf(ids.user));
  note("Considering selling in spring.", "contacts", firstOf(ids.otherUser));

  const keys: StoredKey[] = [
    { key: HAPPY_GRASSHOPPER_FAKE_KEYS.user, userId: ids.user, cancelled: false },
    { key: HAPPY_GRASSHOPPER_FAKE_KEYS.teamAdmin, userId: ids.teamAdmin, cancelled: false },
    { key: HAPPY_GRASSHOPPER_FAKE_KEYS.otherUser, userId: ids.otherUser, cancelled: false },
    { key: HAPPY_GRASSHOPPER_FAKE_KEYS.otherTeamAdmin, userId: ids.otherTeamAdmin, cancelled: false },
    { key: HAPPY_GRASSHOPPER_FAKE_KEYS.administrator, userId: ids.staff, cancelled: false },
    { key: HAPPY_GRASSHOPPER_FAKE_KEYS.cancelled, userId: ids.cancelledUser, cancelled: true },
  ];
  return {
    teams: [
      { id: ids.team, name: "Suncoast Realty Group" },
      { id: ids.otherTeam, name: "Bayview Homes" },
    ],
    users,
    contacts,
    tags,
    notes,
    keys,
  };
}
