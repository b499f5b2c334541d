import { InvalidArgumentError } from "@hatchery/core";

/**
 * The `select` values each LeanLaw list accepts, as its spec documents them (a test keeps this table equal to
 * the `select` parameter descriptions in `specs/leanlaw.yaml`). Each value adds a part to every item:
 * `contact` adds `contact`, `originator` adds `originators`, `meta` adds `meta`, and so on.
 */
export const selectValues = {
  /** The `select` values of `listClients`. */
  listClients: ["contact", "meta", "customFields"],
  /** The `select` values of `listExpenses`. */
  listExpenses: ["client", "matter", "user", "meta", "invoice"],
  /** The `select` values of `listFixedFees`. */
  listFixedFees: ["client", "matter", "user", "meta", "invoice"],
  /** The `select` values of `listInvoices`. */
  listInvoices: ["client", "matter", "meta"],
  /** The `select` values of `listMatters`. */
  listMatters: ["client", "ledesConfiguration", "responsible", "originator", "practiceArea", "meta", "customFields"],
  /** The `select` values of `listTimeEntries`. */
  listTimeEntries: ["client", "matter", "user", "meta", "fixedFee", "invoice"],
  /** The `select` values of `listUsers`. */
  listUsers: ["customFields"],
} as const;

/**
 * The fields each LeanLaw list can sort by, as its spec documents them (kept equal to the spec by a test).
 * LeanLaw matches them case-insensitively; invoices write them in lower case.
 */
export const sortFields = {
  /** The sort fields of `listClients`. */
  listClients: ["name", "reference"],
  /** The sort fields of `listExpenses`. */
  listExpenses: ["date", "amount", "description"],
  /** The sort fields of `listFixedFees`. */
  listFixedFees: ["date", "amount", "description"],
  /** The sort fields of `listInvoices`. */
  listInvoices: ["client.name", "client.reference", "invoicedate", "amount", "balance", "invoicenumber", "state"],
  /** The sort fields of `listMatters`. */
  listMatters: ["name", "reference", "client.name", "client.reference"],
  /** The sort fields of `listTimeEntries`. */
  listTimeEntries: ["date", "hours", "description", "created"],
} as const;

/** A list operation that takes `select`. */
export type SelectOperation = keyof typeof selectValues;
/** The `select` values `Op` accepts. */
export type SelectValue<Op extends SelectOperation> = (typeof selectValues)[Op][number];
/** A `select` value to include, or (with a `-` prefix) a part included by default to exclude. */
export type SelectToken<Op extends SelectOperation> = SelectValue<Op> | `-${SelectValue<Op>}`;

/** A list operation that takes `sort`. */
export type SortOperation = keyof typeof sortFields;
/** The fields `Op` sorts by. */
export type SortField<Op extends SortOperation> = (typeof sortFields)[Op][number];
/** A sort field, ascending, or (with a `-` prefix) descending. */
export type SortToken<Op extends SortOperation> = SortField<Op> | `-${SortField<Op>}`;

function join(
  kind: "select" | "sort",
  operation: string,
  allowed: readonly string[] | undefined,
  tokens: readonly string[],
): string {
  if (!allowed) throw new InvalidArgumentError(`${kind}: ${JSON.stringify(operation)} takes no ${kind} parameter`);
  if (!Array.isArray(tokens)) throw new InvalidArgumentError(`${kind}(${operation}): pass an array of values`);
  const seen = new Map<string, string>();
  for (const token of tokens) {
    const name = typeof token === "string" && token.startsWith("-") ? token.slice(1) : token;
    if (typeof name !== "string" || !allowed.includes(name)) {
      throw new InvalidArgumentError(
        `${kind}(${operation}): ${JSON.stringify(token)} is not one of ${allowed.join(", ")} (optionally prefixed with "-")`,
      );
    }
    const previous = seen.get(name);
    if (previous !== undefined) {
      throw new InvalidArgumentError(
        `${kind}(${operation}): ${JSON.stringify(name)} is given twice (${previous}, ${token})`,
      );
    }
    seen.set(name, token);
  }
  return tokens.join(",");
}

/**
 * Builds a `select` query value from a typed list: parts to include, and parts included by default to exclude
 * with a `-` prefix. Only the values the operation documents compile, and the result is checked again at run
 * time (an unknown or repeated value throws `InvalidArgumentError` before any request).
 *
 * The fields a `select` adds are optional in the result types: check for them before use.
 * @example
 * import { select } from "@hatchery/leanlaw";
 *
 * const page = await leanlaw.listClients({ select: select("listClients", ["contact", "-meta"]) });
 * // GET /v2/clients?select=contact,-meta
 */
export function select<Op extends SelectOperation>(operation: Op, values: readonly SelectToken<Op>[]): string {
  return join("select", operation, (selectValues as Record<string, readonly string[]>)[operation], values);
}

/**
 * Builds a `sort` query value from a typed list of fields, ascending, or descending with a `-` prefix. Only the
 * fields the operation documents compile; an unknown or repeated field throws `InvalidArgumentError`.
 * @example
 * const matters = leanlaw.listMatters({ sort: sort("listMatters", ["client.name", "-name"]) });
 */
export function sort<Op extends SortOperation>(operation: Op, fields: readonly SortToken<Op>[]): string {
  return join("sort", operation, (sortFields as Record<string, readonly string[]>)[operation], fields);
}
