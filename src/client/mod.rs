//! The exported `AfostoClient`: JS <-> Rust conversion, the session store and
//! the shared call path (auth, auto-extend, 401 handling). Each API area adds
//! its methods in its own file; HTTP itself is in `http::fetch`.

mod addresses;
mod checkout;
mod errors;
mod identity;
mod service_points;
mod shipping;
mod types;

use crate::config::{Config, Persist};
use crate::error::{Code, Error};
use crate::http::fetch::{execute, is_aborted, CallOpts, Transport};
use crate::http::{validate_raw_path, HttpRequest, Method};
use crate::json::{Json, Kind};
use crate::session::Session;
use crate::time::now_ms;
use errors::to_js_error;
use js_sys::{Function, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// The callback registered for `storage` events.
type StorageListener = Closure<dyn FnMut(JsValue)>;

/// State shared by a client and its in-flight calls.
pub(crate) struct Inner {
    pub(crate) cfg: Config,
    fetch: JsValue,
    session: RefCell<Option<Session<JsValue>>>,
    listeners: RefCell<Vec<(u32, Function)>>,
    next_listener: Cell<u32>,
    /// The in-flight extend, shared by concurrent callers (single flight).
    extending: RefCell<Option<Promise>>,
    /// The `storage` event listener (localStorage sync between tabs).
    storage_listener: RefCell<Option<StorageListener>>,
    /// `addressFormat` results per country code, for the client's lifetime.
    pub(crate) address_formats: RefCell<Vec<(String, JsValue)>>,
}

/// A boxed future: compiled once instead of once per caller (wasm size).
pub(crate) type Boxed<T> = Pin<Box<dyn Future<Output = Result<T, Error>>>>;

/// Run a Rust future as a JS Promise; errors become `AfostoError`s.
/// Takes the future boxed so `future_to_promise` is instantiated once.
pub(crate) fn spawn<F>(f: F) -> Promise
where
    F: Future<Output = Result<JsValue, Error>> + 'static,
{
    run_boxed(Box::pin(f))
}

fn run_boxed(f: Boxed<JsValue>) -> Promise {
    future_to_promise(async move { f.await.map_err(to_js_error) })
}

/// A promise already rejected with `e` as an `AfostoError` (input problems:
/// nothing is sent).
pub(crate) fn reject(e: Error) -> Promise {
    Promise::reject(&to_js_error(e))
}

/// Per-call context for a [`Decode`]: the country for DPD and `addressFormat`,
/// the country and `debounceMs` for `startAddressSearch`; empty for the others.
#[derive(Default)]
pub(crate) struct Ctx {
    /// The country code the call is for (empty when unused).
    pub(crate) country: String,
    /// `startAddressSearch`'s `debounceMs` (0 when unused).
    pub(crate) debounce_ms: f64,
}

/// Turns a call's outcome into the method's value. A plain `fn` (not a
/// closure type per method) so [`run`]'s state machine exists once in the wasm.
pub(crate) type Decode =
    fn(&Rc<Inner>, Result<Option<JsValue>, Error>, &Ctx) -> Result<JsValue, Error>;

/// Send one request and decode the outcome; errors carry the request's method
/// and path. The one shared async path of the simple methods (wasm size).
pub(crate) fn run(
    inner: Rc<Inner>,
    opts: CallOpts,
    req: HttpRequest<JsValue>,
    decode: Decode,
    ctx: Ctx,
) -> Promise {
    spawn(async move {
        let body = inner.call(&req, &opts).await;
        decode(&inner, body, &ctx).map_err(|e| e.at(req.method.as_str(), &req.path))
    })
}

impl AfostoClient {
    /// Check the call options and the built request (input problems reject
    /// before anything is sent), then [`run`] it.
    pub(crate) fn typed_call(
        &self,
        o: Option<JsValue>,
        req: Result<HttpRequest<JsValue>, Error>,
        decode: Decode,
        ctx: Ctx,
    ) -> Promise {
        match call_opts(&self.inner.cfg, &o).and_then(|opts| req.map(|r| (opts, r))) {
            Ok((opts, req)) => run(self.inner.clone(), opts, req, decode, ctx),
            Err(e) => reject(e),
        }
    }
}

/// Read `CallOptions`; an already-aborted signal is `ABORTED` at once.
pub(crate) fn call_opts(cfg: &Config, o: &Option<JsValue>) -> Result<CallOpts, Error> {
    let mut opts = CallOpts {
        signal: JsValue::UNDEFINED,
        timeout_ms: cfg.timeout_ms,
    };
    let Some(o) = o.as_ref().filter(|o| !o.is_absent() && !o.is_undefined()) else {
        return Ok(opts);
    };
    if !o.is_object() {
        return Err(Error::invalid_input(
            "CallOptions must be an object",
            crate::error::one_field("options", "invalid"),
        ));
    }
    let t = Json::get(o, "timeoutMs");
    if !t.is_absent() {
        match t.as_f64() {
            Some(ms) if ms.is_finite() && ms >= 0.0 => opts.timeout_ms = ms,
            _ => {
                return Err(Error::invalid_input(
                    "timeoutMs must be a non-negative number",
                    crate::error::one_field("timeoutMs", "invalid"),
                ))
            }
        }
    }
    let s = Json::get(o, "signal");
    if !s.is_absent() {
        if !s.is_object() {
            return Err(Error::invalid_input(
                "signal must be an AbortSignal",
                crate::error::one_field("signal", "invalid"),
            ));
        }
        if is_aborted(&s) {
            return Err(Error::aborted());
        }
        opts.signal = s;
    }
    Ok(opts)
}

fn storage(persist: Persist) -> Option<JsValue> {
    let name = match persist {
        Persist::Memory => return None,
        Persist::Local => "localStorage",
        Persist::Session => "sessionStorage",
    };
    // Reading `localStorage` can throw (privacy settings, sandboxed iframes): treat as absent.
    let s = Reflect::get(
        &crate::http::fetch::global_scope(),
        &JsValue::from_str(name),
    )
    .ok()?;
    s.is_object().then_some(s)
}

fn storage_call(s: &JsValue, method: &str, args: &[&str]) -> Option<JsValue> {
    let f: Function = Reflect::get(s, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    let r = match args {
        [a] => f.call1(s, &JsValue::from_str(a)),
        [a, b] => f.call2(s, &JsValue::from_str(a), &JsValue::from_str(b)),
        _ => return None,
    };
    r.ok()
}

impl Inner {
    fn load_persisted(&self) -> Option<Session<JsValue>> {
        let s = storage(self.cfg.persist)?;
        let text = storage_call(&s, "getItem", &[&self.cfg.storage_key])?.as_string()?;
        Session::from_storage(&text, now_ms())
    }

    fn persist(&self, session: Option<&Session<JsValue>>) {
        if let Some(s) = storage(self.cfg.persist) {
            let key = self.cfg.storage_key.as_str();
            match session {
                Some(sess) => storage_call(&s, "setItem", &[key, &sess.to_storage()]),
                None => storage_call(&s, "removeItem", &[key]),
            };
        }
    }

    /// The current session as JS (`undefined` when none or expired).
    pub(crate) fn session_value(&self) -> JsValue {
        let now = now_ms();
        match self
            .session
            .try_borrow()
            .ok()
            .as_deref()
            .and_then(Option::as_ref)
        {
            Some(s) if !s.is_expired(now) => s.to_value(),
            _ => JsValue::UNDEFINED,
        }
    }

    fn token(&self) -> Option<String> {
        let now = now_ms();
        self.session
            .try_borrow()
            .ok()
            .as_deref()
            .and_then(Option::as_ref)
            .filter(|s| !s.is_expired(now))
            .map(|s| s.token.clone())
    }

    fn notify(&self) {
        let value = self.session_value();
        let listeners: Vec<Function> = self
            .listeners
            .try_borrow()
            .map(|l| l.iter().map(|(_, f)| f.clone()).collect())
            .unwrap_or_default();
        for f in listeners {
            // A throwing listener must not break the client or the other listeners.
            let _ = f.call1(&JsValue::UNDEFINED, &value);
        }
    }

    /// Replace the session, persist it and tell the listeners. Returns it as JS.
    pub(crate) fn set_session(&self, session: Option<Session<JsValue>>) -> JsValue {
        self.persist(session.as_ref());
        let value = session
            .as_ref()
            .map_or(JsValue::UNDEFINED, Session::to_value);
        if let Ok(mut slot) = self.session.try_borrow_mut() {
            *slot = session;
        }
        self.notify();
        value
    }

    /// Send a request with the session's bearer token; extend the token first
    /// when it is about to expire (`autoExtend`); a 401 on an authenticated
    /// call clears the session.
    pub(crate) fn call(
        self: &Rc<Self>,
        req: &HttpRequest<JsValue>,
        opts: &CallOpts,
    ) -> Boxed<Option<JsValue>> {
        // Boxed and owning its inputs, so this state machine exists once in
        // the module instead of being inlined into every method's future.
        Box::pin(self.clone().call_owned(req.clone(), opts.clone()))
    }

    async fn call_owned(
        self: Rc<Self>,
        req: HttpRequest<JsValue>,
        opts: CallOpts,
    ) -> Result<Option<JsValue>, Error> {
        let req = &req;
        let opts = &opts;
        if self.cfg.auto_extend && req.path != "/iam/jwt/extend" {
            let due = self
                .session
                .try_borrow()
                .ok()
                .as_deref()
                .and_then(Option::as_ref)
                .is_some_and(|s| s.needs_extend(now_ms()));
            if due {
                // Best effort: if extending fails, the current token is still valid.
                let _ = JsFuture::from(self.extend_shared()).await;
            }
        }
        let token = self.token();
        let transport = Transport {
            base_url: &self.cfg.base_url,
            fetch: &self.fetch,
            retries: self.cfg.retries,
        };
        let result = execute(&transport, req, token.as_deref(), opts).await;
        let rejected_token = matches!(&result, Err(e) if e.code == Code::Unauthorized)
            && token.is_some()
            && self.token() == token;
        if !rejected_token {
            return result;
        }
        if !req.path.starts_with("/rel/identity/") {
            self.set_session(None);
            return result;
        }
        // A credentials call (sign-in, sign-up, ...) answered 401 while it
        // carried the stored token: either the credentials are wrong, or the
        // token is stale (revoked elsewhere). Ask once more without the token:
        // if that succeeds the token was the problem and the session goes;
        // if it fails too, its error is about the credentials and the session stays.
        let again = execute(&transport, req, None, opts).await;
        if again.is_ok() {
            self.set_session(None);
        }
        again
    }

    /// The in-flight extend, or a new one (single flight).
    pub(crate) fn extend_shared(self: &Rc<Self>) -> Promise {
        if let Some(p) = self
            .extending
            .try_borrow()
            .ok()
            .as_deref()
            .and_then(Option::as_ref)
        {
            return p.clone();
        }
        let me = self.clone();
        let p = spawn(async move {
            let opts = CallOpts {
                signal: JsValue::UNDEFINED,
                timeout_ms: me.cfg.timeout_ms,
            };
            let req = crate::api::identity::build_extend();
            let result = me.call(&req, &opts).await.and_then(|body| {
                crate::api::identity::decode_access_token(body, now_ms())
                    .map_err(|e| e.at("GET", "/iam/jwt/extend"))
            });
            if let Ok(mut slot) = me.extending.try_borrow_mut() {
                *slot = None;
            }
            Ok(me.set_session(Some(result?)))
        });
        if let Ok(mut slot) = self.extending.try_borrow_mut() {
            *slot = Some(p.clone());
        }
        p
    }

    fn on_storage_event(&self, event: &JsValue) {
        let key = Json::get(event, "key");
        let ours =
            key.is_absent() || key.as_string().as_deref() == Some(self.cfg.storage_key.as_str());
        if !ours {
            return;
        }
        let fresh = self.load_persisted();
        let changed = {
            let cur = self.session.try_borrow().ok();
            cur.as_deref().and_then(Option::as_ref).map(|s| &s.token)
                != fresh.as_ref().map(|s| &s.token)
        };
        if changed {
            if let Ok(mut slot) = self.session.try_borrow_mut() {
                *slot = fresh;
            }
            self.notify();
        }
    }
}

/// The Afosto storefront client. Create one per page.
///
/// ```ts
/// import init, { AfostoClient } from "afosto-checkout";
/// await init();
/// const client = new AfostoClient({ channelId: "…" });
/// ```
#[wasm_bindgen]
pub struct AfostoClient {
    pub(crate) inner: Rc<Inner>,
}

#[wasm_bindgen]
impl AfostoClient {
    /// Create a client. Throws `AfostoError` with code `INVALID_CONFIG` for a
    /// bad config (non-https `baseUrl` off loopback, credentials in the URL,
    /// negative `timeoutMs`, unknown `persistSession`, …). Restores a persisted
    /// session when `persistSession` is `"localStorage"` or `"sessionStorage"`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientConfig")] config: Option<JsValue>,
    ) -> Result<AfostoClient, JsValue> {
        let raw = config.unwrap_or(JsValue::UNDEFINED);
        let cfg = Config::from_json(&raw).map_err(to_js_error)?;
        let fetch = Json::get(&raw, "fetch");
        if !fetch.is_undefined() && !fetch.is_absent() && !fetch.is_function() {
            return Err(to_js_error(Error::invalid_config(
                "invalid ClientConfig.fetch: must be a function",
            )));
        }
        let inner = Rc::new(Inner {
            fetch: if fetch.is_function() {
                fetch
            } else {
                JsValue::UNDEFINED
            },
            session: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            next_listener: Cell::new(1),
            extending: RefCell::new(None),
            storage_listener: RefCell::new(None),
            address_formats: RefCell::new(Vec::new()),
            cfg,
        });
        let initial = match inner.cfg.token.clone() {
            Some(t) => Some(Session::new(t, None, now_ms())),
            None => inner.load_persisted(),
        };
        if let Ok(mut slot) = inner.session.try_borrow_mut() {
            *slot = initial;
        }
        if inner.cfg.persist == Persist::Local {
            listen_for_other_tabs(&inner);
        }
        Ok(AfostoClient { inner })
    }

    /// The signed-in session, or `undefined` (none, signed out, or expired).
    ///
    /// ```ts
    /// if (client.session) console.log(client.session.expiresAt);
    /// ```
    #[wasm_bindgen(getter, unchecked_return_type = "IdentitySession | undefined")]
    pub fn session(&self) -> JsValue {
        self.inner.session_value()
    }

    /// Call `cb` with the new session (or `undefined`) after every sign-in,
    /// sign-out, extend, 401, or change made by another tab (localStorage).
    /// Returns a function that unsubscribes.
    ///
    /// ```ts
    /// const off = client.onSessionChange(s => render(s)); … off();
    /// ```
    #[wasm_bindgen(js_name = onSessionChange, unchecked_return_type = "() => void")]
    pub fn on_session_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(s: IdentitySession | undefined) => void")]
        cb: Function,
    ) -> JsValue {
        let id = self.inner.next_listener.get();
        self.inner.next_listener.set(id.wrapping_add(1));
        if let Ok(mut l) = self.inner.listeners.try_borrow_mut() {
            l.push((id, cb));
        }
        let weak = Rc::downgrade(&self.inner);
        Closure::<dyn FnMut()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                if let Ok(mut l) = inner.listeners.try_borrow_mut() {
                    l.retain(|(i, _)| *i != id);
                }
            }
        })
        .into_js_value()
    }

    /// Call any other endpoint of the API with the same base URL, auth,
    /// timeout, retry and error handling. `path` must start with `/` and stay
    /// on the API (`INVALID_INPUT` otherwise). Resolves the parsed JSON body
    /// as sent (snake_case), `undefined` for an empty body.
    ///
    /// ```ts
    /// const apps = await client.request("GET", "/int/apps/store", { query: { page: 1 } });
    /// ```
    /// Errors: INVALID_INPUT, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE (non-JSON body).
    #[wasm_bindgen(unchecked_return_type = "Promise<unknown>")]
    pub fn request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "\"GET\" | \"POST\" | \"PUT\" | \"DELETE\"")] method: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] path: JsValue,
        #[wasm_bindgen(
            unchecked_optional_param_type = "{ query?: Record<string, string | number | boolean | undefined>; body?: unknown } & CallOptions"
        )]
        init: Option<JsValue>,
    ) -> Promise {
        let req = build_raw_request(&method, &path, init.as_ref());
        self.typed_call(
            init,
            req,
            |_, body, _| Ok(body?.unwrap_or(JsValue::UNDEFINED)),
            Ctx::default(),
        )
    }
}

fn listen_for_other_tabs(inner: &Rc<Inner>) {
    let global = crate::http::fetch::global_scope();
    let Ok(add) = Reflect::get(&global, &JsValue::from_str("addEventListener")) else {
        return;
    };
    let Ok(add) = add.dyn_into::<Function>() else {
        return; // Node / workers without window events
    };
    let weak: Weak<Inner> = Rc::downgrade(inner);
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        if let Some(inner) = weak.upgrade() {
            inner.on_storage_event(&event);
        }
    });
    let _ = add.call2(&global, &JsValue::from_str("storage"), cb.as_ref());
    if let Ok(mut slot) = inner.storage_listener.try_borrow_mut() {
        *slot = Some(cb);
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(cb) = self.storage_listener.get_mut().take() {
            let global = crate::http::fetch::global_scope();
            if let Ok(f) = Reflect::get(&global, &JsValue::from_str("removeEventListener"))
                .and_then(|f| f.dyn_into::<Function>())
            {
                let _ = f.call2(&global, &JsValue::from_str("storage"), cb.as_ref());
            }
        }
    }
}

fn bad_input(field: &str, why: &str) -> Error {
    let mut m = String::from("invalid ");
    m.push_str(field);
    m.push_str(": ");
    m.push_str(why);
    Error::invalid_input(m, crate::error::one_field(field, why))
}

/// `client.request` arguments -> request.
fn build_raw_request(
    method: &JsValue,
    path: &JsValue,
    init: Option<&JsValue>,
) -> Result<HttpRequest<JsValue>, Error> {
    let m = method
        .as_string()
        .and_then(|m| Method::parse(&m.to_ascii_uppercase()))
        .ok_or_else(|| bad_input("method", "must be GET, POST, PUT or DELETE"))?;
    let p = path
        .as_string()
        .ok_or_else(|| bad_input("path", "must be a string"))?;
    let mut req = HttpRequest::new(m, validate_raw_path(&p)?);
    let Some(init) = init.filter(|i| i.is_object()) else {
        return Ok(req);
    };
    let query = Json::get(init, "query");
    if query.kind() == Kind::Obj {
        for key in query.keys() {
            let v = Json::get(&query, &key);
            let text = match v.kind() {
                Kind::Null => continue,
                Kind::Str => v.as_string().unwrap_or_default(),
                Kind::Bool | Kind::Num => v.stringify(),
                _ => {
                    return Err(bad_input(
                        "query",
                        "values must be strings, numbers or booleans",
                    ))
                }
            };
            req.query.push((key, text));
        }
    } else if !query.is_absent() {
        return Err(bad_input("query", "must be an object"));
    }
    let body = Json::get(init, "body");
    if !body.is_undefined() {
        req.body = Some(body);
    }
    Ok(req)
}
