import type { components } from "../generated/schema.js";
import type {
  ClientRecord,
  ExpenseRecord,
  FixedFeeRecord,
  InvoiceRecord,
  LeanLawDb,
  MatterRecord,
  StoredCustomValue,
  TimeEntryRecord,
  UserRecord,
} from "./db.js";

type Schemas = components["schemas"];

/** The parts a `select` includes (already resolved against the endpoint's defaults and exclusions). */
export type Parts = ReadonlySet<string>;
/** Everything: detail views include every part. */
const ALL: Parts = new Set([
  "client",
  "matter",
  "user",
  "meta",
  "invoice",
  "fixedFee",
  "contact",
  "customFields",
  "ledesConfiguration",
  "responsible",
  "originator",
  "practiceArea",
]);

const round2 = (n: number) => Math.round(n * 100) / 100;

function customFieldValues(db: LeanLawDb, values: Map<string, StoredCustomValue>): Schemas["CustomFieldValue"][] {
  const out: Schemas["CustomFieldValue"][] = [];
  for (const [id, stored] of values) {
    const def = db.customFields.get(id);
    if (!def) continue;
    out.push({
      id,
      name: def.name,
      valueType: def.valueType,
      value: stored.value,
      ...(def.valueType === "enum" ? { optionId: stored.optionId ?? null } : {}),
    });
  }
  return out;
}

const meta = (r: { createdAt: string; modifiedAt: string }): Schemas["Metadata"] => ({
  createdAt: r.createdAt,
  modifiedAt: r.modifiedAt,
});

export function userReference(user: UserRecord | undefined): Schemas["UserReference"] | null {
  if (!user) return null;
  return {
    name: `${user.firstName} ${user.lastName}`,
    initials: user.initials,
    firstName: user.firstName,
    lastName: user.lastName,
  };
}

function clientReference(db: LeanLawDb, clientId: string): Schemas["ClientReference"] {
  const client = db.clients.get(clientId);
  return { name: client?.name ?? "(deleted client)", reference: client?.reference ?? null };
}

function matterReference(db: LeanLawDb, matterId: string): Schemas["MatterReference"] {
  const matter = db.matters.get(matterId);
  return { name: matter?.name ?? "(deleted matter)", reference: matter?.reference ?? null };
}

function invoiceReference(db: LeanLawDb, invoiceId: string | null): Schemas["InvoiceReference"] | null {
  const invoice = invoiceId ? db.invoices.get(invoiceId) : undefined;
  if (!invoice) return null;
  return {
    invoiceId: invoice.invoiceId,
    invoiceNumber: invoice.invoiceNumber,
    invoiceDate: invoice.invoiceDate,
    invoiceState: invoice.invoiceState,
    invoiceAmount: invoice.amount,
    invoiceBalance: invoice.balance,
  };
}

/** The client of a matter-bound item. */
export const clientOf = (db: LeanLawDb, matterId: string): string => db.matters.get(matterId)?.clientId ?? "";

export function clientView(
  db: LeanLawDb,
  c: ClientRecord,
  parts: Parts = ALL,
  detail = false,
): Schemas["ClientDetail"] | Schemas["ClientList"] {
  return {
    clientId: c.clientId,
    name: c.name,
    reference: c.reference,
    ...(detail || parts.has("contact") ? { contact: { ...c.contact } } : {}),
    ...(detail ? { notes: c.notes } : {}),
    ...(parts.has("meta") ? { meta: meta(c) } : {}),
    ...(parts.has("customFields") ? { customFields: customFieldValues(db, c.customFields) } : {}),
  };
}

export function matterView(
  db: LeanLawDb,
  m: MatterRecord,
  parts: Parts = ALL,
  detail = false,
): Schemas["MatterDetail"] | Schemas["MatterList"] {
  const area = m.practiceAreaId ? db.practiceAreas.get(m.practiceAreaId) : undefined;
  return {
    matterId: m.matterId,
    name: m.name,
    reference: m.reference,
    matterType: m.matterType,
    opened: m.opened,
    archived: m.archived,
    clientId: m.clientId,
    ...(detail || parts.has("client") ? { client: clientReference(db, m.clientId) } : {}),
    responsibleId: m.responsibleId,
    ...(detail || parts.has("responsible")
      ? { responsible: userReference(db.users.get(m.responsibleId)) ?? { firstName: "Former", lastName: "User" } }
      : {}),
    originatorIds: [...m.originatorIds],
    ...(detail || parts.has("originator")
      ? { originators: m.originatorIds.flatMap((id) => userReference(db.users.get(id)) ?? []) }
      : {}),
    practiceAreaId: m.practiceAreaId,
    ...(detail || parts.has("practiceArea") ? { practiceArea: area ? { label: area.label } : null } : {}),
    ...(detail
      ? {
          conflictInformation: m.conflictInformation ? { ...m.conflictInformation } : null,
          billingInstructions: m.billingInstructions,
          notes: m.notes,
          referralSources: m.referralSources,
        }
      : {}),
    ...(parts.has("ledesConfiguration")
      ? { ledesConfiguration: { ...m.ledesConfiguration, codeSetIds: [...m.ledesConfiguration.codeSetIds] } }
      : {}),
    ...(parts.has("meta") ? { meta: meta(m) } : {}),
    ...(parts.has("customFields") ? { customFields: customFieldValues(db, m.customFields) } : {}),
  };
}

export function timeEntryView(
  db: LeanLawDb,
  t: TimeEntryRecord,
  showRates: boolean,
  parts: Parts = ALL,
  detail = false,
): Schemas["TimeEntryDetail"] | Schemas["TimeEntryList"] {
  const clientId = clientOf(db, t.matterId);
  const fee = t.fixedFeeId ? db.fixedFees.get(t.fixedFeeId) : undefined;
  const billable = t.billingType === "billable" && showRates;
  return {
    timeEntryId: t.timeEntryId,
    userId: t.userId,
    ...(detail || parts.has("user")
      ? { user: userReference(db.users.get(t.userId)) ?? { firstName: "Former", lastName: "User" } }
      : {}),
    matterId: t.matterId,
    ...(detail || parts.has("matter") ? { matter: matterReference(db, t.matterId) } : {}),
    clientId,
    ...(detail || parts.has("client") ? { client: clientReference(db, clientId) } : {}),
    date: t.date,
    time: t.time,
    description: t.description,
    hours: t.hours,
    ...(billable ? { rate: t.rate, amount: t.rate === null ? null : round2(t.rate * t.hours) } : {}),
    billingType: t.billingType,
    billed: t.invoiceId !== null,
    invoiceId: t.invoiceId,
    ...(detail || parts.has("invoice") ? { invoice: invoiceReference(db, t.invoiceId) } : {}),
    fixedFeeId: t.fixedFeeId,
    ...(detail || parts.has("fixedFee")
      ? { fixedFee: fee ? { id: fee.fixedFeeId, label: fee.description, amount: fee.amount } : null }
      : {}),
    activityCode: t.activityCode,
    taskCode: t.taskCode,
    ...(detail || parts.has("meta") ? { meta: meta(t) } : {}),
  };
}

export function expenseView(
  db: LeanLawDb,
  x: ExpenseRecord,
  parts: Parts = ALL,
  detail = false,
): Schemas["ExpenseDetail"] | Schemas["ExpenseList"] {
  const clientId = clientOf(db, x.matterId);
  return {
    expenseId: x.expenseId,
    userId: x.userId,
    ...(detail || parts.has("user") ? { user: userReference(x.userId ? db.users.get(x.userId) : undefined) } : {}),
    matterId: x.matterId,
    ...(detail || parts.has("matter") ? { matter: matterReference(db, x.matterId) } : {}),
    clientId,
    ...(detail || parts.has("client") ? { client: clientReference(db, clientId) } : {}),
    date: x.date,
    description: x.description,
    amount: x.amount,
    billed: x.invoiceId !== null,
    checkNumber: x.checkNumber,
    invoiceId: x.invoiceId,
    ...(detail || parts.has("invoice") ? { invoice: invoiceReference(db, x.invoiceId) } : {}),
    ...(detail ? { expenseCode: x.expenseCode } : {}),
    ...(detail || parts.has("meta") ? { meta: meta(x) } : {}),
  };
}

export function fixedFeeView(
  db: LeanLawDb,
  f: FixedFeeRecord,
  parts: Parts = ALL,
  detail = false,
): Schemas["FixedFeeDetail"] | Schemas["FixedFeeList"] {
  const clientId = clientOf(db, f.matterId);
  return {
    fixedFeeId: f.fixedFeeId,
    userId: f.userId,
    ...(detail || parts.has("user") ? { user: userReference(f.userId ? db.users.get(f.userId) : undefined) } : {}),
    matterId: f.matterId,
    ...(detail || parts.has("matter") ? { matter: matterReference(db, f.matterId) } : {}),
    clientId,
    ...(detail || parts.has("client") ? { client: clientReference(db, clientId) } : {}),
    date: f.date,
    description: f.description,
    amount: f.amount,
    billed: f.invoiceId !== null,
    invoiceId: f.invoiceId,
    ...(detail || parts.has("invoice") ? { invoice: invoiceReference(db, f.invoiceId) } : {}),
    ...(detail ? { activityCode: f.activityCode, taskCode: f.taskCode } : {}),
    ...(detail || parts.has("meta") ? { meta: meta(f) } : {}),
  };
}

export function invoiceView(db: LeanLawDb, i: InvoiceRecord, parts: Parts): Schemas["InvoiceList"] {
  return {
    invoiceId: i.invoiceId,
    clientId: i.clientId,
    ...(parts.has("client") ? { client: clientReference(db, i.clientId) } : {}),
    matterId: i.matterId,
    ...(parts.has("matter") ? { matter: i.matterId ? matterReference(db, i.matterId) : null } : {}),
    invoiceDate: i.invoiceDate,
    dueDate: i.dueDate,
    amount: i.amount,
    balance: i.balance,
    invoiceNumber: i.invoiceNumber,
    invoiceState: i.invoiceState,
    ...(parts.has("meta") ? { meta: meta(i) } : {}),
  };
}

export function userView(db: LeanLawDb, u: UserRecord, parts: Parts): Schemas["UserList"] {
  return {
    userId: u.userId,
    name: `${u.firstName} ${u.lastName}`,
    firstName: u.firstName,
    lastName: u.lastName,
    initials: u.initials,
    role: u.role,
    email: u.email,
    ...(parts.has("customFields") ? { customFields: customFieldValues(db, u.customFields) } : {}),
  };
}
