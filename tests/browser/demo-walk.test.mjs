// The demo checkout (www/), walked end to end as a shopper would, in headless Debian Chromium
// under a strict CSP: account, address autocomplete and validation, shipping methods,
// service points with the drawn map (the pick-up method's carrier's only), and errors shown as
// plain messages (the technical detail on the console).
// A screenshot of each step goes to test-results/demo-walk/ (gitignored). The rest of the
// checkout (cart, contact, billing, payment, totals, paying) is walked on a phone screen by
// demo-checkout.test.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/harness.mjs";
import { openDemo } from "../support/demo-page.mjs";

const SHOTS = path.join(ROOT, "test-results", "demo-walk");
const EMAIL = `walker-${Date.now()}@example.com`;
const PASSWORD = "a long password";

let demo, page, control, problems, consoleLines;

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  demo = await openDemo({ width: 1100, height: 900 });
  ({ page, control, problems, consoleLines } = demo);
  await page.addInitScript(() => {
    window.addEventListener("unhandledrejection", (ev) => {
      console.error(`unhandledrejection: ${ev.reason && ev.reason.stack ? ev.reason.stack : ev.reason}`);
    });
  });
  await page.goto(demo.demoUrl);
  // Ready: the NL address format has marked the required fields.
  await page.waitForSelector('.field[data-field="postalCode"] label.required');
});
after(async () => {
  await demo?.close();
});

const shot = (name) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
const text = (selector) => page.locator(selector).innerText();
const noProblems = () => assert.deepEqual(problems, [], "console errors or unhandled rejections");
/** The console has a line matching `re` (the technical detail of a plain message). */
const onConsole = (re) => assert.ok(consoleLines.some((l) => re.test(l)), `no console line matches ${re}`);
/** What has keyboard focus: "BODY", an id, or a data-focus key. */
const focused = () => page.evaluate(() => {
  const a = document.activeElement;
  return !a || a === document.body ? "BODY" : a.id || a.getAttribute("data-focus") || a.tagName;
});

let failed = false;
const step = (t, name, fn) => t.test(name, { skip: failed && "an earlier step failed" }, async () => {
  try {
    await fn();
    noProblems();
  } catch (e) {
    failed = true;
    await shot(`failed-${name.replace(/[^a-z0-9]+/gi, "-")}.png`).catch(() => {});
    throw e;
  }
});

test("demo checkout walk", async (t) => {
  await step(t, "account: sign up shows the email and expiry", async () => {
    await page.fill("#email", EMAIL);
    await page.fill("#password", PASSWORD);
    await page.click("#sign-up");
    await page.waitForFunction((email) => document.querySelector("#session-state").textContent.startsWith(`Signed in as ${email}`), EMAIL);
    assert.match(await text("#session-state"), /until \d{1,2}:\d{2}:\d{2}.*session expires in \d+ min/);
    assert.equal(await page.isVisible("#sign-out"), true);
    await shot("01-signed-up.png");
  });

  await step(t, "account: sign out", async () => {
    await page.click("#sign-out");
    await page.waitForFunction(() => document.querySelector("#session-state").textContent === "Not signed in");
    assert.equal(await page.isVisible("#sign-out"), false);
    await shot("02-signed-out.png");
  });

  await step(t, "account: a wrong password is a readable error", async () => {
    await page.fill("#password", "wrong password");
    await page.click("#sign-in");
    await page.waitForSelector("#auth-error:not([hidden])");
    assert.equal(await text("#auth-error"), "Invalid email or password.");
    onConsole(/UNAUTHORIZED: \[POST\] \/rel\/identity\/authorize: 401/);
    assert.equal(await text("#session-state"), "Not signed in");
    await shot("03-error-wrong-password.png");
  });

  await step(t, "account: sign in", async () => {
    await page.fill("#password", PASSWORD);
    await page.click("#sign-in");
    await page.waitForFunction((email) => document.querySelector("#session-state").textContent.startsWith(`Signed in as ${email}`), EMAIL);
    assert.equal(await page.isHidden("#auth-error"), true);
    await shot("04-signed-in.png");
  });

  await step(t, "address: typing Damrak offers the street", async () => {
    await page.locator("#address-search").pressSequentially("Damrak", { delay: 60 });
    const street = page.locator('#address-options button[data-precision="Street"]', { hasText: "Damrak, Amsterdam" });
    await street.first().waitFor();
    assert.match(await street.first().innerText(), /1012 \w\w.*Amsterdam/s);
    await shot("05-address-streets.png");
  });

  await step(t, "address: picking the street drills down to its house numbers", async () => {
    await page.locator('#address-options button[data-precision="Street"]', { hasText: "Damrak, Amsterdam" }).first().click();
    const numbers = page.locator('#address-options button[data-precision="Address"]');
    await numbers.first().waitFor();
    assert.ok(await numbers.count() >= 5, "house numbers listed");
    for (const label of await numbers.locator(".option-label").allInnerTexts()) assert.match(label, /^Damrak \d+\w?, 1012 \w\w Amsterdam$/);
    assert.equal(await page.inputValue("#address-search"), "Damrak ");
    assert.match(await text("#address-search-state"), /In Damrak: pick a house number/);
    await shot("06-house-numbers.png");
  });

  await step(t, "address: picking a house number fills the form", async () => {
    await page.locator('#address-options button[data-precision="Address"]', { hasText: /^Damrak 1A,/ }).click();
    await page.waitForFunction(() => document.querySelector("#thoroughfare").value === "Damrak");
    assert.equal(await page.inputValue("#premise-number"), "1");
    assert.equal(await page.inputValue("#premise-suffix"), "A");
    assert.equal(await page.inputValue("#postal-code"), "1012 LG");
    assert.equal(await page.inputValue("#locality"), "Amsterdam");
    assert.equal(await page.isHidden("#address-options"), true);
    assert.match(await text("#address-search-state"), /^Found Damrak 1A, 1012 LG Amsterdam \(exact location\)/);
    assert.equal(await page.locator("#address-form .field.invalid").count(), 0);
    assert.equal(await focused(), "address-search", "focus back on the input, not on <body>");
    await shot("07-address-filled.png");
  });

  await step(t, "address: by keyboard: Escape keeps the text, ArrowDown reopens, Tab-out closes, Enter picks", async () => {
    await page.fill("#address-search", "");
    await page.focus("#address-search");
    await page.keyboard.type("Damrak", { delay: 40 });
    const list = page.locator("#address-options");
    await page.locator('#address-options button[data-precision="Street"]').first().waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter"); // the street: drills down, focus back in the input
    await page.locator('#address-options button[data-precision="Address"]').first().waitFor();
    assert.equal(await focused(), "address-search");
    assert.match(await text("#address-search-state"), /In Damrak: pick a house number/);

    await page.keyboard.press("Escape");
    assert.equal(await list.isHidden(), true, "Escape closes the list");
    assert.equal(await page.inputValue("#address-search"), "Damrak ", "Escape keeps the typed text");
    assert.equal(await text("#address-search-state"), "", "and the drill-down hint goes with the list");

    await page.keyboard.press("ArrowDown");
    await page.locator('#address-options button[data-precision="Address"]').first().waitFor();
    assert.equal(await page.getAttribute("#address-search", "aria-expanded"), "true", "ArrowDown reopens the list");

    await page.keyboard.press("Tab");
    assert.equal(await list.isHidden(), true, "Tab out of the combobox closes the list");
    assert.equal(await focused(), "thoroughfare");

    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("ArrowDown");
    await page.locator('#address-options button[data-precision="Address"]').first().waitFor();
    await page.keyboard.press("ArrowDown");
    for (let i = 0; i < 10 && !/^Damrak 1A,/.test(await page.evaluate(() => document.activeElement.innerText)); i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#address-search").value === "Damrak 1A, 1012 LG Amsterdam");
    assert.equal(await page.inputValue("#premise-suffix"), "A");
    assert.equal(await focused(), "address-search", "focus stays on the input after picking, not on <body>");
  });

  await step(t, "address: a cleared required field shows its validation message", async () => {
    await page.fill("#postal-code", "");
    const message = page.locator('.field-error[data-for="postalCode"]');
    await page.waitForFunction(() => document.querySelector('.field-error[data-for="postalCode"]').textContent !== "");
    assert.equal(await message.innerText(), "Required in the Netherlands");
    assert.equal(await page.locator('.field[data-field="postalCode"]').getAttribute("class"), "field invalid");
    await page.click("#use-address");
    await page.waitForSelector("#address-error:not([hidden])");
    assert.equal(await text("#address-error"), "Please fix the highlighted fields first.");
    await shot("08-validation-message.png");
    await page.fill("#postal-code", "1012 LG");
    await page.waitForFunction(() => document.querySelector('.field-error[data-for="postalCode"]').textContent === "");
  });

  await step(t, "address: use this address stores it on a checkout session", async () => {
    await page.focus("#use-address");
    await page.keyboard.press("Enter");
    assert.equal(await focused(), "use-address", "the busy button keeps focus");
    await page.waitForSelector("#address-state:not([hidden])");
    assert.equal(await focused(), "use-address");
    assert.match(await text("#address-state"), /^Shipping to Damrak 1A, 1012 LG Amsterdam, the Netherlands$/);
    assert.equal(await page.isHidden("#address-error"), true);
    const log = await control.log("?path=/odr/sessions");
    assert.ok(log.some((e) => e.method === "POST" && e.rawPath === "/odr/sessions" && e.status === 200), "session created");
    assert.ok(log.some((e) => e.method === "POST" && /^\/odr\/sessions\/[^/]+\/address$/.test(e.rawPath) && e.status === 202), "address stored");
    await shot("09-address-used.png");
  });

  await step(t, "shipping: prices per country, weight filter, pick a method and see it active", async () => {
    const rows = page.locator("#methods tbody tr");
    await rows.first().waitFor();
    const all = await rows.count();
    assert.ok(all >= 5, `catalogue rows: ${all}`);
    for (const price of await page.locator("#methods tbody .price").allInnerTexts()) assert.match(price, /^€\s?\d+,\d{2}$/);
    assert.match(await text("#methods tbody"), /PostNL Standaard[\s\S]*€\s?6,95/);
    await page.fill("#weight", "5000"); // the 2 kg letterbox parcel drops out
    await page.waitForFunction((n) => document.querySelectorAll("#methods tbody tr").length < n, all);
    assert.doesNotMatch(await text("#methods tbody"), /Brievenbuspakje/);
    assert.match(await text("#methods-state"), /ship to the Netherlands at 5000 g\.$/);

    const choice = page.locator("#checkout-methods button", { hasText: "PostNL Ophalen bij PostNL-punt" });
    await choice.waitFor();
    assert.equal(await page.locator("#checkout-methods li.active").count(), 0);
    await choice.click();
    await page.waitForSelector("#checkout-methods li.active");
    assert.equal(await focused(), `method:${await page.getAttribute("#checkout-methods li.active button", "data-id")}`, "focus on the chosen method after the redraw");
    assert.equal(await page.locator("#checkout-methods li.active").count(), 1);
    assert.match(await text("#checkout-methods li.active"), /PostNL Ophalen bij PostNL-punt[\s\S]*€\s?5,95[\s\S]*Selected/);
    assert.match(await text("#shipping-state"), /^Selected: PostNL Ophalen bij PostNL-punt \(€\s?5,95\)$/);
    await shot("10-shipping-method-selected.png");
  });

  await step(t, "service points: sorted by distance with badges and one map marker per point", async () => {
    const items = page.locator("#points-list > li");
    await items.first().waitFor();
    const n = await items.count();
    assert.equal(n, 15);
    const distances = await items.evaluateAll((lis) => lis.map((li) => Number(li.dataset.distance)));
    assert.deepEqual(distances, [...distances].sort((a, b) => a - b), "nearest first");
    const carriers = new Set(await items.evaluateAll((lis) => lis.map((li) => li.dataset.carrier)));
    assert.deepEqual([...carriers], ["postnl"], "the pick-up method's carrier only");
    for (const badge of await page.locator("#points-list .badge.open, #points-list .badge.closed").allInnerTexts()) {
      assert.match(badge, /^(Open now( · until \d\d:\d\d)?|Closed( · opens (tomorrow |[A-Z][a-z]{2} )?at \d\d:\d\d)?)$/);
    }
    assert.equal(await page.locator("#points-list .badge.open, #points-list .badge.closed").count(), n, "one opening badge per point");
    assert.equal(await page.locator("#points-map svg .marker").count(), n, "one marker per point");
    assert.equal(await page.locator("#points-map svg .marker.active").count(), 0);
    assert.equal(await page.isHidden("#points-error"), true); // (was #points-failed: one carrier now, its failure is #points-error)
    assert.match(await text("#points-state"), /^15 service points near 1012 LG in the Netherlands, nearest first\. Pick one\.$/);
    await shot("11-service-points.png");
  });

  await step(t, "service points: picking one in the list stores it and shows it active", async () => {
    const third = page.locator("#points-list > li").nth(2);
    const id = await third.getAttribute("data-id");
    const name = await third.locator("strong").innerText();
    await third.locator("button").click();
    await page.waitForSelector(`#points-list > li.active[data-id="${id}"]`);
    assert.match(await third.innerText(), /Selected/);
    assert.equal(await focused(), `point:${id}`, "focus on the chosen point after the redraw");
    assert.equal(await page.locator("#points-map svg .marker.active").getAttribute("data-id"), id);
    assert.ok((await text("#points-state")).startsWith(`Selected: ${name} (`));
    await shot("12-service-point-selected.png");
  });

  await step(t, "service points: another pick-up method lists its carrier's points; picking one on the map (a DPD point)", async () => {
    await page.locator("#checkout-methods button", { hasText: "DPD Pickup Parcelshop" }).click();
    await page.waitForFunction(() => [...document.querySelectorAll("#points-list > li")].every((li) => li.dataset.carrier === "dpd")
      && document.querySelector("#points-list > li"));
    assert.equal(await text("#points-carrier"), "DPD");
    assert.equal(await text("#points-note"), "DPD Pickup Parcelshop delivers to DPD points only: please pick one of these.",
      "the session still holds the PostNL point");
    const marker = page.locator("#points-map svg .marker.carrier-dpd").first();
    const id = await marker.getAttribute("data-id");
    await marker.focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector(`#points-list > li.active[data-id="${id}"]`);
    assert.equal(await focused(), `marker:${id}`, "focus on the chosen marker after the redraw");
    assert.equal(await page.isHidden("#points-note"), true, "the point goes with the method");
    assert.equal(await page.locator("#points-list > li.active").count(), 1);
    assert.equal(await page.locator("#points-map svg .marker.active").getAttribute("data-id"), id);
    await shot("13-service-point-from-map.png");
  });

  await step(t, "errors: a failing carrier, a failing call: a plain message in its section, the detail on the console", async () => {
    const point = await page.getAttribute("#points-list > li.active", "data-id");
    await control.config({ carriers: { dpd: { fail: 503 } } });
    await page.click("#find-points");
    await page.waitForSelector("#points-error:not([hidden])");
    assert.equal(await text("#points-error"), "DPD service points could not be loaded. Something went wrong on our side. Please try again in a moment.");
    onConsole(/SERVER: \[GET\] \/lcs\/dpd\/points: 503/);
    assert.equal(await page.locator("#points-list > li").count(), 0);
    await control.config({ carriers: { dpd: null } });
    await page.click("#find-points");
    await page.waitForSelector(`#points-list > li.active[data-id="${point}"]`);
    assert.equal(await page.isHidden("#points-error"), true);

    await control.fault({ method: "PUT", path: "/odr/sessions/*", fault: "500" });
    await page.locator("#checkout-methods button", { hasText: "PostNL Standaard" }).click();
    await page.waitForSelector("#shipping-error:not([hidden])");
    assert.equal(await text("#shipping-error"), "The shipping method was not changed. Something went wrong on our side. Please try again in a moment.");
    onConsole(/SERVER: \[PUT\] \/odr\/sessions\/[^/]+\/shipping\/methods: 500/);
    assert.match(await text("#shipping-state"), /^Selected: DPD Pickup Parcelshop/, "the stored selection is unchanged");
    await shot("14-errors-shown.png");
  });

  await step(t, "reload: the checkout session, its address, method and point are read back", async () => {
    const point = await page.getAttribute("#points-list > li.active", "data-id");
    await page.reload();
    await page.waitForSelector(`#points-list > li.active[data-id="${point}"]`);
    await page.waitForSelector("#checkout-methods li.active");
    assert.match(await text("#address-state"), /^Shipping to Damrak 1A, 1012 LG Amsterdam, the Netherlands$/);
    assert.match(await text("#shipping-state"), /^Selected: DPD Pickup Parcelshop/);
    assert.equal(await page.inputValue("#postal-code"), "1012 LG");
  });

  await step(t, "address: one failed start (address format 500) recovers on the next keystroke", async () => {
    await control.fault({ method: "GET", path: "/rel/options/addresses", fault: "500" });
    await page.reload();
    await page.waitForSelector("#address-error:not([hidden])");
    assert.match(await text("#address-error"), /^The address search is not available right now\. Something went wrong on our side\./);
    onConsole(/SERVER: \[GET\] \/rel\/options\/addresses: 500/);
    assert.equal(await page.locator("#address-form label.required").count(), 0);
    await page.locator("#address-search").pressSequentially("Dam", { delay: 60 });
    await page.waitForSelector('.field[data-field="postalCode"] label.required');
    await page.locator("#address-options button").first().waitFor();
    assert.equal(await page.isHidden("#address-error"), true, "the error goes once the retry worked");
  });

  await step(t, "no console errors or unhandled rejections", async () => {
    noProblems();
  });
});
