// Deliberate mistakes a storefront developer could make. This file must NOT
// compile: types.test.mjs runs tsc on it and expects exactly one error on each
// line marked `// MUST-FAIL`, and none anywhere else. (No @ts-expect-error: the
// point is that the package's types reject these.) Only identity/config/error/
// request API and AddressInput are used, so it holds before and after the
// address/shipping/checkout areas are merged.
import init, { AfostoClient, isAfostoError, type AddressInput, type ClientConfig } from "afosto-checkout";

export async function mistakes(): Promise<void> {
  await init();
  const memory = (await init()).memory; // MUST-FAIL: init() resolves nothing (Promise<void>): no wasm internals
  const client = new AfostoClient({ baseUrl: "https://api.afosto.io" });

  await client.login({ email: "jane@example.com", password: "secret" }); // MUST-FAIL: wrong method name
  const home: AddressInput = { countryCode: "NL", postcode: "1012 LG" }; // MUST-FAIL: wrong field name (postalCode)
  const noCountry: AddressInput = { postalCode: "1012 LG" }; // MUST-FAIL: missing required field countryCode
  await client.signIn({ email: "jane@example.com" }); // MUST-FAIL: missing required field password
  await client.identityExists({ email: 42 }); // MUST-FAIL: number where a string is required
  const typo: ClientConfig = { baseURL: "https://api.afosto.io" }; // MUST-FAIL: wrong config field name (baseUrl)
  const persist: ClientConfig = { persistSession: "cookie" }; // MUST-FAIL: not a persistSession value
  const timeout: ClientConfig = { timeoutMs: "5000" }; // MUST-FAIL: string where a number is required
  await client.request("PATCH", "/lcs/methods"); // MUST-FAIL: method not in GET | POST | PUT | DELETE
  const exists: string = await client.identityExists({ email: "jane@example.com" }); // MUST-FAIL: resolves boolean
  client.session = undefined; // MUST-FAIL: session is a read-only getter
  await client.requestIdentityToken({ email: "jane@example.com", type: "password" }); // MUST-FAIL: type is "reset" | "confirm"
  await client.selectShippingAddress("s1", { id: "a1" }); // MUST-FAIL: the input is { addressId }
  const misspelled = client.validateAddress({ countryCode: "NL" }, { countryCode: "NL", required: [], allowed: [] }).postlCode; // MUST-FAIL: not an AddressField (postalCode)

  try {
    await client.signOut();
  } catch (e) {
    if (isAfostoError(e) && e.code === "NOT_AUTHORIZED") return; // MUST-FAIL: not an AfostoErrorCode
    const code: string = e.code; // MUST-FAIL: e is unknown outside the isAfostoError guard
    if (isAfostoError(e)) {
      const retryable: string = e.retryable; // MUST-FAIL: retryable is boolean
      console.log(code, retryable);
    }
  }
  console.log(home, noCountry, typo, persist, timeout, exists);
}
