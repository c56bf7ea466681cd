//! # afosto-checkout
//!
//! A typed Afosto storefront client for the browser, compiled to WebAssembly:
//! identity login, address search, shipping methods, service points and the
//! shipping step of a checkout session.
//!
//! The crate is a sans-IO core plus a thin wasm layer:
//! - [`config`], [`error`], [`retry`], [`session`], [`time`]: plain Rust;
//! - [`search`], [`lifecycle`]: the address search's and the identity session's rules, sans-IO state machines (events in, effects out);
//! - [`checkout`]: what the client has seen of each checkout session's shipping step (`selectServicePoint`'s warnings);
//! - [`http`]: requests/responses as data (the browser `fetch` is called by `client`'s transport);
//! - [`api`]: one module per API area, request builders and response decoders;
//! - [`shape`] + [`models`]: the one table-driven converter and its field tables;
//! - [`json`]: the JSON abstraction (JS values in wasm, `serde_json` natively);
//! - `client` (wasm only): the synchronous wasm exports the JS shell (`src/js/`) calls.

#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

extern crate alloc;

/// `String`, `Vec`, `vec!`, `ToOwned`, `ToString` (from `alloc`, so
/// the same code builds with and without std), and the `f64` rounding the
/// `no_std` wasm build lacks.
pub(crate) mod prelude {
    #[cfg(all(target_arch = "wasm32", not(feature = "std")))]
    pub use crate::num::F64Ext;
    pub use alloc::borrow::ToOwned;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

#[cfg(any(test, all(target_arch = "wasm32", not(feature = "std"))))]
mod num;

pub mod api;
pub mod checkout;
pub mod config;
pub mod error;
pub mod geo;
pub mod http;
pub mod json;
pub mod lifecycle;
pub mod models;
pub mod opening;
pub mod retry;
pub mod search;
pub mod session;
pub mod shape;
pub mod time;

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

/// A panic (which the lints keep out of this crate) stops the module without
/// formatting a message: no `core::fmt` in the shipped wasm.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
