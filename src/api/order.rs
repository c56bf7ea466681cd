//! The rest of the checkout (`/odr/sessions/{id}/…` after the shipping step,
//! `/odr/transactions/{secret}`): the session itself, the order, contact,
//! phone numbers, billing address and payment method, totals, placing the
//! order (calculation + authorize) and the transaction.

use crate::api::checkout::{active, session_get, session_id, session_send, with_active};
use crate::api::input::{body, check_object};
use crate::error::{check_fields, Code, Error};
use crate::http::{path, HttpRequest, Method};
use crate::models::order::*;
use crate::prelude::*;
use crate::shape::{decode_body, encode, Ty, Walk};

/// `getCheckoutSession`: `GET /odr/sessions/{id}`.
pub fn build_get_session<V: Walk>(id: &V) -> Result<HttpRequest<V>, Error> {
    session_get(id, "")
}

/// `{ id, expiresAt }`: the reference answers `{ expires_at }`; the id is the
/// one asked for (`context`).
pub fn decode_get_session<V: Walk>(b: Option<V>, id: &str) -> Result<V, Error> {
    let v = decode_body(&body(b)?, &Ty::Obj(&SESSION_EXPIRY))?;
    let mut out = V::new_object();
    out.set("id", V::from_str(id));
    out.set("expiresAt", v.get("expiresAt"));
    Ok(out)
}

/// `attachOrder`: `PUT .../order` with `{order_id}`.
pub fn build_attach_order<V: Walk>(id: &V, i: &V) -> Result<HttpRequest<V>, Error> {
    session_send(Method::Put, id, i, &ORDER_INPUT, "order", "/order")
}

/// `setCheckoutContact`: `POST .../contact` (204); the email must look like one.
pub fn build_set_contact<V: Walk>(id: &V, c: &V) -> Result<HttpRequest<V>, Error> {
    let r = session_send(Method::Post, id, c, &CONTACT_INPUT, "contact", "/contact")?;
    let email = r.body.as_ref().and_then(|b| b.get("email").as_string());
    match email {
        Some(e) if e.contains('@') && !e.starts_with('@') && !e.ends_with('@') => Ok(r),
        _ => Err(Error::invalid_field(
            "email",
            "invalid",
            "invalid contact: email must be an email address",
        )),
    }
}

/// `checkoutContact`: `GET .../contact`.
pub fn build_get_contact<V: Walk>(id: &V) -> Result<HttpRequest<V>, Error> {
    session_get(id, "/contact")
}

/// `CheckoutContact`, or `undefined` when the session has none yet (an
/// empty answer, or one without an email).
pub fn decode_contact<V: Walk>(b: Option<V>) -> Result<V, Error> {
    let Some(v) = b else {
        return Ok(V::null());
    };
    let email = v.get("email");
    let none = email.is_absent() || email.as_string().is_some_and(|e| e.is_empty());
    if v.kind() == crate::json::Kind::Obj && none {
        return Ok(V::null());
    }
    decode_body(&v, &Ty::Obj(&CONTACT))
}

/// `addCheckoutPhoneNumber`: `POST .../phonenumbers` (202).
pub fn build_add_phone<V: Walk>(id: &V, p: &V) -> Result<HttpRequest<V>, Error> {
    session_send(
        Method::Post,
        id,
        p,
        &PHONE_INPUT,
        "phone number",
        "/phonenumbers",
    )
}

/// `selectPhoneNumber`: `PUT .../phonenumbers` with `{phone_number_id}`.
pub fn build_select_phone<V: Walk>(id: &V, i: &V) -> Result<HttpRequest<V>, Error> {
    session_send(
        Method::Put,
        id,
        i,
        &SELECT_PHONE_INPUT,
        "phone number selection",
        "/phonenumbers",
    )
}

/// `selectBillingAddress`: `PUT .../billing` with `{address_id}`.
pub fn build_select_billing<V: Walk>(id: &V, i: &V) -> Result<HttpRequest<V>, Error> {
    session_send(
        Method::Put,
        id,
        i,
        &SELECT_BILLING_INPUT,
        "billing address selection",
        "/billing",
    )
}

/// `checkoutBillingAddress`: `GET .../billing`.
pub fn build_billing_address<V: Walk>(id: &V) -> Result<HttpRequest<V>, Error> {
    session_get(id, "/billing")
}

/// `checkoutPaymentMethods`: `GET .../billing/methods`.
pub fn build_payment_methods<V: Walk>(id: &V) -> Result<HttpRequest<V>, Error> {
    session_get(id, "/billing/methods")
}

/// `{ active?: { methodId, issuerId? }, options }` (the reference's `acitve`, sic, read as `active`).
pub fn decode_payment_methods<V: Walk>(b: Option<V>) -> Result<V, Error> {
    let v = decode_body(&body(b)?, &Ty::Obj(&PAYMENT_METHODS))?;
    let a = active(&v.get("active"), "method_id", &PAYMENT_ACTIVE)?;
    Ok(with_active(a, v.get("options")))
}

/// `selectPaymentMethod`: `PUT .../billing/methods` with `{method_id, issuer_id?}`.
pub fn build_select_payment<V: Walk>(id: &V, i: &V) -> Result<HttpRequest<V>, Error> {
    session_send(
        Method::Put,
        id,
        i,
        &PAYMENT_ACTIVE,
        "payment method selection",
        "/billing/methods",
    )
}

/// `checkoutTotals`: `GET .../projection`.
pub fn build_totals<V: Walk>(id: &V) -> Result<HttpRequest<V>, Error> {
    session_get(id, "/projection")
}

/// `placeOrder`, first step: `GET .../calculation`. `context` carries the
/// total the shopper saw (`expectedTotal`), or "".
pub fn build_calculation<V: Walk>(id: &V, i: &V) -> Result<(HttpRequest<V>, String), Error> {
    check_object(i, "input", true)?;
    let expected = i.get("expectedTotal");
    let context = match expected.as_f64() {
        _ if expected.is_absent() => String::new(),
        Some(n) if n.is_finite() => expected.stringify(),
        _ => {
            return Err(Error::invalid_field(
                "expectedTotal",
                "invalid",
                "invalid placeOrder input: expectedTotal must be a finite number",
            ))
        }
    };
    let retry = i.get("retryUnknown");
    if !retry.is_absent() && retry.as_bool().is_none() {
        return Err(Error::invalid_field(
            "retryUnknown",
            "invalid",
            "invalid placeOrder input: retryUnknown must be a boolean",
        ));
    }
    Ok((session_get(id, "/calculation")?, context))
}

/// `{ id, total }` of a fresh calculation; `CONFLICT` when the shopper saw
/// another total (`expected`, from `build_calculation`): nothing is authorized.
pub fn decode_calculation<V: Walk>(b: Option<V>, expected: &str) -> Result<V, Error> {
    let v = decode_body(&body(b)?, &Ty::Obj(&CALCULATION))?;
    if !expected.is_empty() {
        let total = v.get("total").stringify();
        let same = V::parse(expected)
            .and_then(|e| e.as_f64())
            .zip(v.get("total").as_f64())
            .is_some_and(|(a, b)| a == b);
        if !same {
            let mut m = String::from("the total changed: expected ");
            m.push_str(expected);
            m.push_str(", the calculation says ");
            m.push_str(&total);
            m.push_str("; nothing was authorized");
            return Err(Error::new(Code::Conflict, m));
        }
    }
    Ok(v)
}

/// `placeOrder`, second step: `POST .../authorize` with `{calculation_id}`
/// (`calculation` = the first step's answer; never retried: a POST).
pub fn build_authorize<V: Walk>(id: &V, calculation: &V) -> Result<HttpRequest<V>, Error> {
    let sid = session_id(id)?;
    let mut errors = Vec::new();
    let mut input = V::new_object();
    input.set("calculationId", calculation.get("id"));
    let b = encode(&input, &AUTHORIZE_INPUT, "", &mut errors);
    check_fields("authorize", errors)?;
    Ok(HttpRequest::new(
        Method::Post,
        crate::api::checkout::session_path(&sid, "/authorize")?,
    )
    .with_body(b))
}

/// `{ accepted, forwardUri? }`; a `forward_uri` that is not `https:` (or
/// loopback `http:`, in development) is `DECODE`: the page would follow it.
pub fn decode_authorize<V: Walk>(b: Option<V>) -> Result<V, Error> {
    let v = decode_body(&body(b)?, &Ty::Obj(&AUTHORIZE))?;
    if let Some(uri) = v.get("forwardUri").as_string() {
        if !safe_forward(&uri) {
            return Err(Error::decode(
                "$.forward_uri",
                "an https: URL (or http: on loopback)",
                "another URL",
            ));
        }
    }
    Ok(v)
}

/// An `https:` URL, or `http:` to localhost / 127.0.0.1 / [::1].
fn safe_forward(uri: &str) -> bool {
    let lower = uri.trim().to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://") {
        return !rest.is_empty() && !rest.starts_with('/');
    }
    let Some(rest) = lower.strip_prefix("http://") else {
        return false;
    };
    let host_port = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        host_port
            .split(']')
            .next()
            .map_or("", |h| h.trim_start_matches('['))
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    host == "localhost" || host == "127.0.0.1" || host == "::1"
}

/// `getTransaction`: `GET /odr/transactions/{secret}`.
pub fn build_transaction<V: Walk>(secret: &V) -> Result<HttpRequest<V>, Error> {
    let s = secret
        .as_string()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            Error::invalid_field(
                "secret",
                "required",
                "invalid secret: must be a non-empty string",
            )
        })?;
    Ok(HttpRequest::new(
        Method::Get,
        path(&["/odr/transactions/", &s])?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn requests() {
        let r = build_get_session(&json!("s 1")).unwrap();
        assert_eq!(
            (r.method, r.url("")),
            (Method::Get, "/odr/sessions/s%201".into())
        );
        let r = build_attach_order(&json!("s1"), &json!({"orderId": "o1"})).unwrap();
        assert_eq!(r.url(""), "/odr/sessions/s1/order");
        assert_eq!(r.body, Some(json!({"order_id": "o1"})));
        assert!(build_attach_order(&json!("s1"), &json!({"orderId": ""})).is_err());
        let r = build_set_contact(
            &json!("s1"),
            &json!({"email": "a@b.nl", "givenName": "Jane"}),
        )
        .unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(
            r.body,
            Some(json!({"email": "a@b.nl", "given_name": "Jane"}))
        );
        let e = build_set_contact(&json!("s1"), &json!({"email": "nope"})).unwrap_err();
        assert_eq!(
            e.field_errors,
            vec![("email".to_string(), vec!["invalid".to_string()])]
        );
        let r = build_add_phone(
            &json!("s1"),
            &json!({"countryCode": "nl", "number": "0612345678"}),
        )
        .unwrap();
        assert_eq!(
            r.body,
            Some(json!({"country_code": "NL", "number": "0612345678"}))
        );
        assert!(
            build_add_phone(&json!("s1"), &json!({"countryCode": "NLD", "number": "1"})).is_err()
        );
        let r = build_select_phone(&json!("s1"), &json!({"phoneNumberId": "p1"})).unwrap();
        assert_eq!(
            (r.method, r.body),
            (Method::Put, Some(json!({"phone_number_id": "p1"})))
        );
        let r = build_select_payment(
            &json!("s1"),
            &json!({"methodId": "ideal", "issuerId": "ing"}),
        )
        .unwrap();
        assert_eq!(
            r.body,
            Some(json!({"method_id": "ideal", "issuer_id": "ing"}))
        );
        let (r, ctx) = build_calculation(&json!("s1"), &json!({"expectedTotal": 1250})).unwrap();
        assert_eq!(
            (r.url(""), ctx.as_str()),
            ("/odr/sessions/s1/calculation".into(), "1250")
        );
        assert!(build_calculation(&json!("s1"), &json!({"expectedTotal": "12"})).is_err());
        let (_, ctx) = build_calculation(&json!("s1"), &Value::Null).unwrap();
        assert_eq!(ctx, "");
        let r = build_authorize(&json!("s1"), &json!({"id": "c1", "total": 5})).unwrap();
        assert_eq!(
            (r.method, r.body),
            (Method::Post, Some(json!({"calculation_id": "c1"})))
        );
        let r = build_transaction(&json!("sec/1")).unwrap();
        assert_eq!(r.url(""), "/odr/transactions/sec%2F1");
        assert!(build_transaction(&json!("")).is_err());
    }

    #[test]
    fn answers() {
        let s =
            decode_get_session(Some(json!({"expires_at": "2026-12-06T12:00:00Z"})), "s1").unwrap();
        assert_eq!(s, json!({"id": "s1", "expiresAt": "2026-12-06T12:00:00Z"}));
        assert_eq!(decode_contact::<Value>(None).unwrap(), Value::Null);
        assert_eq!(
            decode_contact(Some(json!({"tags": []}))).unwrap(),
            Value::Null
        );
        assert_eq!(
            decode_contact(Some(json!({"email": "a@b.nl", "version": "v"}))).unwrap(),
            json!({"email": "a@b.nl", "tags": []})
        );
        let m = decode_payment_methods(Some(json!({"acitve": {"method_id": "ideal", "issuer_id": "ing"},
            "options": [{"method_id": "ideal", "name": "iDEAL", "issuers": [{"method_id": "ing", "name": "ING", "metadata": {}}]}]}))).unwrap();
        assert_eq!(m["active"], json!({"methodId": "ideal", "issuerId": "ing"}));
        assert_eq!(
            m["options"][0]["issuers"][0],
            json!({"id": "ing", "name": "ING"})
        );
        assert_eq!(
            decode_calculation(Some(json!({"id": "c1", "total": 1250})), "1250").unwrap()["id"],
            "c1"
        );
        let e = decode_calculation(Some(json!({"id": "c1", "total": 1300})), "1250").unwrap_err();
        assert_eq!(e.code, Code::Conflict);
        assert!(decode_calculation(Some(json!({"id": "c1", "total": 1300})), "").is_ok());
        for ok in [
            "https://pay.example/x",
            "http://127.0.0.1:4011/__mock/pay/s",
            "http://localhost/p",
            "http://[::1]:80/",
        ] {
            assert!(
                decode_authorize(Some(json!({"accepted": true, "forward_uri": ok}))).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "http://pay.example/x",
            "javascript:alert(1)",
            "//evil.example",
            "https:///x",
            "http://127.0.0.1.evil.example/",
        ] {
            let e =
                decode_authorize(Some(json!({"accepted": true, "forward_uri": bad}))).unwrap_err();
            assert_eq!(e.code, Code::Decode, "{bad}");
        }
        assert_eq!(
            decode_authorize(Some(json!({}))).unwrap(),
            json!({"accepted": false})
        );
    }
}
