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

/// TypeScript for this area: the method signatures carry the shapes inline
/// (as API.md writes them), so there is nothing to declare here.
pub const TS: &str = "";
