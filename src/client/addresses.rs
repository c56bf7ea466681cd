//! Address methods of `AfostoClient` (API.md, "Address search") and the
//! `AddressSearch` autocomplete session class.

use super::{call_opts, reject, spawn, AfostoClient, Ctx, Inner};
use crate::api::addresses::{self as api, SearchMemo, SEARCH_PATH};
use crate::error::Error;
use crate::http::fetch::{sleep, CallOpts};
use crate::http::HttpRequest;
use crate::json::Json;
use js_sys::Promise;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/client/search.js")]
extern "C" {
    #[wasm_bindgen(js_name = searchController)]
    fn search_controller(signal: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = cancelSearch)]
    fn cancel_search(controller: &JsValue);
}

fn at(req: &HttpRequest<JsValue>) -> impl Fn(Error) -> Error + '_ {
    move |e| e.at(req.method.as_str(), &req.path)
}

fn or_undefined(o: &Option<JsValue>) -> JsValue {
    o.clone().unwrap_or(JsValue::UNDEFINED)
}

/// The cached `AddressFormat` of a country (upper-case code), if any.
fn cached_format(inner: &Inner, cc: &str) -> Option<JsValue> {
    inner
        .address_formats
        .try_borrow()
        .ok()?
        .iter()
        .find(|(c, _)| c == cc)
        .map(|(_, f)| f.clone())
}

/// `GET /rel/search/addresses?country_code=XX` -> a fresh session key.
async fn new_session(inner: &Rc<Inner>, cc: &str, opts: &CallOpts) -> Result<String, Error> {
    let req = api::build_start_search(cc);
    let body = inner.call(&req, opts).await?;
    api::decode_search_session(body).map_err(at(&req))
}

/// `addressFormat`'s decoder: decode and cache the format of `ctx.country`.
fn cache_format(
    inner: &Rc<Inner>,
    body: Result<Option<JsValue>, Error>,
    ctx: &Ctx,
) -> Result<JsValue, Error> {
    let cc = &ctx.country;
    let f = api::decode_address_format(body?, cc)?;
    if cached_format(inner, cc).is_none() {
        if let Ok(mut list) = inner.address_formats.try_borrow_mut() {
            list.push((cc.clone(), f.clone()));
        }
    }
    Ok(f)
}

/// `startAddressSearch`'s decoder: the session for country `ctx.country`
/// with `ctx.debounce_ms`.
fn start_search(
    inner: &Rc<Inner>,
    body: Result<Option<JsValue>, Error>,
    ctx: &Ctx,
) -> Result<JsValue, Error> {
    let session_key = api::decode_search_session(body?)?;
    Ok(AddressSearch {
        inner: inner.clone(),
        country_code: ctx.country.clone(),
        debounce_ms: ctx.debounce_ms,
        state: Rc::new(RefCell::new(SearchState {
            session_key,
            generation: 0,
            controller: None,
            memo: SearchMemo::new(),
        })),
    }
    .into())
}

#[wasm_bindgen]
impl AfostoClient {
    /// Which address fields a country requires and allows
    /// (`GET /rel/options/addresses`), with camelCase field names. Cached per
    /// country for the client's lifetime: a second call sends nothing.
    ///
    /// ```ts
    /// const f = await client.addressFormat("NL"); // { countryCode: "NL", required: ["countryCode", "postalCode", …], allowed: […] }
    /// ```
    /// Errors: INVALID_INPUT (`countryCode` not two letters A-Z), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, DECODE, …
    #[wasm_bindgen(js_name = addressFormat, unchecked_return_type = "Promise<AddressFormat>")]
    pub fn address_format(
        &self,
        #[wasm_bindgen(js_name = countryCode, unchecked_param_type = "string")]
        country_code: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        let cc = match call_opts(&self.inner.cfg, &o).and_then(|_| api::country_code(&country_code))
        {
            Ok(cc) => cc,
            Err(e) => return reject(e),
        };
        if let Some(f) = cached_format(&self.inner, &cc) {
            return Promise::resolve(&f);
        }
        let req = api::build_address_format(&cc);
        self.typed_call(
            o,
            Ok(req),
            cache_format,
            Ctx {
                country: cc,
                debounce_ms: 0.0,
            },
        )
    }

    /// Check an address against a country's format, locally and
    /// synchronously. Returns problems per camelCase field (`{}` when valid):
    /// `"required"` (missing or blank), `"not_allowed"` (not in `allowed`),
    /// `"invalid"` (`countryCode` not two letters A-Z, `premiseNumber` not a
    /// positive integer, or a field of the wrong type).
    ///
    /// ```ts
    /// client.validateAddress({ countryCode: "NL", locality: "Amsterdam" }, await client.addressFormat("NL"))
    /// // { postalCode: ["required"], premiseNumber: ["required"], thoroughfare: ["required"] }
    /// ```
    #[wasm_bindgen(js_name = validateAddress, unchecked_return_type = "Record<string, string[]>")]
    pub fn validate_address(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AddressInput")] a: JsValue,
        #[wasm_bindgen(unchecked_param_type = "AddressFormat")] f: JsValue,
    ) -> JsValue {
        api::field_errors_value(&api::validate_address(&a, &f))
    }

    /// Start an address-autocomplete session (`GET /rel/search/addresses`).
    /// `debounceMs` (default 150) is how long each `search` waits for a newer
    /// one before sending.
    ///
    /// ```ts
    /// const s = await client.startAddressSearch("NL");
    /// const { options, result } = await s.search("Damrak 1");
    /// ```
    /// Errors: INVALID_INPUT (`countryCode`, `debounceMs`), VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE, …
    #[wasm_bindgen(js_name = startAddressSearch, unchecked_return_type = "Promise<AddressSearch>")]
    pub fn start_address_search(
        &self,
        #[wasm_bindgen(js_name = countryCode, unchecked_param_type = "string")]
        country_code: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions & { debounceMs?: number }")] o: Option<
            JsValue,
        >,
    ) -> Promise {
        let prepared = api::country_code(&country_code)
            .and_then(|cc| Ok((cc, api::debounce_ms(&or_undefined(&o))?)));
        let (cc, debounce_ms) = match prepared {
            Ok(p) => p,
            Err(e) => return reject(e),
        };
        let req = api::build_start_search(&cc);
        self.typed_call(
            o,
            Ok(req),
            start_search,
            Ctx {
                country: cc,
                debounce_ms,
            },
        )
    }

    /// Geocode a free-form address (`POST /rel/geocode`).
    ///
    /// ```ts
    /// const { lat, long, isPrecise } = await client.geocode({ countryCode: "NL", address: "Damrak 1, Amsterdam" });
    /// ```
    /// Errors: INVALID_INPUT, NOT_FOUND (no match), VALIDATION, NETWORK, TIMEOUT, ABORTED, DECODE, …
    #[wasm_bindgen(unchecked_return_type = "Promise<GeoLocation>")]
    pub fn geocode(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ countryCode: string; address: string }")]
        i: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_geocode(&i),
            |_, b, _| api::decode_geo_location(b?),
            Ctx::default(),
        )
    }

    /// Store an address (`POST /rel/addresses`). Types are checked first, and
    /// when `addressFormat` has been loaded for its country, the same rules as
    /// `validateAddress`: a problem rejects with `INVALID_INPUT` (+ `fieldErrors`)
    /// and nothing is sent. The API's own 400 becomes `VALIDATION` with its `fieldErrors`.
    ///
    /// ```ts
    /// const a = await client.createAddress({ countryCode: "NL", postalCode: "1012 LG", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam" });
    /// ```
    #[wasm_bindgen(js_name = createAddress, unchecked_return_type = "Promise<Address>")]
    pub fn create_address(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AddressInput")] a: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        let format = Json::get(&a, "countryCode")
            .as_string()
            .and_then(|cc| cached_format(&self.inner, &cc.to_ascii_uppercase()));
        self.typed_call(
            o,
            api::build_create_address(&a, format.as_ref()),
            |_, b, _| api::decode_address(b?),
            Ctx::default(),
        )
    }

    /// Read a stored address (`GET /rel/addresses/{id}`).
    ///
    /// ```ts
    /// const a = await client.getAddress(id);
    /// ```
    /// Errors: INVALID_INPUT (empty id), NOT_FOUND, NETWORK, TIMEOUT, ABORTED, DECODE, …
    #[wasm_bindgen(js_name = getAddress, unchecked_return_type = "Promise<Address>")]
    pub fn get_address(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_get_address(&id),
            |_, b, _| api::decode_address(b?),
            Ctx::default(),
        )
    }
}

/// Mutable state of one autocomplete session.
struct SearchState {
    session_key: String,
    /// Bumped by every `search` call; only the latest may resolve.
    generation: u32,
    /// The AbortController of the latest search while it waits or is in flight.
    controller: Option<JsValue>,
    /// Answers seen in this session, by (query, context).
    memo: SearchMemo<JsValue>,
}

/// One address-autocomplete session (holds the `session_key`). Create it
/// with `client.startAddressSearch(countryCode)`.
///
/// ```ts
/// const s = await client.startAddressSearch("NL");
/// input.oninput = async () => {
///   try { render(await s.search(input.value)); }
///   catch (e) { if (!(isAfostoError(e) && e.code === "ABORTED")) throw e; }
/// };
/// ```
#[wasm_bindgen]
pub struct AddressSearch {
    inner: Rc<Inner>,
    country_code: String,
    debounce_ms: f64,
    state: Rc<RefCell<SearchState>>,
}

fn aborted(superseded: bool) -> Error {
    let e = if superseded {
        let mut e = Error::aborted();
        e.message = "superseded by a newer search".into();
        e
    } else {
        Error::aborted()
    };
    e.at("POST", SEARCH_PATH)
}

/// The session key in use ("" while `state` is borrowed, which cannot happen:
/// borrows never span an await).
fn session_key(state: &RefCell<SearchState>) -> String {
    state
        .try_borrow()
        .map(|s| s.session_key.clone())
        .unwrap_or_default()
}

/// Send one search; when the session key is rejected (expired/unknown: 400
/// naming `session_key`, 404, 410), start a new session once and retry.
async fn send_search(
    inner: &Rc<Inner>,
    state: &Rc<RefCell<SearchState>>,
    cc: &str,
    query: &str,
    context: &str,
    opts: &CallOpts,
) -> Result<JsValue, Error> {
    let key = session_key(state);
    let req = api::build_search(&key, query, context);
    let body = match inner.call(&req, opts).await {
        Ok(body) => body,
        Err(e) if api::session_rejected(&e) => {
            let current = session_key(state);
            let fresh = if current == key {
                let k = new_session(inner, cc, opts).await?;
                if let Ok(mut s) = state.try_borrow_mut() {
                    s.session_key = k.clone();
                }
                k
            } else {
                current // another search already renewed it
            };
            inner
                .call(&api::build_search(&fresh, query, context), opts)
                .await?
        }
        Err(e) => return Err(e),
    };
    let value = api::decode_search_result(body).map_err(at(&req))?;
    if let Ok(mut s) = state.try_borrow_mut() {
        s.memo.put(query, context, value.clone());
    }
    Ok(value)
}

#[wasm_bindgen]
impl AddressSearch {
    /// The session key in use (changes when an expired session is renewed).
    #[wasm_bindgen(getter, js_name = sessionKey)]
    pub fn session_key(&self) -> String {
        session_key(&self.state)
    }

    /// Autocomplete `query` (`POST /rel/search/addresses`). Latest wins: a
    /// new call aborts the previous one (it rejects with `ABORTED`); each call
    /// waits `debounceMs` before sending, so calls superseded within that time
    /// send nothing. A (query, context) already answered in this session is
    /// answered from memory; a blank query resolves `{ options: [] }` without
    /// a request. Pass an option's `context` to drill down into it. An expired
    /// session key is renewed once, transparently.
    ///
    /// ```ts
    /// const { options } = await s.search("Damrak");
    /// const { result } = await s.search("1", { context: options[0].context }); // result.isPrecise
    /// ```
    /// Errors: ABORTED (superseded, or the caller's signal), INVALID_INPUT, VALIDATION, NETWORK, TIMEOUT, DECODE, …
    #[wasm_bindgen(unchecked_return_type = "Promise<AddressSearchResult>")]
    pub fn search(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions & { context?: string }")]
        o: Option<JsValue>,
    ) -> Promise {
        // Supersede the previous search synchronously, before anything awaits.
        let generation = match self.state.try_borrow_mut() {
            Ok(mut s) => {
                s.generation = s.generation.wrapping_add(1);
                if let Some(c) = s.controller.take() {
                    cancel_search(&c);
                }
                s.generation
            }
            Err(_) => 0, // cannot happen (no borrow spans an await); 0 never resolves
        };
        let prepared = call_opts(&self.inner.cfg, &o).and_then(|opts| {
            let q = api::search_query(&query)?;
            let ctx = api::search_context(&or_undefined(&o))?;
            Ok((opts, q, ctx))
        });
        let (mut opts, q, ctx) = match prepared {
            Ok(p) => p,
            Err(e) => return reject(e),
        };
        // Nothing typed and nothing to drill into: no request. With a
        // `context` an empty query lists what is inside the option (the
        // house numbers of a street).
        if q.is_empty() && ctx.is_empty() {
            return Promise::resolve(&api::empty_search_result::<JsValue>());
        }
        let memo = self
            .state
            .try_borrow()
            .ok()
            .and_then(|s| s.memo.get(&q, &ctx));
        if let Some(v) = memo {
            return Promise::resolve(&v);
        }
        let controller = search_controller(&opts.signal);
        opts.signal = Json::get(&controller, "signal");
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.controller = Some(controller);
        }
        let state = self.state.clone();
        let inner = self.inner.clone();
        let cc = self.country_code.clone();
        let debounce_ms = self.debounce_ms;
        spawn(async move {
            let current = |s: &Rc<RefCell<SearchState>>| {
                s.try_borrow().is_ok_and(|s| s.generation == generation)
            };
            let waited = JsFuture::from(sleep(debounce_ms, &opts.signal)).await;
            if waited.ok().and_then(|v| v.as_bool()) != Some(true) || !current(&state) {
                return Err(aborted(!current(&state)));
            }
            let result = send_search(&inner, &state, &cc, &q, &ctx, &opts).await;
            if !current(&state) {
                return Err(aborted(true));
            }
            if let Ok(mut s) = state.try_borrow_mut() {
                s.controller = None;
            }
            result
        })
    }
}
