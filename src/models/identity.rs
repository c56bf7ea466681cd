//! Identity models: wire tables and the TypeScript declarations of API.md's
//! "Identity login" section.

use crate::shape::{field, Field, Need::*, Ty::*};

/// `[RelSignedTokenResponse]` `{ token, expires_at }`.
pub static SIGNED_TOKEN: [Field; 2] = [field("token", Str, Req), field("expires_at", Str, Opt)];

/// `[IamAccessToken]` from `/iam/jwt/extend` and `/iam/jwt/revoke`.
pub static ACCESS_TOKEN: [Field; 4] = [
    field("access_token", Str, Opt),
    field("expires_in", Num, Opt),
    field("token_type", Str, Opt),
    field("refresh_token", Str, Opt),
];

/// `{ status }` from `/rel/identity/tokens`.
pub static TOKEN_STATUS: [Field; 1] = [field("status", Str, Req)];

/// Input `Credentials` `{ email, password, audience? }`.
pub static CREDENTIALS: [Field; 3] = [
    field("email", Str, Req),
    field("password", Str, Req),
    field("audience", Str, Opt),
];

/// Input of `identityExists`.
pub static EXISTS_INPUT: [Field; 2] = [field("email", Str, Req), field("audience", Str, Opt)];

/// Input of `requestIdentityToken`.
pub static TOKEN_INPUT: [Field; 3] = [
    field("email", Str, Req),
    field("type", Str, Req),
    field("audience", Str, Opt),
];

/// Input of `resetPassword`.
pub static RESET_INPUT: [Field; 2] = [field("token", Str, Req), field("password", Str, Req)];

/// Input of `verifyIdentity`.
pub static VERIFY_INPUT: [Field; 1] = [field("token", Str, Req)];

/// TypeScript for this area (0 wasm bytes; emitted into the `.d.ts`).
pub const TS: &str = r#"
/** The signed-in identity. `claims` is the JWT payload, decoded but NOT verified (never trust it for authorization). */
export interface IdentitySession { token: string; expiresAt: string; claims?: Record<string, unknown> }
"#;

/// The models of this area (see `models::Model`).
#[cfg(not(target_arch = "wasm32"))]
pub static MODELS: [super::Model; 1] = [super::Model {
    name: "Credentials",
    doc: "Email + password (+ audience, defaulting to `ClientConfig.audience`).",
    fields: &CREDENTIALS,
    types: &[],
    extra: &[],
    input: true,
}];
