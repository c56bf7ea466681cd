//! Opening hours of service points: `openingStatus`.
//!
//! The algorithm works on local wall time only (ISO weekday 1 = Monday …
//! 7 = Sunday, minutes since local midnight), so it is pure and the same in
//! wasm and natively. Turning an instant into local wall time is done by the
//! caller: in the browser with `Intl.DateTimeFormat` (any IANA zone), natively
//! with [`eu_local_time`], the EU daylight-saving rule, so tests can check the
//! switch days.
//!
//! A week is a ring of 10 080 minutes. Each window is an interval on that ring;
//! an `end` at or before `start` (or `"24:00"`) runs into the next day, so a
//! window from yesterday that is still running counts as open now, and Sunday
//! night runs into Monday morning.

use crate::error::{Error, FieldErrors};
use crate::json::{Json, Kind};
use crate::prelude::*;
use crate::time::{civil_from_days, days_from_civil, weekday_from_days};

const DAY: u32 = 1440;
const WEEK: u32 = 7 * DAY;

/// One opening window on the week ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Start, minutes since Monday 00:00 (local).
    pub start: u32,
    /// Length in minutes (1 ..= 1440).
    pub len: u32,
}

/// The answer of `openingStatus`, in local wall time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Status {
    /// Whether the point is open at the given moment.
    pub is_open: bool,
    /// When open: the local minute of the day it closes (none when it never closes).
    pub closes_at: Option<u32>,
    /// When closed: the local minute of the day it opens next.
    pub opens_at: Option<u32>,
    /// When closed: the ISO weekday of the next opening.
    pub opens_on: Option<u32>,
}

/// Parse "HH:MM" (also "H:MM", "HH:MM:SS", "HHMM"; "24:00" is the end of the
/// day) to minutes since midnight.
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let s = s.trim();
    let (h, rest) = match s.split_once(':') {
        Some((h, rest)) => (h, rest),
        None if s.len() == 4 => (s.get(..2)?, s.get(2..)?),
        None => return None,
    };
    let m = rest.get(..2)?;
    let tail = rest.get(2..)?;
    if !(tail.is_empty() || tail == ":00") {
        return None;
    }
    let digits = |t: &str| -> Option<u32> {
        if t.is_empty() || t.len() > 2 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let (h, m) = (digits(h)?, digits(m)?);
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

/// Minutes since midnight as "HH:MM".
pub fn format_hhmm(min: u32) -> String {
    let min = min % DAY;
    let mut s = String::with_capacity(5);
    for (i, v) in [min / 60, min % 60].into_iter().enumerate() {
        if i == 1 {
            s.push(':');
        }
        s.push(char::from(b'0' + (v / 10) as u8));
        s.push(char::from(b'0' + (v % 10) as u8));
    }
    s
}

/// The span of one window of ISO weekday `day` (1..=7); `None` for an empty
/// or unparseable window.
pub fn span(day: u32, start: u32, end: u32) -> Option<Span> {
    if !(1..=7).contains(&day) || start >= DAY {
        return None;
    }
    let len = if end > start {
        end - start
    } else {
        end + DAY - start
    };
    Some(Span {
        start: (day - 1) * DAY + start,
        len: len.min(DAY),
    })
}

/// Minutes from `from` forward to `to` on the week ring.
fn ahead(from: u32, to: u32) -> u32 {
    (to + WEEK - from % WEEK) % WEEK
}

fn covers(s: &Span, t: u32) -> bool {
    ahead(s.start, t) < s.len
}

/// Whether the point is open at local `weekday` (1..=7) and `minute`, and
/// when it closes or opens next. Uses every window of every day.
pub fn status(spans: &[Span], weekday: u32, minute: u32) -> Status {
    let now = (weekday.clamp(1, 7) - 1) * DAY + minute.min(DAY - 1);
    let mut st = Status::default();
    // Minutes from now until the covering windows end (merging windows that touch or overlap).
    let mut open_for: Option<u32> = None;
    for s in spans.iter().filter(|s| covers(s, now)) {
        let left = s.len - ahead(s.start, now);
        open_for = Some(open_for.map_or(left, |l| l.max(left)));
    }
    if let Some(mut left) = open_for {
        st.is_open = true;
        for _ in 0..=spans.len() {
            if left >= WEEK {
                return st; // open around the clock
            }
            let at = (now + left) % WEEK;
            let mut next = left;
            for s in spans.iter().filter(|s| covers(s, at)) {
                next = next.max(left + s.len - ahead(s.start, at));
            }
            if next == left {
                break;
            }
            left = next;
        }
        if left < WEEK {
            st.closes_at = Some((now + left) % DAY);
        }
        return st;
    }
    let first = spans
        .iter()
        .map(|s| (ahead(now, s.start), s.start))
        .min_by_key(|(d, _)| *d);
    if let Some((_, start)) = first {
        st.opens_at = Some(start % DAY);
        st.opens_on = Some(start / DAY + 1);
    }
    st
}

fn bad(field: &str, why: &str) -> Error {
    let errors: FieldErrors = crate::error::one_field(field, why);
    crate::error::check_fields("service point", errors)
        .err()
        .unwrap_or_else(|| Error::invalid_input("invalid service point", Vec::new()))
}

/// ISO weekday of an `openings[].weekday` value: 1..=7, with 0 read as Sunday.
pub fn iso_weekday(n: f64) -> Option<u32> {
    if n.fract() != 0.0 || !(0.0..=7.0).contains(&n) {
        return None;
    }
    let d = n as u32;
    Some(if d == 0 { 7 } else { d })
}

/// The windows of a `ServicePoint` (camelCase, as this package returns it).
/// Errors: INVALID_INPUT for a point that is not an object, a weekday outside
/// 0..=7 or a time that is not "HH:MM".
pub fn spans_of<V: Json>(point: &V) -> Result<Vec<Span>, Error> {
    if point.kind() != Kind::Obj {
        return Err(bad("point", "invalid"));
    }
    let openings = point.get("openings");
    if !openings.is_absent() && openings.kind() != Kind::Arr {
        return Err(bad("openings", "invalid"));
    }
    let mut out = Vec::new();
    for i in 0..openings.len() {
        let o = openings.at(i);
        let day = o
            .get("weekday")
            .as_f64()
            .and_then(iso_weekday)
            .ok_or_else(|| bad("openings.weekday", "invalid"))?;
        let windows = o.get("windows");
        for j in 0..windows.len() {
            let w = windows.at(j);
            let time = |k: &'static str| w.get(k).as_string().as_deref().and_then(parse_hhmm);
            let (Some(start), Some(end)) = (time("start"), time("end")) else {
                return Err(bad("openings.windows", "invalid"));
            };
            out.extend(span(day, start, end));
        }
    }
    Ok(out)
}

/// `openingStatus` as a JS/JSON value: `{ isOpen, closesAt?, opensAt?, opensOn? }`.
pub fn status_value<V: Json>(point: &V, weekday: u32, minute: u32) -> Result<V, Error> {
    let st = status(&spans_of(point)?, weekday, minute);
    let mut out = V::new_object();
    out.set("isOpen", V::from_bool(st.is_open));
    if let Some(m) = st.closes_at {
        out.set("closesAt", V::from_str(&format_hhmm(m)));
    }
    if let Some(m) = st.opens_at {
        out.set("opensAt", V::from_str(&format_hhmm(m)));
    }
    if let Some(d) = st.opens_on {
        out.set("opensOn", V::from_f64(f64::from(d)));
    }
    Ok(out)
}

/// Standard offset (minutes east of UTC) and whether the EU summer-time rule
/// applies, for the zones the native rule knows.
fn eu_zone(zone: &str) -> Option<(i64, bool)> {
    const CET: &[&str] = &[
        "Amsterdam",
        "Andorra",
        "Belgrade",
        "Berlin",
        "Bratislava",
        "Brussels",
        "Budapest",
        "Busingen",
        "Copenhagen",
        "Gibraltar",
        "Ljubljana",
        "Luxembourg",
        "Madrid",
        "Malta",
        "Monaco",
        "Oslo",
        "Paris",
        "Podgorica",
        "Prague",
        "Rome",
        "San_Marino",
        "Sarajevo",
        "Skopje",
        "Stockholm",
        "Tirane",
        "Vaduz",
        "Vatican",
        "Vienna",
        "Warsaw",
        "Zagreb",
        "Zurich",
    ];
    const EET: &[&str] = &[
        "Athens",
        "Bucharest",
        "Helsinki",
        "Kiev",
        "Kyiv",
        "Mariehamn",
        "Nicosia",
        "Riga",
        "Sofia",
        "Tallinn",
        "Vilnius",
    ];
    const WET: &[&str] = &[
        "Dublin",
        "Guernsey",
        "Isle_of_Man",
        "Jersey",
        "Lisbon",
        "London",
    ];
    match zone {
        "UTC" | "Etc/UTC" | "GMT" | "Etc/GMT" => return Some((0, false)),
        "CET" | "MET" => return Some((60, true)),
        "EET" => return Some((120, true)),
        "WET" => return Some((0, true)),
        _ => {}
    }
    let city = zone.strip_prefix("Europe/")?;
    if CET.contains(&city) {
        Some((60, true))
    } else if EET.contains(&city) {
        Some((120, true))
    } else if WET.contains(&city) {
        Some((0, true))
    } else {
        None
    }
}

/// Day number of the last Sunday of a 31-day month.
fn last_sunday(year: i64, month: u32) -> i64 {
    let d = days_from_civil(year, month, 31);
    d - i64::from(weekday_from_days(d) % 7)
}

/// Local (ISO weekday, minute of the day) at `utc_ms` in an EU zone (or
/// "UTC"): summer time from the last Sunday of March 01:00 UTC to the last
/// Sunday of October 01:00 UTC. `None` for a zone the rule does not know.
pub fn eu_local_time(utc_ms: f64, zone: &str) -> Option<(u32, u32)> {
    let (std_off, dst) = eu_zone(zone)?;
    if !utc_ms.is_finite() {
        return None;
    }
    let utc_min = (utc_ms / 60_000.0).floor() as i64;
    let (year, _, _) = civil_from_days(utc_min.div_euclid(1440));
    let summer = dst && {
        let begin = last_sunday(year, 3) * 1440 + 60;
        let end = last_sunday(year, 10) * 1440 + 60;
        (begin..end).contains(&utc_min)
    };
    let local = utc_min + std_off + if summer { 60 } else { 0 };
    let day = local.div_euclid(1440);
    Some((weekday_from_days(day), local.rem_euclid(1440) as u32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_rfc3339;
    use serde_json::{json, Value};

    fn at(iso: &str) -> (u32, u32) {
        eu_local_time(parse_rfc3339(iso).unwrap(), "Europe/Amsterdam").unwrap()
    }

    fn point(openings: Value) -> Value {
        json!({"id": "1", "openings": openings})
    }

    fn check(p: &Value, iso: &str, want: Value) {
        let (d, m) = at(iso);
        let got: Value = status_value(p, d, m).unwrap();
        assert_eq!(got, want, "{iso}");
    }

    #[test]
    fn times_parse_and_format() {
        assert_eq!(parse_hhmm("09:30"), Some(570));
        assert_eq!(parse_hhmm("9:30"), Some(570));
        assert_eq!(parse_hhmm("0930"), Some(570));
        assert_eq!(parse_hhmm("09:30:00"), Some(570));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        for bad in ["", "24:30", "12:60", "ab:cd", "930", "09:30:15", "-1:00"] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
        assert_eq!(format_hhmm(570), "09:30");
        assert_eq!(format_hhmm(0), "00:00");
        assert_eq!(format_hhmm(1439), "23:59");
    }

    #[test]
    fn eu_rule_switch_days() {
        // 2026: summer time from Sun 29 March 01:00 UTC to Sun 25 October 01:00 UTC.
        assert_eq!(at("2026-03-29T00:59:00Z"), (7, 60 + 59));
        assert_eq!(at("2026-03-29T01:00:00Z"), (7, 3 * 60));
        assert_eq!(at("2026-10-25T00:59:00Z"), (7, 2 * 60 + 59));
        assert_eq!(at("2026-10-25T01:00:00Z"), (7, 2 * 60));
        assert_eq!(at("2026-07-01T12:00:00Z"), (3, 14 * 60));
        assert_eq!(at("2026-01-05T23:30:00Z"), (2, 30)); // Monday night UTC is Tuesday here
        let utc = |iso| eu_local_time(parse_rfc3339(iso).unwrap(), "UTC").unwrap();
        assert_eq!(utc("2026-07-01T12:00:00Z"), (3, 720));
        let lon = |iso| eu_local_time(parse_rfc3339(iso).unwrap(), "Europe/London").unwrap();
        assert_eq!(lon("2026-07-01T12:00:00Z"), (3, 780));
        let hel = |iso| eu_local_time(parse_rfc3339(iso).unwrap(), "Europe/Helsinki").unwrap();
        assert_eq!(hel("2026-01-01T12:00:00Z"), (4, 840));
        assert_eq!(eu_local_time(0.0, "America/New_York"), None);
        assert_eq!(eu_local_time(f64::NAN, "UTC"), None);
    }

    #[test]
    fn opening_status_table() {
        // Mon-Fri with a lunch break, Saturday morning, closed on Sunday; a late Friday.
        let shop = point(json!([
            {"weekday": 1, "windows": [{"start": "09:00", "end": "12:30"}, {"start": "13:30", "end": "18:00"}]},
            {"weekday": 2, "windows": [{"start": "09:00", "end": "12:30"}, {"start": "13:30", "end": "18:00"}]},
            {"weekday": 5, "windows": [{"start": "13:30", "end": "21:00"}, {"start": "09:00", "end": "12:30"}]},
            {"weekday": 6, "windows": [{"start": "09:00", "end": "13:00"}]},
            {"weekday": 7, "windows": []}
        ]));
        // 2026-01-05 is a Monday; winter time (UTC+1).
        check(
            &shop,
            "2026-01-05T08:00:00Z",
            json!({"isOpen": true, "closesAt": "12:30"}),
        );
        check(
            &shop,
            "2026-01-05T11:45:00Z",
            json!({"isOpen": false, "opensAt": "13:30", "opensOn": 1}),
        );
        check(
            &shop,
            "2026-01-05T13:00:00Z",
            json!({"isOpen": true, "closesAt": "18:00"}),
        );
        check(
            &shop,
            "2026-01-05T17:00:00Z",
            json!({"isOpen": false, "opensAt": "09:00", "opensOn": 2}),
        );
        check(
            &shop,
            "2026-01-05T05:00:00Z",
            json!({"isOpen": false, "opensAt": "09:00", "opensOn": 1}),
        );
        // Tuesday evening: Wednesday and Thursday have no entry, next is Friday morning.
        check(
            &shop,
            "2026-01-06T20:00:00Z",
            json!({"isOpen": false, "opensAt": "09:00", "opensOn": 5}),
        );
        // Friday: windows given out of order; the second one is used.
        check(
            &shop,
            "2026-01-09T19:00:00Z",
            json!({"isOpen": true, "closesAt": "21:00"}),
        );
        // Sunday (closed, empty windows) -> Monday 09:00.
        check(
            &shop,
            "2026-01-11T12:00:00Z",
            json!({"isOpen": false, "opensAt": "09:00", "opensOn": 1}),
        );
        // Saturday after closing -> skips Sunday.
        check(
            &shop,
            "2026-01-10T13:00:00Z",
            json!({"isOpen": false, "opensAt": "09:00", "opensOn": 1}),
        );
    }

    #[test]
    fn windows_past_midnight() {
        // A night shop 18:00-01:00 Mon-Sat, and Sunday 20:00-"24:00" that continues with Monday 00:00-02:00.
        let night = point(json!([
            {"weekday": 1, "windows": [{"start": "00:00", "end": "02:00"}, {"start": "18:00", "end": "01:00"}]},
            {"weekday": 2, "windows": [{"start": "18:00", "end": "01:00"}]},
            {"weekday": 0, "windows": [{"start": "20:00", "end": "24:00"}]}
        ]));
        // Tuesday 00:30 local: Monday's window still runs.
        check(
            &night,
            "2026-01-05T23:30:00Z",
            json!({"isOpen": true, "closesAt": "01:00"}),
        );
        check(
            &night,
            "2026-01-06T00:30:00Z",
            json!({"isOpen": false, "opensAt": "18:00", "opensOn": 2}),
        );
        // Sunday 23:00 (weekday 0 read as Sunday): runs into Monday 00:00-02:00 -> closes 02:00.
        check(
            &night,
            "2026-01-11T22:00:00Z",
            json!({"isOpen": true, "closesAt": "02:00"}),
        );
        // Wednesday 00:30: Tuesday's window still runs; then nothing until Sunday 20:00.
        check(
            &night,
            "2026-01-06T23:30:00Z",
            json!({"isOpen": true, "closesAt": "01:00"}),
        );
        check(
            &night,
            "2026-01-07T12:00:00Z",
            json!({"isOpen": false, "opensAt": "20:00", "opensOn": 7}),
        );
        // end "00:00" means midnight.
        let late = point(json!([{"weekday": 3, "windows": [{"start": "17:00", "end": "00:00"}]}]));
        check(
            &late,
            "2026-01-07T22:59:00Z",
            json!({"isOpen": true, "closesAt": "00:00"}),
        );
        check(
            &late,
            "2026-01-07T23:00:00Z",
            json!({"isOpen": false, "opensAt": "17:00", "opensOn": 3}),
        );
    }

    #[test]
    fn no_data_and_always_open() {
        for p in [
            point(json!([])),
            json!({"id": "x"}),
            point(json!([{"weekday": 3, "windows": []}])),
        ] {
            check(&p, "2026-01-07T12:00:00Z", json!({"isOpen": false}));
        }
        let all: Vec<Value> = (1..=7)
            .map(|d| json!({"weekday": d, "windows": [{"start": "00:00", "end": "24:00"}]}))
            .collect();
        check(
            &point(json!(all)),
            "2026-01-07T12:00:00Z",
            json!({"isOpen": true}),
        );
    }

    #[test]
    fn dst_switch_days_in_amsterdam() {
        let sunday = point(
            json!([{"weekday": 7, "windows": [{"start": "02:00", "end": "03:30"}, {"start": "10:00", "end": "17:00"}]}]),
        );
        // 2026-03-29: 01:30 UTC is 03:30 CEST (already summer time): closed, opens 10:00.
        check(
            &sunday,
            "2026-03-29T01:30:00Z",
            json!({"isOpen": false, "opensAt": "10:00", "opensOn": 7}),
        );
        // 00:30 UTC is 01:30 CET: closed, the 02:00 window is next (skipped on the clock, still listed).
        check(
            &sunday,
            "2026-03-29T00:30:00Z",
            json!({"isOpen": false, "opensAt": "02:00", "opensOn": 7}),
        );
        // 08:00 UTC is 10:00 CEST (a naive +1 would say 09:00, closed).
        check(
            &sunday,
            "2026-03-29T08:00:00Z",
            json!({"isOpen": true, "closesAt": "17:00"}),
        );
        // 2026-10-25: 09:00 UTC is 10:00 CET (a naive +2 would say 11:00).
        check(
            &sunday,
            "2026-10-25T08:30:00Z",
            json!({"isOpen": false, "opensAt": "10:00", "opensOn": 7}),
        );
        check(
            &sunday,
            "2026-10-25T09:00:00Z",
            json!({"isOpen": true, "closesAt": "17:00"}),
        );
        // 00:30 UTC is 02:30 CEST (first pass of the repeated hour): open until 03:30.
        check(
            &sunday,
            "2026-10-25T00:30:00Z",
            json!({"isOpen": true, "closesAt": "03:30"}),
        );
        // 16:30 UTC is 17:30 CET: closed until next Sunday.
        check(
            &sunday,
            "2026-10-25T16:30:00Z",
            json!({"isOpen": false, "opensAt": "02:00", "opensOn": 7}),
        );
    }

    #[test]
    fn bad_points_are_invalid_input() {
        let cases = [
            json!("x"),
            json!({"openings": 3}),
            point(json!([{"weekday": 8, "windows": []}])),
            point(json!([{"weekday": "mon", "windows": []}])),
            point(json!([{"weekday": 1, "windows": [{"start": "9", "end": "10:00"}]}])),
            point(json!([{"weekday": 1, "windows": [{"start": "09:00"}]}])),
        ];
        for p in cases {
            let e = status_value::<Value>(&p, 1, 0).unwrap_err();
            assert_eq!(e.code, crate::error::Code::InvalidInput, "{p}");
        }
    }
}
