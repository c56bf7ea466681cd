// @ts-check
// AddressSearch: the executor of the address search's machine. Every rule
// (latest wins, the debounce, the answers kept, the blank query, the session
// renewal) is the wasm core's (src/search.rs, run by src/client/search.rs):
// this file reports what happens as events and carries out the effects it
// gets back — timers, requests through the client's transport, promises,
// copies of answers — in order, deciding nothing
// (tests/node/search-executor.test.mjs holds it to that).

import { call } from "../../build/generated/operations.js";
import * as ev from "../../build/generated/search-events.js";
import * as fx from "../../build/generated/search-effects.js";
import { DISPOSE } from "./ready.js";

/**
 * A call not ended yet: its promise, options and I/O.
 * @typedef {{ resolve: (v: any) => void, reject: (e: any) => void, timeoutMs?: number, signal?: AbortSignal,
 *   onAbort: () => void, ctrl: AbortController, timer?: ReturnType<typeof setTimeout> }} Call
 */

/** Drops a search's machine from the core once the search is garbage. */
const machines = new FinalizationRegistry((/** @type {[any, number]} */ [core, h]) => core.call(call.searchStep, h, ev.drop));

/**
 * One address-autocomplete session (holds the `session_key`). Create it with
 * `client.startAddressSearch(countryCode)`.
 */
export class AddressSearch {
  /** Kept through minification, for stack traces and `console.log`. */
  static name = "AddressSearch";
  #link;
  /** The machine's handle in the core. */
  #h;
  /** @type {Map<number, Call>} the calls not ended, by generation */
  #calls = new Map();
  /** Copies of the answers the machine keeps, by id. */
  #kept = new Map();

  /** @internal `link` is `{ core, opts, send, settle }` from the client; the rest checked by the core. */
  constructor(link, countryCode, debounceMs, sessionKey) {
    this.#link = link;
    this.#h = link.core.call(call.searchOpen, 0, countryCode, debounceMs, sessionKey);
    machines.register(this, [link.core, this.#h]);
  }

  /** The session key in use (changes when an expired session is renewed). */
  get sessionKey() {
    return this.#step(ev.key);
  }

  /** Autocomplete `query` (POST /rel/search/addresses); see the .d.ts. */
  search(query, o) {
    return this.#call(ev.search, call.searchInput, query, o);
  }

  /** The address of a chosen option (POST /rel/search/addresses in its context); see the .d.ts. */
  resolve(option, o) {
    return this.#call(ev.resolve, call.resolveInput, option, o);
  }

  /** A new call: `input` checked by core call `check` (with `o`), reported to the machine as `kind`. */
  #call(kind, check, input, o) {
    return new Promise((resolve, reject) => {
      const { core, opts } = this.#link;
      /** @type {Call} */
      const c = { resolve, reject, ctrl: new AbortController(), onAbort: () => this.#report(ev.aborted, gen) };
      let gen, effects;
      try {
        ({ timeoutMs: c.timeoutMs, signal: c.signal } = opts(o));
        const { query: q, context } = core.call(check, 0, input, o);
        ({ gen, effects } = this.#step(kind, q, context));
      } catch (e) {
        // Arguments refused: still a call, and the machine's to end.
        ({ gen, effects } = this.#step(ev.refused, e));
      }
      this.#calls.set(gen, c);
      c.signal?.addEventListener("abort", c.onAbort, { once: true });
      this.#run(effects);
    });
  }

  /** Same as `free()` (`using` declarations). */
  [DISPOSE]() {
    this.free();
  }

  /** Stop the search in flight (it rejects with ABORTED). */
  free() {
    this.#report(ev.free);
  }

  /** Tell the machine `kind` (x, y); its answer. */
  #step(kind, x, y) {
    return this.#link.core.call(call.searchStep, this.#h, kind, x, y);
  }

  /** Tell the machine `kind` about call `gen` (`v`: what it brings) and carry out the effects. */
  #report(kind, gen, v) {
    this.#run(this.#step(kind, gen, v));
  }

  /** Carry out the machine's effects, in order (`searchEffect`: what `value` and `n` are). */
  #run(effects) {
    const { send, settle } = this.#link;
    for (const { kind, gen, value, n } of effects) {
      const c = /** @type {Call} */ (this.#calls.get(gen));
      switch (kind) {
        case fx.reject:
          this.#end(gen, c).reject(value);
          break;
        case fx.resolve:
          this.#end(gen, c).resolve(value);
          break;
        // A copy each time: what a caller does to its answer stays its own.
        case fx.recall:
          this.#end(gen, c).resolve(structuredClone(this.#kept.get(n)));
          break;
        // The address in a kept answer, as the core reads it (a new object).
        case fx.recallAddress:
          this.#end(gen, c).resolve(this.#step(ev.address, this.#kept.get(n)));
          break;
        case fx.timer:
          c.timer = setTimeout(() => this.#report(ev.timer, gen), n);
          break;
        case fx.send:
          send(value, c.timeoutMs, c.ctrl.signal)
            .then((r) => settle(n, value, r))
            .then((v) => this.#report(ev.settled, gen, v), (e) => this.#report(ev.failed, gen, e));
          break;
        case fx.remember:
          this.#kept.set(n, structuredClone(value));
          break;
        case fx.forget:
          this.#kept.delete(n);
      }
    }
  }

  /** Call `gen` ends: let go of its timer, requests and signal. */
  #end(gen, c) {
    this.#calls.delete(gen);
    clearTimeout(c.timer);
    c.ctrl.abort();
    c.signal?.removeEventListener("abort", c.onAbort);
    return c;
  }
}
