//! # afosto-checkout
//!
//! A typed Afosto storefront client for the browser, compiled to WebAssembly:
//! identity login, address search, shipping methods, service points and the
//! shipping step of a checkout session.
//!
//! The crate is a sans-IO core plus a thin wasm layer:
//! - [`config`], [`error`], [`retry`], [`session`], [`time`]: plain Rust;
//! - [`http`]: requests/responses as data (the browser `fetch` lives in the JS shell, `src/js/transport.js`);
//! - [`api`]: one module per API area, request builders and response decoders;
//! - [`shape`] + [`models`]: the one table-driven converter and its field tables;
//! - [`json`]: the JSON abstraction (JS values in wasm, `serde_json` natively);
//! - `client` (wasm only): the synchronous wasm exports the JS shell (`src/js/`) calls.

#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod api;
pub mod config;
pub mod error;
pub mod http;
pub mod json;
pub mod models;
pub mod opening;
pub mod retry;
pub mod session;
pub mod shape;
pub mod time;

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub use client::Core;

/// wasm is single-threaded here; lol_alloc's free-list allocator is much
/// smaller than the default dlmalloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
#[allow(unsafe_code)]
// SAFETY: wasm32-unknown-unknown is built without the atomics feature, so the
// module never runs on more than one thread.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
