// @ts-check
// `isAfostoError`: a type guard, no wasm. The package's other plain functions
// (`openingStatus`, `selectableShippingMethods`) are Rust behind the core's
// `pure(kind, …)`, generated with their types from src/client/operations.rs.

/**
 * True for any AfostoError, from this or another realm.
 * @param {unknown} e
 * @returns {e is import("../../build/generated/package").AfostoError}
 */
export function isAfostoError(e) {
  try {
    return typeof e === "object" && e !== null && /** @type {{name?: unknown}} */ (e).name === "AfostoError" && typeof /** @type {{code?: unknown}} */ (e).code === "string";
  } catch {
    return false; // a throwing getter (a Proxy) is not an AfostoError
  }
}
