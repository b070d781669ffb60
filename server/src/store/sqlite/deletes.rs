//! [`DeleteStore`] on SQLite: an operator's deletes of tasks and queues. The schema's triggers
//! keep counters, the DLQ index, its groups and its search index in step with every deleted row
//! (`tasks_on_delete` and the `dlq` triggers), as they do for retention.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::{
    DeleteOutcome, DeleteScope, QueueDeleted, QueueName, TaskId, TaskState,
};
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::audit::insert_audit;
use crate::store::sqlite::rows::state_from_code;
use crate::store::{DeleteStore, StoreError};

/// Deletes one task row (the triggers take its error history and DLQ entry) with the
/// idempotency key that still points at it.
fn delete_row(conn: &Connection, seq: i64) -> Result<(), StoreError> {
    conn.prepare_cached(
        "DELETE FROM idempotency WHERE task_id = (SELECT id FROM tasks WHERE seq = ?1)
           AND (handler, key) IN (SELECT handler, idempotency_key FROM tasks WHERE seq = ?1)",
    )?
    .execute([seq])?;
    conn.prepare_cached("DELETE FROM tasks WHERE seq = ?1")?
        .execute([seq])?;
    Ok(())
}

fn delete_one(
    conn: &Connection,
    id: &TaskId,
    scope: DeleteScope,
) -> Result<DeleteOutcome, StoreError> {
    let found = conn
        .prepare_cached("SELECT seq, state FROM tasks WHERE id = ?1")?
        .query_row([id.as_str()], |r| {
            Ok((r.get::<_, i64>(0)?, state_from_code(r.get(1)?)?))
        })
        .optional()?;
    Ok(match found {
        None => DeleteOutcome::NotFound,
        Some((_, TaskState::Running)) => DeleteOutcome::Running,
        Some((_, state)) if scope == DeleteScope::Dead && state != TaskState::Dead => {
            DeleteOutcome::NotDead(state)
        }
        Some((seq, state)) => {
            delete_row(conn, seq)?;
            DeleteOutcome::Deleted(state)
        }
    })
}

#[async_trait]
impl DeleteStore for SqliteStore {
    async fn delete_tasks(
        &self,
        ids: &[TaskId],
        scope: DeleteScope,
        audit: &AuditWrite,
    ) -> Result<(Vec<DeleteOutcome>, AuditRecord), StoreError> {
        let ids = ids.to_vec();
        let audit = audit.clone();
        self.db
            .write(move |conn| {
                let out = ids
                    .iter()
                    .map(|id| delete_one(conn, id, scope))
                    .collect::<Result<Vec<_>, _>>()?;
                let deleted = out.iter().filter(|o| o.is_deleted()).count();
                // Written after the deletes so its count is theirs; a failure here rolls the
                // savepoint back, deletes and all.
                let record = insert_audit(conn, &audit, Some(deleted as u64))?;
                Ok((out, record))
            })
            .await
    }

    async fn delete_queue(
        &self,
        name: &QueueName,
        force: bool,
        max_tasks: u64,
        audit: &AuditWrite,
    ) -> Result<(QueueDeleted, Option<AuditRecord>), StoreError> {
        let name = name.clone();
        let audit = audit.clone();
        self.db
            .write(move |conn| {
                let exists = conn
                    .prepare_cached("SELECT 1 FROM queues WHERE name = ?1")?
                    .query_row([name.as_str()], |_| Ok(()))
                    .optional()?
                    .is_some();
                if !exists {
                    return Ok((QueueDeleted::NotFound, None));
                }
                let (tasks, running, dead): (i64, i64, i64) = conn
                    .prepare_cached(
                        "SELECT coalesce(sum(n), 0), coalesce(sum(CASE WHEN state = 2 THEN n END), 0),
                                coalesce(sum(CASE WHEN state = 5 THEN n END), 0)
                         FROM queue_counts WHERE queue = ?1",
                    )?
                    .query_row([name.as_str()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                let (tasks, running, dead) =
                    (tasks.max(0) as u64, running.max(0) as u64, dead.max(0) as u64);
                if running > 0 {
                    return Ok((QueueDeleted::Running { tasks: running }, None));
                }
                if tasks > 0 && !force {
                    return Ok((QueueDeleted::NotEmpty { tasks }, None));
                }
                if tasks > max_tasks {
                    return Ok((QueueDeleted::TooLarge { tasks }, None));
                }
                conn.prepare_cached(
                    "DELETE FROM idempotency WHERE (handler, key, task_id) IN (
                         SELECT handler, idempotency_key, id FROM tasks
                         WHERE queue = ?1 AND idempotency_key IS NOT NULL)",
                )?
                .execute([name.as_str()])?;
                let deleted = conn
                    .prepare_cached("DELETE FROM tasks WHERE queue = ?1")?
                    .execute([name.as_str()])? as u64;
                conn.prepare_cached("DELETE FROM queue_counts WHERE queue = ?1")?
                    .execute([name.as_str()])?;
                // Its history goes with it: a queue registered again under the name starts
                // with none.
                conn.prepare_cached("DELETE FROM throughput WHERE queue = ?1")?
                    .execute([name.as_str()])?;
                conn.prepare_cached("DELETE FROM throughput_hours WHERE queue = ?1")?
                    .execute([name.as_str()])?;
                conn.prepare_cached("DELETE FROM queues WHERE name = ?1")?
                    .execute(params![name.as_str()])?;
                let record = insert_audit(conn, &audit, Some(deleted))?;
                Ok((
                    QueueDeleted::Deleted {
                        tasks: deleted,
                        dead,
                    },
                    Some(record),
                ))
            })
            .await
    }
}
