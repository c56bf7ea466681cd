// The package's loaders (src/entry.js), typed by hand instead of taking
// wasm-bindgen's declarations: they resolve nothing (API.md: `init():
// Promise<void>`), so the wasm module's internals (wasm-bindgen's
// `InitOutput`: `memory`, `__wbindgen_malloc`, `core_call`, …) are not part
// of the public types. Put first in the package's .d.ts by scripts/package.mjs.

/**
 * A compiled `WebAssembly.Module` where the project's lib declares one (DOM, WebWorker), else
 * `never`: only DOM-free names here, so the declarations also compile in a Node-only project
 * (lib ES2022 + @types/node, which has no `RequestInfo`, `BufferSource` or `WebAssembly`).
 */
type WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: never[]) => infer M } } ? M : never;
/** What `init` loads the wasm from: its URL (default: next to the package's JS), a `Request` or `Response`, its bytes or a compiled module. */
export type InitInput = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WasmModule;
/** What `initSync` loads the wasm from: its bytes or a compiled module. */
export type SyncInitInput = ArrayBuffer | ArrayBufferView | WasmModule;

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
