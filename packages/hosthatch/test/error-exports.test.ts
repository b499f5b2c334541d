// A user never needs @hatchery/core for error handling: this package re-exports every error class and every
// `is…Error` guard core has. The list is computed from core's actual exports, so a new error class in core fails
// this test until it is re-exported here too.
import * as core from "@hatchery/core";
import { errorExportNames } from "@hatchery/test-utils";
import { expect, it } from "vitest";
import * as pkg from "../src/index.js";

it("re-exports every error class and guard of @hatchery/core, as the same values", () => {
  const names = errorExportNames(core);
  expect(names).toEqual(expect.arrayContaining(["HatcheryError", "isPermissionDeniedError", "isInvalidArgumentError"]));
  const exported = pkg as Record<string, unknown>;
  expect(names.filter((name) => exported[name] !== (core as Record<string, unknown>)[name])).toEqual([]);
});
