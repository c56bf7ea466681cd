//! Requests and responses as plain data, URL encoding, and turning a response
//! into a value or an [`Error`]. The browser transport is
//! `src/client/transport.rs` (wasm only).

use crate::error::{add_field_error, reason_phrase, Code, Error};
use crate::json::{Json, Kind};
use crate::prelude::*;
use crate::retry::parse_retry_after;

/// HTTP methods the client sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// The method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Parse a method name (upper case).
    pub fn parse(s: &str) -> Option<Method> {
        match s {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }
}

/// One API call, before the base URL and auth are added.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest<V> {
    /// Method.
    pub method: Method,
    /// Path with each segment already percent-encoded (e.g. `/lcs/points/postnl`).
    pub path: String,
    /// Query parameters (not yet encoded).
    pub query: Vec<(String, String)>,
    /// JSON body (wire form).
    pub body: Option<V>,
}

impl<V> HttpRequest<V> {
    /// A request without query or body.
    pub fn new(method: Method, path: String) -> Self {
        HttpRequest {
            method,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    /// Add a query parameter when the value is present.
    pub fn query_opt(mut self, key: &str, value: Option<&str>) -> Self {
        if let Some(v) = value {
            self.query.push((key.to_owned(), v.to_owned()));
        }
        self
    }

    /// Set the JSON body.
    pub fn with_body(mut self, body: V) -> Self {
        self.body = Some(body);
        self
    }

    /// The full URL: `base` + path + encoded query.
    pub fn url(&self, base: &str) -> String {
        let mut url = String::with_capacity(base.len() + self.path.len() + 32);
        url.push_str(base);
        url.push_str(&self.path);
        let mut sep = if self.path.contains('?') { '&' } else { '?' };
        for (k, v) in &self.query {
            url.push(sep);
            sep = '&';
            encode_into(&mut url, k);
            url.push('=');
            encode_into(&mut url, v);
        }
        url
    }
}

/// What came back from one attempt.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// `Content-Type` header.
    pub content_type: Option<String>,
    /// `Retry-After` header.
    pub retry_after: Option<String>,
    /// The body text.
    pub text: String,
}

impl HttpResponse {
    /// `Retry-After` in ms from now, if present and valid.
    pub fn retry_after_ms(&self, now_ms: f64) -> Option<f64> {
        self.retry_after
            .as_deref()
            .and_then(|v| parse_retry_after(v, now_ms))
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encode everything except RFC 3986 unreserved characters. `.` is
/// encoded too, so `.` and `..` can never act as dot-segments.
pub fn encode_into(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            for nibble in [b >> 4, b & 15] {
                out.push(char::from(
                    HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
                ));
            }
        }
    }
}

/// Build a path from literal parts and encoded parameter segments:
/// `path(&["/lcs/points/", carrier])` alternates literal, segment, literal, ...
/// A segment that is empty, `.` or `..` cannot be sent safely (URL parsers
/// treat `%2E%2E` as `..` too) and is `INVALID_INPUT`.
pub fn path(parts: &[&str]) -> Result<String, Error> {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i % 2 == 0 {
            out.push_str(p);
        } else if p.is_empty() || p.bytes().all(|b| b == b'.') && p.len() <= 2 {
            return Err(Error::invalid_field(
                "path",
                "invalid",
                "invalid path parameter: must not be empty, \".\" or \"..\"",
            ));
        } else {
            encode_into(&mut out, p);
        }
    }
    Ok(out)
}

/// Check a path path given to `client.request`: it must start with `/`, stay
/// on the base URL (no scheme, host, `..` or `.` segments, backslashes or
/// fragments) and contain no spaces or control characters.
pub fn validate_raw_path(p: &str) -> Result<String, Error> {
    let fail = |why: &str| {
        let mut m = String::from("invalid path: ");
        m.push_str(why);
        Err(Error::invalid_field("path", "invalid", m))
    };
    // Byte-level, no allocation: `&str` searching and lowercasing cost wasm size.
    let b = p.as_bytes();
    if b.first() != Some(&b'/') || b.get(1) == Some(&b'/') {
        return fail("must start with a single /");
    }
    if b.iter()
        .any(|&c| c <= b' ' || c == 0x7f || c == b'\\' || c == b'#')
    {
        return fail("must not contain spaces, control characters, \\ or #");
    }
    let only_path = b.split(|&c| c == b'?').next().unwrap_or(&[]);
    if only_path.windows(3).any(|w| w == b"://") {
        return fail("must not contain a scheme or host");
    }
    for seg in only_path.split(|&c| c == b'/') {
        // A segment of one or two dots, where "%2e" is a dot too.
        let (mut dots, mut i) = (0, 0);
        let mut other = false;
        while let Some(&c) = seg.get(i) {
            if c == b'.' {
                i += 1;
            } else if c == b'%'
                && seg.get(i + 1) == Some(&b'2')
                && matches!(seg.get(i + 2), Some(b'e' | b'E'))
            {
                i += 3;
            } else {
                other = true;
                break;
            }
            dots += 1;
        }
        if !other && (dots == 1 || dots == 2) {
            return fail("must not contain . or .. segments");
        }
    }
    Ok(p.to_owned())
}

pub use crate::shape::camel;

/// Whether a Content-Type names JSON (`application/json`, `…+json`), any case.
pub fn is_json_type(ct: &str) -> bool {
    let main = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    main == "application/json" || main.ends_with("+json")
}

/// Turn a response into its parsed JSON body (`None` for an empty body) or
/// the matching [`Error`]. `now_ms` is used for HTTP-date Retry-After values.
/// `pre_parsed` is the body when the transport already parsed it (the
/// browser does, to avoid copying large bodies); the checks are the same.
pub fn read_response<V: Json>(
    method: Method,
    path: &str,
    resp: &HttpResponse,
    now_ms: f64,
    pre_parsed: Option<V>,
) -> Result<Option<V>, Error> {
    let ok = (200..300).contains(&resp.status);
    let body_text = resp.text.trim();
    if ok {
        if body_text.is_empty() && pre_parsed.is_none() {
            return Ok(None);
        }
        if let Some(ct) = resp.content_type.as_deref() {
            if !is_json_type(ct) {
                let mut m = String::from("expected a JSON response, got ");
                m.push_str(ct.split(';').next().unwrap_or(ct).trim());
                let mut e = Error::new(Code::Decode, m).at(method.as_str(), path);
                e.status = Some(resp.status);
                return Err(e);
            }
        }
        if pre_parsed.is_some() {
            return Ok(pre_parsed);
        }
        return match V::parse(body_text) {
            Some(v) => Ok(Some(v)),
            None => {
                let mut e = Error::new(Code::Decode, "the response body is not valid JSON")
                    .at(method.as_str(), path);
                e.status = Some(resp.status);
                Err(e)
            }
        };
    }
    Err(error_from_status::<V>(method, path, resp, now_ms))
}

/// Build the error for a non-2xx response, reading the API's error body
/// (`{code, message, reference, errors: {kind: [property]}}`) when present.
pub fn error_from_status<V: Json>(
    method: Method,
    path: &str,
    resp: &HttpResponse,
    now_ms: f64,
) -> Error {
    let code = Code::from_status(resp.status);
    let body = parse_error_body::<V>(&resp.text);
    let mut m = String::new();
    crate::shape::push_usize(&mut m, usize::from(resp.status));
    let reason = reason_phrase(resp.status);
    if !reason.is_empty() {
        m.push(' ');
        m.push_str(reason);
    }
    let mut e = Error::new(code, String::new());
    if let Some(b) = &body {
        if let Some(msg) = &b.message {
            m.push_str(" (");
            m.push_str(msg);
            m.push(')');
        }
        e.reference = b.reference.clone();
        e.field_errors = b.field_errors.clone();
    }
    e.message = m;
    e.status = Some(resp.status);
    if matches!(resp.status, 429 | 503) || resp.retry_after.is_some() {
        e.retry_after_ms = resp.retry_after_ms(now_ms);
    }
    e.retryable = matches!(resp.status, 408 | 429 | 500..=599);
    e.at(method.as_str(), path)
}

/// The parts of the API's error body we keep.
struct ErrorBody {
    message: Option<String>,
    reference: Option<String>,
    field_errors: crate::error::FieldErrors,
}

/// The package's problem code for an API error kind (README, "Problem
/// codes"): "invalid value" (and "invalid") -> "invalid"; any other kind
/// in lower case with `_` for spaces ("required" stays "required").
pub fn problem_code(kind: &str) -> String {
    let k: String = kind
        .trim()
        .chars()
        .map(|c| {
            if c == ' ' || c == '-' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if k == "invalid_value" {
        "invalid".into()
    } else {
        k
    }
}

/// Read `{code, message, reference, errors: {kind: [property]}}`; field errors
/// are keyed once, by the camelCase form of the API's property name (what a
/// page uses), with the kinds as problem codes ([`problem_code`]).
fn parse_error_body<V: Json>(text: &str) -> Option<ErrorBody> {
    let t = text.trim();
    if !t.starts_with('{') {
        return None;
    }
    let v = V::parse(t)?;
    let str_of = |k: &'static str| {
        v.get(k)
            .as_string()
            .map(|s| s.chars().take(300).collect::<String>())
            .filter(|s| !s.is_empty())
    };
    let mut field_errors = Vec::new();
    let errors = v.get("errors");
    if errors.kind() == Kind::Obj {
        for kind in errors.keys() {
            let props = errors.get_dyn(&kind);
            for i in 0..props.len().min(100) {
                if let Some(p) = props.at(i).as_string() {
                    add_field_error(&mut field_errors, &camel(&p), &problem_code(&kind));
                }
            }
        }
    }
    Some(ErrorBody {
        message: str_of("message"),
        reference: str_of("reference"),
        field_errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn resp(status: u16, ct: Option<&str>, text: &str) -> HttpResponse {
        HttpResponse {
            status,
            content_type: ct.map(str::to_owned),
            retry_after: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn segments_are_encoded_whole() {
        assert_eq!(
            path(&["/lcs/points/", "postnl"]).unwrap(),
            "/lcs/points/postnl"
        );
        assert_eq!(
            path(&["/lcs/points/", "../iam/users", "/", "a b?c#d%e"]).unwrap(),
            "/lcs/points/%2E%2E%2Fiam%2Fusers/a%20b%3Fc%23d%25e"
        );
        assert_eq!(path(&["/x/", "é"]).unwrap(), "/x/%C3%A9");
        assert_eq!(path(&["/x/", "..."]).unwrap(), "/x/%2E%2E%2E");
        for bad in ["..", ".", ""] {
            assert_eq!(path(&["/x/", bad]).unwrap_err().code, Code::InvalidInput);
        }
    }

    #[test]
    fn camel_case_names() {
        for (wire, js) in [
            ("postal_code", "postalCode"),
            ("address_line_1", "addressLine1"),
            ("longitude", "longitude"),
            ("__proto__", "__proto__"),
            ("_id", "_id"),
            ("a__b", "a__b"),
            ("trailing_", "trailing_"),
        ] {
            assert_eq!(camel(wire), js, "{wire}");
        }
    }

    #[test]
    fn url_with_query() {
        let r: HttpRequest<Value> = HttpRequest::new(Method::Get, "/lcs/methods".into())
            .query_opt("country_code", Some("NL"))
            .query_opt("channel_id", None)
            .query_opt("q", Some("a&b=c d"));
        assert_eq!(
            r.url("https://api.afosto.io"),
            "https://api.afosto.io/lcs/methods?country_code=NL&q=a%26b%3Dc%20d"
        );
    }

    #[test]
    fn raw_paths() {
        for ok in [
            "/lcs/methods",
            "/lcs/methods?country_code=NL",
            "/a/b.c/d",
            "/a/.../b",
            "/a/%2e%2f",
            "/a?x=../..",
            "/a//b",
        ] {
            assert!(validate_raw_path(ok).is_ok(), "{ok}");
        }
        for bad in [
            "lcs/methods",
            "//evil.com/x",
            "/a/../iam",
            "/a/%2e%2E/iam",
            "/a/.%2E",
            "/a/..?x=1",
            "/a/./b",
            "/https://evil.com",
            "/a b",
            "/a\\b",
            "/a#b",
            "",
        ] {
            let e = validate_raw_path(bad).unwrap_err();
            assert_eq!(e.code, Code::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn success_bodies() {
        let r: Option<Value> = read_response(
            Method::Get,
            "/x",
            &resp(200, Some("application/json; charset=utf-8"), "{\"a\":1}"),
            0.0,
            None,
        )
        .unwrap();
        assert_eq!(r, Some(json!({"a": 1})));
        let r: Option<Value> =
            read_response(Method::Post, "/x", &resp(204, None, ""), 0.0, None).unwrap();
        assert_eq!(r, None);
        let r: Option<Value> = read_response(
            Method::Get,
            "/x",
            &resp(200, Some("application/problem+json"), "[1]"),
            0.0,
            None,
        )
        .unwrap();
        assert_eq!(r, Some(json!([1])));
        // a body the transport already parsed goes through the same checks
        let pre = Some(json!({"b": 2}));
        let r: Option<Value> = read_response(
            Method::Get,
            "/x",
            &resp(200, Some("application/json"), ""),
            0.0,
            pre.clone(),
        )
        .unwrap();
        assert_eq!(r, pre);
        let e = read_response::<Value>(
            Method::Get,
            "/x",
            &resp(200, Some("text/html"), ""),
            0.0,
            pre,
        )
        .unwrap_err();
        assert_eq!(e.code, Code::Decode);
    }

    #[test]
    fn bad_success_bodies_are_decode_errors() {
        let cases = [
            resp(200, Some("application/json"), "{\"token\": \"abc"),
            resp(
                200,
                Some("text/html"),
                "<html><body>Bad gateway</body></html>",
            ),
            resp(200, Some("text/plain"), "{\"a\":1}"),
            resp(200, None, "not json"),
        ];
        for c in cases {
            let e = read_response::<Value>(Method::Get, "/x", &c, 0.0, None).unwrap_err();
            assert_eq!(e.code, Code::Decode, "{c:?}");
            assert_eq!(e.status, Some(200));
            assert!(e.message.starts_with("[GET] /x: "), "{}", e.message);
        }
    }

    #[test]
    fn error_body_becomes_reference_and_field_errors() {
        let body = r#"{"code":400,"message":"Invalid address","reference":"ref-1",
            "errors":{"required":["postal_code","email"],"invalid value":["postal_code"]}}"#;
        let e = read_response::<Value>(
            Method::Post,
            "/rel/addresses",
            &resp(400, Some("application/json"), body),
            0.0,
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, Code::Validation);
        assert_eq!(e.status, Some(400));
        assert_eq!(e.reference.as_deref(), Some("ref-1"));
        assert_eq!(e.method, Some("POST"));
        assert_eq!(e.path.as_deref(), Some("/rel/addresses"));
        assert_eq!(
            e.message,
            "[POST] /rel/addresses: 400 Bad Request (Invalid address)"
        );
        let get = |k: &str| {
            let mut p = e
                .field_errors
                .iter()
                .find(|(f, _)| f == k)
                .map(|(_, p)| p.clone())
                .unwrap();
            p.sort();
            p
        };
        // Keyed once, by the camelCase name; "invalid value" is the package's "invalid".
        assert_eq!(get("postalCode"), vec!["invalid", "required"]);
        assert_eq!(get("email"), vec!["required"]);
        assert_eq!(e.field_errors.len(), 2);
        assert_eq!(problem_code("Already Exists"), "already_exists");
        assert_eq!(problem_code("invalid"), "invalid");
        assert!(!e.retryable);
    }

    #[test]
    fn status_errors_without_body() {
        let mut r = resp(429, Some("text/plain"), "slow down");
        r.retry_after = Some("2".into());
        let e = read_response::<Value>(Method::Get, "/x", &r, 0.0, None).unwrap_err();
        assert_eq!(e.code, Code::RateLimited);
        assert_eq!(e.retry_after_ms, Some(2000.0));
        assert!(e.retryable);
        assert_eq!(e.message, "[GET] /x: 429 Too Many Requests");
        let e = read_response::<Value>(Method::Get, "/x", &resp(503, None, "<html>"), 0.0, None)
            .unwrap_err();
        assert_eq!(e.code, Code::Server);
        let e = read_response::<Value>(
            Method::Get,
            "/x",
            &resp(
                409,
                Some("application/json"),
                r#"{"code":409,"message":"Identity already exists","reference":"r","errors":{}}"#,
            ),
            0.0,
            None,
        )
        .unwrap_err();
        assert_eq!(e.code, Code::Conflict);
        assert_eq!(
            e.message,
            "[GET] /x: 409 Conflict (Identity already exists)"
        );
    }
}
