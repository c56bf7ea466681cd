// `[Symbol.dispose]()` of AfostoClient and AddressSearch (src/js/client.js,
// src/js/search.js: the same as `free()`), typed only where the consumer's lib
// declares `Symbol.dispose` (TypeScript >= 5.2 with lib "ESNext" or
// "ESNext.Disposable", or @types/node). A class member `[Symbol.dispose](): void`
// does not compile under plain lib ["ES2020" | "ES2022", "DOM"] with
// skipLibCheck off (TS2339 / TS2550, and TS1165 on TypeScript 5.0), and
// declaring `Symbol.dispose` globally here would tell every consumer it exists
// at run time where it may not. So the member comes from a type that is empty
// without it. Appended after classes.d.ts by scripts/package.mjs; checked by
// tests/types (plain libs on TypeScript 5.0 and 5.x, and `using` with
// ESNext.Disposable).

/**
 * `{ [Symbol.dispose](): void }` where the project's TypeScript lib declares
 * `Symbol.dispose` (so `using client = new AfostoClient(…)` works), `{}` where
 * it does not.
 */
export type AfostoDisposable = SymbolConstructor extends { readonly dispose: infer S extends symbol }
    ? symbol extends S ? {} : { [K in S]: () => void }
    : {};

export interface AfostoClient extends AfostoDisposable {}
export interface AddressSearch extends AfostoDisposable {}
