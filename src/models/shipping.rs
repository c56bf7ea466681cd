//! shipping models: wire tables and TypeScript declarations (in progress).

/// TypeScript for this area.
pub const TS: &str = "";
