//! The browser transport: sends an [`HttpRequest`] with `fetch` (one attempt
//! at a time, see `fetch.js`), applies the retry policy, and hands the
//! response to [`read_response`]. The only HTTP I/O in the crate.

use super::{read_response, HttpRequest, HttpResponse};
use crate::error::{Code, Error};
use crate::json::Json;
use crate::retry::{decide, Decision, Outcome};
use crate::time::now_ms;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/http/fetch.js")]
extern "C" {
    #[wasm_bindgen(js_name = sendOnce)]
    fn send_once(
        fetch: &JsValue,
        url: &str,
        init: &JsValue,
        signal: &JsValue,
        timeout_ms: f64,
    ) -> Promise;
    /// Wait `ms`; resolves true, or false as soon as `signal` aborts.
    pub fn sleep(ms: f64, signal: &JsValue) -> Promise;
    /// `globalThis`, without probing `window`.
    #[wasm_bindgen(js_name = globalScope)]
    pub fn global_scope() -> JsValue;
}

/// Where and how to send.
pub struct Transport<'a> {
    /// Validated base URL.
    pub base_url: &'a str,
    /// Injected `fetch` (undefined = `globalThis.fetch`).
    pub fetch: &'a JsValue,
    /// Extra attempts for idempotent methods.
    pub retries: u32,
}

/// Per-call options (`CallOptions`).
#[derive(Clone)]
pub struct CallOpts {
    /// The caller's AbortSignal (or undefined).
    pub signal: JsValue,
    /// Per-attempt timeout in ms (0 = none).
    pub timeout_ms: f64,
}

/// True when `signal` is an AbortSignal that has fired.
pub fn is_aborted(signal: &JsValue) -> bool {
    signal.is_object() && signal.get("aborted").as_bool() == Some(true)
}

fn set(o: &JsValue, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

fn text_field(r: &JsValue, k: &str) -> Option<String> {
    r.get(k).as_string()
}

/// Send `req` with retries; `token` is added as a bearer header (only ever to
/// `base_url`). Returns the parsed JSON body (`None` when empty).
pub async fn execute(
    t: &Transport<'_>,
    req: &HttpRequest<JsValue>,
    token: Option<&str>,
    opts: &CallOpts,
) -> Result<Option<JsValue>, Error> {
    let method = req.method.as_str();
    let at = |e: Error| e.at(method, &req.path);
    if is_aborted(&opts.signal) {
        return Err(at(Error::aborted()));
    }
    let url = req.url(t.base_url);
    let body = req.body.as_ref().map(Json::stringify);
    let mut attempt = 0;
    loop {
        let headers: JsValue = Object::new().into();
        set(&headers, "Accept", &JsValue::from_str("application/json"));
        if body.is_some() {
            set(
                &headers,
                "Content-Type",
                &JsValue::from_str("application/json"),
            );
        }
        if let Some(tok) = token {
            let mut v = String::from("Bearer ");
            v.push_str(tok);
            set(&headers, "Authorization", &JsValue::from_str(&v));
        }
        let init: JsValue = Object::new().into();
        set(&init, "method", &JsValue::from_str(method));
        set(&init, "headers", &headers);
        if let Some(b) = &body {
            set(&init, "body", &JsValue::from_str(b));
        }
        let r = JsFuture::from(send_once(
            t.fetch,
            &url,
            &init,
            &opts.signal,
            opts.timeout_ms,
        ))
        .await
        .unwrap_or(JsValue::UNDEFINED);
        let (outcome, resp) = match text_field(&r, "failure").as_deref() {
            Some("aborted") => return Err(at(Error::aborted())),
            Some("timeout") => (Outcome::Timeout, None),
            Some(_) => (Outcome::Network, None),
            None => {
                let resp = HttpResponse {
                    status: r.get("status").as_f64().unwrap_or(0.0) as u16,
                    content_type: text_field(&r, "contentType"),
                    retry_after: text_field(&r, "retryAfter"),
                    text: text_field(&r, "text").unwrap_or_default(),
                };
                let now = now_ms();
                (
                    Outcome::Status(resp.status, resp.retry_after_ms(now)),
                    Some(resp),
                )
            }
        };
        if let Some(resp) = &resp {
            if (200..300).contains(&resp.status) {
                let pre = (r.get("hasJson").as_bool() == Some(true)).then(|| r.get("json"));
                return read_response(req.method, &req.path, resp, now_ms(), pre);
            }
        }
        match decide(
            req.method,
            outcome,
            attempt,
            t.retries,
            js_sys::Math::random(),
        ) {
            Decision::Retry { after_ms } => {
                let slept = JsFuture::from(sleep(after_ms, &opts.signal)).await;
                if slept.ok().and_then(|v| v.as_bool()) != Some(true) {
                    return Err(at(Error::aborted()));
                }
                attempt += 1;
            }
            Decision::Stop => {
                return Err(match resp {
                    Some(resp) => {
                        read_response::<JsValue>(req.method, &req.path, &resp, now_ms(), None)
                            .err()
                            .unwrap_or_else(|| Error::new(Code::Http, "unexpected response"))
                    }
                    None if outcome == Outcome::Timeout => {
                        let mut m = String::from("no response within ");
                        crate::shape::push_usize(&mut m, opts.timeout_ms as usize);
                        m.push_str(" ms");
                        at(Error::new(Code::Timeout, m))
                    }
                    None => {
                        let mut m = String::from("network error");
                        if let Some(detail) = text_field(&r, "message").filter(|s| !s.is_empty()) {
                            m.push_str(": ");
                            m.extend(detail.chars().take(200));
                        }
                        at(Error::new(Code::Network, m))
                    }
                });
            }
        }
    }
}
