//! `ClientConfig` (JS, camelCase) -> validated [`Config`]. Defaults live here.

use crate::error::Error;
use crate::json::{Json, Kind};
use crate::prelude::*;

/// Default API origin.
pub const DEFAULT_BASE_URL: &str = "https://api.afosto.io";
/// Default per-attempt timeout.
pub const DEFAULT_TIMEOUT_MS: f64 = 10_000.0;
/// Default number of extra attempts for GET/PUT/DELETE.
pub const DEFAULT_RETRIES: u32 = 2;
/// Default storage key for persisted sessions.
pub const DEFAULT_STORAGE_KEY: &str = "afosto-session";
/// Upper bound for `retries`, so a typo cannot hammer the API.
pub const MAX_RETRIES: u32 = 10;

/// The longest delay a JS timer honours (2^31 - 1 ms, about 24.8 days);
/// longer ones fire at once in browsers and Node.
pub const MAX_TIMER_MS: f64 = 2_147_483_647.0;

/// A non-negative delay as JS timers take it: whole milliseconds, rounded
/// up, at most [`MAX_TIMER_MS`] (so 1e308 means "as long as timers go", not
/// "now").
pub fn timer_ms(ms: f64) -> f64 {
    if ms >= MAX_TIMER_MS {
        MAX_TIMER_MS
    } else {
        -(-ms).floor()
    }
}

/// Where the identity session is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persist {
    /// Only in this client (default).
    Memory,
    /// `localStorage`: shared by tabs, survives restarts.
    Local,
    /// `sessionStorage`: this tab only.
    Session,
}

/// A validated client configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Base URL without a trailing slash.
    pub base_url: String,
    /// Sent as `channel_id` where an endpoint takes it.
    pub channel_id: Option<String>,
    /// Sent as `client_id` on `/rel/identity/*`.
    pub client_id: Option<String>,
    /// Default audience for identity calls.
    pub audience: Option<String>,
    /// Initial bearer token.
    pub token: Option<String>,
    /// Per-attempt timeout in whole ms (0 = none; at most 2^31 - 1).
    pub timeout_ms: f64,
    /// Extra attempts for idempotent requests.
    pub retries: u32,
    /// Session persistence.
    pub persist: Persist,
    /// Storage key for persisted sessions.
    pub storage_key: String,
    /// Extend the JWT shortly before expiry.
    pub auto_extend: bool,
    /// Extra request headers (`ClientConfig.headers`): never `Authorization`
    /// or `Content-Type`.
    pub headers: Vec<(String, String)>,
}

impl Persist {
    /// The global that holds the storage (`None` for memory).
    pub fn storage(self) -> Option<&'static str> {
        match self {
            Persist::Memory => None,
            Persist::Local => Some("localStorage"),
            Persist::Session => Some("sessionStorage"),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: DEFAULT_BASE_URL.to_owned(),
            channel_id: None,
            client_id: None,
            audience: None,
            token: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retries: DEFAULT_RETRIES,
            persist: Persist::Memory,
            storage_key: DEFAULT_STORAGE_KEY.to_owned(),
            auto_extend: true,
            headers: Vec::new(),
        }
    }
}

/// An `INVALID_CONFIG` for `ClientConfig.<field>`.
pub(crate) fn bad(field: &str, why: &str) -> Error {
    let mut m = String::from("invalid ClientConfig.");
    m.push_str(field);
    m.push_str(": ");
    m.push_str(why);
    let mut e = Error::invalid_config(m);
    // The one problem vocabulary: the reason is in the message.
    e.field_errors = crate::error::one_field(field, "invalid");
    e
}

fn opt_string<V: Json>(v: &V, key: &'static str) -> Result<Option<String>, Error> {
    let m = v.get(key);
    match m.kind() {
        Kind::Null => Ok(None),
        Kind::Str => Ok(m.as_string()),
        _ => Err(bad(key, "must be a string")),
    }
}

/// Whether `s` is a UUID in its text form: 8-4-4-4-12 hex digits, either
/// case, nothing around them (the reference types `channel_id` and
/// `client_id` as `uuid`).
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// An optional UUID member (`channelId`, `clientId`).
fn opt_uuid<V: Json>(v: &V, key: &'static str) -> Result<Option<String>, Error> {
    match opt_string(v, key)? {
        Some(s) if !is_uuid(&s) => Err(bad(key, "must be a UUID (8-4-4-4-12 hex digits)")),
        s => Ok(s),
    }
}

fn opt_number<V: Json>(v: &V, key: &'static str) -> Result<Option<f64>, Error> {
    let m = v.get(key);
    match m.kind() {
        Kind::Null => Ok(None),
        Kind::Num => match m.as_f64() {
            Some(n) if n.is_finite() && n >= 0.0 => Ok(Some(n)),
            _ => Err(bad(key, "must be a non-negative number")),
        },
        _ => Err(bad(key, "must be a number")),
    }
}

impl Config {
    /// Validate a JS `ClientConfig` (absent = all defaults).
    pub fn from_json<V: Json>(v: &V) -> Result<Config, Error> {
        let mut c = Config::default();
        match v.kind() {
            Kind::Null => return Ok(c),
            Kind::Obj => {}
            _ => return Err(Error::invalid_config("ClientConfig must be an object")),
        }
        if let Some(url) = opt_string(v, "baseUrl")? {
            c.base_url = validate_base_url(&url)?;
        }
        c.channel_id = opt_uuid(v, "channelId")?;
        c.client_id = opt_uuid(v, "clientId")?;
        c.audience = opt_string(v, "audience")?;
        c.token = opt_string(v, "token")?.filter(|t| !t.is_empty());
        if c.token
            .as_deref()
            .is_some_and(|t| !crate::session::header_safe(t))
        {
            // The token itself is never quoted.
            return Err(bad("token", "must be printable ASCII without spaces"));
        }
        if let Some(t) = opt_number(v, "timeoutMs")? {
            c.timeout_ms = timer_ms(t);
        }
        if let Some(r) = opt_number(v, "retries")? {
            if r.fract() != 0.0 || r > f64::from(MAX_RETRIES) {
                return Err(bad("retries", "must be an integer from 0 to 10"));
            }
            c.retries = r as u32;
        }
        if let Some(p) = opt_string(v, "persistSession")? {
            c.persist = match p.as_str() {
                "memory" => Persist::Memory,
                "localStorage" => Persist::Local,
                "sessionStorage" => Persist::Session,
                _ => {
                    return Err(bad(
                        "persistSession",
                        "must be \"memory\", \"localStorage\" or \"sessionStorage\"",
                    ))
                }
            };
        }
        if let Some(k) = opt_string(v, "storageKey")? {
            if k.is_empty() {
                return Err(bad("storageKey", "must not be empty"));
            }
            c.storage_key = k;
        }
        let ae = v.get("autoExtend");
        match ae.kind() {
            Kind::Null => {}
            Kind::Bool => c.auto_extend = ae.as_bool().unwrap_or(true),
            _ => return Err(bad("autoExtend", "must be a boolean")),
        }
        c.headers = read_headers(&v.get("headers"))?;
        // `fetch` is read (once) and checked by the wasm `Core`: a function
        // only exists in JS.
        Ok(c)
    }
}

/// `ClientConfig.headers`: an object of header name -> value. A name is an
/// HTTP token; a value has no control characters (and fits a header: Latin-1);
/// `Authorization` and `Content-Type` are the package's own and refused.
fn read_headers<V: Json>(h: &V) -> Result<Vec<(String, String)>, Error> {
    let mut out = Vec::new();
    match h.kind() {
        Kind::Null => return Ok(out),
        Kind::Obj => {}
        _ => {
            return Err(bad(
                "headers",
                "must be an object of header names to string values",
            ))
        }
    }
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes().all(|b| {
                b.is_ascii_alphanumeric()
                    || matches!(
                        b,
                        b'!' | b'#'
                            | b'$'
                            | b'%'
                            | b'&'
                            | b'\''
                            | b'*'
                            | b'+'
                            | b'-'
                            | b'.'
                            | b'^'
                            | b'_'
                            | b'`'
                            | b'|'
                            | b'~'
                    )
            })
    };
    for name in h.keys() {
        if !token(&name) {
            return Err(bad("headers", "a header name is not an HTTP token"));
        }
        let lower = name.to_ascii_lowercase();
        if lower == "authorization" || lower == "content-type" {
            return Err(bad(
                "headers",
                "must not set Authorization or Content-Type (the package's own)",
            ));
        }
        let value = h.get_dyn(&name);
        let text = value.as_string().filter(|_| value.kind() == Kind::Str);
        match text {
            Some(t)
                if t.chars()
                    .all(|c| (c == '\t' || c >= ' ') && c != '\u{7f}' && (c as u32) < 256) =>
            {
                out.push((name, t));
            }
            _ => {
                return Err(bad(
                    "headers",
                    "a header value must be a string without control characters",
                ))
            }
        }
    }
    Ok(out)
}

/// Check a base URL: https, or http only for a loopback host; no credentials,
/// query or fragment. Returns it without a trailing slash.
pub fn validate_base_url(raw: &str) -> Result<String, Error> {
    let url = raw.trim();
    if url.bytes().any(|b| b <= b' ' || b == b'\\' || b == 0x7f) {
        return Err(bad(
            "baseUrl",
            "must not contain spaces or control characters",
        ));
    }
    let lower = url.to_ascii_lowercase();
    let (secure, rest) = if lower.starts_with("https://") {
        (true, url.get(8..).unwrap_or(""))
    } else if lower.starts_with("http://") {
        (false, url.get(7..).unwrap_or(""))
    } else {
        return Err(bad("baseUrl", "must be an absolute https:// URL"));
    };
    if rest.contains(['?', '#']) {
        return Err(bad("baseUrl", "must not have a query or fragment"));
    }
    let authority = rest.split('/').next().unwrap_or("");
    if authority.contains('@') {
        return Err(bad("baseUrl", "must not contain credentials"));
    }
    let host = if authority.starts_with('[') {
        authority
            .split(']')
            .next()
            .map(|h| {
                let mut s = h.to_owned();
                s.push(']');
                s
            })
            .unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or("").to_owned()
    };
    if host.is_empty() {
        return Err(bad("baseUrl", "has no host"));
    }
    if let Some(port) = authority
        .get(host.len()..)
        .and_then(|p| p.strip_prefix(':'))
    {
        let digits =
            !port.is_empty() && port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
        let number = port
            .bytes()
            .fold(0u32, |n, b| n * 10 + u32::from(b.wrapping_sub(b'0')));
        if !digits || number > 65_535 {
            return Err(bad("baseUrl", "has an invalid port"));
        }
    } else if authority.len() != host.len() {
        return Err(bad("baseUrl", "has an invalid host"));
    }
    let path = rest.get(authority.len()..).unwrap_or("");
    if path.split('/').any(|seg| seg == "." || seg == "..") {
        return Err(bad("baseUrl", "must not contain . or .. path segments"));
    }
    let host_l = host.to_ascii_lowercase();
    if !secure && !matches!(host_l.as_str(), "localhost" | "127.0.0.1" | "[::1]") {
        return Err(bad(
            "baseUrl",
            "must use https (http is only allowed for localhost, 127.0.0.1 and [::1])",
        ));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;
    use serde_json::json;

    const CHANNEL: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    const CLIENT: &str = "5B0C2B4E-8A0F-4F55-9E49-0F1D2B7A9C11";

    #[test]
    fn channel_and_client_ids_are_uuids() {
        for ok in [CHANNEL, CLIENT, "00000000-0000-0000-0000-000000000000"] {
            let c = Config::from_json(&json!({ "channelId": ok, "clientId": ok })).unwrap();
            assert_eq!(c.channel_id.as_deref(), Some(ok), "sent as given");
        }
        let bad = [
            "",
            "channel-1",
            "3fa85f6457174562b3fc2c963f66afa6",
            "{3fa85f64-5717-4562-b3fc-2c963f66afa6}",
            "urn:uuid:3fa85f64-5717-4562-b3fc-2c963f66afa6",
            " 3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "3fa85f64-5717-4562-b3fc-2c963f66afa",
            "3fa85f64-5717-4562-b3fc-2c963f66afa6a",
            "3fa85f64-5717-4562-b3fc_2c963f66afa6",
            "3fa85f64-5717-4562-b3fc-2c963f66afg6",
            "3fa85f64-5717-4562-b3fc-2c963f66af\u{e9}",
        ];
        for key in ["channelId", "clientId"] {
            for b in bad {
                let e = Config::from_json(&json!({ key: b })).unwrap_err();
                assert_eq!(e.code, Code::InvalidConfig, "{key} {b:?}");
                assert_eq!(e.field_errors, crate::error::one_field(key, "invalid"));
                assert!(e.message.contains(key), "{}", e.message);
            }
            let e = Config::from_json(&json!({ key: 42 })).unwrap_err();
            assert_eq!(e.field_errors, crate::error::one_field(key, "invalid"));
        }
    }

    #[test]
    fn defaults() {
        let c = Config::from_json(&serde_json::Value::Null).unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(c.base_url, "https://api.afosto.io");
        assert_eq!(c.timeout_ms, 10_000.0);
        assert_eq!(c.retries, 2);
        assert!(c.auto_extend);
        assert_eq!(c.persist, Persist::Memory);
    }

    #[test]
    fn full_config() {
        let c = Config::from_json(
            &json!({"baseUrl": "http://127.0.0.1:4011/", "channelId": CHANNEL,
            "clientId": CLIENT, "audience": "shop", "timeoutMs": 500, "retries": 0,
            "persistSession": "localStorage", "storageKey": "k", "autoExtend": false}),
        )
        .unwrap();
        assert_eq!(c.base_url, "http://127.0.0.1:4011");
        assert_eq!(c.timeout_ms, 500.0);
        assert_eq!(c.retries, 0);
        assert_eq!(c.persist, Persist::Local);
        assert_eq!(c.channel_id.as_deref(), Some(CHANNEL));
        assert_eq!(c.client_id.as_deref(), Some(CLIENT));
        assert!(!c.auto_extend);
    }

    #[test]
    fn timer_delays_are_whole_and_bounded() {
        assert_eq!(timer_ms(0.0), 0.0);
        assert_eq!(timer_ms(0.5), 1.0);
        assert_eq!(timer_ms(150.0), 150.0);
        assert_eq!(timer_ms(150.01), 151.0);
        assert_eq!(timer_ms(2f64.powi(31)), MAX_TIMER_MS);
        assert_eq!(timer_ms(1e308), MAX_TIMER_MS);
    }

    #[test]
    fn timeouts_are_whole_ms_within_timer_range() {
        let c = Config::from_json(&json!({"timeoutMs": 0.5})).unwrap();
        assert_eq!(c.timeout_ms, 1.0);
        let c = Config::from_json(&json!({"timeoutMs": 1e308})).unwrap();
        assert_eq!(c.timeout_ms, 2_147_483_647.0);
    }

    #[test]
    fn a_bad_token_is_refused_without_being_quoted() {
        let e = Config::from_json(&json!({"token": "s3cr3t\r\nX-Evil: 1"})).unwrap_err();
        assert_eq!(e.code, Code::InvalidConfig);
        assert!(!e.message.contains("s3cr3t"), "{}", e.message);
    }

    #[test]
    fn base_url_rules() {
        let ok = [
            ("https://api.afosto.io", "https://api.afosto.io"),
            (
                "https://proxy.example.com/afosto/",
                "https://proxy.example.com/afosto",
            ),
            ("http://localhost:8080", "http://localhost:8080"),
            ("http://[::1]:4011", "http://[::1]:4011"),
            ("HTTP://127.0.0.1", "HTTP://127.0.0.1"),
            (
                "https://api.afosto.io:65535/v..1",
                "https://api.afosto.io:65535/v..1",
            ),
        ];
        for (input, want) in ok {
            assert_eq!(validate_base_url(input).unwrap(), want, "{input}");
        }
        let bad = [
            "http://api.afosto.io",
            "http://127.0.0.2",
            "http://localhost.evil.com",
            "https://user:pass@api.afosto.io",
            "https://token@api.afosto.io",
            "javascript:alert(1)",
            "ftp://api.afosto.io",
            "/relative",
            "api.afosto.io",
            "https://",
            "https://api.afosto.io?x=1",
            "https://api.afosto.io#x",
            "https://api .afosto.io",
            "https://api.afosto.io:abc",
            "http://[::1",
            "http://localhost:99999",
            "https://api.afosto.io:65536",
            "https://api.afosto.io/a/../b",
            "https://api.afosto.io/./x",
        ];
        for input in bad {
            let e = validate_base_url(input).unwrap_err();
            assert_eq!(e.code, Code::InvalidConfig, "{input}");
        }
    }

    #[test]
    fn invalid_values() {
        let cases = [
            json!({"timeoutMs": -1}),
            json!({"timeoutMs": "10"}),
            json!({"retries": -1}),
            json!({"retries": 1.5}),
            json!({"retries": 11}),
            json!({"persistSession": "cookie"}),
            json!({"persistSession": 1}),
            json!({"storageKey": ""}),
            json!({"autoExtend": "yes"}),
            json!({"baseUrl": 42}),
            json!({"token": "secret\ntok"}),
            json!({"token": "with space"}),
            json!({"token": "caf\u{e9}"}),
            json!("https://api.afosto.io"),
        ];
        for c in cases {
            let e = Config::from_json(&c).unwrap_err();
            assert_eq!(e.code, Code::InvalidConfig, "{c}");
        }
    }
}
