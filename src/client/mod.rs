//! The wasm side of the client: synchronous Rust that the JS shell
//! (`src/js/`) calls around each HTTP exchange. `Core` holds the validated
//! config; [`ops`] builds every request (input checks included) and decodes
//! every response; sessions, retry decisions and transport errors are made
//! here too. The JS shell owns only I/O and state over time: `fetch`,
//! timers, AbortSignals, promises, storage and listeners.
//!
//! Why the split: async Rust in wasm (futures, closures, one shim per method)
//! cost about 16 KB gzipped for what the shell does in about 4 KB
//! (README, "Size"), while request building and decoding stay here, tested
//! natively.

pub(crate) mod errors;
mod ops;
mod pure;
mod types;

use crate::config::{Config, Persist};
use crate::error::{Code, Error};
use crate::json::Json;
use crate::prelude::*;
use crate::retry::{decide, Decision, Outcome};
use crate::session::Session;
use crate::time::now_ms;
use errors::to_js_error;
use js_sys::Array;
use ops::{response_of, Attempt};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub use pure::pure;

/// A JS session record for the shell: `[IdentitySession, expiresAtMs,
/// extendAtMs, storageText]`.
pub(crate) fn session_record(s: &Session<JsValue>) -> JsValue {
    let a = Array::new();
    a.push(&s.to_value());
    a.push(&JsValue::from_f64(s.expires_at_ms));
    a.push(&JsValue::from_f64(s.extend_at_ms()));
    a.push(&JsValue::from_str(&s.to_storage()));
    a.into()
}

/// The validated client config (internal: used by the JS `AfostoClient`).
#[wasm_bindgen(skip_typescript)]
pub struct Core {
    cfg: Config,
    /// `ClientConfig.fetch` as read once (undefined: the global fetch).
    fetch: JsValue,
}

impl Core {
    /// Validate a `ClientConfig`; throws `INVALID_CONFIG`.
    pub fn new(config: JsValue) -> Result<Core, JsValue> {
        let cfg = Config::from_json(&config).map_err(to_js_error)?;
        let fetch = Json::get(&config, "fetch");
        if !fetch.is_absent() && !fetch.is_function() {
            return Err(to_js_error(crate::config::bad(
                "fetch",
                "must be a function",
            )));
        }
        let fetch = if fetch.is_function() {
            fetch
        } else {
            JsValue::UNDEFINED
        };
        Ok(Core { cfg, fetch })
    }

    /// `[timeoutMs, persist ("" | "localStorage" | "sessionStorage"), storageKey, autoExtend, fetch]`.
    pub fn settings(&self) -> Array {
        let persist = match self.cfg.persist {
            Persist::Memory => "",
            Persist::Local => "localStorage",
            Persist::Session => "sessionStorage",
        };
        Array::of5(
            &JsValue::from_f64(self.cfg.timeout_ms),
            &JsValue::from_str(persist),
            &JsValue::from_str(&self.cfg.storage_key),
            &JsValue::from_bool(self.cfg.auto_extend),
            &self.fetch,
        )
    }

    /// The starting session record: `config.token`, else the stored text
    /// (`undefined` when missing, malformed or expired).
    pub fn restore(&self, stored: Option<String>) -> JsValue {
        match &self.cfg.token {
            Some(t) => session_record(&Session::new(t.clone(), None, now_ms())),
            None => Core::read_stored(stored),
        }
    }

    /// Read a stored session text (another tab's change).
    pub fn read_stored(stored: Option<String>) -> JsValue {
        stored
            .and_then(|t| Session::from_storage(&t, now_ms()))
            .as_ref()
            .map_or(JsValue::UNDEFINED, session_record)
    }

    /// `CallOptions` -> `[timeoutMs, signal]`; throws `INVALID_INPUT`, or
    /// `ABORTED` for an already-aborted signal.
    pub fn call_options(&self, o: JsValue) -> Result<Array, JsValue> {
        let opts = ops::call_opts(&self.cfg, &o).map_err(to_js_error)?;
        Ok(Array::of2(&JsValue::from_f64(opts.0), &opts.1))
    }

    /// Build the request of operation `op` (see `ops`); throws `INVALID_INPUT`.
    /// Returns `[method, url, bodyText | undefined, path, context]`.
    pub fn prepare(&self, op: u32, a: JsValue, b: JsValue, c: JsValue) -> Result<Array, JsValue> {
        ops::prepare(&self.cfg, op, &a, &b, &c).map_err(to_js_error)
    }

    /// Turn the response of `req` (from `prepare`) into the value of `op`,
    /// or throw its `AfostoError`.
    pub fn settle(op: u32, req: &Array, r: &JsValue) -> Result<JsValue, JsValue> {
        ops::settle(op, req, r).map_err(to_js_error)
    }

    /// After a failed attempt of `req`: the wait in ms before the next one,
    /// or -1 to stop (the retry policy of `retry::decide`).
    pub fn retry_delay(&self, req: &Array, r: &JsValue, attempt: u32) -> f64 {
        let method = ops::method_of(req);
        let outcome = match Attempt::of(r) {
            Attempt::Timeout => Outcome::Timeout,
            Attempt::Network(_) => Outcome::Network,
            Attempt::Response => {
                let resp = response_of(r);
                Outcome::Status(resp.status, resp.retry_after_ms(now_ms()))
            }
            _ => return -1.0,
        };
        match decide(
            method != crate::http::Method::Post,
            outcome,
            attempt,
            self.cfg.retries,
            js_sys::Math::random(),
        ) {
            Decision::Retry { after_ms } => after_ms,
            Decision::Stop => -1.0,
        }
    }

    /// The `AfostoError` for an attempt that got no response (`r.failure`:
    /// "aborted", "superseded", "timeout", "network", "signedout"), at
    /// `req`'s method and path (none when `req` is empty).
    pub fn failure(req: &Array, r: &JsValue, timeout_ms: f64) -> JsValue {
        let e = match Attempt::of(r) {
            Attempt::Timeout => {
                let mut m = String::from("no response within ");
                crate::shape::push_usize(&mut m, timeout_ms as usize);
                m.push_str(" ms");
                Error::new(Code::Timeout, m)
            }
            Attempt::Network(detail) => {
                let mut m = String::from("network error");
                if !detail.is_empty() {
                    m.push_str(": ");
                    m.extend(detail.chars().take(200));
                }
                Error::new(Code::Network, m)
            }
            Attempt::Superseded => {
                let mut e = Error::aborted();
                e.message = "superseded by a newer search".into();
                e
            }
            Attempt::SignedOut => Error::new(Code::Unauthorized, "not signed in"),
            _ => Error::aborted(),
        };
        let path = req.get(3).as_string();
        to_js_error(match path {
            Some(p) => e.at(ops::method_of(req).as_str(), &p),
            None => e,
        })
    }

    /// `startAddressSearch` input -> `[countryCode, debounceMs]`; throws `INVALID_INPUT`.
    pub fn search_start(cc: JsValue, o: JsValue) -> Result<Array, JsValue> {
        ops::search_start(&cc, &o).map_err(to_js_error)
    }

    /// `AddressSearch.search` input -> `[query (trimmed), context]`; throws `INVALID_INPUT`.
    pub fn search_input(query: JsValue, o: JsValue) -> Result<Array, JsValue> {
        ops::search_input(&query, &o).map_err(to_js_error)
    }

    /// `findServicePoints` input -> `[limit | undefined, geocode request, [carrier, op, request]...]`;
    /// every request is built (and checked) before any is sent.
    pub fn find_plan(&self, q: JsValue) -> Result<Array, JsValue> {
        ops::find_plan(&self.cfg, &q).map_err(to_js_error)
    }

    /// Merge per-carrier match lists, cut to `limit`: by great-circle
    /// metres from `origin` (a `GeoLocation`), or in the order asked without one.
    pub fn merge_matches(lists: Vec<JsValue>, limit: Option<u32>, origin: &JsValue) -> JsValue {
        let at = match (
            Json::get(origin, "lat").as_f64(),
            Json::get(origin, "long").as_f64(),
        ) {
            (Some(lat), Some(long)) => Some((lat, long)),
            _ => None,
        };
        crate::api::service_points::merge_matches(&lists, limit.map(|l| l as usize), at)
    }

    /// `validateAddress`: problems per camelCase field (`{}` when valid);
    /// throws `INVALID_INPUT` when the arguments are not an address and a format.
    pub fn validate_address(a: JsValue, f: JsValue) -> Result<JsValue, JsValue> {
        use crate::api::addresses as ad;
        ad::check_validate_input(&a, &f).map_err(to_js_error)?;
        Ok(ad::field_errors_value(&ad::validate_address(&a, &f)))
    }
}

/// What [`Core::call`] does (`kind`); shared with `src/js/ops.js`.
mod kind {
    pub const SETTINGS: u32 = 0;
    pub const RESTORE: u32 = 1;
    pub const READ_STORED: u32 = 2;
    pub const CALL_OPTIONS: u32 = 3;
    pub const PREPARE: u32 = 4;
    pub const SETTLE: u32 = 5;
    pub const RETRY_DELAY: u32 = 6;
    pub const FAILURE: u32 = 7;
    pub const SEARCH_START: u32 = 8;
    pub const SEARCH_INPUT: u32 = 9;
    pub const FIND_PLAN: u32 = 10;
    pub const MERGE_MATCHES: u32 = 11;
    pub const VALIDATE_ADDRESS: u32 = 12;
    pub const BAD_ARGUMENT: u32 = 13;
    pub const WARNINGS: u32 = 14;
}

/// The wasm exports: the constructor and one entry point. One export instead
/// of fourteen saves about 1.2 KB gzipped (every export costs a wasm shim and
/// a JS wrapper); the JS shell names the kinds (`src/js/ops.js`).
#[wasm_bindgen]
impl Core {
    /// Validate a `ClientConfig`; throws `INVALID_CONFIG`.
    #[wasm_bindgen(constructor)]
    pub fn create(config: JsValue) -> Result<Core, JsValue> {
        crate::client::errors::checked(true, || Core::new(config))
    }

    /// Run `kind` (see `mod kind`) with its arguments; `n` is the operation
    /// number for PREPARE/SETTLE, the attempt for RETRY_DELAY and the limit
    /// (0: none) for MERGE_MATCHES. Throws what the method throws, or
    /// `INVALID_INPUT` when a caller's value threw while being read.
    pub fn call(
        &self,
        kind: u32,
        n: u32,
        a: JsValue,
        b: JsValue,
        c: JsValue,
    ) -> Result<JsValue, JsValue> {
        use kind::*;
        let run = || -> Result<JsValue, JsValue> {
            let arr = |v: &JsValue| v.clone().unchecked_into::<Array>();
            Ok(match kind {
                SETTINGS => self.settings().into(),
                RESTORE => self.restore(a.as_string()),
                READ_STORED => Core::read_stored(a.as_string()),
                CALL_OPTIONS => self.call_options(a)?.into(),
                PREPARE => self.prepare(n, a, b, c)?.into(),
                SETTLE => Core::settle(n, &arr(&a), &b)?,
                RETRY_DELAY => JsValue::from_f64(self.retry_delay(&arr(&a), &b, n)),
                FAILURE => Core::failure(&arr(&a), &b, c.as_f64().unwrap_or(0.0)),
                SEARCH_START => Core::search_start(a, b)?.into(),
                SEARCH_INPUT => Core::search_input(a, b)?.into(),
                FIND_PLAN => self.find_plan(a)?.into(),
                MERGE_MATCHES => {
                    Core::merge_matches(arr(&a).iter().collect(), (n > 0).then_some(n), &b)
                }
                VALIDATE_ADDRESS => Core::validate_address(a, b)?,
                BAD_ARGUMENT => to_js_error(Error::invalid_field(
                    &a.as_string().unwrap_or_default(),
                    "invalid",
                    b.as_string().unwrap_or_default(),
                )),
                WARNINGS => ops::warnings(&arr(&a)).into(),
                _ => {
                    return Err(to_js_error(Error::invalid_field(
                        "kind",
                        "invalid",
                        "unknown core call",
                    )))
                }
            })
        };
        crate::client::errors::checked(false, run)
    }
}
