//! Workers: registration, heartbeats and recycling, lost-worker detection, and stuck-task
//! detection with its history.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::{
    HandlerName, QueueName, StuckSummary, StuckTask, TaskId, WorkerDetail, WorkerId, WorkerRecord,
    WorkerState,
};
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::audit::insert_audit;
use crate::store::sqlite::rows::{TASK_COLUMNS, WORKER_COLUMNS, task_from_row, worker_from_row};
use crate::store::{NewWorker, StoreError, WorkerCommand, WorkerStore};

#[async_trait]
impl WorkerStore for SqliteStore {
    async fn register_worker(&self, worker: NewWorker) -> Result<(), StoreError> {
        self.db
            .write(move |conn| {
                let handlers = serde_json::to_string(&worker.handlers).expect("strings serialize");
                conn.prepare_cached(
                    "INSERT INTO workers (id, host, pid, version, concurrency, in_flight, handlers,
                         state, started_at_ms, last_heartbeat_ms, recycle_reason, recycles)
                     VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, 'active', ?7, ?7, NULL, 0)
                     ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid,
                         version = excluded.version, concurrency = excluded.concurrency,
                         in_flight = 0, handlers = excluded.handlers, state = 'active',
                         started_at_ms = excluded.started_at_ms,
                         last_heartbeat_ms = excluded.last_heartbeat_ms",
                )?
                .execute(params![
                    worker.id.as_str(),
                    worker.host,
                    worker.pid,
                    worker.version,
                    worker.concurrency,
                    handlers,
                    worker.now_ms
                ])?;
                Ok(())
            })
            .await
    }

    async fn worker_heartbeat(
        &self,
        id: &WorkerId,
        in_flight: u32,
        state: WorkerState,
        now_ms: i64,
    ) -> Result<WorkerCommand, StoreError> {
        let id = id.clone();
        self.db
            .write(move |conn| {
                let reason: Option<Option<String>> = conn
                    .prepare_cached(
                        "UPDATE workers SET in_flight = ?1, state = ?2, last_heartbeat_ms = ?3
                         WHERE id = ?4 AND state IN ('active', 'draining')
                         RETURNING recycle_reason",
                    )?
                    .query_row(
                        params![in_flight, state.as_str(), now_ms, id.as_str()],
                        |r| r.get(0),
                    )
                    .optional()?;
                Ok(match reason {
                    None => WorkerCommand::Unknown,
                    Some(None) => WorkerCommand::None,
                    Some(Some(reason)) => WorkerCommand::Recycle { reason },
                })
            })
            .await
    }

    async fn set_worker_state(
        &self,
        id: &WorkerId,
        state: WorkerState,
        recycled: bool,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let id = id.clone();
        self.db
            .write(move |conn| {
                let sql = if recycled {
                    "UPDATE workers SET state = ?1, last_heartbeat_ms = ?2, recycle_reason = NULL,
                         recycles = recycles + 1, in_flight = 0 WHERE id = ?3"
                } else {
                    "UPDATE workers SET state = ?1, last_heartbeat_ms = ?2 WHERE id = ?3"
                };
                conn.prepare_cached(sql)?
                    .execute(params![state.as_str(), now_ms, id.as_str()])?;
                Ok(())
            })
            .await
    }

    async fn request_recycle(
        &self,
        id: &WorkerId,
        reason: &str,
        _now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(WorkerRecord, AuditRecord)>, StoreError> {
        let id = id.clone();
        let reason = reason.to_string();
        let audit = audit.clone();
        self.db
            .write(move |conn| {
                let Some(worker) = conn
                    .prepare_cached(&format!(
                        "UPDATE workers SET recycle_reason = ?1 WHERE id = ?2 RETURNING {WORKER_COLUMNS}"
                    ))?
                    .query_row(params![reason, id.as_str()], worker_from_row)
                    .optional()?
                else {
                    return Ok(None);
                };
                // Same savepoint: an entry that cannot be written rolls the request back.
                let record = insert_audit(conn, &audit, None)?;
                Ok(Some((worker, record)))
            })
            .await
    }

    async fn list_workers(&self) -> Result<Vec<WorkerRecord>, StoreError> {
        self.db.read(worker_records).await
    }

    async fn get_worker(&self, id: &WorkerId) -> Result<Option<WorkerDetail>, StoreError> {
        let id = id.clone();
        self.db
            .read(move |conn| {
                let worker = conn
                    .prepare_cached(&format!(
                        "SELECT {WORKER_COLUMNS} FROM workers WHERE id = ?1"
                    ))?
                    .query_row([id.as_str()], worker_from_row)
                    .optional()?;
                let Some(worker) = worker else {
                    return Ok(None);
                };
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT {TASK_COLUMNS} FROM tasks
                         WHERE state = 2 AND lease_until_ms IS NOT NULL AND worker_id = ?1
                         ORDER BY started_at_ms"
                ))?;
                let running = stmt
                    .query_map([id.as_str()], task_from_row)?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Some(WorkerDetail { worker, running }))
            })
            .await
    }

    async fn mark_lost_workers(
        &self,
        cutoff_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<WorkerRecord>, StoreError> {
        let _ = now_ms;
        self.db
            .write(move |conn| {
                let mut stmt = conn.prepare_cached(&format!(
                    "UPDATE workers SET state = 'lost', in_flight = 0
                         WHERE state IN ('active', 'draining') AND last_heartbeat_ms < ?1
                         RETURNING {WORKER_COLUMNS}"
                ))?;
                let lost = stmt
                    .query_map([cutoff_ms], worker_from_row)?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(lost)
            })
            .await
    }

    async fn detect_stuck(
        &self,
        cutoff_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<StuckTask>, StoreError> {
        self.db
            .write(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "INSERT INTO stuck_events (task_id, lease_token, attempt, handler, queue,
                             worker_id, last_heartbeat_ms, detected_at_ms)
                         SELECT id, lease_token, attempts, handler, queue, worker_id,
                             heartbeat_at_ms, ?2
                         FROM tasks
                         WHERE state = 2 AND lease_until_ms IS NOT NULL AND heartbeat_at_ms < ?1
                         ON CONFLICT (task_id, lease_token) DO NOTHING
                         RETURNING task_id, attempt, handler, queue, worker_id, last_heartbeat_ms,
                             detected_at_ms",
                )?;
                let stuck = stmt
                    .query_map(params![cutoff_ms, now_ms], |r| {
                        Ok(StuckTask {
                            task_id: TaskId::from_trusted(r.get(0)?),
                            attempt: r.get(1)?,
                            handler: HandlerName::from_trusted(r.get(2)?),
                            queue: QueueName::from_trusted(r.get(3)?),
                            worker_id: r.get::<_, Option<String>>(4)?.map(WorkerId::from_trusted),
                            last_heartbeat_ms: r.get(5)?,
                            detected_at_ms: r.get(6)?,
                        })
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(stuck)
            })
            .await
    }

    async fn stuck_history(
        &self,
        since_ms: i64,
        handler: Option<&HandlerName>,
    ) -> Result<Vec<StuckSummary>, StoreError> {
        let handler = handler.map(|h| h.as_str().to_string());
        self.db
            .read(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT handler, count(*), max(detected_at_ms) FROM stuck_events
                         WHERE detected_at_ms >= ?1 AND (?2 IS NULL OR handler = ?2)
                         GROUP BY handler ORDER BY count(*) DESC, handler",
                )?;
                let summaries = stmt
                    .query_map(params![since_ms, handler], |r| {
                        Ok(StuckSummary {
                            handler: HandlerName::from_trusted(r.get(0)?),
                            count: r.get::<_, i64>(1)? as u64,
                            last_at_ms: r.get(2)?,
                        })
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(summaries)
            })
            .await
    }
}

/// Every worker, oldest first, on a read connection of the caller's.
pub(super) fn worker_records(conn: &Connection) -> Result<Vec<WorkerRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {WORKER_COLUMNS} FROM workers ORDER BY started_at_ms, id"
    ))?;
    let workers = stmt
        .query_map([], worker_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(workers)
}
