import { describe, expect, test } from "vitest";
import {
  createApiError,
  createCoreClient,
  isApiError,
  isPageLimitError,
  type OperationSpec,
  type ProviderSpec,
  UnexpectedResponseError,
} from "../src/index.js";
import { isPageLimitRefusal } from "../src/pagination/page-limit.js";
import { readRequestBody, recordRequests, serve } from "../src/testing/index.js";
import { json, rejection } from "./helpers.js";

const URL_WITH_PAGE = "https://api.lexicon.test/list?page=2";
const error = (status: number, messages: string[], code?: string) =>
  createApiError({
    status,
    method: "POST",
    url: URL_WITH_PAGE,
    headers: {},
    body: {},
    providerMessage: messages[0],
    code,
    validationMessages: messages,
  });

describe("isPageLimitRefusal (pure): a later page refused while an earlier one was served", () => {
  const cases: [string, unknown, boolean][] = [
    ["an in-body refusal with an unknown code", error(200, ["Trial plans are limited to page 1"], "8812"), true],
    ["an in-body refusal with no code", error(200, ["Upgrade your plan to read further pages"]), true],
    ["an in-body refusal in other words", error(200, ["Page out of range for your subscription"], "E_PAGE"), true],
    ["HTTP 402 Payment Required", error(402, ["Payment required"]), true],
    ["HTTP 403 with no words", error(403, []), true],
    ["HTTP 400 'page must be 1'", error(400, ["page must be 1"]), true],
    ["a code the spec lists, whatever the words", error(429, ["slow down"], "77"), true],
    ["a daily limit (it would refuse page 1 too)", error(200, ["Daily query limit reached"], "3001"), false],
    ["too many requests in words", error(200, ["Too many requests, try later"]), false],
    ["a quota", error(403, ["Your quota is used up"]), false],
    ["a token refusal that survived renewal", error(200, ["Token expired"], "1004"), false],
    ["HTTP 401", error(401, ["Unauthorized"]), false],
    ["HTTP 429", error(429, ["Slow down"]), false],
    ["HTTP 500", error(500, ["Internal error"]), false],
    ["HTTP 503", error(503, []), false],
    [
      "an HTML page from a proxy",
      new UnexpectedResponseError({ status: 403, method: "POST", url: URL_WITH_PAGE, headers: {}, body: "<html>" }),
      false,
    ],
    ["not an API error", new Error("socket hang up"), false],
  ];
  for (const [name, given, want] of cases) {
    test(`${name} -> ${want}`, () => {
      expect(isPageLimitRefusal(given, { codes: ["77"] })).toBe(want);
    });
  }
});

/** A provider whose docs define no codes: the page limit is declared with a reason only. */
const provider: ProviderSpec = {
  name: "Lexicon",
  baseUrl: "https://api.lexicon.test/1-0",
  envelope: { kind: "hatebase", payload: "result" },
  auth: { kind: "none" },
};
const list = {
  id: "list",
  method: "POST",
  path: "/list",
  idempotent: true,
  bodyType: "form",
  pagination: {
    style: "page",
    items: "result",
    pageParam: "page",
    currentPage: "page",
    lastPage: ["number_of_pages"],
    in: "body",
    pageLimit: { message: "trial plans read page 1 only" },
  },
} as const satisfies OperationSpec;

/** Serves page 1 of 3, then answers every later page with `later`. */
function server(later: () => Response) {
  return recordRequests(async (request) => {
    const page = Number((await readRequestBody(request))?.page ?? 1);
    if (page > 1) return later();
    return json(200, { page: "1", number_of_pages: "3", result: ["item-1"], errors: [] });
  });
}

describe("paginate: the page limit is recognised from the answer's meaning", () => {
  const refusals: [string, () => Response, string | undefined][] = [
    ["an error pair whose code no fake uses", () => json(200, { errors: [[64, "Trial accounts see one page"]] }), "64"],
    ["an error without a code", () => json(200, { errors: ["Upgrade to read more pages"] }), undefined],
    ["HTTP 402", () => json(402, { errors: [["402", "Payment required"]] }), "402"],
    ["HTTP 403 with no body", () => new Response(null, { status: 403 }), undefined],
  ];
  for (const [name, later, code] of refusals) {
    test(`${name}: a PageLimitError after page 1's items, over loopback`, async () => {
      const handler = server(later);
      const served = await serve(handler);
      try {
        const c = createCoreClient<never>({
          provider,
          operations: { list },
          options: { baseUrl: `${served.url}/1-0`, retry: false },
        });
        const seen: unknown[] = [];
        const failure = await rejection(
          (async () => {
            for await (const item of c.paginate(list, {})) seen.push(item);
          })(),
        );
        expect(seen).toEqual(["item-1"]);
        expect(isPageLimitError(failure)).toBe(true);
        expect(failure).toMatchObject({ operation: "list", page: 2, pagesRead: 1, code });
        expect((failure as Error).message).toContain("page 2 was refused");
        expect((failure as Error).message).toContain("trial plans read page 1 only");
        expect(handler.requests).toHaveLength(2);
      } finally {
        await served.close();
      }
    });
  }

  test("a daily limit on page 2 stays the provider's error, not a page limit", async () => {
    const handler = server(() => json(200, { errors: [["3001", "Daily query limit reached"]] }));
    const c = createCoreClient<never>({ provider, operations: { list }, options: { fetch: handler, retry: false } });
    const failure = await rejection(c.paginate(list, {}).toArray());
    expect(isPageLimitError(failure)).toBe(false);
    expect(isApiError(failure)).toBe(true);
    expect(failure).toMatchObject({ code: "3001" });
  });

  test("a 503 on page 2 stays a server error", async () => {
    const handler = server(() => json(503, { errors: [] }));
    const c = createCoreClient<never>({ provider, operations: { list }, options: { fetch: handler, retry: false } });
    const failure = await rejection(c.paginate(list, {}).toArray());
    expect(isPageLimitError(failure)).toBe(false);
    expect(failure).toMatchObject({ status: 503 });
  });
});
