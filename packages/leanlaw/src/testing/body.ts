import type { components } from "../generated/schema.js";
import type { LeanLawDb, StoredCustomValue } from "./db.js";
import { isDate, isTime, isUuid, validationProblem } from "./http.js";

type Schemas = components["schemas"];

/** How a body field is checked. An array is an enum. */
export type FieldType =
  | "string"
  | "uuid"
  | "date"
  | "time"
  | "number"
  | "boolean"
  | "contact"
  | "conflict"
  | "customFields"
  | readonly string[];

/** A request body as the fake reads it. */
export type Body = Record<string, unknown>;

const CONTACT_FIELDS = [
  "companyName",
  "firstName",
  "lastName",
  "middleName",
  "suffix",
  "email",
  "emailCC",
  "phone",
  "cellPhone",
  "otherPhone",
  "fax",
  "street",
  "city",
  "state",
  "zip",
  "country",
] as const;
const CONFLICT_FIELDS = ["adverse", "relatedAdverse", "relatedClient", "opposing"] as const;

function checkStrings(value: unknown, allowed: readonly string[]): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "Must be an object.";
  for (const [key, v] of Object.entries(value)) {
    if (!allowed.includes(key)) return `Unknown property '${key}'.`;
    if (v !== null && typeof v !== "string") return `'${key}' must be a string or null.`;
  }
  return undefined;
}

function checkType(type: FieldType, value: unknown): string | undefined {
  if (Array.isArray(type))
    return typeof value === "string" && type.includes(value) ? undefined : `Must be one of ${type.join(", ")}.`;
  switch (type) {
    case "string":
      return typeof value === "string" ? undefined : "Must be a string.";
    case "uuid":
      return isUuid(value) ? undefined : "Must be a GUID.";
    case "date":
      return isDate(value) ? undefined : "Must be a date (yyyy-MM-dd).";
    case "time":
      return isTime(value) ? undefined : "Must be a time of day (HH:mm:ss).";
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? undefined : "Must be a number.";
    case "boolean":
      return typeof value === "boolean" ? undefined : "Must be true or false.";
    case "contact":
      return checkStrings(value, CONTACT_FIELDS);
    case "conflict":
      return checkStrings(value, CONFLICT_FIELDS);
    case "customFields": {
      if (!Array.isArray(value)) return "Must be an array.";
      for (const entry of value) {
        if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return "Each entry must be an object.";
        for (const key of Object.keys(entry))
          if (!["id", "value", "optionId"].includes(key)) return `Unknown property '${key}' in an entry.`;
        const e = entry as Body;
        if (typeof e.id !== "string" || e.id === "") return "Each entry needs an id.";
        if (e.value !== undefined && e.value !== null && !["string", "number", "boolean"].includes(typeof e.value)) {
          return "A value must be a string, number, boolean or null.";
        }
        if (e.optionId !== undefined && e.optionId !== null && !isUuid(e.optionId)) return "optionId must be a GUID.";
      }
      return undefined;
    }
  }
}

/**
 * Checks a body against its fields: unknown properties, required ones (missing, `null` or empty) and types.
 * `null` is accepted for every optional field (a sparse PUT reads it as "keep"); `nonEmpty` strings may not be
 * blank when given. Throws a 400 with ASP.NET's
 * validation shape listing every problem.
 */
export function checkBody(
  body: Body,
  { fields, required }: { fields: Record<string, FieldType>; required: readonly string[] },
  nonEmpty: readonly string[] = [],
): void {
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => {
    errors[field] ??= [];
    errors[field].push(message);
  };
  for (const key of Object.keys(body)) if (!(key in fields)) add(key, `Unknown property '${key}'.`);
  for (const name of required) {
    const v = body[name];
    if (v === undefined || v === null || (typeof v === "string" && v.trim() === ""))
      add(name, `The ${name} field is required.`);
  }
  for (const [name, type] of Object.entries(fields)) {
    const v = body[name];
    if (v === undefined || v === null || errors[name]) continue;
    const problem = checkType(type, v);
    if (problem) add(name, problem);
    else if (nonEmpty.includes(name) && typeof v === "string" && v.trim() === "")
      add(name, `The ${name} field cannot be empty.`);
  }
  if (Object.keys(errors).length) throw validationProblem(errors);
}

/** Reads a JSON request body as an object, or throws a 400. */
export async function readJson(request: Request): Promise<Body> {
  const text = await request.text();
  if (text.trim() === "") throw validationProblem({ "": ["A non-empty request body is required."] });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw validationProblem({ $: ["The JSON value could not be parsed."] });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw validationProblem({ $: ["The request body must be a JSON object."] });
  }
  return value as Body;
}

/** Merges the non-null fields of `patch` into `current` (sparse semantics inside nested objects). */
export function mergeSparse<T extends object>(current: T | null, patch: unknown, fields: readonly string[]): T {
  const out = { ...(current ?? Object.fromEntries(fields.map((f) => [f, null]))) } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch as Body)) if (value !== null && value !== undefined) out[key] = value;
  return out as T;
}

export const contactFields = CONTACT_FIELDS;
export const conflictFields = CONFLICT_FIELDS;

/**
 * Applies `customFields` entries to a record's values. Only the listed fields change. An entry without a value
 * and without an option clears the field (`value: null`; LeanLaw's ASP.NET binding cannot tell an omitted value
 * from `null`). Enum fields take `optionId` (preferred) or an option label as `value`; numbers, booleans and
 * dates may come as strings.
 */
export function applyCustomFields(
  db: LeanLawDb,
  entity: Schemas["CustomFieldEntityType"],
  target: Map<string, StoredCustomValue>,
  entries: unknown,
): void {
  if (entries === undefined || entries === null) return;
  const errors: Record<string, string[]> = {};
  const staged = new Map<string, StoredCustomValue | null>();
  /** Stages one entry; returns a problem, or undefined. */
  const stage = (entry: Body): string | undefined => {
    const def = db.customFields.get(String(entry.id));
    if (!def || def.entity !== entity) return `No ${entity} custom field with id ${String(entry.id)}.`;
    const { value, optionId } = entry;
    if ((value === undefined || value === null) && (optionId === undefined || optionId === null)) {
      staged.set(def.id, null);
      return undefined;
    }
    let stored: StoredCustomValue | undefined;
    switch (def.valueType) {
      case "enum": {
        const byId = optionId !== undefined && optionId !== null;
        const option = (def.options ?? []).find((o) =>
          byId ? o.optionId === String(optionId).toLowerCase() : o.label === value,
        );
        if (option) stored = { value: option.label, optionId: option.optionId };
        break;
      }
      case "text":
        if (typeof value === "string") stored = { value };
        break;
      case "number": {
        const n =
          typeof value === "number"
            ? value
            : typeof value === "string" && value.trim() !== ""
              ? Number(value)
              : Number.NaN;
        if (Number.isFinite(n)) stored = { value: n };
        break;
      }
      case "boolean":
        if (value === true || value === "true") stored = { value: true };
        if (value === false || value === "false") stored = { value: false };
        break;
      case "date":
        if (isDate(value)) stored = { value };
        break;
    }
    if (!stored) {
      const expected = {
        enum: "one of its options",
        text: "a string",
        number: "a number",
        boolean: "true or false",
        date: "a date (yyyy-MM-dd)",
      };
      return `'${def.name}' takes ${expected[def.valueType]}.`;
    }
    staged.set(def.id, stored);
    return undefined;
  };
  for (const [i, entry] of (entries as Body[]).entries()) {
    const problem = stage(entry);
    if (problem) errors[`customFields[${i}]`] = [problem];
  }
  if (Object.keys(errors).length) throw validationProblem(errors);
  for (const [id, v] of staged) {
    if (v === null) target.delete(id);
    else target.set(id, v);
  }
}
