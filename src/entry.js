// @ts-check
// The package's entry: the JS shell (src/js/) around wasm-bindgen's glue for
// the wasm core, plus an `init()` that also works in Node without arguments
// (it reads the .wasm next to this file instead of fetching a file: URL,
// which Node's fetch cannot). Bundled into pkg/afosto_checkout.js by
// scripts/package.mjs.
import wasmInit, { initSync as wasmInitSync } from "../build/wasm/afosto_checkout.js";
import { markLoaded, loadFailed } from "./js/ready.js";

export { isAfostoError } from "./js/pure.js";
export { AfostoError } from "#afosto-error";
export { openingStatus, selectableShippingMethods, servicePointNeed } from "../build/generated/operations.js";
export { AfostoClient } from "./js/client.js";
export { AddressSearch } from "./js/search.js";

/** Load and instantiate the wasm module synchronously; see wasm-bindgen's `initSync`. */
export function initSync(module) {
  const out = wasmInitSync(module);
  markLoaded();
  return out;
}

/**
 * Load and instantiate the wasm module; see wasm-bindgen's `init` for the argument. Typed
 * `Promise<void>` (src/js/init.d.ts): what it resolves (wasm-bindgen's exports) is internal,
 * kept only for the benchmark's memory figure.
 */
export default async function init(moduleOrPath) {
  let out;
  try {
    out = await load(moduleOrPath);
  } catch (e) {
    throw loadFailed(e, moduleOrPath ?? "afosto_checkout_bg.wasm next to the package's JS");
  }
  markLoaded();
  return out;
}

/** wasm-bindgen's init, reading the .wasm from disk in Node when no argument is given. */
function load(moduleOrPath) {
  // `process.getBuiltinModule` (Node >= 20.16) instead of `import("node:fs")`,
  // so bundlers see no Node import at all.
  const process = /** @type {any} */ (globalThis).process;
  if (moduleOrPath === undefined && typeof window === "undefined" && typeof process === "object" && process && typeof process.getBuiltinModule === "function") {
    const url = new URL("afosto_checkout_bg.wasm", import.meta.url);
    if (url.protocol === "file:") {
      const { readFile } = process.getBuiltinModule("fs/promises");
      return readFile(url).then((bytes) => wasmInit({ module_or_path: bytes }));
    }
  }
  return wasmInit(moduleOrPath);
}
