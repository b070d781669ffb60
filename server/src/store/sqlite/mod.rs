//! The embedded store: one SQLite file in WAL mode, written by a single group-commit writer.
//!
//! Every [`Store`] method is one SQL transaction (a savepoint inside the writer's batch for
//! writes, a read transaction for reads). Counters, the DLQ index and throughput buckets are
//! kept by triggers in the schema (`migrations/sqlite/`).

mod conn;
mod rows;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter, types::Value};

pub use conn::Durability;
use conn::{Db, map_err};
use rows::{
    TASK_COLUMNS, WORKER_COLUMNS, encode_metadata, state_code, state_from_code, task_from_row,
    worker_from_row,
};

use crate::engine::audit::{self, AuditCursor, AuditEntry, AuditFilter, AuditRecord};
use crate::engine::events::Event;
use crate::engine::model::{
    AttemptError, CancelOutcome, CoordinationRecord, DlqEntry, DlqFilter, EventId, HandlerName,
    LeaderRecord, LeaseToken, LeasedTask, Page, QueueName, QueueRecord, ReplayOutcome, StateCounts,
    StuckSummary, StuckTask, TaskDetail, TaskFilter, TaskId, TaskRecord, TaskState,
    ThroughputBucket, ThroughputCounts, WorkerDetail, WorkerId, WorkerRecord, WorkerState,
};
use crate::engine::rate::Bucket;
use crate::store::codec::{self, parse_audit_id};
use crate::store::{
    AuditStore, CoordinationStore, DlqStore, EventStore, LeaseStore, QueueStore, RetentionStore,
    TaskStore, WorkerStore,
};
use crate::store::{
    DlqPurge, ExpiredLease, Extended, FailNext, Inserted, LeaseRequest, LeaseResult, NewTask,
    NewWorker, RetryResult, StoreError, StoredEvent, Sweep, SweepCounts, WorkerCommand,
};

/// Error history kept per task; older entries are dropped first.
const ERROR_HISTORY_MAX: i64 = 50;

/// How many due tasks a lease round promotes to pending before leasing.
const PROMOTE_PER_LEASE: u32 = 1_000;

/// The embedded SQLite store.
pub struct SqliteStore {
    db: Db,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

impl SqliteStore {
    /// Opens the store at `path`, creating and migrating it as needed.
    pub fn open(path: impl AsRef<Path>, durability: Durability) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let db = Db::open(&path, durability)?;
        Ok(Self { db, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A task's row number, state and queue.
fn task_seq_state(
    conn: &Connection,
    id: &TaskId,
) -> Result<Option<(i64, TaskState, QueueName)>, StoreError> {
    conn.prepare_cached("SELECT seq, state, queue FROM tasks WHERE id = ?1")
        .map_err(map_err)?
        .query_row([id.as_str()], |r| {
            Ok((
                r.get(0)?,
                state_from_code(r.get(1)?)?,
                QueueName::from_trusted(r.get(2)?),
            ))
        })
        .optional()
        .map_err(map_err)
}

/// Moves due scheduled and retrying tasks to pending.
fn promote_due_in(conn: &Connection, now_ms: i64, limit: u32) -> Result<u64, StoreError> {
    let n = conn
        .prepare_cached(
            "UPDATE tasks SET state = 1, updated_at_ms = ?1 WHERE seq IN (
                 SELECT seq FROM tasks WHERE state IN (0, 3) AND run_at_ms <= ?1
                 ORDER BY run_at_ms LIMIT ?2)",
        )
        .map_err(map_err)?
        .execute(params![now_ms, limit])
        .map_err(map_err)?;
    Ok(n as u64)
}

fn queue_record(conn: &Connection, name: &str) -> Result<Option<QueueRecord>, StoreError> {
    let base = conn
        .prepare_cached(
            "SELECT weight, paused, created_at_ms, updated_at_ms FROM queues WHERE name = ?1",
        )
        .map_err(map_err)?
        .query_row([name], |r| {
            Ok((
                r.get::<_, Option<i64>>(0)?,
                r.get::<_, i64>(1)? != 0,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .optional()
        .map_err(map_err)?;
    let Some((weight, paused, created, updated)) = base else {
        return Ok(None);
    };
    let mut counts = StateCounts::default();
    let mut stmt = conn
        .prepare_cached("SELECT state, n FROM queue_counts WHERE queue = ?1")
        .map_err(map_err)?;
    let mut rows = stmt.query([name]).map_err(map_err)?;
    while let Some(row) = rows.next().map_err(map_err)? {
        let state = state_from_code(row.get(0).map_err(map_err)?).map_err(map_err)?;
        *counts.slot(state) = row.get(1).map_err(map_err)?;
    }
    let oldest = oldest_ready(conn, name)?;
    Ok(Some(QueueRecord {
        name: QueueName::from_trusted(name.to_string()),
        weight_override: weight.map(|w| w.clamp(0, i64::from(u32::MAX)) as u32),
        paused,
        counts,
        oldest_ready_at_ms: oldest,
        created_at_ms: created,
        updated_at_ms: updated,
    }))
}

fn oldest_ready(conn: &Connection, queue: &str) -> Result<Option<i64>, StoreError> {
    conn.prepare_cached("SELECT min(run_at_ms) FROM tasks WHERE state = 1 AND queue = ?1")
        .map_err(map_err)?
        .query_row([queue], |r| r.get(0))
        .map_err(map_err)
}

fn record_error(
    conn: &Connection,
    task_seq: i64,
    attempt: u32,
    error: &str,
    now_ms: i64,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO task_errors (task_seq, attempt, at_ms, error) VALUES (?1, ?2, ?3, ?4)",
    )
    .map_err(map_err)?
    .execute(params![task_seq, attempt, now_ms, error])
    .map_err(map_err)?;
    conn.prepare_cached(
        "DELETE FROM task_errors WHERE task_seq = ?1 AND id <= (
             SELECT id FROM task_errors WHERE task_seq = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
    )
    .map_err(map_err)?
    .execute(params![task_seq, ERROR_HISTORY_MAX])
    .map_err(map_err)?;
    Ok(())
}

/// The SQL pieces of a DLQ listing: rows of `dlq d`, driven by the trigram index when the
/// text query can use it, so broad matches are read newest first without materializing them.
struct DlqQuery {
    from: &'static str,
    where_sql: String,
    args: Vec<Value>,
    order: &'static str,
    /// Only a text query: its count needs no join.
    text_only: bool,
}

fn dlq_query(filter: &DlqFilter) -> DlqQuery {
    let mut clauses = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let mut from = "dlq d";
    let mut order = "d.seq DESC";
    let text = filter
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty());
    if let Some(query) = text {
        if query.chars().count() >= 3 {
            // The trigram index finds substrings of three characters or more; as a phrase, any
            // character is taken literally.
            from = "dlq_fts f JOIN dlq d ON d.seq = f.rowid";
            order = "f.rowid DESC";
            clauses.push("dlq_fts MATCH ?".to_string());
            args.push(Value::Text(format!("\"{}\"", query.replace('"', "\"\""))));
        } else {
            // Shorter text cannot use trigrams; a scan over the DLQ's own table does.
            clauses.push(
                "(d.task_id LIKE ? ESCAPE '\\' OR d.handler LIKE ? ESCAPE '\\' OR d.error LIKE ? ESCAPE '\\')"
                    .to_string(),
            );
            let escaped = query
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let pattern = format!("%{escaped}%");
            for _ in 0..3 {
                args.push(Value::Text(pattern.clone()));
            }
        }
    }
    let text_only = clauses.len() == 1 && from != "dlq d";
    if let Some(queue) = &filter.queue {
        clauses.push("d.queue = ?".to_string());
        args.push(Value::Text(queue.as_str().to_string()));
    }
    if let Some(handler) = &filter.handler {
        clauses.push("d.handler = ?".to_string());
        args.push(Value::Text(handler.as_str().to_string()));
    }
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    DlqQuery {
        from,
        where_sql,
        args,
        order,
        text_only: text_only && filter.queue.is_none() && filter.handler.is_none(),
    }
}

const DLQ_COLUMNS: &str = "t.id, t.queue, t.handler, t.attempts, d.failed_at_ms, t.updated_at_ms, \
    coalesce(t.last_error, ''), t.dead_reason, length(t.payload), t.metadata";

fn dlq_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<DlqEntry> {
    Ok(DlqEntry {
        id: TaskId::from_trusted(row.get(0)?),
        queue: QueueName::from_trusted(row.get(1)?),
        handler: HandlerName::from_trusted(row.get(2)?),
        attempts: row.get(3)?,
        failed_at_ms: row.get(4)?,
        updated_at_ms: row.get(5)?,
        last_error: row.get(6)?,
        reason: row
            .get::<_, Option<String>>(7)?
            .and_then(|r| crate::engine::model::DeadReason::parse(&r)),
        payload_size: row.get(8)?,
        metadata: rows::decode_metadata(row.get(9)?),
    })
}

const AUDIT_COLUMNS: &str = "id, at_ms, actor, role, request_id, action, target, status, \
    payload_hash, detail, metadata, prev_hash, hash";

fn audit_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRecord> {
    Ok(AuditRecord {
        id: row.get::<_, i64>(0)?.to_string(),
        entry: AuditEntry {
            at_ms: row.get(1)?,
            actor: row.get(2)?,
            role: row.get(3)?,
            request_id: row.get(4)?,
            action: row.get(5)?,
            target: row.get(6)?,
            status: row.get(7)?,
            payload_hash: row.get(8)?,
            detail: row.get(9)?,
            metadata: rows::decode_metadata(row.get(10)?),
        },
        prev_hash: row.get(11)?,
        hash: row.get(12)?,
    })
}

/// Resets a task taken out of the DLQ or re-run by an operator: pending now, attempts reset,
/// error history kept.
const RESET_TO_PENDING: &str = "state = 1, attempts = 0, run_at_ms = ?1, updated_at_ms = ?1, \
    finished_at_ms = NULL, dead_reason = NULL, cancel_requested = 0, lease_until_ms = NULL";

#[async_trait]
impl TaskStore for SqliteStore {
    async fn insert_tasks(
        &self,
        tasks: Vec<NewTask>,
        now_ms: i64,
    ) -> Result<Vec<Inserted>, StoreError> {
        self.db
            .write(move |conn| {
                let mut seen_queues: HashSet<String> = HashSet::new();
                let mut out = Vec::with_capacity(tasks.len());
                for task in tasks {
                    if let Some(idem) = &task.idempotency {
                        let existing: Option<String> = conn
                            .prepare_cached(
                                "SELECT task_id FROM idempotency
                                 WHERE handler = ?1 AND key = ?2 AND expires_at_ms > ?3",
                            )
                            .map_err(map_err)?
                            .query_row(params![task.handler.as_str(), idem.key, now_ms], |r| {
                                r.get(0)
                            })
                            .optional()
                            .map_err(map_err)?;
                        if let Some(existing) = existing {
                            out.push(Inserted::Duplicate(TaskId::from_trusted(existing)));
                            continue;
                        }
                        conn.prepare_cached(
                            "INSERT OR REPLACE INTO idempotency (handler, key, task_id, expires_at_ms)
                             VALUES (?1, ?2, ?3, ?4)",
                        )
                        .map_err(map_err)?
                        .execute(params![
                            task.handler.as_str(),
                            idem.key,
                            task.id.as_str(),
                            idem.expires_at_ms
                        ])
                        .map_err(map_err)?;
                    }
                    if seen_queues.insert(task.queue.as_str().to_string()) {
                        conn.prepare_cached(
                            "INSERT OR IGNORE INTO queues (name, created_at_ms, updated_at_ms)
                             VALUES (?1, ?2, ?2)",
                        )
                        .map_err(map_err)?
                        .execute(params![task.queue.as_str(), now_ms])
                        .map_err(map_err)?;
                    }
                    conn.prepare_cached(
                        "INSERT INTO tasks (id, handler, queue, state, priority, payload,
                             max_retries, timeout_ms, run_at_ms, created_at_ms, updated_at_ms,
                             idempotency_key, metadata)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)",
                    )
                    .map_err(map_err)?
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
                    ])
                    .map_err(map_err)?;
                    out.push(Inserted::Created(task.id));
                }
                Ok(out)
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
                    ))
                    .map_err(map_err)?
                    .query_row([id.as_str()], |r| {
                        Ok((task_from_row(r)?, r.get::<_, Vec<u8>>(22)?, r.get::<_, i64>(23)?))
                    })
                    .optional()
                    .map_err(map_err)?;
                let Some((task, payload, seq)) = found else {
                    return Ok(None);
                };
                let mut stmt = conn
                    .prepare_cached(
                        "SELECT attempt, at_ms, error FROM task_errors WHERE task_seq = ?1 ORDER BY id",
                    )
                    .map_err(map_err)?;
                let errors = stmt
                    .query_map([seq], |r| {
                        Ok(AttemptError {
                            attempt: r.get(0)?,
                            at_ms: r.get(1)?,
                            error: r.get(2)?,
                        })
                    })
                    .map_err(map_err)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(map_err)?;
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
                    clauses.push("state = ?");
                    args.push(Value::Integer(state_code(state)));
                }
                if let Some(handler) = &filter.handler {
                    clauses.push("handler = ?");
                    args.push(Value::Text(handler.as_str().to_string()));
                }
                let where_sql = if clauses.is_empty() {
                    String::new()
                } else {
                    format!("WHERE {}", clauses.join(" AND "))
                };
                // Without a handler filter the maintained counters give the total at once.
                let total: i64 = if filter.handler.is_none() {
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
                    conn.prepare_cached(&sql)
                        .map_err(map_err)?
                        .query_row(params_from_iter(count_args), |r| r.get(0))
                        .map_err(map_err)?
                } else {
                    conn.prepare_cached(&format!("SELECT count(*) FROM tasks {where_sql}"))
                        .map_err(map_err)?
                        .query_row(params_from_iter(args.clone()), |r| r.get(0))
                        .map_err(map_err)?
                };
                let mut page_args = args;
                page_args.push(Value::Integer(i64::from(limit)));
                page_args.push(Value::Integer(offset.min(i64::MAX as u64) as i64));
                let mut stmt = conn
                    .prepare_cached(&format!(
                        "SELECT {TASK_COLUMNS} FROM tasks {where_sql} ORDER BY seq DESC LIMIT ? OFFSET ?"
                    ))
                    .map_err(map_err)?;
                let items = stmt
                    .query_map(params_from_iter(page_args), task_from_row)
                    .map_err(map_err)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(map_err)?;
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
    ) -> Result<Option<(QueueName, CancelOutcome)>, StoreError> {
        let id = id.clone();
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
                        )
                        .map_err(map_err)?
                        .execute(params![now_ms, seq])
                        .map_err(map_err)?;
                        CancelOutcome::Cancelled
                    }
                    TaskState::Running => {
                        conn.prepare_cached(
                            "UPDATE tasks SET cancel_requested = 1, updated_at_ms = ?1 WHERE seq = ?2",
                        )
                        .map_err(map_err)?
                        .execute(params![now_ms, seq])
                        .map_err(map_err)?;
                        CancelOutcome::Requested
                    }
                    finished => CancelOutcome::AlreadyFinished(finished),
                };
                Ok(Some((queue, outcome)))
            })
            .await
    }

    async fn retry(
        &self,
        id: &TaskId,
        now_ms: i64,
    ) -> Result<Option<(QueueName, RetryResult)>, StoreError> {
        let id = id.clone();
        self.db
            .write(move |conn| {
                let Some((seq, state, queue)) = task_seq_state(conn, &id)? else {
                    return Ok(None);
                };
                let sql = match state {
                    TaskState::Pending | TaskState::Running => {
                        return Ok(Some((queue, RetryResult::NotAllowed(state))));
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
                conn.prepare_cached(&sql)
                    .map_err(map_err)?
                    .execute(params![now_ms, seq])
                    .map_err(map_err)?;
                Ok(Some((queue, RetryResult::Retried(state))))
            })
            .await
    }
}

#[async_trait]
impl LeaseStore for SqliteStore {
    async fn lease(&self, req: LeaseRequest) -> Result<LeaseResult, StoreError> {
        self.db
            .write(move |conn| {
                let (paused, fence, rate_tokens, rate_at): (i64, i64, Option<f64>, Option<i64>) =
                    conn.prepare_cached(
                        "SELECT dequeue_paused, fence, rate_tokens, rate_updated_at_ms
                         FROM coordination WHERE id = 1",
                    )
                    .map_err(map_err)?
                    .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                    .map_err(map_err)?;
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
                    .prepare_cached("SELECT name FROM queues WHERE paused = 1")
                    .map_err(map_err)?
                    .query_map([], |r| r.get(0))
                    .map_err(map_err)?
                    .collect::<Result<_, _>>()
                    .map_err(map_err)?;
                let handlers = serde_json::to_string(
                    &req.handlers.iter().map(|h| h.as_str()).collect::<Vec<_>>(),
                )
                .expect("strings serialize");
                let token = fence + 1;
                let mut stmt = conn
                    .prepare_cached(
                        "UPDATE tasks SET state = 2, attempts = attempts + 1, lease_token = ?1,
                             lease_until_ms = ?2, worker_id = ?3, started_at_ms = ?4,
                             heartbeat_at_ms = ?4, updated_at_ms = ?4, cancel_requested = 0
                         WHERE seq IN (
                             SELECT seq FROM tasks
                             WHERE state = 1 AND queue = ?5
                               AND handler IN (SELECT value FROM json_each(?6))
                             ORDER BY priority, run_at_ms, seq LIMIT ?7)
                         RETURNING id, handler, queue, payload, priority, attempts, max_retries,
                             timeout_ms, created_at_ms, metadata",
                    )
                    .map_err(map_err)?;
                for (queue, n) in &req.plan {
                    if remaining == 0 {
                        break;
                    }
                    if paused_queues.contains(queue.as_str()) {
                        continue;
                    }
                    let take = (*n).min(remaining);
                    let leased = stmt
                        .query_map(
                            params![
                                token,
                                req.lease_until_ms,
                                req.worker_id.as_str(),
                                req.now_ms,
                                queue.as_str(),
                                handlers,
                                take
                            ],
                            |r| {
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
                            },
                        )
                        .map_err(map_err)?
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(map_err)?;
                    let got = leased.len() as u32;
                    if got < take {
                        result.short.push(queue.clone());
                    }
                    remaining -= got;
                    result.tasks.extend(leased);
                }
                let taken = result.tasks.len() as u32;
                if taken > 0 {
                    conn.prepare_cached("UPDATE coordination SET fence = ?1 WHERE id = 1")
                        .map_err(map_err)?
                        .execute([token])
                        .map_err(map_err)?;
                }
                if let Some(limit) = &req.rate_limit {
                    // Only tasks actually leased are charged.
                    let after = limit.charge(bucket, req.now_ms, taken);
                    conn.prepare_cached(
                        "UPDATE coordination SET rate_tokens = ?1, rate_updated_at_ms = ?2 WHERE id = 1",
                    )
                    .map_err(map_err)?
                    .execute(params![after.tokens, after.updated_at_ms])
                    .map_err(map_err)?;
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
                let mut stmt = conn
                    .prepare_cached(
                        "UPDATE tasks SET lease_until_ms = ?1, heartbeat_at_ms = ?2
                         WHERE id = ?3 AND lease_token = ?4 AND state = 2
                         RETURNING cancel_requested",
                    )
                    .map_err(map_err)?;
                let mut out = Vec::with_capacity(leases.len());
                for (id, token) in &leases {
                    let flag: Option<i64> = stmt
                        .query_row(params![lease_until_ms, now_ms, id.as_str(), token.0], |r| {
                            r.get(0)
                        })
                        .optional()
                        .map_err(map_err)?;
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
        let id = id.clone();
        self.db
            .write(move |conn| {
                let n = conn
                    .prepare_cached(
                        "UPDATE tasks SET state = 4, finished_at_ms = ?1, updated_at_ms = ?1,
                             lease_until_ms = NULL
                         WHERE id = ?2 AND lease_token = ?3 AND state = 2",
                    )
                    .map_err(map_err)?
                    .execute(params![now_ms, id.as_str(), token.0])
                    .map_err(map_err)?;
                if n == 0 {
                    Err(StoreError::LeaseLost)
                } else {
                    Ok(())
                }
            })
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
                let row: Option<(i64, u32)> = conn
                    .prepare_cached(
                        "UPDATE tasks SET state = ?1, run_at_ms = coalesce(?2, run_at_ms),
                             finished_at_ms = ?3, dead_reason = ?4, last_error = ?5,
                             updated_at_ms = ?6, lease_until_ms = NULL
                         WHERE id = ?7 AND lease_token = ?8 AND state = 2
                         RETURNING seq, attempts",
                    )
                    .map_err(map_err)?
                    .query_row(
                        params![
                            state_code(state),
                            run_at,
                            finished,
                            reason,
                            error,
                            now_ms,
                            id.as_str(),
                            token.0
                        ],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()
                    .map_err(map_err)?;
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
                    )
                    .map_err(map_err)?
                    .execute(params![now_ms, id.as_str(), token.0])
                    .map_err(map_err)?;
                if n == 0 {
                    Err(StoreError::LeaseLost)
                } else {
                    Ok(())
                }
            })
            .await
    }

    async fn expired_leases(
        &self,
        now_ms: i64,
        limit: u32,
    ) -> Result<Vec<ExpiredLease>, StoreError> {
        self.db
            .read(move |conn| {
                let mut stmt = conn
                    .prepare_cached(
                        "SELECT id, lease_token, queue, handler, attempts, max_retries,
                             cancel_requested, worker_id
                         FROM tasks WHERE state = 2 AND lease_until_ms < ?1
                         ORDER BY lease_until_ms LIMIT ?2",
                    )
                    .map_err(map_err)?;
                stmt.query_map(params![now_ms, limit], |r| {
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
                })
                .map_err(map_err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(map_err)
            })
            .await
    }
}

#[async_trait]
impl QueueStore for SqliteStore {
    async fn ensure_queues(&self, names: &[QueueName], now_ms: i64) -> Result<(), StoreError> {
        let names = names.to_vec();
        self.db
            .write(move |conn| {
                let mut stmt = conn
                    .prepare_cached(
                        "INSERT OR IGNORE INTO queues (name, created_at_ms, updated_at_ms)
                         VALUES (?1, ?2, ?2)",
                    )
                    .map_err(map_err)?;
                for name in &names {
                    stmt.execute(params![name.as_str(), now_ms])
                        .map_err(map_err)?;
                }
                Ok(())
            })
            .await
    }

    async fn list_queues(&self) -> Result<Vec<QueueRecord>, StoreError> {
        self.db
            .read(|conn| {
                let mut counts: BTreeMap<String, StateCounts> = BTreeMap::new();
                {
                    let mut stmt = conn
                        .prepare_cached("SELECT queue, state, n FROM queue_counts")
                        .map_err(map_err)?;
                    let mut rows = stmt.query([]).map_err(map_err)?;
                    while let Some(row) = rows.next().map_err(map_err)? {
                        let queue: String = row.get(0).map_err(map_err)?;
                        let state =
                            state_from_code(row.get(1).map_err(map_err)?).map_err(map_err)?;
                        *counts.entry(queue).or_default().slot(state) =
                            row.get(2).map_err(map_err)?;
                    }
                }
                let mut stmt = conn
                    .prepare_cached(
                        "SELECT name, weight, paused, created_at_ms, updated_at_ms
                         FROM queues ORDER BY name",
                    )
                    .map_err(map_err)?;
                let bases = stmt
                    .query_map([], |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, Option<i64>>(1)?,
                            r.get::<_, i64>(2)? != 0,
                            r.get::<_, i64>(3)?,
                            r.get::<_, i64>(4)?,
                        ))
                    })
                    .map_err(map_err)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(map_err)?;
                let mut out = Vec::with_capacity(bases.len());
                for (name, weight, paused, created, updated) in bases {
                    let counts = counts.get(&name).copied().unwrap_or_default();
                    let oldest = if counts.pending > 0 {
                        oldest_ready(conn, &name)?
                    } else {
                        None
                    };
                    out.push(QueueRecord {
                        name: QueueName::from_trusted(name),
                        weight_override: weight.map(|w| w.clamp(0, i64::from(u32::MAX)) as u32),
                        paused,
                        counts,
                        oldest_ready_at_ms: oldest,
                        created_at_ms: created,
                        updated_at_ms: updated,
                    });
                }
                Ok(out)
            })
            .await
    }

    async fn get_queue(&self, name: &QueueName) -> Result<Option<QueueRecord>, StoreError> {
        let name = name.clone();
        self.db
            .read(move |conn| queue_record(conn, name.as_str()))
            .await
    }

    async fn set_queue_paused(
        &self,
        name: &QueueName,
        paused: bool,
        now_ms: i64,
    ) -> Result<Option<QueueRecord>, StoreError> {
        let name = name.clone();
        self.db
            .write(move |conn| {
                let n = conn
                    .prepare_cached(
                        "UPDATE queues SET paused = ?1, updated_at_ms = ?2 WHERE name = ?3",
                    )
                    .map_err(map_err)?
                    .execute(params![paused, now_ms, name.as_str()])
                    .map_err(map_err)?;
                if n == 0 {
                    return Ok(None);
                }
                queue_record(conn, name.as_str())
            })
            .await
    }

    async fn set_queue_weight(
        &self,
        name: &QueueName,
        weight: Option<u32>,
        now_ms: i64,
    ) -> Result<Option<QueueRecord>, StoreError> {
        let name = name.clone();
        self.db
            .write(move |conn| {
                let n = conn
                    .prepare_cached(
                        "UPDATE queues SET weight = ?1, updated_at_ms = ?2 WHERE name = ?3",
                    )
                    .map_err(map_err)?
                    .execute(params![weight, now_ms, name.as_str()])
                    .map_err(map_err)?;
                if n == 0 {
                    return Ok(None);
                }
                queue_record(conn, name.as_str())
            })
            .await
    }

    async fn throughput(&self, since_ms: i64) -> Result<Vec<ThroughputBucket>, StoreError> {
        self.db
            .read(move |conn| {
                let mut stmt = conn
                    .prepare_cached(
                        "SELECT minute_ms, queue, succeeded, failed, dead FROM throughput
                         WHERE minute_ms >= ?1 ORDER BY minute_ms, queue",
                    )
                    .map_err(map_err)?;
                stmt.query_map([since_ms], |r| {
                    Ok(ThroughputBucket {
                        minute_ms: r.get(0)?,
                        queue: QueueName::from_trusted(r.get(1)?),
                        counts: ThroughputCounts {
                            succeeded: r.get(2)?,
                            failed: r.get(3)?,
                            dead: r.get(4)?,
                        },
                    })
                })
                .map_err(map_err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(map_err)
            })
            .await
    }
}

#[async_trait]
impl CoordinationStore for SqliteStore {
    async fn set_dequeue_paused(&self, paused: bool, _now_ms: i64) -> Result<(), StoreError> {
        self.db
            .write(move |conn| {
                conn.prepare_cached("UPDATE coordination SET dequeue_paused = ?1 WHERE id = 1")
                    .map_err(map_err)?
                    .execute([paused])
                    .map_err(map_err)?;
                Ok(())
            })
            .await
    }

    async fn coordination(&self) -> Result<CoordinationRecord, StoreError> {
        self.db
            .read(|conn| {
                conn.prepare_cached(
                    "SELECT dequeue_paused, rate_tokens, rate_updated_at_ms, leader_holder,
                         leader_token, leader_expires_at_ms
                     FROM coordination WHERE id = 1",
                )
                .map_err(map_err)?
                .query_row([], |r| {
                    let holder: Option<String> = r.get(3)?;
                    Ok(CoordinationRecord {
                        dequeue_paused: r.get::<_, i64>(0)? != 0,
                        rate_tokens: r.get(1)?,
                        rate_updated_at_ms: r.get(2)?,
                        leader: match holder {
                            Some(holder) => Some(LeaderRecord {
                                holder,
                                token: r.get(4)?,
                                expires_at_ms: r.get(5)?,
                            }),
                            None => None,
                        },
                    })
                })
                .map_err(map_err)
            })
            .await
    }

    async fn acquire_leader(
        &self,
        holder: &str,
        ttl_ms: i64,
        now_ms: i64,
    ) -> Result<LeaderRecord, StoreError> {
        let holder = holder.to_string();
        self.db
            .write(move |conn| {
                let (current, token, expires): (Option<String>, i64, i64) = conn
                    .prepare_cached(
                        "SELECT leader_holder, leader_token, leader_expires_at_ms
                         FROM coordination WHERE id = 1",
                    )
                    .map_err(map_err)?
                    .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .map_err(map_err)?;
                let held_by_me = current.as_deref() == Some(holder.as_str()) && expires > now_ms;
                if !held_by_me && expires > now_ms {
                    return Ok(LeaderRecord {
                        holder: current.unwrap_or_default(),
                        token,
                        expires_at_ms: expires,
                    });
                }
                let token = if held_by_me { token } else { token + 1 };
                let expires = now_ms + ttl_ms;
                conn.prepare_cached(
                    "UPDATE coordination SET leader_holder = ?1, leader_token = ?2,
                         leader_expires_at_ms = ?3 WHERE id = 1",
                )
                .map_err(map_err)?
                .execute(params![holder, token, expires])
                .map_err(map_err)?;
                Ok(LeaderRecord {
                    holder,
                    token,
                    expires_at_ms: expires,
                })
            })
            .await
    }

    async fn release_leader(&self, holder: &str) -> Result<(), StoreError> {
        let holder = holder.to_string();
        self.db
            .write(move |conn| {
                conn.prepare_cached(
                    "UPDATE coordination SET leader_holder = NULL, leader_expires_at_ms = 0
                     WHERE id = 1 AND leader_holder = ?1",
                )
                .map_err(map_err)?
                .execute([holder])
                .map_err(map_err)?;
                Ok(())
            })
            .await
    }
}

#[async_trait]
impl DlqStore for SqliteStore {
    async fn list_dlq(
        &self,
        filter: &DlqFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<DlqEntry>, StoreError> {
        let filter = filter.clone();
        self.db
            .read(move |conn| {
                let query = dlq_query(&filter);
                let has_text = filter
                    .query
                    .as_deref()
                    .is_some_and(|q| !q.trim().is_empty());
                // Without text or handler filters the maintained counters give the total.
                let total: i64 = if !has_text && filter.handler.is_none() {
                    conn.prepare_cached(
                        "SELECT coalesce(sum(n), 0) FROM queue_counts
                         WHERE state = 5 AND (?1 IS NULL OR queue = ?1)",
                    )
                    .map_err(map_err)?
                    .query_row([filter.queue.as_ref().map(|q| q.as_str())], |r| r.get(0))
                    .map_err(map_err)?
                } else if query.text_only {
                    conn.prepare_cached("SELECT count(*) FROM dlq_fts WHERE dlq_fts MATCH ?1")
                        .map_err(map_err)?
                        .query_row(params_from_iter(query.args.clone()), |r| r.get(0))
                        .map_err(map_err)?
                } else {
                    conn.prepare_cached(&format!(
                        "SELECT count(*) FROM {} {}",
                        query.from, query.where_sql
                    ))
                    .map_err(map_err)?
                    .query_row(params_from_iter(query.args.clone()), |r| r.get(0))
                    .map_err(map_err)?
                };
                let mut page_args = query.args;
                page_args.push(Value::Integer(i64::from(limit)));
                page_args.push(Value::Integer(offset.min(i64::MAX as u64) as i64));
                let mut stmt = conn
                    .prepare_cached(&format!(
                        "SELECT {DLQ_COLUMNS} FROM {} JOIN tasks t ON t.seq = d.task_seq
                         {} ORDER BY {} LIMIT ? OFFSET ?",
                        query.from, query.where_sql, query.order
                    ))
                    .map_err(map_err)?;
                let items = stmt
                    .query_map(params_from_iter(page_args), dlq_from_row)
                    .map_err(map_err)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(map_err)?;
                Ok(Page {
                    items,
                    total: total.max(0) as u64,
                })
            })
            .await
    }

    async fn get_dlq_entry(&self, id: &TaskId) -> Result<Option<DlqEntry>, StoreError> {
        let id = id.clone();
        self.db
            .read(move |conn| {
                conn.prepare_cached(&format!(
                    "SELECT {DLQ_COLUMNS} FROM dlq d JOIN tasks t ON t.seq = d.task_seq
                     WHERE d.task_id = ?1"
                ))
                .map_err(map_err)?
                .query_row([id.as_str()], dlq_from_row)
                .optional()
                .map_err(map_err)
            })
            .await
    }

    async fn replay_oldest(&self, limit: u32, now_ms: i64) -> Result<Vec<TaskId>, StoreError> {
        self.db
            .write(move |conn| {
                let mut stmt = conn
                    .prepare_cached(&format!(
                        "UPDATE tasks SET {RESET_TO_PENDING}
                         WHERE seq IN (SELECT task_seq FROM dlq ORDER BY seq LIMIT ?2)
                         RETURNING id"
                    ))
                    .map_err(map_err)?;
                stmt.query_map(params![now_ms, limit], |r| {
                    Ok(TaskId::from_trusted(r.get(0)?))
                })
                .map_err(map_err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(map_err)
            })
            .await
    }

    async fn replay_ids(
        &self,
        ids: &[TaskId],
        now_ms: i64,
    ) -> Result<Vec<ReplayOutcome>, StoreError> {
        let ids = ids.to_vec();
        self.db
            .write(move |conn| {
                let mut out = Vec::with_capacity(ids.len());
                for id in &ids {
                    let outcome = match task_seq_state(conn, id)? {
                        None => ReplayOutcome::NotFound,
                        Some((seq, TaskState::Dead, _)) => {
                            conn.prepare_cached(&format!(
                                "UPDATE tasks SET {RESET_TO_PENDING} WHERE seq = ?2"
                            ))
                            .map_err(map_err)?
                            .execute(params![now_ms, seq])
                            .map_err(map_err)?;
                            ReplayOutcome::Replayed
                        }
                        Some((_, state, _)) => ReplayOutcome::NotDead(state),
                    };
                    out.push(outcome);
                }
                Ok(out)
            })
            .await
    }

    async fn purge_dlq(&self, purge: &DlqPurge) -> Result<u64, StoreError> {
        let purge = purge.clone();
        self.db
            .write(move |conn| {
                let n = match (&purge.ids, &purge.queue) {
                    (Some(ids), queue) => {
                        let mut stmt = conn
                            .prepare_cached(
                                "DELETE FROM tasks WHERE id = ?1 AND state = 5
                                 AND (?2 IS NULL OR queue = ?2)",
                            )
                            .map_err(map_err)?;
                        let mut n = 0;
                        for id in ids {
                            n += stmt
                                .execute(params![id.as_str(), queue.as_ref().map(|q| q.as_str())])
                                .map_err(map_err)?;
                        }
                        n
                    }
                    (None, queue) => conn
                        .prepare_cached(
                            "DELETE FROM tasks WHERE seq IN (
                                 SELECT task_seq FROM dlq WHERE (?1 IS NULL OR queue = ?1)
                                 ORDER BY seq LIMIT ?2)",
                        )
                        .map_err(map_err)?
                        .execute(params![queue.as_ref().map(|q| q.as_str()), purge.limit])
                        .map_err(map_err)?,
                };
                Ok(n as u64)
            })
            .await
    }
}

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
                )
                .map_err(map_err)?
                .execute(params![
                    worker.id.as_str(),
                    worker.host,
                    worker.pid,
                    worker.version,
                    worker.concurrency,
                    handlers,
                    worker.now_ms
                ])
                .map_err(map_err)?;
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
                    )
                    .map_err(map_err)?
                    .query_row(
                        params![in_flight, state.as_str(), now_ms, id.as_str()],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(map_err)?;
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
                conn.prepare_cached(sql)
                    .map_err(map_err)?
                    .execute(params![state.as_str(), now_ms, id.as_str()])
                    .map_err(map_err)?;
                Ok(())
            })
            .await
    }

    async fn request_recycle(
        &self,
        id: &WorkerId,
        reason: &str,
        _now_ms: i64,
    ) -> Result<Option<WorkerRecord>, StoreError> {
        let id = id.clone();
        let reason = reason.to_string();
        self.db
            .write(move |conn| {
                conn.prepare_cached(&format!(
                    "UPDATE workers SET recycle_reason = ?1 WHERE id = ?2 RETURNING {WORKER_COLUMNS}"
                ))
                .map_err(map_err)?
                .query_row(params![reason, id.as_str()], worker_from_row)
                .optional()
                .map_err(map_err)
            })
            .await
    }

    async fn list_workers(&self) -> Result<Vec<WorkerRecord>, StoreError> {
        self.db
            .read(|conn| {
                let mut stmt = conn
                    .prepare_cached(&format!(
                        "SELECT {WORKER_COLUMNS} FROM workers ORDER BY started_at_ms, id"
                    ))
                    .map_err(map_err)?;
                stmt.query_map([], worker_from_row)
                    .map_err(map_err)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(map_err)
            })
            .await
    }

    async fn get_worker(&self, id: &WorkerId) -> Result<Option<WorkerDetail>, StoreError> {
        let id = id.clone();
        self.db
            .read(move |conn| {
                let worker = conn
                    .prepare_cached(&format!(
                        "SELECT {WORKER_COLUMNS} FROM workers WHERE id = ?1"
                    ))
                    .map_err(map_err)?
                    .query_row([id.as_str()], worker_from_row)
                    .optional()
                    .map_err(map_err)?;
                let Some(worker) = worker else {
                    return Ok(None);
                };
                let mut stmt = conn
                    .prepare_cached(&format!(
                        "SELECT {TASK_COLUMNS} FROM tasks
                         WHERE state = 2 AND lease_until_ms IS NOT NULL AND worker_id = ?1
                         ORDER BY started_at_ms"
                    ))
                    .map_err(map_err)?;
                let running = stmt
                    .query_map([id.as_str()], task_from_row)
                    .map_err(map_err)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(map_err)?;
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
                let mut stmt = conn
                    .prepare_cached(&format!(
                        "UPDATE workers SET state = 'lost'
                         WHERE state IN ('active', 'draining') AND last_heartbeat_ms < ?1
                         RETURNING {WORKER_COLUMNS}"
                    ))
                    .map_err(map_err)?;
                stmt.query_map([cutoff_ms], worker_from_row)
                    .map_err(map_err)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(map_err)
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
                let mut stmt = conn
                    .prepare_cached(
                        "INSERT INTO stuck_events (task_id, lease_token, attempt, handler, queue,
                             worker_id, last_heartbeat_ms, detected_at_ms)
                         SELECT id, lease_token, attempts, handler, queue, worker_id,
                             heartbeat_at_ms, ?2
                         FROM tasks
                         WHERE state = 2 AND lease_until_ms IS NOT NULL AND heartbeat_at_ms < ?1
                         ON CONFLICT (task_id, lease_token) DO NOTHING
                         RETURNING task_id, attempt, handler, queue, worker_id, last_heartbeat_ms,
                             detected_at_ms",
                    )
                    .map_err(map_err)?;
                stmt.query_map(params![cutoff_ms, now_ms], |r| {
                    Ok(StuckTask {
                        task_id: TaskId::from_trusted(r.get(0)?),
                        attempt: r.get(1)?,
                        handler: HandlerName::from_trusted(r.get(2)?),
                        queue: QueueName::from_trusted(r.get(3)?),
                        worker_id: r.get::<_, Option<String>>(4)?.map(WorkerId::from_trusted),
                        last_heartbeat_ms: r.get(5)?,
                        detected_at_ms: r.get(6)?,
                    })
                })
                .map_err(map_err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(map_err)
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
                let mut stmt = conn
                    .prepare_cached(
                        "SELECT handler, count(*), max(detected_at_ms) FROM stuck_events
                         WHERE detected_at_ms >= ?1 AND (?2 IS NULL OR handler = ?2)
                         GROUP BY handler ORDER BY count(*) DESC, handler",
                    )
                    .map_err(map_err)?;
                stmt.query_map(params![since_ms, handler], |r| {
                    Ok(StuckSummary {
                        handler: HandlerName::from_trusted(r.get(0)?),
                        count: r.get::<_, i64>(1)? as u64,
                        last_at_ms: r.get(2)?,
                    })
                })
                .map_err(map_err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(map_err)
            })
            .await
    }
}

#[async_trait]
impl EventStore for SqliteStore {
    async fn append_events(&self, events: &[(i64, Event)]) -> Result<Vec<EventId>, StoreError> {
        let encoded: Vec<(i64, String)> = events.iter().map(|(at, e)| (*at, e.encode())).collect();
        self.db
            .write(move |conn| {
                let mut stmt = conn
                    .prepare_cached("INSERT INTO events (at_ms, data) VALUES (?1, ?2) RETURNING id")
                    .map_err(map_err)?;
                encoded
                    .iter()
                    .map(|(at, data)| {
                        stmt.query_row(params![at, data], |r| r.get::<_, i64>(0))
                            .map(|id| EventId(id.to_string()))
                            .map_err(map_err)
                    })
                    .collect()
            })
            .await
    }

    async fn read_events(
        &self,
        after: Option<&EventId>,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let after = match after {
            None => 0,
            Some(id) => {
                id.0.trim()
                    .parse::<i64>()
                    .map_err(|_| codec::foreign_cursor("event id", &id.0))?
            }
        };
        self.db
            .read(move |conn| {
                let mut stmt = conn
                    .prepare_cached(
                        "SELECT id, at_ms, data FROM events WHERE id > ?1 ORDER BY id LIMIT ?2",
                    )
                    .map_err(map_err)?;
                stmt.query_map(params![after, limit], |r| {
                    Ok(StoredEvent {
                        id: EventId(r.get::<_, i64>(0)?.to_string()),
                        at_ms: r.get(1)?,
                        data: r.get(2)?,
                    })
                })
                .map_err(map_err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(map_err)
            })
            .await
    }

    async fn last_event_id(&self) -> Result<Option<EventId>, StoreError> {
        self.db
            .read(|conn| {
                conn.prepare_cached("SELECT max(id) FROM events")
                    .map_err(map_err)?
                    .query_row([], |r| r.get::<_, Option<i64>>(0))
                    .map(|id| id.map(|id| EventId(id.to_string())))
                    .map_err(map_err)
            })
            .await
    }

    async fn read_events_before(
        &self,
        before: Option<&EventId>,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let before = match before {
            None => i64::MAX,
            Some(id) => {
                id.0.trim()
                    .parse::<i64>()
                    .map_err(|_| codec::foreign_cursor("event id", &id.0))?
            }
        };
        self.db
            .read(move |conn| {
                let mut stmt = conn
                    .prepare_cached(
                        "SELECT id, at_ms, data FROM events WHERE id < ?1 ORDER BY id DESC LIMIT ?2",
                    )
                    .map_err(map_err)?;
                stmt.query_map(params![before, limit], |r| {
                    Ok(StoredEvent {
                        id: EventId(r.get::<_, i64>(0)?.to_string()),
                        at_ms: r.get(1)?,
                        data: r.get(2)?,
                    })
                })
                .map_err(map_err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(map_err)
            })
            .await
    }
}

#[async_trait]
impl AuditStore for SqliteStore {
    async fn append_audit(&self, entry: AuditEntry) -> Result<AuditRecord, StoreError> {
        self.db
            .write(move |conn| {
                let head: Option<String> = conn
                    .prepare_cached("SELECT audit_head FROM coordination WHERE id = 1")
                    .map_err(map_err)?
                    .query_row([], |r| r.get(0))
                    .map_err(map_err)?;
                let prev_hash = head.unwrap_or_else(|| audit::GENESIS_HASH.to_string());
                let hash = audit::chain_hash(&prev_hash, &entry);
                let id: i64 = conn
                    .prepare_cached(
                        "INSERT INTO audit (at_ms, actor, role, request_id, action, target, status,
                             payload_hash, detail, metadata, prev_hash, hash)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
                    )
                    .map_err(map_err)?
                    .query_row(
                        params![
                            entry.at_ms,
                            entry.actor,
                            entry.role,
                            entry.request_id,
                            entry.action,
                            entry.target,
                            entry.status,
                            entry.payload_hash,
                            entry.detail,
                            encode_metadata(&entry.metadata),
                            prev_hash,
                            hash
                        ],
                        |r| r.get(0),
                    )
                    .map_err(map_err)?;
                conn.prepare_cached("UPDATE coordination SET audit_head = ?1 WHERE id = 1")
                    .map_err(map_err)?
                    .execute([&hash])
                    .map_err(map_err)?;
                Ok(AuditRecord {
                    id: id.to_string(),
                    entry,
                    prev_hash,
                    hash,
                })
            })
            .await
    }

    async fn list_audit(
        &self,
        filter: &AuditFilter,
        cursor: &AuditCursor,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let filter = filter.clone();
        let (bound, ascending) = match cursor {
            AuditCursor::Before(id) => (id.as_deref().map(parse_audit_id).transpose()?, false),
            AuditCursor::After(id) => (id.as_deref().map(parse_audit_id).transpose()?, true),
        };
        self.db
            .read(move |conn| {
                let mut clauses = vec!["1 = 1"];
                let mut args: Vec<Value> = Vec::new();
                if let Some(action) = &filter.action {
                    clauses.push("action = ?");
                    args.push(Value::Text(action.clone()));
                }
                if let Some(target) = &filter.target {
                    clauses.push("target = ?");
                    args.push(Value::Text(target.clone()));
                }
                if let Some(actor) = &filter.actor {
                    clauses.push("actor = ?");
                    args.push(Value::Text(actor.clone()));
                }
                if let Some(since) = filter.since_ms {
                    clauses.push("at_ms >= ?");
                    args.push(Value::Integer(since));
                }
                if let Some(until) = filter.until_ms {
                    clauses.push("at_ms < ?");
                    args.push(Value::Integer(until));
                }
                if let Some(bound) = bound {
                    clauses.push(if ascending { "id > ?" } else { "id < ?" });
                    args.push(Value::Integer(bound));
                }
                args.push(Value::Integer(i64::from(limit)));
                let sql = format!(
                    "SELECT {AUDIT_COLUMNS} FROM audit WHERE {} ORDER BY id {} LIMIT ?",
                    clauses.join(" AND "),
                    if ascending { "ASC" } else { "DESC" }
                );
                let mut stmt = conn.prepare_cached(&sql).map_err(map_err)?;
                stmt.query_map(params_from_iter(args), audit_from_row)
                    .map_err(map_err)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(map_err)
            })
            .await
    }

    async fn audit_overflow(
        &self,
        keep: u64,
        before_ms: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        self.db
            .read(move |conn| {
                let mut stmt = conn
                    .prepare_cached(&format!(
                        "SELECT {AUDIT_COLUMNS} FROM audit
                         WHERE id <= (SELECT coalesce(max(id), 0) FROM audit) - ?1
                            OR at_ms < ?2
                         ORDER BY id LIMIT ?3"
                    ))
                    .map_err(map_err)?;
                stmt.query_map(
                    params![
                        keep.min(i64::MAX as u64) as i64,
                        before_ms.unwrap_or(i64::MIN),
                        limit
                    ],
                    audit_from_row,
                )
                .map_err(map_err)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(map_err)
            })
            .await
    }

    async fn delete_audit_through(&self, through_id: &str) -> Result<u64, StoreError> {
        let through = parse_audit_id(through_id)?;
        self.db
            .write(move |conn| {
                conn.prepare_cached("DELETE FROM audit WHERE id <= ?1")
                    .map_err(map_err)?
                    .execute([through])
                    .map(|n| n as u64)
                    .map_err(map_err)
            })
            .await
    }
}

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
                    )
                    .map_err(map_err)?
                    .execute(params![sweep.terminal_before_ms, sweep.batch])
                    .map_err(map_err)? as u64;
                if let Some(dead_before) = sweep.dead_before_ms {
                    counts.tasks += conn
                        .prepare_cached(
                            "DELETE FROM tasks WHERE seq IN (
                                 SELECT task_seq FROM dlq WHERE failed_at_ms < ?1
                                 ORDER BY seq LIMIT ?2)",
                        )
                        .map_err(map_err)?
                        .execute(params![dead_before, sweep.batch])
                        .map_err(map_err)? as u64;
                }
                counts.idempotency_keys = conn
                    .prepare_cached("DELETE FROM idempotency WHERE expires_at_ms <= ?1")
                    .map_err(map_err)?
                    .execute([sweep.now_ms])
                    .map_err(map_err)? as u64;
                counts.events = conn
                    .prepare_cached(
                        "DELETE FROM events WHERE id <= (SELECT max(id) FROM events) - ?1",
                    )
                    .map_err(map_err)?
                    .execute([sweep.events_keep.min(i64::MAX as u64) as i64])
                    .map_err(map_err)? as u64;
                counts.workers = conn
                    .prepare_cached(
                        "DELETE FROM workers WHERE state IN ('stopped', 'lost')
                         AND last_heartbeat_ms < ?1",
                    )
                    .map_err(map_err)?
                    .execute([sweep.workers_before_ms])
                    .map_err(map_err)? as u64;
                counts.throughput_buckets = conn
                    .prepare_cached("DELETE FROM throughput WHERE minute_ms < ?1")
                    .map_err(map_err)?
                    .execute([sweep.throughput_before_ms])
                    .map_err(map_err)? as u64;
                conn.prepare_cached("DELETE FROM stuck_events WHERE detected_at_ms < ?1")
                    .map_err(map_err)?
                    .execute([sweep.stuck_before_ms])
                    .map_err(map_err)?;
                Ok(counts)
            })
            .await
    }
}
