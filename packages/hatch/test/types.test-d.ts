import { describe, expectTypeOf, it } from "vitest";
import {
  type Contact,
  createHatchClient,
  type HatchClient,
  type HatcheryError,
  rawClient,
  streamUpsertContacts,
  type UpsertContactResult,
  type UpsertedContact,
  upsertContacts,
} from "../src/index.js";
import { createHatchFake, type HatchFake, type StoredContact } from "../src/testing/index.js";

declare const hatch: HatchClient;

describe("types", () => {
  it("types the upsert's input and its unwrapped result", () => {
    expectTypeOf(createHatchClient).returns.toEqualTypeOf<HatchClient>();
    expectTypeOf(hatch.upsertContact({ source: "custom:x", phoneNumber: "3145550100" })).resolves.toEqualTypeOf<{
      id: string;
    }>();
    expectTypeOf(hatch.upsertContactPut({ source: "custom:x" })).resolves.toEqualTypeOf<UpsertedContact>();
    expectTypeOf<Contact["source"]>().toEqualTypeOf<string>();
    expectTypeOf<Contact["phoneNumber"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Contact["details"]>().toEqualTypeOf<{ [key: string]: unknown } | undefined>();
  });

  it("refuses a wrong body, a missing source, a wrong field name or type, and an extra parameter", () => {
    // @ts-expect-error source is required
    hatch.upsertContact({ email: "a@example.org" });
    // @ts-expect-error the field is phoneNumber, not phone
    hatch.upsertContact({ source: "custom:x", phone: "3145550100" });
    // @ts-expect-error the field is externalID, not externalId
    hatch.upsertContact({ source: "custom:x", externalId: "lead-1" });
    // @ts-expect-error phoneNumber is a string
    hatch.upsertContact({ source: "custom:x", phoneNumber: 3145550100 });
    // @ts-expect-error details is an object
    hatch.upsertContact({ source: "custom:x", details: "vip" });
    // @ts-expect-error the body is required
    hatch.upsertContact({});
    // @ts-expect-error the operation has no query parameters
    hatch.upsertContact({ source: "custom:x", dryRun: true });
    // @ts-expect-error the operation has no path parameters
    hatch.upsertContact({ source: "custom:x", id: "1" });
  });

  it("types the raw client's paths, methods and bodies", () => {
    rawClient(hatch).POST("/v1/contacts", { body: { source: "custom:x" } });
    // @ts-expect-error there is no such path
    rawClient(hatch).POST("/v1/contact", { body: { source: "custom:x" } });
    // @ts-expect-error there is no GET on /v1/contacts
    rawClient(hatch).GET("/v1/contacts");
    // @ts-expect-error source is required in the raw client too
    rawClient(hatch).PUT("/v1/contacts", { body: { firstName: "Ada" } });
  });

  it("types the bulk helper's rows and results", () => {
    expectTypeOf(upsertContacts(hatch, [])).resolves.toEqualTypeOf<UpsertContactResult[]>();
    expectTypeOf(streamUpsertContacts(hatch, [])).toMatchTypeOf<AsyncIterable<UpsertContactResult>>();
    // @ts-expect-error a row needs a source
    upsertContacts(hatch, [{ email: "a@example.org" }]);
    // @ts-expect-error concurrency is a number
    upsertContacts(hatch, [], { concurrency: "4" });
    const result = {} as UpsertContactResult;
    if (result.ok) expectTypeOf(result.id).toEqualTypeOf<string>();
    else expectTypeOf(result.error).toEqualTypeOf<HatcheryError>();
    expectTypeOf(result.index).toEqualTypeOf<number>();
  });

  it("types the fake", () => {
    expectTypeOf(createHatchFake()).toEqualTypeOf<HatchFake>();
    expectTypeOf(createHatchFake().state.contacts.get("x")).toEqualTypeOf<StoredContact | undefined>();
    // @ts-expect-error rateLimit needs requests and windowMs
    createHatchFake({ rateLimit: { requests: 5 } });
  });
});
