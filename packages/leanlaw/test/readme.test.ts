// The README's examples, run as written against the fake (in process, through the client's `fetch` option).
import { describe, expect, it } from "vitest";
import { createLeanLawClient, EMPTY_GUID, isApiError, select, sort } from "../src/index.js";
import { createLeanLawFake } from "../src/testing/index.js";

describe("README", () => {
  const fake = createLeanLawFake({ clients: 200, now: () => new Date("2026-11-20T10:00:00Z") });
  const attorney = [...fake.db.users.values()].find((u) => u.role === "attorney")!;
  const leanlaw = createLeanLawClient({
    apiKey: fake.apiKey,
    baseUrl: "http://127.0.0.1",
    fetch: fake.handler,
    userId: attorney.userId,
  });
  const attorneyId = attorney.userId;

  it("main use cases", async () => {
    const reference = [...fake.db.clients.values()].find((c) => c.reference)!.reference!;
    const {
      items: [acme],
    } = await leanlaw.listClients({ reference, select: select("listClients", ["contact"]) });
    expect(acme?.contact).toBeDefined();
    const matter = await leanlaw.createMatter({
      name: "Acme v. Northwind - Contract dispute",
      clientId: acme!.clientId,
      responsibleId: attorneyId,
    });
    const entry = await leanlaw.createTimeEntry({
      matterId: matter.matterId,
      date: "2026-11-04",
      description: "Draft motion to compel",
      hours: 2.5,
    });
    expect(entry.userId).toBe(attorneyId);
    await leanlaw.updateTimeEntry({ id: entry.timeEntryId, hours: 2.75 });
    expect(fake.db.timeEntries.get(entry.timeEntryId)?.hours).toBe(2.75);
    await leanlaw.updateMatter({ id: matter.matterId, archived: true });
    const { balance, overdue30 } = await leanlaw.getClientBalances({ id: acme!.clientId });
    expect(balance).toBeGreaterThanOrEqual(overdue30);
    let n = 0;
    for await (const t of leanlaw.listTimeEntries({
      billed: false,
      billingType: "billable",
      startDate: "2026-11-01",
      select: "matter,user",
    })) {
      expect(t.user?.name && t.matter?.name).toBeTruthy();
      n += 1;
    }
    expect(n).toBe(1); // scoped to the userId user: the entry just recorded
    const invoices = await leanlaw.listInvoices({ invoiceState: "final", sort: sort("listInvoices", ["-amount"]) });
    expect(invoices.items[0]!.amount).toBeGreaterThanOrEqual(invoices.items.at(-1)!.amount);
    await leanlaw.updateMatter({ id: matter.matterId, practiceAreaId: EMPTY_GUID });
  });

  it("incremental sync", async () => {
    const changed = [...fake.db.clients.keys()].slice(5, 7);
    for (const id of changed) await leanlaw.updateClient({ id, notes: "changed" });
    const store = new Map([["leanlaw.clients.syncedAt", "2026-11-01T00:00:00Z"]]);
    const seen: string[] = [];
    const upsertLocally = async (client: { clientId: string }) => void seen.push(client.clientId);
    const lastSync = store.get("leanlaw.clients.syncedAt");
    const startedAt = new Date().toISOString();
    for await (const client of leanlaw.listClients({ modifiedSince: lastSync, select: "contact,meta,customFields" })) {
      await upsertLocally(client);
    }
    store.set("leanlaw.clients.syncedAt", startedAt);
    expect(seen.sort()).toEqual(changed.sort());
  });

  it("errors carry the trace id; results too", async () => {
    const busy = [...fake.db.timeEntries.values()][0]!.matterId;
    let caught: unknown;
    try {
      await leanlaw.deleteMatter({ id: busy });
    } catch (error) {
      caught = error;
    }
    expect(isApiError(caught) && caught.status === 400 && caught.requestId === fake.lastTraceId).toBe(true);
    const { data, requestId } = await leanlaw.getClient({ id: [...fake.db.clients.keys()][0]! }).withResponse();
    expect(data.clientId).toBeTruthy();
    expect(requestId).toBe(fake.lastTraceId);
  });
});
