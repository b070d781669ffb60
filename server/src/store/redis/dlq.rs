//! [`DlqStore`] on Redis: listing, replaying and purging dead tasks through the global,
//! per-queue and per-handler DLQ indexes.

use async_trait::async_trait;
use redis::AsyncCommands;

use crate::engine::model::{DlqEntry, DlqFilter, Page, ReplayOutcome, TaskId};
use crate::store::{DlqPurge, DlqStore, StoreError};

use super::RedisStore;
use super::records::{Rec, array, int, state_from_code, text};

#[async_trait]
impl DlqStore for RedisStore {
    async fn list_dlq(
        &self,
        filter: &DlqFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<DlqEntry>, StoreError> {
        let text = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty());
        // The narrowest index: the queue's or the handler's DLQ, else the whole DLQ.
        let (set, handler) = match (&filter.queue, &filter.handler) {
            (Some(q), h) => (
                self.keys.queue_key(q.as_str(), "dlq"),
                h.as_ref().map(|h| h.as_str()),
            ),
            (None, Some(h)) => (self.keys.handler_dlq(h.as_str()), None),
            (None, None) => (self.keys.global("dlq"), None),
        };
        let (recs, total) = if handler.is_none() && text.is_none() {
            self.page_of(&set, limit, offset).await?
        } else {
            self.scan(&set, handler, text, limit, offset).await?
        };
        Ok(Page {
            items: recs
                .iter()
                .filter(|r| r.state == 5)
                .map(Rec::dlq_entry)
                .collect(),
            total,
        })
    }

    async fn get_dlq_entry(&self, id: &TaskId) -> Result<Option<DlqEntry>, StoreError> {
        Ok(self
            .record(id.as_str())
            .await?
            .filter(|r| r.state == 5)
            .map(|r| r.dlq_entry()))
    }

    async fn replay_oldest(&self, limit: u32, now_ms: i64) -> Result<Vec<TaskId>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = self
            .conn()
            .zrange(self.keys.global("dlq"), 0, limit as isize - 1)
            .await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let out = array(
            self.by_placement(&self.scripts.replay, &[now_ms.to_string()], &ids)
                .await?,
        );
        Ok(ids
            .into_iter()
            .zip(out)
            .filter(|(_, o)| text(o) == "R")
            .map(|(id, _)| TaskId::from_trusted(id))
            .collect())
    }

    async fn replay_ids(
        &self,
        ids: &[TaskId],
        now_ms: i64,
    ) -> Result<Vec<ReplayOutcome>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = ids.iter().map(|i| i.as_str().to_string()).collect();
        let out = array(
            self.by_placement(&self.scripts.replay, &[now_ms.to_string()], &ids)
                .await?,
        );
        out.iter()
            .map(|o| {
                Ok(match text(o).as_str() {
                    "R" => ReplayOutcome::Replayed,
                    "N" => ReplayOutcome::NotFound,
                    code => ReplayOutcome::NotDead(state_from_code(code.parse().unwrap_or(-1))?),
                })
            })
            .collect()
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
}
