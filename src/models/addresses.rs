//! Address models: wire tables and the TypeScript declarations of API.md's
//! "Address search" section.

use crate::shape::{field, Field, Need::*, Ty::*};

/// `AddressInput` fields (wire snake_case <-> JS camelCase), all optional on
/// the wire except `country_code`.
pub static ADDRESS_INPUT: [Field; 15] = [
    field("country_code", "countryCode", Str, Req),
    field("administrative_area", "administrativeArea", Str, Opt),
    field("locality", "locality", Str, Opt),
    field("dependent_locality", "dependentLocality", Str, Opt),
    field("postal_code", "postalCode", Str, Opt),
    field("sorting_code", "sortingCode", Str, Opt),
    field("address_line_1", "addressLine1", Str, Opt),
    field("address_line_2", "addressLine2", Str, Opt),
    field("thoroughfare", "thoroughfare", Str, Opt),
    field("premise_number", "premiseNumber", Int, Opt),
    field("premise_number_suffix", "premiseNumberSuffix", Str, Opt),
    field("organisation", "organisation", Str, Opt),
    field("given_name", "givenName", Str, Opt),
    field("additional_name", "additionalName", Str, Opt),
    field("family_name", "familyName", Str, Opt),
];

/// `{ lat, long }`.
pub static LAT_LONG: [Field; 2] = [
    field("lat", "lat", Num, Req),
    field("long", "long", Num, Req),
];

/// `box` of a geolocation.
pub static GEO_BOX: [Field; 2] = [
    field("north_east", "northEast", Obj(&LAT_LONG), Req),
    field("south_west", "southWest", Obj(&LAT_LONG), Req),
];

/// `[RelGeolocationAddress]`; `premise_number_suffix` may be null.
pub static GEO_ADDRESS: [Field; 7] = [
    field("premise_number", "premiseNumber", Int, Opt),
    field("premise_number_suffix", "premiseNumberSuffix", Str, Opt),
    field("thoroughfare", "thoroughfare", Str, Opt),
    field("postal_code", "postalCode", Str, Opt),
    field("locality", "locality", Str, Opt),
    field("administrative_area", "administrativeArea", Str, Opt),
    field("country_code", "countryCode", Str, Opt),
];

/// `[RelGeoLocation]`.
pub static GEO_LOCATION: [Field; 5] = [
    field("lat", "lat", Num, Req),
    field("long", "long", Num, Req),
    field("is_precise", "isPrecise", Bool, DefBool(false)),
    field("box", "box", Obj(&GEO_BOX), Opt),
    field("address", "address", Obj(&GEO_ADDRESS), Opt),
];

/// `[RelAddress]`: a stored address (`id`, the input fields, `geo_location`, `created_at`).
pub static ADDRESS: [Field; 18] = [
    field("id", "id", Str, Req),
    field("country_code", "countryCode", Str, Req),
    field("administrative_area", "administrativeArea", Str, Opt),
    field("locality", "locality", Str, Opt),
    field("dependent_locality", "dependentLocality", Str, Opt),
    field("postal_code", "postalCode", Str, Opt),
    field("sorting_code", "sortingCode", Str, Opt),
    field("address_line_1", "addressLine1", Str, Opt),
    field("address_line_2", "addressLine2", Str, Opt),
    field("thoroughfare", "thoroughfare", Str, Opt),
    field("premise_number", "premiseNumber", Int, Opt),
    field("premise_number_suffix", "premiseNumberSuffix", Str, Opt),
    field("organisation", "organisation", Str, Opt),
    field("given_name", "givenName", Str, Opt),
    field("additional_name", "additionalName", Str, Opt),
    field("family_name", "familyName", Str, Opt),
    field("geo_location", "geoLocation", Obj(&GEO_LOCATION), Opt),
    field("created_at", "createdAt", Str, Opt),
];

/// TypeScript for this area (filled in with the address search work).
pub const TS: &str = r#"
export interface AddressInput { countryCode: string; administrativeArea?: string; locality?: string; dependentLocality?: string;
  postalCode?: string; sortingCode?: string; addressLine1?: string; addressLine2?: string; thoroughfare?: string;
  premiseNumber?: number; premiseNumberSuffix?: string; organisation?: string; givenName?: string;
  additionalName?: string; familyName?: string }
export interface Address extends AddressInput { id: string; geoLocation?: GeoLocation; createdAt?: string }
export interface GeoLocation { lat: number; long: number; isPrecise: boolean;
  box?: { northEast: { lat: number; long: number }; southWest: { lat: number; long: number } };
  address?: { premiseNumber?: number; premiseNumberSuffix?: string; thoroughfare?: string; postalCode?: string;
              locality?: string; administrativeArea?: string; countryCode?: string } }
"#;
