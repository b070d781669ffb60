//! The dead-letter queue: listing it (the plans are in `dlq_listing.rs`; `dlq_query` is the
//! bulk scan's filter), replaying and purging dead tasks.

use async_trait::async_trait;
use rusqlite::{OptionalExtension, params, types::Value};

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::listing::{DlqPage, DlqStart};
use crate::engine::model::{
    DlqEntry, DlqFilter, DlqGroupRecord, HandlerName, QueueName, ReplayOutcome, TaskId, TaskState,
};
use crate::store::sqlite::audit::insert_audit;
use crate::store::sqlite::rows;
use crate::store::sqlite::{RESET_TO_PENDING, SqliteStore, task_seq_state};
use crate::store::{DlqPurge, DlqStore, StoreError};

/// The SQL pieces of a DLQ listing: rows of `dlq d`, driven by the trigram index when the
/// text query can use it, so broad matches are read newest first without materializing them.
pub(super) struct DlqQuery {
    pub(super) from: &'static str,
    pub(super) where_sql: String,
    pub(super) args: Vec<Value>,
}

pub(super) fn dlq_query(filter: &DlqFilter) -> DlqQuery {
    let mut clauses = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let mut from = "dlq d";
    if let Some(query) = super::dlq_listing::text_of(filter) {
        if query.chars().count() >= 3 {
            // The trigram index finds substrings of three characters or more; as a phrase, any
            // character is taken literally. Its rowids are the negated sequences (0011).
            from = "dlq_fts f JOIN dlq d ON d.seq = -f.rowid";
            clauses.push("dlq_fts MATCH ?".to_string());
            args.push(super::dlq_listing::fts_phrase(query));
        } else {
            // Shorter text cannot use trigrams; a scan over the DLQ's own table does.
            clauses.push(super::dlq_listing::like_clause(query, &mut args));
        }
    }
    if let Some(queue) = &filter.queue {
        clauses.push("d.queue = ?".to_string());
        args.push(Value::Text(queue.as_str().to_string()));
    }
    if let Some(handler) = &filter.handler {
        clauses.push("d.handler = ?".to_string());
        args.push(Value::Text(handler.as_str().to_string()));
    }
    if let Some(fingerprint) = &filter.fingerprint {
        clauses.push("d.fingerprint = ?".to_string());
        args.push(Value::Text(fingerprint.clone()));
    }
    if let Some(before) = filter.failed_before_ms {
        clauses.push("d.failed_at_ms < ?".to_string());
        args.push(Value::Integer(before));
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

#[async_trait]
impl DlqStore for SqliteStore {
    async fn list_dlq_page(
        &self,
        filter: &DlqFilter,
        limit: u32,
        start: DlqStart,
    ) -> Result<DlqPage, StoreError> {
        let filter = filter.clone();
        let known = std::sync::Arc::clone(&self.dlq_filters);
        self.db
            .read(move |conn| {
                super::dlq_listing::list(conn, &known, &filter, limit, start, |conn, seqs| {
                    // The page's entries in one statement: its sequences as a JSON array.
                    let list = format!(
                        "[{}]",
                        seqs.iter()
                            .map(i64::to_string)
                            .collect::<Vec<_>>()
                            .join(",")
                    );
                    Ok(conn
                        .prepare_cached(&format!(
                            "SELECT {DLQ_COLUMNS} FROM dlq d JOIN tasks t ON t.seq = d.task_seq
                             WHERE d.seq IN (SELECT value FROM json_each(?1))
                             ORDER BY d.seq DESC"
                        ))?
                        .query_map([list], dlq_from_row)?
                        .collect::<Result<Vec<_>, _>>()?)
                })
            })
            .await
    }

    async fn get_dlq_entry(&self, id: &TaskId) -> Result<Option<DlqEntry>, StoreError> {
        let id = id.clone();
        self.db
            .read(move |conn| {
                Ok(conn
                    .prepare_cached(&format!(
                        "SELECT {DLQ_COLUMNS} FROM dlq d JOIN tasks t ON t.seq = d.task_seq
                     WHERE d.task_id = ?1"
                    ))?
                    .query_row([id.as_str()], dlq_from_row)
                    .optional()?)
            })
            .await
    }

    // The count of a replay is known only inside the write; the store fills it into the entry's
    // detail there, in the same transaction (see `AuditWrite::seal`).
    async fn replay_oldest(
        &self,
        limit: u32,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<(Vec<TaskId>, AuditRecord), StoreError> {
        let audit = audit.clone();
        self.db
            .write(move |conn| {
                let mut stmt = conn.prepare_cached(&format!(
                    "UPDATE tasks SET {RESET_TO_PENDING}
                         WHERE seq IN (SELECT task_seq FROM dlq ORDER BY seq LIMIT ?2)
                         RETURNING id"
                ))?;
                let ids = stmt
                    .query_map(params![now_ms, limit], |r| {
                        Ok(TaskId::from_trusted(r.get(0)?))
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                let record = insert_audit(conn, &audit, Some(ids.len() as u64))?;
                Ok((ids, record))
            })
            .await
    }

    async fn replay_ids(
        &self,
        ids: &[TaskId],
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<(Vec<ReplayOutcome>, AuditRecord), StoreError> {
        let ids = ids.to_vec();
        let audit = audit.clone();
        self.db
            .write(move |conn| {
                let mut out = Vec::with_capacity(ids.len());
                for id in &ids {
                    let outcome = match task_seq_state(conn, id)? {
                        None => ReplayOutcome::NotFound,
                        Some((seq, TaskState::Dead, _)) => {
                            conn.prepare_cached(&format!(
                                "UPDATE tasks SET {RESET_TO_PENDING} WHERE seq = ?2"
                            ))?
                            .execute(params![now_ms, seq])?;
                            ReplayOutcome::Replayed
                        }
                        Some((_, state, _)) => ReplayOutcome::NotDead(state),
                    };
                    out.push(outcome);
                }
                let moved = out
                    .iter()
                    .filter(|o| **o == ReplayOutcome::Replayed)
                    .count();
                let record = insert_audit(conn, &audit, Some(moved as u64))?;
                Ok((out, record))
            })
            .await
    }

    async fn purge_dlq(&self, purge: &DlqPurge) -> Result<u64, StoreError> {
        let purge = purge.clone();
        self.db
            .write(move |conn| {
                let n = match (&purge.ids, &purge.queue) {
                    (Some(ids), queue) => {
                        let mut stmt = conn.prepare_cached(
                            "DELETE FROM tasks WHERE id = ?1 AND state = 5
                                 AND (?2 IS NULL OR queue = ?2)",
                        )?;
                        let mut n = 0;
                        for id in ids {
                            n += stmt.execute(params![
                                id.as_str(),
                                queue.as_ref().map(|q| q.as_str())
                            ])?;
                        }
                        n
                    }
                    (None, queue) => conn
                        .prepare_cached(
                            "DELETE FROM tasks WHERE seq IN (
                                 SELECT task_seq FROM dlq WHERE (?1 IS NULL OR queue = ?1)
                                 ORDER BY seq LIMIT ?2)",
                        )?
                        .execute(params![queue.as_ref().map(|q| q.as_str()), purge.limit])?,
                };
                Ok(n as u64)
            })
            .await
    }

    async fn dlq_groups(
        &self,
        queue: Option<&QueueName>,
        handler: Option<&HandlerName>,
    ) -> Result<Vec<DlqGroupRecord>, StoreError> {
        let queue = queue.map(|q| q.as_str().to_owned());
        let handler = handler.map(|h| h.as_str().to_owned());
        self.db
            .read(move |conn| {
                let rows = conn
                    .prepare_cached(
                        "SELECT queue, handler, fingerprint, n, first_failed_ms, last_failed_ms,
                                sample_task_id, sample_error
                         FROM dlq_groups
                         WHERE (?1 IS NULL OR queue = ?1) AND (?2 IS NULL OR handler = ?2)
                           AND n > 0",
                    )?
                    .query_map(params![queue, handler], |r| {
                        Ok(DlqGroupRecord {
                            queue: QueueName::from_trusted(r.get(0)?),
                            handler: HandlerName::from_trusted(r.get(1)?),
                            fingerprint: r.get(2)?,
                            count: r.get::<_, i64>(3)?.max(0) as u64,
                            first_failed_ms: r.get(4)?,
                            last_failed_ms: r.get(5)?,
                            sample_task_id: TaskId::from_trusted(r.get(6)?),
                            sample_error: r.get(7)?,
                        })
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(rows)
            })
            .await
    }
}
