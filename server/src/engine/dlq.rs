//! The dead-letter queue: listing, replay and purge, and the event that announces its changes.

use std::collections::HashSet;

use crate::engine::audit::AuditEntry;
use crate::engine::events::Event;
use crate::engine::listing::{DlqPage, DlqStart};
use crate::engine::model::{
    AttemptError, DlqEntry, DlqFilter, Page, QueueName, ReplayOutcome, TaskId,
};
use crate::engine::{Engine, Error, page_limit};
use crate::store::DlqPurge;

impl Engine {
    /// Newest first; `limit` 0 means the default page, and is capped at [`PAGE_MAX`].
    pub async fn list_dlq(
        &self,
        filter: &DlqFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<DlqEntry>, Error> {
        let page = self
            .list_dlq_page(filter, limit, DlqStart::Offset(offset))
            .await?;
        Ok(Page {
            items: page.items,
            total: page.total,
        })
    }

    /// Newest first from `start` (see [`DlqStart`]); `limit` as [`Engine::list_dlq`]'s.
    pub async fn list_dlq_page(
        &self,
        filter: &DlqFilter,
        limit: u32,
        start: DlqStart,
    ) -> Result<DlqPage, Error> {
        if filter.query.as_ref().is_some_and(|q| q.len() > 256) {
            return Err(Error::invalid(
                "invalid_query",
                "the DLQ query is longer than 256 bytes",
            ));
        }
        // No stored text holds a NUL that a search could mean (names refuse it), and SQLite's
        // text functions and full-text syntax end a string at one: refuse it plainly.
        if filter.query.as_ref().is_some_and(|q| q.contains('\0')) {
            return Err(Error::invalid(
                "invalid_query",
                "the DLQ query must not contain a NUL character",
            ));
        }
        if filter.fingerprint.as_ref().is_some_and(|f| {
            f.len() > crate::engine::fingerprint::FINGERPRINT_MAX || f.contains('\0')
        }) {
            return Err(Error::invalid(
                "invalid_fingerprint",
                "a fingerprint is at most 256 bytes without NUL characters; copy it from the DLQ groups",
            ));
        }
        Ok(self
            .inner
            .store
            .list_dlq_page(filter, page_limit(limit), start)
            .await?)
    }

    pub async fn get_dlq_entry(&self, id: &TaskId) -> Result<(DlqEntry, Vec<AttemptError>), Error> {
        let entry = self.inner.store.get_dlq_entry(id).await?.ok_or_else(|| {
            Error::not_found("dlq_entry_not_found", format!("DLQ entry {id} not found"))
        })?;
        let errors = self
            .inner
            .store
            .get_task(id)
            .await?
            .map(|d| d.errors)
            .unwrap_or_default();
        Ok((entry, errors))
    }

    /// Replays the oldest `limit` DLQ entries (attempts reset, history kept); returns their ids.
    /// `audit` is written with the replay, `{count}` in its detail filled with how many moved.
    pub async fn replay_dlq(&self, limit: u32, audit: AuditEntry) -> Result<Vec<TaskId>, Error> {
        if limit == 0 {
            return Err(Error::invalid(
                "invalid_limit",
                "replay limit must be at least 1",
            ));
        }
        // Which of the entries are job runs, read before the replay moves them out of the DLQ
        // (one cheap read; none per id).
        let jobs = self.dead_job_runs().await;
        let (ids, entry) = self
            .inner
            .store
            .replay_oldest(limit, self.now_ms(), &self.audit_write(audit))
            .await?;
        self.after_replay(ids.len() as u64, "replay").await;
        self.announce_audit(entry).await;
        self.job_runs_requeued(&jobs.filter(&ids)).await;
        Ok(ids)
    }

    /// Replays the given DLQ members; reports what happened to each id, in order. Ids that are
    /// not in the DLQ are left alone.
    /// `audit` is written with the replay, `{count}` in its detail filled with how many moved.
    pub async fn replay_dlq_ids(
        &self,
        ids: &[TaskId],
        audit: AuditEntry,
    ) -> Result<Vec<(TaskId, ReplayOutcome)>, Error> {
        if ids.is_empty() {
            return Err(Error::invalid("missing_ids", "at least one id is required"));
        }
        let mut seen = HashSet::new();
        let unique: Vec<TaskId> = ids.iter().filter(|id| seen.insert(*id)).cloned().collect();
        let jobs = self.dead_job_runs().await;
        let (outcomes, entry) = self
            .inner
            .store
            .replay_ids(&unique, self.now_ms(), &self.audit_write(audit))
            .await?;
        let moved = outcomes
            .iter()
            .filter(|o| **o == ReplayOutcome::Replayed)
            .count() as u64;
        self.after_replay(moved, "replay_ids").await;
        self.announce_audit(entry).await;
        let replayed: Vec<TaskId> = unique
            .iter()
            .zip(&outcomes)
            .filter(|(_, o)| **o == ReplayOutcome::Replayed)
            .map(|(id, _)| id.clone())
            .collect();
        self.job_runs_requeued(&jobs.filter(&replayed)).await;
        Ok(unique.into_iter().zip(outcomes).collect())
    }

    async fn after_replay(&self, moved: u64, action: &str) {
        if moved == 0 {
            return;
        }
        self.inner.counters.lock().expect("counters lock").replay += 1;
        self.dlq_changed(None, action, 0, moved).await;
        self.wake_workers();
    }

    /// Deletes DLQ entries (all, one queue's, or the given ids); returns how many.
    pub async fn purge_dlq(
        &self,
        queue: Option<&QueueName>,
        ids: Option<&[TaskId]>,
    ) -> Result<u64, Error> {
        const CHUNK: u32 = 5_000;
        let mut total = 0;
        loop {
            let n = self
                .inner
                .store
                .purge_dlq(&DlqPurge {
                    queue: queue.cloned(),
                    ids: ids.map(<[TaskId]>::to_vec),
                    limit: CHUNK,
                })
                .await?;
            total += n;
            if ids.is_some() || n < u64::from(CHUNK) {
                break;
            }
        }
        self.dlq_changed(queue, "purge", 0, total).await;
        Ok(total)
    }

    pub(super) async fn dlq_changed(
        &self,
        queue: Option<&QueueName>,
        action: &str,
        added: u64,
        removed: u64,
    ) {
        if added == 0 && removed == 0 {
            return;
        }
        self.append(Event::DlqChanged {
            queue: queue.map(ToString::to_string),
            action: action.into(),
            added,
            removed,
        })
        .await;
    }
}
