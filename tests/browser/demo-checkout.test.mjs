// The demo checkout (www/) as a complete checkout on a 390 px wide phone screen, in headless
// Debian Chromium under a strict CSP (Chromium only, like demo-walk.test.mjs): the cart the demo
// orders from the mock, account, shipping address, shipping method, service point (pick-up
// methods only, the method's carrier only), contact and phone, billing address, payment method
// with issuer, totals with the discount line, placing the order, the mock's payment page and the
// return page. Then a click on "Place order" after the back button (nothing sent), a changed
// total, a cancelled, a failed and a pending payment on a fresh checkout, and an authorize whose
// outcome is unknown. Every step: no horizontal scrolling at 390 px, shopper-facing text without
// API paths or ids, and a screenshot in test-results/demo-walk/ (20-… onwards; demo-walk.test.mjs
// writes 01-14). The request log of the first full checkout is printed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";
import { openDemo } from "../support/demo-page.mjs";

const SHOTS = path.join(ROOT, "test-results", "demo-walk");
const EMAIL = `checkout-${Date.now()}@example.com`;
const PASSWORD = "a long password";
const PHONE_WIDTH = 390;

let demo, mock, page, control, demoUrl, problems, consoleLines;

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  demo = await openDemo({ width: PHONE_WIDTH, height: 844 });
  ({ mock, page, control, demoUrl, problems, consoleLines } = demo);
});
after(async () => {
  await demo?.close();
});

const shot = (name) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
const text = (selector) => page.locator(selector).innerText();
const state = () => page.evaluate(() => ({ sessionId: window.afostoDemo.state.sessionId, orderId: window.afostoDemo.state.orderId }));
const transactions = async (sessionId) => (await (await fetch(`${mock.url}/__mock/transactions`)).json()).filter((x) => x.session_id === sessionId);
const authorizes = async (sessionId) => (await control.log(`?path=/odr/sessions/${sessionId}/authorize`)).filter((e) => e.method === "POST");

/** The page fits a phone: nothing wider than 390 px (no horizontal scrolling). */
async function fitsPhone() {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE_WIDTH, `scrollWidth ${width} > ${PHONE_WIDTH}: the page scrolls sideways`);
}

/** What the shopper reads is plain: no API paths, HTTP methods, error codes or ids. */
async function plainText() {
  const body = await page.evaluate(() => document.body.innerText);
  for (const [what, re] of [
    ["an API path", /\/(odr|rel|lcs|iam)\//],
    ["an HTTP method in brackets", /\[(GET|POST|PUT|DELETE)\]/],
    ["an error code", /\b(VALIDATION|NOT_FOUND|CONFLICT|UNAUTHORIZED|SERVER|NETWORK|TIMEOUT|DECODE|INVALID_INPUT)\b/],
    ["an id", /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i],
  ]) {
    const m = re.exec(body);
    assert.equal(m, null, `the page shows ${what}: "${m && body.slice(Math.max(0, m.index - 40), m.index + 60)}"`);
  }
}

let failed = false;
const step = (t, name, fn) => t.test(name, { skip: failed && "an earlier step failed" }, async () => {
  try {
    await fn();
    assert.deepEqual(problems, [], "console errors or unhandled rejections");
  } catch (e) {
    failed = true;
    await shot(`failed-checkout-${name.replace(/[^a-z0-9]+/gi, "-")}.png`).catch(() => {});
    throw e;
  }
});

/** A step of the checkout page: it fits the phone, reads plainly, and is photographed. */
async function checkoutShot(name) {
  await fitsPhone();
  await plainText();
  await shot(name);
}

const money = (s) => s.replace(/\s/g, " ");
/** "€ 80,80" -> 8080 */
const minor = (s) => Math.round(Number(s.replace(/[^\d,-]/g, "").replace(",", ".")) * 100);

/** Back on the checkout page (after the return page), once the saved checkout is read back. */
async function backOnCheckout() {
  await page.waitForFunction(() => window.afostoDemo?.state?.sessionId && document.querySelector("#totals:not([hidden])"));
  await page.waitForSelector("#checkout-methods li.active");
}

let first; // {sessionId, orderId, total}
let firstLog = [];

test("demo checkout: the whole checkout on a phone, paying, the back button, cancelled, failed and pending payments", async (t) => {
  const seqBefore = ((await control.log()).at(-1)?.seq ?? 0);

  await step(t, "cart: the demo orders a cart from the mock and attaches it to a new checkout session", async () => {
    await page.goto(demoUrl);
    await page.waitForSelector("#cart-items:not([hidden])");
    const rows = await page.locator("#cart-items tbody tr").allInnerTexts();
    assert.match(rows[0], /^2 × Organic T-shirt, size M.*€\s?24,95 each[\s\S]*€\s?49,90$/);
    assert.match(rows.join("\n"), /1 × Stoneware mug[\s\S]*On sale\s+−€\s?2,50/);
    assert.match(await text("#cart-items tfoot"), /Subtotal\s+€\s?79,85\s+Welcome discount \(code WELCOME5\)\s+−€\s?5,00/);
    assert.match(await text("#cart-state"), /^4 items in your cart\./);
    first = await state();
    const log = await control.log(`?path=/odr/sessions/${first.sessionId}/order`);
    assert.deepEqual(log.map((e) => [e.method, e.status, e.body]), [["PUT", 200, { order_id: first.orderId }]], "attachOrder");
    assert.equal(await page.isHidden("#points"), true, "no service point section without a pick-up method");
    await checkoutShot("20-cart.png");
  });

  await step(t, "account: sign up", async () => {
    await page.fill("#email", EMAIL);
    await page.fill("#password", PASSWORD);
    await page.click("#sign-up");
    await page.waitForFunction((email) => document.querySelector("#session-state").textContent.startsWith(`Signed in as ${email}`), EMAIL);
    assert.equal(await page.inputValue("#contact-email"), EMAIL, "the contact step starts from the account's email");
    await checkoutShot("21-account.png");
  });

  await step(t, "shipping address: autocomplete street, then house number, then use it", async () => {
    await page.locator("#address-search").pressSequentially("Damrak", { delay: 40 });
    await page.locator('#address-options button[data-precision="Street"]', { hasText: "Damrak, Amsterdam" }).first().click();
    await page.locator('#address-options button[data-precision="Address"]', { hasText: /^Damrak 1,/ }).click();
    await page.waitForFunction(() => document.querySelector("#premise-number").value === "1");
    await page.click("#use-address");
    await page.waitForSelector("#address-state:not([hidden])");
    assert.equal(await text("#address-state"), "Shipping to Damrak 1, 1012 LG Amsterdam, the Netherlands");
    await page.locator("#checkout-methods button").first().waitFor();
    await checkoutShot("22-shipping-address.png");
  });

  await step(t, "shipping method: home delivery has no service point; a pick-up method shows its carrier's points only", async () => {
    await page.locator("#checkout-methods button", { hasText: "PostNL Standaard" }).click();
    await page.waitForFunction(() => /^Selected: PostNL Standaard/.test(document.querySelector("#shipping-state").textContent));
    assert.equal(await page.isHidden("#points"), true, "home delivery: no service point section");
    await page.locator("#checkout-methods button", { hasText: "PostNL Ophalen bij PostNL-punt" }).click();
    await page.waitForFunction(() => /^Selected: PostNL Ophalen/.test(document.querySelector("#shipping-state").textContent));
    await page.waitForSelector("#points:not([hidden]) #points-list > li");
    await checkoutShot("23-shipping-method.png");
  });

  await step(t, "service point: PostNL points only, nearest first; pick one", async () => {
    const items = page.locator("#points-list > li");
    const carriers = new Set(await items.evaluateAll((lis) => lis.map((li) => li.dataset.carrier)));
    assert.deepEqual([...carriers], ["postnl"], "only the method's carrier");
    assert.equal(await page.locator("#points-map svg .marker").count(), await items.count(), "the map shows them");
    assert.equal(await text("#points-carrier"), "PostNL");
    const second = items.nth(1);
    const id = await second.getAttribute("data-id");
    await second.locator("button").click();
    await page.waitForSelector(`#points-list > li.active[data-id="${id}"]`);
    assert.match(await text("#points-state"), /^Selected: .+ \(PostNL\), [\d.]+ k?m away\.$/);
    await checkoutShot("24-service-point.png");
  });

  await step(t, "contact and phone: a refused number is shown on its field in plain words; then saved", async () => {
    await page.fill("#given-name", "Jane");
    await page.fill("#family-name", "Doe");
    await page.fill("#phone-number", "12");
    await page.click("#save-contact");
    await page.waitForSelector("#contact-error:not([hidden])");
    assert.equal(await text("#contact-error"), "Your phone number was not saved. Please check the highlighted fields.");
    assert.equal(await text('#contact-form [data-error-for="number"]'), "This is not a phone number");
    assert.ok(consoleLines.some((l) => /VALIDATION: \[POST\] \/odr\/sessions\/[^/]+\/phonenumbers: 400/.test(l)), "the technical detail is on the console");
    await plainText();
    await shot("25-contact-refused.png");
    await page.fill("#phone-number", "06 12345678");
    await page.click("#save-contact");
    await page.waitForSelector("#contact-state:not([hidden])");
    assert.equal(await text("#contact-state"), `Saved: Jane Doe · ${EMAIL} · phone 06 12345678 (NL)`);
    assert.equal(await page.isHidden("#contact-error"), true);
    await checkoutShot("26-contact.png");
  });

  await step(t, "billing address: the same as shipping by default; another one; back to the same", async () => {
    assert.equal(await page.isChecked("#billing-same"), true);
    assert.equal(await text("#billing-state"), "The bill goes to your shipping address: Damrak 1, 1012 LG Amsterdam, the Netherlands.");
    const billing = async () => (await control.log(`?path=/odr/sessions/${first.sessionId}/billing`)).filter((e) => e.method === "PUT");
    assert.equal((await billing()).length, 1, "selectBillingAddress with the shipping address");

    await page.uncheck("#billing-same");
    await page.waitForSelector("#billing-form:not([hidden])");
    await page.waitForSelector('#billing-form label[for="billing-postal-code"].required'); // the country's format
    await page.fill("#billing-thoroughfare", "Dam");
    await page.fill("#billing-premise-number", "1");
    await page.click("#use-billing");
    await page.waitForSelector('#billing-form .field.invalid');
    assert.match(await text('#billing-form [data-error-for="postalCode"]'), /^Required in the Netherlands$/);
    await page.fill("#billing-postal-code", "1012 JS");
    await page.fill("#billing-locality", "Amsterdam");
    await page.click("#use-billing");
    await page.waitForFunction(() => document.querySelector("#billing-state").textContent.startsWith("The bill goes to Dam 1"));
    assert.equal(await text("#billing-state"), "The bill goes to Dam 1, 1012 JS Amsterdam, the Netherlands.");
    await checkoutShot("27-billing-other-address.png");

    await page.check("#billing-same");
    await page.waitForFunction(() => document.querySelector("#billing-state").textContent.startsWith("The bill goes to your shipping address"));
    assert.equal(await page.isHidden("#billing-form"), true);
    assert.equal((await billing()).length, 3);
    await checkoutShot("28-billing-same.png");
  });

  await step(t, "payment method: a credit card's fee is a percentage; iDEAL with a bank", async () => {
    await page.locator(".radio", { hasText: "Credit card" }).click();
    await page.waitForSelector("#totals tr.service.payment");
    assert.match(money(await text("#totals tr.service.payment")), /^Credit card costs \(1,5%\)\s+€ 1,21$/);
    assert.match(money(await text("#total-amount")), /^€ 82,01$/);
    await checkoutShot("29-payment-credit-card.png");

    await page.locator(".radio", { hasText: "iDEAL" }).click();
    await page.waitForSelector("#issuer");
    assert.equal(await text("#payment-state"), "Choose your bank for iDEAL.");
    await page.selectOption("#issuer", { label: "ING" });
    await page.waitForFunction(() => document.querySelector("#payment-state").textContent === "Selected: iDEAL with ING.");
    await page.waitForFunction(() => !document.querySelector("#totals tr.service.payment"));
    await checkoutShot("30-payment-ideal.png");
  });

  await step(t, "totals: items, the discount line, shipping, VAT per rate and the total, in the session's currency", async () => {
    const rows = (await page.locator("#totals tbody tr").allInnerTexts()).map(money);
    assert.deepEqual(rows.map((r) => r.replace(/\s+/g, " ")), [
      "Items (4) € 79,85",
      "Welcome discount (code WELCOME5) −€ 5,00",
      "Shipping: PostNL Ophalen bij PostNL-punt € 5,95",
      "Including 9% VAT € 1,54",
      "Including 21% VAT € 10,78",
    ]);
    assert.match(money(await text("#totals tfoot")), /^Total\s+€ 80,80$/);
    first.total = 8080;
    assert.equal(await page.getAttribute("#total-amount", "data-minor"), "8080");
    await checkoutShot("31-totals.png");
  });

  await step(t, "place order: one authorize with the total the shopper saw, then the mock's payment page", async () => {
    await page.click("#place-order");
    await page.waitForURL(/\/__mock\/pay\//);
    assert.equal(await page.getAttribute("#amount", "data-amount"), String(first.total));
    assert.equal(await text("#method"), "iDEAL (ING)");
    const auth = await authorizes(first.sessionId);
    assert.equal(auth.length, 1);
    assert.equal(auth[0].status, 200);
    await shot("32-payment-page.png");
  });

  await step(t, "return page: paid, in plain words, with the order and amount", async () => {
    await page.click("#pay");
    await page.waitForURL(/\/www\/return\.html\?/);
    await page.waitForSelector('#tx-status[data-state="paid"]');
    assert.equal(await text("#tx-status"), "Thank you! Your payment has been received.");
    assert.match(money(await text("#tx-details")), /Order\s+\d+[\s\S]*Paid\s+€ 80,80[\s\S]*Paid with\s+iDEAL with ING[\s\S]*Paid on\s+\d/);
    assert.equal(await text("#back-to-checkout"), "Back to the shop");
    await checkoutShot("33-return-paid.png");
    firstLog = (await control.log()).filter((e) => e.seq > seqBefore);
  });

  await step(t, "the request log of this checkout (method, path, status)", async () => {
    // The browser's own request for the payment page's icon is no part of the checkout.
    const lines = firstLog.filter((e) => e.rawPath !== "/favicon.ico").map((e) => `${e.method.padEnd(6)} ${e.rawPath}${e.query && Object.keys(e.query).length ? `?${new URLSearchParams(e.query)}` : ""} ${e.status}`);
    console.log(`\nrequest log of one full checkout (${lines.length} requests):\n${lines.map((l) => `  ${l}`).join("\n")}\n`);
    assert.equal(firstLog.filter((e) => e.method === "POST" && /\/authorize$/.test(e.rawPath)).length, 1);
    assert.ok(firstLog.every((e) => e.status !== null && e.status < 500), "no failed request");
  });

  await step(t, "back button after paying: the checkout says it is paid; Place order sends nothing", async () => {
    for (let i = 0; i < 3 && !/\/www\/(\?|$)/.test(new URL(page.url()).pathname + new URL(page.url()).search); i++) await page.goBack();
    assert.match(page.url(), /\/www\/\?baseUrl=/);
    await backOnCheckout();
    await page.waitForSelector("#place-state:not([hidden])");
    assert.match(await text("#place-state"), /^Paid, thank you! Your order is complete\./);
    const before = (await control.log()).at(-1)?.seq ?? 0;
    await page.click("#place-order");
    await page.waitForFunction(() => document.querySelector("#place-state").textContent.startsWith("This order has already been paid"));
    assert.match(await text("#place-state"), /^This order has already been paid: you will not be charged again\./);
    await page.waitForTimeout(300);
    const sent = (await control.log()).filter((e) => e.seq > before);
    assert.deepEqual(sent.map((e) => `${e.method} ${e.rawPath}`), [], "nothing sent after the click");
    assert.equal((await authorizes(first.sessionId)).length, 1, "one authorize for the session");
    assert.deepEqual((await transactions(first.sessionId)).map((x) => x.state), ["paid"]);
    await checkoutShot("34-back-after-paying.png");
  });

  let second;
  await step(t, "a new checkout: new cart; the shopper's details are still filled in", async () => {
    await page.click("#new-checkout");
    await page.waitForFunction((old) => window.afostoDemo.state.sessionId && window.afostoDemo.state.sessionId !== old
      && document.querySelector("#cart-items:not([hidden])"), first.sessionId);
    second = await state();
    assert.equal(await page.isHidden("#place-state"), true, "the new checkout is not paid");
    await page.click("#use-address");
    await page.waitForSelector("#address-state:not([hidden])");
    await page.locator("#checkout-methods button", { hasText: "PostNL Standaard" }).click();
    await page.waitForSelector("#checkout-methods li.active");
    await page.click("#save-contact");
    await page.waitForSelector("#contact-state.ok:not([hidden])");
    await page.waitForFunction(() => document.querySelector("#billing-state").textContent.startsWith("The bill goes to your shipping address"));
    await page.locator(".radio", { hasText: "PayPal" }).click();
    await page.waitForSelector("#totals tr.service.payment");
    assert.match(money(await text("#totals tr.service.payment")), /^PayPal costs\s+€ 0,29$/);
    await checkoutShot("35-new-checkout.png");
  });

  await step(t, "a changed total: the shop changed the cart after the shopper saw it; nothing is authorized", async () => {
    const seen = Number(await page.getAttribute("#total-amount", "data-minor"));
    // The shop raises the T-shirt's price (a PUT replaces the whole order: the rest is sent again).
    const order = await (await fetch(`${mock.url}/__mock/orders/${second.orderId}`)).json();
    const items = order.items.map((it) => (it.sku === "TEE-ORGANIC-M" ? { ...it, amount: 2995 } : it));
    const put = await fetch(`${mock.url}/__mock/orders/${second.orderId}`, {
      method: "PUT", headers: { "content-type": "application/json" },
      body: JSON.stringify({ items, currency: order.currency, coupon: order.coupon, return_url: order.return_url }),
    });
    assert.equal(put.status, 200);
    await page.click("#place-order");
    await page.waitForSelector("#place-error:not([hidden])");
    const now = Number(await page.getAttribute("#total-amount", "data-minor"));
    assert.notEqual(now, seen);
    assert.match(money(await text("#place-error")),
      /^The total of your order has changed from € [\d,]+ to € [\d,]+\. Please check the new total and press “Place order” again\.$/);
    assert.equal((await authorizes(second.sessionId)).length, 0, "no authorize");
    await checkoutShot("36-total-changed.png");
  });

  await step(t, "a cancelled payment: the return page says so; back to the checkout", async () => {
    await page.click("#place-order");
    await page.waitForURL(/\/__mock\/pay\//);
    await page.click("#cancel");
    await page.waitForSelector('#tx-status[data-state="cancelled"]');
    assert.equal(await text("#tx-status"), "You cancelled the payment.");
    assert.match(await text("#tx-next"), /^Your order is not paid, and nothing was charged\./);
    await checkoutShot("37-return-cancelled.png");
    await page.click("#back-to-checkout");
    await backOnCheckout();
    assert.match(await text("#place-state"), /^You cancelled the payment, so this order is not paid\./);
    await checkoutShot("38-checkout-after-cancel.png");
  });

  await step(t, "pay again after the cancel, and it fails: a new authorize, the return page says so", async () => {
    await page.click("#place-order");
    await page.waitForURL(/\/__mock\/pay\//);
    await page.click("#fail");
    await page.waitForSelector('#tx-status[data-state="failed"]');
    assert.equal(await text("#tx-status"), "The payment did not go through.");
    await checkoutShot("39-return-failed.png");
    assert.deepEqual((await authorizes(second.sessionId)).map((e) => e.status), [200, 200]);
    assert.deepEqual((await transactions(second.sessionId)).map((x) => x.state), ["cancelled", "failed"]);
  });

  await step(t, "pay again, leave it pending: back on the checkout, Place order returns to that payment page without a new authorize; pay", async () => {
    await page.click("#back-to-checkout");
    await backOnCheckout();
    assert.match(await text("#place-state"), /^The payment did not go through\./);
    await page.click("#place-order");
    await page.waitForURL(/\/__mock\/pay\//);
    const payPage = page.url();
    await page.click("#pending");
    await page.waitForSelector('#tx-status[data-state="pending"]');
    assert.equal(await text("#tx-status"), "Your payment is not finished yet.");
    assert.equal(await page.isVisible("#check-again"), true);
    await checkoutShot("40-return-pending.png");
    await page.click("#back-to-checkout");
    await backOnCheckout();
    assert.match(await text("#place-state"), /^Your payment is still being processed\./);
    await page.click("#place-order");
    await page.waitForURL(/\/__mock\/pay\//);
    assert.equal(page.url(), payPage, "the same payment page");
    assert.equal((await authorizes(second.sessionId)).length, 3, "no new authorize for an open payment");
    await page.click("#pay");
    await page.waitForSelector('#tx-status[data-state="paid"]');
    assert.deepEqual((await transactions(second.sessionId)).map((x) => x.state), ["cancelled", "failed", "paid"]);
  });

  await step(t, "an authorize whose outcome is unknown: a plain message, no second authorize until the shopper says so", async () => {
    await page.click("#back-to-checkout");
    await backOnCheckout();
    await page.click("#new-checkout");
    await page.waitForFunction((old) => window.afostoDemo.state.sessionId !== old && document.querySelector("#cart-items:not([hidden])"), second.sessionId);
    const third = await state();
    await page.click("#use-address");
    await page.waitForSelector("#address-state:not([hidden])");
    await page.locator("#checkout-methods button", { hasText: "PostNL Standaard" }).click();
    await page.waitForSelector("#checkout-methods li.active");
    await page.click("#save-contact");
    await page.waitForSelector("#contact-state.ok:not([hidden])");
    await page.locator(".radio", { hasText: "iDEAL" }).click();
    await page.selectOption("#issuer", { label: "Rabobank" });
    await page.waitForFunction(() => document.querySelector("#payment-state").textContent === "Selected: iDEAL with Rabobank.");
    await page.waitForFunction(() => document.querySelector("#billing-state").textContent.startsWith("The bill goes to your shipping address"));
    // The authorize runs, but its answer is cut off: the page cannot know whether it went through.
    await control.fault({ method: "POST", path: `/odr/sessions/${third.sessionId}/authorize`, fault: "truncate" });
    await page.click("#place-order");
    await page.waitForSelector("#place-error:not([hidden])");
    const unknown = /^We could not confirm whether your order went through\.$/;
    assert.match(await text("#place-error"), unknown);
    assert.match(await text("#place-state"), /^So that you do not pay twice, first check your email for an order confirmation\. If there is none, press “Try again”\.$/);
    assert.equal(await page.isVisible("#place-retry"), true);
    assert.ok(consoleLines.some((l) => /DECODE: .*\(.*outcome unknown/.test(l)), "the technical detail is on the console");
    await checkoutShot("41-outcome-unknown.png");
    await page.reload(); // kept over a reload
    await backOnCheckout();
    assert.match(await text("#place-state"), /^So that you do not pay twice/);
    await page.click("#place-order");
    await page.waitForSelector("#place-error:not([hidden])");
    assert.match(await text("#place-error"), unknown);
    assert.equal((await authorizes(third.sessionId)).length, 1, "Place order again sends nothing");
    await page.click("#place-retry");
    await page.waitForFunction(() => /already been placed/.test(document.querySelector("#place-error").textContent));
    assert.equal(await text("#place-error"),
      "Your order had already been placed, and its payment is waiting. Please check your email for the payment link, or contact the shop.");
    assert.deepEqual((await authorizes(third.sessionId)).map((e) => e.status), [200, 400], "the retry was refused");
    assert.match(await text("#place-state"), /^This order is placed; its payment is waiting for you/);
    assert.equal(await page.isHidden("#place-retry"), true);
    assert.equal((await transactions(third.sessionId)).length, 1, "one transaction");
    await checkoutShot("42-outcome-unknown-retried.png");
  });
});
