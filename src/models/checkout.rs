//! Checkout session models (API.md, "Checkout session (shipping step)").

use crate::shape::{field, Field, Need::*, Ty::*};

/// `[OdrStartSessionResponse]`.
pub static SESSION: [Field; 2] = [field("id", Str, Req), field("expires_at", Str, Req)];

/// `[OdrStartSessionRequest]` (input: both optional).
pub static SESSION_INPUT: [Field; 2] = [field("audience", Str, Opt), field("expires_at", Str, Opt)];

/// The selected method (`active` of GET, body and answer of PUT).
pub static ACTIVE_METHOD: [Field; 2] = [
    field("method_id", Str, Req),
    field("is_split_allowed", Bool, DefBool(false)),
];

/// `selectShippingMethod` input.
pub static SELECT_METHOD_INPUT: [Field; 2] = [
    field("method_id", Str, Req),
    field("is_split_allowed", Bool, Opt),
];

/// One method the session offers.
pub static METHOD_OPTION: [Field; 5] = [
    field("id", Str, Req),
    field("carrier", Str, Req),
    field("name", Str, Req),
    field("type", Str, Req),
    field("price", Num, Req),
];

/// GET `.../shipping/methods`; `active` is checked separately (see `api::checkout`).
pub static SESSION_METHODS: [Field; 2] = [
    field("active", Any, Opt),
    field("options", List(&Obj(&METHOD_OPTION)), DefEmpty),
];

/// The selected point (`active` of GET, body and answer of PUT).
pub static ACTIVE_POINT: [Field; 2] = [field("spid", Str, Req), field("country_code", Str, Req)];

/// GET `.../shipping/point`.
pub static SESSION_POINTS: [Field; 2] = [
    field("active", Any, Opt),
    field(
        "options",
        List(&Obj(&crate::models::service_points::POINT_MATCH)),
        DefEmpty,
    ),
];

/// `selectShippingAddress` input (`[OdrSelectSessionShippingRequest]`'s `address_id`).
pub static SELECT_ADDRESS_INPUT: [Field; 1] = [field("address_id", Str, Req)];

/// One set of saved addresses to choose from (`[OdrAddressSet]`).
pub static ADDRESS_CHOICES: [Field; 2] = [
    field("primary", Obj(&crate::models::addresses::ADDRESS), Opt),
    field(
        "secondary",
        List(&Obj(&crate::models::addresses::ADDRESS)),
        DefEmpty,
    ),
];

/// The address sets a session offers, by where they come from.
pub static ADDRESS_OPTIONS: [Field; 3] = [
    field("contact", Obj(&ADDRESS_CHOICES), Opt),
    field("organisation", Obj(&ADDRESS_CHOICES), Opt),
    field("session", Obj(&ADDRESS_CHOICES), Opt),
];

/// GET `.../shipping` (and, later, `.../billing`); `active` is checked apart.
pub static SESSION_ADDRESSES: [Field; 2] = [
    field("active", Any, Opt),
    field("options", Obj(&ADDRESS_OPTIONS), Opt),
];

/// TypeScript for this area (the method signatures carry the other shapes
/// inline, as API.md writes them).
pub const TS: &str = r#"
/** Saved addresses to choose from: the primary one and the others. */
export interface AddressChoices { primary?: Address; secondary: Address[] }
"#;
