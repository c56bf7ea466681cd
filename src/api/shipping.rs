//! Shipping methods (`/lcs/methods`): request builders, response decoders and
//! the pure `selectableShippingMethods` filter.

use crate::api::input::{insertion_sort, missing_body, query_request, req_str, Param, Rule};
use crate::config::Config;
use crate::error::{add_field_error, check_fields, Error, FieldErrors};
use crate::http::HttpRequest;
use crate::json::Kind;
use crate::models::shipping::SHIPPING_METHOD;
use crate::prelude::*;
use crate::shape::Walk;
use crate::shape::{decode_body, Ty};

static METHOD_TY: Ty = Ty::Obj(&SHIPPING_METHOD);

static LIST_METHODS: [Param; 2] = [
    Param("countryCode", "country_code", Rule::Req),
    Param("channelId", "channel_id", Rule::Chan),
];

static GET_METHOD: [Param; 2] = [
    Param("countryCode", "country_code", Rule::Opt),
    Param("channelId", "channel_id", Rule::Chan),
];

/// `listShippingMethods`: `GET /lcs/methods?country_code&channel_id`.
pub fn build_list_methods<V: Walk>(cfg: &Config, q: &V) -> Result<HttpRequest<V>, Error> {
    query_request(
        q,
        false,
        cfg.channel_id.as_deref(),
        &LIST_METHODS,
        "query",
        &["/lcs/methods"],
        Vec::new(),
        FieldErrors::new(),
    )
}

/// `getShippingMethod`: `GET /lcs/methods/{id}` (id percent-encoded).
pub fn build_get_method<V: Walk>(cfg: &Config, id: &V, q: &V) -> Result<HttpRequest<V>, Error> {
    // `query_request` checks `q` first, so a bad query wins over a bad id.
    let mut errors = FieldErrors::new();
    let id = match id.as_string() {
        Some(s) if !s.is_empty() => s,
        Some(_) => {
            add_field_error(&mut errors, "id", "required");
            String::new()
        }
        None => {
            add_field_error(&mut errors, "id", "invalid");
            String::new()
        }
    };
    query_request(
        q,
        true,
        cfg.channel_id.as_deref(),
        &GET_METHOD,
        "shipping method",
        &["/lcs/methods/"],
        vec![id],
        errors,
    )
}

/// `ShippingMethod[]`.
pub fn decode_methods<V: Walk>(body: Option<V>) -> Result<V, Error> {
    decode_body(&body.ok_or_else(missing_body)?, &Ty::List(&METHOD_TY))
}

/// One `ShippingMethod`.
pub fn decode_method<V: Walk>(body: Option<V>) -> Result<V, Error> {
    decode_body(&body.ok_or_else(missing_body)?, &METHOD_TY)
}

fn invalid(errors: &mut FieldErrors, name: &str, i: usize, member: &str) {
    problem(errors, name, i, member, "invalid");
}

/// `problem` for `name[i].member`.
fn problem(errors: &mut FieldErrors, name: &str, i: usize, member: &str, problem: &str) {
    let mut n = String::from(name);
    n.push('[');
    crate::shape::push_usize(&mut n, i);
    n.push_str("].");
    n.push_str(member);
    add_field_error(errors, &n, problem);
}

/// `selectableShippingMethods(all, { countryCode, weight? })`: the enabled
/// methods that ship to the country (and, when both are known, whose
/// `maxWeight` is at least `weight`), each a copy with `price` = that
/// country's `amount`; sorted by `priority`, then price, then name.
/// Errors: INVALID_INPUT for anything not shaped like `ShippingMethod[]`.
pub fn selectable<V: Walk>(all: &V, q: &V) -> Result<V, Error> {
    let mut errors = FieldErrors::new();
    if all.kind() != Kind::Arr {
        add_field_error(&mut errors, "all", "must be an array");
    }
    if q.kind() != Kind::Obj {
        add_field_error(&mut errors, "query", "must be an object");
    }
    check_fields("selectableShippingMethods input", errors)?;
    let mut errors = FieldErrors::new();
    let cc = req_str(q, "countryCode", &mut errors).unwrap_or_default();
    let w = q.get("weight");
    let weight = if w.is_absent() {
        None
    } else {
        let n = w.as_f64().filter(|n| n.is_finite() && *n >= 0.0);
        if n.is_none() {
            add_field_error(&mut errors, "weight", "invalid");
        }
        n
    };
    // (priority, price, name, method)
    let mut picked: Vec<(f64, f64, String, V)> = Vec::new();
    for i in 0..all.len() {
        let m = all.at(i);
        if m.kind() != Kind::Obj {
            add_field_error(&mut errors, "all", "items must be ShippingMethod objects");
            continue;
        }
        let enabled = m.get("isEnabled");
        let priority = m.get("priority");
        let max = m.get("maxWeight");
        let name = m.get("name");
        let countries = m.get("countries");
        let mut ok = true;
        // `isEnabled` and `countries` are required (every decoded method has
        // them): without them, a raw snake_case answer would silently select
        // nothing. Numbers must be finite.
        for (member, v, kind, required) in [
            ("isEnabled", &enabled, Kind::Bool, true),
            ("priority", &priority, Kind::Num, false),
            ("maxWeight", &max, Kind::Num, false),
            ("name", &name, Kind::Str, false),
            ("countries", &countries, Kind::Arr, true),
        ] {
            let present = !v.is_absent();
            let finite = v.as_f64().map_or(true, f64::is_finite);
            if required && !present {
                problem(&mut errors, "all", i, member, "required");
                ok = false;
            } else if present && (v.kind() != kind || !finite) {
                invalid(&mut errors, "all", i, member);
                ok = false;
            }
        }
        let mut price = None;
        for c in 0..countries.len() {
            let entry = countries.at(c);
            let code = entry.get("code").as_string();
            let amount = entry.get("amount").as_f64().filter(|a| a.is_finite());
            let (Some(code), Some(amount)) = (code, amount) else {
                invalid(&mut errors, "all", i, "countries");
                ok = false;
                break;
            };
            if price.is_none() && code.eq_ignore_ascii_case(cc.trim()) {
                price = Some(amount);
            }
        }
        let fits = match (weight, max.as_f64()) {
            (Some(w), Some(max)) => w <= max,
            _ => true,
        };
        let Some(price) = price else { continue };
        if !ok || enabled.as_bool() != Some(true) || !fits {
            continue;
        }
        let mut copy = V::new_object();
        for k in m.keys() {
            copy.set_dyn(&k, m.get_dyn(&k));
        }
        copy.set("price", V::from_f64(price));
        let prio = priority.as_f64().unwrap_or(100.0);
        picked.push((prio, price, name.as_string().unwrap_or_default(), copy));
    }
    check_fields("selectableShippingMethods input", errors)?;
    insertion_sort(&mut picked, |a, b| {
        a.0 < b.0 || (a.0 == b.0 && (a.1 < b.1 || (a.1 == b.1 && a.2 < b.2)))
    });
    let mut out = V::new_array();
    for (_, _, _, m) in picked {
        out.push(m);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn method_requests() {
        let r = build_list_methods(&cfg(), &json!({"countryCode": "NL"})).unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.url(""), "/lcs/methods?country_code=NL&channel_id=chan");
        let r =
            build_list_methods(&cfg(), &json!({"countryCode": "BE", "channelId": "c2"})).unwrap();
        assert_eq!(r.url(""), "/lcs/methods?country_code=BE&channel_id=c2");
        let r = build_list_methods(&Config::default(), &json!({"countryCode": "DE"})).unwrap();
        assert_eq!(r.url(""), "/lcs/methods?country_code=DE");
        for bad in [
            json!({}),
            json!({"countryCode": ""}),
            json!({"countryCode": 3}),
            json!(null),
            json!("NL"),
        ] {
            let e = build_list_methods(&cfg(), &bad).unwrap_err();
            assert_eq!(e.code, Code::InvalidInput, "{bad}");
        }
        let r = build_get_method(&cfg(), &json!("a/b c"), &Value::Null).unwrap();
        assert_eq!(r.url(""), "/lcs/methods/a%2Fb%20c?channel_id=chan");
        let r = build_get_method(&cfg(), &json!("m1"), &json!({"countryCode": "NL"})).unwrap();
        assert_eq!(r.url(""), "/lcs/methods/m1?country_code=NL&channel_id=chan");
        for bad in [json!(""), json!(null), json!(5)] {
            assert_eq!(
                build_get_method(&cfg(), &bad, &Value::Null)
                    .unwrap_err()
                    .code,
                Code::InvalidInput
            );
        }
        assert!(build_get_method(&cfg(), &json!("m1"), &json!(3)).is_err());
    }

    fn fixture(name: &str) -> Value {
        let p = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
        serde_json::from_str(&std::fs::read_to_string(format!("{p}{name}")).unwrap()).unwrap()
    }

    #[test]
    fn decodes_methods_with_defaults() {
        let v = decode_methods(Some(fixture("lcs_methods.json"))).unwrap();
        let list = v.as_array().unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(
            list[0],
            json!({"id": "m-postnl", "carrierCode": "postnl", "name": "PostNL Standaard",
                "label": "Thuisbezorgd", "description": "Next working day", "maxWeight": 23000,
                "countries": [{"code": "NL", "amount": 695}, {"code": "BE", "amount": 995}],
                "deliveryDuring": "daytime", "isConfigured": true, "isSameDay": false, "isSunday": false,
                "isCarrierLocation": false, "isNeighbourAllowed": true, "providerMethodId": "postnl:standard",
                "provider": "default", "isEnabled": true, "priority": 10})
        );
        // documented defaults for a sparse method; null optional fields stay out
        assert_eq!(
            list[2],
            json!({"id": "m-min", "carrierCode": "ups", "name": "Minimal", "countries": [],
                "isConfigured": false, "isSameDay": false, "isSunday": false, "isCarrierLocation": false,
                "isNeighbourAllowed": false, "isEnabled": false, "priority": 100})
        );
        let one = decode_method(Some(fixture("lcs_methods.json")[0].clone())).unwrap();
        assert_eq!(one["carrierCode"], "postnl");
        let e = decode_methods(Some(
            json!([{"id": "x", "carrier_code": "a", "name": "n", "priority": "high"}]),
        ))
        .unwrap_err();
        assert_eq!(e.code, Code::Decode);
        assert!(e.message.contains("$[0].priority"), "{}", e.message);
        assert_eq!(
            decode_methods::<Value>(None).unwrap_err().code,
            Code::Decode
        );
    }

    fn m(
        name: &str,
        enabled: bool,
        prio: Option<f64>,
        max: Option<f64>,
        countries: Value,
    ) -> Value {
        let mut v = json!({"id": name, "carrierCode": "c", "name": name, "countries": countries,
            "isEnabled": enabled, "isConfigured": true});
        if let Some(p) = prio {
            v["priority"] = json!(p);
        }
        if let Some(w) = max {
            v["maxWeight"] = json!(w);
        }
        v
    }

    fn names(v: &Value) -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn selectable_filter_and_sort_table() {
        let all = json!([
            m(
                "zeta",
                true,
                Some(10.0),
                Some(23000.0),
                json!([{"code": "NL", "amount": 695}, {"code": "BE", "amount": 995}])
            ),
            m(
                "alpha",
                true,
                Some(10.0),
                None,
                json!([{"code": "NL", "amount": 695}])
            ),
            m(
                "cheap",
                true,
                Some(10.0),
                Some(2000.0),
                json!([{"code": "NL", "amount": 395}])
            ),
            m(
                "first",
                true,
                Some(5.0),
                Some(31500.0),
                json!([{"code": "NL", "amount": 995}, {"code": "DE", "amount": 1295}])
            ),
            m(
                "off",
                false,
                Some(1.0),
                None,
                json!([{"code": "NL", "amount": 1}])
            ),
            m(
                "be-only",
                true,
                Some(1.0),
                None,
                json!([{"code": "BE", "amount": 1}])
            ),
            m(
                "default-prio",
                true,
                None,
                None,
                json!([{"code": "NL", "amount": 0}])
            ),
        ]);
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (
                json!({"countryCode": "NL"}),
                vec!["first", "cheap", "alpha", "zeta", "default-prio"],
            ),
            (
                json!({"countryCode": "nl", "weight": 5000}),
                vec!["first", "alpha", "zeta", "default-prio"],
            ),
            (
                json!({"countryCode": "NL", "weight": 2000}),
                vec!["first", "cheap", "alpha", "zeta", "default-prio"],
            ),
            (
                json!({"countryCode": "NL", "weight": 30000}),
                vec!["first", "alpha", "default-prio"],
            ),
            (json!({"countryCode": "BE"}), vec!["be-only", "zeta"]),
            (json!({"countryCode": "DE", "weight": 40000}), vec![]),
            (json!({"countryCode": "FR"}), vec![]),
        ];
        for (q, want) in cases {
            let got = selectable(&all, &q).unwrap();
            assert_eq!(names(&got), want, "{q}");
        }
        let got = selectable(&all, &json!({"countryCode": "BE"})).unwrap();
        assert_eq!(got[1]["price"], json!(995));
        assert_eq!(got[1]["maxWeight"], json!(23000.0));
        assert_eq!(
            got[1]["countries"].as_array().unwrap().len(),
            2,
            "a full copy"
        );
        assert_eq!(
            selectable(&json!([]), &json!({"countryCode": "NL"})).unwrap(),
            json!([])
        );
    }

    #[test]
    fn selectable_rejects_bad_input() {
        let ok = json!([m(
            "a",
            true,
            None,
            None,
            json!([{"code": "NL", "amount": 1}])
        )]);
        let q = json!({"countryCode": "NL"});
        let cases = [
            (json!({"not": "an array"}), q.clone()),
            (json!(null), q.clone()),
            (ok.clone(), json!(null)),
            (ok.clone(), json!({})),
            (ok.clone(), json!({"countryCode": "NL", "weight": "5"})),
            (ok.clone(), json!({"countryCode": "NL", "weight": -1})),
            (json!([1, 2]), q.clone()),
            (json!([{"name": "x", "countries": "NL"}]), q.clone()),
            (
                json!([{"name": "x", "countries": [{"code": "NL"}]}]),
                q.clone(),
            ),
            (
                json!([{"name": "x", "isEnabled": "yes", "countries": []}]),
                q.clone(),
            ),
            (
                json!([{"name": "x", "priority": "1", "countries": []}]),
                q.clone(),
            ),
            // required members missing: not a silent empty answer
            (json!([{"name": "x", "countries": []}]), q.clone()),
            (json!([{"name": "x", "isEnabled": true}]), q.clone()),
            // the raw wire form (snake_case), as client.request returns it
            (
                json!([{"name": "x", "is_enabled": true, "carrier_code": "c",
                    "countries": [{"code": "NL", "amount": 1}]}]),
                q.clone(),
            ),
        ];
        for (all, q) in cases {
            let e = selectable(&all, &q).unwrap_err();
            assert_eq!(e.code, Code::InvalidInput, "{all} {q}");
        }
    }

    #[test]
    fn insertion_sort_is_stable() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        insertion_sort(&mut v, |a, b| a.0 < b.0);
        assert_eq!(v, vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
    }
}
