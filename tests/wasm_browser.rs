//! wasm-bindgen tests in headless Chromium against the mock (`MOCK_URL` at
//! compile time; `scripts/test.sh` starts the mock). They drive the wasm core
//! (`Core`) the way the JS shell does: prepare a request, send it with the
//! browser's `fetch`, settle the response.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use afosto_checkout::client::operations::{Call, Op};
use afosto_checkout::Core;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

mod shapes;

wasm_bindgen_test_configure!(run_in_browser);

/// Operation numbers: positions in src/client/operations.rs (`Op`).
const SIGN_UP: u32 = Op::signUp as u32;
const SIGN_IN: u32 = Op::signIn as u32;
const RAW: u32 = Op::request as u32;

/// `c.call(prepare, op, …)`, as the JS shell builds a request.
fn prepare(c: &Core, op: u32, a: JsValue, b: JsValue, d: JsValue) -> Result<JsValue, JsValue> {
    c.call(Call::prepare as u32, op, a, b, d)
}

/// `c.call(settle, op, request, attempt)`, as the JS shell decodes a response.
fn settle(c: &Core, op: u32, req: &JsValue, r: &JsValue) -> Result<JsValue, JsValue> {
    c.call(
        Call::settle as u32,
        op,
        req.clone(),
        r.clone(),
        JsValue::UNDEFINED,
    )
}

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

fn core(extra: &[(&str, JsValue)]) -> Core {
    let mut pairs = vec![("baseUrl", JsValue::from_str(mock_url()))];
    pairs.extend_from_slice(extra);
    Core::create(obj(&pairs)).unwrap_or_else(|e| panic!("config rejected: {e:?}"))
}

/// Send a prepared request (`{method, url, body, path, context}`) through
/// the core's own transport (`Core::exchange`, src/client/transport.rs: the
/// browser's fetch from Rust): the last attempt, `{status, contentType,
/// retryAfter, text, json?}`.
async fn send(c: &Core, req: &JsValue) -> JsValue {
    JsFuture::from(c.exchange(
        req.clone(),
        JsValue::UNDEFINED,
        10_000.0,
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap()
}

fn email(tag: &str) -> String {
    format!("{tag}-{}@example.com", js_sys::Math::random().to_bits())
}

#[wasm_bindgen_test]
async fn sign_up_then_sign_in_gives_a_session_record() {
    let c = core(&[]);
    let e = email("wasm");
    let creds = obj(&[("email", e.as_str().into()), ("password", "pw-123".into())]);
    let u = JsValue::UNDEFINED;
    let req = prepare(&c, SIGN_UP, creds.clone(), u.clone(), u.clone()).unwrap();
    let rec = settle(&c, SIGN_UP, &req, &send(&c, &req).await).unwrap();
    let session = get(&rec, "session");
    let token = get(&session, "token").as_string().unwrap();
    assert_eq!(token.split('.').count(), 3);
    assert_eq!(get(&get(&session, "claims"), "email").as_string(), Some(e));
    assert!(get(&rec, "expiresAt").as_f64().unwrap() > js_sys::Date::now());
    let again = settle(&c, SIGN_UP, &req, &send(&c, &req).await).unwrap_err();
    assert_eq!(get(&again, "code").as_string().as_deref(), Some("CONFLICT"));
    assert!(again.is_instance_of::<js_sys::Error>());
    let req = prepare(&c, SIGN_IN, creds, u.clone(), u).unwrap();
    let rec2 = settle(&c, SIGN_IN, &req, &send(&c, &req).await).unwrap();
    assert!(get(&get(&rec2, "session"), "token").is_string());
}

#[wasm_bindgen_test]
fn aborted_signal_and_bad_input_are_typed_errors() {
    let c = core(&[]);
    let ctor: Function = get(&js_sys::global(), "AbortController").into();
    let ctrl = Reflect::construct(&ctor, &Array::new()).unwrap();
    Reflect::apply(&get(&ctrl, "abort").into(), &ctrl, &Array::new()).unwrap();
    let u = JsValue::UNDEFINED;
    let e = c
        .call(
            Call::callOptions as u32,
            0,
            obj(&[("signal", get(&ctrl, "signal"))]),
            u.clone(),
            u.clone(),
        )
        .unwrap_err();
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("ABORTED"));
    assert_eq!(get(&e, "name").as_string().as_deref(), Some("AfostoError"));
    let bad = prepare(&c, SIGN_IN, obj(&[("email", "no-at".into())]), u.clone(), u).unwrap_err();
    assert_eq!(
        get(&bad, "code").as_string().as_deref(),
        Some("INVALID_INPUT")
    );
    assert!(get(&bad, "fieldErrors").is_object());
}

#[wasm_bindgen_test]
async fn unknown_route_is_not_found_and_bad_config_throws() {
    let c = core(&[("retries", JsValue::from_f64(0.0))]);
    let req = prepare(
        &c,
        RAW,
        "GET".into(),
        "/no/such/route".into(),
        JsValue::UNDEFINED,
    )
    .unwrap();
    let e = settle(&c, RAW, &req, &send(&c, &req).await).unwrap_err();
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("NOT_FOUND"));
    assert_eq!(get(&e, "status").as_f64(), Some(404.0));
    assert_eq!(
        get(&e, "path").as_string().as_deref(),
        Some("/no/such/route")
    );
    let bad = Core::create(obj(&[("baseUrl", "http://example.com".into())]));
    let err = bad.err().expect("http off loopback is rejected");
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("INVALID_CONFIG")
    );
}

/// JSON equality as JS sees it (`Object.is` for primitives, own keys of objects).
fn same(a: &JsValue, b: &JsValue) -> bool {
    if Object::is(a, b) {
        return true;
    }
    if Array::is_array(a) && Array::is_array(b) {
        let (a, b) = (Array::from(a), Array::from(b));
        return a.length() == b.length() && (0..a.length()).all(|i| same(&a.get(i), &b.get(i)));
    }
    if !a.is_object() || !b.is_object() || Array::is_array(a) || Array::is_array(b) {
        return false;
    }
    let (oa, ob) = (Object::from(a.clone()), Object::from(b.clone()));
    let (ka, kb) = (Object::keys(&oa), Object::keys(&ob));
    ka.length() == kb.length()
        && ka.iter().all(|k| {
            Object::has_own(&ob, &k)
                && same(&Reflect::get(a, &k).unwrap(), &Reflect::get(b, &k).unwrap())
        })
}

/// tests/fixtures/shapes.json through the wasm build's own path: `decode_body`
/// on a `JsValue` compiles the tables (`js::compile_object`, cached per static
/// table, the same `compile_with` as the native `js_table`) and walks them in
/// src/shape.js; drops come back through `JsValue::take_drops`. The same
/// table runs through shape.rs (tests/shape_twins.rs) and, with the natively
/// rendered tables, through shape.js in Node (tests/node/shape.test.mjs).
#[wasm_bindgen_test]
fn shape_case_table_through_the_wasm_build() {
    use afosto_checkout::shape::{decode_body, Walk};
    let table = js_sys::JSON::parse(include_str!("fixtures/shapes.json")).unwrap();
    let cases = Array::from(&get(&table, "cases"));
    assert!(cases.length() >= 100);
    let text = |v: &JsValue| String::from(js_sys::JSON::stringify(v).unwrap());
    let mut failures = Vec::new();
    for c in cases.iter() {
        let ty = shapes::table(&get(&c, "type").as_string().unwrap());
        let _ = JsValue::take_drops();
        let got = match decode_body(&get(&c, "input"), ty) {
            Ok(v) => {
                let drops = Array::new();
                for d in JsValue::take_drops() {
                    let [at, path, expected] = shapes::dropped(&d.message, d.json_path.as_deref());
                    drops.push(&Array::of3(&at.into(), &path.into(), &expected.into()));
                }
                obj(&[("ok", v), ("drops", drops.into())])
            }
            Err(e) => {
                let (path, expected, found) = shapes::mismatch(&e.message, e.json_path.as_deref());
                let err = obj(&[
                    ("path", path.into()),
                    ("expected", expected.into()),
                    ("found", found.into()),
                ]);
                obj(&[("err", err)])
            }
        };
        let want = if Reflect::has(&c, &"err".into()).unwrap() {
            obj(&[("err", get(&c, "err"))])
        } else {
            let drops = get(&c, "drops");
            let drops = if drops.is_undefined() {
                Array::new().into()
            } else {
                drops
            };
            obj(&[("ok", get(&c, "ok")), ("drops", drops)])
        };
        if !same(&got, &want) {
            let name = get(&c, "name").as_string().unwrap();
            failures.push(format!(
                "{name}\n   got {}\n  want {}",
                text(&got),
                text(&want)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
