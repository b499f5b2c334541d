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

/** No fields (an intersection with it adds nothing). */
export type NoFields = Record<never, never>;

/** The parameters of an operation at one location, as an object (`{}` when it has none there). */
export type ParamsAt<Op, L extends string> = Op extends {
  /** The operation's parameters by location. */
  parameters: infer P;
}
  ? L extends keyof P
    ? [NonNullable<P[L]>] extends [never]
      ? NoFields
      : NonNullable<P[L]>
    : NoFields
  : NoFields;

/** The request body type of an operation (its first media type), or `never` when it takes none. */
export type RequestBodyOf<Op> = Op extends {
  /** The operation's request body. */
  requestBody?: infer R;
}
  ? NonNullable<R> extends {
      /** The body by media type. */
      content: infer C;
    }
    ? C[keyof C]
    : never
  : never;

/** The body part of a flat input: its fields, or (a body that is not an object) a `body` field. */
export type FlatBody<Op, Filled extends string, Whole extends boolean> = [RequestBodyOf<Op>] extends [never]
  ? NoFields
  : Whole extends true
    ? undefined extends (
        Op extends {
          /** The operation's request body. */
          requestBody?: infer R;
        }
          ? R
          : undefined
      )
      ? {
          /** The request body, whole. */
          body?: RequestBodyOf<Op>;
        }
      : {
          /** The request body, whole. */
          body: RequestBodyOf<Op>;
        }
    : undefined extends (
          Op extends {
            /** The operation's request body. */
            requestBody?: infer R;
          }
            ? R
            : undefined
        )
      ? Partial<Omit<RequestBodyOf<Op>, Filled>>
      : Omit<RequestBodyOf<Op>, Filled>;

/** `T` with its intersections flattened, for readable hovers; `Record<string, never>` when it has no field. */
export type Flatten<T> = [keyof T] extends [never] ? Record<string, never> : { [K in keyof T]: T[K] };

/**
 * The flat, typed input of a generated method: the operation's path, query and header parameters and its body
 * fields in one object (`{ server: 1 }`, `{ id, name }`), required where the spec says, without the body fields
 * the client fills in itself (`Filled`). With `Whole`, the body is not an object and is the `body` field.
 * Codegen checks that no two of these share a name; `nestInput` maps it to openapi-fetch's nested shape.
 */
export type FlatInput<Op, Filled extends string = never, Whole extends boolean = false> = Flatten<
  ParamsAt<Op, "path"> & ParamsAt<Op, "query"> & ParamsAt<Op, "header"> & FlatBody<Op, Filled, Whole>
>;
