// src/session.js (the wasm build's JWT payload decoding) against the case
// table that jwt_payload_text in src/session.rs, the native reference, is also
// tested with.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { jwtPayloadText } from "../../src/session.js";

const table = JSON.parse(fs.readFileSync(new URL("../fixtures/jwt_payloads.json", import.meta.url), "utf8"));

test("JWT payloads: the same text and rejections as session.rs", () => {
  assert.ok(table.cases.length >= 50);
  for (const [token, want] of table.cases) assert.equal(jwtPayloadText(token) ?? null, want, JSON.stringify(token));
});

test("JWT payloads: at most 64 KiB of base64", () => {
  const long = (n) => `h.${"A".repeat(n)}.s`;
  assert.equal(jwtPayloadText(long(65536))?.length, 49152);
  assert.equal(jwtPayloadText(long(65537)), undefined);
});
