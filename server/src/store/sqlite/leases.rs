//! Leases: handing pending tasks to workers under the fence, rate limit and pauses, extending,
//! completing, failing (with the error history) and releasing them, and finding expired ones.

use std::collections::HashSet;

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};

use crate::engine::fingerprint::fingerprint;
use crate::engine::model::{
    HandlerName, LeaseToken, LeasedTask, QueueName, TaskId, TaskState, WorkerId,
};
use crate::engine::rate::Bucket;
use crate::store::sqlite::counts;
use crate::store::sqlite::rows::{self, state_code};
use crate::store::sqlite::{SqliteStore, promote_due_in};
use crate::store::{
    ExpiredLease, Extended, FailNext, LeaseRequest, LeaseResult, LeaseStore, StoreError,
};

/// Error history kept per task; older entries are dropped first.
const ERROR_HISTORY_MAX: i64 = 50;

/// One queue's share of a lease round: its first pending tasks of the known handlers, by
/// priority, time and FIFO, marked running under the round's token. Public for the benchmark,
/// which runs it bare as a floor (`workerbench`'s "our schema" row).
///
/// Without `RETURNING`: SQLite buffers a statement's returned rows through a trigger of its own
/// and loads every column of every changed row for it, which made the statement about a tenth
/// dearer than the update and the read of [`LEASED_SQL`] together (the raw floor's loop with our
/// schema, NORMAL, 100,000 tasks, three runs each: 70.6–71.7k to 77.0–78.1k tasks/s).
pub const LEASE_SQL: &str = "UPDATE tasks SET state = 2, attempts = attempts + 1, lease_token = ?1,
         lease_until_ms = ?2, worker_id = ?3, started_at_ms = ?4,
         heartbeat_at_ms = ?4, updated_at_ms = ?4, cancel_requested = 0
     WHERE seq IN (
         SELECT seq FROM tasks
         WHERE state = 1 AND queue = ?5
           AND handler IN (SELECT value FROM json_each(?6))
         ORDER BY priority, run_at_ms, seq LIMIT ?7)";

/// The tasks a lease round marked, read back in its transaction: running under the round's
/// token (`?2`, a new fence, so no other round's) until the round's expiry (`?1`), found through
/// the running tasks' index by that expiry.
pub const LEASED_SQL: &str = "SELECT id, handler, queue, payload, priority, attempts, max_retries,
         timeout_ms, created_at_ms, metadata
     FROM tasks WHERE state = 2 AND lease_until_ms = ?1 AND lease_token = ?2";

/// How many due tasks a lease round promotes to pending before leasing.
const PROMOTE_PER_LEASE: u32 = 1_000;

fn record_error(
    conn: &Connection,
    task_seq: i64,
    attempt: u32,
    error: &str,
    now_ms: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO task_errors (task_seq, attempt, at_ms, error) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![task_seq, attempt, now_ms, error])?;
    conn.prepare_cached(
        "DELETE FROM task_errors WHERE task_seq = ?1 AND id <= (
             SELECT id FROM task_errors WHERE task_seq = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
    )?
    .execute(params![task_seq, ERROR_HISTORY_MAX])?;
    Ok(())
}

/// The `marked` tasks a lease round marked under `token` until `lease_until_ms`, read back in
/// its transaction ([`LEASED_SQL`]). A count that differs is refused, so the round rolls back
/// rather than hand out fewer leases than it holds.
fn read_leased(
    conn: &Connection,
    lease_until_ms: i64,
    token: i64,
    marked: u32,
) -> Result<Vec<LeasedTask>, StoreError> {
    let tasks = conn
        .prepare_cached(LEASED_SQL)?
        .query_map(params![lease_until_ms, token], |r| {
            Ok(LeasedTask {
                id: TaskId::from_trusted(r.get(0)?),
                token: LeaseToken(token),
                handler: HandlerName::from_trusted(r.get(1)?),
                queue: QueueName::from_trusted(r.get(2)?),
                payload: r.get(3)?,
                priority: r.get(4)?,
                attempt: r.get(5)?,
                max_retries: r.get(6)?,
                timeout_ms: r.get(7)?,
                created_at_ms: r.get(8)?,
                metadata: rows::decode_metadata(r.get(9)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    if tasks.len() != marked as usize {
        return Err(StoreError::Internal(format!(
            "a lease marked {marked} tasks and read back {}",
            tasks.len()
        )));
    }
    Ok(tasks)
}

#[async_trait]
impl LeaseStore for SqliteStore {
    async fn lease(&self, req: LeaseRequest) -> Result<LeaseResult, StoreError> {
        let ran = self.db.lease_ran();
        self.db
            .write(move |conn| {
                ran();
                let (paused, fence, rate_tokens, rate_at): (i64, i64, Option<f64>, Option<i64>) =
                    conn.prepare_cached(
                        "SELECT dequeue_paused, fence, rate_tokens, rate_updated_at_ms
                         FROM coordination WHERE id = 1",
                    )?
                    .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
                let mut result = LeaseResult::default();
                if paused != 0 {
                    result.dequeue_paused = true;
                    return Ok(result);
                }
                promote_due_in(conn, req.now_ms, PROMOTE_PER_LEASE)?;
                let wanted: u32 = req.plan.iter().map(|(_, n)| *n).sum();
                let bucket = match (rate_tokens, rate_at) {
                    (Some(tokens), Some(updated_at_ms)) => Some(Bucket {
                        tokens,
                        updated_at_ms,
                    }),
                    _ => None,
                };
                let mut remaining = match &req.rate_limit {
                    Some(limit) => limit.allowance(bucket, req.now_ms, wanted),
                    None => wanted,
                };
                if remaining < wanted {
                    result.rate_limited = true;
                }
                let paused_queues: HashSet<String> = conn
                    .prepare_cached("SELECT name FROM queues WHERE paused = 1")?
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                let handlers = serde_json::to_string(
                    &req.handlers.iter().map(|h| h.as_str()).collect::<Vec<_>>(),
                )
                .expect("strings serialize");
                let token = fence + 1;
                let mut stmt = conn.prepare_cached(LEASE_SQL)?;
                let mut taken = 0;
                for (queue, n) in &req.plan {
                    if remaining == 0 {
                        break;
                    }
                    if paused_queues.contains(queue.as_str()) {
                        continue;
                    }
                    let take = (*n).min(remaining);
                    // Rows the statement itself changed (a trigger's are not counted).
                    let got = stmt.execute(params![
                        token,
                        req.lease_until_ms,
                        req.worker_id.as_str(),
                        req.now_ms,
                        queue.as_str(),
                        handlers,
                        take
                    ])? as u32;
                    counts::leased(conn, queue.as_str(), got.into())?;
                    if got < take {
                        result.short.push(queue.clone());
                    }
                    remaining -= got;
                    taken += got;
                }
                if taken > 0 {
                    result.tasks = read_leased(conn, req.lease_until_ms, token, taken)?;
                    conn.prepare_cached("UPDATE coordination SET fence = ?1 WHERE id = 1")?
                        .execute([token])?;
                }
                if let Some(limit) = &req.rate_limit {
                    // Only tasks actually leased are charged.
                    let after = limit.charge(bucket, req.now_ms, taken);
                    conn.prepare_cached(
                        "UPDATE coordination SET rate_tokens = ?1, rate_updated_at_ms = ?2 WHERE id = 1",
                    )?
                    .execute(params![after.tokens, after.updated_at_ms])?;
                }
                result
                    .tasks
                    .sort_by_key(|t| (t.priority, t.created_at_ms));
                Ok(result)
            })
            .await
    }

    async fn extend(
        &self,
        leases: &[(TaskId, LeaseToken)],
        lease_until_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<Extended>, StoreError> {
        let leases = leases.to_vec();
        self.db
            .write(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "UPDATE tasks SET lease_until_ms = ?1, heartbeat_at_ms = ?2
                         WHERE id = ?3 AND lease_token = ?4 AND state = 2
                         RETURNING cancel_requested",
                )?;
                let mut out = Vec::with_capacity(leases.len());
                for (id, token) in &leases {
                    let flag: Option<i64> = stmt
                        .query_row(params![lease_until_ms, now_ms, id.as_str(), token.0], |r| {
                            r.get(0)
                        })
                        .optional()?;
                    out.push(match flag {
                        Some(flag) => Extended::Held {
                            cancel_requested: flag != 0,
                        },
                        None => Extended::Lost,
                    });
                }
                Ok(out)
            })
            .await
    }

    async fn complete(
        &self,
        id: &TaskId,
        token: LeaseToken,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.completes
            .complete(&self.db, id.clone(), token, now_ms)
            .await
    }

    async fn fail(
        &self,
        id: &TaskId,
        token: LeaseToken,
        error: &str,
        next: FailNext,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let id = id.clone();
        let error = error.to_string();
        self.db
            .write(move |conn| {
                let (state, run_at, finished, reason) = match next {
                    FailNext::RetryAt(at) => (TaskState::Retrying, Some(at), None, None),
                    FailNext::Dead(reason) => {
                        (TaskState::Dead, None, Some(now_ms), Some(reason.as_str()))
                    }
                    FailNext::Cancelled => (TaskState::Cancelled, None, Some(now_ms), None),
                };
                // A dead task's cause, for the DLQ's groups (the `tasks_on_state` trigger copies it).
                let fp = (state == TaskState::Dead).then(|| fingerprint(&error));
                let row: Option<(i64, u32)> = conn
                    .prepare_cached(
                        "UPDATE tasks SET state = ?1, run_at_ms = coalesce(?2, run_at_ms),
                             finished_at_ms = ?3, dead_reason = ?4, last_error = ?5,
                             updated_at_ms = ?6, lease_until_ms = NULL, fingerprint = ?9
                         WHERE id = ?7 AND lease_token = ?8 AND state = 2
                         RETURNING seq, attempts",
                    )?
                    .query_row(
                        params![
                            state_code(state),
                            run_at,
                            finished,
                            reason,
                            error,
                            now_ms,
                            id.as_str(),
                            token.0,
                            fp
                        ],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                let Some((seq, attempt)) = row else {
                    return Err(StoreError::LeaseLost);
                };
                record_error(conn, seq, attempt, &error, now_ms)
            })
            .await
    }

    async fn release(&self, id: &TaskId, token: LeaseToken, now_ms: i64) -> Result<(), StoreError> {
        let id = id.clone();
        self.db
            .write(move |conn| {
                let n = conn
                    .prepare_cached(
                        "UPDATE tasks SET state = 1, attempts = max(attempts - 1, 0),
                             lease_until_ms = NULL, updated_at_ms = ?1
                         WHERE id = ?2 AND lease_token = ?3 AND state = 2",
                    )?
                    .execute(params![now_ms, id.as_str(), token.0])?;
                if n == 0 {
                    Err(StoreError::LeaseLost)
                } else {
                    Ok(())
                }
            })
            .await
    }

    fn lease_joins_pending_writes(&self) -> bool {
        true
    }

    fn leases_coming(&self, pools: usize) {
        self.db.leases_coming(pools);
    }

    async fn expired_leases(
        &self,
        now_ms: i64,
        limit: u32,
    ) -> Result<Vec<ExpiredLease>, StoreError> {
        self.db
            .read(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT id, lease_token, queue, handler, attempts, max_retries,
                             cancel_requested, worker_id
                         FROM tasks WHERE state = 2 AND lease_until_ms < ?1
                         ORDER BY lease_until_ms LIMIT ?2",
                )?;
                let expired = stmt
                    .query_map(params![now_ms, limit], |r| {
                        Ok(ExpiredLease {
                            id: TaskId::from_trusted(r.get(0)?),
                            token: LeaseToken(r.get(1)?),
                            queue: QueueName::from_trusted(r.get(2)?),
                            handler: HandlerName::from_trusted(r.get(3)?),
                            attempt: r.get(4)?,
                            max_retries: r.get(5)?,
                            cancel_requested: r.get::<_, i64>(6)? != 0,
                            worker_id: r.get::<_, Option<String>>(7)?.map(WorkerId::from_trusted),
                        })
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(expired)
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::StatementStatus;

    use super::*;
    use crate::store::sqlite::Durability;

    /// Leases with new tokens, times and plans reuse the one prepared lease statement: a
    /// statement SQLite re-prepares on every new binding compiles its trigger each time.
    #[tokio::test]
    async fn the_lease_statement_is_prepared_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("s.db"), Durability::Normal).unwrap();
        let queue = QueueName::new("q").unwrap();
        let handler = HandlerName::new("h").unwrap();
        for round in 0..5_i64 {
            let task = crate::store::NewTask {
                id: TaskId::generate(),
                handler: handler.clone(),
                queue: queue.clone(),
                payload: Vec::new(),
                priority: 0,
                max_retries: 0,
                timeout_ms: 1_000,
                run_at_ms: round,
                state: TaskState::Pending,
                idempotency: None,
                metadata: Default::default(),
                created_at_ms: round,
            };
            crate::store::TaskStore::insert_tasks(&store, vec![task], round)
                .await
                .unwrap();
            let leased = store
                .lease(LeaseRequest {
                    worker_id: WorkerId::new(format!("w{round}")).unwrap(),
                    plan: vec![(queue.clone(), 1 + round as u32)],
                    handlers: vec![handler.clone()],
                    now_ms: 1_000 * round,
                    lease_until_ms: 1_000 * round + 500,
                    rate_limit: None,
                })
                .await
                .unwrap();
            assert_eq!(leased.tasks.len(), 1);
        }
        let reprepared = store
            .db
            .write(|conn| {
                Ok(conn
                    .prepare_cached(LEASE_SQL)?
                    .get_status(StatementStatus::RePrepare))
            })
            .await
            .unwrap();
        assert_eq!(reprepared, 0, "the lease statement was re-prepared");
    }

    /// A lease reads back what it marked through the running tasks' index, by the round's
    /// expiry, never by walking the table: at a million tasks a scan would be the whole lease.
    #[tokio::test]
    async fn a_lease_reads_its_tasks_back_through_the_running_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("s.db"), Durability::Normal).unwrap();
        let plan: Vec<String> = store
            .db
            .write(|conn| {
                Ok(conn
                    .prepare(&format!("EXPLAIN QUERY PLAN {LEASED_SQL}"))?
                    .query_map(params![1_i64, 1_i64], |r| r.get::<_, String>(3))?
                    .collect::<Result<_, _>>()?)
            })
            .await
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("USING INDEX tasks_running")),
            "{plan:?}"
        );
        assert!(
            !plan.iter().any(|step| step.starts_with("SCAN")),
            "{plan:?}"
        );
    }
}
