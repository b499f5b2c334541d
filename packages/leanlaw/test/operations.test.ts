// Wire: every operation through the generated client, against the fake served on 127.0.0.1.
import { afterEach, describe, expect, it } from "vitest";
import { BadRequestError, EMPTY_GUID, NotFoundError, rawClient, select, sort } from "../src/index.js";
import { failure, find, type Setup, setup } from "./helpers.js";

let current: Setup | undefined;
afterEach(() => {
  // Every response of every test in this file matched the spec.
  if (current) expect(current.contractProblems).toEqual([]);
  current = undefined;
});
async function start(...args: Parameters<typeof setup>) {
  current = await setup(...args);
  return current;
}

describe("clients", () => {
  it("lists with select, sort and query, creates, reads, updates sparsely, reads balances and deletes", async () => {
    const { client, fake, recorder } = await start();
    const page = await client.listClients({
      select: select("listClients", ["contact", "customFields"]),
      sort: sort("listClients", ["-name"]),
      limit: 10,
    });
    expect(page.items).toHaveLength(10);
    expect(page.info).toMatchObject({ offset: 0, limit: 10, total: fake.db.clients.size });
    expect(page.items.every((c) => c.contact !== undefined && c.meta === undefined)).toBe(true);
    const names = page.items.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a, "en", { sensitivity: "base", numeric: true })));
    expect(new URL(recorder.requests.at(-1)!.url).searchParams.get("select")).toBe("contact,customFields");

    const acme = await client.createClient({
      name: "Acme Manufacturing LLC",
      reference: "C-9001",
      contact: { companyName: "Acme Manufacturing LLC", email: "ap@acme.example" },
    });
    expect(acme).toMatchObject({ name: "Acme Manufacturing LLC", reference: "C-9001", notes: null });
    expect(acme.contact.email).toBe("ap@acme.example");
    expect(fake.counters.created.clients).toBe(1);

    const found = await client.listClients({ reference: "C-9001" });
    expect(found.items.map((c) => c.clientId)).toEqual([acme.clientId]);
    const searched = await client.listClients({ query: "acme manu" });
    expect(searched.items.map((c) => c.clientId)).toContain(acme.clientId);

    const got = await client.getClient({ id: acme.clientId });
    expect(got).toEqual(acme);

    // Sparse: only what is sent changes; null and omitted keep the current value.
    const updated = await client.updateClient({
      id: acme.clientId,
      notes: "Prefers email.",
      reference: null,
      contact: { phone: "+1 206 555 0100", email: null },
    });
    expect(updated).toMatchObject({ name: "Acme Manufacturing LLC", reference: "C-9001", notes: "Prefers email." });
    expect(updated.contact).toMatchObject({
      companyName: "Acme Manufacturing LLC",
      email: "ap@acme.example",
      phone: "+1 206 555 0100",
    });

    const withInvoices = find(fake.db.invoices, (i) => i.invoiceState === "final" && i.balance > 0);
    const balances = await client.getClientBalances({ id: withInvoices.clientId });
    expect(balances.balance).toBeGreaterThanOrEqual(withInvoices.balance);
    expect(balances.overdue).toBeGreaterThanOrEqual(balances.overdue30);
    expect(balances.overdue30).toBeGreaterThanOrEqual(balances.overdue60);

    expect(await client.deleteClient({ id: acme.clientId })).toBeUndefined();
    expect(await failure(client.getClient({ id: acme.clientId }))).toBeInstanceOf(NotFoundError);
    expect(fake.counters.deleted.clients).toBe(1);
  });

  it("refuses to delete a client that has matters", async () => {
    const { client, fake } = await start();
    const matter = [...fake.db.matters.values()][0]!;
    const error = await failure(client.deleteClient({ id: matter.clientId }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(/has matters/);
    expect(fake.db.clients.has(matter.clientId)).toBe(true);
  });

  it("sets and clears custom fields (value: null clears one field, others stay)", async () => {
    const { client, fake } = await start();
    const intake = find(fake.db.customFields, (f) => f.name === "Intake source");
    const checked = find(fake.db.customFields, (f) => f.name === "Conflict check done");
    const option = intake.options![1]!;
    const created = await client.createClient({
      name: "Jane Smith",
      contact: { firstName: "Jane", lastName: "Smith" },
      customFields: [
        { id: intake.id, optionId: option.optionId },
        { id: checked.id, value: "true" },
      ],
    });
    expect(created.customFields).toEqual([
      { id: intake.id, name: "Intake source", valueType: "enum", value: option.label, optionId: option.optionId },
      { id: checked.id, name: "Conflict check done", valueType: "boolean", value: true },
    ]);
    const cleared = await client.updateClient({ id: created.clientId, customFields: [{ id: intake.id, value: null }] });
    expect(cleared.customFields).toEqual([
      { id: checked.id, name: "Conflict check done", valueType: "boolean", value: true },
    ]);
  });
});

describe("matters", () => {
  it("lists with filters and select, opens (QuickBooks side effect), reads, archives, clears the practice area", async () => {
    const { client, fake } = await start();
    const someClient = find(fake.db.clients, (c) =>
      [...fake.db.matters.values()].some((m) => m.clientId === c.clientId),
    );
    const ofClient = await client.listMatters({
      clientId: someClient.clientId,
      select: select("listMatters", ["client", "responsible", "practiceArea", "originator"]),
    });
    expect(ofClient.items.length).toBeGreaterThan(0);
    for (const m of ofClient.items) {
      expect(m.clientId).toBe(someClient.clientId);
      expect(m.client).toEqual({ name: someClient.name, reference: someClient.reference });
      expect(m.responsible?.lastName).toBeTruthy();
      expect(m.originators).toHaveLength(m.originatorIds.length);
      expect(m.meta).toBeUndefined();
    }
    const archived = await client.listMatters({ archived: true }).toArray();
    expect(archived.length).toBeGreaterThan(0);
    expect(archived.every((m) => m.archived)).toBe(true);

    const lawyer = find(fake.db.users, (u) => u.role === "attorney");
    const area = find(fake.db.practiceAreas, (a) => a.label === "Commercial Litigation");
    const fresh = await client.createClient({
      name: "Northwind Traders",
      contact: { companyName: "Northwind Traders" },
    });
    const before = fake.db.quickBooks.customers.size;
    const matter = await client.createMatter({
      name: "Northwind - Contract dispute",
      clientId: fresh.clientId,
      responsibleId: lawyer.userId,
      originatorId: lawyer.userId,
      practiceAreaId: area.practiceAreaId,
      conflictInformation: { adverse: "Acme Manufacturing LLC" },
    });
    expect(matter).toMatchObject({
      matterType: "hourly",
      archived: false,
      originatorIds: [lawyer.userId],
      practiceArea: { label: "Commercial Litigation" },
      client: { name: "Northwind Traders" },
      conflictInformation: { adverse: "Acme Manufacturing LLC", opposing: null },
    });
    // QuickBooks: the client became a customer and the matter a sub-customer.
    expect(fake.db.quickBooks.customers.size).toBe(before + 1);
    expect(fake.db.quickBooks.subCustomers.has(matter.matterId)).toBe(true);

    const got = await client.getMatter({ id: matter.matterId });
    expect(got).toEqual(matter);

    const archivedMatter = await client.updateMatter({
      id: matter.matterId,
      archived: true,
      practiceAreaId: EMPTY_GUID,
      name: null,
    });
    expect(archivedMatter).toMatchObject({
      archived: true,
      practiceAreaId: null,
      practiceArea: null,
      name: "Northwind - Contract dispute",
    });

    expect(await client.deleteMatter({ id: matter.matterId })).toBeUndefined();
    expect(fake.counters.deleted.matters).toBe(1);
  });

  it("a QuickBooks failure does not fail createMatter", async () => {
    const { client, fake } = await start();
    fake.db.quickBooks.failing = true;
    const someClient = [...fake.db.clients.values()][0]!;
    const lawyer = find(fake.db.users, (u) => u.role === "principal");
    const matter = await client.createMatter({
      name: "Still opened",
      clientId: someClient.clientId,
      responsibleId: lawyer.userId,
    });
    expect(matter.name).toBe("Still opened");
    expect(fake.db.quickBooks.failures).toBe(1);
    expect(fake.db.quickBooks.subCustomers.has(matter.matterId)).toBe(false);
  });

  it("refuses to delete a matter with activity (archive it instead)", async () => {
    const { client, fake } = await start();
    const busy = find(fake.db.timeEntries, () => true).matterId;
    const error = await failure(client.deleteMatter({ id: busy }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(/Archive it instead/);
  });
});

describe("time entries", () => {
  it("records time for the x-leanlaw-userid user, reads it, unlinks a fixed fee with the empty GUID, deletes it", async () => {
    const { fake, makeClient, recorder } = await start();
    const matter = find(fake.db.matters, (m) => m.matterType === "fixedFee");
    const fee = find(fake.db.fixedFees, (f) => f.matterId === matter.matterId);
    fee.invoiceId = null;
    const user = fake.db.users.get(matter.responsibleId)!;
    const asUser = makeClient({ userId: user.userId, partnerId: "partner-42" });

    const entry = await asUser.createTimeEntry({
      matterId: matter.matterId,
      date: "2026-11-04",
      time: "09:30:00",
      description: "Prepare specimen of use",
      hours: 0.8,
      fixedFeeId: fee.fixedFeeId,
    });
    expect(recorder.requests.at(-1)!.headers).toMatchObject({
      "x-leanlaw-userid": user.userId,
      "x-leanlaw-partnerid": "partner-42",
    });
    expect(entry).toMatchObject({
      userId: user.userId,
      billingType: "fixedFee",
      fixedFeeId: fee.fixedFeeId,
      billed: false,
    });
    expect(entry.fixedFee).toEqual({ id: fee.fixedFeeId, label: fee.description, amount: fee.amount });
    expect(entry.user).toMatchObject({ firstName: user.firstName, lastName: user.lastName });

    const got = await asUser.getTimeEntry({ id: entry.timeEntryId });
    expect(got.timeEntryId).toBe(entry.timeEntryId);

    const unlinked = await asUser.updateTimeEntry({
      id: entry.timeEntryId,
      fixedFeeId: EMPTY_GUID,
      billingType: "billable",
      description: null,
    });
    expect(unlinked).toMatchObject({
      fixedFeeId: null,
      fixedFee: null,
      billingType: "billable",
      description: "Prepare specimen of use",
      rate: user.rate,
    });
    expect(unlinked?.amount).toBeCloseTo(user.rate * 0.8);

    expect(await asUser.deleteTimeEntry({ id: entry.timeEntryId })).toBeUndefined();
    expect(fake.db.timeEntries.has(entry.timeEntryId)).toBe(false);
  });

  it("scopes the list to the x-leanlaw-userid user and filters by date, billing type and billed state", async () => {
    const { client, fake, makeClient } = await start();
    const user = find(
      fake.db.users,
      (u) => [...fake.db.timeEntries.values()].filter((t) => t.userId === u.userId).length > 3,
    );
    const mine = await makeClient({ userId: user.userId }).listTimeEntries({ select: "user,matter" }).toArray();
    expect(mine.length).toBe([...fake.db.timeEntries.values()].filter((t) => t.userId === user.userId).length);
    expect(
      mine.every((t) => t.userId === user.userId && t.user?.lastName === user.lastName && t.matter !== undefined),
    ).toBe(true);

    const billable = await client
      .listTimeEntries({
        billingType: "billable",
        billed: false,
        startDate: "2025-01-01",
        endDate: "2025-12-31",
        sort: "-date",
      })
      .toArray();
    expect(billable.length).toBeGreaterThan(0);
    for (const t of billable) {
      expect(t).toMatchObject({ billingType: "billable", billed: false });
      expect(t.date >= "2025-01-01" && t.date <= "2025-12-31").toBe(true);
      expect(typeof t.rate).toBe("number");
    }
    expect(billable.map((t) => t.date)).toEqual(
      billable
        .map((t) => t.date)
        .sort()
        .reverse(),
    );
  });

  it("hides rate and amount without the read.rates scope", async () => {
    const { client, fake } = await start({ apiKeys: { "no-rates": { scopes: ["read", "write"] } } });
    const page = await client.listTimeEntries({ billingType: "billable", limit: 20 });
    expect(fake.apiKey).toBe("no-rates");
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((t) => t.rate === undefined && t.amount === undefined)).toBe(true);
  });

  it("enforces LEDES codes on matters that require them", async () => {
    const { client, fake } = await start();
    const matter = find(fake.db.matters, () => true);
    Object.assign(matter.ledesConfiguration, { enabled: true, activityCodeRequired: true, taskCodeRequired: true });
    const body = {
      matterId: matter.matterId,
      userId: matter.responsibleId,
      date: "2026-11-04",
      description: "Draft",
      hours: 1,
    };
    const error = await failure(client.createTimeEntry(body));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.validationMessages).toEqual([
      "activityCode: The matter requires an activity code.",
      "taskCode: The matter requires a task code.",
    ]);
    const heading = await failure(client.createTimeEntry({ ...body, activityCode: "A103", taskCode: "L100" }));
    expect(heading.validationMessages).toEqual(["taskCode: 'L100' is a heading and cannot be assigned."]);
    const codes = await client.getCodes();
    const task = codes.task.find((t) => t.selectable)!;
    const entry = await client.createTimeEntry({ ...body, activityCode: codes.activity[0]!.code, taskCode: task.code });
    expect(entry.taskCode).toBe(task.code);
  });

  it("refuses to change or delete a billed entry", async () => {
    const { client, fake } = await start();
    const billed = find(fake.db.timeEntries, (t) => t.invoiceId !== null);
    const error = await failure(client.updateTimeEntry({ id: billed.timeEntryId, hours: 9 }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(/billed/);
    expect(await failure(client.deleteTimeEntry({ id: billed.timeEntryId }))).toBeInstanceOf(BadRequestError);
    expect(fake.db.timeEntries.get(billed.timeEntryId)?.hours).not.toBe(9);
  });
});

describe("expenses and fixed fees", () => {
  it("expenses: list, create, get, update, delete", async () => {
    const { client, fake } = await start();
    const matter = find(fake.db.matters, (m) => !m.ledesConfiguration.enabled);
    const listed = await client.listExpenses({ clientId: matter.clientId, select: "matter,user,invoice" }).toArray();
    expect(listed.every((x) => x.clientId === matter.clientId && x.matter !== undefined)).toBe(true);

    const created = await client.createExpense({
      matterId: matter.matterId,
      date: "2026-10-06",
      description: "Court filing fee",
      amount: 405,
    });
    expect(created).toMatchObject({
      matterId: matter.matterId,
      clientId: matter.clientId,
      amount: 405,
      userId: null,
      user: null,
      billed: false,
    });
    const id = created!.expenseId;
    expect(await client.getExpense({ id })).toEqual(created);
    const updated = await client.updateExpense({ id, amount: 450, description: null });
    expect(updated).toMatchObject({ amount: 450, description: "Court filing fee" });
    expect(await client.deleteExpense({ id })).toBeUndefined();
    expect(fake.counters).toMatchObject({
      created: { expenses: 1 },
      updated: { expenses: 1 },
      deleted: { expenses: 1 },
    });
  });

  it("fixed fees: list, create, get, update, delete (not while time entries are linked)", async () => {
    const { client, fake } = await start();
    const matter = find(fake.db.matters, (m) => m.matterType === "fixedFee");
    const listed = await client.listFixedFees({ matterId: matter.matterId, select: "matter" });
    expect(listed.items.every((f) => f.matterId === matter.matterId && f.matter?.name === matter.name)).toBe(true);

    const created = await client.createFixedFee({
      matterId: matter.matterId,
      date: "2026-09-15",
      description: "Trademark application",
      amount: 1500,
    });
    const id = created!.fixedFeeId;
    expect(await client.getFixedFee({ id })).toEqual(created);
    expect(await client.updateFixedFee({ id, amount: 2100 })).toMatchObject({
      amount: 2100,
      description: "Trademark application",
    });

    const entry = await client.createTimeEntry({
      matterId: matter.matterId,
      userId: matter.responsibleId,
      date: "2026-09-16",
      description: "Search",
      hours: 1,
      fixedFeeId: id,
    });
    const linked = await failure(client.deleteFixedFee({ id }));
    expect(linked).toBeInstanceOf(BadRequestError);
    await client.updateTimeEntry({ id: entry.timeEntryId, fixedFeeId: EMPTY_GUID });
    expect(await client.deleteFixedFee({ id })).toBeUndefined();
  });

  it("writes LeanLaw answers with an empty body resolve to undefined", async () => {
    const { client, fake } = await start({ emptyWriteBodies: true });
    const matter = find(fake.db.matters, (m) => !m.ledesConfiguration.enabled);
    const base = { matterId: matter.matterId, date: "2026-10-06", description: "Copies", amount: 12 };
    expect(await client.createExpense({ ...base })).toBeUndefined();
    expect(await client.createFixedFee({ ...base })).toBeUndefined();
    const expense = [...fake.db.expenses.values()].at(-1)!;
    expect(expense.description).toBe("Copies");
    expect(await client.updateExpense({ id: expense.expenseId, amount: 13 })).toBeUndefined();
    const unbilled = find(fake.db.timeEntries, (t) => t.invoiceId === null);
    expect(await client.updateTimeEntry({ id: unbilled.timeEntryId, hours: 2 })).toBeUndefined();
    expect(fake.db.timeEntries.get(unbilled.timeEntryId)?.hours).toBe(2);
  });
});

describe("invoices (read-only)", () => {
  it("lists with state, client and date filters, select and sort", async () => {
    const { client, fake } = await start();
    const finals = await client
      .listInvoices({ invoiceState: "final", select: "client,matter,meta", sort: "client.name,-amount" })
      .toArray();
    expect(finals.length).toBe([...fake.db.invoices.values()].filter((i) => i.invoiceState === "final").length);
    for (const i of finals) {
      expect(i.invoiceState).toBe("final");
      expect(i.dueDate).toBeTruthy();
      expect(i.client?.name).toBeTruthy();
      expect(i.meta?.createdAt).toBeTruthy();
    }
    const clientNames = finals.map((i) => i.client!.name);
    expect(clientNames).toEqual(
      [...clientNames].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base", numeric: true })),
    );
    const one = finals[0]!;
    const ofClient = await client.listInvoices({
      clientId: one.clientId,
      startDate: one.invoiceDate,
      endDate: one.invoiceDate,
    });
    expect(ofClient.items.map((i) => i.invoiceId)).toContain(one.invoiceId);
  });
});

describe("users, practice areas, custom fields and codes", () => {
  it("users: a list of one page (the API does not paginate it), filters, custom fields", async () => {
    const { client, fake } = await start();
    const page = await client.listUsers();
    expect(page.hasNextPage()).toBe(false);
    expect(page.info).toEqual({});
    expect(await page.getNextPage()).toBeNull();
    const users = page.items;
    expect(users).toHaveLength(fake.db.users.size);
    expect(await client.listUsers().toArray()).toEqual(users);
    expect(await client.listUsers({}, { maxItems: 2 }).toArray()).toEqual(users.slice(0, 2));
    expect(users.every((u) => u.customFields === undefined)).toBe(true);
    const attorneys = await client.listUsers({ role: "attorney", select: "customFields" }).toArray();
    expect(attorneys.every((u) => u.role === "attorney" && Array.isArray(u.customFields))).toBe(true);
    const byInitials = await client.listUsers({ query: "HO", queryFullMatch: true }).toArray();
    expect(byInitials.map((u) => u.name)).toEqual(["Hannah Ortiz"]);

    const barNumber = find(fake.db.customFields, (f) => f.name === "Bar number");
    const updated = await client.updateUser({
      id: users[0]!.userId,
      customFields: [{ id: barNumber.id, value: "WA-48213" }],
    });
    expect(updated.customFields).toContainEqual({
      id: barNumber.id,
      name: "Bar number",
      valueType: "text",
      value: "WA-48213",
    });
  });

  it("practice areas: list, create as default, rename, delete (not while assigned)", async () => {
    const { client } = await start();
    const before = await client.listPracticeAreas().toArray();
    expect(before.length).toBeGreaterThan(0);
    const created = await client.createPracticeArea({ label: "Employment & Labor", default: true });
    const after = await client.listPracticeAreas().toArray();
    expect(after.filter((a) => a.default).map((a) => a.practiceAreaId)).toEqual([created.practiceAreaId]);
    expect(await client.updatePracticeArea({ id: created.practiceAreaId, label: "Labor" })).toMatchObject({
      label: "Labor",
      default: true,
    });
    expect(await client.deletePracticeArea({ id: created.practiceAreaId })).toBeUndefined();
    const used = before.find((a) => a.label === "Commercial Litigation")!;
    expect(await failure(client.deletePracticeArea({ id: used.practiceAreaId }))).toBeInstanceOf(BadRequestError);
  });

  it("custom fields by entity, and the LEDES codes", async () => {
    const { client } = await start();
    const { items: all } = await client.listCustomFields();
    const { items: forMatters } = await client.listCustomFields({ entity: "matter" });
    expect(forMatters.length).toBeGreaterThan(0);
    expect(forMatters.length).toBeLessThan(all.length);
    expect(forMatters.every((f) => f.entity === "matter")).toBe(true);
    const codes = await client.getCodes();
    expect(codes.codeSets.map((s) => s.codeSetId)).toEqual(["utbms-litigation", "utbms-expense"]);
    expect(codes.activity.find((c) => c.code === "A103")?.label).toBe("Draft/revise");
  });
});

describe("the raw openapi-fetch client", () => {
  it("is reachable, typed, and on the same transport (auth, retries, trace ids)", async () => {
    const { client, fake, recorder } = await start();
    fake.inject({ status: 429, match: { path: "/v2/practice-areas" } });
    const { data, response } = await rawClient(client).GET("/v2/practice-areas");
    expect(response.status).toBe(200);
    expect(data?.data.map((a) => a.label)).toContain("Commercial Litigation");
    expect(response.headers.get("x-leanlaw-traceid")).toBe(fake.lastTraceId);
    expect(recorder.requests).toHaveLength(2);
    expect(recorder.requests[1]!.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
  });
});
