//! The identity session: token, expiry, JWT claims (decoded, NOT verified),
//! when to extend, and the persisted form.

use crate::json::{Json, Kind};
use crate::prelude::*;
use crate::time::{format_rfc3339, parse_rfc3339};

/// Extend this long before expiry (shortened to half the lifetime for short tokens).
pub const EXTEND_MARGIN_MS: f64 = 60_000.0;
/// `expiresAt` reported for a token whose expiry is unknown (no `exp` claim).
pub const NO_EXPIRY: &str = "9999-12-31T23:59:59.999Z";
/// `IamAccessToken.expires_in` when the extend answer leaves it out (the
/// reference documents 3600).
const DEFAULT_EXPIRES_IN_S: f64 = 3600.0;
/// A fresh token whose `iat` is further than this from the local clock
/// means the clock is off (network delay and small drift stay below it).
pub const SKEW_TOLERANCE_MS: f64 = 30_000.0;
/// The largest clock offset taken from storage (a week): more is damage.
const MAX_SKEW_MS: f64 = 7.0 * 86_400_000.0;

/// A signed-in identity.
#[derive(Clone, Debug, PartialEq)]
pub struct Session<V> {
    /// The bearer token (never logged).
    pub token: String,
    /// Expiry as an RFC 3339 string.
    pub expires_at: String,
    /// Expiry in epoch ms (`INFINITY` when unknown).
    pub expires_at_ms: f64,
    /// When the token was issued (or first seen), epoch ms.
    pub issued_at_ms: f64,
    /// How far the local clock is ahead of the server's (ms, 0 when within
    /// [`SKEW_TOLERANCE_MS`]); `expires_at_ms` and `issued_at_ms` are
    /// already on the local clock, `expires_at` stays the server's time.
    pub skew_ms: f64,
    /// The JWT payload, when the token is a JWT.
    pub claims: Option<V>,
}

#[cfg(not(target_arch = "wasm32"))]
fn b64_value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'-' | b'+' => Some(62),
        b'_' | b'/' => Some(63),
        _ => None,
    }
}

/// Decode base64url (padding optional; the standard alphabet is accepted too).
#[cfg(not(target_arch = "wasm32"))]
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        acc = (acc << 6) | b64_value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 {
        return None; // a single leftover character cannot encode a byte
    }
    Some(out)
}

/// The JWT payload's text, when `token` is `header.payload.signature` with
/// base64url UTF-8 in the middle (at most 64 KiB). The wasm build decodes it
/// with the engine instead (`src/session.js`, same rules, one case table).
#[cfg(not(target_arch = "wasm32"))]
pub fn jwt_payload_text(token: &str) -> Option<String> {
    let mut parts = token.split('.');
    let (_header, payload, _sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || payload.len() > 64 * 1024 {
        return None;
    }
    String::from_utf8(base64url_decode(payload)?).ok()
}

#[cfg(target_arch = "wasm32")]
mod engine {
    use crate::prelude::*;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/session.js")]
    extern "C" {
        /// The decoded JWT payload, or undefined.
        #[wasm_bindgen(js_name = jwtPayloadText)]
        pub fn jwt_payload_text(token: &str) -> Option<String>;
    }
}

/// The JWT payload's text (see the native version for the rules).
#[cfg(target_arch = "wasm32")]
pub fn jwt_payload_text(token: &str) -> Option<String> {
    engine::jwt_payload_text(token)
}

/// True when `token` can go into an `Authorization` header as is: printable
/// ASCII, no spaces (JWTs and opaque bearer tokens are). Anything else would
/// make `fetch` throw, quoting the header.
pub fn header_safe(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

/// The JWT payload as JSON, when `token` is `header.payload.signature` with a
/// base64url JSON object in the middle. The signature is not checked.
pub fn decode_claims<V: Json>(token: &str) -> Option<V> {
    let v = V::parse(&jwt_payload_text(token)?)?;
    (v.kind() == Kind::Obj).then_some(v)
}

fn claim_ms<V: Json>(claims: Option<&V>, key: &'static str) -> Option<f64> {
    claims
        .and_then(|c| c.get(key).as_f64())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(|s| s * 1000.0)
}

/// The `exp` claim in ms: any finite number (0 or less is long expired).
fn exp_ms<V: Json>(claims: Option<&V>) -> Option<f64> {
    claims
        .and_then(|c| c.get("exp").as_f64())
        .filter(|s| s.is_finite())
        .map(|s| s * 1000.0)
}

impl<V: Json> Session<V> {
    /// A session from a token and an optional RFC 3339 expiry; the `exp`
    /// claim is used when `expires_at` is missing or unreadable.
    pub fn new(token: String, expires_at: Option<&str>, now_ms: f64) -> Session<V> {
        let claims = decode_claims::<V>(&token);
        let from_field = expires_at.and_then(|e| parse_rfc3339(e).map(|ms| (e.to_owned(), ms)));
        let (expires_at, expires_at_ms) = match from_field {
            Some(x) => x,
            None => match exp_ms(claims.as_ref()) {
                Some(ms) => (format_rfc3339(ms), ms),
                None => (NO_EXPIRY.to_owned(), f64::INFINITY),
            },
        };
        let issued_at_ms = claim_ms(claims.as_ref(), "iat")
            .filter(|iat| *iat <= now_ms + 60_000.0)
            .unwrap_or(now_ms);
        Session {
            token,
            expires_at,
            expires_at_ms,
            issued_at_ms,
            skew_ms: 0.0,
            claims,
        }
    }

    /// Time a token the server has just issued (sign-in, extend) on the
    /// local clock: when its `iat` claim is more than
    /// [`SKEW_TOLERANCE_MS`] from `now_ms`, the local clock is off by that
    /// much, and the expiry moves with it. Without this, a shopper whose
    /// clock runs an hour fast would be signed out on sign-in.
    pub fn on_local_clock(mut self, now_ms: f64) -> Session<V> {
        let Some(iat) = claim_ms(self.claims.as_ref(), "iat") else {
            return self;
        };
        let skew = now_ms - iat;
        if skew.abs() > SKEW_TOLERANCE_MS {
            self.shift(skew);
        }
        self
    }

    /// Move the server times to the local clock, `skew_ms` (local minus
    /// server) ahead.
    fn shift(&mut self, skew_ms: f64) {
        self.expires_at_ms += skew_ms; // an unknown (infinite) expiry stays so
        if let Some(iat) = claim_ms(self.claims.as_ref(), "iat") {
            self.issued_at_ms = iat + skew_ms;
        }
        self.skew_ms = skew_ms;
    }

    /// A session from `/iam/jwt/extend`: expiry from the JWT's `exp`, else
    /// now + `expires_in` seconds (the reference's default: 3600).
    pub fn from_access_token(token: String, expires_in_s: Option<f64>, now_ms: f64) -> Session<V> {
        let mut s = Session::new(token, None, now_ms).on_local_clock(now_ms);
        if s.expires_at_ms.is_infinite() {
            let expires_in = expires_in_s.unwrap_or(DEFAULT_EXPIRES_IN_S);
            if let Some(secs) = Some(expires_in).filter(|x| x.is_finite() && *x > 0.0) {
                s.expires_at_ms = now_ms + secs * 1000.0;
                // `expiresAt` is server time, as everywhere.
                s.expires_at = format_rfc3339(s.expires_at_ms - s.skew_ms);
            }
        }
        s
    }

    /// True once the expiry has passed.
    pub fn is_expired(&self, now_ms: f64) -> bool {
        now_ms >= self.expires_at_ms
    }

    /// True when the token should be extended now: still valid, but within
    /// the margin (60 s, or half the lifetime for tokens living under 2 min).
    pub fn needs_extend(&self, now_ms: f64) -> bool {
        !self.is_expired(now_ms) && now_ms >= self.extend_at_ms()
    }

    /// When the token should be extended (see [`Session::needs_extend`]);
    /// infinite for a token that never expires locally.
    pub fn extend_at_ms(&self) -> f64 {
        if self.expires_at_ms.is_infinite() {
            return f64::INFINITY;
        }
        let lifetime = self.expires_at_ms - self.issued_at_ms;
        let margin = if lifetime <= 2.0 * EXTEND_MARGIN_MS {
            lifetime / 2.0
        } else {
            EXTEND_MARGIN_MS
        };
        self.expires_at_ms - margin
    }

    /// The JS `IdentitySession` value `{ token, expiresAt, claims? }`.
    pub fn to_value(&self) -> V {
        let mut o = V::new_object();
        o.set("token", V::from_str(&self.token));
        o.set("expiresAt", V::from_str(&self.expires_at));
        if let Some(c) = &self.claims {
            o.set("claims", c.clone());
        }
        o
    }

    /// The text kept in localStorage/sessionStorage (`skewMs` only when the
    /// local clock is off, so a reload or another tab times it the same).
    pub fn to_storage(&self) -> String {
        let mut o = V::new_object();
        o.set("token", V::from_str(&self.token));
        o.set("expiresAt", V::from_str(&self.expires_at));
        if self.skew_ms != 0.0 {
            o.set("skewMs", V::from_f64(self.skew_ms));
        }
        o.stringify()
    }

    /// Read a stored session; `None` when missing, malformed or expired.
    pub fn from_storage(text: &str, now_ms: f64) -> Option<Session<V>> {
        let v = V::parse(text)?;
        let token = v.get("token").as_string().filter(|t| header_safe(t))?;
        let expires_at = v.get("expiresAt").as_string();
        let mut s = Session::new(token, expires_at.as_deref(), now_ms);
        let skew = v.get("skewMs").as_f64().filter(|x| x.abs() <= MAX_SKEW_MS);
        if let Some(skew) = skew.filter(|x| *x != 0.0) {
            s.shift(skew);
        }
        (!s.is_expired(now_ms)).then_some(s)
    }
}

/// Encode base64url without padding (the inverse of [`base64url_decode`];
/// used by tests and the fuzzer to build JWTs).
pub fn base64url_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            let sextet = (n >> (18 - 6 * i)) & 63;
            out.push(char::from(
                ALPHABET.get(sextet as usize).copied().unwrap_or(b'A'),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64url_encode as b64url;
    use serde_json::{json, Value};

    fn jwt(payload: &Value) -> String {
        format!(
            "{}.{}.sig",
            b64url(br#"{"alg":"HS256","typ":"JWT"}"#),
            b64url(payload.to_string().as_bytes())
        )
    }

    #[test]
    fn base64url_round_trip_all_lengths() {
        for len in 0..40 {
            let data: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64url_decode(&b64url(&data)).unwrap(), data, "len {len}");
        }
        assert_eq!(base64url_decode("aGk=").unwrap(), b"hi");
        assert!(base64url_decode("a").is_none());
        assert!(base64url_decode("a*b").is_none());
    }

    #[test]
    fn claims_from_jwt() {
        let t = jwt(&json!({"sub": "u1", "email": "a@b.nl", "exp": 2_000_000_000u64, "ünï": "✓"}));
        let c: Value = decode_claims(&t).unwrap();
        assert_eq!(c["sub"], "u1");
        assert_eq!(c["ünï"], "✓");
        for bad in [
            "",
            "abc",
            "a.b",
            "a.b.c.d",
            "x.!!!.y",
            "x.bm90IGpzb24.y",
            "x.WzFd.y",
        ] {
            assert!(decode_claims::<Value>(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn expiry_from_field_then_claim() {
        let now = 1_800_000_000_000.0;
        let t = jwt(&json!({"exp": 1_800_000_600u64, "iat": 1_800_000_000u64}));
        let s: Session<Value> = Session::new(t.clone(), Some("2027-01-01T00:00:00Z"), now);
        assert_eq!(s.expires_at, "2027-01-01T00:00:00Z");
        let s: Session<Value> = Session::new(t.clone(), None, now);
        assert_eq!(s.expires_at_ms, 1_800_000_600_000.0);
        assert_eq!(s.expires_at, format_rfc3339(1_800_000_600_000.0));
        let s: Session<Value> = Session::new(t, Some("garbage"), now);
        assert_eq!(s.expires_at_ms, 1_800_000_600_000.0);
        let s: Session<Value> = Session::new("opaque".into(), None, now);
        assert_eq!(s.expires_at, NO_EXPIRY);
        assert!(!s.is_expired(now));
        assert!(s.claims.is_none());
        let s: Session<Value> = Session::from_access_token("opaque".into(), Some(3600.0), now);
        assert_eq!(s.expires_at_ms, now + 3_600_000.0);
        // No `expires_in`: the reference's default (3600 s), not "never".
        let s: Session<Value> = Session::from_access_token("opaque".into(), None, now);
        assert_eq!(s.expires_at_ms, now + 3_600_000.0);
        let s: Session<Value> = Session::from_access_token("opaque".into(), Some(120.0), now);
        assert_eq!(s.expires_at_ms, now + 120_000.0);
    }

    #[test]
    fn expired_and_extend_window() {
        let now = 1_800_000_000_000.0;
        let long = Session::<Value> {
            token: "t".into(),
            expires_at: String::new(),
            expires_at_ms: now + 3_600_000.0,
            issued_at_ms: now,
            skew_ms: 0.0,
            claims: None,
        };
        assert!(!long.needs_extend(now));
        assert!(!long.needs_extend(now + 3_540_000.0 - 1.0));
        assert!(long.needs_extend(now + 3_540_000.0));
        assert!(!long.needs_extend(now + 3_600_000.0));
        assert!(long.is_expired(now + 3_600_000.0));
        let short = Session::<Value> {
            expires_at_ms: now + 4_000.0,
            ..long.clone()
        };
        assert!(!short.needs_extend(now + 1_999.0));
        assert!(short.needs_extend(now + 2_000.0));
    }

    #[test]
    fn a_fresh_token_is_timed_on_the_local_clock() {
        let server = 1_800_000_000_000.0;
        let hour = 3_600_000.0;
        let token = jwt(&json!({"iat": server / 1000.0, "exp": (server + hour) / 1000.0}));
        let fresh = |now: f64| Session::<Value>::new(token.clone(), None, now).on_local_clock(now);
        // The local clock an hour fast, an hour slow: valid for an hour either way.
        for skew in [hour, -hour, 45_000.0] {
            let now = server + skew;
            let s = fresh(now);
            assert_eq!(s.skew_ms, skew);
            assert_eq!(s.expires_at_ms, now + hour, "skew {skew}");
            assert_eq!(s.extend_at_ms(), now + hour - EXTEND_MARGIN_MS);
            assert!(!s.is_expired(now) && !s.needs_extend(now));
            assert_eq!(s.expires_at, format_rfc3339(server + hour), "server time");
            // A reload (or another tab) times it the same.
            let back = Session::<Value>::from_storage(&s.to_storage(), now + 1000.0).unwrap();
            assert_eq!((back.expires_at_ms, back.skew_ms), (s.expires_at_ms, skew));
            assert_eq!(back.extend_at_ms(), s.extend_at_ms());
        }
        // Within the tolerance (network delay, drift): nothing moves.
        let s = fresh(server + 10_000.0);
        assert_eq!((s.skew_ms, s.expires_at_ms), (0.0, server + hour));
        assert!(!s.to_storage().contains("skewMs"));
        // A token handed in by the page (config.token) may be old: not shifted.
        let s = Session::<Value>::new(token.clone(), None, server + hour / 2.0);
        assert_eq!(s.expires_at_ms, server + hour);
        // No iat: nothing to measure.
        let s = Session::<Value>::new(jwt(&json!({"exp": 1})), None, server).on_local_clock(server);
        assert_eq!(s.skew_ms, 0.0);
        // A stored offset beyond a week is damage, not a clock: ignored.
        let text =
            format!(r#"{{"token":"{token}","expiresAt":"2027-01-15T09:00:00Z","skewMs":1e12}}"#);
        let s = Session::<Value>::from_storage(&text, server).unwrap();
        assert_eq!(s.skew_ms, 0.0);
        // extend: the fallback `expires_in` expiry is local, `expiresAt` server time.
        let t = jwt(&json!({"iat": server / 1000.0}));
        let s: Session<Value> = Session::from_access_token(t, Some(600.0), server + hour);
        assert_eq!(s.expires_at_ms, server + hour + 600_000.0);
        assert_eq!(s.expires_at, format_rfc3339(server + 600_000.0));
    }

    #[test]
    fn storage_round_trip() {
        let now = 1_800_000_000_000.0;
        let t = jwt(&json!({"exp": 1_800_000_600u64}));
        let s: Session<Value> = Session::new(t, None, now);
        let stored = s.to_storage();
        let back: Session<Value> = Session::from_storage(&stored, now).unwrap();
        assert_eq!(back.token, s.token);
        assert_eq!(back.expires_at_ms, s.expires_at_ms);
        assert!(Session::<Value>::from_storage(&stored, now + 600_000.0).is_none());
        assert!(Session::<Value>::from_storage("{", now).is_none());
        assert!(Session::<Value>::from_storage("{\"token\":\"\"}", now).is_none());
        let v = back.to_value();
        assert_eq!(v["expiresAt"], json!(s.expires_at));
        assert!(v["claims"]["exp"].is_number());
    }

    /// The case table shared with `src/session.js` (tests/node/session.test.mjs).
    #[test]
    fn shared_payload_table() {
        let table: Value =
            serde_json::from_str(include_str!("../tests/fixtures/jwt_payloads.json")).unwrap();
        let cases = table["cases"].as_array().unwrap();
        assert!(cases.len() >= 50);
        for c in cases {
            let token = c[0].as_str().unwrap();
            assert_eq!(
                jwt_payload_text(token).as_deref(),
                c[1].as_str(),
                "{token:?}"
            );
        }
        let long = |n: usize| format!("h.{}.s", "A".repeat(n));
        assert_eq!(
            jwt_payload_text(&long(65_536)).map(|t| t.len()),
            Some(49_152)
        );
        assert_eq!(jwt_payload_text(&long(65_537)), None);
    }
}
