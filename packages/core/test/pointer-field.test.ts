import { describe, expect, it } from "vitest";
import { pointerField } from "../src/envelopes/envelope.js";
import { normalizeData } from "../src/envelopes/normalize-data.js";

describe("pointerField", () => {
  it.each([
    ["/data/attributes/email", "email"],
    ["/data/attributes/details/favoriteColor", "details.favoriteColor"],
    ["/data/attributes/tags/0", "tags.0"],
    ["/data/email", "email"],
    ["/email", "email"],
    ["/data/attributes/a~1b~0c", "a/b~c"],
    ["", undefined],
    ["/", undefined],
    ["/data/attributes", undefined],
    [undefined, undefined],
  ])("%j -> %j", (pointer, field) => {
    expect(pointerField(pointer)).toBe(field);
  });

  it("names the field in JSON:API validation messages", () => {
    const result = normalizeData({
      status: 422,
      payloadPath: "data",
      body: {
        errors: [
          {
            title: "Invalid value",
            detail: "Invalid format. Expected :email",
            source: { pointer: "/data/attributes/email" },
          },
          { title: "Invalid value", detail: "is not a known source", source: { pointer: "/data/attributes/source" } },
          { title: "Unauthorized", detail: "Invalid or missing API key", source: { pointer: "" } },
        ],
      },
    });
    expect(result).toMatchObject({
      ok: false,
      message: "Invalid value",
      validationMessages: [
        "email: Invalid format. Expected :email",
        "source: is not a known source",
        "Invalid or missing API key",
      ],
    });
  });
});
