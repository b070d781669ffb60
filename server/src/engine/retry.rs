//! Retry policy: what happens after a failed attempt, and how long to wait before the next.

use crate::engine::model::DeadReason;

/// Exponential backoff with jitter.
///
/// The delay before attempt `n + 1` is `base × 2^(n−1)`, capped at `max`, then scaled by a
/// random factor in `[1 − jitter, 1 + jitter]` so that tasks failing together do not retry
/// together.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    pub base_ms: i64,
    pub max_ms: i64,
    /// Fraction of the delay, in `[0, 1]`.
    pub jitter: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base_ms: 1_000,
            max_ms: 3_600_000,
            jitter: 0.2,
        }
    }
}

impl RetryPolicy {
    /// The delay after failed attempt `attempt` (1-based). `unit` is a uniform sample in `[0, 1)`.
    pub fn delay_ms(&self, attempt: u32, unit: f64) -> i64 {
        let exp = attempt.saturating_sub(1).min(62);
        let raw = self.base_ms.max(0).saturating_mul(1_i64 << exp.min(40));
        let capped = raw.min(self.max_ms.max(0)) as f64;
        let factor = 1.0 - self.jitter + 2.0 * self.jitter * unit.clamp(0.0, 1.0);
        (capped * factor).round().max(0.0) as i64
    }
}

/// How an attempt ended, as the engine classifies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptFailure {
    /// The handler returned an error.
    Error,
    /// The handler ran past the task's timeout.
    Timeout,
    /// The handler said retrying cannot help.
    Permanent,
    /// The worker vanished and its lease expired.
    LeaseExpired,
}

/// What to do with a task after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterFailure {
    RetryAt(i64),
    Dead(DeadReason),
}

/// Decides the next step after attempt `attempt` of a task allowed `max_retries` retries failed.
///
/// A task gets `max_retries + 1` attempts in all, exactly: there is no silent cap.
pub fn after_failure(
    policy: &RetryPolicy,
    failure: AttemptFailure,
    attempt: u32,
    max_retries: u32,
    now_ms: i64,
    unit: f64,
) -> AfterFailure {
    if failure == AttemptFailure::Permanent {
        return AfterFailure::Dead(DeadReason::Permanent);
    }
    if attempt > max_retries {
        return AfterFailure::Dead(match failure {
            AttemptFailure::LeaseExpired => DeadReason::LeaseExpired,
            AttemptFailure::Timeout => DeadReason::Timeout,
            AttemptFailure::Error | AttemptFailure::Permanent => DeadReason::RetriesExhausted,
        });
    }
    AfterFailure::RetryAt(now_ms.saturating_add(policy.delay_ms(attempt, unit)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_doubles_and_caps() {
        let policy = RetryPolicy {
            base_ms: 1_000,
            max_ms: 10_000,
            jitter: 0.0,
        };
        let delays: Vec<i64> = (1..=6).map(|a| policy.delay_ms(a, 0.5)).collect();
        assert_eq!(delays, vec![1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
        // Huge attempt numbers must not overflow.
        assert_eq!(policy.delay_ms(u32::MAX, 0.5), 10_000);
    }

    #[test]
    fn jitter_stays_within_its_band() {
        let policy = RetryPolicy {
            base_ms: 1_000,
            max_ms: 60_000,
            jitter: 0.2,
        };
        assert_eq!(policy.delay_ms(1, 0.0), 800);
        assert_eq!(policy.delay_ms(1, 1.0), 1_200);
        assert_eq!(policy.delay_ms(3, 0.5), 4_000);
    }

    #[test]
    fn attempts_are_max_retries_plus_one() {
        let policy = RetryPolicy::default();
        let fail = |attempt| after_failure(&policy, AttemptFailure::Error, attempt, 2, 0, 0.5);
        assert!(matches!(fail(1), AfterFailure::RetryAt(_)));
        assert!(matches!(fail(2), AfterFailure::RetryAt(_)));
        assert_eq!(fail(3), AfterFailure::Dead(DeadReason::RetriesExhausted));
    }

    #[test]
    fn zero_retries_means_one_attempt() {
        let policy = RetryPolicy::default();
        assert_eq!(
            after_failure(&policy, AttemptFailure::Error, 1, 0, 0, 0.5),
            AfterFailure::Dead(DeadReason::RetriesExhausted)
        );
    }

    #[test]
    fn reasons_follow_the_last_failure() {
        let policy = RetryPolicy::default();
        assert_eq!(
            after_failure(&policy, AttemptFailure::LeaseExpired, 4, 3, 0, 0.5),
            AfterFailure::Dead(DeadReason::LeaseExpired)
        );
        assert_eq!(
            after_failure(&policy, AttemptFailure::Timeout, 1, 0, 0, 0.5),
            AfterFailure::Dead(DeadReason::Timeout)
        );
        assert_eq!(
            after_failure(&policy, AttemptFailure::Permanent, 1, 10, 0, 0.5),
            AfterFailure::Dead(DeadReason::Permanent)
        );
    }
}
