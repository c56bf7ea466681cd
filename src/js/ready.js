// @ts-check
// Whether init() / initSync() has loaded the wasm, so that a call made too
// early throws a clear AfostoError instead of wasm-bindgen's TypeError.

// The copy of src/js/afosto-error.js that the core uses (scripts/package.mjs
// resolves "#afosto-error" to it), so there is one AfostoError class.
import { AfostoError, makeError } from "#afosto-error";

let loaded = false;

/** Note that the wasm is loaded (called by `init` and `initSync`). */
export function markLoaded() {
  loaded = true;
}

/** Throw `INVALID_CONFIG` when the wasm is not loaded yet (the only error made in JS, shaped like the core's). */
export function needLoaded() {
  if (loaded) return;
  const e = /** @type {AfostoError & { code?: string; retryable?: boolean }} */ (
    makeError("afosto-checkout is not initialised: call `await init()` (or `initSync`) first", "INVALID_CONFIG")
  );
  e.name = "AfostoError";
  e.code = "INVALID_CONFIG";
  e.retryable = false;
  throw e;
}

/**
 * The AfostoError for an `init()` that failed to load the wasm from `source`: `NETWORK`
 * (retryable) when it could not be fetched, else `INVALID_CONFIG` (what was loaded is not the
 * package's wasm: a 404 page, another file). The original error is its `cause`.
 * @param {any} e
 * @param {unknown} source
 */
export function loadFailed(e, source) {
  const fetchFailed = e instanceof TypeError && /fetch|network|load/i.test(String(e.message));
  const where = typeof source === "string" || source instanceof URL ? String(source) : "the given module";
  const code = fetchFailed ? "NETWORK" : "INVALID_CONFIG";
  const err = /** @type {AfostoError & { code?: string; retryable?: boolean; cause?: unknown }} */ (
    makeError(`afosto-checkout could not load its wasm module (${where}): ${e && e.message}. ` +
      "Serve afosto_checkout_bg.wasm next to the package's JS (README: Bundlers) or pass its URL or bytes to init().", code)
  );
  err.cause = e;
  err.name = "AfostoError";
  err.code = code;
  err.retryable = fetchFailed;
  return err;
}

/**
 * The key of the classes' dispose method (`using` declarations): `Symbol.dispose`,
 * or where the engine has none (Safari / WebKit up to at least 2.50) the registered
 * `Symbol.for("Symbol.dispose")` that transpiled `using` (Babel's helpers) looks up.
 * (A computed `[Symbol.dispose]` there would be a method named "undefined".)
 */
export const DISPOSE = typeof Symbol.dispose === "symbol" ? Symbol.dispose : Symbol.for("Symbol.dispose");
