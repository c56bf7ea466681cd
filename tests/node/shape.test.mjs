// src/shape.js (the browser's response walk) against the case table that
// src/shape.rs, the native reference, is also tested with (tests/shape_twins.rs):
// same values, same DECODE errors, same drops.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { shapeJs, takeDropList } from "../../src/shape.js";
import { renderedTables, jsResult } from "../support/shapes.mjs";

const { cases } = JSON.parse(fs.readFileSync(new URL("../fixtures/shapes.json", import.meta.url), "utf8"));
const tables = renderedTables();

test("every case of tests/fixtures/shapes.json: the same result as shape.rs", () => {
  assert.ok(cases.length >= 100);
  const failures = [];
  for (const c of cases) {
    const t = tables[c.type];
    assert.ok(t, `no table ${c.type}`);
    const want = "err" in c ? { err: c.err } : { ok: c.ok, drops: c.drops ?? [] };
    const got = jsResult(c.input, t);
    try {
      assert.deepStrictEqual(got, want);
    } catch {
      failures.push(`${c.name}\n   got ${JSON.stringify(got)}\n  want ${JSON.stringify(want)}`);
    }
  }
  assert.equal(failures.length, 0, "\n" + failures.join("\n"));
});

test("a case's input is not changed by the walk", () => {
  for (const c of cases) {
    const input = structuredClone(c.input);
    jsResult(input, tables[c.type]);
    assert.deepStrictEqual(input, c.input, c.name);
  }
});

// What JSON cannot carry but a JS value can: NaN and the infinities fail the
// number checks (Rust: `is_finite`, `fract() == 0.0`), undefined is absent.
test("non-finite numbers fail Num, Int and Weekday; undefined is absent", () => {
  const weekday = "a weekday 1..7 (or 0 for Sunday)";
  for (const n of [NaN, Infinity, -Infinity]) {
    for (const [type, expected] of [["Num", "number"], ["Int", "integer"], ["Weekday", weekday]]) {
      assert.deepStrictEqual(jsResult(n, tables[type]), { err: { path: "$", expected, found: "number" } }, `${n} as ${type}`);
    }
    assert.deepStrictEqual(jsResult({ num: n }, tables.NUMBERS), { err: { path: "$.num", expected: "number", found: "number" } });
  }
  assert.deepStrictEqual(jsResult({ longitude: undefined, longtitude: 2 }, tables.ALIAS), { ok: { longitude: 2 }, drops: [] });
  assert.deepStrictEqual(jsResult([{ id: undefined }], tables["NESTED"].f[2][3]), {
    ok: [],
    drops: [["$[0]", "$[0].id", "string"]],
  });
});

test("a thrown mismatch leaves no drops behind; drops are prefixed with the path given", () => {
  takeDropList();
  assert.throws(() => shapeJs([{}, 5], tables["POINT_MATCH list"], "$"), (e) => e.path === "[1]" && e.found === "number");
  assert.deepStrictEqual(takeDropList(), []);
  const out = shapeJs([{}], tables["POINT_MATCH list"], "$.options");
  assert.deepStrictEqual(out, []);
  assert.deepStrictEqual(takeDropList(), ["$.options[0]", "$.options[0].distance", "number"]);
});
