//! Every operation of the client, declared once: its JS name, how the JS
//! shell runs it, its HTTP method and path, its TypeScript signature and doc
//! comment, the request builder and the response decoder.
//!
//! From this one list come
//! - the dispatch (`build` / `decode`, wasm): an operation's number is its
//!   position, never written by hand;
//! - `CATALOG` (native): what `src/bin/gen.rs` turns into the JS methods of
//!   `AfostoClient` (`shell: Run`), the operation names the JS shell uses
//!   (`op.signIn`), and the TypeScript declarations with their JSDoc.
//!
//! Adding an endpoint: one entry here (plus its builder and decoder in
//! `src/api/<area>.rs` and its model in `src/models/<area>.rs`).

#[cfg(target_arch = "wasm32")]
use crate::prelude::*;

/// How the JS shell runs an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    /// A generated method: check the trailing `CallOptions`, build, send
    /// (with the session's token), decode. Its parameters are the TS ones.
    Run,
    /// A generated method whose `init` argument is also its `CallOptions`
    /// (`request`).
    RunInit,
    /// A generated method that stores the session it answers (sign-in and
    /// the like; `signOut()` while it is on its way wins).
    SignIn,
    /// A method written by hand in `src/js/client.js` (state over time:
    /// caches, composite calls, the session's extend and revoke).
    Custom,
    /// No method of its own: used by another one (`AddressSearch.search`).
    Internal,
}

/// One operation as the generator sees it (native only).
#[derive(Debug)]
pub struct Entry {
    /// The JS method name (`signIn`).
    pub name: &'static str,
    /// How the JS shell runs it.
    pub shell: Shell,
    /// HTTP method.
    pub method: &'static str,
    /// Path template (`/rel/addresses/{id}`).
    pub path: &'static str,
    /// TypeScript signature after the name: `(c: Credentials, o?: CallOptions): Promise<IdentitySession>`.
    pub ts: &'static str,
    /// The doc comment (JSDoc in the `.d.ts`).
    pub doc: &'static str,
}

/// What the builders of an operation get (wasm).
#[cfg(target_arch = "wasm32")]
pub(crate) struct Args<'a> {
    pub cfg: &'a crate::config::Config,
    pub a: &'a wasm_bindgen::JsValue,
    pub b: &'a wasm_bindgen::JsValue,
    pub c: &'a wasm_bindgen::JsValue,
    /// What the decoder needs besides the body (the country of a format).
    pub context: String,
}

#[cfg(target_arch = "wasm32")]
type Build =
    fn(&mut Args) -> Result<crate::http::HttpRequest<wasm_bindgen::JsValue>, crate::error::Error>;

/// A checkout session's shipping-step request, built by `build` from the
/// session id (`x.a`) and the call's input (`x.b`); the context is the
/// session id, what `crate::checkout::Seen` remembers the answer under.
#[cfg(target_arch = "wasm32")]
fn in_session(
    x: &mut Args,
    build: fn(
        &wasm_bindgen::JsValue,
        &wasm_bindgen::JsValue,
    ) -> Result<crate::http::HttpRequest<wasm_bindgen::JsValue>, crate::error::Error>,
) -> Result<crate::http::HttpRequest<wasm_bindgen::JsValue>, crate::error::Error> {
    x.context = value::text(x.a);
    build(x.a, x.b)
}

#[cfg(target_arch = "wasm32")]
type Body = Result<Option<wasm_bindgen::JsValue>, crate::error::Error>;

#[cfg(target_arch = "wasm32")]
type Decode = fn(Body, &str, f64) -> Result<wasm_bindgen::JsValue, crate::error::Error>;

macro_rules! operations {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident: $shell:ident $method:ident $path:literal,
        ts $ts:literal,
        build $build:expr,
        decode $decode:expr;
    )*) => {
        /// The operations, by position (their number across the boundary).
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Op { $($name),* }

        /// Every operation in order: `ALL[n]` is operation number `n`.
        pub static ALL: &[Op] = &[$(Op::$name),*];

        /// The request of `op` (input checks included).
        #[cfg(target_arch = "wasm32")]
        pub(crate) fn build(op: Op, args: &mut Args) -> Result<crate::http::HttpRequest<wasm_bindgen::JsValue>, crate::error::Error> {
            match op {
                $(Op::$name => {
                    let f: Build = $build;
                    f(args)
                })*
            }
        }

        /// The value of `op` from its response body (or its error).
        #[cfg(target_arch = "wasm32")]
        pub(crate) fn decode(op: Op, body: Body, context: &str, now: f64) -> Result<wasm_bindgen::JsValue, crate::error::Error> {
            match op {
                $(Op::$name => {
                    let f: Decode = $decode;
                    f(body, context, now)
                })*
            }
        }

        /// Every operation with its name, shell, HTTP method, path, TypeScript and docs.
        #[cfg(not(target_arch = "wasm32"))]
        pub static CATALOG: &[Entry] = &[$(Entry {
            name: stringify!($name),
            shell: Shell::$shell,
            method: stringify!($method),
            path: $path,
            ts: $ts,
            doc: concat!($($doc, "\n"),*),
        }),*];
    };
}

macro_rules! calls {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// What `Core.call(kind, …)` does; `kind` is the position here.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Call { $($(#[doc = $doc])* $name),* }

        /// Every core call in order: `CALLS[kind]`.
        pub static CALLS: &[Call] = &[$(Call::$name),*];

        /// The core calls' names (native: for the generator).
        #[cfg(not(target_arch = "wasm32"))]
        pub static CALL_NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}

calls! {
    /// `() -> {timeoutMs, persist, storageKey}`.
    settings,
    /// `(CallOptions) -> {timeoutMs, signal}`.
    callOptions,
    /// `n = op, (a, b, c) -> the request`.
    prepare,
    /// `n = op, (request, attempt) -> the value, or throws`.
    settle,
    /// `(request, {failure}, timeoutMs) -> the AfostoError (not thrown)`.
    failure,
    /// `(countryCode, options) -> {countryCode, debounceMs}`.
    searchStart,
    /// `(query, options) -> {query, context}`.
    searchInput,
    /// `(query) -> the findServicePoints plan`.
    findPlan,
    /// `n = limit (0: none), (lists, origin) -> merged matches`.
    mergeMatches,
    /// `(address, format) -> field problems`.
    validateAddress,
    /// `(argument name, message) -> an INVALID_INPUT AfostoError (not thrown)`.
    badArgument,
    /// `(request just settled) -> its warnings (AfostoErrors, not thrown: DECODE drops, selectServicePoint's CONFLICT)`.
    warnings,
    /// `(message) -> a CONFLICT AfostoError (not thrown)`, for refusals made by the shell's state.
    conflict,
    /// `(countryCode, debounceMs, sessionKey) -> the handle of a new address
    /// search's machine` (see `client/search.rs`).
    searchOpen,
    /// `n = handle, (SearchEvent, x, y) -> the effects` (see `client/search.rs`).
    searchStep,
    /// `(stored text) -> the effects`: start the client's session machine
    /// (see `client/lifecycle.rs`).
    sessionOpen,
    /// `n = SessionEvent, (a, b, c) -> {effects, value, error}` (see `client/lifecycle.rs`).
    sessionStep,
    /// `(observer)`: the transport calls `observer(ended, event)` around
    /// each attempt (`onRequest` / `onResponse`; see `client/transport.rs`).
    observe,
    /// `(option) -> {query, context}`: what `AddressSearch.resolve` drills into.
    resolveInput,
}

macro_rules! kinds {
    ($(#[doc = $d:literal])* $ty:ident, $all:ident, $names:ident {
        $($(#[doc = $doc:literal])* $name:ident,)*
    }) => {
        $(#[doc = $d])*
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $ty { $($(#[doc = $doc])* $name),* }

        /// Every kind in order (its number is its position).
        pub static $all: &[$ty] = &[$($ty::$name),*];

        /// The names (native: for the generator).
        #[cfg(not(target_arch = "wasm32"))]
        pub static $names: &[&str] = &[$(stringify!($name)),*];
    };
}

kinds! {
    /// What the JS shell of `AddressSearch` reports (`searchStep`'s `a`;
    /// `searchEvent` in JS).
    SearchEvent, SEARCH_EVENTS, SEARCH_EVENT_NAMES {
        /// `x` = query, `y` = context (checked by `searchInput`): a
        /// `search()` call -> `{gen, effects}`.
        search,
        /// `x` = the error: a `search()` or `resolve()` call whose
        /// arguments were refused (it still supersedes the pending one) ->
        /// `{gen, effects}`.
        refused,
        /// `x` = gen: its debounce timer went off.
        timer,
        /// `x` = gen, `y` = the value its request settled with.
        settled,
        /// `x` = gen, `y` = the error its request failed with.
        failed,
        /// `x` = gen: the caller's signal aborted.
        aborted,
        /// `free()`.
        free,
        /// `-> the session key in use` (no effects).
        key,
        /// The search is garbage: drop its machine (no effects).
        drop,
        /// `x` = query, `y` = context (checked by `resolveInput`): a
        /// `resolve()` call -> `{gen, effects}`.
        resolve,
        /// `x` = a kept answer -> the address `resolve()` resolves with
        /// (see `api::addresses::address_of`; no effects).
        address,
    }
}

kinds! {
    /// What the JS shell of `AddressSearch` does: each effect is
    /// `{kind, gen, value, n}` (`searchEffect` in JS).
    SearchEffect, SEARCH_EFFECTS, SEARCH_EFFECT_NAMES {
        /// End call `gen`: reject with `value`.
        reject,
        /// End call `gen`: resolve with `value`.
        resolve,
        /// End call `gen`: resolve with a copy of kept answer `n`.
        recall,
        /// Report `timer` for `gen` after `n` ms.
        timer,
        /// Send request `value`, settle it as operation `n`; report
        /// `settled` (the value) or `failed` (the error) for `gen`.
        send,
        /// Keep a copy of answer `value` as answer `n`.
        remember,
        /// Drop kept answer `n`.
        forget,
        /// End call `gen` (a `resolve()`): resolve with the address in kept
        /// answer `n`, as the `address` event gives it.
        recallAddress,
    }
}

kinds! {
    /// What the client reports to its session machine (`sessionStep`'s `n`;
    /// `sessionEvent` in JS). `stored` is the storage entry's text read just now.
    SessionEvent, SESSION_EVENTS, SESSION_EVENT_NAMES {
        /// The `session` getter -> `value`: whether a session is visible.
        read,
        /// `-> the token to send now, or undefined` (a plain value, no effects).
        token,
        /// `-> the sign-out count` a sign-in passes back (a plain value).
        ticket,
        /// `a` = the request's path, `b` = the caller's timeout -> `value`:
        /// the extend flight to wait for first (0: none).
        beforeCall,
        /// `extendSession()`: `a` = the caller's timeout -> `value`: the
        /// flight, or `error` (not signed in).
        extend,
        /// `a` = flight, `b` = its session record (undefined: it failed),
        /// `c` = stored -> `value` (the session) or `error` (ABORTED); neither:
        /// the request's own error stands.
        extendAnswer,
        /// `a` = ticket, `b` = the session record (undefined: it failed),
        /// `c` = the request -> `value` or `error`, as `extendAnswer`.
        signInAnswer,
        /// A call answered: `a` = the token it carried (undefined: none),
        /// `b` = its status, `c` = stored (the 401 rule).
        answered,
        /// `a` = the storage event's key (null: cleared), `b` = stored.
        storage,
        /// `a` = a token not to extend again (or undefined), `b` = stored:
        /// a client of this page sharing the entry stored a session.
        peer,
        /// `a` = the timer's id, `b` = stored.
        timer,
        /// Writing the storage entry threw.
        storeFailed,
        /// `signOut()`: `a` = whether to send the revoke.
        signOut,
        /// `free()`.
        free,
    }
}

kinds! {
    /// What the session machine has the client do, in order: each effect is
    /// `{kind, value, n}` (`sessionEffect` in JS).
    SessionEffect, SESSION_EFFECTS, SESSION_EFFECT_NAMES {
        /// Write `value` to the storage entry (report `storeFailed` if it throws).
        store,
        /// Remove the storage entry.
        remove,
        /// The session the page sees is now `value` (undefined: none).
        adopt,
        /// Tell the listeners `value`, after the ones told before it.
        tell,
        /// Report `timer` `n` after `value` ms, replacing the timer.
        timer,
        /// Clear the timer.
        clearTimer,
        /// Report `timer` `n` in a microtask.
        check,
        /// Report `peer` (`value`: a token not to extend again) to this
        /// page's other clients sharing the entry.
        peers,
        /// Send the extend as flight `n` with timeout `value` (no caller's
        /// signal); report `extendAnswer`.
        extend,
        /// Send the revoke with token `value` (its answer changes nothing).
        revoke,
    }
}

/// A function or synchronous method (no request): its name, where it is,
/// TypeScript and docs (native: for the generator).
#[derive(Debug)]
pub struct FunctionEntry {
    /// The JS name.
    pub name: &'static str,
    /// `true`: a method of `AfostoClient` (a core call); `false`: a module
    /// export (the core's `pure(kind, …)`, `kind` its position among exports).
    pub method: bool,
    /// TypeScript signature after the name.
    pub ts: &'static str,
    /// The doc comment.
    pub doc: &'static str,
}

macro_rules! functions {
    ($($(#[doc = $doc:literal])* $name:ident: $place:ident, ts $ts:literal;)*) => {
        /// The synchronous functions and methods (see [`FunctionEntry`]).
        #[cfg(not(target_arch = "wasm32"))]
        pub static FUNCTIONS: &[FunctionEntry] = &[$(FunctionEntry {
            name: stringify!($name),
            method: functions!(@method $place),
            ts: $ts,
            doc: concat!($($doc, "\n"),*),
        }),*];
    };
    (@method Method) => { true };
    (@method Export) => { false };
}

/// The module exports behind the core's `pure(kind, …)`, by position.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pure {
    /// `openingStatus(point, at, timeZone)`.
    openingStatus,
    /// `selectableShippingMethods(all, query)`.
    selectableShippingMethods,
    /// `servicePointNeed(option)`.
    servicePointNeed,
}

/// The pure exports in order: `PURE[kind]`.
pub static PURE: &[Pure] = &[
    Pure::openingStatus,
    Pure::selectableShippingMethods,
    Pure::servicePointNeed,
];

functions! {
    /// Check an address against a country's format, locally and
    /// synchronously. Returns problems per camelCase field (`{}` when valid):
    /// `"required"` (missing or blank), `"not_allowed"` (listed in neither
    /// `allowed` nor `required`; never `countryCode`, the format's own country;
    /// an empty `allowed` list restricts nothing), `"invalid"` (`countryCode`
    /// not two letters, either case, as every method accepts it;
    /// `premiseNumber` not a positive integer; or a field of the wrong type).
    /// Throws AfostoError `INVALID_INPUT` when `a` is not an object or `f` is
    /// not an `AddressFormat` (`required` and `allowed` string arrays).
    ///
    /// ```ts
    /// client.validateAddress({ countryCode: "NL", locality: "Amsterdam" }, await client.addressFormat("NL"))
    /// // { postalCode: ["required"], premiseNumber: ["required"], thoroughfare: ["required"] }
    /// ```
    validateAddress: Method, ts "(a: AddressInput, f: AddressFormat): AddressProblems";

    /// Whether a service point is open at a moment, and when it closes or
    /// opens next, in the point's local time zone (`timeZone`, default
    /// "Europe/Amsterdam"; DST switch days included), not the browser's.
    /// Uses every window of a day; a window whose `end` is at or before its
    /// `start` (or "24:00") runs into the next day, so yesterday's late window
    /// still counts. Times are local "HH:MM"; `opensOn` is the ISO weekday
    /// (1 = Monday … 7 = Sunday) of the next opening. A point without opening
    /// data is reported closed with no `opensAt`.
    ///
    /// `at` is a `Date`, an ISO string with `Z` or an offset, an ISO string
    /// without one (read as wall time in `timeZone`), or absent (now).
    ///
    /// ```ts
    /// const s = openingStatus(point, new Date(), "Europe/Amsterdam");
    /// s.isOpen ? `open until ${s.closesAt}` : s.opensAt && `opens ${s.opensAt}`;
    /// ```
    /// Throws AfostoError INVALID_INPUT for an invalid `at`, an unknown time zone
    /// or a point whose openings are not `{ weekday: 0..7, windows: {start: "HH:MM", end: "HH:MM"}[] }[]`.
    openingStatus: Export, ts "(p: ServicePoint, at?: Date | string, timeZone?: string): { isOpen: boolean; closesAt?: string; opensAt?: string; opensOn?: number }";

    /// The methods a customer can choose for a country and parcel weight:
    /// enabled methods that list the country, with `weight <= maxWeight` when
    /// both are known (same unit as `maxWeight`, grams in practice), each a
    /// copy with `price` = that country's `amount`; sorted by `priority`, then
    /// price, then name. Pure: no request.
    ///
    /// ```ts
    /// const options = selectableShippingMethods(methods, { countryCode: "NL", weight: 1200 });
    /// options[0].price; // e.g. 695
    /// ```
    /// Throws AfostoError INVALID_INPUT when `all` is not a `ShippingMethod[]` or
    /// the query has no countryCode or a negative/non-number weight.
    selectableShippingMethods: Export, ts "(all: ShippingMethod[], q: { countryCode: string; weight?: number }): (ShippingMethod & { price: number })[]";

    /// Whether a checkout session's shipping option (an element of
    /// `checkoutShippingMethods(id).options`) needs a service point, and
    /// whose: from its `type`, whose values the reference lists as `pick`,
    /// `homedelivery` and `servicepoint`. `"servicepoint"`: `{ needed: true,
    /// known: true, carrier }`, a point of that carrier (list them with
    /// `checkoutServicePoints(id, { methodId: option.id })`, select one with
    /// `selectServicePoint`). `"homedelivery"`: `{ needed: false, known: true }`.
    /// `"pick"` and any type the reference does not list: `{ needed: false,
    /// known: false }`, since the reference does not say; the page decides
    /// (for example by whether `checkoutServicePoints` lists points for it).
    /// ASCII case is ignored. Pure: no request.
    ///
    /// ```ts
    /// const { options } = await client.checkoutShippingMethods(id);
    /// const need = servicePointNeed(options[0]);
    /// if (need.needed) showPointPicker(need.carrier); // e.g. "postnl"
    /// ```
    /// Throws AfostoError INVALID_INPUT when `option` is not an object with
    /// string `type` and `carrier` (`fieldErrors` names `option.type`, …).
    servicePointNeed: Export, ts "(option: ShippingOption): ServicePointNeed";
}

#[cfg(target_arch = "wasm32")]
use crate::api::input::decode_obj;
#[cfg(target_arch = "wasm32")]
use crate::api::{
    addresses as ad, checkout as co, identity as id, order, service_points as sp, shipping as sh,
};
#[cfg(target_arch = "wasm32")]
use crate::client::wire::{build_raw_request, session_record, value};
#[cfg(target_arch = "wasm32")]
use crate::models::order as om;

operations! {
    /// Create an identity and sign in; stores the session.
    ///
    /// ```ts
    /// const s = await client.signUp({ email: "jane@example.com", password: "…" });
    /// ```
    /// Errors: INVALID_INPUT (empty email/password, email without @), CONFLICT (exists), VALIDATION, NETWORK, TIMEOUT, ABORTED, …
    signUp: SignIn POST "/rel/identity/create",
    ts "(c: Credentials, o?: CallOptions): Promise<IdentitySession>",
    build |x| id::build_credentials(x.cfg, id::CredentialsCall::SignUp, x.a),
    decode |b, _, now| id::decode_signed_token(b?, now).map(|s| session_record(&s));

    /// Sign in; stores the session.
    ///
    /// ```ts
    /// await client.signIn({ email, password });
    /// ```
    /// Errors: INVALID_INPUT, UNAUTHORIZED (wrong password), NOT_FOUND (unknown identity), NETWORK, TIMEOUT, ABORTED, …
    signIn: SignIn POST "/rel/identity/authorize",
    ts "(c: Credentials, o?: CallOptions): Promise<IdentitySession>",
    build |x| id::build_credentials(x.cfg, id::CredentialsCall::SignIn, x.a),
    decode |b, _, now| id::decode_signed_token(b?, now).map(|s| session_record(&s));

    /// Whether an identity exists for an email (204 -> true, 404 -> false;
    /// the reference also documents 409 "Identity already exists" for this
    /// endpoint, which reads as true).
    ///
    /// ```ts
    /// if (await client.identityExists({ email })) showPasswordField();
    /// ```
    identityExists: Run POST "/rel/identity/exists",
    ts "(i: { email: string; audience?: string }, o?: CallOptions): Promise<boolean>",
    build |x| id::build_exists(x.cfg, x.a),
    decode |b, _, _| id::decode_exists(b).map(wasm_bindgen::JsValue::from_bool);

    /// Request a one-time token by email, `type` "reset" or "confirm" (the
    /// reference's two values; any other is INVALID_INPUT).
    ///
    /// ```ts
    /// await client.requestIdentityToken({ email, type: "reset" });
    /// ```
    requestIdentityToken: Run POST "/rel/identity/tokens",
    ts "(i: { email: string; type: \"reset\" | \"confirm\"; audience?: string }, o?: CallOptions): Promise<{ status: string }>",
    build |x| id::build_request_token(x.cfg, x.a),
    decode |b, _, _| id::decode_token_status(b?);

    /// Set a new password with a reset token; stores the session.
    resetPassword: SignIn POST "/rel/identity/reset",
    ts "(i: { token: string; password: string }, o?: CallOptions): Promise<IdentitySession>",
    build |x| id::build_reset(x.cfg, x.a),
    decode |b, _, now| id::decode_signed_token(b?, now).map(|s| session_record(&s));

    /// Verify the identity with a confirm token; stores the session.
    verifyIdentity: SignIn POST "/rel/identity/verify",
    ts "(i: { token: string }, o?: CallOptions): Promise<IdentitySession>",
    build |x| id::build_verify(x.cfg, x.a),
    decode |b, _, now| id::decode_signed_token(b?, now).map(|s| session_record(&s));

    /// Exchange the current token for a later one. Concurrent calls share
    /// one request. Errors: UNAUTHORIZED when signed out.
    extendSession: Custom GET "/iam/jwt/extend",
    ts "(o?: CallOptions): Promise<IdentitySession>",
    build |_| Ok(id::build_extend()),
    decode |b, _, now| id::decode_access_token(b?, now).map(|s| session_record(&s));

    /// Sign out: revoke the token and clear the local session, even when
    /// the revoke fails (the promise still resolves).
    signOut: Custom GET "/iam/jwt/revoke",
    ts "(o?: CallOptions): Promise<void>",
    build |_| Ok(id::build_revoke()),
    decode |b, _, _| b.map(|_| wasm_bindgen::JsValue::UNDEFINED);

    /// Which address fields a country requires and allows, with camelCase
    /// field names. Cached per country for the client's lifetime: a second
    /// call sends nothing.
    ///
    /// ```ts
    /// const f = await client.addressFormat("NL"); // { countryCode: "NL", required: ["countryCode", "postalCode", …], allowed: […] }
    /// ```
    /// Errors: INVALID_INPUT (`countryCode` not two letters, either case), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, DECODE, …
    addressFormat: Custom GET "/rel/options/addresses",
    ts "(countryCode: string, o?: CallOptions): Promise<AddressFormat>",
    build |x| {
        let cc = ad::country_code(x.a)?;
        let r = ad::build_address_format(&cc);
        x.context = cc;
        Ok(r)
    },
    decode |b, cc, _| ad::decode_address_format(b?, cc);

    /// Start an address-autocomplete session. `debounceMs` (default 150) is
    /// how long each `search` waits for a newer one before sending.
    ///
    /// ```ts
    /// const s = await client.startAddressSearch("NL");
    /// const { options, result } = await s.search("Damrak 1");
    /// ```
    /// Errors: INVALID_INPUT (`countryCode`, `debounceMs`), VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE, …
    startAddressSearch: Custom GET "/rel/search/addresses",
    ts "(countryCode: string, o?: CallOptions & { debounceMs?: number }): Promise<AddressSearch>",
    build |x| {
        let cc = ad::country_code(x.a)?;
        let r = ad::build_start_search(&cc);
        x.context = cc;
        Ok(r)
    },
    decode |b, _, _| ad::decode_search_session(b?).map(|k| wasm_bindgen::JsValue::from_str(&k));

    /// Autocomplete a query in a search session (`AddressSearch.search`).
    search: Internal POST "/rel/search/addresses",
    ts "",
    build |x| Ok(ad::build_search(&value::text(x.a), &value::text(x.b), &value::text(x.c))),
    decode |b, _, _| ad::decode_search_result(b?);

    /// `search`, where a rejected session key gives `null` instead of an
    /// error, so the shell can start a new session and retry once.
    searchFirst: Internal POST "/rel/search/addresses",
    ts "",
    build |x| Ok(ad::build_search(&value::text(x.a), &value::text(x.b), &value::text(x.c))),
    decode |b, _, _| match b {
        Err(e) if ad::session_rejected(&e) => Ok(wasm_bindgen::JsValue::NULL),
        b => ad::decode_search_result(b?),
    };

    /// Geocode a free-form address.
    ///
    /// ```ts
    /// const { lat, long, isPrecise } = await client.geocode({ countryCode: "NL", address: "Damrak 1, Amsterdam" });
    /// ```
    /// Errors: INVALID_INPUT, NOT_FOUND (no match), VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE, …
    geocode: Run POST "/rel/geocode",
    ts "(i: { countryCode: string; address: string }, o?: CallOptions): Promise<GeoLocation>",
    build |x| ad::build_geocode(x.a),
    decode |b, _, _| ad::decode_geo_location(b?);

    /// Store an address. Types are checked first, and when `addressFormat`
    /// has been loaded for its country, the same rules as `validateAddress`:
    /// a problem rejects with `INVALID_INPUT` (+ `fieldErrors`) and nothing is
    /// sent. The API's own 400 becomes `VALIDATION` with its `fieldErrors`.
    ///
    /// ```ts
    /// const a = await client.createAddress({ countryCode: "NL", postalCode: "1012 LG", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam" });
    /// ```
    createAddress: Custom POST "/rel/addresses",
    ts "(a: AddressInput, o?: CallOptions): Promise<Address>",
    build |x| ad::build_create_address(x.a, value::present(x.b)),
    decode |b, _, _| ad::decode_address(b?);

    /// Read a stored address.
    ///
    /// ```ts
    /// const a = await client.getAddress(id);
    /// ```
    /// Errors: INVALID_INPUT (empty id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, DECODE, …
    getAddress: Run GET "/rel/addresses/{id}",
    ts "(id: string, o?: CallOptions): Promise<Address>",
    build |x| ad::build_get_address(x.a),
    decode |b, _, _| ad::decode_address(b?);

    /// Geocode a stored address (an id from `createAddress` or a checkout
    /// session's addresses).
    ///
    /// ```ts
    /// const { lat, long } = await client.geocodeAddress(address.id);
    /// ```
    /// Errors: INVALID_INPUT (empty id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    geocodeAddress: Run GET "/rel/addresses/{id}/geocode",
    ts "(id: string, o?: CallOptions): Promise<GeoLocation>",
    build |x| ad::build_geocode_address(x.a),
    decode |b, _, _| ad::decode_geo_location(b?);

    /// The shipping methods for a country. `channelId` defaults to
    /// `ClientConfig.channelId`. Missing flags are `false` and a missing
    /// `priority` is 100, as the API documents.
    ///
    /// ```ts
    /// const methods = await client.listShippingMethods({ countryCode: "NL" });
    /// const options = selectableShippingMethods(methods, { countryCode: "NL", weight: 1200 });
    /// ```
    /// Errors: INVALID_INPUT (missing countryCode), NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    listShippingMethods: Run GET "/lcs/methods",
    ts "(q: { countryCode: string; channelId?: string }, o?: CallOptions): Promise<ShippingMethod[]>",
    build |x| sh::build_list_methods(x.cfg, x.a),
    decode |b, _, _| sh::decode_methods(b?);

    /// One shipping method (the id is percent-encoded).
    ///
    /// ```ts
    /// const m = await client.getShippingMethod(id, { countryCode: "BE" });
    /// ```
    /// Errors: INVALID_INPUT (empty id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    getShippingMethod: Run GET "/lcs/methods/{id}",
    ts "(id: string, q?: { countryCode?: string; channelId?: string }, o?: CallOptions): Promise<ShippingMethod>",
    build |x| sh::build_get_method(x.cfg, x.a, x.b),
    decode |b, _, _| sh::decode_method(b?);

    /// A carrier's service points near a postal code, nearest first.
    /// `carrier` (e.g. "postnl", "dhl") is percent-encoded as one path
    /// segment. Weekdays in `openings` are ISO: 1 = Monday … 7 = Sunday.
    ///
    /// ```ts
    /// const near = await client.listServicePoints({ carrier: "postnl", countryCode: "NL", postalCode: "1012 AB" });
    /// ```
    /// Errors: INVALID_INPUT, NOT_FOUND (unknown carrier), VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    listServicePoints: Run GET "/lcs/points/{carrier}",
    ts "(q: { carrier: string; countryCode: string; postalCode: string; channelId?: string }, o?: CallOptions): Promise<ServicePointMatch[]>",
    build |x| sp::build_list_points(x.cfg, x.a),
    decode |b, _, _| sp::decode_matches(b?);

    /// One service point (carrier and id percent-encoded).
    ///
    /// ```ts
    /// const p = await client.getServicePoint({ carrier: "dhl", id: "8004-NL-270401" });
    /// ```
    /// Errors: INVALID_INPUT, NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    getServicePoint: Run GET "/lcs/points/{carrier}/{id}",
    ts "(q: { carrier: string; id: string; countryCode?: string; channelId?: string }, o?: CallOptions): Promise<ServicePoint>",
    build |x| sp::build_get_point(x.cfg, x.a),
    decode |b, _, _| sp::decode_point(b?);

    /// DPD parcel shops near a postal code, mapped from DPD's own format to
    /// `ServicePointMatch` (id = DPD's `pudoId`, else `parcelShopId` as a
    /// string; DPD's own fields on `point.dpd`; name = company, carrier
    /// "dpd", house numbers like "12a" split into `premiseNumber` and
    /// `premiseNumberSuffix`, weekday names to ISO numbers, morning/afternoon
    /// to windows), nearest first.
    ///
    /// ```ts
    /// const shops = await client.listDpdServicePoints({ countryCode: "DE", postalCode: "10115" });
    /// ```
    /// Errors: INVALID_INPUT, VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    listDpdServicePoints: Run GET "/lcs/dpd/points",
    ts "(q: { countryCode: string; postalCode: string }, o?: CallOptions): Promise<ServicePointMatch[]>",
    build |x| {
        x.context = value::text(&crate::json::Json::get(x.a, "countryCode"));
        sp::build_dpd_points(x.a)
    },
    decode |b, cc, _| sp::decode_dpd(b?, cc);

    /// Service points of several carriers at once: all carriers are
    /// requested in parallel ("dpd" through the DPD endpoint). The postal
    /// code is geocoded (cached) and every match gains `metres`, its
    /// great-circle distance from there, by which the lists are merged and
    /// cut to `limit` (the carriers' own `distance` has no documented unit).
    /// If the geocode fails: per-carrier order, carriers in the order asked.
    /// A carrier that fails does not fail the call: it is listed in `failed`
    /// with its `AfostoError`.
    ///
    /// ```ts
    /// const { matches, failed } = await client.findServicePoints({
    ///   carriers: ["postnl", "dhl", "dpd"], countryCode: "NL", postalCode: "1012 AB", limit: 10 });
    /// ```
    /// Errors: INVALID_INPUT (no carriers, missing countryCode/postalCode, limit not a positive integer), ABORTED.
    findServicePoints: Custom GET "/lcs/points/{carrier}",
    ts "(q: { carriers: string[]; countryCode: string; postalCode: string; channelId?: string; limit?: number }, o?: CallOptions): Promise<{ matches: ServicePointMatch[]; failed: { carrier: string; error: AfostoError }[] }>",
    build |x| sp::build_list_points(x.cfg, x.a),
    decode |b, _, _| sp::decode_matches(b?);

    /// Call any other endpoint of the API with the same base URL, auth,
    /// timeout, retry and error handling. `path` must start with `/` and stay
    /// on the API (`INVALID_INPUT` otherwise); so must the body
    /// (JSON-serializable, none on a GET) and the query values (strings,
    /// finite numbers, booleans; `undefined` is left out). Resolves the
    /// parsed JSON body as sent (snake_case), `undefined` for an empty body.
    ///
    /// ```ts
    /// const apps = await client.request("GET", "/int/apps/store", { query: { page: 1 } });
    /// ```
    /// Errors: INVALID_INPUT, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE (non-JSON body).
    request: RunInit GET "{path}",
    ts "(method: \"GET\" | \"POST\" | \"PUT\" | \"DELETE\", path: string, init?: { query?: Record<string, string | number | boolean | undefined>; body?: unknown } & CallOptions): Promise<unknown>",
    build |x| build_raw_request(x.a, x.b, x.c),
    decode |b, _, _| Ok(b?.unwrap_or(wasm_bindgen::JsValue::UNDEFINED));

    /// Start a checkout session. `audience` defaults to
    /// `ClientConfig.audience`; `expiresAt` is an ISO date-time.
    ///
    /// ```ts
    /// const { id } = await client.createCheckoutSession();
    /// ```
    /// Errors: INVALID_INPUT (expiresAt not a date-time), VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    createCheckoutSession: Run POST "/odr/sessions",
    ts "(i?: { audience?: string; expiresAt?: string }, o?: CallOptions): Promise<CheckoutSession>",
    build |x| co::build_create_session(x.cfg, x.a),
    decode |b, _, _| co::decode_session(b?);

    /// Add an address to the session and select it as the shipping address:
    /// `POST /odr/sessions/{id}/address` (202), then `PUT /odr/sessions/{id}/shipping`
    /// with its id. Resolves the selected address. When the POST succeeded
    /// and the PUT failed, the rejection carries `addressId`: select it with
    /// `selectShippingAddress` instead of adding it again.
    ///
    /// ```ts
    /// const a = await client.setCheckoutAddress(id, { countryCode: "NL", postalCode: "1012 AB", premiseNumber: 1 });
    /// ```
    /// Errors: INVALID_INPUT (empty session id, countryCode not two letters), NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE.
    setCheckoutAddress: Custom POST "/odr/sessions/{id}/address",
    ts "(sessionId: string, a: AddressInput, o?: CallOptions): Promise<Address>",
    build |x| co::build_set_address(x.a, x.b),
    decode |b, _, _| co::decode_address(b?);

    /// Add an address to the session without selecting it (`POST
    /// /odr/sessions/{id}/address`, 202): a billing address that differs from
    /// the shipping address, then `selectBillingAddress` with its `id`.
    /// Resolves the added address.
    ///
    /// ```ts
    /// const a = await client.addCheckoutAddress(id, { countryCode: "NL", postalCode: "1012 AB", premiseNumber: 1 });
    /// await client.selectBillingAddress(id, { addressId: a.id });
    /// ```
    /// Errors: INVALID_INPUT (empty session id, countryCode not two letters), NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    addCheckoutAddress: Run POST "/odr/sessions/{id}/address",
    ts "(sessionId: string, a: AddressInput, o?: CallOptions): Promise<Address>",
    build |x| co::build_set_address(x.a, x.b),
    decode |b, _, _| co::decode_address(b?);

    /// The session's selected shipping method (`active`, absent when none)
    /// and the methods it offers.
    ///
    /// ```ts
    /// const { active, options } = await client.checkoutShippingMethods(id, { countryCode: "NL" });
    /// ```
    /// Errors: INVALID_INPUT, NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    checkoutShippingMethods: Run GET "/odr/sessions/{id}/shipping/methods",
    ts "(sessionId: string, q?: { countryCode?: string }, o?: CallOptions): Promise<CheckoutShippingMethods>",
    build |x| in_session(x, co::build_session_methods),
    decode |b, _, _| co::decode_session_methods(b?);

    /// Select the session's shipping method; `isSplitAllowed` defaults to false.
    ///
    /// ```ts
    /// await client.selectShippingMethod(id, { methodId: options[0].id });
    /// ```
    /// Errors: INVALID_INPUT (empty methodId), NOT_FOUND, VALIDATION (unknown method), NETWORK, TIMEOUT, ABORTED, DECODE.
    selectShippingMethod: Run PUT "/odr/sessions/{id}/shipping/methods",
    ts "(sessionId: string, i: { methodId: string; isSplitAllowed?: boolean }, o?: CallOptions): Promise<SelectedShippingMethod>",
    build |x| in_session(x, co::build_select_method),
    decode |b, _, _| co::decode_active_method(b?);

    /// The session's selected service point (`active`, absent when none) and
    /// nearby points, nearest first. The API's `longtitude` (sic) comes back
    /// as `longitude`.
    ///
    /// ```ts
    /// const { active, options } = await client.checkoutServicePoints(id, { postalCode: "1012 AB" });
    /// ```
    /// Errors: INVALID_INPUT, NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    checkoutServicePoints: Run GET "/odr/sessions/{id}/shipping/point",
    ts "(sessionId: string, q?: { countryCode?: string; methodId?: string; postalCode?: string }, o?: CallOptions): Promise<CheckoutServicePoints>",
    build |x| in_session(x, co::build_session_points),
    decode |b, _, _| co::decode_session_points(b?);

    /// Select the session's service point; `countryCode` is checked (two
    /// letters) and sent upper case. When the client has seen this session's
    /// shipping methods (`checkoutShippingMethods`), the method it holds
    /// (that answer's `active`, or `selectShippingMethod`) and, for a carrier
    /// check, the point listed (`checkoutServicePoints`), an accepted point
    /// that does not fit is reported to `onWarning` listeners (never thrown:
    /// the server decides) as a `CONFLICT` AfostoError with `fieldErrors`
    /// `{ spid: ["no_service_point"] }` (the method's type is
    /// "homedelivery") or `{ spid: ["carrier_mismatch"] }` (the point's
    /// carrier is not the method's). Knowing nothing, it warns about nothing.
    ///
    /// ```ts
    /// await client.selectServicePoint(id, { spid: options[0].point.id, countryCode: "NL" });
    /// ```
    /// Errors: INVALID_INPUT (empty spid, countryCode not two letters), NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE.
    selectServicePoint: Run PUT "/odr/sessions/{id}/shipping/point",
    ts "(sessionId: string, i: SelectedServicePoint, o?: CallOptions): Promise<SelectedServicePoint>",
    build |x| in_session(x, co::build_select_point),
    decode |b, _, _| co::decode_active_point(b?);

    /// Select one of the session's addresses as its shipping address
    /// (`{address_id}`): a saved address from `checkoutShippingAddress`'s
    /// options, or the `addressId` of a failed `setCheckoutAddress`. Resolves
    /// the selected address.
    ///
    /// ```ts
    /// await client.selectShippingAddress(id, { addressId: options.contact.primary.id });
    /// ```
    /// Errors: INVALID_INPUT (empty ids), NOT_FOUND, VALIDATION (unknown address), NETWORK, TIMEOUT, ABORTED, DECODE.
    selectShippingAddress: Run PUT "/odr/sessions/{id}/shipping",
    ts "(sessionId: string, i: { addressId: string }, o?: CallOptions): Promise<Address>",
    build |x| co::build_select_shipping_address(x.a, x.b),
    decode |b, _, _| co::decode_address(b?);

    /// The session's selected shipping address (`active`, absent when none)
    /// and the saved addresses to choose from, by where they come from: the
    /// signed-in contact's, the organisation's and the ones added to this
    /// session.
    ///
    /// ```ts
    /// const { active, options } = await client.checkoutShippingAddress(id);
    /// const saved = [options.contact?.primary, ...(options.contact?.secondary ?? [])];
    /// ```
    /// Errors: INVALID_INPUT (empty session id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    checkoutShippingAddress: Run GET "/odr/sessions/{id}/shipping",
    ts "(sessionId: string, o?: CallOptions): Promise<CheckoutAddresses>",
    build |x| co::build_shipping_address(x.a),
    decode |b, _, _| co::decode_shipping_address(b?);

    /// The session itself: its id and when it expires (the reference
    /// answers `{ expires_at }`; the id is the one asked for).
    ///
    /// ```ts
    /// const { expiresAt } = await client.getCheckoutSession(id);
    /// ```
    /// Errors: INVALID_INPUT (empty id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    getCheckoutSession: Run GET "/odr/sessions/{id}",
    ts "(sessionId: string, o?: CallOptions): Promise<CheckoutSession>",
    build |x| {
        x.context = value::text(x.a);
        order::build_get_session(x.a)
    },
    decode |b, id, _| order::decode_get_session(b?, id);

    /// Attach the cart: an order the shop's back end made (`{order_id}`).
    ///
    /// ```ts
    /// await client.attachOrder(id, { orderId });
    /// ```
    /// Errors: INVALID_INPUT (empty ids), NOT_FOUND, VALIDATION (unknown order), NETWORK, TIMEOUT, ABORTED, any HTTP code.
    attachOrder: Run PUT "/odr/sessions/{id}/order",
    ts "(sessionId: string, i: { orderId: string }, o?: CallOptions): Promise<void>",
    build |x| order::build_attach_order(x.a, x.b),
    decode |b, _, _| b.map(|_| wasm_bindgen::JsValue::UNDEFINED);

    /// Set the session's contact (the shopper's email and name; 204, read it
    /// back with `checkoutContact`).
    ///
    /// ```ts
    /// await client.setCheckoutContact(id, { email: "jane@example.com", givenName: "Jane" });
    /// ```
    /// Errors: INVALID_INPUT (empty id, an email without @), NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code.
    setCheckoutContact: Run POST "/odr/sessions/{id}/contact",
    ts "(sessionId: string, c: { email: string; givenName?: string; additionalName?: string; familyName?: string }, o?: CallOptions): Promise<void>",
    build |x| order::build_set_contact(x.a, x.b),
    decode |b, _, _| b.map(|_| wasm_bindgen::JsValue::UNDEFINED);

    /// The session's contact, or `undefined` when it has none yet.
    ///
    /// ```ts
    /// const contact = await client.checkoutContact(id);
    /// ```
    /// Errors: INVALID_INPUT (empty id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    checkoutContact: Run GET "/odr/sessions/{id}/contact",
    ts "(sessionId: string, o?: CallOptions): Promise<CheckoutContact | undefined>",
    build |x| order::build_get_contact(x.a),
    decode |b, _, _| order::decode_contact(b?);

    /// Add a phone number to the session (202); select it with `selectPhoneNumber`.
    ///
    /// ```ts
    /// const phone = await client.addCheckoutPhoneNumber(id, { countryCode: "NL", number: "0612345678" });
    /// ```
    /// Errors: INVALID_INPUT (empty id/number, countryCode not two letters), NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE.
    addCheckoutPhoneNumber: Run POST "/odr/sessions/{id}/phonenumbers",
    ts "(sessionId: string, p: { countryCode: string; number: string }, o?: CallOptions): Promise<PhoneNumber>",
    build |x| order::build_add_phone(x.a, x.b),
    decode |b, _, _| decode_obj(b?, &om::PHONE);

    /// Select the session's phone number (`{phone_number_id}`).
    ///
    /// ```ts
    /// await client.selectPhoneNumber(id, { phoneNumberId: phone.id });
    /// ```
    /// Errors: INVALID_INPUT (empty ids), NOT_FOUND, VALIDATION (unknown number), NETWORK, TIMEOUT, ABORTED, any HTTP code.
    selectPhoneNumber: Run PUT "/odr/sessions/{id}/phonenumbers",
    ts "(sessionId: string, i: { phoneNumberId: string }, o?: CallOptions): Promise<void>",
    build |x| order::build_select_phone(x.a, x.b),
    decode |b, _, _| b.map(|_| wasm_bindgen::JsValue::UNDEFINED);

    /// Select the session's billing address (`{address_id}`): one of
    /// `checkoutBillingAddress`'s options, or the shipping address's id
    /// ("same as shipping").
    ///
    /// ```ts
    /// await client.selectBillingAddress(id, { addressId: shippingAddress.id });
    /// ```
    /// Errors: INVALID_INPUT (empty ids), NOT_FOUND, VALIDATION (unknown address), NETWORK, TIMEOUT, ABORTED, DECODE.
    selectBillingAddress: Run PUT "/odr/sessions/{id}/billing",
    ts "(sessionId: string, i: { addressId: string }, o?: CallOptions): Promise<Address>",
    build |x| order::build_select_billing(x.a, x.b),
    decode |b, _, _| co::decode_address(b?);

    /// The session's selected billing address (`active`, absent when none)
    /// and the saved addresses to choose from.
    ///
    /// ```ts
    /// const { active, options } = await client.checkoutBillingAddress(id);
    /// ```
    /// Errors: INVALID_INPUT (empty id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    checkoutBillingAddress: Run GET "/odr/sessions/{id}/billing",
    ts "(sessionId: string, o?: CallOptions): Promise<CheckoutAddresses>",
    build |x| order::build_billing_address(x.a),
    decode |b, _, _| co::decode_shipping_address(b?);

    /// The session's selected payment method (`active`, absent when none;
    /// the reference spells it `acitve`) and the methods it offers with
    /// their issuers (an issuer's `id` is the reference's issuer `method_id`:
    /// send it back as `issuerId`).
    ///
    /// ```ts
    /// const { options } = await client.checkoutPaymentMethods(id);
    /// ```
    /// Errors: INVALID_INPUT (empty id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    checkoutPaymentMethods: Run GET "/odr/sessions/{id}/billing/methods",
    ts "(sessionId: string, o?: CallOptions): Promise<CheckoutPaymentMethods>",
    build |x| order::build_payment_methods(x.a),
    decode |b, _, _| order::decode_payment_methods(b?);

    /// Select the session's payment method (and issuer).
    ///
    /// ```ts
    /// await client.selectPaymentMethod(id, { methodId: "ideal", issuerId: "ing" });
    /// ```
    /// Errors: INVALID_INPUT (empty ids), NOT_FOUND, VALIDATION (unknown method or issuer), NETWORK, TIMEOUT, ABORTED, DECODE.
    selectPaymentMethod: Run PUT "/odr/sessions/{id}/billing/methods",
    ts "(sessionId: string, i: { methodId: string; issuerId?: string }, o?: CallOptions): Promise<SelectedPaymentMethod>",
    build |x| order::build_select_payment(x.a, x.b),
    decode |b, _, _| decode_obj(b?, &om::PAYMENT_ACTIVE);

    /// What the order costs, ready to show (the price projection): items
    /// with their adjustments, services (shipping, fees; a percentage
    /// `amount` is a percentage, never money), order-level adjustments
    /// (discounts), VAT lines, subtotal and total in integer minor units.
    ///
    /// ```ts
    /// const t = await client.checkoutTotals(id);
    /// const money = new Intl.NumberFormat("nl-NL", { style: "currency", currency: t.currency ?? "EUR" });
    /// money.format(t.total / 100);
    /// ```
    /// Errors: INVALID_INPUT (empty id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    checkoutTotals: Run GET "/odr/sessions/{id}/projection",
    ts "(sessionId: string, o?: CallOptions): Promise<CheckoutTotals>",
    build |x| order::build_totals(x.a),
    decode |b, _, _| decode_obj(b?, &om::TOTALS);

    /// `placeOrder`'s first step: a fresh calculation (its total checked
    /// against `expectedTotal`).
    calculation: Internal GET "/odr/sessions/{id}/calculation",
    ts "",
    build |x| {
        let (r, expected) = order::build_calculation(x.a, x.b)?;
        x.context = expected;
        Ok(r)
    },
    decode |b, expected, _| order::decode_calculation(b?, expected);

    /// Place the order without ever paying twice: a fresh calculation, then
    /// one authorize of it (`GET …/calculation`, then `POST …/authorize`
    /// `{calculation_id}`). Never retried by the transport; a second call
    /// while one is in flight for the session joins it; after an accepted
    /// authorize a later call answers the same result without sending (a
    /// click after the back button). `expectedTotal` (what the shopper saw,
    /// minor units): a different calculated total is `CONFLICT`, and nothing
    /// is authorized. When the authorize was sent and its outcome is unknown
    /// (timeout, lost connection, unreadable answer) the rejection has
    /// `outcomeUnknown: true`, and the next `placeOrder` for the session is
    /// `CONFLICT` without sending unless `retryUnknown: true`. The page
    /// follows `forwardUri` itself (https, or loopback in development).
    ///
    /// ```ts
    /// const placed = await client.placeOrder(id, { expectedTotal: totals.total });
    /// if (placed.accepted && placed.forwardUri) location.assign(placed.forwardUri);
    /// ```
    /// Errors: INVALID_INPUT, CONFLICT (changed total; an unknown outcome before), NOT_FOUND, VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE.
    placeOrder: Custom POST "/odr/sessions/{id}/authorize",
    ts "(sessionId: string, i?: { expectedTotal?: number; retryUnknown?: boolean }, o?: CallOptions): Promise<PlacedOrder>",
    build |x| order::build_authorize(x.a, x.b),
    decode |b, _, _| order::decode_authorize(b?);

    /// A payment transaction by its secret (the payment return page).
    ///
    /// ```ts
    /// const t = await client.getTransaction(new URL(location.href).searchParams.get("secret") ?? "");
    /// t.payments.some((p) => p.isPaid);
    /// ```
    /// Errors: INVALID_INPUT (empty secret), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    getTransaction: Run GET "/odr/transactions/{secret}",
    ts "(secret: string, o?: CallOptions): Promise<Transaction>",
    build |x| order::build_transaction(x.a),
    decode |b, _, _| decode_obj(b?, &om::TRANSACTION);
}
