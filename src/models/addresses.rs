//! Address models: wire tables and the TypeScript declarations of API.md's
//! "Address search" section.

use crate::shape::{field, Field, Need::*, Ty::*};

/// The fields of `AddressInput`, with `premise_number` of type `$premise`,
/// between `$before` and `$after` fields: one list for the input, the stored
/// address and a service point's address.
macro_rules! address_fields {
    ([$($before:expr),*], $premise:expr, [$($after:expr),*]) => {
        [
            $($before,)*
            field("country_code", Str, Req),
            field("administrative_area", Str, Opt),
            field("locality", Str, Opt),
            field("dependent_locality", Str, Opt),
            field("postal_code", Str, Opt),
            field("sorting_code", Str, Opt),
            field("address_line_1", Str, Opt),
            field("address_line_2", Str, Opt),
            field("thoroughfare", Str, Opt),
            field("premise_number", $premise, Opt),
            field("premise_number_suffix", Str, Opt),
            field("organisation", Str, Opt),
            field("given_name", Str, Opt),
            field("additional_name", Str, Opt),
            field("family_name", Str, Opt),
            $($after,)*
        ]
    };
}
pub(crate) use address_fields;

/// `AddressInput` fields (wire snake_case <-> JS camelCase), all optional on
/// the wire except `country_code`.
pub static ADDRESS_INPUT: [Field; 15] = address_fields!([], Int, []);

/// `{ lat, long }`.
pub static LAT_LONG: [Field; 2] = [field("lat", Num, Req), field("long", Num, Req)];

/// `box` of a geolocation.
pub static GEO_BOX: [Field; 2] = [
    field("north_east", Obj(&LAT_LONG), Req),
    field("south_west", Obj(&LAT_LONG), Req),
];

/// `[RelGeolocationAddress]`; `premise_number_suffix` may be null.
pub static GEO_ADDRESS: [Field; 7] = [
    field("premise_number", Int, Opt),
    field("premise_number_suffix", Str, Opt),
    field("thoroughfare", Str, Opt),
    field("postal_code", Str, Opt),
    field("locality", Str, Opt),
    field("administrative_area", Str, Opt),
    field("country_code", Str, Opt),
];

/// `[RelGeoLocation]`.
pub static GEO_LOCATION: [Field; 5] = [
    field("lat", Num, Req),
    field("long", Num, Req),
    field("is_precise", Bool, DefBool(false)),
    field("box", Obj(&GEO_BOX), Opt),
    field("address", Obj(&GEO_ADDRESS), Opt),
];

/// `[RelAddress]`: a stored address (`id`, the input fields, `geo_location`, `created_at`).
pub static ADDRESS: [Field; 18] = address_fields!(
    [field("id", Str, Req)],
    Int,
    [
        field("geo_location", Obj(&GEO_LOCATION), Opt),
        field("created_at", Str, Opt)
    ]
);

/// `[RelFieldList]`: which fields a country requires / allows (wire names;
/// `api::addresses::decode_address_format` turns them into camelCase).
pub static ADDRESS_FORMAT: [Field; 3] = [
    field("country_code", Str, Opt),
    field("required", List(&Str), DefEmpty),
    field("allowed", List(&Str), DefEmpty),
];

/// `{ session_key }` from `GET /rel/search/addresses`.
pub static SEARCH_SESSION: [Field; 1] = [field("session_key", Str, Req)];

/// One autocomplete suggestion.
pub static ADDRESS_OPTION: [Field; 5] = [
    field("value", Str, Req),
    field("precision", Str, Req),
    field("label", Str, Req),
    field("description", Str, Opt),
    field("context", Str, Opt),
];

/// `[RelAddressResults]`: suggestions plus the resolved location when precise enough.
pub static ADDRESS_SEARCH_RESULT: [Field; 2] = [
    field("options", List(&Obj(&ADDRESS_OPTION)), DefEmpty),
    field("result", Obj(&GEO_LOCATION), Opt),
];

/// Input of `geocode`: `[RelGeocodeRequest]`.
pub static GEOCODE_INPUT: [Field; 2] =
    [field("country_code", Str, Req), field("address", Str, Req)];

/// TypeScript for this area (0 wasm bytes; emitted into the `.d.ts`).
pub const TS: &str = r#"
/** How precise a suggestion is (the reference's values; others the API adds later still arrive). */
export type AddressPrecision = "Locality" | "Street" | "PostalCode" | "PartialAddress" | "Address" | (string & {});
/** A field of an address, by its camelCase name (what `addressFormat` lists and `validateAddress` reports). */
export type AddressField = keyof AddressInput;
/** `validateAddress`'s answer: problem codes per field ("required", "invalid", "not_allowed"); `{}` when valid. */
export type AddressProblems = Partial<Record<AddressField, string[]>>;
"#;

/// The models of this area (see `models::Model`).
#[cfg(not(target_arch = "wasm32"))]
pub static MODELS: [super::Model; 6] = [
    super::Model {
        name: "AddressInput",
        doc: "An address as entered (wire fields in camelCase). Which fields a country requires or allows: `addressFormat`.",
        fields: &ADDRESS_INPUT,
        types: &[],
        extra: &[],
        input: true,
    },
    super::Model {
        name: "Address",
        doc: "A stored address (`createAddress`, `getAddress`, a checkout session's).",
        fields: &ADDRESS,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "GeoLocation",
        doc: "Where an address is. `isPrecise` is true for a house-number match.",
        fields: &GEO_LOCATION,
        types: &[],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "AddressFormat",
        doc: "Required and allowed `AddressInput` fields for a country, in camelCase (e.g. \"postalCode\", \"addressLine1\").",
        fields: &ADDRESS_FORMAT,
        // The requested country when the API leaves it out.
        types: &[
            ("countryCode", "string", false),
            ("required", "AddressField[]", false),
            ("allowed", "AddressField[]", false),
        ],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "AddressOption",
        doc: "One autocomplete suggestion; pass its `context` to `AddressSearch.search` to drill down into it.",
        fields: &ADDRESS_OPTION,
        types: &[("precision", "AddressPrecision", false)],
        extra: &[],
        input: false,
    },
    super::Model {
        name: "AddressSearchResult",
        doc: "Suggestions, plus `result` when the query resolved to a location.",
        fields: &ADDRESS_SEARCH_RESULT,
        types: &[],
        extra: &[],
        input: false,
    },
];
