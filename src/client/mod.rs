//! The wasm side of the client: synchronous Rust that the JS shell
//! (`src/js/`) calls around each HTTP exchange. `Core` holds the validated
//! config; [`operations`] declares every operation once (the dispatch, and
//! natively the catalog the JS methods and TypeScript are generated from);
//! `ops` builds every request (input checks included) and decodes every
//! response; sessions, retry decisions and transport errors are made here
//! too; `search` runs the address searches' machines (`crate::search`) and
//! `lifecycle` the client's session machine (`crate::lifecycle`).
//! The JS shell owns only I/O and state over time: `fetch`, timers,
//! AbortSignals, promises, storage and listeners.
//!
//! Why the split: async Rust in wasm (futures, closures, one shim per method)
//! cost about 16 KB gzipped for what the shell does in about 4 KB
//! (README, "Size"), while request building and decoding stay here, tested
//! natively.

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
pub mod types;
#[cfg(target_arch = "wasm32")]
mod wire;

#[cfg(target_arch = "wasm32")]
pub use self::core::Core;
#[cfg(target_arch = "wasm32")]
pub use pure::pure;
