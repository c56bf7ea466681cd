// Size of the shipped package: .wasm and JS glue, raw / gzip -9 / brotli.
// `node scripts/size.mjs --budget 32` fails when wasm + glue gzipped exceeds the budget (KB);
// with `--report-only` it prints how far over it is instead. `--ceiling N` always fails above
// N KB: a ratchet at today's size, so a change that makes the package bigger fails `npm test`.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

/**
 * Raw, gzip -9 and brotli sizes of the wasm and of all JS glue (incl. snippets) in `pkg`.
 * Not `pkg/mock/`: the Node-only `afosto-checkout/mock` entry never reaches a browser
 * (tests/release/pack.test.mjs reports what it adds to the tarball).
 */
export function sizes(pkg) {
  const mock = path.join(pkg, "mock");
  const files = walk(pkg).filter((f) => !f.startsWith(mock + path.sep));
  const measure = (list) => {
    const buf = Buffer.concat(list.map((f) => fs.readFileSync(f)));
    const each = list.map((f) => fs.readFileSync(f));
    return {
      raw: buf.length,
      gzip: each.reduce((n, b) => n + zlib.gzipSync(b, { level: 9 }).length, 0),
      brotli: each.reduce((n, b) => n + zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0),
    };
  };
  const wasm = measure(files.filter((f) => f.endsWith(".wasm")));
  const glue = measure(files.filter((f) => f.endsWith(".js")));
  return { wasm, glue, total: { raw: wasm.raw + glue.raw, gzip: wasm.gzip + glue.gzip, brotli: wasm.brotli + glue.brotli } };
}

const kb = (n) => (n / 1024).toFixed(1) + " KB";
/** Print the table the build shows. */
export function printSizes(s) {
  console.log("package size       raw        gzip -9    brotli");
  for (const k of ["wasm", "glue", "total"]) {
    console.log(`  ${k.padEnd(8)} ${kb(s[k].raw).padStart(10)} ${kb(s[k].gzip).padStart(10)} ${kb(s[k].brotli).padStart(10)}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] || "").href) {
  const i = process.argv.indexOf("--budget");
  const budgetKb = i > 0 ? Number(process.argv[i + 1]) : Infinity;
  const c = process.argv.indexOf("--ceiling");
  const ceilingKb = c > 0 ? Number(process.argv[c + 1]) : Infinity;
  const s = sizes(path.resolve("pkg"));
  printSizes(s);
  const gz = s.total.gzip / 1024;
  if (Number.isFinite(budgetKb)) {
    console.log(`size budget: wasm + glue gzip -9 = ${gz.toFixed(1)} KB (budget ${budgetKb} KB, goal 20 KB)`);
    if (gz > budgetKb && process.argv.includes("--report-only")) console.log(`OVER BUDGET by ${(gz - budgetKb).toFixed(1)} KB (reported, not enforced yet: issue #6)`);
    else if (gz > budgetKb) { console.error(`SIZE BUDGET EXCEEDED: ${gz.toFixed(1)} KB > ${budgetKb} KB`); process.exit(1); }
  }
  if (Number.isFinite(ceilingKb)) {
    if (gz > ceilingKb) { console.error(`SIZE CEILING EXCEEDED: ${gz.toFixed(1)} KB > ${ceilingKb} KB (the package grew; lower it back or justify raising the ceiling)`); process.exit(1); }
    console.log(`size ceiling: ${gz.toFixed(1)} KB <= ${ceilingKb} KB (enforced: no regression)`);
  }
}
