import type { CoercionRule } from "./operation.js";

/**
 * Converts loose provider values to honest types, in place on a freshly parsed body: `"3"` -> 3,
 * `"true"`/`"false"` -> booleans. Path segments ending in `[]` walk every array element. Values that do not
 * convert cleanly are left as they are.
 */
export function coerce(body: unknown, rules: readonly CoercionRule[] | undefined): unknown {
  for (const [path, to] of rules ?? []) apply(body, path.split("."), to);
  return body;
}

function apply(node: unknown, [head = "", ...rest]: string[], to: CoercionRule[1]): void {
  if (node === null || typeof node !== "object") return;
  const isArray = head.endsWith("[]");
  const key = isArray ? head.slice(0, -2) : head;
  const record = node as Record<string, unknown>;
  const value = key === "" ? node : record[key];
  // Before the path's end, the rest of it is walked from the value; at its end, the value is converted in place.
  // An index loop, with no closure or entry per element: this runs over every item of a list response.
  if (!isArray) {
    if (rest.length > 0) apply(value, rest, to);
    else if (key in record) record[key] = convert(value, to);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (rest.length > 0) apply(value[i], rest, to);
      else value[i] = convert(value[i], to);
    }
  }
}

/** A plain decimal number as providers write one (`3`, `-1.5`, `2e3`): no hex, no binary, no `Infinity`. */
export const DECIMAL = /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** One value to `to`, or unchanged when it does not convert cleanly (or, for integers, exactly). */
export function convert(value: unknown, to: CoercionRule[1]): unknown {
  if (to === "boolean") {
    if (value === "true" || value === "1" || value === 1) return true;
    if (value === "false" || value === "0" || value === 0) return false;
    return value;
  }
  const n = typeof value === "string" && DECIMAL.test(value) ? Number(value) : Number.NaN;
  return Number.isFinite(n) && (to !== "integer" || Number.isSafeInteger(n)) ? n : value;
}
