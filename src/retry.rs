//! Retry policy as pure functions: whether to try again, and after how long.

use crate::time::parse_http_date;

/// First backoff step in ms (doubled per attempt).
pub const BASE_BACKOFF_MS: f64 = 250.0;
/// Longest backoff between attempts when the server gives no Retry-After.
pub const MAX_BACKOFF_MS: f64 = 5_000.0;
/// A Retry-After longer than this is not waited for: the call fails with
/// `retryAfterMs` set so the caller can decide.
pub const MAX_RETRY_AFTER_MS: f64 = 30_000.0;

/// How one attempt ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// No response (connection refused/reset, DNS, CORS).
    Network,
    /// The per-attempt timeout fired.
    Timeout,
    /// A response with this status and optional Retry-After (ms).
    Status(u16, Option<f64>),
}

/// What to do next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    /// Wait this long, then send again.
    Retry {
        /// Delay before the next attempt.
        after_ms: f64,
    },
    /// Report the outcome.
    Stop,
}

/// Decide after attempt number `attempt` (0 = the first) of at most
/// `retries + 1`. `jitter` is a random number in `[0, 1)`.
///
/// Only a request that may be sent again (`idempotent`: GET, PUT and
/// DELETE) is retried, only on a network error or a 429, 502, 503 or 504;
/// never POST, never a timeout (the caller set its bound).
pub fn decide(
    idempotent: bool,
    outcome: Outcome,
    attempt: u32,
    retries: u32,
    jitter: f64,
) -> Decision {
    if !idempotent || attempt >= retries {
        return Decision::Stop;
    }
    let retry_after = match outcome {
        Outcome::Network => None,
        Outcome::Status(429 | 502 | 503 | 504, ra) => ra,
        Outcome::Status(..) | Outcome::Timeout => return Decision::Stop,
    };
    match retry_after {
        Some(ms) if ms > MAX_RETRY_AFTER_MS => Decision::Stop,
        Some(ms) => Decision::Retry {
            after_ms: ms.max(0.0),
        },
        None => Decision::Retry {
            after_ms: backoff_ms(attempt, jitter),
        },
    }
}

/// Exponential backoff with jitter: half of the step is fixed, half random.
pub fn backoff_ms(attempt: u32, jitter: f64) -> f64 {
    let step = (BASE_BACKOFF_MS * f64::from(1u32 << attempt.min(16))).min(MAX_BACKOFF_MS);
    step * (0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

/// Parse a `Retry-After` header (delay in seconds, or an HTTP date) into ms
/// from `now_ms`. Dates in the past give 0.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // Digits only: no float parser needed (it costs ~10 KB of wasm).
        let secs = v.bytes().fold(0.0, |n, b| n * 10.0 + f64::from(b - b'0'));
        return Some(secs * 1000.0);
    }
    parse_http_date(v).map(|at| (at - now_ms).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_decisions() {
        use crate::http::Method::{self, *};
        use Decision::*;
        let r = |after_ms| Retry { after_ms };
        // (method, outcome, attempt, retries, expected)
        let table = [
            (Get, Outcome::Status(503, None), 0, 2, r(125.0)),
            (Get, Outcome::Status(503, Some(1000.0)), 0, 2, r(1000.0)),
            (Put, Outcome::Status(502, None), 1, 2, r(250.0)),
            (Delete, Outcome::Status(504, None), 0, 2, r(125.0)),
            (Get, Outcome::Status(429, Some(2000.0)), 0, 2, r(2000.0)),
            (Get, Outcome::Network, 0, 2, r(125.0)),
            (Get, Outcome::Status(503, None), 2, 2, Stop),
            (Get, Outcome::Status(503, None), 0, 0, Stop),
            (Post, Outcome::Status(503, None), 0, 2, Stop),
            (Post, Outcome::Network, 0, 2, Stop),
            (Get, Outcome::Status(500, None), 0, 2, Stop),
            (Get, Outcome::Status(404, None), 0, 2, Stop),
            (Get, Outcome::Status(401, None), 0, 2, Stop),
            (Get, Outcome::Timeout, 0, 2, Stop),
            (Get, Outcome::Status(429, Some(60_000.0)), 0, 2, Stop),
        ];
        for (m, o, attempt, retries, want) in table {
            assert_eq!(
                decide(m != Method::Post, o, attempt, retries, 0.0),
                want,
                "{m:?} {o:?} {attempt}"
            );
        }
    }

    #[test]
    fn backoff_grows_with_jitter_and_caps() {
        assert_eq!(backoff_ms(0, 0.0), 125.0);
        assert_eq!(backoff_ms(0, 1.0), 250.0);
        assert_eq!(backoff_ms(3, 0.5), 1500.0);
        assert_eq!(backoff_ms(30, 1.0), MAX_BACKOFF_MS);
        assert!(backoff_ms(1, 0.3) > backoff_ms(1, 0.1));
    }

    #[test]
    fn retry_after_forms() {
        let now = 784_111_777_000.0;
        assert_eq!(parse_retry_after("3", now), Some(3000.0));
        assert_eq!(parse_retry_after(" 0 ", now), Some(0.0));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:39 GMT", now),
            Some(2000.0)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:30 GMT", now),
            Some(0.0)
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("", now), None);
    }
}
