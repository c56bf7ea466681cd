// The fuzz corpus through src/shape.js: every (value, table) that tests/fuzz.rs
// decoded with the Rust walker (target/fuzz-shapes/*.ndjson, with the tables as
// the wasm build compiles them) is shaped by shape.js too; any difference in the
// value, the DECODE error or the drops fails. Run by scripts/fuzz.sh after cargo.
import fs from "node:fs";
import readline from "node:readline";
import { isDeepStrictEqual } from "node:util";
import { jsResult } from "../tests/support/shapes.mjs";

const dir = new URL("../target/fuzz-shapes/", import.meta.url);
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".ndjson")).sort() : [];
if (files.length === 0) {
  console.error("fuzz-shapes: no target/fuzz-shapes/*.ndjson (run the fuzz tests first: scripts/fuzz.sh)");
  process.exit(1);
}

const count = { values: 0, pairs: 0, ok: 0, drops: 0, err: 0 };
const diffs = [];
const start = Date.now();
for (const file of files) {
  const lines = readline.createInterface({ input: fs.createReadStream(new URL(file, dir)), crlfDelay: Infinity });
  let tables;
  for await (const line of lines) {
    if (!line) continue;
    if (!tables) {
      tables = JSON.parse(line).tables;
      continue;
    }
    const [value, results] = JSON.parse(line);
    count.values++;
    for (const [name, want] of results) {
      count.pairs++;
      if ("err" in want) count.err++;
      else if (want.drops.length) count.drops++;
      else count.ok++;
      const got = jsResult(value, tables[name]);
      if (!isDeepStrictEqual(got, want) && diffs.length < 10) {
        diffs.push(`${file}: ${name} of ${JSON.stringify(value)}\n   shape.js ${JSON.stringify(got)}\n   shape.rs ${JSON.stringify(want)}`);
      }
    }
  }
  if (!tables) diffs.push(`${file}: empty`);
}

const n = (x) => x.toLocaleString("en-US");
if (diffs.length) {
  console.error(diffs.join("\n"));
  console.error(`fuzz-shapes: shape.js differs from shape.rs (first ${diffs.length} differences above)`);
  process.exit(1);
}
console.log(
  `fuzz-shapes: ${n(count.pairs)} (value, table) pairs of ${n(count.values)} fuzz values through shape.js, ` +
    `all as shape.rs: ${n(count.ok)} shaped whole, ${n(count.drops)} with drops, ${n(count.err)} DECODE errors ` +
    `(${((Date.now() - start) / 1000).toFixed(1)}s)`,
);
