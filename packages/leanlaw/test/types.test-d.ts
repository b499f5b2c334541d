// Type tests: wrong paths, parameters and bodies do not compile; results are typed.
import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiPromise,
  createLeanLawClient,
  type LeanLawClient,
  type Page,
  type PagePromise,
  rawClient,
  type Schema,
  type SelectToken,
  select,
  sort,
} from "../src/index.js";

declare const leanlaw: LeanLawClient;
const id = "3f2b8c1e-6d4a-4b7e-9a21-5c8d0e7f1a23";

describe("client options", () => {
  it("takes the LeanLaw header options", () => {
    createLeanLawClient({ apiKey: "k", userId: id, partnerId: "p" });
    // @ts-expect-error userId is a string
    createLeanLawClient({ apiKey: "k", userId: 42 });
  });
});

describe("results", () => {
  it("are the unwrapped payloads", () => {
    expectTypeOf(leanlaw.getClient({ id })).toEqualTypeOf<ApiPromise<Schema<"ClientDetail">>>();
    expectTypeOf(leanlaw.getMatter({ id })).resolves.toEqualTypeOf<Schema<"MatterDetail">>();
    expectTypeOf(leanlaw.getClientBalances({ id })).resolves.toHaveProperty("overdue90").toEqualTypeOf<number>();
    expectTypeOf(leanlaw.listUsers()).toMatchTypeOf<PagePromise<Schema<"UserList">>>();
    expectTypeOf(leanlaw.listUsers()).resolves.toHaveProperty("items").toEqualTypeOf<Schema<"UserList">[]>();
    expectTypeOf(leanlaw.listPracticeAreas())
      .resolves.toHaveProperty("items")
      .toEqualTypeOf<Schema<"PracticeAreaList">[]>();
    expectTypeOf(leanlaw.deleteClient({ id })).toEqualTypeOf<ApiPromise<void>>();
  });

  it("writes LeanLaw documents no body for may be undefined", () => {
    expectTypeOf(
      leanlaw.createExpense({ matterId: id, date: "2026-01-01", description: "d", amount: 1 }),
    ).resolves.toEqualTypeOf<Schema<"ExpenseDetail"> | undefined>();
    expectTypeOf(leanlaw.updateTimeEntry({ id })).resolves.toEqualTypeOf<Schema<"TimeEntryDetail"> | undefined>();
  });

  it("lists are pages of typed items, iterable item by item", async () => {
    const clients = leanlaw.listClients();
    expectTypeOf(clients).toEqualTypeOf<PagePromise<Schema<"ClientList">, Schema<"ClientListResponse">>>();
    expectTypeOf(await clients).toEqualTypeOf<Page<Schema<"ClientList">, Schema<"ClientListResponse">>>();
    for await (const c of leanlaw.listTimeEntries()) {
      expectTypeOf(c.hours).toEqualTypeOf<number>();
      expectTypeOf(c.billingType).toEqualTypeOf<"nonBillable" | "billable" | "fixedFee">();
    }
    expectTypeOf((await clients).body.pagination.total).toEqualTypeOf<number>();
  });

  it("fields only a select returns are optional; the rest are not", () => {
    type Client = Schema<"ClientList">;
    expectTypeOf<Client["clientId"]>().toEqualTypeOf<string>();
    expectTypeOf<Client["contact"]>().toEqualTypeOf<Schema<"Contact"> | undefined>();
    expectTypeOf<Client["meta"]>().toEqualTypeOf<Schema<"Metadata"> | undefined>();
    expectTypeOf<Schema<"MatterList">["responsible"]>().toEqualTypeOf<Schema<"UserReference"> | undefined>();
    // A detail always has its contact.
    expectTypeOf<Schema<"ClientDetail">["contact"]>().toEqualTypeOf<Schema<"Contact">>();
  });
});

describe("inputs", () => {
  it("a wrong path does not compile on the raw client", () => {
    rawClient(leanlaw).GET("/v2/clients/{id}", { params: { path: { id } } });
    // @ts-expect-error there is no /v2/client path (it is /v2/clients)
    rawClient(leanlaw).GET("/v2/client");
    // @ts-expect-error invoices are read-only: no POST
    rawClient(leanlaw).POST("/v2/invoices", { body: {} });
  });

  it("a wrong path parameter does not compile", () => {
    // @ts-expect-error the path parameter is `id`
    leanlaw.getClient({ clientId: id });
    // @ts-expect-error the path parameter is required
    leanlaw.getMatter({});
    // @ts-expect-error the input is required on by-id calls
    leanlaw.deleteExpense();
  });

  it("a wrong query parameter does not compile", () => {
    leanlaw.listClients({ query: "acme", limit: 10, offset: 0, modifiedSince: "2026-11-01T00:00:00Z" });
    // @ts-expect-error listClients has no `page` parameter (offset pagination)
    leanlaw.listClients({ page: 2 });
    // @ts-expect-error limit is a number
    leanlaw.listMatters({ limit: "10" });
    // @ts-expect-error billingType is an enum
    leanlaw.listTimeEntries({ billingType: "Billable" });
    // @ts-expect-error invoiceState is an enum
    leanlaw.listInvoices({ invoiceState: "paid" });
  });

  it("a wrong body does not compile", () => {
    leanlaw.createTimeEntry({ matterId: id, date: "2026-11-04", description: "Draft", hours: 2.5 });
    // @ts-expect-error hours is required
    leanlaw.createTimeEntry({ matterId: id, date: "2026-11-04", description: "Draft" });
    // @ts-expect-error hours is a number
    leanlaw.createTimeEntry({ matterId: id, date: "2026-11-04", description: "Draft", hours: "2.5" });
    // @ts-expect-error createMatter takes one originatorId, not originatorIds
    leanlaw.createMatter({ name: "M", clientId: id, responsibleId: id, originatorIds: [id] });
    // @ts-expect-error users: only customFields are writable
    leanlaw.updateUser({ id, email: "x@example.com" });
  });

  it("sparse updates: every property optional, null allowed", () => {
    leanlaw.updateMatter({ id });
    leanlaw.updateMatter({ id, name: null, archived: true, practiceAreaId: "00000000-0000-0000-0000-000000000000" });
    leanlaw.updateClient({ id, contact: { phone: "+1 206 555 0100" }, customFields: [{ id, value: null }] });
    // @ts-expect-error archived is a boolean
    leanlaw.updateMatter({ id, archived: "yes" });
  });

  it("select and sort only take the operation's documented values", () => {
    expectTypeOf(select("listClients", ["contact", "-meta"])).toEqualTypeOf<string>();
    expectTypeOf<SelectToken<"listInvoices">>().toEqualTypeOf<
      "client" | "matter" | "meta" | "-client" | "-matter" | "-meta"
    >();
    // @ts-expect-error listClients has no `matter` part
    select("listClients", ["matter"]);
    // @ts-expect-error exclusion takes a leading `-` only
    select("listClients", ["contact-"]);
    // @ts-expect-error getClient takes no select
    select("getClient", ["contact"]);
    sort("listMatters", ["client.name", "-name"]);
    // @ts-expect-error clients sort by name or reference only
    sort("listClients", ["created"]);
  });
});
