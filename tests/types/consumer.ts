// Strict TypeScript consumer of the built package: uses every entry of the
// public contract (/work/shared/API.md) with its exact names and types.
// Compiled by types.test.mjs with `tsc --strict --noEmit -p tests/types`
// against pkg/afosto_checkout.d.ts (skipLibCheck off, so the .d.ts is checked too).
//
// Two layers: (1) `Spec` restates API.md verbatim and every exported type and
// method signature must be mutually assignable with it (catches renamed or
// reshaped fields, wrong optionality, extra required parameters); (2) ordinary
// storefront code assigning every result to an explicitly typed variable.
import init, {
  AfostoClient, AddressSearch, AfostoError as AfostoErrorClass, isAfostoError, selectableShippingMethods, openingStatus,
  servicePointNeed, type ServicePointNeed, type Carrier,
  type ClientConfig, type CallOptions, type AfostoError, type AfostoErrorCode,
  type IdentitySession, type Credentials,
  type AddressInput, type Address, type GeoLocation, type AddressFormat, type AddressOption, type AddressSearchResult,
  type ShippingMethod, type ServicePoint, type ServicePointMatch,
} from "afosto-checkout";

// ---------------------------------------------------------------- the contract, verbatim from API.md
declare namespace Spec {
  interface ClientConfig {
    baseUrl?: string; channelId?: string; clientId?: string; audience?: string; token?: string;
    timeoutMs?: number; retries?: number; persistSession?: "memory" | "localStorage" | "sessionStorage";
    storageKey?: string; autoExtend?: boolean; fetch?: typeof fetch;
    headers?: Record<string, string>;
  }
  interface CallOptions { signal?: AbortSignal; timeoutMs?: number }
  type AfostoErrorCode =
    | "INVALID_INPUT" | "INVALID_CONFIG"
    | "NETWORK" | "TIMEOUT" | "ABORTED"
    | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT"
    | "VALIDATION"
    | "RATE_LIMITED" | "SERVER" | "HTTP"
    | "DECODE";
  interface AfostoError extends Error {
    name: "AfostoError"; code: AfostoErrorCode; status?: number; method?: string; path?: string;
    reference?: string; fieldErrors?: Record<string, string[]>; retryAfterMs?: number; retryable: boolean;
    addressId?: string;
    outcomeUnknown?: boolean;
    jsonPath?: string; // added by the package (README: onWarning, DECODE)
  }
  interface AddressChoices { primary?: Address; secondary: Address[] }
  type CheckoutShippingAddress = { active?: Address;
    options: { contact?: AddressChoices; organisation?: AddressChoices; session?: AddressChoices } };
  // The rest of the checkout (API.md)
  interface CheckoutContact { id?: string; email: string; givenName?: string; additionalName?: string; familyName?: string; tags: string[] }
  interface Adjustment { description?: string; amount: number; isPercentage: boolean; isDiscount: boolean; reference?: string }
  interface CheckoutTotals { items: { sku?: string; description?: string; quantity: number; amount: number; subtotal: number; total: number;
      vatPercentage?: number; adjustments: Adjustment[] }[];
    services: { type: string; description?: string; amount: number; isPercentage: boolean; quantity: number; subtotal: number; total: number;
      adjustments: Adjustment[] }[];
    adjustments: Adjustment[];
    subtotal: number; total: number; vat: { rate: number; amount: number }[]; currency?: string; isIncludingVat?: boolean }
  interface Transaction { id: string; number?: string; description?: string; amountDue: number; amountPaid: number; currency?: string;
    payments: { id: string; amount: number; methodCode?: string; issuerCode?: string; isPending: boolean; isPaid: boolean; paidAt?: string }[];
    returnUrl?: string }
  type PaymentMethods = { active?: { methodId: string; issuerId?: string };
    options: { methodId: string; name: string; issuers: { id: string; name: string }[] }[] };
  type PlacedOrder = { accepted: boolean; forwardUri?: string; calculationId: string; total: number };
  interface DpdDetails { pudoId?: string; parcelShopId?: number; phone?: string; email?: string; homepage?: string;
    extraInfo?: string; expressPickupTime?: string; services?: Record<string, unknown>[] }
  interface IdentitySession { token: string; expiresAt: string; claims?: Record<string, unknown> }
  interface Credentials { email: string; password: string; audience?: string }
  interface AddressInput { countryCode: string; administrativeArea?: string; locality?: string; dependentLocality?: string;
    postalCode?: string; sortingCode?: string; addressLine1?: string; addressLine2?: string; thoroughfare?: string;
    premiseNumber?: number; premiseNumberSuffix?: string; organisation?: string; givenName?: string;
    additionalName?: string; familyName?: string }
  interface Address extends AddressInput { id: string; geoLocation?: GeoLocation; createdAt?: string }
  interface GeoLocation { lat: number; long: number; isPrecise: boolean;
    box?: { northEast: { lat: number; long: number }; southWest: { lat: number; long: number } };
    address?: { premiseNumber?: number; premiseNumberSuffix?: string; thoroughfare?: string; postalCode?: string;
                locality?: string; administrativeArea?: string; countryCode?: string } }
  type AddressField = keyof AddressInput;
  interface AddressFormat { countryCode: string; required: AddressField[]; allowed: AddressField[] }
  type AddressProblems = Partial<Record<AddressField, string[]>>;
  // API.md's "Type rules": known values as a literal union left open for new ones.
  type AddressPrecision = "Locality" | "Street" | "PostalCode" | "PartialAddress" | "Address" | (string & {});
  interface AddressOption { value: string; precision: AddressPrecision; label: string; description?: string; context?: string }
  interface AddressSearchResult { options: AddressOption[]; result?: GeoLocation }
  interface ShippingMethod { id: string; carrierCode: string; name: string; label?: string; description?: string;
    maxWeight?: number; countries: { code: string; amount: number }[];
    deliveryDuring?: "daytime" | "morning" | "afternoon" | "evening" | (string & {});
    isConfigured: boolean; isSameDay: boolean; isSunday: boolean; isCarrierLocation: boolean;
    isNeighbourAllowed: boolean; providerMethodId?: string; provider?: "sendcloud" | "default" | (string & {});
    isEnabled: boolean; priority: number }
  interface ServicePoint { id: string; name: string; carrier: Carrier; latitude: number; longitude: number;
    address: AddressInput; openings: { weekday: number; windows: { start: string; end: string }[] }[]; dpd?: DpdDetails }
  interface ServicePointMatch { distance: number; metres?: number; point: ServicePoint }
  type OpeningStatus = { isOpen: boolean; closesAt?: string; opensAt?: string; opensOn?: number };
  type CheckoutShippingMethods = { active?: { methodId: string; isSplitAllowed: boolean };
    options: { id: string; carrier: Carrier; name: string; type: ShippingOptionType; price: number }[] };
  type CheckoutServicePoints = { active?: { spid: string; countryCode: string }; options: ServicePointMatch[] };
  type FoundServicePoints = { matches: ServicePointMatch[]; failed: { carrier: string; error: AfostoError }[] };
  type RequestInit = { query?: Record<string, string | number | boolean | undefined>; body?: unknown } & CallOptions;
  // Added by the package (issue #19; the npm README): API.md's "Type rules" example union, and
  // what servicePointNeed answers for a session's shipping option.
  type Carrier = "postnl" | "dhl" | "dpd" | (string & {});
  type ShippingOptionType = "pick" | "homedelivery" | "servicepoint" | (string & {});
  interface ServicePointNeed { needed: boolean; known: boolean; carrier?: Carrier }
}

/**
 * true when A and B are the same type exactly (TypeScript's identity relation): an added or
 * removed field, a changed optionality or a wider/narrower member type all make it false.
 * Interfaces and intersections are flattened first, so `Address extends AddressInput` and the
 * same members written out compare equal.
 */
type Flat<T> = T extends (...a: infer P) => infer R ? (...a: { [K in keyof P]: Flat<P[K]> }) => Flat<R>
  : T extends Promise<infer U> ? Promise<Flat<U>>
  : T extends readonly (infer E)[] ? Flat<E>[]
  : T extends object ? { [K in keyof T]: Flat<T[K]> }
  : T;
type Same<A, B> = (<T>() => T extends Flat<A> ? 1 : 2) extends (<T>() => T extends Flat<B> ? 1 : 2) ? true : false;
type Expect<T extends true> = T;
type Sig<K extends keyof AfostoClient> = AfostoClient[K] extends (...a: infer P) => infer R ? [P, R] : never;

// ---------------------------------------------------------------- (1) exact types
export type TypeChecks = [
  Expect<Same<ClientConfig, Spec.ClientConfig>>,
  Expect<Same<CallOptions, Spec.CallOptions>>,
  Expect<Same<AfostoErrorCode, Spec.AfostoErrorCode>>,
  Expect<Same<AfostoError, Spec.AfostoError>>,
  Expect<Same<IdentitySession, Spec.IdentitySession>>,
  Expect<Same<Credentials, Spec.Credentials>>,
  Expect<Same<AddressInput, Spec.AddressInput>>,
  Expect<Same<Address, Spec.Address>>,
  Expect<Same<GeoLocation, Spec.GeoLocation>>,
  Expect<Same<AddressFormat, Spec.AddressFormat>>,
  Expect<Same<AddressOption, Spec.AddressOption>>,
  Expect<Same<AddressSearchResult, Spec.AddressSearchResult>>,
  Expect<Same<ShippingMethod, Spec.ShippingMethod>>,
  Expect<Same<ServicePoint, Spec.ServicePoint>>,
  Expect<Same<ServicePointMatch, Spec.ServicePointMatch>>,
  Expect<Same<typeof isAfostoError, (e: unknown) => e is Spec.AfostoError>>,
  Expect<Same<ConstructorParameters<typeof AfostoClient>, [Spec.ClientConfig?]>>,
  // identity
  Expect<Same<Sig<"signUp">, [[Spec.Credentials, Spec.CallOptions?], Promise<Spec.IdentitySession>]>>,
  Expect<Same<Sig<"signIn">, [[Spec.Credentials, Spec.CallOptions?], Promise<Spec.IdentitySession>]>>,
  Expect<Same<Sig<"identityExists">, [[{ email: string; audience?: string }, Spec.CallOptions?], Promise<boolean>]>>,
  Expect<Same<Sig<"requestIdentityToken">, [[{ email: string; type: "reset" | "confirm"; audience?: string }, Spec.CallOptions?], Promise<{ status: string }>]>>,
  Expect<Same<Sig<"resetPassword">, [[{ token: string; password: string }, Spec.CallOptions?], Promise<Spec.IdentitySession>]>>,
  Expect<Same<Sig<"verifyIdentity">, [[{ token: string }, Spec.CallOptions?], Promise<Spec.IdentitySession>]>>,
  Expect<Same<Sig<"extendSession">, [[Spec.CallOptions?], Promise<Spec.IdentitySession>]>>,
  Expect<Same<Sig<"signOut">, [[Spec.CallOptions?], Promise<void>]>>,
  Expect<Same<AfostoClient["session"], Spec.IdentitySession | undefined>>,
  Expect<Same<Sig<"onSessionChange">, [[(s: Spec.IdentitySession | undefined) => void], () => void]>>,
  // address search
  Expect<Same<Sig<"addressFormat">, [[string, Spec.CallOptions?], Promise<Spec.AddressFormat>]>>,
  Expect<Same<Sig<"validateAddress">, [[Spec.AddressInput, Spec.AddressFormat], Spec.AddressProblems]>>,
  Expect<Same<Sig<"startAddressSearch">, [[string, (Spec.CallOptions & { debounceMs?: number })?], Promise<AddressSearch>]>>,
  Expect<Same<Sig<"geocode">, [[{ countryCode: string; address: string }, Spec.CallOptions?], Promise<Spec.GeoLocation>]>>,
  Expect<Same<Sig<"createAddress">, [[Spec.AddressInput, Spec.CallOptions?], Promise<Spec.Address>]>>,
  Expect<Same<Sig<"getAddress">, [[string, Spec.CallOptions?], Promise<Spec.Address>]>>,
  Expect<Same<Sig<"geocodeAddress">, [[string, Spec.CallOptions?], Promise<Spec.GeoLocation>]>>,
  Expect<Same<AddressSearch["sessionKey"], string>>,
  Expect<Same<Parameters<AddressSearch["search"]>, [string, (Spec.CallOptions & { context?: string })?]>>,
  Expect<Same<ReturnType<AddressSearch["search"]>, Promise<Spec.AddressSearchResult>>>,
  Expect<Same<AddressSearch["free"], () => void>>,
  // shipping methods
  Expect<Same<Sig<"listShippingMethods">, [[{ countryCode: string; channelId?: string }, Spec.CallOptions?], Promise<Spec.ShippingMethod[]>]>>,
  Expect<Same<Sig<"getShippingMethod">, [[string, { countryCode?: string; channelId?: string }?, Spec.CallOptions?], Promise<Spec.ShippingMethod>]>>,
  Expect<Same<typeof selectableShippingMethods,
    (all: Spec.ShippingMethod[], q: { countryCode: string; weight?: number }) => (Spec.ShippingMethod & { price: number })[]>>,
  // service points
  Expect<Same<Sig<"listServicePoints">, [[{ carrier: string; countryCode: string; postalCode: string; channelId?: string }, Spec.CallOptions?], Promise<Spec.ServicePointMatch[]>]>>,
  Expect<Same<Sig<"getServicePoint">, [[{ carrier: string; id: string; countryCode?: string; channelId?: string }, Spec.CallOptions?], Promise<Spec.ServicePoint>]>>,
  Expect<Same<Sig<"listDpdServicePoints">, [[{ countryCode: string; postalCode: string }, Spec.CallOptions?], Promise<Spec.ServicePointMatch[]>]>>,
  Expect<Same<Sig<"findServicePoints">, [[{ carriers: string[]; countryCode: string; postalCode: string; channelId?: string; limit?: number }, Spec.CallOptions?], Promise<Spec.FoundServicePoints>]>>,
  Expect<Same<typeof openingStatus, (p: Spec.ServicePoint, at?: Date | string, timeZone?: string) => Spec.OpeningStatus>>,
  // any other endpoint
  Expect<Same<Sig<"request">, [["GET" | "POST" | "PUT" | "DELETE", string, Spec.RequestInit?], Promise<unknown>]>>,
  // checkout session
  Expect<Same<Sig<"createCheckoutSession">, [[{ audience?: string; expiresAt?: string }?, Spec.CallOptions?], Promise<{ id: string; expiresAt: string }>]>>,
  Expect<Same<Sig<"setCheckoutAddress">, [[string, Spec.AddressInput, Spec.CallOptions?], Promise<Spec.Address>]>>,
  Expect<Same<Sig<"addCheckoutAddress">, [[string, Spec.AddressInput, Spec.CallOptions?], Promise<Spec.Address>]>>,
  Expect<Same<Sig<"checkoutShippingMethods">, [[string, { countryCode?: string }?, Spec.CallOptions?], Promise<Spec.CheckoutShippingMethods>]>>,
  Expect<Same<Sig<"selectShippingMethod">, [[string, { methodId: string; isSplitAllowed?: boolean }, Spec.CallOptions?], Promise<{ methodId: string; isSplitAllowed: boolean }>]>>,
  Expect<Same<Sig<"checkoutServicePoints">, [[string, { countryCode?: string; methodId?: string; postalCode?: string }?, Spec.CallOptions?], Promise<Spec.CheckoutServicePoints>]>>,
  Expect<Same<Sig<"selectServicePoint">, [[string, { spid: string; countryCode: string }, Spec.CallOptions?], Promise<{ spid: string; countryCode: string }>]>>,
  // shipping address of a checkout session (issue #15)
  Expect<Same<Sig<"selectShippingAddress">, [[string, { addressId: string }, Spec.CallOptions?], Promise<Spec.Address>]>>,
  Expect<Same<Sig<"checkoutShippingAddress">, [[string, Spec.CallOptions?], Promise<Spec.CheckoutShippingAddress>]>>,
  Expect<Same<AfostoError["addressId"], string | undefined>>,
  Expect<Same<AfostoError["jsonPath"], string | undefined>>,
  Expect<Same<Sig<"onWarning">, [[(w: Spec.AfostoError) => void], () => void]>>,
  // attempt observers (issue #19; README "Configuration"): no token, header or body in the events
  Expect<Same<Sig<"onRequest">, [[(e: { method: string; path: string; attempt: number }) => void], () => void]>>,
  Expect<Same<Parameters<Parameters<AfostoClient["onResponse"]>[0]>[0],
    import("afosto-checkout").ResponseEvent>>,
  Expect<Same<import("afosto-checkout").ResponseEvent["failure"], "network" | "timeout" | "aborted" | undefined>>,
  // the rest of the checkout (issue #18)
  Expect<Same<Sig<"getCheckoutSession">, [[string, Spec.CallOptions?], Promise<{ id: string; expiresAt: string }>]>>,
  Expect<Same<Sig<"attachOrder">, [[string, { orderId: string }, Spec.CallOptions?], Promise<void>]>>,
  Expect<Same<Sig<"setCheckoutContact">, [[string, { email: string; givenName?: string; additionalName?: string; familyName?: string }, Spec.CallOptions?], Promise<void>]>>,
  Expect<Same<Sig<"checkoutContact">, [[string, Spec.CallOptions?], Promise<Spec.CheckoutContact | undefined>]>>,
  Expect<Same<Sig<"addCheckoutPhoneNumber">, [[string, { countryCode: string; number: string }, Spec.CallOptions?], Promise<{ id: string; countryCode: string; number: string }>]>>,
  Expect<Same<Sig<"selectPhoneNumber">, [[string, { phoneNumberId: string }, Spec.CallOptions?], Promise<void>]>>,
  Expect<Same<Sig<"selectBillingAddress">, [[string, { addressId: string }, Spec.CallOptions?], Promise<Spec.Address>]>>,
  Expect<Same<Sig<"checkoutBillingAddress">, [[string, Spec.CallOptions?], Promise<Spec.CheckoutShippingAddress>]>>,
  Expect<Same<Sig<"checkoutPaymentMethods">, [[string, Spec.CallOptions?], Promise<Spec.PaymentMethods>]>>,
  Expect<Same<Sig<"selectPaymentMethod">, [[string, { methodId: string; issuerId?: string }, Spec.CallOptions?], Promise<{ methodId: string; issuerId?: string }>]>>,
  Expect<Same<Sig<"checkoutTotals">, [[string, Spec.CallOptions?], Promise<Spec.CheckoutTotals>]>>,
  Expect<Same<Sig<"placeOrder">, [[string, { expectedTotal?: number; retryUnknown?: boolean }?, Spec.CallOptions?], Promise<Spec.PlacedOrder>]>>,
  Expect<Same<Sig<"getTransaction">, [[string, Spec.CallOptions?], Promise<Spec.Transaction>]>>,
  Expect<Same<AfostoError["outcomeUnknown"], boolean | undefined>>,
  // issue #19
  Expect<Same<Carrier, Spec.Carrier>>,
  Expect<Same<ServicePointNeed, Spec.ServicePointNeed>>,
  Expect<Same<typeof servicePointNeed, (option: Spec.CheckoutShippingMethods["options"][number]) => Spec.ServicePointNeed>>,
  Expect<Same<Parameters<AddressSearch["resolve"]>, [Spec.AddressOption, Spec.CallOptions?]>>,
  Expect<Same<ReturnType<AddressSearch["resolve"]>, Promise<Spec.AddressInput | undefined>>>,
];

// ---------------------------------------------------------------- (2) storefront code
declare function show(...what: unknown[]): void;

function assertNever(x: never): never {
  throw new Error(`unexpected ${String(x)}`);
}

/** Exhaustive over AfostoErrorCode: a code added or removed breaks this switch. */
function describe(code: AfostoErrorCode): string {
  switch (code) {
    case "INVALID_INPUT": case "INVALID_CONFIG": return "fix the input";
    case "NETWORK": case "TIMEOUT": case "ABORTED": return "connection";
    case "UNAUTHORIZED": case "FORBIDDEN": case "NOT_FOUND": case "CONFLICT": return "client";
    case "VALIDATION": return "validation";
    case "RATE_LIMITED": case "SERVER": case "HTTP": return "server";
    case "DECODE": return "decode";
    default: return assertNever(code);
  }
}

function handleByClass(e: unknown): AfostoErrorCode | undefined {
  // API.md: an exported class, so `instanceof` narrows in one realm.
  return e instanceof AfostoErrorClass ? e.code : undefined;
}

function handle(e: unknown): void {
  if (isAfostoError(e)) {
    const err: AfostoError = e;
    const asError: Error = e;
    const name: "AfostoError" = e.name;
    const code: AfostoErrorCode = e.code;
    const status: number | undefined = e.status;
    const method: string | undefined = e.method;
    const path: string | undefined = e.path;
    const reference: string | undefined = e.reference;
    const fieldErrors: Record<string, string[]> | undefined = e.fieldErrors;
    const retryAfterMs: number | undefined = e.retryAfterMs;
    const retryable: boolean = e.retryable;
    const message: string = e.message;
    const stack: string | undefined = e.stack;
    const emailProblems: string[] = e.fieldErrors?.["email"] ?? [];
    show(err, asError, name, describe(code), status, method, path, reference, fieldErrors, retryAfterMs, retryable, message, stack, emailProblems);
  } else {
    // narrowing: outside the guard `e` is still unknown
    const other: unknown = e;
    show(other);
  }
}

export async function storefront(wasmBytes: Uint8Array): Promise<void> {
  // Loading: browsers fetch the wasm next to the glue; Node passes the bytes.
  const loaded: void = await init(); // API.md: Promise<void> (no wasm internals in the types)
  await init({ module_or_path: wasmBytes });
  show(loaded);

  const controller = new AbortController();
  const opts: CallOptions = { signal: controller.signal, timeoutMs: 5000 };
  const config: ClientConfig = {
    baseUrl: "https://api.afosto.io",
    channelId: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    clientId: "5b0c2b4e-8a0f-4f55-9e49-0f1d2b7a9c11",
    audience: "shop.example.com",
    token: undefined,
    timeoutMs: 10000,
    retries: 2,
    persistSession: "localStorage",
    storageKey: "afosto-session",
    autoExtend: true,
    fetch: globalThis.fetch,
  };
  const client: AfostoClient = new AfostoClient(config);
  const defaults: AfostoClient = new AfostoClient();
  show(defaults);

  try {
    // Identity login
    const credentials: Credentials = { email: "jane@example.com", password: "secret", audience: "shop.example.com" };
    const created: IdentitySession = await client.signUp(credentials, opts);
    const signedIn: IdentitySession = await client.signIn({ email: "jane@example.com", password: "secret" });
    const token: string = signedIn.token;
    const expiresAt: string = signedIn.expiresAt;
    const claims: Record<string, unknown> | undefined = signedIn.claims;
    const exists: boolean = await client.identityExists({ email: "jane@example.com", audience: "shop.example.com" }, opts);
    const requested: { status: string } = await client.requestIdentityToken({ email: "jane@example.com", type: "reset" }, opts);
    const reset: IdentitySession = await client.resetPassword({ token: "t", password: "new" }, opts);
    const verified: IdentitySession = await client.verifyIdentity({ token: "t" }, opts);
    const extended: IdentitySession = await client.extendSession(opts);
    const current: IdentitySession | undefined = client.session;
    const unsubscribe: () => void = client.onSessionChange((s: IdentitySession | undefined) => show(s?.expiresAt));
    unsubscribe();
    const signedOut: void = await client.signOut(opts);
    show(created, token, expiresAt, claims, exists, requested.status, reset, verified, extended, current, signedOut);

    // Address search: format + local validation, autocomplete with drill-down, geocode, stored addresses
    const format: AddressFormat = await client.addressFormat("NL", opts);
    const required: string[] = format.required;
    const allowed: string[] = format.allowed;
    const input: AddressInput = {
      countryCode: "NL", administrativeArea: "Noord-Holland", locality: "Amsterdam", dependentLocality: "Centrum",
      postalCode: "1012 LG", sortingCode: "", addressLine1: "Damrak 1", addressLine2: "", thoroughfare: "Damrak",
      premiseNumber: 1, premiseNumberSuffix: "A", organisation: "Shop BV", givenName: "Jane",
      additionalName: "van", familyName: "Doe",
    };
    const problems: Partial<Record<keyof AddressInput, string[]>> = client.validateAddress(input, format);
    const search: AddressSearch = await client.startAddressSearch("NL", { ...opts, debounceMs: 150 });
    const sessionKey: string = search.sessionKey;
    const first: AddressSearchResult = await search.search("Damrak", opts);
    const options: AddressOption[] = first.options;
    const option: AddressOption | undefined = options[0];
    if (option) {
      const value: string = option.value;
      const precision: string = option.precision;
      const label: string = option.label;
      const description: string | undefined = option.description;
      const context: string | undefined = option.context;
      const drilled: AddressSearchResult = await search.search("1", { context, signal: controller.signal, timeoutMs: 3000 });
      const located: GeoLocation | undefined = drilled.result;
      const chosen: AddressInput | undefined = await search.resolve(option, { signal: controller.signal, timeoutMs: 3000 });
      const formCountry: string | undefined = chosen?.countryCode;
      const houseNumber: number | undefined = (await search.resolve(option))?.premiseNumber;
      show(value, precision, label, description, located, formCountry, houseNumber);
    }
    search.free();
    const geo: GeoLocation = await client.geocode({ countryCode: "NL", address: "Damrak 1, Amsterdam" }, opts);
    const lat: number = geo.lat;
    const long: number = geo.long;
    const isPrecise: boolean = geo.isPrecise;
    const ne: { lat: number; long: number } | undefined = geo.box?.northEast;
    const sw: { lat: number; long: number } | undefined = geo.box?.southWest;
    const street: string | undefined = geo.address?.thoroughfare;
    const number: number | undefined = geo.address?.premiseNumber;
    const address: Address = await client.createAddress(input, opts);
    const id: string = address.id;
    const createdAt: string | undefined = address.createdAt;
    const addressGeo: GeoLocation | undefined = address.geoLocation;
    const fetched: Address = await client.getAddress(id, opts);
    show(required, allowed, problems, sessionKey, lat, long, isPrecise, ne, sw, street, number, createdAt, addressGeo, fetched);

    // Shipping methods
    const methods: ShippingMethod[] = await client.listShippingMethods({ countryCode: "NL", channelId: "channel-1" }, opts);
    const method: ShippingMethod = await client.getShippingMethod("method-1", { countryCode: "NL", channelId: "channel-1" }, opts);
    const methodById: ShippingMethod = await client.getShippingMethod("method-1");
    const selectable: (ShippingMethod & { price: number })[] = selectableShippingMethods(methods, { countryCode: "NL", weight: 1200 });
    const cheapest: number | undefined = selectable[0]?.price;
    const m: ShippingMethod = method;
    const fields: [string, string, string, string | undefined, string | undefined, number | undefined, { code: string; amount: number }[],
      string | undefined, boolean, boolean, boolean, boolean, boolean, string | undefined, string | undefined, boolean, number] = [
      m.id, m.carrierCode, m.name, m.label, m.description, m.maxWeight, m.countries, m.deliveryDuring, m.isConfigured, m.isSameDay,
      m.isSunday, m.isCarrierLocation, m.isNeighbourAllowed, m.providerMethodId, m.provider, m.isEnabled, m.priority];
    show(methodById, cheapest, fields);

    // Service points
    const matches: ServicePointMatch[] = await client.listServicePoints({ carrier: "postnl", countryCode: "NL", postalCode: "1012 LG", channelId: "channel-1" }, opts);
    const point: ServicePoint = await client.getServicePoint({ carrier: "postnl", id: "sp-1", countryCode: "NL", channelId: "channel-1" }, opts);
    const dpd: ServicePointMatch[] = await client.listDpdServicePoints({ countryCode: "NL", postalCode: "1012 LG" }, opts);
    const found: { matches: ServicePointMatch[]; failed: { carrier: string; error: AfostoError }[] } =
      await client.findServicePoints({ carriers: ["postnl", "dhl"], countryCode: "NL", postalCode: "1012 LG", channelId: "channel-1", limit: 20 }, opts);
    for (const f of found.failed) handle(f.error);
    const nearest: ServicePointMatch | undefined = found.matches[0];
    const distance: number | undefined = nearest?.distance;
    const pointAddress: AddressInput = point.address;
    const openings: { weekday: number; windows: { start: string; end: string }[] }[] = point.openings;
    const coords: [string, string, string, number, number] = [point.id, point.name, point.carrier, point.latitude, point.longitude];
    const now: { isOpen: boolean; closesAt?: string; opensAt?: string; opensOn?: number } = openingStatus(point);
    const atDate = openingStatus(point, new Date(), "Europe/Amsterdam");
    const atString = openingStatus(point, "2025-01-06T09:00:00Z");
    const isOpen: boolean = atDate.isOpen;
    const closesAt: string | undefined = atDate.closesAt;
    const opensAt: string | undefined = atString.opensAt;
    const opensOn: number | undefined = atString.opensOn;
    show(matches, dpd, distance, pointAddress, openings, coords, now, isOpen, closesAt, opensAt, opensOn);

    // Any other endpoint
    const raw: unknown = await client.request("GET", "/lcs/methods", { query: { country_code: "NL", page: 1, active: true, skip: undefined }, ...opts });
    const posted: unknown = await client.request("POST", "/odr/sessions", { body: { audience: "shop" } });
    const put: unknown = await client.request("PUT", "/some/thing");
    const deleted: unknown = await client.request("DELETE", "/some/thing", { signal: controller.signal });
    show(raw, posted, put, deleted);

    // Checkout session, shipping step
    const checkout: { id: string; expiresAt: string } = await client.createCheckoutSession({ audience: "shop", expiresAt: "2030-01-01T00:00:00Z" }, opts);
    const anonymous: { id: string; expiresAt: string } = await client.createCheckoutSession();
    const shippingAddress: Address = await client.setCheckoutAddress(checkout.id, input, opts);
    const shipping: { active?: { methodId: string; isSplitAllowed: boolean }; options: { id: string; carrier: string; name: string; type: string; price: number }[] } =
      await client.checkoutShippingMethods(checkout.id, { countryCode: "NL" }, opts);
    const chosen: { methodId: string; isSplitAllowed: boolean } =
      await client.selectShippingMethod(checkout.id, { methodId: shipping.options[0]?.id ?? "m", isSplitAllowed: false }, opts);
    const points: { active?: { spid: string; countryCode: string }; options: ServicePointMatch[] } =
      await client.checkoutServicePoints(checkout.id, { countryCode: "NL", methodId: chosen.methodId, postalCode: "1012 LG" }, opts);
    const pointsDefault = await client.checkoutServicePoints(checkout.id);
    const picked: { spid: string; countryCode: string } =
      await client.selectServicePoint(checkout.id, { spid: points.options[0]?.point.id ?? "sp", countryCode: "NL" }, opts);
    const need: ServicePointNeed = servicePointNeed(shipping.options[0] ?? { id: "m", carrier: "postnl", name: "PostNL", type: "servicepoint", price: 0 });
    const needed: boolean = need.needed;
    const known: boolean = need.known;
    const whose: Carrier | undefined = need.carrier;
    const asText: string | undefined = need.carrier;
    show(anonymous, shippingAddress, shipping.active?.isSplitAllowed, pointsDefault.active?.spid, picked, needed, known, whose, asText);
  } catch (e) {
    handle(e);
  } finally {
    client.free();
  }
}
