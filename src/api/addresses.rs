//! Addresses, autocomplete and geocoding (`/rel/...`): request builders,
//! response decoders, the local address rules of `validateAddress`, and the
//! pure parts of `AddressSearch` (query/context checks, the per-session memo,
//! when to renew a session key).

use crate::api::input::{is_country_code, missing_body, read_body, upper_country};
use crate::error::{add_field_error, check_fields, Error, FieldErrors};
use crate::http::{path, HttpRequest, Method};
use crate::json::Kind;
use crate::models::addresses::*;
use crate::prelude::*;
use crate::shape::Walk;
use crate::shape::{decode_body, encode, Field, Ty};

/// Path of the autocomplete calls (both `GET` and `POST`).
pub const SEARCH_PATH: &str = "/rel/search/addresses";

/// Default debounce of `AddressSearch.search`, in ms.
pub const DEFAULT_DEBOUNCE_MS: f64 = 150.0;

/// A `countryCode` argument: two letters A-Z (either case), returned in upper
/// case; anything else is `INVALID_INPUT` with `{countryCode: ["invalid"]}`.
pub fn country_code<V: Walk>(v: &V) -> Result<String, Error> {
    match v.as_string() {
        Some(s) if is_country_code(&s) => Ok(s.to_ascii_uppercase()),
        _ => Err(Error::invalid_field(
            "countryCode",
            "invalid",
            "invalid countryCode: must be two letters A-Z",
        )),
    }
}

/// `addressFormat`: `GET /rel/options/addresses?country_code=XX` (`cc` already checked).
pub fn build_address_format<V>(cc: &str) -> HttpRequest<V> {
    HttpRequest::new(Method::Get, "/rel/options/addresses".into())
        .query_opt("country_code", Some(cc))
}

/// `[RelFieldList]` -> `AddressFormat` with camelCase field names; the
/// country is the API's as sent, or the one asked for when the API leaves
/// it out.
pub fn decode_address_format<V: Walk>(body: Option<V>, requested: &str) -> Result<V, Error> {
    let v = decode_body(&body.ok_or_else(missing_body)?, &Ty::Obj(&ADDRESS_FORMAT))?;
    let mut out = V::new_object();
    let cc = v
        .get("countryCode")
        .as_string()
        .unwrap_or_else(|| requested.to_owned());
    out.set("countryCode", V::from_str(&cc));
    for key in ["required", "allowed"] {
        let list = v.get(key);
        let mut names = V::new_array();
        for i in 0..list.len() {
            if let Some(s) = list.at(i).as_string() {
                names.push(V::from_str(&crate::http::camel(&s)));
            }
        }
        out.set(key, names);
    }
    Ok(out)
}

fn is_blank<V: Walk>(v: &V) -> bool {
    match v.kind() {
        Kind::Null => true,
        Kind::Str => v.as_string().is_some_and(|s| s.trim().is_empty()),
        _ => false,
    }
}

fn string_list<V: Walk>(v: &V) -> Vec<String> {
    (0..v.len()).filter_map(|i| v.at(i).as_string()).collect()
}

/// The local address rules (`validateAddress`), keyed by camelCase field:
/// - a field in `format.required` that is missing, `null` or blank: `"required"`;
/// - a field (not blank) in neither `format.allowed` nor `format.required`: `"not_allowed"`,
///   except `countryCode` (the format's own country, never "not allowed", listed or not) and
///   only when `allowed` lists something (an empty or missing list restricts nothing);
/// - `countryCode` that is not two letters A-Z: `"invalid"`;
/// - `premiseNumber` that is not a positive integer: `"invalid"`;
/// - any other known field of the wrong type (strings): `"invalid"`.
///
/// Empty when the address is valid.
pub fn validate_address<V: Walk>(address: &V, format: &V) -> FieldErrors {
    let mut errors = FieldErrors::new();
    // Type checks (and countryCode "required") from the one converter.
    let _ = encode(address, &ADDRESS_INPUT, "", &mut errors);
    let required = string_list(&format.get("required"));
    let allowed = string_list(&format.get("allowed"));
    for name in &required {
        if is_blank(&address.get_dyn(name)) {
            add_field_error(&mut errors, name, "required");
        }
    }
    for key in address.keys() {
        if allowed.is_empty() || key == "countryCode" || is_blank(&address.get_dyn(&key)) {
            continue;
        }
        if !allowed.contains(&key) && !required.contains(&key) {
            add_field_error(&mut errors, &key, "not_allowed");
        }
    }
    let cc = address.get("countryCode");
    if !cc.is_absent() && !cc.as_string().is_some_and(|s| is_country_code(&s)) {
        add_field_error(&mut errors, "countryCode", "invalid");
    }
    let n = address.get("premiseNumber");
    if !n.is_absent() && !n.as_f64().is_some_and(|n| n >= 1.0 && n.fract() == 0.0) {
        add_field_error(&mut errors, "premiseNumber", "invalid");
    }
    errors
}

/// The arguments of `validateAddress`: an address object and an
/// `AddressFormat` (`required` and `allowed` arrays); anything else is
/// `INVALID_INPUT` naming `address` or `format` (a wrong format would
/// otherwise report every field as not allowed).
pub fn check_validate_input<V: Walk>(address: &V, format: &V) -> Result<(), Error> {
    if address.kind() != Kind::Obj {
        return Err(Error::invalid_field(
            "address",
            "invalid",
            "invalid validateAddress input: the address must be an object",
        ));
    }
    // `required` and `allowed` are arrays of field names (strings only).
    let list = |k: &'static str| {
        let l = format.get(k);
        l.kind() == Kind::Arr && (0..l.len()).all(|i| l.at(i).kind() == Kind::Str)
    };
    if format.kind() != Kind::Obj || !list("required") || !list("allowed") {
        return Err(Error::invalid_field(
            "format",
            "invalid",
            "invalid validateAddress input: the format must be an AddressFormat",
        ));
    }
    Ok(())
}

/// Field errors as a JS `Record<string, string[]>`.
pub fn field_errors_value<V: Walk>(errors: &FieldErrors) -> V {
    let mut out = V::new_object();
    for (field, problems) in errors {
        let mut list = V::new_array();
        for p in problems {
            list.push(V::from_str(p));
        }
        out.set_dyn(field, list);
    }
    out
}

/// `createAddress`: `POST /rel/addresses`. Checks types always, and the
/// country's rules when its format is known (cached by `addressFormat`);
/// `country_code` is sent in upper case. Nothing is sent on `INVALID_INPUT`.
pub fn build_create_address<V: Walk>(
    input: &V,
    format: Option<&V>,
) -> Result<HttpRequest<V>, Error> {
    let mut errors = FieldErrors::new();
    let mut body = encode(input, &ADDRESS_INPUT, "", &mut errors);
    if let Some(f) = format {
        for (field, problems) in validate_address(input, f) {
            for p in problems {
                add_field_error(&mut errors, &field, &p);
            }
        }
    }
    upper_country(&mut body, &mut errors);
    check_fields("address", errors)?;
    Ok(HttpRequest::new(Method::Post, "/rel/addresses".into()).with_body(body))
}

/// `getAddress`: `GET /rel/addresses/{id}`, the id percent-encoded.
pub fn build_get_address<V: Walk>(id: &V) -> Result<HttpRequest<V>, Error> {
    address_request(id, "")
}

/// `geocodeAddress`: `GET /rel/addresses/{id}/geocode` (answers a `GeoLocation`).
pub fn build_geocode_address<V: Walk>(id: &V) -> Result<HttpRequest<V>, Error> {
    address_request(id, "/geocode")
}

/// A `GET` on a stored address (`/rel/addresses/{id}` + `tail`); the id is
/// a non-blank string, percent-encoded as one segment.
fn address_request<V: Walk>(id: &V, tail: &str) -> Result<HttpRequest<V>, Error> {
    let id = id
        .as_string()
        .ok_or_else(|| Error::invalid_field("id", "invalid", "invalid id: must be a string"))?;
    if id.trim().is_empty() {
        return Err(Error::invalid_field(
            "id",
            "required",
            "invalid id: must not be empty",
        ));
    }
    let mut p = path(&["/rel/addresses/", &id])?;
    p.push_str(tail);
    Ok(HttpRequest::new(Method::Get, p))
}

/// A `[RelAddress]` response -> `Address`.
pub fn decode_address<V: Walk>(body: Option<V>) -> Result<V, Error> {
    decode_body(&body.ok_or_else(missing_body)?, &Ty::Obj(&ADDRESS))
}

fn check_geocode<V: Walk>(body: &mut V, _: &[Field], errors: &mut FieldErrors) {
    upper_country(body, errors);
    if body
        .get("address")
        .as_string()
        .is_some_and(|s| s.trim().is_empty())
    {
        add_field_error(errors, "address", "required");
    }
}

/// `geocode`: `POST /rel/geocode` with `{country_code, address}`.
pub fn build_geocode<V: Walk>(input: &V) -> Result<HttpRequest<V>, Error> {
    let body = read_body(input, None, &GEOCODE_INPUT, "geocode input", check_geocode)?;
    Ok(HttpRequest::new(Method::Post, "/rel/geocode".into()).with_body(body))
}

/// A `[RelGeoLocation]` response -> `GeoLocation` (a `null` suffix is left out).
pub fn decode_geo_location<V: Walk>(body: Option<V>) -> Result<V, Error> {
    decode_body(&body.ok_or_else(missing_body)?, &Ty::Obj(&GEO_LOCATION))
}

/// `startAddressSearch` (and a session renewal): `GET /rel/search/addresses?country_code=XX`.
pub fn build_start_search<V>(cc: &str) -> HttpRequest<V> {
    HttpRequest::new(Method::Get, SEARCH_PATH.into()).query_opt("country_code", Some(cc))
}

/// `{ session_key }` -> the key (non-empty).
pub fn decode_search_session<V: Walk>(body: Option<V>) -> Result<String, Error> {
    let v = decode_body(&body.ok_or_else(missing_body)?, &Ty::Obj(&SEARCH_SESSION))?;
    v.get("sessionKey")
        .as_string()
        .filter(|k| !k.is_empty())
        .ok_or_else(|| Error::decode("$.session_key", "a non-empty string", "an empty string"))
}

/// The `debounceMs` option of `startAddressSearch` (default 150).
pub fn debounce_ms<V: Walk>(options: &V) -> Result<f64, Error> {
    let d = options.get("debounceMs");
    if d.is_absent() {
        return Ok(DEFAULT_DEBOUNCE_MS);
    }
    match d.as_f64() {
        Some(ms) if ms.is_finite() && ms >= 0.0 => Ok(crate::config::timer_ms(ms)),
        _ => Err(Error::invalid_field(
            "debounceMs",
            "invalid",
            "invalid debounceMs: must be a non-negative number",
        )),
    }
}

/// The `query` of `AddressSearch.search`, trimmed (a string, else `INVALID_INPUT`).
pub fn search_query<V: Walk>(query: &V) -> Result<String, Error> {
    query
        .as_string()
        .map(|q| q.trim().to_owned())
        .ok_or_else(|| Error::invalid_field("query", "invalid", "invalid query: must be a string"))
}

/// The `context` option of `AddressSearch.search` ("" when none).
pub fn search_context<V: Walk>(options: &V) -> Result<String, Error> {
    let c = options.get("context");
    if c.is_absent() {
        return Ok(String::new());
    }
    c.as_string().ok_or_else(|| {
        Error::invalid_field("context", "invalid", "invalid context: must be a string")
    })
}

/// `AddressSearch.resolve(option)`: the (query, context) that drills into
/// the chosen `AddressOption`: `("", context)`, the documented drill-down
/// (a blank query with an option's context), or `(value, "")` for an option
/// without a context. `INVALID_INPUT` naming `option`, `option.value` or
/// `option.context` when it is not an object with a string `value` (and,
/// when present, a string `context`).
pub fn resolve_input<V: Walk>(option: &V) -> Result<(String, String), Error> {
    crate::api::input::check_object(option, "option", false)?;
    let value = option.get("value");
    let value = value
        .as_string()
        .filter(|_| value.kind() == Kind::Str)
        .ok_or_else(|| bad_option("option.value"))?;
    let context = option.get("context");
    if context.is_absent() {
        return Ok((value, String::new()));
    }
    match context.as_string().filter(|_| context.kind() == Kind::Str) {
        Some(c) if !c.is_empty() => Ok((String::new(), c)),
        Some(_) => Ok((value, String::new())),
        None => Err(bad_option("option.context")),
    }
}

fn bad_option(field: &str) -> Error {
    crate::api::input::bad_input("resolve input", field, "must be a string")
}

/// What `AddressSearch.resolve` resolves with: the `result.address` of a
/// search answer as an `AddressInput` (the same camelCase names; a `null`
/// suffix left out), its `countryCode` the API's or else the search's
/// `country`; `undefined` (JSON null) when the answer has no result address
/// (the option is not one address: a street, a postal code).
pub fn address_of<V: Walk>(answer: &V, country: &str) -> V {
    let a = answer.get("result").get("address");
    if a.kind() != Kind::Obj {
        return V::null();
    }
    let mut out = V::new_object();
    out.set("countryCode", V::from_str(country));
    for key in a.keys() {
        out.set_dyn(&key, a.get_dyn(&key));
    }
    out
}

/// `AddressSearch.search`: `POST /rel/search/addresses` with
/// `{session_key, context, query}`; `context` is `""` when there is none
/// (the documented body always carries the member).
pub fn build_search<V: Walk>(session_key: &str, query: &str, context: &str) -> HttpRequest<V> {
    let mut body = V::new_object();
    body.set("session_key", V::from_str(session_key));
    body.set("context", V::from_str(context));
    body.set("query", V::from_str(query));
    HttpRequest::new(Method::Post, SEARCH_PATH.into()).with_body(body)
}

/// A `[RelAddressResults]` response -> `AddressSearchResult`.
pub fn decode_search_result<V: Walk>(body: Option<V>) -> Result<V, Error> {
    decode_body(
        &body.ok_or_else(missing_body)?,
        &Ty::Obj(&ADDRESS_SEARCH_RESULT),
    )
}

/// Whether a failed search means the session key is no longer accepted
/// (expired or unknown): 400 naming `session_key` in its errors, or 404 / 410.
pub fn session_rejected(e: &Error) -> bool {
    match e.status {
        Some(404 | 410) => true,
        Some(400) => e
            .field_errors
            .iter()
            .any(|(f, _)| f == "session_key" || f == "sessionKey"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;
    use crate::http::{read_response, HttpResponse};
    use serde_json::{json, Value};

    fn fixture(name: &str) -> Value {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    fn nl_format() -> Value {
        decode_address_format(Some(fixture("address_format_nl.json")), "NL").unwrap()
    }

    fn errs(list: &[(&str, &[&str])]) -> FieldErrors {
        list.iter()
            .map(|(f, p)| (f.to_string(), p.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn country_codes() {
        for (input, out) in [
            (json!("nl"), "NL"),
            (json!("De"), "DE"),
            (json!("BE"), "BE"),
        ] {
            assert_eq!(country_code(&input).unwrap(), out);
        }
        for bad in [
            json!("NLD"),
            json!("N"),
            json!(""),
            json!("N1"),
            json!(" NL"),
            json!("ÑL"),
            json!(31),
            Value::Null,
        ] {
            let e = country_code(&bad).unwrap_err();
            assert_eq!(e.code, Code::InvalidInput, "{bad}");
            assert_eq!(e.field_errors, errs(&[("countryCode", &["invalid"])]));
        }
    }

    #[test]
    fn validate_input_must_be_an_address_and_a_format() {
        let f = json!({"countryCode": "NL", "required": ["countryCode"], "allowed": []});
        assert!(check_validate_input(&json!({}), &f).is_ok());
        for (a, f, field) in [
            (json!(null), f.clone(), "address"),
            (json!("NL"), f.clone(), "address"),
            (json!({}), json!(null), "format"),
            (json!({}), json!({}), "format"),
            (json!({}), json!({"required": "x", "allowed": []}), "format"),
            (json!({}), json!({"required": [1], "allowed": []}), "format"),
            (
                json!({}),
                json!({"required": [], "allowed": ["postalCode", null]}),
                "format",
            ),
        ] {
            let e = check_validate_input(&a, &f).unwrap_err();
            assert_eq!(e.code, Code::InvalidInput);
            assert_eq!(e.field_errors, errs(&[(field, &["invalid"])]));
        }
    }

    #[test]
    fn camel_names() {
        for (wire, js) in [
            ("postal_code", "postalCode"),
            ("address_line_1", "addressLine1"),
            ("address_line_2", "addressLine2"),
            ("premise_number_suffix", "premiseNumberSuffix"),
            ("country_code", "countryCode"),
            ("locality", "locality"),
            ("some_new_field", "someNewField"),
        ] {
            assert_eq!(crate::http::camel(wire), js);
        }
    }

    #[test]
    fn requests() {
        let r: HttpRequest<Value> = build_address_format("NL");
        assert_eq!(
            (r.method, r.url("https://api.afosto.io")),
            (
                Method::Get,
                "https://api.afosto.io/rel/options/addresses?country_code=NL".into()
            )
        );
        assert_eq!(r.body, None);

        let r: HttpRequest<Value> = build_start_search("BE");
        assert_eq!(
            (r.method, r.url("")),
            (Method::Get, "/rel/search/addresses?country_code=BE".into())
        );

        let r: HttpRequest<Value> = build_search("key-1", "Damrak 1", "");
        assert_eq!(
            (r.method, r.url("")),
            (Method::Post, "/rel/search/addresses".into())
        );
        assert_eq!(
            r.body,
            Some(json!({"session_key": "key-1", "context": "", "query": "Damrak 1"}))
        );
        let r: HttpRequest<Value> = build_search("key-1", "1", "ctx");
        assert_eq!(r.body.unwrap()["context"], "ctx");

        let r =
            build_geocode(&json!({"countryCode": "nl", "address": "Damrak 1, Amsterdam", "x": 1}))
                .unwrap();
        assert_eq!((r.method, r.url("")), (Method::Post, "/rel/geocode".into()));
        assert_eq!(
            r.body,
            Some(json!({"country_code": "NL", "address": "Damrak 1, Amsterdam"}))
        );
        for (bad, field, problem) in [
            (json!({"address": "x"}), "countryCode", "required"),
            (
                json!({"countryCode": "NLD", "address": "x"}),
                "countryCode",
                "invalid",
            ),
            (json!({"countryCode": "NL"}), "address", "required"),
            (
                json!({"countryCode": "NL", "address": "  "}),
                "address",
                "required",
            ),
            (
                json!({"countryCode": "NL", "address": 5}),
                "address",
                "invalid",
            ),
        ] {
            let e = build_geocode(&bad).unwrap_err();
            assert_eq!(e.code, Code::InvalidInput, "{bad}");
            assert_eq!(e.field_errors, errs(&[(field, &[problem])]), "{bad}");
        }

        let r = build_get_address(&json!("5d0f6b1e-8c2a")).unwrap();
        assert_eq!(
            (r.method, r.url("")),
            (Method::Get, "/rel/addresses/5d0f6b1e-8c2a".into())
        );
        let r = build_get_address(&json!("../iam/users?x=1")).unwrap();
        assert_eq!(r.url(""), "/rel/addresses/%2E%2E%2Fiam%2Fusers%3Fx%3D1");
        assert_eq!(
            build_get_address(&json!("")).unwrap_err().field_errors,
            errs(&[("id", &["required"])])
        );
        assert_eq!(
            build_get_address(&json!(12)).unwrap_err().field_errors,
            errs(&[("id", &["invalid"])])
        );
        // geocodeAddress: the same id rules, one segment, then /geocode.
        let r = build_geocode_address(&json!("a/1")).unwrap();
        assert_eq!(
            (r.method, r.url("")),
            (Method::Get, "/rel/addresses/a%2F1/geocode".into())
        );
        assert!(build_geocode_address(&json!(" ")).is_err());
        assert!(build_geocode_address(&json!("..")).is_err());
    }

    #[test]
    fn create_address_requests() {
        let input = json!({"countryCode": "nl", "postalCode": "1012 LG", "premiseNumber": 1,
            "thoroughfare": "Damrak", "locality": "Amsterdam", "addressLine1": "Damrak 1",
            "givenName": "Jane", "unknown": true});
        // without a cached format: types only, unknown members dropped
        let r = build_create_address(&input, None).unwrap();
        assert_eq!(
            (r.method, r.url("")),
            (Method::Post, "/rel/addresses".into())
        );
        assert_eq!(
            r.body,
            Some(
                json!({"country_code": "NL", "postal_code": "1012 LG", "premise_number": 1,
                "thoroughfare": "Damrak", "locality": "Amsterdam", "address_line_1": "Damrak 1",
                "given_name": "Jane"})
            )
        );
        // with the format: "unknown" is not allowed
        let f = nl_format();
        let e = build_create_address(&input, Some(&f)).unwrap_err();
        assert_eq!(e.field_errors, errs(&[("unknown", &["not_allowed"])]));
        // missing required field, wrong types
        let e = build_create_address(
            &json!({"countryCode": "NL", "premiseNumber": "1", "locality": 3,
                "thoroughfare": "Damrak"}),
            Some(&f),
        )
        .unwrap_err();
        assert_eq!(e.code, Code::InvalidInput);
        assert_eq!(
            e.field_errors,
            errs(&[
                ("locality", &["invalid"]),
                ("premiseNumber", &["invalid"]),
                ("postalCode", &["required"]),
            ])
        );
        // type checks and the country code even without a format
        let e = build_create_address(
            &json!({"countryCode": "Netherlands", "premiseNumber": 1.5}),
            None,
        )
        .unwrap_err();
        assert_eq!(
            e.field_errors,
            errs(&[
                ("premiseNumber", &["invalid"]),
                ("countryCode", &["invalid"])
            ])
        );
        let e = build_create_address(&json!({}), None).unwrap_err();
        assert_eq!(e.field_errors, errs(&[("countryCode", &["required"])]));
    }

    #[test]
    fn validation_rules_table() {
        let nl = nl_format();
        let de = json!({"countryCode": "DE",
            "required": ["countryCode", "postalCode", "locality", "thoroughfare", "premiseNumber"],
            "allowed": ["countryCode", "postalCode", "locality", "thoroughfare", "premiseNumber",
                        "administrativeArea", "organisation", "givenName", "additionalName",
                        "familyName", "addressLine1", "addressLine2"]});
        let ok_nl = json!({"countryCode": "NL", "postalCode": "1012 LG", "premiseNumber": 1,
            "thoroughfare": "Damrak", "locality": "Amsterdam"});
        let with = |base: &Value, k: &str, v: Value| {
            let mut a = base.clone();
            a[k] = v;
            a
        };
        let without = |base: &Value, k: &str| {
            let mut a = base.clone();
            a.as_object_mut().unwrap().remove(k);
            a
        };
        let ok_de = json!({"countryCode": "DE", "postalCode": "10117", "premiseNumber": 77,
            "thoroughfare": "Unter den Linden", "locality": "Berlin"});
        let bare = json!({"countryCode": "NL", "required": ["countryCode"], "allowed": []});
        let unlisted_cc = json!({"required": ["locality"], "allowed": ["locality", "postalCode"]});
        let only_locality = json!({"required": [], "allowed": ["locality"]});
        let cases: Vec<(&str, Value, &Value, FieldErrors)> = vec![
            ("valid NL", ok_nl.clone(), &nl, errs(&[])),
            (
                "valid NL, lower-case country",
                with(&ok_nl, "countryCode", json!("nl")),
                &nl,
                errs(&[]),
            ),
            (
                "valid NL with suffix and names",
                with(
                    &with(&ok_nl, "premiseNumberSuffix", json!("A")),
                    "givenName",
                    json!("Jane"),
                ),
                &nl,
                errs(&[]),
            ),
            ("valid DE", ok_de.clone(), &de, errs(&[])),
            (
                "missing postal code",
                without(&ok_nl, "postalCode"),
                &nl,
                errs(&[("postalCode", &["required"])]),
            ),
            (
                "blank postal code",
                with(&ok_nl, "postalCode", json!("  ")),
                &nl,
                errs(&[("postalCode", &["required"])]),
            ),
            (
                "null house number",
                with(&ok_nl, "premiseNumber", Value::Null),
                &nl,
                errs(&[("premiseNumber", &["required"])]),
            ),
            (
                "missing two",
                without(&without(&ok_nl, "locality"), "thoroughfare"),
                &nl,
                errs(&[("locality", &["required"]), ("thoroughfare", &["required"])]),
            ),
            (
                "DE: no premise suffix",
                with(&ok_de, "premiseNumberSuffix", json!("a")),
                &de,
                errs(&[("premiseNumberSuffix", &["not_allowed"])]),
            ),
            (
                "DE: blank suffix is ignored",
                with(&ok_de, "premiseNumberSuffix", json!("")),
                &de,
                errs(&[]),
            ),
            (
                "NL: administrative area not allowed",
                with(&ok_nl, "administrativeArea", json!("Noord-Holland")),
                &nl,
                errs(&[("administrativeArea", &["not_allowed"])]),
            ),
            (
                "unknown field",
                with(&ok_nl, "email", json!("a@b.c")),
                &nl,
                errs(&[("email", &["not_allowed"])]),
            ),
            (
                "country three letters",
                with(&ok_nl, "countryCode", json!("NLD")),
                &nl,
                errs(&[("countryCode", &["invalid"])]),
            ),
            (
                "country digits",
                with(&ok_nl, "countryCode", json!("31")),
                &nl,
                errs(&[("countryCode", &["invalid"])]),
            ),
            (
                "country not a string",
                with(&ok_nl, "countryCode", json!(31)),
                &nl,
                errs(&[("countryCode", &["invalid"])]),
            ),
            (
                "house number zero",
                with(&ok_nl, "premiseNumber", json!(0)),
                &nl,
                errs(&[("premiseNumber", &["invalid"])]),
            ),
            (
                "house number negative",
                with(&ok_nl, "premiseNumber", json!(-3)),
                &nl,
                errs(&[("premiseNumber", &["invalid"])]),
            ),
            (
                "house number fraction",
                with(&ok_nl, "premiseNumber", json!(1.5)),
                &nl,
                errs(&[("premiseNumber", &["invalid"])]),
            ),
            (
                "house number string",
                with(&ok_nl, "premiseNumber", json!("1")),
                &nl,
                errs(&[("premiseNumber", &["invalid"])]),
            ),
            (
                "locality not a string",
                with(&ok_nl, "locality", json!(["Amsterdam"])),
                &nl,
                errs(&[("locality", &["invalid"])]),
            ),
            (
                "empty address",
                json!({}),
                &nl,
                errs(&[
                    ("countryCode", &["required"]),
                    ("postalCode", &["required"]),
                    ("premiseNumber", &["required"]),
                    ("locality", &["required"]),
                    ("thoroughfare", &["required"]),
                ]),
            ),
            (
                // The API left `allowed` out (or sent it empty): that says nothing
                // about which fields are allowed, so nothing is refused for it.
                "empty allowed list restricts nothing; countryCode is still checked",
                json!({"countryCode": "NL", "locality": "Amsterdam"}),
                &bare,
                errs(&[]),
            ),
            (
                "countryCode is allowed even when `allowed` does not list it",
                json!({"countryCode": "NL", "locality": "Amsterdam"}),
                &unlisted_cc,
                errs(&[]),
            ),
            (
                "but other unlisted fields are not",
                json!({"countryCode": "NL", "locality": "A", "sortingCode": "x"}),
                &only_locality,
                errs(&[("sortingCode", &["not_allowed"])]),
            ),
        ];
        for (name, address, format, expected) in cases {
            assert_eq!(validate_address(&address, format), expected, "{name}");
        }
        let v: Value =
            field_errors_value(&errs(&[("postalCode", &["required"]), ("x", &["a", "b"])]));
        assert_eq!(v, json!({"postalCode": ["required"], "x": ["a", "b"]}));
        let v: Value = field_errors_value(&errs(&[]));
        assert_eq!(v, json!({}));
    }

    #[test]
    fn decode_address_formats() {
        assert_eq!(
            nl_format(),
            json!({"countryCode": "NL",
                "required": ["countryCode", "postalCode", "premiseNumber", "locality", "thoroughfare"],
                "allowed": ["countryCode", "postalCode", "premiseNumber", "locality", "thoroughfare",
                    "premiseNumberSuffix", "addressLine1", "addressLine2", "organisation",
                    "givenName", "additionalName", "familyName"]})
        );
        // country left out -> the one asked for; null list -> []
        let f = decode_address_format(Some(fixture("address_format_minimal.json")), "BE").unwrap();
        assert_eq!(
            f,
            json!({"countryCode": "BE", "required": [], "allowed": ["countryCode", "locality", "sortingCode"]})
        );
        for bad in [
            json!({"required": "postal_code"}),
            json!({"allowed": [1]}),
            json!([]),
        ] {
            assert_eq!(
                decode_address_format(Some(bad.clone()), "NL")
                    .unwrap_err()
                    .code,
                Code::Decode,
                "{bad}"
            );
        }
        assert!(decode_address_format::<Value>(None, "NL").is_err());
        // The API's country as sent (no rewriting).
        let f = decode_address_format(Some(json!({"country_code": "nl"})), "NL").unwrap();
        assert_eq!(f.get("countryCode"), Some(&json!("nl")));
    }

    #[test]
    fn decode_search_shapes() {
        assert_eq!(
            decode_search_session(Some(fixture("search_session.json"))).unwrap(),
            "c2Vzc2lvbi0wMDEtbmwtYWRkcmVzcy1zZWFyY2g"
        );
        for bad in [
            json!({}),
            json!({"session_key": ""}),
            json!({"session_key": 1}),
        ] {
            assert_eq!(
                decode_search_session(Some(bad.clone())).unwrap_err().code,
                Code::Decode,
                "{bad}"
            );
        }
        assert!(decode_search_session::<Value>(None).is_err());

        let street = decode_search_result(Some(fixture("search_result_street.json"))).unwrap();
        assert_eq!(
            street,
            json!({"options": [
                {"value": "Damrak", "precision": "street", "label": "Damrak, Amsterdam",
                 "description": "1012 LG-1012 LP Amsterdam",
                 "context": "WyJzdHJlZXQiLCJOTCIsIkFtc3RlcmRhbSIsIkRhbXJhayJd"},
                {"value": "Damstraat", "precision": "street", "label": "Damstraat, Amsterdam"}
            ]})
        );
        let precise = decode_search_result(Some(fixture("search_result_precise.json"))).unwrap();
        assert_eq!(precise["options"][0]["precision"], "premise");
        let r = &precise["result"];
        assert_eq!(r["isPrecise"], true);
        assert_eq!(
            (r["lat"].as_f64(), r["long"].as_f64()),
            (Some(52.37745), Some(4.89855))
        );
        assert_eq!(
            r["box"]["northEast"],
            json!({"lat": 52.37775, "long": 4.89885})
        );
        assert_eq!(
            r["address"],
            json!({"premiseNumber": 1, "thoroughfare": "Damrak", "postalCode": "1012 LG",
                "locality": "Amsterdam", "administrativeArea": "Noord-Holland", "countryCode": "NL"})
        );
        assert_eq!(
            decode_search_result(Some(fixture("search_result_empty.json"))).unwrap(),
            json!({"options": []})
        );
        // One suggestion lacking `label` is left out (and noted); the others stay.
        let _ = Value::take_drops();
        let v = decode_search_result(Some(json!({"options": [
            {"value": "x", "precision": "street"},
            {"value": "y", "precision": "street", "label": "Y"}]})))
        .unwrap();
        assert_eq!(v["options"].as_array().unwrap().len(), 1);
        assert_eq!(v["options"][0]["value"], "y");
        let drops = Value::take_drops();
        assert_eq!(drops.len(), 1);
        assert_eq!(drops[0].json_path.as_deref(), Some("$.options[0].label"));
        // A wrong type is still DECODE.
        let e = decode_search_result(Some(
            json!({"options": [{"value": "x", "precision": "street", "label": 5}]}),
        ))
        .unwrap_err();
        assert!(e.message.contains("$.options[0].label"), "{}", e.message);
    }

    #[test]
    fn decode_geo_and_addresses() {
        let g = decode_geo_location(Some(fixture("geo_location.json"))).unwrap();
        assert_eq!(
            g,
            json!({"lat": 50.846777, "long": 4.352408, "isPrecise": true,
                "box": {"northEast": {"lat": 50.847077, "long": 4.352708},
                        "southWest": {"lat": 50.846477, "long": 4.352108}},
                "address": {"premiseNumber": 12, "thoroughfare": "Rue Neuve", "postalCode": "1000",
                    "locality": "Bruxelles", "administrativeArea": "Bruxelles-Capitale", "countryCode": "BE"}})
        );
        assert!(g["address"].get("premiseNumberSuffix").is_none());
        assert_eq!(
            decode_geo_location(Some(fixture("geo_location_minimal.json"))).unwrap(),
            json!({"lat": 51.1657, "long": 10.4515, "isPrecise": false})
        );
        assert_eq!(
            decode_geo_location(Some(json!({"lat": "52.1", "long": 4.0})))
                .unwrap_err()
                .code,
            Code::Decode
        );

        let a = decode_address(Some(fixture("address.json"))).unwrap();
        assert_eq!(
            a,
            json!({"id": "5d0f6b1e-8c2a-4f7e-9b3d-2a61c0e4f9a7", "countryCode": "NL",
                "locality": "Amsterdam", "postalCode": "1012 LG", "addressLine1": "Damrak 1",
                "thoroughfare": "Damrak", "premiseNumber": 1, "organisation": "Afosto B.V.",
                "givenName": "Jane", "familyName": "Jansen",
                "geoLocation": {"lat": 52.37745, "long": 4.89855, "isPrecise": true,
                    "box": {"northEast": {"lat": 52.37775, "long": 4.89885},
                            "southWest": {"lat": 52.37715, "long": 4.89825}},
                    "address": {"premiseNumber": 1, "thoroughfare": "Damrak", "postalCode": "1012 LG",
                        "locality": "Amsterdam", "administrativeArea": "Noord-Holland", "countryCode": "NL"}},
                "createdAt": "2026-03-01T10:15:00Z"})
        );
        assert_eq!(
            decode_address(Some(fixture("address_minimal.json"))).unwrap(),
            json!({"id": "a-2", "countryCode": "DE", "postalCode": "10117", "locality": "Berlin",
                "thoroughfare": "Unter den Linden", "premiseNumber": 77})
        );
        let e = decode_address(Some(json!({"country_code": "NL"}))).unwrap_err();
        assert!(e.message.contains("$.id"), "{}", e.message);
        let e = decode_address(Some(
            json!({"id": "x", "country_code": "NL", "premise_number": "1"}),
        ))
        .unwrap_err();
        assert!(
            e.message.contains("$.premise_number: expected integer"),
            "{}",
            e.message
        );
    }

    #[test]
    fn search_options_and_session_renewal() {
        assert_eq!(debounce_ms(&Value::Null).unwrap(), 150.0);
        assert_eq!(debounce_ms(&json!({})).unwrap(), 150.0);
        assert_eq!(debounce_ms(&json!({"debounceMs": 0})).unwrap(), 0.0);
        assert_eq!(debounce_ms(&json!({"debounceMs": 40})).unwrap(), 40.0);
        for bad in [json!({"debounceMs": -1}), json!({"debounceMs": "5"})] {
            assert_eq!(
                debounce_ms(&bad).unwrap_err().field_errors,
                errs(&[("debounceMs", &["invalid"])])
            );
        }
        assert_eq!(search_query(&json!("  Damrak 1 ")).unwrap(), "Damrak 1");
        assert_eq!(search_query(&json!(" \t")).unwrap(), "");
        assert_eq!(
            search_query(&json!(1)).unwrap_err().code,
            Code::InvalidInput
        );
        assert_eq!(search_context(&Value::Null).unwrap(), "");
        assert_eq!(search_context(&json!({"context": "c1"})).unwrap(), "c1");
        assert!(search_context(&json!({"context": 1})).is_err());

        let resp = |status: u16, text: &str| HttpResponse {
            status,
            content_type: Some("application/json".into()),
            retry_after: None,
            text: text.into(),
        };
        let err = |status, text: &str| {
            read_response::<Value>(Method::Post, SEARCH_PATH, &resp(status, text), 0.0, None)
                .unwrap_err()
        };
        let expired = serde_json::to_string(&fixture("error_session_expired.json")).unwrap();
        assert!(session_rejected(&err(400, &expired)));
        assert!(session_rejected(&err(404, "")));
        assert!(session_rejected(&err(410, "")));
        assert!(!session_rejected(&err(
            400,
            r#"{"code":400,"message":"Unknown context","errors":{"invalid value":["context"]}}"#
        )));
        assert!(!session_rejected(&err(400, "")));
        assert!(!session_rejected(&err(500, &expired)));
        assert!(!session_rejected(&err(401, "")));
        assert!(!session_rejected(&Error::aborted()));
    }

    #[test]
    fn resolve_drills_into_the_option_and_reads_the_result_address() {
        let opt = |v: Value| resolve_input(&v);
        assert_eq!(
            opt(json!({"value": "Damrak 1", "label": "Damrak 1, 1012 LG Amsterdam", "precision": "Address", "context": "c1"})).unwrap(),
            (String::new(), "c1".to_owned())
        );
        assert_eq!(
            opt(json!({"value": "Damrak 1", "label": "x", "precision": "Address"})).unwrap(),
            ("Damrak 1".to_owned(), String::new())
        );
        assert_eq!(
            opt(json!({"value": "Damrak 1", "context": ""})).unwrap(),
            ("Damrak 1".to_owned(), String::new())
        );
        for (bad, field) in [
            (json!(null), "option"),
            (json!("Damrak 1"), "option"),
            (json!({"label": "x"}), "option.value"),
            (json!({"value": 1}), "option.value"),
            (json!({"value": "x", "context": 7}), "option.context"),
        ] {
            let e = opt(bad.clone()).unwrap_err();
            assert_eq!(e.code, Code::InvalidInput, "{bad}");
            assert_eq!(
                e.field_errors,
                crate::error::one_field(field, "invalid"),
                "{bad}"
            );
        }
        // The result's address, as AddressInput; the API's country, else the search's.
        let answer = json!({"options": [], "result": {"lat": 52.37, "long": 4.89, "isPrecise": true,
            "address": {"premiseNumber": 1, "thoroughfare": "Damrak", "postalCode": "1012 LG", "locality": "Amsterdam",
                "administrativeArea": "Noord-Holland", "countryCode": "NL"}}});
        assert_eq!(
            address_of(&answer, "BE"),
            json!({"countryCode": "NL", "premiseNumber": 1, "thoroughfare": "Damrak", "postalCode": "1012 LG",
                "locality": "Amsterdam", "administrativeArea": "Noord-Holland"})
        );
        let street = json!({"options": [], "result": {"lat": 1, "long": 2, "isPrecise": false,
            "address": {"thoroughfare": "Damrak", "locality": "Amsterdam"}}});
        assert_eq!(
            address_of(&street, "NL"),
            json!({"countryCode": "NL", "thoroughfare": "Damrak", "locality": "Amsterdam"})
        );
        for none in [
            json!({"options": [{"value": "1"}]}),
            json!({"options": [], "result": {"lat": 1, "long": 2, "isPrecise": false}}),
        ] {
            assert_eq!(address_of(&none, "NL"), Value::Null);
        }
    }
}
