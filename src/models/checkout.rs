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

/// TypeScript for this area: what `servicePointNeed` answers (no table:
/// the package makes it).
pub const TS: &str = r#"
/**
 * What a session's shipping option needs (`servicePointNeed`): `needed` and the `carrier` whose
 * service point it takes (type "servicepoint"); `known` is false when the reference does not say
 * (type "pick", or one it does not list), and then `needed` is false too.
 */
export interface ServicePointNeed { needed: boolean; known: boolean; carrier?: Carrier }
/** How a session's shipping option delivers, as the reference lists it (open to values added later). */
export type ShippingOptionType = "pick" | "homedelivery" | "servicepoint" | (string & {});
"#;

/// The models of this area (see `models::Model`).
#[cfg(not(target_arch = "wasm32"))]
pub static MODELS: [super::Model; 9] = [
    super::Model {
        name: "CheckoutSession",
        doc: "A checkout session: its id, for every other checkout call, and when it expires.",
        fields: &SESSION,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "SelectedShippingMethod",
        doc: "The shipping method a checkout session holds.",
        fields: &ACTIVE_METHOD,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "ShippingOption",
        doc: "A shipping method a checkout session offers, with its price for the session. `id` is the method's id in the catalogue too (`listShippingMethods`): join the two by it. `type` is how it delivers (`servicePointNeed` reads it).",
        fields: &METHOD_OPTION,
        types: &[("carrier", "Carrier", false), ("type", "ShippingOptionType", false)],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "CheckoutShippingMethods",
        doc: "The session's selected shipping method (absent when none) and the methods it offers.",
        fields: &SESSION_METHODS,
        types: &[("active", "SelectedShippingMethod", true)],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "SelectedServicePoint",
        doc: "The service point a checkout session holds (`spid` is the point's id).",
        fields: &ACTIVE_POINT,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "CheckoutServicePoints",
        doc: "The session's selected service point (absent when none) and nearby points, nearest first.",
        fields: &SESSION_POINTS,
        types: &[("active", "SelectedServicePoint", true)],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "AddressChoices",
        doc: "Saved addresses to choose from: the primary one and the others.",
        fields: &ADDRESS_CHOICES,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "AddressChoicesBySource",
        doc: "A checkout session's saved addresses, by where they come from: the signed-in contact's, the organisation's, the session's own.",
        fields: &ADDRESS_OPTIONS,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "CheckoutAddresses",
        doc: "The session's selected shipping or billing address (absent when none) and the saved addresses to choose from.",
        fields: &SESSION_ADDRESSES,
        types: &[
            ("active", "Address", true),
            ("options", "AddressChoicesBySource", false),
        ],
        extra: &[],
        input: false,
    },
];
