//! Time from Redis: every node's engine reads `TIME` through an offset to its own clock, so
//! leases, retries and schedules agree across nodes whatever their clocks say.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use crate::engine::clock::{Clock, SystemClock};
use crate::store::StoreError;
use crate::store::redis::RedisStore;

/// How often the offset to Redis's clock is measured again.
const RESYNC: Duration = Duration::from_secs(30);

/// The local clock plus the offset to Redis's `TIME`, measured at start and every 30 s.
#[derive(Debug, Clone)]
pub struct RedisClock {
    offset_ms: Arc<AtomicI64>,
}

impl RedisClock {
    /// Measures the offset once, then keeps it current in the background for as long as the
    /// store lives.
    pub async fn start(store: &Arc<RedisStore>) -> Result<Self, StoreError> {
        let clock = Self {
            offset_ms: Arc::new(AtomicI64::new(measure(store).await?)),
        };
        let weak = Arc::downgrade(store);
        let offset = clock.offset_ms.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(RESYNC).await;
                let Some(store) = weak.upgrade() else { return };
                // While Redis is unreachable the last offset stays; clocks drift slowly.
                if let Ok(ms) = measure(&store).await {
                    offset.store(ms, Ordering::Relaxed);
                }
            }
        });
        Ok(clock)
    }
}

/// Redis's time minus ours, halfway through the round trip.
async fn measure(store: &RedisStore) -> Result<i64, StoreError> {
    let before = SystemClock.now_ms();
    let redis = store.time_ms().await?;
    let after = SystemClock.now_ms();
    Ok(redis - (before + after) / 2)
}

impl Clock for RedisClock {
    fn now_ms(&self) -> i64 {
        SystemClock.now_ms() + self.offset_ms.load(Ordering::Relaxed)
    }
}
