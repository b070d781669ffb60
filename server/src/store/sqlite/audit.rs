//! The audit log: appending hash-chained entries, listing them, and trimming the overflow.

use async_trait::async_trait;
use rusqlite::{params, params_from_iter, types::Value};

use crate::engine::audit::{AuditCursor, AuditEntry, AuditFilter, AuditRecord, AuditWrite};
use crate::store::codec::parse_audit_id;
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::rows::{self, encode_metadata};
use crate::store::{AuditStore, StoreError};

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

/// Writes `write` chained onto the stored head, inside the caller's savepoint: every mutation
/// that is audited calls this in its own write, so the mutation and its entry commit together or
/// roll back together. `count` fills the detail's `{count}`. Any failure here is
/// `AuditUnavailable`, and the caller's `?` rolls the whole operation back.
pub(crate) fn insert_audit(
    conn: &rusqlite::Connection,
    write: &AuditWrite,
    count: Option<u64>,
) -> Result<AuditRecord, StoreError> {
    let unavailable = |e: rusqlite::Error| {
        StoreError::AuditUnavailable(format!("could not write the audit entry: {e}"))
    };
    let head: Option<String> = conn
        .prepare_cached("SELECT audit_head FROM coordination WHERE id = 1")
        .and_then(|mut s| s.query_row([], |r| r.get(0)))
        .map_err(unavailable)?;
    let sealed = write.seal(String::new(), head.as_deref(), count);
    let entry = &sealed.entry;
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO audit (at_ms, actor, role, request_id, action, target, status,
                 payload_hash, detail, metadata, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
        )
        .and_then(|mut s| {
            s.query_row(
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
                    sealed.prev_hash,
                    sealed.hash
                ],
                |r| r.get(0),
            )
        })
        .map_err(unavailable)?;
    conn.prepare_cached("UPDATE coordination SET audit_head = ?1 WHERE id = 1")
        .and_then(|mut s| s.execute([&sealed.hash]))
        .map_err(unavailable)?;
    Ok(AuditRecord {
        id: id.to_string(),
        ..sealed
    })
}

#[async_trait]
impl AuditStore for SqliteStore {
    async fn append_audit(&self, write: &AuditWrite) -> Result<AuditRecord, StoreError> {
        let write = write.clone();
        self.db
            .write(move |conn| insert_audit(conn, &write, None))
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
                let mut stmt = conn.prepare_cached(&sql)?;
                let records = stmt
                    .query_map(params_from_iter(args), audit_from_row)?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(records)
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
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT {AUDIT_COLUMNS} FROM audit
                         WHERE id <= (SELECT coalesce(max(id), 0) FROM audit) - ?1
                            OR at_ms < ?2
                         ORDER BY id LIMIT ?3"
                ))?;
                let records = stmt
                    .query_map(
                        params![
                            keep.min(i64::MAX as u64) as i64,
                            before_ms.unwrap_or(i64::MIN),
                            limit
                        ],
                        audit_from_row,
                    )?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(records)
            })
            .await
    }

    async fn delete_audit_through(&self, through_id: &str) -> Result<u64, StoreError> {
        let through = parse_audit_id(through_id)?;
        self.db
            .write(move |conn| {
                Ok(conn
                    .prepare_cached("DELETE FROM audit WHERE id <= ?1")?
                    .execute([through])
                    .map(|n| n as u64)?)
            })
            .await
    }
}
