// Per-call work that must not come back (issue #17, "per call"): the core's property names
// and constants are JS strings made once (`static_js`, src/json.rs), so a call decodes from
// wasm memory only what is new in it (its URL, its path, the method); and the shaper builds
// plain objects. Measured with the engine's own fetch (a stub on globalThis), the path a page
// takes, counting every TextDecoder.decode the package makes.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";

const decoded = [];
const decode = TextDecoder.prototype.decode;
TextDecoder.prototype.decode = function (...args) {
  const s = decode.apply(this, args);
  decoded.push(s);
  return s;
};

const lib = await import(path.join(ROOT, "pkg/afosto_checkout.js"));
await lib.default();

/** Three of the mock's points as `/lcs/points/{carrier}` answers them: `{distance, point}`, farthest first. */
const points = JSON.parse(fs.readFileSync(path.join(ROOT, "tests/mock/data/points.json"), "utf8"))
  .slice(0, 3)
  .map((point, i) => ({ distance: 100 * (3 - i), point }));
const body = JSON.stringify(points);

const query = { carrier: "postnl", countryCode: "NL", postalCode: "1012 LG" };

test("a call decodes only what is new in it; names and constants are made once", async () => {
  const seen = [];
  const fetch0 = globalThis.fetch;
  globalThis.fetch = async (url, init) => {
    seen.push({ url: String(url), method: init.method, accept: init.headers.Accept });
    return new Response(body, { headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } });
  };
  try {
    const client = new lib.AfostoClient({ baseUrl: "http://127.0.0.1:9" });
    const first = await client.listServicePoints(query);
    decoded.length = 0;
    const second = await client.listServicePoints(query);
    const names = decoded.slice();
    assert.deepEqual(second, first);
    assert.equal(second.length, 3);
    assert.deepEqual(second.map((m) => m.distance), [100, 200, 300], "nearest first");
    // The second call: its URL, its path, its method, at most a few more; no property names.
    assert.ok(names.length <= 8, `decoded ${names.length} strings: ${JSON.stringify(names.map((n) => n.slice(0, 40)))}`);
    for (const name of ["status", "contentType", "retryAfter", "json", "hasJson", "text", "headers", "url", "method", "body", "path", "Accept", "application/json"]) {
      assert.ok(!names.includes(name), `"${name}" was decoded again`);
    }
    assert.equal(seen.length, 2);
    assert.deepEqual(seen[1], { url: "http://127.0.0.1:9/lcs/points/postnl?country_code=NL&postal_code=1012%20LG", method: "GET", accept: "application/json" });
  } finally {
    globalThis.fetch = fetch0;
  }
});

test("shaped objects are plain objects, their members in the model's order", async () => {
  const fetch0 = globalThis.fetch;
  globalThis.fetch = async () => new Response(body, { headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } });
  try {
    const [nearest] = await new lib.AfostoClient({ baseUrl: "http://127.0.0.1:9" }).listServicePoints(query);
    for (const o of [nearest, nearest.point, nearest.point.address, nearest.point.openings[0], nearest.point.openings[0].windows[0]]) {
      assert.equal(Object.getPrototypeOf(o), Object.prototype);
      assert.equal(o.constructor, Object);
      assert.equal(Object.prototype.toString.call(o), "[object Object]");
    }
    assert.deepEqual(Object.keys(nearest), ["distance", "point"]);
    assert.deepEqual(structuredClone(nearest), nearest);
  } finally {
    globalThis.fetch = fetch0;
  }
});
