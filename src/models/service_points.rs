//! Service point models (API.md, "Service points"): field tables for
//! `/lcs/points` (and the session's `OdrPoint`, which spells the coordinate
//! `longtitude`), DPD's own parcel-shop shape, and the TypeScript declarations.

use super::addresses::address_fields;
use crate::shape::{field, Field, Need::*, Ty::*};

/// The address of a point (`LcsAddress`): `AddressInput`, except that
/// `premise_number` is documented as a number (not an integer). The
/// session's `OdrAddress` also carries an `id`, which is dropped.
pub static POINT_ADDRESS: [Field; 15] = address_fields!([], Num, []);

/// `{ start, end }` ("HH:MM").
pub static WINDOW: [Field; 2] = [field("start", Str, Req), field("end", Str, Req)];

/// `{ weekday, windows }`; weekday 0 (Sunday) reads as 7.
pub static OPENING: [Field; 2] = [
    field("weekday", Weekday, Req),
    field("windows", List(&Obj(&WINDOW)), DefEmpty),
];

/// `[LcsPoint]` / `[OdrPoint]` (`longtitude`, sic, accepted as an alias).
pub static SERVICE_POINT: [Field; 7] = [
    field("id", Str, Req),
    field("name", Str, Req),
    field("carrier", Str, Req),
    field("latitude", Num, Req),
    field("longitude|longtitude", Num, Req),
    field("address", Obj(&POINT_ADDRESS), Req),
    field("openings", List(&Obj(&OPENING)), DefEmpty),
];

/// `{ distance, point }`.
pub static POINT_MATCH: [Field; 2] = [
    field("distance", Num, Req),
    field("point", Obj(&SERVICE_POINT), Req),
];

/// One entry of DPD's `openingHours` (names kept as DPD spells them).
pub static DPD_HOURS: [Field; 5] = [
    field("weekday", Any, Req),
    field("openMorning", Str, Opt),
    field("closeMorning", Str, Opt),
    field("openAfternoon", Str, Opt),
    field("closeAfternoon", Str, Opt),
];

/// The parts of a DPD `parcelShop` entry that are mapped.
pub static DPD_SHOP: [Field; 18] = [
    field("pudoId", Str, Opt),
    field("parcelShopId", Any, Opt),
    field("company", Str, Req),
    field("street", Str, Opt),
    field("houseNo", Any, Opt),
    field("zipCode", Str, Opt),
    field("city", Str, Opt),
    field("country", Str, Opt),
    field("latitude", Num, Req),
    field("longitude", Num, Req),
    field("distance", Num, Req),
    field("openingHours", List(&Obj(&DPD_HOURS)), DefEmpty),
    field("phone", Str, Opt),
    field("email", Str, Opt),
    field("homepage", Str, Opt),
    field("extraInfo", Str, Opt),
    field("expressPickupTime", Str, Opt),
    field("services", List(&Any), Opt),
];

/// `GET /lcs/dpd/points`: `{ parcelShop: [...] }`.
pub static DPD_BODY: [Field; 1] = [field("parcelShop", List(&Obj(&DPD_SHOP)), DefEmpty)];

/// TypeScript for this area.
pub const TS: &str = r#"
/**
 * A carrier's code, as the API spells it (`ShippingOption.carrier`, `ServicePoint.carrier`,
 * `ShippingMethod.carrierCode`): the carriers the package is tested with, left open for others
 * (the reference lists no values).
 */
export type Carrier = "postnl" | "dhl" | "dpd" | (string & {});
/**
 * What DPD tells about a parcel shop beyond the common shape. A DPD point's `id` is its `pudoId`
 * when it has one, else its `parcelShopId` as a string; both are kept here.
 */
export interface DpdDetails { pudoId?: string; parcelShopId?: number; phone?: string; email?: string; homepage?: string;
  extraInfo?: string; expressPickupTime?: string; services?: Record<string, unknown>[] }
"#;

/// The models of this area (see `models::Model`).
#[cfg(not(target_arch = "wasm32"))]
pub static MODELS: [super::Model; 2] = [
    super::Model {
        name: "ServicePoint",
        doc: "A carrier's pick-up location. `openings[].weekday` is the ISO 8601 weekday for every carrier: 1 = Monday … 7 = Sunday (a 0 from the API is read as Sunday, 7). `windows` are local \"HH:MM\" times in the point's time zone; an `end` at or before `start` (\"18:00\"–\"01:00\", \"24:00\", \"00:00\") runs into the next day. A day without windows (or missing from `openings`) is closed. `dpd`: DPD parcel shops only, DPD's own fields when DPD sends them.",
        fields: &SERVICE_POINT,
        // The same members as `AddressInput` (its house number a `number` on the wire).
        types: &[("address", "AddressInput", false), ("carrier", "Carrier", false)],
        extra: &["dpd?: DpdDetails"],
        input: false,
    },
    super::Model {
        name: "ServicePointMatch",
        doc: "A point near the searched postal code. `distance` is what the carrier's API sent (the reference gives it no unit). `metres` (findServicePoints) is the great-circle distance from the geocoded postal code, computed by the package, by which carriers are merged.",
        fields: &POINT_MATCH,
        types: &[],
        extra: &["metres?: number"],
        input: false,
    },
];
