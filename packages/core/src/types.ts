import type { ParamsOption, RequestBodyOption } from "openapi-fetch";

type Responses<Op> = Op extends { responses: infer R } ? R : never;
type JsonContent<R> = R extends { content: infer C }
  ? C extends { "application/json": infer B }
    ? B
    : C extends Record<string, infer B>
      ? B
      : undefined
  : undefined;
/** The status codes that count as success. Shown inline in the API reference. @inline */
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206 | "2XX";

/** The union of an operation's success response bodies. */
export type SuccessBody<Op> = {
  [S in keyof Responses<Op>]: S extends SuccessStatus ? JsonContent<Responses<Op>[S]> : never;
}[keyof Responses<Op>];

type Prop<T, K extends string> = T extends unknown
  ? T extends Record<K, unknown>
    ? T[K]
    : K extends keyof T
      ? T[K]
      : undefined
  : never;

/** The type at a dot path (`"data.items"`) of `T`; `""` is `T` itself. Distributes over unions. */
export type PathValue<T, P extends string> = P extends ""
  ? T
  : P extends `${infer Head}.${infer Rest}`
    ? PathValue<Prop<T, Head>, Rest>
    : Prop<T, P>;

/** The unwrapped payload of an operation whose envelope keeps it at `Path`. */
export type Payload<Op, Path extends string> = PathValue<SuccessBody<Op>, Path>;

/** The item type of the array at `Path` in an operation's success body. */
export type ItemOf<Op, Path extends string> =
  NonNullable<PathValue<SuccessBody<Op>, Path>> extends readonly (infer I)[] ? I : never;

/** The typed input of an operation: `{ params: { path, query, header }, body }`, required where the spec says. */
export type OperationInput<Op> = ParamsOption<Op> & RequestBodyOption<Op>;

/**
 * Removes the fields the client fills in itself (e.g. a session token in the body) from an input. When no
 * required field is left, the body itself becomes optional.
 */
export type WithoutBodyFields<Input, Fields extends string> = Input extends {
  /** The input's body. */
  body?: infer B;
}
  ? Omit<Input, "body"> &
      // Optional when the spec says so, or when every field left is optional (only filled-in ones were required).
      ((
        undefined extends Input["body"]
          ? true
          : Partial<Omit<NonNullable<B>, Fields>> extends Omit<NonNullable<B>, Fields>
            ? true
            : false
      ) extends true
        ? {
            /** The body, without the fields the client fills in. */
            body?: Omit<NonNullable<B>, Fields>;
          }
        : {
            /** The body, without the fields the client fills in. */
            body: Omit<NonNullable<B>, Fields>;
          })
  : Input;
