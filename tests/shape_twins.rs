//! The twin walkers: `src/shape.rs` (the reference, run natively and by the
//! fuzzer) and `src/shape.js` (what the browser runs). One case table,
//! tests/fixtures/shapes.json, is checked here against the Rust walker and in
//! tests/node/shape.test.mjs against shape.js, with the tables this file
//! renders into `target/shape-twins.json` (`tables_for_js`).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod shapes;

use afosto_checkout::shape::{js_table, Ty};
use serde_json::{json, Value};

fn cases() -> Vec<Value> {
    let table: Value = serde_json::from_str(include_str!("fixtures/shapes.json")).unwrap();
    table["cases"].as_array().unwrap().clone()
}

/// A case's expected result in `shapes::rust_result`'s form.
fn expected(c: &Value) -> Value {
    match (c.get("ok"), c.get("err")) {
        (Some(ok), None) => {
            json!({"ok": ok, "drops": c.get("drops").cloned().unwrap_or(json!([]))})
        }
        (None, Some(err)) if c.get("drops").is_none() => json!({ "err": err }),
        _ => panic!("{}: needs either ok (and drops) or err", c["name"]),
    }
}

/// JSON equality where numbers compare by value (and the sign of zero), not
/// by how serde_json stores them (`1` and `1.0` are the same number in JS).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y && x.is_sign_negative() == y.is_sign_negative()
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn shared_case_table() {
    let cases = cases();
    assert!(cases.len() >= 100, "{} cases", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let name = c["name"].as_str().unwrap();
        let ty = shapes::table(c["type"].as_str().unwrap());
        let got = shapes::rust_result(&c["input"], ty);
        let want = expected(c);
        if !same(&got, &want) {
            failures.push(format!("{name}\n   got {got}\n  want {want}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_table_has_cases_of_both_kinds() {
    let cases = cases();
    for (name, _) in &shapes::TABLES {
        let of = |kind: &str| {
            cases
                .iter()
                .any(|c| c["type"] == *name && c.get(kind).is_some())
        };
        assert!(of("ok") || of("err"), "no case for {name}");
    }
    let drops = cases.iter().filter(|c| c.get("drops").is_some()).count();
    assert!(drops >= 20, "{drops} cases with drops");
}

/// The rendered form is what `shape.js` reads: pin it (the wasm build's
/// `js::compile` builds it with the same `compile_with`/`compile_fields`).
#[test]
fn rendered_tables_have_shape_js_layout() {
    assert_eq!(
        js_table(&Ty::List(&Ty::List(&Ty::Weekday))),
        json!({"k": 5, "i": {"k": 5, "i": {"k": 7}}})
    );
    for (ty, k) in [
        (Ty::Str, 0),
        (Ty::Num, 1),
        (Ty::Int, 2),
        (Ty::Bool, 3),
        (Ty::Any, 6),
    ] {
        assert_eq!(js_table(&ty), json!({ "k": k }));
    }
    assert_eq!(
        js_table(shapes::table("ALIAS")),
        json!({"k": 4, "f": [
            ["longitude", "longtitude", "longitude", {"k": 1}, 0, null],
            ["lat", "latitude", "lat", {"k": 1}, 1, null],
            ["name", "", "name", {"k": 0}, 1, null],
        ]})
    );
    assert_eq!(
        js_table(shapes::table("DEFAULTS")),
        json!({"k": 4, "f": [
            ["is_on", "", "isOn", {"k": 3}, 2, true],
            ["is_off", "", "isOff", {"k": 3}, 2, false],
            ["priority", "", "priority", {"k": 1}, 2, 100],
            ["offset", "", "offset", {"k": 2}, 2, -3],
            ["tags", "", "tags", {"k": 5, "i": {"k": 0}}, 3, null],
            ["note", "", "note", {"k": 0}, 1, null],
        ]})
    );
    assert_eq!(
        js_table(shapes::table("OPTIONAL list"))["i"]["f"][3],
        json!(["list", "", "list", {"k": 5, "i": {"k": 4, "f": [
            ["opt", "", "opt", {"k": 4, "f": [["id", "", "id", {"k": 0}, 0, null], ["tag", "", "tag", {"k": 0}, 1, null]]}, 1, null],
            ["items", "", "items", {"k": 5, "i": {"k": 4, "f": [["id", "", "id", {"k": 0}, 0, null], ["tag", "", "tag", {"k": 0}, 1, null]]}}, 3, null],
            ["name", "", "name", {"k": 0}, 0, null],
        ]}}, 3, null])
    );
}

/// Hand the rendered tables to tests/node/shape.test.mjs (which runs this).
#[test]
fn tables_for_js() {
    let out = json!({ "tables": shapes::rendered() });
    std::fs::write(shapes::target_file("shape-twins.json"), out.to_string()).unwrap();
}
