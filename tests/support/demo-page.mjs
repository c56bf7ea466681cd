// The demo checkout (www/) opened in headless Chromium for the demo walks (demo-walk.test.mjs,
// demo-checkout.test.mjs). DEMO_URL walks a demo that is already running (`npm run demo`, e.g.
// DEMO_URL='http://127.0.0.1:8080/www/?baseUrl=http%3A%2F%2F127.0.0.1%3A4011'); otherwise a
// fresh mock and a static server with the README's CSP are started. The page records every
// console message (`consoleLines`: the technical detail of what the page says plainly) and every
// page error or console error (`problems`).
import { launchChromium, mockControl, ROOT } from "./harness.mjs";
import { startMock } from "../mock/server.mjs";
import { startStatic } from "../../scripts/serve.mjs";

/** Start (or reach) the mock and the demo, and open a page of `viewport` size; `close()` ends all. */
export async function openDemo(viewport) {
  let mock, web, demoUrl;
  const url = process.env.DEMO_URL;
  if (url) {
    mock = { url: new URL(url).searchParams.get("baseUrl") || "http://127.0.0.1:4011", close: async () => {} };
    web = { close: async () => {} };
    demoUrl = url;
  } else {
    mock = await startMock({ port: 0 });
    const csp = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' ${mock.url}`;
    web = await startStatic({ port: 0, root: ROOT, headers: { "content-security-policy": csp } });
    demoUrl = `${web.url}/www/?baseUrl=${encodeURIComponent(mock.url)}`;
  }
  const browser = await launchChromium();
  const page = await (await browser.newContext({ viewport })).newPage();
  const problems = [];
  const consoleLines = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    consoleLines.push(`${m.type()}: ${m.text()}`);
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console.error: ${m.text()}`);
  });
  const close = async () => {
    await browser.close();
    await web.close();
    await mock.close();
  };
  return { mock, demoUrl, control: mockControl(mock.url), page, problems, consoleLines, close };
}
