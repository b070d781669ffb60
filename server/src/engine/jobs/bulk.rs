//! What an operator's bulk actions on tasks do to the job runs among them, without a read per
//! task: a delete of waiting tasks (or of their queue, forced) cancels their runs (no worker will ever pick them up to say
//! so), and a DLQ replay takes its failed runs back to queued. Each finds the job runs among
//! its ids with one listing (the runs still queued; the DLQ's `job_runner` entries, counted
//! first from the DLQ's groups, which cost O(groups)) and reads per id only when that listing
//! would be too long. Best effort after the tasks' own change, as the rest of `lifecycle.rs`.

use std::collections::HashSet;

use crate::engine::jobs::model::{JobEventStatus, JobRunRecord, JobRunStatus};
use crate::engine::jobs::runs::{JOB_RUNNER_HANDLER, job_event};
use crate::engine::model::{DlqFilter, HandlerName, QueueName, TaskId};
use crate::engine::{Engine, PAGE_MAX};
use crate::store::{DlqListing, JobRunWrite};

/// Pages of queued runs a delete reads before it reads its ids one by one instead.
const QUEUED_PAGES: usize = 5;

/// Which of a replay's ids can be job runs, known before the replay.
#[derive(Debug)]
pub(crate) enum DeadJobRuns {
    /// The DLQ holds no `job_runner` task: nothing to read afterwards.
    None,
    /// These ids, and no other.
    Among(HashSet<TaskId>),
    /// Too many to list: every replayed id is read.
    Unknown,
}

impl DeadJobRuns {
    /// The ids of `replayed` that may be job runs.
    pub(crate) fn filter(&self, replayed: &[TaskId]) -> Vec<TaskId> {
        match self {
            DeadJobRuns::None => Vec::new(),
            DeadJobRuns::Among(ids) => replayed
                .iter()
                .filter(|id| ids.contains(*id))
                .cloned()
                .collect(),
            DeadJobRuns::Unknown => replayed.to_vec(),
        }
    }
}

impl Engine {
    /// The `job_runner` tasks in the DLQ now, before a replay moves them out of it.
    pub(crate) async fn dead_job_runs(&self) -> DeadJobRuns {
        let Ok(handler) = HandlerName::new(JOB_RUNNER_HANDLER) else {
            return DeadJobRuns::Unknown;
        };
        let store = &self.inner.store;
        let total: u64 = match store.dlq_groups(None, Some(&handler)).await {
            Ok(groups) => groups.iter().map(|g| g.count).sum(),
            Err(e) => {
                tracing::debug!(error = %e, "job runs: the DLQ's groups unreadable");
                return DeadJobRuns::Unknown;
            }
        };
        if total == 0 {
            return DeadJobRuns::None;
        }
        if total > u64::from(PAGE_MAX) {
            return DeadJobRuns::Unknown;
        }
        let filter = DlqFilter {
            handler: Some(handler),
            ..DlqFilter::default()
        };
        match store.list_dlq(&filter, PAGE_MAX, 0).await {
            Ok(page) => DeadJobRuns::Among(page.items.into_iter().map(|e| e.id).collect()),
            Err(e) => {
                tracing::debug!(error = %e, "job runs: the DLQ unreadable");
                DeadJobRuns::Unknown
            }
        }
    }

    /// Tasks were deleted (none of them running): a job run among them that was waiting is
    /// marked cancelled with its event, as a cancel of a waiting run is.
    pub(crate) async fn job_runs_deleted(&self, ids: &[TaskId]) {
        if ids.is_empty() {
            return;
        }
        for run in self.waiting_runs_among(ids).await {
            self.cancel_waiting_run(run, "cancelled: its task was deleted before it ran")
                .await;
        }
    }

    /// A queue was deleted with its tasks (forced): its waiting job runs, whose task went with
    /// it, are cancelled as a delete of their tasks cancels them. Bounded as
    /// `waiting_runs_among`'s listing is; a run whose task still exists is left alone.
    pub(crate) async fn job_runs_of_deleted_queue(&self, queue: &QueueName) {
        let store = &self.inner.store;
        let mut cursor = None;
        let mut gone = Vec::new();
        for _ in 0..QUEUED_PAGES {
            let page = match store
                .list_job_runs(None, Some(JobRunStatus::Queued), cursor.as_ref(), PAGE_MAX)
                .await
            {
                Ok(page) => page,
                Err(e) => {
                    tracing::warn!(%queue, error = %e, "could not list the waiting job runs of a deleted queue");
                    return;
                }
            };
            for run in page.runs.into_iter().filter(|r| &r.spec.queue == queue) {
                if let Ok(None) = store.get_task(&run.run_id).await {
                    gone.push(run);
                }
            }
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        for run in gone {
            self.cancel_waiting_run(run, "cancelled: its queue was deleted before it ran")
                .await;
        }
    }

    /// The runs among `ids` that are still queued: from the listing of queued runs (a few
    /// pages at most), or one read per id when more runs than that are queued.
    async fn waiting_runs_among(&self, ids: &[TaskId]) -> Vec<JobRunRecord> {
        let store = &self.inner.store;
        let wanted: HashSet<&TaskId> = ids.iter().collect();
        let mut found = Vec::new();
        let mut cursor = None;
        for _ in 0..QUEUED_PAGES {
            let page = match store
                .list_job_runs(None, Some(JobRunStatus::Queued), cursor.as_ref(), PAGE_MAX)
                .await
            {
                Ok(page) => page,
                Err(e) => {
                    tracing::warn!(error = %e, "could not list the waiting job runs of deleted tasks");
                    return Vec::new();
                }
            };
            found.extend(page.runs.into_iter().filter(|r| wanted.contains(&r.run_id)));
            match page.next {
                Some(next) => cursor = Some(next),
                None => return found,
            }
        }
        let mut found = Vec::new();
        for id in ids {
            match store.get_job_run(id).await {
                Ok(Some(run)) if !run.status.is_terminal() => found.push(run),
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(run_id = %id, error = %e, "could not read the job run of a deleted task")
                }
            }
        }
        found
    }

    /// Marks `run`, whose task ended (or went) before it ran, as cancelled with `error` and its
    /// event. A refused write means the run already moved on (another node ended it); that is
    /// its status then.
    pub(crate) async fn cancel_waiting_run(&self, run: JobRunRecord, error: &str) {
        let now = self.now_ms();
        let run_id = run.run_id.clone();
        let mut cancelled = run;
        cancelled.status = JobRunStatus::Cancelled;
        cancelled.finished_at_ms = Some(now);
        cancelled.error = Some(error.to_owned());
        match self.inner.store.update_job_run(cancelled.clone()).await {
            Ok(JobRunWrite::Written) => {
                self.publish_job_event(job_event(&cancelled, JobEventStatus::Cancelled, now))
                    .await;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(run_id = %run_id, error = %e, "could not mark a job run cancelled")
            }
        }
    }
}
