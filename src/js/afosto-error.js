// @ts-check
// The class of every error the package throws or rejects with. The core
// (src/client/errors.rs) creates its errors through `makeError`, so
// `e instanceof AfostoError` holds for them in the realm that loaded the
// package; `isAfostoError` (name-based) also works across realms. The
// package entry exports this same module (scripts/package.mjs points its
// import at the copy wasm-bindgen bundles with the core).

/** An error of afosto-checkout; its fields are set by the core (`code`, `status`, …). */
export class AfostoError extends Error {
  /** Kept through minification, for stack traces and `console.log`. */
  static name = "AfostoError";
}
Object.defineProperty(AfostoError.prototype, "name", { value: "AfostoError", writable: true, configurable: true });

/**
 * A new AfostoError with `message` (the core sets the other fields). Its stack's first line,
 * which Chromium's and Node's consoles print for an uncaught error, names the code:
 * `AfostoError [NETWORK]: …` (`name` stays "AfostoError").
 * @param {string} message
 * @param {string} [code]
 */
export function makeError(message, code) {
  const e = new AfostoError(message);
  const stack = e.stack;
  if (code && typeof stack === "string" && stack.startsWith("AfostoError: ")) {
    e.stack = `AfostoError [${code}]: ` + stack.slice("AfostoError: ".length);
  }
  return e;
}
