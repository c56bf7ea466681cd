//! [`Error`] -> a real JS `Error` named `"AfostoError"`, and `isAfostoError`.

use crate::error::Error;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

fn set(o: &JsValue, k: &str, v: JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), &v);
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
    set(&err, "retryable", JsValue::from_bool(e.retryable));
    err
}

/// True for any `AfostoError`, from this or another realm (checks that
/// `name` is "AfostoError" and `code` is a string, not the prototype).
///
/// ```ts
/// try { await client.signIn(c) } catch (e) { if (isAfostoError(e) && e.code === "UNAUTHORIZED") … }
/// ```
#[wasm_bindgen(js_name = isAfostoError, unchecked_return_type = "e is AfostoError")]
pub fn is_afosto_error(#[wasm_bindgen(unchecked_param_type = "unknown")] e: JsValue) -> bool {
    if !e.is_object() {
        return false;
    }
    let get = |k: &str| Reflect::get(&e, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    get("name").as_string().as_deref() == Some("AfostoError") && get("code").is_string()
}
