//! `Core`: the validated config and the one entry point the JS shell calls
//! around each HTTP exchange (`Core.call(kind, n, a, b, c)`; the kinds are
//! `operations::Call`, named for JS by the generated `calls` object).

use super::errors::{checked, to_js_error};
use super::operations::{Call, Op, CALLS};
use super::ops;
use super::transport::Transport;
use super::wire::{method_of, path_of, str_of, Attempt};
use crate::config::{Config, Persist};
use crate::error::{Code, Error};
use crate::json::Json;
use crate::prelude::*;
use alloc::rc::Rc;
use wasm_bindgen::prelude::*;

/// The validated client config (internal: used by the JS `AfostoClient`).
#[wasm_bindgen(skip_typescript)]
pub struct Core {
    cfg: Config,
    /// The machines of the client's address searches (`client/search.rs`).
    searches: core::cell::RefCell<super::search::Searches>,
    /// The client's session machine (`client/lifecycle.rs`).
    life: Rc<super::lifecycle::Life>,
    /// The transport (`client/transport.rs`), shared with its exchanges.
    transport: Rc<Transport>,
    /// What the client has seen of each checkout session (`crate::checkout`).
    seen: core::cell::RefCell<crate::checkout::Seen<JsValue>>,
    /// Warnings of the answer just settled, told with its drops (`warnings`).
    hints: core::cell::RefCell<Vec<Error>>,
}

impl Core {
    /// Validate a `ClientConfig`; throws `INVALID_CONFIG`.
    fn new(config: JsValue) -> Result<Core, JsValue> {
        let cfg = Config::from_json(&config).map_err(to_js_error)?;
        if let Some(name) = cfg.persist.storage() {
            if !storage_exists(name) {
                return Err(to_js_error(crate::config::bad(
                    "persistSession",
                    "names a storage this runtime does not have (use \"memory\")",
                )));
            }
        }
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
        let life: Rc<super::lifecycle::Life> = Rc::default();
        let transport = Rc::new(Transport::new(
            fetch,
            cfg.headers.clone(),
            cfg.retries,
            life.clone(),
        ));
        Ok(Core {
            cfg,
            searches: Default::default(),
            life,
            transport,
            seen: Default::default(),
            hints: Default::default(),
        })
    }

    /// `{timeoutMs, persist ("" | "localStorage" | "sessionStorage"), storageKey}`.
    fn settings(&self) -> JsValue {
        let persist = match self.cfg.persist {
            Persist::Memory => "",
            Persist::Local => "localStorage",
            Persist::Session => "sessionStorage",
        };
        let mut o = JsValue::new_object();
        o.set("timeoutMs", JsValue::from_f64(self.cfg.timeout_ms));
        o.set("persist", JsValue::from_str(persist));
        o.set("storageKey", JsValue::from_str(&self.cfg.storage_key));
        o
    }

    /// `CallOptions` -> `{timeoutMs, signal}`; `INVALID_INPUT`, or `ABORTED`
    /// for an already-aborted signal.
    fn call_options(&self, o: &JsValue) -> Result<JsValue, Error> {
        let (timeout, signal) = ops::call_opts(&self.cfg, o)?;
        let mut out = JsValue::new_object();
        out.set("timeoutMs", JsValue::from_f64(timeout));
        out.set("signal", signal);
        Ok(out)
    }

    /// Merge per-carrier match lists, cut to `limit`: by great-circle
    /// metres from `origin` (a `GeoLocation`), or in the order asked without one.
    fn merge_matches(lists: &JsValue, limit: Option<u32>, origin: &JsValue) -> JsValue {
        let at = match (
            Json::get(origin, "lat").as_f64(),
            Json::get(origin, "long").as_f64(),
        ) {
            (Some(lat), Some(long)) => Some((lat, long)),
            _ => None,
        };
        let lists: Vec<JsValue> = (0..lists.len()).map(|i| lists.at(i)).collect();
        crate::api::service_points::merge_matches(&lists, limit.map(|l| l as usize), at)
    }

    /// `validateAddress`: problems per camelCase field (`{}` when valid);
    /// `INVALID_INPUT` when the arguments are not an address and a format.
    fn validate_address(a: &JsValue, f: &JsValue) -> Result<JsValue, Error> {
        use crate::api::addresses as ad;
        ad::check_validate_input(a, f)?;
        Ok(ad::field_errors_value(&ad::validate_address(a, f)))
    }

    /// Decode the response `r` of `req` as operation `op`, and take in what
    /// it says about a checkout session's shipping step (`crate::checkout`):
    /// a `selectServicePoint` that does not fit leaves a warning for `warnings`.
    fn settle(&self, op: Op, req: &JsValue, r: &JsValue) -> Result<JsValue, Error> {
        let v = ops::settle(op, req, r)?;
        let id = str_of(req, "context");
        if let Ok(mut seen) = self.seen.try_borrow_mut() {
            match op {
                Op::checkoutShippingMethods => seen.methods(&id, &v),
                Op::selectShippingMethod => seen.selected(&id, &v),
                Op::checkoutServicePoints => seen.points(&id, &v),
                Op::selectServicePoint => {
                    if let (Some(w), Ok(mut hints)) =
                        (seen.check_point(&id, &v), self.hints.try_borrow_mut())
                    {
                        hints.push(w);
                    }
                }
                _ => {}
            }
        }
        Ok(v)
    }

    /// Run core call `call` (see `operations::Call`).
    fn run(
        &self,
        call: Call,
        n: u32,
        a: &JsValue,
        b: &JsValue,
        c: &JsValue,
    ) -> Result<JsValue, Error> {
        Ok(match call {
            Call::settings => self.settings(),
            Call::callOptions => self.call_options(a)?,
            Call::prepare => ops::prepare(&self.cfg, ops::op_of(n)?, a, b, c)?,
            Call::settle => self.settle(ops::op_of(n)?, a, b)?,
            Call::failure => failure(a, b, c.as_f64().unwrap_or(0.0)),
            Call::searchStart => ops::search_start(a, b)?,
            Call::searchInput => ops::search_input(a, b)?,
            Call::findPlan => ops::find_plan(&self.cfg, a)?,
            Call::mergeMatches => Core::merge_matches(a, (n > 0).then_some(n), b),
            Call::validateAddress => Core::validate_address(a, b)?,
            Call::badArgument => to_js_error(Error::invalid_field(
                &a.as_string().unwrap_or_default(),
                "invalid",
                b.as_string().unwrap_or_default(),
            )),
            Call::warnings => {
                let hints = self
                    .hints
                    .try_borrow_mut()
                    .map(|mut h| core::mem::take(&mut *h))
                    .unwrap_or_default();
                ops::warnings(a, hints).into()
            }
            Call::conflict => to_js_error(Error::new(
                Code::Conflict,
                a.as_string().unwrap_or_default(),
            )),
            Call::searchOpen => super::search::open(&self.searches, a, b, c)?,
            Call::searchStep => super::search::step(&self.cfg, &self.searches, n, a, b, c)?,
            Call::sessionOpen => super::lifecycle::open(&self.cfg, &self.life, a)?,
            Call::sessionStep => super::lifecycle::step(&self.life, n, a, b, c)?,
            Call::observe => {
                if let Ok(mut o) = self.transport.observer.try_borrow_mut() {
                    *o = a.clone().dyn_into::<js_sys::Function>().ok();
                }
                JsValue::UNDEFINED
            }
            Call::resolveInput => ops::resolve_input(a)?,
        })
    }
}

/// The `AfostoError` for an attempt that got no response (`r.failure`:
/// "aborted", "timeout", "network"), at `req`'s method and path (none when
/// `req` has no path).
pub(crate) fn failure(req: &JsValue, r: &JsValue, timeout_ms: f64) -> JsValue {
    let e = match Attempt::of(r) {
        Attempt::Timeout => {
            let mut m = String::from("no response within ");
            crate::shape::push_usize(&mut m, timeout_ms as usize);
            m.push_str(" ms");
            Error::new(Code::Timeout, m)
        }
        Attempt::Network(detail) => {
            let mut m = String::from("network error");
            let host = host_of(&crate::client::wire::str_of(req, "url"));
            if !host.is_empty() {
                m.push_str(" reaching ");
                m.push_str(&host);
            }
            if !detail.is_empty() {
                m.push_str(": ");
                m.extend(detail.chars().take(200));
            }
            Error::new(Code::Network, m)
        }
        _ => Error::aborted(),
    };
    to_js_error(match path_of(req) {
        Some(p) => e.at(method_of(req).as_str(), &p),
        None => e,
    })
}

/// Whether the global storage `name` (`localStorage`, `sessionStorage`)
/// exists in this runtime: an object, or a getter that throws (a sandboxed
/// iframe, storage blocked by privacy settings: the client then keeps the
/// session in memory, as its shell does for every storage access that
/// throws). Absent, `undefined` or not an object (Node, a worker without it):
/// it does not.
fn storage_exists(name: &'static str) -> bool {
    global(name).map_or(true, |s| s.is_object())
}

/// `globalThis[name]`; `Err` with what a throwing getter threw.
pub(crate) fn global(name: &'static str) -> Result<JsValue, JsValue> {
    GLOBAL.with(|g| js_sys::Reflect::get(g, &crate::json::static_js(name)))
}

#[wasm_bindgen]
extern "C" {
    /// `globalThis` (every engine the package supports has it: cheaper than
    /// `js_sys::global()`'s fallbacks).
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL: JsValue;
}

/// The host (and port) of an absolute URL, or "".
fn host_of(url: &str) -> String {
    // Byte scans: `str` pattern searching costs kilobytes of wasm. The
    // bytes looked for are ASCII, so every index is a char boundary.
    let b = url.as_bytes();
    let Some(start) = (0..b.len()).find(|&i| b.get(i..i + 3) == Some(b"://")) else {
        return String::new();
    };
    let from = start + 3;
    let mut end = from;
    let mut host_from = from;
    while let Some(&c) = b.get(end) {
        if matches!(c, b'/' | b'?' | b'#') {
            break;
        }
        if c == b'@' {
            host_from = end + 1;
        }
        end += 1;
    }
    url.get(host_from..end).unwrap_or("").to_owned()
}

/// The wasm exports: the constructor and one entry point. One export instead
/// of fourteen saves about 1.2 KB gzipped (every export costs a wasm shim and
/// a JS wrapper); the JS shell names the kinds (`calls`, generated).
#[wasm_bindgen]
impl Core {
    /// Validate a `ClientConfig`; throws `INVALID_CONFIG`.
    #[wasm_bindgen(constructor)]
    pub fn create(config: JsValue) -> Result<Core, JsValue> {
        checked(true, || Core::new(config))
    }

    /// Run core call `kind` (`operations::Call`, by position) with its
    /// arguments; `n` is the operation for prepare/settle, the limit (0:
    /// none) for mergeMatches, the search's handle for searchStep and the
    /// event for sessionStep. Throws what the
    /// method throws, or `INVALID_INPUT` when a caller's value threw while
    /// being read.
    /// Send `req` (from `prepare`) with the client's headers, token
    /// (`auth`: `true` for the session's, a string for that one) and
    /// retries, each attempt within `timeoutMs` and until `signal` aborts
    /// (`client/transport.rs`): the last attempt's response, or rejects with
    /// the AfostoError of an attempt without one.
    pub fn exchange(
        &self,
        req: JsValue,
        auth: JsValue,
        timeout_ms: f64,
        signal: JsValue,
    ) -> js_sys::Promise {
        let t = self.transport.clone();
        wasm_bindgen_futures::future_to_promise(t.exchange(req, auth, timeout_ms, signal))
    }

    /// Wait for `p` at most `timeoutMs` (0: no limit) and until `signal`
    /// aborts: `[true, value]` or `[false, "timeout" | "aborted"]`.
    pub fn within(&self, p: js_sys::Promise, timeout_ms: f64, signal: JsValue) -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(super::transport::within(p, timeout_ms, signal))
    }

    pub fn call(
        &self,
        kind: u32,
        n: u32,
        a: JsValue,
        b: JsValue,
        c: JsValue,
    ) -> Result<JsValue, JsValue> {
        checked(false, || match CALLS.get(kind as usize) {
            Some(call) => self.run(*call, n, &a, &b, &c).map_err(to_js_error),
            None => Err(to_js_error(Error::invalid_field(
                "kind",
                "invalid",
                "unknown core call",
            ))),
        })
    }
}
