// Types of the JS shell (src/js/client.js, src/js/search.js, src/js/pure.js);
// appended to the package .d.ts by scripts/package.mjs. The interfaces they use are in
// src/client/types.rs and src/models/*.rs.

export class AddressSearch {
    private constructor();
    /** Stop the search in flight (it rejects with `ABORTED`). */
    free(): void;
    // [Symbol.dispose](): void comes from AfostoDisposable (dispose.d.ts), only where the lib has Symbol.dispose
    /**
     * Autocomplete `query` (`POST /rel/search/addresses`). Latest wins: a
     * new call aborts the previous one (it rejects with `ABORTED`); each call
     * waits `debounceMs` before sending, so calls superseded within that time
     * send nothing. A (query, context) already answered in this session is
     * answered from memory; a blank query resolves `{ options: [] }` without
     * a request. Pass an option's `context` to drill down into it. An expired
     * session key is renewed once, transparently.
     *
     * ```ts
     * const { options } = await s.search("Damrak");
     * const { result } = await s.search("1", { context: options[0].context }); // result.isPrecise
     * ```
     * Errors: ABORTED (superseded, or the caller's signal), INVALID_INPUT, VALIDATION, NETWORK, TIMEOUT, DECODE, …
     */
    search(query: string, o?: CallOptions & { context?: string }): Promise<AddressSearchResult>;
    /**
     * The session key in use (changes when an expired session is renewed).
     */
    readonly sessionKey: string;
}

export class AfostoClient {
    /** Stop following other tabs (localStorage), extending the session in the background (`autoExtend`) and the expiry event. Idempotent; the client stays usable (its wasm memory is released when it is garbage-collected). */
    free(): void;
    // [Symbol.dispose](): void comes from AfostoDisposable (dispose.d.ts), only where the lib has Symbol.dispose
    /**
     * Which address fields a country requires and allows
     * (`GET /rel/options/addresses`), with camelCase field names. Cached per
     * country for the client's lifetime: a second call sends nothing.
     *
     * ```ts
     * const f = await client.addressFormat("NL"); // { countryCode: "NL", required: ["countryCode", "postalCode", …], allowed: […] }
     * ```
     * Errors: INVALID_INPUT (`countryCode` not two letters, either case), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, DECODE, …
     */
    addressFormat(countryCode: string, o?: CallOptions): Promise<AddressFormat>;
    /**
     * The session's selected service point (`active`, absent when none) and
     * nearby points, nearest first (`GET .../shipping/point`). The API's
     * `longtitude` (sic) comes back as `longitude`.
     *
     * ```ts
     * const { active, options } = await client.checkoutServicePoints(id, { postalCode: "1012 AB" });
     * ```
     * Errors: INVALID_INPUT, NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
     */
    checkoutServicePoints(sessionId: string, q?: { countryCode?: string; methodId?: string; postalCode?: string }, o?: CallOptions): Promise<{ active?: { spid: string; countryCode: string }; options: ServicePointMatch[] }>;
    /**
     * The session's selected shipping method (`active`, absent when none) and
     * the methods it offers (`GET /odr/sessions/{id}/shipping/methods`).
     *
     * ```ts
     * const { active, options } = await client.checkoutShippingMethods(id, { countryCode: "NL" });
     * ```
     * Errors: INVALID_INPUT, NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
     */
    checkoutShippingMethods(sessionId: string, q?: { countryCode?: string }, o?: CallOptions): Promise<{ active?: { methodId: string; isSplitAllowed: boolean }; options: { id: string; carrier: string; name: string; type: string; price: number }[] }>;
    /**
     * Store an address (`POST /rel/addresses`). Types are checked first, and
     * when `addressFormat` has been loaded for its country, the same rules as
     * `validateAddress`: a problem rejects with `INVALID_INPUT` (+ `fieldErrors`)
     * and nothing is sent. The API's own 400 becomes `VALIDATION` with its `fieldErrors`.
     *
     * ```ts
     * const a = await client.createAddress({ countryCode: "NL", postalCode: "1012 LG", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam" });
     * ```
     */
    createAddress(a: AddressInput, o?: CallOptions): Promise<Address>;
    /**
     * Start a checkout session (`POST /odr/sessions`). `audience` defaults to
     * `ClientConfig.audience`; `expiresAt` is an ISO date-time.
     *
     * ```ts
     * const { id } = await client.createCheckoutSession();
     * ```
     * Errors: INVALID_INPUT (expiresAt not a date-time), VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
     */
    createCheckoutSession(i?: { audience?: string; expiresAt?: string }, o?: CallOptions): Promise<{ id: string; expiresAt: string }>;
    /**
     * Exchange the current token for a later one (`GET /iam/jwt/extend`).
     * Concurrent calls share one request. Errors: UNAUTHORIZED when signed out.
     */
    extendSession(o?: CallOptions): Promise<IdentitySession>;
    /**
     * Service points of several carriers at once: all carriers are requested
     * in parallel ("dpd" through the DPD endpoint), merged nearest first and
     * cut to `limit`. A carrier that fails does not fail the call: it is
     * listed in `failed` with its `AfostoError`.
     *
     * ```ts
     * const { matches, failed } = await client.findServicePoints({
     *   carriers: ["postnl", "dhl", "dpd"], countryCode: "NL", postalCode: "1012 AB", limit: 10 });
     * ```
     * Errors: INVALID_INPUT (no carriers, missing countryCode/postalCode, limit not a positive integer), ABORTED.
     */
    findServicePoints(q: { carriers: string[]; countryCode: string; postalCode: string; channelId?: string; limit?: number }, o?: CallOptions): Promise<{ matches: ServicePointMatch[]; failed: { carrier: string; error: AfostoError }[] }>;
    /**
     * Geocode a free-form address (`POST /rel/geocode`).
     *
     * ```ts
     * const { lat, long, isPrecise } = await client.geocode({ countryCode: "NL", address: "Damrak 1, Amsterdam" });
     * ```
     * Errors: INVALID_INPUT, NOT_FOUND (no match), VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE, …
     */
    geocode(i: { countryCode: string; address: string }, o?: CallOptions): Promise<GeoLocation>;
    /**
     * Read a stored address (`GET /rel/addresses/{id}`).
     *
     * ```ts
     * const a = await client.getAddress(id);
     * ```
     * Errors: INVALID_INPUT (empty id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, DECODE, …
     */
    getAddress(id: string, o?: CallOptions): Promise<Address>;
    /**
     * One service point (`GET /lcs/points/{carrier}/{id}`, both percent-encoded).
     *
     * ```ts
     * const p = await client.getServicePoint({ carrier: "dhl", id: "8004-NL-270401" });
     * ```
     * Errors: INVALID_INPUT, NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
     */
    getServicePoint(q: { carrier: string; id: string; countryCode?: string; channelId?: string }, o?: CallOptions): Promise<ServicePoint>;
    /**
     * One shipping method (`GET /lcs/methods/{id}`; the id is percent-encoded).
     *
     * ```ts
     * const m = await client.getShippingMethod(id, { countryCode: "BE" });
     * ```
     * Errors: INVALID_INPUT (empty id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
     */
    getShippingMethod(id: string, q?: { countryCode?: string; channelId?: string }, o?: CallOptions): Promise<ShippingMethod>;
    /**
     * Whether an identity exists for an email (`POST /rel/identity/exists`:
     * 204 -> true, 404 -> false; the reference also documents 409 "Identity
     * already exists" for this endpoint, which reads as true).
     *
     * ```ts
     * if (await client.identityExists({ email })) showPasswordField();
     * ```
     */
    identityExists(i: { email: string; audience?: string }, o?: CallOptions): Promise<boolean>;
    /**
     * DPD parcel shops near a postal code (`GET /lcs/dpd/points`), mapped from
     * DPD's own format to `ServicePointMatch` (id = DPD's `pudoId`, the id
     * checkout sessions and `getServicePoint` use, else `parcelShopId` as a string;
     * name = company, carrier "dpd", house numbers like "12a" split into
     * `premiseNumber` and `premiseNumberSuffix`, weekday names to ISO numbers,
     * morning/afternoon to windows), nearest first.
     *
     * ```ts
     * const shops = await client.listDpdServicePoints({ countryCode: "DE", postalCode: "10115" });
     * ```
     * Errors: INVALID_INPUT, VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
     */
    listDpdServicePoints(q: { countryCode: string; postalCode: string }, o?: CallOptions): Promise<ServicePointMatch[]>;
    /**
     * A carrier's service points near a postal code (`GET /lcs/points/{carrier}`),
     * nearest first. `carrier` (e.g. "postnl", "dhl") is percent-encoded as
     * one path segment. Weekdays in `openings` are ISO: 1 = Monday … 7 = Sunday.
     *
     * ```ts
     * const near = await client.listServicePoints({ carrier: "postnl", countryCode: "NL", postalCode: "1012 AB" });
     * ```
     * Errors: INVALID_INPUT, NOT_FOUND (unknown carrier), VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
     */
    listServicePoints(q: { carrier: string; countryCode: string; postalCode: string; channelId?: string }, o?: CallOptions): Promise<ServicePointMatch[]>;
    /**
     * The shipping methods for a country (`GET /lcs/methods`). `channelId`
     * defaults to `ClientConfig.channelId`. Missing flags are `false` and a
     * missing `priority` is 100, as the API documents.
     *
     * ```ts
     * const methods = await client.listShippingMethods({ countryCode: "NL" });
     * const options = selectableShippingMethods(methods, { countryCode: "NL", weight: 1200 });
     * ```
     * Errors: INVALID_INPUT (missing countryCode), NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
     */
    listShippingMethods(q: { countryCode: string; channelId?: string }, o?: CallOptions): Promise<ShippingMethod[]>;
    /**
     * Create a client. Throws `AfostoError` with code `INVALID_CONFIG` for a
     * bad config (non-https `baseUrl` off loopback, credentials in the URL,
     * negative `timeoutMs`, unknown `persistSession`, …). Restores a persisted
     * session when `persistSession` is `"localStorage"` or `"sessionStorage"`.
     */
    constructor(config?: ClientConfig);
    /**
     * Call `cb` with the new session (or `undefined`) after every sign-in,
     * sign-out, extend, 401, expiry, or change made by another tab (localStorage).
     * Returns a function that unsubscribes.
     *
     * ```ts
     * const off = client.onSessionChange(s => render(s)); … off();
     * ```
     * Throws AfostoError INVALID_INPUT when `cb` is not a function.
     */
    onSessionChange(cb: (s: IdentitySession | undefined) => void): () => void;
    /**
     * Call `cb` with each warning: an `AfostoError` with code `DECODE` (not
     * thrown) for every list element, or optional object, that a response
     * carried without a field its type requires. That element is left out of
     * the result and the rest is returned; `jsonPath` names the missing field
     * (`"$[3].point.name"`), `method`/`path` the request. Without a listener,
     * warnings go to `console.warn`. Returns a function that unsubscribes.
     *
     * ```ts
     * client.onWarning(w => reportToMonitoring(w.message));
     * ```
     * Throws AfostoError INVALID_INPUT when `cb` is not a function.
     */
    onWarning(cb: (w: AfostoError) => void): () => void;
    /**
     * Request a one-time token by email (`POST /rel/identity/tokens`), `type` "reset" or "confirm"
     * (the reference's two values; any other is INVALID_INPUT).
     *
     * ```ts
     * await client.requestIdentityToken({ email, type: "reset" });
     * ```
     */
    requestIdentityToken(i: { email: string; type: "reset" | "confirm"; audience?: string }, o?: CallOptions): Promise<{ status: string }>;
    /**
     * Call any other endpoint of the API with the same base URL, auth,
     * timeout, retry and error handling. `path` must start with `/` and stay
     * on the API (`INVALID_INPUT` otherwise); so must the body (JSON-serializable,
     * none on a GET) and the query values (strings, finite numbers, booleans;
     * `undefined` is left out). Resolves the parsed JSON body as sent
     * (snake_case), `undefined` for an empty body.
     *
     * ```ts
     * const apps = await client.request("GET", "/int/apps/store", { query: { page: 1 } });
     * ```
     * Errors: INVALID_INPUT, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE (non-JSON body).
     */
    request(method: "GET" | "POST" | "PUT" | "DELETE", path: string, init?: { query?: Record<string, string | number | boolean | undefined>; body?: unknown } & CallOptions): Promise<unknown>;
    /**
     * Set a new password with a reset token (`POST /rel/identity/reset`); stores the session.
     */
    resetPassword(i: { token: string; password: string }, o?: CallOptions): Promise<IdentitySession>;
    /**
     * Select the session's service point (`PUT .../shipping/point`);
     * `countryCode` is checked (two letters) and sent upper case.
     *
     * ```ts
     * await client.selectServicePoint(id, { spid: options[0].point.id, countryCode: "NL" });
     * ```
     * Errors: INVALID_INPUT (empty spid, countryCode not two letters), NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE.
     */
    selectServicePoint(sessionId: string, i: { spid: string; countryCode: string }, o?: CallOptions): Promise<{ spid: string; countryCode: string }>;
    /**
     * Select the session's shipping method (`PUT .../shipping/methods`);
     * `isSplitAllowed` defaults to false.
     *
     * ```ts
     * await client.selectShippingMethod(id, { methodId: options[0].id });
     * ```
     * Errors: INVALID_INPUT (empty methodId), NOT_FOUND, VALIDATION (unknown method), NETWORK, TIMEOUT, ABORTED, DECODE.
     */
    selectShippingMethod(sessionId: string, i: { methodId: string; isSplitAllowed?: boolean }, o?: CallOptions): Promise<{ methodId: string; isSplitAllowed: boolean }>;
    /**
     * Add an address to the session and select it as the shipping address:
     * `POST /odr/sessions/{id}/address` (202), then `PUT /odr/sessions/{id}/shipping`
     * with its id. Resolves the selected address. When the POST succeeded
     * and the PUT failed, the rejection carries `addressId`: select it with
     * `selectShippingAddress` instead of adding it again.
     *
     * ```ts
     * const a = await client.setCheckoutAddress(id, { countryCode: "NL", postalCode: "1012 AB", premiseNumber: 1 });
     * ```
     * Errors: INVALID_INPUT (empty session id, countryCode not two letters), NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE.
     */
    setCheckoutAddress(sessionId: string, a: AddressInput, o?: CallOptions): Promise<Address>;
    /**
     * Select one of the session's addresses as its shipping address
     * (`PUT /odr/sessions/{id}/shipping` with `{address_id}`): a saved address
     * from `checkoutShippingAddress`'s options, or the `addressId` of a failed
     * `setCheckoutAddress`. Resolves the selected address.
     *
     * ```ts
     * await client.selectShippingAddress(id, { addressId: options.contact.primary.id });
     * ```
     * Errors: INVALID_INPUT (empty ids), NOT_FOUND, VALIDATION (unknown address), NETWORK, TIMEOUT, ABORTED, DECODE.
     */
    selectShippingAddress(sessionId: string, i: { addressId: string }, o?: CallOptions): Promise<Address>;
    /**
     * The session's selected shipping address (`active`, absent when none)
     * and the saved addresses to choose from, by where they come from
     * (`GET /odr/sessions/{id}/shipping`): the signed-in contact's, the
     * organisation's and the ones added to this session.
     *
     * ```ts
     * const { active, options } = await client.checkoutShippingAddress(id);
     * const saved = [options.contact?.primary, ...(options.contact?.secondary ?? [])];
     * ```
     * Errors: INVALID_INPUT (empty session id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
     */
    checkoutShippingAddress(sessionId: string, o?: CallOptions): Promise<{ active?: Address;
      options: { contact?: AddressChoices; organisation?: AddressChoices; session?: AddressChoices } }>;
    /**
     * Sign in (`POST /rel/identity/authorize`); stores the session.
     *
     * ```ts
     * await client.signIn({ email, password });
     * ```
     * Errors: INVALID_INPUT, UNAUTHORIZED (wrong password), NOT_FOUND (unknown identity), NETWORK, TIMEOUT, ABORTED, …
     */
    signIn(c: Credentials, o?: CallOptions): Promise<IdentitySession>;
    /**
     * Sign out: revoke the token (`GET /iam/jwt/revoke`) and clear the local
     * session, even when the revoke fails (the promise still resolves).
     */
    signOut(o?: CallOptions): Promise<void>;
    /**
     * Create an identity and sign in (`POST /rel/identity/create`).
     *
     * ```ts
     * const s = await client.signUp({ email: "jane@example.com", password: "…" });
     * ```
     * Errors: INVALID_INPUT (empty email/password, email without @), CONFLICT (exists), VALIDATION, NETWORK, TIMEOUT, ABORTED, …
     */
    signUp(c: Credentials, o?: CallOptions): Promise<IdentitySession>;
    /**
     * Start an address-autocomplete session (`GET /rel/search/addresses`).
     * `debounceMs` (default 150) is how long each `search` waits for a newer
     * one before sending.
     *
     * ```ts
     * const s = await client.startAddressSearch("NL");
     * const { options, result } = await s.search("Damrak 1");
     * ```
     * Errors: INVALID_INPUT (`countryCode`, `debounceMs`), VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE, …
     */
    startAddressSearch(countryCode: string, o?: CallOptions & { debounceMs?: number }): Promise<AddressSearch>;
    /**
     * Check an address against a country's format, locally and
     * synchronously. Returns problems per camelCase field (`{}` when valid):
     * `"required"` (missing or blank), `"not_allowed"` (listed in neither
     * `allowed` nor `required`; never `countryCode`, the format's own country;
     * an empty `allowed` list restricts nothing),
     * `"invalid"` (`countryCode` not two letters, either case, as every
     * method accepts it; `premiseNumber` not a positive integer; or a field
     * of the wrong type). Throws AfostoError `INVALID_INPUT` when `a` is not
     * an object or `f` is not an `AddressFormat` (`required` and `allowed`
     * string arrays).
     *
     * ```ts
     * client.validateAddress({ countryCode: "NL", locality: "Amsterdam" }, await client.addressFormat("NL"))
     * // { postalCode: ["required"], premiseNumber: ["required"], thoroughfare: ["required"] }
     * ```
     */
    validateAddress(a: AddressInput, f: AddressFormat): Record<string, string[]>;
    /**
     * Verify the identity with a confirm token (`POST /rel/identity/verify`); stores the session.
     */
    verifyIdentity(i: { token: string }, o?: CallOptions): Promise<IdentitySession>;
    /**
     * The signed-in session, or `undefined` (none, signed out, or expired).
     *
     * ```ts
     * if (client.session) console.log(client.session.expiresAt);
     * ```
     */
    readonly session: IdentitySession | undefined;
}

/**
 * True for any `AfostoError`, from this or another realm (checks that
 * `name` is "AfostoError" and `code` is a string, not the prototype).
 *
 * ```ts
 * try { await client.signIn(c) } catch (e) { if (isAfostoError(e) && e.code === "UNAUTHORIZED") … }
 * ```
 */
export function isAfostoError(e: unknown): e is AfostoError;

/**
 * Whether a service point is open at a moment, and when it closes or opens
 * next, in the point's local time zone (`timeZone`, default
 * "Europe/Amsterdam"; DST switch days included), not the browser's.
 * Uses every window of a day; a window whose `end` is at or before its
 * `start` (or "24:00") runs into the next day, so yesterday's late window
 * still counts. Times are local "HH:MM"; `opensOn` is the ISO weekday
 * (1 = Monday … 7 = Sunday) of the next opening. A point without opening
 * data is reported closed with no `opensAt`.
 *
 * `at` is a `Date`, an ISO string with `Z` or an offset, an ISO string
 * without one (read as wall time in `timeZone`), or absent (now).
 *
 * ```ts
 * const s = openingStatus(point, new Date(), "Europe/Amsterdam");
 * s.isOpen ? `open until ${s.closesAt}` : s.opensAt && `opens ${s.opensAt}`;
 * ```
 * Throws AfostoError INVALID_INPUT for an invalid `at`, an unknown time zone
 * or a point whose openings are not `{ weekday: 0..7, windows: {start: "HH:MM", end: "HH:MM"}[] }[]`.
 */
export function openingStatus(p: ServicePoint, at?: Date | string, timeZone?: string): { isOpen: boolean; closesAt?: string; opensAt?: string; opensOn?: number };

/**
 * The methods a customer can choose for a country and parcel weight: enabled
 * methods that list the country, with `weight <= maxWeight` when both are
 * known (same unit as `maxWeight`, grams in practice), each a copy with
 * `price` = that country's `amount`; sorted by `priority`, then price, then
 * name. Pure: no request.
 *
 * ```ts
 * const options = selectableShippingMethods(methods, { countryCode: "NL", weight: 1200 });
 * options[0].price; // e.g. 695
 * ```
 * Throws AfostoError INVALID_INPUT when `all` is not a `ShippingMethod[]` or
 * the query has no countryCode or a negative/non-number weight.
 */
export function selectableShippingMethods(all: ShippingMethod[], q: { countryCode: string; weight?: number }): (ShippingMethod & { price: number })[];
