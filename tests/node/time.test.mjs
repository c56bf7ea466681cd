// src/time.js (the wasm build's timestamp parsing and formatting) against the
// case table that src/time.rs, the native reference, is also tested with.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { parseIso, parseHttpDate, isoString } from "../../src/time.js";

const table = JSON.parse(fs.readFileSync(new URL("../fixtures/dates.json", import.meta.url), "utf8"));
const orNull = (ms) => (Number.isFinite(ms) ? ms : null);

test("RFC 3339 timestamps: the same values and rejections as time.rs", () => {
  assert.ok(table.rfc3339.length >= 50);
  for (const [input, want] of table.rfc3339) assert.equal(orNull(parseIso(input)), want, JSON.stringify(input));
});

test("HTTP dates (Retry-After): the same values and rejections as time.rs", () => {
  assert.ok(table.http.length >= 25);
  for (const [input, want] of table.http) assert.equal(orNull(parseHttpDate(input)), want, JSON.stringify(input));
});

test("formatting epoch ms: the same text as time.rs", () => {
  for (const [ms, want] of table.format) assert.equal(isoString(ms), want, String(ms));
});

test("formatting never throws: NaN is the epoch, out-of-range years are held to 0000..9999", () => {
  assert.equal(isoString(NaN), "1970-01-01T00:00:00.000Z");
  assert.equal(isoString(1e20), "9999-12-31T23:59:59.999Z");
  assert.equal(isoString(-1e20), "0000-01-01T00:00:00.000Z");
});
