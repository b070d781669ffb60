//! Coordination: the single `coordination` row holding the global dequeue pause, the rate
//! bucket and the leader lease.

use async_trait::async_trait;
use rusqlite::{Connection, params};

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::{CoordinationRecord, LeaderRecord};
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::audit::insert_audit;
use crate::store::{CoordinationStore, StoreError};

#[async_trait]
impl CoordinationStore for SqliteStore {
    async fn set_dequeue_paused(
        &self,
        paused: bool,
        _now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<AuditRecord, StoreError> {
        let audit = audit.clone();
        self.db
            .write(move |conn| {
                conn.prepare_cached("UPDATE coordination SET dequeue_paused = ?1 WHERE id = 1")?
                    .execute([paused])?;
                insert_audit(conn, &audit, None)
            })
            .await
    }

    async fn coordination(&self) -> Result<CoordinationRecord, StoreError> {
        self.db.read(coordination_record).await
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
                    )?
                    .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
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
                )?
                .execute(params![holder, token, expires])?;
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
                )?
                .execute([holder])?;
                Ok(())
            })
            .await
    }
}

/// The coordination row, on a read connection of the caller's.
pub(super) fn coordination_record(conn: &Connection) -> Result<CoordinationRecord, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT dequeue_paused, rate_tokens, rate_updated_at_ms, leader_holder,
                 leader_token, leader_expires_at_ms
             FROM coordination WHERE id = 1",
        )?
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
        })?)
}
