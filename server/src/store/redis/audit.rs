//! [`AuditStore`] on Redis: the hash-chained audit log, each entry chained onto the head a
//! script checks has not moved.

use async_trait::async_trait;
use redis::AsyncCommands;

use crate::engine::audit::{self, AuditCursor, AuditEntry, AuditFilter, AuditRecord};
use crate::store::codec::parse_audit_id;
use crate::store::{AuditStore, StoreError};

use super::RedisStore;
use super::records::StoredAudit;

#[async_trait]
impl AuditStore for RedisStore {
    async fn append_audit(&self, entry: AuditEntry) -> Result<AuditRecord, StoreError> {
        // Another node may chain an entry between our read of the head and our write; the
        // script refuses then, and we chain again onto the new head.
        for _ in 0..100 {
            let head: Option<String> = self
                .conn()
                .hget(self.keys.global("coord"), "audit_head")
                .await?;
            let prev_hash = head
                .clone()
                .unwrap_or_else(|| audit::GENESIS_HASH.to_string());
            let hash = audit::chain_hash(&prev_hash, &entry);
            let stored = StoredAudit {
                entry: entry.clone(),
                prev_hash: prev_hash.clone(),
                hash: hash.clone(),
            };
            let encoded = serde_json::to_string(&stored).expect("audit entries serialize");
            let id: Option<i64> = self
                .invocation(&self.scripts.append_audit, &[], &[])
                .arg(head.unwrap_or_default())
                .arg(&hash)
                .arg(&encoded)
                .invoke_async(&mut self.conn())
                .await?;
            if let Some(id) = id {
                return Ok(AuditRecord {
                    id: id.to_string(),
                    entry,
                    prev_hash,
                    hash,
                });
            }
        }
        Err(StoreError::Unavailable(
            "the audit chain is too busy; try again".into(),
        ))
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
