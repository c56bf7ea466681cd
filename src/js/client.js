// @ts-check
// The exported AfostoClient: the JS shell around the wasm core. Every input
// check, request, decoder, session and error is made by the core
// (src/client/); this class keeps state over time (session, listeners,
// caches) and does the I/O (fetch, storage, events). The methods that need
// nothing of that are generated from src/client/operations.rs
// (`Operations`, the base class); the ones here are the rest. Types and docs:
// the generated .d.ts (src/bin/gen.rs) and src/js/shell.d.ts.

import * as glue from "../../build/wasm/afosto_checkout.js";
import { Operations, op, call, RUN, SIGN_IN, CORE } from "../../build/generated/operations.js";
import { exchange, within } from "./transport.js";
import { needLoaded, DISPOSE } from "./ready.js";
import { AddressSearch } from "./search.js";

/** @import * as Pkg from "../../build/generated/package" The package's types, generated from the Rust declarations. */

/** The wasm core (wasm-bindgen's class; `skip_typescript`, so not in the public types). */
const Core = /** @type {any} */ (glue).Core;

const EXTEND_PATH = "/iam/jwt/extend";
/** Where the identity calls live (no extend before them). */
const IDENTITY_PATHS = "/rel/identity/";
/** The extend request, as far as its errors need it. */
const EXTEND_REQ = { method: "GET", path: EXTEND_PATH };

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
 * reaches other pages, so they tell each other.
 */
const peers = new Map();

/**
 * Tokens whose extend answer was still inside its extend window (the same
 * token back, or a server-capped lifetime): not extended again, by any
 * client of the page (peers share tokens), so there is no request storm.
 */
const spent = new Set();

/** The longest the session timer sleeps at once: it re-reads the clock after a jump (a laptop waking up). */
const TIMER_STEP_MS = 15000;

/** The Afosto storefront client. Create one per page. */
export class AfostoClient extends Operations {
  /** Kept through minification, for stack traces and `console.log`. */
  static name = "AfostoClient";
  #core;
  #fetch;
  /** `ClientConfig.headers` as the core checked them. */
  #headers;
  #timeoutMs;
  #persist;
  #key;
  #autoExtend;
  /** `[IdentitySession, expiresAtMs, extendAtMs, storageText]` or undefined. */
  #s;
  #subs = new Set();
  /** `onWarning` listeners. */
  #warnSubs = new Set();
  /** Session changes not yet told to every listener (see `#notify`). */
  #events = [];
  /** The extend in flight: `[the record it extends, promise]`. @type {any} */
  #extending = null;
  /** The session the listeners were last told (or the one restored at construction). */
  #told;
  /** The storage text this client last wrote or read: anything else there is another tab's doing. */
  #storedText;
  /**
   * Up to 10% of the extend margin earlier than the record says, per client:
   * tabs and clients sharing a session do not all extend at the same moment
   * (the first one's new token reaches the others through storage).
   */
  #jitter = Math.random() * 0.1;
  /** This client's entry in `peers`. */
  #peer;
  /** How many times signOut() was called: a sign-in that started before the last one is not stored. */
  #signOuts = 0;
  /** The background extend timer (`autoExtend`). */
  #timer;
  /** After free(): no background extends. */
  #freed = false;
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
    // `fetch` as the core read it: a config's getters run once.
    const s = core.call(call.settings);
    this.#timeoutMs = s.timeoutMs;
    this.#persist = s.persist;
    this.#key = s.storageKey;
    this.#autoExtend = s.autoExtend;
    this.#fetch = s.fetch;
    this.#headers = s.headers;
    this.#s = core.call(call.restore, 0, this.#read());
    if (this.#s) freeze(this.#s.session);
    this.#told = this.#visible();
    this.#storedText = this.#read();
    this.#schedule();
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
        if (client) client.#sync(e);
      };
      globalThis.addEventListener("storage", this.#onStorage);
    }
  }

  // ---- session ----

  /** @returns {Pkg.IdentitySession | undefined} */
  get session() {
    const r = this.#s;
    if (r && Date.now() >= r.expiresAt) {
      // Expired with no event yet (the timer slept through a clock jump): tell it now.
      if (!this.#freed) queueMicrotask(() => this.#due(r));
      return undefined;
    }
    return r?.session;
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

  #token() {
    return this.session?.token;
  }

  #storage() {
    try {
      const s = this.#persist && globalThis[this.#persist];
      return s && typeof s === "object" ? s : undefined;
    } catch {
      return undefined; // privacy settings, sandboxed iframes
    }
  }

  #read() {
    try {
      return this.#storage()?.getItem(this.#key) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Replace the session record, persist it, tell the listeners (and this page's peers); returns the session. */
  #set(rec) {
    let stored = false;
    const s = this.#storage();
    try {
      if (s) rec ? s.setItem(this.#key, rec.text) : s.removeItem(this.#key);
      stored = !!s;
      this.#storedText = rec?.text;
    } catch {
      // Storage full or denied: the session still lives in memory, and the
      // entry it replaces must not outlive it (a reload or a 401 would bring
      // the previous shopper back).
      try {
        s.removeItem(this.#key);
        this.#storedText = undefined;
      } catch {
        // nothing more to do
      }
    }
    this.#adopt(rec);
    // What this call stored, whatever a peer's listener does next.
    const out = this.#s?.session;
    const group = stored && peers.get(this.#peer?.[0]);
    for (const ref of group || []) {
      const other = ref.deref();
      if (!other) group.delete(ref);
      else if (other !== this) other.#sync({ key: this.#key });
    }
    return out;
  }

  /**
   * The API answered 401 to `token`: drop the session, and the stored one if
   * it is the same token. Storage holding another client's newer session is
   * kept, and taken.
   */
  #reject(token) {
    const text = this.#read();
    const stored = this.#core.call(call.readStored, 0, text);
    if (stored && stored.session.token !== token) {
      this.#storedText = text;
      this.#adopt(stored);
    } else this.#set(undefined);
  }

  /**
   * Take `rec` as the session (no storage write): reschedule the extend, tell
   * the listeners. The session object is frozen (claims too): what the page
   * holds is what the client sends, and cannot be changed behind its back.
   */
  #adopt(rec) {
    const old = this.#s;
    // The same token and expiry (an extend that changed nothing): no event.
    const same = rec && old && rec.session.token === old.session.token && rec.session.expiresAt === old.session.expiresAt;
    if (same) rec = old;
    if (rec) freeze(rec.session);
    this.#s = rec;
    this.#schedule();
    this.#notify();
  }

  /** The session as the page sees it now (no side effects, unlike the `session` getter). */
  #visible() {
    const r = this.#s;
    return r && Date.now() < r.expiresAt ? r.session : undefined;
  }

  /** True when `rec` is due for an extend at `now` (autoExtend on, still valid, in its window, not spent). */
  #extendDue(rec, now) {
    return this.#autoExtend && rec && now < rec.expiresAt && now >= this.#extendAt(rec) && !spent.has(rec.session.token);
  }

  /** When this client extends `rec`: its extend time, a little earlier by `#jitter`. */
  #extendAt(rec) {
    return Number.isFinite(rec.extendAt) ? rec.extendAt - this.#jitter * (rec.expiresAt - rec.extendAt) : rec.extendAt;
  }

  /**
   * The session's timer, so an idle page stays current:
   * - `autoExtend`: extend the session shortly before it expires (at the
   *   record's extend time), even when the page makes no calls. A failed
   *   extend is tried again every 5 s until the token expires (a 401 clears
   *   the session instead).
   * - At expiry (extend off or failed), the listeners hear `undefined`
   *   (or another tab's newer session), as for a sign-out.
   * The timer holds the client weakly and does not keep Node running.
   */
  #schedule(delayMs) {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const rec = this.#s;
    if (this.#freed || !rec || !Number.isFinite(rec.expiresAt)) return;
    const now = Date.now();
    const extend = this.#autoExtend && Number.isFinite(rec.extendAt) && now < rec.expiresAt && !spent.has(rec.session.token);
    const wait = Math.min(Math.max(0, delayMs ?? (extend ? this.#extendAt(rec) : rec.expiresAt) - now), TIMER_STEP_MS);
    const me = new WeakRef(this);
    this.#timer = setTimeout(() => {
      const client = me.deref();
      if (client) client.#due(rec);
    }, wait);
    this.#timer?.unref?.();
  }

  #due(rec) {
    const now = Date.now();
    if (this.#s !== rec) return;
    // Expired: take what storage holds (another tab's fresh session, or
    // nothing: an expired entry reads as none), and tell the listeners.
    if (now >= rec.expiresAt) return void this.#adopt(this.#core.call(call.readStored, 0, this.#read()));
    if (!this.#extendDue(rec, now)) return this.#schedule(); // a step of a longer wait
    // The expiry is told on time even if this extend is still on its way
    // then; a new session (or a failed extend) reschedules.
    this.#schedule(rec.expiresAt - now);
    this.#extend().catch(() => {
      const left = rec.expiresAt - Date.now();
      if (this.#s === rec) this.#schedule(left > 1000 ? Math.min(5000, left - 1000) : left);
    });
  }

  /**
   * Tell the listeners the current session. Not re-entrant: a change made by
   * a listener (say, a signOut) is told after the current one has reached
   * every listener, so each listener hears the changes in order.
   */
  #notify() {
    if (this.#freed) return; // free(): no more events
    // Only a change is told: the same token and expiry again (an extend
    // that changed nothing, a peer's echo, an expiry already told) is not.
    const s = this.#visible();
    const told = this.#told;
    if (s?.token === told?.token && s?.expiresAt === told?.expiresAt) return;
    this.#told = s;
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

  #sync(e) {
    if (e.key != null && e.key !== this.#key) return;
    const text = (this.#storedText = this.#read());
    const fresh = this.#core.call(call.readStored, 0, text);
    const now = this.#s?.session;
    if (now?.token !== fresh?.session.token || now?.expiresAt !== fresh?.session.expiresAt) this.#adopt(fresh);
  }

  /**
   * Extend the session (single flight): start `GET /iam/jwt/extend`, or join
   * the one in flight. The request belongs to no caller: it has no caller's
   * signal, and the longer of the client's and the first caller's timeout.
   * Every caller waits at most its own `timeoutMs` and stops at its own
   * `signal` (TIMEOUT / ABORTED); the extend goes on and its session is kept.
   */
  #extend(timeoutMs = this.#timeoutMs, signal) {
    const own = this.#timeoutMs;
    const flightMs = own && timeoutMs && Math.max(own, timeoutMs); // 0: none
    const before = this.#s;
    // Join only an extend of this same session (not one left over from
    // before a sign-out and a new sign-in).
    if (this.#extending?.[0] !== before) {
      const entry = [before];
      entry[1] = (async () => {
        try {
          const rec = await this.#go(op.extendSession, flightMs);
          // Signed out (or another tab changed the session) meanwhile: keep
          // that, and hand out no token the client does not hold.
          const aborted = () => this.#core.call(call.failure, 0, EXTEND_REQ, { failure: "aborted" }, 0);
          if (this.#s !== before) throw aborted();
          // Another tab signed out or in meanwhile (its storage event not
          // handled yet): take that, and do not write over it.
          if (this.#storage() && this.#read() !== this.#storedText) {
            this.#sync({ key: this.#key });
            throw aborted();
          }
          // A new token still inside its extend window: no more extends for it.
          // (due for some client: the earliest jitter is 10% of the margin)
          if (Date.now() >= rec.extendAt - 0.1 * (rec.expiresAt - rec.extendAt)) spent.add(rec.session.token);
          return this.#set(rec);
        } finally {
          if (this.#extending === entry) this.#extending = null;
        }
      })();
      this.#extending = entry;
    }
    const flight = this.#extending[1];
    return within(flight, timeoutMs, signal).then(([done, v]) => {
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
   * Send with the session's bearer token; extend it first when due
   * (`autoExtend`). A 401 on a call that carried the token clears the
   * session (API.md), credentials calls included: a stale token (revoked
   * elsewhere) costs one failed sign-in, and the next one goes without it.
   */
  async #send(req, timeoutMs, signal) {
    const rec = this.#s;
    const now = Date.now();
    // Not for the extend itself, nor the identity calls (a sign-in makes a
    // new session; none of them needs the old token to be fresh).
    if (req.path !== EXTEND_PATH && !req.path.startsWith(IDENTITY_PATHS) && this.#extendDue(rec, now)) {
      // Best effort, within the caller's timeout and signal: if extending
      // fails or takes too long, the current token is still valid (and an
      // aborted signal stops the call right after, as ABORTED).
      await this.#extend(timeoutMs, signal).catch(() => {});
    }
    /** @type {any} */
    const r = await exchange(this.#core, this.#fetch, this.#headers, req, () => this.#token(), timeoutMs, signal);
    const token = r.sentToken;
    if (r.status === 401 && token && this.#token() === token) this.#reject(token);
    return r;
  }

  // ---- identity ----

  /**
   * A call that signs in (`kind`): store its session, unless `signOut()` was
   * called while it was on its way. Then the sign-out wins: the call rejects
   * ABORTED and nothing is stored.
   */
  async [SIGN_IN](kind, o, x) {
    const outs = this.#signOuts;
    const { timeoutMs, signal } = this.#opts(o);
    const req = this.#core.call(call.prepare, kind, x);
    let rec;
    try {
      rec = this.#settle(kind, req, await this.#send(req, timeoutMs, signal));
    } finally {
      // Signed out meanwhile: ABORTED, whatever the answer was.
      if (outs !== this.#signOuts) throw this.#core.call(call.failure, 0, req, { failure: "aborted" }, 0);
    }
    return this.#set(rec);
  }

  /**
   * @param {Pkg.CallOptions} [o]
   * @returns {Promise<Pkg.IdentitySession>}
   */
  async extendSession(o) {
    const { timeoutMs, signal } = this.#opts(o);
    if (!this.#token()) throw this.#core.call(call.failure, 0, EXTEND_REQ, { failure: "signedout" }, 0);
    return this.#extend(timeoutMs, signal);
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
    const token = this.#token();
    this.#signOuts++; // a sign-in on its way is not stored (see [SIGN_IN])
    // Nothing to sign out (never signed in, or a second signOut): no request, no event.
    if (this.#s) {
      // Cleared at once, so a sign-in made while the revoke is on its way is
      // never undone by it; the revoke goes with the token it ends.
      this.#set(undefined);
    }
    if (aborted) throw aborted;
    if (!token) return; // expired or none: nothing left to revoke
    const { timeoutMs, signal } = opts;
    try {
      await exchange(this.#core, this.#fetch, this.#headers, this.#core.call(call.prepare, op.signOut), token, timeoutMs, signal);
    } catch {
      // the local session is cleared even if revoke fails
    }
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
    this.#freed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // The core's wasm memory goes with the client (wasm-bindgen's
    // FinalizationRegistry), so a call after free() still works.
  }
}
