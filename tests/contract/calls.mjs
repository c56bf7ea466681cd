// One entry per client method that talks to the API: [name, (client, lib) => Promise].
// Inputs are valid per API.md; Prism generates the responses.
export const CONTRACT_CALLS = [
  ["signUp", (c) => c.signUp({ email: "jane@example.com", password: "secret", audience: "shop" })],
  ["signIn", (c) => c.signIn({ email: "jane@example.com", password: "secret" })],
  ["identityExists", (c) => c.identityExists({ email: "jane@example.com" })],
  ["requestIdentityToken", (c) => c.requestIdentityToken({ email: "jane@example.com", type: "reset" })],
  ["resetPassword", (c) => c.resetPassword({ token: "one-time", password: "new secret" })],
  ["verifyIdentity", (c) => c.verifyIdentity({ token: "one-time" })],
  ["extendSession", (c) => c.extendSession()],
  ["signOut", async (c) => { await c.signOut(); if (c.session !== undefined) throw new Error("session not cleared"); }],
  ["request", (c) => c.request("GET", "/lcs/methods", { query: { country_code: "NL" } })],
];
