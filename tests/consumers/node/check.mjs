// Node 20 (SSR) consumer of the installed tarball: importing the package
// touches no browser global; after init with the wasm bytes read from disk,
// calls to the mock work with Node's own fetch. Usage: node check.mjs MOCK_URL
// [--no-arg-init]; with --no-arg-init it calls `init()` without arguments, the
// package reading its .wasm itself (Node ^20.16 || >= 22.3: `engines`).
// Prints one JSON line: {ok, touchedOnImport, touchedDom, ...}.
import fs from "node:fs";
import { fileURLToPath } from "node:url";

const touched = [];
for (const name of ["window", "document", "localStorage", "sessionStorage", "navigator", "location"]) {
  const had = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() { touched.push(name); return had && "value" in had ? had.value : had?.get?.call(globalThis); },
  });
}

const result = { ok: false };
try {
  const lib = await import("afosto-checkout");
  result.touchedOnImport = [...touched];
  if (process.argv[3] === "--no-arg-init") {
    await lib.default();
  } else {
    const wasm = fileURLToPath(import.meta.resolve("afosto-checkout/afosto_checkout_bg.wasm"));
    await lib.default({ module_or_path: fs.readFileSync(wasm) });
  }
  const client = new lib.AfostoClient({ baseUrl: process.argv[2] });
  const methods = await client.request("GET", "/lcs/methods", { query: { country_code: "NL" } });
  const email = `node-consumer-${Date.now()}@example.com`;
  const session = await client.signUp({ email, password: "consumer-pw" });
  const wrong = await client.signIn({ email, password: "wrong" }).catch((e) => e);
  Object.assign(result, {
    ok: true,
    methods: Array.isArray(methods) ? methods.length : -1,
    email: session.claims?.email,
    expected: email,
    wrongPassword: lib.isAfostoError(wrong) ? wrong.code : String(wrong),
    touchedDom: touched.filter((n) => n === "document" || n === "sessionStorage" || n === "localStorage"),
  });
} catch (e) {
  result.error = String(e?.stack || e);
}
process.stdout.write(JSON.stringify(result) + "\n");
