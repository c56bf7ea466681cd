//! addresses: request builders and response decoders (in progress).
