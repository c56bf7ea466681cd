// Numbers shared with the wasm core. The core has one entry point,
// `core.call(kind, n, a, b, c)` (src/client/mod.rs, `mod kind`): the kinds
// come first. Then the operation numbers of src/client/ops.rs (PREPARE builds
// the request of each, SETTLE decodes its response).

/**
 * The key of the classes' dispose method (`using` declarations): `Symbol.dispose`,
 * or where the engine has none (Safari / WebKit up to at least 2.50) the registered
 * `Symbol.for("Symbol.dispose")` that transpiled `using` (Babel's helpers) looks up.
 * (A computed `[Symbol.dispose]` there would be a method named "undefined".)
 */
export const DISPOSE = typeof Symbol.dispose === "symbol" ? Symbol.dispose : Symbol.for("Symbol.dispose");

/** `[timeoutMs, persist, storageKey, autoExtend, fetch]`. */
export const SETTINGS = 0;
/** (stored text) -> the starting session record. */
export const RESTORE = 1;
/** (stored text) -> a session record or undefined. */
export const READ_STORED = 2;
/** (CallOptions) -> `[timeoutMs, signal]`. */
export const CALL_OPTIONS = 3;
/** n = op, (a, b, c) -> request `[method, url, bodyText, path, context]`. */
export const PREPARE = 4;
/** n = op, (request, response) -> the value, or throws. */
export const SETTLE = 5;
/** n = attempt, (request, response) -> ms to wait, or -1. */
export const RETRY_DELAY = 6;
/** (request, {failure}, timeoutMs) -> the AfostoError (not thrown). */
export const FAILURE = 7;
/** (countryCode, options) -> `[countryCode, debounceMs]`. */
export const SEARCH_START = 8;
/** (query, options) -> `[query, context]`. */
export const SEARCH_INPUT = 9;
/** (query) -> `[limit, geocode request, [carrier, op, request]...]`. */
export const FIND_PLAN = 10;
/** n = limit (0: none), (lists, origin GeoLocation | undefined) -> merged matches. */
export const MERGE_MATCHES = 11;
/** (address, format) -> field problems. */
export const VALIDATE_ADDRESS = 12;
/** (argument name, message) -> an INVALID_INPUT AfostoError (not thrown), for checks made in JS. */
export const BAD_ARGUMENT = 13;
/** (request just settled) -> its warnings: DECODE AfostoErrors (not thrown) for what was left out. */
export const WARNINGS = 14;


export const SIGN_UP = 0;
export const SIGN_IN = 1;
export const EXISTS = 2;
export const TOKEN = 3;
export const RESET = 4;
export const VERIFY = 5;
export const EXTEND = 6;
export const REVOKE = 7;
export const FORMAT = 8;
export const START_SEARCH = 9;
export const GEOCODE = 10;
export const CREATE_ADDRESS = 11;
export const GET_ADDRESS = 12;
export const SEARCH = 13;
export const LIST_METHODS = 14;
export const GET_METHOD = 15;
export const LIST_POINTS = 16;
export const GET_POINT = 17;
export const DPD_POINTS = 18;
export const CREATE_SESSION = 19;
export const SET_ADDRESS = 20;
export const SESSION_METHODS = 21;
export const SELECT_METHOD = 22;
export const SESSION_POINTS = 23;
export const SELECT_POINT = 24;
export const RAW = 25;
/** Settle a search; a rejected session key gives `null` instead of an error. */
export const SEARCH_FIRST = 26;
export const SELECT_SHIPPING_ADDRESS = 27;
export const SHIPPING_ADDRESS = 28;
