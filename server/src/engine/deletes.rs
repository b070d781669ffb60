//! An operator's deletes: tasks and DLQ entries by id or by the filter of their listing, and
//! queues from the registry. Every delete is one store write with its audit entry, its count
//! filled in by the store; a running task is never deleted (its lease is held: cancel it first).

use std::collections::HashSet;

use crate::engine::audit::AuditEntry;
use crate::engine::events::Event;
use crate::engine::model::{
    DeleteOutcome, DeleteScope, DlqFilter, QueueDeleted, QueueName, TaskFilter, TaskId, TaskState,
};
use crate::engine::{Engine, Error};

/// Most tasks a forced queue delete removes in its one write; a larger queue is emptied first
/// by deletes by filter, which run in bounded batches.
pub const QUEUE_DELETE_MAX_TASKS: u64 = 10_000;

/// Pages of a listing a task delete by filter reads past running tasks before it settles for
/// fewer than its limit.
const DELETABLE_PAGES: usize = 10;

/// What a delete did: one outcome per distinct id, in order, and how many matched the filter
/// (by filter only; the ids' count otherwise) when the delete began.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deleted {
    pub outcomes: Vec<(TaskId, DeleteOutcome)>,
    pub matched: u64,
}

impl Deleted {
    pub fn deleted(&self) -> u64 {
        self.outcomes.iter().filter(|(_, o)| o.is_deleted()).count() as u64
    }

    /// How many of the deleted were dead: DLQ entries that went.
    pub fn deleted_dead(&self) -> u64 {
        self.outcomes
            .iter()
            .filter(|(_, o)| *o == DeleteOutcome::Deleted(TaskState::Dead))
            .count() as u64
    }
}

impl Engine {
    /// Deletes the given tasks (any state but running) with `audit`, its `{count}` filled with
    /// how many went.
    pub async fn delete_tasks(&self, ids: &[TaskId], audit: AuditEntry) -> Result<Deleted, Error> {
        self.delete_ids(ids, DeleteScope::NotRunning, audit).await
    }

    /// Deletes the given DLQ entries; ids outside the DLQ are left alone (`not_dead`).
    pub async fn delete_dlq(&self, ids: &[TaskId], audit: AuditEntry) -> Result<Deleted, Error> {
        self.delete_ids(ids, DeleteScope::Dead, audit).await
    }

    /// Deletes up to `limit` of the newest DLQ entries matching `filter`, in one write.
    pub async fn delete_dlq_matching(
        &self,
        filter: &DlqFilter,
        limit: u32,
        audit: AuditEntry,
    ) -> Result<Deleted, Error> {
        let page = self.list_dlq(filter, limit.max(1), 0).await?;
        let ids: Vec<TaskId> = page.items.into_iter().map(|e| e.id).collect();
        let mut deleted = self
            .delete_ids_unchecked(&ids, DeleteScope::Dead, audit)
            .await?;
        deleted.matched = page.total;
        Ok(deleted)
    }

    /// Deletes up to `limit` of the newest tasks matching `filter`, in one write; running ones
    /// among them are reported, not deleted.
    pub async fn delete_tasks_matching(
        &self,
        filter: &TaskFilter,
        limit: u32,
        audit: AuditEntry,
    ) -> Result<Deleted, Error> {
        // Running tasks are never deleted, so they are passed over: a busy queue's newest
        // tasks must not hide the older ones a batch could delete. The pages read are bounded.
        let want = limit.max(1) as usize;
        let mut ids: Vec<TaskId> = Vec::new();
        let mut first: Vec<TaskId> = Vec::new();
        let mut offset = 0_u64;
        let mut total = 0;
        for _ in 0..DELETABLE_PAGES {
            let page = self.list_tasks(filter, limit.max(1), offset).await?;
            total = page.total;
            let read = page.items.len() as u64;
            if offset == 0 {
                first = page.items.iter().map(|t| t.id.clone()).collect();
            }
            ids.extend(
                page.items
                    .into_iter()
                    .filter(|t| t.state != TaskState::Running)
                    .map(|t| t.id)
                    .take(want - ids.len()),
            );
            offset += read;
            if ids.len() >= want || read == 0 || offset >= page.total {
                break;
            }
        }
        if ids.is_empty() {
            // Nothing deletable: the first page goes to the store anyway, which reports each
            // as running and writes the call's audit entry with its count of 0.
            ids = first;
        }
        let mut deleted = self
            .delete_ids_unchecked(&ids, DeleteScope::NotRunning, audit)
            .await?;
        deleted.matched = total;
        Ok(deleted)
    }

    async fn delete_ids(
        &self,
        ids: &[TaskId],
        scope: DeleteScope,
        audit: AuditEntry,
    ) -> Result<Deleted, Error> {
        if ids.is_empty() {
            return Err(Error::invalid("missing_ids", "at least one id is required"));
        }
        let mut seen = HashSet::new();
        let unique: Vec<TaskId> = ids.iter().filter(|id| seen.insert(*id)).cloned().collect();
        self.delete_ids_unchecked(&unique, scope, audit).await
    }

    async fn delete_ids_unchecked(
        &self,
        ids: &[TaskId],
        scope: DeleteScope,
        audit: AuditEntry,
    ) -> Result<Deleted, Error> {
        let (outcomes, entry) = self
            .inner
            .store
            .delete_tasks(ids, scope, &self.audit_write(audit))
            .await?;
        let deleted = Deleted {
            matched: ids.len() as u64,
            outcomes: ids.iter().cloned().zip(outcomes).collect(),
        };
        self.announce_audit(entry).await;
        // A task delete that took dead tasks changed the DLQ as a DLQ delete does.
        self.dlq_changed(None, "delete", 0, deleted.deleted_dead())
            .await;
        if scope != DeleteScope::Dead {
            // A waiting job run whose task went would read queued forever; a dead one's run
            // has already failed.
            let gone: Vec<TaskId> = deleted
                .outcomes
                .iter()
                .filter(|(_, o)| o.is_deleted())
                .map(|(id, _)| id.clone())
                .collect();
            self.job_runs_deleted(&gone).await;
        }
        Ok(deleted)
    }

    /// Removes a queue from the registry: refused while it holds tasks unless `force`, refused
    /// with running tasks whatever `force` says, and refused above
    /// [`QUEUE_DELETE_MAX_TASKS`] (delete its tasks by filter first). Returns how many tasks
    /// went with it. A refusal writes nothing; the call pipeline audits it.
    pub async fn delete_queue(
        &self,
        name: &QueueName,
        force: bool,
        audit: AuditEntry,
    ) -> Result<u64, Error> {
        let (outcome, entry) = self
            .inner
            .store
            .delete_queue(
                name,
                force,
                QUEUE_DELETE_MAX_TASKS,
                &self.audit_write(audit),
            )
            .await?;
        match outcome {
            QueueDeleted::NotFound => Err(Error::not_found(
                "queue_not_found",
                format!("queue {name} not found"),
            )),
            QueueDeleted::Running { tasks } => Err(Error::precondition(
                "queue_has_running_tasks",
                format!(
                    "queue {name} has {tasks} running task(s); pause it and let them finish, or cancel them, first"
                ),
            )),
            QueueDeleted::NotEmpty { tasks } => Err(Error::precondition(
                "queue_not_empty",
                format!("queue {name} still holds {tasks} task(s); delete them too with force"),
            )),
            QueueDeleted::TooLarge { tasks } => Err(Error::precondition(
                "queue_too_large",
                format!(
                    "queue {name} holds {tasks} tasks, above the {QUEUE_DELETE_MAX_TASKS} one delete removes; delete its tasks by filter first"
                ),
            )),
            QueueDeleted::Deleted { tasks, dead } => {
                self.invalidate_queue_cache();
                if let Some(entry) = entry {
                    self.announce_audit(entry).await;
                }
                self.dlq_changed(Some(name), "delete", 0, dead).await;
                if tasks > 0 {
                    self.job_runs_of_deleted_queue(name).await;
                }
                self.append(Event::QueueChanged {
                    queue: name.to_string(),
                    action: "delete".into(),
                    paused: false,
                    weight: 0,
                })
                .await;
                Ok(tasks)
            }
        }
    }
}
