import { DECIMAL } from "../coerce.js";
import { InvalidArgumentError } from "../errors/request-errors.js";
import type { OffsetPagination, PagePagination } from "../operation.js";
import type { PageInput } from "./page.js";

/** A paginating spec: one that reads and writes paging parameters. */
type Paging = OffsetPagination | PagePagination;

/** A number from a paging value: a number, or a plain decimal string (`"3"`); otherwise `undefined`. */
export const toNumber = (value: unknown): number | undefined => {
  const n = typeof value === "string" && DECIMAL.test(value) ? Number(value) : value;
  // `Number.isFinite` is false for anything but a finite number.
  return Number.isFinite(n) ? (n as number) : undefined;
};

/** A paging parameter of an input, where the spec keeps it (query or body). */
export const readParam = (input: PageInput, spec: Paging, name: string): unknown =>
  spec.in === "body" ? input.body?.[name] : input.params?.query?.[name];

/** The input with one paging parameter set. */
export const withParam = (input: PageInput, spec: Paging, name: string, value: number): PageInput =>
  spec.in === "body"
    ? { ...input, body: { ...input.body, [name]: value } }
    : { ...input, params: { ...input.params, query: { ...input.params?.query, [name]: value } } };

/** Refuses a paging parameter that is not an integer in `[min, max]`, before anything is sent. */
export function checkParam(
  input: PageInput,
  spec: Paging,
  name: string | undefined,
  operationId: string,
  min: number,
  max?: number,
) {
  const raw = name && readParam(input, spec, name);
  if (raw == null) return;
  const n = toNumber(raw);
  if (n === undefined || !Number.isInteger(n) || n < min || (max !== undefined && n > max)) {
    throw new InvalidArgumentError(
      `${operationId}: ${name} must be an integer ${max === undefined ? `>= ${min}` : `from ${min} to ${max}`}; got ${JSON.stringify(raw)}`,
    );
  }
}
