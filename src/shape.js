// The response shaper, run by the engine in one pass. It follows the field
// tables compiled from src/shape.rs (`compile`) with exactly the rules of the
// Rust walker there (rename, type checks, drop unknowns, leave out absent
// optional fields, defaults), so a 5,000-point response costs one call from
// wasm instead of one per field. On a mismatch it throws
// `{ path, expected, found }` with the path relative to the value given.

// A caller's value may throw while the core reads it (a Proxy trap, a
// getter, a revoked Proxy). An exception must never unwind through wasm (it
// would skip Rust's clean-up and, repeated, corrupt the module for the whole
// page), so every read of a caller's value below goes through `guard`: it
// gives a neutral value instead and keeps the first error, which the core's
// entry points turn into INVALID_INPUT (`takeReadError`).
let readError;

function guard(f, fallback) {
  // Three fixed parameters (every reader has at most three): no rest array per read.
  return (a, b, c) => {
    try {
      return f(a, b, c);
    } catch (e) {
      readError ??= [e];
      return fallback;
    }
  };
}

/** The read errors of the entry points further out (a caller's getter may call the package). */
const outer = [];

/** A wasm entry point starts: its reads record their own error. */
export function beginReads() {
  outer.push(readError);
  readError = undefined;
}

/** The entry point ends: the message (at most 200 characters; "" for none) of what a value threw during it, if anything. */
export function takeReadError() {
  const r = readError;
  readError = outer.pop();
  if (!r) return undefined;
  try {
    return String(r[0]?.message ?? r[0]).slice(0, 200);
  } catch {
    return "";
  }
}

const EXPECTED = ["string", "number", "integer", "boolean", "object", "array", "any", "a weekday 1..7 (or 0 for Sunday)"];

function found(v) {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  const t = typeof v;
  return t === "object" || t === "string" || t === "number" || t === "boolean" ? t : "null";
}

let lastMismatch;

/**
 * List elements (and optional objects) left out of responses because they lack a required
 * field: `[at, path, expected]` triples, flattened, paths relative to the value being walked
 * until `shapeJs` prefixes them. The core takes them after each response (`takeDropList`).
 */
let drops = [];

/** Prefix the paths of the drops noted since `mark` with `seg` (they sit inside it). */
function within(mark, seg) {
  for (let k = mark; k < drops.length; k += 3) {
    drops[k] = seg + drops[k];
    drops[k + 1] = seg + drops[k + 1];
  }
}

/** Note a drop at `at` (relative) for the mismatch `e`, which is a missing field. */
function dropAt(mark, at, e) {
  drops.length = mark; // drops inside what is left out go with it
  drops.push(at, at + e.path, e.expected);
}

/** See `Json::note_drop`. */
export function noteDrop(at, path, expected) {
  drops.push(at, path, expected);
}

/** See `Json::drops_mark`. */
export function dropsMark() {
  return drops.length;
}

/** See `Json::drops_truncate`. */
export function dropsTruncate(mark) {
  drops.length = Math.min(drops.length, mark);
}

/** The drops noted so far (see `drops`); clears them. */
export function takeDropList() {
  const d = drops;
  drops = [];
  return d;
}

function fail(seg, t, what) {
  return (lastMismatch = { path: seg, expected: EXPECTED[t.k], found: what });
}

// Members are own members, as for the Rust walker (`Json::get`/`set`): an
// absent "constructor" is absent (not Object.prototype's), a "__proto__" member
// is an own property (never the prototype). Checked only for the tables that
// have such a name (none of the models do): once per table and call, so a
// 5,000-point answer pays nothing for it.
const OP = Object.prototype, hasOwn = Object.hasOwn;

/**
 * The maker of shaped objects: plain objects (`Object.prototype`, as `{}`),
 * which V8 gives room for more members in place than a `{}` literal (its
 * slack tracking), so filling one in costs fewer reallocations.
 */
function Shaped() {}
Shaped.prototype = OP;
let calls = 0;

/** Whether a member name of object table `t` is one objects inherit (decided once per `shapeJs` call). */
function inherits(t) {
  if (t.c !== calls) {
    t.c = calls;
    t.h = t.f.some((f) => f[0] in OP || (f[1] !== "" && f[1] in OP));
  }
  return t.h;
}

/** `out[k] = x`; with `h` (see `inherits`), "__proto__" as an own member. */
function member(out, k, x, h) {
  if (h && k === "__proto__") put(out, k, x);
  else out[k] = x;
}

function walk(v, t) {
  switch (t.k) {
    case 0: if (typeof v === "string") return v; break;
    case 1: if (typeof v === "number" && Number.isFinite(v)) return v; break;
    case 2: if (typeof v === "number" && Number.isInteger(v)) return v; break;
    case 3: if (typeof v === "boolean") return v; break;
    case 6: return v;
    case 7: if (Number.isInteger(v) && v >= 0 && v <= 7) return v === 0 ? 7 : v; break;
    case 5:
      if (Array.isArray(v)) {
        const n = v.length, out = new Array(n), it = t.i;
        let j = 0;
        for (let i = 0; i < n; i++) {
          const mark = drops.length;
          try {
            out[j++] = walk(v[i], it);
          } catch (e) {
            // An element lacking a required field is left out (and noted).
            if (e === lastMismatch && e.found === "nothing") {
              j--;
              dropAt(mark, "[" + i + "]", e);
              continue;
            }
            e.path = "[" + i + "]" + e.path;
            throw e;
          }
          if (drops.length !== mark) within(mark, "[" + i + "]");
        }
        if (j !== n) out.length = j; // (setting it is a slow call in V8: only after a drop)
        return out;
      }
      break;
    case 4:
      if (v !== null && typeof v === "object" && !Array.isArray(v)) {
        const out = new Shaped(), fs = t.f, h = inherits(t);
        for (let j = 0; j < fs.length; j++) {
          const f = fs[j];
          let m = v[f[0]];
          if (h && m !== undefined && !hasOwn(v, f[0])) m = undefined;
          if ((m === null || m === undefined) && f[1]) {
            m = v[f[1]];
            if (h && m !== undefined && !hasOwn(v, f[1])) m = undefined;
          }
          if (m === null || m === undefined) {
            const need = f[4];
            if (need === 0) throw fail("." + f[0], f[3], "nothing");
            if (need === 2) member(out, f[2], f[5], h);
            else if (need === 3) member(out, f[2], [], h);
          } else {
            const mark = drops.length;
            try {
              member(out, f[2], walk(m, f[3]), h);
            } catch (e) {
              // An optional object lacking a required field is left out (and noted).
              if (e === lastMismatch && e.found === "nothing" && f[4] === 1 && f[3].k === 4) {
                dropAt(mark, "." + f[0], e);
                continue;
              }
              e.path = "." + f[0] + e.path;
              throw e;
            }
            if (drops.length !== mark) within(mark, "." + f[0]);
          }
        }
        return out;
      }
      break;
  }
  throw fail("", t, found(v));
}

/** Shape `v` (at JSON path `prefix`) by compiled table `t`; throws `{path, expected, found}`. */
export function shapeJs(v, t, prefix) {
  const mark = drops.length;
  calls++;
  try {
    const out = walk(v, t);
    within(mark, prefix);
    return out;
  } catch (e) {
    drops.length = mark;
    if (e !== lastMismatch) readError ??= [e]; // the value threw, no mismatch
    throw e;
  }
}

// Compiled tables by the address of their static Rust table (one per module
// instance, like the tables themselves).
const compiled = new Map();

/** The compiled table kept under `key`, or undefined. */
export function compiledTable(key) {
  return compiled.get(key);
}

/** Keep compiled table `t` under `key`. */
export function keepTable(key, t) {
  compiled.set(key, t);
}

/** 0 null/undefined, 1 boolean, 2 number, 3 string, 4 array, 5 object, 6 anything else (function, symbol, bigint), in one call. */
export const jsKind = guard((v) => {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case "boolean": return 1;
    case "number": return 2;
    case "string": return wellFormed(v) ? 3 : 6; // a lone surrogate: no UTF-8 form, no string
    case "object": return Array.isArray(v) ? 4 : 5;
    default: return 6;
  }
}, 0);

/** Own enumerable keys of a plain object, whatever its prototype (null too); [] otherwise. */
export const ownKeys = guard((v) => {
  const keys = v !== null && typeof v === "object" && !Array.isArray(v) ? Object.keys(v) : [];
  for (const k of keys) if (!wellFormed(k)) throw new Error("a key is not well-formed Unicode");
  return keys;
}, []);

/** `v[key]` for an object or function, else undefined (unguarded: see `getKey`, `getAt`). */
const memberOf = (v, key) => (v !== null && (typeof v === "object" || typeof v === "function") ? v[key] : undefined);

/** `v[key]` for an object or function, else undefined. */
export const getKey = guard(memberOf);

/** The length of an array, else 0. */
export const lengthOf = guard((v) => (Array.isArray(v) ? v.length : 0), 0);

/** `list[i]` of an array, else undefined. */
export const itemAt = guard((list, i) => (Array.isArray(list) ? list[i] : undefined));

/** The time of a Date from any realm in ms (NaN for an invalid one), else undefined. */
export function dateMs(v) {
  if (v === null || typeof v !== "object") return undefined;
  try {
    return Date.prototype.getTime.call(v); // throws for anything but a Date
  } catch {
    return undefined;
  }
}

/** False for a string with a lone surrogate (it has no UTF-8 form: Rust would see U+FFFD). */
export function wellFormed(s) {
  return !/[\uD800-\uDFFF]/u.test(s);
}

// The JS strings of the core's 'static Rust strings (property names and
// constants; see `static_js` in src/json.rs), each decoded from the wasm
// module's memory once and then kept by its place there (address and
// length, fixed for the module's life): one call and no decoding per use.
const statics = new Map();
let memory;
const utf8 = new TextDecoder();

/** The wasm module's memory, given by the core before the first string it reads here. */
export function useMemory(m) {
  memory = m;
}

/** The string of the 'static Rust string at address `at`, `len` bytes long. */
export function stringAt(at, len) {
  const place = at * 2097152 + len; // exact: at < 2^32, len < 2^21
  let s = statics.get(place);
  if (s === undefined) {
    s = utf8.decode(new Uint8Array(memory.buffer, at, len));
    statics.set(place, s);
  }
  return s;
}

/** `v[name]` (as `getKey`) for the 'static name at `at`, `len` bytes long. */
export const getAt = guard((v, at, len) => memberOf(v, stringAt(at, len)));

/** `o[name] = v` (as `put`) for the 'static name at `at`, `len` bytes long. */
export function putAt(o, at, len, v) {
  put(o, stringAt(at, len), v);
}

/** `o[k] = v` as an own data property: a "__proto__" key never reaches the prototype setter. */
export function put(o, k, v) {
  if (k === "__proto__") Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}

/** `list[i][key]` as numbers (Infinity when not a number), in one call (see `Json::numbers_of`). */
export const numbersOf = guard((list, key) => {
  const n = list.length, out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = list[i]?.[key];
    out[i] = typeof x === "number" ? x : Infinity;
  }
  return out;
}, new Float64Array(0));

/** A new array of `list`'s elements at `order` (see `Json::pick`). */
export const pick = guard((list, order) => Array.from(order, (i) => list[i]), []);
