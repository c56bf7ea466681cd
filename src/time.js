// Timestamps for the wasm build: RFC 3339 and HTTP dates parsed, and epoch ms
// formatted, with the same grammar as src/time.rs (which the native build and
// tests use). In JS the engine does the number work: the Rust versions cost
// 1.9 KB gzipped of wasm, these 0.7 KB of JS. Both implementations are checked
// against one case table (tests/fixtures/dates.json); they differ only where
// formatting leaves the years 0000..9999 (held to the ends of that range
// here) and in rounding a fraction of a millisecond.

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_MS = 86400000;

/** 1 to 12 ASCII digits as a number in `[lo, hi]`, else NaN. */
function num(s, lo = 0, hi = Infinity) {
  const n = s !== undefined && /^\d{1,12}$/.test(s) ? +s : NaN;
  return n >= lo && n <= hi ? n : NaN;
}

/** Days since 1970-01-01 of a proleptic Gregorian date; the day may overflow its month. */
function days(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400), yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** `h:m[:s]` (extra fields ignored) as seconds, or NaN. */
function clock(text) {
  const [h, mi, s] = text.split(":");
  return num(h, 0, 23) * 3600 + num(mi, 0, 59) * 60 + (s === undefined ? 0 : num(s, 0, 60));
}

/** An RFC 3339 date or date-time (with an offset) as epoch ms, else NaN; a bare date is midnight UTC. */
export function parseIso(text) {
  const s = text.trim();
  const cut = s.search(/[Tt ]/);
  const date = cut < 0 ? s : s.slice(0, cut), rest = cut < 0 ? "" : s.slice(cut + 1);
  const dp = date.split("-");
  if (dp.length !== 3) return NaN;
  const day = days(num(dp[0]), num(dp[1], 1, 12), num(dp[2], 1, 31));
  if (!rest) return day * DAY_MS;
  let time = rest.slice(0, -1), offset = 0;
  if (!/[Zz]$/.test(rest)) {
    const i = Math.max(rest.lastIndexOf("+"), rest.lastIndexOf("-"));
    if (i < 0) return NaN;
    const off = rest.slice(i + 1), colon = off.indexOf(":");
    if (colon < 0 && off.length < 2) return NaN;
    const [oh, om] = colon < 0 ? [off.slice(0, 2), off.slice(2)] : [off.slice(0, colon), off.slice(colon + 1)];
    offset = (rest[i] === "-" ? -1 : 1) * (num(oh, 0, 23) * 60 + num(om, 0, 59));
    time = rest.slice(0, i);
  }
  const dot = time.indexOf(".");
  const frac = dot < 0 ? "" : time.slice(dot + 1);
  if (frac && Number.isNaN(num(frac))) return NaN;
  // Milliseconds: the first three digits of the fraction ("5" is 500).
  return (day * 86400 + clock(dot < 0 ? time : time.slice(0, dot)) - offset * 60) * 1000 + +(frac + "00").slice(0, 3);
}

/** Epoch ms as `YYYY-MM-DDTHH:MM:SS.sssZ`, held to the years 0000..9999. */
export function isoString(ms) {
  return new Date(Math.min(Math.max(Math.round(ms) || 0, -62167219200000), 253402300799999)).toISOString();
}

/** An HTTP date (IMF-fixdate, or RFC 850 with a two-digit year) as epoch ms, else NaN. */
export function parseHttpDate(text) {
  const s = text.trim(), comma = s.indexOf(",");
  if (comma < 0) return NaN;
  const [d, mon = "", y, time = "", zone = ""] = s.slice(comma + 1).split(/[ -]/).filter(Boolean);
  const month = MONTHS.indexOf(mon.toLowerCase()) + 1;
  let year = num(y);
  if (year < 100) year += year < 70 ? 2000 : 1900;
  if (!month || !/^(gmt|utc)$/i.test(zone)) return NaN;
  const [, , sec] = time.split(":");
  return sec === undefined ? NaN : (days(year, month, num(d, 1, 31)) * 86400 + clock(time)) * 1000;
}

// Local wall-clock time in an IANA time zone, with Intl (the zone's own rules,
// DST included, not the browser's zone), for openingStatus (src/client/pure.rs).
// Here rather than in a file of its own: every JS file the core imports is one
// more module wasm-bindgen-test-runner's page loads, and with five its page load
// hung about half the time (measured); four load reliably.

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** `[isoWeekday 1..7, minuteOfDay]` at epoch `ms` in `zone`, or undefined for an unknown zone. */
export function localClock(ms, zone) {
  try {
    const parts = {};
    for (const p of new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", weekday: "short", hour: "2-digit", minute: "2-digit",
    }).formatToParts(ms)) parts[p.type] = p.value;
    const day = WEEKDAYS.indexOf(parts.weekday) + 1;
    const minute = (+parts.hour % 24) * 60 + +parts.minute;
    return day > 0 && minute >= 0 ? [day, minute] : undefined;
  } catch {
    return undefined; // RangeError: unknown time zone
  }
}
