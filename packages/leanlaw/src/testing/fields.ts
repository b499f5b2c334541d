import type { FieldType } from "./body.js";

/** What a request body may hold: its fields with their types, and the required ones. */
export interface BodySpec {
  fields: Record<string, FieldType>;
  required: readonly string[];
}

const BILLING_TYPES = ["nonBillable", "billable", "fixedFee"] as const;
const MATTER_TYPES = ["hourly", "fixedFee", "contingency", "probono", "internal"] as const;

const client = {
  name: "string",
  reference: "string",
  contact: "contact",
  notes: "string",
  customFields: "customFields",
} as const;
const matter = {
  name: "string",
  reference: "string",
  clientId: "uuid",
  responsibleId: "uuid",
  opened: "date",
  archived: "boolean",
  conflictInformation: "conflict",
  billingInstructions: "string",
  notes: "string",
  referralSources: "string",
  practiceAreaId: "uuid",
  customFields: "customFields",
} as const;
const time = {
  userId: "uuid",
  matterId: "uuid",
  date: "date",
  time: "time",
  description: "string",
  hours: "number",
  rate: "number",
  billingType: BILLING_TYPES,
  fixedFeeId: "uuid",
  activityCode: "string",
  taskCode: "string",
} as const;
const amount = { userId: "uuid", matterId: "uuid", date: "date", description: "string", amount: "number" } as const;
const practiceArea = { label: "string", default: "boolean" } as const;

/**
 * The request body of every write, as the spec's request schemas define it (a test keeps the two equal). The
 * fake refuses unknown properties (the schemas say `additionalProperties: false`).
 */
export const BODIES = {
  createClient: { fields: client, required: ["name"] },
  updateClient: { fields: client, required: [] },
  createMatter: {
    fields: { ...matter, matterType: MATTER_TYPES, originatorId: "uuid", rateGroupId: "uuid" },
    required: ["name", "clientId", "responsibleId"],
  },
  updateMatter: { fields: matter, required: [] },
  createTimeEntry: { fields: time, required: ["matterId", "date", "description", "hours"] },
  updateTimeEntry: { fields: time, required: [] },
  createExpense: {
    fields: { ...amount, expenseCode: "string" },
    required: ["matterId", "date", "description", "amount"],
  },
  updateExpense: { fields: { ...amount, expenseCode: "string" }, required: [] },
  createFixedFee: {
    fields: { ...amount, activityCode: "string", taskCode: "string" },
    required: ["matterId", "date", "description", "amount"],
  },
  updateFixedFee: { fields: { ...amount, activityCode: "string", taskCode: "string" }, required: [] },
  createPracticeArea: { fields: practiceArea, required: ["label"] },
  updatePracticeArea: { fields: practiceArea, required: [] },
  updateUser: { fields: { customFields: "customFields" }, required: [] },
} as const satisfies Record<string, BodySpec>;
