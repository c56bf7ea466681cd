// Under exactOptionalPropertyTypes, optional fields of inputs accept `undefined` (API.md
// "Type rules": `postalCode?: string | undefined`), so a page can pass what it has.
import { AfostoClient, type AddressInput, type CallOptions, type ClientConfig, type AddressSearch } from "afosto-checkout";

declare const maybe: string | undefined;
declare const maybeSignal: AbortSignal | undefined;
declare const client: AfostoClient;
declare const search: AddressSearch;
declare const option: { context?: string } | undefined;

export const address: AddressInput = { countryCode: "NL", postalCode: maybe, locality: maybe };
export const opts: CallOptions = { signal: maybeSignal, timeoutMs: undefined };
export const config: ClientConfig = { channelId: maybe, token: undefined };
export async function page(): Promise<void> {
  await search.search("Dam", { context: option?.context });
  await client.listServicePoints({ carrier: "postnl", countryCode: "NL", postalCode: "1", channelId: maybe });
  await client.signIn({ email: "a@example.com", password: "x", audience: maybe });
  await client.checkoutServicePoints("s", { countryCode: maybe, methodId: maybe, postalCode: maybe });
}
