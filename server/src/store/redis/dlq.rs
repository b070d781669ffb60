//! [`DlqStore`] on Redis: listing (`dlq_listing.rs`), replaying and purging dead tasks through
//! the global, per-queue and per-handler DLQ indexes.

use async_trait::async_trait;
use redis::AsyncCommands;

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::listing::{DlqPage, DlqStart};
use crate::engine::model::{
    DlqEntry, DlqFilter, DlqGroupRecord, HandlerName, QueueName, ReplayOutcome, TaskId, TaskState,
};
use crate::store::codec::state_code;
use crate::store::{DlqPurge, DlqStore, StoreError};

use super::RedisStore;
use super::audit::{AUDIT_ATTEMPTS, audited_error, is_retry, too_busy};
use super::records::{array, int, state_from_code, text};

#[async_trait]
impl DlqStore for RedisStore {
    async fn list_dlq_page(
        &self,
        filter: &DlqFilter,
        limit: u32,
        start: DlqStart,
    ) -> Result<DlqPage, StoreError> {
        self.list_dlq_page_impl(filter, limit, start).await
    }

    async fn get_dlq_entry(&self, id: &TaskId) -> Result<Option<DlqEntry>, StoreError> {
        Ok(self
            .record(id.as_str())
            .await?
            .filter(|r| r.state == 5)
            .map(|r| r.dlq_entry()))
    }

    async fn replay_oldest(
        &self,
        limit: u32,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<(Vec<TaskId>, AuditRecord), StoreError> {
        for _ in 0..AUDIT_ATTEMPTS {
            let ids: Vec<String> = if limit == 0 {
                Vec::new()
            } else {
                self.conn()
                    .zrange(self.keys.global("dlq"), 0, limit as isize - 1)
                    .await?
            };
            let Some((outcomes, record)) = self.replay_planned(&ids, now_ms, audit).await? else {
                continue;
            };
            let replayed = ids
                .into_iter()
                .zip(outcomes)
                .filter(|(_, o)| text(o) == "R")
                .map(|(id, _)| TaskId::from_trusted(id))
                .collect();
            return Ok((replayed, record));
        }
        Err(too_busy())
    }

    async fn replay_ids(
        &self,
        ids: &[TaskId],
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<(Vec<ReplayOutcome>, AuditRecord), StoreError> {
        let ids: Vec<String> = ids.iter().map(|i| i.as_str().to_string()).collect();
        for _ in 0..AUDIT_ATTEMPTS {
            let Some((outcomes, record)) = self.replay_planned(&ids, now_ms, audit).await? else {
                continue;
            };
            let outcomes = outcomes
                .iter()
                .map(|o| {
                    Ok(match text(o).as_str() {
                        "R" => ReplayOutcome::Replayed,
                        "N" => ReplayOutcome::NotFound,
                        code => {
                            ReplayOutcome::NotDead(state_from_code(code.parse().unwrap_or(-1))?)
                        }
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            return Ok((outcomes, record));
        }
        Err(too_busy())
    }

    async fn purge_dlq(&self, purge: &DlqPurge) -> Result<u64, StoreError> {
        let queue = purge
            .queue
            .as_ref()
            .map(|q| q.as_str().to_string())
            .unwrap_or_default();
        let ids: Vec<String> = match &purge.ids {
            Some(ids) => ids.iter().map(|i| i.as_str().to_string()).collect(),
            None => {
                let set = if queue.is_empty() {
                    self.keys.global("dlq")
                } else {
                    self.keys.queue_key(&queue, "dlq")
                };
                self.conn()
                    .zrange(set, 0, purge.limit.max(1) as isize - 1)
                    .await?
            }
        };
        if ids.is_empty() {
            return Ok(0);
        }
        let n = self
            .by_placement(&self.scripts.delete, &["1".to_string(), queue], &ids)
            .await?;
        Ok(int(&n).max(0) as u64)
    }

    async fn dlq_groups(
        &self,
        queue: Option<&QueueName>,
        handler: Option<&HandlerName>,
    ) -> Result<Vec<DlqGroupRecord>, StoreError> {
        let all: Vec<(String, String)> = self.conn().hgetall(self.keys.global("dlqgroups")).await?;
        let mut out = Vec::new();
        for (field, raw) in all {
            let mut parts = field.splitn(3, '\u{1f}');
            let (Some(q), Some(h), Some(fp)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(StoreError::Internal(format!(
                    "a DLQ group field is malformed: {field:?}"
                )));
            };
            if queue.is_some_and(|want| want.as_str() != q)
                || handler.is_some_and(|want| want.as_str() != h)
            {
                continue;
            }
            let g: serde_json::Value = serde_json::from_str(&raw)
                .map_err(|e| StoreError::Internal(format!("a DLQ group is malformed: {e}")))?;
            // cjson writes numbers as doubles; the counts and times fit one exactly.
            let num = |k: &str| g.get(k).and_then(serde_json::Value::as_f64).unwrap_or(0.0) as i64;
            let count = num("n");
            if count <= 0 {
                continue;
            }
            out.push(DlqGroupRecord {
                queue: QueueName::from_trusted(q.to_owned()),
                handler: HandlerName::from_trusted(h.to_owned()),
                fingerprint: fp.to_owned(),
                count: count as u64,
                first_failed_ms: num("f"),
                last_failed_ms: num("l"),
                sample_task_id: TaskId::from_trusted(
                    g.get("id")
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_owned(),
                ),
                sample_error: g
                    .get("e")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
        Ok(out)
    }
}

impl RedisStore {
    /// One attempt at a replay and its audit entry in one script. The entry's count must be
    /// known before the script runs (its hash is computed here, with the key the store never
    /// holds), so we plan: read which ids are dead, write the count into the entry, and let the
    /// script refuse the plan if the DLQ changed in between. `None`: stale, read again.
    async fn replay_planned(
        &self,
        ids: &[String],
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(Vec<redis::Value>, AuditRecord)>, StoreError> {
        let dead = self
            .records(ids)
            .await?
            .iter()
            .filter(|r| {
                r.as_ref()
                    .is_some_and(|r| r.state == state_code(TaskState::Dead))
            })
            .count();
        let (mut head, sealed) = self.audit_args(audit, Some(dead as u64)).await?;
        head.push(now_ms.to_string());
        head.push(dead.to_string());
        let value = match self
            .by_placement_raw(&self.scripts.replay, &head, ids)
            .await?
        {
            Ok(value) => value,
            Err(e) if is_retry(&e) => return Ok(None),
            Err(e) => return Err(audited_error(e)),
        };
        let mut parts = array(value).into_iter();
        let id = parts.next().map(|v| int(&v)).unwrap_or_default();
        let outcomes = parts.next().map(array).unwrap_or_default();
        let record = AuditRecord {
            id: id.to_string(),
            ..sealed
        };
        Ok(Some((outcomes, record)))
    }
}
