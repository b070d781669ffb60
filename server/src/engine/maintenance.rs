//! Maintenance: the periodic pass that promotes due tasks, reclaims expired leases and, on the
//! leader, runs retention, lost-worker and stuck detection; every node writes its coalesced
//! audit summaries.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::engine::events::Event;
use crate::engine::model::{HOUR_BUCKETS_KEPT_MS, MINUTE_BUCKETS_KEPT_MS};
use crate::engine::{Engine, Error};
use crate::store::{Sweep, SweepCounts};

/// Tasks reclaimed or promoted per maintenance pass.
pub(super) const MAINTENANCE_BATCH: u32 = 1_000;

/// What one maintenance pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MaintenanceReport {
    pub promoted: u64,
    pub reclaimed: u64,
    pub leader: bool,
    pub swept: SweepCounts,
    pub lost_workers: u64,
    pub stuck: u64,
    /// Audit entries evicted by retention (archived first when the engine has an archive).
    pub audit_evicted: u64,
    /// Finished bulk operations deleted by retention.
    pub bulk_pruned: u64,
}

impl Engine {
    /// One maintenance pass: promote due tasks, reclaim expired leases, and, on the leader only,
    /// retention, lost workers and stuck detection.
    pub async fn maintain(&self) -> Result<MaintenanceReport, Error> {
        let mut report = MaintenanceReport {
            promoted: self.promote_due().await?,
            reclaimed: self.reclaim_expired().await?,
            ..Default::default()
        };
        let cfg = &self.inner.config;
        let now = self.now_ms();
        let leader = self
            .inner
            .store
            .acquire_leader(&cfg.node_id, cfg.leader_lease_ms, now)
            .await?;
        report.leader = leader.holder == cfg.node_id;
        // Each node coalesces the refusals and enqueues it served; it writes their summaries.
        if let Err(e) = self.flush_audit_summaries(false).await {
            tracing::warn!(error = %e, "could not write coalesced audit entries");
        }
        if !report.leader {
            self.flush_events().await?;
            return Ok(report);
        }
        report.swept = self
            .inner
            .store
            .sweep(Sweep {
                now_ms: now,
                terminal_before_ms: now - cfg.task_retention_ms,
                dead_before_ms: cfg.dlq_retention_ms.map(|r| now - r),
                events_keep: cfg.event_log_limit,
                schedule_events_keep: cfg.schedule_events_limit,
                workers_before_ms: now - cfg.task_retention_ms.min(24 * 3_600_000),
                throughput_before_ms: now - MINUTE_BUCKETS_KEPT_MS,
                throughput_hours_before_ms: now - HOUR_BUCKETS_KEPT_MS,
                stuck_before_ms: now - cfg.task_retention_ms,
                batch: 10_000,
            })
            .await?;
        report.bulk_pruned = self.prune_bulk().await?;
        for worker in self
            .inner
            .store
            .mark_lost_workers(now - cfg.worker_lost_after_ms, now)
            .await?
        {
            report.lost_workers += 1;
            tracing::warn!(worker = %worker.id, "worker stopped heartbeating; marked lost");
            self.append(Event::WorkerLeft {
                worker_id: worker.id.to_string(),
                reason: "lost".into(),
            })
            .await;
        }
        for stuck in self
            .inner
            .store
            .detect_stuck(now - cfg.stuck_after_ms, now)
            .await?
        {
            report.stuck += 1;
            tracing::warn!(task = %stuck.task_id, handler = %stuck.handler, "task is stuck: no heartbeat");
            self.append(Event::WorkerStuck {
                worker_id: stuck.worker_id.map(|w| w.to_string()),
                task_id: stuck.task_id.to_string(),
                handler: stuck.handler.to_string(),
                queue: stuck.queue.to_string(),
                last_heartbeat_ms: stuck.last_heartbeat_ms,
            })
            .await;
        }
        let due = {
            let last = *self
                .inner
                .audit_swept_at_ms
                .lock()
                .expect("audit sweep lock");
            last.is_none_or(|at| now - at >= cfg.audit_archive_interval_ms)
        };
        if due {
            *self
                .inner
                .audit_swept_at_ms
                .lock()
                .expect("audit sweep lock") = Some(now);
            report.audit_evicted = self.sweep_audit().await?;
        }
        self.flush_events().await?;
        Ok(report)
    }

    /// Runs maintenance every `interval` until `stop` is cancelled, then flushes events and
    /// gives up the leader lock.
    pub async fn run_maintenance(&self, interval: Duration, stop: CancellationToken) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                _ = ticker.tick() => {
                    if let Err(e) = self.maintain().await {
                        tracing::warn!(error = %e, "maintenance pass failed");
                    }
                }
            }
        }
        if let Err(e) = self.flush_audit_summaries(true).await {
            tracing::warn!(error = %e, "could not write coalesced audit entries at shutdown");
        }
        if let Err(e) = self.flush_events().await {
            tracing::warn!(error = %e, "could not flush events at shutdown");
        }
        if let Err(e) = self
            .inner
            .store
            .release_leader(&self.inner.config.node_id)
            .await
        {
            tracing::warn!(error = %e, "could not release the leader lock");
        }
    }

    /// Moves due scheduled and retrying tasks to pending.
    pub async fn promote_due(&self) -> Result<u64, Error> {
        let n = self
            .inner
            .store
            .promote_due(self.now_ms(), MAINTENANCE_BATCH)
            .await?;
        if n > 0 {
            self.wake_workers();
        }
        Ok(n)
    }
}
