//! The global rate limit's token bucket, as a pure function stores apply atomically.

/// A token bucket: `rate` tokens per second refill it, up to `burst`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    pub per_second: f64,
    pub burst: u32,
}

/// The bucket's state as a store keeps it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bucket {
    pub tokens: f64,
    pub updated_at_ms: i64,
}

impl RateLimit {
    /// Tokens available at `now_ms`, starting full when the bucket was never used.
    pub fn available(&self, bucket: Option<Bucket>, now_ms: i64) -> f64 {
        let burst = f64::from(self.burst);
        match bucket {
            None => burst,
            Some(b) => {
                let elapsed_s = (now_ms - b.updated_at_ms).max(0) as f64 / 1_000.0;
                (b.tokens + elapsed_s * self.per_second).min(burst)
            }
        }
    }

    /// How many of `wanted` leases the bucket allows at `now_ms`.
    pub fn allowance(&self, bucket: Option<Bucket>, now_ms: i64, wanted: u32) -> u32 {
        let whole = self.available(bucket, now_ms).floor().max(0.0);
        (whole as u64).min(u64::from(wanted)) as u32
    }

    /// The bucket after `taken` leases were actually granted at `now_ms`.
    ///
    /// Only tasks actually leased are charged: a poll that finds nothing costs nothing.
    pub fn charge(&self, bucket: Option<Bucket>, now_ms: i64, taken: u32) -> Bucket {
        Bucket {
            tokens: (self.available(bucket, now_ms) - f64::from(taken)).max(0.0),
            updated_at_ms: now_ms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_full_and_refills_at_the_rate() {
        let limit = RateLimit {
            per_second: 10.0,
            burst: 5,
        };
        assert_eq!(limit.allowance(None, 0, 100), 5);
        let after = limit.charge(None, 0, 5);
        assert_eq!(limit.allowance(Some(after), 0, 100), 0);
        assert_eq!(limit.allowance(Some(after), 300, 100), 3);
        assert_eq!(limit.allowance(Some(after), 60_000, 100), 5);
    }

    #[test]
    fn charging_nothing_keeps_tokens() {
        let limit = RateLimit {
            per_second: 1.0,
            burst: 2,
        };
        let b = limit.charge(None, 0, 0);
        assert_eq!(limit.allowance(Some(b), 0, 10), 2);
    }
}
