import type { components } from "./generated/schema.js";

/**
 * A schema of the LeanLaw spec by name, e.g. `Schema<"ClientList">` or `Schema<"UpdateMatter">`.
 * @example
 * import type { Schema } from "@hatchery/leanlaw";
 * function label(matter: Schema<"MatterList">) { return `${matter.reference ?? "-"} ${matter.name}`; }
 */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];
