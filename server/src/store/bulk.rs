//! The [`BulkStore`] capability: bulk operations' records (compare-and-set under a revision,
//! an operator's change with its audit entry) and the candidate scan their batches take.

use async_trait::async_trait;

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::bulk::{BulkOp, BulkPage, BulkScan, BulkWrite};
use crate::store::StoreError;

/// Bulk operations: their records, and the scan that finds their next batch.
#[async_trait]
pub trait BulkStore: Send + Sync {
    /// One page of candidates (see [`BulkScan`]): newest first in the listing's own order
    /// (task insertion; DLQ failure order), positions strictly below `scan.below`, created
    /// (entries dead) before `scan.before_ms`. Examines at most `scan.budget` tasks; `next` is
    /// the position of the last one examined, `None` once nothing is left below.
    async fn bulk_candidates(&self, scan: &BulkScan) -> Result<BulkPage, StoreError>;

    /// Writes `op` when the stored revision is `op.revision` (0: none is stored yet), with
    /// `audit` when given (both or neither); the stored record carries `op.revision + 1`.
    async fn write_bulk_op(
        &self,
        op: &BulkOp,
        audit: Option<&AuditWrite>,
    ) -> Result<BulkWrite<Option<AuditRecord>>, StoreError>;

    async fn get_bulk_op(&self, id: &str) -> Result<Option<BulkOp>, StoreError>;

    /// Newest first.
    async fn list_bulk_ops(&self, limit: u32) -> Result<Vec<BulkOp>, StoreError>;

    /// Every running operation, however many finished ones there are: read from an index of
    /// running operations that every write keeps, never by scanning the records.
    async fn running_bulk_ops(&self) -> Result<Vec<BulkOp>, StoreError>;

    /// Retention: deletes finished operations (done or cancelled) that finished before
    /// `finished_before_ms` or are not among the `keep` newest operations (by creation).
    /// Running and failed ones (a failed one may be resumed) are kept. Returns how many went.
    async fn prune_bulk_ops(&self, finished_before_ms: i64, keep: u32) -> Result<u64, StoreError>;
}
