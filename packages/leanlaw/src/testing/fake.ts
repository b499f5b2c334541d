import { type Fault, type FaultyHandler, withFaults } from "@hatchery/core/testing";
import type { components } from "../generated/schema.js";
import type { SelectOperation } from "../select.js";
import { applyCustomFields, checkBody, conflictFields, contactFields, mergeSparse, readJson } from "./body.js";
import {
  type ClientRecord,
  type ExpenseRecord,
  type FixedFeeRecord,
  generateDb,
  idSource,
  type LeanLawDb,
  type MatterRecord,
  type TimeEntryRecord,
} from "./db.js";
import { BODIES } from "./fields.js";
import {
  badRequest,
  comparator,
  EMPTY_GUID,
  isUuid,
  notFound,
  Problem,
  problemBody,
  Query,
  titleOf,
  validationProblem,
} from "./http.js";
import { dateMs, days, isoDate, isoDateTime } from "./random.js";
import {
  clientOf,
  clientView,
  expenseView,
  fixedFeeView,
  invoiceView,
  matterView,
  timeEntryView,
  userView,
} from "./views.js";

type Schemas = components["schemas"];

/** Scopes of a LeanLaw API key. `read.rates` shows `rate` and `amount` on billable time entries. */
export type LeanLawScope = "read" | "write" | "read.rates";

/** An API key the fake accepts. */
export interface FakeApiKey {
  /**
   * What the key may do.
   * @default ["read", "write", "read.rates"]
   */
  scopes?: readonly LeanLawScope[];
  /** The user the key identifies, used for a new time entry without `userId` or `x-leanlaw-userid`. */
  userId?: string;
}

/** The key every fake accepts unless `apiKeys` says otherwise. */
export const LEANLAW_FAKE_API_KEY = "leanlaw-fake-key";

/** Options of {@link createLeanLawFake}. */
export interface LeanLawFakeOptions {
  /**
   * Seed of the generated firm: the same seed always gives the same records and ids.
   * @default 1
   */
  seed?: number;
  /**
   * Number of generated clients; matters, time entries, expenses, fixed fees and invoices scale with it.
   * @default 2543
   */
  clients?: number;
  /**
   * Accepted API keys. A request without a key gets 401; an unknown key, or one without the needed scope, 403.
   * @default { [LEANLAW_FAKE_API_KEY]: { scopes: ["read", "write", "read.rates"] } }
   */
  apiKeys?: Record<string, FakeApiKey>;
  /**
   * The fake's clock: timestamps of writes, and "today" for overdue balances.
   * @default () => new Date()
   */
  now?: () => Date;
  /**
   * Status of a successful POST. LeanLaw's prose says 201, its OpenAPI 200; clients must accept both.
   * @default 201
   */
  createStatus?: 200 | 201;
  /**
   * Answer the calls LeanLaw documents no body for (createExpense, createFixedFee, updateExpense,
   * updateFixedFee, updateTimeEntry) with an empty body instead of `{data: <record>}`.
   * @default false
   */
  emptyWriteBodies?: boolean;
  /**
   * Parts each list includes without a `select` (excludable with `-part`). LeanLaw does not document which
   * parts any list includes by default, so none are.
   * @default {}
   */
  defaultSelect?: Partial<Record<SelectOperation, readonly string[]>>;
}

/** Side-effect counters, so tests can prove a call did (or did not) happen twice. */
export interface LeanLawFakeCounters {
  /** Every request the fake answered (after auth), by operationId. */
  requests: Record<string, number>;
  /** Records created, by kind (`clients`, `matters`, `timeEntries`, `expenses`, `fixedFees`, `practiceAreas`). */
  created: Record<string, number>;
  /** Records updated, by kind (also `users`). */
  updated: Record<string, number>;
  /** Records deleted, by kind. */
  deleted: Record<string, number>;
}

/** A stateful fake of the LeanLaw API. */
export interface LeanLawFake {
  /**
   * The API as a `fetch`-style handler, with fault injection (`handler.inject(...)`). Serve it with `serve()` or
   * pass it as the client's `fetch`.
   */
  handler: FaultyHandler;
  /** Everything the fake holds; mutate it to set up a scenario. */
  db: LeanLawDb;
  /** Side-effect counters (records created, requests served) for proving a request happened exactly once. */
  counters: LeanLawFakeCounters;
  /** The API key that works (the first of `apiKeys`). */
  apiKey: string;
  /** Queues a fault (status, drop, delay, after-effect...) for matching requests. */
  inject(fault: Fault): void;
  /** The trace id of the last response. */
  readonly lastTraceId: string | undefined;
}

const VERSION = "0.27.0";
const ALL_SCOPES: readonly LeanLawScope[] = ["read", "write", "read.rates"];
const BILLING_TYPES: Schemas["BillingType"][] = ["nonBillable", "billable", "fixedFee"];
const INVOICE_STATES: Schemas["InvoiceState"][] = ["draft", "review", "approved", "final"];
const ROLES: Schemas["Role"][] = ["principal", "attorney", "paralegal", "timekeeper", "operator", "accountant"];
const ENTITIES: Schemas["CustomFieldEntityType"][] = ["client", "matter", "user"];
const USER_SCOPED = new Set(["listMatters", "listTimeEntries", "createTimeEntry"]);

interface Context {
  request: Request;
  query: Query;
  key: FakeApiKey;
  /** The user in `x-leanlaw-userid`, checked. */
  actingUserId: string | undefined;
  now: number;
}

type Route = {
  method: string;
  pattern: RegExp;
  operation: string;
  run: (ctx: Context, id: string) => Promise<Response> | Response;
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Creates a stateful fake of the LeanLaw API holding a whole synthetic firm (2,543 clients by default, with
 * their matters, time, expenses, fixed fees and invoices), generated from a seed.
 *
 * It checks the bearer key (401 without one, 403 for an unknown key or a missing scope), validates parameters
 * and bodies (400 with ASP.NET ProblemDetails), answers unknown ids with 404, and implements `select`, `sort`,
 * the query filters, offset pagination (`limit` 1-1000), `modifiedSince`, sparse PUTs (the empty GUID unsets
 * a reference), the delete rules, the `x-leanlaw-userid` scoping and the QuickBooks side effect of
 * `createMatter`. Every response carries `x-leanlaw-traceid`. Faults are injected through `inject`.
 * @example
 * import { createLeanLawFake, serve } from "@hatchery/leanlaw/testing";
 *
 * const fake = createLeanLawFake();
 * const server = await serve(fake.handler);
 * const leanlaw = createLeanLawClient({ apiKey: fake.apiKey, baseUrl: server.url });
 */
export function createLeanLawFake(options: LeanLawFakeOptions = {}): LeanLawFake {
  const seed = options.seed ?? 1;
  const db = generateDb(seed, { clients: options.clients ?? 2543 });
  const ids = idSource(seed);
  const traces = idSource(seed + 1);
  const clock = options.now ?? (() => new Date());
  const apiKeys = options.apiKeys ?? { [LEANLAW_FAKE_API_KEY]: { scopes: ALL_SCOPES } };
  const createStatus = options.createStatus ?? 201;
  const defaultSelect = options.defaultSelect ?? {};
  const counters: LeanLawFakeCounters = { requests: {}, created: {}, updated: {}, deleted: {} };
  const count = (bucket: Record<string, number>, kind: string) => {
    bucket[kind] = (bucket[kind] ?? 0) + 1;
  };
  let lastTraceId: string | undefined;

  const json = (status: number, body: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
    });
  const stamp = (ctx: Context) => isoDateTime(ctx.now);
  const touch = (record: { modifiedAt: string }, ctx: Context) => {
    record.modifiedAt = stamp(ctx);
  };

  // ---- Lookups ---------------------------------------------------------------------------------------
  const need = <T>(map: Map<string, T>, what: string, id: string): T => {
    // ASP.NET model binding: an id that is not a GUID is a 400, an unknown GUID a 404.
    if (!isUuid(id)) throw validationProblem({ id: [`The value '${id}' is not valid.`] });
    const record = map.get(id.toLowerCase());
    if (!record) throw notFound(what, id);
    return record;
  };
  const refError = (field: string, what: string) => validationProblem({ [field]: [`No ${what} with this id.`] });
  const userMust = (field: string, id: unknown) => {
    if (!db.users.has(String(id).toLowerCase())) throw refError(field, "user");
    return String(id).toLowerCase();
  };
  const matterMust = (field: string, id: unknown) => {
    const m = db.matters.get(String(id).toLowerCase());
    if (!m) throw refError(field, "matter");
    return m;
  };
  const code = (kind: "activity" | "task" | "expense", field: string, value: unknown) => {
    if (value === undefined || value === null) return;
    const found = db.codes[kind].find((c) => c.code === value);
    if (!found) throw validationProblem({ [field]: [`'${String(value)}' is not a LEDES ${kind} code.`] });
    if (found.selectable === false)
      throw validationProblem({ [field]: [`'${String(value)}' is a heading and cannot be assigned.`] });
  };
  const ledesRules = (
    matter: MatterRecord,
    codes: { activityCode?: unknown; taskCode?: unknown; expenseCode?: unknown },
    kind: "time" | "expense",
  ) => {
    const l = matter.ledesConfiguration;
    if (!l.enabled) return;
    const missing: Record<string, string[]> = {};
    if (kind === "time" && l.activityCodeRequired && !codes.activityCode)
      missing.activityCode = ["The matter requires an activity code."];
    if (kind === "time" && l.taskCodeRequired && !codes.taskCode)
      missing.taskCode = ["The matter requires a task code."];
    if (kind === "expense" && l.expenseCodeRequired && !codes.expenseCode)
      missing.expenseCode = ["The matter requires an expense code."];
    if (Object.keys(missing).length) throw validationProblem(missing);
  };
  const showRates = (ctx: Context) => (ctx.key.scopes ?? ALL_SCOPES).includes("read.rates");

  // ---- Lists -----------------------------------------------------------------------------------------
  function page<T extends { modifiedAt: string }>(
    ctx: Context,
    items: T[],
    operation: SelectOperation &
      ("listClients" | "listMatters" | "listTimeEntries" | "listExpenses" | "listFixedFees" | "listInvoices"),
    defaultSort: string,
    sortValue: (item: T, key: string) => string | number | null | undefined,
    idOf: (item: T) => string,
    view: (item: T, parts: Set<string>) => unknown,
  ): Response {
    const q = ctx.query;
    const limit = q.int("limit", 1, 1000, 1000);
    const offset = q.int("offset", 0, 2_147_483_647, 0);
    const parts = q.select(operation, defaultSelect[operation]);
    const sort = q.sort(operation, defaultSort);
    const since = q.dateTime("modifiedSince");
    const filtered = since === undefined ? items : items.filter((i) => Date.parse(i.modifiedAt) > since);
    filtered.sort(comparator(sort.keys, sortValue, idOf));
    const data = filtered.slice(offset, offset + limit).map((i) => view(i, parts));
    return json(200, { data, pagination: { limit, offset, total: filtered.length, sort: sort.echo } });
  }
  const dateRange = <T extends { date: string }>(ctx: Context, items: T[]) => {
    const start = ctx.query.date("startDate");
    const end = ctx.query.date("endDate");
    return items.filter((i) => (start === undefined || i.date >= start) && (end === undefined || i.date <= end));
  };
  const billedFilters = <T extends { userId: string | null; matterId: string; invoiceId: string | null }>(
    ctx: Context,
    items: T[],
  ) => {
    const q = ctx.query;
    const userId = q.uuid("userId");
    const matterId = q.uuid("matterId");
    const clientId = q.uuid("clientId");
    const billed = q.bool("billed");
    const invoiceId = q.uuid("invoiceId");
    return items.filter(
      (i) =>
        (userId === undefined || i.userId === userId) &&
        (matterId === undefined || i.matterId === matterId) &&
        (clientId === undefined || clientOf(db, i.matterId) === clientId) &&
        (billed === undefined || (i.invoiceId !== null) === billed) &&
        (invoiceId === undefined || i.invoiceId === invoiceId),
    );
  };
  const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

  // ---- Clients ---------------------------------------------------------------------------------------

  function listClients(ctx: Context) {
    const search = lower(ctx.query.string("query"));
    const reference = ctx.query.string("reference");
    const items = [...db.clients.values()].filter(
      (c) =>
        (!search || lower(c.name).includes(search) || lower(c.reference).includes(search)) &&
        (reference === undefined || c.reference === reference),
    );
    return page(
      ctx,
      items,
      "listClients",
      "name",
      (c, k) => (k === "name" ? c.name : c.reference),
      (c) => c.clientId,
      (c, parts) => clientView(db, c, parts),
    );
  }

  async function createClient(ctx: Context) {
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.createClient);
    const contact = mergeSparse<Schemas["Contact"]>(null, body.contact ?? {}, contactFields);
    if (!contact.companyName && !(contact.firstName && contact.lastName)) {
      throw validationProblem({ contact: ["Provide a company name, or a first and last name, or both."] });
    }
    const client: ClientRecord = {
      clientId: ids.uuid(),
      name: String(body.name),
      reference: (body.reference as string | null | undefined) ?? null,
      contact,
      notes: (body.notes as string | null | undefined) ?? null,
      customFields: new Map(),
      createdAt: stamp(ctx),
      modifiedAt: stamp(ctx),
    };
    applyCustomFields(db, "client", client.customFields, body.customFields);
    db.clients.set(client.clientId, client);
    count(counters.created, "clients");
    return json(createStatus, { data: clientView(db, client, undefined, true) });
  }

  async function updateClient(ctx: Context, id: string) {
    const client = need(db.clients, "client", id);
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.updateClient, ["name"]);
    const contact = body.contact
      ? mergeSparse<Schemas["Contact"]>(client.contact, body.contact, contactFields)
      : client.contact;
    if (!contact.companyName && !(contact.firstName && contact.lastName)) {
      throw validationProblem({ contact: ["Provide a company name, or a first and last name, or both."] });
    }
    applyCustomFields(db, "client", client.customFields, body.customFields);
    if (typeof body.name === "string") client.name = body.name;
    if (typeof body.reference === "string") client.reference = body.reference;
    if (typeof body.notes === "string") client.notes = body.notes;
    client.contact = contact;
    touch(client, ctx);
    count(counters.updated, "clients");
    return json(200, { data: clientView(db, client, undefined, true) });
  }

  function deleteClient(_ctx: Context, id: string) {
    const client = need(db.clients, "client", id);
    for (const m of db.matters.values()) {
      if (m.clientId === client.clientId)
        throw badRequest("The client has matters and cannot be deleted. Delete or move its matters first.");
    }
    db.clients.delete(client.clientId);
    count(counters.deleted, "clients");
    return json(200, undefined);
  }

  function getClientBalances(ctx: Context, id: string) {
    const client = need(db.clients, "client", id);
    const today = dateMs(isoDate(ctx.now));
    const totals = { balance: 0, overdue: 0, overdue30: 0, overdue60: 0, overdue90: 0 };
    for (const invoice of db.invoices.values()) {
      if (invoice.clientId !== client.clientId || invoice.invoiceState !== "final" || invoice.balance <= 0) continue;
      totals.balance += invoice.balance;
      const late = invoice.dueDate ? (today - dateMs(invoice.dueDate)) / days(1) : 0;
      if (late > 0) totals.overdue += invoice.balance;
      if (late > 30) totals.overdue30 += invoice.balance;
      if (late > 60) totals.overdue60 += invoice.balance;
      if (late > 90) totals.overdue90 += invoice.balance;
    }
    return json(200, {
      data: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, round2(v)])),
    });
  }

  // ---- Reference data ------------------------------------------------------------------------------
  const getCodes = () => json(200, { data: structuredClone(db.codes) });

  function listCustomFields(ctx: Context) {
    const entity = ctx.query.enumOf("entity", ENTITIES);
    const data = [...db.customFields.values()]
      .filter((f) => entity === undefined || f.entity === entity)
      .map((f) => structuredClone(f));
    return json(200, { data });
  }

  // ---- Matters ---------------------------------------------------------------------------------------
  function listMatters(ctx: Context) {
    const q = ctx.query;
    const search = lower(q.string("query"));
    const reference = q.string("reference");
    const clientReference = q.string("clientReference");
    const userId = q.uuid("userId");
    const responsibleId = q.uuid("responsibleId");
    const originatorId = q.uuid("originatorId");
    const clientId = q.uuid("clientId");
    const practiceAreaId = q.uuid("practiceAreaId");
    const archived = q.bool("archived");
    const items = [...db.matters.values()].filter((m) => {
      const client = db.clients.get(m.clientId);
      return (
        (!search ||
          lower(m.name).includes(search) ||
          lower(m.reference).includes(search) ||
          lower(client?.name).includes(search) ||
          lower(client?.reference).includes(search)) &&
        (reference === undefined || m.reference === reference) &&
        (clientReference === undefined || client?.reference === clientReference) &&
        (userId === undefined || m.assignedUserIds.includes(userId)) &&
        (ctx.actingUserId === undefined || m.assignedUserIds.includes(ctx.actingUserId)) &&
        (responsibleId === undefined || m.responsibleId === responsibleId) &&
        (originatorId === undefined || m.originatorIds.includes(originatorId)) &&
        (clientId === undefined || m.clientId === clientId) &&
        (practiceAreaId === undefined || m.practiceAreaId === practiceAreaId) &&
        (archived === undefined || m.archived === archived)
      );
    });
    const value = (m: MatterRecord, key: string) => {
      if (key === "name") return m.name;
      if (key === "reference") return m.reference;
      const client = db.clients.get(m.clientId);
      return key === "client.name" ? client?.name : client?.reference;
    };
    return page(
      ctx,
      items,
      "listMatters",
      "name",
      value,
      (m) => m.matterId,
      (m, parts) => matterView(db, m, parts),
    );
  }

  async function createMatter(ctx: Context) {
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.createMatter);
    const clientId = String(body.clientId).toLowerCase();
    if (!db.clients.has(clientId)) throw refError("clientId", "client");
    const responsibleId = userMust("responsibleId", body.responsibleId);
    const originatorIds = body.originatorId ? [userMust("originatorId", body.originatorId)] : [];
    const practiceAreaId = body.practiceAreaId ? String(body.practiceAreaId).toLowerCase() : null;
    if (practiceAreaId && !db.practiceAreas.has(practiceAreaId)) throw refError("practiceAreaId", "practice area");
    const matter: MatterRecord = {
      matterId: ids.uuid(),
      name: String(body.name),
      reference: (body.reference as string | null | undefined) ?? null,
      matterType: (body.matterType as Schemas["MatterType"] | undefined) ?? "hourly",
      opened: (body.opened as string | null | undefined) ?? isoDate(ctx.now),
      archived: body.archived === true,
      clientId,
      responsibleId,
      originatorIds,
      assignedUserIds: [...new Set([responsibleId, ...originatorIds])],
      practiceAreaId,
      rateGroupId: (body.rateGroupId as string | null | undefined) ?? null,
      conflictInformation: body.conflictInformation
        ? mergeSparse(null, body.conflictInformation, conflictFields)
        : null,
      billingInstructions: (body.billingInstructions as string | null | undefined) ?? null,
      notes: (body.notes as string | null | undefined) ?? null,
      referralSources: (body.referralSources as string | null | undefined) ?? null,
      ledesConfiguration: {
        enabled: false,
        activityCodeRequired: false,
        taskCodeRequired: false,
        expenseCodeRequired: false,
        codeSetIds: [],
      },
      customFields: new Map(),
      createdAt: stamp(ctx),
      modifiedAt: stamp(ctx),
    };
    applyCustomFields(db, "matter", matter.customFields, body.customFields);
    db.matters.set(matter.matterId, matter);
    count(counters.created, "matters");
    // QuickBooks: the client becomes a customer (if not yet), the matter a sub-customer when billing per matter.
    // A QuickBooks failure never fails the request.
    const qb = db.quickBooks;
    if (qb.connected) {
      if (qb.failing) qb.failures += 1;
      else {
        qb.customers.add(clientId);
        if (qb.billPer === "matter") qb.subCustomers.add(matter.matterId);
      }
    }
    return json(createStatus, { data: matterView(db, matter, undefined, true) });
  }

  async function updateMatter(ctx: Context, id: string) {
    const matter = need(db.matters, "matter", id);
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.updateMatter, ["name"]);
    const patch: Partial<MatterRecord> = {};
    if (body.clientId) {
      patch.clientId = String(body.clientId).toLowerCase();
      if (!db.clients.has(patch.clientId)) throw refError("clientId", "client");
    }
    if (body.responsibleId) patch.responsibleId = userMust("responsibleId", body.responsibleId);
    if (body.practiceAreaId) {
      const areaId = String(body.practiceAreaId).toLowerCase();
      if (areaId === EMPTY_GUID) patch.practiceAreaId = null;
      else if (!db.practiceAreas.has(areaId)) throw refError("practiceAreaId", "practice area");
      else patch.practiceAreaId = areaId;
    }
    applyCustomFields(db, "matter", matter.customFields, body.customFields);
    for (const key of [
      "name",
      "reference",
      "opened",
      "archived",
      "billingInstructions",
      "notes",
      "referralSources",
    ] as const) {
      if (body[key] !== undefined && body[key] !== null) (patch as Record<string, unknown>)[key] = body[key];
    }
    if (body.conflictInformation)
      patch.conflictInformation = mergeSparse(matter.conflictInformation, body.conflictInformation, conflictFields);
    Object.assign(matter, patch);
    if (patch.responsibleId && !matter.assignedUserIds.includes(patch.responsibleId))
      matter.assignedUserIds.push(patch.responsibleId);
    touch(matter, ctx);
    count(counters.updated, "matters");
    return json(200, { data: matterView(db, matter, undefined, true) });
  }

  function deleteMatter(_ctx: Context, id: string) {
    const matter = need(db.matters, "matter", id);
    const has = (items: Iterable<{ matterId: string | null }>) => {
      for (const i of items) if (i.matterId === matter.matterId) return true;
      return false;
    };
    if (
      has(db.timeEntries.values()) ||
      has(db.expenses.values()) ||
      has(db.fixedFees.values()) ||
      has(db.invoices.values())
    ) {
      throw badRequest("The matter has activity and cannot be deleted. Archive it instead (archived: true).");
    }
    db.matters.delete(matter.matterId);
    count(counters.deleted, "matters");
    return json(200, undefined);
  }

  // ---- Practice areas --------------------------------------------------------------------------------
  const practiceAreaList = () => json(200, { data: [...db.practiceAreas.values()].map((a) => ({ ...a })) });
  const makeDefault = (areaId: string) => {
    for (const a of db.practiceAreas.values()) a.default = a.practiceAreaId === areaId;
  };

  async function createPracticeArea(ctx: Context) {
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.createPracticeArea);
    const area = { practiceAreaId: ids.uuid(), label: String(body.label), default: false };
    db.practiceAreas.set(area.practiceAreaId, area);
    if (body.default === true) makeDefault(area.practiceAreaId);
    count(counters.created, "practiceAreas");
    return json(createStatus, { data: { ...area } });
  }

  async function updatePracticeArea(ctx: Context, id: string) {
    const area = need(db.practiceAreas, "practice area", id);
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.updatePracticeArea, ["label"]);
    if (typeof body.label === "string") area.label = body.label;
    if (body.default === true) makeDefault(area.practiceAreaId);
    if (body.default === false) area.default = false;
    count(counters.updated, "practiceAreas");
    return json(200, { data: { ...area } });
  }

  function deletePracticeArea(_ctx: Context, id: string) {
    const area = need(db.practiceAreas, "practice area", id);
    for (const m of db.matters.values()) {
      if (m.practiceAreaId === area.practiceAreaId) {
        throw badRequest("The practice area is assigned to matters and cannot be deleted. Move those matters first.");
      }
    }
    db.practiceAreas.delete(area.practiceAreaId);
    count(counters.deleted, "practiceAreas");
    return json(200, undefined);
  }

  // ---- Time entries ----------------------------------------------------------------------------------
  function listTimeEntries(ctx: Context) {
    const q = ctx.query;
    const billingType = q.enumOf("billingType", BILLING_TYPES);
    const fixedFeeId = q.uuid("fixedFeeId");
    const items = billedFilters(ctx, dateRange(ctx, [...db.timeEntries.values()])).filter(
      (t) =>
        (billingType === undefined || t.billingType === billingType) &&
        (fixedFeeId === undefined || t.fixedFeeId === fixedFeeId) &&
        (ctx.actingUserId === undefined || t.userId === ctx.actingUserId),
    );
    const value = (t: TimeEntryRecord, key: string) =>
      key === "date"
        ? `${t.date}T${t.time ?? "00:00:00"}`
        : key === "hours"
          ? t.hours
          : key === "description"
            ? t.description
            : t.createdAt;
    const rates = showRates(ctx);
    return page(
      ctx,
      items,
      "listTimeEntries",
      "-date",
      value,
      (t) => t.timeEntryId,
      (t, parts) => timeEntryView(db, t, rates, parts),
    );
  }

  const checkHours = (hours: unknown) => {
    if (typeof hours === "number" && !(hours > 0 && hours <= 24))
      throw validationProblem({ hours: ["Hours must be more than 0 and at most 24."] });
  };
  const checkFixedFee = (fixedFeeId: string | null, matterId: string) => {
    if (!fixedFeeId) return;
    const fee = db.fixedFees.get(fixedFeeId);
    if (!fee || fee.matterId !== matterId)
      throw validationProblem({ fixedFeeId: ["No fixed fee with this id on the entry's matter."] });
  };

  async function createTimeEntry(ctx: Context) {
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.createTimeEntry);
    const matter = matterMust("matterId", body.matterId);
    const given = body.userId ?? ctx.actingUserId ?? ctx.key.userId;
    if (!given)
      throw validationProblem({ userId: ["A user is required: send userId, or set the x-leanlaw-userid header."] });
    const user = db.users.get(userMust("userId", given))!;
    checkHours(body.hours);
    code("activity", "activityCode", body.activityCode);
    code("task", "taskCode", body.taskCode);
    ledesRules(matter, body, "time");
    const billingType =
      (body.billingType as Schemas["BillingType"] | undefined) ??
      (matter.matterType === "hourly" ? "billable" : matter.matterType === "fixedFee" ? "fixedFee" : "nonBillable");
    const fixedFeeId = body.fixedFeeId ? String(body.fixedFeeId).toLowerCase() : null;
    checkFixedFee(fixedFeeId, matter.matterId);
    const entry: TimeEntryRecord = {
      timeEntryId: ids.uuid(),
      userId: user.userId,
      matterId: matter.matterId,
      date: String(body.date),
      time: (body.time as string | null | undefined) ?? null,
      description: String(body.description),
      hours: body.hours as number,
      rate: billingType === "billable" ? ((body.rate as number | null | undefined) ?? user.rate) : null,
      billingType,
      invoiceId: null,
      fixedFeeId,
      activityCode: (body.activityCode as string | null | undefined) ?? null,
      taskCode: (body.taskCode as string | null | undefined) ?? null,
      createdAt: stamp(ctx),
      modifiedAt: stamp(ctx),
    };
    db.timeEntries.set(entry.timeEntryId, entry);
    count(counters.created, "timeEntries");
    return json(createStatus, { data: timeEntryView(db, entry, showRates(ctx), undefined, true) });
  }

  async function updateTimeEntry(ctx: Context, id: string) {
    const entry = need(db.timeEntries, "time entry", id);
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.updateTimeEntry, ["description"]);
    if (entry.invoiceId) throw badRequest("The time entry is billed and can no longer be changed.");
    const next: TimeEntryRecord = { ...entry };
    if (body.matterId) next.matterId = matterMust("matterId", body.matterId).matterId;
    if (body.userId) next.userId = userMust("userId", body.userId);
    checkHours(body.hours);
    code("activity", "activityCode", body.activityCode);
    code("task", "taskCode", body.taskCode);
    for (const key of [
      "date",
      "time",
      "description",
      "hours",
      "rate",
      "billingType",
      "activityCode",
      "taskCode",
    ] as const) {
      if (body[key] !== undefined && body[key] !== null) (next as unknown as Record<string, unknown>)[key] = body[key];
    }
    if (body.fixedFeeId) {
      const feeId = String(body.fixedFeeId).toLowerCase();
      next.fixedFeeId = feeId === EMPTY_GUID ? null : feeId;
    }
    checkFixedFee(next.fixedFeeId, next.matterId);
    if (next.billingType !== "billable") next.rate = null;
    else if (next.rate === null) next.rate = db.users.get(next.userId)?.rate ?? 0;
    Object.assign(entry, next);
    touch(entry, ctx);
    count(counters.updated, "timeEntries");
    if (options.emptyWriteBodies) return json(200, undefined);
    return json(200, { data: timeEntryView(db, entry, showRates(ctx), undefined, true) });
  }

  function deleteTimeEntry(_ctx: Context, id: string) {
    const entry = need(db.timeEntries, "time entry", id);
    if (entry.invoiceId) throw badRequest("The time entry is billed and cannot be deleted.");
    db.timeEntries.delete(entry.timeEntryId);
    count(counters.deleted, "timeEntries");
    return json(200, undefined);
  }

  // ---- Expenses and fixed fees -----------------------------------------------------------------------
  const amountValue = (i: { date: string; amount: number; description: string }, key: string) =>
    key === "date" ? i.date : key === "amount" ? i.amount : i.description;

  function listExpenses(ctx: Context) {
    const items = billedFilters(ctx, dateRange(ctx, [...db.expenses.values()]));
    return page(
      ctx,
      items,
      "listExpenses",
      "-date",
      amountValue,
      (x) => x.expenseId,
      (x, parts) => expenseView(db, x, parts),
    );
  }

  function listFixedFees(ctx: Context) {
    const items = billedFilters(ctx, dateRange(ctx, [...db.fixedFees.values()]));
    return page(
      ctx,
      items,
      "listFixedFees",
      "-date",
      amountValue,
      (f) => f.fixedFeeId,
      (f, parts) => fixedFeeView(db, f, parts),
    );
  }

  const writeBody = (status: number, data: unknown) => json(status, options.emptyWriteBodies ? undefined : { data });

  async function createExpense(ctx: Context) {
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.createExpense);
    const matter = matterMust("matterId", body.matterId);
    const userId = body.userId ? userMust("userId", body.userId) : null;
    code("expense", "expenseCode", body.expenseCode);
    ledesRules(matter, body, "expense");
    const expense: ExpenseRecord = {
      expenseId: ids.uuid(),
      userId,
      matterId: matter.matterId,
      date: String(body.date),
      description: String(body.description),
      amount: body.amount as number,
      expenseCode: (body.expenseCode as string | null | undefined) ?? null,
      checkNumber: null,
      invoiceId: null,
      createdAt: stamp(ctx),
      modifiedAt: stamp(ctx),
    };
    db.expenses.set(expense.expenseId, expense);
    count(counters.created, "expenses");
    return writeBody(createStatus, expenseView(db, expense, undefined, true));
  }

  async function updateExpense(ctx: Context, id: string) {
    const expense = need(db.expenses, "expense", id);
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.updateExpense, ["description"]);
    if (expense.invoiceId) throw badRequest("The expense is billed and can no longer be changed.");
    const patch: Partial<ExpenseRecord> = {};
    if (body.matterId) patch.matterId = matterMust("matterId", body.matterId).matterId;
    if (body.userId) patch.userId = userMust("userId", body.userId);
    code("expense", "expenseCode", body.expenseCode);
    for (const key of ["date", "description", "amount", "expenseCode"] as const) {
      if (body[key] !== undefined && body[key] !== null) (patch as Record<string, unknown>)[key] = body[key];
    }
    Object.assign(expense, patch);
    touch(expense, ctx);
    count(counters.updated, "expenses");
    return writeBody(200, expenseView(db, expense, undefined, true));
  }

  function deleteExpense(_ctx: Context, id: string) {
    const expense = need(db.expenses, "expense", id);
    if (expense.invoiceId) throw badRequest("The expense is billed and cannot be deleted.");
    db.expenses.delete(expense.expenseId);
    count(counters.deleted, "expenses");
    return json(200, undefined);
  }

  async function createFixedFee(ctx: Context) {
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.createFixedFee);
    const matter = matterMust("matterId", body.matterId);
    const userId = body.userId ? userMust("userId", body.userId) : null;
    code("activity", "activityCode", body.activityCode);
    code("task", "taskCode", body.taskCode);
    ledesRules(matter, body, "time");
    const fee: FixedFeeRecord = {
      fixedFeeId: ids.uuid(),
      userId,
      matterId: matter.matterId,
      date: String(body.date),
      description: String(body.description),
      amount: body.amount as number,
      activityCode: (body.activityCode as string | null | undefined) ?? null,
      taskCode: (body.taskCode as string | null | undefined) ?? null,
      invoiceId: null,
      createdAt: stamp(ctx),
      modifiedAt: stamp(ctx),
    };
    db.fixedFees.set(fee.fixedFeeId, fee);
    count(counters.created, "fixedFees");
    return writeBody(createStatus, fixedFeeView(db, fee, undefined, true));
  }

  async function updateFixedFee(ctx: Context, id: string) {
    const fee = need(db.fixedFees, "fixed fee", id);
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.updateFixedFee, ["description"]);
    if (fee.invoiceId) throw badRequest("The fixed fee is billed and can no longer be changed.");
    const patch: Partial<FixedFeeRecord> = {};
    if (body.matterId) patch.matterId = matterMust("matterId", body.matterId).matterId;
    if (body.userId) patch.userId = userMust("userId", body.userId);
    code("activity", "activityCode", body.activityCode);
    code("task", "taskCode", body.taskCode);
    for (const key of ["date", "description", "amount", "activityCode", "taskCode"] as const) {
      if (body[key] !== undefined && body[key] !== null) (patch as Record<string, unknown>)[key] = body[key];
    }
    Object.assign(fee, patch);
    touch(fee, ctx);
    count(counters.updated, "fixedFees");
    return writeBody(200, fixedFeeView(db, fee, undefined, true));
  }

  function deleteFixedFee(_ctx: Context, id: string) {
    const fee = need(db.fixedFees, "fixed fee", id);
    if (fee.invoiceId) throw badRequest("The fixed fee is billed and cannot be deleted.");
    for (const t of db.timeEntries.values()) {
      if (t.fixedFeeId === fee.fixedFeeId) {
        throw badRequest("Time entries are linked to the fixed fee; unlink them first (fixedFeeId: the empty GUID).");
      }
    }
    db.fixedFees.delete(fee.fixedFeeId);
    count(counters.deleted, "fixedFees");
    return json(200, undefined);
  }

  // ---- Invoices --------------------------------------------------------------------------------------
  function listInvoices(ctx: Context) {
    const q = ctx.query;
    const state = q.enumOf("invoiceState", INVOICE_STATES);
    const clientId = q.uuid("clientId");
    const matterId = q.uuid("matterId");
    const start = q.date("startDate");
    const end = q.date("endDate");
    const filtered = [...db.invoices.values()].filter(
      (i) =>
        (start === undefined || i.invoiceDate >= start) &&
        (end === undefined || i.invoiceDate <= end) &&
        (state === undefined || i.invoiceState === state) &&
        (clientId === undefined || i.clientId === clientId) &&
        (matterId === undefined || i.matterId === matterId),
    );
    const value = (i: (typeof filtered)[number], key: string) => {
      switch (key) {
        case "client.name":
          return db.clients.get(i.clientId)?.name;
        case "client.reference":
          return db.clients.get(i.clientId)?.reference;
        case "invoicedate":
          return i.invoiceDate;
        case "amount":
          return i.amount;
        case "balance":
          return i.balance;
        case "invoicenumber":
          return i.invoiceNumber;
        default:
          return INVOICE_STATES.indexOf(i.invoiceState);
      }
    };
    return page(
      ctx,
      filtered,
      "listInvoices",
      "-invoicedate",
      value,
      (i) => i.invoiceId,
      (i, parts) => invoiceView(db, i, parts),
    );
  }

  // ---- Users -----------------------------------------------------------------------------------------
  function listUsers(ctx: Context) {
    const q = ctx.query;
    const email = lower(q.string("email"));
    const role = q.enumOf("role", ROLES);
    const search = lower(q.string("query"));
    const full = q.bool("queryFullMatch") ?? false;
    const parts = q.select("listUsers", defaultSelect.listUsers);
    const matches = (field: string) => (full ? lower(field) === search : lower(field).includes(search));
    const data = [...db.users.values()]
      .filter(
        (u) =>
          (!email || lower(u.email) === email) &&
          (role === undefined || u.role === role) &&
          (!search || matches(u.firstName) || matches(u.lastName) || matches(u.initials) || matches(u.email)),
      )
      .map((u) => userView(db, u, parts));
    return json(200, { data });
  }

  async function updateUser(ctx: Context, id: string) {
    const user = need(db.users, "user", id);
    const body = await readJson(ctx.request);
    checkBody(body, BODIES.updateUser);
    applyCustomFields(db, "user", user.customFields, body.customFields);
    count(counters.updated, "users");
    return json(200, { data: userView(db, user, new Set(["customFields"])) });
  }

  // ---- Routing ---------------------------------------------------------------------------------------
  const ID = "([^/]+)";
  const routes: Route[] = [
    { method: "GET", pattern: /^\/v2\/clients$/, operation: "listClients", run: listClients },
    { method: "POST", pattern: /^\/v2\/clients$/, operation: "createClient", run: createClient },
    {
      method: "GET",
      pattern: new RegExp(`^/v2/clients/${ID}$`),
      operation: "getClient",
      run: (_c, id) => json(200, { data: clientView(db, need(db.clients, "client", id), undefined, true) }),
    },
    { method: "PUT", pattern: new RegExp(`^/v2/clients/${ID}$`), operation: "updateClient", run: updateClient },
    { method: "DELETE", pattern: new RegExp(`^/v2/clients/${ID}$`), operation: "deleteClient", run: deleteClient },
    {
      method: "GET",
      pattern: new RegExp(`^/v2/clients/${ID}/balances$`),
      operation: "getClientBalances",
      run: getClientBalances,
    },
    { method: "GET", pattern: /^\/v2\/codes$/, operation: "getCodes", run: getCodes },
    { method: "GET", pattern: /^\/v2\/custom-fields$/, operation: "listCustomFields", run: listCustomFields },
    { method: "GET", pattern: /^\/v2\/expenses$/, operation: "listExpenses", run: listExpenses },
    { method: "POST", pattern: /^\/v2\/expenses$/, operation: "createExpense", run: createExpense },
    {
      method: "GET",
      pattern: new RegExp(`^/v2/expenses/${ID}$`),
      operation: "getExpense",
      run: (_c, id) => json(200, { data: expenseView(db, need(db.expenses, "expense", id), undefined, true) }),
    },
    { method: "PUT", pattern: new RegExp(`^/v2/expenses/${ID}$`), operation: "updateExpense", run: updateExpense },
    { method: "DELETE", pattern: new RegExp(`^/v2/expenses/${ID}$`), operation: "deleteExpense", run: deleteExpense },
    { method: "GET", pattern: /^\/v2\/fixed-fees$/, operation: "listFixedFees", run: listFixedFees },
    { method: "POST", pattern: /^\/v2\/fixed-fees$/, operation: "createFixedFee", run: createFixedFee },
    {
      method: "GET",
      pattern: new RegExp(`^/v2/fixed-fees/${ID}$`),
      operation: "getFixedFee",
      run: (_c, id) => json(200, { data: fixedFeeView(db, need(db.fixedFees, "fixed fee", id), undefined, true) }),
    },
    { method: "PUT", pattern: new RegExp(`^/v2/fixed-fees/${ID}$`), operation: "updateFixedFee", run: updateFixedFee },
    {
      method: "DELETE",
      pattern: new RegExp(`^/v2/fixed-fees/${ID}$`),
      operation: "deleteFixedFee",
      run: deleteFixedFee,
    },
    { method: "GET", pattern: /^\/v2\/invoices$/, operation: "listInvoices", run: listInvoices },
    { method: "GET", pattern: /^\/v2\/matters$/, operation: "listMatters", run: listMatters },
    { method: "POST", pattern: /^\/v2\/matters$/, operation: "createMatter", run: createMatter },
    {
      method: "GET",
      pattern: new RegExp(`^/v2/matters/${ID}$`),
      operation: "getMatter",
      run: (_c, id) => json(200, { data: matterView(db, need(db.matters, "matter", id), undefined, true) }),
    },
    { method: "PUT", pattern: new RegExp(`^/v2/matters/${ID}$`), operation: "updateMatter", run: updateMatter },
    { method: "DELETE", pattern: new RegExp(`^/v2/matters/${ID}$`), operation: "deleteMatter", run: deleteMatter },
    { method: "GET", pattern: /^\/v2\/practice-areas$/, operation: "listPracticeAreas", run: practiceAreaList },
    { method: "POST", pattern: /^\/v2\/practice-areas$/, operation: "createPracticeArea", run: createPracticeArea },
    {
      method: "PUT",
      pattern: new RegExp(`^/v2/practice-areas/${ID}$`),
      operation: "updatePracticeArea",
      run: updatePracticeArea,
    },
    {
      method: "DELETE",
      pattern: new RegExp(`^/v2/practice-areas/${ID}$`),
      operation: "deletePracticeArea",
      run: deletePracticeArea,
    },
    { method: "GET", pattern: /^\/v2\/time-entries$/, operation: "listTimeEntries", run: listTimeEntries },
    { method: "POST", pattern: /^\/v2\/time-entries$/, operation: "createTimeEntry", run: createTimeEntry },
    {
      method: "GET",
      pattern: new RegExp(`^/v2/time-entries/${ID}$`),
      operation: "getTimeEntry",
      run: (c, id) =>
        json(200, { data: timeEntryView(db, need(db.timeEntries, "time entry", id), showRates(c), undefined, true) }),
    },
    {
      method: "PUT",
      pattern: new RegExp(`^/v2/time-entries/${ID}$`),
      operation: "updateTimeEntry",
      run: updateTimeEntry,
    },
    {
      method: "DELETE",
      pattern: new RegExp(`^/v2/time-entries/${ID}$`),
      operation: "deleteTimeEntry",
      run: deleteTimeEntry,
    },
    { method: "GET", pattern: /^\/v2\/users$/, operation: "listUsers", run: listUsers },
    { method: "PUT", pattern: new RegExp(`^/v2/users/${ID}$`), operation: "updateUser", run: updateUser },
  ];

  async function dispatch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const method = request.method.toUpperCase();
    let route: Route | undefined;
    let id = "";
    let pathKnown = false;
    for (const r of routes) {
      const match = r.pattern.exec(path);
      if (!match) continue;
      pathKnown = true;
      if (r.method === method) {
        route = r;
        id = decodeURIComponent(match[1] ?? "");
        break;
      }
    }
    // Authentication comes first, as in ASP.NET: no key 401, a key that is not valid 403.
    const auth = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "");
    if (!auth) throw new Problem(401, titleOf(401), "No API key was provided. Send Authorization: Bearer {apikey}.");
    const key = apiKeys[auth[1]!.trim()];
    if (!key) throw new Problem(403, titleOf(403), "The API key is invalid.");
    if (!route) {
      if (pathKnown) throw new Problem(405, titleOf(405), `${method} is not supported on ${path}.`);
      throw new Problem(404, titleOf(404), `No endpoint at ${path}.`);
    }
    const scope: LeanLawScope = method === "GET" ? "read" : "write";
    if (!(key.scopes ?? ALL_SCOPES).includes(scope)) {
      throw new Problem(
        403,
        titleOf(403),
        `The API key is not authorized to perform this action (it lacks the ${scope} scope).`,
      );
    }
    // x-leanlaw-userid matters where LeanLaw uses it: scoping matter and time-entry lists, and the default user
    // of a new time entry. There it must name a user of the firm.
    let actingUserId: string | undefined;
    const userHeader = request.headers.get("x-leanlaw-userid");
    if (userHeader && USER_SCOPED.has(route.operation)) {
      actingUserId = userHeader.trim().toLowerCase();
      if (!db.users.has(actingUserId))
        throw validationProblem({ "x-leanlaw-userid": ["No user of the firm has this id."] });
    }
    counters.requests[route.operation] = (counters.requests[route.operation] ?? 0) + 1;
    return route.run({ request, query: new Query(url.searchParams), key, actingUserId, now: clock().getTime() }, id);
  }

  const inner = async (request: Request): Promise<Response> => {
    const traceId = traces.hex(32);
    lastTraceId = traceId;
    let response: Response;
    try {
      response = await dispatch(request);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      response = new Response(JSON.stringify(problemBody(error, traceId)), {
        status: error.status,
        headers: { "content-type": "application/problem+json; charset=utf-8" },
      });
    }
    response.headers.set("x-leanlaw-traceid", traceId);
    response.headers.set("x-leanlaw-version", VERSION);
    return response;
  };

  // Faults wrap the fake; responses a fault makes up still get a trace id, as every LeanLaw response has one.
  const faulty = withFaults(inner);
  const handler = (async (request: Request) => {
    const response = await faulty(request);
    if (response.headers.has("x-leanlaw-traceid")) return response;
    const traceId = traces.hex(32);
    lastTraceId = traceId;
    const headers = new Headers(response.headers);
    headers.set("x-leanlaw-traceid", traceId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }) as FaultyHandler;
  handler.inject = faulty.inject;
  handler.clear = faulty.clear;
  Object.defineProperty(handler, "applied", { get: () => faulty.applied });

  return {
    handler,
    db,
    counters,
    apiKey: Object.keys(apiKeys)[0] ?? LEANLAW_FAKE_API_KEY,
    inject: (fault) => faulty.inject(fault),
    get lastTraceId() {
      return lastTraceId;
    },
  };
}
