//! The [`DeleteStore`] capability: an operator's deletes of tasks and queues, each with its
//! audit entry. Beside `Store`'s other sub-traits in `mod.rs`, in a file of its own.

use async_trait::async_trait;

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::{DeleteOutcome, DeleteScope, QueueDeleted, QueueName, TaskId};
use crate::store::StoreError;

/// An operator's deletes: tasks by id (any state but running, or only dead ones) and queues.
///
/// A deleted task takes its payload, its error history and the idempotency key that points at
/// it (so a producer may enqueue under that key again), and leaves every counter, index, DLQ
/// group and search index in step. A job run whose task is deleted keeps its run record.
#[async_trait]
pub trait DeleteStore: Send + Sync {
    /// Deletes those of `ids` the scope allows and writes `audit` with them, its detail's
    /// `{count}` filled with how many were deleted (both or neither). A running task is never
    /// deleted ([`DeleteOutcome::Running`]). Returns one outcome per id, in order.
    async fn delete_tasks(
        &self,
        ids: &[TaskId],
        scope: DeleteScope,
        audit: &AuditWrite,
    ) -> Result<(Vec<DeleteOutcome>, AuditRecord), StoreError>;

    /// Removes a queue from the registry and writes `audit` with it (both or neither), its
    /// detail's `{count}` filled with how many tasks went with it. A queue holding tasks is
    /// refused unless `force`, and then only when it holds at most `max_tasks` and none is
    /// running; a refusal (or an unknown queue) writes nothing, and the entry is `None`.
    async fn delete_queue(
        &self,
        name: &QueueName,
        force: bool,
        max_tasks: u64,
        audit: &AuditWrite,
    ) -> Result<(QueueDeleted, Option<AuditRecord>), StoreError>;
}
