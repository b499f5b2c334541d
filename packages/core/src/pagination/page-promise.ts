import type { Page } from "./page.js";

/**
 * What a list operation returns. Await it for the first page; iterate it with `for await` for every item
 * across pages, fetched lazily one page at a time (at most one page is held); `pages()` iterates by page.
 * Nothing is requested until you await or iterate, and never a page past the end.
 * @example
 * for await (const client of leanlaw.listClients()) console.log(client.name);
 * const first = await leanlaw.listClients({ limit: 100 });
 */
export class PagePromise<Item, Body = unknown> implements PromiseLike<Page<Item, Body>>, AsyncIterable<Item> {
  readonly #fetchFirst: () => Promise<Page<Item, Body>>;
  readonly #maxItems: number;
  #first: Promise<Page<Item, Body>> | undefined;

  constructor(fetchFirst: () => Promise<Page<Item, Body>>, maxItems = Number.POSITIVE_INFINITY) {
    this.#fetchFirst = fetchFirst;
    this.#maxItems = maxItems;
  }

  /** The first page alone. */
  firstPage(): Promise<Page<Item, Body>> {
    this.#first ??= this.#fetchFirst();
    return this.#first;
  }

  /** Awaiting a list gives its first page. */
  then<A = Page<Item, Body>, B = never>(
    onFulfilled?: ((value: Page<Item, Body>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.firstPage().then(onFulfilled, onRejected);
  }

  /** Every page in turn, stopping once `maxItems` items have been seen. */
  async *pages(): AsyncGenerator<Page<Item, Body>, void, undefined> {
    let left = this.#maxItems;
    // `maxItems: 0` asks for nothing: send nothing.
    if (left <= 0) return;
    let page: Page<Item, Body> | null = await this.firstPage();
    // Hold no page but the current one: a long iteration must not pin the first page in memory.
    this.#first = undefined;
    while (page) {
      yield page;
      left -= page.items.length;
      if (left <= 0 || !page.hasNextPage()) return;
      page = await page.getNextPage();
    }
  }

  /** Every item across pages, fetched lazily (`for await`), stopping at `maxItems`. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    // `pages()` stops at the page that reaches `maxItems`: only that page's tail is left out.
    let left = this.#maxItems;
    for await (const page of this.pages()) {
      yield* page.items.slice(0, left);
      left -= page.items.length;
    }
  }

  /** Every item (up to `maxItems`) in one array. Mind the memory on large lists: prefer `for await`. */
  async toArray(): Promise<Item[]> {
    const all: Item[] = [];
    for await (const item of this) all.push(item);
    return all;
  }
}
