//! Service point models (API.md, "Service points"): field tables for
//! `/lcs/points` (and the session's `OdrPoint`, which spells the coordinate
//! `longtitude`), DPD's own parcel-shop shape, and the TypeScript declarations.

use crate::shape::{field, Field, Need::*, Ty::*};

/// The address of a point (`LcsAddress`): `AddressInput`, except that
/// `premise_number` is documented as a number (not an integer). The
/// session's `OdrAddress` also carries an `id`, which is dropped.
pub static POINT_ADDRESS: [Field; 15] = [
    field("country_code", "countryCode", Str, Req),
    field("administrative_area", "administrativeArea", Str, Opt),
    field("locality", "locality", Str, Opt),
    field("dependent_locality", "dependentLocality", Str, Opt),
    field("postal_code", "postalCode", Str, Opt),
    field("sorting_code", "sortingCode", Str, Opt),
    field("address_line_1", "addressLine1", Str, Opt),
    field("address_line_2", "addressLine2", Str, Opt),
    field("thoroughfare", "thoroughfare", Str, Opt),
    field("premise_number", "premiseNumber", Num, Opt),
    field("premise_number_suffix", "premiseNumberSuffix", Str, Opt),
    field("organisation", "organisation", Str, Opt),
    field("given_name", "givenName", Str, Opt),
    field("additional_name", "additionalName", Str, Opt),
    field("family_name", "familyName", Str, Opt),
];

/// `{ start, end }` ("HH:MM").
pub static WINDOW: [Field; 2] = [
    field("start", "start", Str, Req),
    field("end", "end", Str, Req),
];

/// `{ weekday, windows }`; weekday 0 (Sunday) reads as 7.
pub static OPENING: [Field; 2] = [
    field("weekday", "weekday", Weekday, Req),
    field("windows", "windows", List(&Obj(&WINDOW)), DefEmpty),
];

/// `[LcsPoint]` / `[OdrPoint]` (`longtitude`, sic, accepted as an alias).
pub static SERVICE_POINT: [Field; 7] = [
    field("id", "id", Str, Req),
    field("name", "name", Str, Req),
    field("carrier", "carrier", Str, Req),
    field("latitude", "latitude", Num, Req),
    Field {
        wire: "longitude",
        alias: "longtitude",
        js: "longitude",
        ty: Num,
        need: Req,
    },
    field("address", "address", Obj(&POINT_ADDRESS), Req),
    field("openings", "openings", List(&Obj(&OPENING)), DefEmpty),
];

/// `{ distance, point }`.
pub static POINT_MATCH: [Field; 2] = [
    field("distance", "distance", Num, Req),
    field("point", "point", Obj(&SERVICE_POINT), Req),
];

/// One entry of DPD's `openingHours` (names kept as DPD spells them).
pub static DPD_HOURS: [Field; 5] = [
    field("weekday", "weekday", Any, Req),
    field("openMorning", "openMorning", Str, Opt),
    field("closeMorning", "closeMorning", Str, Opt),
    field("openAfternoon", "openAfternoon", Str, Opt),
    field("closeAfternoon", "closeAfternoon", Str, Opt),
];

/// The parts of a DPD `parcelShop` entry that are mapped.
pub static DPD_SHOP: [Field; 12] = [
    field("pudoId", "pudoId", Str, Opt),
    field("parcelShopId", "parcelShopId", Any, Opt),
    field("company", "company", Str, Req),
    field("street", "street", Str, Opt),
    field("houseNo", "houseNo", Any, Opt),
    field("zipCode", "zipCode", Str, Opt),
    field("city", "city", Str, Opt),
    field("country", "country", Str, Opt),
    field("latitude", "latitude", Num, Req),
    field("longitude", "longitude", Num, Req),
    field("distance", "distance", Num, Req),
    field(
        "openingHours",
        "openingHours",
        List(&Obj(&DPD_HOURS)),
        DefEmpty,
    ),
];

/// `GET /lcs/dpd/points`: `{ parcelShop: [...] }`.
pub static DPD_BODY: [Field; 1] = [field(
    "parcelShop",
    "parcelShop",
    List(&Obj(&DPD_SHOP)),
    DefEmpty,
)];

/// TypeScript for this area.
pub const TS: &str = r#"
/**
 * A carrier's pick-up location. `openings[].weekday` is the ISO 8601 weekday for every carrier:
 * 1 = Monday … 7 = Sunday (a 0 from the API is read as Sunday, 7). `windows` are local "HH:MM"
 * times in the point's time zone; an `end` at or before `start` ("18:00"–"01:00", "24:00", "00:00")
 * runs into the next day. A day without windows (or missing from `openings`) is closed.
 */
export interface ServicePoint { id: string; name: string; carrier: string; latitude: number; longitude: number;
  address: AddressInput; openings: { weekday: number; windows: { start: string; end: string }[] }[] }
/** A point near the searched postal code. `distance` as the API sends it (metres in practice), nearest first. */
export interface ServicePointMatch { distance: number; point: ServicePoint }
"#;
