//! Service point calls of `AfostoClient` (API.md, "Service points") and the
//! exported pure `openingStatus`.

use super::errors::to_js_error;
use super::Inner;
use super::{call_opts, run, spawn, AfostoClient, Ctx, Decode};
use crate::api::service_points as api;
use crate::error::Error;
use crate::http::fetch::{is_aborted, CallOpts};
use crate::json::Json;
use crate::opening::status_value;
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
impl AfostoClient {
    /// A carrier's service points near a postal code (`GET /lcs/points/{carrier}`),
    /// nearest first. `carrier` (e.g. "postnl", "dhl") is percent-encoded as
    /// one path segment. Weekdays in `openings` are ISO: 1 = Monday … 7 = Sunday.
    ///
    /// ```ts
    /// const near = await client.listServicePoints({ carrier: "postnl", countryCode: "NL", postalCode: "1012 AB" });
    /// ```
    /// Errors: INVALID_INPUT, NOT_FOUND (unknown carrier), VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    #[wasm_bindgen(js_name = listServicePoints, unchecked_return_type = "Promise<ServicePointMatch[]>")]
    pub fn list_service_points(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "{ carrier: string; countryCode: string; postalCode: string; channelId?: string }"
        )]
        q: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_list_points(&self.inner.cfg, &q),
            |_, b, _| api::decode_matches(b?),
            Ctx::default(),
        )
    }

    /// One service point (`GET /lcs/points/{carrier}/{id}`, both percent-encoded).
    ///
    /// ```ts
    /// const p = await client.getServicePoint({ carrier: "dhl", id: "8004-NL-270401" });
    /// ```
    /// Errors: INVALID_INPUT, NOT_FOUND, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    #[wasm_bindgen(js_name = getServicePoint, unchecked_return_type = "Promise<ServicePoint>")]
    pub fn get_service_point(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "{ carrier: string; id: string; countryCode?: string; channelId?: string }"
        )]
        q: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        self.typed_call(
            o,
            api::build_get_point(&self.inner.cfg, &q),
            |_, b, _| api::decode_point(b?),
            Ctx::default(),
        )
    }

    /// DPD parcel shops near a postal code (`GET /lcs/dpd/points`), mapped from
    /// DPD's own format to `ServicePointMatch` (id = parcelShopId as a string,
    /// name = company, carrier "dpd", house numbers like "12a" split into
    /// `premiseNumber` and `premiseNumberSuffix`, weekday names to ISO numbers,
    /// morning/afternoon to windows), nearest first.
    ///
    /// ```ts
    /// const shops = await client.listDpdServicePoints({ countryCode: "DE", postalCode: "10115" });
    /// ```
    /// Errors: INVALID_INPUT, VALIDATION, NETWORK, TIMEOUT, ABORTED, any HTTP code, DECODE.
    #[wasm_bindgen(js_name = listDpdServicePoints, unchecked_return_type = "Promise<ServicePointMatch[]>")]
    pub fn list_dpd_service_points(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ countryCode: string; postalCode: string }")]
        q: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        let country = q.get("countryCode").as_string().unwrap_or_default();
        let ctx = Ctx {
            country,
            debounce_ms: 0.0,
        };
        self.typed_call(o, api::build_dpd_points(&q), dpd_shops, ctx)
    }

    /// Service points of several carriers at once: all carriers are requested
    /// in parallel ("dpd" through the DPD endpoint), merged nearest first and
    /// cut to `limit`. A carrier that fails does not fail the call: it is
    /// listed in `failed` with its `AfostoError`.
    ///
    /// ```ts
    /// const { matches, failed } = await client.findServicePoints({
    ///   carriers: ["postnl", "dhl", "dpd"], countryCode: "NL", postalCode: "1012 AB", limit: 10 });
    /// ```
    /// Errors: INVALID_INPUT (no carriers, missing countryCode/postalCode, limit not a positive integer), ABORTED.
    #[wasm_bindgen(
        js_name = findServicePoints,
        unchecked_return_type = "Promise<{ matches: ServicePointMatch[]; failed: { carrier: string; error: AfostoError }[] }>"
    )]
    pub fn find_service_points(
        &self,
        #[wasm_bindgen(
            unchecked_param_type = "{ carriers: string[]; countryCode: string; postalCode: string; channelId?: string; limit?: number }"
        )]
        q: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] o: Option<JsValue>,
    ) -> Promise {
        let inner = self.inner.clone();
        spawn(async move {
            let opts = call_opts(&inner.cfg, &o)?;
            let (carriers, limit) = api::find_input(&q)?;
            let country = q.get("countryCode").as_string().unwrap_or_default();
            // Validate and build every request before sending any.
            let mut reqs = Vec::with_capacity(carriers.len());
            for c in carriers {
                let one = api::carrier_query(&q, &c);
                let dpd = c.eq_ignore_ascii_case("dpd");
                let req = if dpd {
                    api::build_dpd_points(&one)?
                } else {
                    api::build_list_points(&inner.cfg, &one)?
                };
                reqs.push((c, dpd, req));
            }
            // Start them all (each promise runs on its own), then await them in turn.
            let mut running = Vec::with_capacity(reqs.len());
            for (c, dpd, req) in reqs {
                let opts = CallOpts {
                    signal: opts.signal.clone(),
                    timeout_ms: opts.timeout_ms,
                };
                let (decode, for_country): (Decode, String) = if dpd {
                    (dpd_shops, country.clone())
                } else {
                    (|_, b, _| api::decode_matches(b?), String::new())
                };
                let ctx = Ctx {
                    country: for_country,
                    debounce_ms: 0.0,
                };
                let p = run(inner.clone(), opts, req, decode, ctx);
                running.push((c, p));
            }
            let mut lists = Vec::new();
            let failed = Array::new();
            for (c, p) in running {
                match JsFuture::from(p).await {
                    Ok(list) => lists.push(list),
                    Err(error) => {
                        let mut f = JsValue::new_object();
                        f.set("carrier", JsValue::from_str(&c));
                        f.set("error", error);
                        failed.push(&f);
                    }
                }
            }
            if is_aborted(&opts.signal) {
                return Err(Error::aborted());
            }
            let mut out = JsValue::new_object();
            out.set("matches", api::merge_matches(&lists, limit));
            out.set("failed", failed.into());
            Ok(out)
        })
    }
}

/// DPD parcel shops; the country comes from the query.
fn dpd_shops(
    _: &Rc<Inner>,
    body: Result<Option<JsValue>, Error>,
    ctx: &Ctx,
) -> Result<JsValue, Error> {
    api::decode_dpd(body?, &ctx.country)
}

fn bad_input(field: &str, why: &str) -> Error {
    let mut m = String::from("invalid openingStatus input: ");
    m.push_str(field);
    m.push(' ');
    m.push_str(why);
    Error::invalid_input(m, crate::error::one_field(field, why))
}

/// Local (ISO weekday, minute) at `ms` in an IANA time zone, with
/// `Intl.DateTimeFormat` (the zone's rules, not the browser's zone).
fn local_time(ms: f64, zone: &str) -> Result<(u32, u32), Error> {
    let bad_zone = || bad_input("timeZone", "unknown time zone");
    let get =
        |o: &JsValue, k: &str| Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let ctor: Function = get(&get(&js_sys::global(), "Intl"), "DateTimeFormat")
        .dyn_into()
        .map_err(|_| bad_zone())?;
    let opts: JsValue = Object::new().into();
    for (k, v) in [
        ("timeZone", zone),
        ("hourCycle", "h23"),
        ("weekday", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        let _ = Reflect::set(&opts, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    let args = Array::of2(&JsValue::from_str("en-US"), &opts);
    let fmt = Reflect::construct(&ctor, &args).map_err(|_| bad_zone())?;
    let parts = get(&fmt, "formatToParts")
        .dyn_into::<Function>()
        .and_then(|f| f.call1(&fmt, &JsValue::from_f64(ms)))
        .map_err(|_| bad_zone())?;
    let (mut day, mut hour, mut minute) = (None, None, None);
    for i in 0..parts.len() {
        let p = parts.at(i);
        let value = get(&p, "value").as_string().unwrap_or_default();
        match get(&p, "type").as_string().as_deref() {
            Some("weekday") => day = api::weekday_from_name(&value),
            Some("hour") => hour = value.parse::<u32>().ok().map(|h| h % 24),
            Some("minute") => minute = value.parse::<u32>().ok(),
            _ => {}
        }
    }
    match (day, hour, minute) {
        (Some(d), Some(h), Some(m)) => Ok((d, h * 60 + m)),
        _ => Err(bad_zone()),
    }
}

/// Whether a service point is open at a moment, and when it closes or opens
/// next, in the point's local time zone (`timeZone`, default
/// "Europe/Amsterdam"; DST switch days included), not the browser's.
/// Uses every window of a day; a window whose `end` is at or before its
/// `start` (or "24:00") runs into the next day, so yesterday's late window
/// still counts. Times are local "HH:MM"; `opensOn` is the ISO weekday
/// (1 = Monday … 7 = Sunday) of the next opening. A point without opening
/// data is reported closed with no `opensAt`.
///
/// `at` is a `Date`, an ISO string with `Z` or an offset, an ISO string
/// without one (read as wall time in `timeZone`), or absent (now).
///
/// ```ts
/// const s = openingStatus(point, new Date(), "Europe/Amsterdam");
/// s.isOpen ? `open until ${s.closesAt}` : s.opensAt && `opens ${s.opensAt}`;
/// ```
/// Throws AfostoError INVALID_INPUT for an invalid `at`, an unknown time zone
/// or a point whose openings are not `{ weekday: 0..7, windows: {start: "HH:MM", end: "HH:MM"}[] }[]`.
#[wasm_bindgen(
    js_name = openingStatus,
    unchecked_return_type = "{ isOpen: boolean; closesAt?: string; opensAt?: string; opensOn?: number }"
)]
pub fn opening_status(
    #[wasm_bindgen(unchecked_param_type = "ServicePoint")] p: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Date | string")] at: Option<JsValue>,
    #[wasm_bindgen(js_name = timeZone, unchecked_optional_param_type = "string")] time_zone: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    opening_status_inner(&p, at, time_zone).map_err(to_js_error)
}

fn opening_status_inner(
    p: &JsValue,
    at: Option<JsValue>,
    tz: Option<JsValue>,
) -> Result<JsValue, Error> {
    let zone = match tz.filter(|z| !z.is_absent()) {
        None => "Europe/Amsterdam".to_owned(),
        Some(z) => z
            .as_string()
            .filter(|z| !z.trim().is_empty())
            .ok_or_else(|| bad_input("timeZone", "invalid"))?,
    };
    let at = at.filter(|a| !a.is_absent());
    let (day, minute) = match at {
        None => local_time(crate::time::now_ms(), &zone)?,
        Some(a) if a.is_instance_of::<js_sys::Date>() => {
            let ms = a.unchecked_ref::<js_sys::Date>().get_time();
            if !ms.is_finite() {
                return Err(bad_input("at", "invalid date"));
            }
            local_time(ms, &zone)?
        }
        Some(a) => {
            let s = a
                .as_string()
                .ok_or_else(|| bad_input("at", "must be a Date or an ISO string"))?;
            match crate::time::parse_rfc3339(&s) {
                Some(ms) if s.contains(['T', 't', ' ']) => local_time(ms, &zone)?,
                _ => {
                    // No offset: wall time in the zone (the zone must still be valid).
                    local_time(0.0, &zone)?;
                    let mut z = s.trim().to_owned();
                    z.push('Z');
                    let ms = crate::time::parse_rfc3339(&z)
                        .or_else(|| crate::time::parse_rfc3339(&s))
                        .ok_or_else(|| bad_input("at", "invalid date"))?;
                    let min = (ms / 60_000.0).floor() as i64;
                    let d = min.div_euclid(1440);
                    (
                        crate::time::weekday_from_days(d),
                        min.rem_euclid(1440) as u32,
                    )
                }
            }
        }
    };
    status_value(p, day, minute)
}
