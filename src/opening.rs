//! Opening hours of service points: `openingStatus` (in progress).
