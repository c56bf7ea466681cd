//! Service points (`/lcs/points/*`, `/lcs/dpd/points`): request builders,
//! response decoders (including DPD's own parcel-shop shape, mapped to
//! `ServicePointMatch`) and the merge used by `findServicePoints`.
//!
//! Weekdays are ISO 8601 for every carrier: 1 = Monday … 7 = Sunday.

use crate::api::input::{
    check_object, insertion_sort, missing_body, query_request, req_str, Param, Rule,
};
use crate::config::Config;
use crate::error::{check_fields, Error, FieldErrors};
use crate::http::HttpRequest;
use crate::json::Kind;
use crate::models::service_points::{DPD_BODY, POINT_MATCH, SERVICE_POINT};
use crate::opening::{iso_weekday, parse_hhmm};
use crate::prelude::*;
use crate::shape::Walk;
use crate::shape::{decode_body, opt_str, Ty};

static MATCH_TY: Ty = Ty::Obj(&POINT_MATCH);

static LIST_POINTS: [Param; 4] = [
    Param("carrier", "", Rule::Seg),
    Param("countryCode", "country_code", Rule::Req),
    Param("postalCode", "postal_code", Rule::Req),
    Param("channelId", "channel_id", Rule::Chan),
];

static GET_POINT: [Param; 4] = [
    Param("carrier", "", Rule::Seg),
    Param("id", "", Rule::Seg),
    Param("countryCode", "country_code", Rule::Opt),
    Param("channelId", "channel_id", Rule::Chan),
];

static DPD_POINTS: [Param; 2] = [
    Param("countryCode", "country_code", Rule::Req),
    Param("postalCode", "postal_code", Rule::Req),
];

/// `listServicePoints`: `GET /lcs/points/{carrier}?country_code&postal_code&channel_id`.
pub fn build_list_points<V: Walk>(cfg: &Config, q: &V) -> Result<HttpRequest<V>, Error> {
    points_request(
        q,
        cfg.channel_id.as_deref(),
        &LIST_POINTS,
        &["/lcs/points/"],
    )
}

/// `getServicePoint`: `GET /lcs/points/{carrier}/{id}?country_code&channel_id`.
pub fn build_get_point<V: Walk>(cfg: &Config, q: &V) -> Result<HttpRequest<V>, Error> {
    points_request(
        q,
        cfg.channel_id.as_deref(),
        &GET_POINT,
        &["/lcs/points/", "/"],
    )
}

/// `listDpdServicePoints`: `GET /lcs/dpd/points?country_code&postal_code`.
pub fn build_dpd_points<V: Walk>(q: &V) -> Result<HttpRequest<V>, Error> {
    points_request(q, None, &DPD_POINTS, &["/lcs/dpd/points"])
}

fn points_request<V: Walk>(
    q: &V,
    chan: Option<&str>,
    params: &[Param],
    pieces: &[&str],
) -> Result<HttpRequest<V>, Error> {
    query_request(
        q,
        false,
        chan,
        params,
        "service point query",
        pieces,
        Vec::new(),
        FieldErrors::new(),
    )
}

/// The stable nearest-first order of `distances`, cut to `limit`; `None`
/// when the list is already in order and needs no cut.
pub fn distance_order(distances: &[f64], limit: Option<usize>) -> Option<Vec<u32>> {
    let n = distances.len();
    let cut = limit.filter(|l| *l < n);
    let sorted = !distances
        .iter()
        .zip(distances.iter().skip(1))
        .any(|(a, b)| b < a);
    if sorted && cut.is_none() {
        return None;
    }
    let d = |i: &u32| distances.get(*i as usize).copied().unwrap_or(f64::INFINITY);
    let mut order: Vec<u32> = (0..n as u32).collect();
    if !sorted {
        // Insertion sort: stable and linear on the nearly sorted lists carriers
        // send (quadratic only for a long list in reverse order: 5,000 points
        // cost ~20 ms). A merge sort measured +0.4 KB gzipped of wasm.
        insertion_sort(&mut order, |a, b| d(a) < d(b));
    }
    order.truncate(cut.unwrap_or(n));
    Some(order)
}

/// `{distance, point}` values nearest first (stable), at most `limit`; an
/// already sorted list (the usual answer) is returned as it is.
pub fn nearest_first<V: Walk>(list: V, limit: Option<usize>) -> V {
    match distance_order(&list.numbers_of("distance"), limit) {
        None => list,
        Some(order) => list.pick(&order),
    }
}

fn to_array<V: Walk>(items: Vec<V>) -> V {
    let mut out = V::new_array();
    for v in items {
        out.push(v);
    }
    out
}

/// Decoded matches, nearest first. Weekdays are already ISO (the field
/// table maps 0 to 7).
pub(crate) fn finish_matches<V: Walk>(list: &V) -> Result<V, Error> {
    Ok(nearest_first(list.clone(), None))
}

/// `ServicePointMatch[]` from `/lcs/points/{carrier}`, nearest first.
pub fn decode_matches<V: Walk>(body: Option<V>) -> Result<V, Error> {
    let list = decode_body(&body.ok_or_else(missing_body)?, &Ty::List(&MATCH_TY))?;
    finish_matches(&list)
}

/// One `ServicePoint` from `/lcs/points/{carrier}/{id}`.
pub fn decode_point<V: Walk>(body: Option<V>) -> Result<V, Error> {
    decode_body(&body.ok_or_else(missing_body)?, &Ty::Obj(&SERVICE_POINT))
}

/// ISO weekday from a weekday name: English, Dutch, German or French, any
/// case, full or abbreviated ("Monday", "mon", "Mo.", "maandag", "Montag",
/// "lundi"), or a number "1".."7" ("0" = Sunday).
pub fn weekday_from_name(name: &str) -> Option<u32> {
    // Monday..Sunday in English, Dutch, German and French (one string: less wasm than 28).
    const NAMES: &str = "monday tuesday wednesday thursday friday saturday sunday \
        maandag dinsdag woensdag donderdag vrijdag zaterdag zondag \
        montag dienstag mittwoch donnerstag freitag samstag sonntag \
        lundi mardi mercredi jeudi vendredi samedi dimanche";
    let s = name.trim().trim_end_matches('.').to_ascii_lowercase();
    let b = s.as_bytes();
    if !b.is_empty() && b.iter().all(u8::is_ascii_digit) {
        let n = b.iter().fold(0u32, |n, d| {
            n.saturating_mul(10).saturating_add(u32::from(d - b'0'))
        });
        return iso_weekday(f64::from(n));
    }
    if s == "sonnabend" {
        return Some(6);
    }
    if b.len() < 2 {
        return None;
    }
    let i = NAMES
        .split_ascii_whitespace()
        .position(|n| n.as_bytes().starts_with(b))?;
    Some((i % 7) as u32 + 1)
}

/// Split a house number like "12a", "12-H", "7 B" or "168-170" into the
/// number and the suffix ("a", "H", "B", "-170": a range keeps its dash).
pub fn split_house_number(s: &str) -> (Option<u32>, Option<String>) {
    // Byte-level on purpose: char patterns and `parse` cost wasm size.
    let s = s.trim();
    let end = s
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    let (digits, rest) = s.split_at_checked(end).unwrap_or((s, ""));
    let number = (!digits.is_empty() && digits.len() <= 9).then(|| {
        digits
            .bytes()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    });
    let rest = rest.trim();
    let skip = rest
        .bytes()
        .position(|b| !matches!(b, b'-' | b'/' | b' ' | b','))
        .unwrap_or(rest.len());
    let stripped = rest.get(skip..).unwrap_or("").trim();
    let suffix = if number.is_some() && stripped.bytes().next().is_some_and(|b| b.is_ascii_digit())
    {
        rest
    } else if number.is_some() {
        stripped
    } else {
        s
    };
    (number, Some(suffix.to_owned()).filter(|x| !x.is_empty()))
}

fn set_str<V: Walk>(o: &mut V, key: &'static str, v: &V) {
    if let Some(s) = v.as_string().filter(|s| !s.trim().is_empty()) {
        o.set(key, V::from_str(s.trim()));
    }
}

/// One DPD half-day as a window. Opening and closing at the same minute
/// ("00:00"-"00:00") is how DPD marks a closed half-day: no window (the
/// generic rule, an end at or before the start runs into the next day, would
/// make it open around the clock).
fn push_window<V: Walk>(windows: &mut V, open: Option<String>, close: Option<String>) {
    let norm = |t: Option<String>| t.as_deref().and_then(parse_hhmm);
    if let (Some(a), Some(b)) = (norm(open), norm(close)) {
        if a == b {
            return;
        }
        let mut w = V::new_object();
        w.set("start", V::from_str(&crate::opening::format_hhmm(a)));
        let end = if b == 1440 {
            "24:00".to_owned()
        } else {
            crate::opening::format_hhmm(b)
        };
        w.set("end", V::from_str(&end));
        windows.push(w);
    }
}

/// DPD `openingHours` -> `openings` (ISO weekdays, ascending; days without
/// windows and unknown weekday names left out; "open morning" with "close
/// afternoon" and no break becomes one window).
fn dpd_openings<V: Walk>(hours: &V) -> V {
    // One slot per ISO weekday: ascending by construction.
    let mut days: [Option<V>; 7] = Default::default();
    for i in 0..hours.len() {
        let h = hours.at(i);
        let wd = h.get("weekday");
        let day = match wd.kind() {
            Kind::Num => wd.as_f64().and_then(iso_weekday),
            _ => wd.as_string().as_deref().and_then(weekday_from_name),
        };
        let Some(slot) = day.and_then(|d| days.get_mut((d as usize).checked_sub(1)?)) else {
            continue;
        };
        let windows = slot.get_or_insert_with(V::new_array);
        let t = |k: &'static str| h.get(k).as_string().filter(|s| !s.trim().is_empty());
        let (om, cm, oa, ca) = (
            t("openMorning"),
            t("closeMorning"),
            t("openAfternoon"),
            t("closeAfternoon"),
        );
        if cm.is_none() && oa.is_none() {
            push_window(windows, om, ca);
        } else {
            push_window(windows, om, cm);
            push_window(windows, oa, ca);
        }
    }
    let mut out = V::new_array();
    for (day, windows) in (1u32..).zip(days) {
        let Some(windows) = windows.filter(|w| !w.is_empty()) else {
            continue;
        };
        let mut o = V::new_object();
        o.set("weekday", V::from_f64(f64::from(day)));
        o.set("windows", windows);
        out.push(o);
    }
    out
}

/// One DPD parcel shop (already checked against `DPD_SHOP`) -> `ServicePointMatch`.
/// The id is DPD's `pudoId` (the id `/lcs/dpd/points/{id}` and checkout
/// sessions use), else `parcelShopId` as a string.
fn dpd_match<V: Walk>(shop: &V, country: &str, at: &str) -> Result<V, Error> {
    let sid = shop.get("parcelShopId");
    let pudo = shop
        .get("pudoId")
        .as_string()
        .filter(|s| !s.trim().is_empty());
    let id = match (pudo, sid.kind()) {
        (Some(p), _) => p,
        (None, Kind::Str) => sid.as_string().unwrap_or_default(),
        (None, Kind::Num) if sid.as_f64().is_some_and(|n| n.fract() == 0.0) => sid.stringify(),
        _ => String::new(),
    };
    if id.is_empty() {
        let mut p = String::from(at);
        p.push_str(".parcelShopId");
        // No id at all: the shop lacks a required field (left out and
        // noted); an id of another type is DECODE.
        let found = match sid.kind() {
            Kind::Null => "nothing",
            Kind::Str => "an empty string",
            k => k.name(),
        };
        return Err(Error::decode(&p, "a number or a non-empty string", found));
    }
    let mut address = V::new_object();
    let cc = shop
        .get("country")
        .as_string()
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(|c| c.to_ascii_uppercase())
        .unwrap_or_else(|| country.to_ascii_uppercase());
    address.set("countryCode", V::from_str(&cc));
    set_str(&mut address, "postalCode", &shop.get("zipCode"));
    set_str(&mut address, "locality", &shop.get("city"));
    set_str(&mut address, "thoroughfare", &shop.get("street"));
    let house = shop.get("houseNo");
    let house = match house.kind() {
        Kind::Num => house.stringify(),
        _ => house.as_string().unwrap_or_default(),
    };
    let (number, suffix) = split_house_number(&house);
    if let Some(n) = number {
        address.set("premiseNumber", V::from_f64(f64::from(n)));
    }
    if let Some(s) = suffix {
        address.set("premiseNumberSuffix", V::from_str(&s));
    }
    let mut point = V::new_object();
    point.set("id", V::from_str(&id));
    point.set("name", shop.get("company"));
    point.set("carrier", V::from_str("dpd"));
    point.set("latitude", shop.get("latitude"));
    point.set("longitude", shop.get("longitude"));
    point.set("address", address);
    point.set("openings", dpd_openings(&shop.get("openingHours")));
    point.set("dpd", dpd_details(shop));
    let mut m = V::new_object();
    m.set("distance", shop.get("distance"));
    m.set("point", point);
    Ok(m)
}

/// DPD's own fields of a shop (`point.dpd`): both ids, contact details,
/// extra info, express pick-up time and services, each when DPD sends it.
fn dpd_details<V: Walk>(shop: &V) -> V {
    let mut d = V::new_object();
    for key in [
        "pudoId",
        "phone",
        "email",
        "homepage",
        "extraInfo",
        "expressPickupTime",
    ] {
        set_str(&mut d, key, &shop.get(key));
    }
    // A number, as the reference types it (an id sent as text is the point's `id` only).
    let sid = shop.get("parcelShopId");
    if sid.kind() == Kind::Num {
        d.set("parcelShopId", sid);
    }
    let services = shop.get("services");
    if services.kind() == Kind::Arr {
        let mut list = V::new_array();
        for i in 0..services.len() {
            let s = services.at(i);
            if s.kind() == Kind::Obj {
                list.push(s);
            }
        }
        d.set("services", list);
    }
    d
}

/// `GET /lcs/dpd/points` (`{ parcelShop: [...] }`) -> `ServicePointMatch[]`,
/// nearest first. `country` fills `countryCode` when a shop has no ISO country.
pub fn decode_dpd<V: Walk>(body: Option<V>, country: &str) -> Result<V, Error> {
    let body = decode_body(&body.ok_or_else(missing_body)?, &Ty::Obj(&DPD_BODY))?;
    let shops = body.get("parcelShop");
    let mut items = Vec::with_capacity(shops.len());
    for i in 0..shops.len() {
        let mut at = String::from("$.parcelShop[");
        crate::shape::push_usize(&mut at, i);
        at.push(']');
        match dpd_match(&shops.at(i), country, &at) {
            Ok(m) => items.push(m),
            // A shop without an id is left out (and noted), like any list element.
            Err(e) if e.missing.is_some() => V::note_drop(&at, &e),
            Err(e) => return Err(e),
        }
    }
    Ok(nearest_first(to_array(items), None))
}

/// Merge per-carrier match lists and cut to `limit`. With `origin` (the
/// geocoded postal code, `(lat, long)`), every match gains `metres`, its
/// great-circle distance from there, and the merge is by `metres` (stable: on
/// a tie the earlier carrier first; a point without coordinates last). The
/// carriers' own `distance` values have no documented unit, so without an
/// origin the lists stay in per-carrier order, carriers in the order asked.
pub fn merge_matches<V: Walk>(lists: &[V], limit: Option<usize>, origin: Option<(f64, f64)>) -> V {
    let mut all = V::new_array();
    let mut metres = Vec::new();
    for l in lists {
        for i in 0..l.len() {
            let mut m = l.at(i);
            if let Some((lat, long)) = origin {
                let p = m.get("point");
                let d = match (p.get("latitude").as_f64(), p.get("longitude").as_f64()) {
                    (Some(a), Some(b)) => crate::geo::great_circle_metres(lat, long, a, b),
                    _ => f64::NAN,
                };
                if d.is_finite() {
                    m.set("metres", V::from_f64(d));
                    metres.push(d);
                } else {
                    metres.push(f64::INFINITY);
                }
            }
            all.push(m);
        }
    }
    if origin.is_none() {
        // The order asked, cut to `limit`.
        let n = all.len();
        return match limit.filter(|l| *l < n) {
            Some(l) => all.pick(&(0..l as u32).collect::<Vec<_>>()),
            None => all,
        };
    }
    match distance_order(&metres, limit) {
        None => all,
        Some(order) => all.pick(&order),
    }
}

/// Validated `findServicePoints` input: the carriers (deduplicated, in
/// order), and the limit. Errors: INVALID_INPUT (no carriers, a carrier that
/// is not a non-empty string, a limit that is not a positive integer, a
/// missing countryCode/postalCode).
pub fn find_input<V: Walk>(q: &V) -> Result<(Vec<String>, Option<usize>), Error> {
    check_object(q, "query", false)?;
    let mut errors = FieldErrors::new();
    let carriers = q.get("carriers");
    let mut list: Vec<String> = Vec::new();
    if carriers.kind() != Kind::Arr || carriers.is_empty() {
        crate::error::add_field_error(&mut errors, "carriers", "required");
    }
    for i in 0..carriers.len() {
        match carriers.at(i).as_string().filter(|c| !c.trim().is_empty()) {
            Some(c) if !list.contains(&c) => list.push(c),
            Some(_) => {}
            None => crate::error::add_field_error(&mut errors, "carriers", "invalid"),
        }
    }
    req_str(q, "countryCode", &mut errors);
    req_str(q, "postalCode", &mut errors);
    opt_str(q, "channelId", &mut errors);
    let l = q.get("limit");
    let limit = if l.is_absent() {
        None
    } else {
        match l.as_f64() {
            Some(n) if n >= 1.0 && n.fract() == 0.0 && n <= 1e9 => Some(n as usize),
            _ => {
                crate::error::add_field_error(&mut errors, "limit", "invalid");
                None
            }
        }
    };
    check_fields("findServicePoints query", errors)?;
    Ok((list, limit))
}

/// The query for one carrier of `findServicePoints`: `{carrier, countryCode, postalCode, channelId?}`.
pub fn carrier_query<V: Walk>(q: &V, carrier: &str) -> V {
    let mut one = V::new_object();
    one.set("carrier", V::from_str(carrier));
    for k in ["countryCode", "postalCode", "channelId"] {
        let v = q.get(k);
        if !v.is_absent() {
            one.set(k, v);
        }
    }
    one
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::error::Code;
    use crate::http::Method;
    use serde_json::{json, Value};

    fn cfg() -> Config {
        Config {
            channel_id: Some("chan".into()),
            ..Config::default()
        }
    }

    pub(crate) fn fixture(name: &str) -> Value {
        let p = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
        serde_json::from_str(&std::fs::read_to_string(format!("{p}{name}")).unwrap()).unwrap()
    }

    #[test]
    fn point_requests() {
        let q = json!({"carrier": "postnl", "countryCode": "NL", "postalCode": "1012 AB"});
        let r = build_list_points(&cfg(), &q).unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(
            r.url(""),
            "/lcs/points/postnl?country_code=NL&postal_code=1012%20AB&channel_id=chan"
        );
        let q = json!({"carrier": "../iam/users", "countryCode": "NL", "postalCode": "1012", "channelId": "c"});
        let r = build_list_points(&cfg(), &q).unwrap();
        assert_eq!(r.path, "/lcs/points/%2E%2E%2Fiam%2Fusers");
        assert_eq!(r.query.last().unwrap().1, "c");
        for bad in [
            json!({"countryCode": "NL", "postalCode": "1012"}),
            json!({"carrier": "", "countryCode": "NL", "postalCode": "1012"}),
            json!({"carrier": "dhl", "postalCode": "1012"}),
            json!({"carrier": "dhl", "countryCode": "NL"}),
            json!(null),
        ] {
            assert_eq!(
                build_list_points(&cfg(), &bad).unwrap_err().code,
                Code::InvalidInput,
                "{bad}"
            );
        }
        let r = build_get_point(&cfg(), &json!({"carrier": "dhl", "id": "a/b"})).unwrap();
        assert_eq!(r.url(""), "/lcs/points/dhl/a%2Fb?channel_id=chan");
        let r = build_get_point(
            &Config::default(),
            &json!({"carrier": "dhl", "id": "7", "countryCode": "BE"}),
        )
        .unwrap();
        assert_eq!(r.url(""), "/lcs/points/dhl/7?country_code=BE");
        assert!(build_get_point(&cfg(), &json!({"carrier": "dhl"})).is_err());
        assert!(build_get_point(&cfg(), &json!({"carrier": "dhl", "id": ""})).is_err());
        let r = build_dpd_points(&json!({"countryCode": "DE", "postalCode": "10115"})).unwrap();
        assert_eq!(
            r.url(""),
            "/lcs/dpd/points?country_code=DE&postal_code=10115"
        );
        assert!(build_dpd_points(&json!({"countryCode": "DE"})).is_err());
    }

    #[test]
    fn decodes_points_sorted_with_iso_weekdays() {
        let v = decode_matches(Some(fixture("lcs_points.json"))).unwrap();
        let d: Vec<f64> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["distance"].as_f64().unwrap())
            .collect();
        assert_eq!(d, vec![120.5, 480.0, 1730.2]);
        let p = &v[0]["point"];
        assert_eq!(p["id"], "160001");
        assert_eq!(p["longitude"], json!(4.891));
        assert_eq!(
            p["address"],
            json!({"countryCode": "NL", "locality": "Amsterdam", "postalCode": "1012 EN",
                   "thoroughfare": "Nieuwendijk", "premiseNumber": 62, "premiseNumberSuffix": "a"})
        );
        // weekday 0 from the API is Sunday (7)
        let days: Vec<u64> = v[1]["point"]["openings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["weekday"].as_u64().unwrap())
            .collect();
        assert_eq!(days, vec![1, 6, 7]);
        assert_eq!(v[2]["point"]["openings"], json!([]));
        let one = decode_point(Some(fixture("lcs_points.json")[0]["point"].clone())).unwrap();
        assert_eq!(one["carrier"], "postnl");
        let e = decode_matches(Some(
            json!([{"distance": 1, "point": {"id": "1", "name": "n", "carrier": "c",
            "latitude": 1, "longitude": 2, "address": {"country_code": "NL"},
            "openings": [{"weekday": 9, "windows": []}]}}]),
        ))
        .unwrap_err();
        assert_eq!(e.code, Code::Decode);
        assert!(
            e.message.contains("$[0].point.openings[0].weekday"),
            "{}",
            e.message
        );
        let e = decode_matches(Some(json!([{"distance": "far"}]))).unwrap_err();
        assert!(e.message.contains("$[0].distance"), "{}", e.message);
    }

    #[test]
    fn dpd_closed_half_days_are_no_windows() {
        let hours = json!([
            {"weekday": "Sunday", "openMorning": "00:00", "closeMorning": "00:00",
             "openAfternoon": "00:00", "closeAfternoon": "00:00"},
            {"weekday": "Monday", "openMorning": "00:00", "closeMorning": "00:00",
             "openAfternoon": "13:00", "closeAfternoon": "18:00"},
            {"weekday": "Tuesday", "openMorning": "00:00", "closeAfternoon": "24:00"}
        ]);
        assert_eq!(
            dpd_openings(&hours),
            json!([
                {"weekday": 1, "windows": [{"start": "13:00", "end": "18:00"}]},
                {"weekday": 2, "windows": [{"start": "00:00", "end": "24:00"}]}
            ])
        );
    }

    #[test]
    fn weekday_names() {
        let table = [
            ("Monday", 1),
            ("monday", 1),
            ("MON", 1),
            ("Mo.", 1),
            ("maandag", 1),
            ("ma", 1),
            ("Montag", 1),
            ("lundi", 1),
            ("Tuesday", 2),
            ("tue", 2),
            ("dinsdag", 2),
            ("Dienstag", 2),
            ("di", 2),
            ("mardi", 2),
            ("Wednesday", 3),
            ("woensdag", 3),
            ("Mittwoch", 3),
            ("mercredi", 3),
            ("THURSDAY", 4),
            ("thu", 4),
            ("donderdag", 4),
            ("Donnerstag", 4),
            ("do", 4),
            ("jeudi", 4),
            ("Friday", 5),
            ("vrijdag", 5),
            ("Freitag", 5),
            ("fr", 5),
            ("vendredi", 5),
            ("Saturday", 6),
            ("zaterdag", 6),
            ("Samstag", 6),
            ("Sonnabend", 6),
            ("samedi", 6),
            ("Sunday", 7),
            ("zondag", 7),
            ("Sonntag", 7),
            ("so", 7),
            ("dimanche", 7),
            ("7", 7),
            ("0", 7),
            ("3", 3),
        ];
        for (name, want) in table {
            assert_eq!(weekday_from_name(name), Some(want), "{name}");
        }
        for bad in ["", "m", "funday", "8", "Mondays"] {
            assert_eq!(weekday_from_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn house_numbers() {
        let table = [
            ("12", Some(12), None),
            ("12a", Some(12), Some("a")),
            ("12-H", Some(12), Some("H")),
            ("7 B", Some(7), Some("B")),
            (" 18 bis ", Some(18), Some("bis")),
            ("168-170", Some(168), Some("-170")),
            ("3/1", Some(3), Some("/1")),
            ("", None, None),
            ("bus 3", None, Some("bus 3")),
        ];
        for (s, n, suffix) in table {
            assert_eq!(split_house_number(s), (n, suffix.map(str::to_owned)), "{s}");
        }
    }

    #[test]
    fn dpd_id_is_pudo_id_else_parcel_shop_id() {
        let shop = |extra: Value| {
            let mut s =
                json!({"company": "Shop", "latitude": 52.0, "longitude": 4.0, "distance": 1});
            s.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            decode_dpd(Some(json!({"parcelShop": [s]})), "NL").unwrap()[0]["point"]["id"].clone()
        };
        assert_eq!(
            shop(json!({"pudoId": "NL1", "parcelShopId": 5})),
            json!("NL1")
        );
        assert_eq!(shop(json!({"pudoId": "", "parcelShopId": 5})), json!("5"));
        assert_eq!(shop(json!({"parcelShopId": "77"})), json!("77"));
        let full = decode_dpd(
            Some(json!({"parcelShop": [{"company": "Shop", "latitude": 52.0, "longitude": 4.0,
            "distance": 1, "parcelShopId": "77", "phone": "+31 20 1234567", "email": "shop@example.com",
            "homepage": "https://shop.example", "extraInfo": "Behind the counter",
            "expressPickupTime": "12:00", "services": [{"code": "100"}, "junk"]}]})),
            "NL",
        )
        .unwrap();
        assert_eq!(
            full[0]["point"]["dpd"],
            json!({"phone": "+31 20 1234567", "email": "shop@example.com",
                "homepage": "https://shop.example", "extraInfo": "Behind the counter",
                "expressPickupTime": "12:00", "services": [{"code": "100"}]})
        );
        // A shop lacking coordinates is left out (and noted), not the whole list.
        let _ = Value::take_drops();
        assert_eq!(
            decode_dpd(Some(json!({"parcelShop": [{"company": "x"}]})), "NL").unwrap(),
            json!([])
        );
        assert_eq!(Value::take_drops().len(), 1);
    }

    #[test]
    fn maps_dpd_parcel_shops() {
        let v = decode_dpd(Some(fixture("dpd_points.json")), "NL").unwrap();
        let list = v.as_array().unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(
            list[0],
            json!({"distance": 310, "point": {
            "id": "NL10100", "name": "Action Spuistraat", "carrier": "dpd",
            "latitude": 52.3745, "longitude": 4.8902,
            "address": {"countryCode": "NL", "postalCode": "1012 VT", "locality": "Amsterdam",
                        "thoroughfare": "Spuistraat", "premiseNumber": 12, "premiseNumberSuffix": "H"},
            "openings": [
                {"weekday": 1, "windows": [{"start": "09:00", "end": "12:30"}, {"start": "13:30", "end": "18:00"}]},
                {"weekday": 2, "windows": [{"start": "09:00", "end": "12:30"}]},
                {"weekday": 3, "windows": [{"start": "09:00", "end": "18:00"}]},
                {"weekday": 5, "windows": [{"start": "13:00", "end": "22:00"}]},
                {"weekday": 6, "windows": [{"start": "10:00", "end": "17:00"}]}
            ],
            "dpd": {"pudoId": "NL10100", "parcelShopId": 528010100, "services": []}}})
        );
        // DPD's own fields, when sent (empty strings are left out); a text id is no number.
        assert_eq!(
            list[2]["point"]["dpd"],
            json!({"pudoId": "NL10200", "parcelShopId": 528010200, "services": []})
        );
        assert_eq!(list[1]["point"]["dpd"], json!({}));
        // string id, "7 B", country from the query when the shop has a numeric country, a range
        assert_eq!(list[1]["point"]["id"], "DE-77");
        assert_eq!(list[1]["point"]["address"]["countryCode"], "NL");
        assert_eq!(list[1]["point"]["address"]["premiseNumber"], 7);
        assert_eq!(list[1]["point"]["address"]["premiseNumberSuffix"], "B");
        assert_eq!(
            list[1]["point"]["openings"],
            json!([{"weekday": 7, "windows": [{"start": "10:00", "end": "16:00"}]}])
        );
        assert_eq!(list[2]["point"]["address"]["premiseNumberSuffix"], "a");
        assert_eq!(decode_dpd(Some(json!({})), "NL").unwrap(), json!([]));
        let e = decode_dpd(
            Some(json!({"parcelShop": [{"parcelShopId": true, "company": "x",
            "latitude": 1, "longitude": 1, "distance": 1}]})),
            "NL",
        )
        .unwrap_err();
        assert!(
            e.message.contains("$.parcelShop[0].parcelShopId"),
            "{}",
            e.message
        );
        // A shop lacking coordinates is left out (and noted), not the whole list.
        let _ = Value::take_drops();
        assert_eq!(
            decode_dpd(Some(json!({"parcelShop": [{"company": "x"}]})), "NL").unwrap(),
            json!([])
        );
        assert_eq!(Value::take_drops().len(), 1);
    }

    #[test]
    fn merges_carriers_by_distance() {
        let a = json!([{"distance": 100, "point": {"id": "a1"}}, {"distance": 900, "point": {"id": "a2"}}]);
        let b = json!([{"distance": 50, "point": {"id": "b1"}}, {"distance": 100, "point": {"id": "b2"}}]);
        let ids = |v: Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|m| m["point"]["id"].as_str().unwrap().to_owned())
                .collect()
        };
        // Without an origin: per-carrier order, carriers in the order asked.
        assert_eq!(
            ids(merge_matches(&[a.clone(), b.clone()], None, None)),
            vec!["a1", "a2", "b1", "b2"]
        );
        assert_eq!(
            ids(merge_matches(&[a.clone(), b.clone()], Some(3), None)),
            vec!["a1", "a2", "b1"]
        );
        assert_eq!(merge_matches::<Value>(&[], Some(3), None), json!([]));
        // With one: by great-circle metres from it (the carriers' distances ignored).
        let at = |id: &str, lat: f64, long: f64, d: f64| json!({"distance": d, "point": {"id": id, "latitude": lat, "longitude": long}});
        let dam = (52.3731, 4.8926); // Dam square, Amsterdam
        let a = json!([
            at("a1", 52.3780, 4.9000, 1.0),
            at("a2", 52.3600, 4.8850, 2.0)
        ]);
        let b = json!([
            at("b1", 52.3735, 4.8930, 999.0),
            at("b2", 52.0907, 5.1214, 5.0)
        ]);
        let out = merge_matches(&[a.clone(), b.clone()], None, Some(dam));
        assert_eq!(ids(out.clone()), vec!["b1", "a1", "a2", "b2"]);
        let m: Vec<f64> = out
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["metres"].as_f64().unwrap())
            .collect();
        // b1 is ~50 m away; Utrecht (b2) ~35 km.
        assert!(m[0] < 100.0 && m[3] > 30_000.0 && m[3] < 40_000.0, "{m:?}");
        assert_eq!(
            ids(merge_matches(&[a, b], Some(2), Some(dam))),
            vec!["b1", "a1"]
        );
    }

    #[test]
    fn distance_order_is_stable_and_cut() {
        let inf = f64::INFINITY;
        assert_eq!(distance_order(&[1.0, 2.0, 2.0, inf], None), None);
        assert_eq!(distance_order(&[], Some(3)), None);
        assert_eq!(distance_order(&[1.0, 2.0, 3.0], Some(2)), Some(vec![0, 1]));
        assert_eq!(
            distance_order(&[3.0, 1.0, inf, 1.0, 0.5], None),
            Some(vec![4, 1, 3, 0, 2])
        );
        assert_eq!(distance_order(&[3.0, 1.0, 2.0], Some(1)), Some(vec![1]));
        let list = json!([{"distance": 9, "k": "a"}, {"k": "none"}, {"distance": 1, "k": "b"}]);
        assert_eq!(
            nearest_first(list, None),
            json!([{"distance": 1, "k": "b"}, {"distance": 9, "k": "a"}, {"k": "none"}])
        );
    }

    #[test]
    fn find_input_checks() {
        let (c, l) = find_input(
            &json!({"carriers": ["postnl", "dhl", "postnl"], "countryCode": "NL",
            "postalCode": "1012", "limit": 5}),
        )
        .unwrap();
        assert_eq!(
            (c, l),
            (vec!["postnl".to_owned(), "dhl".to_owned()], Some(5))
        );
        for bad in [
            json!({"carriers": [], "countryCode": "NL", "postalCode": "1012"}),
            json!({"countryCode": "NL", "postalCode": "1012"}),
            json!({"carriers": "dhl", "countryCode": "NL", "postalCode": "1012"}),
            json!({"carriers": ["dhl", ""], "countryCode": "NL", "postalCode": "1012"}),
            json!({"carriers": ["dhl"], "postalCode": "1012"}),
            json!({"carriers": ["dhl"], "countryCode": "NL", "postalCode": "1012", "limit": 0}),
            json!({"carriers": ["dhl"], "countryCode": "NL", "postalCode": "1012", "limit": 1.5}),
        ] {
            assert_eq!(
                find_input(&bad).unwrap_err().code,
                Code::InvalidInput,
                "{bad}"
            );
        }
        let one: Value = carrier_query(
            &json!({"carriers": ["x"], "countryCode": "NL", "postalCode": "1", "limit": 2}),
            "dhl",
        );
        assert_eq!(
            one,
            json!({"carrier": "dhl", "countryCode": "NL", "postalCode": "1"})
        );
    }
}
