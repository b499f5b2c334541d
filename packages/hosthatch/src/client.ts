import type { ListOptions, PagePromise } from "@hatchery/core";
import {
  createHostHatchClient as createGeneratedClient,
  type HostHatchClient as GeneratedHostHatchClient,
  type HostHatchClientOptions,
  type HostHatchCore,
  type ListProductsPage,
  listProducts as listAnyProducts,
} from "./generated/client.js";
import type { PricedProduct, PricedProductList, Product, ProductList } from "./schema-types.js";

/**
 * The input of {@link HostHatchClient.listProducts} and {@link HostHatchClient.listProductsWithPrices}: nothing
 * (pass `{}` or leave it out). Each method sets the `prices` flag itself.
 */
export type ListProductsInput = Record<string, never>;
/** The whole body of the one page of {@link HostHatchClient.listProducts}. */
export type ListProductsResult = Omit<ListProductsPage, "data"> & {
  /** The catalogue without prices. */
  data: ProductList;
};
/** The whole body of the one page of {@link HostHatchClient.listProductsWithPrices}. */
export type ListProductsWithPricesResult = Omit<ListProductsPage, "data"> & {
  /** The catalogue with prices. */
  data: PricedProductList;
};

/**
 * A typed client for the HostHatch API: one method per operation, returning the unwrapped payload and throwing
 * `@hatchery/core` errors. The products operation, whose shape depends on the `?prices` flag, is split into
 * {@link HostHatchClient.listProducts} and {@link HostHatchClient.listProductsWithPrices}, each exactly typed.
 *
 * Create one with {@link createHostHatchClient}.
 */
export interface HostHatchClient extends Omit<GeneratedHostHatchClient, "listProducts"> {
  /**
   * List the products on offer, without prices.
   *
   * Every product HostHatch offers through the API, with the locations where it can be deployed (`true` when in
   * stock), the images, the optional features with their values, and the billing cycle ids. These ids are what
   * `deployServer` and `upgradeServer` expect. Read-only.
   *
   * A list, which the API does not paginate: await it for its one page (`items`), or iterate it with
   * `for await` for every product.
   *
   * `GET /api/v1/products` · idempotent (retried on transient failures)
   */
  listProducts(input?: ListProductsInput, options?: ListOptions): PagePromise<Product, ListProductsResult>;
  /**
   * List the products on offer, with prices.
   *
   * The same catalogue with prices: `options.billing_cycles` is an object keyed by cycle id with `price`,
   * `setupfee` and `currency`, and each feature's `values` carry their price per cycle (HostHatch returns those
   * values as an array for some features and as an object keyed by value id for others). Read-only.
   *
   * A list, which the API does not paginate: await it for its one page (`items`), or iterate it with
   * `for await` for every product.
   *
   * `GET /api/v1/products?prices` · idempotent (retried on transient failures)
   */
  listProductsWithPrices(
    input?: ListProductsInput,
    options?: ListOptions,
  ): PagePromise<PricedProduct, ListProductsWithPricesResult>;
}

/**
 * List the products on offer, without prices: the function form of {@link HostHatchClient.listProducts}, on a
 * core (`createHostHatchCore`) or a client.
 * @example
 * ```ts
 * import { createHostHatchCore, listProducts } from "@hatchery/hosthatch";
 *
 * const core = createHostHatchCore({ apiKey: process.env.HOSTHATCH_TOKEN });
 * for await (const product of listProducts(core)) console.log(product.name);
 * ```
 */
export function listProducts(
  core: HostHatchCore,
  _input?: ListProductsInput,
  options?: ListOptions,
): PagePromise<Product, ListProductsResult> {
  // The spec's one operation answers two shapes; the flag decides which, so each function fixes the flag.
  return listAnyProducts(core, {}, options) as unknown as PagePromise<Product, ListProductsResult>;
}

/**
 * List the products on offer, with prices: the function form of {@link HostHatchClient.listProductsWithPrices},
 * on a core (`createHostHatchCore`) or a client.
 */
export function listProductsWithPrices(
  core: HostHatchCore,
  _input?: ListProductsInput,
  options?: ListOptions,
): PagePromise<PricedProduct, ListProductsWithPricesResult> {
  return listAnyProducts(core, { prices: true }, options) as unknown as PagePromise<
    PricedProduct,
    ListProductsWithPricesResult
  >;
}

/**
 * Creates a HostHatch client. Keep the token on your server: it can order, upgrade and cancel paid servers.
 * @example
 * ```ts
 * import { createHostHatchClient } from "@hatchery/hosthatch";
 *
 * const hosthatch = createHostHatchClient({ apiKey: process.env.HOSTHATCH_TOKEN });
 * for await (const server of hosthatch.listServers()) console.log(server.id, server.hostname);
 * ```
 */
export function createHostHatchClient(options: HostHatchClientOptions = {}): HostHatchClient {
  const client = createGeneratedClient(options);
  return {
    ...client,
    listProducts: (input, listOptions) => listProducts(client, input, listOptions),
    listProductsWithPrices: (input, listOptions) => listProductsWithPrices(client, input, listOptions),
  };
}
