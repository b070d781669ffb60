//! [`RetentionStore`] on Redis: finished and expired dead tasks deleted in batches, everything
//! else that is not a schedule in one script, and schedule events trimmed in batches.

use async_trait::async_trait;
use redis::{AsyncCommands, Value};

use crate::store::{RetentionStore, StoreError, Sweep, SweepCounts};

use super::RedisStore;
use super::records::{array, int};

#[async_trait]
impl RetentionStore for RedisStore {
    async fn sweep(&self, sweep: Sweep) -> Result<SweepCounts, StoreError> {
        let mut counts = SweepCounts::default();
        // Finished tasks past retention, oldest first.
        let finished: Vec<String> = self
            .conn()
            .zrangebyscore_limit(
                self.keys.global("finished"),
                "-inf",
                format!("({}", sweep.terminal_before_ms),
                0,
                sweep.batch as isize,
            )
            .await?;
        if !finished.is_empty() {
            let n = self
                .by_placement(
                    &self.scripts.delete,
                    &["0".to_string(), String::new()],
                    &finished,
                )
                .await?;
            counts.tasks += int(&n).max(0) as u64;
        }
        if let Some(dead_before) = sweep.dead_before_ms {
            let oldest: Vec<String> = self
                .conn()
                .zrange(self.keys.global("dlq"), 0, sweep.batch as isize - 1)
                .await?;
            let recs = self.records(&oldest).await?;
            let expired: Vec<String> = recs
                .into_iter()
                .flatten()
                .filter(|r| r.dlq_at.unwrap_or(r.updated) < dead_before)
                .map(|r| r.id)
                .collect();
            if !expired.is_empty() {
                let n = self
                    .by_placement(
                        &self.scripts.delete,
                        &["1".to_string(), String::new()],
                        &expired,
                    )
                    .await?;
                counts.tasks += int(&n).max(0) as u64;
            }
        }
        let out = array(
            self.invocation(&self.scripts.sweep_small, &[], &[])
                .arg(sweep.now_ms)
                .arg(sweep.events_keep)
                .arg(sweep.workers_before_ms)
                .arg(sweep.stuck_before_ms)
                .invoke_async::<Value>(&mut self.conn())
                .await?,
        );
        counts.idempotency_keys = int(&out[0]).max(0) as u64;
        counts.events = int(&out[1]).max(0) as u64;
        counts.workers = int(&out[2]).max(0) as u64;
        counts.throughput_buckets = self
            .sweep_throughput(sweep.throughput_before_ms, sweep.throughput_hours_before_ms)
            .await?;
        counts.schedule_events = self
            .trim_schedule_events(sweep.schedule_events_keep, sweep.batch)
            .await?;
        Ok(counts)
    }
}
