//! checkout: request builders and response decoders (in progress).
