import type { components } from "../generated/schema.js";
import { createRandom, dateMs, days, isoDate, isoDateTime, type Random } from "./random.js";

type Schemas = components["schemas"];

/** A custom field value as the fake stores it. */
export interface StoredCustomValue {
  /** The stored value (string, number or boolean by the field type). */
  value: string | number | boolean;
  /** For `enum` fields: the selected option. */
  optionId?: string;
}

/** Created/modified timestamps (ISO date-times). */
export interface Stamps {
  /** When the record was created (ISO date-time). */
  createdAt: string;
  /** When the record was last modified (ISO date-time). */
  modifiedAt: string;
}

/** A LeanLaw user (timekeeper) as the fake stores it. */
export interface UserRecord {
  /** The user (timekeeper) ID. */
  userId: string;
  /** First name. */
  firstName: string;
  /** Last name. */
  lastName: string;
  /** Initials shown on invoices. */
  initials: string;
  /** The user's LeanLaw role. */
  role: Schemas["Role"];
  /** Email address. */
  email: string;
  /** Hourly rate applied to the user's billable time. */
  rate: number;
  /** Custom field values by custom field ID. */
  customFields: Map<string, StoredCustomValue>;
}

/** A practice area as the fake stores it. */
export interface PracticeAreaRecord {
  /** The practice area ID. */
  practiceAreaId: string;
  /** Display label. */
  label: string;
  /** Whether it is the firm's default practice area. */
  default: boolean;
}

/** A client as the fake stores it. */
export interface ClientRecord extends Stamps {
  /** The client ID. */
  clientId: string;
  /** Display name. */
  name: string;
  /** The firm's own reference code, if any. */
  reference: string | null;
  /** Contact details. */
  contact: Schemas["Contact"];
  /** Free-text notes. */
  notes: string | null;
  /** Custom field values by custom field ID. */
  customFields: Map<string, StoredCustomValue>;
}

/** A matter as the fake stores it. */
export interface MatterRecord extends Stamps {
  /** The matter ID. */
  matterId: string;
  /** Display name. */
  name: string;
  /** The firm's own reference code, if any. */
  reference: string | null;
  /** The kind of matter (`hourly`, `fixedFee`, `contingency`, `probono`, `internal`). */
  matterType: Schemas["MatterType"];
  /** The date the matter was opened. */
  opened: string | null;
  /** Whether the matter is archived. */
  archived: boolean;
  /** The client ID. */
  clientId: string;
  /** The responsible attorney's user ID. */
  responsibleId: string;
  /** User IDs of the originating attorneys. */
  originatorIds: string[];
  /** Users assigned to the matter (what `userId` and `x-leanlaw-userid` filter on). */
  assignedUserIds: string[];
  /** The practice area ID. */
  practiceAreaId: string | null;
  /** The rate group ID, if any. */
  rateGroupId: string | null;
  /** Conflict check information, if any. */
  conflictInformation: Schemas["ConflictInformation"] | null;
  /** Billing instructions, if any. */
  billingInstructions: string | null;
  /** Free-text notes. */
  notes: string | null;
  /** Referral sources, if any. */
  referralSources: string | null;
  /** LEDES e-billing configuration. */
  ledesConfiguration: Schemas["MatterLedesConfiguration"];
  /** Custom field values by custom field ID. */
  customFields: Map<string, StoredCustomValue>;
}

/** A time entry as the fake stores it. */
export interface TimeEntryRecord extends Stamps {
  /** The time entry ID. */
  timeEntryId: string;
  /** The user (timekeeper) ID. */
  userId: string;
  /** The matter ID. */
  matterId: string;
  /** The date of the work or cost (ISO date). */
  date: string;
  /** Start time of day, if recorded. */
  time: string | null;
  /** Narrative description. */
  description: string;
  /** Hours worked. */
  hours: number;
  /** Hourly rate, or `null` for the user's default rate. */
  rate: number | null;
  /** `billable`, `nonBillable` or `fixedFee`. */
  billingType: Schemas["BillingType"];
  /** The invoice it was billed on, or `null` while unbilled. */
  invoiceId: string | null;
  /** The fixed fee it counts against, if any. */
  fixedFeeId: string | null;
  /** UTBMS activity code, if any. */
  activityCode: string | null;
  /** UTBMS task code, if any. */
  taskCode: string | null;
}

/** An expense as the fake stores it. */
export interface ExpenseRecord extends Stamps {
  /** The expense ID. */
  expenseId: string;
  /** The user (timekeeper) ID. */
  userId: string | null;
  /** The matter ID. */
  matterId: string;
  /** The date of the work or cost (ISO date). */
  date: string;
  /** Narrative description. */
  description: string;
  /** Amount in the firm's currency. */
  amount: number;
  /** UTBMS expense code, if any. */
  expenseCode: string | null;
  /** Check number, if paid by check. */
  checkNumber: string | null;
  /** The invoice it was billed on, or `null` while unbilled. */
  invoiceId: string | null;
}

/** A fixed fee as the fake stores it. */
export interface FixedFeeRecord extends Stamps {
  /** The fixed fee it counts against, if any. */
  fixedFeeId: string;
  /** The user (timekeeper) ID. */
  userId: string | null;
  /** The matter ID. */
  matterId: string;
  /** The date of the work or cost (ISO date). */
  date: string;
  /** Narrative description. */
  description: string;
  /** Amount in the firm's currency. */
  amount: number;
  /** UTBMS activity code, if any. */
  activityCode: string | null;
  /** UTBMS task code, if any. */
  taskCode: string | null;
  /** The invoice it was billed on, or `null` while unbilled. */
  invoiceId: string | null;
}

/** An invoice as the fake stores it. */
export interface InvoiceRecord extends Stamps {
  /** The invoice it was billed on, or `null` while unbilled. */
  invoiceId: string;
  /** The client ID. */
  clientId: string;
  /** `null` for an invoice covering several matters of the client. */
  matterId: string | null;
  /** The invoice date (ISO date). */
  invoiceDate: string;
  /** The due date, if any. */
  dueDate: string | null;
  /** Amount in the firm's currency. */
  amount: number;
  /** Amount still owed. */
  balance: number;
  /** The invoice number shown to the client. */
  invoiceNumber: string;
  /** Workflow state: `draft`, `review`, `approved` or `final`. */
  invoiceState: Schemas["InvoiceState"];
}

/** The firm's QuickBooks Online connection, as `createMatter` sees it. */
export interface QuickBooksState {
  /** Whether the firm uses the QuickBooks integration. */
  connected: boolean;
  /** `matter`: each matter becomes a sub-customer; `client`: only the client becomes a customer. */
  billPer: "matter" | "client";
  /** Make every QuickBooks sync fail (the matter is still created). */
  failing: boolean;
  /** Clients connected as QuickBooks customers. */
  customers: Set<string>;
  /** Matters connected as QuickBooks sub-customers. */
  subCustomers: Set<string>;
  /** Syncs that failed (the requests still succeeded). */
  failures: number;
}

/** Everything the fake holds. Mutate it freely in tests to set up a scenario. */
export interface LeanLawDb {
  /** Users by ID. */
  users: Map<string, UserRecord>;
  /** Practice areas by ID. */
  practiceAreas: Map<string, PracticeAreaRecord>;
  /** Custom field values by custom field ID. */
  customFields: Map<string, Schemas["CustomFieldDefinition"]>;
  /** UTBMS activity, task and expense codes. */
  codes: Schemas["CodeList"];
  /** Clients by ID. */
  clients: Map<string, ClientRecord>;
  /** Matters by ID. */
  matters: Map<string, MatterRecord>;
  /** Time entries by ID. */
  timeEntries: Map<string, TimeEntryRecord>;
  /** Expenses by ID. */
  expenses: Map<string, ExpenseRecord>;
  /** Fixed fees by ID. */
  fixedFees: Map<string, FixedFeeRecord>;
  /** Invoices by ID. */
  invoices: Map<string, InvoiceRecord>;
  /** The QuickBooks Online connection. */
  quickBooks: QuickBooksState;
}

/** How many records of each kind the generated firm has. */
export interface FixtureCounts {
  /**
   * Clients. Matters, time, expenses, fixed fees and invoices scale with them.
   * @default 2543 (the patterns page's example total: three pages of 1000)
   */
  clients?: number;
}

/** The day the generated history ends: every fixture record is dated on or before it. */
export const FIXTURE_END = "2026-11-01";

const FIRST_NAMES =
  "Hannah Marcus Priya Daniel Sofia Liam Grace Mateo Aisha Noah Elena Owen Chloe Ravi Isabel Samuel Mei Lucas Zara Ethan Nora Julian Amara Tomas Ruth Felix Leah Hugo Ines Caleb".split(
    " ",
  );
const LAST_NAMES =
  "Ortiz Lee Shah Brennan Rossi Walsh Kim Alvarez Okafor Fischer Nakamura Dubois Carter Novak Haddad Lindqvist Moreau Patel Quinn Reyes Schmidt Tanaka Varga Whitfield Yilmaz Zhang Murphy Costa Larsen Bauer".split(
    " ",
  );
const COMPANY_WORDS =
  "Acme Northwind Harbor Summit Cedar Bluewater Ironwood Pioneer Granite Evergreen Silverline Redwood Beacon Keystone Lakeshore Meridian Orchard Pinnacle Riverbend Sterling Trident Union Vantage Westfield Copperleaf Foxglove Highland Juniper".split(
    " ",
  );
const COMPANY_KINDS =
  "Manufacturing|Logistics|Holdings|Foods|Software|Construction|Dental Group|Realty|Health Partners|Capital|Robotics|Textiles|Marine Services".split(
    "|",
  );
const COMPANY_SUFFIXES = ["LLC", "Inc.", "Corp.", "LLP", "Ltd."];
const CITIES: [string, string, string][] = [
  ["Seattle", "WA", "981"],
  ["Portland", "OR", "972"],
  ["Spokane", "WA", "992"],
  ["Boise", "ID", "837"],
  ["Tacoma", "WA", "984"],
  ["Eugene", "OR", "974"],
  ["Bellevue", "WA", "980"],
  ["Salem", "OR", "973"],
];
const STREETS = "Industrial Way|Pine Street|Harbor Avenue|Main Street|Lakeview Drive|Cedar Lane|Market Street".split(
  "|",
);
const MATTER_KINDS: [string, Schemas["MatterType"], string][] = [
  ["Contract dispute", "hourly", "Commercial Litigation"],
  ["Employment claim", "hourly", "Employment"],
  ["Trademark registration", "fixedFee", "Intellectual Property"],
  ["Patent application", "fixedFee", "Intellectual Property"],
  ["Estate plan", "fixedFee", "Estate Planning"],
  ["Lease review", "hourly", "Real Estate"],
  ["Acquisition", "hourly", "Corporate"],
  ["Personal injury claim", "contingency", "Personal Injury"],
  ["Tenant rights clinic", "probono", "Real Estate"],
  ["General counsel", "hourly", "Corporate"],
];
const WORK =
  "Draft motion to compel discovery responses|Review and revise engagement letter|Telephone conference with client|Research statute of limitations|Prepare for deposition|Draft settlement agreement|Review opposing counsel's correspondence|Prepare specimen of use|Draft purchase agreement|Attend mediation|Revise lease amendment|Draft will and trust documents|Prepare trademark application|Analyze prior art|Email to client regarding status".split(
    "|",
  );
const EXPENSES: [string, string, number, number][] = [
  ["Court filing fee", "E112", 100, 450],
  ["Copying", "E101", 5, 90],
  ["Courier", "E107", 15, 80],
  ["Deposition transcript", "E115", 250, 900],
  ["Travel", "E110", 40, 600],
  ["Expert witness fee", "E120", 800, 4000],
];
const ROLE_RATES: Record<Schemas["Role"], number> = {
  principal: 450,
  attorney: 350,
  paralegal: 150,
  timekeeper: 120,
  operator: 0,
  accountant: 0,
};
const STAFF: [string, string, Schemas["Role"]][] = [
  ["Hannah", "Ortiz", "principal"],
  ["Marcus", "Lee", "principal"],
  ["Priya", "Shah", "attorney"],
  ["Daniel", "Brennan", "attorney"],
  ["Sofia", "Rossi", "attorney"],
  ["Owen", "Walsh", "attorney"],
  ["Grace", "Kim", "attorney"],
  ["Mateo", "Alvarez", "paralegal"],
  ["Aisha", "Okafor", "paralegal"],
  ["Noah", "Fischer", "timekeeper"],
  ["Elena", "Nakamura", "operator"],
  ["Ruth", "Carter", "accountant"],
];

const ACTIVITY_CODES: [string, string][] = [
  ["A101", "Plan and prepare for"],
  ["A102", "Research"],
  ["A103", "Draft/revise"],
  ["A104", "Review/analyze"],
  ["A105", "Communicate (in firm)"],
  ["A106", "Communicate (with client)"],
  ["A107", "Communicate (other outside counsel)"],
  ["A108", "Communicate (other external)"],
  ["A109", "Appear for/attend"],
  ["A110", "Manage data/files"],
  ["A111", "Other"],
  ["A112", "Travel"],
];
const TASK_CODES: [string, string, string | null, boolean][] = [
  ["L100", "Case Assessment, Development and Administration", null, false],
  ["L110", "Fact Investigation/Development", "L100", true],
  ["L120", "Analysis/Strategy", "L100", true],
  ["L130", "Experts/Consultants", "L100", true],
  ["L140", "Document/File Management", "L100", true],
  ["L200", "Pre-Trial Pleadings and Motions", null, false],
  ["L210", "Pleadings", "L200", true],
  ["L240", "Dispositive Motions", "L200", true],
  ["L300", "Discovery", null, false],
  ["L310", "Written Discovery", "L300", true],
  ["L330", "Depositions", "L300", true],
];
const EXPENSE_CODES: [string, string][] = [
  ["E101", "Copying"],
  ["E102", "Outside printing"],
  ["E105", "Telephone"],
  ["E107", "Delivery services/messengers"],
  ["E110", "Out-of-town travel"],
  ["E112", "Court fees"],
  ["E115", "Deposition transcripts"],
  ["E120", "Private investigators"],
];

const round2 = (n: number) => Math.round(n * 100) / 100;

function codes(): Schemas["CodeList"] {
  return {
    activity: ACTIVITY_CODES.map(([code, label]) => ({
      code,
      label,
      codeSetId: "utbms-litigation",
      parentCode: null,
      selectable: true,
    })),
    task: TASK_CODES.map(([code, label, parentCode, selectable]) => ({
      code,
      label,
      codeSetId: "utbms-litigation",
      parentCode,
      selectable,
    })),
    expense: EXPENSE_CODES.map(([code, label]) => ({
      code,
      label,
      codeSetId: "utbms-expense",
      parentCode: null,
      selectable: true,
    })),
    codeSets: [
      {
        codeSetId: "utbms-litigation",
        label: "UTBMS Litigation",
        description: "Uniform Task-Based Management System litigation code set",
      },
      {
        codeSetId: "utbms-expense",
        label: "UTBMS Expense",
        description: "Uniform Task-Based Management System expense code set",
      },
    ],
  };
}

/**
 * Generates a whole synthetic firm from a seed: the same seed always gives the same firm, so nothing large is
 * stored in the repository. Names, addresses and numbers are invented.
 */
export function generateDb(seed: number, counts: FixtureCounts = {}): LeanLawDb {
  const rnd = createRandom(seed);
  const end = dateMs(FIXTURE_END);
  const start = dateMs("2023-01-02");
  const stamp = (fromMs: number): Stamps => {
    const created = fromMs + rnd.int(0, 36_000) * 1000;
    const modified = rnd.chance(0.6)
      ? created
      : Math.min(end, created + days(rnd.int(0, 200)) + rnd.int(0, 86_000) * 1000);
    return { createdAt: isoDateTime(created), modifiedAt: isoDateTime(Math.max(created, modified)) };
  };

  // Reference data ------------------------------------------------------------------------------------
  const customFields = new Map<string, Schemas["CustomFieldDefinition"]>();
  const defineField = (def: Omit<Schemas["CustomFieldDefinition"], "id">) => {
    const field = { id: rnd.uuid(), ...def };
    customFields.set(field.id, field);
    return field;
  };
  const intake = defineField({
    entity: "client",
    name: "Intake source",
    valueType: "enum",
    options: ["Referral", "Website", "Existing client", "Advertising"].map((label) => ({
      optionId: rnd.uuid(),
      label,
    })),
  });
  const conflictChecked = defineField({ entity: "client", name: "Conflict check done", valueType: "boolean" });
  const statute = defineField({ entity: "matter", name: "Statute of limitations", valueType: "date" });
  const court = defineField({ entity: "matter", name: "Court", valueType: "text" });
  const estimate = defineField({ entity: "matter", name: "Estimated value", valueType: "number" });
  const barNumber = defineField({ entity: "user", name: "Bar number", valueType: "text" });
  defineField({ entity: "user", name: "Admission year", valueType: "number" });

  const users = new Map<string, UserRecord>();
  for (const [firstName, lastName, role] of STAFF) {
    const user: UserRecord = {
      userId: rnd.uuid(),
      firstName,
      lastName,
      initials: `${firstName[0]}${lastName[0]}`,
      role,
      email: `${firstName}.${lastName}@ortizlee.example`.toLowerCase(),
      rate: ROLE_RATES[role],
      customFields: new Map(),
    };
    if (role === "principal" || role === "attorney") {
      user.customFields.set(barNumber.id, { value: `WA-${rnd.int(20000, 59999)}` });
    }
    users.set(user.userId, user);
  }
  const lawyers = [...users.values()].filter((u) => u.role === "principal" || u.role === "attorney");
  const timekeepers = [...users.values()].filter((u) => u.rate > 0);

  const practiceAreas = new Map<string, PracticeAreaRecord>();
  for (const label of [
    "Commercial Litigation",
    "Intellectual Property",
    "Employment",
    "Estate Planning",
    "Real Estate",
    "Corporate",
    "Personal Injury",
  ]) {
    const area = { practiceAreaId: rnd.uuid(), label, default: label === "Commercial Litigation" };
    practiceAreas.set(area.practiceAreaId, area);
  }
  const areaByLabel = new Map([...practiceAreas.values()].map((a) => [a.label, a.practiceAreaId]));

  const db: LeanLawDb = {
    users,
    practiceAreas,
    customFields,
    codes: codes(),
    clients: new Map(),
    matters: new Map(),
    timeEntries: new Map(),
    expenses: new Map(),
    fixedFees: new Map(),
    invoices: new Map(),
    quickBooks: {
      connected: true,
      billPer: "matter",
      failing: false,
      customers: new Set(),
      subCustomers: new Set(),
      failures: 0,
    },
  };

  // Clients, matters and their activity -------------------------------------------------------------------
  const clientCount = counts.clients ?? 2543;
  const invoiceDrafts: { clientId: string; matterIds: string[]; invoiceDate: string }[] = [];
  let matterSeq = 0;
  for (let i = 0; i < clientCount; i++) {
    const isCompany = rnd.chance(0.55);
    const [city, state, zipPrefix] = rnd.pick(CITIES);
    const firstName = rnd.pick(FIRST_NAMES);
    const lastName = rnd.pick(LAST_NAMES);
    const companyName = isCompany
      ? `${rnd.pick(COMPANY_WORDS)} ${rnd.pick(COMPANY_KINDS)} ${rnd.pick(COMPANY_SUFFIXES)}`
      : null;
    const domain = isCompany ? `${companyName!.split(" ")[0]!.toLowerCase()}-${i}.example` : "mail.example";
    const createdMs = start + Math.floor((i / Math.max(1, clientCount)) * (end - start - days(30)));
    const client: ClientRecord = {
      clientId: rnd.uuid(),
      name: companyName ?? `${firstName} ${lastName}`,
      reference: rnd.chance(0.92) ? `C-${1001 + i}` : null,
      contact: {
        companyName,
        firstName,
        lastName,
        middleName: rnd.chance(0.1) ? rnd.pick(FIRST_NAMES) : null,
        suffix: rnd.chance(0.03) ? "Jr." : null,
        email: isCompany ? `ap@${domain}` : `${firstName}.${lastName}${i}@${domain}`.toLowerCase(),
        emailCC: isCompany && rnd.chance(0.4) ? `${firstName}.${lastName}@${domain}`.toLowerCase() : null,
        phone: `+1 ${rnd.int(200, 989)} 555 ${String(rnd.int(100, 199)).padStart(4, "0")}`,
        cellPhone: rnd.chance(0.3) ? `+1 ${rnd.int(200, 989)} 555 ${String(rnd.int(100, 199)).padStart(4, "0")}` : null,
        otherPhone: null,
        fax: null,
        street: `${rnd.int(10, 9999)} ${rnd.pick(STREETS)}`,
        city,
        state,
        zip: `${zipPrefix}${String(rnd.int(0, 99)).padStart(2, "0")}`,
        country: "USA",
      },
      notes: rnd.chance(0.2) ? `Referred by ${rnd.pick(lawyers).firstName} ${rnd.pick(lawyers).lastName}.` : null,
      customFields: new Map(),
      ...stamp(createdMs),
    };
    if (rnd.chance(0.7)) {
      const option = rnd.pick(intake.options ?? []);
      client.customFields.set(intake.id, { value: option.label, optionId: option.optionId });
    }
    if (rnd.chance(0.5)) client.customFields.set(conflictChecked.id, { value: true });
    db.clients.set(client.clientId, client);
    if (rnd.chance(0.7)) db.quickBooks.customers.add(client.clientId);

    const matterCount = rnd.chance(0.15) ? 0 : rnd.int(1, 3);
    const billedMatters: string[] = [];
    for (let m = 0; m < matterCount; m++) {
      const [kind, matterType, areaLabel] = rnd.pick(MATTER_KINDS);
      const responsible = rnd.pick(lawyers);
      const originators = rnd.chance(0.7) ? [rnd.pick(lawyers).userId] : [];
      const assigned = new Set([responsible.userId, ...originators, rnd.pick(timekeepers).userId]);
      const openedMs = Math.min(end - days(5), createdMs + days(rnd.int(0, 400)));
      const year = new Date(openedMs).getUTCFullYear();
      matterSeq += 1;
      const ledes = isCompany && rnd.chance(0.15);
      const matter: MatterRecord = {
        matterId: rnd.uuid(),
        name: `${client.name.split(" ")[0]} - ${kind}`,
        reference: rnd.chance(0.95) ? `M-${year}-${String(matterSeq).padStart(4, "0")}` : null,
        matterType,
        opened: isoDate(openedMs),
        archived: rnd.chance(0.2),
        clientId: client.clientId,
        responsibleId: responsible.userId,
        originatorIds: originators,
        assignedUserIds: [...assigned],
        practiceAreaId: rnd.chance(0.85) ? (areaByLabel.get(areaLabel) ?? null) : null,
        rateGroupId: null,
        conflictInformation: rnd.chance(0.5)
          ? {
              adverse: `${rnd.pick(COMPANY_WORDS)} ${rnd.pick(COMPANY_KINDS)} ${rnd.pick(COMPANY_SUFFIXES)}`,
              relatedAdverse: null,
              relatedClient: null,
              opposing: null,
            }
          : null,
        billingInstructions: ledes ? "Bill monthly; LEDES 1998B to client's e-billing portal." : null,
        notes: null,
        referralSources: null,
        ledesConfiguration: {
          enabled: ledes,
          activityCodeRequired: ledes,
          taskCodeRequired: ledes,
          expenseCodeRequired: false,
          codeSetIds: ledes ? ["utbms-litigation", "utbms-expense"] : [],
        },
        customFields: new Map(),
        ...stamp(openedMs),
      };
      if (matterType === "hourly" && rnd.chance(0.4))
        matter.customFields.set(statute.id, { value: isoDate(openedMs + days(rnd.int(300, 1200))) });
      if (kind === "Contract dispute" && rnd.chance(0.6))
        matter.customFields.set(court.id, { value: "King County Superior Court" });
      if (rnd.chance(0.2)) matter.customFields.set(estimate.id, { value: rnd.int(5, 500) * 1000 });
      db.matters.set(matter.matterId, matter);
      if (db.quickBooks.customers.has(client.clientId) && rnd.chance(0.8))
        db.quickBooks.subCustomers.add(matter.matterId);

      // Activity on the matter.
      const assignedTimekeepers = matter.assignedUserIds.map((id) => users.get(id)!).filter((u) => u.rate > 0);
      const dateIn = () =>
        isoDate(Math.min(end, openedMs + days(rnd.int(0, Math.max(1, Math.floor((end - openedMs) / days(1)))))));
      let fixedFeeId: string | null = null;
      if (matterType === "fixedFee") {
        const fee: FixedFeeRecord = {
          fixedFeeId: rnd.uuid(),
          userId: rnd.chance(0.8) ? responsible.userId : null,
          matterId: matter.matterId,
          date: isoDate(openedMs),
          description: kind === "Trademark registration" ? "Trademark application, one class" : `${kind}, flat fee`,
          amount: rnd.pick([950, 1500, 2500, 3500, 5000]),
          activityCode: null,
          taskCode: null,
          invoiceId: null,
          ...stamp(openedMs),
        };
        db.fixedFees.set(fee.fixedFeeId, fee);
        fixedFeeId = fee.fixedFeeId;
      }
      const entryCount = matterType === "probono" ? rnd.int(0, 2) : rnd.int(0, 4);
      for (let e = 0; e < entryCount; e++) {
        const user = rnd.pick(assignedTimekeepers.length ? assignedTimekeepers : timekeepers);
        const date = dateIn();
        const billingType: Schemas["BillingType"] =
          matterType === "fixedFee"
            ? "fixedFee"
            : matterType === "hourly" && rnd.chance(0.9)
              ? "billable"
              : "nonBillable";
        const entry: TimeEntryRecord = {
          timeEntryId: rnd.uuid(),
          userId: user.userId,
          matterId: matter.matterId,
          date,
          time: rnd.chance(0.5)
            ? `${String(rnd.int(8, 17)).padStart(2, "0")}:${rnd.pick(["00", "15", "30", "45"])}:00`
            : null,
          description: rnd.pick(WORK),
          hours: rnd.int(1, 32) / 4,
          rate: billingType === "billable" ? user.rate : null,
          billingType,
          invoiceId: null,
          fixedFeeId: billingType === "fixedFee" ? fixedFeeId : null,
          activityCode: ledes ? rnd.pick(ACTIVITY_CODES)[0] : null,
          taskCode: ledes ? rnd.pick(TASK_CODES.filter((t) => t[3]))[0] : null,
          ...stamp(dateMs(date)),
        };
        db.timeEntries.set(entry.timeEntryId, entry);
      }
      if (rnd.chance(0.45)) {
        for (let x = rnd.int(1, 2); x > 0; x--) {
          const [description, expenseCode, min, max] = rnd.pick(EXPENSES);
          const date = dateIn();
          const expense: ExpenseRecord = {
            expenseId: rnd.uuid(),
            userId: rnd.chance(0.7)
              ? rnd.pick(assignedTimekeepers.length ? assignedTimekeepers : lawyers).userId
              : null,
            matterId: matter.matterId,
            date,
            description,
            amount: round2(min + rnd.next() * (max - min)),
            expenseCode: ledes ? expenseCode : null,
            checkNumber: rnd.chance(0.2) ? String(rnd.int(10000, 19999)) : null,
            invoiceId: null,
            ...stamp(dateMs(date)),
          };
          db.expenses.set(expense.expenseId, expense);
        }
      }
      if (matterType !== "probono" && rnd.chance(0.55)) billedMatters.push(matter.matterId);
    }
    // Invoices: most billed clients are invoiced per matter, some per client (one invoice for several matters).
    if (billedMatters.length > 1 && rnd.chance(0.2)) {
      invoiceDrafts.push({
        clientId: client.clientId,
        matterIds: billedMatters,
        invoiceDate: isoDate(end - days(rnd.int(0, 200))),
      });
    } else {
      for (const matterId of billedMatters) {
        invoiceDrafts.push({
          clientId: client.clientId,
          matterIds: [matterId],
          invoiceDate: isoDate(end - days(rnd.int(0, 200))),
        });
      }
    }
  }

  // Invoices: each takes the unbilled items of its matters dated on or before the invoice date. ----------
  const itemsByMatter = new Map<
    string,
    { time: TimeEntryRecord[]; expenses: ExpenseRecord[]; fees: FixedFeeRecord[] }
  >();
  const bucket = (matterId: string) => {
    let b = itemsByMatter.get(matterId);
    if (!b) {
      b = { time: [], expenses: [], fees: [] };
      itemsByMatter.set(matterId, b);
    }
    return b;
  };
  for (const t of db.timeEntries.values()) bucket(t.matterId).time.push(t);
  for (const x of db.expenses.values()) bucket(x.matterId).expenses.push(x);
  for (const f of db.fixedFees.values()) bucket(f.matterId).fees.push(f);

  invoiceDrafts.sort((a, b) => a.invoiceDate.localeCompare(b.invoiceDate));
  const seqByYear = new Map<string, number>();
  for (const draft of invoiceDrafts) {
    const invoiceId = rnd.uuid();
    let amount = 0;
    const taken: { invoiceId: string | null }[] = [];
    for (const matterId of draft.matterIds) {
      const items = bucket(matterId);
      const fees = items.fees.filter((f) => !f.invoiceId && f.date <= draft.invoiceDate);
      for (const f of fees) {
        taken.push(f);
        amount += f.amount;
        for (const t of items.time) if (t.fixedFeeId === f.fixedFeeId && !t.invoiceId) taken.push(t);
      }
      for (const t of items.time) {
        if (t.invoiceId || t.billingType === "fixedFee" || t.date > draft.invoiceDate) continue;
        taken.push(t);
        if (t.billingType === "billable") amount += t.hours * (t.rate ?? 0);
      }
      for (const x of items.expenses) {
        if (x.invoiceId || x.date > draft.invoiceDate) continue;
        taken.push(x);
        amount += x.amount;
      }
    }
    if (amount === 0) continue;
    for (const item of taken) item.invoiceId = invoiceId;
    amount = round2(amount);
    const year = draft.invoiceDate.slice(0, 4);
    const seq = (seqByYear.get(year) ?? 0) + 1;
    seqByYear.set(year, seq);
    const age = (end - dateMs(draft.invoiceDate)) / days(1);
    const invoiceState: Schemas["InvoiceState"] =
      age > 20 || rnd.chance(0.5) ? "final" : rnd.pick(["draft", "review", "approved"] as const);
    const paid =
      invoiceState !== "final" ? 0 : rnd.chance(0.6) ? amount : rnd.chance(0.4) ? round2(amount * rnd.next()) : 0;
    const created = dateMs(draft.invoiceDate) + rnd.int(28_800, 72_000) * 1000;
    const invoice: InvoiceRecord = {
      invoiceId,
      clientId: draft.clientId,
      matterId: draft.matterIds.length === 1 ? draft.matterIds[0]! : null,
      invoiceDate: draft.invoiceDate,
      dueDate: invoiceState === "final" ? isoDate(dateMs(draft.invoiceDate) + days(30)) : null,
      amount,
      balance: round2(amount - paid),
      invoiceNumber: `${year}-${String(seq).padStart(4, "0")}`,
      invoiceState,
      createdAt: isoDateTime(created),
      modifiedAt: isoDateTime(paid > 0 ? Math.min(end, created + days(rnd.int(1, 40))) : created),
    };
    db.invoices.set(invoiceId, invoice);
  }
  // An item on an invoice is as old as its invoice at least, in `modifiedAt` terms.
  for (const items of [db.timeEntries, db.expenses, db.fixedFees] as Map<
    string,
    Stamps & { invoiceId: string | null }
  >[]) {
    for (const item of items.values()) {
      const invoice = item.invoiceId ? db.invoices.get(item.invoiceId) : undefined;
      if (invoice && invoice.createdAt > item.modifiedAt) item.modifiedAt = invoice.createdAt;
    }
  }
  return db;
}

/** A fresh random source for ids of records the fake creates, derived from the seed. */
export function idSource(seed: number): Random {
  return createRandom((seed ^ 0x5eed1e55) >>> 0);
}
