import { type SelectOperation, type SortOperation, selectValues, sortFields } from "../select.js";

/** Errors as the fake answers them: RFC 9457 / ASP.NET ProblemDetails (LeanLaw runs on ASP.NET). */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: Record<string, string[]>,
  ) {
    super(detail ?? title);
  }
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/** A 400 with ASP.NET's validation shape: `{title, status, errors: {field: [messages]}}`. */
export const validationProblem = (errors: Record<string, string[]>) =>
  new Problem(400, "One or more validation errors occurred.", undefined, errors);

/** A 400 for a request that is well formed but breaks a business rule. */
export const badRequest = (detail: string) => new Problem(400, TITLES[400]!, detail);

export const notFound = (what: string, id: string) => new Problem(404, TITLES[404]!, `No ${what} with id ${id}.`);

/** The ProblemDetails body of a problem. */
export function problemBody(problem: Problem, traceId: string): Record<string, unknown> {
  return {
    type: `https://httpstatuses.io/${problem.status}`,
    title: problem.title,
    status: problem.status,
    ...(problem.detail ? { detail: problem.detail } : {}),
    ...(problem.errors ? { errors: problem.errors } : {}),
    traceId,
  };
}

export const titleOf = (status: number): string => TITLES[status] ?? "Error";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID.test(v);
export const isDate = (v: unknown): v is string =>
  typeof v === "string" &&
  DATE.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
export const isTime = (v: unknown): v is string => typeof v === "string" && TIME.test(v);

/** The empty GUID: in a sparse PUT it unsets a GUID reference. */
export const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

/** Typed, validating access to a request's query string. */
export class Query {
  constructor(private readonly params: URLSearchParams) {}

  private raw(name: string): string | undefined {
    const value = this.params.get(name);
    return value === null || value === "" ? undefined : value;
  }

  private invalid(name: string, message: string): never {
    throw validationProblem({ [name]: [message] });
  }

  string(name: string): string | undefined {
    return this.raw(name);
  }

  uuid(name: string): string | undefined {
    const v = this.raw(name);
    if (v !== undefined && !isUuid(v)) this.invalid(name, `The value '${v}' is not a valid GUID.`);
    return v?.toLowerCase();
  }

  date(name: string): string | undefined {
    const v = this.raw(name);
    if (v !== undefined && !isDate(v)) this.invalid(name, `The value '${v}' is not a valid date (yyyy-MM-dd).`);
    return v;
  }

  dateTime(name: string): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) this.invalid(name, `The value '${v}' is not a valid date-time.`);
    return ms;
  }

  bool(name: string): boolean | undefined {
    const v = this.raw(name)?.toLowerCase();
    if (v === undefined) return undefined;
    if (v !== "true" && v !== "false") this.invalid(name, `The value '${v}' is not valid; use true or false.`);
    return v === "true";
  }

  enumOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const match = values.find((x) => x.toLowerCase() === v.toLowerCase());
    if (!match) this.invalid(name, `The value '${v}' is not one of ${values.join(", ")}.`);
    return match;
  }

  int(name: string, min: number, max: number, fallback: number): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^-?\d+$/.test(v) || n < min || n > max)
      this.invalid(name, `The field ${name} must be between ${min} and ${max}.`);
    return n;
  }

  /** The parts a `select` asks for, after the endpoint's defaults and `-` exclusions. */
  select(operation: SelectOperation, defaults: readonly string[] = []): Set<string> {
    const allowed: readonly string[] = selectValues[operation];
    const parts = new Set(defaults);
    const excluded = new Set<string>();
    for (const token of (this.raw("select") ?? "")
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean)) {
      const exclude = token.startsWith("-");
      const name = allowed.find((a) => a.toLowerCase() === (exclude ? token.slice(1) : token).toLowerCase());
      if (!name) this.invalid("select", `'${token}' is not a valid select value here; allowed: ${allowed.join(", ")}.`);
      if (exclude) excluded.add(name);
      else parts.add(name);
    }
    for (const name of excluded) parts.delete(name);
    return parts;
  }

  /** The sort fields asked for, `[field, descending]`, or the endpoint's default. */
  sort(operation: SortOperation, fallback: string): { keys: [string, boolean][]; echo: string } {
    const allowed: readonly string[] = sortFields[operation];
    const text = this.raw("sort") ?? fallback;
    const keys: [string, boolean][] = [];
    for (const token of text
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean)) {
      const desc = token.startsWith("-");
      const field = allowed.find((a) => a.toLowerCase() === (desc ? token.slice(1) : token).toLowerCase());
      if (!field) this.invalid("sort", `'${token}' is not a sortable field here; sortable: ${allowed.join(", ")}.`);
      keys.push([field, desc]);
    }
    return { keys, echo: text };
  }
}

type Sortable = string | number | null | undefined;

/** A stable comparator over several keys; `null` sorts last whatever the direction. */
export function comparator<T>(
  keys: [string, boolean][],
  value: (item: T, key: string) => Sortable,
  tieBreak: (item: T) => string,
) {
  return (a: T, b: T): number => {
    for (const [key, desc] of keys) {
      const x = value(a, key);
      const y = value(b, key);
      if (x === y) continue;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const c =
        typeof x === "number" && typeof y === "number"
          ? x - y
          : String(x).localeCompare(String(y), "en", { sensitivity: "base", numeric: true });
      if (c !== 0) return desc ? -c : c;
    }
    return tieBreak(a).localeCompare(tieBreak(b));
  };
}
