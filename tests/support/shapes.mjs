// src/shape.js run the way the wasm build runs it (`js::shape` in src/shape.rs),
// its result in the form the twin tests compare with the Rust walker's:
// {ok, drops: [[at, path, expected]...]} or {err: {path, expected, found}}.
// Used by tests/node/shape.test.mjs (the case table) and scripts/fuzz-shapes.mjs
// (the fuzz corpus).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { shapeJs, takeDropList } from "../../src/shape.js";

const root = new URL("../../", import.meta.url);

/**
 * The tables of tests/shapes/mod.rs by name, as the wasm build compiles them, rendered by
 * `shape::js_table` (cargo writes them on each call, so they are never stale).
 */
export function renderedTables() {
  const cargo = process.env.CARGO ?? "cargo";
  execFileSync(cargo, ["test", "--quiet", "--test", "shape_twins", "--", "--exact", "tables_for_js"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return JSON.parse(fs.readFileSync(new URL("target/shape-twins.json", root), "utf8")).tables;
}

/** Shape `input` by compiled table `t` at path "$", as `js::shape` does. */
export function jsResult(input, t) {
  takeDropList(); // nothing left over from before
  let ok;
  try {
    // `js::shape` answers Ty::Any without calling shape.js; shape.js passes it through too.
    ok = shapeJs(input, t, "$");
  } catch (e) {
    takeDropList();
    if (e === null || typeof e !== "object" || typeof e.path !== "string") throw e;
    return { err: { path: "$" + e.path, expected: e.expected, found: e.found } };
  }
  const d = takeDropList();
  const drops = [];
  for (let i = 0; i + 2 < d.length; i += 3) drops.push([d[i], d[i + 1], d[i + 2]]);
  return { ok, drops };
}
