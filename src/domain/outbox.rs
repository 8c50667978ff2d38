//! The outbox's rules: the states a reply goes through and when a failed
//! attempt is tried again. Sending itself happens outside the core.

use chrono::{DateTime, Duration, Utc};

vocabulary! {
    /// Where a queued reply stands (`cancelled`: withdrawn by a person before it left). `sending` is held only while one process
    /// talks to the server; a `sending` row older than [`STALE_SENDING`] was
    /// interrupted (killed, power cut) and counts as failed.
    OutboxState, "outbox state" {
        Queued => "queued",
        Sending => "sending",
        Sent => "sent",
        Failed => "failed",
        Cancelled => "cancelled",
    }
}

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The server or network may accept it later (4xx, refused, timed out, dropped).
    Transient,
    /// Retrying will not help until a person acts (5xx, bad settings).
    Permanent,
}

/// Automatic retries stop after this many attempts; `outbox send` still tries.
pub const MAX_AUTOMATIC_ATTEMPTS: u32 = 8;

/// An attempt still `sending` after this long was interrupted.
pub const STALE_SENDING: Duration = Duration::minutes(10);

/// When to try again automatically after the `attempts`-th failed attempt:
/// 1, 2, 4 … minutes, at most six hours apart; never after a permanent
/// failure or once [`MAX_AUTOMATIC_ATTEMPTS`] is reached.
pub fn next_attempt(failed_at: DateTime<Utc>, attempts: u32, failure: Failure) -> Option<DateTime<Utc>> {
    if failure == Failure::Permanent || attempts >= MAX_AUTOMATIC_ATTEMPTS {
        return None;
    }
    let minutes = 1i64 << attempts.saturating_sub(1).min(16);
    Some(failed_at + Duration::minutes(minutes.min(6 * 60)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn transient_failures_back_off_doubling_then_stop() {
        let t = at("2026-11-20T09:00:00Z");
        let gaps: Vec<i64> =
            (1..=8).map(|n| next_attempt(t, n, Failure::Transient).map_or(-1, |n| (n - t).num_minutes())).collect();
        assert_eq!(gaps, [1, 2, 4, 8, 16, 32, 64, -1]);
    }

    #[test]
    fn the_gap_is_capped_at_six_hours() {
        let t = at("2026-11-20T09:00:00Z");
        assert!(
            (1..MAX_AUTOMATIC_ATTEMPTS)
                .all(|n| next_attempt(t, n, Failure::Transient).unwrap() - t <= Duration::hours(6))
        );
    }

    #[test]
    fn permanent_failures_wait_for_a_person() {
        assert_eq!(next_attempt(at("2026-11-20T09:00:00Z"), 1, Failure::Permanent), None);
    }
}
