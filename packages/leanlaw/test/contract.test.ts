// Contract: every response the fake gives (every operation, success and error, every select part) validates
// against the spec's own schemas, and every example in the spec validates against its schema.
import { listOperations, validateSpecExamples } from "@hatchery/test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { EMPTY_GUID, selectValues, sortFields } from "../src/index.js";
import { createLeanLawFake, type LeanLawFake } from "../src/testing/index.js";
import { call, checkContract, contract, find, operationFor, spec } from "./helpers.js";

describe("the spec's examples", () => {
  it("all validate against their schemas", () => {
    const results = validateSpecExamples(spec);
    expect(results.length).toBeGreaterThan(40);
    expect(results.filter((r) => r.problems.length)).toEqual([]);
  });
});

describe("every response of the fake matches the spec", () => {
  const seen = new Map<string, Set<string>>();
  let fake: LeanLawFake;
  let checkedResponses = 0;

  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await call(fake, method, path, body, headers);
    const text = await response.text();
    const parsed = text === "" ? undefined : JSON.parse(text);
    const operation = operationFor(method, new URL(path, "http://x").pathname);
    if (!operation) throw new Error(`no operation for ${method} ${path}`);
    expect(checkContract(operation, response.status, parsed), `${method} ${path} ${response.status}`).toEqual([]);
    expect(response.headers.get("x-leanlaw-traceid")).toMatch(/^[0-9a-f]{32}$/);
    checkedResponses += 1;
    const statuses = seen.get(operation) ?? new Set();
    statuses.add(String(response.status));
    seen.set(operation, statuses);
    return { status: response.status, body: parsed };
  }

  const lists = {
    listClients: "/v2/clients",
    listMatters: "/v2/matters",
    listTimeEntries: "/v2/time-entries",
    listExpenses: "/v2/expenses",
    listFixedFees: "/v2/fixed-fees",
    listInvoices: "/v2/invoices",
  } as const;

  beforeAll(() => {
    fake = createLeanLawFake({ clients: 400, seed: 7 });
  });

  it("lists: every record with every select part, each part alone, and every sort", async () => {
    for (const [operation, path] of Object.entries(lists)) {
      const all = selectValues[operation as keyof typeof lists].join(",");
      let offset = 0;
      let total = Number.POSITIVE_INFINITY;
      while (offset < total) {
        const page = await send("GET", `${path}?select=${all}&limit=1000&offset=${offset}`);
        expect(page.status).toBe(200);
        total = page.body.pagination.total;
        offset += page.body.data.length;
      }
      expect(offset).toBeGreaterThan(100);
      expect((await send("GET", `${path}?limit=20`)).status).toBe(200);
      for (const part of selectValues[operation as keyof typeof lists]) {
        expect((await send("GET", `${path}?limit=20&select=${part}`)).status).toBe(200);
        expect((await send("GET", `${path}?limit=5&select=-${part}`)).status).toBe(200);
      }
      for (const field of sortFields[operation as keyof typeof lists]) {
        expect((await send("GET", `${path}?limit=10&sort=${field}`)).status).toBe(200);
        expect((await send("GET", `${path}?limit=10&sort=-${field}`)).status).toBe(200);
      }
      expect((await send("GET", `${path}?limit=1001`)).status).toBe(400);
      expect((await send("GET", `${path}?select=nope`)).status).toBe(400);
      expect((await send("GET", `${path}?sort=nope`)).status).toBe(400);
      expect((await send("GET", `${path}?modifiedSince=yesterday`)).status).toBe(400);
    }
  });

  it("unpaginated lists and reference data", async () => {
    for (const q of [
      "",
      "?select=customFields",
      "?role=attorney",
      "?query=ortiz",
      "?query=HO&queryFullMatch=true",
      "?email=HANNAH.ORTIZ@ortizlee.example",
    ]) {
      expect((await send("GET", `/v2/users${q}`)).status).toBe(200);
    }
    expect((await send("GET", "/v2/users?role=judge")).status).toBe(400);
    for (const q of ["", "?entity=client", "?entity=matter", "?entity=user"]) {
      expect((await send("GET", `/v2/custom-fields${q}`)).status).toBe(200);
    }
    expect((await send("GET", "/v2/custom-fields?entity=invoice")).status).toBe(400);
    expect((await send("GET", "/v2/practice-areas")).status).toBe(200);
    expect((await send("GET", "/v2/codes")).status).toBe(200);
  });

  it("every record by id, every client's balances", async () => {
    for (const id of fake.db.clients.keys()) {
      expect((await send("GET", `/v2/clients/${id}`)).status).toBe(200);
      expect((await send("GET", `/v2/clients/${id}/balances`)).status).toBe(200);
    }
    for (const id of fake.db.matters.keys()) expect((await send("GET", `/v2/matters/${id}`)).status).toBe(200);
    for (const id of fake.db.timeEntries.keys()) expect((await send("GET", `/v2/time-entries/${id}`)).status).toBe(200);
    for (const id of fake.db.expenses.keys()) expect((await send("GET", `/v2/expenses/${id}`)).status).toBe(200);
    for (const id of fake.db.fixedFees.keys()) expect((await send("GET", `/v2/fixed-fees/${id}`)).status).toBe(200);
    for (const path of ["clients", "matters", "time-entries", "expenses", "fixed-fees"]) {
      expect((await send("GET", `/v2/${path}/${EMPTY_GUID}`)).status).toBe(404);
      expect((await send("GET", `/v2/${path}/not-a-guid`)).status).toBe(400);
    }
    expect((await send("GET", `/v2/clients/${EMPTY_GUID}/balances`)).status).toBe(404);
  });

  it("writes: creates, sparse updates and deletes, with their validation and rule errors", async () => {
    const db = fake.db;
    const user = find(db.users, (u) => u.role === "attorney");
    const client = (await send("POST", "/v2/clients", { name: "Contract Co", contact: { companyName: "Contract Co" } }))
      .body.data;
    expect((await send("POST", "/v2/clients", { name: "No contact" })).status).toBe(400);
    expect((await send("POST", "/v2/clients", "{not json")).status).toBe(400);
    expect((await send("PUT", `/v2/clients/${client.clientId}`, { notes: "updated", reference: null })).status).toBe(
      200,
    );
    expect((await send("PUT", `/v2/clients/${client.clientId}`, { name: "" })).status).toBe(400);
    expect((await send("PUT", `/v2/clients/${EMPTY_GUID}`, { notes: "x" })).status).toBe(404);

    const matter = (
      await send("POST", "/v2/matters", {
        name: "Contract matter",
        clientId: client.clientId,
        responsibleId: user.userId,
        originatorId: user.userId,
      })
    ).body.data;
    expect((await send("POST", "/v2/matters", { name: "No client" })).status).toBe(400);
    expect(
      (await send("PUT", `/v2/matters/${matter.matterId}`, { archived: true, practiceAreaId: EMPTY_GUID })).status,
    ).toBe(200);
    expect((await send("PUT", `/v2/matters/${matter.matterId}`, { clientId: EMPTY_GUID })).status).toBe(400);
    expect((await send("PUT", `/v2/matters/${EMPTY_GUID}`, { archived: true })).status).toBe(404);
    expect((await send("DELETE", `/v2/clients/${client.clientId}`)).status).toBe(400); // it has a matter

    const entry = (
      await send("POST", "/v2/time-entries", {
        matterId: matter.matterId,
        userId: user.userId,
        date: "2026-11-02",
        description: "Call",
        hours: 1,
      })
    ).body.data;
    expect(
      (
        await send("POST", "/v2/time-entries", {
          matterId: matter.matterId,
          date: "2026-11-02",
          description: "No user",
          hours: 1,
        })
      ).status,
    ).toBe(400);
    expect((await send("PUT", `/v2/time-entries/${entry.timeEntryId}`, { hours: 1.5 })).status).toBe(200);
    expect((await send("PUT", `/v2/time-entries/${entry.timeEntryId}`, { hours: -1 })).status).toBe(400);
    expect((await send("PUT", `/v2/time-entries/${EMPTY_GUID}`, { hours: 1 })).status).toBe(404);

    const expense = (
      await send("POST", "/v2/expenses", {
        matterId: matter.matterId,
        date: "2026-11-02",
        description: "Copies",
        amount: 12.5,
      })
    ).body.data;
    expect(
      (
        await send("POST", "/v2/expenses", {
          matterId: matter.matterId,
          date: "2026-13-40",
          description: "Bad date",
          amount: 1,
        })
      ).status,
    ).toBe(400);
    expect((await send("PUT", `/v2/expenses/${expense.expenseId}`, { amount: 14 })).status).toBe(200);
    expect((await send("PUT", `/v2/expenses/${expense.expenseId}`, { amount: "14" })).status).toBe(400);
    expect((await send("PUT", `/v2/expenses/${EMPTY_GUID}`, { amount: 1 })).status).toBe(404);

    const fee = (
      await send("POST", "/v2/fixed-fees", {
        matterId: matter.matterId,
        date: "2026-11-02",
        description: "Flat fee",
        amount: 900,
      })
    ).body.data;
    expect(
      (await send("POST", "/v2/fixed-fees", { matterId: EMPTY_GUID, date: "2026-11-02", description: "x", amount: 1 }))
        .status,
    ).toBe(400);
    expect((await send("PUT", `/v2/fixed-fees/${fee.fixedFeeId}`, { amount: 950 })).status).toBe(200);
    expect((await send("PUT", `/v2/fixed-fees/${fee.fixedFeeId}`, { unknown: 1 })).status).toBe(400);
    expect((await send("PUT", `/v2/fixed-fees/${EMPTY_GUID}`, { amount: 1 })).status).toBe(404);

    const area = (await send("POST", "/v2/practice-areas", { label: "Contracts", default: false })).body.data;
    expect((await send("POST", "/v2/practice-areas", {})).status).toBe(400);
    expect(
      (await send("PUT", `/v2/practice-areas/${area.practiceAreaId}`, { label: "Contracts & Torts" })).status,
    ).toBe(200);
    expect((await send("PUT", `/v2/practice-areas/${area.practiceAreaId}`, { label: 3 })).status).toBe(400);
    expect((await send("PUT", `/v2/practice-areas/${EMPTY_GUID}`, { label: "x" })).status).toBe(404);

    const barNumber = find(db.customFields, (f) => f.entity === "user" && f.valueType === "text");
    expect(
      (await send("PUT", `/v2/users/${user.userId}`, { customFields: [{ id: barNumber.id, value: "WA-1" }] })).status,
    ).toBe(200);
    expect(
      (await send("PUT", `/v2/users/${user.userId}`, { customFields: [{ id: barNumber.id, value: 3 }] })).status,
    ).toBe(400);
    expect((await send("PUT", `/v2/users/${EMPTY_GUID}`, { customFields: [] })).status).toBe(404);

    // Deletes: the rule failures first, then the successes, then 404s.
    const billedEntry = find(db.timeEntries, (t) => t.invoiceId !== null);
    const billedExpense = find(db.expenses, (x) => x.invoiceId !== null);
    const billedFee = find(db.fixedFees, (f) => f.invoiceId !== null);
    const usedArea = find(db.practiceAreas, (a) =>
      [...db.matters.values()].some((m) => m.practiceAreaId === a.practiceAreaId),
    );
    expect((await send("PUT", `/v2/time-entries/${billedEntry.timeEntryId}`, { hours: 1 })).status).toBe(400);
    expect((await send("PUT", `/v2/expenses/${billedExpense.expenseId}`, { amount: 1 })).status).toBe(400);
    expect((await send("PUT", `/v2/fixed-fees/${billedFee.fixedFeeId}`, { amount: 1 })).status).toBe(400);
    expect((await send("DELETE", `/v2/time-entries/${billedEntry.timeEntryId}`)).status).toBe(400);
    expect((await send("DELETE", `/v2/expenses/${billedExpense.expenseId}`)).status).toBe(400);
    expect((await send("DELETE", `/v2/fixed-fees/${billedFee.fixedFeeId}`)).status).toBe(400);
    expect((await send("DELETE", `/v2/practice-areas/${usedArea.practiceAreaId}`)).status).toBe(400);
    expect((await send("DELETE", `/v2/matters/${matter.matterId}`)).status).toBe(400); // it has activity

    for (const [path, id] of [
      ["time-entries", entry.timeEntryId],
      ["expenses", expense.expenseId],
      ["fixed-fees", fee.fixedFeeId],
      ["matters", matter.matterId],
      ["clients", client.clientId],
      ["practice-areas", area.practiceAreaId],
    ]) {
      expect((await send("DELETE", `/v2/${path}/${id}`)).status, `${path} ${id}`).toBe(200);
      expect((await send("DELETE", `/v2/${path}/${id}`)).status).toBe(404);
    }
  });

  it("variants: 200 creates and empty write bodies", async () => {
    for (const options of [{ createStatus: 200 as const }, { emptyWriteBodies: true }]) {
      const other = createLeanLawFake({ clients: 5, ...options });
      const saved = fake;
      fake = other;
      try {
        const matter = [...other.db.matters.values()][0]!;
        const user = [...other.db.users.values()][0]!;
        const base = { matterId: matter.matterId, date: "2026-11-02", description: "Variant", amount: 10 };
        const x = await send("POST", "/v2/expenses", base);
        const f = await send("POST", "/v2/fixed-fees", base);
        await send("POST", "/v2/clients", { name: "V", contact: { firstName: "V", lastName: "W" } });
        await send("POST", "/v2/matters", { name: "V", clientId: matter.clientId, responsibleId: user.userId });
        const t = await send("POST", "/v2/time-entries", {
          matterId: matter.matterId,
          userId: user.userId,
          date: "2026-11-02",
          description: "V",
          hours: 1,
        });
        await send("POST", "/v2/practice-areas", { label: "V" });
        if (options.emptyWriteBodies) {
          expect(x.body).toBeUndefined();
          const expenseId = [...other.db.expenses.values()].at(-1)!.expenseId;
          const feeId = [...other.db.fixedFees.values()].at(-1)!.fixedFeeId;
          expect((await send("PUT", `/v2/expenses/${expenseId}`, { amount: 11 })).body).toBeUndefined();
          expect((await send("PUT", `/v2/fixed-fees/${feeId}`, { amount: 11 })).body).toBeUndefined();
          expect((await send("PUT", `/v2/time-entries/${t.body.data.timeEntryId}`, { hours: 2 })).body).toBeUndefined();
        } else {
          expect([x.status, f.status, t.status]).toEqual([200, 200, 200]);
        }
      } finally {
        fake = saved;
      }
    }
  });

  it("auth and injected faults on every operation", async () => {
    const readOnly = createLeanLawFake({ clients: 3, apiKeys: { "read-only": { scopes: ["read"] } } });
    for (const op of listOperations(spec)) {
      const path = op.path.replace("{id}", EMPTY_GUID);
      const body = op.method === "POST" || op.method === "PUT" ? {} : undefined;
      const noKey = await fake.handler(new Request(`http://127.0.0.1${path}`, { method: op.method }));
      contract.assertValid(op.id, noKey.status, await noKey.json());
      expect(noKey.status).toBe(401);
      expect((await send(op.method, path, body, { authorization: "Bearer wrong-key" })).status).toBe(403);
      // An id that is not a GUID is a 400 (ASP.NET model binding).
      if (op.path.includes("{id}"))
        expect((await send(op.method, op.path.replace("{id}", "not-a-guid"), body)).status).toBe(400);
      if (op.method !== "GET") {
        const denied = await readOnly.handler(
          new Request(`http://127.0.0.1${path}`, {
            method: op.method,
            headers: { authorization: "Bearer read-only" },
            body: "{}",
          }),
        );
        expect(denied.status).toBe(403);
        contract.assertValid(op.id, denied.status, await denied.json());
      }
      for (const status of [429, 500]) {
        fake.inject({ status, match: { method: op.method, path } });
        expect((await send(op.method, path, body)).status).toBe(status);
      }
      seen.get(op.id)?.add("401");
    }
  });

  it("covered every documented status of every operation", () => {
    const missing: string[] = [];
    for (const op of listOperations(spec)) {
      for (const status of Object.keys(op.operation.responses)) {
        if (!seen.get(op.id)?.has(status)) missing.push(`${op.id} ${status}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checkedResponses).toBeGreaterThan(3000);
  });
});
