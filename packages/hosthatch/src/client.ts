import type { ApiPromise, CallOptions } from "@hatchery/core";
import {
  createHostHatchClient as createGeneratedClient,
  type HostHatchClient as GeneratedHostHatchClient,
  type HostHatchClientOptions,
} from "./generated/client.js";
import type { PricedProductList, ProductList } from "./schema-types.js";

/**
 * The input of {@link HostHatchClient.listProducts} and {@link HostHatchClient.listProductsWithPrices}: nothing
 * (pass `{}` or leave it out). Each method sets the `prices` flag itself.
 */
export type ListProductsInput = Record<string, never>;
/** What {@link HostHatchClient.listProducts} resolves to: the catalogue without prices. */
export type ListProductsResult = ProductList;
/** What {@link HostHatchClient.listProductsWithPrices} resolves to: the catalogue with prices. */
export type ListProductsWithPricesResult = PricedProductList;

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
   * `GET /api/v1/products` · idempotent (retried on transient failures)
   */
  listProducts(input?: ListProductsInput, options?: CallOptions): ApiPromise<ListProductsResult>;
  /**
   * List the products on offer, with prices.
   *
   * The same catalogue with prices: `options.billing_cycles` is an object keyed by cycle id with `price`,
   * `setupfee` and `currency`, and each feature's `values` carry their price per cycle (HostHatch returns those
   * values as an array for some features and as an object keyed by value id for others). Read-only.
   *
   * `GET /api/v1/products?prices` · idempotent (retried on transient failures)
   */
  listProductsWithPrices(input?: ListProductsInput, options?: CallOptions): ApiPromise<ListProductsWithPricesResult>;
}

/**
 * Creates a HostHatch client. Keep the token on your server: it can order, upgrade and cancel paid servers.
 * @example
 * ```ts
 * import { createHostHatchClient } from "@hatchery/hosthatch";
 *
 * const hosthatch = createHostHatchClient({ apiKey: process.env.HOSTHATCH_TOKEN });
 * const { servers } = await hosthatch.listServers();
 * ```
 */
export function createHostHatchClient(options: HostHatchClientOptions = {}): HostHatchClient {
  const generated = createGeneratedClient(options);
  const { listProducts, ...rest } = generated;
  return {
    ...rest,
    // The spec's one operation answers two shapes; the flag decides which, so each method fixes the flag.
    listProducts: (_input, callOptions) => listProducts({}, callOptions) as ApiPromise<ProductList>,
    listProductsWithPrices: (_input, callOptions) =>
      listProducts({ params: { query: { prices: true } } }, callOptions) as ApiPromise<PricedProductList>,
  };
}
