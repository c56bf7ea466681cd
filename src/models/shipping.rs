//! Shipping method models (API.md, "Shipping methods"): the `LcsMethod`
//! field table and the TypeScript declarations.

use crate::shape::{field, Field, Need::*, Ty::*};

/// `[LcsCountry]`: a country a method ships to and its amount there.
pub static METHOD_COUNTRY: [Field; 2] = [field("code", Str, Req), field("amount", Num, Req)];

/// `[LcsMethod]`. Documented defaults: `is_configured` false, `is_enabled`
/// false, `priority` 100; the other flags default to false as well.
pub static SHIPPING_METHOD: [Field; 17] = [
    field("id", Str, Req),
    field("carrier_code", Str, Req),
    field("name", Str, Req),
    field("label", Str, Opt),
    field("description", Str, Opt),
    field("max_weight", Num, Opt),
    field("countries", List(&Obj(&METHOD_COUNTRY)), DefEmpty),
    field("delivery_during", Str, Opt),
    field("is_configured", Bool, DefBool(false)),
    field("is_same_day", Bool, DefBool(false)),
    field("is_sunday", Bool, DefBool(false)),
    field("is_carrier_location", Bool, DefBool(false)),
    field("is_neighbour_allowed", Bool, DefBool(false)),
    field("provider_method_id", Str, Opt),
    field("provider", Str, Opt),
    field("is_enabled", Bool, DefBool(false)),
    field("priority", Num, DefNum(100)),
];

/// TypeScript for this area.
pub const TS: &str = r#"
/** When a method delivers (the reference's values; others the API adds later still arrive). */
export type DeliveryDuring = "daytime" | "morning" | "afternoon" | "evening" | (string & {});
/** Who carries out a method (the reference's values; others the API adds later still arrive). */
export type ShippingProvider = "sendcloud" | "default" | (string & {});
"#;

/// The models of this area (see `models::Model`).
#[cfg(not(target_arch = "wasm32"))]
pub static MODELS: [super::Model; 1] = [super::Model {
    name: "ShippingMethod",
    doc: "A shipping method (`GET /lcs/methods`). `countries[].amount` is the price for that country as the API sends it (an integer, presumably cents). `maxWeight` is in the API's weight unit (grams in practice). Defaults when the API leaves a field out: `isConfigured`/`isEnabled` and the other flags false, `priority` 100.",
    fields: &SHIPPING_METHOD,
    types: &[
        ("deliveryDuring", "DeliveryDuring", true),
        ("provider", "ShippingProvider", true),
    ],
    extra: &[],
    input: false,
}];
