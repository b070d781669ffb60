//! [`BulkStore`] on SQLite: bulk operation records in `bulk_ops` (JSON under a revision), and
//! candidate scans over `tasks` by `seq` and over `dlq` by its own `seq` (AUTOINCREMENT, so a
//! position is never reused and an entry that arrives later always sorts above the snapshot).

use async_trait::async_trait;
use rusqlite::{OptionalExtension, params, params_from_iter, types::Value};

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::bulk::{
    BulkCandidate, BulkOp, BulkPage, BulkScan, BulkState, BulkTarget, BulkWrite,
};
use crate::engine::model::{DlqFilter, HandlerName, QueueName, TaskId};
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::audit::insert_audit;
use crate::store::sqlite::dlq::dlq_query;
use crate::store::sqlite::rows::{state_from_code, state_terms, tasks_source};
use crate::store::{BulkStore, StoreError};

/// A `LIKE … ESCAPE '\\'` pattern that finds `text` as it is, anywhere.
pub(super) fn like(text: &str) -> Value {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Value::Text(format!("%{escaped}%"))
}

fn decode(body: &str) -> Result<BulkOp, StoreError> {
    serde_json::from_str(body)
        .map_err(|e| StoreError::Internal(format!("a bulk operation record is unreadable: {e}")))
}

#[async_trait]
impl BulkStore for SqliteStore {
    async fn bulk_candidates(&self, scan: &BulkScan) -> Result<BulkPage, StoreError> {
        let scan = scan.clone();
        self.db
            .read(move |conn| {
                let f = &scan.filter;
                let below = scan.below.unwrap_or(i64::MAX);
                let (sql, mut args) = match scan.target {
                    BulkTarget::Tasks => {
                        let mut clauses = vec!["t.seq < ?", "t.created_at_ms < ?"];
                        let mut args = vec![Value::Integer(below), Value::Integer(scan.before_ms)];
                        if let Some(q) = &f.queue {
                            clauses.push("t.queue = ?");
                            args.push(Value::Text(q.as_str().into()));
                        }
                        if let Some(s) = f.state {
                            let (terms, bound) = state_terms(s, true);
                            clauses.push(terms);
                            args.extend(bound);
                        }
                        if let Some(h) = &f.handler {
                            clauses.push("t.handler = ?");
                            args.push(Value::Text(h.as_str().into()));
                        }
                        if let Some(text) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                            clauses.push(
                                "(t.id LIKE ? ESCAPE '\\' OR t.handler LIKE ? ESCAPE '\\' OR coalesce(t.last_error, '') LIKE ? ESCAPE '\\')",
                            );
                            for _ in 0..3 {
                                args.push(like(text));
                            }
                        }
                        if let Some(fp) = &f.fingerprint {
                            clauses.push("t.seq IN (SELECT task_seq FROM dlq WHERE fingerprint = ?)");
                            args.push(Value::Text(fp.clone()));
                        }
                        (
                            format!(
                                "SELECT t.seq, t.id, t.queue, t.handler, t.state FROM {}
                                 WHERE {} ORDER BY t.seq DESC LIMIT ?",
                                tasks_source(f.state, "t"),
                                clauses.join(" AND ")
                            ),
                            args,
                        )
                    }
                    BulkTarget::Dlq => {
                        let query = dlq_query(&DlqFilter {
                            queue: f.queue.clone(),
                            handler: f.handler.clone(),
                            query: f.text.clone(),
                            fingerprint: f.fingerprint.clone(),
                            failed_before_ms: None,
                        });
                        let mut args = query.args;
                        args.push(Value::Integer(below));
                        args.push(Value::Integer(scan.before_ms));
                        let extra = "d.seq < ? AND d.failed_at_ms < ?";
                        let where_sql = if query.where_sql.is_empty() {
                            format!("WHERE {extra}")
                        } else {
                            format!("{} AND {extra}", query.where_sql)
                        };
                        (
                            format!(
                                "SELECT d.seq, d.task_id, d.queue, d.handler, 5 FROM {} {where_sql}
                                 ORDER BY d.seq DESC LIMIT ?",
                                query.from
                            ),
                            args,
                        )
                    }
                };
                args.push(Value::Integer(i64::from(scan.limit.max(1))));
                let rows = conn
                    .prepare(&sql)?
                    .query_map(params_from_iter(args), |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            BulkCandidate {
                                id: TaskId::from_trusted(r.get(1)?),
                                queue: QueueName::from_trusted(r.get(2)?),
                                handler: HandlerName::from_trusted(r.get(3)?),
                                state: state_from_code(r.get(4)?)?,
                            },
                        ))
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                // Fewer than asked: nothing is left below the last one.
                let next = if rows.len() < scan.limit.max(1) as usize {
                    None
                } else {
                    rows.last().map(|(seq, _)| *seq)
                };
                Ok(BulkPage {
                    items: rows.into_iter().map(|(_, c)| c).collect(),
                    next,
                })
            })
            .await
    }

    async fn write_bulk_op(
        &self,
        op: &BulkOp,
        audit: Option<&AuditWrite>,
    ) -> Result<BulkWrite<Option<AuditRecord>>, StoreError> {
        let mut stored = op.clone();
        stored.revision = op.revision + 1;
        let body = serde_json::to_string(&stored)
            .map_err(|e| StoreError::Internal(format!("a bulk operation does not encode: {e}")))?;
        let audit = audit.cloned();
        self.db
            .write(move |conn| {
                let current: i64 = conn
                    .prepare_cached("SELECT revision FROM bulk_ops WHERE id = ?1")?
                    .query_row([stored.id.as_str()], |r| r.get(0))
                    .optional()?
                    .unwrap_or(0);
                if current != op_revision(&stored) {
                    return Ok(BulkWrite::Stale);
                }
                // The running index and the finish time follow the record, for the runner and
                // for retention.
                conn.prepare_cached(
                    "INSERT INTO bulk_ops (id, created_at_ms, revision, body, running, closed_at_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, body = excluded.body,
                         running = excluded.running, closed_at_ms = excluded.closed_at_ms",
                )?
                .execute(params![
                    stored.id,
                    stored.created_at_ms,
                    stored.revision as i64,
                    body,
                    stored.state == BulkState::Running,
                    stored.closed_at_ms(),
                ])?;
                // Same savepoint: an entry that cannot be written rolls the change back.
                let record = audit
                    .map(|a| insert_audit(conn, &a, None))
                    .transpose()?;
                Ok(BulkWrite::Written(record))
            })
            .await
    }

    async fn get_bulk_op(&self, id: &str) -> Result<Option<BulkOp>, StoreError> {
        let id = id.to_string();
        self.db
            .read(move |conn| {
                conn.prepare_cached("SELECT body FROM bulk_ops WHERE id = ?1")?
                    .query_row([id.as_str()], |r| r.get::<_, String>(0))
                    .optional()?
                    .map(|b| decode(&b))
                    .transpose()
            })
            .await
    }

    async fn list_bulk_ops(&self, limit: u32) -> Result<Vec<BulkOp>, StoreError> {
        self.db
            .read(move |conn| {
                let bodies = conn
                    .prepare_cached(
                        "SELECT body FROM bulk_ops ORDER BY created_at_ms DESC, id DESC LIMIT ?1",
                    )?
                    .query_map([i64::from(limit)], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()?;
                bodies.iter().map(|b| decode(b)).collect()
            })
            .await
    }

    async fn running_bulk_ops(&self) -> Result<Vec<BulkOp>, StoreError> {
        self.db
            .read(move |conn| {
                let bodies = conn
                    .prepare_cached("SELECT body FROM bulk_ops WHERE running = 1")?
                    .query_map([], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()?;
                bodies.iter().map(|b| decode(b)).collect()
            })
            .await
    }

    async fn prune_bulk_ops(&self, finished_before_ms: i64, keep: u32) -> Result<u64, StoreError> {
        self.db
            .write(move |conn| {
                let n = conn
                    .prepare_cached(
                        "DELETE FROM bulk_ops WHERE closed_at_ms IS NOT NULL AND (closed_at_ms < ?1
                         OR id NOT IN (SELECT id FROM bulk_ops ORDER BY created_at_ms DESC, id DESC LIMIT ?2))",
                    )?
                    .execute(params![finished_before_ms, i64::from(keep)])?;
                Ok(n as u64)
            })
            .await
    }
}

/// The revision a write expects stored: the one it read.
fn op_revision(stored: &BulkOp) -> i64 {
    stored.revision as i64 - 1
}
