//! The exported pure functions: `openingStatus`, `selectableShippingMethods`
//! and `servicePointNeed`
//! (no request, no client).

use super::errors::to_js_error;
use super::operations::{Pure, PURE};
use crate::error::Error;
use crate::json::Json;
use crate::opening::status_value;
use crate::prelude::*;
use wasm_bindgen::prelude::*;

/// `INVALID_INPUT` for an argument of `openingStatus` (see `input::bad_input`).
fn bad_input(field: &str, why: &str) -> Error {
    crate::api::input::bad_input("openingStatus input", field, why)
}

#[wasm_bindgen(module = "/src/time.js")]
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
        // The zone works for 1970: the time is what no Date can hold.
        _ if ms != 0.0 && local_clock(0.0, zone).kind() == crate::json::Kind::Arr => {
            Err(bad_input("at", "out of range"))
        }
        _ => Err(bad_input("timeZone", "unknown time zone")),
    }
}

/// The pure exports, in one wasm entry point (the generated
/// `operations.js` gives them their public names and types): `kind` is the
/// position in `operations::PURE`: `openingStatus(a = point, b = at,
/// c = timeZone)`, `selectableShippingMethods(a = all, b = query)`,
/// `servicePointNeed(a = option)`.
#[wasm_bindgen(skip_typescript)]
pub fn pure(kind: u32, a: JsValue, b: JsValue, c: JsValue) -> Result<JsValue, JsValue> {
    crate::client::errors::checked(false, || {
        match PURE.get(kind as usize) {
            Some(Pure::openingStatus) => opening_status(&a, &b, &c),
            Some(Pure::servicePointNeed) => crate::api::checkout::service_point_need(&a),
            _ => crate::api::shipping::selectable(&a, &b),
        }
        .map_err(to_js_error)
    })
}

/// `openingStatus` (see `classes.d.ts` for the contract).
fn opening_status(p: &JsValue, at: &JsValue, tz: &JsValue) -> Result<JsValue, Error> {
    let zone = match Some(tz).filter(|z| !z.is_absent()) {
        None => "Europe/Amsterdam".to_owned(),
        Some(z) => Json::as_string(z)
            .filter(|z| !z.trim().is_empty())
            .ok_or_else(|| bad_input("timeZone", "invalid"))?,
    };
    // A Date from any realm (one read of its time), else `None`.
    let date = crate::json::reads::date_ms(at);
    let (day, minute) = match Some(at).filter(|a| !a.is_absent()) {
        None => local_time(crate::time::now_ms(), &zone)?,
        Some(_) if date.is_some() => match date.filter(|ms| ms.is_finite()) {
            Some(ms) => local_time(ms, &zone)?,
            None => return Err(bad_input("at", "invalid date")),
        },
        Some(a) => {
            let s = Json::as_string(a)
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
