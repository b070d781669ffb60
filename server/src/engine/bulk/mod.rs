//! Bulk actions by filter (issue 17): replay, delete, cancel or retry whatever a filter
//! selects, in bounded batches on the server. An operation is a record in the store
//! ([`BulkOp`]); each batch is one store write with its audit entry (cancel and retry: one per
//! task, the single actions' writes), then the operation's progress under its revision, then a
//! `bulk_progress` event. A snapshot bound and a store cursor make it resumable by any node.

mod model;

pub use model::{
    BulkAction, BulkCandidate, BulkFilter, BulkOp, BulkPage, BulkScan, BulkState, BulkTarget,
    BulkWrite,
};

use std::collections::BTreeMap;

use crate::engine::audit::{AuditEntry, COUNT_PLACEHOLDER, OUTCOME_PLACEHOLDER, sha256_hex};
use crate::engine::events::Event;
use crate::engine::model::{CancelOutcome, ReplayOutcome, TaskId, TaskState};
use crate::engine::{Engine, Error};

/// The default batch size.
pub const BULK_BATCH_DEFAULT: u32 = 100;
/// A dry run's sample at most.
pub const BULK_SAMPLE_MAX: u32 = 100;
/// How long a node's claim on a running operation lasts without a batch; a node that died is
/// replaced after this.
pub const BULK_LEASE_MS: i64 = 30_000;
/// Tasks a scan examines per call at most (Redis matches records itself).
const SCAN_BUDGET: u32 = 5_000;
/// Matches counted at most when an operation starts or a dry run counts.
pub const BULK_COUNT_MAX: u64 = 100_000;
/// Compare-and-set attempts before an operator's change gives up.
const CAS_ATTEMPTS: usize = 50;

/// What a dry run found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkPreview {
    /// What the filter selects now, counted up to [`BULK_COUNT_MAX`].
    pub matched: u64,
    pub sample: Vec<BulkCandidate>,
}

/// What one step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkStep {
    /// A batch ran (or the operation ended); the record after it.
    Ran(Box<BulkOp>),
    /// Nothing to do here: the operation is not running, or another node holds it.
    Idle(Box<BulkOp>),
}

fn not_found(id: &str) -> Error {
    Error::not_found(
        "bulk_operation_not_found",
        format!(
            "bulk operation {:?} not found",
            id.chars().take(64).collect::<String>()
        ),
    )
}

/// Checks a filter against what the action's listing can select.
pub fn check_filter(action: BulkAction, filter: &BulkFilter) -> Result<(), Error> {
    check_target_filter(action.target(), filter)
}

/// Checks a filter against what a listing (tasks or the DLQ) can select: the listings and the
/// bulk actions refuse the same filters alike.
pub fn check_target_filter(target: BulkTarget, filter: &BulkFilter) -> Result<(), Error> {
    if target == BulkTarget::Dlq && filter.state.is_some_and(|s| s != TaskState::Dead) {
        return Err(Error::invalid(
            "invalid_filter",
            "the DLQ holds dead tasks only; leave the state out or say dead",
        ));
    }
    if filter
        .text
        .as_ref()
        .is_some_and(|t| t.len() > 256 || t.contains('\0'))
    {
        return Err(Error::invalid(
            "invalid_query",
            "the text is at most 256 bytes without NUL characters",
        ));
    }
    if filter
        .fingerprint
        .as_ref()
        .is_some_and(|f| f.len() > crate::engine::fingerprint::FINGERPRINT_MAX || f.contains('\0'))
    {
        return Err(Error::invalid(
            "invalid_fingerprint",
            "a fingerprint is at most 256 bytes without NUL characters; copy it from the DLQ groups",
        ));
    }
    if filter.older_than_ms.is_some_and(|ms| ms <= 0) {
        return Err(Error::invalid(
            "invalid_filter",
            "older_than must be more than 0",
        ));
    }
    Ok(())
}

impl Engine {
    fn bulk_scan(&self, op: &BulkOp, limit: u32) -> BulkScan {
        BulkScan {
            target: op.action.target(),
            filter: op.filter.clone(),
            before_ms: op.before_ms,
            below: op.cursor,
            limit,
            budget: SCAN_BUDGET,
        }
    }

    /// The snapshot bound of a filter taken now.
    fn bulk_before(&self, filter: &BulkFilter) -> i64 {
        let now = self.now_ms();
        now.saturating_sub(filter.older_than_ms.unwrap_or(0))
    }

    /// Counts what `scan` selects, up to [`BULK_COUNT_MAX`], keeping the first `sample`.
    async fn bulk_count(&self, mut scan: BulkScan, sample: u32) -> Result<BulkPreview, Error> {
        scan.limit = crate::engine::PAGE_MAX;
        let mut preview = BulkPreview {
            matched: 0,
            sample: Vec::new(),
        };
        loop {
            let page = self.inner.store.bulk_candidates(&scan).await?;
            preview.matched += page.items.len() as u64;
            let room = (sample as usize).saturating_sub(preview.sample.len());
            preview.sample.extend(page.items.into_iter().take(room));
            match page.next {
                Some(next) if preview.matched < BULK_COUNT_MAX => scan.below = Some(next),
                _ => return Ok(preview),
            }
        }
    }

    /// A dry run: what `action` over `filter` would take now (counted up to
    /// [`BULK_COUNT_MAX`]) and its first `sample` tasks, in the order batches take them.
    /// Writes nothing.
    pub async fn bulk_preview(
        &self,
        action: BulkAction,
        filter: &BulkFilter,
        sample: u32,
    ) -> Result<BulkPreview, Error> {
        check_filter(action, filter)?;
        let scan = BulkScan {
            target: action.target(),
            filter: filter.clone(),
            before_ms: self.bulk_before(filter),
            below: None,
            limit: 0,
            budget: SCAN_BUDGET,
        };
        self.bulk_count(scan, sample.min(BULK_SAMPLE_MAX)).await
    }

    /// Starts an operation: its record is written with `audit` (both or neither), then the
    /// runner takes it. `audit`'s actor, role and request id are kept for its batches' entries.
    pub async fn start_bulk(
        &self,
        action: BulkAction,
        filter: BulkFilter,
        batch_size: u32,
        audit: AuditEntry,
    ) -> Result<BulkOp, Error> {
        check_filter(action, &filter)?;
        let now = self.now_ms();
        let mut op = BulkOp {
            id: uuid::Uuid::now_v7().to_string(),
            action,
            before_ms: self.bulk_before(&filter),
            filter,
            state: BulkState::Running,
            cursor: None,
            matched: 0,
            processed: 0,
            succeeded: 0,
            skipped: 0,
            batches: 0,
            batch_size: batch_size.max(1),
            actor: audit.actor.clone(),
            role: audit.role.clone(),
            request_id: audit.request_id.clone(),
            created_at_ms: now,
            updated_at_ms: now,
            finished_at_ms: None,
            last_error: None,
            owner: None,
            lease_until_ms: 0,
            revision: 0,
        };
        op.matched = self.bulk_count(self.bulk_scan(&op, 0), 0).await?.matched;
        let mut audit = audit;
        audit.target = op.id.clone();
        audit.detail = audit.detail.replace("{matched}", &op.matched.to_string());
        audit.metadata.insert("operation".into(), op.id.clone());
        match self
            .inner
            .store
            .write_bulk_op(&op, Some(&self.audit_write(audit)))
            .await?
        {
            BulkWrite::Stale => {
                return Err(Error::Internal(
                    "a new bulk operation's id was taken".into(),
                ));
            }
            BulkWrite::Written(entry) => {
                if let Some(entry) = entry {
                    self.announce_audit(entry).await;
                }
            }
        }
        op.revision += 1;
        self.bulk_progress(&op).await;
        self.inner.bulk.notify_waiters();
        Ok(op)
    }

    pub async fn get_bulk(&self, id: &str) -> Result<BulkOp, Error> {
        self.inner
            .store
            .get_bulk_op(id)
            .await?
            .ok_or_else(|| not_found(id))
    }

    /// Newest first; `limit` 0 means 50.
    pub async fn list_bulk(&self, limit: u32) -> Result<Vec<BulkOp>, Error> {
        let limit = if limit == 0 { 50 } else { limit.min(500) };
        Ok(self.inner.store.list_bulk_ops(limit).await?)
    }

    /// Stops an operation between batches; what is done stays done. Written with `audit`.
    pub async fn cancel_bulk(&self, id: &str, audit: AuditEntry) -> Result<BulkOp, Error> {
        self.change_bulk(id, audit, |op, now| {
            if op.state.is_final() {
                return Err(Error::precondition(
                    "bulk_operation_finished",
                    format!("bulk operation {} is already {}", op.id, op.state.name()),
                ));
            }
            op.state = BulkState::Cancelled;
            op.finished_at_ms = Some(now);
            Ok(())
        })
        .await
    }

    /// Continues a failed operation past its cursor, on any node. Written with `audit`.
    pub async fn resume_bulk(&self, id: &str, audit: AuditEntry) -> Result<BulkOp, Error> {
        let op = self
            .change_bulk(id, audit, |op, _| {
                match op.state {
                    BulkState::Failed => {}
                    BulkState::Running => {
                        return Err(Error::precondition(
                            "bulk_operation_running",
                            format!("bulk operation {} is running", op.id),
                        ));
                    }
                    other => {
                        return Err(Error::precondition(
                            "bulk_operation_finished",
                            format!("bulk operation {} is {}", op.id, other.name()),
                        ));
                    }
                }
                op.state = BulkState::Running;
                op.last_error = None;
                op.owner = None;
                op.lease_until_ms = 0;
                Ok(())
            })
            .await?;
        self.inner.bulk.notify_waiters();
        Ok(op)
    }

    /// An operator's change of an operation's record, compare-and-set with its audit entry.
    async fn change_bulk(
        &self,
        id: &str,
        audit: AuditEntry,
        change: impl Fn(&mut BulkOp, i64) -> Result<(), Error>,
    ) -> Result<BulkOp, Error> {
        let mut audit = audit;
        audit.metadata.insert("operation".into(), id.to_string());
        let write = self.audit_write(audit);
        for _ in 0..CAS_ATTEMPTS {
            let mut op = self.get_bulk(id).await?;
            let now = self.now_ms();
            change(&mut op, now)?;
            op.updated_at_ms = now;
            if let BulkWrite::Written(entry) =
                self.inner.store.write_bulk_op(&op, Some(&write)).await?
            {
                if let Some(entry) = entry {
                    self.announce_audit(entry).await;
                }
                op.revision += 1;
                self.bulk_progress(&op).await;
                return Ok(op);
            }
        }
        Err(Error::Unavailable(
            "the bulk operation kept changing; try again".into(),
        ))
    }

    async fn bulk_progress(&self, op: &BulkOp) {
        self.append(Event::Bulk(Box::new(op.clone()))).await;
    }

    /// Resolves when an operation is started or resumed here (after it was enabled or first
    /// polled).
    pub fn bulk_wakeup(&self) -> tokio::sync::futures::Notified<'_> {
        self.inner.bulk.notified()
    }

    /// Retention: deletes finished operations (done, cancelled) that finished longer ago than
    /// the configured age or fall beyond the configured count of newest ones; running and
    /// failed ones stay. Run by the leader's maintenance pass.
    pub async fn prune_bulk(&self) -> Result<u64, Error> {
        let cfg = &self.inner.config;
        Ok(self
            .inner
            .store
            .prune_bulk_ops(self.now_ms() - cfg.bulk_retention_ms, cfg.bulk_keep)
            .await?)
    }

    /// Operations a runner on this node may take now: running, and unowned, owned by this
    /// node, or owned by a node whose claim expired.
    pub async fn runnable_bulk(&self) -> Result<Vec<String>, Error> {
        let now = self.now_ms();
        let node = &self.inner.config.node_id;
        // From the store's index of running operations: however many finished ones pile up,
        // none that runs is missed.
        let ops = self.inner.store.running_bulk_ops().await?;
        Ok(ops
            .into_iter()
            .filter(|op| {
                op.state == BulkState::Running
                    && (op.owner.is_none()
                        || op.owner.as_deref() == Some(node.as_str())
                        || op.lease_until_ms <= now)
            })
            .map(|op| op.id)
            .collect())
    }

    /// Gives up this node's claim on a running operation (at shutdown), so any node continues
    /// it at once.
    pub async fn release_bulk(&self, id: &str) -> Result<(), Error> {
        let node = self.inner.config.node_id.clone();
        for _ in 0..CAS_ATTEMPTS {
            let mut op = self.get_bulk(id).await?;
            if op.owner.as_deref() != Some(node.as_str()) {
                return Ok(());
            }
            op.owner = None;
            op.lease_until_ms = 0;
            if let BulkWrite::Written(_) = self.inner.store.write_bulk_op(&op, None).await? {
                return Ok(());
            }
        }
        Ok(())
    }

    /// Runs one batch of a running operation on this node: claims it (when unowned or its
    /// owner's claim expired), takes the next batch below its cursor, acts on it, then writes
    /// the progress (renewing the claim) and announces it. A batch that fails marks the
    /// operation failed with the error; it resumes past the last batch that committed.
    pub async fn bulk_step(&self, id: &str) -> Result<BulkStep, Error> {
        let node = self.inner.config.node_id.clone();
        let mut op = self.get_bulk(id).await?;
        let now = self.now_ms();
        if op.state != BulkState::Running {
            return Ok(BulkStep::Idle(Box::new(op)));
        }
        if op.owner.as_deref() != Some(node.as_str()) {
            if op.owner.is_some() && op.lease_until_ms > now {
                return Ok(BulkStep::Idle(Box::new(op)));
            }
            op.owner = Some(node.clone());
            op.lease_until_ms = now + BULK_LEASE_MS;
            op.updated_at_ms = now;
            match self.inner.store.write_bulk_op(&op, None).await? {
                BulkWrite::Written(_) => op.revision += 1,
                BulkWrite::Stale => {
                    return Ok(BulkStep::Idle(Box::new(self.get_bulk(id).await?)));
                }
            }
        }
        let page = self
            .inner
            .store
            .bulk_candidates(&self.bulk_scan(&op, op.batch_size))
            .await?;
        let batch = op.batches + 1;
        let (succeeded, skipped, error) = if page.items.is_empty() {
            (0, 0, None)
        } else {
            let ids: Vec<TaskId> = page.items.iter().map(|c| c.id.clone()).collect();
            match self.bulk_batch(&op, batch, &ids).await {
                Ok((done, skipped)) => (done, skipped, None),
                Err(e) => (0, 0, Some(e)),
            }
        };
        let now = self.now_ms();
        let delta = (page.items.len() as u64, succeeded, skipped);
        let ended = page.next.is_none();
        for _ in 0..CAS_ATTEMPTS {
            let mut next = op.clone();
            next.updated_at_ms = now;
            if let Some(e) = &error {
                next.state = BulkState::Failed;
                next.last_error = Some(e.to_string());
            } else {
                if !page.items.is_empty() {
                    next.batches += 1;
                    next.processed += delta.0;
                    next.succeeded += delta.1;
                    next.skipped += delta.2;
                }
                next.cursor = page.next.or(op.cursor);
                next.lease_until_ms = now + BULK_LEASE_MS;
                if ended && next.state == BulkState::Running {
                    next.state = BulkState::Done;
                    next.finished_at_ms = Some(now);
                }
            }
            match self.inner.store.write_bulk_op(&next, None).await? {
                BulkWrite::Written(_) => {
                    next.revision += 1;
                    self.bulk_progress(&next).await;
                    return Ok(BulkStep::Ran(Box::new(next)));
                }
                BulkWrite::Stale => {
                    // Cancelled (or resumed elsewhere after this node's claim lapsed) while the
                    // batch ran: its effect is committed, so its counts go onto the record as it
                    // is now, unless another node took the operation over.
                    let current = self.get_bulk(id).await?;
                    if current.owner.as_deref() != Some(node.as_str()) {
                        return Ok(BulkStep::Idle(Box::new(current)));
                    }
                    op = current;
                }
            }
        }
        Err(Error::Unavailable(
            "the bulk operation kept changing; its next batch continues from the last progress written"
                .into(),
        ))
    }

    /// The audit entry of one batch: the starter's identity, the operation as target.
    fn bulk_entry(&self, op: &BulkOp, batch: u64, detail: String) -> AuditEntry {
        let mut metadata = BTreeMap::new();
        metadata.insert("operation".to_string(), op.id.clone());
        metadata.insert("batch".to_string(), batch.to_string());
        AuditEntry {
            at_ms: self.now_ms(),
            actor: op.actor.clone(),
            role: op.role.clone(),
            request_id: op.request_id.clone(),
            action: op.action.audit_action(),
            target: op.id.clone(),
            status: "ok".into(),
            payload_hash: sha256_hex(format!("{}:{batch}", op.id).as_bytes()),
            detail,
            metadata,
        }
    }

    /// Acts on one batch; returns how many it changed and how many it left as they were.
    async fn bulk_batch(
        &self,
        op: &BulkOp,
        batch: u64,
        ids: &[TaskId],
    ) -> Result<(u64, u64), Error> {
        let n = ids.len() as u64;
        let count = |done: u64| (done, n - done);
        let detail = |verb: &str| format!("batch {batch}: {verb} {COUNT_PLACEHOLDER} of {n}");
        match op.action {
            BulkAction::ReplayDlq => {
                let audit = self.bulk_entry(op, batch, detail("replayed"));
                let out = self.replay_dlq_ids(ids, audit).await?;
                Ok(count(
                    out.iter()
                        .filter(|(_, o)| *o == ReplayOutcome::Replayed)
                        .count() as u64,
                ))
            }
            BulkAction::DeleteDlq | BulkAction::DeleteTasks => {
                let audit = self.bulk_entry(op, batch, detail("deleted"));
                let out = if op.action == BulkAction::DeleteDlq {
                    self.delete_dlq(ids, audit).await?
                } else {
                    self.delete_tasks(ids, audit).await?
                };
                Ok(count(
                    out.outcomes.iter().filter(|(_, o)| o.is_deleted()).count() as u64,
                ))
            }
            // Cancel and retry have hooks per task (schedules, job runs, local cancellation);
            // each task is the single action's write with an entry of its own.
            BulkAction::CancelTasks => {
                let mut done = 0;
                for id in ids {
                    let audit = self.bulk_entry(
                        op,
                        batch,
                        format!("batch {batch}: {id} {OUTCOME_PLACEHOLDER}"),
                    );
                    match self.cancel_task(id, audit).await {
                        Ok(CancelOutcome::Cancelled | CancelOutcome::Requested) => done += 1,
                        Ok(CancelOutcome::AlreadyFinished(_)) => {}
                        Err(e) if e.reason() == "task_not_found" => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(count(done))
            }
            BulkAction::RetryTasks => {
                let mut done = 0;
                for id in ids {
                    let audit = self.bulk_entry(
                        op,
                        batch,
                        format!("batch {batch}: {id} was {OUTCOME_PLACEHOLDER}"),
                    );
                    match self.retry_task(id, audit).await {
                        Ok(_) => done += 1,
                        Err(e) if matches!(e.reason(), "task_not_found" | "task_not_retryable") => {
                        }
                        Err(e) => return Err(e),
                    }
                }
                Ok(count(done))
            }
        }
    }

    /// Runs the operations this node may take until each ends, is taken by another node, or
    /// `stop` fires; gives up its claims when stopped. Returns how many batches ran.
    pub async fn drive_bulk(&self, stop: &tokio_util::sync::CancellationToken) -> u64 {
        let mut ran = 0;
        let ids = match self.runnable_bulk().await {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!(error = %e, "could not list bulk operations");
                return 0;
            }
        };
        for id in ids {
            loop {
                if stop.is_cancelled() {
                    if let Err(e) = self.release_bulk(&id).await {
                        tracing::warn!(error = %e, operation = %id, "could not release a bulk operation");
                    }
                    break;
                }
                match self.bulk_step(&id).await {
                    Ok(BulkStep::Ran(op)) => {
                        ran += 1;
                        if op.state != BulkState::Running {
                            break;
                        }
                    }
                    Ok(BulkStep::Idle(_)) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, operation = %id, "a bulk operation's step failed");
                        break;
                    }
                }
            }
        }
        ran
    }
}
