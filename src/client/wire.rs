//! The values that cross the boundary between the wasm core and the JS
//! shell, by name: the request (`{method, url, body, path, context}`), the
//! attempt's outcome (`{status, contentType, retryAfter, text, json?,
//! hasJson?}` or `{failure, message}`), the session record (`{session,
//! expiresAt, extendAt, text}`), plus `client.request`'s raw request.

use crate::error::Error;
use crate::http::{validate_raw_path, HttpRequest, HttpResponse, Method};
use crate::json::{Json, Kind};
use crate::prelude::*;
use crate::session::Session;
use wasm_bindgen::JsValue;

/// Reading JS argument values.
pub(crate) mod value {
    use crate::json::Json;
    use crate::prelude::*;
    use wasm_bindgen::JsValue;

    /// A string argument, or "" (a lone surrogate reads as none).
    pub(crate) fn text(v: &JsValue) -> String {
        Json::as_string(v).unwrap_or_default()
    }

    /// `v` unless it is `undefined`/`null`.
    pub(crate) fn present(v: &JsValue) -> Option<&JsValue> {
        (!v.is_absent()).then_some(v)
    }
}

/// A string member of `v`, or "".
pub(crate) fn str_of(v: &JsValue, key: &'static str) -> String {
    Json::get(v, key).as_string().unwrap_or_default()
}

/// The longest request URL sent (servers refuse far less; a longer one is a
/// mistake, and one past what a JS string holds could not even be handed
/// to `fetch`).
const MAX_URL_CHARS: usize = 65_536;

/// `INVALID_INPUT` for an argument of a request (see `input::bad_input`).
pub(crate) fn bad_input(field: &str, why: &str) -> Error {
    crate::api::input::bad_input("request", field, why)
}

/// The request as the shell sends it: `{method, url, body, path, context}`
/// (`body`: JSON text or undefined; `context`: what the decoder needs
/// besides the body). The body is turned into JSON text once, here: what
/// was checked is what is sent.
pub(crate) fn request_object(
    r: HttpRequest<JsValue>,
    base: &str,
    context: &str,
) -> Result<JsValue, Error> {
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
    let mut o = JsValue::new_object();
    o.set("method", JsValue::from_str(r.method.as_str()));
    o.set("url", JsValue::from_str(&url));
    o.set("body", body);
    o.set("path", JsValue::from_str(&r.path));
    o.set("context", JsValue::from_str(context));
    Ok(o)
}

/// The method of a request from [`request_object`].
pub(crate) fn method_of(req: &JsValue) -> Method {
    Json::get(req, "method")
        .as_string()
        .and_then(|m| Method::parse(&m))
        .unwrap_or(Method::Get)
}

/// The path of a request from [`request_object`] (none for `{}`).
pub(crate) fn path_of(req: &JsValue) -> Option<String> {
    Json::get(req, "path").as_string()
}

/// A session record for the shell: `{session: IdentitySession, expiresAt,
/// issuedAt, skewMs}` (ms), handed back to the session machine as it is
/// ([`session_of_record`]).
pub(crate) fn session_record(s: &Session<JsValue>) -> JsValue {
    let mut o = JsValue::new_object();
    o.set("session", s.to_value());
    o.set("expiresAt", JsValue::from_f64(s.expires_at_ms));
    o.set("issuedAt", JsValue::from_f64(s.issued_at_ms));
    o.set("skewMs", JsValue::from_f64(s.skew_ms));
    o
}

/// The session a [`session_record`] holds (`None` for anything else).
pub(crate) fn session_of_record(r: &JsValue) -> Option<Session<JsValue>> {
    let v = Json::get(r, "session");
    let claims = Json::get(&v, "claims");
    Some(Session {
        token: Json::get(&v, "token").as_string()?,
        expires_at: Json::get(&v, "expiresAt").as_string()?,
        expires_at_ms: Json::get(r, "expiresAt").as_f64()?,
        issued_at_ms: Json::get(r, "issuedAt").as_f64()?,
        skew_ms: Json::get(r, "skewMs").as_f64()?,
        claims: (!claims.is_absent()).then_some(claims),
    })
}

/// How one attempt of the transport (`client/transport.rs`) ended.
pub(crate) enum Attempt {
    /// A response (any status).
    Response,
    /// The caller's signal fired (or the call ended without sending).
    Aborted,
    /// The per-attempt timeout fired.
    Timeout,
    /// No response; the browser's message.
    Network(String),
}

impl Attempt {
    /// Read `{failure, message}` or a response object.
    pub(crate) fn of(r: &JsValue) -> Attempt {
        match Json::get(r, "failure").as_string().as_deref() {
            None => Attempt::Response,
            Some("timeout") => Attempt::Timeout,
            Some("network") => Attempt::Network(str_of(r, "message")),
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

/// `client.request` arguments -> request.
pub(crate) fn build_raw_request(
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
            let v = Json::get_dyn(&query, &key);
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
