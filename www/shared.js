// What the checkout page (app.js) and the payment return page (return.js) share: plain
// messages for errors (the technical detail goes to the console), money and percentages,
// the checkout kept in sessionStorage, and a small DOM helper.
import { isAfostoError } from "../pkg/afosto_checkout.js";

export const STORE_KEY = "afosto-demo-checkout"; // sessionStorage: the checkout session, over a reload
export const DEFAULT_BASE_URL = "http://127.0.0.1:4011"; // the bundled mock API (`npm run demo`)
export const LOCALE = "nl-NL"; // a Dutch shop: "€ 12,95"

export const COUNTRIES = { NL: "the Netherlands", BE: "Belgium", DE: "Germany" };
/** The payment methods' names by the code a transaction reports. */
export const PAYMENT_NAMES = { ideal: "iDEAL", creditcard: "Credit card", paypal: "PayPal" };

/** The technical description of any error: code, message and field errors (for the console). */
export function describe(e) {
  if (isAfostoError(e)) {
    const fields = Object.entries(e.fieldErrors ?? {}).map(([k, v]) => `${k}: ${v.join(", ")}`).join("; ");
    const extra = [
      e.reference ? `reference ${e.reference}` : "",
      e.outcomeUnknown ? "outcome unknown" : "",
      e.addressId ? `addressId ${e.addressId}` : "",
    ].filter(Boolean).join(", ");
    return `${e.code}: ${e.message}${fields ? ` {${fields}}` : ""}${extra ? ` (${extra})` : ""}`;
  }
  if (e?.cause) return `${e.message} <- ${describe(e.cause)}`;
  return String(e && e.message ? e.message : e);
}

/** A sentence a shopper understands for an API error: what happened and what to do. */
export function plainReason(e) {
  if (!isAfostoError(e)) return String(e && e.message ? e.message : e);
  switch (e.code) {
    case "NETWORK": return "We could not reach the shop. Check your internet connection and try again.";
    case "TIMEOUT": return "The shop took too long to answer. Please try again.";
    case "RATE_LIMITED": return "There are too many requests right now. Please wait a moment and try again.";
    case "SERVER": return "Something went wrong on our side. Please try again in a moment.";
    case "UNAUTHORIZED": return "Your sign-in has expired. Please sign in again.";
    case "FORBIDDEN": return "This is not allowed for your account.";
    case "NOT_FOUND": return "We could not find this any more. Please reload the page.";
    case "CONFLICT": return "Something changed in the meantime. Please check and try again.";
    case "VALIDATION":
    case "INVALID_INPUT": return "Some details were not accepted. Please check them and try again.";
    case "ABORTED": return "This was stopped before it finished. Please try again.";
    default: return "Something went wrong. Please try again.";
  }
}

/**
 * An Error whose message is for the shopper: `context` (what did not happen) and the plain
 * reason; the original error stays as `cause`, for the console.
 */
export function friendly(e, context = "") {
  if (e instanceof PlainError) return e;
  const reason = plainReason(e);
  return new PlainError(context ? `${context} ${reason}` : reason, { cause: e });
}

/** An error whose message is already written for the shopper. */
export class PlainError extends Error {}

/** Log the technical detail of an error the page shows in plain words. */
export function logProblem(e, where = "") {
  const prefix = where ? `[demo] ${where}:` : "[demo]";
  // Expected problems (a refused field, a wrong password) are information; the rest a warning.
  const root = e?.cause ?? e;
  const quiet = isAfostoError(root) && ["VALIDATION", "INVALID_INPUT", "UNAUTHORIZED", "NOT_FOUND", "CONFLICT"].includes(root.code);
  (quiet ? console.info : console.warn)(prefix, describe(e));
}

/** Show an error in plain words in `box`, the detail on the console. */
export function showError(box, e, where = "") {
  logProblem(e, where || box.id);
  box.textContent = shopperText(e);
  box.hidden = false;
}
/** The shopper's text for an error: a PlainError's or the page's own (plain `Error`) message, an
 * API error's plain reason, and for anything else (a bug in the page) a generic sentence. */
export function shopperText(e) {
  if (isAfostoError(e)) return plainReason(e);
  if (e instanceof PlainError || e?.constructor === Error) return e.message;
  return "Something went wrong on this page. Please reload it and try again.";
}
export function clearError(box) { box.textContent = ""; box.hidden = true; }

/** Money in minor units as the shop shows it, in `currency` (the session's). */
export function money(minor, currency = "EUR") {
  return new Intl.NumberFormat(LOCALE, { style: "currency", currency: currency || "EUR" }).format(minor / 100);
}
/** A percentage amount (an `isPercentage` line: 1.5 is 1.5 %, never money). */
export function percent(p) {
  return new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 2 }).format(p / 100);
}

/** The saved checkout (sessionStorage), or null; a session past its expiry is forgotten. */
export function loadSaved() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? "null");
    if (saved?.expiresAt && Date.parse(saved.expiresAt) <= Date.now()) return null; // the checkout session is over
    return saved;
  } catch (e) {
    console.warn("[demo] no saved checkout session:", describe(e)); // storage off (privacy settings)
    return null;
  }
}
export function writeSaved(value) {
  try {
    if (value) sessionStorage.setItem(STORE_KEY, JSON.stringify(value));
    else sessionStorage.removeItem(STORE_KEY);
  } catch (e) {
    console.warn("[demo] the checkout session is not kept over a reload:", describe(e));
  }
}

export const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children.filter((c) => c !== undefined && c !== null && c !== false));
  return node;
};

/** One line of an address: "Damrak 1A, 1012 LG Amsterdam". */
export const addressLine = (a) => {
  const suffix = a.premiseNumberSuffix ?? "";
  // "1A", "11-13", "5-bis": a dash only between the number and a longer suffix that has none yet
  const joined = suffix.length <= 1 || /^[-/ ]/.test(suffix) ? suffix : `-${suffix}`;
  const number = a.premiseNumber !== undefined ? ` ${a.premiseNumber}${joined}` : "";
  return [`${a.thoroughfare ?? ""}${number}`.trim(), [a.postalCode, a.locality].filter(Boolean).join(" ")].filter(Boolean).join(", ");
};
