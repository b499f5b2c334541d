import * as core from "@hatchery/core";
import { loadSpec, serializationSuite } from "@hatchery/test-utils";
import { describe, expect, it } from "vitest";
import { operations } from "../src/generated/operations.js";

// Generated calls build their requests without openapi-fetch: for every operation of the spec, the same input
// must give the request openapi-fetch builds (URL with path and query, method, headers, body).
serializationSuite(
  { describe, expect, it },
  { spec: loadSpec("happy-grasshopper"), operations, core, name: "happy-grasshopper" },
);
