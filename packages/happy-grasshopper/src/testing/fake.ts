import { bearerToken, type Fault, type FaultyHandler, jsonResponse, withFaults } from "@hatchery/core/testing";
import {
  buildFixtures,
  HAPPY_GRASSHOPPER_FAKE_IDS,
  HAPPY_GRASSHOPPER_FAKE_KEYS,
  isoSeconds,
  type StoredContact,
  type StoredKey,
  type StoredNote,
  type StoredTag,
  type StoredTeam,
  type StoredUser,
} from "./fixtures.js";

/** The API key the fake's client uses unless told otherwise: a User key (Marcus Bell). */
export const HAPPY_GRASSHOPPER_FAKE_API_KEY: string = HAPPY_GRASSHOPPER_FAKE_KEYS.user;

/** Items per page when the request does not say (Happy Grasshopper's documented 15). */
export const HAPPY_GRASSHOPPER_PER_PAGE = 15;

/** Options of {@link createHappyGrasshopperFake}. */
export interface HappyGrasshopperFakeOptions {
  /**
   * How many contacts Marcus Bell (the default User key's user) owns at the start.
   * @default 20 (two pages of 15)
   */
  contactsForUser?: number;
  /**
   * How a successful DELETE answers: 200 `{"success": true}` (the notes page) or 204 No Content (the overview).
   * @default 200
   */
  deleteStatus?: 200 | 204;
  /**
   * The status of a validation failure: 422 (Laravel's) or 400, which Happy Grasshopper's overview lists. The
   * body is the same `{message, errors: {field: [messages]}}` either way.
   * @default 422
   */
  validationStatus?: 400 | 422;
  /**
   * The fake's clock, for the timestamps of what it creates and updates.
   * @default () => new Date()
   */
  now?: () => Date;
}

/** Everything the fake holds. Mutate it to arrange a test; read it to assert on side effects. */
export interface HappyGrasshopperFakeState {
  /** Teams by id. */
  teams: Map<number, StoredTeam>;
  /** Users by id. */
  users: Map<number, StoredUser>;
  /** Contacts by id. */
  contacts: Map<number, StoredContact>;
  /** Tags by id. */
  tags: Map<number, StoredTag>;
  /** Notes by id. */
  notes: Map<number, StoredNote>;
  /** API keys by key. */
  keys: Map<string, StoredKey>;
}

/** Side effects and traffic, so tests can prove a write happened exactly once. */
export interface HappyGrasshopperFakeCounters {
  /** Requests the fake answered (faults injected before the fake are not counted). */
  requests: number;
  /** Contacts created. */
  contactsCreated: number;
  /** Tags created. */
  tagsCreated: number;
  /** Notes created. */
  notesCreated: number;
  /** Successful PUTs. */
  updates: number;
  /** Successful DELETEs. */
  deletes: number;
  /** Answers with status 403. */
  forbidden: number;
}

/** A stateful fake of the Happy Grasshopper API v3. */
export interface HappyGrasshopperFake {
  /**
   * The `fetch`-style handler, with fault injection: serve it with `serve()` (then use
   * `baseUrl: server.url + "/v3"`, or `server.url`: the `/v3` prefix is optional) or pass it as the client's `fetch`.
   */
  handler: FaultyHandler;
  /** Queues an injected fault (a status with `Retry-After`, a delay, a dropped connection, a failure after the effect). */
  inject(fault: Fault): void;
  /** The default API key: a User key ({@link HAPPY_GRASSHOPPER_FAKE_KEYS}`.user`). */
  apiKey: string;
  /** Every key by role. */
  keys: typeof HAPPY_GRASSHOPPER_FAKE_KEYS;
  /** Ids of the fixtures. */
  ids: typeof HAPPY_GRASSHOPPER_FAKE_IDS;
  /** The data. */
  state: HappyGrasshopperFakeState;
  /** Side-effect counters. */
  counters: HappyGrasshopperFakeCounters;
  /** Requests answered per operation, by `operationId`. */
  calls: Record<string, number>;
}

type Json = Record<string, unknown>;
type Route = {
  id: string;
  method: string;
  pattern: RegExp;
  run: (ctx: Context, params: number[]) => Response | Promise<Response>;
};
interface Context {
  request: Request;
  url: URL;
  actor: StoredUser;
}

const SEARCH_FIELDS = {
  users: [
    "id",
    "first_name",
    "last_name",
    "email",
    "company_name",
    "phone",
    "dob",
    "gender",
    "time_zone",
    "status",
    "site_id",
    "created_at",
    "updated_at",
  ],
  contacts: [
    "id",
    "user_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "dob",
    "gender",
    "audience",
    "is_audience_locked",
    "source",
    "status",
    "created_at",
    "updated_at",
  ],
  tags: ["id", "name", "audience", "status", "owner_type", "owner_id", "created_at", "updated_at"],
  notes: ["id", "value", "created_at", "updated_at"],
} as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const message = (status: number, text: string, errors?: Record<string, string[]>) =>
  jsonResponse(status, errors ? { message: text, errors } : { message: text });
const BAD_REQUEST = () => message(400, "We could not process this request.");

class Invalid extends Error {
  constructor(readonly errors: Record<string, string[]>) {
    super("The given data was invalid.");
  }
}

/** Checks a write body field by field, Laravel style; throws {@link Invalid} with every problem at once. */
function validate(
  body: Json,
  rules: Record<string, "string" | "nullable-string" | "email" | "date" | "boolean" | "names" | "zone">,
  required: string[] = [],
): Json {
  const errors: Record<string, string[]> = {};
  const fail = (field: string, text: string) => {
    errors[field] = [...(errors[field] ?? []), text];
  };
  for (const field of required) {
    const v = body[field];
    if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) {
      fail(field, `The ${field.replace(/_/g, " ")} field is required.`);
    }
  }
  const out: Json = {};
  for (const [field, rule] of Object.entries(rules)) {
    if (!(field in body) || errors[field]) continue;
    const v = body[field];
    const label = field.replace(/_/g, " ");
    const nullable = rule === "nullable-string" || rule === "date";
    if (v === null && nullable) {
      out[field] = null;
      continue;
    }
    if (rule === "boolean") {
      if (typeof v !== "boolean") fail(field, `The ${label} field must be true or false.`);
    } else if (rule === "names") {
      if (!Array.isArray(v) || v.some((t) => typeof t !== "string" || t.trim() === "")) {
        fail(field, `The ${label} must be an array of names.`);
      }
    } else if (typeof v !== "string") {
      fail(field, `The ${label} must be a string.`);
    } else if (rule === "email" && !EMAIL.test(v)) {
      fail(field, `The ${label} must be a valid email address.`);
    } else if (rule === "date" && (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) {
      fail(field, `The ${label} does not match the format Y-m-d.`);
    } else if (rule === "zone" && !validZone(v)) {
      fail(field, `The ${label} must be a valid time zone.`);
    } else if (rule === "string" && v.trim() === "") {
      fail(field, `The ${label} field must not be empty.`);
    }
    if (!errors[field]) out[field] = Array.isArray(v) ? [...v] : v;
  }
  if (Object.keys(errors).length) throw new Invalid(errors);
  return out;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The condition `value` (a query string) matches the field value `actual`: exact, case-insensitive for text. */
function matches(actual: unknown, value: string): boolean {
  if (actual === null || actual === undefined) return value === "" || value === "null";
  if (typeof actual === "boolean") return (value === "true" || value === "1") === actual;
  return String(actual).toLowerCase() === value.toLowerCase();
}

/**
 * Creates a stateful fake of the Happy Grasshopper API v3: users in two teams, their contacts (Marcus Bell, the
 * default key's user, has two pages of them), tags with inboxes, and notes. It checks the bearer key and its role
 * (a User key reaches only its own user's resources, a Team Administrator key its team's; other resources answer
 * 403, and a cancelled account's key answers 403 to everything), searches with OR-combined field conditions,
 * paginates Laravel-style (15 per page, `?page`, optional `per_page`), answers creates with 201, DELETEs with 200
 * `{"success": true}` or 204, validation failures with 422 (or 400, `validationStatus`) `{message, errors}`, unparsable bodies and bad paging parameters with 400.
 * @example
 * const fake = createHappyGrasshopperFake();
 * const server = await serve(fake.handler);
 * const client = createHappyGrasshopperClient({ apiKey: fake.apiKey, baseUrl: `${server.url}/v3` });
 * fake.inject({ status: 503, times: 1 }); // the next request fails once, then succeeds on retry
 */
export function createHappyGrasshopperFake(options: HappyGrasshopperFakeOptions = {}): HappyGrasshopperFake {
  const now = options.now ?? (() => new Date());
  const stamp = () => isoSeconds(now());
  const deleteStatus = options.deleteStatus ?? 200;
  const fixtures = buildFixtures(options.contactsForUser ?? 20);
  const state: HappyGrasshopperFakeState = {
    teams: new Map(fixtures.teams.map((t) => [t.id, t])),
    users: new Map(fixtures.users.map((u) => [u.id, u])),
    contacts: new Map(fixtures.contacts.map((c) => [c.id, c])),
    tags: new Map(fixtures.tags.map((t) => [t.id, t])),
    notes: new Map(fixtures.notes.map((n) => [n.id, n])),
    keys: new Map(fixtures.keys.map((k) => [k.key, k])),
  };
  const counters: HappyGrasshopperFakeCounters = {
    requests: 0,
    contactsCreated: 0,
    tagsCreated: 0,
    notesCreated: 0,
    updates: 0,
    deletes: 0,
    forbidden: 0,
  };
  const calls: Record<string, number> = {};
  const nextId = (map: Map<number, unknown>) => Math.max(0, ...map.keys()) + 1;

  // ---- Roles ---------------------------------------------------------------------------------------------
  const isStaff = (actor: StoredUser) => actor.roles.includes("Administrator");
  const reachesUser = (actor: StoredUser, userId: number) => {
    if (isStaff(actor) || actor.id === userId) return true;
    const target = state.users.get(userId);
    return (
      actor.roles.includes("Team Administrator") &&
      actor.teamId !== null &&
      target !== undefined &&
      target.teamId === actor.teamId
    );
  };
  const reachesTeam = (actor: StoredUser, teamId: number) =>
    isStaff(actor) || (actor.roles.includes("Team Administrator") && actor.teamId === teamId);
  const reachesTag = (actor: StoredUser, tag: StoredTag) =>
    tag.owner_type === "users" ? reachesUser(actor, tag.owner_id) : reachesTeam(actor, tag.owner_id);
  const reachesNote = (actor: StoredUser, note: StoredNote) => {
    if (note.owner_type === "users") return reachesUser(actor, note.owner_id);
    const contact = state.contacts.get(note.owner_id);
    return contact !== undefined && reachesUser(actor, contact.user_id);
  };

  // ---- Views (what the API returns) ------------------------------------------------------------------------
  const fullName = (first: string | null, last: string | null) => [first, last].filter(Boolean).join(" ");
  const userView = (u: StoredUser) => {
    const { teamId: _team, ...fields } = u;
    return {
      ...fields,
      full_name: fullName(u.first_name, u.last_name),
      contacts_count: [...state.contacts.values()].filter((c) => c.user_id === u.id).length,
      tags_count: [...state.tags.values()].filter((t) => t.owner_type === "users" && t.owner_id === u.id).length,
      roles: [...u.roles],
      deleted_at: null,
    };
  };
  const contactView = (c: StoredContact) => ({
    ...c,
    full_name: fullName(c.first_name, c.last_name),
    tags: [...c.tags],
    team_tags: [...c.team_tags],
    deleted_at: null,
  });
  const teamOf = (userId: number) => state.users.get(userId)?.teamId ?? null;
  const tagged = (tag: StoredTag, c: StoredContact) =>
    tag.owner_type === "users"
      ? c.user_id === tag.owner_id && c.tags.includes(tag.name)
      : teamOf(c.user_id) === tag.owner_id && c.team_tags.includes(tag.name);
  const tagView = (t: StoredTag) => ({
    ...t,
    contacts_count: [...state.contacts.values()].filter((c) => tagged(t, c)).length,
    inboxes: t.inboxes.map((i) => ({ ...i })),
  });
  const noteView = (n: StoredNote) => ({
    id: n.id,
    value: n.value,
    created_at: n.created_at,
    updated_at: n.updated_at,
  });

  // ---- Lists -----------------------------------------------------------------------------------------------
  function page(ctx: Context, all: Json[], fields: readonly string[]): Response {
    const query = ctx.url.searchParams;
    const pageText = query.get("page") ?? "1";
    const perText = query.get("per_page") ?? String(HAPPY_GRASSHOPPER_PER_PAGE);
    const current = Number(pageText);
    const per = Number(perText);
    if (!/^\d+$/.test(pageText) || current < 1) {
      return message(400, "We could not process this request.", {
        page: ["The page must be an integer of at least 1."],
      });
    }
    if (!/^\d+$/.test(perText) || per < 1 || per > 100) {
      return message(400, "We could not process this request.", {
        per_page: ["The per page must be between 1 and 100."],
      });
    }
    // Each field parameter is a condition; several are combined with OR (as Happy Grasshopper documents).
    const conditions = fields.flatMap((f) => query.getAll(f).map((v) => [f, v] as const));
    const found = conditions.length ? all.filter((item) => conditions.some(([f, v]) => matches(item[f], v))) : all;
    const total = found.length;
    const lastPage = Math.max(1, Math.ceil(total / per));
    const items = found.slice((current - 1) * per, current * per);
    const path = `${ctx.url.origin}${ctx.url.pathname}`;
    const link = (n: number) => `${path}?page=${n}`;
    const from = items.length ? (current - 1) * per + 1 : null;
    return jsonResponse(200, {
      data: items,
      links: {
        first: link(1),
        last: link(lastPage),
        prev: current > 1 ? link(Math.min(current - 1, lastPage)) : null,
        next: current < lastPage ? link(current + 1) : null,
      },
      meta: {
        current_page: current,
        from,
        last_page: lastPage,
        path,
        per_page: per,
        to: from === null ? null : from + items.length - 1,
        total,
      },
    });
  }
  const byId = <T extends { id: number }>(items: Iterable<T>) => [...items].sort((a, b) => a.id - b.id);

  // ---- Lookups that answer 404 / 403 -------------------------------------------------------------------------
  class Answer extends Error {
    constructor(readonly response: Response) {
      super("answer");
    }
  }
  const notFound = (what: string, id: number) => new Answer(message(404, `No query results for model [${what}] ${id}`));
  const forbidden = () => {
    counters.forbidden += 1;
    return new Answer(message(403, "This action is unauthorized."));
  };
  const user = (ctx: Context, id: number) => {
    const found = state.users.get(id);
    if (!found) throw notFound("User", id);
    if (!reachesUser(ctx.actor, id)) throw forbidden();
    return found;
  };
  const team = (ctx: Context, id: number) => {
    if (!state.teams.has(id)) throw notFound("Team", id);
    if (!reachesTeam(ctx.actor, id)) throw forbidden();
    return id;
  };
  const contact = (ctx: Context, id: number) => {
    const found = state.contacts.get(id);
    if (!found) throw notFound("Contact", id);
    if (!reachesUser(ctx.actor, found.user_id)) throw forbidden();
    return found;
  };
  const tag = (ctx: Context, id: number) => {
    const found = state.tags.get(id);
    if (!found) throw notFound("Tag", id);
    if (!reachesTag(ctx.actor, found)) throw forbidden();
    return found;
  };
  const note = (ctx: Context, id: number) => {
    const found = state.notes.get(id);
    if (!found) throw notFound("Note", id);
    if (!reachesNote(ctx.actor, found)) throw forbidden();
    return found;
  };
  async function body(ctx: Context): Promise<Json> {
    const text = await ctx.request.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text === "" ? "{}" : text);
    } catch {
      throw new Answer(BAD_REQUEST());
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Answer(BAD_REQUEST());
    return parsed as Json;
  }
  const deleted = () => {
    counters.deletes += 1;
    return deleteStatus === 204 ? new Response(null, { status: 204 }) : jsonResponse(200, { success: true });
  };

  // ---- Writes ----------------------------------------------------------------------------------------------
  const CONTACT_RULES = {
    first_name: "nullable-string",
    last_name: "nullable-string",
    email: "email",
    phone: "nullable-string",
    dob: "date",
    gender: "string",
    audience: "string",
    is_audience_locked: "boolean",
    source: "string",
    status: "string",
    tags: "names",
    team_tags: "names",
  } as const;
  const TAG_RULES = { name: "string", audience: "string", status: "string" } as const;
  const tagNameTaken = (ownerType: "users" | "teams", ownerId: number, name: string, except?: number) =>
    [...state.tags.values()].some(
      (t) => t.owner_type === ownerType && t.owner_id === ownerId && t.id !== except && t.name === name,
    );

  function createTag(ownerType: "users" | "teams", ownerId: number, input: Json): Response {
    const fields = validate(input, TAG_RULES, ["name"]);
    if (tagNameTaken(ownerType, ownerId, String(fields.name))) {
      throw new Invalid({ name: ["The name has already been taken."] });
    }
    const at = stamp();
    const created: StoredTag = {
      id: nextId(state.tags),
      name: String(fields.name),
      audience: typeof fields.audience === "string" ? fields.audience : "Sphere",
      status: typeof fields.status === "string" ? fields.status : "Shown",
      owner_type: ownerType,
      owner_id: ownerId,
      created_at: at,
      updated_at: at,
      inboxes: [],
    };
    state.tags.set(created.id, created);
    counters.tagsCreated += 1;
    return jsonResponse(201, tagView(created));
  }
  function createNote(ownerType: "users" | "contacts", ownerId: number, input: Json): Response {
    const fields = validate(input, { value: "string" }, ["value"]);
    const at = stamp();
    const created: StoredNote = {
      id: nextId(state.notes),
      value: String(fields.value),
      owner_type: ownerType,
      owner_id: ownerId,
      created_at: at,
      updated_at: at,
    };
    state.notes.set(created.id, created);
    counters.notesCreated += 1;
    return jsonResponse(201, noteView(created));
  }

  // ---- Routes ----------------------------------------------------------------------------------------------
  const route = (id: string, method: string, path: string, run: Route["run"]): Route => ({
    id,
    method,
    pattern: new RegExp(`^${path.replace(/\{[a-z_]+\}/g, "(\\d+)")}$`),
    run,
  });
  const usersOf = (ctx: Context) => byId(state.users.values()).filter((u) => reachesUser(ctx.actor, u.id));
  const routes: Route[] = [
    // Users
    route("searchUsers", "GET", "/users", (ctx) => page(ctx, usersOf(ctx).map(userView), SEARCH_FIELDS.users)),
    route("searchTeamUsers", "GET", "/teams/{team_id}/users", (ctx, [teamId = 0]) => {
      team(ctx, teamId);
      const members = byId(state.users.values()).filter((u) => u.teamId === teamId);
      return page(ctx, members.map(userView), SEARCH_FIELDS.users);
    }),
    route("getUser", "GET", "/users/{user_id}", (ctx, [id = 0]) => jsonResponse(200, userView(user(ctx, id)))),
    route("updateUser", "PUT", "/users/{user_id}", async (ctx, [id = 0]) => {
      const target = user(ctx, id);
      const fields = validate(await body(ctx), {
        first_name: "string",
        last_name: "string",
        email: "email",
        company_name: "nullable-string",
        phone: "nullable-string",
        dob: "date",
        gender: "string",
        time_zone: "zone",
      });
      const email = fields.email;
      if (typeof email === "string" && [...state.users.values()].some((u) => u.id !== id && u.email === email)) {
        throw new Invalid({ email: ["The email has already been taken."] });
      }
      Object.assign(target, fields, { updated_at: stamp() });
      counters.updates += 1;
      return jsonResponse(200, userView(target));
    }),

    // Contacts
    route("searchUserContacts", "GET", "/users/{user_id}/contacts", (ctx, [id = 0]) => {
      user(ctx, id);
      const owned = byId(state.contacts.values()).filter((c) => c.user_id === id);
      return page(
        ctx,
        owned.map(contactView),
        SEARCH_FIELDS.contacts.filter((f) => f !== "user_id"),
      );
    }),
    route("createContact", "POST", "/users/{user_id}/contacts", async (ctx, [id = 0]) => {
      user(ctx, id);
      const fields = validate(await body(ctx), CONTACT_RULES, ["email"]);
      const at = stamp();
      const created: StoredContact = {
        id: nextId(state.contacts),
        user_id: id,
        first_name: null,
        last_name: null,
        email: String(fields.email),
        phone: null,
        dob: null,
        gender: "Not Specified",
        audience: "Sphere",
        is_audience_locked: false,
        source: "API",
        status: "Subscribed",
        tags: [],
        team_tags: [],
        ...(fields as Partial<StoredContact>),
        created_at: at,
        updated_at: at,
      };
      state.contacts.set(created.id, created);
      counters.contactsCreated += 1;
      return jsonResponse(201, contactView(created));
    }),
    route("searchContacts", "GET", "/contacts", (ctx) => {
      const visible = byId(state.contacts.values()).filter((c) => reachesUser(ctx.actor, c.user_id));
      return page(ctx, visible.map(contactView), SEARCH_FIELDS.contacts);
    }),
    route("getContact", "GET", "/contacts/{contact_id}", (ctx, [id = 0]) =>
      jsonResponse(200, contactView(contact(ctx, id))),
    ),
    route("updateContact", "PUT", "/contacts/{contact_id}", async (ctx, [id = 0]) => {
      const target = contact(ctx, id);
      const fields = validate(await body(ctx), CONTACT_RULES);
      Object.assign(target, fields, { updated_at: stamp() });
      counters.updates += 1;
      return jsonResponse(200, contactView(target));
    }),
    route("deleteContact", "DELETE", "/contacts/{contact_id}", (ctx, [id = 0]) => {
      contact(ctx, id);
      state.contacts.delete(id);
      for (const n of [...state.notes.values()]) {
        if (n.owner_type === "contacts" && n.owner_id === id) state.notes.delete(n.id);
      }
      return deleted();
    }),

    // Tags
    route("searchUserTags", "GET", "/users/{user_id}/tags", (ctx, [id = 0]) => {
      user(ctx, id);
      const owned = byId(state.tags.values()).filter((t) => t.owner_type === "users" && t.owner_id === id);
      return page(ctx, owned.map(tagView), SEARCH_FIELDS.tags);
    }),
    route("createUserTag", "POST", "/users/{user_id}/tags", async (ctx, [id = 0]) => {
      user(ctx, id);
      return createTag("users", id, await body(ctx));
    }),
    route("searchTeamTags", "GET", "/teams/{team_id}/tags", (ctx, [id = 0]) => {
      team(ctx, id);
      const owned = byId(state.tags.values()).filter((t) => t.owner_type === "teams" && t.owner_id === id);
      return page(ctx, owned.map(tagView), SEARCH_FIELDS.tags);
    }),
    route("createTeamTag", "POST", "/teams/{team_id}/tags", async (ctx, [id = 0]) => {
      team(ctx, id);
      return createTag("teams", id, await body(ctx));
    }),
    route("searchContactTags", "GET", "/contacts/{contact_id}/tags", (ctx, [id = 0]) => {
      const c = contact(ctx, id);
      const applied = byId(state.tags.values()).filter((t) => tagged(t, c));
      return page(ctx, applied.map(tagView), SEARCH_FIELDS.tags);
    }),
    route("getTag", "GET", "/tags/{tag_id}", (ctx, [id = 0]) => jsonResponse(200, tagView(tag(ctx, id)))),
    route("updateTag", "PUT", "/tags/{tag_id}", async (ctx, [id = 0]) => {
      const target = tag(ctx, id);
      const fields = validate(await body(ctx), TAG_RULES);
      const name = fields.name;
      if (typeof name === "string" && tagNameTaken(target.owner_type, target.owner_id, name, id)) {
        throw new Invalid({ name: ["The name has already been taken."] });
      }
      if (typeof name === "string" && name !== target.name) {
        // Contacts refer to tags by name: a rename follows through.
        for (const c of state.contacts.values()) {
          if (!tagged(target, c)) continue;
          const list = target.owner_type === "users" ? c.tags : c.team_tags;
          list.splice(list.indexOf(target.name), 1, name);
        }
      }
      Object.assign(target, fields, { updated_at: stamp() });
      counters.updates += 1;
      return jsonResponse(200, tagView(target));
    }),
    route("deleteTag", "DELETE", "/tags/{tag_id}", (ctx, [id = 0]) => {
      const target = tag(ctx, id);
      for (const c of state.contacts.values()) {
        if (!tagged(target, c)) continue;
        if (target.owner_type === "users") c.tags = c.tags.filter((t) => t !== target.name);
        else c.team_tags = c.team_tags.filter((t) => t !== target.name);
      }
      state.tags.delete(id);
      return deleted();
    }),

    // Notes
    route("searchUserNotes", "GET", "/users/{user_id}/notes", (ctx, [id = 0]) => {
      user(ctx, id);
      const own = byId(state.notes.values()).filter((n) => n.owner_type === "users" && n.owner_id === id);
      return page(ctx, own.map(noteView), SEARCH_FIELDS.notes);
    }),
    route("createUserNote", "POST", "/users/{user_id}/notes", async (ctx, [id = 0]) => {
      user(ctx, id);
      return createNote("users", id, await body(ctx));
    }),
    route("searchContactNotes", "GET", "/contacts/{contact_id}/notes", (ctx, [id = 0]) => {
      contact(ctx, id);
      const own = byId(state.notes.values()).filter((n) => n.owner_type === "contacts" && n.owner_id === id);
      return page(ctx, own.map(noteView), SEARCH_FIELDS.notes);
    }),
    route("createContactNote", "POST", "/contacts/{contact_id}/notes", async (ctx, [id = 0]) => {
      contact(ctx, id);
      return createNote("contacts", id, await body(ctx));
    }),
    route("getNote", "GET", "/notes/{note_id}", (ctx, [id = 0]) => jsonResponse(200, noteView(note(ctx, id)))),
    route("updateNote", "PUT", "/notes/{note_id}", async (ctx, [id = 0]) => {
      const target = note(ctx, id);
      const fields = validate(await body(ctx), { value: "string" }, ["value"]);
      Object.assign(target, fields, { updated_at: stamp() });
      counters.updates += 1;
      return jsonResponse(200, noteView(target));
    }),
    route("deleteNote", "DELETE", "/notes/{note_id}", (ctx, [id = 0]) => {
      note(ctx, id);
      state.notes.delete(id);
      return deleted();
    }),
  ];

  async function handle(request: Request): Promise<Response> {
    counters.requests += 1;
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/v3(?=\/|$)/, "").replace(/\/$/, "") || "/";
    const candidates = routes.filter((r) => r.pattern.test(path));
    if (!candidates.length) return message(404, "Not Found");
    const matched = candidates.find((r) => r.method === request.method.toUpperCase());
    if (!matched) return message(405, "The method is not supported for this route.");

    const token = bearerToken(request);
    const key = token === undefined ? undefined : state.keys.get(token);
    const actor = key ? state.users.get(key.userId) : undefined;
    if (!key || !actor) return message(401, "Unauthenticated.");
    calls[matched.id] = (calls[matched.id] ?? 0) + 1;
    if (key.cancelled) {
      counters.forbidden += 1;
      return message(403, "This account has been cancelled.");
    }
    const params = (matched.pattern.exec(path) ?? []).slice(1).map(Number);
    try {
      return await matched.run({ request, url, actor }, params);
    } catch (error) {
      if (error instanceof Answer) return error.response;
      if (error instanceof Invalid) return message(options.validationStatus ?? 422, error.message, error.errors);
      throw error;
    }
  }

  const handler = withFaults(handle);
  return {
    handler,
    inject: (fault) => handler.inject(fault),
    apiKey: HAPPY_GRASSHOPPER_FAKE_API_KEY,
    keys: HAPPY_GRASSHOPPER_FAKE_KEYS,
    ids: HAPPY_GRASSHOPPER_FAKE_IDS,
    state,
    counters,
    calls,
  };
}
