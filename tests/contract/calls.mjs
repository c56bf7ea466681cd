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

const UUID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const ADDRESS = { countryCode: "NL", postalCode: "1012 LG", premiseNumber: 1, thoroughfare: "Damrak", locality: "Amsterdam", givenName: "Jane", familyName: "Doe" };

CONTRACT_CALLS.push(
  ["addressFormat", (c) => c.addressFormat("NL")],
  ["startAddressSearch", (c) => c.startAddressSearch("NL")],
  ["AddressSearch.search", async (c) => { const s = await c.startAddressSearch("NL"); await s.search("Damrak 1"); s.free(); }],
  ["geocode", (c) => c.geocode({ countryCode: "NL", address: "Damrak 1, Amsterdam" })],
  ["createAddress", (c) => c.createAddress(ADDRESS)],
  ["getAddress", (c) => c.getAddress("address-1")],
  ["listShippingMethods", (c) => c.listShippingMethods({ countryCode: "NL" })],
  ["getShippingMethod", (c) => c.getShippingMethod("method-1", { countryCode: "NL" })],
  ["listServicePoints", (c) => c.listServicePoints({ carrier: "postnl", countryCode: "NL", postalCode: "1012 LG" })],
  ["getServicePoint", (c) => c.getServicePoint({ carrier: "postnl", id: "point-1", countryCode: "NL" })],
  ["listDpdServicePoints", (c) => c.listDpdServicePoints({ countryCode: "NL", postalCode: "1012 LG" })],
  ["findServicePoints", async (c) => {
    const r = await c.findServicePoints({ carriers: ["postnl", "dhl", "dpd"], countryCode: "NL", postalCode: "1012 LG", limit: 10 });
    if (r.failed.length) throw r.failed[0].error;
  }],
  ["createCheckoutSession", (c) => c.createCheckoutSession({ audience: "shop" })],
  ["setCheckoutAddress", (c) => c.setCheckoutAddress("session-1", ADDRESS)],
  ["checkoutShippingMethods", (c) => c.checkoutShippingMethods("session-1", { countryCode: "NL" })],
  ["selectShippingMethod", (c) => c.selectShippingMethod("session-1", { methodId: UUID, isSplitAllowed: false })],
  ["checkoutServicePoints", (c) => c.checkoutServicePoints("session-1", { countryCode: "NL", methodId: UUID, postalCode: "1012 LG" })],
  ["selectServicePoint", (c) => c.selectServicePoint("session-1", { spid: "point-1", countryCode: "NL" })],
);
