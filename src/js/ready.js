// Whether init() / initSync() has loaded the wasm, so that a call made too
// early throws a clear AfostoError instead of wasm-bindgen's TypeError.

let loaded = false;

/** Note that the wasm is loaded (called by `init` and `initSync`). */
export function markLoaded() {
  loaded = true;
}

/** Throw `INVALID_CONFIG` when the wasm is not loaded yet (the only error made in JS, shaped like the core's). */
export function needLoaded() {
  if (loaded) return;
  const e = new Error("afosto-checkout is not initialised: call `await init()` (or `initSync`) first");
  e.name = "AfostoError";
  e.code = "INVALID_CONFIG";
  e.retryable = false;
  throw e;
}
