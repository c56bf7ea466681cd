//! The named field tables that the twin tests run through both walkers: the
//! Rust one (`shape::decode_body`) and `src/shape.js` (in Node, with the
//! tables rendered by `shape::js_table`). Shared by tests/shape_twins.rs (the
//! case table tests/fixtures/shapes.json), tests/fuzz.rs (the fuzz corpus) and
//! tests/wasm_browser.rs (the case table through the wasm build's own path).
#![allow(dead_code)] // each test crate uses its part

use afosto_checkout::models::{addresses, checkout, identity, service_points, shipping};
use afosto_checkout::shape::{field, Field, Need::*, Ty, Ty::*};
#[cfg(not(target_arch = "wasm32"))]
pub use native::*;

/// Coordinates under the API's typo too (`longtitude`), and an optional one.
pub static ALIAS: [Field; 3] = [
    field("longitude|longtitude", Num, Req),
    field("lat|latitude", Num, Opt),
    field("name", Str, Opt),
];

/// Every default.
pub static DEFAULTS: [Field; 6] = [
    field("is_on", Bool, DefBool(true)),
    field("is_off", Bool, DefBool(false)),
    field("priority", Num, DefNum(100)),
    field("offset", Int, DefNum(-3)),
    field("tags", List(&Str), DefEmpty),
    field("note", Str, Opt),
];

/// Numbers: integral or any finite number, and weekdays.
pub static NUMBERS: [Field; 4] = [
    field("int", Int, Opt),
    field("num", Num, Opt),
    field("weekday", Weekday, Opt),
    field("weekdays", List(&Weekday), Opt),
];

/// Anything, passed through.
pub static ANY: [Field; 3] = [
    field("any", Any, Opt),
    field("anys", List(&Any), DefEmpty),
    field("must", Any, Req),
];

/// A small element with one required field.
pub static ITEM: [Field; 2] = [field("id", Str, Req), field("tag", Str, Opt)];

static ITEM_TY: Ty = Obj(&ITEM);
static ITEMS_TY: Ty = List(&ITEM_TY);
static INTS_TY: Ty = List(&Int);

/// Lists of lists.
pub static NESTED: [Field; 3] = [
    field("matrix", List(&INTS_TY), Opt),
    field("groups", List(&ITEMS_TY), DefEmpty),
    field("items", List(&ITEM_TY), Opt),
];

/// Optional and required objects (an optional one lacking its `id` is left out).
pub static OPTIONAL: [Field; 4] = [
    field("opt", Obj(&ITEM), Opt),
    field("req", Obj(&ITEM), Req),
    field("holder", Obj(&HOLDER), Opt),
    field("list", List(&Obj(&HOLDER)), DefEmpty),
];

/// An element holding an optional object and a list (drops inside a kept
/// element), its required `name` last (an element left out for it had drops
/// of its own, which go with it).
pub static HOLDER: [Field; 3] = [
    field("opt", Obj(&ITEM), Opt),
    field("items", List(&ITEM_TY), DefEmpty),
    field("name", Str, Req),
];

/// Names JS objects inherit or treat specially, and the camelCase rule's edges.
pub static NAMES: [Field; 6] = [
    field("__proto__", Obj(&ITEM), Opt),
    field("constructor", Str, Opt),
    field("to_string", Str, Opt),
    field("_private_key", Str, Opt),
    field("address_line_1", Str, Opt),
    field("a__b", Str, Opt),
];

static POINT_MATCH_TY: Ty = Obj(&service_points::POINT_MATCH);
static SHIPPING_METHOD_TY: Ty = Obj(&shipping::SHIPPING_METHOD);
static ADDRESS_TY: Ty = Obj(&addresses::ADDRESS);
static OPTIONAL_TY: Ty = Obj(&OPTIONAL);

/// Every named table, in a fixed order (the fuzz corpus picks by index).
pub static TABLES: [(&str, Ty); 30] = [
    ("POINT_MATCH list", List(&POINT_MATCH_TY)),
    ("POINT_MATCH", Obj(&service_points::POINT_MATCH)),
    ("SERVICE_POINT", Obj(&service_points::SERVICE_POINT)),
    ("SHIPPING_METHOD", Obj(&shipping::SHIPPING_METHOD)),
    ("SHIPPING_METHOD list", List(&SHIPPING_METHOD_TY)),
    (
        "ADDRESS_SEARCH_RESULT",
        Obj(&addresses::ADDRESS_SEARCH_RESULT),
    ),
    ("DPD_BODY", Obj(&service_points::DPD_BODY)),
    ("ADDRESS", Obj(&addresses::ADDRESS)),
    ("ADDRESS list", List(&ADDRESS_TY)),
    ("GEO_LOCATION", Obj(&addresses::GEO_LOCATION)),
    ("ADDRESS_FORMAT", Obj(&addresses::ADDRESS_FORMAT)),
    ("SIGNED_TOKEN", Obj(&identity::SIGNED_TOKEN)),
    ("ACCESS_TOKEN", Obj(&identity::ACCESS_TOKEN)),
    ("SESSION_METHODS", Obj(&checkout::SESSION_METHODS)),
    ("SESSION_POINTS", Obj(&checkout::SESSION_POINTS)),
    ("SESSION_ADDRESSES", Obj(&checkout::SESSION_ADDRESSES)),
    ("ALIAS", Obj(&ALIAS)),
    ("DEFAULTS", Obj(&DEFAULTS)),
    ("NUMBERS", Obj(&NUMBERS)),
    ("ANY", Obj(&ANY)),
    ("NESTED", Obj(&NESTED)),
    ("OPTIONAL", Obj(&OPTIONAL)),
    ("OPTIONAL list", List(&OPTIONAL_TY)),
    ("NAMES", Obj(&NAMES)),
    ("Str", Str),
    ("Num", Num),
    ("Int", Int),
    ("Bool", Bool),
    ("Weekday", Weekday),
    ("Int list list", List(&INTS_TY)),
];

/// The table named `name`.
pub fn table(name: &str) -> &'static Ty {
    match TABLES.iter().find(|(n, _)| *n == name) {
        Some((_, ty)) => ty,
        None => panic!("no table named {name:?} in tests/shapes/mod.rs"),
    }
}

/// `(path, expected, found)` of a DECODE message "… at PATH: expected X, found Y".
pub fn mismatch(message: &str, path: Option<&str>) -> (String, String, String) {
    let path = path.unwrap_or_else(|| panic!("no JSON path: {message}"));
    let mut at = String::from(" at ");
    at.push_str(path);
    at.push_str(": expected ");
    let tail = message
        .rsplit_once(&at)
        .map(|(_, t)| t)
        .unwrap_or_else(|| panic!("no {at:?} in {message:?}"));
    let (expected, found) = tail
        .rsplit_once(", found ")
        .unwrap_or_else(|| panic!("no found in {message:?}"));
    (path.to_owned(), expected.to_owned(), found.to_owned())
}

/// `[at, path, expected]` of a drop's message "left out AT: response does
/// not match the documented shape at PATH: expected X, found nothing".
pub fn dropped(message: &str, path: Option<&str>) -> [String; 3] {
    let (at, rest) = message
        .strip_prefix("left out ")
        .and_then(|m| m.split_once(": "))
        .unwrap_or_else(|| panic!("a drop's message: {message}"));
    let (path, expected, found) = mismatch(rest, path);
    assert_eq!(found, "nothing", "{message}");
    [at.to_owned(), path, expected]
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{dropped, mismatch, TABLES};
    use afosto_checkout::shape::{js_table, Ty};
    use serde_json::{json, Map, Value};
    use std::path::PathBuf;

    /// Every table rendered for `shape.js`, by name.
    pub fn rendered() -> Value {
        let mut out = Map::new();
        for (name, ty) in &TABLES {
            out.insert((*name).to_owned(), js_table(ty));
        }
        Value::Object(out)
    }

    /// The Rust walker's result for `v` as `ty`, in the case table's form:
    /// `{ok, drops: [[at, path, expected]...]}` or `{err: {path, expected, found}}`.
    pub fn rust_result(v: &Value, ty: &Ty) -> Value {
        use afosto_checkout::error::Code;
        use afosto_checkout::shape::{decode_body, Walk};
        let _ = Value::take_drops();
        let r = decode_body(v, ty);
        let drops = Value::take_drops();
        match r {
            Ok(value) => {
                let drops: Vec<Value> = drops
                    .iter()
                    .map(|d| {
                        assert_eq!(d.code, Code::Decode);
                        json!(dropped(&d.message, d.json_path.as_deref()))
                    })
                    .collect();
                json!({"ok": value, "drops": drops})
            }
            Err(e) => {
                assert_eq!(e.code, Code::Decode, "{}", e.message);
                let (path, expected, found) = mismatch(&e.message, e.json_path.as_deref());
                json!({"err": {"path": path, "expected": expected, "found": found}})
            }
        }
    }

    /// `target/<name>` in this package (created as needed), for files handed to Node.
    pub fn target_file(name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }
}
