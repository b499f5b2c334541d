import { writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { adapters } from "../src/providers/index.js";
import { formatFigures, runSoak } from "../src/soak.js";

// The small size runs in `pnpm test` (a few seconds); `pnpm test:chaos --full` sets CHAOS_OPERATIONS=10000.
const operations = Number(process.env.CHAOS_OPERATIONS ?? 400);
const seed = Number(process.env.CHAOS_SEED ?? 20261123);

test(`soak: ${operations} operations across ${adapters.map((a) => a.dir).join(", ")} with injected faults`, async () => {
  const figures = await runSoak({
    operations,
    concurrency: operations >= 5000 ? 48 : 24,
    faultRate: 0.3,
    seed,
    // Generous: a loaded CI machine must not turn healthy attempts into timeouts (they would still be
    // handled correctly, but the figures would mix them with the injected faults).
    timeoutMs: 1500,
    adapters,
  });
  const report = formatFigures(figures);
  console.log(report);
  if (process.env.CHAOS_FIGURES_FILE) writeFileSync(process.env.CHAOS_FIGURES_FILE, JSON.stringify(figures, null, 2));

  const problems = figures.examples.join("\n");
  // Every call settled, with a value or a typed error, and nothing was left unhandled.
  expect(figures.hung, problems).toBe(0);
  expect(figures.settled).toBe(operations);
  expect(figures.untypedErrors, problems).toBe(0);
  expect(figures.unhandledRejections).toBe(0);
  // Every failure came from an injected fault: the API never refused an operation's arguments.
  expect(figures.refused, problems).toBe(0);
  // Every kind of fault was met at least once (the mix is what the soak proves things under).
  for (const [kind, n] of Object.entries(figures.faults)) expect(n, kind).toBeGreaterThan(0);
  // Idempotent calls fail only after their retries; non-idempotent calls never take effect twice, and a
  // failure that took effect always says so.
  expect(figures.idempotent.failedEarly, problems).toBe(0);
  expect(figures.nonIdempotent.duplicates, problems).toBe(0);
  expect(figures.nonIdempotent.misreported, problems).toBe(0);
  expect(figures.nonIdempotent.lost, problems).toBe(0);
  expect(figures.nonIdempotent.calls).toBeGreaterThan(0);
  // Sockets and timers are back to where they were, and the heap did not keep what the run created.
  expect(figures.handles.after.TCPSocketWrap).toBeLessThanOrEqual(figures.handles.before.TCPSocketWrap!);
  expect(figures.handles.after.TCPServerWrap).toBeLessThanOrEqual(figures.handles.before.TCPServerWrap!);
  expect(figures.handles.after.Timeout).toBeLessThanOrEqual(figures.handles.before.Timeout!);
  expect(figures.memory.heapAfterMb - figures.memory.heapBeforeMb).toBeLessThan(16);
});
