// Offset pagination against a fake holding thousands of records: iteration stops at `total`, never past it.
import { afterEach, describe, expect, it } from "vitest";
import { select } from "../src/index.js";
import { type Setup, setup } from "./helpers.js";

let current: Setup | undefined;
afterEach(() => {
  if (current) expect(current.contractProblems).toEqual([]);
  current = undefined;
});
async function start(...args: Parameters<typeof setup>) {
  current = await setup(...args);
  return current;
}
const offsets = (s: Setup) => s.recorder.requests.map((r) => new URL(r.url).searchParams.get("offset"));

describe("iterating every client", () => {
  it("walks 2,543 clients in three pages of 1000 and never requests past total", async () => {
    const s = await start({ clients: 2543 });
    const ids = new Set<string>();
    for await (const c of s.client.listClients()) ids.add(c.clientId);
    expect(ids.size).toBe(2543);
    expect(offsets(s)).toEqual([null, "1000", "2000"]);
    expect(s.recorder.requests.every((r) => r.path === "/v2/clients")).toBe(true);
  });

  it("stops exactly at total when total is a multiple of the page size (no empty extra page)", async () => {
    const s = await start({ clients: 2000 });
    const all = await s.client.listClients().toArray();
    expect(all).toHaveLength(2000);
    expect(offsets(s)).toEqual([null, "1000"]);
  });

  it("keeps the caller's limit, filters and select on every page", async () => {
    const s = await start({ clients: 2543 });
    const pages = [];
    for await (const page of s.client.listClients({ limit: 700, select: select("listClients", ["meta"]) }).pages()) {
      pages.push(page);
      expect(page.items.every((c) => c.meta !== undefined)).toBe(true);
    }
    expect(pages.map((p) => p.items.length)).toEqual([700, 700, 700, 443]);
    expect(pages.map((p) => p.info)).toEqual([
      { offset: 0, limit: 700, total: 2543 },
      { offset: 700, limit: 700, total: 2543 },
      { offset: 1400, limit: 700, total: 2543 },
      { offset: 2100, limit: 700, total: 2543 },
    ]);
    expect(pages.at(-1)!.hasNextPage()).toBe(false);
    expect(await pages.at(-1)!.getNextPage()).toBeNull();
    for (const r of s.recorder.requests) expect(new URL(r.url).searchParams.get("select")).toBe("meta");
    expect(s.recorder.requests).toHaveLength(4);
  });

  it("starts from the caller's offset, and maxItems stops fetching early", async () => {
    const s = await start({ clients: 2543 });
    const tail = await s.client.listClients({ offset: 2500 }).toArray();
    expect(tail).toHaveLength(43);
    s.recorder.clear();
    const first = await s.client.listClients({ limit: 100 }, { maxItems: 250 }).toArray();
    expect(first).toHaveLength(250);
    expect(offsets(s)).toEqual([null, "100", "200"]);
  });

  it("awaiting a list gives its first page only", async () => {
    const s = await start({ clients: 2543 });
    const page = await s.client.listClients();
    expect(page.items).toHaveLength(1000);
    expect(page.body.pagination).toEqual({ limit: 1000, offset: 0, total: 2543, sort: "name" });
    expect(page.hasNextPage()).toBe(true);
    expect(s.recorder.requests).toHaveLength(1);
  });

  it("paginates time entries across their thousands too", async () => {
    const s = await start({ clients: 1200 });
    const total = s.fake.db.timeEntries.size;
    expect(total).toBeGreaterThan(3000);
    let n = 0;
    for await (const _ of s.client.listTimeEntries()) n += 1;
    expect(n).toBe(total);
    expect(s.recorder.requests).toHaveLength(Math.ceil(total / 1000));
  });
});

describe("incremental sync with modifiedSince", () => {
  it("fetches every client modified since a date, across pages", async () => {
    const now = new Date("2026-11-20T12:00:00Z");
    const s = await start({ clients: 2543, now: () => now });
    const lastSync = "2026-11-15T00:00:00Z";
    // 1,234 clients changed since the last sync: more than one page.
    const changed = [...s.fake.db.clients.values()].filter((_, i) => i % 2 === 0).slice(0, 1234);
    for (const c of changed) c.modifiedAt = "2026-11-18T09:00:00Z";
    const renamed = await s.client.updateClient({ id: [...s.fake.db.clients.keys()][1]!, name: "Renamed LLC" });
    expect(renamed.meta?.modifiedAt).toBe("2026-11-20T12:00:00Z");

    const synced = new Map<string, string>();
    for await (const client of s.client.listClients({ modifiedSince: lastSync, select: "meta" })) {
      synced.set(client.clientId, client.meta!.modifiedAt);
    }
    expect(synced.size).toBe(1235);
    expect([...synced.values()].every((m) => m > lastSync)).toBe(true);
    expect(synced.get(renamed.clientId)).toBe("2026-11-20T12:00:00Z");
    expect(offsets(s).length).toBe(3); // the update, then two pages
  });
});
