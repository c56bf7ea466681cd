// The demo checkout. Everything goes through afosto-checkout; every error is shown in the
// section where it happened, never swallowed (ABORTED autocomplete searches excepted: they
// are superseded by a newer keystroke on purpose).
import init, { AfostoClient, isAfostoError, openingStatus, selectableShippingMethods } from "../pkg/afosto_checkout.js";

const params = new URLSearchParams(location.search);
const baseUrl = params.get("baseUrl") || "http://127.0.0.1:4011";
const $ = (id) => document.getElementById(id);
$("base").textContent = baseUrl;

const COUNTRIES = { NL: "the Netherlands", BE: "Belgium", DE: "Germany" };
const CARRIERS = ["postnl", "dhl", "dpd"];
const CARRIER_NAMES = { postnl: "PostNL", dhl: "DHL", dpd: "DPD" };
const WEEKDAYS = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]; // ISO 1..7
// Form inputs and the AddressInput field each one holds.
const FIELDS = [
  ["thoroughfare", "thoroughfare"], ["premise-number", "premiseNumber"], ["premise-suffix", "premiseNumberSuffix"],
  ["postal-code", "postalCode"], ["locality", "locality"],
];
const SVG_NS = "http://www.w3.org/2000/svg";
const STORE_KEY = "afosto-demo-checkout"; // sessionStorage: the checkout session, over a reload

/** A readable message for any error: code, message and field errors (each field once). */
export function describe(e) {
  if (isAfostoError(e)) {
    // Field problems the message already names ("invalid credentials: email required") are not repeated.
    const problems = fieldProblems(e);
    for (const [k] of Object.entries(e.fieldErrors ?? {})) if (e.message.includes(k)) delete problems[camelCase(k)];
    const fields = Object.keys(problems).length
      ? " " + Object.entries(problems).map(([k, v]) => `${k}: ${v.join(", ")}`).join("; ")
      : "";
    return `${e.code}: ${e.message}${fields}`;
  }
  return String(e && e.message ? e.message : e);
}

const camelCase = (k) => k.replace(/[_-]+([a-z0-9])/g, (_, c) => c.toUpperCase());
/** An error's field errors keyed once per field, by the camelCase name the form uses (the package
 * keys each by the API's property name and, when different, also by its camelCase name). */
function fieldProblems(e) {
  const out = {};
  for (const [k, v] of Object.entries(e?.fieldErrors ?? {})) {
    const key = camelCase(k);
    out[key] = [...new Set([...(out[key] ?? []), ...v])];
  }
  return out;
}

function showError(el, e) { el.textContent = describe(e); el.hidden = false; }
function clearError(el) { el.textContent = ""; el.hidden = true; }

/** An event handler running `fn`, showing any error in `errorEl`. While it runs, `button` is
 * busy: aria-disabled (not `disabled`, which would throw keyboard focus to <body>) and a second
 * press is ignored. */
function guarded(errorEl, fn, button) {
  return async (...args) => {
    if (button && isBusy(button)) return;
    clearError(errorEl);
    if (button) setBusy(button, true);
    try {
      await fn(...args);
    } catch (e) {
      showError(errorEl, e);
    } finally {
      if (button) setBusy(button, false);
    }
  };
}
const isBusy = (button) => button.getAttribute("aria-disabled") === "true";
function setBusy(button, busy) {
  if (busy) button.setAttribute("aria-disabled", "true");
  else button.removeAttribute("aria-disabled");
}

/** Run `render`, which may replace the focused element: focus then goes to the element with the
 * same `data-focus` key in the new content, else to `fallback` (never left on <body>). */
function keepFocus(render, fallback) {
  const before = document.activeElement;
  const key = before?.getAttribute?.("data-focus");
  render();
  if (!before || before === document.body || before.isConnected) return;
  const again = key ? document.querySelector(`[data-focus="${CSS.escape(key)}"]`) : null;
  (again ?? fallback)?.focus();
}

// Last line of defence: anything that escapes a handler still ends up on screen.
window.addEventListener("unhandledrejection", (ev) => showError($("global-error"), ev.reason));
window.addEventListener("error", (ev) => showError($("global-error"), ev.error ?? ev.message));

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
};
const svg = (tag, attrs = {}) => {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
};
const euro = (cents) => new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR" }).format(cents / 100);
const metres = (m) => (m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`);
const addressLine = (a) => {
  const suffix = a.premiseNumberSuffix ?? "";
  // "1A", "11-13", "5-bis": a dash only between the number and a longer suffix that has none yet
  const joined = suffix.length <= 1 || /^[-/ ]/.test(suffix) ? suffix : `-${suffix}`;
  const number = a.premiseNumber !== undefined ? ` ${a.premiseNumber}${joined}` : "";
  return [`${a.thoroughfare ?? ""}${number}`.trim(), [a.postalCode, a.locality].filter(Boolean).join(" ")].filter(Boolean).join(", ");
};

const state = {
  country: "NL", format: undefined, formatToken: 0,
  search: undefined, searchSeq: 0, context: undefined, contextValue: "", options: [],
  touched: new Set(), showAll: false, serverErrors: {},
  sessionId: undefined, sessionExpiresAt: undefined, address: undefined, unselected: undefined,
  catalogue: new Map(), activeMethodId: undefined, checkoutMethods: [],
  points: [], pointsCountry: "NL", pointsPostal: "", pointsSeq: 0, activeSpid: undefined, spidAliases: new Map(),
};

let client;
try {
  await init();
  client = new AfostoClient({ baseUrl, persistSession: "localStorage" });
} catch (e) {
  showError($("global-error"), e);
}
if (client) start();

function start() {
  window.afostoDemo = { client, state };
  const saved = loadSaved();
  if (saved?.country && COUNTRIES[saved.country]) $("country").value = saved.country;
  state.country = $("country").value;
  $("points-country").textContent = COUNTRIES[state.country];
  setUpAccount();
  setUpAddress();
  setUpShipping();
  setUpPoints();
  renderPoints(); // the hint names the country
  guarded($("address-error"), () => setCountry($("country").value))();
  if (saved?.sessionId) guarded($("address-error"), () => restoreCheckout(saved))();
}

// The checkout session survives a reload: its id and what the page needs to read the
// selections back are kept in sessionStorage (this tab only; key STORE_KEY).

function saveCheckout() {
  try {
    if (!state.sessionId) sessionStorage.removeItem(STORE_KEY);
    else {
      sessionStorage.setItem(STORE_KEY, JSON.stringify({
        sessionId: state.sessionId, expiresAt: state.sessionExpiresAt, country: state.country, address: state.address,
        pointsPostal: state.pointsPostal, spidAliases: [...state.spidAliases],
      }));
    }
  } catch (e) {
    console.warn(`The checkout session is not kept over a reload: ${describe(e)}`); // storage off (privacy settings)
  }
}

function loadSaved() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? "null");
    if (saved?.expiresAt && Date.parse(saved.expiresAt) <= Date.now()) return null; // the checkout session is over
    return saved;
  } catch (e) {
    console.warn(`No saved checkout session: ${describe(e)}`);
    return null;
  }
}

/** After a reload: the saved checkout session, its address, and the method and point it holds. */
async function restoreCheckout(saved) {
  state.sessionId = saved.sessionId;
  state.sessionExpiresAt = saved.expiresAt;
  state.spidAliases = new Map(saved.spidAliases ?? []);
  if (!saved.address) return; // the country changed since: the shopper uses a new address
  try {
    await loadCheckoutMethods(); // reads the selected method back (and shows the session is still there)
  } catch (e) {
    if (isAfostoError(e) && e.code === "NOT_FOUND") {
      state.sessionId = undefined;
      saveCheckout();
      throw new Error("The saved checkout session is gone: use your address again.");
    }
    throw e;
  }
  // The session says which shipping address it holds (GET /odr/sessions/{id}/shipping).
  const shipping = await client.checkoutShippingAddress(state.sessionId).catch(() => undefined);
  state.address = shipping?.active ?? saved.address;
  const values = state.address;
  for (const [id, key] of FIELDS) $(id).value = values[key] ?? "";
  showAddressState();
  if (saved.pointsPostal) {
    $("points-postal").value = saved.pointsPostal;
    await guarded($("points-error"), findPoints)(); // reads the selected point back
  }
}

// ---------------------------------------------------------------- 1. Account

function setUpAccount() {
  let timer;
  const renderSession = (s) => {
    // "expires in N min" counts down: redrawn every 30 s while signed in, stopped when signed out.
    clearInterval(timer);
    timer = s ? setInterval(() => renderSession(client.session), 30000) : undefined;
    const box = $("session-state");
    if (s) {
      const expires = new Date(s.expiresAt);
      const minutes = Math.max(0, Math.round((expires.getTime() - Date.now()) / 60000));
      box.textContent = `Signed in as ${s.claims?.email ?? "(unknown)"} until ${expires.toLocaleTimeString()}`;
      box.append(el("span", { class: "muted" }, ` (session expires in ${minutes} min)`));
      box.classList.add("ok");
    } else {
      box.textContent = "Not signed in";
      box.classList.remove("ok");
    }
    $("sign-out").hidden = !s;
  };
  client.onSessionChange(renderSession);
  renderSession(client.session);

  const auth = (kind) => guarded($("auth-error"), async () => {
    const credentials = { email: $("email").value, password: $("password").value };
    try {
      await (kind === "up" ? client.signUp(credentials) : client.signIn(credentials));
    } catch (e) {
      // The API answers a wrong password with 401 and an unknown email with 404: one plain message.
      if (kind === "in" && isAfostoError(e) && (e.code === "UNAUTHORIZED" || e.code === "NOT_FOUND")) {
        throw new Error(`${e.code}: Invalid email or password.`);
      }
      if (kind === "up" && isAfostoError(e) && e.code === "CONFLICT") {
        throw new Error("CONFLICT: There is already an account with this email: sign in instead.");
      }
      throw e;
    }
  }, $(kind === "up" ? "sign-up" : "sign-in"));
  const signIn = auth("in");
  $("auth-form").addEventListener("submit", (ev) => { ev.preventDefault(); signIn(); });
  $("sign-up").addEventListener("click", auth("up"));
  $("sign-out").addEventListener("click", guarded($("auth-error"), () => client.signOut(), $("sign-out")));
}

// ---------------------------------------------------------------- 2. Address

function setUpAddress() {
  const input = $("address-search");
  const list = $("address-options");
  const combo = $("address-combo");
  const addressError = $("address-error");

  $("country").addEventListener("change", guarded(addressError, async () => {
    resetForCountry($("country").value);
    await Promise.all([setCountry($("country").value), guarded($("shipping-error"), loadCatalogue)()]);
  }));

  const search = guarded(addressError, onSearchInput);
  input.addEventListener("input", async () => {
    // The country's format or search session failed to load: try again, keeping the error up until it works.
    if (!isReady()) {
      try {
        await ensureReady();
      } catch (e) {
        showNotReady(e);
        return;
      }
    }
    await search();
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") {
      ev.preventDefault();
      if (!list.hidden) list.querySelector("button")?.focus();
      else if (input.value.trim()) search(); // reopen the list
    }
    if (ev.key === "Escape") {
      ev.preventDefault(); // close the list only: never erase what the shopper typed
      closeOptions();
    }
  });
  list.addEventListener("keydown", (ev) => {
    const buttons = [...list.querySelectorAll("button")];
    const i = buttons.indexOf(document.activeElement);
    if (ev.key === "ArrowDown") { ev.preventDefault(); buttons[Math.min(i + 1, buttons.length - 1)]?.focus(); }
    if (ev.key === "ArrowUp") { ev.preventDefault(); (i <= 0 ? input : buttons[i - 1]).focus(); }
    if (ev.key === "Escape") { ev.preventDefault(); closeOptions(); input.focus(); }
  });
  list.addEventListener("click", guarded(addressError, async (ev) => {
    const button = ev.target.closest("button[data-index]");
    if (button) await chooseOption(state.options[Number(button.dataset.index)]);
  }));
  // Close the list when focus leaves the combobox (input + list), by keyboard or pointer.
  combo.addEventListener("focusout", (ev) => {
    if (ev.relatedTarget && !combo.contains(ev.relatedTarget)) closeOptions();
  });
  // composedPath, not contains(target): a redraw may already have detached the clicked option.
  document.addEventListener("click", (ev) => { if (!ev.composedPath().includes(combo)) closeOptions(); });

  const form = $("address-form");
  form.addEventListener("input", (ev) => {
    if (ev.target.name) state.touched.add(ev.target.name);
    delete state.serverErrors[ev.target.name]; // the shopper is fixing what the API refused
    guarded(addressError, async () => {
      if (!state.format) await ensureReady();
      validate();
    })();
  });
  const useAddress = guarded(addressError, onUseAddress, $("use-address"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); useAddress(); });
}

/** A new country: the address, the checkout's methods and the service points all depended on
 * the old one. The checkout session stays; using an address in the new country updates it. */
function resetForCountry(cc) {
  const where = COUNTRIES[cc] ?? cc;
  state.country = cc;
  for (const [id] of FIELDS) $(id).value = "";
  state.geo = undefined;
  state.touched.clear();
  state.showAll = false;
  state.serverErrors = {};
  state.address = undefined;
  $("address-state").hidden = true;
  state.checkoutMethods = [];
  $("checkout-methods").replaceChildren();
  $("shipping-state").textContent = `Use an address in ${where} first: the checkout session offers its methods.`;
  clearError($("shipping-error"));
  state.points = [];
  state.pointsPostal = "";
  state.activeSpid = undefined;
  $("points-postal").value = "";
  $("points-country").textContent = where;
  $("points-failed").hidden = true;
  clearError($("points-error"));
  renderPoints();
  saveCheckout();
}

/** Switch country: its address format (which fields, which are required) and a new search session. */
async function setCountry(cc) {
  state.formatToken++;
  state.country = cc;
  state.format = undefined;
  state.search = undefined;
  state.ready = undefined;
  state.context = undefined;
  state.searchSeq++;
  closeOptions();
  $("address-search").value = "";
  $("address-search-state").textContent = "";
  try {
    await ensureReady();
  } catch (e) {
    showNotReady(e);
  }
}

function isReady() { return Boolean(state.format && state.search); }

/** Load what the country still lacks (its address format, a search session). A part that fails
 * is asked for again on the next call (the next keystroke); callers share a load in flight. */
function ensureReady() {
  if (isReady()) return Promise.resolve();
  const token = state.formatToken;
  if (state.ready?.token === token) return state.ready.promise;
  const cc = state.country;
  const promise = (async () => {
    try {
      const [format, search] = await Promise.allSettled([
        state.format ?? client.addressFormat(cc),
        state.search ?? client.startAddressSearch(cc),
      ]);
      if (token !== state.formatToken) return; // the shopper switched country meanwhile
      if (search.status === "fulfilled") state.search = search.value;
      if (format.status === "fulfilled" && !state.format) applyFormat(format.value);
      const failed = [format, search].find((r) => r.status === "rejected");
      if (failed) throw failed.reason;
      if ($("address-search-state").dataset.kind === "not-ready") setSearchHint("");
      clearError($("address-error"));
    } finally {
      if (state.ready?.token === token) state.ready = undefined;
    }
  })();
  state.ready = { token, promise };
  return promise;
}

/** The country's fields and required markers. */
function applyFormat(format) {
  state.format = format;
  const wanted = new Set([...format.required, ...format.allowed]);
  for (const [, key] of FIELDS) {
    const field = document.querySelector(`.field[data-field="${key}"]`);
    field.hidden = !wanted.has(key);
    field.querySelector("label").classList.toggle("required", format.required.includes(key));
  }
  validate();
}

/** The country's format or search session could not be loaded: say so until a retry works. */
function showNotReady(e) {
  showError($("address-error"), e);
  setSearchHint("The address search is not ready: type to try again.", "not-ready");
}

function setSearchHint(text, kind = "") {
  const hint = $("address-search-state");
  hint.textContent = text;
  hint.dataset.kind = kind;
}

/** Autocomplete on each keystroke: the latest search wins, superseded ones reject with ABORTED. */
async function onSearchInput() {
  const input = $("address-search");
  const query = input.value;
  if (state.context && !query.startsWith(state.contextValue)) state.context = undefined; // left the street
  const seq = ++state.searchSeq;
  if (!query.trim() || !state.search) { closeOptions(); return; }
  try {
    const result = await state.search.search(query, state.context ? { context: state.context } : {});
    if (seq === state.searchSeq) renderOptions(result);
  } catch (e) {
    if (isAfostoError(e) && e.code === "ABORTED") return;
    if (seq === state.searchSeq) throw e;
  }
}

function renderOptions({ options, result }) {
  const list = $("address-options");
  state.options = [];
  const exact = result?.address && result.isPrecise ? addressLine(result.address) : undefined;
  if (exact) state.options.push({ kind: "result", geo: result });
  // The exact match once: not again as an option with the same label.
  state.options.push(...options.filter((o) => o.label !== exact).map((o) => ({ kind: "option", option: o })));
  keepFocus(() => list.replaceChildren(...state.options.map((o, i) => {
    const [label, description, precision] = o.kind === "result"
      ? [addressLine(result.address), "Exact match", "address"]
      : [o.option.label, o.option.description, o.option.precision];
    return el("li", { role: "option" }, el("button", { type: "button", tabindex: "-1", class: `option ${precision}`, dataset: { index: String(i), precision } },
      el("span", { class: "option-label" }, label),
      description ? el("span", { class: "option-description" }, description) : null,
      el("span", { class: "tag" }, precision)));
  })), $("address-search"));
  if (!state.options.length) list.replaceChildren(el("li", { class: "empty" }, "No addresses found"));
  list.hidden = false;
  $("address-search").setAttribute("aria-expanded", "true");
  if (state.context) setSearchHint(`In ${state.contextValue}: pick a house number or type it.`, "drill");
  else if ($("address-search-state").dataset.kind === "drill") setSearchHint("");
}

/** Close the list; focus inside it goes back to the input, and the drill-down hint goes with it. */
function closeOptions() {
  const list = $("address-options");
  const input = $("address-search");
  if (list.contains(document.activeElement)) input.focus();
  list.hidden = true;
  list.replaceChildren();
  input.setAttribute("aria-expanded", "false");
  if ($("address-search-state").dataset.kind === "drill") setSearchHint("");
}

/** A street (or any option with a context but no exact address) drills down; a house number fills the form. */
async function chooseOption(choice) {
  if (!choice) return;
  if (choice.kind === "result") { fillForm(choice.geo); return; }
  const o = choice.option;
  const input = $("address-search");
  if (o.precision !== "premise" && o.context) {
    state.context = o.context;
    state.contextValue = o.value;
    input.value = `${o.value} `;
    input.focus();
    await onSearchInput();
    return;
  }
  const seq = ++state.searchSeq;
  const { result, options } = await state.search.search(o.value, o.context ? { context: o.context } : {});
  if (seq !== state.searchSeq) return;
  if (result?.address) fillForm(result);
  else renderOptions({ options });
}

/** Fill street, number, suffix, postal code and city from a geocoded result. */
function fillForm(geo) {
  const a = geo.address;
  const values = {
    thoroughfare: a.thoroughfare, premiseNumber: a.premiseNumber, premiseNumberSuffix: a.premiseNumberSuffix,
    postalCode: a.postalCode, locality: a.locality,
  };
  for (const [id, key] of FIELDS) $(id).value = values[key] ?? "";
  state.geo = geo;
  state.showAll = true;
  $("address-search").value = addressLine(a);
  setSearchHint(`Found ${addressLine(a)}${geo.isPrecise ? " (exact location)" : ""}.`, "found");
  state.context = undefined;
  closeOptions();
  validate();
}

function formAddress() {
  const a = { countryCode: state.country };
  for (const [id, key] of FIELDS) {
    const v = $(id).value.trim();
    if (!v || $(id).closest(".field").hidden) continue;
    a[key] = key === "premiseNumber" && /^\d+$/.test(v) ? Number(v) : v;
  }
  return a;
}

const PROBLEMS = {
  required: () => `Required in ${COUNTRIES[state.country] ?? state.country}`,
  invalid: () => "Not valid",
  "invalid value": () => "Not valid",
  not_allowed: () => `Not used in ${COUNTRIES[state.country] ?? state.country}`,
};

/** Validate the form with the country's format, plus what the API refused on the last submit;
 * show messages next to the fields the shopper has touched (aria-invalid + aria-describedby). */
function validate() {
  const errors = state.format ? client.validateAddress(formAddress(), state.format) : {};
  for (const [k, v] of Object.entries(state.serverErrors)) errors[k] = [...new Set([...(errors[k] ?? []), ...v])];
  const visible = new Set(FIELDS.map(([, k]) => k).filter((k) => !document.querySelector(`.field[data-field="${k}"]`).hidden));
  const text = (problems) => problems.map((p) => (PROBLEMS[p] ? PROBLEMS[p]() : p)).join(", ");
  for (const span of document.querySelectorAll("#address-form .field-error")) {
    const key = span.dataset.for;
    span.id ||= `${key}-error`;
    const shown = state.showAll || state.touched.has(key) || key in state.serverErrors;
    const problems = key === "other"
      ? Object.entries(errors).filter(([k]) => !visible.has(k)).map(([k, v]) => `${k}: ${text(v)}`)
      : errors[key] && shown ? [text(errors[key])] : [];
    span.textContent = problems.join("; ");
    const field = span.closest(".field");
    field?.classList.toggle("invalid", problems.length > 0);
    const input = field?.querySelector("input");
    if (!input) continue;
    if (problems.length) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", span.id);
    } else {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }
  return errors;
}

/** After a failed submit: focus the first field with a problem, so it is read out and can be fixed. */
function focusFirstInvalid() {
  document.querySelector('#address-form .field:not([hidden]) input[aria-invalid="true"]')?.focus();
}

function showAddressState() {
  const box = $("address-state");
  box.textContent = `Shipping to ${addressLine(state.address)}, ${state.address.countryCode}`;
  box.append(el("span", { class: "muted" }, ` · checkout session ${state.sessionId.slice(0, 8)}…`));
  box.hidden = false;
}

/** Create the checkout session (once) and store the address on it; then load its shipping options. */
async function onUseAddress() {
  state.showAll = true;
  state.serverErrors = {};
  if (!state.format) await ensureReady().catch((e) => { if (!state.format) throw e; }); // the search may still be down
  const errors = validate();
  if (Object.keys(errors).length) {
    focusFirstInvalid();
    throw new Error("Please fix the highlighted fields first.");
  }
  const address = formAddress();
  try {
    state.address = await setAddressOnSession(address);
  } catch (e) {
    const problems = fieldProblems(e);
    if (!Object.keys(problems).length) throw e;
    state.serverErrors = problems; // shown on the fields, once each
    validate();
    focusFirstInvalid();
    throw new Error(`${e.code}: the address was not accepted${e.status ? ` (${e.status})` : ""}; see the highlighted fields.`);
  }
  saveCheckout();
  showAddressState();
  $("points-postal").value = state.address.postalCode ?? address.postalCode ?? "";
  await Promise.all([
    guarded($("shipping-error"), loadCheckoutMethods)(),
    guarded($("points-error"), findPoints)(),
  ]);
}

/**
 * Store the address on the checkout session and select it as the shipping address, creating
 * the session when there is none or it has expired. When a previous click added this same
 * address but could not select it (the error carried `addressId`), it is selected now instead
 * of being added twice.
 */
async function setAddressOnSession(address) {
  if (state.sessionId) {
    const pending = state.unselected;
    if (pending && pending.sessionId === state.sessionId && JSON.stringify(pending.address) === JSON.stringify(address)) {
      const selected = await client.selectShippingAddress(state.sessionId, { addressId: pending.id });
      state.unselected = undefined;
      return selected;
    }
    try {
      return await client.setCheckoutAddress(state.sessionId, address);
    } catch (e) {
      if (isAfostoError(e) && e.addressId) state.unselected = { sessionId: state.sessionId, id: e.addressId, address };
      if (!(isAfostoError(e) && e.code === "NOT_FOUND")) throw e;
    }
  }
  const session = await client.createCheckoutSession();
  state.sessionId = session.id;
  state.sessionExpiresAt = session.expiresAt;
  state.spidAliases.clear();
  return client.setCheckoutAddress(state.sessionId, address);
}

// ---------------------------------------------------------------- 3. Shipping

function setUpShipping() {
  const shippingError = $("shipping-error");
  $("weight").addEventListener("input", guarded(shippingError, async () => {
    renderCatalogue();
    if (state.checkoutMethods.length) renderCheckoutMethods();
  }));
  $("checkout-methods").addEventListener("click", guarded(shippingError, async (ev) => {
    const button = ev.target.closest("button[data-id]");
    if (!button || isBusy(button)) return;
    setBusy(button, true); // not `disabled`: the button keeps keyboard focus
    try {
      await client.selectShippingMethod(state.sessionId, { methodId: button.dataset.id });
      await loadCheckoutMethods(); // read back what the session now has
    } finally {
      setBusy(button, false);
    }
  }));
  guarded(shippingError, loadCatalogue)();
}

/** The shipping-method catalogue for the current country (fetched once per country). */
async function loadCatalogue() {
  const cc = state.country;
  $("methods-country").textContent = COUNTRIES[cc] ?? cc;
  if (!state.catalogue.has(cc)) {
    // No old country's prices under the new heading, also when the request fails.
    $("methods").tBodies[0].replaceChildren();
    $("methods-state").textContent = `Loading the prices for ${COUNTRIES[cc] ?? cc}…`;
    try {
      state.catalogue.set(cc, await client.listShippingMethods({ countryCode: cc }));
    } catch (e) {
      if (cc === state.country) $("methods-state").textContent = "";
      throw e;
    }
  }
  if (cc === state.country) renderCatalogue();
}

function renderCatalogue() {
  const cc = state.country;
  const all = state.catalogue.get(cc);
  if (!all) return;
  const w = $("weight").value.trim();
  const q = { countryCode: cc };
  if (w !== "") q.weight = Number(w);
  const list = selectableShippingMethods(all, q);
  $("methods").tBodies[0].replaceChildren(...list.map((m) => el("tr", { dataset: { id: m.id } },
    el("td", {}, el("strong", {}, m.name), m.description ? el("div", { class: "muted small" }, m.description) : null),
    el("td", {}, el("span", { class: `tag carrier-${m.carrierCode}` }, CARRIER_NAMES[m.carrierCode] ?? m.carrierCode)),
    el("td", { class: "num price" }, euro(m.price)))));
  $("methods-state").textContent = `${list.length} of ${all.length} methods ship to ${COUNTRIES[cc] ?? cc}${w !== "" ? ` at ${w} g` : ""}.`;
}

/** The checkout session's methods, with the stored selection marked active. */
async function loadCheckoutMethods() {
  const r = await client.checkoutShippingMethods(state.sessionId);
  state.activeMethodId = r.active?.methodId;
  state.checkoutMethods = r.options;
  renderCheckoutMethods();
}

/** The parcel weight in grams, when the shopper gave one. */
function parcelWeight() {
  const w = $("weight").value.trim();
  return w === "" ? undefined : Number(w);
}

function renderCheckoutMethods() {
  const r = { options: state.checkoutMethods };
  // The session's list has no weight limits: take them from the catalogue.
  const w = parcelWeight();
  const limit = (id) => state.catalogue.get(state.country)?.find((c) => c.id === id)?.maxWeight;
  const tooHeavy = (id) => w !== undefined && limit(id) !== undefined && w > limit(id);
  keepFocus(() => $("checkout-methods").replaceChildren(...r.options.map((m) => {
    const active = m.id === state.activeMethodId;
    const heavy = tooHeavy(m.id);
    return el("li", { class: `${active ? "active" : ""}${heavy ? " too-heavy" : ""}`.trim() },
      el("button", { type: "button", class: "choice", dataset: { id: m.id, focus: `method:${m.id}` }, "aria-pressed": String(active) },
        el("span", { class: "choice-main" }, el("strong", {}, m.name),
          el("span", { class: "muted small" }, `${CARRIER_NAMES[m.carrier] ?? m.carrier} · ${m.type === "pickup" ? "pick up at a service point" : "home delivery"}`)),
        el("span", { class: "price" }, euro(m.price)),
        heavy ? el("span", { class: "badge unknown", title: `up to ${limit(m.id)} g` }, "Too heavy") : null,
        active ? el("span", { class: "badge selected" }, "Selected") : null));
  })), $("shipping-heading"));
  const active = r.options.find((m) => m.id === state.activeMethodId);
  $("shipping-state").textContent = active ? `Selected: ${active.name} (${euro(active.price)})` : "Pick a shipping method.";
  renderPointsNote();
}

// ---------------------------------------------------------------- 4. Service points

function setUpPoints() {
  const pointsError = $("points-error");
  const find = guarded(pointsError, findPoints, $("find-points"));
  $("points-form").addEventListener("submit", (ev) => { ev.preventDefault(); find(); });
  const pick = guarded(pointsError, pickPoint);
  $("points-list").addEventListener("click", (ev) => {
    const button = ev.target.closest("button[data-index]");
    if (button) pick(Number(button.dataset.index));
  });
  const map = $("points-map");
  map.addEventListener("click", (ev) => {
    const marker = ev.target.closest(".marker");
    if (marker) pick(Number(marker.dataset.index));
  });
  map.addEventListener("keydown", (ev) => {
    const marker = ev.target.closest(".marker");
    if (marker && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); pick(Number(marker.dataset.index)); }
  });
}

/** Service points of all carriers near the postal code, nearest first; carriers that failed are listed. */
async function findPoints() {
  const postalCode = $("points-postal").value.trim();
  const countryCode = state.country;
  const where = COUNTRIES[countryCode] ?? countryCode;
  if (!postalCode) throw new Error(`Enter a postal code in ${where} to find service points.`);
  const seq = ++state.pointsSeq;
  $("points-state").textContent = `Searching near ${postalCode} in ${where}…`;
  const { matches, failed } = await client.findServicePoints({ carriers: CARRIERS, countryCode, postalCode, limit: 15 });
  if (seq !== state.pointsSeq) return;
  state.pointsCountry = countryCode;
  state.pointsPostal = postalCode;
  const failedBox = $("points-failed");
  if (failed.length === CARRIERS.length) {
    // Every carrier failed: one clear message instead of a list of three errors.
    failedBox.hidden = true;
    state.points = [];
    renderPoints();
    $("points-state").textContent = "";
    throw new Error(allCarriersFailed(failed, postalCode, where));
  }
  // Some carriers answered: say which did not.
  failedBox.hidden = failed.length === 0;
  failedBox.textContent = failed.length
    ? `Not available: ${failed.map((f) => `${CARRIER_NAMES[f.carrier] ?? f.carrier} (${describe(f.error)})`).join("; ")}`
    : "";
  state.points = [...matches].sort((a, b) => a.distance - b.distance);
  if (state.sessionId) {
    const q = { countryCode, postalCode };
    if (state.activeMethodId) q.methodId = state.activeMethodId; // the session's points for the chosen method
    const r = await client.checkoutServicePoints(state.sessionId, q);
    state.activeSpid = activeSpid(r);
  }
  renderPoints();
  saveCheckout();
}

function allCarriersFailed(failed, postalCode, where) {
  const refused = failed.every((f) => f.error.code === "VALIDATION" && "postalCode" in fieldProblems(f.error));
  if (refused) return `“${postalCode}” is not a valid postal code in ${where}: no service points to show.`;
  const codes = [...new Set(failed.map((f) => f.error.code))].join(" / ");
  return `Service points could not be loaded: all carriers failed (${codes}). ${describe(failed[0].error)}`;
}

function statusBadge(point) {
  let s;
  try {
    s = openingStatus(point);
  } catch (e) {
    return el("span", { class: "badge unknown", title: describe(e) }, "Hours unknown");
  }
  if (s.isOpen) return el("span", { class: "badge open" }, s.closesAt ? `Open now · until ${s.closesAt}` : "Open now");
  if (!s.opensAt) return el("span", { class: "badge closed" }, "Closed");
  const today = isoWeekdayInAmsterdam(0), tomorrow = isoWeekdayInAmsterdam(1);
  const day = s.opensOn === today ? "" : s.opensOn === tomorrow ? "tomorrow " : `${WEEKDAYS[s.opensOn] ?? ""} `;
  return el("span", { class: "badge closed" }, `Closed · opens ${day}at ${s.opensAt}`);
}

function isoWeekdayInAmsterdam(daysAhead) {
  const name = new Intl.DateTimeFormat("en-GB", { weekday: "short", timeZone: "Europe/Amsterdam" })
    .format(new Date(Date.now() + daysAhead * 86400000));
  return WEEKDAYS.indexOf(name);
}

function renderPoints() {
  keepFocus(drawPoints, $("points-heading"));
}

function drawPoints() {
  const matches = state.points;
  $("points-list").replaceChildren(...matches.map(({ distance, point }, i) => {
    const active = point.id === state.activeSpid;
    return el("li", { class: active ? "active" : "", dataset: { id: point.id, carrier: point.carrier, distance: String(distance) } },
      el("button", { type: "button", class: "choice point", dataset: { index: String(i), focus: `point:${point.id}` }, "aria-pressed": String(active) },
        el("span", { class: `num carrier-${point.carrier}` }, String(i + 1)),
        el("span", { class: "choice-main" },
          el("strong", {}, point.name),
          el("span", { class: "muted small" }, addressLine(point.address)),
          el("span", { class: "badges" },
            el("span", { class: `tag carrier-${point.carrier}` }, CARRIER_NAMES[point.carrier] ?? point.carrier),
            statusBadge(point),
            active ? el("span", { class: "badge selected" }, "Selected") : null)),
        el("span", { class: "distance" }, metres(distance))));
  }));
  renderMap();
  renderPointsNote();
  const active = matches.find((m) => m.point.id === state.activeSpid);
  const where = COUNTRIES[state.pointsCountry] ?? state.pointsCountry;
  $("points-state").textContent = !state.pointsPostal
    ? `Service points of PostNL, DHL and DPD near a postal code in ${COUNTRIES[state.country] ?? state.country}.`
    : !matches.length
      ? `No service points near ${state.pointsPostal} in ${where}.`
      : active
        ? `Selected: ${active.point.name} (${CARRIER_NAMES[active.point.carrier] ?? active.point.carrier}), ${metres(active.distance)} away.`
        : `${matches.length} service points near ${state.pointsPostal} in ${where}, nearest first.${state.sessionId ? " Pick one." : " Use an address to pick one."}`;
}

/** A warning when the chosen point does not go with the chosen shipping method. */
function renderPointsNote() {
  const box = $("points-note");
  const point = state.points.find((m) => m.point.id === state.activeSpid)?.point;
  const method = state.checkoutMethods.find((m) => m.id === state.activeMethodId);
  const name = (c) => CARRIER_NAMES[c] ?? c;
  let text = "";
  if (point && method && method.carrier !== point.carrier) {
    text = `The selected point is a ${name(point.carrier)} point, but the shipping method ${method.name} is ${name(method.carrier)}: pick a ${name(method.carrier)} point or another method.`;
  } else if (point && method && method.type !== "pickup") {
    text = `${method.name} delivers at home: the service point is only used with a pick-up method.`;
  }
  box.textContent = text;
  box.hidden = !text;
}

/** An inline SVG plotting the points by latitude/longitude relative to each other. */
function renderMap() {
  const figure = $("points-map");
  figure.querySelector("svg")?.remove();
  const points = state.points.map((m) => m.point);
  figure.hidden = points.length === 0;
  if (!points.length) return;
  const W = 480, H = 360, PAD = 28;
  // The distances are the API's, measured from its own origin for the postal code (not from the
  // shopper's geocoded address): mark that origin, worked out from the distances themselves.
  const origin = distanceOrigin(state.points);
  $("points-map-caption").textContent = origin
    ? `Points by position, north up; numbers match the list. ◆ is where the distances are measured from (near ${state.pointsPostal}).`
    : "Points by position, north up; numbers match the list.";
  const all = [...points.map((p) => [p.latitude, p.longitude])];
  if (origin) all.push([origin.lat, origin.long]);
  const lats = all.map((c) => c[0]), longs = all.map((c) => c[1]);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180); // longitude degrees shrink with latitude
  const minX = Math.min(...longs) * kx, maxX = Math.max(...longs) * kx;
  const minY = Math.min(...lats), maxY = Math.max(...lats);
  const scale = Math.min((W - 2 * PAD) / Math.max(maxX - minX, 1e-6), (H - 2 * PAD) / Math.max(maxY - minY, 1e-6));
  const offX = (W - (maxX - minX) * scale) / 2, offY = (H - (maxY - minY) * scale) / 2;
  const project = (lat, long) => [offX + (long * kx - minX) * scale, offY + (maxY - lat) * scale];

  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `Map of ${points.length} service points` });
  root.append(svg("rect", { x: 0, y: 0, width: W, height: H, class: "map-bg" }));
  for (let i = 1; i < 6; i++) {
    root.append(svg("line", { x1: (W / 6) * i, y1: 0, x2: (W / 6) * i, y2: H, class: "grid-line" }));
    if (i < 4) root.append(svg("line", { x1: 0, y1: (H / 4) * i, x2: W, y2: (H / 4) * i, class: "grid-line" }));
  }
  // Scale bar: a round distance about a fifth of the width (1 degree of latitude is ~111.32 km).
  const metresPerUnit = 111320 / scale;
  const target = (W / 5) * metresPerUnit;
  const nice = [50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000].reduce((b, n) => (n <= target ? n : b), 50);
  const barLength = nice / metresPerUnit;
  root.append(svg("line", { x1: 12, y1: H - 12, x2: 12 + barLength, y2: H - 12, class: "scale-bar" }));
  const scaleText = svg("text", { x: 12, y: H - 18, class: "scale-text" });
  scaleText.textContent = metres(nice);
  root.append(scaleText);

  // Draw the selected marker last so it sits on top.
  const order = points.map((p, i) => i).sort((a, b) => (points[a].id === state.activeSpid) - (points[b].id === state.activeSpid));
  for (const i of order) {
    const p = points[i];
    const [x, y] = project(p.latitude, p.longitude);
    const active = p.id === state.activeSpid;
    const g = svg("g", {
      class: `marker carrier-${p.carrier}${active ? " active" : ""}`, "data-index": i, "data-id": p.id, "data-focus": `marker:${p.id}`,
      transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})`, tabindex: 0, role: "button",
      "aria-label": `${i + 1}. ${p.name}${active ? " (selected)" : ""}`,
    });
    const title = svg("title");
    title.textContent = `${i + 1}. ${p.name} (${CARRIER_NAMES[p.carrier] ?? p.carrier})`;
    const label = svg("text", { "text-anchor": "middle", dy: "0.35em" });
    label.textContent = String(i + 1);
    // A transparent circle around it makes the tap target at least 24 px on a phone.
    g.append(title, svg("circle", { class: "hit", r: 18 }), svg("circle", { r: active ? 13 : 10 }), label);
    root.append(g);
  }
  // The distances' origin, on top but not in the way of clicks.
  if (origin) {
    const [x, y] = project(origin.lat, origin.long);
    const g = svg("g", { class: "home", transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})` });
    const title = svg("title");
    title.textContent = `Distances are measured from here (near ${state.pointsPostal})`;
    g.append(title, svg("rect", { x: -5, y: -5, width: 10, height: 10, transform: "rotate(45)" }));
    root.append(g);
  }
  figure.prepend(root);
}

/** Where the listed distances are measured from: the least-squares point whose distance to every
 * service point matches the API's, on a local flat projection (ample at these few kilometres).
 * Undefined when the distances do not pin one point down. */
function distanceOrigin(matches) {
  if (matches.length < 3) return undefined;
  const lat0 = matches.reduce((s, m) => s + m.point.latitude, 0) / matches.length;
  const long0 = matches.reduce((s, m) => s + m.point.longitude, 0) / matches.length;
  const ky = 111320, kx = ky * Math.cos((lat0 * Math.PI) / 180); // metres per degree
  const xy = matches.map(({ distance, point }) => [(point.longitude - long0) * kx, (point.latitude - lat0) * ky, distance]);
  // |o - p_i|² = d_i², minus the same for p_0, is linear in o: solve the normal equations.
  const [x0, y0, d0] = xy[0];
  const c0 = x0 * x0 + y0 * y0 - d0 * d0;
  let a11 = 0, a12 = 0, a22 = 0, b1 = 0, b2 = 0;
  for (const [x, y, d] of xy.slice(1)) {
    const ax = 2 * (x - x0), ay = 2 * (y - y0), b = x * x + y * y - d * d - c0;
    a11 += ax * ax; a12 += ax * ay; a22 += ay * ay; b1 += ax * b; b2 += ay * b;
  }
  const det = a11 * a22 - a12 * a12;
  if (!(Math.abs(det) > 1e-9 * a11 * a22)) return undefined; // points in a line: no single answer
  const ox = (b1 * a22 - b2 * a12) / det, oy = (a11 * b2 - a12 * b1) / det;
  // Only trust it when it explains the distances (within 10 %, or 50 m).
  const misfit = Math.max(...xy.map(([x, y, d]) => Math.abs(Math.hypot(x - ox, y - oy) - d)));
  const typical = xy.reduce((s, [, , d]) => s + d, 0) / xy.length;
  if (!(misfit <= Math.max(50, 0.1 * typical))) return undefined;
  return { lat: lat0 + oy / ky, long: long0 + ox / kx };
}

/** The listed point id of the session's active service point (see `spidAliases`). */
const activeSpid = (r) => (r.active ? state.spidAliases.get(r.active.spid) ?? r.active.spid : undefined);

/** Store the point on the checkout session, then read the session back to show it as active. */
async function pickPoint(index) {
  const match = state.points[index];
  if (!match) return;
  if (!state.sessionId) throw new Error("Use an address first: the service point is stored on the checkout session.");
  const { point } = match;
  const countryCode = point.address.countryCode ?? state.pointsCountry;
  const stored = await client.selectServicePoint(state.sessionId, { spid: point.id, countryCode });
  // The session may store another id for the same point (DPD: the DPD endpoint lists the
  // parcelShopId, the session keeps the pudoId); remember it to recognise the read-back.
  if (stored.spid !== point.id) state.spidAliases.set(stored.spid, point.id);
  saveCheckout();
  const q = { countryCode, postalCode: state.pointsPostal };
  if (state.activeMethodId) q.methodId = state.activeMethodId;
  const r = await client.checkoutServicePoints(state.sessionId, q);
  state.activeSpid = activeSpid(r);
  renderPoints();
}
