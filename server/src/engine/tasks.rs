//! Tasks: reading, listing, cancelling and retrying one task.

use crate::engine::audit::AuditEntry;
use crate::engine::model::{
    CancelOutcome, Page, TaskDetail, TaskFilter, TaskId, TaskRecord, TaskState,
};
use crate::engine::schedules::ScheduleEventStatus;
use crate::engine::{Engine, Error, page_limit};
use crate::store::RetryResult;

impl Engine {
    pub async fn get_task(&self, id: &TaskId) -> Result<TaskDetail, Error> {
        self.inner
            .store
            .get_task(id)
            .await?
            .ok_or_else(|| task_not_found(id))
    }

    /// Newest first; `limit` 0 means the default page, and is capped at [`PAGE_MAX`].
    pub async fn list_tasks(
        &self,
        filter: &TaskFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<TaskRecord>, Error> {
        Ok(self
            .inner
            .store
            .list_tasks(filter, page_limit(limit), offset)
            .await?)
    }

    /// Cancels a task: at once when it waits, by signal when it runs (then stopped after the
    /// grace period). Cancelled is its own terminal state, not the DLQ. `audit` is written with
    /// the change, both or neither, its detail's `{outcome}` filled with the outcome's name
    /// (an already finished task is audited too: the call succeeded and changed nothing).
    pub async fn cancel_task(
        &self,
        id: &TaskId,
        audit: AuditEntry,
    ) -> Result<CancelOutcome, Error> {
        let (queue, outcome, entry) = self
            .inner
            .store
            .cancel(id, self.now_ms(), &self.audit_write(audit))
            .await?
            .ok_or_else(|| task_not_found(id))?;
        self.announce_audit(entry).await;
        match &outcome {
            CancelOutcome::Requested => {
                let local = self
                    .inner
                    .local_runs
                    .lock()
                    .expect("local runs lock")
                    .get(id)
                    .cloned();
                if let Some(token) = local {
                    token.cancel();
                }
            }
            CancelOutcome::Cancelled => {
                self.record(&queue, id, TaskState::Cancelled);
                self.schedule_task_ended(id, ScheduleEventStatus::Cancelled, "cancelled")
                    .await;
                self.job_task_ended(id, TaskState::Cancelled, None, "cancelled")
                    .await;
            }
            CancelOutcome::AlreadyFinished(_) => {}
        }
        Ok(outcome)
    }

    /// Runs a task again: a scheduled or retrying one now, a finished one from its first
    /// attempt (its error history is kept). Returns the task's state before. `audit` is
    /// written with the change, both or neither, its detail's `{outcome}` filled with the
    /// state before; a refused retry writes nothing.
    pub async fn retry_task(&self, id: &TaskId, audit: AuditEntry) -> Result<TaskState, Error> {
        let write = self.audit_write(audit);
        match self.inner.store.retry(id, self.now_ms(), &write).await? {
            None => Err(task_not_found(id)),
            Some((_, RetryResult::NotAllowed(state), _)) => Err(Error::precondition(
                "task_not_retryable",
                format!(
                    "task {id} is {state}; only scheduled, retrying or finished tasks can be retried"
                ),
            )),
            Some((queue, RetryResult::Retried(previous), entry)) => {
                if let Some(entry) = entry {
                    self.announce_audit(entry).await;
                }
                self.record(&queue, id, TaskState::Pending);
                if previous == TaskState::Dead {
                    self.dlq_changed(Some(&queue), "retry", 0, 1).await;
                }
                if previous.is_terminal() {
                    self.job_runs_requeued(std::slice::from_ref(id)).await;
                }
                self.wake_workers();
                Ok(previous)
            }
        }
    }
}

fn task_not_found(id: &TaskId) -> Error {
    Error::not_found("task_not_found", format!("task {id} not found"))
}
