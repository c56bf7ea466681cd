//! The one table-driven converter between wire JSON (snake_case) and the
//! package's camelCase values.
//!
//! Each model is a static table of [`Field`]s. [`decode`] walks a parsed
//! response against a table: it renames keys, checks types, drops unknown
//! members, leaves absent/`null` optional fields out (so JS sees `undefined`)
//! and reports the JSON path of the first mismatch as a `DECODE` error.
//! [`encode`] does the reverse for inputs and collects problems as field errors.

use crate::error::{add_field_error, Error, FieldErrors};
use crate::json::{Json, Kind};
use crate::prelude::*;

/// The type a field must have.
#[derive(Debug)]
pub enum Ty {
    /// A string.
    Str,
    /// Any finite number.
    Num,
    /// An integral number.
    Int,
    /// A boolean.
    Bool,
    /// An object described by its own table.
    Obj(&'static [Field]),
    /// An array of one element type.
    List(&'static Ty),
    /// Any JSON, passed through unchanged (e.g. JWT claims).
    Any,
    /// An ISO weekday 1..7; 0 (Sunday in other numberings) becomes 7.
    Weekday,
}

/// Whether a field must be present.
#[derive(Debug, Clone, Copy)]
pub enum Need {
    /// Missing or `null` is a DECODE error (on input: "required").
    Req,
    /// Missing or `null` leaves the field out.
    Opt,
    /// Missing or `null` takes the documented default (a boolean).
    DefBool(bool),
    /// Missing or `null` takes the documented default (an integer; kept
    /// small so a table row is 28 bytes, not 48).
    DefNum(i32),
    /// Missing or `null` becomes an empty array.
    DefEmpty,
}

/// One member of a model.
#[derive(Debug)]
pub struct Field {
    /// Name on the wire (snake_case), then optionally `|` and a second
    /// accepted wire name, e.g. `"longitude|longtitude"` (the API's typo).
    pub names: &'static str,
    /// Expected type.
    pub ty: Ty,
    /// Presence rule.
    pub need: Need,
}

/// A field by its wire name(s) (see [`Field::names`]).
pub const fn field(names: &'static str, ty: Ty, need: Need) -> Field {
    Field { names, ty, need }
}

impl Field {
    /// The name on the wire.
    pub fn wire(&self) -> &'static str {
        self.names.split('|').next().unwrap_or(self.names)
    }

    /// The second accepted wire name, or "".
    pub fn alias(&self) -> &'static str {
        self.names.split_once('|').map_or("", |(_, a)| a)
    }

    /// The name in JS: the wire name in camelCase (`address_line_1` ->
    /// `addressLine1`). Derived, not stored: every model follows the rule,
    /// and the tables are a sixth of the wasm's data.
    pub fn js(&self) -> String {
        camel(self.wire())
    }
}

/// snake_case -> camelCase (`postal_code` -> `postalCode`, `address_line_1`
/// -> `addressLine1`). Only an underscore between two letters or digits
/// separates words: others stay (`__proto__`, `_id`, `a__b` unchanged).
pub fn camel(s: &str) -> String {
    let b = s.as_bytes();
    let word = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let mut out = String::with_capacity(s.len());
    let mut up = false;
    for (i, c) in s.char_indices() {
        if c == '_' && i > 0 && word(i - 1) && word(i + 1) {
            up = true;
        } else if up {
            out.push(c.to_ascii_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn type_name(ty: &Ty) -> &'static str {
    match ty {
        Ty::Str => "string",
        Ty::Num => "number",
        Ty::Int => "integer",
        Ty::Bool => "boolean",
        Ty::Obj(_) => "object",
        Ty::List(_) => "array",
        Ty::Any => "any",
        Ty::Weekday => "a weekday 1..7 (or 0 for Sunday)",
    }
}

/// A [`Json`] value the converter can walk: the walk itself (the engine's
/// in the browser, [`walk`] natively) and the list elements it leaves out.
pub trait Walk: Json {
    /// Shape a response value by a field table (see [`decode`]).
    fn shape(v: &Self, ty: &Ty, path: &mut String) -> Result<Self, Error> {
        walk(v, ty, path)
    }
    /// Note that the list element (or optional object member) at JSON path
    /// `at` was left out of a response: it lacks a required field
    /// (`missing`, a `DECODE` error naming it).
    fn note_drop(at: &str, missing: &Error);
    /// How many drops are noted so far.
    fn drops_mark() -> usize;
    /// Forget the drops noted after `mark` (those inside an element that is
    /// itself left out).
    fn drops_truncate(mark: usize);
    /// Take the drops noted so far, as warnings (`Error::dropped`).
    fn take_drops() -> Vec<Error>;
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::Walk;
    use crate::error::Error;
    use serde_json::Value;
    use std::cell::RefCell;

    std::thread_local! {
        /// Drops noted by the Rust walker (see `Walk::note_drop`).
        static DROPS: RefCell<Vec<Error>> = const { RefCell::new(Vec::new()) };
    }

    impl Walk for Value {
        fn note_drop(at: &str, missing: &Error) {
            DROPS.with(|d| d.borrow_mut().push(Error::dropped(at, missing)));
        }
        fn drops_mark() -> usize {
            DROPS.with(|d| d.borrow().len())
        }
        fn drops_truncate(mark: usize) {
            DROPS.with(|d| d.borrow_mut().truncate(mark));
        }
        fn take_drops() -> Vec<Error> {
            DROPS.with(|d| core::mem::take(&mut *d.borrow_mut()))
        }
    }
}

/// Decode a parsed response value at JSON path `path` (e.g. `"$"`).
///
/// In the browser the walk runs in JS (`shape.js`, one call per response,
/// same rules); natively, and as the reference for those rules, it is
/// [`walk`].
pub fn decode<V: Walk>(v: &V, ty: &Ty, path: &mut String) -> Result<V, Error> {
    V::shape(v, ty, path)
}

/// The Rust walker: decode `v` against `ty`, `path` naming where `v` sits.
pub fn walk<V: Walk>(v: &V, ty: &Ty, path: &mut String) -> Result<V, Error> {
    let kind = v.kind();
    let mismatch = |path: &str| Err(Error::decode(path, type_name(ty), kind.name()));
    match ty {
        Ty::Any => Ok(v.clone()),
        Ty::Str => {
            if kind == Kind::Str {
                Ok(v.clone())
            } else {
                mismatch(path)
            }
        }
        Ty::Bool => {
            if kind == Kind::Bool {
                Ok(v.clone())
            } else {
                mismatch(path)
            }
        }
        Ty::Weekday => match v.as_f64() {
            Some(n) if n.fract() == 0.0 && (0.0..=7.0).contains(&n) => {
                Ok(V::from_f64(if n == 0.0 { 7.0 } else { n }))
            }
            _ => mismatch(path),
        },
        Ty::Num | Ty::Int => match v.as_f64() {
            Some(n) if n.is_finite() && (matches!(ty, Ty::Num) || n.fract() == 0.0) => {
                Ok(v.clone())
            }
            _ => mismatch(path),
        },
        Ty::List(item) => {
            if kind != Kind::Arr {
                return mismatch(path);
            }
            let mut out = V::new_array();
            let base = path.len();
            for i in 0..v.len() {
                path.push('[');
                push_usize(path, i);
                path.push(']');
                let (mark, here) = (V::drops_mark(), path.len());
                match walk(&v.at(i), item, path) {
                    Ok(x) => out.push(x),
                    // An element lacking a required field is left out (and
                    // noted); the rest of the list still counts.
                    Err(e) if e.missing.is_some() => {
                        V::drops_truncate(mark);
                        path.truncate(here);
                        V::note_drop(path, &e);
                    }
                    Err(e) => return Err(e),
                }
                path.truncate(base);
            }
            Ok(out)
        }
        Ty::Obj(fields) => {
            if kind != Kind::Obj {
                return mismatch(path);
            }
            decode_object(v, fields, path)
        }
    }
}

/// An optional object member: left out (and noted) when it lacks a
/// required field of its own, like an incomplete list element.
fn droppable(f: &Field) -> bool {
    matches!((&f.need, &f.ty), (Need::Opt, Ty::Obj(_)))
}

/// Decode an object against its field table (see [`decode`]).
pub fn decode_object<V: Walk>(v: &V, fields: &[Field], path: &mut String) -> Result<V, Error> {
    let mut out = V::new_object();
    let base = path.len();
    for f in fields {
        let mut member = v.get(f.wire());
        if member.is_absent() && !f.alias().is_empty() {
            member = v.get(f.alias());
        }
        path.push('.');
        path.push_str(f.wire());
        if member.is_absent() {
            match f.need {
                Need::Req => return Err(Error::decode(path, type_name(&f.ty), "nothing")),
                Need::Opt => {}
                Need::DefBool(b) => out.set_dyn(&f.js(), V::from_bool(b)),
                Need::DefNum(n) => out.set_dyn(&f.js(), V::from_f64(f64::from(n))),
                Need::DefEmpty => out.set_dyn(&f.js(), V::new_array()),
            }
        } else {
            let (mark, here) = (V::drops_mark(), path.len());
            match walk(&member, &f.ty, path) {
                Ok(value) => out.set_dyn(&f.js(), value),
                // An optional object lacking a required field is left out (and noted).
                Err(e) if e.missing.is_some() && droppable(f) => {
                    V::drops_truncate(mark);
                    path.truncate(here);
                    V::note_drop(path, &e);
                }
                Err(e) => return Err(e),
            }
        }
        path.truncate(base);
    }
    Ok(out)
}

/// Decode a whole response body of type `ty`, with paths starting at `$`.
pub fn decode_body<V: Walk>(v: &V, ty: &Ty) -> Result<V, Error> {
    let mut path = String::from("$");
    decode(v, ty, &mut path)
}

/// Convert a camelCase input object to its snake_case wire form, checking
/// types. Problems are added to `errors` under `prefix` + the JS name
/// ("required", "invalid"); unknown members are dropped.
pub fn encode<V: Json>(v: &V, fields: &[Field], prefix: &str, errors: &mut FieldErrors) -> V {
    let mut out = V::new_object();
    for f in fields {
        let member = v.get_dyn(&f.js());
        let mut name = String::from(prefix);
        name.push_str(&f.js());
        if member.is_absent() {
            if matches!(f.need, Need::Req) {
                add_field_error(errors, &name, "required");
            }
            continue;
        }
        let ok = match &f.ty {
            Ty::Obj(inner) => {
                if member.kind() == Kind::Obj {
                    name.push('.');
                    out.set(f.wire(), encode(&member, inner, &name, errors));
                    continue;
                }
                false
            }
            Ty::Str => member.kind() == Kind::Str,
            Ty::Bool => member.kind() == Kind::Bool,
            Ty::Num => member.as_f64().is_some_and(f64::is_finite),
            Ty::Int => member
                .as_f64()
                .is_some_and(|n| n.is_finite() && n.fract() == 0.0),
            Ty::List(_) => member.kind() == Kind::Arr,
            Ty::Any => true,
            Ty::Weekday => member
                .as_f64()
                .is_some_and(|n| n.fract() == 0.0 && (0.0..=7.0).contains(&n)),
        };
        if ok {
            out.set(f.wire(), member);
        } else {
            add_field_error(errors, &name, "invalid");
        }
    }
    out
}

/// Append a decimal number without pulling in `core::fmt`.
pub fn push_usize(s: &mut String, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for d in digits.iter().skip(i) {
        s.push(char::from(*d));
    }
}

/// Read an optional string member of a JS input object; `Err` names the field.
pub fn opt_str<V: Json>(v: &V, key: &'static str, errors: &mut FieldErrors) -> Option<String> {
    let m = v.get(key);
    if m.is_absent() {
        return None;
    }
    let s = m.as_string();
    if s.is_none() {
        add_field_error(errors, key, "invalid");
    }
    s
}

/// The JS table of `ty` that `shape.js` walks: `{k}` for a scalar (`k`: 0
/// string, 1 number, 2 integer, 3 boolean, 6 any, 7 weekday), `{k: 5, i}`
/// for a list of `i`, and for an object `obj(fields)`, which makes (or finds)
/// [`compile_fields`]'s `{k: 4, f}`.
///
/// Generic over the value built, so that the wasm build (`JsValue`) and the
/// native renderer the twin tests use ([`js_table`], `serde_json`) share one
/// definition of the table and cannot drift apart.
pub fn compile_with<V: Json>(ty: &Ty, obj: &mut impl FnMut(&'static [Field]) -> V) -> V {
    let k = match ty {
        Ty::Str => 0.0,
        Ty::Num => 1.0,
        Ty::Int => 2.0,
        Ty::Bool => 3.0,
        Ty::Obj(fields) => return obj(fields),
        Ty::List(_) => 5.0,
        Ty::Any => 6.0,
        Ty::Weekday => 7.0,
    };
    let mut t = V::new_object();
    t.set("k", V::from_f64(k));
    if let Ty::List(item) = ty {
        t.set("i", compile_with(item, obj));
    }
    t
}

/// The JS table of an object: `{k: 4, f: [[wire, alias, js, type, need,
/// default], ...]}`, one row per field in table order; `need` is 0 for
/// `Req`, 1 `Opt`, 2 a default (`default` holds it; `null`/`undefined`
/// otherwise), 3 an empty array. `obj` compiles the tables inside (see
/// [`compile_with`]).
pub fn compile_fields<V: Json>(
    fields: &'static [Field],
    obj: &mut impl FnMut(&'static [Field]) -> V,
) -> V {
    let mut list = V::new_array();
    for f in fields {
        let (need, def) = match f.need {
            Need::Req => (0.0, V::null()),
            Need::Opt => (1.0, V::null()),
            Need::DefBool(b) => (2.0, V::from_bool(b)),
            Need::DefNum(n) => (2.0, V::from_f64(f64::from(n))),
            Need::DefEmpty => (3.0, V::null()),
        };
        let mut row = V::new_array();
        row.push(V::from_str(f.wire()));
        row.push(V::from_str(f.alias()));
        row.push(V::from_str(&f.js()));
        row.push(compile_with(&f.ty, obj));
        row.push(V::from_f64(need));
        row.push(def);
        list.push(row);
    }
    let mut t = V::new_object();
    t.set("k", V::from_f64(4.0));
    t.set("f", list);
    t
}

/// `ty`'s JS table as JSON, exactly as the wasm build compiles it for
/// `shape.js` (native only: the twin tests hand it to `shape.js` in Node).
#[cfg(not(target_arch = "wasm32"))]
pub fn js_table(ty: &Ty) -> serde_json::Value {
    fn obj(fields: &'static [Field]) -> serde_json::Value {
        compile_fields(fields, &mut obj)
    }
    compile_with(ty, &mut obj)
}

/// The compiled-table JS shaper (wasm only).
#[cfg(target_arch = "wasm32")]
pub mod js {
    use super::{compile_fields, compile_with, Field, Ty};
    use crate::error::Error;
    use crate::prelude::*;
    use js_sys::Reflect;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/shape.js")]
    extern "C" {
        #[wasm_bindgen(js_name = shapeJs, catch)]
        fn shape_js(v: &JsValue, table: &JsValue, prefix: &str) -> Result<JsValue, JsValue>;
        /// The compiled table kept under `key` (a static table's address), if any.
        #[wasm_bindgen(js_name = compiledTable)]
        fn compiled_table(key: usize) -> JsValue;
        /// Keep compiled table `t` under `key`.
        #[wasm_bindgen(js_name = keepTable)]
        fn keep_table(key: usize, t: &JsValue);
        /// See `Walk::note_drop` (`expected`: the missing field's type).
        #[wasm_bindgen(js_name = noteDrop)]
        pub fn note_drop(at: &str, path: &str, expected: &str);
        /// See `Walk::drops_mark`.
        #[wasm_bindgen(js_name = dropsMark)]
        pub fn drops_mark() -> u32;
        /// See `Walk::drops_truncate`.
        #[wasm_bindgen(js_name = dropsTruncate)]
        pub fn drops_truncate(mark: u32);
        /// The drops noted so far as `[at, path, expected]` triples, flattened; clears them.
        #[wasm_bindgen(js_name = takeDropList)]
        fn take_drop_list() -> js_sys::Array;
    }

    // Drops live in src/shape.js, where the engine's walk notes them too.
    impl super::Walk for JsValue {
        fn shape(v: &Self, ty: &Ty, path: &mut String) -> Result<Self, Error> {
            shape(v, ty, path)
        }
        fn note_drop(at: &str, missing: &Error) {
            note_drop(
                at,
                missing.json_path.as_deref().unwrap_or(at),
                missing.missing.as_deref().unwrap_or(""),
            );
        }
        fn drops_mark() -> usize {
            drops_mark() as usize
        }
        fn drops_truncate(mark: usize) {
            drops_truncate(mark as u32);
        }
        fn take_drops() -> Vec<Error> {
            take_drops()
        }
    }

    /// See `Walk::take_drops`.
    pub fn take_drops() -> Vec<Error> {
        let list = take_drop_list();
        let text = |i: u32| list.get(i).as_string().unwrap_or_default();
        let mut out = Vec::new();
        let mut i = 0;
        while i + 2 < list.length() {
            let missing = Error::decode(&text(i + 1), &text(i + 2), "nothing");
            out.push(Error::dropped(&text(i), &missing));
            i += 3;
        }
        out
    }

    /// An object's compiled table, compiled once per static table (kept in
    /// shape.js under the table's address).
    fn compile_object(fields: &'static [Field]) -> JsValue {
        let key = fields.as_ptr() as usize;
        let cached = compiled_table(key);
        if !cached.is_undefined() {
            return cached;
        }
        let t = compile_fields(fields, &mut compile_object);
        keep_table(key, &t);
        t
    }

    /// Shape `v` in JS; a mismatch becomes `DECODE` at `path` + the JS path.
    pub fn shape(v: &JsValue, ty: &Ty, path: &str) -> Result<JsValue, Error> {
        if let Ty::Any = ty {
            return Ok(v.clone());
        }
        // Outer wrappers (`Ty::List(&X)`) may be temporaries: compiled on
        // each call; the static object tables inside are cached.
        let table = compile_with(ty, &mut compile_object);
        shape_js(v, &table, path).map_err(|e| {
            let get = |k: &str| {
                Reflect::get(&e, &JsValue::from_str(k))
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            };
            let mut at = String::from(path);
            at.push_str(&get("path"));
            Error::decode(&at, &get("expected"), &get("found"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    static INNER: [Field; 2] = [
        field("premise_number", Ty::Int, Need::Req),
        field("suffix_text", Ty::Str, Need::Opt),
    ];
    static OUTER: [Field; 5] = [
        field("id", Ty::Str, Need::Req),
        field("longitude|longtitude", Ty::Num, Need::Opt),
        field("inner", Ty::Obj(&INNER), Need::Opt),
        field("is_on", Ty::Bool, Need::DefBool(false)),
        field("items", Ty::List(&Ty::Obj(&INNER)), Need::DefEmpty),
    ];

    static OUTER_TY: Ty = Ty::Obj(&OUTER);

    fn dec(v: Value) -> Result<Value, Error> {
        decode_body(&v, &Ty::List(&OUTER_TY))
    }

    #[test]
    fn renames_drops_unknown_and_defaults() {
        let out = dec(json!([{"id": "a", "longtitude": 4.5, "extra": 1,
            "inner": {"premise_number": 12, "suffix_text": null}}]))
        .unwrap();
        assert_eq!(
            out,
            json!([{"id": "a", "longitude": 4.5, "inner": {"premiseNumber": 12},
                 "isOn": false, "items": []}])
        );
    }

    #[test]
    fn longitude_wins_over_alias() {
        let out = dec(json!([{"id": "a", "longitude": 1.0, "longtitude": 2.0}])).unwrap();
        assert_eq!(out[0]["longitude"], json!(1.0));
    }

    #[test]
    fn decode_errors_name_the_path() {
        let e =
            dec(json!([{"id": "a"}, {"id": "b", "items": [{"premise_number": 1.5}]}])).unwrap_err();
        assert_eq!(e.code, crate::error::Code::Decode);
        assert!(
            e.message
                .contains("$[1].items[0].premise_number: expected integer, found number"),
            "{}",
            e.message
        );
        let e = dec(json!([{"id": 3}])).unwrap_err();
        assert!(
            e.message.contains("$[0].id: expected string"),
            "{}",
            e.message
        );
        // A list element lacking a required field is left out and noted.
        let _ = Value::take_drops();
        assert_eq!(
            dec(json!([{}, {"id": "b"}]))
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let drops = Value::take_drops();
        assert_eq!(drops.len(), 1);
        assert!(drops[0]
            .message
            .contains("left out $[0]: response does not match the documented shape at $[0].id: expected string, found nothing"));
        assert_eq!(drops[0].json_path.as_deref(), Some("$[0].id"));
        // A single object lacking one is DECODE.
        let e = decode_body(&json!({}), &OUTER_TY).unwrap_err();
        assert!(e.message.contains("$.id: expected string, found nothing"));
        assert!(Value::take_drops().is_empty());
        let e = dec(json!({"unexpected": true})).unwrap_err();
        assert!(e.message.contains("at $: expected array, found object"));
        assert!(dec(json!("x")).is_err());
    }

    #[test]
    fn encode_checks_and_renames() {
        let mut errs = FieldErrors::new();
        let out: Value = encode(
            &json!({"id": "x", "inner": {"premiseNumber": "12"}, "isOn": true, "junk": 1}),
            &OUTER,
            "",
            &mut errs,
        );
        assert_eq!(out, json!({"id": "x", "inner": {}, "is_on": true}));
        assert_eq!(
            errs,
            vec![(
                "inner.premiseNumber".to_string(),
                vec!["invalid".to_string()]
            )]
        );
        let mut errs = FieldErrors::new();
        let _: Value = encode(&json!({}), &OUTER, "", &mut errs);
        assert_eq!(errs, vec![("id".to_string(), vec!["required".to_string()])]);
    }

    #[test]
    fn push_usize_digits() {
        for n in [0usize, 7, 10, 1234567890] {
            let mut s = String::new();
            push_usize(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
