// Finish pkg/ after wasm-pack: merge pkg-template/ (package.json gets the
// Cargo.toml version and the real file list), then print the sizes.
import fs from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";
import { sizes, printSizes } from "./size.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const pkg = path.join(root, "pkg");
const tpl = path.join(root, "pkg-template");
const version = /^version\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(path.join(root, "Cargo.toml"), "utf8"))[1];

for (const name of fs.readdirSync(tpl)) {
  if (name === "package.json") continue;
  fs.copyFileSync(path.join(tpl, name), path.join(pkg, name));
}
const manifest = JSON.parse(fs.readFileSync(path.join(tpl, "package.json"), "utf8"));
manifest.version = version;
fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
fs.rmSync(path.join(pkg, ".gitignore"), { force: true });

// The JS shell's classes are typed by hand next to them (src/js/classes.d.ts).
fs.appendFileSync(path.join(pkg, "afosto_checkout.d.ts"), "\n" + fs.readFileSync(path.join(root, "src/js/classes.d.ts"), "utf8"));

// wasm-bindgen types the raw wasm exports (InitOutput, *_bg.wasm.d.ts) with
// `any`; nobody calls them directly, so publish them as `unknown` and keep the
// public .d.ts free of `any` (checked by tests/types).
for (const name of ["afosto_checkout.d.ts", "afosto_checkout_bg.wasm.d.ts"]) {
  const file = path.join(pkg, name);
  if (fs.existsSync(file)) fs.writeFileSync(file, fs.readFileSync(file, "utf8").split("\n")
    .map((line) => (/^\s*(\/\*|\*|\/\/)/.test(line) ? line : line.replace(/\bany\b/g, "unknown"))).join("\n"));
}

// Bundle src/entry.js (wasm-bindgen's glue + a Node-aware `init`) into one
// minified file with the JS snippets inlined (6.4 -> ~4 KB gzipped);
// `new URL("…_bg.wasm", import.meta.url)` is kept so bundlers still find the wasm.
const out = path.join(pkg, "afosto_checkout.js");
const glue = path.join(pkg, "afosto_checkout_glue.js");
fs.renameSync(out, glue);
buildSync({ entryPoints: [path.join(root, "src/entry.js")], bundle: true, minify: true, format: "esm", target: "es2022", outfile: out, legalComments: "none", logLevel: "error" });
fs.rmSync(glue);
fs.rmSync(path.join(pkg, "snippets"), { recursive: true, force: true });

printSizes(sizes(pkg));
