// Contract tests against the reference: every client method is run against
// Prism (`prism mock` of the OpenAPI document converted from the API
// reference, copied here from shared/spec). Every request must come back
// without an `sl-violations` header (Prism's verdict on what we send), and
// every response Prism generates must decode.
//
// Prism runs on a strict copy of the document made at test time
// (strict-spec.mjs): request-body objects get `additionalProperties: false`,
// since the reference marks nothing required and would take any misspelled
// property. Prism does not check query parameter names, so the injected fetch
// checks them against the operation before forwarding and answers an
// undocumented name itself, as Prism answers a violation (400 + sl-violations).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { ROOT } from "../support/harness.mjs";
import { CONTRACT_CALLS } from "./calls.mjs";
import { writeStrictSpec, queryChecker } from "./strict-spec.mjs";

let prism;
let base;
let lib;
let strict;
let checkQuery;

/** fetch for the client: undocumented query names are refused here, the rest goes to Prism. */
function strictFetch(seen) {
  return async (url, init = {}) => {
    const method = init.method ?? "GET";
    const refused = checkQuery(method, String(url));
    const r = refused.length
      ? new Response(JSON.stringify({ code: 400, message: "Bad request", reference: "contract-test", errors: { "invalid value": refused.map((v) => v.location[2]) } }),
        { status: 400, headers: { "content-type": "application/json", "sl-violations": JSON.stringify(refused) } })
      : await fetch(url, init);
    seen.push({ url: String(url), method, status: r.status, violations: r.headers.get("sl-violations") });
    return r;
  };
}

async function startPrism() {
  const port = 4600 + Math.floor(Math.random() * 300);
  const cli = path.join(ROOT, "node_modules/@stoplight/prism-cli/dist/index.js");
  const child = spawn(process.execPath, [cli, "mock", "-h", "127.0.0.1", "-p", String(port), strict.file], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start:\n${out}`)), 60_000);
    const onData = (d) => { out += d; if (out.includes("Prism is listening")) { clearTimeout(timer); resolve(); } };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`prism exited ${code}:\n${out}`)); });
  });
  child.stdout.removeAllListeners("data");
  child.stdout.resume();
  child.stderr.resume();
  return { child, url: `http://127.0.0.1:${port}` };
}

before(async () => {
  strict = writeStrictSpec(path.join(ROOT, "tests/contract/afosto-openapi.json"));
  checkQuery = queryChecker(strict.spec);
  prism = await startPrism();
  base = prism.url;
  lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
  await lib.default({ module_or_path: fs.readFileSync(path.join(ROOT, "pkg/afosto_checkout_bg.wasm")) });
});
after(() => {
  prism?.child.kill("SIGTERM");
  if (strict) fs.rmSync(strict.dir, { recursive: true, force: true });
});

test("every client method against Prism: no sl-violations, every response decodes", async () => {
  const rows = [];
  for (const [name, run] of CONTRACT_CALLS) {
    const seen = [];
    const spy = strictFetch(seen);
    // A fresh client per method: Prism answers sign-in with an already expired token.
    const client = new lib.AfostoClient({ baseUrl: base, token: "test-token", channelId: "3fa85f64-5717-4562-b3fc-2c963f66afa6", clientId: "5b0c2b4e-8a0f-4f55-9e49-0f1d2b7a9c11", retries: 0, fetch: spy });
    let outcome;
    try {
      await run(client, lib);
      outcome = "ok";
    } catch (e) {
      outcome = `${e.code}: ${e.message}`;
    }
    rows.push({ name, outcome, requests: seen.length, violations: seen.filter((s) => s.violations).map((s) => `${s.method} ${s.url}: ${s.violations}`) });
  }
  console.log("method".padEnd(28), "requests", "result");
  for (const r of rows) console.log(r.name.padEnd(28), String(r.requests).padEnd(8), r.outcome, r.violations.join("; "));
  console.log(`${rows.length} client methods validated against Prism`);
  for (const r of rows) {
    assert.equal(r.outcome, "ok", `${r.name}: ${r.outcome}`);
    assert.ok(r.requests >= 1, `${r.name} sent a request`);
    assert.deepEqual(r.violations, [], `${r.name}: ${r.violations.join("; ")}`);
  }
});

test("the strict copy refuses a misspelled body property and a misspelled query parameter", async () => {
  assert.ok(strict.bodies > 100 && strict.closed > 100, `${strict.bodies} request bodies, ${strict.closed} object schemas closed`);
  const headers = { authorization: "Bearer test-token", "content-type": "application/json" };
  const put = (body) => fetch(`${base}/odr/sessions/session-1/shipping/methods`, { method: "PUT", headers, body: JSON.stringify(body) });
  // the body: Prism itself, on the strict copy
  const good = await put({ method_id: "3fa85f64-5717-4562-b3fc-2c963f66afa6", is_split_allowed: false });
  assert.equal(good.status, 200);
  assert.equal(good.headers.get("sl-violations"), null);
  const typo = await put({ metod_id: "x" });
  assert.ok(typo.status >= 400 && typo.status < 500, `status ${typo.status}`);
  const violations = JSON.parse(typo.headers.get("sl-violations") ?? "[]");
  assert.ok(violations.some((v) => /additional/i.test(`${v.code} ${v.message}`) && JSON.stringify(v).includes("metod_id")), JSON.stringify(violations));
  // nested: PUT /odr/sessions/{id}/shipping {contact: {primry}}
  const nested = await fetch(`${base}/odr/sessions/session-1/shipping`, { method: "PUT", headers, body: JSON.stringify({ contact: { primry: true } }) });
  assert.ok(nested.status >= 400 && nested.headers.get("sl-violations")?.includes("primry"), `status ${nested.status}`);

  // the query: the injected fetch, through the client
  const seen = [];
  const client = new lib.AfostoClient({ baseUrl: base, token: "test-token", retries: 0, fetch: strictFetch(seen) });
  const ok = await client.request("GET", "/lcs/points/postnl", { query: { country_code: "NL", postal_code: "1012 LG" } });
  assert.ok(Array.isArray(ok));
  let refused;
  try {
    await client.request("GET", "/lcs/points/postnl", { query: { contry_code: "NL", postal_code: "1012 LG" } });
  } catch (e) {
    refused = e;
  }
  assert.equal(refused?.code, "VALIDATION", String(refused));
  assert.deepEqual(seen.map((s) => [s.status, s.violations && JSON.parse(s.violations).map((v) => v.location.join("."))]),
    [[200, null], [400, ["request.query.contry_code"]]]);
  // and the body typo through the client's escape hatch reaches Prism and is refused there
  await assert.rejects(client.request("PUT", "/odr/sessions/session-1/shipping/methods", { body: { metod_id: "x" } }), (e) => e.code === "VALIDATION");
  assert.ok(seen.at(-1).violations?.includes("metod_id"));
});
