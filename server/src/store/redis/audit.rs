//! [`AuditStore`] on Redis: the hash-chained audit log, each entry chained onto the head a
//! script checks has not moved.

use async_trait::async_trait;
use redis::AsyncCommands;

use crate::engine::audit::{AuditCursor, AuditFilter, AuditRecord, AuditWrite};
use crate::store::codec::parse_audit_id;
use crate::store::{AuditStore, StoreError};

use super::RedisStore;
use super::records::StoredAudit;

/// How many times an audited write chains again after another writer moved the head (or a
/// planned write found its plan stale) before it gives up.
pub(super) const AUDIT_ATTEMPTS: usize = 100;

/// The error code of a script that found the audit head moved since it was read.
pub(super) const STALE_AUDIT_HEAD: &str = "STALE_AUDIT_HEAD";

/// An audited script's refusal to write, after which the caller reads again and retries.
pub(super) fn is_retry(err: &redis::RedisError) -> bool {
    matches!(err.code(), Some(STALE_AUDIT_HEAD | "STALE_PLAN"))
}

/// The error when every attempt met a moved head.
pub(super) fn too_busy() -> StoreError {
    StoreError::Unavailable("the audit chain is too busy; try again".into())
}

/// A failed audited script: a refusal to write is retried by the caller; anything else means
/// neither the entry nor the mutation was written (the entry is the script's first write).
pub(super) fn audited_error(err: redis::RedisError) -> StoreError {
    match StoreError::from(err) {
        StoreError::Internal(msg) => {
            StoreError::AuditUnavailable(format!("could not write the audit entry: {msg}"))
        }
        other => other,
    }
}

impl RedisStore {
    /// The arguments that make a script write `write` (see `write_audit` in `lua/prelude.lua`),
    /// chained onto the head read now, and the record it becomes (its id comes from the
    /// script). `count` fills the detail's `{count}`.
    pub(super) async fn audit_args(
        &self,
        write: &AuditWrite,
        count: Option<u64>,
    ) -> Result<(Vec<String>, AuditRecord), StoreError> {
        let head: Option<String> = self
            .conn()
            .hget(self.keys.global("coord"), "audit_head")
            .await?;
        let sealed = write.seal(String::new(), head.as_deref(), count);
        let stored = StoredAudit {
            entry: sealed.entry.clone(),
            prev_hash: sealed.prev_hash.clone(),
            hash: sealed.hash.clone(),
        };
        let encoded = serde_json::to_string(&stored).expect("audit entries serialize");
        let args = vec![
            "\0audit".to_string(),
            head.unwrap_or_default(),
            sealed.hash.clone(),
            encoded,
        ];
        Ok((args, sealed))
    }
}

#[async_trait]
impl AuditStore for RedisStore {
    async fn append_audit(&self, write: &AuditWrite) -> Result<AuditRecord, StoreError> {
        // Another node may chain an entry between our read of the head and our write; the
        // script refuses then, and we chain again onto the new head.
        for _ in 0..AUDIT_ATTEMPTS {
            let (args, sealed) = self.audit_args(write, None).await?;
            let result: Result<i64, _> = self
                .invocation(&self.scripts.append_audit, &[], &[])
                .arg(args)
                .invoke_async(&mut self.conn())
                .await;
            match result {
                Ok(id) => {
                    return Ok(AuditRecord {
                        id: id.to_string(),
                        ..sealed
                    });
                }
                Err(e) if is_retry(&e) => continue,
                Err(e) => return Err(audited_error(e)),
            }
        }
        Err(too_busy())
    }

    async fn list_audit(
        &self,
        filter: &AuditFilter,
        cursor: &AuditCursor,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let (mut bound, ascending) = match cursor {
            AuditCursor::Before(id) => (id.as_deref().map(parse_audit_id).transpose()?, false),
            AuditCursor::After(id) => (id.as_deref().map(parse_audit_id).transpose()?, true),
        };
        let ids_key = self.keys.global("auditids");
        let mut out = Vec::new();
        while (out.len() as u32) < limit {
            let chunk = (limit as usize - out.len()).max(100);
            let ids: Vec<i64> = if ascending {
                let min = bound.map_or("-inf".to_string(), |b| format!("({b}"));
                self.conn()
                    .zrangebyscore_limit(&ids_key, min, "+inf", 0, chunk as isize)
                    .await?
            } else {
                let max = bound.map_or("+inf".to_string(), |b| format!("({b}"));
                self.conn()
                    .zrevrangebyscore_limit(&ids_key, max, "-inf", 0, chunk as isize)
                    .await?
            };
            if ids.is_empty() {
                break;
            }
            bound = ids.last().copied();
            let raws: Vec<Option<String>> = redis::cmd("HMGET")
                .arg(self.keys.global("audit"))
                .arg(&ids)
                .query_async(&mut self.conn())
                .await?;
            for (id, raw) in ids.iter().zip(raws) {
                let Some(raw) = raw else { continue };
                let stored: StoredAudit = serde_json::from_str(&raw).map_err(|e| {
                    StoreError::Internal(format!("an audit entry is unreadable: {e}"))
                })?;
                let e = &stored.entry;
                let keep = filter.action.as_ref().is_none_or(|a| *a == e.action)
                    && filter.target.as_ref().is_none_or(|t| *t == e.target)
                    && filter.actor.as_ref().is_none_or(|a| *a == e.actor)
                    && filter.since_ms.is_none_or(|s| e.at_ms >= s)
                    && filter.until_ms.is_none_or(|u| e.at_ms < u);
                if keep && (out.len() as u32) < limit {
                    out.push(stored.record(*id));
                }
            }
        }
        Ok(out)
    }

    async fn audit_overflow(
        &self,
        keep: u64,
        before_ms: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let ids_key = self.keys.global("auditids");
        let newest: Vec<i64> = self.conn().zrevrange(&ids_key, 0, 0).await?;
        let Some(max) = newest.first().copied() else {
            return Ok(Vec::new());
        };
        let through = max - keep.min(i64::MAX as u64) as i64;
        let ids: Vec<i64> = self.conn().zrange(&ids_key, 0, limit as isize - 1).await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let raws: Vec<Option<String>> = redis::cmd("HMGET")
            .arg(self.keys.global("audit"))
            .arg(&ids)
            .query_async(&mut self.conn())
            .await?;
        let mut out = Vec::new();
        for (id, raw) in ids.iter().zip(raws) {
            let Some(raw) = raw else { continue };
            let stored: StoredAudit = serde_json::from_str(&raw)
                .map_err(|e| StoreError::Internal(format!("an audit entry is unreadable: {e}")))?;
            if *id <= through || before_ms.is_some_and(|b| stored.entry.at_ms < b) {
                out.push(stored.record(*id));
            }
        }
        Ok(out)
    }

    async fn delete_audit_through(&self, through_id: &str) -> Result<u64, StoreError> {
        let through = parse_audit_id(through_id)?;
        let n: i64 = self
            .invocation(&self.scripts.delete_audit, &[], &[])
            .arg(through)
            .invoke_async(&mut self.conn())
            .await?;
        Ok(n.max(0) as u64)
    }
}
