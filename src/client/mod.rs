//! The wasm side of the client. `Core` holds the validated config;
//! [`operations`] declares every operation once (the dispatch, and natively
//! the catalog the JS methods and TypeScript are generated from); `ops`
//! builds every request (input checks included) and decodes every response;
//! `transport` sends them with the browser's `fetch` (web-sys,
//! wasm-bindgen-futures: timeouts, abort, retries, redaction); `search` runs
//! the address searches' machines (`crate::search`) and `lifecycle` the
//! client's session machine (`crate::lifecycle`). The JS shell carries out
//! the machines' effects: timers, storage, listeners, promises.

pub mod operations;

#[cfg(target_arch = "wasm32")]
mod core;
#[cfg(target_arch = "wasm32")]
pub(crate) mod errors;
#[cfg(target_arch = "wasm32")]
mod lifecycle;
#[cfg(target_arch = "wasm32")]
mod ops;
#[cfg(target_arch = "wasm32")]
mod pure;
#[cfg(target_arch = "wasm32")]
mod search;
#[cfg(target_arch = "wasm32")]
mod transport;
pub mod types;
#[cfg(target_arch = "wasm32")]
mod wire;

#[cfg(target_arch = "wasm32")]
pub use self::core::Core;
#[cfg(target_arch = "wasm32")]
pub use pure::pure;
