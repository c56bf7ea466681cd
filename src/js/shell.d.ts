// The members of the JS shell that no Rust declaration describes, typed by
// hand: they are JS state over time (the session and its listeners, the
// warning listeners, background timers, storage; the address search's
// session and memory), not operations of the API. Every operation of
// AfostoClient, and the plain functions, are declared in Rust
// (src/client/operations.rs) and generated into the same .d.ts as an
// `interface AfostoClient` that merges with this class. Appended by
// scripts/package.mjs; `[Symbol.dispose]` comes from dispose.d.ts.

export class AddressSearch {
    private constructor();
    /** Stop the search in flight (it rejects with `ABORTED`). */
    free(): void;
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
    search(query: string, o?: CallOptions & { context?: string | undefined }): Promise<AddressSearchResult>;
    /**
     * The address of a chosen option, to fill the address form with: the
     * API's `result.address` when the search drills into the option (`POST
     * /rel/search/addresses` with the option's `context` and a blank query,
     * the reference's drill-down; an option without a context: its `value`
     * as the query), as an `AddressInput` (`countryCode` always set: the
     * API's, else the search's; `premiseNumber`, `premiseNumberSuffix`,
     * `thoroughfare`, `postalCode`, `locality`, `administrativeArea` as the
     * API sends them). Resolves `undefined` when the answer has no address
     * (the option is not one address: a street, a postal code; drill into it
     * with `search("", { context })` for its options). A street-level result
     * lacks `premiseNumber`: check it before using the address as is.
     *
     * It is a call of the search like `search()`: the newest call wins (a
     * pending search rejects `ABORTED`, and so does this one when a newer call
     * starts), it is sent at once (no debounce: a choice is made, not typed),
     * an answer seen before comes from memory, and an expired session key is
     * renewed once.
     *
     * ```ts
     * const address = await s.resolve(option);
     * if (address) fillForm(address); else showOptions((await s.search("", { context: option.context })).options);
     * await client.setCheckoutAddress(id, { ...address, givenName, familyName });
     * ```
     * Errors: ABORTED (superseded, or the caller's signal), INVALID_INPUT (not an option: `option.value` not a string), VALIDATION, NETWORK, TIMEOUT, DECODE, …
     */
    resolve(option: AddressOption, o?: CallOptions): Promise<AddressInput | undefined>;
    /**
     * The session key in use (changes when an expired session is renewed).
     */
    readonly sessionKey: string;
}

export class AfostoClient {
    /**
     * Create a client. Throws `AfostoError` with code `INVALID_CONFIG` for a
     * bad config (non-https `baseUrl` off loopback, credentials in the URL,
     * negative `timeoutMs`, a `channelId` or `clientId` that is not a UUID, an
     * unknown `persistSession` or one naming a storage this runtime does not
     * have, …). Restores a persisted session when `persistSession` is
     * `"localStorage"` or `"sessionStorage"`.
     */
    constructor(config?: ClientConfig);
    /** Stop following other tabs (localStorage), extending the session in the background (`autoExtend`) and the expiry event. Idempotent; the client stays usable (its wasm memory is released when it is garbage-collected). */
    free(): void;
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
     * (`"$[3].point.name"`), `method`/`path` the request. Also a `CONFLICT`
     * when `selectServicePoint` was answered for a point that does not fit the
     * session's shipping method as this client has seen it (`fieldErrors`
     * `{ spid: ["no_service_point"] }` or `{ spid: ["carrier_mismatch"] }`).
     * Without a listener, warnings go to `console.warn`. Returns a function
     * that unsubscribes.
     *
     * ```ts
     * client.onWarning(w => reportToMonitoring(w.message));
     * ```
     * Throws AfostoError INVALID_INPUT when `cb` is not a function.
     */
    onWarning(cb: (w: AfostoError) => void): () => void;
    /**
     * Call `cb` before each HTTP attempt the client sends (retries are
     * attempts too): method, path (no query) and attempt number; never a
     * token, a header or a body. For tracing and metrics. Returns a function
     * that unsubscribes; a listener that throws changes nothing.
     *
     * ```ts
     * client.onRequest(e => console.debug(`${e.method} ${e.path} #${e.attempt}`));
     * ```
     * Throws AfostoError INVALID_INPUT when `cb` is not a function.
     */
    onRequest(cb: (e: RequestEvent) => void): () => void;
    /**
     * Call `cb` after each HTTP attempt: what `onRequest` saw, plus the
     * status (or the kind of failure) and the duration in ms.
     *
     * ```ts
     * client.onResponse(e => metrics.timing(`afosto ${e.method} ${e.path}`, e.durationMs, { status: e.status }));
     * ```
     * Throws AfostoError INVALID_INPUT when `cb` is not a function.
     */
    onResponse(cb: (e: ResponseEvent) => void): () => void;
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

/** One HTTP attempt, as `onRequest` sees it (never a token, a header or a body). */
export interface RequestEvent {
    /** `"GET"`, `"POST"`, `"PUT"` or `"DELETE"`. */
    method: string;
    /** The API path, without the query (`"/lcs/points/postnl"`). */
    path: string;
    /** 1 for the first attempt, 2 for the first retry, … */
    attempt: number;
}

/** One HTTP attempt after it ended, as `onResponse` sees it. */
export interface ResponseEvent extends RequestEvent {
    /** The HTTP status, when there was a response. */
    status?: number;
    /** Why there was no response. */
    failure?: "network" | "timeout" | "aborted";
    /** From just before the attempt was sent to its end (response read), in ms. */
    durationMs: number;
}
