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

// The index lists the generated functions by name (listProducts is replaced by the split one of src/client.ts), so
// an operation added to the spec fails this test until the index exports it too.
it("exports every generated operation function, as the same value (listProducts: the split one)", async () => {
  const generated = (await import("../src/generated/client.js")) as Record<string, unknown>;
  const exported = pkg as Record<string, unknown>;
  const functions = Object.keys(generated).filter((name) => typeof generated[name] === "function");
  expect(functions).toEqual(expect.arrayContaining(["createHostHatchCore", "listServers", "deleteKey"]));
  const replaced = ["listProducts", "createHostHatchClient"];
  expect(functions.filter((name) => !replaced.includes(name) && exported[name] !== generated[name])).toEqual([]);
  for (const name of replaced) expect(typeof exported[name]).toBe("function");
});
