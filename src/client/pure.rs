//! The exported pure functions: `openingStatus` and `selectableShippingMethods`
//! (no request, no client).

use super::errors::to_js_error;
use crate::error::Error;
use crate::json::Json;
use crate::opening::status_value;
use crate::prelude::*;
use wasm_bindgen::prelude::*;

fn bad_input(field: &str, why: &str) -> Error {
    let mut m = String::from("invalid openingStatus input: ");
    m.push_str(field);
    m.push(' ');
    m.push_str(why);
    Error::invalid_field(field, why, m)
}

#[wasm_bindgen(module = "/src/client/clock.js")]
extern "C" {
    /// `[isoWeekday, minuteOfDay]` at `ms` in `zone`, or undefined (unknown zone).
    #[wasm_bindgen(js_name = localClock)]
    fn local_clock(ms: f64, zone: &str) -> JsValue;
}

/// Local (ISO weekday, minute) at `ms` in an IANA time zone.
fn local_time(ms: f64, zone: &str) -> Result<(u32, u32), Error> {
    let t = local_clock(ms, zone);
    match (t.at(0).as_f64(), t.at(1).as_f64()) {
        (Some(d), Some(m)) if t.kind() == crate::json::Kind::Arr => Ok((d as u32, m as u32)),
        _ => Err(bad_input("timeZone", "unknown time zone")),
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

/// The methods a customer can choose for a country and parcel weight: enabled
/// methods that list the country, with `weight <= maxWeight` when both are
/// known (same unit as `maxWeight`, grams in practice), each a copy with
/// `price` = that country's `amount`; sorted by `priority`, then price, then
/// name. Pure: no request.
///
/// ```ts
/// const options = selectableShippingMethods(methods, { countryCode: "NL", weight: 1200 });
/// options[0].price; // e.g. 695
/// ```
/// Throws AfostoError INVALID_INPUT when `all` is not a `ShippingMethod[]` or
/// the query has no countryCode or a negative/non-number weight.
#[wasm_bindgen(
    js_name = selectableShippingMethods,
    unchecked_return_type = "(ShippingMethod & { price: number })[]"
)]
pub fn selectable_shipping_methods(
    #[wasm_bindgen(unchecked_param_type = "ShippingMethod[]")] all: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ countryCode: string; weight?: number }")] q: JsValue,
) -> Result<JsValue, JsValue> {
    crate::api::shipping::selectable(&all, &q).map_err(to_js_error)
}
