//! Tasks: inserting (with idempotency keys), reading, listing, promoting due tasks, and the
//! operator's cancel and retry.

use std::collections::HashSet;

use async_trait::async_trait;
use rusqlite::{OptionalExtension, params, params_from_iter, types::Value};

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::{
    AttemptError, CancelOutcome, Page, QueueName, TaskDetail, TaskFilter, TaskId, TaskRecord,
    TaskState,
};
use crate::store::sqlite::audit::insert_audit;
use crate::store::sqlite::bulk::like;
use crate::store::sqlite::rows::{
    TASK_COLUMNS, encode_metadata, state_code, state_terms, task_from_row, tasks_source,
};
use crate::store::sqlite::{RESET_TO_PENDING, SqliteStore, promote_due_in, task_seq_state};
use crate::store::{Inserted, NewTask, RetryResult, StoreError, TaskStore};

#[async_trait]
impl TaskStore for SqliteStore {
    async fn insert_tasks(
        &self,
        tasks: Vec<NewTask>,
        now_ms: i64,
    ) -> Result<Vec<Inserted>, StoreError> {
        self.db
            .write(move |conn| insert_in(conn, tasks, now_ms))
            .await
    }

    async fn insert_tasks_audited(
        &self,
        tasks: Vec<NewTask>,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<(Vec<Inserted>, AuditRecord), StoreError> {
        let audit = audit.clone();
        self.db
            .write(move |conn| {
                let inserted = insert_in(conn, tasks, now_ms)?;
                // Same savepoint: an entry that cannot be written rolls the tasks back.
                let record = insert_audit(conn, &audit, None)?;
                Ok((inserted, record))
            })
            .await
    }

    async fn get_task(&self, id: &TaskId) -> Result<Option<TaskDetail>, StoreError> {
        let id = id.clone();
        self.db
            .read(move |conn| {
                let found = conn
                    .prepare_cached(&format!(
                        "SELECT {TASK_COLUMNS}, payload, seq FROM tasks WHERE id = ?1"
                    ))?
                    .query_row([id.as_str()], |r| {
                        Ok((
                            task_from_row(r)?,
                            r.get::<_, Vec<u8>>(22)?,
                            r.get::<_, i64>(23)?,
                        ))
                    })
                    .optional()?;
                let Some((task, payload, seq)) = found else {
                    return Ok(None);
                };
                let mut stmt = conn.prepare_cached(
                    "SELECT attempt, at_ms, error FROM task_errors WHERE task_seq = ?1 ORDER BY id",
                )?;
                let errors = stmt
                    .query_map([seq], |r| {
                        Ok(AttemptError {
                            attempt: r.get(0)?,
                            at_ms: r.get(1)?,
                            error: r.get(2)?,
                        })
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Some(TaskDetail {
                    task,
                    payload,
                    errors,
                }))
            })
            .await
    }

    async fn list_tasks(
        &self,
        filter: &TaskFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<TaskRecord>, StoreError> {
        let filter = filter.clone();
        self.db
            .read(move |conn| {
                let mut clauses = Vec::new();
                let mut args: Vec<Value> = Vec::new();
                if let Some(queue) = &filter.queue {
                    clauses.push("queue = ?");
                    args.push(Value::Text(queue.as_str().to_string()));
                }
                if let Some(state) = filter.state {
                    let (terms, bound) = state_terms(state, false);
                    clauses.push(terms);
                    args.extend(bound);
                }
                if let Some(handler) = &filter.handler {
                    clauses.push("handler = ?");
                    args.push(Value::Text(handler.as_str().to_string()));
                }
                // The text and the fingerprint match as a bulk action's scan does.
                if let Some(text) = &filter.text {
                    clauses.push(
                        "(id LIKE ? ESCAPE '\\' OR handler LIKE ? ESCAPE '\\' OR coalesce(last_error, '') LIKE ? ESCAPE '\\')",
                    );
                    for _ in 0..3 {
                        args.push(like(text));
                    }
                }
                if let Some(fingerprint) = &filter.fingerprint {
                    clauses.push("seq IN (SELECT task_seq FROM dlq WHERE fingerprint = ?)");
                    args.push(Value::Text(fingerprint.clone()));
                }
                if let Some(before) = filter.created_before_ms {
                    clauses.push("created_at_ms < ?");
                    args.push(Value::Integer(before));
                }
                let source = tasks_source(filter.state, "");
                let where_sql = if clauses.is_empty() {
                    String::new()
                } else {
                    format!("WHERE {}", clauses.join(" AND "))
                };
                // Filtered by queue and state only, the maintained counters give the total at
                // once.
                let total: i64 = if filter.counted() {
                    let mut sql = "SELECT coalesce(sum(n), 0) FROM queue_counts".to_string();
                    let mut count_args: Vec<Value> = Vec::new();
                    let mut count_clauses = Vec::new();
                    if let Some(queue) = &filter.queue {
                        count_clauses.push("queue = ?");
                        count_args.push(Value::Text(queue.as_str().to_string()));
                    }
                    if let Some(state) = filter.state {
                        count_clauses.push("state = ?");
                        count_args.push(Value::Integer(state_code(state)));
                    }
                    if !count_clauses.is_empty() {
                        sql.push_str(&format!(" WHERE {}", count_clauses.join(" AND ")));
                    }
                    conn.prepare_cached(&sql)?
                        .query_row(params_from_iter(count_args), |r| r.get(0))?
                } else {
                    conn.prepare_cached(&format!("SELECT count(*) FROM {source} {where_sql}"))?
                        .query_row(params_from_iter(args.clone()), |r| r.get(0))?
                };
                let mut page_args = args;
                page_args.push(Value::Integer(i64::from(limit)));
                page_args.push(Value::Integer(offset.min(i64::MAX as u64) as i64));
                let mut stmt = conn
                    .prepare_cached(&format!(
                        "SELECT {TASK_COLUMNS} FROM {source} {where_sql} ORDER BY seq DESC LIMIT ? OFFSET ?"
                    ))?;
                let items = stmt
                    .query_map(params_from_iter(page_args), task_from_row)?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Page {
                    items,
                    total: total.max(0) as u64,
                })
            })
            .await
    }

    async fn promote_due(&self, now_ms: i64, limit: u32) -> Result<u64, StoreError> {
        self.db
            .write(move |conn| promote_due_in(conn, now_ms, limit))
            .await
    }

    async fn cancel(
        &self,
        id: &TaskId,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(QueueName, CancelOutcome, AuditRecord)>, StoreError> {
        let id = id.clone();
        let audit = audit.clone();
        self.db
            .write(move |conn| {
                let Some((seq, state, queue)) = task_seq_state(conn, &id)? else {
                    return Ok(None);
                };
                let outcome = match state {
                    TaskState::Scheduled | TaskState::Pending | TaskState::Retrying => {
                        conn.prepare_cached(
                            "UPDATE tasks SET state = 6, finished_at_ms = ?1, updated_at_ms = ?1
                             WHERE seq = ?2",
                        )?
                        .execute(params![now_ms, seq])?;
                        CancelOutcome::Cancelled
                    }
                    TaskState::Running => {
                        conn.prepare_cached(
                            "UPDATE tasks SET cancel_requested = 1, updated_at_ms = ?1 WHERE seq = ?2",
                        )?
                        .execute(params![now_ms, seq])?;
                        CancelOutcome::Requested
                    }
                    finished => CancelOutcome::AlreadyFinished(finished),
                };
                // Same savepoint: an entry that cannot be written rolls the cancel back.
                let record = insert_audit(conn, &audit.with_outcome(outcome.name()), None)?;
                Ok(Some((queue, outcome, record)))
            })
            .await
    }

    async fn retry(
        &self,
        id: &TaskId,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(QueueName, RetryResult, Option<AuditRecord>)>, StoreError> {
        let id = id.clone();
        let audit = audit.clone();
        self.db
            .write(move |conn| {
                let Some((seq, state, queue)) = task_seq_state(conn, &id)? else {
                    return Ok(None);
                };
                let sql = match state {
                    TaskState::Pending | TaskState::Running => {
                        return Ok(Some((queue, RetryResult::NotAllowed(state), None)));
                    }
                    // Waiting tasks keep their attempts and simply run now.
                    TaskState::Scheduled | TaskState::Retrying => {
                        "UPDATE tasks SET state = 1, run_at_ms = ?1, updated_at_ms = ?1 WHERE seq = ?2"
                            .to_string()
                    }
                    TaskState::Succeeded | TaskState::Dead | TaskState::Cancelled => {
                        format!("UPDATE tasks SET {RESET_TO_PENDING} WHERE seq = ?2")
                    }
                };
                conn.prepare_cached(&sql)?
                    .execute(params![now_ms, seq])?;
                // Same savepoint: an entry that cannot be written rolls the retry back.
                let record = insert_audit(conn, &audit.with_outcome(state.as_str()), None)?;
                Ok(Some((queue, RetryResult::Retried(state), Some(record))))
            })
            .await
    }
}

/// Writes `tasks` in the caller's transaction: all or none (the caller's error rolls back).
fn insert_in(
    conn: &rusqlite::Connection,
    tasks: Vec<NewTask>,
    now_ms: i64,
) -> Result<Vec<Inserted>, StoreError> {
    let mut seen_queues: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        if let Some(idem) = &task.idempotency {
            let existing: Option<String> = conn
                .prepare_cached(
                    "SELECT task_id FROM idempotency
                     WHERE handler = ?1 AND key = ?2 AND expires_at_ms > ?3",
                )?
                .query_row(params![task.handler.as_str(), idem.key, now_ms], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(existing) = existing {
                out.push(Inserted::Duplicate(TaskId::from_trusted(existing)));
                continue;
            }
            conn.prepare_cached(
                "INSERT OR REPLACE INTO idempotency (handler, key, task_id, expires_at_ms)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                task.handler.as_str(),
                idem.key,
                task.id.as_str(),
                idem.expires_at_ms
            ])?;
        }
        if seen_queues.insert(task.queue.as_str().to_string()) {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO queues (name, created_at_ms, updated_at_ms)
                 VALUES (?1, ?2, ?2)",
            )?
            .execute(params![task.queue.as_str(), now_ms])?;
        }
        conn.prepare_cached(
            "INSERT INTO tasks (id, handler, queue, state, priority, payload,
                 max_retries, timeout_ms, run_at_ms, created_at_ms, updated_at_ms,
                 idempotency_key, metadata)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)",
        )?
        .execute(params![
            task.id.as_str(),
            task.handler.as_str(),
            task.queue.as_str(),
            state_code(task.state),
            task.priority,
            task.payload,
            task.max_retries,
            task.timeout_ms,
            task.run_at_ms,
            task.created_at_ms,
            task.idempotency.as_ref().map(|i| i.key.as_str()),
            encode_metadata(&task.metadata),
        ])?;
        out.push(Inserted::Created(task.id));
    }
    Ok(out)
}
