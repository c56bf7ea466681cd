// The package's entry: the JS shell (src/js/) around wasm-bindgen's glue for
// the wasm core, plus an `init()` that also works in Node without arguments
// (it reads the .wasm next to this file instead of fetching a file: URL,
// which Node's fetch cannot). Bundled into pkg/afosto_checkout.js by
// scripts/package.mjs.
import wasmInit from "../pkg/afosto_checkout_glue.js";

export { initSync } from "../pkg/afosto_checkout_glue.js";
export { isAfostoError, openingStatus, selectableShippingMethods } from "./js/pure.js";
export { AfostoClient } from "./js/client.js";
export { AddressSearch } from "./js/search.js";

/** Load and instantiate the wasm module; see wasm-bindgen's `init` for the argument. */
export default async function init(moduleOrPath) {
  // `process.getBuiltinModule` (Node >= 20.16) instead of `import("node:fs")`,
  // so bundlers see no Node import at all.
  if (moduleOrPath === undefined && typeof window === "undefined" && typeof process === "object" && process && typeof process.getBuiltinModule === "function") {
    const url = new URL("afosto_checkout_bg.wasm", import.meta.url);
    if (url.protocol === "file:") {
      const { readFile } = process.getBuiltinModule("fs/promises");
      return wasmInit({ module_or_path: await readFile(url) });
    }
  }
  return wasmInit(moduleOrPath);
}
