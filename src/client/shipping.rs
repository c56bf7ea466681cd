//! shipping methods of `AfostoClient` (in progress).
