import { describe, expectTypeOf, it } from "vitest";
import type { OperationInput, WithoutBodyFields } from "../src/index.js";

/** An operation whose required body field is the session token only, and one with another required field. */
interface TokenOnly {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  requestBody: { content: { "application/x-www-form-urlencoded": { token: string; page?: number } } };
  responses: never;
}
interface TokenAndId {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  requestBody: { content: { "application/x-www-form-urlencoded": { token: string; id: string } } };
  responses: never;
}

describe("WithoutBodyFields", () => {
  it("makes the body optional when only filled-in fields were required", () => {
    type Input = WithoutBodyFields<OperationInput<TokenOnly>, "token">;
    expectTypeOf<Record<never, never>>().toMatchTypeOf<Input>();
    expectTypeOf<{ body: { page: number } }>().toMatchTypeOf<Input>();
    expectTypeOf<{ body: { token: string } }>().not.toMatchTypeOf<Input>();
  });

  it("keeps it required when another required field is left", () => {
    type Input = WithoutBodyFields<OperationInput<TokenAndId>, "token">;
    expectTypeOf<Record<never, never>>().not.toMatchTypeOf<Input>();
    expectTypeOf<{ body: { id: string } }>().toMatchTypeOf<Input>();
  });
});
