//! [`Error`] -> a real JS `Error` named `"AfostoError"` (`isAfostoError` is
//! JS: `src/js/pure.js`).

use crate::error::Error;
use crate::prelude::*;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/afosto-error.js")]
extern "C" {
    /// `new AfostoError(message)` (the exported class; `instanceof` works),
    /// its stack's first line naming `code`.
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(message: &str, code: &str) -> JsValue;
}

fn set(o: &JsValue, k: &str, v: JsValue) {
    crate::json::reads::put(o, k, &v);
}

/// Build the JS error: `instanceof Error`, with a stack, `name: "AfostoError"`,
/// `code`, `retryable` and the optional fields of `AfostoError`.
pub fn to_js_error(e: Error) -> JsValue {
    let err = make_error(&e.message, e.code.as_str());
    set(&err, "name", JsValue::from_str("AfostoError"));
    set(&err, "code", JsValue::from_str(e.code.as_str()));
    if let Some(s) = e.status {
        set(&err, "status", JsValue::from_f64(f64::from(s)));
    }
    if let Some(m) = e.method {
        set(&err, "method", JsValue::from_str(m));
    }
    if let Some(p) = &e.path {
        set(&err, "path", JsValue::from_str(p));
    }
    if let Some(r) = &e.reference {
        set(&err, "reference", JsValue::from_str(r));
    }
    if !e.field_errors.is_empty() {
        let fe: JsValue = Object::new().into();
        for (field, problems) in &e.field_errors {
            let list = Array::new();
            for p in problems {
                list.push(&JsValue::from_str(p));
            }
            set(&fe, field, list.into());
        }
        set(&err, "fieldErrors", fe);
    }
    if let Some(ms) = e.retry_after_ms {
        set(&err, "retryAfterMs", JsValue::from_f64(ms));
    }
    if let Some(p) = &e.json_path {
        set(&err, "jsonPath", JsValue::from_str(p));
    }
    set(&err, "retryable", JsValue::from_bool(e.retryable));
    err
}

/// At a wasm entry point: `out`, unless a caller's value threw while
/// the core read it (it read as absent); then one clear `INVALID_INPUT`
/// (`INVALID_CONFIG` for the client's config) instead.
pub fn checked<T>(config: bool, run: impl FnOnce() -> Result<T, JsValue>) -> Result<T, JsValue> {
    crate::json::reads::begin_reads();
    let out = run();
    match read_failure(config) {
        Some(e) => Err(to_js_error(e)),
        None => out,
    }
}

fn read_failure(config: bool) -> Option<Error> {
    crate::json::reads::take_read_error().map(|why| {
        let mut m = String::from(if config {
            "invalid ClientConfig"
        } else {
            "invalid input"
        });
        m.push_str(": a value threw while being read");
        if !why.is_empty() {
            m.push_str(" (");
            m.push_str(&why);
            m.push(')');
        }
        let mut e = Error::invalid_field("input", "unreadable", m);
        if config {
            e.code = crate::error::Code::InvalidConfig;
        }
        e
    })
}
