// Local wall-clock time in an IANA time zone, with Intl (the zone's own rules,
// DST included, not the browser's zone). Imported by src/client/pure.rs.

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
