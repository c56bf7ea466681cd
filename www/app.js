// The demo checkout: cart, account, shipping address, shipping method, service point, contact
// and phone, billing address, payment method, totals, placing the order and paying. Everything
// goes through afosto-checkout (only the cart is made through the mock API's control calls,
// standing in for a shop's back end). Every error is shown in plain words in the section where
// it happened, with the technical detail on the console; nothing is swallowed (ABORTED
// autocomplete searches excepted: a newer keystroke supersedes them on purpose).
import init, { AfostoClient, isAfostoError, openingStatus, selectableShippingMethods, servicePointNeed } from "../pkg/afosto_checkout.js";
import {
  COUNTRIES, DEFAULT_BASE_URL, PlainError, addressLine, clearError, describe, el, friendly, loadSaved, logProblem, money, percent,
  showError, writeSaved,
} from "./shared.js";

const params = new URLSearchParams(location.search);
const baseUrl = params.get("baseUrl") || DEFAULT_BASE_URL;
const $ = (id) => document.getElementById(id);
$("base").textContent = baseUrl;

const CARRIER_NAMES = { postnl: "PostNL", dhl: "DHL", dpd: "DPD" };
const WEEKDAYS = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]; // ISO 1..7
// Form inputs and the AddressInput field each one holds.
const FIELDS = [
  ["thoroughfare", "thoroughfare"], ["premise-number", "premiseNumber"], ["premise-suffix", "premiseNumberSuffix"],
  ["postal-code", "postalCode"], ["locality", "locality"],
];
const BILLING_FIELDS = FIELDS.map(([id, key]) => [`billing-${id}`, key]);
const FIELD_NAMES = {
  thoroughfare: "Street", premiseNumber: "Number", premiseNumberSuffix: "Suffix", postalCode: "Postal code", locality: "City",
  administrativeArea: "Province", countryCode: "Country", email: "Email", givenName: "First name", familyName: "Last name", number: "Phone number",
};
const SVG_NS = "http://www.w3.org/2000/svg";
/** The cart the demo orders from the mock (a shop's back end makes it in real life): two VAT rates,
 * an item on sale and a coupon, so the totals show every kind of line. */
const DEMO_CART = {
  items: [
    { sku: "TEE-ORGANIC-M", description: "Organic T-shirt, size M", amount: 2495, quantity: 2, vat_rate: 21 },
    { sku: "MUG-STONE", description: "Stoneware mug", amount: 1250, quantity: 1, vat_rate: 21, discount: { description: "On sale", amount: 250 } },
    { sku: "BOOK-CHECKOUT", description: "Book: Paying Online", amount: 1995, quantity: 1, vat_rate: 9 },
  ],
  currency: "EUR",
  coupon: { code: "WELCOME5", description: "Welcome discount", amount: 500 },
};

const camelCase = (k) => k.replace(/[_-]+([a-z0-9])/g, (_, c) => c.toUpperCase());
/** An error's field errors keyed once per field, by the camelCase name the form uses. */
function fieldProblems(e) {
  const out = {};
  for (const [k, v] of Object.entries(e?.fieldErrors ?? {})) {
    const key = camelCase(k);
    out[key] = [...new Set([...(out[key] ?? []), ...v])];
  }
  return out;
}

/** An event handler running `fn`, showing any error in `errorEl` (in plain words; the detail goes
 * to the console). While it runs, `button` is busy: aria-disabled (not `disabled`, which would
 * throw keyboard focus to <body>) and a second press is ignored. */
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

const svg = (tag, attrs = {}) => {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
};
const euro = (cents) => money(cents, "EUR");
const metres = (m) => (m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`);
const countryName = (cc) => COUNTRIES[cc] ?? cc;
const carrierName = (c) => CARRIER_NAMES[c] ?? c;

const state = {
  mock: false, country: "NL", format: undefined, formatToken: 0,
  search: undefined, searchSeq: 0, context: undefined, contextValue: "", options: [],
  touched: new Set(), showAll: false, serverErrors: {},
  sessionId: undefined, sessionExpiresAt: undefined, orderId: undefined, address: undefined, unselected: undefined,
  catalogue: new Map(), activeMethodId: undefined, checkoutMethods: [],
  points: [], pointsCountry: "NL", pointsPostal: "", pointsCarrier: undefined, pointsSeq: 0, activeSpid: undefined, spidAliases: new Map(),
  contact: undefined, phone: undefined, phonePending: undefined,
  billingSame: true, billing: undefined, billingPending: undefined,
  paymentOptions: [], paymentActive: undefined,
  totals: undefined, totalsSeq: 0,
  // The payment of this checkout session: {sessionId, forwardUri, total, currency, secret?, state?}
  // (state: open, pending, paid, cancelled, failed; the return page fills in secret and state).
  // (state "unknown": the authorize was sent, its outcome is unknown).
  record: undefined, placedHere: false,
};

let client;
/** The client placeOrder runs on. A client remembers an accepted placeOrder per session and answers
 * it again without sending (a click after the back button); after a cancelled or failed payment
 * the shopper may pay again, which takes a client without that memory. */
let placer;
try {
  await init();
  client = new AfostoClient({ baseUrl, persistSession: "localStorage" });
  placer = client;
} catch (e) {
  showError($("global-error"), friendly(e, "The checkout could not start."));
}

async function start() {
  window.afostoDemo = { client, state };
  const saved = loadSaved();
  if (saved?.country && COUNTRIES[saved.country]) $("country").value = saved.country;
  state.country = $("country").value;
  $("points-country").textContent = countryName(state.country);
  if (saved?.record) state.record = saved.record;
  if (saved && "billingSame" in saved) state.billingSame = saved.billingSame !== false;
  setUpCart();
  setUpAccount();
  setUpAddress();
  setUpShipping();
  setUpPoints();
  setUpContact();
  setUpBilling();
  setUpPayment();
  setUpReview();
  renderPoints(); // the hint names the country
  renderBilling();
  renderPlacement();
  guarded($("address-error"), () => setCountry($("country").value))();
  // After the back button the page may come from the back/forward cache: what the return page
  // wrote meanwhile (the payment's outcome) is read again.
  window.addEventListener("pageshow", (ev) => {
    if (!ev.persisted) return;
    state.record = loadSaved()?.record;
    setBusy($("place-order"), false);
    renderPlacement();
  });
  state.mock = await detectMock();
  if (saved?.sessionId) await guarded($("cart-error"), () => restoreCheckout(saved))();
  else await guarded($("cart-error"), startCheckout)();
}

/** Whether the page runs against the bundled mock API: its control API answers /__mock/health.
 * Only a loopback http base URL (where the mock runs) is asked; a real API is never probed. */
async function detectMock() {
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" || !["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) return false;
  try {
    const r = await fetch(new URL("/__mock/health", url), { cache: "no-store" });
    return r.ok && (await r.json())?.ok === true;
  } catch (e) {
    console.info("[demo] not the mock API (no /__mock/health):", describe(e));
    return false;
  }
}

// The checkout session survives a reload: its id and what the page needs to read the
// selections back are kept in sessionStorage (this tab only; shared.js STORE_KEY). The payment
// return page (return.js) adds the payment's outcome to the same record.

function saveCheckout() {
  if (!state.sessionId) {
    writeSaved(null);
    return;
  }
  writeSaved({
    sessionId: state.sessionId, expiresAt: state.sessionExpiresAt, baseUrl, orderId: state.orderId,
    country: state.country, address: state.address, pointsPostal: state.pointsPostal, spidAliases: [...state.spidAliases],
    phone: state.phone, billingSame: state.billingSame, record: state.record,
  });
}

/** After a reload: the saved checkout session and everything it holds, read back from the API. */
async function restoreCheckout(saved) {
  state.sessionId = saved.sessionId;
  state.sessionExpiresAt = saved.expiresAt;
  state.orderId = saved.orderId;
  state.spidAliases = new Map(saved.spidAliases ?? []);
  state.phone = saved.phone;
  if (state.mock && !state.orderId) {
    // Kept by an older demo, without a cart: start over with one.
    resetCheckout();
    await startCheckout();
    return;
  }
  try {
    await client.getCheckoutSession(state.sessionId); // is it still there?
  } catch (e) {
    if (isAfostoError(e) && e.code === "NOT_FOUND") {
      logProblem(e, "the saved checkout session is gone");
      resetCheckout();
      await startCheckout();
      throw new PlainError("Your earlier checkout had expired, so we started a new one. Please fill in your address again.", { cause: e });
    }
    throw e;
  }
  renderCart();
  renderPlacement();
  await Promise.all([
    guarded($("place-error"), refreshTotals)(),
    guarded($("payment-error"), loadPaymentMethods)(),
    guarded($("contact-error"), loadContact)(),
    guarded($("place-error"), refreshPayment)(),
    // Not `guarded`: that would first clear the address section's error, which may already say
    // that the address search could not start.
    restoreShipping(saved).catch((e) => showError($("address-error"), friendly(e, "Your address could not be read back."))),
  ]);
}

/** The shipping address, method and point the saved session holds. */
async function restoreShipping(saved) {
  // The session says which shipping address it holds (GET /odr/sessions/{id}/shipping).
  const shipping = await client.checkoutShippingAddress(state.sessionId);
  // None yet, or one in another country (the shopper switched country since): a new address is due.
  if (!shipping.active || shipping.active.countryCode !== state.country) return;
  state.address = shipping.active;
  for (const [id, key] of FIELDS) $(id).value = state.address[key] ?? "";
  showAddressState();
  await Promise.all([
    guarded($("shipping-error"), loadCheckoutMethods)(), // reads the selected method back
    guarded($("billing-error"), loadBilling)(),
  ]);
  if (pickupMethod()) {
    $("points-postal").value = saved.pointsPostal || state.address.postalCode || "";
    await guarded($("points-error"), syncPoints)(); // reads the selected point back
  }
}

// ---------------------------------------------------------------- 2. Account

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
        throw new PlainError("Invalid email or password.", { cause: e });
      }
      if (kind === "up" && isAfostoError(e) && e.code === "CONFLICT") {
        throw new PlainError("There is already an account with this email: sign in instead.", { cause: e });
      }
      if (isAfostoError(e) && (e.code === "VALIDATION" || e.code === "INVALID_INPUT")) {
        throw new PlainError("Please check your email address and password.", { cause: e });
      }
      throw friendly(e, kind === "up" ? "Your account was not made." : "You are not signed in.");
    }
  }, $(kind === "up" ? "sign-up" : "sign-in"));
  const signIn = auth("in");
  $("auth-form").addEventListener("submit", (ev) => { ev.preventDefault(); signIn(); });
  $("sign-up").addEventListener("click", auth("up"));
  $("sign-out").addEventListener("click", guarded($("auth-error"), () => client.signOut(), $("sign-out")));
  // The contact step starts from the account's email.
  const fillEmail = (s) => { if (s?.claims?.email && !$("contact-email").value) $("contact-email").value = s.claims.email; };
  client.onSessionChange(fillEmail);
  fillEmail(client.session);
}

// ---------------------------------------------------------------- 3. Shipping address

function setUpAddress() {
  const input = $("address-search");
  const list = $("address-options");
  const combo = $("address-combo");
  const addressError = $("address-error");

  $("country").addEventListener("change", guarded(addressError, async () => {
    resetForCountry($("country").value);
    renderBilling();
    if (!$("phone-number").value.trim()) $("phone-country").value = $("country").value;
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
  $("shipping-state").textContent = `Use an address in ${where} first: then you can choose how it is delivered.`;
  clearError($("shipping-error"));
  state.points = [];
  state.pointsPostal = "";
  state.activeSpid = undefined;
  $("points").hidden = true;
  $("points-postal").value = "";
  $("points-country").textContent = where;
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
    const field = $("address-form").querySelector(`.field[data-field="${key}"]`);
    field.hidden = format.allowed.length > 0 && !wanted.has(key); // an empty list (left out) restricts nothing
    field.querySelector("label").classList.toggle("required", format.required.includes(key));
  }
  validate();
}

/** The country's format or search session could not be loaded: say so until a retry works. */
function showNotReady(e) {
  showError($("address-error"), friendly(e, "The address search is not available right now."));
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
  if (o.precision !== "Address" && o.context) {
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
  const visible = new Set(FIELDS.map(([, k]) => k).filter((k) => !$("address-form").querySelector(`.field[data-field="${k}"]`).hidden));
  const text = (problems) => problems.map((p) => (PROBLEMS[p] ? PROBLEMS[p]() : p)).join(", ");
  for (const span of document.querySelectorAll("#address-form .field-error")) {
    const key = span.dataset.for;
    span.id ||= `${key}-error`;
    const shown = state.showAll || state.touched.has(key) || key in state.serverErrors;
    const problems = key === "other"
      ? Object.entries(errors).filter(([k]) => !visible.has(k)).map(([k, v]) => `${FIELD_NAMES[k] ?? k}: ${text(v)}`)
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
  box.textContent = `Shipping to ${addressLine(state.address)}, ${countryName(state.address.countryCode)}`;
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
    throw new PlainError("Please fix the highlighted fields first.");
  }
  const address = formAddress();
  try {
    state.address = await setAddressOnSession(address);
  } catch (e) {
    const problems = isAfostoError(e) ? fieldProblems(e) : {};
    if (!Object.keys(problems).length) throw friendly(e, "Your address was not saved.");
    state.serverErrors = problems; // shown on the fields, once each
    validate();
    focusFirstInvalid();
    throw new PlainError("The address was not accepted: please check the highlighted fields.", { cause: e });
  }
  saveCheckout();
  showAddressState();
  $("points-postal").value = state.address.postalCode ?? address.postalCode ?? "";
  // The shipping methods (and prices) follow the address's country; so do the totals.
  await Promise.all([
    guarded($("shipping-error"), async () => {
      await loadCheckoutMethods();
      state.pointsCarrier = undefined; // points near the new address
      await guarded($("points-error"), syncPoints)();
    })(),
    guarded($("billing-error"), applySameBilling)(),
  ]);
  await guarded($("place-error"), refreshTotals)();
}

/**
 * Store the address on the checkout session and select it as the shipping address, creating
 * the session when there is none or it has expired. When a previous click added this same
 * address but could not select it (the error carried `addressId`), it is selected now instead
 * of being added twice.
 */
async function setAddressOnSession(address) {
  if (!state.sessionId) await startCheckout();
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
      logProblem(e, "the checkout session is gone; starting a new one");
    }
  }
  resetCheckout();
  await startCheckout();
  return client.setCheckoutAddress(state.sessionId, address);
}

// ---------------------------------------------------------------- 4. Shipping method

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
      try {
        await client.selectShippingMethod(state.sessionId, { methodId: button.dataset.id });
      } catch (e) {
        throw friendly(e, "The shipping method was not changed.");
      }
      await loadCheckoutMethods(); // read back what the session now has
    } finally {
      setBusy(button, false);
    }
    // A pick-up method asks for a point of its carrier; the price goes into the totals.
    await Promise.all([guarded($("points-error"), syncPoints)(), guarded($("place-error"), refreshTotals)()]);
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
      throw friendly(e, "The prices could not be loaded.");
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
  let r;
  try {
    r = await client.checkoutShippingMethods(state.sessionId);
  } catch (e) {
    throw friendly(e, "The shipping methods could not be loaded.");
  }
  state.activeMethodId = r.active?.methodId;
  state.checkoutMethods = r.options;
  renderCheckoutMethods();
  if (!pickupMethod()) $("points").hidden = true;
}

/** The selected shipping method when it is a pick-up one (the session option's `type`). */
function pickupMethod() {
  const m = state.checkoutMethods.find((o) => o.id === state.activeMethodId);
  return m && servicePointNeed(m).needed ? m : undefined;
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
          el("span", { class: "muted small" }, `${carrierName(m.carrier)} · ${servicePointNeed(m).needed ? "pick up at a service point" : "home delivery"}`)),
        el("span", { class: "price" }, euro(m.price)),
        heavy ? el("span", { class: "badge unknown", title: `up to ${limit(m.id)} g` }, "Too heavy") : null,
        active ? el("span", { class: "badge selected" }, "Selected") : null));
  })), $("shipping-heading"));
  const active = r.options.find((m) => m.id === state.activeMethodId);
  $("shipping-state").textContent = active ? `Selected: ${active.name} (${euro(active.price)})` : "Pick a shipping method.";
  renderPointsNote();
}

// ---------------------------------------------------------------- 5. Service point (pick-up methods only)

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

/** The section is shown for a pick-up method only: that method's carrier's points near the postal
 * code (the shipping address's, unless the shopper typed another). */
async function syncPoints() {
  const method = pickupMethod();
  $("points").hidden = !method;
  if (!method) return;
  $("points-carrier").textContent = carrierName(method.carrier);
  if (!$("points-postal").value.trim()) $("points-postal").value = state.address?.postalCode ?? "";
  if (state.pointsCarrier === method.carrier && state.points.length) {
    renderPoints();
    return;
  }
  state.points = [];
  renderPoints();
  if ($("points-postal").value.trim()) await findPoints();
}

/** The pick-up method's carrier's service points near the postal code, nearest first. */
async function findPoints() {
  const method = pickupMethod();
  if (!method) throw new PlainError("Choose a pick-up method first: the service point depends on its carrier.");
  const carrier = method.carrier;
  const postalCode = $("points-postal").value.trim();
  const countryCode = state.country;
  const where = countryName(countryCode);
  if (!postalCode) throw new PlainError(`Enter a postal code in ${where} to find service points.`);
  const seq = ++state.pointsSeq;
  $("points-state").textContent = `Searching near ${postalCode} in ${where}…`;
  let found;
  try {
    found = await client.findServicePoints({ carriers: [carrier], countryCode, postalCode, limit: 15 });
  } catch (e) {
    throw friendly(e, `${carrierName(carrier)} service points could not be loaded.`);
  }
  const { matches, failed } = found;
  if (seq !== state.pointsSeq) return;
  state.pointsCountry = countryCode;
  state.pointsPostal = postalCode;
  state.pointsCarrier = carrier;
  if (failed.length) {
    state.points = [];
    renderPoints();
    $("points-state").textContent = "";
    for (const f of failed) logProblem(f.error, `service points of ${f.carrier}`);
    throw new PlainError(carrierFailed(failed[0], postalCode, where));
  }
  state.points = [...matches].sort((a, b) => a.distance - b.distance);
  if (state.sessionId) {
    // The session's points for the chosen method say which one it holds.
    const r = await client.checkoutServicePoints(state.sessionId, { countryCode, postalCode, methodId: method.id });
    state.activeSpid = activeSpid(r);
  }
  renderPoints();
  saveCheckout();
}

function carrierFailed(f, postalCode, where) {
  if (f.error.code === "VALIDATION" && "postalCode" in fieldProblems(f.error)) {
    return `“${postalCode}” is not a valid postal code in ${where}: no service points to show.`;
  }
  return `${carrierName(f.carrier)} service points could not be loaded. ${friendly(f.error).message}`;
}

function statusBadge(point) {
  let s;
  try {
    s = openingStatus(point);
  } catch (e) {
    logProblem(e, `opening hours of ${point.id}`);
    return el("span", { class: "badge unknown" }, "Hours unknown");
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
            el("span", { class: `tag carrier-${point.carrier}` }, carrierName(point.carrier)),
            statusBadge(point),
            active ? el("span", { class: "badge selected" }, "Selected") : null)),
        el("span", { class: "distance" }, metres(distance))));
  }));
  renderMap();
  renderPointsNote();
  const active = matches.find((m) => m.point.id === state.activeSpid);
  const where = countryName(state.pointsCountry);
  $("points-state").textContent = !state.pointsPostal
    ? `Enter a postal code in ${countryName(state.country)} to see the service points near it.`
    : !matches.length
      ? `No service points near ${state.pointsPostal} in ${where}.`
      : active
        ? `Selected: ${active.point.name} (${carrierName(active.point.carrier)}), ${metres(active.distance)} away.`
        : `${matches.length} service points near ${state.pointsPostal} in ${where}, nearest first.${state.sessionId ? " Pick one." : " Use an address to pick one."}`;
}

/** A note when the session holds a point that is not one of the listed carrier's (the shopper
 * picked a point, then another pick-up method): a point of the new carrier is needed. */
function renderPointsNote() {
  const box = $("points-note");
  const method = pickupMethod();
  const listed = state.points.some((m) => m.point.id === state.activeSpid);
  const text = method && state.activeSpid && state.points.length && !listed
    ? `${method.name} delivers to ${carrierName(method.carrier)} points only: please pick one of these.`
    : "";
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
  if (!state.sessionId) throw new PlainError("Use an address first: then you can pick a service point.");
  const { point } = match;
  const countryCode = point.address.countryCode ?? state.pointsCountry;
  let stored;
  try {
    stored = await client.selectServicePoint(state.sessionId, { spid: point.id, countryCode });
  } catch (e) {
    throw friendly(e, "The service point was not saved.");
  }
  // The session may store another id for the same point (DPD: the DPD endpoint lists the
  // parcelShopId, the session keeps the pudoId); remember it to recognise the read-back.
  if (stored.spid !== point.id) state.spidAliases.set(stored.spid, point.id);
  saveCheckout();
  const q = { countryCode, postalCode: state.pointsPostal };
  if (state.activeMethodId) q.methodId = state.activeMethodId;
  const r = await client.checkoutServicePoints(state.sessionId, q);
  state.activeSpid = activeSpid(r);
  renderPoints();
  console.info(`[demo] service point ${stored.spid} (${point.carrier}) stored on the checkout session`);
}

// ---------------------------------------------------------------- 1. Cart

function setUpCart() {
  $("new-checkout").addEventListener("click", guarded($("cart-error"), async () => {
    resetCheckout();
    await startCheckout();
  }, $("new-checkout")));
}

/**
 * Start a checkout session with the cart attached. Against the mock, the demo orders the cart
 * itself (the mock's control API stands in for the shop's back end); against another API the
 * cart is the shop's order named by `?orderId=`, or the session starts without one.
 */
async function startCheckout() {
  state.orderId = state.mock ? undefined : params.get("orderId") ?? undefined;
  renderCart();
  if (state.mock) state.orderId = (await orderMockCart()).id;
  let session;
  try {
    session = await client.createCheckoutSession();
  } catch (e) {
    throw friendly(e, "The checkout could not start.");
  }
  if (state.orderId) {
    try {
      await client.attachOrder(session.id, { orderId: state.orderId });
    } catch (e) {
      throw friendly(e, "Your cart could not be added to the checkout.");
    }
  }
  state.sessionId = session.id;
  state.sessionExpiresAt = session.expiresAt;
  state.spidAliases.clear();
  saveCheckout();
  console.info(`[demo] checkout session ${state.sessionId}${state.orderId ? ` with order ${state.orderId}` : " without an order"}`);
  renderCart();
  renderPlacement();
  await Promise.all([guarded($("place-error"), refreshTotals)(), guarded($("payment-error"), loadPaymentMethods)()]);
}

/** The mock's stand-in for the shop's back end: an order (the cart) that returns the shopper to
 * this demo's return page after paying. */
async function orderMockCart() {
  const returnUrl = new URL("return.html", location.href);
  returnUrl.search = "";
  if (params.has("baseUrl")) returnUrl.searchParams.set("baseUrl", baseUrl);
  const failed = (cause) => new PlainError("Your cart could not be filled. Please reload the page.", { cause });
  let r, body;
  try {
    r = await fetch(new URL("/__mock/orders", baseUrl), {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...DEMO_CART, return_url: returnUrl.href }),
    });
    body = await r.json();
  } catch (e) {
    throw failed(e);
  }
  if (r.status !== 201 || typeof body?.id !== "string") throw failed(new Error(`POST /__mock/orders: ${r.status} ${JSON.stringify(body)}`));
  return body;
}

/** Forget the checkout session and everything chosen on it (the form fields keep their text). */
function resetCheckout() {
  Object.assign(state, {
    sessionId: undefined, sessionExpiresAt: undefined, orderId: undefined, address: undefined, unselected: undefined,
    activeMethodId: undefined, checkoutMethods: [], points: [], pointsPostal: "", pointsCarrier: undefined, activeSpid: undefined,
    contact: undefined, phone: undefined, phonePending: undefined, billing: undefined, billingPending: undefined,
    paymentOptions: [], paymentActive: undefined, totals: undefined, record: undefined,
  });
  state.spidAliases.clear();
  state.totalsSeq++;
  state.pointsSeq++;
  $("address-state").hidden = true;
  $("checkout-methods").replaceChildren();
  $("shipping-state").textContent = "Use an address first: then you can choose how it is delivered.";
  $("points").hidden = true;
  $("contact-state").hidden = true;
  $("place-retry").hidden = true;
  for (const id of ["cart-error", "address-error", "shipping-error", "points-error", "contact-error", "billing-error", "payment-error", "place-error"]) {
    clearError($(id));
  }
  renderPoints();
  renderBilling();
  renderPaymentMethods();
  renderCart();
  renderTotals();
  renderPlacement();
  writeSaved(null);
}

function renderCart() {
  const t = state.totals;
  const table = $("cart-items");
  $("new-checkout").hidden = !state.mock;
  table.hidden = !t;
  if (!t) {
    $("cart-state").textContent = state.mock || state.orderId
      ? "Filling your cart…"
      : "No cart: in a live shop the cart is an order made by the shop's back end (open the demo with ?orderId=… to use one). This demo fills one only on the mock API.";
    return;
  }
  const cur = t.currency;
  const count = t.items.reduce((n, i) => n + i.quantity, 0);
  table.tBodies[0].replaceChildren(...t.items.flatMap((item) => [
    el("tr", { class: "item" },
      el("td", {}, `${item.quantity} × ${item.description ?? item.sku ?? "Item"}`,
        item.quantity > 1 ? el("span", { class: "muted small" }, ` (${money(item.amount, cur)} each)`) : null),
      el("td", { class: "num price" }, money(item.subtotal, cur))),
    ...item.adjustments.map((a) => adjustmentRow(a, cur, "sub")),
  ]));
  table.tFoot.replaceChildren(
    el("tr", { class: "sum" }, el("td", {}, "Subtotal"), el("td", { class: "num price" }, money(t.subtotal, cur))),
    ...t.adjustments.map((a) => adjustmentRow(a, cur)),
  );
  $("cart-state").textContent = `${count} ${count === 1 ? "item" : "items"} in your cart. Shipping and payment costs follow in step 9.`;
}

/** A discount or surcharge line: money, or a percentage (never shown as money). */
function adjustmentRow(a, currency, cls = "") {
  const label = a.description ?? (a.isDiscount ? "Discount" : "Surcharge");
  // The coupon code the shopper typed, not an internal reference (a uuid).
  const code = a.reference && !/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(a.reference) ? ` (code ${a.reference})` : "";
  const sign = a.isDiscount ? "−" : "+";
  const value = a.isPercentage ? `${sign}${percent(a.amount)}` : `${sign}${money(a.amount, currency)}`;
  return el("tr", { class: `adjustment${a.isDiscount ? " discount" : ""} ${cls}`.trim() },
    el("td", {}, `${label}${code}`), el("td", { class: "num price" }, value));
}

/** The price projection of the session (items, discounts, services, VAT, total). */
async function refreshTotals() {
  if (!state.sessionId || !state.orderId) {
    state.totals = undefined;
    renderCart();
    renderTotals();
    return;
  }
  const seq = ++state.totalsSeq;
  let t;
  try {
    t = await client.checkoutTotals(state.sessionId);
  } catch (e) {
    throw friendly(e, "The totals could not be updated.");
  }
  if (seq !== state.totalsSeq) return;
  state.totals = t;
  renderCart();
  renderTotals();
}

// ---------------------------------------------------------------- shared by the forms of steps 6 and 7

const PROBLEM_TEXTS = {
  email: { required: "Enter your email address", invalid: "This is not an email address" },
  number: { required: "Enter a phone number: the carrier uses it for delivery updates", invalid: "This is not a phone number" },
};
function problemText(key, code, country) {
  const specific = PROBLEM_TEXTS[key]?.[code];
  if (specific) return specific;
  if (code === "required") return country ? `Required in ${countryName(country)}` : "Required";
  if (code === "invalid" || code === "invalid value") return "Not valid";
  if (code === "not_allowed") return country ? `Not used in ${countryName(country)}` : "Not used here";
  return "Not accepted";
}

/** Show problems (field -> problem codes) next to the fields of a form (data-key / data-error-for);
 * those of fields the form lacks go to its "other" line. Focus goes to the first field with one. */
function showProblems(form, problems, text = problemText) {
  const keys = new Set([...form.querySelectorAll("[data-error-for]")].map((span) => span.dataset.errorFor));
  for (const span of form.querySelectorAll("[data-error-for]")) {
    const key = span.dataset.errorFor;
    span.id ||= `${form.id}-${key}-error`;
    const list = key === "other"
      ? Object.entries(problems).filter(([k]) => !keys.has(k)).map(([k, v]) => `${FIELD_NAMES[k] ?? k}: ${v.map((p) => text(k, p)).join(", ")}`)
      : (problems[key] ?? []).map((p) => text(key, p));
    span.textContent = list.join("; ");
    const field = span.closest(".field");
    field?.classList.toggle("invalid", list.length > 0);
    const input = field?.querySelector("input, select");
    if (!input) continue;
    if (list.length) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", span.id);
    } else {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }
  form.querySelector('[aria-invalid="true"]')?.focus();
}

/** Clear the problem shown for one field (the shopper is fixing it). */
function clearProblem(form, key) {
  const span = form.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
  if (!span || !span.textContent) return;
  span.textContent = "";
  const field = span.closest(".field");
  field?.classList.remove("invalid");
  field?.querySelector("input, select")?.removeAttribute("aria-invalid");
}

/** An API refusal: field errors go next to their fields; otherwise the plain reason. */
function refused(form, e, context) {
  const problems = isAfostoError(e) ? fieldProblems(e) : {};
  if (isAfostoError(e) && (e.code === "VALIDATION" || e.code === "INVALID_INPUT") && Object.keys(problems).length) {
    showProblems(form, problems);
    return new PlainError(`${context} Please check the highlighted fields.`, { cause: e });
  }
  return friendly(e, context);
}

const notReady = () => new PlainError("Your cart is not ready yet: please wait a moment, or reload the page.");

// ---------------------------------------------------------------- 6. Contact and phone

function setUpContact() {
  const form = $("contact-form");
  const save = guarded($("contact-error"), onSaveContact, $("save-contact"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); save(); });
  form.addEventListener("input", (ev) => { if (ev.target.name) clearProblem(form, ev.target.name); });
  $("phone-country").value = state.country;
}

async function onSaveContact() {
  if (!state.sessionId) throw notReady();
  const form = $("contact-form");
  const contact = { email: $("contact-email").value.trim() };
  const givenName = $("given-name").value.trim(), familyName = $("family-name").value.trim();
  if (givenName) contact.givenName = givenName;
  if (familyName) contact.familyName = familyName;
  const phone = { countryCode: $("phone-country").value, number: $("phone-number").value.trim() };
  const problems = {};
  if (!contact.email) problems.email = ["required"];
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.email)) problems.email = ["invalid"];
  if (!phone.number) problems.number = ["required"];
  showProblems(form, problems);
  if (Object.keys(problems).length) throw new PlainError("Please fix the highlighted fields first.");
  try {
    await client.setCheckoutContact(state.sessionId, contact);
  } catch (e) {
    throw refused(form, e, "Your contact details were not saved.");
  }
  await savePhone(phone);
  try {
    state.contact = await client.checkoutContact(state.sessionId); // read back what the session holds
  } catch (e) {
    throw friendly(e, "Your contact details were saved, but could not be shown.");
  }
  saveCheckout();
  renderContact();
}

/** Add the phone number to the session and select it; a number added by an earlier click whose
 * selection failed is selected now instead of being added again. */
async function savePhone(phone) {
  const same = (p) => p && p.countryCode === phone.countryCode && p.number === phone.number;
  if (same(state.phone)) return; // the session holds it already
  let added = same(state.phonePending) ? state.phonePending : undefined;
  if (!added) {
    try {
      added = await client.addCheckoutPhoneNumber(state.sessionId, phone);
    } catch (e) {
      throw refused($("contact-form"), e, "Your phone number was not saved.");
    }
  }
  try {
    await client.selectPhoneNumber(state.sessionId, { phoneNumberId: added.id });
  } catch (e) {
    state.phonePending = added;
    throw friendly(e, "Your phone number was not saved.");
  }
  state.phonePending = undefined;
  state.phone = { id: added.id, countryCode: added.countryCode, number: added.number };
}

/** After a reload: the session's contact (the phone number the page kept: the package reads none back). */
async function loadContact() {
  const c = await client.checkoutContact(state.sessionId);
  state.contact = c;
  if (c) {
    $("contact-email").value = c.email;
    $("given-name").value = c.givenName ?? "";
    $("family-name").value = c.familyName ?? "";
  }
  if (state.phone) {
    $("phone-country").value = state.phone.countryCode;
    $("phone-number").value = state.phone.number;
  }
  renderContact();
}

function renderContact() {
  const box = $("contact-state");
  const c = state.contact;
  box.hidden = !c;
  if (!c) return;
  const name = [c.givenName, c.familyName].filter(Boolean).join(" ");
  const phone = state.phone ? `phone ${state.phone.number} (${state.phone.countryCode})` : "no phone number yet";
  box.textContent = `Saved: ${[name, c.email, phone].filter(Boolean).join(" · ")}`;
  box.classList.toggle("ok", Boolean(state.phone));
}

// ---------------------------------------------------------------- 7. Billing address

function setUpBilling() {
  const form = $("billing-form");
  $("billing-same").checked = state.billingSame;
  form.hidden = state.billingSame;
  $("billing-same").addEventListener("change", guarded($("billing-error"), async () => {
    state.billingSame = $("billing-same").checked;
    form.hidden = state.billingSame;
    saveCheckout();
    if (state.billingSame) await applySameBilling();
    else {
      renderBilling();
      await applyBillingFormat();
    }
  }));
  $("billing-country").addEventListener("change", guarded($("billing-error"), applyBillingFormat));
  const use = guarded($("billing-error"), onUseBilling, $("use-billing"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); use(); });
  form.addEventListener("input", (ev) => { if (ev.target.name) clearProblem(form, ev.target.name); });
}

/** The billing country's address format: which fields it has, which are required. */
async function applyBillingFormat() {
  const cc = $("billing-country").value;
  let format;
  try {
    format = await client.addressFormat(cc); // cached per country by the package
  } catch (e) {
    throw friendly(e, "The billing address form could not be loaded.");
  }
  if (cc !== $("billing-country").value) return;
  const wanted = new Set([...format.required, ...format.allowed]);
  for (const [, key] of BILLING_FIELDS) {
    const field = $("billing-form").querySelector(`.field[data-key="${key}"]`);
    field.hidden = format.allowed.length > 0 && !wanted.has(key); // an empty list (left out) restricts nothing
    field.querySelector("label").classList.toggle("required", format.required.includes(key));
  }
}

/** "Same as shipping": the shipping address's id selected as the billing address. */
async function applySameBilling() {
  if (state.billingSame && state.sessionId && state.address) {
    try {
      state.billing = await client.selectBillingAddress(state.sessionId, { addressId: state.address.id });
    } catch (e) {
      throw friendly(e, "Your billing address was not saved.");
    }
  }
  renderBilling();
}

/** Another billing address: checked against its country's format, added to the session, selected. */
async function onUseBilling() {
  if (!state.sessionId) throw notReady();
  const form = $("billing-form");
  const cc = $("billing-country").value;
  const a = { countryCode: cc };
  for (const [id, key] of BILLING_FIELDS) {
    const v = $(id).value.trim();
    if (v && !$(id).closest(".field").hidden) a[key] = key === "premiseNumber" && /^\d+$/.test(v) ? Number(v) : v;
  }
  let format;
  try {
    format = await client.addressFormat(cc);
  } catch (e) {
    throw friendly(e, "Your billing address could not be checked.");
  }
  const problems = client.validateAddress(a, format);
  showProblems(form, problems, (k, p) => problemText(k, p, cc));
  if (Object.keys(problems).length) throw new PlainError("Please fix the highlighted fields first.");
  const key = JSON.stringify(a);
  const pending = state.billingPending;
  let id = pending && pending.key === key && pending.sessionId === state.sessionId ? pending.id : undefined;
  if (!id) {
    // A billing address that differs is added to the session (addCheckoutAddress: POST
    // …/address, nothing selected), then selected for billing.
    try {
      id = (await client.addCheckoutAddress(state.sessionId, a)).id;
    } catch (e) {
      throw refused(form, e, "Your billing address was not saved.");
    }
  }
  try {
    state.billing = await client.selectBillingAddress(state.sessionId, { addressId: id });
  } catch (e) {
    state.billingPending = { key, id, sessionId: state.sessionId };
    throw friendly(e, "Your billing address was not saved.");
  }
  state.billingPending = undefined;
  renderBilling();
}

/** After a reload: the billing address the session holds. */
async function loadBilling() {
  const r = await client.checkoutBillingAddress(state.sessionId);
  state.billing = r.active;
  if (!state.billing) {
    await applySameBilling();
    return;
  }
  state.billingSame = state.billing.id === state.address?.id;
  if (!state.billingSame) {
    $("billing-country").value = state.billing.countryCode;
    for (const [id, key] of BILLING_FIELDS) $(id).value = state.billing[key] ?? "";
  }
  $("billing-same").checked = state.billingSame;
  $("billing-form").hidden = state.billingSame;
  renderBilling();
  if (!state.billingSame) await applyBillingFormat();
}

const billingReady = () => Boolean(state.billing && (state.billingSame ? state.billing.id === state.address?.id : true));

function renderBilling() {
  const box = $("billing-state");
  const b = state.billing;
  let text;
  if (state.billingSame) {
    text = !state.address
      ? "Use a shipping address first (step 3): the bill goes to the same address."
      : billingReady() ? `The bill goes to your shipping address: ${addressLine(b)}, ${countryName(b.countryCode)}.` : "Saving…";
  } else {
    text = b && b.id !== state.address?.id
      ? `The bill goes to ${addressLine(b)}, ${countryName(b.countryCode)}.`
      : "Fill in the address for the bill, then press “Use this billing address”.";
  }
  box.textContent = text;
  box.hidden = false;
  box.classList.toggle("ok", billingReady() && (state.billingSame || b.id !== state.address?.id));
}

// ---------------------------------------------------------------- 8. Payment method

function setUpPayment() {
  $("payment-methods").addEventListener("change", guarded($("payment-error"), async (ev) => {
    const t = ev.target;
    let choice;
    if (t.name === "payment-method") choice = { methodId: t.value };
    else if (t.matches("select[data-method-id]")) choice = t.value ? { methodId: t.dataset.methodId, issuerId: t.value } : { methodId: t.dataset.methodId };
    if (!choice || !state.sessionId) return;
    try {
      state.paymentActive = await client.selectPaymentMethod(state.sessionId, choice);
    } catch (e) {
      renderPaymentMethods(); // back to what the session holds
      throw friendly(e, "The payment method was not changed.");
    }
    renderPaymentMethods();
    await guarded($("place-error"), refreshTotals)(); // a method may cost a fee
  }));
  renderPaymentMethods();
}

async function loadPaymentMethods() {
  if (!state.sessionId) return;
  let r;
  try {
    r = await client.checkoutPaymentMethods(state.sessionId);
  } catch (e) {
    throw friendly(e, "The payment methods could not be loaded.");
  }
  state.paymentOptions = r.options;
  state.paymentActive = r.active;
  renderPaymentMethods();
}

/** "iDEAL with ING": the chosen method (the return page shows it; a transaction names only codes). */
function paymentLabel() {
  const option = state.paymentOptions.find((m) => m.methodId === state.paymentActive?.methodId);
  const issuer = option?.issuers.find((i) => i.id === state.paymentActive?.issuerId);
  return option ? `${option.name}${issuer ? ` with ${issuer.name}` : ""}` : undefined;
}

function renderPaymentMethods() {
  const active = state.paymentActive;
  const list = $("payment-methods");
  keepFocus(() => list.replaceChildren(list.querySelector("legend"), ...state.paymentOptions.map((m) => {
    const checked = active?.methodId === m.methodId;
    const radioId = `pay-${m.methodId}`;
    return el("div", { class: `radio-row${checked ? " active" : ""}`, dataset: { methodId: m.methodId } },
      el("label", { class: "radio", for: radioId },
        el("input", { type: "radio", name: "payment-method", id: radioId, value: m.methodId, checked, dataset: { focus: `pay:${m.methodId}` } }),
        el("span", {}, m.name)),
      m.issuers.length && checked
        ? el("label", { class: "issuer" }, "Your bank",
          el("select", { dataset: { methodId: m.methodId, focus: `issuer:${m.methodId}` }, id: "issuer" },
            el("option", { value: "" }, "Choose your bank…"),
            ...m.issuers.map((i) => el("option", { value: i.id, selected: active?.issuerId === i.id }, i.name))))
        : null);
  })), $("payment-heading"));
  const option = state.paymentOptions.find((m) => m.methodId === active?.methodId);
  const issuer = option?.issuers.find((i) => i.id === active?.issuerId);
  $("payment-state").textContent = !state.sessionId
    ? "Start a checkout first."
    : !state.paymentOptions.length ? "Loading the payment methods…"
      : !option ? "Choose how you want to pay."
        : option.issuers.length && !issuer ? `Choose your bank for ${option.name}.`
          : `Selected: ${option.name}${issuer ? ` with ${issuer.name}` : ""}.`;
}

// ---------------------------------------------------------------- 9. Totals, placing the order, the payment

function setUpReview() {
  $("place-order").addEventListener("click", guarded($("place-error"), onPlaceOrder, $("place-order")));
  $("place-retry").addEventListener("click", guarded($("place-error"), () => place({ retryUnknown: true }), $("place-retry")));
  renderTotals();
}

function renderTotals() {
  const t = state.totals;
  const table = $("totals");
  table.hidden = !t;
  if (!t) {
    $("totals-state").textContent = "The totals appear once your cart is in.";
    return;
  }
  const cur = t.currency;
  const row = (label, value, cls = "") => el("tr", { class: cls }, el("td", {}, label), el("td", { class: "num price" }, value));
  const count = t.items.reduce((n, i) => n + i.quantity, 0);
  const rows = [row(`Items (${count})`, money(t.subtotal, cur), "items"), ...t.adjustments.map((a) => adjustmentRow(a, cur))];
  if (!t.services.some((sv) => sv.type === "shipping")) rows.push(row("Shipping: choose a method in step 4", "–", "service muted"));
  for (const sv of t.services) rows.push(row(serviceLabel(sv), money(sv.total, cur), `service ${sv.type}`));
  for (const v of t.vat) {
    rows.push(row(t.isIncludingVat === false ? `VAT ${percent(v.rate)}` : `Including ${percent(v.rate)} VAT`, money(v.amount, cur), "vat muted"));
  }
  table.tBodies[0].replaceChildren(...rows);
  table.tFoot.replaceChildren(el("tr", { class: "total" },
    el("th", { scope: "row" }, "Total"), el("td", { class: "num price", id: "total-amount", dataset: { minor: String(t.total) } }, money(t.total, cur))));
  $("totals-state").textContent = t.isIncludingVat === false ? "Prices exclude VAT; the VAT is added to the total." : "All prices include VAT.";
}

/** "Shipping: PostNL Standaard", "Credit card costs (1,5%)": a percentage fee says so, next to its money. */
function serviceLabel(sv) {
  const pct = sv.isPercentage ? ` (${percent(sv.amount)})` : "";
  if (sv.type === "shipping") return `Shipping${sv.description ? `: ${sv.description}` : ""}${pct}`;
  if (sv.type === "payment") return `${sv.description ?? "Payment costs"}${pct}`;
  return `${sv.description ?? sv.type}${pct}`;
}

/** What is still missing before the order can be placed, in the shopper's words. */
function missingSteps() {
  const steps = [];
  if (!state.sessionId || !state.totals) steps.push("your cart (step 1)");
  if (!state.address) steps.push("a shipping address (step 3)");
  const method = state.checkoutMethods.find((m) => m.id === state.activeMethodId);
  if (!method) steps.push("a shipping method (step 4)");
  else if (servicePointNeed(method).needed && !state.points.some((m) => m.point.id === state.activeSpid)) {
    steps.push(`a ${carrierName(method.carrier)} service point (step 5)`);
  }
  if (!state.contact || !state.phone) steps.push("your contact details and phone number (step 6)");
  if (!billingReady() || (!state.billingSame && state.billing?.id === state.address?.id)) steps.push("a billing address (step 7)");
  const option = state.paymentOptions.find((m) => m.methodId === state.paymentActive?.methodId);
  if (!option) steps.push("a payment method (step 8)");
  else if (option.issuers.length && !option.issuers.some((i) => i.id === state.paymentActive.issuerId)) steps.push(`your bank for ${option.name} (step 8)`);
  return steps;
}
const listWords = (xs) => (xs.length < 2 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

/** This session's payment record (what placing the order started; the return page adds the outcome). */
const currentRecord = () => (state.record && state.record.sessionId === state.sessionId ? state.record : undefined);
const ENDED = ["cancelled", "failed", "ended"]; // the payment is over unpaid: the shopper may pay again

function returnHref(secret) {
  const u = new URL("return.html", location.href);
  u.search = "";
  if (params.has("baseUrl")) u.searchParams.set("baseUrl", baseUrl);
  u.searchParams.set("secret", secret);
  return u.href;
}

function renderPlacement(notice = "") {
  const box = $("place-state");
  const r = currentRecord();
  $("place-retry").hidden = r?.state !== "unknown";
  box.replaceChildren();
  box.className = "state";
  let text = "";
  let ok = false;
  if (r?.state === "paid") {
    ok = true;
    text = r.nothingToPay ? "Your order is placed: there was nothing to pay." : "Paid, thank you! Your order is complete.";
  } else if (r?.state === "cancelled") text = "You cancelled the payment, so this order is not paid. Press “Place order” to pay now.";
  else if (r?.state === "failed") text = "The payment did not go through. Press “Place order” to try again, with this or another payment method.";
  else if (r?.state === "ended") text = "The payment was not completed. Press “Place order” to try again.";
  else if (r?.state === "unknown") text = UNKNOWN_ADVICE;
  else if (r?.state === "waiting") text = "This order is placed; its payment is waiting for you (see the link in your email).";
  else if (r?.state === "pending") text = "Your payment is still being processed. Press “Place order” to go back to the payment page.";
  else if (r) text = "You have started paying for this order. Press “Place order” to go back to the payment page.";
  box.hidden = !r && !notice;
  if (box.hidden) return;
  box.classList.toggle("ok", ok);
  box.append(...[notice, text].filter(Boolean).map((t) => el("span", { class: "line" }, t)));
  if (r?.secret) box.append(el("a", { href: returnHref(r.secret), id: "view-payment" }, "See the payment"));
  if (r?.state === "paid" && state.mock) box.append(el("span", { class: "line muted" }, "“Start a new checkout” (step 1) makes a new cart."));
}

/** After a reload: whether the payment that was going on has ended meanwhile (a GET, never a new payment). */
async function refreshPayment() {
  const r = currentRecord();
  if (!r?.secret || r.state === "paid" || ENDED.includes(r.state)) return;
  let tx;
  try {
    tx = await client.getTransaction(r.secret);
  } catch (e) {
    throw friendly(e, "The state of your payment could not be loaded.");
  }
  r.state = tx.payments.some((p) => p.isPaid) ? "paid" : tx.payments.some((p) => p.isPending) ? "pending" : "ended";
  saveCheckout();
  renderPlacement();
}

/**
 * Place order. A session whose payment is paid sends nothing; one whose payment is still open goes
 * back to its payment page (nothing sent either); otherwise placeOrder, with the total the shopper
 * sees as `expectedTotal`, and on to the payment page.
 */
async function onPlaceOrder() {
  const r = currentRecord();
  if (r?.state === "paid") {
    console.info("[demo] Place order: nothing sent, this checkout session is paid");
    renderPlacement("This order has already been paid: you will not be charged again.");
    return;
  }
  if (r && !ENDED.includes(r.state) && r.forwardUri) {
    console.info("[demo] Place order: nothing sent, back to the open payment", r.forwardUri);
    renderPlacement("Taking you back to the payment page…");
    location.assign(r.forwardUri);
    return;
  }
  const missing = missingSteps();
  if (missing.length) throw new PlainError(`Before you can pay, please complete ${listWords(missing)}.`);
  if (r?.state === "unknown") throw new PlainError(UNKNOWN_OUTCOME);
  if (r?.state === "waiting") throw new PlainError(WAITING);
  await place({});
}

// An authorize whose outcome is unknown: what happened (the error) and what to do (kept on the page).
const UNKNOWN_OUTCOME = "We could not confirm whether your order went through.";
const WAITING = "Your order had already been placed, and its payment is waiting. Please check your email for the payment link, or contact the shop.";
const UNKNOWN_ADVICE = "So that you do not pay twice, first check your email for an order confirmation. If there is none, press “Try again”.";

async function place({ retryUnknown = false }) {
  if (!state.sessionId || !state.totals) throw new PlainError("Your cart is not ready yet: please wait a moment, or reload the page.");
  const expectedTotal = state.totals.total;
  const currency = state.totals.currency;
  const r = currentRecord();
  // A client that placed this session before answers that again (sending nothing); after a
  // cancelled or failed payment, a new payment takes a client without that memory.
  if (state.placedHere && r && ENDED.includes(r.state)) {
    if (placer !== client) placer.free();
    placer = new AfostoClient({ baseUrl, persistSession: "localStorage" });
    state.placedHere = false;
  }
  let placed;
  try {
    placed = await placer.placeOrder(state.sessionId, { expectedTotal, retryUnknown });
  } catch (e) {
    throw await placeFailure(e, expectedTotal, currency, retryUnknown);
  }
  state.placedHere = true;
  $("place-retry").hidden = true;
  console.info(`[demo] placeOrder: accepted ${placed.accepted}, total ${placed.total}, calculation ${placed.calculationId}`);
  if (!placed.accepted) {
    throw new PlainError("The payment provider did not accept this order. Please choose another payment method, or try again later.");
  }
  if (!placed.forwardUri) {
    state.record = { sessionId: state.sessionId, state: "paid", nothingToPay: true, total: placed.total, currency };
    saveCheckout();
    renderPlacement();
    return;
  }
  state.record = { sessionId: state.sessionId, forwardUri: placed.forwardUri, total: placed.total, currency, method: paymentLabel() };
  saveCheckout();
  renderPlacement("Taking you to the payment page…");
  location.assign(placed.forwardUri);
}

/** Why placing the order failed, in the shopper's words, and what to do. */
async function placeFailure(e, expectedTotal, currency, retried) {
  if (!isAfostoError(e)) return e;
  if (e.outcomeUnknown) {
    // Kept over a reload: the shopper is asked to check first, whichever client places next.
    state.record = { sessionId: state.sessionId, state: "unknown" };
    saveCheckout();
    renderPlacement();
    return new PlainError(UNKNOWN_OUTCOME, { cause: e });
  }
  if (e.code === "CONFLICT" && currentRecord()?.state === "unknown") return new PlainError(UNKNOWN_OUTCOME, { cause: e });
  if (e.code === "CONFLICT") {
    // The fresh calculation's total differs from what the shopper saw: show the new one.
    await guarded($("place-error"), refreshTotals)();
    const now = state.totals?.total;
    return new PlainError(now !== undefined && now !== expectedTotal
      ? `The total of your order has changed from ${money(expectedTotal, currency)} to ${money(now, state.totals.currency)}. Please check the new total and press “Place order” again.`
      : "Your order changed a moment ago. Please check the total and press “Place order” again.", { cause: e });
  }
  if (e.code === "VALIDATION") {
    const problems = fieldProblems(e);
    const names = { contact: "your contact details (step 6)", billingAddress: "a billing address (step 7)", billingMethod: "a payment method (step 8)" };
    const missing = Object.keys(names).filter((k) => problems[k]?.includes("required")).map((k) => names[k]);
    if (missing.length) return new PlainError(`Before you can pay, please complete ${listWords(missing)}.`, { cause: e });
    if (problems.calculationId && retried) {
      // The unknown authorize did go through: there is a payment waiting, whose page this tab never saw.
      state.record = { sessionId: state.sessionId, state: "waiting" };
      saveCheckout();
      renderPlacement();
      return new PlainError(WAITING, { cause: e });
    }
    if (problems.calculationId) {
      return new PlainError("This order cannot be placed right now: it may have been placed already, or it changed a moment ago. Please reload the page to see where it stands.", { cause: e });
    }
  }
  return friendly(e, "Your order was not placed.");
}

// Last: every declaration above is initialised by now.
if (client) start();
