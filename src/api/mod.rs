//! One module per API area: `build_*` turns validated input into an
//! [`HttpRequest`](crate::http::HttpRequest), `decode_*` turns a parsed
//! response into the package's camelCase value. No I/O here.

pub mod addresses;
pub mod checkout;
pub mod identity;
pub mod input;
pub mod order;
pub mod service_points;
pub mod shipping;
