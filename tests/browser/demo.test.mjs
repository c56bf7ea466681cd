// The demo page (www/) signs up, signs in and out against the mock, as a shopper would.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { setup, test } from "../support/harness.mjs";

let t;
before(async () => { t = await setup(); });
after(async () => { await t?.close(); });

test("demo: sign up, sign out, sign in; errors are shown, not swallowed", async () => {
  const page = await t.context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${t.web.url}/www/?baseUrl=${encodeURIComponent(t.mock.url)}`);
  // The demo wires its buttons after `await init()`, which the load event does not wait for.
  await page.waitForFunction(() => window.afostoDemo !== undefined);
  await page.fill("#email", "demo-shopper@example.com");
  await page.fill("#password", "a long password");
  await page.click("#sign-up");
  await page.waitForFunction(() => document.querySelector("#session-state").textContent.startsWith("Signed in as demo-shopper@example.com"));
  await page.click("#sign-out");
  await page.waitForFunction(() => document.querySelector("#session-state").textContent === "Not signed in");
  await page.fill("#password", "wrong password");
  await page.click("#sign-in");
  await page.waitForSelector("#auth-error:not([hidden])");
  assert.equal(await page.textContent("#auth-error"), "Invalid email or password."); // in plain words (the code goes to the console)
  await page.fill("#password", "a long password");
  await page.click("#sign-in");
  await page.waitForFunction(() => document.querySelector("#session-state").textContent.startsWith("Signed in as"));
  assert.deepEqual(problems, []);
});
