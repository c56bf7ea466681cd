//! The transport, in Rust over the browser's `fetch` (web-sys types,
//! wasm-bindgen-futures): one exchange is the attempts of one request with
//! the client's headers and bearer token, each with a timeout and the
//! caller's `AbortSignal`, the waits between them (`retry::decide`, with
//! Retry-After), the response read as JSON or text, and the secrets taken
//! out of what an error could quote. An injected `config.fetch` is used as
//! it is (and raced against the timeout and the signal, since it may ignore
//! its signal).
//!
//! An attempt ends as the named object the core's readers take
//! (`wire::Attempt`, `wire::response_of`): a response
//! `{status, contentType, retryAfter, text, json?, hasJson?}` or
//! `{failure: "aborted" | "timeout" | "network", message?}`.
//!
//! No borrow of the session machine is held across an `.await` (clippy
//! denies `await_holding_refcell_ref`): the token
//! is read (a copy) at each attempt.
//!
//! Per call it stays lean (issue #17's per-call target): property names and
//! constants are the JS strings `static_js` makes once, the request's init
//! is a plain object, and one `then` callback made per client ([`head`])
//! reads every attempt's response, so an attempt makes no closures.

use super::lifecycle::Life;
use super::wire::{method_of, response_of, str_of, Attempt};
use crate::http::{is_json_type, Method};
use crate::json::{static_js, Json};
use crate::prelude::*;
use crate::retry::{decide, Decision, Outcome};
use crate::time::now_ms;
use alloc::rc::Rc;
use core::cell::Cell;
use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal, Response};

/// What an exchange needs of the client (shared with the futures it starts).
pub(crate) struct Transport {
    /// `ClientConfig.fetch` as read once (undefined: the global fetch).
    pub(crate) fetch: JsValue,
    /// `ClientConfig.headers`, checked (never Authorization or Content-Type).
    pub(crate) headers: Vec<(String, String)>,
    /// Extra attempts for GET/PUT/DELETE.
    pub(crate) retries: u32,
    /// The client's session machine: the token at each attempt.
    pub(crate) life: Rc<Life>,
    /// The shell's observer of attempts (`onRequest` / `onResponse`), once a
    /// page listens: called with `(false, RequestEvent)` before an attempt
    /// and `(true, ResponseEvent)` after it.
    pub(crate) observer: core::cell::RefCell<Option<Function>>,
    /// The `then` callback of every attempt's fetch ([`head`]), made once:
    /// no closure is made per attempt.
    pub(crate) on_head: Closure<dyn FnMut(JsValue) -> JsValue>,
}

impl Transport {
    /// The transport of a client with `fetch` (undefined: the global one),
    /// `headers`, `retries` and the session machine `life`.
    pub(crate) fn new(
        fetch: JsValue,
        headers: Vec<(String, String)>,
        retries: u32,
        life: Rc<Life>,
    ) -> Transport {
        Transport {
            fetch,
            headers,
            retries,
            life,
            observer: Default::default(),
            on_head: Closure::new(head),
        }
    }
}

/// `globalThis[name]` (undefined when its getter throws).
fn global(name: &'static str) -> JsValue {
    super::core::global(name).unwrap_or(JsValue::UNDEFINED)
}

/// An attempt that got no response: `{failure: why}` (`wire::Attempt`).
fn no_response(why: &'static str) -> JsValue {
    let mut o = JsValue::new_object();
    o.set("failure", static_js(why));
    o
}

fn aborted(signal: &JsValue) -> bool {
    signal.dyn_ref::<AbortSignal>().map_or_else(
        || Json::get(signal, "aborted").is_truthy(),
        AbortSignal::aborted,
    )
}

/// Call the global `setTimeout(f, ms)`; its handle.
fn set_timeout(f: &Function, ms: f64) -> JsValue {
    global("setTimeout")
        .dyn_into::<Function>()
        .and_then(|t| t.call2(&JsValue::UNDEFINED, f, &JsValue::from_f64(ms)))
        .unwrap_or(JsValue::UNDEFINED)
}

fn clear_timeout(handle: &JsValue) {
    if let Ok(c) = global("clearTimeout").dyn_into::<Function>() {
        let _ = c.call1(&JsValue::UNDEFINED, handle);
    }
}

/// Listen for `signal`'s abort with `f` (a look-alike signal: nothing).
fn on_abort(signal: &JsValue, f: &Function) {
    if let Some(t) = signal.dyn_ref::<web_sys::EventTarget>() {
        let _ = t.add_event_listener_with_callback("abort", f);
    }
}

fn off_abort(signal: &JsValue, f: &Function) {
    if let Some(t) = signal.dyn_ref::<web_sys::EventTarget>() {
        let _ = t.remove_event_listener_with_callback("abort", f);
    }
}

/// Why a wait was cut short.
const NOT_CUT: u8 = 0;
const CUT_ABORTED: u8 = 1;
const CUT_TIMEOUT: u8 = 2;

/// A wait's limits: the caller's `signal` and a timer of `timeout_ms` (0:
/// none), which abort `ctrl` (when given) and settle `stopped`, so a promise
/// raced against it ends at the first of them. Dropping it clears the timer
/// and the listener.
struct Cut {
    why: Rc<Cell<u8>>,
    stopped: Promise,
    signal: JsValue,
    on_signal: Closure<dyn FnMut()>,
    _on_timer: Closure<dyn FnMut()>,
    timer: JsValue,
}

impl Cut {
    fn new(signal: &JsValue, timeout_ms: f64, ctrl: Option<AbortController>) -> Cut {
        let why: Rc<Cell<u8>> = Rc::default();
        let resolver: Rc<Cell<Option<Function>>> = Rc::default();
        let stopped = {
            let r = resolver.clone();
            Promise::new(&mut |resolve, _| r.set(Some(resolve)))
        };
        let stop = |reason: u8| {
            let (why, resolver, ctrl) = (why.clone(), resolver.clone(), ctrl.clone());
            Closure::<dyn FnMut()>::new(move || {
                if why.get() == NOT_CUT {
                    why.set(reason);
                }
                if let Some(c) = &ctrl {
                    c.abort();
                }
                if let Some(f) = resolver.take() {
                    let _ = f.call0(&JsValue::UNDEFINED);
                }
            })
        };
        let on_signal = stop(CUT_ABORTED);
        let on_timer = stop(CUT_TIMEOUT);
        on_abort(signal, on_signal.as_ref().unchecked_ref());
        let timer = if timeout_ms > 0.0 {
            set_timeout(on_timer.as_ref().unchecked_ref(), timeout_ms)
        } else {
            JsValue::UNDEFINED
        };
        Cut {
            why,
            stopped,
            signal: signal.clone(),
            on_signal,
            _on_timer: on_timer,
            timer,
        }
    }

    /// Wait for `p` or the cut, whichever comes first; `p`'s outcome, or
    /// why it was cut (`NOT_CUT` when `p` settled first).
    async fn race(&self, p: &Promise) -> (u8, Result<JsValue, JsValue>) {
        let settled = JsFuture::from(Promise::race(&Array::of2(p, &self.stopped))).await;
        (self.why.get(), settled)
    }
}

impl Drop for Cut {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        off_abort(&self.signal, self.on_signal.as_ref().unchecked_ref());
    }
}

/// Wait `ms`; true, or false as soon as `signal` aborts.
async fn sleep(ms: f64, signal: &JsValue) -> bool {
    if aborted(signal) {
        return false;
    }
    if ms <= 0.0 || ms.is_nan() {
        return true; // Retry-After: 0 (or a date already past): go again now
    }
    let never = Promise::new(&mut |_, _| {});
    Cut::new(signal, ms, None).race(&never).await.0 == CUT_TIMEOUT
}

/// The `then` callback of every attempt's fetch (one per client, made once):
/// the response's head (status, content type, Retry-After) read into an
/// attempt record, and the body read by the engine, as a promise of
/// `Promise.allSettled([record, body, asJson])` for [`finish`]. Success
/// bodies are parsed by the engine (`Response.json()` when the body is JSON
/// and non-empty), so they are never copied into wasm memory and back; any
/// other body is read as text (it stays a JS string).
fn head(raw: JsValue) -> JsValue {
    let res: &Response = raw.unchecked_ref();
    let status = res.status();
    let headers = Json::get(&raw, "headers");
    let get = Json::get(&headers, "get").dyn_into::<Function>().ok();
    // A header's value as the engine's string (null when absent).
    let header = |name: &'static str| -> JsValue {
        get.as_ref()
            .and_then(|f| f.call1(&headers, &static_js(name)).ok())
            .filter(JsValue::is_string)
            .unwrap_or(JsValue::NULL)
    };
    let mut r = JsValue::new_object();
    r.set("status", JsValue::from_f64(f64::from(status)));
    let content_type = header("content-type");
    r.set("contentType", content_type.clone());
    r.set("retryAfter", header("retry-after"));
    let ok = (200..300).contains(&status);
    // Content-Length above 0 (any non-zero digit), without a number parser.
    let sized = header("content-length")
        .as_string()
        .is_some_and(|l| l.bytes().any(|b| (b'1'..=b'9').contains(&b)));
    let as_json = ok
        && sized
        && content_type.as_string().is_some_and(|t| is_json_type(&t))
        && Json::get(&raw, "json").is_function();
    let body = if as_json { res.json() } else { res.text() };
    let body = body.unwrap_or_else(|e| Promise::reject(&e));
    let promise = global("Promise");
    Json::get(&promise, "allSettled")
        .dyn_into::<Function>()
        .and_then(|all| {
            let parts = Array::of3(&r, &body, &JsValue::from_bool(as_json));
            all.call1(&promise, &parts)
        })
        .unwrap_or_else(|e| Promise::reject(&e).into())
}

/// The attempt record from [`head`]'s settled `[record, body, asJson]`: the
/// parsed JSON (`json`, `hasJson`) or the text; an empty body reads as none
/// and a non-JSON one as DECODE (by the core, from the text). Fails with
/// what reading the body failed with (network, abort), except a success
/// body that is not JSON.
fn finish(settled: &JsValue) -> Result<JsValue, JsValue> {
    let part = |i: usize| Json::at(settled, i);
    let mut r = Json::get(&part(0), "value");
    let body = part(1);
    let as_json = Json::get(&part(2), "value").is_truthy();
    let read = Json::get(&body, "value");
    if Json::get(&body, "status").as_string().as_deref() != Some("fulfilled") {
        let e = Json::get(&body, "reason");
        if as_json && Json::get(&e, "name").as_string().as_deref() == Some("SyntaxError") {
            r.set("text", static_js("(not JSON)"));
            return Ok(r);
        }
        return Err(e); // network or abort while reading
    }
    if as_json {
        r.set("json", read);
        r.set("hasJson", JsValue::TRUE);
        r.set("text", static_js(""));
        return Ok(r);
    }
    let ok = Json::get(&r, "status")
        .as_f64()
        .is_some_and(|s| (200.0..300.0).contains(&s));
    let blank = read
        .dyn_ref::<js_sys::JsString>()
        .map_or(true, |t| t.trim().length() == 0);
    let json = global("JSON");
    let parsed = match Json::get(&json, "parse").dyn_into::<Function>() {
        Ok(parse) if ok && !blank => parse.call1(&json, &read).ok(),
        _ => None,
    };
    match parsed {
        Some(v) => {
            r.set("json", v);
            r.set("hasJson", JsValue::TRUE);
            r.set("text", static_js(""));
        }
        None => r.set("text", read),
    }
    Ok(r)
}

/// `p.then(f)`.
fn then(p: &JsValue, f: &Function) -> Result<JsValue, JsValue> {
    Json::get(p, "then")
        .dyn_into::<Function>()
        .and_then(|t| t.call1(p, f))
}

/// The message of a thrown value.
fn message_of(e: &JsValue) -> String {
    Json::get(e, "message")
        .as_string()
        .or_else(|| e.as_string())
        .unwrap_or_default()
}

/// One attempt: `fetch(url, init)` and its read, within `timeout_ms` (0:
/// none) and until `signal` aborts. Never fails: the attempt object.
async fn send_once(
    on_head: &Function,
    fetch: &JsValue,
    url: &JsValue,
    init: &mut JsValue,
    signal: &JsValue,
    timeout_ms: f64,
) -> JsValue {
    if aborted(signal) {
        return no_response("aborted");
    }
    let s = global("AbortSignal");
    let has = |name: &'static str| Json::get(&s, name).is_function();
    let own_signal =
        signal.is_undefined() || signal.is_null() || signal.dyn_ref::<AbortSignal>().is_some();
    // The engine's own fetch honours its signal: the timeout and the
    // caller's signal are native signals, with no timer or race of our own.
    if fetch.is_undefined()
        && s.is_function()
        && (timeout_ms <= 0.0 || has("timeout"))
        && own_signal
        && (signal.is_undefined() || timeout_ms <= 0.0 || has("any"))
    {
        let timeout = (timeout_ms > 0.0).then(|| {
            Json::get(&s, "timeout")
                .dyn_into::<Function>()
                .and_then(|f| f.call1(&s, &JsValue::from_f64(timeout_ms)))
                .unwrap_or(JsValue::UNDEFINED)
        });
        let combined = match (&timeout, signal.is_undefined()) {
            (Some(t), false) => Json::get(&s, "any")
                .dyn_into::<Function>()
                .and_then(|f| f.call1(&s, &Array::of2(signal, t)))
                .unwrap_or(JsValue::UNDEFINED),
            (Some(t), true) => t.clone(),
            (None, _) => signal.clone(),
        };
        if !combined.is_undefined() {
            init.set("signal", combined);
        }
        let sent = global("fetch")
            .dyn_into::<Function>()
            .and_then(|f| f.call2(&JsValue::UNDEFINED, url, init));
        // One promise for the attempt: fetch, then the head and the body's read.
        let result = match sent
            .and_then(|p| then(&p, on_head))
            .and_then(|p| p.dyn_into::<Promise>())
        {
            Ok(p) => match JsFuture::from(p).await {
                Ok(settled) => finish(&settled),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        return match result {
            Ok(r) => r,
            Err(_) if aborted(signal) => no_response("aborted"),
            Err(_) if timeout.as_ref().is_some_and(aborted) => no_response("timeout"),
            Err(e) => network(&e),
        };
    }
    // An injected fetch may ignore its signal: link the caller's signal and
    // a timer to one AbortController, and race the attempt against them.
    let ctrl = AbortController::new().ok();
    if let Some(c) = &ctrl {
        init.set("signal", c.signal().into());
    }
    let cut = Cut::new(signal, timeout_ms, ctrl);
    let attempt = {
        let (fetch, url, init, on_head) =
            (fetch.clone(), url.clone(), init.clone(), on_head.clone());
        future_to_promise(async move {
            let f = if fetch.is_function() {
                fetch
            } else {
                global("fetch")
            };
            let p = f
                .dyn_into::<Function>()?
                .call2(&JsValue::UNDEFINED, &url, &init)?;
            let read = then(&Promise::resolve(&p), &on_head)?;
            finish(&JsFuture::from(Promise::resolve(&read)).await?)
        })
    };
    let (why, settled) = cut.race(&attempt).await;
    // The attempt runs on; its late rejection is nobody's.
    let attempt = JsValue::from(attempt);
    if let Some(c) = Json::get(&attempt, "catch").dyn_ref::<Function>() {
        let _ = c.call1(&attempt, &Closure::once_into_js(|_: JsValue| {}));
    }
    match (why, settled) {
        (CUT_ABORTED, _) => no_response("aborted"),
        (CUT_TIMEOUT, _) => no_response("timeout"),
        (_, Ok(r)) => r,
        (_, Err(e)) => network(&e),
    }
}

fn network(e: &JsValue) -> JsValue {
    let mut r = no_response("network");
    r.set("message", JsValue::from_str(&message_of(e)));
    r
}

/// `text` with every `secret` (raw and JSON-escaped) replaced by `mark`.
fn redact(text: &str, secrets: &[String], mark: &str) -> String {
    let mut out = js_sys::JsString::from(text);
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        let escaped = js_sys::JSON::stringify(&JsValue::from_str(s))
            .ok()
            .and_then(|j| j.as_string())
            .map(|j| {
                j.get(1..j.len().saturating_sub(1))
                    .unwrap_or_default()
                    .to_owned()
            })
            .unwrap_or_default();
        for form in [s.as_str(), escaped.as_str()] {
            if !form.is_empty() {
                out = out.split(form).join(mark);
            }
        }
    }
    out.into()
}

/// The `password` and `token` values of a JSON request body (none for
/// anything else): what an error must never quote.
fn body_secrets(body: &JsValue) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(b) = body.as_string().and_then(|b| js_sys::JSON::parse(&b).ok()) {
        for key in ["password", "token"] {
            out.extend(Json::get(&b, key).as_string());
        }
    }
    out
}

impl Transport {
    /// Tell the observer about attempt `attempt` of `req`: before it
    /// (`ended: None`), or after it with its outcome and start time. Only
    /// the method, the path (no query), the attempt, the status or the kind
    /// of failure and the duration: never a token, a header or a body.
    fn observe(&self, req: &JsValue, attempt: u32, ended: Option<(&JsValue, f64)>) {
        let Some(f) = self.observer.try_borrow().ok().and_then(|o| o.clone()) else {
            return;
        };
        let mut e = JsValue::new_object();
        e.set("method", static_js(method_of(req).as_str()));
        e.set("path", Json::get(req, "path"));
        e.set("attempt", JsValue::from_f64(f64::from(attempt + 1)));
        if let Some((r, start)) = ended {
            match Attempt::of(r) {
                Attempt::Response => e.set("status", Json::get(r, "status")),
                Attempt::Timeout => e.set("failure", static_js("timeout")),
                Attempt::Network(_) => e.set("failure", static_js("network")),
                _ => e.set("failure", static_js("aborted")),
            }
            e.set("durationMs", JsValue::from_f64(now_ms() - start));
        }
        // The shell's dispatcher catches what a listener throws.
        let _ = f.call2(
            &JsValue::UNDEFINED,
            &JsValue::from_bool(ended.is_some()),
            &e,
        );
    }

    /// The session's token now (a copy: nothing stays borrowed).
    fn session_token(&self) -> Option<String> {
        let m = self.life.try_borrow().ok()?;
        m.as_ref()?.token(now_ms()).map(str::to_owned)
    }

    /// After failed attempt `r` of `req`: the wait before the next one, or none.
    fn retry_delay(&self, req: &JsValue, r: &JsValue, attempt: u32) -> Option<f64> {
        let outcome = match Attempt::of(r) {
            Attempt::Timeout => Outcome::Timeout,
            Attempt::Network(_) => Outcome::Network,
            Attempt::Response => {
                let resp = response_of(r);
                Outcome::Status(resp.status, resp.retry_after_ms(now_ms()))
            }
            _ => return None,
        };
        let idempotent = method_of(req) != Method::Post;
        match decide(
            idempotent,
            outcome,
            attempt,
            self.retries,
            js_sys::Math::random(),
        ) {
            Decision::Retry { after_ms } => Some(after_ms),
            Decision::Stop => None,
        }
    }

    /// Send `req` (`{method, url, body, path}`, from `prepare`) with the
    /// client's headers and retries. `auth`: `true` for the session's token
    /// (read at each attempt: a retry never carries a token the session no
    /// longer holds; after a sign-out or a 401 elsewhere the call ends
    /// `ABORTED`), a string for that token, else none. Resolves the last
    /// attempt's response (any status: `settle` reads it) with `sentToken`;
    /// rejects with the AfostoError of an attempt without a response.
    pub(crate) async fn exchange(
        self: Rc<Self>,
        req: JsValue,
        auth: JsValue,
        timeout_ms: f64,
        signal: JsValue,
    ) -> Result<JsValue, JsValue> {
        let signal = if signal.is_null() {
            JsValue::UNDEFINED
        } else {
            signal
        };
        let fixed = auth.as_string();
        let from_session = auth.is_truthy() && fixed.is_none();
        let current = || {
            if from_session {
                self.session_token()
            } else {
                fixed.clone()
            }
        };
        // The token of the first attempt is read once (with the clock).
        let first = current();
        let signed_in = first.is_some();
        let mut next = Some(first);
        let mut headers = JsValue::new_object();
        headers.set("Accept", static_js("application/json"));
        for (name, value) in &self.headers {
            headers.set_dyn(name, JsValue::from_str(value));
        }
        let body = Json::get(&req, "body");
        if !body.is_undefined() {
            headers.set("Content-Type", static_js("application/json"));
        }
        let url = Json::get(&req, "url");
        let method = Json::get(&req, "method"); // as `prepare` wrote it
        let mut attempt = 0;
        loop {
            let token = next.take().unwrap_or_else(current);
            if let Some(t) = &token {
                let mut h = String::from("Bearer ");
                h.push_str(t);
                headers.set("Authorization", JsValue::from_str(&h));
            }
            let mut init = JsValue::new_object();
            init.set("method", method.clone());
            init.set("headers", headers.clone());
            if !body.is_undefined() {
                init.set("body", body.clone());
            }
            let mut r = if signed_in && token.is_none() {
                no_response("aborted")
            } else {
                let start = now_ms();
                self.observe(&req, attempt, None);
                let on_head: &Function = self.on_head.as_ref().unchecked_ref();
                let r = send_once(on_head, &self.fetch, &url, &mut init, &signal, timeout_ms).await;
                self.observe(&req, attempt, Some((&r, start)));
                r
            };
            let status = Json::get(&r, "status").as_f64().unwrap_or(0.0);
            let ok = (200.0..300.0).contains(&status);
            if !ok && !matches!(Attempt::of(&r), Attempt::Aborted) {
                if let Some(wait) = self.retry_delay(&req, &r, attempt) {
                    if sleep(wait, &signal).await {
                        attempt += 1;
                        continue;
                    }
                    r = no_response("aborted");
                }
            }
            let outcome = if ok {
                Attempt::Response
            } else {
                Attempt::of(&r)
            };
            match outcome {
                Attempt::Response => {}
                Attempt::Network(m) => {
                    // A fetch that fails may quote the header, or (a wrapper)
                    // the body: neither reaches the message.
                    let m = redact(&m, token.as_slice(), "<token>");
                    r.set(
                        "message",
                        JsValue::from_str(&redact(&m, &body_secrets(&body), "[redacted]")),
                    );
                    return Err(super::core::failure(&req, &r, timeout_ms));
                }
                _ => return Err(super::core::failure(&req, &r, timeout_ms)),
            }
            // An error body may echo what was sent: the error message must not.
            let text = if ok {
                String::new()
            } else {
                str_of(&r, "text")
            };
            if !text.is_empty() {
                let mut secrets: Vec<String> = token.iter().cloned().collect();
                secrets.extend(body_secrets(&body));
                r.set(
                    "text",
                    JsValue::from_str(&redact(&text, &secrets, "[redacted]")),
                );
            }
            r.set(
                "sentToken",
                token
                    .as_deref()
                    .map_or(JsValue::UNDEFINED, JsValue::from_str),
            );
            return Ok(r);
        }
    }
}

/// Wait for `p`, but no longer than `timeout_ms` (0: no limit) and only
/// until `signal` aborts: `[true, value]`, or `[false, "timeout" | "aborted"]`
/// when the wait was cut short; rejects when `p` does. `p` runs on either way.
pub(crate) async fn within(
    p: Promise,
    timeout_ms: f64,
    signal: JsValue,
) -> Result<JsValue, JsValue> {
    let pair = |done: bool, v: &'static str| {
        JsValue::from(Array::of2(&JsValue::from_bool(done), &static_js(v)))
    };
    if aborted(&signal) {
        return Ok(pair(false, "aborted"));
    }
    match Cut::new(&signal, timeout_ms, None).race(&p).await {
        (CUT_ABORTED, _) => Ok(pair(false, "aborted")),
        (CUT_TIMEOUT, _) => Ok(pair(false, "timeout")),
        (_, settled) => settled.map(|v| JsValue::from(Array::of2(&JsValue::TRUE, &v))),
    }
}
