import { describe, expect, it } from "vitest";
import { normalizeData } from "../src/envelopes/normalize-data.js";

const fail = (status: number, body: unknown) => normalizeData({ status, body, payloadPath: "data" });

describe("normalizeData: ProblemDetails (RFC 9457 / ASP.NET)", () => {
  it("takes the title as the message and the field map as validation messages", () => {
    const normalized = fail(400, {
      type: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
      title: "One or more validation errors occurred.",
      status: 400,
      errors: { Name: ["The Name field is required."], "Contact.Email": ["Invalid email.", "Too long."] },
      traceId: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    });
    expect(normalized).toEqual({
      ok: false,
      message: "One or more validation errors occurred.",
      validationMessages: [
        "Name: The Name field is required.",
        "Contact.Email: Invalid email.",
        "Contact.Email: Too long.",
      ],
      warnings: [],
    });
  });

  it("prefers detail over title, and message over both", () => {
    expect(fail(404, { title: "Not Found", status: 404, detail: "No client with id 42." })).toMatchObject({
      message: "No client with id 42.",
    });
    expect(fail(400, { title: "Bad Request", detail: "d", message: "m" })).toMatchObject({ message: "m" });
    expect(fail(403, { title: "Forbidden", status: 403 })).toMatchObject({
      message: "Forbidden",
      validationMessages: [],
    });
  });

  it("ignores blank or non-string titles", () => {
    expect(fail(500, { title: "  ", detail: 3, status: 500 })).toMatchObject({
      message: undefined,
      validationMessages: [],
    });
  });

  it("still reads JSON:API errors and plain messages", () => {
    expect(
      fail(422, {
        errors: [{ title: "Invalid", detail: "must not be blank", source: { pointer: "/data/attributes/name" } }],
      }),
    ).toMatchObject({ message: "Invalid", validationMessages: ["name: must not be blank"] });
    expect(fail(400, { message: "bad", errors: ["a", "b"] })).toMatchObject({
      message: "bad",
      validationMessages: ["a", "b"],
    });
  });

  it("passes success bodies through", () => {
    expect(normalizeData({ status: 201, body: { data: { id: 1 } }, payloadPath: "data" })).toEqual({
      ok: true,
      payload: { id: 1 },
      warnings: [],
    });
  });
});
