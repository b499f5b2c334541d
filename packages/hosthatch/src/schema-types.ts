import type { components } from "./generated/schema.js";

/** A product you can deploy or upgrade to, as {@link HostHatchClient.listProducts} returns it (no prices). */
export type Product = components["schemas"]["Product"];
/** An optional feature of a product (e.g. `ipv6`, `additional-ipv4`) with the values it can take. */
export type ProductFeature = components["schemas"]["ProductFeature"];
/** The catalogue without prices: what {@link HostHatchClient.listProducts} resolves to. */
export type ProductList = components["schemas"]["ProductList"];
/** A product with the prices of its billing cycles and feature values. */
export type PricedProduct = components["schemas"]["PricedProduct"];
/** An optional feature with the price of each value; `values` is an array or an object keyed by value id. */
export type PricedProductFeature = components["schemas"]["PricedProductFeature"];
/** One value of an optional feature with its price per billing cycle (absent when it is free). */
export type PricedFeatureValue = components["schemas"]["PricedFeatureValue"];
/** A product's billing cycle with its recurring price, setup fee and currency. */
export type ProductBillingCycle = components["schemas"]["ProductBillingCycle"];
/** The price a feature value adds for one billing cycle. */
export type FeatureBillingCycle = components["schemas"]["FeatureBillingCycle"];
/** The catalogue with prices: what {@link HostHatchClient.listProductsWithPrices} resolves to. */
export type PricedProductList = components["schemas"]["PricedProductList"];

/** The body of {@link HostHatchClient.deployServer}: product, location, billing cycle, image, hostname, features. */
export type DeployServerRequest = components["schemas"]["DeployServerRequest"];
/** Optional features of a deployment, keyed by feature id, plus `ssh_keys` (ids from `listKeys`). */
export type DeployFeatures = components["schemas"]["DeployFeatures"];
/** A deployment the account credit paid (HTTP 201): `requires_payment: false`, provisioning has begun. */
export type DeployPaid = components["schemas"]["DeployPaid"];
/**
 * A deployment the account credit did not cover (HTTP 200): `requires_payment: true` and an
 * `outstanding_balance` to pay in the control panel before the server is provisioned.
 */
export type DeployPaymentRequired = components["schemas"]["DeployPaymentRequired"];
/** What {@link HostHatchClient.deployServer} resolves to: narrow it on `requires_payment`. */
export type DeployResult = DeployPaid | DeployPaymentRequired;
/** The body of {@link HostHatchClient.upgradeServer}. */
export type UpgradeServerRequest = components["schemas"]["UpgradeServerRequest"];
/** An upgrade the account credit paid (HTTP 201): `requires_payment: false`, the upgrade has begun. */
export type UpgradePaid = components["schemas"]["UpgradePaid"];
/** An upgrade the account credit did not cover (HTTP 200): pay `outstanding_balance` in the control panel. */
export type UpgradePaymentRequired = components["schemas"]["UpgradePaymentRequired"];
/** What {@link HostHatchClient.upgradeServer} resolves to: narrow it on `requires_payment`. */
export type UpgradeResult = UpgradePaid | UpgradePaymentRequired;
/** What is left to pay, and in which currency. */
export type OutstandingBalance = components["schemas"]["OutstandingBalance"];
/** The body of {@link HostHatchClient.cancelServer}: a reason, and whether to cancel at once. */
export type CancelServerRequest = components["schemas"]["CancelServerRequest"];

/** One of your servers: hostname, account `state`, product, primary IP and billing. */
export type Server = components["schemas"]["Server"];
/** A server's power status (`online`, `offline`, ...), from {@link HostHatchClient.getServerStatus}. */
export type ServerStatus = components["schemas"]["ServerStatus"];
/** A stored SSH key. */
export type Key = components["schemas"]["Key"];
/** The body of {@link HostHatchClient.createKey}. */
export type CreateKeyRequest = components["schemas"]["CreateKeyRequest"];
/** The body of every HostHatch error: `{result: "error", message, errors?}`. */
export type ErrorResponse = components["schemas"]["ErrorResponse"];
