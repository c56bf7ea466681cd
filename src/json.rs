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
    /// Object member `key` (null when absent or not an object). The key is a
    /// `'static` name (in wasm its JS string is made once: [`static_js`]);
    /// [`Json::get_dyn`] takes any key.
    fn get(&self, key: &'static str) -> Self {
        self.get_dyn(key)
    }
    /// Object member `key`, for a key made at run time.
    fn get_dyn(&self, key: &str) -> Self;
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
    /// Set an object member named by a `'static` name ([`Json::set_dyn`]
    /// takes any key).
    fn set(&mut self, key: &'static str, v: Self) {
        self.set_dyn(key, v);
    }
    /// Set an object member, for a key made at run time.
    fn set_dyn(&mut self, key: &str, v: Self);

    /// Parse JSON text; `None` when it is not valid JSON.
    fn parse(text: &str) -> Option<Self>;
    /// Serialize to JSON text.
    fn stringify(&self) -> String;

    /// `self[i][key]` of every element as a number (infinite when missing or
    /// not a number): the sort keys of a list. One call in JS.
    fn numbers_of(&self, key: &str) -> Vec<f64> {
        (0..self.len())
            .map(|i| self.at(i).get_dyn(key).as_f64().unwrap_or(f64::INFINITY))
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
    use serde_json::{Map, Number, Value};

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
        fn get_dyn(&self, key: &str) -> Self {
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
        fn set_dyn(&mut self, key: &str, v: Self) {
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
    }
}

/// The engine's readers of JS values (wasm only), in `src/shape.js`: every
/// read of a caller's value is guarded there, so a throwing getter or Proxy
/// never unwinds through wasm (see `client::errors::checked`).
#[cfg(target_arch = "wasm32")]
pub mod reads {
    use crate::prelude::*;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/shape.js")]
    extern "C" {
        /// Kind code of a JS value in one call (see `Json::kind`).
        #[wasm_bindgen(js_name = jsKind)]
        pub fn js_kind(v: &JsValue) -> u8;
        /// See `Json::numbers_of`.
        #[wasm_bindgen(js_name = numbersOf)]
        pub fn numbers_of(list: &JsValue, key: &str) -> Vec<f64>;
        /// See `Json::pick`.
        pub fn pick(list: &JsValue, order: &[u32]) -> JsValue;
        /// See `Json::keys`.
        #[wasm_bindgen(js_name = ownKeys)]
        pub fn own_keys(v: &JsValue) -> js_sys::Array;
        /// See `Json::set`.
        pub fn put(o: &JsValue, key: &str, v: &JsValue);
        /// See `Json::get_dyn`.
        #[wasm_bindgen(js_name = getKey)]
        pub fn get_key(v: &JsValue, key: &str) -> JsValue;
        /// See `Json::get`: the `'static` key at address `at`, `len` bytes.
        #[wasm_bindgen(js_name = getAt)]
        pub fn get_at(v: &JsValue, at: u32, len: u32) -> JsValue;
        /// See `Json::set`: the `'static` key at address `at`, `len` bytes.
        #[wasm_bindgen(js_name = putAt)]
        pub fn put_at(o: &JsValue, at: u32, len: u32, v: &JsValue);
        /// Where `stringAt` reads the strings: the module's memory (see `place`).
        #[wasm_bindgen(js_name = useMemory)]
        pub fn use_memory(memory: &JsValue);
        /// The JS string of the `'static` Rust string at address `at`, `len` bytes (see `static_js`).
        #[wasm_bindgen(js_name = stringAt)]
        pub fn string_at(at: u32, len: u32) -> JsValue;
        /// See `Json::len`.
        #[wasm_bindgen(js_name = lengthOf)]
        pub fn length_of(v: &JsValue) -> u32;
        /// See `Json::at`.
        #[wasm_bindgen(js_name = itemAt)]
        pub fn item_at(list: &JsValue, i: u32) -> JsValue;
        /// The ms of a `Date` (NaN when invalid), `None` for anything else.
        #[wasm_bindgen(js_name = dateMs)]
        pub fn date_ms(v: &JsValue) -> Option<f64>;
        /// False for a string with a lone surrogate.
        #[wasm_bindgen(js_name = wellFormed)]
        pub fn well_formed(s: &JsValue) -> bool;
        /// An entry point starts (see `client::errors::checked`).
        #[wasm_bindgen(js_name = beginReads)]
        pub fn begin_reads();
        /// What a caller's value threw while being read since `begin_reads`.
        #[wasm_bindgen(js_name = takeReadError)]
        pub fn take_read_error() -> Option<String>;
    }
}

/// The JS string of a `'static` Rust string: decoded from the module's
/// memory once, then kept by `src/shape.js` under the string's place there
/// (address and length, fixed for the module's life), so a property name or
/// a constant costs one call and no decoding per use.
#[cfg(target_arch = "wasm32")]
pub fn static_js(s: &'static str) -> wasm_bindgen::JsValue {
    let (at, len) = place(s);
    reads::string_at(at, len)
}

/// Whether `src/shape.js` has the module's memory yet (`useMemory`): given
/// once, before the first `'static` string it reads (an atomic only to be a
/// safe static; the module is single-threaded).
#[cfg(target_arch = "wasm32")]
static MEMORY_SHARED: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);

/// Where a `'static` string is in the module's memory: address and length.
#[cfg(target_arch = "wasm32")]
fn place(s: &'static str) -> (u32, u32) {
    use core::sync::atomic::Ordering::Relaxed;
    if !MEMORY_SHARED.swap(true, Relaxed) {
        reads::use_memory(&wasm_bindgen::memory());
    }
    (s.as_ptr() as usize as u32, s.len() as u32)
}

#[cfg(target_arch = "wasm32")]
mod js {
    use super::{place, reads};
    use super::{Json, Kind};
    use crate::prelude::*;
    use js_sys::{Array, Object, JSON};
    use wasm_bindgen::{JsCast, JsValue};

    impl Json for JsValue {
        fn kind(&self) -> Kind {
            // One call into JS; functions, symbols and bigints read as Other.
            match reads::js_kind(self) {
                1 => Kind::Bool,
                2 => Kind::Num,
                3 => Kind::Str,
                4 => Kind::Arr,
                5 => Kind::Obj,
                6 => Kind::Other,
                _ => Kind::Null,
            }
        }
        fn numbers_of(&self, key: &str) -> Vec<f64> {
            reads::numbers_of(self, key)
        }
        fn pick(&self, order: &[u32]) -> Self {
            reads::pick(self, order)
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
                    || reads::well_formed(self)
            })
        }
        // Reads of a caller's value go through src/shape.js's guarded
        // functions: a throwing getter or Proxy never unwinds through wasm.
        fn len(&self) -> usize {
            reads::length_of(self) as usize
        }
        fn at(&self, i: usize) -> Self {
            reads::item_at(self, i as u32)
        }
        fn get(&self, key: &'static str) -> Self {
            let (at, len) = place(key);
            reads::get_at(self, at, len)
        }
        fn get_dyn(&self, key: &str) -> Self {
            reads::get_key(self, key)
        }
        fn keys(&self) -> Vec<String> {
            // In JS: objects without a prototype (`Object.create(null)`) count too.
            reads::own_keys(self)
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
        fn set(&mut self, key: &'static str, v: Self) {
            // An own data property, "__proto__" included (never the prototype setter).
            let (at, len) = place(key);
            reads::put_at(self, at, len, &v);
        }
        fn set_dyn(&mut self, key: &str, v: Self) {
            reads::put(self, key, &v);
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
    }
}
