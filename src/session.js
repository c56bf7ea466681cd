// The JWT payload's text for the wasm build: base64url and UTF-8 decoded by
// the engine (atob, TextDecoder) with the rules of `jwt_payload_text` in
// src/session.rs (the native build's, and the reference). One case table,
// tests/fixtures/jwt_payloads.json, is checked against both. Imported by
// src/session.rs; reading the claims stays in Rust.

const BASE64 = /^[A-Za-z0-9+/_-]*=*$/;
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The decoded middle part of `header.payload.signature`, or undefined. */
export function jwtPayloadText(token) {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[1].length > 65536 || !BASE64.test(parts[1])) return undefined;
  try {
    const binary = atob(parts[1].replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/"));
    return UTF8.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined; // a length that cannot be base64, or bytes that are not UTF-8
  }
}
