// Make pkg/ from build/ (wasm-pack's output in build/wasm, the generated JS
// and TypeScript in build/generated): shorten the wasm's import names, bundle
// the JS shell (src/entry.js) into one file, assemble the .d.ts, merge
// pkg-template/ (package.json gets the Cargo.toml version), add CHANGELOG.md and
// the mock entry (scripts/package-mock.mjs), print the sizes.
//
// --debug (npm run build:debug): from build/debug-wasm and build/debug-generated into
// build/debug-pkg/, never pkg/. The same steps, except that the JS is bundled
// without minifying (names kept) and with a source map, afosto_checkout.js.map,
// whose sources are the repo's files (src/js/…; sourcesContent included), and
// the map is in package.json's `files`. scripts/build.sh --debug keeps the
// wasm's `name` section.
import fs from "node:fs";
import path from "node:path";
import { build, buildSync } from "esbuild";
import { minify } from "terser";
import { execFileSync } from "node:child_process";
import { sizes, printSizes } from "./size.mjs";
import { packageMock } from "./package-mock.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const debug = process.argv.includes("--debug");
const pkg = path.join(root, debug ? "build/debug-pkg" : "pkg");
const wasmDir = path.join(root, debug ? "build/debug-wasm" : "build/wasm");
const generated = path.join(root, debug ? "build/debug-generated" : "build/generated");
const tpl = path.join(root, "pkg-template");
fs.mkdirSync(pkg, { recursive: true });
const version = /^version\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(path.join(root, "Cargo.toml"), "utf8"))[1];

for (const name of fs.readdirSync(tpl)) {
  if (name === "package.json") continue;
  fs.copyFileSync(path.join(tpl, name), path.join(pkg, name));
}
const manifest = JSON.parse(fs.readFileSync(path.join(tpl, "package.json"), "utf8"));
manifest.version = version;
if (debug) manifest.files.push("afosto_checkout.js.map");
fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");

// The .d.ts: the loaders (src/js/init.d.ts: `init(): Promise<void>`, not
// wasm-bindgen's `InitOutput` of wasm internals), then
// build/generated/package.d.ts: everything generated from the Rust
// declarations (models, config and error types, every operation and plain
// function), the hand-written members of the JS shell (src/js/shell.d.ts:
// state over time, no Rust behind it) and their `[Symbol.dispose]`
// (src/js/dispose.d.ts: typed only where the consumer's lib has
// `Symbol.dispose`).
const dts = [
  fs.readFileSync(path.join(root, "src/js/init.d.ts"), "utf8"),
  fs.readFileSync(path.join(generated, "package.d.ts"), "utf8"),
];
fs.writeFileSync(path.join(pkg, "afosto_checkout.d.ts"), dts.join("\n"));
fs.copyFileSync(path.join(wasmDir, "afosto_checkout_bg.wasm.d.ts"), path.join(pkg, "afosto_checkout_bg.wasm.d.ts"));
noSymbolDisposeMember(path.join(pkg, "afosto_checkout.d.ts"));

// wasm-bindgen types the raw wasm exports (InitOutput, *_bg.wasm.d.ts) with
// `any`; nobody calls them directly, so publish them as `unknown` and keep the
// public .d.ts free of `any` (checked by tests/types).
for (const name of ["afosto_checkout.d.ts", "afosto_checkout_bg.wasm.d.ts"]) {
  const file = path.join(pkg, name);
  if (fs.existsSync(file)) fs.writeFileSync(file, fs.readFileSync(file, "utf8").split("\n")
    .map((line) => (/^\s*(\/\*|\*|\/\/)/.test(line) ? line : line.replace(/\bany\b/g, "unknown"))).join("\n"));
}

minifyWasmImports();
fs.copyFileSync(path.join(wasmDir, "afosto_checkout_bg.wasm"), path.join(pkg, "afosto_checkout_bg.wasm"));

// Bundle src/entry.js (wasm-bindgen's glue + a Node-aware `init`) into one
// minified file with the JS snippets inlined (6.4 -> ~4 KB gzipped);
// `new URL("…_bg.wasm", import.meta.url)` is kept so bundlers still find the wasm.
const out = path.join(pkg, "afosto_checkout.js");
// "#afosto-error": the copy of src/js/afosto-error.js that wasm-bindgen puts
// next to the glue (the core creates its errors with it), so the exported
// AfostoError class is the one every error is an instance of.
const snippets = path.join(wasmDir, "snippets");
const errorModule = fs.readdirSync(snippets)
  .map((dir) => path.join(snippets, dir, "src/js/afosto-error.js"))
  .find((file) => fs.existsSync(file));
if (!errorModule) throw new Error("wasm-bindgen's copy of src/js/afosto-error.js is missing from build/wasm/snippets");
if (debug) {
  await bundleDebug(errorModule, out);
} else {
  buildSync({ alias: { "#afosto-error": errorModule }, entryPoints: [path.join(root, "src/entry.js")], bundle: true, minify: true, format: "esm", target: "es2022", outfile: out, legalComments: "none", logLevel: "error" });
  // A second pass with terser's default (safe) compressor finds what esbuild's
  // single pass leaves (measured: -0.18 KB gzipped of 7.0).
  const squeezed = await minify(fs.readFileSync(out, "utf8"), { module: true, ecma: 2020, compress: { passes: 2 }, mangle: true });
  fs.writeFileSync(out, squeezed.code);
}

// Release notes (Keep a Changelog) and the Node-only mock entry, `afosto-checkout/mock`.
fs.copyFileSync(path.join(root, "CHANGELOG.md"), path.join(pkg, "CHANGELOG.md"));
await packageMock({ root, out: path.join(pkg, "mock") });

printSizes(sizes(pkg));

/**
 * The debug bundle: src/entry.js as the release bundles it, but not minified,
 * with names kept and a linked source map. src/entry.js imports
 * ../build/wasm/… and ../build/generated/… (so do src/js files): here those
 * resolve to build/debug-wasm/ and build/debug-generated/. wasm-bindgen's
 * snippets (byte copies of src/ files it puts under
 * build/debug-wasm/snippets/<crate>/src/) are named in the map by their
 * originals once checked equal, so the map resolves to src/js (and src/) files.
 */
async function bundleDebug(errorModule, out) {
  const release = { wasm: path.join(root, "build/wasm"), generated: path.join(root, "build/generated") };
  await build({
    alias: { "#afosto-error": errorModule },
    entryPoints: [path.join(root, "src/entry.js")],
    bundle: true, minify: false, keepNames: true, sourcemap: "linked", sourcesContent: true,
    format: "esm", target: "es2022", outfile: out, legalComments: "none", logLevel: "error",
    plugins: [{
      name: "debug-build-dirs",
      setup(build) {
        // Relative imports only (src/js/… and the generated JS import each other relatively).
        build.onResolve({ filter: /^\.\.?\// }, (args) => {
          const file = path.resolve(args.resolveDir, args.path);
          for (const [kind, dir] of Object.entries(release)) {
            if (file.startsWith(dir + path.sep)) return { path: path.join(kind === "wasm" ? wasmDir : generated, path.relative(dir, file)) };
          }
          return undefined;
        });
      },
    }],
  });
  const mapFile = `${out}.map`;
  const map = JSON.parse(fs.readFileSync(mapFile, "utf8"));
  const mapDir = path.dirname(mapFile);
  map.sources = map.sources.map((source, i) => {
    const m = /(?:^|\/)snippets\/[^/]+\/(src\/.+)$/.exec(source);
    if (!m) return source;
    const original = path.join(root, m[1]);
    if (!fs.existsSync(original) || fs.readFileSync(original, "utf8") !== map.sourcesContent?.[i]) {
      throw new Error(`debug source map: ${source} is not a copy of ${m[1]}`);
    }
    return path.relative(mapDir, original).split(path.sep).join("/");
  });
  const fromRelease = map.sources.filter((source) => Object.values(release).some((dir) => path.resolve(mapDir, source).startsWith(dir + path.sep)));
  if (fromRelease.length) throw new Error(`debug bundle: release build files in it: ${fromRelease.join(", ")}`);
  fs.writeFileSync(mapFile, JSON.stringify(map));
  const code = fs.readFileSync(out, "utf8");
  if (!code.trimEnd().endsWith(`//# sourceMappingURL=${path.basename(mapFile)}`)) throw new Error("debug bundle: no sourceMappingURL comment");
}

/**
 * Fail the build on a `[Symbol.dispose]` member in the package .d.ts: it does
 * not compile in a project whose lib lacks `Symbol.dispose` (e.g. ["ES2022",
 * "DOM"], skipLibCheck off). Such a class extends `AfostoDisposable` instead
 * (src/js/dispose.d.ts).
 */
function noSymbolDisposeMember(file) {
  const code = fs.readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "))
    .replace(/\/\/.*$/gm, "");
  const found = code.split("\n").flatMap((l, i) => (/\[\s*Symbol\.dispose\s*\]/.test(l) ? [`${path.basename(file)}:${i + 1}: ${l.trim()}`] : []));
  if (found.length) {
    throw new Error(`[Symbol.dispose] in the public types breaks projects whose TypeScript lib has no Symbol.dispose; ` +
      `declare \`interface X extends AfostoDisposable {}\` (src/js/dispose.d.ts) instead:\n${found.join("\n")}`);
  }
}

/** Unsigned LEB128 at `pos` of `buf`: `[value, next position]`. */
function readLeb(buf, pos) {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const b = buf[pos++];
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, pos];
  }
}

/** `n` as unsigned LEB128 bytes. */
function leb(n) {
  const out = [];
  do {
    const low = n % 128;
    n = Math.floor(n / 128);
    out.push(n ? low | 0x80 : low);
  } while (n);
  return out;
}

/** A wasm `name`: its length, then its UTF-8 bytes. */
function wasmName(s) {
  return [...leb(Buffer.byteLength(s)), ...Buffer.from(s)];
}

/**
 * Give the wasm's imports one-letter module and short field names, and
 * rename them to match in wasm-bindgen's glue. wasm-bindgen names every import
 * `__wbg_<name>_<16 hex>` under a path like `./afosto_checkout_bg.js`; those
 * hashes do not compress (measured: -1.7 KB gzipped for wasm and glue
 * together). Exports keep their names: `init()` resolves to them
 * (`InitOutput.memory`). wasm-bindgen is pinned, so the glue's shape is
 * known; every rename is checked and the build fails if it does not match.
 */
function minifyWasmImports() {
  const wasmFile = path.join(wasmDir, "afosto_checkout_bg.wasm");
  const glueFile = path.join(wasmDir, "afosto_checkout.js");
  const fail = (why) => { throw new Error(`minifyWasmImports: ${why} (did the wasm-bindgen version change?)`); };
  const wasm = fs.readFileSync(wasmFile);
  const renamed = []; // [module, name, short]
  const parts = [wasm.subarray(0, 8)];
  for (let pos = 8; pos < wasm.length;) {
    const id = wasm[pos];
    const [size, start] = readLeb(wasm, pos + 1);
    const end = start + size;
    if (id !== 2) {
      parts.push(wasm.subarray(pos, end));
      pos = end;
      continue;
    }
    let [count, p] = readLeb(wasm, start);
    const body = [...leb(count)];
    for (let i = 0; i < count; i++) {
      const names = [];
      for (let k = 0; k < 2; k++) {
        const [len, q] = readLeb(wasm, p);
        names.push(wasm.toString("utf8", q, q + len));
        p = q + len;
      }
      const kind = wasm[p];
      if (kind !== 0) fail(`import ${names[1]} is not a function`);
      const [, next] = readLeb(wasm, p + 1); // the function's type index
      const short = i.toString(36);
      renamed.push([...names, short]);
      body.push(...wasmName("a"), ...wasmName(short), ...wasm.subarray(p, next));
      p = next;
    }
    if (p !== end) fail("the import section did not parse");
    parts.push(Buffer.from([2, ...leb(body.length), ...body]));
    pos = end;
  }
  fs.writeFileSync(wasmFile, Buffer.concat(parts));

  let glue = fs.readFileSync(glueFile, "utf8");
  const once = (re, to, what) => {
    const n = (glue.match(re) || []).length;
    if (n !== 1) fail(`${what}: found ${n} times`);
    glue = glue.replace(re, to);
  };
  // wasm-bindgen's own imports are keys of `import0`; an import straight from
  // a JS snippet (e.g. `jsKind`) is read from that snippet's namespace object.
  const namespaces = new Map([...glue.matchAll(/import \* as (import\d+) from "([^"]+)"/g)].map((m) => [m[2], m[1]]));
  const fromSnippets = [];
  for (const [module, name, short] of renamed) {
    if (module === "./afosto_checkout_bg.js") once(new RegExp(`\\b${name}(?=: function)`), JSON.stringify(short), `import ${name}`);
    else if (namespaces.has(module)) fromSnippets.push(`${JSON.stringify(short)}: ${namespaces.get(module)}.${name}`);
    else fail(`import ${name} from unknown module ${module}`);
  }
  once(/return \{\s*__proto__: null,\s*"\.\/afosto_checkout_bg\.js": import0,[^}]*\};/, `return { a: { ...import0, ${fromSnippets.join(", ")} } };`, "the imports object");
  fs.writeFileSync(glueFile, glue);
}
