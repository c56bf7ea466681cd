// `afosto-checkout/mock` as a storefront gets it: `npm pack` of pkg/ installed into
// tests/consumers/mock-user/ (shared/pack.mjs, as consumers.test.mjs does), then
// - the npm README's "Testing your storefront" example, taken from pkg-template/README.md as
//   written, runs with `node --test` there and every test in it passes; it also type-checks
//   (checkJs, strict, Node's types) against the installed .d.ts;
// - the running mock has exactly the members its MockServer interface declares;
// - the shipped mock/index.d.ts compiles under --strict without DOM or Node types (TypeScript 5.0
//   and the newest 5.x; moduleResolution NodeNext, Bundler, Node10) and has no `any`;
// - the README's shell command starts the installed mock on a port;
// - a browser bundle of the main entry carries no mock code, and one of `afosto-checkout/mock`
//   gets the module that throws a clear error (esbuild, platform browser).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { build } from "esbuild";
import ts from "typescript";
import { ROOT } from "../support/harness.mjs";
import { pack, install, sh } from "./shared/pack.mjs";

const DIR = path.join(ROOT, "tests/consumers/mock-user");
const INSTALLED = path.join(DIR, "node_modules/afosto-checkout");
const EXAMPLE = path.join(DIR, "readme-example.mjs");
const TSC = {
  newest: path.join(ROOT, "node_modules/typescript/bin/tsc"),
  "5.0": path.join(ROOT, "node_modules/typescript-5.0/bin/tsc"),
};

let packed;

/** The first ```js block of the npm README's "Testing your storefront" section. */
function readmeExample() {
  const readme = fs.readFileSync(path.join(ROOT, "pkg-template/README.md"), "utf8");
  const section = /^## Testing your storefront\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme);
  assert.ok(section, 'pkg-template/README.md has a "## Testing your storefront" section');
  const block = /^```js\n([\s\S]*?)^```$/m.exec(section[1]);
  assert.ok(block, "the section has a ```js block");
  return block[1];
}

before(async () => {
  packed = await pack(path.join(ROOT, "pkg"));
  await install(DIR, packed);
});

after(() => packed?.cleanup());

test("the npm README's storefront test runs as written against the installed package, and passes", { timeout: 120000 }, () => {
  const code = readmeExample();
  assert.match(code, /from "afosto-checkout\/mock"/, "the example imports the mock entry");
  const tests = (code.match(/^test\(/gm) ?? []).length;
  assert.ok(tests >= 3, `the example has tests (found ${tests})`);
  fs.writeFileSync(EXAMPLE, code);
  // A run of its own: without this runner's NODE_TEST_CONTEXT, which would make the child report
  // to a parent runner instead of printing TAP.
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  const r = spawnSync(process.execPath, ["--test", "--test-reporter=tap", path.basename(EXAMPLE)], { cwd: DIR, env, encoding: "utf8", timeout: 110000 });
  const summary = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, "m").exec(r.stdout)?.[1]);
  assert.equal(r.status, 0, `node --test readme-example.mjs failed:\n${r.stdout}\n${r.stderr}`);
  assert.equal(summary("pass"), tests, `every test of the example passed:\n${r.stdout}`);
  assert.equal(summary("fail"), 0);
  console.log(`README example: ${tests} tests passed in ${Math.round(Number(/^# duration_ms (\S+)$/m.exec(r.stdout)?.[1]))} ms`);
});

test("the npm README's storefront test type-checks (checkJs, strict, Node's types)", { timeout: 120000 }, async () => {
  fs.writeFileSync(EXAMPLE, readmeExample());
  await sh(process.execPath, [TSC.newest, "-p", "tsconfig.readme.json"], DIR);
});

test("a running mock has exactly the members MockServer declares", { timeout: 60000 }, async () => {
  const { stdout } = await sh(process.execPath, ["members.mjs"], DIR);
  const actual = JSON.parse(stdout.trim());
  const dts = path.join(INSTALLED, "mock/index.d.ts");
  const source = ts.createSourceFile(dts, fs.readFileSync(dts, "utf8"), ts.ScriptTarget.ES2022);
  const iface = source.statements.find((s) => ts.isInterfaceDeclaration(s) && s.name.text === "MockServer");
  assert.ok(iface, "mock/index.d.ts declares interface MockServer");
  const declared = Object.fromEntries(iface.members.map((m) => [m.name.getText(source), ts.isMethodSignature(m) ? "function" : "string|number"]));
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(declared).sort(), "runtime members = declared members");
  for (const [name, kind] of Object.entries(declared)) {
    if (kind === "function") assert.equal(actual[name], "function", `${name} is a method`);
    else assert.ok(["string", "number"].includes(actual[name]), `${name} is a value`);
  }
});

test("the README's shell command starts the installed mock: node node_modules/afosto-checkout/mock/index.js --port N", { timeout: 60000 }, async () => {
  const child = spawn(process.execPath, ["node_modules/afosto-checkout/mock/index.js", "--port", "0"], { cwd: DIR, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const line = await new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("\n")) resolve(out);
      });
      child.once("exit", (code) => reject(new Error(`the mock exited (${code}) before listening`)));
    });
    const url = /^mock listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(line)?.[1];
    assert.ok(url, `one line naming the URL: ${JSON.stringify(line)}`);
    assert.deepEqual(await (await fetch(`${url}/__mock/health`)).json(), { ok: true });
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
});

test("mock/index.d.ts compiles under --strict with no DOM or Node types (TypeScript 5.0 and newest; NodeNext, Bundler, Node10)", { timeout: 120000 }, async () => {
  const code = fs.readFileSync(path.join(INSTALLED, "mock/index.d.ts"), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  assert.doesNotMatch(code, /\bany\b/, "no `any` in mock/index.d.ts outside comments");
  const runs = [
    ["newest", []],
    ["newest", ["--module", "ESNext", "--moduleResolution", "Bundler"]],
    ["newest", ["--module", "ESNext", "--moduleResolution", "Node10"]],
    ["5.0", []],
  ];
  for (const [version, extra] of runs) await sh(process.execPath, [TSC[version], "-p", "tsconfig.types.json", ...extra], DIR);
});

test("a browser bundle never carries the mock; importing afosto-checkout/mock there throws a clear error", { timeout: 60000 }, async () => {
  const bundle = async (contents, platform) => (await build({
    stdin: { contents, resolveDir: DIR, loader: "js" }, absWorkingDir: DIR, bundle: true, platform, format: "esm", write: false, logLevel: "silent",
  })).outputFiles[0].text;
  const MOCK_CODE = /node:http|createServer|__mock\/faults/;

  const main = await bundle('import init, { AfostoClient } from "afosto-checkout"; console.log(init, AfostoClient);', "browser");
  assert.doesNotMatch(main, MOCK_CODE, "the main entry pulls in nothing of the mock");
  assert.doesNotMatch(fs.readFileSync(path.join(INSTALLED, "afosto_checkout.js"), "utf8"), /mock/i, "the main entry never names the mock");

  const browserMock = await bundle('import { startMock } from "afosto-checkout/mock"; console.log(startMock);', "browser");
  assert.doesNotMatch(browserMock, MOCK_CODE, "a browser bundle of afosto-checkout/mock gets the stub, not the server");
  const r = spawnSync(process.execPath, ["--input-type=module"], { input: browserMock, encoding: "utf8" });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /afosto-checkout\/mock is Node-only/, "the stub says why");

  const nodeMock = await bundle('import { startMock } from "afosto-checkout/mock"; console.log(startMock);', "node");
  assert.match(nodeMock, /createServer/, "under the node condition it is the mock itself");
});
