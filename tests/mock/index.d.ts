// The types of `afosto-checkout/mock`: the package's mock of the Afosto storefront API, for a
// storefront's own tests (Node only). The code is tests/mock/server.mjs's `startMock`, bundled
// into pkg/mock/index.js by scripts/package-mock.mjs; this file is copied next to it as
// pkg/mock/index.d.ts. No Node types are needed to compile it.

/** A fault the mock can inject into one answer (see {@link FaultRule}). */
export type FaultName =
  /** the Afosto error body with that status */
  | "500" | "502" | "503" | "401" | "404" | "409"
  /** a 503 with `Retry-After: 1` */
  | "503-retry-after"
  /** a 429 with `Retry-After: 1` */
  | "429"
  /** a 429 with `Retry-After` as an HTTP date 2-3 s ahead */
  | "429-date"
  /** never answers (the route does not run) */
  | "stall"
  /** a TCP reset, no answer (the route does not run) */
  | "reset"
  /** the route runs (its state changes: an authorize makes its transaction), then as `stall` */
  | "stall-after"
  /** the route runs, then as `reset`: the work was done but the answer is lost */
  | "reset-after"
  /** 200 with the route's JSON cut in half */
  | "truncate"
  /** 200 `text/html` */
  | "html"
  /** 200 `text/plain` with the real JSON */
  | "wrong-content-type"
  /** `{"unexpected": true}` where the route answers an array, `[1,2]` otherwise */
  | "wrong-shape"
  /** the normal answer without any `Access-Control-*` header (a browser sees a network error) */
  | "cors"
  /** 10,000 nested arrays */
  | "deep";

/** Which requests a fault hits, and how often. */
export interface FaultRule {
  /** `"GET"`, `"POST"`, `"PUT"` or `"DELETE"`; any method when left out. */
  method?: string;
  /** An exact raw path (`"/lcs/methods"`, no query), or a prefix ending in `*` (`"/odr/sessions/*"`). */
  path: string;
  fault: FaultName;
  /** How many matching requests it hits (default 1); 0 = every one until `clearFaults()` or `reset()`. */
  times?: number;
}

/** A queued fault, as `faults()` lists it. */
export interface QueuedFault {
  method: string | null;
  path: string;
  fault: FaultName;
  times: number;
  /** Hits left; `null` for `times: 0` (forever). */
  remaining: number | null;
}

/** One API request the mock received (control calls are never logged). */
export interface LoggedRequest {
  /** 1, 2, 3, … since start or `reset()` (`clearLog()` keeps counting); each answer's `x-mock-request-id`. */
  seq: number;
  /** Epoch milliseconds. */
  time: number;
  method: string;
  /** The path as sent: not percent-decoded, without the query. */
  rawPath: string;
  query: Record<string, string>;
  /** Lower-case header names, as Node reads them. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; `null` when none was sent or it was not JSON. */
  body: unknown;
  /** The status sent; `null` when nothing was sent (a stall, a reset, the client gone). */
  status: number | null;
  /** The fault injected into this request, if any. */
  fault: FaultName | null;
}

/** The mock's settings, as `config()` reads them. */
export interface MockConfig {
  /** Lifetime of the JWTs it issues (default 3600). */
  tokenTtlSeconds: number;
  /** Lifetime of an address-search session key (default 600000). */
  searchSessionTtlMs: number;
  /** How many points a service-point list answers (1..10000, default 50); past the real ones they are synthetic. */
  pointLimit: number;
  /** Answers as thin as the reference allows: optional fields left out, one element per list missing a field the package needs (default false). */
  sparse: boolean;
  /** Per carrier (`"postnl"`, `"dhl"`, `"dpd"`): slow it down or make its point lists fail with a status. */
  carriers: Record<string, { delayMs?: number; fail?: number }>;
  /** Where the payment page sends the shopper (with `?secret=`) when the order names no `return_url`; `null`: the mock's own return page. */
  returnUrl: string | null;
  /** Authorize answers `{accepted: false}` (default false). */
  declineAuthorize: boolean;
}

/** Changes to {@link MockConfig}; `null` sets a value back to its default. */
export interface MockConfigPatch {
  tokenTtlSeconds?: number;
  searchSessionTtlMs?: number;
  pointLimit?: number | null;
  sparse?: boolean;
  /** Merged per carrier; `null` for a carrier (or one of its settings) removes it. */
  carriers?: Record<string, { delayMs?: number | null; fail?: number | null } | null>;
  returnUrl?: string | null;
  declineAuthorize?: boolean;
}

/** A discount: exactly one of `amount` (integer minor units > 0) and `percentage` (0 < p <= 100). */
export type MockDiscount = { description?: string } & ({ amount: number; percentage?: never } | { percentage: number; amount?: never });

/** An order as a shop's back end makes it (the cart a checkout session pays; snake_case, as the API). */
export interface MockOrderInput {
  items: {
    sku: string;
    description?: string;
    /** Integer minor units per unit, >= 0. */
    amount: number;
    /** Default 1. */
    quantity?: number;
    /** Integer percent, default 21. */
    vat_rate?: number;
    /** Default `"product"`. */
    type?: string;
    discount?: MockDiscount;
  }[];
  /** Default: the next of 1000001, 1000002, … */
  number?: string;
  /** Default `"EUR"`. */
  currency?: string;
  /** Default true: the amounts include VAT. */
  is_including_vat?: boolean;
  coupon?: MockDiscount & { code?: string };
  /** Where the payment page sends the shopper for this order (absolute http(s) URL). */
  return_url?: string;
}

/** An order the mock holds: attach it to a checkout session with `client.attachOrder(sessionId, { orderId: order.id })`. */
export interface MockOrder {
  id: string;
  number: string;
  /** Goes up with every `updateOrder`; calculations made before are then stale. */
  version: number;
  currency: string;
  is_including_vat: boolean;
  items: { sku: string; description?: string; type: string; amount: number; quantity: number; vat_rate: number;
    discount?: { description?: string; amount?: number; percentage?: number } }[];
  coupon?: { description?: string; code?: string; amount?: number; percentage?: number };
  return_url?: string;
}

/** A transaction (made by an accepted authorize), as `GET /odr/transactions/{secret}` answers it, plus its state and session. */
export interface MockTransaction {
  id: string;
  /** What the payment page URL and `GET /odr/transactions/{secret}` take. */
  secret: string;
  state: "open" | "paid" | "cancelled" | "failed";
  session_id: string;
  number: string;
  description: string;
  amount_due: number;
  amount_paid: number;
  currency: string;
  return_url: string;
  reference: { entity_id: string; entity_type: "order" };
  payments: {
    id: string; amount: number; method_code: string; issuer_code?: string; provider_code: string;
    is_pending: boolean; is_paid: boolean; is_authorized: boolean; is_captured: boolean; is_refund: boolean;
    paid_at?: string; return_url: string; metadata: { status: string }; created_at: string; updated_at: string;
  }[];
  purchase: { items: { sku: string; description?: string; type: string; amount: number; quantity: number; vat_rate: number }[]; contact_id?: string };
  preset: { method_code: string; issuer_code?: string; provider_code: string };
  created_at: string;
  updated_at: string;
}

/** A one-time token the mock "emailed" (`requestIdentityToken`): use it in `resetPassword` / `verifyIdentity`. */
export interface OutboxMessage {
  type: "reset" | "confirm";
  token: string;
  email: string;
}

/**
 * A failed control call (an unknown fault name, an order without items, …): the control API's 4xx.
 * `errors` uses the API's error kinds, e.g. `{ "invalid value": ["items[0].amount"] }`.
 */
export interface MockError extends Error {
  name: "MockError";
  status: number;
  errors: Record<string, string[]>;
}

export interface StartMockOptions {
  /** The port on 127.0.0.1; 0 (the default) picks a free one (read it from `url` or `port`). */
  port?: number;
  /** Settings to start with, and to go back to on `reset()`. */
  config?: MockConfigPatch;
  /** Faults queued at start, and again on `reset()`. */
  faults?: FaultRule[];
}

/** A running mock. Every method but `close` is the control API (`/__mock/*` over HTTP) in-process. */
export interface MockServer {
  /** `http://127.0.0.1:PORT`: the `baseUrl` of an `AfostoClient` under test. */
  readonly url: string;
  readonly port: number;
  /** Stops the server and drops every connection (stalled requests too). Safe to call twice. */
  close(): Promise<void>;
  /** State, log, faults and config back to how `startMock` left them (its `config` and `faults`). */
  reset(): Promise<void>;
  /** The API requests so far, oldest first; `path` is a prefix of `rawPath`, `method` e.g. `"GET"`. */
  log(filter?: { path?: string; method?: string }): Promise<LoggedRequest[]>;
  clearLog(): Promise<void>;
  /** Queues a fault for the next matching request(s); resolves the whole queue. */
  fault(rule: FaultRule): Promise<QueuedFault[]>;
  faults(): Promise<QueuedFault[]>;
  clearFaults(): Promise<void>;
  /** Reads the settings, or merges `patch` into them and resolves the result. */
  config(patch?: MockConfigPatch): Promise<MockConfig>;
  /** Makes an order (a cart), as the shop's back end would. */
  createOrder(order: MockOrderInput): Promise<MockOrder>;
  /** Replaces an order's fields (the cart changed); a `MockError` 409 while it is being paid or paid. */
  updateOrder(id: string, order: MockOrderInput): Promise<MockOrder>;
  /** One order; a `MockError` 404 when unknown. */
  order(id: string): Promise<MockOrder>;
  orders(): Promise<MockOrder[]>;
  transactions(): Promise<MockTransaction[]>;
  /**
   * What the shopper does on the payment page: `"paid"`, `"cancelled"`, `"failed"`, or `"pending"`
   * (back to the shop with the payment still open). Takes the transaction's secret or the payment
   * page URL (`placeOrder`'s `forwardUri`); resolves the return URL with `?secret=`.
   */
  pay(secretOrForwardUri: string, outcome: "paid" | "cancelled" | "failed" | "pending"): Promise<string>;
  /** One-time tokens sent by `requestIdentityToken`, of one email address or all. */
  outbox(email?: string): Promise<OutboxMessage[]>;
  /** Revokes every token the mock issued (a signed-in client's next call gets 401). */
  revokeAll(): Promise<void>;
  /** Expires every address-search session key (the next search gets a new one). */
  expireSearchSessions(): Promise<void>;
}

/**
 * Starts the mock Afosto API on 127.0.0.1: stateful (identities, addresses, checkout sessions,
 * orders, payments), every request checked against the API reference (an undocumented field is a
 * 400, as a strict server would answer), CORS for a page on another origin, a request log and
 * fault injection. Node only.
 *
 * ```ts
 * const mock = await startMock();
 * const client = new AfostoClient({ baseUrl: mock.url });
 * await mock.fault({ method: "GET", path: "/lcs/methods", fault: "500" });
 * // … client.listShippingMethods(…) rejects with code "SERVER", status 500
 * await mock.close();
 * ```
 *
 * Rejects with a `TypeError` naming a bad option.
 */
export function startMock(options?: StartMockOptions): Promise<MockServer>;
