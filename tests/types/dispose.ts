// Where the project's lib declares Symbol.dispose (TypeScript >= 5.2, lib
// "ESNext" or "ESNext.Disposable"), AfostoClient and AddressSearch are
// Disposable: `using` frees them at the end of the scope (same as `free()`).
import { AfostoClient, type AddressSearch } from "afosto-checkout";

export async function checkout(): Promise<void> {
  using client = new AfostoClient({ channelId: "3fa85f64-5717-4562-b3fc-2c963f66afa6" });
  using search = await client.startAddressSearch("NL");
  await search.search("Damrak");
}

declare const search: AddressSearch;
const client = new AfostoClient();
const disposables: Disposable[] = [client, search];
client[Symbol.dispose]();
search[Symbol.dispose]();
export { disposables };
