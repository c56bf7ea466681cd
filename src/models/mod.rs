//! Public camelCase models: the field tables that shape wire JSON, and the
//! TypeScript declarations (API.md) emitted into the package's `.d.ts`.

pub mod identity;
