//! The one abstraction over parsed JSON.
//!
//! In the browser the JSON is parsed by the engine (`JSON.parse`) and stays a JS
//! value; natively (tests, fuzzing) it is a `serde_json::Value`. Everything that
//! reads responses or builds request bodies is generic over [`Json`], so the same
//! code runs in `cargo test` and in wasm without serde in the shipped module.

use crate::prelude::*;
/// What kind of JSON value a [`Json`] holds. `undefined` counts as `Null`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `null` or absent.
    Null,
    /// `true` / `false`.
    Bool,
    /// Any number.
    Num,
    /// A string.
    Str,
    /// An array.
    Arr,
    /// An object (a plain map).
    Obj,
    /// Something JSON cannot hold (a JS function, symbol or bigint): never
    /// absent, never valid, so it fails a type check instead of being dropped.
    Other,
}

impl Kind {
    /// The name used in DECODE messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "boolean",
            Kind::Num => "number",
            Kind::Str => "string",
            Kind::Arr => "array",
            Kind::Obj => "object",
            Kind::Other => "a value JSON cannot hold",
        }
    }
}

/// Read and build JSON values without knowing where they live.
pub trait Json: Clone + Sized {
    /// The value's kind.
    fn kind(&self) -> Kind;
    /// The boolean, if this is one.
    fn as_bool(&self) -> Option<bool>;
    /// The number, if this is one.
    fn as_f64(&self) -> Option<f64>;
    /// The string, if this is one.
    fn as_string(&self) -> Option<String>;
    /// Array length (0 for non-arrays).
    fn len(&self) -> usize;
    /// Array element `i` (null when out of range or not an array).
    fn at(&self, i: usize) -> Self;
    /// Object member `key` (null when absent or not an object).
    fn get(&self, key: &str) -> Self;
    /// Own keys of an object (empty for non-objects).
    fn keys(&self) -> Vec<String>;

    /// JSON `null` (undefined in JS, so it is left out of objects).
    fn null() -> Self;
    /// A boolean.
    fn from_bool(b: bool) -> Self;
    /// A number.
    fn from_f64(n: f64) -> Self;
    /// A string.
    fn from_str(s: &str) -> Self;
    /// A new empty array.
    fn new_array() -> Self;
    /// Append to an array.
    fn push(&mut self, v: Self);
    /// A new empty object.
    fn new_object() -> Self;
    /// Set an object member.
    fn set(&mut self, key: &str, v: Self);

    /// Parse JSON text; `None` when it is not valid JSON.
    fn parse(text: &str) -> Option<Self>;
    /// Serialize to JSON text.
    fn stringify(&self) -> String;

    /// Shape a response value by a field table (see `shape::decode`).
    fn shape(
        v: &Self,
        ty: &crate::shape::Ty,
        path: &mut String,
    ) -> Result<Self, crate::error::Error> {
        crate::shape::walk(v, ty, path)
    }

    /// `self[i][key]` of every element as a number (infinite when missing or
    /// not a number): the sort keys of a list. One call in JS.
    fn numbers_of(&self, key: &str) -> Vec<f64> {
        (0..self.len())
            .map(|i| self.at(i).get(key).as_f64().unwrap_or(f64::INFINITY))
            .collect()
    }

    /// A new array of the elements at `order` (in that order). One call in JS.
    fn pick(&self, order: &[u32]) -> Self {
        let mut out = Self::new_array();
        for i in order {
            out.push(self.at(*i as usize));
        }
        out
    }

    /// Note that the list element (or optional object member) at JSON path
    /// `at` was left out of a response: it lacks a required field
    /// (`missing`, a `DECODE` error naming it).
    fn note_drop(at: &str, missing: &crate::error::Error);
    /// How many drops are noted so far.
    fn drops_mark() -> usize;
    /// Forget the drops noted after `mark` (those inside an element that is
    /// itself left out).
    fn drops_truncate(mark: usize);
    /// Take the drops noted so far, as warnings (`Error::dropped`).
    fn take_drops() -> Vec<crate::error::Error>;

    /// True for an empty (or non-) array.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True for `null`, `undefined` or a missing member (named so it never
    /// resolves to `JsValue::is_null`, which is false for `undefined`).
    fn is_absent(&self) -> bool {
        self.kind() == Kind::Null
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{Json, Kind};
    use crate::error::Error;
    use serde_json::{Map, Number, Value};
    use std::cell::RefCell;

    std::thread_local! {
        /// Drops noted by the Rust walker (see `Json::note_drop`).
        static DROPS: RefCell<Vec<Error>> = const { RefCell::new(Vec::new()) };
    }

    impl Json for Value {
        fn kind(&self) -> Kind {
            match self {
                Value::Null => Kind::Null,
                Value::Bool(_) => Kind::Bool,
                Value::Number(_) => Kind::Num,
                Value::String(_) => Kind::Str,
                Value::Array(_) => Kind::Arr,
                Value::Object(_) => Kind::Obj,
            }
        }
        fn as_bool(&self) -> Option<bool> {
            Value::as_bool(self)
        }
        fn as_f64(&self) -> Option<f64> {
            Value::as_f64(self)
        }
        fn as_string(&self) -> Option<String> {
            self.as_str().map(str::to_owned)
        }
        fn len(&self) -> usize {
            self.as_array().map_or(0, Vec::len)
        }
        fn at(&self, i: usize) -> Self {
            self.as_array()
                .and_then(|a| a.get(i))
                .cloned()
                .unwrap_or(Value::Null)
        }
        fn get(&self, key: &str) -> Self {
            self.as_object()
                .and_then(|o| o.get(key))
                .cloned()
                .unwrap_or(Value::Null)
        }
        fn keys(&self) -> Vec<String> {
            self.as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        }
        fn null() -> Self {
            Value::Null
        }
        fn from_bool(b: bool) -> Self {
            Value::Bool(b)
        }
        fn from_f64(n: f64) -> Self {
            if n.fract() == 0.0 && n.abs() < 9.0e15 {
                Value::Number(Number::from(n as i64))
            } else {
                Number::from_f64(n).map_or(Value::Null, Value::Number)
            }
        }
        fn from_str(s: &str) -> Self {
            Value::String(s.to_owned())
        }
        fn new_array() -> Self {
            Value::Array(Vec::new())
        }
        fn push(&mut self, v: Self) {
            if let Value::Array(a) = self {
                a.push(v);
            }
        }
        fn new_object() -> Self {
            Value::Object(Map::new())
        }
        fn set(&mut self, key: &str, v: Self) {
            if let Value::Object(o) = self {
                o.insert(key.to_owned(), v);
            }
        }
        fn parse(text: &str) -> Option<Self> {
            serde_json::from_str(text).ok()
        }
        fn stringify(&self) -> String {
            self.to_string()
        }
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

#[cfg(target_arch = "wasm32")]
mod js {
    use super::{Json, Kind};
    use crate::prelude::*;
    use js_sys::{Array, Object, JSON};
    use wasm_bindgen::{JsCast, JsValue};

    impl Json for JsValue {
        fn kind(&self) -> Kind {
            // One call into JS; functions, symbols and bigints read as Other.
            match crate::shape::js::js_kind(self) {
                1 => Kind::Bool,
                2 => Kind::Num,
                3 => Kind::Str,
                4 => Kind::Arr,
                5 => Kind::Obj,
                6 => Kind::Other,
                _ => Kind::Null,
            }
        }
        fn shape(
            v: &Self,
            ty: &crate::shape::Ty,
            path: &mut String,
        ) -> Result<Self, crate::error::Error> {
            crate::shape::js::shape(v, ty, path)
        }
        fn numbers_of(&self, key: &str) -> Vec<f64> {
            crate::shape::js::numbers_of(self, key)
        }
        fn pick(&self, order: &[u32]) -> Self {
            crate::shape::js::pick(self, order)
        }
        fn as_bool(&self) -> Option<bool> {
            JsValue::as_bool(self)
        }
        fn as_f64(&self) -> Option<f64> {
            JsValue::as_f64(self)
        }
        fn as_string(&self) -> Option<String> {
            // A lone surrogate would arrive as U+FFFD: a different string
            // (another id, another email), so it is no string at all here.
            JsValue::as_string(self).filter(|s| {
                // U+FFFD is EF BF BD in UTF-8 (a byte scan: `str::contains`
                // would pull in the substring searcher, ~4 KB).
                !s.as_bytes().windows(3).any(|w| w == [0xEF, 0xBF, 0xBD])
                    || crate::shape::js::well_formed(self)
            })
        }
        // Reads of a caller's value go through src/shape.js's guarded
        // functions: a throwing getter or Proxy never unwinds through wasm.
        fn len(&self) -> usize {
            crate::shape::js::length_of(self) as usize
        }
        fn at(&self, i: usize) -> Self {
            crate::shape::js::item_at(self, i as u32)
        }
        fn get(&self, key: &str) -> Self {
            crate::shape::js::get_key(self, key)
        }
        fn keys(&self) -> Vec<String> {
            // In JS: objects without a prototype (`Object.create(null)`) count too.
            crate::shape::js::own_keys(self)
                .iter()
                .filter_map(|k| k.as_string())
                .collect()
        }
        fn null() -> Self {
            JsValue::UNDEFINED
        }
        fn from_bool(b: bool) -> Self {
            JsValue::from_bool(b)
        }
        fn from_f64(n: f64) -> Self {
            JsValue::from_f64(n)
        }
        fn from_str(s: &str) -> Self {
            JsValue::from_str(s)
        }
        fn new_array() -> Self {
            Array::new().into()
        }
        fn push(&mut self, v: Self) {
            if let Some(a) = self.dyn_ref::<Array>() {
                a.push(&v);
            }
        }
        fn new_object() -> Self {
            Object::new().into()
        }
        fn set(&mut self, key: &str, v: Self) {
            // An own data property, "__proto__" included (never the prototype setter).
            crate::shape::js::put(self, key, &v);
        }
        fn parse(text: &str) -> Option<Self> {
            JSON::parse(text).ok()
        }
        fn stringify(&self) -> String {
            JSON::stringify(self)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default()
        }
        // Drops live in src/shape.js, where the engine's walk notes them too.
        fn note_drop(at: &str, missing: &crate::error::Error) {
            crate::shape::js::note_drop(
                at,
                missing.json_path.as_deref().unwrap_or(at),
                missing.missing.as_deref().unwrap_or(""),
            );
        }
        fn drops_mark() -> usize {
            crate::shape::js::drops_mark() as usize
        }
        fn drops_truncate(mark: usize) {
            crate::shape::js::drops_truncate(mark as u32);
        }
        fn take_drops() -> Vec<crate::error::Error> {
            crate::shape::js::take_drops()
        }
    }
}
