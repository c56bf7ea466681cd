// The package's plain functions. `openingStatus` and
// `selectableShippingMethods` are Rust (src/client/pure.rs), reached through
// the core's one pure entry point `pure(kind, a, b, c)`; `isAfostoError` is a
// type guard and needs no wasm. Types and docs: src/js/classes.d.ts.
import { pure } from "../../pkg/afosto_checkout_glue.js";
import { needLoaded } from "./ready.js";

/** Whether a service point is open at `at` in `timeZone`, and when that changes. */
export function openingStatus(p, at, timeZone) {
  needLoaded();
  return pure(0, p, at, timeZone);
}

/** The methods a customer can choose for a country and weight, with prices. */
export function selectableShippingMethods(all, q) {
  needLoaded();
  return pure(1, all, q);
}

/** True for any AfostoError, from this or another realm. */
export function isAfostoError(e) {
  try {
    return typeof e === "object" && e !== null && e.name === "AfostoError" && typeof e.code === "string";
  } catch {
    return false; // a throwing getter (a Proxy) is not an AfostoError
  }
}
