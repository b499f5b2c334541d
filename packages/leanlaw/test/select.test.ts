// The select and sort helpers, their tables against the spec, and how the fake applies them.
import { listOperations } from "@hatchery/test-utils";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, select, selectValues, sort, sortFields } from "../src/index.js";
import { BODIES } from "../src/testing/fields.js";
import { createLeanLawFake } from "../src/testing/index.js";
import { call, spec } from "./helpers.js";

/** The backticked names in a parameter description's "Allowed values: ..." / "Sortable fields: ..." sentence. */
function documented(description: string, lead: RegExp): string[] {
  const flat = description.replace(/\s+/g, " ");
  const start = flat.search(lead);
  if (start < 0) return [];
  const sentence = flat
    .slice(start)
    .split(/\. /)[0]!
    .replace(/\([^)]*\)/g, "");
  return [...sentence.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

describe("the helpers' tables match the spec", () => {
  const params = (name: string) =>
    listOperations(spec).flatMap((op) => {
      const p = (op.operation.parameters ?? []).find((x: any) => x.name === name);
      return p ? [[op.id, p.description as string] as const] : [];
    });

  it("select: every operation with a select parameter, with exactly its documented values", () => {
    const fromSpec = Object.fromEntries(params("select").map(([id, d]) => [id, documented(d, /Allowed values?:/)]));
    expect(fromSpec).toEqual(selectValues);
  });

  it("sort: every operation with a sort parameter, with exactly its documented fields", () => {
    const fromSpec = Object.fromEntries(params("sort").map(([id, d]) => [id, documented(d, /Sortable fields:/)]));
    expect(fromSpec).toEqual(sortFields);
  });
});

describe("the fake's request bodies match the spec", () => {
  it("every write: the same properties, the same required ones, the same enums", () => {
    const deref = (node: any): any =>
      node?.$ref
        ? deref(
            node.$ref
              .replace("#/", "")
              .split("/")
              .reduce((o: any, k: string) => o[k], spec),
          )
        : node;
    const fromSpec: Record<string, unknown> = {};
    const fromFake: Record<string, unknown> = {};
    for (const op of listOperations(spec)) {
      const schema = deref(op.operation.requestBody?.content?.["application/json"]?.schema);
      if (!schema) continue;
      const enums = (prop: any) =>
        deref(prop).enum ??
        deref(prop)
          .anyOf?.map(deref)
          .find((p: any) => p.enum)?.enum;
      fromSpec[op.id] = {
        fields: Object.keys(schema.properties).sort(),
        required: [...(schema.required ?? [])].sort(),
        enums: Object.fromEntries(
          Object.entries(schema.properties).flatMap(([k, p]) => (enums(p) ? [[k, enums(p)]] : [])),
        ),
      };
      const body = BODIES[op.id as keyof typeof BODIES];
      fromFake[op.id] = body && {
        fields: Object.keys(body.fields).sort(),
        required: [...body.required].sort(),
        enums: Object.fromEntries(Object.entries(body.fields).flatMap(([k, t]) => (Array.isArray(t) ? [[k, t]] : []))),
      };
    }
    expect(Object.keys(fromSpec)).toHaveLength(13);
    expect(fromFake).toEqual(fromSpec);
  });
});

describe("select() and sort()", () => {
  it("join typed values into LeanLaw's comma syntax", () => {
    expect(select("listClients", ["contact", "-meta"])).toBe("contact,-meta");
    expect(select("listMatters", ["client", "originator", "-customFields"])).toBe("client,originator,-customFields");
    expect(select("listUsers", [])).toBe("");
    expect(sort("listInvoices", ["client.name", "-amount"])).toBe("client.name,-amount");
  });

  it("refuse unknown, repeated or contradictory values before any request", () => {
    expect(() => select("listClients", ["contacts" as never])).toThrow(InvalidArgumentError);
    expect(() => select("listClients", ["meta", "-meta"])).toThrow(/given twice/);
    expect(() => select("listInvoices", ["user" as never])).toThrow(/is not one of client, matter, meta/);
    expect(() => sort("listClients", ["name", "name"])).toThrow(/given twice/);
    expect(() => select("getClient" as never, [])).toThrow(/takes no select parameter/);
    expect(() => sort("listClients", "name" as never)).toThrow(/pass an array/);
  });
});

describe("the fake applies select, sort and filters", () => {
  const fake = createLeanLawFake({ clients: 200, defaultSelect: { listClients: ["meta"] } });
  const get = async (path: string) => {
    const response = await call(fake, "GET", path);
    expect(response.status, path).toBe(200);
    return (await response.json()) as { data: any[]; pagination?: { total: number; sort?: string } };
  };

  it("includes selected parts, and drops a default part excluded with '-'", async () => {
    const plain = await get("/v2/clients?limit=3");
    expect(Object.keys(plain.data[0]).sort()).toEqual(["clientId", "meta", "name", "reference"]);
    const both = await get(`/v2/clients?limit=3&select=${select("listClients", ["contact", "-meta"])}`);
    expect(Object.keys(both.data[0]).sort()).toEqual(["clientId", "contact", "name", "reference"]);
    const cased = await get("/v2/clients?limit=3&select=CustomFields");
    expect(cased.data[0]).toHaveProperty("customFields");
  });

  it("sorts by several keys in either direction, and echoes the sort", async () => {
    const page = await get("/v2/matters?sort=client.name,-name&select=client&limit=1000");
    expect(page.pagination?.sort).toBe("client.name,-name");
    const keys = page.data.map((m) => [m.client.name.toLowerCase(), m.name.toLowerCase()]);
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1]!, keys[i]!];
      expect(a[0]! < b[0]! || (a[0] === b[0] && a[1]! >= b[1]!), `${a} before ${b}`).toBe(true);
    }
  });

  it("filters clients by partial query and exact reference, matters by client reference", async () => {
    const some = [...fake.db.clients.values()].find((c) => c.reference)!;
    const byReference = await get(`/v2/clients?reference=${some.reference}`);
    expect(byReference.data.map((c) => c.clientId)).toEqual([some.clientId]);
    const word = some.name.split(" ")[0]!.toLowerCase();
    const byQuery = await get(`/v2/clients?query=${word}`);
    expect(byQuery.data.every((c) => `${c.name} ${c.reference}`.toLowerCase().includes(word))).toBe(true);
    const matters = await get(`/v2/matters?clientReference=${some.reference}`);
    expect(matters.data.every((m) => m.clientId === some.clientId)).toBe(true);
  });

  it("rejects what LeanLaw would (unknown select or sort values, bad dates, bad booleans)", async () => {
    for (const q of ["select=contact,bogus", "sort=created", "modifiedSince=soon", "limit=0", "offset=-1"]) {
      const response = await call(fake, "GET", `/v2/clients?${q}`);
      expect(response.status, q).toBe(400);
      const body = await response.json();
      expect(body.title).toBe("One or more validation errors occurred.");
    }
    expect((await call(fake, "GET", "/v2/time-entries?billed=maybe")).status).toBe(400);
    expect((await call(fake, "GET", "/v2/expenses?startDate=2026-02-30")).status).toBe(400);
  });
});

describe("the generated firm", () => {
  it("is the same for the same seed and different for another", () => {
    const a = createLeanLawFake({ clients: 50, seed: 3 });
    const b = createLeanLawFake({ clients: 50, seed: 3 });
    const c = createLeanLawFake({ clients: 50, seed: 4 });
    const ids = (f: typeof a) => [...f.db.clients.keys(), ...f.db.timeEntries.keys()];
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)).not.toEqual(ids(c));
  });

  it("holds 2,543 clients by default, with consistent invoices", () => {
    const { db } = createLeanLawFake();
    expect(db.clients.size).toBe(2543);
    expect(db.matters.size).toBeGreaterThan(2543);
    expect(db.timeEntries.size).toBeGreaterThan(5000);
    for (const items of [db.timeEntries, db.expenses, db.fixedFees]) {
      for (const item of items.values()) {
        expect(db.matters.has(item.matterId)).toBe(true);
        if (item.invoiceId) expect(db.invoices.has(item.invoiceId)).toBe(true);
      }
    }
    for (const invoice of db.invoices.values()) {
      expect(invoice.balance).toBeLessThanOrEqual(invoice.amount);
      expect(invoice.dueDate !== null).toBe(invoice.invoiceState === "final");
    }
  });
});
