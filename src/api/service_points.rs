//! service_points: request builders and response decoders (in progress).
