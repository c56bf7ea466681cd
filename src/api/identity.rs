//! Identity login (`/rel/identity/*`) and access tokens (`/iam/jwt/*`):
//! request builders and response decoders.

use crate::api::input::{default_audience, missing_body, read_body};
use crate::config::Config;
use crate::error::{add_field_error, Error, FieldErrors};
use crate::http::{HttpRequest, Method};
use crate::models::identity::*;
use crate::prelude::*;
use crate::session::Session;
use crate::shape::Walk;
use crate::shape::{decode_body, Field, Ty};

/// Which identity call a credentials body is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialsCall {
    /// `POST /rel/identity/create`.
    SignUp,
    /// `POST /rel/identity/authorize`.
    SignIn,
}

/// `email` must look like an address: something@something, no spaces.
fn check_email(email: Option<String>, errors: &mut FieldErrors) -> Option<String> {
    let e = email?.trim().to_owned();
    if e.is_empty() {
        add_field_error(errors, "email", "required");
        return None;
    }
    let valid = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !e.contains(char::is_whitespace)
        }
        None => false,
    };
    if !valid {
        add_field_error(errors, "email", "invalid");
    }
    Some(e)
}

fn non_empty<V: Walk>(body: &V, key: &'static str, errors: &mut FieldErrors) {
    if body.get(key).as_string().is_some_and(|s| s.is_empty()) {
        add_field_error(errors, key, "required");
    }
}

fn identity_check<V: Walk>(body: &mut V, table: &[Field], errors: &mut FieldErrors) {
    if table.iter().any(|f| f.wire() == "email") {
        let raw = body.get("email");
        let text = raw.as_string();
        if text.is_none() && !raw.is_absent() {
            // a string that is not well-formed Unicode (a lone surrogate)
            add_field_error(errors, "email", "invalid");
        }
        if let Some(email) = check_email(text, errors) {
            body.set("email", V::from_str(&email));
        }
    }
    for key in ["password", "token", "type"] {
        if table.iter().any(|f| f.wire() == key) {
            non_empty(body, key, errors);
        }
    }
    // `[RelCreateTokenRequest].type`: the reference lists "reset" and "confirm".
    if let Some(t) = body.get("type").as_string() {
        if !t.trim().is_empty() && t != "reset" && t != "confirm" {
            add_field_error(errors, "type", "invalid");
        }
    }
}

/// Shared input handling: encode against `table`, check the email and
/// non-empty strings, fill the audience default.
fn identity_body<V: Walk>(
    cfg: &Config,
    input: &V,
    table: &[Field],
    what: &str,
) -> Result<V, Error> {
    let mut body = read_body(input, None, table, what, identity_check)?;
    if table.iter().any(|f| f.wire() == "audience") {
        default_audience(&mut body, cfg.audience.as_deref());
    }
    Ok(body)
}

/// `client_id` and `channel_id` query parameters from the config.
fn with_context<V>(cfg: &Config, req: HttpRequest<V>) -> HttpRequest<V> {
    req.query_opt("client_id", cfg.client_id.as_deref())
        .query_opt("channel_id", cfg.channel_id.as_deref())
}

/// `signUp` / `signIn`.
pub fn build_credentials<V: Walk>(
    cfg: &Config,
    call: CredentialsCall,
    input: &V,
) -> Result<HttpRequest<V>, Error> {
    let body = identity_body(cfg, input, &CREDENTIALS, "credentials")?;
    let path = match call {
        CredentialsCall::SignUp => "/rel/identity/create",
        CredentialsCall::SignIn => "/rel/identity/authorize",
    };
    Ok(with_context(cfg, HttpRequest::new(Method::Post, path.into())).with_body(body))
}

/// `identityExists`: `POST /rel/identity/exists` (no query parameters).
pub fn build_exists<V: Walk>(cfg: &Config, input: &V) -> Result<HttpRequest<V>, Error> {
    let body = identity_body(cfg, input, &EXISTS_INPUT, "identity")?;
    Ok(HttpRequest::new(Method::Post, "/rel/identity/exists".into()).with_body(body))
}

/// `requestIdentityToken`: `POST /rel/identity/tokens`.
pub fn build_request_token<V: Walk>(cfg: &Config, input: &V) -> Result<HttpRequest<V>, Error> {
    let body = identity_body(cfg, input, &TOKEN_INPUT, "token request")?;
    Ok(with_context(
        cfg,
        HttpRequest::new(Method::Post, "/rel/identity/tokens".into()),
    )
    .with_body(body))
}

/// `resetPassword`: `POST /rel/identity/reset`.
pub fn build_reset<V: Walk>(cfg: &Config, input: &V) -> Result<HttpRequest<V>, Error> {
    let body = identity_body(cfg, input, &RESET_INPUT, "password reset")?;
    Ok(with_context(
        cfg,
        HttpRequest::new(Method::Post, "/rel/identity/reset".into()),
    )
    .with_body(body))
}

/// `verifyIdentity`: `POST /rel/identity/verify`.
pub fn build_verify<V: Walk>(cfg: &Config, input: &V) -> Result<HttpRequest<V>, Error> {
    let body = identity_body(cfg, input, &VERIFY_INPUT, "verification")?;
    Ok(with_context(
        cfg,
        HttpRequest::new(Method::Post, "/rel/identity/verify".into()),
    )
    .with_body(body))
}

/// `extendSession`: `GET /iam/jwt/extend`.
pub fn build_extend<V>() -> HttpRequest<V> {
    HttpRequest::new(Method::Get, "/iam/jwt/extend".into())
}

/// `identityExists`: 2xx (204) -> true, 404 -> false; the reference also
/// documents 409 "Identity already exists" for this endpoint: true.
pub fn decode_exists<V>(body: Result<Option<V>, Error>) -> Result<bool, Error> {
    match body {
        Ok(_) => Ok(true),
        Err(e) if e.code == crate::error::Code::NotFound => Ok(false),
        Err(e) if e.code == crate::error::Code::Conflict => Ok(true),
        Err(e) => Err(e),
    }
}

/// `signOut`: `GET /iam/jwt/revoke?tokens=current`.
pub fn build_revoke<V>() -> HttpRequest<V> {
    HttpRequest::new(Method::Get, "/iam/jwt/revoke".into()).query_opt("tokens", Some("current"))
}

/// A token from a response, if it can be sent back as a bearer token.
fn bearer(token: Option<String>, path: &str) -> Result<String, Error> {
    match token {
        Some(t) if crate::session::header_safe(&t) => Ok(t),
        Some(t) if t.is_empty() => {
            Err(Error::decode(path, "a non-empty string", "an empty string"))
        }
        Some(_) => Err(Error::decode(
            path,
            "printable ASCII without spaces",
            "other characters",
        )),
        None => Err(Error::decode(path, "a non-empty string", "nothing")),
    }
}

/// A `SignedToken` response -> session.
pub fn decode_signed_token<V: Walk>(body: Option<V>, now_ms: f64) -> Result<Session<V>, Error> {
    let body = body.ok_or_else(missing_body)?;
    let v = decode_body(&body, &Ty::Obj(&SIGNED_TOKEN))?;
    let token = bearer(v.get("token").as_string(), "$.token")?;
    let expires_at = v.get("expiresAt").as_string();
    let s = Session::new(token, expires_at.as_deref(), now_ms).on_local_clock(now_ms);
    // An `expires_at` that is missing or no date, and no `exp` claim to fall
    // back on: a session that never expires would be a made-up default.
    if s.expires_at_ms.is_infinite() {
        let found = if expires_at.is_some() {
            "another string"
        } else {
            "nothing"
        };
        return Err(Error::decode(
            "$.expires_at",
            "an RFC 3339 date-time",
            found,
        ));
    }
    Ok(s)
}

/// An `IamAccessToken` response (extend) -> session.
pub fn decode_access_token<V: Walk>(body: Option<V>, now_ms: f64) -> Result<Session<V>, Error> {
    let body = body.ok_or_else(missing_body)?;
    let v = decode_body(&body, &Ty::Obj(&ACCESS_TOKEN))?;
    let token = bearer(v.get("accessToken").as_string(), "$.access_token")?;
    Ok(Session::from_access_token(
        token,
        v.get("expiresIn").as_f64(),
        now_ms,
    ))
}

/// `{ status }` from `/rel/identity/tokens`.
pub fn decode_token_status<V: Walk>(body: Option<V>) -> Result<V, Error> {
    decode_body(&body.ok_or_else(missing_body)?, &Ty::Obj(&TOKEN_STATUS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;
    use serde_json::{json, Value};

    fn cfg() -> Config {
        Config {
            client_id: Some("cid".into()),
            channel_id: Some("chan".into()),
            audience: Some("shop".into()),
            ..Config::default()
        }
    }

    #[test]
    fn sign_in_and_up_requests() {
        let input = json!({"email": " jane@example.com ", "password": "pw", "extra": 1});
        let r = build_credentials(&cfg(), CredentialsCall::SignIn, &input).unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(
            r.url("https://api.afosto.io"),
            "https://api.afosto.io/rel/identity/authorize?client_id=cid&channel_id=chan"
        );
        assert_eq!(
            r.body,
            Some(json!({"email": "jane@example.com", "password": "pw", "audience": "shop"}))
        );
        let r = build_credentials(
            &Config::default(),
            CredentialsCall::SignUp,
            &json!({"email": "a@b.c", "password": "x", "audience": "other"}),
        )
        .unwrap();
        assert_eq!(r.url(""), "/rel/identity/create");
        assert_eq!(r.body.unwrap()["audience"], "other");
    }

    #[test]
    fn credentials_are_checked_before_sending() {
        let cases = [
            (json!({"email": "", "password": "pw"}), "email", "required"),
            (json!({"password": "pw"}), "email", "required"),
            (
                json!({"email": "jane.example.com", "password": "pw"}),
                "email",
                "invalid",
            ),
            (
                json!({"email": "@example.com", "password": "pw"}),
                "email",
                "invalid",
            ),
            (
                json!({"email": "a b@example.com", "password": "pw"}),
                "email",
                "invalid",
            ),
            (
                json!({"email": "a@b.c", "password": ""}),
                "password",
                "required",
            ),
            (json!({"email": "a@b.c"}), "password", "required"),
            (
                json!({"email": "a@b.c", "password": 5}),
                "password",
                "invalid",
            ),
        ];
        for (input, field, problem) in cases {
            let e = build_credentials(&cfg(), CredentialsCall::SignIn, &input).unwrap_err();
            assert_eq!(e.code, Code::InvalidInput, "{input}");
            let found = e.field_errors.iter().find(|(f, _)| f == field);
            assert_eq!(
                found.map(|(_, p)| p.clone()),
                Some(vec![problem.to_string()]),
                "{input}"
            );
            assert!(!e.message.contains("pw"));
        }
        let e = build_credentials(&cfg(), CredentialsCall::SignIn, &Value::Null).unwrap_err();
        assert_eq!(e.field_errors.len(), 2);
    }

    #[test]
    fn other_identity_requests() {
        let c = cfg();
        let r = build_exists(&c, &json!({"email": "a@b.c"})).unwrap();
        assert_eq!(r.url(""), "/rel/identity/exists");
        assert_eq!(r.body, Some(json!({"email": "a@b.c", "audience": "shop"})));
        let r = build_request_token(&c, &json!({"email": "a@b.c", "type": "reset"})).unwrap();
        assert_eq!(
            r.url(""),
            "/rel/identity/tokens?client_id=cid&channel_id=chan"
        );
        assert_eq!(
            r.body,
            Some(json!({"email": "a@b.c", "type": "reset", "audience": "shop"}))
        );
        assert!(build_request_token(&c, &json!({"email": "a@b.c", "type": ""})).is_err());
        let r = build_reset(&c, &json!({"token": "t1", "password": "new"})).unwrap();
        assert_eq!(r.path, "/rel/identity/reset");
        assert_eq!(r.body, Some(json!({"token": "t1", "password": "new"})));
        assert!(build_reset(&c, &json!({"token": "t1"})).is_err());
        let r = build_verify(&c, &json!({"token": "t2"})).unwrap();
        assert_eq!(r.path, "/rel/identity/verify");
        assert_eq!(r.body, Some(json!({"token": "t2"})));
        assert!(build_verify(&c, &json!({"token": ""})).is_err());
        let r: HttpRequest<Value> = build_extend();
        assert_eq!(
            (r.method, r.url("")),
            (Method::Get, "/iam/jwt/extend".into())
        );
        let r: HttpRequest<Value> = build_revoke();
        assert_eq!(r.url(""), "/iam/jwt/revoke?tokens=current");
    }

    #[test]
    fn decode_fixtures() {
        let now = 1_800_000_000_000.0;
        let fixture: Value =
            serde_json::from_str(include_str!("../../tests/fixtures/signed_token.json")).unwrap();
        let s = decode_signed_token(Some(fixture), now).unwrap();
        assert_eq!(s.expires_at, "2027-01-01T00:00:00Z");
        assert!(s.claims.is_some());
        let fixture: Value =
            serde_json::from_str(include_str!("../../tests/fixtures/access_token.json")).unwrap();
        let s = decode_access_token(Some(fixture), now).unwrap();
        assert!(s.token.starts_with("eyJ"));
        assert!(s.expires_at_ms > now);
        // wrong shapes
        for bad in [
            json!({"token": 1}),
            json!({}),
            json!([]),
            json!({"token": ""}),
            json!({"token": "opaque", "expires_at": "garbage"}),
            // no expiry anywhere: neither `expires_at` nor an `exp` claim
            json!({"token": "opaque"}),
            // not sendable as a bearer token
            json!({"token": "line\nbreak", "expires_at": "2027-01-01T00:00:00Z"}),
            json!({"token": "two words", "expires_at": "2027-01-01T00:00:00Z"}),
        ] {
            let e = decode_signed_token(Some(bad.clone()), now).unwrap_err();
            assert_eq!(e.code, Code::Decode, "{bad}");
        }
        assert!(decode_signed_token::<Value>(None, now).is_err());
        // A bad `expires_at` falls back to the JWT's `exp` when there is one.
        let jwt = "e30.eyJleHAiOjE4MDAwMDA2MDB9.sig"; // {"exp":1800000600}
        let s =
            decode_signed_token(Some(json!({"token": jwt, "expires_at": "garbage"})), now).unwrap();
        assert_eq!(s.expires_at_ms, 1_800_000_600_000.0);
        let e = decode_signed_token(Some(json!({"token": "opaque", "expires_at": "soon"})), now)
            .unwrap_err();
        assert_eq!(e.code, Code::Decode);
        assert!(e.message.contains("$.expires_at"), "{}", e.message);
        assert!(decode_access_token(Some(json!({"access_token": ""})), now).is_err());
        let e = decode_access_token(Some(json!({"access_token": "a\u{0}b"})), now).unwrap_err();
        assert_eq!(e.code, Code::Decode);
        assert!(e.message.contains("$.access_token"), "{}", e.message);
        // Without `expires_at`, the JWT's `exp` is the expiry.
        let s = decode_signed_token(Some(json!({ "token": jwt })), now).unwrap();
        assert_eq!(s.expires_at_ms, 1_800_000_600_000.0);
        assert_eq!(
            decode_token_status(Some(json!({"status": "sent", "x": 1}))).unwrap(),
            json!({"status": "sent"})
        );
    }
}
