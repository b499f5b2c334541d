import { type Fault, type FaultyHandler, withFaults } from "@hatchery/core/testing";
import type {
  ErrorResponse,
  Key,
  PricedFeatureValue,
  PricedProduct,
  Product,
  ProductBillingCycle,
  Server,
} from "../schema-types.js";
import { type FakePrice, type FakeProduct, fixtureKeys, fixtureProducts, IMAGE_NAMES } from "./fixtures.js";

/** The token every fake accepts unless `tokens` says otherwise. */
export const HOSTHATCH_FAKE_TOKEN = "hh-fake-token-4f9a1c";

/** Options of {@link createHostHatchFake}. */
export interface HostHatchFakeOptions {
  /**
   * Accepted API tokens. A request without one of them gets 401.
   * @default [HOSTHATCH_FAKE_TOKEN]
   */
  tokens?: readonly string[];
  /**
   * The account's credit balance in USD, from which deployments and upgrades are paid. With the default, two
   * monthly `nvme-2gb` servers (20 USD each, setup fee included) are paid from credit and the third answers
   * `requires_payment: true` with 10 USD outstanding.
   * @default 50
   */
  credit?: number;
  /**
   * Start with fixture servers (an active `example-server` 112233 using key 118, and a suspended one) besides
   * the fixture keys 118 and 119.
   * @default true
   */
  servers?: boolean;
  /**
   * Status calls (`getServerStatus`) a server takes to finish a power change (boot, shutdown, reboot, the
   * provisioning after a paid deploy or upgrade). Counting polls rather than time keeps tests deterministic.
   * @default 2
   */
  transitionPolls?: number;
  /**
   * The fake's clock, for `created` and `next_due` dates.
   * @default () => new Date()
   */
  now?: () => Date;
}

/** A server as the fake stores it. */
export interface StoredServer {
  /** Server id. */
  id: number;
  /** Hostname. */
  hostname: string;
  /** Account state: `Active`, `Pending` (deployed, invoice unpaid), `Suspended`, or `Cancelled` (hidden). */
  state: "Active" | "Pending" | "Suspended" | "Cancelled";
  /** Power status as `getServerStatus` reports it. */
  status: "online" | "offline";
  /** A power change in progress: the status becomes `target` after `polls` more status calls. */
  transition?: {
    /** The status at the end of the change. */
    target: "online" | "offline";
    /** Status calls left before it is reached. */
    polls: number;
  };
  /** Creation date, `YYYY-MM-DD`. */
  created: string;
  /** Product id. */
  product: string;
  /** Location id. */
  location: string;
  /** Image id. */
  image: string;
  /** Primary IPv4 address (documentation range). */
  ip: string;
  /** Billing cycle id. */
  billingCycle: string;
  /** Next due date, `YYYY-MM-DD`. */
  nextDue: string;
  /** Setup fees paid. */
  initialCost: number;
  /** Recurring cost per cycle. */
  recurringCost: number;
  /** Feature values chosen at deployment (ssh_keys excluded). */
  features: Record<string, string | number | boolean>;
  /** Ids of the keys installed on it. */
  sshKeys: number[];
  /** A cancellation at the end of the cycle, when one was requested. */
  cancellation?: {
    /** The reason given. */
    reason: string;
    /** When it takes effect, `YYYY-MM-DD`: the next due date, or the day of an immediate cancellation. */
    at: string;
  };
}

/** A key as the fake stores it. */
export interface StoredKey {
  /** Key id. */
  id: number;
  /** Always `sshkey`. */
  type: string;
  /** Description. */
  description: string;
  /** The public key. */
  value: string;
}

/** An invoice the fake created for a deployment or an upgrade. */
export interface StoredInvoice {
  /** Invoice id. */
  id: number;
  /** What it bills. */
  kind: "deploy" | "upgrade";
  /** The server it belongs to. */
  server: number;
  /** Total, in USD. */
  total: number;
  /** Paid from the credit. */
  paidFromCredit: number;
  /** Still to pay in the control panel. */
  outstanding: number;
  /** For an upgrade: the product it upgrades to. */
  product?: string;
  /** For an upgrade: whether the disk is upgraded too. */
  upgradeDisk?: boolean;
}

/** Everything the fake holds; mutate it to set up a scenario. */
export interface HostHatchFakeState {
  /** Accepted tokens. Delete one to see requests with it refused (401). */
  tokens: Set<string>;
  /** Whether the account has API access; `false` answers every authenticated request with 403. */
  apiAccess: boolean;
  /** Credit balance in USD. Deployments and upgrades are paid from it first. */
  credit: number;
  /** The catalogue, by product id. */
  products: Map<string, FakeProduct>;
  /** Servers by id (cancelled ones stay here with state `Cancelled`, hidden from the API). */
  servers: Map<number, StoredServer>;
  /** Keys by id. */
  keys: Map<number, StoredKey>;
  /** Invoices by id. */
  invoices: Map<number, StoredInvoice>;
}

/** Side-effect counters, so tests can prove a request did (or did not) happen, or happened once. */
export interface HostHatchFakeCounters {
  /** Requests that reached the fake (faults injected before it are not counted). */
  requests: number;
  /** Servers created by `deployServer` (paid or awaiting payment). */
  serversCreated: number;
  /** Upgrades ordered (paid or awaiting payment). */
  upgrades: number;
  /** Invoices created. */
  invoices: number;
  /** Accepted boot, shutdown and reboot requests. */
  boots: number;
  /** Accepted shutdown requests. */
  shutdowns: number;
  /** Accepted reboot requests. */
  reboots: number;
  /** Servers whose cancellation was recorded (a repeated cancellation does not count again). */
  cancellations: number;
  /** Keys created. */
  keysCreated: number;
  /** Keys deleted. */
  keysDeleted: number;
  /** Status calls answered. */
  statusPolls: number;
  /** 401 answers. */
  unauthorized: number;
  /** 403 answers. */
  forbidden: number;
  /** 404 answers. */
  notFound: number;
  /** 422 answers. */
  invalid: number;
  /** Requests without `Accept: application/json`, answered with an HTML page as a Laravel app would. */
  htmlAnswers: number;
}

/** A stateful fake of the HostHatch API. */
export interface HostHatchFake {
  /**
   * The API as a `fetch`-style handler, with fault injection. Serve it with `serve()` or pass it (through
   * `toFetch`) as the client's `fetch`.
   */
  handler: FaultyHandler;
  /** Everything the fake holds. */
  state: HostHatchFakeState;
  /** Side-effect counters. */
  counters: HostHatchFakeCounters;
  /** The token that works (the first of `tokens`). */
  token: string;
  /**
   * Queues a fault (status, `Retry-After`, delay, dropped connection, slow body, failure after the effect…) for
   * matching requests. A status fault without a `body` gets HostHatch's error body.
   */
  inject(fault: Fault): void;
  /**
   * Pays an invoice's outstanding balance, as the account owner would in the control panel: a deployment's
   * server becomes `Active` and starts provisioning, an upgrade is applied.
   */
  payInvoice(id: number): void;
  /** Ends every power change in progress at once (as if enough time had passed). */
  settle(): void;
}

const MESSAGES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthenticated.",
  403: "Access forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  422: "Validation failed",
  429: "Too Many Attempts.",
  500: "Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** HostHatch's error body: `{result: "error", message, errors?}`. */
export function hosthatchErrorBody(message: string, errors?: string[]): ErrorResponse {
  return errors === undefined ? { result: "error", message } : { result: "error", message, errors };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const success = (data: unknown, status = 200) => json(status, { result: "success", data });

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: string[],
  ) {
    super(message);
  }
}
const invalid = (errors: string[]) => new Refusal(422, "Validation failed", errors);
const notFound = () => new Refusal(404, "Not Found");

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const SSH_KEY =
  /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( \S.*)?$/;
const CYCLE_MONTHS: Record<string, number> = { monthly: 1, quarterly: 3, semiannually: 6, annually: 12 };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const date = (d: Date) => d.toISOString().slice(0, 10);
function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return date(d);
}
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Creates a stateful fake of the HostHatch API (`/api/v1/...`): a catalogue of products, an account with a
 * credit balance, SSH keys 118 and 119, and (by default) two servers.
 *
 * It checks the bearer token (401) and API access (403), answers requests without `Accept: application/json`
 * with an HTML page, validates bodies with Laravel-style messages (422 `{result: "error", message, errors}`),
 * and keeps state: a deployment creates an invoice paid from the credit first, answering **201** when the
 * credit covered it and **200** `requires_payment: true` with the `outstanding_balance` otherwise (the server
 * then waits, `Pending`, for {@link HostHatchFake.payInvoice}); an upgrade works the same way; boot, shutdown
 * and reboot only acknowledge, and the status reaches its target after a few status polls; a cancellation
 * takes effect at the end of the cycle or at once; a key used by a server that is not cancelled cannot be
 * deleted (422).
 *
 * @example
 * ```ts
 * import { createHostHatchFake, serve } from "@hatchery/hosthatch/testing";
 *
 * const fake = createHostHatchFake({ credit: 100 });
 * const server = await serve(fake.handler);
 * const hosthatch = createHostHatchClient({ apiKey: fake.token, baseUrl: server.url });
 * ```
 */
export function createHostHatchFake(options: HostHatchFakeOptions = {}): HostHatchFake {
  const tokens = options.tokens ?? [HOSTHATCH_FAKE_TOKEN];
  if (tokens.length === 0) throw new RangeError("tokens must not be empty");
  const transitionPolls = options.transitionPolls ?? 2;
  if (!Number.isInteger(transitionPolls) || transitionPolls < 0) {
    throw new RangeError("transitionPolls must be a whole number >= 0");
  }
  const clock = options.now ?? (() => new Date());
  const state: HostHatchFakeState = {
    tokens: new Set(tokens),
    apiAccess: true,
    credit: options.credit ?? 50,
    products: new Map(fixtureProducts().map((p) => [p.id, p])),
    servers: new Map(),
    keys: new Map(fixtureKeys().map((k) => [k.id, { ...k, type: "sshkey" }])),
    invoices: new Map(),
  };
  const counters: HostHatchFakeCounters = {
    requests: 0,
    serversCreated: 0,
    upgrades: 0,
    invoices: 0,
    boots: 0,
    shutdowns: 0,
    reboots: 0,
    cancellations: 0,
    keysCreated: 0,
    keysDeleted: 0,
    statusPolls: 0,
    unauthorized: 0,
    forbidden: 0,
    notFound: 0,
    invalid: 0,
    htmlAnswers: 0,
  };
  let nextServerId = 112234;
  let nextKeyId = 1234;
  let nextInvoiceId = 445566;
  let nextIp = 10;

  if (options.servers ?? true) {
    const created = "2023-05-09";
    state.servers.set(112233, {
      id: 112233,
      hostname: "example-server",
      state: "Active",
      status: "online",
      created,
      product: "nvme-2gb",
      location: "AMS",
      image: "almalinux8",
      ip: "203.0.113.5",
      billingCycle: "monthly",
      nextDue: nextDueAfter(created, "monthly"),
      initialCost: 4,
      recurringCost: 16,
      features: { ipv6: true },
      sshKeys: [118],
    });
    state.servers.set(112230, {
      id: 112230,
      hostname: "old-backup.example.net",
      state: "Suspended",
      status: "offline",
      created: "2022-11-14",
      product: "storage-1tb",
      location: "STO",
      image: "debian12",
      ip: "203.0.113.6",
      billingCycle: "annually",
      nextDue: nextDueAfter("2022-11-14", "annually"),
      initialCost: 0,
      recurringCost: 100,
      features: {},
      sshKeys: [],
    });
  }

  /** The first due date after today, stepping by the cycle from the creation date. */
  function nextDueAfter(created: string, cycle: string): string {
    const today = date(clock());
    let due = addMonths(created, CYCLE_MONTHS[cycle] ?? 1);
    for (let i = 0; i < 1000 && due <= today; i++) due = addMonths(due, CYCLE_MONTHS[cycle] ?? 1);
    return due;
  }

  // ---- Views ---------------------------------------------------------------------------------------------

  const withCurrency = (p: FakePrice) => ({ price: p.price, setupfee: p.setupfee, currency: "USD" });

  function productView(p: FakeProduct): Product {
    return {
      _id: p.id,
      name: p.name,
      description: p.description,
      options: {
        locations: { ...p.locations },
        images: [...p.images],
        features: p.features.map((f) => ({ _id: f.id, name: f.name, values: f.values.map((v) => v.id) })),
        billing_cycles: Object.keys(p.cycles),
      },
    };
  }

  function pricedProductView(p: FakeProduct): PricedProduct {
    const cycles: Record<string, ProductBillingCycle> = {};
    for (const [id, price] of Object.entries(p.cycles)) cycles[id] = { _id: id, ...withCurrency(price) };
    return {
      _id: p.id,
      name: p.name,
      description: p.description,
      options: {
        locations: { ...p.locations },
        images: [...p.images],
        features: p.features.map((f) => {
          const entries = f.values.map((v): PricedFeatureValue => {
            if (!v.prices) return { _id: v.id };
            const billing: Record<string, ReturnType<typeof withCurrency>> = {};
            // Only the product's own cycles, and without `_id` (as HostHatch's example shows them).
            for (const cycle of Object.keys(p.cycles)) {
              const price = v.prices[cycle];
              if (price) billing[cycle] = withCurrency(price);
            }
            return { _id: v.id, billing_cycles: billing };
          });
          const values = f.keyed ? Object.fromEntries(entries.map((e) => [String(e._id), e])) : entries;
          return { _id: f.id, name: f.name, values };
        }),
        billing_cycles: cycles,
      },
    };
  }

  function serverView(s: StoredServer): Server {
    const product = state.products.get(s.product);
    return {
      id: s.id,
      hostname: s.hostname,
      state: s.state,
      created: s.created,
      product: {
        _id: s.product,
        name: product?.name ?? s.product,
        location: s.location,
        image: IMAGE_NAMES[s.image] ?? s.image,
        available_upgrades: [...(product?.upgrades ?? [])],
      },
      network: { primary_ipaddress: s.ip },
      billing: {
        billing_cycle: s.billingCycle,
        next_due: s.nextDue,
        initial_cost: s.initialCost,
        recurring_cost: s.recurringCost,
        currency: "USD",
      },
    };
  }

  const keyView = (k: StoredKey): Key => ({ id: k.id, type: k.type, description: k.description, value: k.value });

  // ---- Money -----------------------------------------------------------------------------------------------

  /** Creates an invoice, paying what the credit covers. */
  function invoice(kind: StoredInvoice["kind"], server: number, total: number, extra: Partial<StoredInvoice> = {}) {
    const paidFromCredit = round(Math.min(Math.max(state.credit, 0), total));
    state.credit = round(state.credit - paidFromCredit);
    const stored: StoredInvoice = {
      id: nextInvoiceId++,
      kind,
      server,
      total: round(total),
      paidFromCredit,
      outstanding: round(total - paidFromCredit),
      ...extra,
    };
    state.invoices.set(stored.id, stored);
    counters.invoices += 1;
    return stored;
  }

  function invoiceResult(inv: StoredInvoice) {
    const base = { invoice_id: inv.id, invoice_url: `https://cloud.hosthatch.com/invoices/${inv.id}` };
    return inv.outstanding > 0
      ? { ...base, requires_payment: true, outstanding_balance: { price: inv.outstanding, currency: "USD" } }
      : { ...base, requires_payment: false };
  }

  function startTransition(s: StoredServer, target: "online" | "offline", from?: "online" | "offline") {
    if (from) s.status = from;
    if (transitionPolls === 0) {
      s.status = target;
      delete s.transition;
    } else s.transition = { target, polls: transitionPolls };
  }

  function applyUpgrade(inv: StoredInvoice) {
    const s = state.servers.get(inv.server);
    const product = inv.product ? state.products.get(inv.product) : undefined;
    if (!s || !product) return;
    s.product = product.id;
    s.recurringCost = product.cycles[s.billingCycle]?.price ?? s.recurringCost;
    startTransition(s, "online", "offline"); // the upgrade restarts the server
  }

  function payInvoice(id: number): void {
    const inv = state.invoices.get(id);
    if (!inv) throw new RangeError(`no invoice ${id}`);
    if (inv.outstanding === 0) return;
    inv.outstanding = 0;
    const s = state.servers.get(inv.server);
    if (inv.kind === "deploy" && s && s.state === "Pending") {
      s.state = "Active";
      startTransition(s, "online");
    } else if (inv.kind === "upgrade") applyUpgrade(inv);
  }

  // ---- Operations ------------------------------------------------------------------------------------------

  /** A server visible through the API (not cancelled), or 404. */
  function visibleServer(id: string): StoredServer {
    const s = /^\d+$/.test(id) ? state.servers.get(Number(id)) : undefined;
    if (!s || s.state === "Cancelled") throw notFound();
    return s;
  }
  const inUse = (keyId: number) =>
    [...state.servers.values()].some((s) => s.state !== "Cancelled" && s.sshKeys.includes(keyId));

  function requireActive(s: StoredServer) {
    if (s.state !== "Active") throw new Refusal(403, "This action is unauthorized.");
  }

  function deploy(body: Record<string, unknown>): Response {
    const errors: string[] = [];
    const str = (field: string) => {
      const v = body[field];
      if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) {
        errors.push(`The ${field} field is required.`);
        return undefined;
      }
      if (typeof v !== "string") {
        errors.push(`The ${field} field must be a string.`);
        return undefined;
      }
      return v;
    };
    const productId = str("product");
    const location = str("location");
    const billing = str("billing");
    const image = str("image");
    const hostname = str("hostname");
    const product = productId === undefined ? undefined : state.products.get(productId);
    if (productId !== undefined && !product) errors.push("The selected product is invalid.");
    if (product) {
      if (location !== undefined && !(location in product.locations)) errors.push("The selected location is invalid.");
      else if (location !== undefined && !product.locations[location]) {
        errors.push("The selected location is out of stock.");
      }
      if (billing !== undefined && !product.cycles[billing]) errors.push("The selected billing is invalid.");
      if (image !== undefined && !product.images.includes(image)) errors.push("The selected image is invalid.");
    }
    if (hostname !== undefined && !HOSTNAME.test(hostname)) errors.push("The hostname must be a valid hostname.");

    const chosen: Record<string, string | number | boolean> = {};
    let sshKeys: number[] = [];
    const features = body.features;
    if (features !== undefined && features !== null && !isObject(features)) {
      errors.push("The features field must be an object.");
    } else if (isObject(features)) {
      for (const [id, value] of Object.entries(features)) {
        if (id === "ssh_keys") {
          if (!Array.isArray(value)) {
            errors.push("The features.ssh_keys field must be an array.");
            continue;
          }
          value.forEach((k, i) => {
            if (!Number.isInteger(k) || !state.keys.has(k as number)) {
              errors.push(`The selected features.ssh_keys.${i} is invalid.`);
            }
          });
          sshKeys = value.filter((k): k is number => Number.isInteger(k));
          continue;
        }
        const feature = product?.features.find((f) => f.id === id);
        if (!product) continue;
        if (!feature) {
          errors.push(`The features.${id} field is not a feature of ${product.id}.`);
          continue;
        }
        const ok =
          (typeof value === "string" || typeof value === "number" || typeof value === "boolean") &&
          feature.values.some((v) => String(v.id) === String(value));
        if (!ok) errors.push(`The selected features.${id} is invalid.`);
        else chosen[id] = value as string | number | boolean;
      }
    }
    if (errors.length > 0 || !product || !billing || !location || !image || !hostname) throw invalid(errors);

    const cycle = product.cycles[billing] as FakePrice;
    let recurring = cycle.price;
    let setup = cycle.setupfee;
    for (const [id, value] of Object.entries(chosen)) {
      const price = product.features.find((f) => f.id === id)?.values.find((v) => String(v.id) === String(value))
        ?.prices?.[billing];
      recurring += price?.price ?? 0;
      setup += price?.setupfee ?? 0;
    }
    const id = nextServerId++;
    const created = date(clock());
    const inv = invoice("deploy", id, recurring + setup);
    const server: StoredServer = {
      id,
      hostname,
      state: inv.outstanding > 0 ? "Pending" : "Active",
      status: "offline",
      created,
      product: product.id,
      location,
      image,
      ip: `198.51.100.${nextIp++ % 250}`,
      billingCycle: billing,
      nextDue: addMonths(created, CYCLE_MONTHS[billing] ?? 1),
      initialCost: round(setup),
      recurringCost: round(recurring),
      features: chosen,
      sshKeys,
    };
    if (server.state === "Active") startTransition(server, "online"); // provisioning
    state.servers.set(id, server);
    counters.serversCreated += 1;
    const result = invoiceResult(inv);
    return success(
      { ...result, server_id: id, server_url: `https://cloud.hosthatch.com/servers/${id}` },
      result.requires_payment ? 200 : 201,
    );
  }

  function upgrade(s: StoredServer, body: Record<string, unknown>): Response {
    const errors: string[] = [];
    const productId = body.product;
    if (productId === undefined || productId === null || productId === "")
      errors.push("The product field is required.");
    else if (typeof productId !== "string" || !state.products.has(productId)) {
      errors.push("The selected product is invalid.");
    }
    if (body.upgrade_disk !== undefined && typeof body.upgrade_disk !== "boolean") {
      errors.push("The upgrade disk field must be true or false.");
    }
    if (errors.length > 0) throw invalid(errors);
    requireActive(s);
    const current = state.products.get(s.product);
    const target = state.products.get(productId as string) as FakeProduct;
    if (!current?.upgrades.includes(target.id))
      throw invalid([`The product ${target.id} is not an available upgrade.`]);
    const price = target.cycles[s.billingCycle];
    if (!price) throw invalid([`The product ${target.id} is not available with the ${s.billingCycle} billing cycle.`]);
    const difference = Math.max(0, price.price - (current.cycles[s.billingCycle]?.price ?? 0));
    const inv = invoice("upgrade", s.id, difference, {
      product: target.id,
      upgradeDisk: body.upgrade_disk === true,
    });
    counters.upgrades += 1;
    if (inv.outstanding === 0) applyUpgrade(inv);
    const result = invoiceResult(inv);
    return success(result, result.requires_payment ? 200 : 201);
  }

  function cancel(s: StoredServer, body: Record<string, unknown>): Response {
    const errors: string[] = [];
    // Laravel trims strings and turns "" into null before validating: a blank reason is a missing one.
    const reason = body.reason;
    if (reason === undefined || reason === null || (typeof reason === "string" && reason.trim() === "")) {
      errors.push("The reason field is required.");
    } else if (typeof reason !== "string") errors.push("The reason field must be a string.");
    if (body.immediate !== undefined && typeof body.immediate !== "boolean") {
      errors.push("The immediate field must be true or false.");
    }
    if (errors.length > 0) throw invalid(errors);
    const why = (reason as string).trim();
    if (body.immediate === true) {
      s.state = "Cancelled";
      s.status = "offline";
      delete s.transition;
      counters.cancellations += s.cancellation ? 0 : 1;
      s.cancellation = { reason: why, at: date(clock()) };
    } else if (!s.cancellation) {
      s.cancellation = { reason: why, at: s.nextDue };
      counters.cancellations += 1;
    }
    return success(null);
  }

  function createKey(body: Record<string, unknown>): Response {
    const errors: string[] = [];
    for (const field of ["description", "type", "value"] as const) {
      const v = body[field];
      if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) {
        errors.push(`The ${field} field is required.`);
      } else if (typeof v !== "string") errors.push(`The ${field} field must be a string.`);
    }
    if (typeof body.type === "string" && body.type.trim() !== "" && body.type !== "sshkey") {
      errors.push("The selected type is invalid.");
    }
    if (typeof body.value === "string" && body.value.trim() !== "" && !SSH_KEY.test(body.value.trim())) {
      errors.push("The value must be a valid SSH public key.");
    }
    if (errors.length > 0) throw invalid(errors);
    const key: StoredKey = {
      id: nextKeyId++,
      type: "sshkey",
      description: (body.description as string).trim(),
      value: (body.value as string).trim(),
    };
    state.keys.set(key.id, key);
    counters.keysCreated += 1;
    return success({ key: keyView(key) });
  }

  function status(s: StoredServer): Response {
    counters.statusPolls += 1;
    const answer = s.status;
    if (s.transition) {
      s.transition.polls -= 1;
      if (s.transition.polls <= 0) {
        s.status = s.transition.target;
        delete s.transition;
      }
    }
    return success({ status: answer });
  }

  // ---- Routing ---------------------------------------------------------------------------------------------

  type Action = (id: string, request: Request, url: URL) => Response | Promise<Response>;
  const SERVER = "([^/]+)";
  const routes: [RegExp, Record<string, Action>][] = [
    [
      /^\/api\/v1\/products$/,
      {
        GET: (_id, _request, url) => {
          const priced = url.searchParams.has("prices"); // a presence flag: any value switches prices on
          const products = [...state.products.values()];
          return success({ products: priced ? products.map(pricedProductView) : products.map(productView) });
        },
      },
    ],
    [/^\/api\/v1\/deploy$/, { POST: async (_id, request) => deploy(await readBody(request)) }],
    [/^\/api\/v1\/servers$/, { GET: () => success({ servers: visibleServers().map(serverView) }) }],
    [new RegExp(`^/api/v1/servers/${SERVER}$`), { GET: (id) => success({ server: serverView(visibleServer(id)) }) }],
    [new RegExp(`^/api/v1/servers/${SERVER}/status$`), { GET: (id) => status(visibleServer(id)) }],
    [new RegExp(`^/api/v1/servers/${SERVER}/boot$`), { POST: (id) => power(id, "boot") }],
    [new RegExp(`^/api/v1/servers/${SERVER}/shutdown$`), { POST: (id) => power(id, "shutdown") }],
    [new RegExp(`^/api/v1/servers/${SERVER}/reboot$`), { POST: (id) => power(id, "reboot") }],
    [
      new RegExp(`^/api/v1/servers/${SERVER}/upgrade$`),
      { PUT: async (id, request) => upgrade(visibleServer(id), await readBody(request)) },
    ],
    [
      new RegExp(`^/api/v1/servers/${SERVER}/cancel$`),
      { PUT: async (id, request) => cancel(visibleServer(id), await readBody(request)) },
    ],
    [
      /^\/api\/v1\/keys$/,
      {
        GET: () => success({ keys: [...state.keys.values()].map(keyView) }),
        POST: async (_id, request) => createKey(await readBody(request)),
      },
    ],
    [
      new RegExp(`^/api/v1/keys/${SERVER}$`),
      { GET: (id) => success({ key: keyView(findKey(id)) }), DELETE: (id) => deleteKey(id) },
    ],
  ];

  function visibleServers(): StoredServer[] {
    return [...state.servers.values()].filter((s) => s.state !== "Cancelled").sort((a, b) => a.id - b.id);
  }

  function findKey(id: string): StoredKey {
    const key = /^\d+$/.test(id) ? state.keys.get(Number(id)) : undefined;
    if (!key) throw notFound();
    return key;
  }

  function deleteKey(id: string): Response {
    const key = findKey(id);
    if (inUse(key.id)) throw new Refusal(422, "The key is in use by an active server.");
    state.keys.delete(key.id);
    counters.keysDeleted += 1;
    return success(null);
  }

  function power(id: string, action: "boot" | "shutdown" | "reboot"): Response {
    const s = visibleServer(id);
    requireActive(s);
    if (action === "boot") {
      counters.boots += 1;
      if (s.status !== "online" || s.transition?.target === "offline") startTransition(s, "online");
    } else if (action === "shutdown") {
      counters.shutdowns += 1;
      if (s.status !== "offline" || s.transition?.target === "online") startTransition(s, "offline");
    } else {
      counters.reboots += 1;
      startTransition(s, "online", "offline");
    }
    return success(null);
  }

  async function readBody(request: Request): Promise<Record<string, unknown>> {
    // Laravel reads a body that is not a JSON object as no input at all: the validation then lists every field.
    try {
      const parsed: unknown = JSON.parse(await request.text());
      return isObject(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }

  async function handle(request: Request): Promise<Response> {
    counters.requests += 1;
    if (!(request.headers.get("accept") ?? "").includes("application/json")) {
      counters.htmlAnswers += 1;
      return new Response(
        "<!DOCTYPE html><html><head><title>HostHatch</title></head><body>Redirecting…</body></html>",
        {
          status: 200,
          headers: { "content-type": "text/html; charset=UTF-8" },
        },
      );
    }
    const match = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "");
    if (!match || !state.tokens.has(match[1] as string)) {
      counters.unauthorized += 1;
      return json(401, hosthatchErrorBody("Unauthenticated."));
    }
    if (!state.apiAccess) {
      counters.forbidden += 1;
      return json(403, hosthatchErrorBody("Access forbidden"));
    }
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    try {
      for (const [pattern, methods] of routes) {
        const m = pattern.exec(url.pathname);
        if (!m) continue;
        const action = methods[method];
        if (!action) {
          return json(
            405,
            hosthatchErrorBody(
              `The ${method} method is not supported for route ${url.pathname.slice(1)}. Supported methods: ${Object.keys(methods).join(", ")}.`,
            ),
          );
        }
        return await action(decodeURIComponent(m[1] ?? ""), request, url);
      }
      throw notFound();
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      if (error.status === 404) counters.notFound += 1;
      if (error.status === 403) counters.forbidden += 1;
      if (error.status === 422) counters.invalid += 1;
      return json(error.status, hosthatchErrorBody(error.message, error.errors));
    }
  }

  const handler = withFaults(handle);
  return {
    handler,
    state,
    counters,
    token: tokens[0] as string,
    inject(fault) {
      if (fault.status !== undefined && fault.body === undefined) {
        handler.inject({ ...fault, body: hosthatchErrorBody(MESSAGES[fault.status] ?? `HTTP ${fault.status}`) });
      } else handler.inject(fault);
    },
    payInvoice,
    settle() {
      for (const s of state.servers.values()) {
        if (s.transition) {
          s.status = s.transition.target;
          delete s.transition;
        }
      }
    },
  };
}
