// The package's declarations on their own (skipLibCheck off, so all of
// pkg/afosto_checkout.d.ts is checked), for compiler settings consumer.ts is
// not written for (tsconfig.exact.json: exactOptionalPropertyTypes).
import * as api from "afosto-checkout";
import type { AfostoClient, AddressSearch } from "afosto-checkout";

export type Api = typeof api;

// Without Symbol.dispose in the lib the classes have no symbol-keyed member
// (AfostoDisposable is `{}`), so nothing refers to a symbol the lib lacks.
type SymbolKeys = Extract<keyof AfostoClient | keyof AddressSearch, symbol>;
export const noSymbolKeys: [SymbolKeys] extends [never] ? true : false = true;
