//! Every operation of the client by number: [`prepare`] builds its request
//! (input checks included) and [`settle`] turns its response into the
//! method's value. The numbers are shared with `src/js/ops.js`.

use crate::api::{
    addresses as ad, checkout as co, identity as id, service_points as sp, shipping as sh,
};
use crate::config::Config;
use crate::error::{Code, Error};
use crate::http::{read_response, validate_raw_path, HttpRequest, HttpResponse, Method};
use crate::json::{Json, Kind};
use crate::prelude::*;
use crate::shape::Walk;
use crate::time::now_ms;
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// `POST /rel/identity/create`
const SIGN_UP: u32 = 0;
/// `POST /rel/identity/authorize`
const SIGN_IN: u32 = 1;
/// `POST /rel/identity/exists`
const EXISTS: u32 = 2;
/// `POST /rel/identity/tokens`
const TOKEN: u32 = 3;
/// `POST /rel/identity/reset`
const RESET: u32 = 4;
/// `POST /rel/identity/verify`
const VERIFY: u32 = 5;
/// `GET /iam/jwt/extend`
const EXTEND: u32 = 6;
/// `GET /iam/jwt/revoke`
const REVOKE: u32 = 7;
/// `GET /rel/options/addresses`
const FORMAT: u32 = 8;
/// `GET /rel/search/addresses`
const START_SEARCH: u32 = 9;
/// `POST /rel/geocode`
const GEOCODE: u32 = 10;
/// `POST /rel/addresses`
const CREATE_ADDRESS: u32 = 11;
/// `GET /rel/addresses/{id}`
const GET_ADDRESS: u32 = 12;
/// `POST /rel/search/addresses`
const SEARCH: u32 = 13;
/// `GET /lcs/methods`
const LIST_METHODS: u32 = 14;
/// `GET /lcs/methods/{id}`
const GET_METHOD: u32 = 15;
/// `GET /lcs/points/{carrier}`
const LIST_POINTS: u32 = 16;
/// `GET /lcs/points/{carrier}/{id}`
const GET_POINT: u32 = 17;
/// `GET /lcs/dpd/points`
const DPD_POINTS: u32 = 18;
/// `POST /odr/sessions`
const CREATE_SESSION: u32 = 19;
/// `POST /odr/sessions/{id}/address`
const SET_ADDRESS: u32 = 20;
/// `GET /odr/sessions/{id}/shipping/methods`
const SESSION_METHODS: u32 = 21;
/// `PUT /odr/sessions/{id}/shipping/methods`
const SELECT_METHOD: u32 = 22;
/// `GET /odr/sessions/{id}/shipping/pickup-points`
const SESSION_POINTS: u32 = 23;
/// `PUT /odr/sessions/{id}/shipping/pickup-points`
const SELECT_POINT: u32 = 24;
/// `client.request(method, path, init)`
const RAW: u32 = 25;
/// Settle a `SEARCH` whose session key may have been rejected: `null`
/// instead of the error, so the shell can start a new session and retry.
const SEARCH_FIRST: u32 = 26;
/// `PUT /odr/sessions/{id}/shipping`
const SELECT_SHIPPING_ADDRESS: u32 = 27;
/// `GET /odr/sessions/{id}/shipping`
const SHIPPING_ADDRESS: u32 = 28;

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
    let listens = |m: &str| Json::get(&s, m).is_function();
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

/// The longest request URL sent (servers refuse far less; a longer one is a
/// mistake, and one past what a JS string holds could not even be handed
/// to `fetch`).
const MAX_URL_CHARS: usize = 65_536;

/// The request as the shell sends it: `[method, url, bodyText | undefined, path, context]`.
/// The body is turned into JSON text once, here: what was checked is what is sent.
fn request_array(r: HttpRequest<JsValue>, base: &str, context: &str) -> Result<Array, Error> {
    let url = r.url(base);
    if url.len() > MAX_URL_CHARS {
        return Err(bad_input(
            "path",
            "makes a request URL longer than 65536 characters",
        ));
    }
    let body = match &r.body {
        None => JsValue::UNDEFINED,
        Some(b) => {
            let text = Json::stringify(b);
            if text.is_empty() {
                // A cycle, a bigint, a throwing toJSON: no JSON text to send.
                return Err(bad_input("body", "must be JSON-serializable"));
            }
            JsValue::from_str(&text)
        }
    };
    let a = Array::new();
    a.push(&JsValue::from_str(r.method.as_str()));
    a.push(&JsValue::from_str(&url));
    a.push(&body);
    a.push(&JsValue::from_str(&r.path));
    a.push(&JsValue::from_str(context));
    Ok(a)
}

/// A string member of `v`, or "".
fn str_of(v: &JsValue, key: &str) -> String {
    Json::get(v, key).as_string().unwrap_or_default()
}

/// Build the request of `op`. `context` (the last element) is what
/// [`settle`] needs besides the body: the country for `FORMAT`,
/// `START_SEARCH` and `DPD_POINTS`.
pub(crate) fn prepare(
    cfg: &Config,
    op: u32,
    a: &JsValue,
    b: &JsValue,
    c: &JsValue,
) -> Result<Array, Error> {
    let mut context = String::new();
    let r = match op {
        SIGN_UP => id::build_credentials(cfg, id::CredentialsCall::SignUp, a),
        SIGN_IN => id::build_credentials(cfg, id::CredentialsCall::SignIn, a),
        EXISTS => id::build_exists(cfg, a),
        TOKEN => id::build_request_token(cfg, a),
        RESET => id::build_reset(cfg, a),
        VERIFY => id::build_verify(cfg, a),
        EXTEND => Ok(id::build_extend()),
        REVOKE => Ok(id::build_revoke()),
        FORMAT | START_SEARCH => ad::country_code(a).map(|cc| {
            let r = if op == FORMAT {
                ad::build_address_format(&cc)
            } else {
                ad::build_start_search(&cc)
            };
            context = cc;
            r
        }),
        GEOCODE => ad::build_geocode(a),
        CREATE_ADDRESS => ad::build_create_address(a, (!b.is_absent()).then_some(b)),
        GET_ADDRESS => ad::build_get_address(a),
        SEARCH => Ok(ad::build_search(
            &a.as_string().unwrap_or_default(),
            &b.as_string().unwrap_or_default(),
            &c.as_string().unwrap_or_default(),
        )),
        LIST_METHODS => sh::build_list_methods(cfg, a),
        GET_METHOD => sh::build_get_method(cfg, a, b),
        LIST_POINTS => sp::build_list_points(cfg, a),
        GET_POINT => sp::build_get_point(cfg, a),
        DPD_POINTS => {
            context = str_of(a, "countryCode");
            sp::build_dpd_points(a)
        }
        CREATE_SESSION => co::build_create_session(cfg, a),
        SET_ADDRESS => co::build_set_address(a, b),
        SESSION_METHODS => co::build_session_methods(a, b),
        SELECT_METHOD => co::build_select_method(a, b),
        SESSION_POINTS => co::build_session_points(a, b),
        SELECT_POINT => co::build_select_point(a, b),
        SELECT_SHIPPING_ADDRESS => co::build_select_shipping_address(a, b),
        SHIPPING_ADDRESS => co::build_shipping_address(a),
        RAW => build_raw_request(a, b, c),
        _ => Err(Error::invalid_field("op", "invalid", "unknown operation")),
    }?;
    request_array(r, &cfg.base_url, &context)
}

/// The method of a request array from [`prepare`].
pub(crate) fn method_of(req: &Array) -> Method {
    req.get(0)
        .as_string()
        .and_then(|m| Method::parse(&m))
        .unwrap_or(Method::Get)
}

/// How one attempt of the shell's `sendOnce` ended.
pub(crate) enum Attempt {
    /// A response (any status).
    Response,
    /// The caller's signal fired.
    Aborted,
    /// A newer search replaced this one.
    Superseded,
    /// The per-attempt timeout fired.
    Timeout,
    /// No response; the browser's message.
    Network(String),
    /// An authenticated call without a session.
    SignedOut,
}

impl Attempt {
    /// Read `{failure, message}` or a response object.
    pub(crate) fn of(r: &JsValue) -> Attempt {
        match Json::get(r, "failure").as_string().as_deref() {
            None => Attempt::Response,
            Some("timeout") => Attempt::Timeout,
            Some("network") => Attempt::Network(str_of(r, "message")),
            Some("superseded") => Attempt::Superseded,
            Some("signedout") => Attempt::SignedOut,
            Some(_) => Attempt::Aborted,
        }
    }
}

/// The response part of an attempt (`{status, contentType, retryAfter, text}`).
pub(crate) fn response_of(r: &JsValue) -> HttpResponse {
    HttpResponse {
        status: Json::get(r, "status").as_f64().unwrap_or(0.0) as u16,
        content_type: Json::get(r, "contentType").as_string(),
        retry_after: Json::get(r, "retryAfter").as_string(),
        text: str_of(r, "text"),
    }
}

/// Decode the response `r` of `req` (from [`prepare`]) as `op`'s value.
pub(crate) fn settle(op: u32, req: &Array, r: &JsValue) -> Result<JsValue, Error> {
    let method = method_of(req);
    let path = req.get(3).as_string().unwrap_or_default();
    let context = req.get(4).as_string().unwrap_or_default();
    let resp = response_of(r);
    let json = Json::get(r, "json");
    let pre = (Json::get(r, "hasJson").as_bool() == Some(true)).then_some(json);
    let now = now_ms();
    let _stale = JsValue::take_drops();
    let body = read_response(method, &path, &resp, now, pre);
    let value = match op {
        EXISTS => match body {
            Ok(_) => Ok(JsValue::TRUE),
            Err(e) if e.code == Code::NotFound => Ok(JsValue::FALSE),
            Err(e) if e.code == Code::Conflict => Ok(JsValue::TRUE),
            Err(e) => Err(e),
        },
        SEARCH_FIRST => match body {
            Err(e) if ad::session_rejected(&e) => Ok(JsValue::NULL),
            b => b.and_then(|b| decode(SEARCH, b, &context, now)),
        },
        _ => body.and_then(|b| decode(op, b, &context, now)),
    };
    value.map_err(|mut e| {
        // A failed decode leaves nothing to warn about.
        let _partial = JsValue::take_drops();
        // There was a response: its status goes with any error (a DECODE too).
        e.status = e.status.or(Some(resp.status));
        e.at(method.as_str(), &path)
    })
}

/// The warnings of the response of `req` just settled: one `DECODE`
/// AfostoError (not thrown) per list element or optional object left out
/// because it lacks a required field, naming its JSON path.
pub(crate) fn warnings(req: &Array) -> Array {
    let method = method_of(req);
    let path = req.get(3).as_string().unwrap_or_default();
    let out = Array::new();
    for e in JsValue::take_drops() {
        out.push(&super::errors::to_js_error(e.at(method.as_str(), &path)));
    }
    out
}

fn decode(op: u32, b: Option<JsValue>, context: &str, now: f64) -> Result<JsValue, Error> {
    match op {
        SIGN_UP | SIGN_IN | RESET | VERIFY => {
            id::decode_signed_token(b, now).map(|s| super::session_record(&s))
        }
        EXTEND => id::decode_access_token(b, now).map(|s| super::session_record(&s)),
        TOKEN => id::decode_token_status(b),
        FORMAT => ad::decode_address_format(b, context),
        START_SEARCH => ad::decode_search_session(b).map(|k| JsValue::from_str(&k)),
        GEOCODE => ad::decode_geo_location(b),
        CREATE_ADDRESS | GET_ADDRESS => ad::decode_address(b),
        SEARCH => ad::decode_search_result(b),
        LIST_METHODS => sh::decode_methods(b),
        GET_METHOD => sh::decode_method(b),
        LIST_POINTS => sp::decode_matches(b),
        GET_POINT => sp::decode_point(b),
        DPD_POINTS => sp::decode_dpd(b, context),
        CREATE_SESSION => co::decode_session(b),
        SET_ADDRESS => co::decode_address(b),
        SESSION_METHODS => co::decode_session_methods(b),
        SELECT_METHOD => co::decode_active_method(b),
        SESSION_POINTS => co::decode_session_points(b),
        SELECT_POINT => co::decode_active_point(b),
        SELECT_SHIPPING_ADDRESS => co::decode_address(b),
        SHIPPING_ADDRESS => co::decode_shipping_address(b),
        REVOKE => Ok(JsValue::UNDEFINED),
        _ => Ok(b.unwrap_or(JsValue::UNDEFINED)),
    }
}

/// `startAddressSearch(countryCode, o)` -> `[countryCode, debounceMs]`.
pub(crate) fn search_start(cc: &JsValue, o: &JsValue) -> Result<Array, Error> {
    let cc = ad::country_code(cc)?;
    let debounce = ad::debounce_ms(o)?;
    Ok(Array::of2(
        &JsValue::from_str(&cc),
        &JsValue::from_f64(debounce),
    ))
}

/// `search(query, o)` -> `[query, context]`.
pub(crate) fn search_input(query: &JsValue, o: &JsValue) -> Result<Array, Error> {
    let q = ad::search_query(query)?;
    let ctx = ad::search_context(o)?;
    Ok(Array::of2(&JsValue::from_str(&q), &JsValue::from_str(&ctx)))
}

/// `findServicePoints(q)` -> `[limit | undefined, geocode request, [carrier, op, request]...]`;
/// the geocode request (`GEOCODE` of the postal code) gives the origin the
/// matches are merged by (see `sp::merge_matches`).
pub(crate) fn find_plan(cfg: &Config, q: &JsValue) -> Result<Array, Error> {
    let (carriers, limit) = sp::find_input(q)?;
    let plan = Array::new();
    plan.push(&limit.map_or(JsValue::UNDEFINED, |l| JsValue::from_f64(l as f64)));
    let mut place = JsValue::new_object();
    place.set("countryCode", Json::get(q, "countryCode"));
    place.set("address", Json::get(q, "postalCode"));
    // A query the geocoder refuses (say, a country code it does not take)
    // still lists points, in the carriers' own order.
    let geocode = prepare(
        cfg,
        GEOCODE,
        &place,
        &JsValue::UNDEFINED,
        &JsValue::UNDEFINED,
    );
    plan.push(&geocode.map_or(JsValue::UNDEFINED, JsValue::from));
    for c in carriers {
        let one = sp::carrier_query(q, &c);
        let op = if c.eq_ignore_ascii_case("dpd") {
            DPD_POINTS
        } else {
            LIST_POINTS
        };
        let req = prepare(cfg, op, &one, &JsValue::UNDEFINED, &JsValue::UNDEFINED)?;
        plan.push(&Array::of3(
            &JsValue::from_str(&c),
            &JsValue::from_f64(f64::from(op)),
            &req,
        ));
    }
    Ok(plan)
}

/// `INVALID_INPUT` for an argument of a request (see `input::bad_input`).
fn bad_input(field: &str, why: &str) -> Error {
    crate::api::input::bad_input("request", field, why)
}

/// `client.request` arguments -> request.
fn build_raw_request(
    method: &JsValue,
    path: &JsValue,
    init: &JsValue,
) -> Result<HttpRequest<JsValue>, Error> {
    // `Json::as_string`: a string with a lone surrogate is none (the
    // inherent `JsValue::as_string` would turn it into U+FFFD).
    let m = Json::as_string(method)
        .and_then(|m| Method::parse(&m.to_ascii_uppercase()))
        .ok_or_else(|| bad_input("method", "must be GET, POST, PUT or DELETE"))?;
    let p = Json::as_string(path).ok_or_else(|| bad_input("path", "must be a string"))?;
    let mut req = HttpRequest::new(m, validate_raw_path(&p)?);
    if !init.is_object() {
        return Ok(req);
    }
    let query = Json::get(init, "query");
    if query.kind() == Kind::Obj {
        for key in query.keys() {
            let v = Json::get(&query, &key);
            let text = match v.kind() {
                Kind::Null => continue,
                Kind::Str => Json::as_string(&v).unwrap_or_default(),
                Kind::Bool => v.stringify(),
                // NaN and the infinities would go out as "null".
                Kind::Num if v.as_f64().is_some_and(f64::is_finite) => v.stringify(),
                _ => {
                    return Err(bad_input(
                        "query",
                        "values must be strings, finite numbers or booleans",
                    ))
                }
            };
            req.query.push((key, text));
        }
    } else if !query.is_absent() {
        return Err(bad_input("query", "must be an object"));
    }
    let body = Json::get(init, "body");
    if !body.is_undefined() {
        if m == Method::Get {
            // fetch() refuses it; caught here instead of as a NETWORK error.
            return Err(bad_input("body", "a GET request has no body"));
        }
        // A bigint or a function has no JSON text (nor has a cycle: found
        // when the body is turned into text, once).
        if body.kind() == Kind::Other {
            return Err(bad_input("body", "must be JSON-serializable"));
        }
        req.body = Some(body);
    }
    Ok(req)
}
