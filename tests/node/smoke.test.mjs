// `npm run smoke` (scripts/smoke.mjs) against the mock: full answers decode with nothing left
// out; sparse answers (tests/mock/README.md, "Sparse mode") make the client leave out one element
// per list and report it through onWarning, and nothing is a DECODE. A DECODE or a failed call
// exits 1, and the token is never printed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { spawn } from "node:child_process";
import { ROOT, mockControl } from "../support/harness.mjs";
import { startMock } from "../mock/server.mjs";

const SMOKE = path.join(ROOT, "scripts/smoke.mjs");

function smoke(args = [], env = {}) {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AFOSTO_")));
    const child = spawn(process.execPath, [SMOKE, ...args], { env: { ...clean, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

let mock;
let ctl;
before(async () => {
  mock = await startMock({ port: 0 });
  ctl = mockControl(mock.url);
});
after(() => mock.close());

// The field the mock's sparse mode takes out of one element of each list.
const MISSING = [
  [/^startAddressSearch/, "precision"],
  [/^listShippingMethods/, "carrier_code"],
  [/^listServicePoints/, "name"],
  [/^listDpdServicePoints/, "company"],
];

test("against the mock: full answers drop nothing, sparse ones drop one element per list and decode", async () => {
  const r = await smoke(["--json", "--carriers", "postnl,dhl,dpd"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.ok, true);
  assert.deepEqual(report.passes.map((p) => p.mode), ["full", "sparse"]);
  const [full, sparse] = report.passes;
  for (const p of report.passes) {
    assert.deepEqual(p.rows.map((row) => row.call.split("(")[0]),
      ["addressFormat", "startAddressSearch", "listShippingMethods", "listServicePoints", "listServicePoints", "listServicePoints", "listDpdServicePoints"]);
    assert.equal(p.failed, 0, JSON.stringify(p.rows.filter((row) => !row.ok)));
    assert.equal(p.decode, 0);
  }
  assert.equal(full.dropped, 0);
  for (const row of full.rows) assert.deepEqual(row.dropped, [], row.call);
  assert.match(full.rows.find((row) => row.call.startsWith("listServicePoints(postnl")).result, /^50 points/);

  assert.ok(sparse.dropped > 0);
  for (const row of sparse.rows) {
    const missing = MISSING.find(([re]) => re.test(row.call))?.[1];
    if (!missing) {
      assert.deepEqual(row.dropped, [], row.call); // addressFormat: not a list of elements
      continue;
    }
    assert.equal(row.dropped.length, 1, `${row.call}: ${JSON.stringify(row.dropped)}`);
    const [w] = row.dropped;
    assert.equal(w.code, "DECODE");
    assert.ok(w.jsonPath.endsWith(`.${missing}`) && w.jsonPath.includes("[1]"), w.jsonPath);
    assert.ok(w.method && w.path.startsWith("/"), JSON.stringify(w));
  }
  assert.match(sparse.rows.find((row) => row.call.startsWith("listServicePoints(postnl")).result, /^49 points/);
  assert.equal(sparse.rows.find((row) => row.call.startsWith("listServicePoints(postnl")).dropped[0].jsonPath, "$[1].point.name");
});

test("text output names what was dropped", async () => {
  const r = await smoke(["--mode", "sparse"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /sparse answers/);
  assert.match(r.stdout, /listShippingMethods\(NL\)\s+ok\s+\d+ methods; dropped 1/);
  assert.match(r.stdout, /dropped: \$\[1\]\.point\.name \(GET \/lcs\/points\/postnl\)/);
  assert.match(r.stdout, /0 failed, 0 DECODE, [1-9]\d* dropped elements/);
  assert.match(r.stdout, /smoke: ok\n$/);
});

test("a DECODE or a failed call exits 1; --base-url runs one pass against that API", async () => {
  await ctl.reset();
  await ctl.fault({ method: "GET", path: "/lcs/methods", fault: "wrong-shape", times: 0 });
  await ctl.fault({ method: "GET", path: "/lcs/points/dhl", fault: "503", times: 0 });
  const r = await smoke(["--base-url", mock.url, "--country", "be"]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /listShippingMethods\(BE\)\s+FAILED\s+DECODE/);
  assert.match(r.stdout, /listServicePoints\(dhl, BE 1000\)\s+FAILED\s+SERVER 503/);
  assert.match(r.stdout, /listServicePoints\(postnl, BE 1000\)\s+ok/);
  assert.match(r.stdout, /1 DECODE/);
  assert.match(r.stdout, /smoke: FAILED\n$/);
  assert.doesNotMatch(r.stdout, /sparse|full answers/);
  const log = await ctl.log();
  assert.ok(log.every((e) => !e.query.channel_id), "no channel unless one is given");
  await ctl.reset();
});

test("the token from AFOSTO_TOKEN is sent but never printed", async () => {
  await ctl.reset();
  // a token the mock issued: every call carries it
  const signedUp = await fetch(`${mock.url}/rel/identity/create`, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "smoke@example.com", password: "smoke-password" }) });
  const { token } = await signedUp.json();
  const ok = await smoke(["--base-url", mock.url, "--channel", "3fa85f64-5717-4562-b3fc-2c963f66afa6"], { AFOSTO_TOKEN: token });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.ok(!ok.stdout.includes(token) && !ok.stderr.includes(token));
  assert.match(ok.stdout, /with a token/);
  const log = (await ctl.log()).filter((e) => e.rawPath !== "/rel/identity/create");
  assert.ok(log.length >= 6 && log.every((e) => e.headers.authorization === `Bearer ${token}`));
  assert.ok(log.some((e) => e.query.channel_id === "3fa85f64-5717-4562-b3fc-2c963f66afa6"));

  // a refused token: UNAUTHORIZED, exit 1, still never printed
  const secret = "smoke-secret-token-5f1c9a";
  const refused = await smoke(["--base-url", mock.url, "--json"], { AFOSTO_TOKEN: secret });
  assert.equal(refused.code, 1);
  assert.ok(!refused.stdout.includes(secret) && !refused.stderr.includes(secret));
  assert.equal(JSON.parse(refused.stdout).passes[0].rows[0].error.code, "UNAUTHORIZED");
  const usage = await smoke(["--token", secret]);
  assert.equal(usage.code, 2);
  assert.ok(!usage.stdout.includes(secret) && !usage.stderr.includes(secret));
  await ctl.reset();
});
