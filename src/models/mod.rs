//! Public camelCase models: the field tables that shape wire JSON, and the
//! TypeScript declarations (API.md) emitted into the package's `.d.ts`.

pub mod addresses;
pub mod checkout;
pub mod identity;
pub mod service_points;
pub mod shipping;
