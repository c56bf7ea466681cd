// The package's loaders (src/entry.js), typed by hand instead of taking
// wasm-bindgen's declarations: they resolve nothing (API.md: `init():
// Promise<void>`), so the wasm module's internals (wasm-bindgen's
// `InitOutput`: `memory`, `__wbindgen_malloc`, `core_call`, …) are not part
// of the public types. Put first in the package's .d.ts by scripts/package.mjs.

/** What `init` loads the wasm from: its URL (default: next to the package's JS), a `Response`, its bytes or a compiled module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;
/** What `initSync` loads the wasm from: its bytes or a compiled module. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Load the package's wasm; call (and await) it once before using the package. In the
 * browser it fetches `afosto_checkout_bg.wasm` next to the package's JS (bundlers keep the
 * `new URL(…, import.meta.url)`); in Node without an argument it reads that file. Importing
 * the package touches no `window`, `document` or storage.
 *
 * ```ts
 * import init, { AfostoClient } from "afosto-checkout";
 * await init();
 * ```
 */
export default function init(module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<void>;

/** Load the wasm synchronously from its bytes or a compiled module (workers, tests). */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): void;
