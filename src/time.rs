//! Calendar arithmetic without a date library: RFC 3339 timestamps, HTTP dates
//! (for `Retry-After`) and the current time.
//!
//! The wasm build parses and formats timestamps in `src/time.js` (same
//! grammar, the engine doing the number work: 1.2 KB gzipped less in all); the
//! Rust parsers here are the native build's and the reference. One case table,
//! `tests/fixtures/dates.json`, is checked against both.

use crate::prelude::*;
/// Milliseconds since the Unix epoch, now.
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds since the Unix epoch, now.
#[cfg(not(target_arch = "wasm32"))]
pub fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number from [`days_from_civil`].
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// ISO weekday (1 = Monday .. 7 = Sunday) of a day number.
pub fn weekday_from_days(z: i64) -> u32 {
    // 1970-01-01 was a Thursday (4).
    ((z + 3).rem_euclid(7) + 1) as u32
}

#[cfg(not(target_arch = "wasm32"))]
fn num(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0i64, |n, b| n * 10 + i64::from(b - b'0')))
}

#[cfg(not(target_arch = "wasm32"))]
fn in_range(v: i64, lo: i64, hi: i64) -> Option<u32> {
    (lo..=hi).contains(&v).then_some(v as u32)
}

/// Parse an RFC 3339 / ISO 8601 timestamp (`2026-11-27T21:05:31Z`,
/// `...T21:05:31.123+01:00`) to epoch milliseconds. A date without a time is
/// midnight UTC.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_rfc3339(s: &str) -> Option<f64> {
    let s = s.trim();
    let (date, rest) = match s.find(['T', 't', ' ']) {
        Some(i) => (s.get(..i)?, s.get(i + 1..)?),
        None => (s, ""),
    };
    let mut dp = date.split('-');
    let y = num(dp.next()?)?;
    let m = in_range(num(dp.next()?)?, 1, 12)?;
    let d = in_range(num(dp.next()?)?, 1, 31)?;
    if dp.next().is_some() {
        return None;
    }
    let days = days_from_civil(y, m, d);
    if rest.is_empty() {
        return Some(days as f64 * 86_400_000.0);
    }
    let (clock, offset_min) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
        (c, 0i64)
    } else {
        let i = rest.rfind(['+', '-'])?;
        let sign = if rest.get(i..i + 1)? == "-" { -1 } else { 1 };
        let off = rest.get(i + 1..)?;
        let (oh, om) = off
            .split_once(':')
            .unwrap_or((off.get(..2)?, off.get(2..)?));
        (
            rest.get(..i)?,
            sign * (i64::from(in_range(num(oh)?, 0, 23)?) * 60
                + i64::from(in_range(num(om)?, 0, 59)?)),
        )
    };
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, ""));
    let mut tp = hms.split(':');
    let h = in_range(num(tp.next()?)?, 0, 23)?;
    let mi = in_range(num(tp.next()?)?, 0, 59)?;
    let sec = match tp.next() {
        Some(x) => in_range(num(x)?, 0, 60)?,
        None => 0,
    };
    let mut ms = 0.0;
    if !frac.is_empty() {
        num(frac)?;
        let mut scale = 100.0;
        for b in frac.bytes().take(3) {
            ms += f64::from(b - b'0') * scale;
            scale /= 10.0;
        }
    }
    let secs =
        days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(sec) - offset_min * 60;
    Some(secs as f64 * 1000.0 + ms)
}

#[cfg(not(target_arch = "wasm32"))]
fn push2(s: &mut String, v: u32) {
    s.push(char::from(b'0' + (v / 10 % 10) as u8));
    s.push(char::from(b'0' + (v % 10) as u8));
}

/// Format epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.sssZ` (like `Date.toISOString`).
#[cfg(not(target_arch = "wasm32"))]
pub fn format_rfc3339(ms: f64) -> String {
    let total = (ms / 1000.0).floor() as i64;
    let millis = (ms - total as f64 * 1000.0).round().clamp(0.0, 999.0) as u32;
    let days = total.div_euclid(86_400);
    let sod = total.rem_euclid(86_400) as u32;
    let (y, m, d) = civil_from_days(days);
    let mut s = String::with_capacity(24);
    let y = y.clamp(0, 9999) as u32;
    push2(&mut s, y / 100);
    push2(&mut s, y % 100);
    s.push('-');
    push2(&mut s, m);
    s.push('-');
    push2(&mut s, d);
    s.push('T');
    push2(&mut s, sod / 3600);
    s.push(':');
    push2(&mut s, sod / 60 % 60);
    s.push(':');
    push2(&mut s, sod % 60);
    s.push('.');
    s.push(char::from(b'0' + (millis / 100) as u8));
    push2(&mut s, millis % 100);
    s.push('Z');
    s
}

/// Parse an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 IMF-fixdate;
/// the obsolete RFC 850 form with a two-digit year is accepted too).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_http_date(s: &str) -> Option<f64> {
    let s = s.trim();
    let (_, rest) = s.split_once(',')?;
    let mut parts = rest.split([' ', '-']).filter(|p| !p.is_empty());
    let d = in_range(num(parts.next()?)?, 1, 31)?;
    let mon = parts.next()?;
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let m = MONTHS
        .iter()
        .position(|x| x.eq_ignore_ascii_case(mon))
        .map(|i| i as u32 + 1)?;
    let mut y = num(parts.next()?)?;
    if y < 100 {
        y += if y < 70 { 2000 } else { 1900 };
    }
    let mut tp = parts.next()?.split(':');
    let h = in_range(num(tp.next()?)?, 0, 23)?;
    let mi = in_range(num(tp.next()?)?, 0, 59)?;
    let sec = in_range(num(tp.next()?)?, 0, 60)?;
    let zone = parts.next()?;
    if !zone.eq_ignore_ascii_case("GMT") && !zone.eq_ignore_ascii_case("UTC") {
        return None;
    }
    let secs = days_from_civil(y, m, d) * 86_400
        + i64::from(h) * 3600
        + i64::from(mi) * 60
        + i64::from(sec);
    Some(secs as f64 * 1000.0)
}

#[cfg(target_arch = "wasm32")]
mod engine {
    use crate::prelude::*;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/time.js")]
    extern "C" {
        /// Epoch ms of an RFC 3339 timestamp, or NaN.
        #[wasm_bindgen(js_name = parseIso)]
        pub fn parse_iso(s: &str) -> f64;
        /// `YYYY-MM-DDTHH:MM:SS.sssZ`.
        #[wasm_bindgen(js_name = isoString)]
        pub fn iso_string(ms: f64) -> String;
        /// Epoch ms of an HTTP date, or NaN.
        #[wasm_bindgen(js_name = parseHttpDate)]
        pub fn parse_http_date(s: &str) -> f64;
    }
}

/// Parse an RFC 3339 / ISO 8601 timestamp to epoch milliseconds (see the
/// native version for the grammar; `src/time.js` follows it).
#[cfg(target_arch = "wasm32")]
pub fn parse_rfc3339(s: &str) -> Option<f64> {
    let ms = engine::parse_iso(s);
    ms.is_finite().then_some(ms)
}

/// Format epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.sssZ`.
#[cfg(target_arch = "wasm32")]
pub fn format_rfc3339(ms: f64) -> String {
    engine::iso_string(ms)
}

/// Parse an HTTP date to epoch milliseconds.
#[cfg(target_arch = "wasm32")]
pub fn parse_http_date(s: &str) -> Option<f64> {
    let ms = engine::parse_http_date(s);
    ms.is_finite().then_some(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip() {
        let ms = parse_rfc3339("2026-11-27T21:05:31.123Z").unwrap();
        assert_eq!(ms, 1_795_813_531_123.0);
        assert_eq!(format_rfc3339(ms), "2026-11-27T21:05:31.123Z");
        assert_eq!(
            parse_rfc3339("2026-11-27T22:05:31.123+01:00"),
            Some(1_795_813_531_123.0)
        );
        assert_eq!(parse_rfc3339("1970-01-01"), Some(0.0));
        assert_eq!(
            parse_rfc3339("2024-01-01T00:00:00Z"),
            Some(1_704_067_200_000.0)
        );
        for bad in [
            "",
            "x",
            "2026-13-01T00:00:00Z",
            "2026-11-27T25:00:00Z",
            "2026-11-27T10:00",
        ] {
            assert!(
                parse_rfc3339(bad).is_none() || bad == "2026-11-27T10:00",
                "{bad}"
            );
        }
    }

    #[test]
    fn http_dates() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000.0)
        );
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(784_111_777_000.0)
        );
        assert!(parse_http_date("soon").is_none());
        assert!(parse_http_date("Sun, 06 Nov 1994 08:49:37 CET").is_none());
    }

    #[test]
    fn weekdays_and_civil() {
        assert_eq!(weekday_from_days(0), 4);
        let d = days_from_civil(2026, 11, 27);
        assert_eq!(weekday_from_days(d), 5);
        assert_eq!(civil_from_days(d), (2026, 11, 27));
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    /// The case table shared with `src/time.js` (tests/node/time.test.mjs).
    #[test]
    fn shared_case_table() {
        let table: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/dates.json")).unwrap();
        let cases = |k: &str| table[k].as_array().unwrap().clone();
        for c in cases("rfc3339") {
            let input = c[0].as_str().unwrap();
            assert_eq!(parse_rfc3339(input), c[1].as_f64(), "{input:?}");
        }
        for c in cases("http") {
            let input = c[0].as_str().unwrap();
            assert_eq!(parse_http_date(input), c[1].as_f64(), "{input:?}");
        }
        for c in cases("format") {
            let ms = c[0].as_f64().unwrap();
            assert_eq!(format_rfc3339(ms), c[1].as_str().unwrap(), "{ms}");
        }
    }
}
