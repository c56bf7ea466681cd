//! The TypeScript of the client's own types: the config and the error. The
//! config is read by `config.rs` (field by field, with its own checks) and
//! the error built by `client::errors`, not by a field table, so their
//! declarations are written here, once; `src/bin/gen.rs` puts them in the
//! package's `.d.ts` with the models and operations.

/// `ClientConfig`, `CallOptions`, `AfostoErrorCode`, `AfostoError`. Optional
/// members of inputs accept `undefined` (API.md, "Type rules").
pub const CORE_TS: &str = r#"
/** Options for `new AfostoClient(config)`. Validated at construction (`INVALID_CONFIG`). */
export interface ClientConfig {
  /** Default "https://api.afosto.io". https only, except localhost / 127.0.0.1 / [::1]. */
  baseUrl?: string | undefined;
  /** A UUID (8-4-4-4-12 hex digits, either case; INVALID_CONFIG otherwise). Sent as channel_id where an endpoint takes it. */
  channelId?: string | undefined;
  /** A UUID (8-4-4-4-12 hex digits, either case; INVALID_CONFIG otherwise). Sent as client_id on /rel/identity/* calls. */
  clientId?: string | undefined;
  /** Default audience for identity calls. */
  audience?: string | undefined;
  /** Start with an existing bearer token. */
  token?: string | undefined;
  /** Per attempt, default 10000. */
  timeoutMs?: number | undefined;
  /** Extra attempts for GET/PUT/DELETE on network error, 429, 502, 503, 504; default 2; POST never retried. */
  retries?: number | undefined;
  /**
   * Default "memory". A storage this runtime does not have (`localStorage` in Node) is INVALID_CONFIG;
   * one that exists but throws when used (a sandboxed iframe, blocked by privacy settings) keeps the session in memory.
   */
  persistSession?: "memory" | "localStorage" | "sessionStorage" | undefined;
  /** Default "afosto-session". */
  storageKey?: string | undefined;
  /** Extend the JWT shortly before expiry (GET /iam/jwt/extend), default true. */
  autoExtend?: boolean | undefined;
  /** Extra request headers (Accept-Language, a tracing id): names are HTTP tokens; never Authorization or Content-Type (INVALID_CONFIG). */
  headers?: Record<string, string> | undefined;
  /** Injectable transport (tests, SSR). */
  fetch?: typeof fetch | undefined;
}
/** Trailing options of every async method. An already-aborted signal rejects at once with `ABORTED`. */
export interface CallOptions { signal?: AbortSignal | undefined; timeoutMs?: number | undefined }

export type AfostoErrorCode =
  | "INVALID_INPUT" | "INVALID_CONFIG"
  | "NETWORK" | "TIMEOUT" | "ABORTED"
  | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT"
  | "VALIDATION"
  | "RATE_LIMITED" | "SERVER" | "HTTP"
  | "DECODE";
/** Every rejection of this package (`e instanceof AfostoError` in the realm that loaded it; `isAfostoError` in any). */
export declare class AfostoError extends Error {
  private constructor();
  name: "AfostoError";
  code: AfostoErrorCode;
  /** HTTP status when there was a response. */
  status?: number;
  /** e.g. "POST" and "/rel/identity/authorize" (never a token or query secret). */
  method?: string; path?: string;
  /** The API's error reference. */
  reference?: string;
  /**
   * camelCase property -> problem codes, from the API body or from local checks, keyed once:
   * "required", "invalid" (the API's "invalid value"), "not_allowed", "unreadable", or another
   * API kind in lower case with `_` for spaces.
   */
  fieldErrors?: Record<string, string[]>;
  /** From Retry-After (seconds or HTTP date). */
  retryAfterMs?: number;
  retryable: boolean;
  /** DECODE: the JSON path that did not match, or (a warning) the missing field of what was left out, e.g. "$[3].point.name". */
  jsonPath?: string;
  /** setCheckoutAddress: the address was created, but selecting it failed; select it with `selectShippingAddress`. */
  addressId?: string;
  /** placeOrder: the authorize was sent and its outcome is unknown; the next placeOrder needs `retryUnknown: true`. */
  outcomeUnknown?: boolean;
}
"#;
