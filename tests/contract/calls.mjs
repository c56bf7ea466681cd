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
  ["addCheckoutAddress", (c) => c.addCheckoutAddress("session-1", ADDRESS)],
  ["checkoutShippingMethods", (c) => c.checkoutShippingMethods("session-1", { countryCode: "NL" })],
  ["selectShippingMethod", (c) => c.selectShippingMethod("session-1", { methodId: UUID, isSplitAllowed: false })],
  ["checkoutServicePoints", (c) => c.checkoutServicePoints("session-1", { countryCode: "NL", methodId: UUID, postalCode: "1012 LG" })],
  ["selectServicePoint", (c) => c.selectServicePoint("session-1", { spid: "point-1", countryCode: "NL" })],
);

// Issue #15 (the session's shipping address) and #16 (geocodeAddress).
CONTRACT_CALLS.push(
  ["selectShippingAddress", (c) => c.selectShippingAddress("session-1", { addressId: "address-1" })],
  ["checkoutShippingAddress", (c) => c.checkoutShippingAddress("session-1")],
  ["geocodeAddress", (c) => c.geocodeAddress("address-1")],
);

// Issue #18: the rest of the checkout.
CONTRACT_CALLS.push(
  ["getCheckoutSession", (c) => c.getCheckoutSession("session-1")],
  ["attachOrder", (c) => c.attachOrder("session-1", { orderId: "order-1" })],
  ["setCheckoutContact", (c) => c.setCheckoutContact("session-1", { email: "jane@example.com", givenName: "Jane", familyName: "Doe" })],
  ["checkoutContact", (c) => c.checkoutContact("session-1")],
  ["addCheckoutPhoneNumber", (c) => c.addCheckoutPhoneNumber("session-1", { countryCode: "NL", number: "0612345678" })],
  ["selectPhoneNumber", (c) => c.selectPhoneNumber("session-1", { phoneNumberId: UUID })],
  ["selectBillingAddress", (c) => c.selectBillingAddress("session-1", { addressId: "address-1" })],
  ["checkoutBillingAddress", (c) => c.checkoutBillingAddress("session-1")],
  ["checkoutPaymentMethods", (c) => c.checkoutPaymentMethods("session-1")],
  ["selectPaymentMethod", (c) => c.selectPaymentMethod("session-1", { methodId: "ideal", issuerId: "ing" })],
  ["checkoutTotals", (c) => c.checkoutTotals("session-1")],
  ["placeOrder", (c) => c.placeOrder("session-1")],
  ["getTransaction", (c) => c.getTransaction("secret-1")],
);
