import type { OperationSpec } from "./operation.js";
import type { PageInput } from "./pagination/page.js";

/**
 * Where the fields of an operation's flat input go, where the default rule does not say (see
 * {@link nestInput}). Generated from the spec; absent on most operations, so it costs nothing there.
 */
export interface FieldPlacement {
  /** Query parameters of an operation that also has an object body (without one, they are the default). */
  readonly query?: readonly string[];
  /** Header parameters. */
  readonly header?: readonly string[];
  /**
   * `"whole"`: the request body is not an object (an array, a string, a number), so it is passed whole as
   * the input's `body` field, and every other field that is not a path parameter is a query parameter.
   */
  readonly body?: "whole";
}

/**
 * Maps a generated method's flat input (`{ server: 1 }`, `{ id, name }`) to openapi-fetch's nested one
 * (`{ params: { path, query, header }, body }`), by the spec's placement:
 * - a field named in the path template (`/servers/{server}`) is a path parameter;
 * - a field listed in {@link FieldPlacement.header} is a header, one in {@link FieldPlacement.query} a query
 *   parameter;
 * - any other field is a body field when the operation has an object body (its body is then always sent,
 *   `{}` at least), else a query parameter; with a whole body (`body: "whole"`), the `body` field is the body.
 *
 * Fields whose value is `undefined` are left out. Codegen refuses a spec where two of these would share a name,
 * so the mapping is one to one.
 * @example
 * nestInput(operations.updateMatter, { id: "m1", name: "Estate" });
 * // { params: { path: { id: "m1" } }, body: { name: "Estate" } }
 */
export function nestInput(operation: OperationSpec, input?: unknown): PageInput {
  const { path, bodyType, fields } = operation;
  const whole = fields?.body === "whole";
  const body: Record<string, unknown> | undefined = bodyType && !whole ? {} : undefined;
  const params: Record<string, Record<string, unknown>> = {};
  const nested: PageInput = {};
  let placed = false;
  for (const key in input as Record<string, unknown>) {
    const value = (input as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const where = path.includes(`{${key}}`)
      ? "path"
      : fields?.header?.includes(key)
        ? "header"
        : body && !fields?.query?.includes(key)
          ? "body"
          : "query";
    if (whole && key === "body") nested.body = value as Record<string, unknown>;
    else if (where === "body") (body as Record<string, unknown>)[key] = value;
    else {
      params[where] ??= {};
      params[where][key] = value;
      placed = true;
    }
  }
  if (placed) nested.params = params;
  if (body) nested.body = body;
  return nested;
}
