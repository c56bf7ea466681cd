// The page logic shared by the browser consumers (Vite, webpack, plain): create
// a client against the mock (`?mock=` query parameter), make real calls, and
// write the outcome into #out (data-state="ok" or "error"). It takes the
// package as an argument so each consumer resolves "afosto-checkout" from its
// own node_modules.
export async function run({ init, AfostoClient, isAfostoError }) {
  const out = document.getElementById("out");
  try {
    const mock = new URLSearchParams(location.search).get("mock");
    if (!mock) throw new Error("missing ?mock= query parameter");
    await init();
    const client = new AfostoClient({ baseUrl: mock });
    const methods = await client.request("GET", "/lcs/methods", { query: { country_code: "NL" } });
    const email = `consumer-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
    const session = await client.signUp({ email, password: "consumer-pw" });
    const wrong = await client.signIn({ email, password: "wrong" }).catch((e) => e);
    out.textContent = JSON.stringify({
      ok: true,
      methods: Array.isArray(methods) ? methods.length : -1,
      email: session.claims && session.claims.email,
      expected: email,
      signedIn: client.session !== undefined,
      wrongPassword: isAfostoError(wrong) ? wrong.code : String(wrong),
    });
    out.dataset.state = "ok";
  } catch (e) {
    out.textContent = JSON.stringify({ ok: false, error: String(e && e.stack || e), code: e && e.code });
    out.dataset.state = "error";
  }
}
