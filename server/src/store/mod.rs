//! Persistence: the `Store` trait every backend implements (its error type is in `error.rs`).
//!
//! One method per domain operation, each atomic: a store applies a whole transition or none of
//! it. Stores hold no business rules: the engine decides *what* happens (retry or dead-letter,
//! which queues to lease from, when a lease is stale) and the store makes it durable, checking
//! only invariants that must hold under concurrency (fencing tokens, pause flags, DLQ membership).

mod bulk;
pub(crate) mod codec;
mod deletes;
pub(crate) mod dlq_listing;
mod error;
pub mod redis;
pub mod sqlite;
mod sweep;

pub use sweep::{Sweep, SweepCounts};

use async_trait::async_trait;

pub use bulk::BulkStore;
pub use deletes::DeleteStore;
pub use dlq_listing::DlqListing;
pub use error::StoreError;

use crate::engine::audit::{AuditCursor, AuditFilter, AuditRecord, AuditWrite};
use crate::engine::events::Event;
use crate::engine::jobs::{
    JobEventRecord, JobLogChunk, JobLogState, JobRecord, JobRunCursor, JobRunPage, JobRunRecord,
    JobRunStatus, NewJobLogChunk,
};
use crate::engine::listing::{DlqPage, DlqStart};
use crate::engine::model::{
    BucketSize, CancelOutcome, CoordinationRecord, DeadReason, DlqEntry, DlqFilter, DlqGroupRecord,
    EventId, HandlerName, JobName, LeaderRecord, LeaseToken, LeasedTask, OverviewRecord, Page,
    QueueName, QueueRecord, ReplayOutcome, ScheduleName, StuckSummary, StuckTask, TaskDetail,
    TaskFilter, TaskId, TaskRecord, TaskState, ThroughputBucket, WorkerDetail, WorkerId,
    WorkerRecord, WorkerState,
};
use crate::engine::rate::RateLimit;
use crate::engine::schedules::{ScheduleEventRecord, ScheduleRecord, Trigger};

/// A task ready to be written; the engine has validated and defaulted every field.
#[derive(Clone, Debug)]
pub struct NewTask {
    pub id: TaskId,
    pub handler: HandlerName,
    pub queue: QueueName,
    pub payload: Vec<u8>,
    pub priority: i32,
    pub max_retries: u32,
    pub timeout_ms: i64,
    pub run_at_ms: i64,
    /// Scheduled when `run_at_ms` is in the future, pending otherwise.
    pub state: TaskState,
    pub idempotency: Option<Idempotency>,
    pub metadata: std::collections::BTreeMap<String, String>,
    pub created_at_ms: i64,
}

/// An idempotency key and when it stops deduplicating.
#[derive(Clone, Debug)]
pub struct Idempotency {
    pub key: String,
    pub expires_at_ms: i64,
}

/// The result of writing one task of an enqueue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inserted {
    Created(TaskId),
    /// A live idempotency key matched; this is the first task's id and nothing was written.
    Duplicate(TaskId),
}

/// A lease round: how many tasks to take from each queue, in order.
#[derive(Clone, Debug)]
pub struct LeaseRequest {
    pub worker_id: WorkerId,
    pub plan: Vec<(QueueName, u32)>,
    /// Only tasks for these handlers are leased; others wait for a worker that has them.
    pub handlers: Vec<HandlerName>,
    pub now_ms: i64,
    pub lease_until_ms: i64,
    pub rate_limit: Option<RateLimit>,
}

#[derive(Clone, Debug, Default)]
pub struct LeaseResult {
    pub tasks: Vec<LeasedTask>,
    /// Queues that had fewer ready tasks than the plan asked for.
    pub short: Vec<QueueName>,
    /// Dequeue is paused cluster-wide; nothing was leased.
    pub dequeue_paused: bool,
    /// The global rate limit cut the round short.
    pub rate_limited: bool,
}

/// The end of an attempt that did not succeed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailNext {
    RetryAt(i64),
    Dead(DeadReason),
    Cancelled,
}

/// The outcome of extending one lease.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extended {
    /// The lease is still held; `cancel_requested` asks the worker to stop the task.
    Held {
        cancel_requested: bool,
    },
    Lost,
}

/// A lease whose time ran out.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpiredLease {
    pub id: TaskId,
    pub token: LeaseToken,
    pub queue: QueueName,
    pub handler: HandlerName,
    pub attempt: u32,
    pub max_retries: u32,
    pub cancel_requested: bool,
    pub worker_id: Option<WorkerId>,
}

/// Retry of a task by an operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryResult {
    /// The task is pending again; this was its state before.
    Retried(TaskState),
    /// The task is pending or running already.
    NotAllowed(TaskState),
}

/// What a worker heartbeat tells the worker to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkerCommand {
    None,
    Recycle {
        reason: String,
    },
    /// The registry lost this worker (it was marked lost or pruned); it should register again.
    Unknown,
}

/// A new worker pool entering the registry.
#[derive(Clone, Debug)]
pub struct NewWorker {
    pub id: WorkerId,
    pub host: String,
    pub pid: u32,
    pub version: String,
    pub concurrency: u32,
    pub handlers: Vec<String>,
    pub now_ms: i64,
}

/// DLQ purge selection.
#[derive(Clone, Debug, Default)]
pub struct DlqPurge {
    pub queue: Option<QueueName>,
    /// When set, only these ids.
    pub ids: Option<Vec<TaskId>>,
    /// At most this many entries per call (ignored with `ids`), so one purge never holds the
    /// writer for long; callers repeat until nothing is left.
    pub limit: u32,
}

/// An event as the store keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    pub id: EventId,
    pub at_ms: i64,
    pub data: String,
}

/// The persistence boundary of the engine: every capability a backend provides. Implemented
/// for any type that has them all, so the engine holds one `Arc<dyn Store>`; a new capability
/// is a new sub-trait here, one file per backend and one conformance module.
pub trait Store:
    TaskStore
    + LeaseStore
    + QueueStore
    + CoordinationStore
    + DlqStore
    + WorkerStore
    + EventStore
    + AuditStore
    + RetentionStore
    + ScheduleStore
    + JobStore
    + DeleteStore
    + BulkStore
    + Send
    + Sync
    + 'static
{
}

impl<T> Store for T where
    T: TaskStore
        + LeaseStore
        + QueueStore
        + CoordinationStore
        + DlqStore
        + WorkerStore
        + EventStore
        + AuditStore
        + RetentionStore
        + ScheduleStore
        + JobStore
        + DeleteStore
        + BulkStore
        + Send
        + Sync
        + 'static
{
}

/// Writing, reading and operator actions on single tasks.
#[async_trait]
pub trait TaskStore: Send + Sync {
    /// Writes all tasks or none. Registers unknown queues. A task whose idempotency key is live
    /// yields [`Inserted::Duplicate`] with the earlier id.
    async fn insert_tasks(
        &self,
        tasks: Vec<NewTask>,
        now_ms: i64,
    ) -> Result<Vec<Inserted>, StoreError>;

    /// [`TaskStore::insert_tasks`] for an operator's call that makes tasks (a schedule run by
    /// hand): `audit` is written with them, both or neither.
    async fn insert_tasks_audited(
        &self,
        tasks: Vec<NewTask>,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<(Vec<Inserted>, AuditRecord), StoreError>;

    async fn get_task(&self, id: &TaskId) -> Result<Option<TaskDetail>, StoreError>;

    /// Newest first.
    async fn list_tasks(
        &self,
        filter: &TaskFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<TaskRecord>, StoreError>;

    /// Moves scheduled and retrying tasks whose time has come to pending.
    async fn promote_due(&self, now_ms: i64, limit: u32) -> Result<u64, StoreError>;

    /// Cancels a waiting task at once; flags a running one for its worker; and writes `audit`
    /// with it (both or neither), its detail's `{outcome}` filled with [`CancelOutcome::name`]
    /// (an already finished task changes nothing but is still audited). Returns the task's
    /// queue with the outcome and the entry; `None` (nothing written) when the id is unknown.
    async fn cancel(
        &self,
        id: &TaskId,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(QueueName, CancelOutcome, AuditRecord)>, StoreError>;

    /// Makes a scheduled, retrying or finished task pending now; a finished one gets its
    /// attempts reset and keeps its error history. Writes `audit` with it (both or neither),
    /// its detail's `{outcome}` filled with the state before; a refused retry writes nothing
    /// (and the entry is `None`). `None` when the id is unknown.
    async fn retry(
        &self,
        id: &TaskId,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(QueueName, RetryResult, Option<AuditRecord>)>, StoreError>;
}

/// Leases: taking tasks, extending, and ending attempts under fencing.
#[async_trait]
pub trait LeaseStore: Send + Sync {
    /// Leases tasks per the plan, skipping paused queues and honouring the global pause and the
    /// rate limit (charged only for tasks actually leased). All tasks of one round share a new
    /// fencing token.
    async fn lease(&self, req: LeaseRequest) -> Result<LeaseResult, StoreError>;

    /// Extends leases the worker still holds and records its heartbeat.
    async fn extend(
        &self,
        leases: &[(TaskId, LeaseToken)],
        lease_until_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<Extended>, StoreError>;

    /// Marks a leased task succeeded. [`StoreError::LeaseLost`] unless `token` is current.
    async fn complete(&self, id: &TaskId, token: LeaseToken, now_ms: i64)
    -> Result<(), StoreError>;

    /// Ends a failed attempt, recording `error` in the task's history.
    async fn fail(
        &self,
        id: &TaskId,
        token: LeaseToken,
        error: &str,
        next: FailNext,
        now_ms: i64,
    ) -> Result<(), StoreError>;

    /// Gives a leased task back without using up its attempt (graceful shutdown).
    async fn release(&self, id: &TaskId, token: LeaseToken, now_ms: i64) -> Result<(), StoreError>;

    async fn expired_leases(
        &self,
        now_ms: i64,
        limit: u32,
    ) -> Result<Vec<ExpiredLease>, StoreError>;

    /// Whether a lease sent while another write is still on its way to its commit sees that
    /// write and commits with it (SQLite's group commit: one writer, one transaction per
    /// batch). The engine then wakes idle pools as an enqueue goes to the store, not after,
    /// so a task can start after one commit instead of two.
    fn lease_joins_pending_writes(&self) -> bool {
        false
    }

    /// `pools` idle pools were just woken and each will send a lease right behind the write
    /// that follows. A store whose leases join pending writes may hold that write's commit
    /// briefly for them, so the task they find starts after that one commit.
    fn leases_coming(&self, _pools: usize) {}
}

/// The queue registry, per-queue pause and weight, and throughput per minute.
#[async_trait]
pub trait QueueStore: Send + Sync {
    /// Registers queues that do not exist yet.
    async fn ensure_queues(&self, names: &[QueueName], now_ms: i64) -> Result<(), StoreError>;

    async fn list_queues(&self) -> Result<Vec<QueueRecord>, StoreError>;

    async fn get_queue(&self, name: &QueueName) -> Result<Option<QueueRecord>, StoreError>;

    /// Pauses or resumes a queue and writes `audit` with it (both or neither). `None` when the
    /// queue does not exist (nothing is written).
    async fn set_queue_paused(
        &self,
        name: &QueueName,
        paused: bool,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(QueueRecord, AuditRecord)>, StoreError>;

    /// Sets a queue's weight (`None` resets it to the configured default) and writes `audit`
    /// with it. With `create`, the queue is registered by this write and must not exist yet;
    /// without, it must exist. `None` (nothing written) when the queue's existence is not what
    /// `create` says: the caller planned on a stale read and plans again.
    async fn set_queue_weight(
        &self,
        name: &QueueName,
        weight: Option<u32>,
        create: bool,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(QueueRecord, AuditRecord)>, StoreError>;

    async fn throughput(&self, since_ms: i64) -> Result<Vec<ThroughputBucket>, StoreError>;

    /// The `size` buckets of `queues` that start in `[since_ms, until_ms)`, by start then
    /// queue; buckets with nothing counted are left out. Reads only those buckets, so the cost
    /// is the window times the queues, whatever else is kept.
    async fn throughput_history(
        &self,
        size: BucketSize,
        queues: &[QueueName],
        since_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<ThroughputBucket>, StoreError>;

    /// The overview's reads (buckets in `[since_ms, until_ms)`): at once, not one call a part.
    async fn overview(&self, since_ms: i64, until_ms: i64) -> Result<OverviewRecord, StoreError>;
}

/// What every node shares beyond queues: the global dequeue pause and the leader lock.
#[async_trait]
pub trait CoordinationStore: Send + Sync {
    /// Pauses or resumes dequeue everywhere and writes `audit` with it (both or neither).
    async fn set_dequeue_paused(
        &self,
        paused: bool,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<AuditRecord, StoreError>;

    async fn coordination(&self) -> Result<CoordinationRecord, StoreError>;

    /// Takes or renews the leader lock for `holder`; returns the lock's state afterwards.
    async fn acquire_leader(
        &self,
        holder: &str,
        ttl_ms: i64,
        now_ms: i64,
    ) -> Result<LeaderRecord, StoreError>;

    async fn release_leader(&self, holder: &str) -> Result<(), StoreError>;
}

/// The dead-letter queue: listing, replay and purge.
#[async_trait]
pub trait DlqStore: Send + Sync {
    /// Newest first, from `start`: a page at an offset, or a bounded scan below a DLQ sequence
    /// that may return a short page with where to continue.
    async fn list_dlq_page(
        &self,
        filter: &DlqFilter,
        limit: u32,
        start: DlqStart,
    ) -> Result<DlqPage, StoreError>;

    async fn get_dlq_entry(&self, id: &TaskId) -> Result<Option<DlqEntry>, StoreError>;

    /// Replays the oldest `limit` entries and writes `audit` with them, its detail's
    /// `{count}` filled with how many moved (both or neither); returns their ids.
    async fn replay_oldest(
        &self,
        limit: u32,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<(Vec<TaskId>, AuditRecord), StoreError>;

    /// Replays those of `ids` that are dead and writes `audit` with them, its detail's
    /// `{count}` filled with how many moved (both or neither).
    async fn replay_ids(
        &self,
        ids: &[TaskId],
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<(Vec<ReplayOutcome>, AuditRecord), StoreError>;

    /// Deletes dead tasks; returns how many.
    async fn purge_dlq(&self, purge: &DlqPurge) -> Result<u64, StoreError>;

    /// DLQ entries counted per queue, handler and error fingerprint (kept by the store as
    /// entries come and go, so this is O(groups)), of one queue and/or handler when given.
    async fn dlq_groups(
        &self,
        queue: Option<&QueueName>,
        handler: Option<&HandlerName>,
    ) -> Result<Vec<DlqGroupRecord>, StoreError>;
}

/// The worker registry and stuck-task detection.
#[async_trait]
pub trait WorkerStore: Send + Sync {
    async fn register_worker(&self, worker: NewWorker) -> Result<(), StoreError>;

    async fn worker_heartbeat(
        &self,
        id: &WorkerId,
        in_flight: u32,
        state: WorkerState,
        now_ms: i64,
    ) -> Result<WorkerCommand, StoreError>;

    /// Records a state change; a recycled worker passes `recycled = true` to clear the request.
    async fn set_worker_state(
        &self,
        id: &WorkerId,
        state: WorkerState,
        recycled: bool,
        now_ms: i64,
    ) -> Result<(), StoreError>;

    /// Flags the worker to recycle at its next heartbeat and writes `audit` with it (both or
    /// neither). `None` (nothing written) when the worker is unknown.
    async fn request_recycle(
        &self,
        id: &WorkerId,
        reason: &str,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(WorkerRecord, AuditRecord)>, StoreError>;

    async fn list_workers(&self) -> Result<Vec<WorkerRecord>, StoreError>;

    async fn get_worker(&self, id: &WorkerId) -> Result<Option<WorkerDetail>, StoreError>;

    /// Marks live workers whose last heartbeat is before `cutoff_ms` as lost and returns them.
    async fn mark_lost_workers(
        &self,
        cutoff_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<WorkerRecord>, StoreError>;

    /// Records running tasks whose last heartbeat is before `cutoff_ms`, once per attempt, and
    /// returns the ones newly found.
    async fn detect_stuck(&self, cutoff_ms: i64, now_ms: i64)
    -> Result<Vec<StuckTask>, StoreError>;

    /// Stuck history since `since_ms` grouped by handler, most frequent first.
    async fn stuck_history(
        &self,
        since_ms: i64,
        handler: Option<&HandlerName>,
    ) -> Result<Vec<StuckSummary>, StoreError>;
}

/// The operator event log.
#[async_trait]
pub trait EventStore: Send + Sync {
    async fn append_events(&self, events: &[(i64, Event)]) -> Result<Vec<EventId>, StoreError>;

    /// Events after `after` (from the oldest kept when `None`), oldest first.
    async fn read_events(
        &self,
        after: Option<&EventId>,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError>;

    /// The newest event's id, if any.
    async fn last_event_id(&self) -> Result<Option<EventId>, StoreError>;

    /// Events before `before` (from the newest when `None`), newest first.
    async fn read_events_before(
        &self,
        before: Option<&EventId>,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError>;
}

/// The hash-chained audit log.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends an entry, chained to the newest entry ever written (see `engine::audit`).
    async fn append_audit(&self, write: &AuditWrite) -> Result<AuditRecord, StoreError>;

    async fn list_audit(
        &self,
        filter: &AuditFilter,
        cursor: &AuditCursor,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError>;

    /// Entries beyond the newest `keep`, or older than `before_ms`: the ones retention evicts,
    /// oldest first, at most `limit`.
    async fn audit_overflow(
        &self,
        keep: u64,
        before_ms: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError>;

    /// Deletes the entries up to and including `through_id`; returns how many.
    async fn delete_audit_through(&self, through_id: &str) -> Result<u64, StoreError>;
}

/// Retention sweeps.
#[async_trait]
pub trait RetentionStore: Send + Sync {
    async fn sweep(&self, sweep: Sweep) -> Result<SweepCounts, StoreError>;
}

/// Cron schedules: their definitions with firing state, and the history of their runs.
///
/// A schedule is kept whole (stores may serialize the record); every write bumps its
/// `revision`, and [`ScheduleStore::update_schedule`] writes only over the revision the caller
/// read, so two nodes handling the same fire cannot both advance it. The events an advance
/// records go in the same write, so they are kept exactly when the advance is.
#[async_trait]
pub trait ScheduleStore: Send + Sync {
    /// Writes a schedule whatever is stored under its name. The stored revision becomes the old
    /// one plus one (1 for a new schedule); returns the record as stored and whether it is new.
    async fn upsert_schedule(
        &self,
        record: ScheduleRecord,
    ) -> Result<(ScheduleRecord, bool), StoreError>;

    async fn get_schedule(&self, name: &ScheduleName)
    -> Result<Option<ScheduleRecord>, StoreError>;

    /// All schedules, by name.
    async fn list_schedules(&self) -> Result<Vec<ScheduleRecord>, StoreError>;

    /// Removes a schedule (its event history stays); false when there was none.
    async fn delete_schedule(&self, name: &ScheduleName) -> Result<bool, StoreError>;

    /// Writes `record` only when the stored schedule's revision is still `record.revision`,
    /// bumping it, and appends `events` in the same atomic write: both or neither. `None`
    /// (nothing written, no event appended) when the schedule changed or is gone since it was
    /// read. A tick's advance and its `fired` events go together this way, so a process killed
    /// after the write cannot leave a fire's task without its event.
    async fn update_schedule(
        &self,
        record: ScheduleRecord,
        events: &[ScheduleEventRecord],
    ) -> Result<Option<ScheduleRecord>, StoreError>;

    /// An operator's change to schedules, planned on records read beforehand, with its audit
    /// entry: every change of `plan` and `audit` (its `{count}` filled with the plan's length)
    /// are written together or not at all, and only when every schedule the plan names is
    /// still as it was read. `None` (nothing written) when one changed meanwhile: the caller
    /// reads again and plans again. An empty plan writes the entry alone (a call that changed
    /// nothing). Returns the records the plan put, as stored, in its order, and the entry.
    async fn write_schedules_audited(
        &self,
        plan: &[SchedulePlan],
        audit: &AuditWrite,
    ) -> Result<Option<(Vec<ScheduleRecord>, AuditRecord)>, StoreError>;

    /// Appends events on their own (run outcomes, a manual run whose record kept changing).
    async fn append_schedule_events(
        &self,
        events: &[ScheduleEventRecord],
    ) -> Result<(), StoreError>;

    /// Newest first; only `name`'s when given.
    async fn list_schedule_events(
        &self,
        name: Option<&ScheduleName>,
        limit: u32,
    ) -> Result<Vec<ScheduleEventRecord>, StoreError>;

    /// How many `fired` events of `name` with this trigger were recorded at or after
    /// `since_ms` (the run-now cap counts manual runs across every node).
    async fn count_schedule_fires(
        &self,
        name: &ScheduleName,
        trigger: Trigger,
        since_ms: i64,
    ) -> Result<u64, StoreError>;
}

/// One change of [`ScheduleStore::write_schedules_audited`].
#[derive(Clone, Debug, PartialEq)]
pub enum SchedulePlan {
    /// Writes the record over the revision it carries, the one read (0: no schedule was found
    /// under its name, and none may be there when it is written). The stored revision becomes
    /// the old one plus one, as for every write.
    Put(Box<ScheduleRecord>),
    /// Removes the schedule found at `revision` (its events and revision stay).
    Delete { name: ScheduleName, revision: i64 },
}

impl SchedulePlan {
    pub fn put(record: ScheduleRecord) -> Self {
        Self::Put(Box::new(record))
    }
}

/// The result of [`JobStore::update_job_run`].
#[derive(Clone, Debug, PartialEq)]
pub enum JobRunWrite {
    Written,
    /// The stored run's status and attempt do not allow the write
    /// ([`JobRunStatus::may_become`]); nothing was written. Carries the stored run.
    Refused(Box<JobRunRecord>),
    NotFound,
}

/// A run's log as read: up to the limit of chunks after a sequence, and the log's totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobLogPage {
    pub chunks: Vec<JobLogChunk>,
    pub state: JobLogState,
}

/// Which old job history a sweep deletes: what is older than `before_ms` **and** beyond the
/// newest `keep_*_per_job` of its job. A run counts by its finish (unfinished runs are never
/// deleted) and takes its log with it; an event counts by when it was recorded.
#[derive(Clone, Copy, Debug)]
pub struct JobSweep {
    pub before_ms: i64,
    pub keep_runs_per_job: u32,
    pub keep_events_per_job: u32,
    /// At most this many runs and this many events per sweep, so a sweep never holds the
    /// writer for long; callers repeat while a sweep deletes a full batch.
    pub batch: u32,
}

/// What a job history sweep removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobSweepCounts {
    /// Runs deleted, each with its log.
    pub runs: u64,
    pub events: u64,
}

/// Containerized jobs: their definitions, their runs with output logs, and their events.
///
/// Every mutating method is one atomic write (one SQLite write closure, one Lua script), so an
/// audit entry can later join it in the same write.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Writes a job whatever is stored under its name: `created_at_ms` is kept from the stored
    /// job when there is one, the revision becomes the stored one plus one (continued after a
    /// delete). Writes `audit` with it when given (both or neither). Returns the record as
    /// stored, whether the job is new, and the audit record.
    async fn upsert_job(
        &self,
        record: JobRecord,
        audit: Option<&AuditWrite>,
    ) -> Result<(JobRecord, bool, Option<AuditRecord>), StoreError>;

    async fn get_job(&self, name: &JobName) -> Result<Option<JobRecord>, StoreError>;

    /// All jobs, by name.
    async fn list_jobs(&self) -> Result<Vec<JobRecord>, StoreError>;

    /// Removes a job (its runs, logs and events stay) and writes `audit` with it when given
    /// (both or neither); false (nothing written, no entry either) when there was none.
    async fn delete_job(
        &self,
        name: &JobName,
        audit: Option<&AuditWrite>,
    ) -> Result<(bool, Option<AuditRecord>), StoreError>;

    /// Writes a new run and `audit` with it when given (both or neither); false (nothing
    /// written, no entry either) when a run with its id exists.
    async fn insert_job_run(
        &self,
        run: JobRunRecord,
        audit: Option<&AuditWrite>,
    ) -> Result<(bool, Option<AuditRecord>), StoreError>;

    /// Replaces a run whole, when its stored status and attempt allow the new ones
    /// ([`JobRunStatus::may_become`], checked inside the write). A run's job never changes.
    async fn update_job_run(&self, run: JobRunRecord) -> Result<JobRunWrite, StoreError>;

    async fn get_job_run(&self, run_id: &TaskId) -> Result<Option<JobRunRecord>, StoreError>;

    /// Newest first (by queue time, then run id), only `job`'s and only `status` when given,
    /// after `before` (the previous page's `next`).
    async fn list_job_runs(
        &self,
        job: Option<&JobName>,
        status: Option<JobRunStatus>,
        before: Option<&JobRunCursor>,
        limit: u32,
    ) -> Result<JobRunPage, StoreError>;

    /// Appends output to a run's log, numbering the chunks on from the log's last. Data is kept
    /// until the run's log holds `cap_bytes`; the chunk that crosses the cap is cut there and
    /// followed by one system chunk, the truncation marker; later data is dropped and counted.
    /// Empty chunks are skipped. `None` (nothing written) when the run does not exist.
    async fn append_job_log(
        &self,
        run_id: &TaskId,
        chunks: Vec<NewJobLogChunk>,
        cap_bytes: u64,
    ) -> Result<Option<JobLogState>, StoreError>;

    /// Up to `limit` chunks with `seq` above `after_seq`, in order, with the log's totals.
    async fn read_job_log(
        &self,
        run_id: &TaskId,
        after_seq: u64,
        limit: u32,
    ) -> Result<JobLogPage, StoreError>;

    /// Appends events in order; events of one run recorded in the same millisecond are all
    /// kept.
    async fn append_job_events(&self, events: &[JobEventRecord]) -> Result<(), StoreError>;

    /// Newest first; only `name`'s when given.
    async fn list_job_events(
        &self,
        name: Option<&JobName>,
        limit: u32,
    ) -> Result<Vec<JobEventRecord>, StoreError>;

    /// Deletes old runs (with their logs) and events per [`JobSweep`].
    async fn sweep_job_history(&self, sweep: JobSweep) -> Result<JobSweepCounts, StoreError>;
}
