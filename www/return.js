// The payment return page: the payment provider (the mock's payment page) sends the shopper here
// with ?secret=; the page reads the transaction and says in plain words whether the order is
// paid, still pending, cancelled or failed, and what to do next. The outcome is also written to
// the checkout's sessionStorage record, so the checkout page knows it (a click on "Place order"
// after paying sends nothing).
import init, { AfostoClient, isAfostoError } from "../pkg/afosto_checkout.js";
import {
  DEFAULT_BASE_URL, PAYMENT_NAMES, clearError, el, friendly, loadSaved, logProblem, money, showError, writeSaved,
} from "./shared.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const baseUrl = params.get("baseUrl") || loadSaved()?.baseUrl || DEFAULT_BASE_URL;
const secret = params.get("secret") ?? "";
$("base").textContent = baseUrl;
const back = new URL("./", location.href);
if (params.has("baseUrl")) back.searchParams.set("baseUrl", baseUrl);
$("back-to-checkout").href = back.href;

window.addEventListener("unhandledrejection", (ev) => showError($("tx-error"), ev.reason));

const TEXTS = {
  paid: ["Thank you! Your payment has been received.", "Your order is complete. You will get an email when it ships."],
  pending: ["Your payment is not finished yet.",
    "If you have paid, it can take a moment to be confirmed: press “Check again”. If you have not, go back to the checkout and press “Place order” to return to the payment page."],
  cancelled: ["You cancelled the payment.",
    "Your order is not paid, and nothing was charged. Go back to the checkout to pay, with this or another payment method."],
  failed: ["The payment did not go through.", "Nothing was charged. Go back to the checkout to try again, with this or another payment method."],
  ended: ["The payment was not completed.", "Nothing was charged. Go back to the checkout to try again."],
};

let client;
try {
  await init();
  client = new AfostoClient({ baseUrl, persistSession: "localStorage" });
} catch (e) {
  showStatus("Your payment could not be looked up.", "unknown");
  showError($("tx-error"), friendly(e, "Please reload the page."));
}
if (client) {
  const again = $("check-again");
  again.addEventListener("click", async () => {
    if (again.getAttribute("aria-disabled") === "true") return;
    again.setAttribute("aria-disabled", "true");
    try {
      await show();
    } finally {
      again.removeAttribute("aria-disabled");
    }
  });
  await show();
}

function showStatus(text, outcome) {
  const box = $("tx-status");
  box.textContent = text;
  box.dataset.state = outcome;
  box.className = `state ${outcome === "paid" ? "ok" : outcome === "pending" || outcome === "unknown" ? "" : "warn"}`.trim();
}

async function show() {
  clearError($("tx-error"));
  if (!secret) {
    showStatus("There is no payment to show here.", "unknown");
    $("tx-next").textContent = "Go back to the checkout to place your order.";
    return;
  }
  let tx;
  try {
    tx = await client.getTransaction(secret);
  } catch (e) {
    if (isAfostoError(e) && e.code === "NOT_FOUND") {
      logProblem(e, "the payment");
      showStatus("We could not find this payment.", "unknown");
      $("tx-next").textContent = "If you have paid, you will get an email from the shop. Otherwise go back to the checkout to try again.";
      return;
    }
    showStatus("Your payment could not be looked up.", "unknown");
    showError($("tx-error"), friendly(e, "Please press “Check again” in a moment."));
    $("check-again").hidden = false;
    return;
  }
  const outcome = await outcomeOf(tx);
  console.info(`[demo] transaction ${tx.id}: ${outcome}`);
  remember(outcome);
  render(tx, outcome);
}

/**
 * paid, pending, cancelled, failed (or "ended" when it cannot tell which of the last two). The
 * typed Transaction tells paid and pending apart; only the payment's `metadata.status` tells a
 * cancelled payment from a failed one, and the package does not type it, so the raw answer is
 * read through client.request.
 */
async function outcomeOf(tx) {
  if (tx.payments.some((p) => p.isPaid)) return "paid";
  if (tx.payments.some((p) => p.isPending)) return "pending";
  try {
    const raw = await client.request("GET", `/odr/transactions/${encodeURIComponent(secret)}`);
    const payments = Array.isArray(raw?.payments) ? raw.payments : [];
    const status = String(payments[payments.length - 1]?.metadata?.status ?? "").toLowerCase();
    if (status === "cancelled" || status === "canceled") return "cancelled";
    if (status === "failed" || status === "expired") return "failed";
  } catch (e) {
    logProblem(e, "the payment's status");
  }
  return "ended";
}

/** Tell the checkout page (same tab, same origin) how its payment ended. */
function remember(outcome) {
  const saved = loadSaved();
  const record = saved?.record;
  // Only the payment this record started (a newer attempt has its own secret, or none yet).
  if (!record || (record.secret && record.secret !== secret)) return;
  writeSaved({ ...saved, record: { ...record, secret, state: outcome } });
}

function render(tx, outcome) {
  const [title, next] = TEXTS[outcome];
  showStatus(title, outcome);
  $("tx-next").textContent = next;
  $("check-again").hidden = outcome !== "pending";
  $("back-to-checkout").textContent = outcome === "paid" ? "Back to the shop" : "Back to the checkout";
  const payment = tx.payments[tx.payments.length - 1];
  // The method as the shopper chose it ("iDEAL with ING", kept by the checkout page), else its name by code.
  const record = loadSaved()?.record;
  const method = record?.secret === secret && record.method ? record.method
    : payment?.methodCode ? PAYMENT_NAMES[payment.methodCode] ?? payment.methodCode : undefined;
  const rows = [];
  const row = (term, value, id) => rows.push(el("dt", {}, term), el("dd", { id }, value));
  if (tx.number) row("Order", tx.number, "tx-order");
  if (outcome === "paid") row("Paid", money(tx.amountPaid, tx.currency), "tx-amount");
  else row("Amount due", money(tx.amountDue, tx.currency), "tx-amount");
  if (method) row(outcome === "paid" ? "Paid with" : "Payment method", method, "tx-method");
  if (payment?.paidAt) {
    row("Paid on", new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short" }).format(new Date(payment.paidAt)), "tx-paid-at");
  }
  $("tx-details").replaceChildren(...rows);
  $("tx-details").hidden = rows.length === 0;
}
