//! checkout methods of `AfostoClient` (in progress).
