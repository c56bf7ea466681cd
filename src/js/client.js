// @ts-check
// The exported AfostoClient: the JS shell around the wasm core. Every input
// check, request, decoder, session rule and error is made by the core
// (src/client/); this class carries out what the core decides over time:
// the session machine's effects (src/lifecycle.rs: storage, timers,
// listeners, the extend and revoke requests), the caches, and the page's
// I/O (storage, `storage` events, timers); every request goes through the
// core's Rust transport (`core.exchange`, src/client/transport.rs). It
// reads no clock, compares no token and calls no fetch
// (tests/node/session-executor.test.mjs holds it to that). The methods that
// need nothing of that are generated from src/client/operations.rs
// (`Operations`, the base class); the ones here are the rest. Types and docs:
// the generated .d.ts (src/bin/gen.rs) and src/js/shell.d.ts.

import * as glue from "../../build/wasm/afosto_checkout.js";
import { Operations, op, call, RUN, SIGN_IN, CORE } from "../../build/generated/operations.js";
import * as ev from "../../build/generated/session-events.js";
import * as fx from "../../build/generated/session-effects.js";
import { needLoaded, DISPOSE } from "./ready.js";
import { AddressSearch } from "./search.js";

/** @import * as Pkg from "../../build/generated/package" The package's types, generated from the Rust declarations. */

/** The wasm core (wasm-bindgen's class; `skip_typescript`, so not in the public types). */
const Core = /** @type {any} */ (glue).Core;

/** The extend request, as far as its errors need it. */
const EXTEND_REQ = { method: "GET", path: "/iam/jwt/extend" };

/** Freeze `v` and everything in it (a session from the core: plain data). */
function freeze(v) {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k in v) freeze(v[k]);
  }
  return v;
}

/**
 * The clients of this page that keep their session in the same storage under
 * the same key (`"localStorage\0key"` -> WeakRefs): the `storage` event only
 * reaches other pages, so they tell each other (the machine's `peers`).
 */
const peers = new Map();

/** The Afosto storefront client. Create one per page. */
export class AfostoClient extends Operations {
  /** Kept through minification, for stack traces and `console.log`. */
  static name = "AfostoClient";
  #core;
  #timeoutMs;
  #persist;
  #key;
  /** The session the page sees (the machine's `adopt`), frozen. */
  #value;
  #subs = new Set();
  /** `onWarning` listeners. */
  #warnSubs = new Set();
  /** `onRequest` and `onResponse` listeners (the transport's observer is installed with the first). */
  #attemptSubs = [new Set(), new Set()];
  /** Whether the transport's observer is installed (once, with the first attempt listener). */
  #observing = false;
  /** Sessions to tell, in order (see `#tell`). */
  #events = [];
  /** The extend requests in flight, by the machine's flight id. @type {Map<number, Promise<any>>} */
  #flights = new Map();
  /** This client's entry in `peers`. */
  #peer;
  /** The machine's timer. */
  #timer;
  #formats = new Map();
  /** placeOrder: the call in flight per session (a second one joins it). */
  #placing = new Map();
  /** placeOrder: the accepted result per session (a later call answers it, sending nothing). */
  #placed = new Map();
  /** placeOrder: sessions whose authorize was sent with an unknown outcome. */
  #unknown = new Set();
  /** findServicePoints: geocoded postal codes (`url\0body` of the geocode request -> GeoLocation). */
  #origins = new Map();
  /** @type {((e: StorageEvent) => void) | null} */
  #onStorage = null;

  /** @param {Pkg.ClientConfig} [config] */
  constructor(config) {
    needLoaded();
    super();
    const core = new Core(config); // INVALID_CONFIG
    this.#core = core;
    const s = core.call(call.settings);
    this.#timeoutMs = s.timeoutMs;
    this.#persist = s.persist;
    this.#key = s.storageKey;
    this.#run(core.call(call.sessionOpen, 0, this.#read()));
    if (this.#persist) {
      this.#peer = [this.#persist + "\0" + this.#key, new WeakRef(this)];
      const group = peers.get(this.#peer[0]) ?? new Set();
      peers.set(this.#peer[0], group.add(this.#peer[1]));
    }
    if (this.#persist === "localStorage" && typeof globalThis.addEventListener === "function") {
      // Another tab signed in or out. Weak, so the listener does not keep the client alive.
      const me = new WeakRef(this);
      this.#onStorage = (/** @type {StorageEvent} */ e) => {
        const client = me.deref();
        if (client) client.#step(ev.storage, e.key, client.#read());
      };
      globalThis.addEventListener("storage", this.#onStorage);
    }
  }

  // ---- session: the machine's executor ----

  /** @returns {Pkg.IdentitySession | undefined} */
  get session() {
    return this.#step(ev.read).value ? this.#value : undefined;
  }

  /**
   * @param {(s: Pkg.IdentitySession | undefined) => void} cb
   * @returns {() => void}
   */
  onSessionChange(cb) {
    return this.#listen(this.#subs, cb, "onSessionChange");
  }

  /**
   * @param {(w: Pkg.AfostoError) => void} cb
   * @returns {() => void}
   */
  onWarning(cb) {
    return this.#listen(this.#warnSubs, cb, "onWarning");
  }

  /**
   * @param {(e: Pkg.RequestEvent) => void} cb
   * @returns {() => void}
   */
  onRequest(cb) {
    return this.#observe(0, cb, "onRequest");
  }

  /**
   * @param {(e: Pkg.ResponseEvent) => void} cb
   * @returns {() => void}
   */
  onResponse(cb) {
    return this.#observe(1, cb, "onResponse");
  }

  /** Add an attempt listener (`ended`: 0 before, 1 after); the first one installs the transport's observer. */
  #observe(ended, cb, method) {
    const off = this.#listen(this.#attemptSubs[ended], cb, method);
    if (!this.#observing) {
      this.#observing = true;
      this.#core.call(call.observe, 0, (/** @type {boolean} */ after, /** @type {any} */ e) => {
        for (const f of [...this.#attemptSubs[Number(after)]]) {
          try {
            f(e);
          } catch {
            // a throwing listener must not break the call or the others
          }
        }
      });
    }
    return off;
  }

  /** Add listener `cb` (a function, else INVALID_INPUT naming `method`) to `set`; returns its unsubscribe. */
  #listen(set, cb, method) {
    if (typeof cb !== "function") throw this.#core.call(call.badArgument, 0, "cb", method + " needs a function");
    const f = (/** @type {any} */ v) => cb(v);
    set.add(f);
    return () => {
      set.delete(f);
    };
  }

  /** Tell the listeners each warning (without any: the console), never throwing into the call. */
  #warn(list) {
    for (const w of list) {
      if (!this.#warnSubs.size) console.warn(`AfostoError ${w.code}: ${w.message}`);
      for (const f of [...this.#warnSubs]) {
        try {
          f(w);
        } catch {
          // a throwing listener must not break the call or the others
        }
      }
    }
  }

  /** Decode the response `r` of `req` as operation `kind` (or throw), then tell its warnings. */
  #settle(kind, req, r) {
    const v = this.#core.call(call.settle, kind, req, r);
    const w = this.#core.call(call.warnings, 0, req);
    if (w.length) this.#warn(w);
    return v;
  }

  #storage() {
    try {
      const s = this.#persist && globalThis[this.#persist];
      return s && typeof s === "object" ? s : undefined;
    } catch {
      return undefined; // privacy settings, sandboxed iframes
    }
  }

  /** The storage entry's text now (undefined: none, or no storage). */
  #read() {
    try {
      return this.#storage()?.getItem(this.#key) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Report `event` to the session machine and carry out its effects; its answer `{value, error}`. */
  #step(event, a, b, c, ctx) {
    const r = this.#core.call(call.sessionStep, event, a, b, c);
    this.#run(r.effects, ctx);
    return r;
  }

  /** Carry out the machine's effects, in order (`sessionEffect`: what `value` and `n` are). */
  #run(effects, ctx) {
    for (const { kind, value, n } of effects) {
      switch (kind) {
        case fx.store:
          try {
            /** @type {Storage} */ (this.#storage()).setItem(this.#key, value);
          } catch {
            this.#step(ev.storeFailed); // full, denied or missing
          }
          break;
        case fx.remove:
          try {
            this.#storage()?.removeItem(this.#key);
          } catch {
            // nothing more to do
          }
          break;
        case fx.adopt:
          this.#value = freeze(value);
          break;
        case fx.tell:
          this.#tell(value);
          break;
        case fx.timer: {
          clearTimeout(this.#timer);
          // Weak: the timer does not keep the client alive, nor Node running.
          const me = new WeakRef(this);
          this.#timer = setTimeout(() => {
            const client = me.deref();
            if (client) client.#step(ev.timer, n, client.#read());
          }, value);
          this.#timer?.unref?.();
          break;
        }
        case fx.clearTimer:
          clearTimeout(this.#timer);
          break;
        case fx.check:
          queueMicrotask(() => this.#step(ev.timer, n, this.#read()));
          break;
        case fx.peers: {
          const group = peers.get(this.#peer?.[0]) ?? new Set();
          for (const ref of group) {
            const other = ref.deref();
            if (!other) group.delete(ref);
            else if (other !== this) other.#step(ev.peer, value, other.#read());
          }
          break;
        }
        case fx.extend: {
          const flight = this.#fly(n, value);
          this.#flights.set(n, flight);
          flight.catch(() => {}).finally(() => this.#flights.delete(n));
          break;
        }
        case fx.revoke:
          ctx.revoke = this.#core.exchange(this.#core.call(call.prepare, op.signOut), value, ctx.timeoutMs, ctx.signal);
          break;
      }
    }
  }

  /**
   * Tell the listeners `s`. Not re-entrant: a change made by a listener (say,
   * a signOut) is told after the current one has reached every listener, so
   * each listener hears the changes in order.
   */
  #tell(s) {
    const queue = this.#events;
    queue.push(s);
    if (queue.length > 1) return; // the loop below is running: it tells this one next
    while (queue.length) {
      for (const f of [...this.#subs]) {
        try {
          f(queue[0]);
        } catch {
          // a throwing listener must not break the client or the others
        }
      }
      queue.shift();
    }
  }

  /**
   * Extend flight `id`: `GET /iam/jwt/extend` with `timeoutMs` and no
   * caller's signal (it belongs to no caller), then the machine takes the
   * answer in. Resolves the stored session; rejects with the request's error
   * or ABORTED (signed out, or another tab changed the session, meanwhile).
   */
  async #fly(id, timeoutMs) {
    let rec;
    try {
      rec = await this.#go(op.extendSession, timeoutMs);
    } catch (e) {
      this.#step(ev.extendAnswer, id, undefined, this.#read());
      throw e;
    }
    const r = this.#step(ev.extendAnswer, id, rec, this.#read());
    if (r.error) throw r.error;
    return r.value;
  }

  /** Wait for extend flight `id`, at most `timeoutMs` and until `signal` (TIMEOUT / ABORTED); the flight goes on. */
  #join(id, timeoutMs, signal) {
    return this.#core.within(this.#flights.get(id), timeoutMs, signal).then((/** @type {[boolean, any]} */ [done, v]) => {
      if (done) return v;
      throw this.#core.call(call.failure, 0, EXTEND_REQ, { failure: v }, timeoutMs);
    });
  }

  // ---- the shared call path ----

  /** `CallOptions` -> `{timeoutMs, signal}` (checked by the core; no options: the defaults). */
  #opts(o) {
    return o == null ? { timeoutMs: this.#timeoutMs, signal: undefined } : this.#core.call(call.callOptions, 0, o);
  }

  /** Check the options, build the request, send it, decode the answer (the generated methods' path). */
  async [RUN](kind, o, a, b, c) {
    const { timeoutMs, signal } = this.#opts(o);
    return this.#go(kind, timeoutMs, signal, a, b, c);
  }

  /** A core call (the generated synchronous methods' path). */
  [CORE](kind, n, a, b, c) {
    return this.#core.call(kind, n, a, b, c);
  }

  /** Build the request, send it with `timeoutMs` and `signal`, decode the answer. */
  async #go(kind, timeoutMs, signal, a, b, c) {
    const req = this.#core.call(call.prepare, kind, a, b, c);
    return this.#settle(kind, req, await this.#send(req, timeoutMs, signal));
  }

  /**
   * Send with the session's bearer token (read at each attempt); first wait
   * for the extend the machine starts or joins for this call, best effort
   * within the caller's timeout and signal (if it fails or takes too long,
   * the current token is still valid, and an aborted signal stops the call
   * right after, as ABORTED). The machine takes in every answer (the 401 rule).
   */
  async #send(req, timeoutMs, signal) {
    const flight = this.#step(ev.beforeCall, req.path, timeoutMs).value;
    if (flight) await this.#join(flight, timeoutMs, signal).catch(() => {});
    /** @type {any} the last attempt (the core's transport: src/client/transport.rs) */
    const r = await this.#core.exchange(req, true, timeoutMs, signal);
    if (r.sentToken) this.#step(ev.answered, r.sentToken, r.status, this.#read()); // (a call without a token: nothing for the 401 rule)
    return r;
  }

  // ---- identity ----

  /**
   * A call that signs in (`kind`): the machine stores its session, unless
   * `signOut()` was called while it was on its way. Then the sign-out wins:
   * the call rejects ABORTED and nothing is stored.
   */
  async [SIGN_IN](kind, o, x) {
    const ticket = this.#core.call(call.sessionStep, ev.ticket);
    const { timeoutMs, signal } = this.#opts(o);
    const req = this.#core.call(call.prepare, kind, x);
    let rec;
    try {
      rec = this.#settle(kind, req, await this.#send(req, timeoutMs, signal));
    } catch (e) {
      throw this.#step(ev.signInAnswer, ticket, undefined, req).error ?? e;
    }
    const r = this.#step(ev.signInAnswer, ticket, rec, req);
    if (r.error) throw r.error;
    return r.value;
  }

  /**
   * @param {Pkg.CallOptions} [o]
   * @returns {Promise<Pkg.IdentitySession>}
   */
  async extendSession(o) {
    const { timeoutMs, signal } = this.#opts(o);
    const r = this.#step(ev.extend, timeoutMs);
    if (r.error) throw r.error;
    return this.#join(r.value, timeoutMs, signal);
  }

  /**
   * @param {Pkg.CallOptions} [o]
   * @returns {Promise<void>}
   */
  async signOut(o) {
    // An already-aborted signal sends nothing, but the local session is
    // still cleared (API.md: cleared even if the revoke fails).
    let opts, aborted;
    try {
      opts = this.#opts(o);
    } catch (e) {
      if (/** @type {any} */ (e)?.code !== "ABORTED") throw e;
      aborted = e;
    }
    /** @type {any} the revoke's options, and the revoke once sent */
    const ctx = { ...opts };
    this.#step(ev.signOut, !aborted, undefined, undefined, ctx);
    if (aborted) throw aborted;
    // The local session is cleared even if the revoke fails.
    await ctx.revoke?.catch(() => {});
  }

  // ---- addresses ----

  /**
   * @param {string} countryCode
   * @param {Pkg.CallOptions} [o]
   * @returns {Promise<Pkg.AddressFormat>}
   */
  async addressFormat(countryCode, o) {
    const { timeoutMs, signal } = this.#opts(o);
    const req = this.#core.call(call.prepare, op.addressFormat, countryCode);
    const cc = req.context;
    // The cache keeps its own copy and hands out copies, so a caller that
    // edits its format changes neither later answers nor createAddress's checks.
    const known = this.#formats.get(cc);
    if (known) return structuredClone(known);
    const f = this.#settle(op.addressFormat, req, await this.#send(req, timeoutMs, signal));
    if (!this.#formats.has(cc)) this.#formats.set(cc, structuredClone(f));
    return f;
  }

  /**
   * @param {string} countryCode
   * @param {Pkg.CallOptions & { debounceMs?: number }} [o]
   * @returns {Promise<AddressSearch>}
   */
  async startAddressSearch(countryCode, o) {
    const { countryCode: cc, debounceMs } = this.#core.call(call.searchStart, 0, countryCode, o);
    const key = await this[RUN](op.startAddressSearch, o, cc);
    const link = {
      core: this.#core,
      opts: (o) => this.#opts(o),
      send: (req, t, s) => this.#send(req, t, s),
      settle: (kind, req, r) => this.#settle(kind, req, r),
    };
    return new AddressSearch(link, cc, debounceMs, key);
  }

  /**
   * @param {Pkg.AddressInput} a
   * @param {Pkg.CallOptions} [o]
   * @returns {Promise<Pkg.Address>}
   */
  createAddress(a, o) {
    // With the country's format loaded, the same rules as validateAddress apply first.
    let format;
    try {
      const cc = a?.countryCode;
      format = typeof cc === "string" ? this.#formats.get(cc.toUpperCase()) : undefined;
    } catch {
      // An unreadable address: the core reads it again and says INVALID_INPUT.
    }
    return this[RUN](op.createAddress, o, a, format);
  }

  // ---- service points ----

  /**
   * @param {{ carriers: string[]; countryCode: string; postalCode: string; channelId?: string; limit?: number }} q
   * @param {Pkg.CallOptions} [o]
   * @returns {Promise<{ matches: Pkg.ServicePointMatch[]; failed: { carrier: string; error: Pkg.AfostoError }[] }>}
   */
  async findServicePoints(q, o) {
    const { timeoutMs, signal } = this.#opts(o);
    // Every request is built (and checked) before any is sent.
    const { limit, geocode: where, carriers: plan } = this.#core.call(call.findPlan, 0, q);
    // The postal code's location, where the merge measures from (cached per
    // country + postal code; no location: the carriers' own order).
    const key = where && where.url + "\0" + where.body;
    const origin = !where || this.#origins.has(key)
      ? Promise.resolve(this.#origins.get(key))
      : this.#send(where, timeoutMs, signal)
          .then((r) => this.#settle(op.geocode, where, r))
          .then((g) => (this.#origins.set(key, g), g), () => undefined);
    const settled = await Promise.all(
      plan.map(({ op: kind, request: req }) =>
        this.#send(req, timeoutMs, signal)
          .then((r) => [this.#settle(kind, req, r)])
          .catch((e) => e),
      ),
    );
    const from = await origin;
    if (signal?.aborted) throw this.#core.call(call.failure, 0, {}, { failure: "aborted" }, 0);
    const lists = [];
    const failed = [];
    settled.forEach((x, i) => (Array.isArray(x) ? lists.push(x[0]) : failed.push({ carrier: plan[i].carrier, error: x })));
    return { matches: this.#core.call(call.mergeMatches, limit ?? 0, lists, from), failed };
  }

  // ---- checkout session ----

  /**
   * POST the address, then select it as the shipping address (PUT). When the
   * PUT fails, its error carries `addressId`: the page selects that address
   * (selectShippingAddress) instead of creating a duplicate.
   */
  /**
   * @param {string} sessionId
   * @param {Pkg.AddressInput} a
   * @param {Pkg.CallOptions} [o]
   * @returns {Promise<Pkg.Address>}
   */
  async setCheckoutAddress(sessionId, a, o) {
    const { timeoutMs, signal } = this.#opts(o);
    const created = await this.#go(op.setCheckoutAddress, timeoutMs, signal, sessionId, a);
    try {
      return await this.#go(op.selectShippingAddress, timeoutMs, signal, sessionId, { addressId: created.id });
    } catch (e) {
      if (e && typeof e === "object") /** @type {any} */ (e).addressId = created.id;
      throw e;
    }
  }

  /**
   * Place the order, never paying twice: a fresh calculation (its total
   * checked against `expectedTotal` by the core), then one authorize. A second
   * call in flight joins the first; an accepted result is remembered per
   * session; an authorize with an unknown outcome (no answer, or an unreadable
   * one) marks the session, and the next call is CONFLICT unless `retryUnknown`.
   * @param {string} sessionId
   * @param {{ expectedTotal?: number | undefined; retryUnknown?: boolean | undefined }} [i]
   * @param {Pkg.CallOptions} [o]
   * @returns {Promise<Pkg.PlacedOrder>}
   */
  async placeOrder(sessionId, i, o) {
    const { timeoutMs, signal } = this.#opts(o);
    // Checks every input (INVALID_INPUT) before anything else.
    const calcReq = this.#core.call(call.prepare, op.calculation, sessionId, i);
    const key = String(sessionId);
    const done = this.#placed.get(key);
    if (done) return { ...done };
    let flight = this.#placing.get(key);
    if (!flight) {
      if (this.#unknown.has(key) && i?.retryUnknown !== true) {
        throw this.#core.call(call.conflict, 0,
          "an earlier placeOrder for this session was sent and its outcome is unknown: check the order, or pass retryUnknown: true");
      }
      flight = this.#place(key, sessionId, calcReq, timeoutMs, signal);
      this.#placing.set(key, flight);
      flight.finally(() => this.#placing.get(key) === flight && this.#placing.delete(key)).catch(() => {});
    }
    return { ...(await flight) };
  }

  /** The calculation, then the one authorize of it (never retried: a POST). */
  async #place(key, sessionId, calcReq, timeoutMs, signal) {
    const calc = this.#settle(op.calculation, calcReq, await this.#send(calcReq, timeoutMs, signal));
    const authReq = this.#core.call(call.prepare, op.placeOrder, sessionId, calc);
    let r;
    try {
      r = this.#settle(op.placeOrder, authReq, await this.#send(authReq, timeoutMs, signal));
    } catch (e) {
      // Sent, but no answer or an unreadable one: it may have been authorized.
      const code = /** @type {any} */ (e)?.code;
      if (code === "TIMEOUT" || code === "NETWORK" || code === "ABORTED" || code === "DECODE") {
        /** @type {any} */ (e).outcomeUnknown = true;
        this.#unknown.add(key);
      }
      throw e;
    }
    this.#unknown.delete(key);
    const out = { ...r, calculationId: calc.id, total: calc.total };
    if (out.accepted) this.#placed.set(key, out);
    return out;
  }

  /** Same as `free()` (`using` declarations). */
  [DISPOSE]() {
    this.free();
  }

  /** Stop following other tabs and extending in the background. Idempotent; the client stays usable. */
  free() {
    if (this.#onStorage) globalThis.removeEventListener?.("storage", this.#onStorage);
    this.#onStorage = null;
    if (this.#peer) peers.get(this.#peer[0])?.delete(this.#peer[1]);
    this.#step(ev.free);
    // The core's wasm memory goes with the client (wasm-bindgen's
    // FinalizationRegistry), so a call after free() still works.
  }
}
