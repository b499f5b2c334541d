import type { ProviderAdapter } from "../adapter.js";
import { happyGrasshopper } from "./happy-grasshopper.js";
import { hatch } from "./hatch.js";
import { hatebase } from "./hatebase.js";
import { hosthatch } from "./hosthatch.js";
import { leanlaw } from "./leanlaw.js";

/**
 * Every provider the chaos suite covers. A published provider package without an entry here fails the
 * `adapters.test.ts` check as soon as its `./testing` export has a fake (see the README).
 */
export const adapters: readonly ProviderAdapter[] = [hatch, leanlaw, hosthatch, hatebase, happyGrasshopper];
