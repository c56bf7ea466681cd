//! service_points methods of `AfostoClient` (in progress).
