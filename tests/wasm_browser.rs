//! wasm-bindgen tests in headless Chromium against the mock (`MOCK_URL` at
//! compile time; `scripts/test.sh` starts the mock). They drive the exported
//! client through its Rust surface, the same code JS calls.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use afosto_checkout::AfostoClient;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mock_url() -> &'static str {
    option_env!("MOCK_URL").unwrap_or("http://127.0.0.1:4011")
}

fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn client(extra: &[(&str, JsValue)]) -> AfostoClient {
    let mut pairs = vec![("baseUrl", JsValue::from_str(mock_url()))];
    pairs.extend_from_slice(extra);
    AfostoClient::new(Some(obj(&pairs))).unwrap_or_else(|e| panic!("config rejected: {e:?}"))
}

async fn rejects(p: Promise) -> JsValue {
    JsFuture::from(p).await.expect_err("expected a rejection")
}

fn email(tag: &str) -> String {
    format!("{tag}-{}@example.com", js_sys::Math::random().to_bits())
}

#[wasm_bindgen_test]
async fn sign_up_then_sign_in_stores_the_session() {
    let c = client(&[]);
    let e = email("wasm");
    let creds = obj(&[("email", e.as_str().into()), ("password", "pw-123".into())]);
    let s = JsFuture::from(c.sign_up(creds.clone(), None))
        .await
        .unwrap();
    let token = get(&s, "token").as_string().unwrap();
    assert_eq!(token.split('.').count(), 3);
    assert_eq!(
        get(&get(&s, "claims"), "email").as_string(),
        Some(e.clone())
    );
    let again = rejects(c.sign_up(creds.clone(), None)).await;
    assert_eq!(get(&again, "code").as_string().as_deref(), Some("CONFLICT"));
    assert!(again.is_instance_of::<js_sys::Error>());
    let s2 = JsFuture::from(c.sign_in(creds, None)).await.unwrap();
    assert_eq!(
        get(&c.session(), "token").as_string(),
        get(&s2, "token").as_string()
    );
}

#[wasm_bindgen_test]
async fn aborted_signal_rejects_without_sending() {
    let c = client(&[]);
    let ctrl = web_abort_controller();
    Reflect::apply(&get(&ctrl, "abort").into(), &ctrl, &js_sys::Array::new()).unwrap();
    let opts = obj(&[("signal", get(&ctrl, "signal"))]);
    let creds = obj(&[("email", "a@b.nl".into()), ("password", "x".into())]);
    let e = rejects(c.sign_in(creds, Some(opts))).await;
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("ABORTED"));
    assert_eq!(get(&e, "name").as_string().as_deref(), Some("AfostoError"));
}

#[wasm_bindgen_test]
async fn unknown_route_is_not_found_and_bad_config_throws() {
    let c = client(&[("retries", JsValue::from_f64(0.0))]);
    let e = rejects(c.request("GET".into(), "/no/such/route".into(), None)).await;
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("NOT_FOUND"));
    assert_eq!(get(&e, "status").as_f64(), Some(404.0));
    let bad = AfostoClient::new(Some(obj(&[("baseUrl", "http://example.com".into())])));
    let err = bad.err().expect("http off loopback is rejected");
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("INVALID_CONFIG")
    );
}

fn web_abort_controller() -> JsValue {
    let ctor: js_sys::Function = get(&js_sys::global(), "AbortController").into();
    Reflect::construct(&ctor, &js_sys::Array::new()).unwrap()
}
