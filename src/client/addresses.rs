//! addresses methods of `AfostoClient` (in progress).
