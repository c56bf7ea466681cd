// The debug build (`npm run build:debug`, scripts/build.sh --debug) into build/debug-pkg/, never
// pkg/: its wasm keeps a `name` section with the Rust functions' names, and an error the Rust
// core makes has them in its stack; its JS ends with a sourceMappingURL whose map names the
// repo's src/js files (their text as sourcesContent), so Node with --enable-source-maps shows
// src/js/client.js in that stack. It ships the release files plus the map. The release package
// keeps neither (pkg/ is not rebuilt here).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { ROOT } from "../support/harness.mjs";
import { RELEASE_FILES, dryRun } from "./package-files.mjs";

const DEBUG = path.join(ROOT, "build/debug-pkg");
const RELEASE = path.join(ROOT, "pkg");

before(() => {
  const releaseBefore = fs.existsSync(RELEASE) ? snapshot(RELEASE) : null;
  execFileSync("bash", ["scripts/build.sh", "--debug"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  if (releaseBefore) assert.deepEqual(snapshot(RELEASE), releaseBefore, "the debug build left pkg/ as it was");
});

/** {file: mtime and size} of the files under `dir`. */
function snapshot(dir) {
  return Object.fromEntries(fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile())
    .map((f) => [path.relative(dir, f), `${fs.statSync(f).mtimeMs} ${fs.statSync(f).size}`]));
}

/** The function names of a wasm `name` section: [index, name] pairs (subsection 1). */
function functionNames(section) {
  const b = new Uint8Array(section);
  let p = 0;
  const leb = () => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const x = b[p++];
      v += (x & 0x7f) * 2 ** shift;
      if (x < 0x80) return v;
    }
  };
  const names = [];
  while (p < b.length) {
    const id = b[p++];
    const size = leb();
    const end = p + size;
    if (id === 1) {
      for (let n = leb(); n > 0; n--) {
        const index = leb();
        const len = leb();
        names.push([index, Buffer.from(b.subarray(p, p + len)).toString("utf8")]);
        p += len;
      }
    }
    p = end;
  }
  return names;
}

/** A package's `new AfostoClient({ baseUrl: "ftp://…" })` error: {code, stack}, from a Node of its own. */
function configErrorStack(pkgDir, nodeFlags = []) {
  const script = `
    const lib = await import(${JSON.stringify(path.join(pkgDir, "afosto_checkout.js"))});
    await lib.default();
    try { new lib.AfostoClient({ baseUrl: "ftp://example.com" }); } catch (e) { console.log(JSON.stringify({ code: e.code, stack: e.stack })); }`;
  const r = spawnSync(process.execPath, [...nodeFlags, "--input-type=module"], { input: script, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim());
}

test("the debug wasm has a name section with the Rust functions' names; the release wasm has none", () => {
  const debug = new WebAssembly.Module(fs.readFileSync(path.join(DEBUG, "afosto_checkout_bg.wasm")));
  const sections = WebAssembly.Module.customSections(debug, "name");
  assert.equal(sections.length, 1, "one name section");
  const imported = WebAssembly.Module.imports(debug).filter((i) => i.kind === "function").length;
  const rust = functionNames(sections[0]).filter(([index, name]) => index >= imported && name.startsWith("afosto_checkout::"));
  assert.ok(rust.length >= 50, `the crate's own functions are named (${rust.length}), e.g. ${rust.slice(0, 3).map(([, n]) => n).join(", ")}`);
  console.log(`debug wasm: ${rust.length} functions of afosto_checkout named, e.g. ${rust[0][1]}`);

  const release = new WebAssembly.Module(fs.readFileSync(path.join(RELEASE, "afosto_checkout_bg.wasm")));
  assert.deepEqual(WebAssembly.Module.customSections(release, "name"), [], "the release wasm has no name section (wasm-opt --strip-debug)");
});

test("an error made by the Rust core has Rust function names in its stack (debug build only)", () => {
  const debug = configErrorStack(DEBUG);
  assert.equal(debug.code, "INVALID_CONFIG");
  assert.match(debug.stack, /afosto_checkout::\S+ \(wasm:\/\//, `a wasm frame names its Rust function:\n${debug.stack}`);
  const release = configErrorStack(RELEASE);
  assert.doesNotMatch(release.stack, /afosto_checkout::/, "the release build's frames are wasm-function[N]");
});

test("the debug JS has a source map to the repo's src/js files", () => {
  const js = fs.readFileSync(path.join(DEBUG, "afosto_checkout.js"), "utf8");
  const url = /\n\/\/# sourceMappingURL=(\S+)\s*$/.exec(js)?.[1];
  assert.equal(url, "afosto_checkout.js.map", "the bundle ends with its sourceMappingURL");
  const map = JSON.parse(fs.readFileSync(path.join(DEBUG, url), "utf8"));
  assert.equal(map.version, 3);
  assert.equal(map.sourcesContent?.length, map.sources.length, "sourcesContent for every source (it works where the repo is absent)");
  const resolved = map.sources.map((s) => path.resolve(DEBUG, map.sourceRoot ?? "", s));
  const srcJs = resolved.filter((f) => f.startsWith(path.join(ROOT, "src/js") + path.sep));
  for (const name of ["client.js", "search.js", "afosto-error.js"]) {
    assert.ok(srcJs.includes(path.join(ROOT, "src/js", name)), `the map names src/js/${name} (sources: ${map.sources.join(", ")})`);
  }
  resolved.forEach((file, i) => {
    assert.ok(fs.existsSync(file), `${map.sources[i]} resolves to a file`);
    if (file.startsWith(path.join(ROOT, "src") + path.sep)) assert.equal(map.sourcesContent[i], fs.readFileSync(file, "utf8"), `${map.sources[i]}: sourcesContent is the file`);
  });
  assert.ok(!resolved.some((f) => f.startsWith(path.join(ROOT, "build/wasm") + path.sep) || f.startsWith(path.join(ROOT, "build/generated") + path.sep)),
    "nothing of the release build's intermediates");

  const mapped = configErrorStack(DEBUG, ["--enable-source-maps"]);
  assert.match(mapped.stack, /src\/js\/client\.js:\d+:\d+/, `with --enable-source-maps the stack shows src/js/client.js:\n${mapped.stack}`);
  assert.ok(!fs.existsSync(path.join(RELEASE, "afosto_checkout.js.map")) && !/sourceMappingURL/.test(fs.readFileSync(path.join(RELEASE, "afosto_checkout.js"), "utf8")),
    "the release JS has no source map");
});

test("the debug package ships the release files plus the source map", () => {
  const info = dryRun(DEBUG);
  assert.deepEqual(info.files.map((f) => f.path).sort(), [...RELEASE_FILES, "afosto_checkout.js.map"].sort());
  const size = (name) => info.files.find((f) => f.path === name).size;
  console.log(`debug package: ${(info.size / 1024).toFixed(1)} KB packed; wasm ${(size("afosto_checkout_bg.wasm") / 1024).toFixed(1)} KB, ` +
    `js ${(size("afosto_checkout.js") / 1024).toFixed(1)} KB, map ${(size("afosto_checkout.js.map") / 1024).toFixed(1)} KB`);
});
