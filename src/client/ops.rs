//! The core's per-call work around each HTTP exchange: [`prepare`] builds
//! an operation's request (input checks included) and [`settle`] turns its
//! response into the operation's value (the operations themselves are
//! declared once, in `operations.rs`).

use super::operations::{self, Args, Op};
use super::wire::{method_of, path_of, request_object, response_of, str_of};
use crate::api::{addresses as ad, service_points as sp};
use crate::config::Config;
use crate::error::Error;
use crate::http::{is_json_type, read_response};
use crate::json::Json;
use crate::prelude::*;
use crate::shape::Walk;
use crate::time::now_ms;
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// Operation number `n` (its position in `operations::ALL`).
pub(crate) fn op_of(n: u32) -> Result<Op, Error> {
    operations::ALL
        .get(n as usize)
        .copied()
        .ok_or_else(|| Error::invalid_field("op", "invalid", "unknown operation"))
}

/// Read `CallOptions`: `(timeoutMs, signal)`; an already-aborted signal is `ABORTED`.
pub(crate) fn call_opts(cfg: &Config, o: &JsValue) -> Result<(f64, JsValue), Error> {
    let mut timeout = cfg.timeout_ms;
    if o.is_absent() {
        return Ok((timeout, JsValue::UNDEFINED));
    }
    if !o.is_object() {
        return Err(Error::invalid_field(
            "options",
            "invalid",
            "CallOptions must be an object",
        ));
    }
    let t = Json::get(o, "timeoutMs");
    if !t.is_absent() {
        match t.as_f64() {
            Some(ms) if ms.is_finite() && ms >= 0.0 => timeout = crate::config::timer_ms(ms),
            _ => {
                return Err(Error::invalid_field(
                    "timeoutMs",
                    "invalid",
                    "timeoutMs must be a non-negative number",
                ))
            }
        }
    }
    let s = Json::get(o, "signal");
    if s.is_absent() {
        return Ok((timeout, JsValue::UNDEFINED));
    }
    let listens = |m: &'static str| Json::get(&s, m).is_function();
    if !s.is_object() || !listens("addEventListener") || !listens("removeEventListener") {
        return Err(Error::invalid_field(
            "signal",
            "invalid",
            "signal must be an AbortSignal",
        ));
    }
    if Json::get(&s, "aborted").as_bool() == Some(true) {
        return Err(Error::aborted());
    }
    Ok((timeout, s))
}

/// Build the request of operation `op` (see `wire::request_object`).
pub(crate) fn prepare(
    cfg: &Config,
    op: Op,
    a: &JsValue,
    b: &JsValue,
    c: &JsValue,
) -> Result<JsValue, Error> {
    let mut args = Args {
        cfg,
        a,
        b,
        c,
        context: String::new(),
    };
    let r = operations::build(op, &mut args)?;
    request_object(r, &cfg.base_url, &args.context)
}

/// Decode the response `r` of `req` (from [`prepare`]) as `op`'s value.
pub(crate) fn settle(op: Op, req: &JsValue, r: &JsValue) -> Result<JsValue, Error> {
    let context = str_of(req, "context");
    let status = Json::get(r, "status").as_f64().unwrap_or(0.0) as u16;
    let content_type = Json::get(r, "contentType").as_string();
    let pre = (Json::get(r, "hasJson").as_bool() == Some(true)).then(|| Json::get(r, "json"));
    let now = now_ms();
    let _stale = JsValue::take_drops();
    // A success with JSON parsed by the engine and a JSON content type is
    // the body as it is (what `read_response` answers for it); anything
    // else goes through `read_response`, with the request's method and path.
    let body = match pre {
        Some(json)
            if (200..300).contains(&status)
                && content_type.as_deref().is_some_and(is_json_type) =>
        {
            Ok(Some(json))
        }
        pre => read_response(
            method_of(req),
            &path_of(req).unwrap_or_default(),
            &response_of(r),
            now,
            pre,
        ),
    };
    operations::decode(op, body, &context, now).map_err(|mut e| {
        // A failed decode leaves nothing to warn about.
        let _partial = JsValue::take_drops();
        // There was a response: its status goes with any error (a DECODE too).
        e.status = e.status.or(Some(status));
        e.at(method_of(req).as_str(), &path_of(req).unwrap_or_default())
    })
}

/// The warnings of the response of `req` just settled, as AfostoErrors (not
/// thrown) at its method and path: one `DECODE` per list element or optional
/// object left out because it lacks a required field, naming its JSON path;
/// then `more` (the core's own, e.g. `selectServicePoint`'s).
pub(crate) fn warnings(req: &JsValue, more: Vec<Error>) -> Array {
    let out = Array::new();
    let drops = JsValue::take_drops();
    if drops.is_empty() && more.is_empty() {
        return out; // (the request's method and path are read only for a warning)
    }
    let method = method_of(req);
    let path = path_of(req).unwrap_or_default();
    for e in drops.into_iter().chain(more) {
        out.push(&super::errors::to_js_error(e.at(method.as_str(), &path)));
    }
    out
}

/// `startAddressSearch(countryCode, o)` -> `{countryCode, debounceMs}`.
pub(crate) fn search_start(cc: &JsValue, o: &JsValue) -> Result<JsValue, Error> {
    let cc = ad::country_code(cc)?;
    let debounce = ad::debounce_ms(o)?;
    let mut out = JsValue::new_object();
    out.set("countryCode", JsValue::from_str(&cc));
    out.set("debounceMs", JsValue::from_f64(debounce));
    Ok(out)
}

/// `search(query, o)` -> `{query, context}` (the query trimmed).
pub(crate) fn search_input(query: &JsValue, o: &JsValue) -> Result<JsValue, Error> {
    let q = ad::search_query(query)?;
    let ctx = ad::search_context(o)?;
    let mut out = JsValue::new_object();
    out.set("query", JsValue::from_str(&q));
    out.set("context", JsValue::from_str(&ctx));
    Ok(out)
}

/// `resolve(option)` -> `{query, context}` (see `ad::resolve_input`).
pub(crate) fn resolve_input(option: &JsValue) -> Result<JsValue, Error> {
    let (q, ctx) = ad::resolve_input(option)?;
    let mut out = JsValue::new_object();
    out.set("query", JsValue::from_str(&q));
    out.set("context", JsValue::from_str(&ctx));
    Ok(out)
}

/// `findServicePoints(q)` -> `{limit?, geocode?, carriers: [{carrier, op, request}]}`:
/// every request built (and checked) before any is sent. `geocode` (the
/// postal code's `geocode` request) gives the origin the matches are merged
/// by (see `sp::merge_matches`); a query the geocoder refuses (say, a country
/// code it does not take) has none and still lists points, in the carriers'
/// own order.
pub(crate) fn find_plan(cfg: &Config, q: &JsValue) -> Result<JsValue, Error> {
    let (carriers, limit) = sp::find_input(q)?;
    let mut plan = JsValue::new_object();
    if let Some(l) = limit {
        plan.set("limit", JsValue::from_f64(l as f64));
    }
    let mut place = JsValue::new_object();
    place.set("countryCode", Json::get(q, "countryCode"));
    place.set("address", Json::get(q, "postalCode"));
    let none = JsValue::UNDEFINED;
    if let Ok(g) = prepare(cfg, Op::geocode, &place, &none, &none) {
        plan.set("geocode", g);
    }
    let mut list = JsValue::new_array();
    for c in carriers {
        let one = sp::carrier_query(q, &c);
        let op = if c.eq_ignore_ascii_case("dpd") {
            Op::listDpdServicePoints
        } else {
            Op::listServicePoints
        };
        let mut item = JsValue::new_object();
        item.set("request", prepare(cfg, op, &one, &none, &none)?);
        item.set("carrier", JsValue::from_str(&c));
        item.set("op", JsValue::from_f64(f64::from(op as u32)));
        list.push(item);
    }
    plan.set("carriers", list);
    Ok(plan)
}
