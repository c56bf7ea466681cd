// Contract tests against the reference: every client method is run against
// Prism (`prism mock` of the OpenAPI document converted from the API
// reference, copied here from shared/spec). Every request must come back
// without an `sl-violations` header (Prism's verdict on what we send), and
// every response Prism generates must decode.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { ROOT } from "../support/harness.mjs";
import { CONTRACT_CALLS } from "./calls.mjs";

let prism;
let base;
let lib;

async function startPrism() {
  const port = 4600 + Math.floor(Math.random() * 300);
  const cli = path.join(ROOT, "node_modules/@stoplight/prism-cli/dist/index.js");
  const child = spawn(process.execPath, [cli, "mock", "-h", "127.0.0.1", "-p", String(port), path.join(ROOT, "tests/contract/afosto-openapi.json")], { stdio: ["ignore", "pipe", "pipe"] });
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
  prism = await startPrism();
  base = prism.url;
  lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
  await lib.default({ module_or_path: fs.readFileSync(path.join(ROOT, "pkg/afosto_checkout_bg.wasm")) });
});
after(() => { prism?.child.kill("SIGTERM"); });

test("every client method against Prism: no sl-violations, every response decodes", async () => {
  const rows = [];
  for (const [name, run] of CONTRACT_CALLS) {
    const seen = [];
    const spy = async (url, init) => {
      const r = await fetch(url, init);
      seen.push({ url: String(url), method: init.method, status: r.status, violations: r.headers.get("sl-violations") });
      return r;
    };
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
