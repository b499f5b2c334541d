import { describe, expect, test } from "vitest";
import {
  describePage,
  isInvalidArgumentError,
  type OffsetPagination,
  type OperationSpec,
  type PageInput,
  type PagePagination,
  PagePromise,
  type ProviderSpec,
  validatePageInput,
} from "../src/index.js";
import { json, observed, rejection } from "./helpers.js";

const offset: OffsetPagination = {
  style: "offset",
  items: "data",
  limitParam: "limit",
  offsetParam: "offset",
  total: "pagination.total",
  maxLimit: 1000,
  in: "query",
};
const laravel: PagePagination = {
  style: "page",
  items: "data",
  pageParam: "page",
  currentPage: "meta.current_page",
  lastPage: ["meta.last_page"],
  nextLink: "links.next",
  in: "query",
};
/** Laravel pages with their optional page size (Happy Grasshopper's `per_page`, 1–100). */
const laravelPerPage: PagePagination = { ...laravel, limitParam: "per_page", maxLimit: 100 };
const hatebasePages: PagePagination = {
  style: "page",
  items: "result",
  pageParam: "page",
  currentPage: "page",
  lastPage: ["number_of_pages", "total_pages"],
  in: "body",
};
const linkOnly: PagePagination = {
  style: "page",
  items: "data",
  pageParam: "page",
  nextLink: "links.next",
  in: "query",
};

const q = (query: Record<string, unknown>): PageInput => ({ params: { query } });

describe("describePage: offset (LeanLaw)", () => {
  const cases: [
    name: string,
    input: PageInput,
    body: unknown,
    want: { items: number; next?: PageInput; info: object },
  ][] = [
    [
      "first page of three",
      q({ limit: 2 }),
      { data: [1, 2], pagination: { limit: 2, offset: 0, total: 5 } },
      { items: 2, next: q({ limit: 2, offset: 2 }), info: { offset: 0, limit: 2, total: 5 } },
    ],
    [
      "middle page",
      q({ limit: 2, offset: 2 }),
      { data: [3, 4], pagination: { total: 5 } },
      { items: 2, next: q({ limit: 2, offset: 4 }), info: { offset: 2, limit: 2, total: 5 } },
    ],
    [
      "last, short page",
      q({ limit: 2, offset: 4 }),
      { data: [5], pagination: { total: 5 } },
      { items: 1, info: { offset: 4, limit: 2, total: 5 } },
    ],
    [
      "exactly at the total: never request past it",
      q({ limit: 2, offset: 2 }),
      { data: [3, 4], pagination: { total: 4 } },
      { items: 2, info: { offset: 2, limit: 2, total: 4 } },
    ],
    [
      "total as a numeric string",
      q({ limit: 2 }),
      { data: [1, 2], pagination: { total: "4" } },
      { items: 2, next: q({ limit: 2, offset: 2 }), info: { offset: 0, limit: 2, total: 4 } },
    ],
    [
      "an empty page ends even if the total says more",
      q({ offset: 10 }),
      { data: [], pagination: { total: 50 } },
      { items: 0, info: { offset: 10, total: 50 } },
    ],
    [
      "no total: a full page means maybe more",
      q({ limit: 2 }),
      { data: [1, 2] },
      { items: 2, next: q({ limit: 2, offset: 2 }), info: { offset: 0, limit: 2 } },
    ],
    [
      "no total: a short page is the last",
      q({ limit: 3 }),
      { data: [1, 2] },
      { items: 2, info: { offset: 0, limit: 3 } },
    ],
    [
      "no total, no limit: continue until an empty page",
      q({}),
      { data: [1] },
      { items: 1, next: q({ offset: 1 }), info: { offset: 0 } },
    ],
    ["unpaginated list without pagination object", q({}), { data: [] }, { items: 0, info: { offset: 0 } }],
    ["items missing", q({}), { nope: 1 }, { items: 0, info: { offset: 0 } }],
  ];
  for (const [name, input, body, want] of cases) {
    test(name, () => {
      const got = describePage(offset, input, body);
      expect(got.items).toHaveLength(want.items);
      expect(got.next).toEqual(want.next);
      expect(got.info).toEqual(want.info);
    });
  }

  test("in the body", () => {
    const spec: OffsetPagination = { ...offset, in: "body" };
    const got = describePage(spec, { body: { limit: 1, token: "t" } }, { data: [1], pagination: { total: 3 } });
    expect(got.next).toEqual({ body: { limit: 1, token: "t", offset: 1 } });
  });
});

describe("describePage: page numbers", () => {
  const list = (page: number, last: number, next: string | null) => ({
    data: [page],
    links: { next },
    meta: { current_page: page, last_page: last },
  });
  const cases: [
    name: string,
    spec: PagePagination,
    input: PageInput,
    body: unknown,
    want: { next?: PageInput; info: object },
  ][] = [
    [
      "Laravel first page",
      laravel,
      q({}),
      list(1, 3, "https://x/?page=2"),
      { next: q({ page: 2 }), info: { page: 1, lastPage: 3 } },
    ],
    ["Laravel last page", laravel, q({ page: 3 }), list(3, 3, null), { info: { page: 3, lastPage: 3 } }],
    [
      "last page wins over a stray next link",
      laravel,
      q({ page: 3 }),
      list(3, 3, "https://x/?page=4"),
      { info: { page: 3, lastPage: 3 } },
    ],
    [
      "next link only: present",
      linkOnly,
      q({ page: 1 }),
      { data: [1], links: { next: "u" } },
      { next: q({ page: 2 }), info: { page: 1 } },
    ],
    [
      "next link only: null ends",
      linkOnly,
      q({ page: 2 }),
      { data: [1], links: { next: null } },
      { info: { page: 2 } },
    ],
    [
      "next link only: empty string ends",
      linkOnly,
      q({ page: 2 }),
      { data: [1], links: { next: "" } },
      { info: { page: 2 } },
    ],
    [
      "Hatebase numeric strings",
      hatebasePages,
      { body: { page: "1" } },
      { page: "1", number_of_pages: "2", result: [1] },
      { next: { body: { page: 2 } }, info: { page: 1, lastPage: 2 } },
    ],
    [
      "Hatebase total_pages fallback",
      hatebasePages,
      { body: {} },
      { page: 2, total_pages: 2, result: [1] },
      { info: { page: 2, lastPage: 2 } },
    ],
    [
      "neither last page nor link: continue until empty",
      { ...hatebasePages, lastPage: [] },
      { body: {} },
      { result: [1] },
      { next: { body: { page: 2 } }, info: { page: 1 } },
    ],
    [
      "an empty page ends",
      laravel,
      q({}),
      { data: [], meta: { current_page: 1, last_page: 9 } },
      { info: { page: 1, lastPage: 9 } },
    ],
    [
      "a server that reports a stale page still advances",
      laravel,
      q({ page: 2 }),
      list(1, 3, "u"),
      { next: q({ page: 3 }), info: { page: 1, lastPage: 3 } },
    ],
    [
      "a stale page number cannot loop past the last page",
      laravel,
      q({ page: 3 }),
      list(1, 3, "u"),
      { info: { page: 1, lastPage: 3 } },
    ],
  ];
  for (const [name, spec, input, body, want] of cases) {
    test(name, () => {
      const got = describePage(spec, input, body);
      expect(got.next).toEqual(want.next);
      expect(got.info).toEqual(want.info);
    });
  }
});

describe("validatePageInput", () => {
  const cases: [name: string, spec: OffsetPagination | PagePagination, input: PageInput, ok: boolean][] = [
    ["no paging arguments", offset, q({}), true],
    ["limit within range", offset, q({ limit: 1000, offset: 0 }), true],
    ["limit as a numeric string", offset, q({ limit: "10" }), true],
    ["limit over maxLimit", offset, q({ limit: 1001 }), false],
    ["limit zero", offset, q({ limit: 0 }), false],
    ["fractional limit", offset, q({ limit: 1.5 }), false],
    ["negative offset", offset, q({ offset: -1 }), false],
    ["garbage offset", offset, q({ offset: "ten" }), false],
    ["null is absent", offset, q({ limit: null }), true],
    ["page zero", laravel, q({ page: 0 }), false],
    ["page one", laravel, q({ page: 1 }), true],
    ["page in the body", hatebasePages, { body: { page: "x" } }, false],
    ["per_page within range", laravelPerPage, q({ page: 2, per_page: 100 }), true],
    ["per_page over maxLimit", laravelPerPage, q({ per_page: 101 }), false],
    ["per_page zero", laravelPerPage, q({ per_page: 0 }), false],
    ["fractional per_page", laravelPerPage, q({ per_page: 2.5 }), false],
    ["infinite per_page", laravelPerPage, q({ per_page: Number.POSITIVE_INFINITY }), false],
    ["per_page without a size parameter in the spec is not checked", laravel, q({ per_page: 0 }), true],
  ];
  for (const [name, spec, input, ok] of cases) {
    test(name, () => {
      if (ok) expect(() => validatePageInput(spec, input, "listThings")).not.toThrow();
      else {
        let error: unknown;
        try {
          validatePageInput(spec, input, "listThings");
        } catch (e) {
          error = e;
        }
        expect(isInvalidArgumentError(error)).toBe(true);
        expect((error as Error).message).toContain("listThings");
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// PagePromise over a fake LeanLaw-style list of 7 items.

const dataProvider: ProviderSpec = {
  name: "Lean",
  baseUrl: "https://api.lean.test",
  envelope: { kind: "data", payload: "data" },
  auth: { kind: "bearer" },
};
const listClients: OperationSpec = {
  id: "listClients",
  method: "GET",
  path: "/v2/clients",
  idempotent: true,
  pagination: offset,
};
const ALL = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));

function leanLaw() {
  return observed(
    (request) => {
      const url = new URL(request.url);
      const limit = Number(url.searchParams.get("limit") ?? 1000);
      const start = Number(url.searchParams.get("offset") ?? 0);
      if (start >= ALL.length && start > 0) return json(400, { message: "offset past the end" });
      return json(
        200,
        { data: ALL.slice(start, start + limit), pagination: { limit, offset: start, total: ALL.length } },
        { "x-request-id": `p${start}` },
      );
    },
    {},
    dataProvider,
    { listClients },
  );
}

describe("PagePromise", () => {
  test("nothing is requested until awaited or iterated", async () => {
    const { client, fake } = leanLaw();
    client.paginate(listClients, q({ limit: 3 }));
    await new Promise((r) => setTimeout(r, 5));
    expect(fake.requests).toHaveLength(0);
  });

  test("await gives the first page; it is fetched once", async () => {
    const { client, fake } = leanLaw();
    const list = client.paginate<{ id: number }>(listClients, q({ limit: 3 }));
    const page = await list;
    expect(page.items).toEqual(ALL.slice(0, 3));
    expect(page.info).toEqual({ offset: 0, limit: 3, total: 7 });
    expect(page.requestId).toBe("p0");
    expect(page.response.status).toBe(200);
    expect(page.body).toMatchObject({ pagination: { total: 7 } });
    expect(page.hasNextPage()).toBe(true);
    await list.firstPage();
    expect(fake.requests).toHaveLength(1);
  });

  test("for await gives every item, page by page, never past the total", async () => {
    const { client, fake } = leanLaw();
    const seen: number[] = [];
    const pagesWhenSeen: number[] = [];
    for await (const item of client.paginate<{ id: number }>(listClients, q({ limit: 3 }))) {
      seen.push(item.id);
      pagesWhenSeen.push(fake.requests.length);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Lazy: the second page is fetched only once the first is used up.
    expect(pagesWhenSeen).toEqual([1, 1, 1, 2, 2, 2, 3]);
    expect(fake.requests.map((r) => new URL(r.url).search)).toEqual([
      "?limit=3",
      "?limit=3&offset=3",
      "?limit=3&offset=6",
    ]);
  });

  test("pages() iterates by page; getNextPage at the end is null", async () => {
    const { client } = leanLaw();
    const pages = [];
    for await (const page of client.paginate(listClients, q({ limit: 4 })).pages()) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([4, 3]);
    expect(pages[1]?.hasNextPage()).toBe(false);
    await expect(pages[1]?.getNextPage()).resolves.toBeNull();
  });

  test("maxItems stops the items and the requests", async () => {
    const { client, fake } = leanLaw();
    const items = await client.paginate(listClients, q({ limit: 3 }), { maxItems: 4 }).toArray();
    expect(items).toEqual(ALL.slice(0, 4));
    expect(fake.requests).toHaveLength(2);
  });

  test("maxItems equal to a page boundary fetches no further page", async () => {
    const { client, fake } = leanLaw();
    expect(await client.paginate(listClients, q({ limit: 3 }), { maxItems: 3 }).toArray()).toHaveLength(3);
    expect(fake.requests).toHaveLength(1);
  });

  test("maxItems 0 sends nothing", async () => {
    const { client, fake } = leanLaw();
    expect(await client.paginate(listClients, q({ limit: 3 }), { maxItems: 0 }).toArray()).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  test("a limit over maxLimit is refused before any request", async () => {
    const { client, fake } = leanLaw();
    const error = await rejection(client.paginate(listClients, q({ limit: 5000 })));
    expect(isInvalidArgumentError(error)).toBe(true);
    expect((error as Error).message).toMatch(/limit must be an integer from 1 to 1000/);
    expect(fake.requests).toHaveLength(0);
  });

  test("breaking out of for await stops fetching", async () => {
    const { client, fake } = leanLaw();
    for await (const item of client.paginate<{ id: number }>(listClients, q({ limit: 2 }))) if (item.id === 2) break;
    expect(fake.requests).toHaveLength(1);
  });

  test("an error on a later page surfaces from the iteration", async () => {
    let n = 0;
    const { client } = observed(
      () => (++n === 1 ? json(200, { data: [1], pagination: { total: 2 } }) : json(404, { message: "gone" })),
      {},
      dataProvider,
      { listClients },
    );
    const seen: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const item of client.paginate(listClients, q({ limit: 1 }))) seen.push(item);
      })(),
    );
    expect(seen).toEqual([1]);
    expect((error as Error).message).toContain("gone");
  });

  test("the PagePromise can be used with then(onFulfilled, onRejected)", async () => {
    const list = new PagePromise(async () => {
      throw new Error("x");
    });
    await expect(list.then(undefined, (e: unknown) => (e as Error).message)).resolves.toBe("x");
  });
});
