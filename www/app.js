// The demo checkout. Everything goes through afosto-checkout; every error is shown, never swallowed.
import init, { AfostoClient, isAfostoError } from "../pkg/afosto_checkout.js";

const params = new URLSearchParams(location.search);
const baseUrl = params.get("baseUrl") || "http://127.0.0.1:4011";
const $ = (id) => document.getElementById(id);
$("base").textContent = baseUrl;

/** A readable message for any error. */
export function describe(e) {
  if (isAfostoError(e)) {
    const fields = e.fieldErrors ? " " + Object.entries(e.fieldErrors).map(([k, v]) => `${k}: ${v.join(", ")}`).join("; ") : "";
    return `${e.code}: ${e.message}${fields}`;
  }
  return String(e && e.message ? e.message : e);
}

function showError(el, e) { el.textContent = describe(e); el.hidden = false; }

await init();
const client = new AfostoClient({ baseUrl, persistSession: "localStorage" });

function renderSession(s) {
  $("session-state").textContent = s ? `Signed in as ${s.claims?.email ?? "(unknown)"} until ${new Date(s.expiresAt).toLocaleTimeString()}` : "Not signed in";
  $("sign-out").hidden = !s;
}
client.onSessionChange(renderSession);
renderSession(client.session);

async function auth(kind) {
  $("auth-error").hidden = true;
  const credentials = { email: $("email").value, password: $("password").value };
  try {
    await (kind === "up" ? client.signUp(credentials) : client.signIn(credentials));
  } catch (e) {
    showError($("auth-error"), e);
  }
}
$("auth-form").addEventListener("submit", (ev) => { ev.preventDefault(); auth("in"); });
$("sign-up").addEventListener("click", () => auth("up"));
$("sign-out").addEventListener("click", () => client.signOut().catch((e) => showError($("auth-error"), e)));
window.afostoDemo = { client };
