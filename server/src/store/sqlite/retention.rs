//! Retention: one sweep deleting old finished and dead tasks, expired idempotency keys, old
//! events, old schedule events, departed workers, throughput buckets and stuck-task history.

use async_trait::async_trait;
use rusqlite::params;

use crate::store::sqlite::SqliteStore;
use crate::store::{RetentionStore, StoreError, Sweep, SweepCounts};

#[async_trait]
impl RetentionStore for SqliteStore {
    async fn sweep(&self, sweep: Sweep) -> Result<SweepCounts, StoreError> {
        self.db
            .write(move |conn| {
                let mut counts = SweepCounts::default();
                counts.tasks += conn
                    .prepare_cached(
                        "DELETE FROM tasks WHERE seq IN (
                             SELECT seq FROM tasks WHERE state IN (4, 6) AND finished_at_ms < ?1
                             ORDER BY finished_at_ms LIMIT ?2)",
                    )?
                    .execute(params![sweep.terminal_before_ms, sweep.batch])?
                    as u64;
                if let Some(dead_before) = sweep.dead_before_ms {
                    counts.tasks +=
                        conn.prepare_cached(
                            "DELETE FROM tasks WHERE seq IN (
                                 SELECT task_seq FROM dlq WHERE failed_at_ms < ?1
                                 ORDER BY seq LIMIT ?2)",
                        )?
                        .execute(params![dead_before, sweep.batch])? as u64;
                }
                counts.idempotency_keys = conn
                    .prepare_cached("DELETE FROM idempotency WHERE expires_at_ms <= ?1")?
                    .execute([sweep.now_ms])? as u64;
                counts.events = conn
                    .prepare_cached(
                        "DELETE FROM events WHERE id <= (SELECT max(id) FROM events) - ?1",
                    )?
                    .execute([sweep.events_keep.min(i64::MAX as u64) as i64])?
                    as u64;
                counts.schedule_events = conn
                    .prepare_cached(
                        "DELETE FROM schedule_events
                         WHERE seq <= (SELECT max(seq) FROM schedule_events) - ?1",
                    )?
                    .execute([sweep.schedule_events_keep.min(i64::MAX as u64) as i64])?
                    as u64;
                counts.workers = conn
                    .prepare_cached(
                        "DELETE FROM workers WHERE state IN ('stopped', 'lost')
                         AND last_heartbeat_ms < ?1",
                    )?
                    .execute([sweep.workers_before_ms])? as u64;
                counts.throughput_buckets =
                    conn.prepare_cached("DELETE FROM throughput WHERE minute_ms < ?1")?
                        .execute([sweep.throughput_before_ms])? as u64;
                counts.throughput_buckets +=
                    conn.prepare_cached("DELETE FROM throughput_hours WHERE hour_ms < ?1")?
                        .execute([sweep.throughput_hours_before_ms])? as u64;
                conn.prepare_cached("DELETE FROM stuck_events WHERE detected_at_ms < ?1")?
                    .execute([sweep.stuck_before_ms])?;
                Ok(counts)
            })
            .await
    }
}
