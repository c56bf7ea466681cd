//! Checkout session, shipping step (`/odr/sessions/*`): request builders and
//! response decoders. Session ids are percent-encoded path segments.

use crate::api::input::{
    body, check_object, default_audience, query_request, read_body, upper_country, Param, Rule,
};
use crate::api::service_points::finish_matches;
use crate::config::Config;
use crate::error::{add_field_error, check_fields, Error, FieldErrors};
use crate::http::{path, HttpRequest, Method};
use crate::json::Kind;
use crate::models::addresses::{ADDRESS, ADDRESS_INPUT};
use crate::models::checkout::*;
use crate::prelude::*;
use crate::shape::Walk;
use crate::shape::{decode_body, encode, Field, Ty};

pub(crate) fn session_id<V: Walk>(id: &V) -> Result<String, Error> {
    match id.as_string() {
        Some(s) if !s.trim().is_empty() => Ok(s),
        other => check_fields(
            "session id",
            crate::error::one_field(
                "sessionId",
                if other.is_some() {
                    "required"
                } else {
                    "invalid"
                },
            ),
        )
        .map(|()| String::new()),
    }
}

pub(crate) fn session_path(id: &str, tail: &str) -> Result<String, Error> {
    path(&["/odr/sessions/", id, tail])
}

fn check_expiry<V: Walk>(body: &mut V, _: &[Field], errors: &mut FieldErrors) {
    if let Some(at) = body.get("expires_at").as_string() {
        if crate::time::parse_rfc3339(&at).is_none() {
            add_field_error(errors, "expiresAt", "invalid");
        }
    }
}

/// `createCheckoutSession`: `POST /odr/sessions` with `{audience?, expires_at?}`
/// (`audience` defaults to `ClientConfig.audience`).
pub fn build_create_session<V: Walk>(cfg: &Config, i: &V) -> Result<HttpRequest<V>, Error> {
    let mut body = read_body(
        i,
        Some(("input", true)),
        &SESSION_INPUT,
        "checkout session",
        check_expiry,
    )?;
    default_audience(&mut body, cfg.audience.as_deref());
    Ok(HttpRequest::new(Method::Post, "/odr/sessions".into()).with_body(body))
}

/// `setCheckoutAddress` and `addCheckoutAddress`: `POST /odr/sessions/{id}/address` with the address.
pub fn build_set_address<V: Walk>(id: &V, a: &V) -> Result<HttpRequest<V>, Error> {
    let id = session_id(id)?;
    check_object(a, "address", false)?;
    let mut errors = FieldErrors::new();
    let mut body = encode(a, &ADDRESS_INPUT, "", &mut errors);
    // The same country check as `createAddress` (two letters, sent upper case).
    upper_country(&mut body, &mut errors);
    check_fields("address", errors)?;
    Ok(HttpRequest::new(Method::Post, session_path(&id, "/address")?).with_body(body))
}

static Q_METHODS: [Param; 1] = [Param("countryCode", "country_code", Rule::Opt)];

static Q_POINTS: [Param; 3] = [
    Param("countryCode", "country_code", Rule::Opt),
    Param("methodId", "method_id", Rule::Opt),
    Param("postalCode", "postal_code", Rule::Opt),
];

/// A `GET` on a session sub-path, reading the optional query `q` by `params`.
pub(crate) fn session_query<V: Walk>(
    id: &V,
    q: &V,
    params: &[Param],
    tail: &'static str,
) -> Result<HttpRequest<V>, Error> {
    let id = session_id(id)?;
    query_request(
        q,
        true,
        None,
        params,
        "query",
        &["/odr/sessions/", tail],
        vec![id],
        FieldErrors::new(),
    )
}

/// `checkoutShippingMethods`: `GET /odr/sessions/{id}/shipping/methods?country_code`.
pub fn build_session_methods<V: Walk>(id: &V, q: &V) -> Result<HttpRequest<V>, Error> {
    session_query(id, q, &Q_METHODS, "/shipping/methods")
}

fn non_empty_members<V: Walk>(body: &V, fields: &[Field], errors: &mut FieldErrors) {
    for f in fields {
        if body
            .get(f.wire())
            .as_string()
            .is_some_and(|s| s.trim().is_empty())
        {
            add_field_error(errors, &f.js(), "required");
        }
    }
}

/// `selectShippingMethod`: `PUT .../shipping/methods` with
/// `{method_id, is_split_allowed}` (`is_split_allowed` defaults to false).
pub fn build_select_method<V: Walk>(id: &V, i: &V) -> Result<HttpRequest<V>, Error> {
    let mut r = session_send(
        Method::Put,
        id,
        i,
        &SELECT_METHOD_INPUT,
        "shipping method selection",
        "/shipping/methods",
    )?;
    if let Some(body) = r.body.as_mut() {
        if body.get("is_split_allowed").is_absent() {
            body.set("is_split_allowed", V::from_bool(false));
        }
    }
    Ok(r)
}

/// `method` (PUT or POST) on a session sub-path with the input `i`, checked
/// against `table` (non-empty strings; a `country_code` is checked and sent
/// upper case).
pub(crate) fn session_send<V: Walk>(
    method: Method,
    id: &V,
    i: &V,
    table: &'static [Field],
    what: &str,
    tail: &str,
) -> Result<HttpRequest<V>, Error> {
    let id = session_id(id)?;
    check_object(i, "input", false)?;
    let mut errors = FieldErrors::new();
    let mut body = encode(i, table, "", &mut errors);
    non_empty_members(&body, table, &mut errors);
    // The same country check as every other method (two letters, sent upper case).
    upper_country(&mut body, &mut errors);
    check_fields(what, errors)?;
    Ok(HttpRequest::new(method, session_path(&id, tail)?).with_body(body))
}

/// `checkoutServicePoints`: `GET .../shipping/point?country_code&method_id&postal_code`.
pub fn build_session_points<V: Walk>(id: &V, q: &V) -> Result<HttpRequest<V>, Error> {
    session_query(id, q, &Q_POINTS, "/shipping/point")
}

/// `selectServicePoint`: `PUT .../shipping/point` with `{spid, country_code}`.
pub fn build_select_point<V: Walk>(id: &V, i: &V) -> Result<HttpRequest<V>, Error> {
    session_send(
        Method::Put,
        id,
        i,
        &ACTIVE_POINT,
        "service point selection",
        "/shipping/point",
    )
}

/// `selectShippingAddress`: `PUT /odr/sessions/{id}/shipping` with `{address_id}`.
pub fn build_select_shipping_address<V: Walk>(id: &V, i: &V) -> Result<HttpRequest<V>, Error> {
    session_send(
        Method::Put,
        id,
        i,
        &SELECT_ADDRESS_INPUT,
        "shipping address selection",
        "/shipping",
    )
}

/// `checkoutShippingAddress`: `GET /odr/sessions/{id}/shipping`.
pub fn build_shipping_address<V: Walk>(id: &V) -> Result<HttpRequest<V>, Error> {
    session_get(id, "/shipping")
}

/// A `GET` on a session sub-path (`tail`; "" for the session itself).
pub(crate) fn session_get<V: Walk>(id: &V, tail: &'static str) -> Result<HttpRequest<V>, Error> {
    session_query(id, &V::null(), &[], tail)
}

/// `{ id, expiresAt }`.
pub fn decode_session<V: Walk>(b: Option<V>) -> Result<V, Error> {
    decode_body(&body(b)?, &Ty::Obj(&SESSION))
}

/// `Address` (with `id`).
pub fn decode_address<V: Walk>(b: Option<V>) -> Result<V, Error> {
    decode_body(&body(b)?, &Ty::Obj(&ADDRESS))
}

/// `{ methodId, isSplitAllowed }`.
pub fn decode_active_method<V: Walk>(b: Option<V>) -> Result<V, Error> {
    decode_body(&body(b)?, &Ty::Obj(&ACTIVE_METHOD))
}

/// `{ spid, countryCode }`.
pub fn decode_active_point<V: Walk>(b: Option<V>) -> Result<V, Error> {
    decode_body(&body(b)?, &Ty::Obj(&ACTIVE_POINT))
}

/// `active` of a session answer: absent, `null`, `{}` or an empty key
/// (`key` = "method_id"/"spid"/"id") mean nothing is selected; left out (and
/// noted, see `Json::note_drop`) when it lacks another required field; a
/// wrong type is `DECODE`.
pub(crate) fn active<V: Walk>(
    raw: &V,
    key: &str,
    table: &'static [Field],
) -> Result<Option<V>, Error> {
    let selected = raw.get_dyn(key);
    if selected.is_absent() || selected.as_string().is_some_and(|s| s.is_empty()) {
        // Nothing selected, unless the object says something else (a
        // selection without its key): that is left out and noted.
        if raw.keys().iter().any(|k| says_something(&raw.get_dyn(k))) {
            let mut p = String::from("$.active.");
            p.push_str(key);
            V::note_drop("$.active", &Error::decode(&p, "string", "nothing"));
        }
        return Ok(None);
    }
    let mut p = String::from("$.active");
    let mark = V::drops_mark();
    match crate::shape::decode(raw, &Ty::Obj(table), &mut p) {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.missing.is_some() => {
            V::drops_truncate(mark);
            V::note_drop("$.active", &e);
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// A member that is more than what an empty encoder sends (null, false, 0,
/// "", [] or {}).
fn says_something<V: Walk>(v: &V) -> bool {
    match v.kind() {
        Kind::Bool => v.as_bool() == Some(true),
        Kind::Num => v.as_f64().is_some_and(|n| n != 0.0),
        Kind::Str => v.as_string().is_some_and(|s| !s.is_empty()),
        Kind::Arr => !v.is_empty(),
        Kind::Obj => !v.keys().is_empty(),
        Kind::Null => false,
        Kind::Other => true,
    }
}

/// `{ active?: Address, options: { contact?, organisation?, session? } }`,
/// each set `{ primary?: Address, secondary: Address[] }` (a primary
/// without an id is left out, and noted): the shipping or billing address.
pub fn decode_shipping_address<V: Walk>(b: Option<V>) -> Result<V, Error> {
    let v = decode_body(&body(b)?, &Ty::Obj(&SESSION_ADDRESSES))?;
    let a = active(&v.get("active"), "id", &ADDRESS)?;
    let options = v.get("options");
    Ok(with_active(
        a,
        if options.is_absent() {
            V::new_object()
        } else {
            options
        },
    ))
}

pub(crate) fn with_active<V: Walk>(a: Option<V>, options: V) -> V {
    let mut out = V::new_object();
    if let Some(a) = a {
        out.set("active", a);
    }
    out.set("options", options);
    out
}

/// `{ active?: { methodId, isSplitAllowed }, options: [...] }`.
pub fn decode_session_methods<V: Walk>(b: Option<V>) -> Result<V, Error> {
    let v = decode_body(&body(b)?, &Ty::Obj(&SESSION_METHODS))?;
    let a = active(&v.get("active"), "method_id", &ACTIVE_METHOD)?;
    Ok(with_active(a, v.get("options")))
}

/// `{ active?: { spid, countryCode }, options: ServicePointMatch[] }`, options
/// nearest first; the point's `longtitude` (sic) is read as `longitude`.
pub fn decode_session_points<V: Walk>(b: Option<V>) -> Result<V, Error> {
    let v = decode_body(&body(b)?, &Ty::Obj(&SESSION_POINTS))?;
    let a = active(&v.get("active"), "spid", &ACTIVE_POINT)?;
    let options = finish_matches(&v.get("options"))?;
    Ok(with_active(a, options))
}

/// What a session's shipping option says about a service point, from its
/// `type`: the reference lists `pick, homedelivery, servicepoint`
/// (`OdrGetSessionShippingMethodResponse`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointNeed {
    /// `servicepoint`: the parcel goes to a service point of the option's
    /// carrier, chosen with `selectServicePoint`.
    Needed,
    /// `homedelivery`: delivered to the shipping address; no point.
    NotNeeded,
    /// `pick`, or a type the reference does not list: the reference does not
    /// say whether a point is chosen (the page decides).
    Unknown,
}

/// [`PointNeed`] of an option `type` (ASCII case ignored).
pub fn point_need(kind: &str) -> PointNeed {
    if kind.eq_ignore_ascii_case("servicepoint") {
        PointNeed::Needed
    } else if kind.eq_ignore_ascii_case("homedelivery") {
        PointNeed::NotNeeded
    } else {
        PointNeed::Unknown
    }
}

/// `servicePointNeed(option)`: `{ needed, known, carrier? }` for a
/// `ShippingOption` (`carrier` only when `needed`). INVALID_INPUT when
/// `option` is not an object with string `type` and `carrier`.
pub fn service_point_need<V: Walk>(option: &V) -> Result<V, Error> {
    check_object(option, "option", false)?;
    let text = |key: &'static str| {
        let m = option.get(key);
        m.as_string()
            .filter(|_| m.kind() == Kind::Str)
            .ok_or_else(|| {
                let mut f = String::from("option.");
                f.push_str(key);
                crate::api::input::bad_input("servicePointNeed input", &f, "must be a string")
            })
    };
    let need = point_need(&text("type")?);
    let carrier = text("carrier")?;
    let mut out = V::new_object();
    out.set("needed", V::from_bool(need == PointNeed::Needed));
    out.set("known", V::from_bool(need != PointNeed::Unknown));
    if need == PointNeed::Needed {
        out.set("carrier", V::from_str(&carrier));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::service_points::tests::fixture;
    use crate::error::Code;
    use serde_json::{json, Value};

    #[test]
    fn session_requests() {
        let cfg = Config {
            audience: Some("shop".into()),
            ..Config::default()
        };
        let r = build_create_session(&cfg, &Value::Null).unwrap();
        assert_eq!(
            (r.method, r.url("")),
            (Method::Post, "/odr/sessions".into())
        );
        assert_eq!(r.body, Some(json!({"audience": "shop"})));
        let r = build_create_session(
            &Config::default(),
            &json!({"expiresAt": "2026-05-01T10:00:00Z", "x": 1}),
        )
        .unwrap();
        assert_eq!(r.body, Some(json!({"expires_at": "2026-05-01T10:00:00Z"})));
        assert!(build_create_session(&cfg, &json!({"expiresAt": "tomorrow"})).is_err());
        assert!(build_create_session(&cfg, &json!("x")).is_err());

        let id = json!("s/1 ?");
        let r = build_set_address(
            &id,
            &json!({"countryCode": "NL", "postalCode": "1012 AB", "premiseNumber": 12}),
        )
        .unwrap();
        assert_eq!(
            (r.method, r.url("")),
            (Method::Post, "/odr/sessions/s%2F1%20%3F/address".into())
        );
        assert_eq!(
            r.body,
            Some(json!({"country_code": "NL", "postal_code": "1012 AB", "premise_number": 12}))
        );
        assert!(build_set_address(&id, &json!({"postalCode": "1012"})).is_err());
        for cc in ["", "  ", "NLD", "12", "N"] {
            let e = build_set_address(&id, &json!({ "countryCode": cc })).unwrap_err();
            assert_eq!(e.code, Code::InvalidInput, "{cc:?}");
            assert!(
                e.field_errors.iter().any(|(f, _)| f == "countryCode"),
                "{cc:?}"
            );
        }
        let r = build_set_address(&id, &json!({"countryCode": "be"})).unwrap();
        assert_eq!(r.body, Some(json!({"country_code": "BE"})));

        let r = build_session_methods(&json!("s1"), &json!({"countryCode": "BE"})).unwrap();
        assert_eq!(
            (r.method, r.url("")),
            (
                Method::Get,
                "/odr/sessions/s1/shipping/methods?country_code=BE".into()
            )
        );
        let r = build_session_methods(&json!("s1"), &Value::Null).unwrap();
        assert_eq!(r.url(""), "/odr/sessions/s1/shipping/methods");

        let r = build_select_method(&json!("s1"), &json!({"methodId": "m1"})).unwrap();
        assert_eq!(
            (r.method, r.url("")),
            (Method::Put, "/odr/sessions/s1/shipping/methods".into())
        );
        assert_eq!(
            r.body,
            Some(json!({"method_id": "m1", "is_split_allowed": false}))
        );
        let r = build_select_method(
            &json!("s1"),
            &json!({"methodId": "m1", "isSplitAllowed": true}),
        )
        .unwrap();
        assert_eq!(
            r.body,
            Some(json!({"method_id": "m1", "is_split_allowed": true}))
        );
        for bad in [
            json!({}),
            json!({"methodId": ""}),
            json!({"methodId": "m", "isSplitAllowed": "yes"}),
        ] {
            assert_eq!(
                build_select_method(&json!("s1"), &bad).unwrap_err().code,
                Code::InvalidInput,
                "{bad}"
            );
        }

        let r = build_session_points(
            &json!("s1"),
            &json!({"countryCode": "NL", "methodId": "m1", "postalCode": "1012 AB"}),
        )
        .unwrap();
        assert_eq!(
            r.url(""),
            "/odr/sessions/s1/shipping/point?country_code=NL&method_id=m1&postal_code=1012%20AB"
        );
        let r = build_select_point(
            &json!("s1"),
            &json!({"spid": "160001", "countryCode": "NL"}),
        )
        .unwrap();
        assert_eq!(
            (r.method, r.url("")),
            (Method::Put, "/odr/sessions/s1/shipping/point".into())
        );
        assert_eq!(
            r.body,
            Some(json!({"spid": "160001", "country_code": "NL"}))
        );
        assert!(build_select_point(&json!("s1"), &json!({"spid": "1"})).is_err());
        assert!(
            build_select_point(&json!("s1"), &json!({"spid": "", "countryCode": "NL"})).is_err()
        );

        // empty / non-string session ids never reach the network
        for bad in [json!(""), json!("  "), json!(null), json!(42)] {
            let e = build_session_methods(&bad, &Value::Null).unwrap_err();
            assert_eq!(e.code, Code::InvalidInput, "{bad}");
            assert!(build_select_point(&bad, &json!({"spid": "1", "countryCode": "NL"})).is_err());
        }
    }

    #[test]
    fn decodes_session_answers() {
        let s = decode_session(Some(
            json!({"id": "s1", "expires_at": "2026-05-01T10:00:00Z"}),
        ))
        .unwrap();
        assert_eq!(s, json!({"id": "s1", "expiresAt": "2026-05-01T10:00:00Z"}));
        let a = decode_address(Some(
            json!({"id": "a1", "country_code": "NL", "premise_number": 12}),
        ))
        .unwrap();
        assert_eq!(
            a,
            json!({"id": "a1", "countryCode": "NL", "premiseNumber": 12})
        );
        let m = decode_session_methods(Some(fixture("session_methods.json"))).unwrap();
        assert_eq!(
            m["active"],
            json!({"methodId": "m1", "isSplitAllowed": true})
        );
        assert_eq!(
            m["options"][0],
            json!({"id": "m1", "carrier": "postnl", "name": "PostNL", "type": "home", "price": 695})
        );
        // An incomplete selection (no id, but something else said) is left out and noted.
        let _ = Value::take_drops();
        let m = decode_session_methods(Some(
            json!({"active": {"is_split_allowed": true}, "options": []}),
        ))
        .unwrap();
        assert_eq!(m, json!({"options": []}));
        let drops = Value::take_drops();
        assert_eq!(drops.len(), 1);
        assert_eq!(drops[0].json_path.as_deref(), Some("$.active.method_id"));
        // nothing selected: absent, null, {} or an empty id
        for active in [
            Value::Null,
            json!({}),
            json!({"method_id": "", "is_split_allowed": false}),
        ] {
            let m = decode_session_methods(Some(json!({"active": active, "options": []}))).unwrap();
            assert_eq!(m, json!({"options": []}), "{active}");
        }
        let e = decode_session_methods(Some(json!({"active": {"method_id": 5}, "options": []})))
            .unwrap_err();
        assert!(e.message.contains("$.active.method_id"), "{}", e.message);
        assert_eq!(
            decode_active_method(Some(json!({"method_id": "m1"}))).unwrap(),
            json!({"methodId": "m1", "isSplitAllowed": false})
        );
        assert_eq!(
            decode_active_point(Some(json!({"spid": "1", "country_code": "NL"}))).unwrap(),
            json!({"spid": "1", "countryCode": "NL"})
        );
    }

    #[test]
    fn session_points_accept_longtitude() {
        let v = decode_session_points(Some(fixture("session_points.json"))).unwrap();
        assert_eq!(v["active"], json!({"spid": "160001", "countryCode": "NL"}));
        let opts = v["options"].as_array().unwrap();
        assert_eq!(opts.len(), 2);
        // sorted by distance; longtitude -> longitude; the OdrAddress id is dropped; weekday 0 -> 7
        assert_eq!(opts[0]["point"]["id"], "160001");
        assert_eq!(opts[0]["point"]["longitude"], json!(4.891));
        assert!(opts[0]["point"].get("longtitude").is_none());
        assert!(opts[0]["point"]["address"].get("id").is_none());
        assert_eq!(opts[0]["point"]["openings"][1]["weekday"], 7);
        assert_eq!(opts[1]["point"]["longitude"], json!(4.9));
        // An option lacking a required field is left out and noted, naming the path.
        let _ = Value::take_drops();
        let v = decode_session_points(Some(
            json!({"options": [{"distance": 1, "point": {"id": "1", "name": "n",
            "carrier": "c", "latitude": 1, "address": {"country_code": "NL"}}}]}),
        ))
        .unwrap();
        assert_eq!(v, json!({"options": []}));
        let drops = Value::take_drops();
        assert_eq!(drops.len(), 1);
        assert_eq!(
            drops[0].json_path.as_deref(),
            Some("$.options[0].point.longitude")
        );
        assert!(
            drops[0].message.starts_with("left out $.options[0]: "),
            "{}",
            drops[0].message
        );
        // A wrong type is still DECODE.
        let e = decode_session_points(Some(json!({"options": [{"distance": "far", "point": {}}]})))
            .unwrap_err();
        assert!(e.message.contains("$.options[0].distance"), "{}", e.message);
    }

    #[test]
    fn service_point_need_by_option_type() {
        let need = |t: &str| {
            service_point_need(&json!({"id": "m1", "carrier": "postnl", "name": "PostNL", "type": t, "price": 395}))
                .unwrap()
        };
        assert_eq!(
            need("servicepoint"),
            json!({"needed": true, "known": true, "carrier": "postnl"})
        );
        assert_eq!(need("ServicePoint")["needed"], json!(true));
        assert_eq!(
            need("homedelivery"),
            json!({"needed": false, "known": true})
        );
        // The reference does not say what `pick` takes, nor any other type (the mock's "pickup").
        for t in ["pick", "pickup", "home", ""] {
            assert_eq!(need(t), json!({"needed": false, "known": false}), "{t}");
        }
        for (bad, field) in [
            (json!(null), "option"),
            (json!("servicepoint"), "option"),
            (json!({"carrier": "dhl"}), "option.type"),
            (json!({"type": "servicepoint"}), "option.carrier"),
            (json!({"type": 1, "carrier": "dhl"}), "option.type"),
        ] {
            let e = service_point_need(&bad).unwrap_err();
            assert_eq!(e.code, Code::InvalidInput, "{bad}");
            assert_eq!(
                e.field_errors,
                crate::error::one_field(field, "invalid"),
                "{bad}"
            );
        }
    }
}
