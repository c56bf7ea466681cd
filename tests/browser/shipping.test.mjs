// Shipping methods, service points, openingStatus and the checkout shipping step,
// in headless Chromium against the mock.
import { before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { setup, hits, onWire, test } from "../support/harness.mjs";

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.close(); });
beforeEach(async () => { await t.reset(); });

const ev = (fn, arg) => t.page.evaluate(fn, arg);

function assertAfostoError(r, code) {
  assert.equal(r.ok, false, `expected a rejection, got ${JSON.stringify(r).slice(0, 300)}`);
  assert.equal(r.code, code, r.message);
  assert.equal(r.name, "AfostoError");
  assert.ok(r.isAfosto && r.isError && r.hasStack);
}

const distances = (matches) => matches.map((m) => m.distance);
const isSorted = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] <= x);

test("shipping methods: list, get, selectable", async () => {
  const r = await ev(async () => {
    const c = client({ channelId: "9c1d4e2a-6b7f-4c3d-8e5a-1f2b3c4d5e6f" });
    const list = await settle(c.listShippingMethods({ countryCode: "NL" }));
    const be = await settle(c.listShippingMethods({ countryCode: "BE", channelId: "web-be" }));
    const one = await settle(c.getShippingMethod(list.value[0].id, { countryCode: "NL" }));
    const missing = await settle(c.getShippingMethod("no-such-method"));
    const empty = await settle(c.getShippingMethod(""));
    const noCountry = await settle(c.listShippingMethods({}));
    const sel = lib.selectableShippingMethods(list.value, { countryCode: "NL", weight: 5000 });
    const selAll = lib.selectableShippingMethods(list.value, { countryCode: "NL" });
    let thrown;
    try { lib.selectableShippingMethods({ not: "an array" }, { countryCode: "NL" }); } catch (e) {
      thrown = { name: e.name, code: e.code, isAfosto: lib.isAfostoError(e), isError: e instanceof Error };
    }
    let thrown2;
    try { lib.selectableShippingMethods([1, 2], { countryCode: "NL" }); } catch (e) { thrown2 = e.code; }
    return { list, be, one, missing, empty, noCountry, sel, selAll, thrown, thrown2 };
  });
  assert.ok(r.list.ok, JSON.stringify(r.list));
  assert.ok(r.list.value.length >= 5);
  for (const m of r.list.value) {
    assert.ok(m.countries.some((c) => c.code === "NL"));
    assert.equal(typeof m.carrierCode, "string");
    assert.equal(typeof m.isEnabled, "boolean");
    assert.equal(typeof m.priority, "number");
    assert.ok(!("carrier_code" in m));
  }
  assert.ok(r.be.ok);
  assert.equal(r.one.value.id, r.list.value[0].id);
  assertAfostoError(r.missing, "NOT_FOUND");
  assertAfostoError(r.empty, "INVALID_INPUT");
  assertAfostoError(r.noCountry, "INVALID_INPUT");
  // selectable: enabled, NL, fits 5 kg, sorted by priority then price then name, price from NL amount
  assert.ok(r.sel.length > 0 && r.sel.length < r.selAll.length, "the 2 kg letterbox parcel drops out");
  for (const m of r.sel) {
    assert.equal(m.isEnabled, true);
    assert.equal(m.price, m.countries.find((c) => c.code === "NL").amount);
    assert.ok(m.maxWeight === undefined || m.maxWeight >= 5000);
  }
  const key = (m) => [m.priority, m.price, m.name];
  for (let i = 1; i < r.sel.length; i++) {
    const [a, b] = [key(r.sel[i - 1]), key(r.sel[i])];
    assert.ok(a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2]))), JSON.stringify([a, b]));
  }
  assert.deepEqual(r.thrown, { name: "AfostoError", code: "INVALID_INPUT", isAfosto: true, isError: true });
  assert.equal(r.thrown2, "INVALID_INPUT");
  const log = await t.log();
  assert.deepEqual(hits(log, "/lcs/methods")[0].query, { country_code: "NL", channel_id: "9c1d4e2a-6b7f-4c3d-8e5a-1f2b3c4d5e6f" });
  assert.deepEqual(hits(log, "/lcs/methods")[1].query, { country_code: "BE", channel_id: "web-be" });
  assert.equal(hits(log, "/lcs/methods/").length, 0, "an empty id sends nothing");
});

test("service points: sorted lists, one point, DPD mapping, encoded carrier", async () => {
  const r = await ev(async () => {
    const c = client();
    const postnl = await settle(c.listServicePoints({ carrier: "postnl", countryCode: "NL", postalCode: "1012 AB" }));
    const dhlBe = await settle(c.listServicePoints({ carrier: "dhl", countryCode: "BE", postalCode: "2000" }));
    const first = postnl.value[0].point;
    const one = await settle(c.getServicePoint({ carrier: "postnl", id: first.id, countryCode: "NL" }));
    const dpd = await settle(c.listDpdServicePoints({ countryCode: "DE", postalCode: "10115" }));
    const evil = await settle(c.listServicePoints({ carrier: "../iam/users", countryCode: "NL", postalCode: "1012" }));
    const bad = await settle(c.listServicePoints({ carrier: "postnl", countryCode: "NL" }));
    return { postnl, dhlBe, one, first, dpd, evil, bad };
  });
  assert.ok(r.postnl.ok, JSON.stringify(r.postnl));
  assert.ok(r.postnl.value.length >= 20);
  assert.ok(isSorted(distances(r.postnl.value)), "sorted by distance");
  assert.ok(isSorted(distances(r.dhlBe.value)) && r.dhlBe.value.length >= 20);
  const p = r.first;
  assert.equal(p.carrier, "postnl");
  assert.equal(typeof p.longitude, "number");
  assert.equal(p.address.countryCode, "NL");
  for (const o of p.openings) assert.ok(o.weekday >= 1 && o.weekday <= 7);
  assert.deepEqual(r.one.value, p);
  // DPD: own shape mapped to ServicePointMatch
  assert.ok(r.dpd.ok, JSON.stringify(r.dpd));
  assert.ok(r.dpd.value.length >= 20);
  assert.ok(isSorted(distances(r.dpd.value)));
  for (const { point } of r.dpd.value) {
    assert.equal(point.carrier, "dpd");
    assert.ok(typeof point.id === "string" && point.id.length > 0, "DPD points are identified by their pudoId");
    assert.equal(point.address.countryCode, "DE");
    assert.equal(typeof point.address.premiseNumber, "number");
    for (const o of point.openings) {
      assert.ok(o.weekday >= 1 && o.weekday <= 7);
      for (const w of o.windows) assert.match(w.start + w.end, /^\d\d:\d\d\d\d:\d\d$/);
    }
  }
  const suffixed = r.dpd.value.find((m) => m.point.address.premiseNumberSuffix);
  assert.ok(suffixed, "some DPD house numbers carry a suffix");
  // the carrier is one encoded path segment
  assertAfostoError(r.evil, "NOT_FOUND");
  assertAfostoError(r.bad, "INVALID_INPUT");
  const log = await t.log();
  assert.equal(hits(log, onWire("/lcs/points/%2E%2E%2Fiam%2Fusers"), "GET").length, 1);
  assert.ok(!log.some((e) => e.rawPath.startsWith("/iam")));
  assert.deepEqual(hits(log, "/lcs/dpd/points")[0].query, { country_code: "DE", postal_code: "10115" });
});

test("findServicePoints runs carriers in parallel and merges by great-circle metres from the postal code", async () => {
  await t.config({ carriers: { postnl: { delayMs: 300 }, dhl: { delayMs: 300 }, dpd: { delayMs: 300 } } });
  const r = await ev(async () => {
    const c = client();
    const q = { carriers: ["postnl", "dhl", "dpd"], countryCode: "NL", postalCode: "3511 AB" };
    const all = await settle(c.findServicePoints(q));
    const limited = await settle(c.findServicePoints({ ...q, limit: 7 }));
    const none = await settle(c.findServicePoints({ ...q, carriers: [] }));
    return { all, limited, none };
  });
  console.log(`findServicePoints, 3 carriers x 300 ms delay: ${r.all.ms.toFixed(0)} ms (limit 7: ${r.limited.ms.toFixed(0)} ms)`);
  assert.ok(r.all.ok, JSON.stringify(r.all).slice(0, 500));
  assert.ok(r.all.ms < 750, `parallel: took ${r.all.ms} ms`);
  assert.ok(r.all.ms >= 290);
  assert.deepEqual(r.all.value.failed, []);
  const m = r.all.value.matches;
  // API.md: the carriers' `distance` has no documented unit; the merge is by `metres` from the
  // geocoded postal code, computed by the package for every match.
  assert.ok(m.every((x) => Number.isInteger(x.metres) && x.metres >= 0), "every match has metres");
  assert.ok(isSorted(m.map((x) => x.metres)), "merged by metres");
  assert.deepEqual(new Set(m.map((x) => x.point.carrier)), new Set(["postnl", "dhl", "dpd"]));
  assert.ok(m.length >= 60);
  assert.equal(r.limited.value.matches.length, 7);
  assert.deepEqual(r.limited.value.matches, m.slice(0, 7));
  assertAfostoError(r.none, "INVALID_INPUT");
  const log = await t.log();
  assert.equal(hits(log, "/lcs/dpd/points").length, 2, "dpd through its own endpoint");
  assert.equal(hits(log, "/lcs/points/dpd").length, 0);
  // the postal code was geocoded once (cached for the second call)
  assert.equal(hits(log, "/rel/geocode").length, 1);
  assert.deepEqual(hits(log, "/rel/geocode")[0].body, { country_code: "NL", address: "3511 AB" });
  // the three requests overlapped
  const starts = log.filter((e) => e.rawPath.startsWith("/lcs/")).slice(0, 3).map((e) => e.time);
  assert.ok(Math.max(...starts) - Math.min(...starts) < 200, `requests started together: ${starts}`);
});

test("findServicePoints keeps the other carriers when one fails", async () => {
  await t.config({ carriers: { dhl: { delayMs: 100, fail: 503 } } });
  const r = await ev(async () => {
    const c = client({ retries: 0 });
    const res = await c.findServicePoints({ carriers: ["postnl", "dhl", "dpd"], countryCode: "BE", postalCode: "9000", limit: 30 });
    const f = res.failed[0];
    return {
      matches: res.matches.length, carriers: [...new Set(res.matches.map((m) => m.point.carrier))].sort(),
      sorted: res.matches.every((m, i) => i === 0 || res.matches[i - 1].metres <= m.metres),
      failed: res.failed.length, carrier: f.carrier, isAfosto: lib.isAfostoError(f.error), isError: f.error instanceof Error,
      code: f.error.code, status: f.error.status, path: f.error.path,
    };
  });
  assert.deepEqual(r, {
    matches: 30, carriers: ["dpd", "postnl"], sorted: true, failed: 1, carrier: "dhl",
    isAfosto: true, isError: true, code: "SERVER", status: 503, path: "/lcs/points/dhl",
  });
});

test("checkout session: address, method and point selection read back as active", async () => {
  const r = await ev(async () => {
    const c = client();
    const sess = await c.createCheckoutSession();
    const address = await settle(c.setCheckoutAddress(sess.id, { countryCode: "NL", postalCode: "1012 AB", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam" }));
    const before = await c.checkoutShippingMethods(sess.id);
    const pickup = before.options.find((o) => o.carrier === "dhl" && o.type === "servicepoint") ?? before.options[0];
    const sel = await settle(c.selectShippingMethod(sess.id, { methodId: pickup.id }));
    const after = await c.checkoutShippingMethods(sess.id, { countryCode: "NL" });
    const points = await settle(c.checkoutServicePoints(sess.id));
    const spid = points.value.options[0].point.id;
    const selPoint = await settle(c.selectServicePoint(sess.id, { spid, countryCode: "NL" }));
    const pointsAfter = await c.checkoutServicePoints(sess.id, { postalCode: "1012 AB", methodId: pickup.id, countryCode: "NL" });
    const emptyId = await settle(c.checkoutShippingMethods(""));
    const emptyId2 = await settle(c.selectServicePoint("", { spid, countryCode: "NL" }));
    const noSession = await settle(c.checkoutShippingMethods("00000000-0000-4000-8000-000000000000"));
    const badMethod = await settle(c.selectShippingMethod(sess.id, { methodId: "" }));
    const withExpiry = await settle(c.createCheckoutSession({ expiresAt: "2030-01-01T00:00:00Z" }));
    return { sess, address, before, pickup, sel, after, points, spid, selPoint, pointsAfter, emptyId, emptyId2, noSession, badMethod, withExpiry };
  });
  assert.match(r.sess.id, /^[0-9a-f-]{36}$/);
  assert.ok(Date.parse(r.sess.expiresAt) > Date.now());
  assert.ok(r.address.ok, JSON.stringify(r.address));
  assert.equal(r.address.value.countryCode, "NL");
  assert.equal(typeof r.address.value.id, "string");
  assert.equal(r.before.active, undefined);
  assert.ok(!("active" in r.before));
  assert.ok(r.before.options.length > 0);
  for (const o of r.before.options) assert.deepEqual(Object.keys(o).sort(), ["carrier", "id", "name", "price", "type"]);
  assert.deepEqual(r.sel.value, { methodId: r.pickup.id, isSplitAllowed: false });
  assert.deepEqual(r.after.active, { methodId: r.pickup.id, isSplitAllowed: false });
  // the mock sends `longtitude` (sic) for session points
  assert.ok(r.points.ok, JSON.stringify(r.points).slice(0, 400));
  assert.equal(r.points.value.active, undefined);
  const opts = r.points.value.options;
  assert.ok(opts.length >= 20 && isSorted(distances(opts)));
  assert.equal(opts[0].point.carrier, r.pickup.carrier);
  assert.equal(typeof opts[0].point.longitude, "number");
  assert.ok(!("longtitude" in opts[0].point));
  assert.deepEqual(r.selPoint.value, { spid: r.spid, countryCode: "NL" });
  assert.deepEqual(r.pointsAfter.active, { spid: r.spid, countryCode: "NL" });
  assertAfostoError(r.emptyId, "INVALID_INPUT");
  assertAfostoError(r.emptyId2, "INVALID_INPUT");
  assertAfostoError(r.noSession, "NOT_FOUND");
  assertAfostoError(r.badMethod, "INVALID_INPUT");
  assert.ok(r.withExpiry.ok);
  assert.equal(Date.parse(r.withExpiry.value.expiresAt), Date.parse("2030-01-01T00:00:00Z"));
  const log = await t.log();
  const pointLog = hits(log, `/odr/sessions/${r.sess.id}/shipping/point`, "GET");
  assert.equal(pointLog.length, 2);
  assert.equal(pointLog[0].rawPath.includes("longtitude"), false);
  assert.ok(pointLog.length && JSON.stringify(pointLog[1].query) === JSON.stringify({ country_code: "NL", method_id: r.pickup.id, postal_code: "1012 AB" }));
  assert.deepEqual(hits(log, `/odr/sessions/${r.sess.id}/shipping/methods`, "PUT")[0].body, { method_id: r.pickup.id, is_split_allowed: false });
  assert.ok(!log.some((e) => e.rawPath.startsWith("/odr/sessions//")), "empty ids send nothing");
});

test("session points with `longtitude` decode to `longitude` (raw mock answer)", async () => {
  // Check the wire really says longtitude, so the test above proves the alias.
  const r = await ev(async () => {
    const c = client();
    const s = await c.createCheckoutSession();
    const raw = await c.request("GET", `/odr/sessions/${s.id}/shipping/point`, { query: { postal_code: "3011 AA", country_code: "NL" } });
    const typed = await c.checkoutServicePoints(s.id, { postalCode: "3011 AA", countryCode: "NL" });
    return { raw: raw.options[0].point, typed: typed.options.find((o) => o.point.id === raw.options[0].point.id).point };
  });
  assert.equal(typeof r.raw.longtitude, "number");
  assert.equal(r.raw.longitude, undefined);
  assert.equal(r.typed.longitude, r.raw.longtitude);
});

test("openingStatus from JS with a Date and a string, in the point's time zone", async () => {
  const r = await ev(() => {
    const point = {
      id: "1", name: "Shop", carrier: "postnl", latitude: 52, longitude: 4.9, address: { countryCode: "NL" },
      openings: [
        { weekday: 1, windows: [{ start: "09:00", end: "12:30" }, { start: "13:30", end: "18:00" }] },
        { weekday: 5, windows: [{ start: "18:00", end: "01:00" }] },
        { weekday: 7, windows: [{ start: "10:00", end: "17:00" }] },
      ],
    };
    const os = lib.openingStatus;
    const err = (f) => { try { f(); return "no error"; } catch (e) { return `${e.name} ${e.code}`; } };
    return {
      monMorning: os(point, new Date("2026-01-05T08:00:00Z")),           // Mon 09:00 CET
      lunch: os(point, "2026-01-05T11:45:00Z"),                          // Mon 12:45 CET
      evening: os(point, "2026-01-05T18:00:00+01:00"),
      friNight: os(point, "2026-01-10T00:30:00+01:00"),                  // Sat 00:30: Friday's window
      springSunday: os(point, new Date("2026-03-29T08:00:00Z")),         // 10:00 CEST
      autumnSunday: os(point, "2026-10-25T08:30:00Z"),                   // 09:30 CET
      london: os(point, "2026-01-05T08:30:00Z", "Europe/London"),        // Mon 08:30 GMT
      wall: os(point, "2026-01-05T12:45"),                               // no offset: wall time in the zone
      none: os({ ...point, openings: [] }, new Date()),
      now: typeof os(point).isOpen,
      badAt: err(() => os(point, "not a date")),
      badDate: err(() => os(point, new Date("nope"))),
      badZone: err(() => os(point, new Date(), "Mars/Olympus_Mons")),
      badPoint: err(() => os({ openings: [{ weekday: 9, windows: [] }] })),
    };
  });
  assert.deepEqual(r.monMorning, { isOpen: true, closesAt: "12:30" });
  assert.deepEqual(r.lunch, { isOpen: false, opensAt: "13:30", opensOn: 1 });
  assert.deepEqual(r.evening, { isOpen: false, opensAt: "18:00", opensOn: 5 });
  assert.deepEqual(r.friNight, { isOpen: true, closesAt: "01:00" });
  assert.deepEqual(r.springSunday, { isOpen: true, closesAt: "17:00" });
  assert.deepEqual(r.autumnSunday, { isOpen: false, opensAt: "10:00", opensOn: 7 });
  assert.deepEqual(r.london, { isOpen: false, opensAt: "09:00", opensOn: 1 });
  assert.deepEqual(r.wall, { isOpen: false, opensAt: "13:30", opensOn: 1 });
  assert.deepEqual(r.none, { isOpen: false });
  assert.equal(r.now, "boolean");
  for (const k of ["badAt", "badDate", "badZone", "badPoint"]) assert.equal(r[k], "AfostoError INVALID_INPUT", k);
});
