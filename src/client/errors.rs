//! [`Error`] -> a real JS `Error` named `"AfostoError"` (`isAfostoError` is
//! JS: `src/js/pure.js`).

use crate::error::Error;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

fn set(o: &JsValue, k: &str, v: JsValue) {
    crate::shape::js::put(o, k, &v);
}

/// Build the JS error: `instanceof Error`, with a stack, `name: "AfostoError"`,
/// `code`, `retryable` and the optional fields of `AfostoError`.
pub fn to_js_error(e: Error) -> JsValue {
    let err: JsValue = js_sys::Error::new(&e.message).into();
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
