//! The engine's domain types: identifiers (in `ids.rs`, re-exported here), task states, specs
//! and the records stores hand back.
//!
//! Times are Unix epoch milliseconds (`i64`, named `*_ms`); zero or `None` means unset.
//! Nothing here knows how it is stored or sent over the wire.

use std::collections::BTreeMap;
use std::fmt;

use crate::engine::error::Error;

pub use crate::engine::ids::{
    EventId, HandlerName, JobName, LeaseToken, NAME_MAX_LEN, QueueName, ScheduleName, TaskId,
    WorkerId, truncate_for_message,
};

/// The lifecycle of a task (design §5).
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum TaskState {
    /// `run_at` is in the future.
    Scheduled,
    /// Ready to be leased.
    Pending,
    /// Leased by a worker.
    Running,
    /// Failed; waiting for its backoff before the next attempt.
    Retrying,
    Succeeded,
    /// In the dead-letter queue.
    Dead,
    Cancelled,
}

impl TaskState {
    pub const ALL: [TaskState; 7] = [
        TaskState::Scheduled,
        TaskState::Pending,
        TaskState::Running,
        TaskState::Retrying,
        TaskState::Succeeded,
        TaskState::Dead,
        TaskState::Cancelled,
    ];

    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            TaskState::Succeeded | TaskState::Dead | TaskState::Cancelled
        )
    }

    /// The lower-case name used in events, logs and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Scheduled => "scheduled",
            TaskState::Pending => "pending",
            TaskState::Running => "running",
            TaskState::Retrying => "retrying",
            TaskState::Succeeded => "succeeded",
            TaskState::Dead => "dead",
            TaskState::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Result<Self, Error> {
        let lower = value.trim().to_ascii_lowercase();
        TaskState::ALL
            .into_iter()
            .find(|s| s.as_str() == lower)
            .ok_or_else(|| {
                Error::invalid(
                    "invalid_task_state",
                    format!(
                        "task state {:?} is unknown; use one of scheduled, pending, running, retrying, succeeded, dead, cancelled",
                        truncate_for_message(value)
                    ),
                )
            })
    }
}

impl fmt::Display for TaskState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a task went to the dead-letter queue.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum DeadReason {
    /// The handler failed on its last allowed attempt.
    RetriesExhausted,
    /// The attempts ran out through crashes: leases expired without a result.
    LeaseExpired,
    /// The handler reported a failure that retrying cannot fix.
    Permanent,
    /// The last allowed attempt ran past the task's timeout.
    Timeout,
}

impl DeadReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadReason::RetriesExhausted => "retries_exhausted",
            DeadReason::LeaseExpired => "lease_expired",
            DeadReason::Permanent => "permanent_failure",
            DeadReason::Timeout => "timeout",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            DeadReason::RetriesExhausted,
            DeadReason::LeaseExpired,
            DeadReason::Permanent,
            DeadReason::Timeout,
        ]
        .into_iter()
        .find(|r| r.as_str() == value)
    }
}

/// What a producer asks for. Unset fields take the engine's defaults.
#[derive(Clone, Debug, Default)]
pub struct TaskSpec {
    pub handler: String,
    /// Empty means the default queue.
    pub queue: String,
    pub payload: Vec<u8>,
    /// Lower values run first within a queue; 0 is the default.
    pub priority: i32,
    /// `None` takes the engine's default; `Some(0)` means one attempt and no retry.
    pub max_retries: Option<u32>,
    /// Zero takes the engine's default timeout.
    pub timeout_ms: i64,
    /// Zero or a past time means now.
    pub run_at_ms: i64,
    /// Empty means none.
    pub idempotency_key: String,
    pub metadata: BTreeMap<String, String>,
}

/// The answer to an enqueue.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Enqueued {
    pub id: TaskId,
    /// True when the idempotency key matched an earlier task, whose id this is.
    pub deduplicated: bool,
}

/// Task counts of one queue, by state. Maintained by the store, never computed by scanning tasks.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct StateCounts {
    pub scheduled: i64,
    pub pending: i64,
    pub running: i64,
    pub retrying: i64,
    pub succeeded: i64,
    pub dead: i64,
    pub cancelled: i64,
}

impl StateCounts {
    pub fn get(&self, state: TaskState) -> i64 {
        match state {
            TaskState::Scheduled => self.scheduled,
            TaskState::Pending => self.pending,
            TaskState::Running => self.running,
            TaskState::Retrying => self.retrying,
            TaskState::Succeeded => self.succeeded,
            TaskState::Dead => self.dead,
            TaskState::Cancelled => self.cancelled,
        }
    }

    pub fn slot(&mut self, state: TaskState) -> &mut i64 {
        match state {
            TaskState::Scheduled => &mut self.scheduled,
            TaskState::Pending => &mut self.pending,
            TaskState::Running => &mut self.running,
            TaskState::Retrying => &mut self.retrying,
            TaskState::Succeeded => &mut self.succeeded,
            TaskState::Dead => &mut self.dead,
            TaskState::Cancelled => &mut self.cancelled,
        }
    }

    pub fn add(&mut self, other: &StateCounts) {
        for state in TaskState::ALL {
            *self.slot(state) += other.get(state);
        }
    }
}

/// A task as the store holds it, without its payload bytes.
#[derive(Clone, PartialEq, Debug)]
pub struct TaskRecord {
    pub id: TaskId,
    pub handler: HandlerName,
    pub queue: QueueName,
    pub state: TaskState,
    pub priority: i32,
    pub payload_size: i64,
    /// Attempts started so far (a lease starts one; a release after a shutdown gives it back).
    pub attempts: u32,
    pub max_retries: u32,
    pub timeout_ms: i64,
    pub run_at_ms: i64,
    pub created_at_ms: i64,
    pub started_at_ms: Option<i64>,
    pub finished_at_ms: Option<i64>,
    pub updated_at_ms: i64,
    pub last_error: Option<String>,
    pub dead_reason: Option<DeadReason>,
    pub worker_id: Option<WorkerId>,
    pub lease_until_ms: Option<i64>,
    pub heartbeat_at_ms: Option<i64>,
    pub idempotency_key: Option<String>,
    pub cancel_requested: bool,
    pub metadata: BTreeMap<String, String>,
}

/// One failed attempt, kept in the task's error history.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct AttemptError {
    pub attempt: u32,
    pub at_ms: i64,
    pub error: String,
}

/// A task with its payload and error history.
#[derive(Clone, PartialEq, Debug)]
pub struct TaskDetail {
    pub task: TaskRecord,
    pub payload: Vec<u8>,
    pub errors: Vec<AttemptError>,
}

/// What a worker receives when it leases a task.
#[derive(Clone, PartialEq, Debug)]
pub struct LeasedTask {
    pub id: TaskId,
    pub token: LeaseToken,
    pub handler: HandlerName,
    pub queue: QueueName,
    pub payload: Vec<u8>,
    pub priority: i32,
    /// This attempt's number, starting at 1.
    pub attempt: u32,
    pub max_retries: u32,
    pub timeout_ms: i64,
    pub created_at_ms: i64,
    pub metadata: BTreeMap<String, String>,
}

/// A queue in the registry with its counters.
#[derive(Clone, PartialEq, Debug)]
pub struct QueueRecord {
    pub name: QueueName,
    /// The weight set by an operator; `None` falls back to the configured default.
    pub weight_override: Option<u32>,
    pub paused: bool,
    pub counts: StateCounts,
    /// When the oldest pending task became ready; drives queue latency.
    pub oldest_ready_at_ms: Option<i64>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// A queue as operators see it: the record plus its effective weight and latency.
#[derive(Clone, PartialEq, Debug)]
pub struct QueueInfo {
    pub name: QueueName,
    pub weight: u32,
    /// True when the weight comes from an operator rather than from configuration.
    pub weight_overridden: bool,
    pub paused: bool,
    pub counts: StateCounts,
    /// Age of the oldest ready task, zero when none is ready.
    pub latency_ms: i64,
}

/// A dead-letter entry.
#[derive(Clone, PartialEq, Debug)]
pub struct DlqEntry {
    pub id: TaskId,
    pub queue: QueueName,
    pub handler: HandlerName,
    pub attempts: u32,
    pub failed_at_ms: i64,
    pub updated_at_ms: i64,
    pub last_error: String,
    pub reason: Option<DeadReason>,
    pub payload_size: i64,
    pub metadata: BTreeMap<String, String>,
}

/// The DLQ entries of one queue and handler whose errors share one fingerprint, as the store
/// counts them (see `engine::dlq_groups`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct DlqGroupRecord {
    pub queue: QueueName,
    pub handler: HandlerName,
    pub fingerprint: String,
    pub count: u64,
    pub first_failed_ms: i64,
    pub last_failed_ms: i64,
    pub sample_task_id: TaskId,
    pub sample_error: String,
}

/// Filters of a DLQ listing; all present filters must match.
#[derive(Clone, Default, Debug, PartialEq, Eq)]
pub struct DlqFilter {
    pub queue: Option<QueueName>,
    pub handler: Option<HandlerName>,
    /// Case-insensitive substring of the id, the handler or the last error.
    pub query: Option<String>,
    /// Entries whose error has this fingerprint (one group of `dlq_groups` with its handler).
    pub fingerprint: Option<String>,
    /// Only entries that became dead before this time (a filter's age, taken by the engine).
    pub failed_before_ms: Option<i64>,
}

/// Filters of a task listing; all present filters must match.
#[derive(Clone, Default, Debug)]
pub struct TaskFilter {
    pub queue: Option<QueueName>,
    pub state: Option<TaskState>,
    pub handler: Option<HandlerName>,
    /// Case-insensitive substring of the id, the handler or the last error.
    pub text: Option<String>,
    /// Dead tasks whose error has this fingerprint.
    pub fingerprint: Option<String>,
    /// Only tasks created before this time (a filter's age, taken by the engine).
    pub created_before_ms: Option<i64>,
}

impl TaskFilter {
    /// True when only the queue and the state narrow: the maintained counters give the total.
    pub fn counted(&self) -> bool {
        self.handler.is_none()
            && self.text.is_none()
            && self.fingerprint.is_none()
            && self.created_before_ms.is_none()
    }
}

/// One page of a listing with the total that matched.
#[derive(Clone, PartialEq, Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// What replaying one id did.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ReplayOutcome {
    /// Moved from the DLQ back to pending with its attempts reset.
    Replayed,
    /// No task has this id.
    NotFound,
    /// The task exists but is not in the DLQ; nothing changed.
    NotDead(TaskState),
}

/// What a cancel did.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum CancelOutcome {
    /// The task was waiting and is now cancelled.
    Cancelled,
    /// The task is running; its worker was told to stop.
    Requested,
    /// The task had already finished in this state; nothing changed.
    AlreadyFinished(TaskState),
}

impl CancelOutcome {
    /// The outcome's name, as the API reports it and the audit entry records it.
    pub fn name(&self) -> &'static str {
        match self {
            CancelOutcome::Cancelled => "cancelled",
            CancelOutcome::Requested => "cancel_requested",
            CancelOutcome::AlreadyFinished(_) => "already_finished",
        }
    }
}

/// Which tasks a delete may remove. A running task is never deleted: its lease is held, and
/// deleting it under its worker would break fencing (the worker's result would find nothing).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DeleteScope {
    /// Only dead tasks (DLQ entries).
    Dead,
    /// Any task that is not running.
    NotRunning,
}

/// What deleting one id did.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DeleteOutcome {
    /// The task, its payload, its error history and its idempotency key are gone; it was in
    /// this state (a dead one left the DLQ with it).
    Deleted(TaskState),
    /// No task has this id.
    NotFound,
    /// The task is running (its lease is held); nothing changed. Cancel it first.
    Running,
    /// A DLQ delete found the task outside the DLQ, in this state; nothing changed.
    NotDead(TaskState),
}

impl DeleteOutcome {
    pub fn is_deleted(self) -> bool {
        matches!(self, DeleteOutcome::Deleted(_))
    }

    /// The outcome's name, as the API reports it.
    pub fn name(self) -> &'static str {
        match self {
            DeleteOutcome::Deleted(_) => "deleted",
            DeleteOutcome::NotFound => "not_found",
            DeleteOutcome::Running => "running",
            DeleteOutcome::NotDead(_) => "not_dead",
        }
    }
}

/// What deleting a queue from the registry did, or why it was refused (then nothing changed).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum QueueDeleted {
    /// The queue is gone from the registry, with this many tasks (only with force), `dead` of
    /// them DLQ entries.
    Deleted {
        tasks: u64,
        dead: u64,
    },
    NotFound,
    /// The queue still holds tasks and the delete was not forced.
    NotEmpty {
        tasks: u64,
    },
    /// The queue has running tasks: never deleted, forced or not.
    Running {
        tasks: u64,
    },
    /// A forced delete of more tasks than one write may remove.
    TooLarge {
        tasks: u64,
    },
}

/// What a worker pool is doing.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WorkerState {
    Active,
    /// Finishing in-flight tasks without leasing new ones (recycle or shutdown).
    Draining,
    /// Left cleanly.
    Stopped,
    /// Stopped sending heartbeats.
    Lost,
}

impl WorkerState {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkerState::Active => "active",
            WorkerState::Draining => "draining",
            WorkerState::Stopped => "stopped",
            WorkerState::Lost => "lost",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            WorkerState::Active,
            WorkerState::Draining,
            WorkerState::Stopped,
            WorkerState::Lost,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }

    pub fn is_live(self) -> bool {
        matches!(self, WorkerState::Active | WorkerState::Draining)
    }
}

/// A worker pool in the registry.
#[derive(Clone, PartialEq, Debug)]
pub struct WorkerRecord {
    pub id: WorkerId,
    pub host: String,
    pub pid: u32,
    pub version: String,
    pub concurrency: u32,
    pub in_flight: u32,
    /// Handlers this worker can run.
    pub handlers: Vec<String>,
    pub state: WorkerState,
    pub started_at_ms: i64,
    pub last_heartbeat_ms: i64,
    /// Set by an operator; the worker drains and restarts its loop, then clears it.
    pub recycle_reason: Option<String>,
    pub recycles: u32,
}

/// A worker with the tasks it holds right now.
#[derive(Clone, PartialEq, Debug)]
pub struct WorkerDetail {
    pub worker: WorkerRecord,
    pub running: Vec<TaskRecord>,
}

/// A running task found without a heartbeat past the threshold.
#[derive(Clone, PartialEq, Debug)]
pub struct StuckTask {
    pub task_id: TaskId,
    pub attempt: u32,
    pub handler: HandlerName,
    pub queue: QueueName,
    pub worker_id: Option<WorkerId>,
    pub last_heartbeat_ms: i64,
    pub detected_at_ms: i64,
}

/// Stuck history of one handler over a window.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct StuckSummary {
    pub handler: HandlerName,
    pub count: u64,
    pub last_at_ms: i64,
}

/// Which throughput buckets to read. The stores keep both: minute buckets for
/// [`MINUTE_BUCKETS_KEPT_MS`] and hour buckets for [`HOUR_BUCKETS_KEPT_MS`], each long enough
/// for the longest range it serves and the window before it (so "today vs yesterday" and
/// "this month vs the last" can be answered).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BucketSize {
    Minute,
    /// A quarter hour: what the 24 h range steps by (minute buckets summed).
    Quarter,
    Hour,
}

impl BucketSize {
    pub fn ms(self) -> i64 {
        match self {
            BucketSize::Minute => 60_000,
            BucketSize::Quarter => 900_000,
            BucketSize::Hour => 3_600_000,
        }
    }
}

/// Minute buckets are kept two days: the 24 h range and the 24 h before it.
pub const MINUTE_BUCKETS_KEPT_MS: i64 = 48 * 3_600_000;
/// Hour buckets are kept 60 days: the 30 d range and the 30 days before it.
pub const HOUR_BUCKETS_KEPT_MS: i64 = 60 * 24 * 3_600_000;

/// Task outcomes of one queue in one minute.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct ThroughputCounts {
    pub succeeded: i64,
    /// Failed attempts that will be retried.
    pub failed: i64,
    pub dead: i64,
}

/// Task outcomes of one queue in one bucket: a minute, or an hour for the long history.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ThroughputBucket {
    /// The bucket's start (a whole minute, or a whole hour for [`BucketSize::Hour`]).
    pub minute_ms: i64,
    pub queue: QueueName,
    pub counts: ThroughputCounts,
}

/// The holder of the leader lock.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LeaderRecord {
    pub holder: String,
    /// Grows with every change of holder, so a deposed leader can be told apart.
    pub token: i64,
    pub expires_at_ms: i64,
}

/// What the overview reads from a store, at one instant where the backend can: every queue,
/// coordination, the workers and the queues' minute buckets in the window asked for.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct OverviewRecord {
    pub queues: Vec<QueueRecord>,
    pub coordination: CoordinationRecord,
    pub workers: Vec<WorkerRecord>,
    pub throughput: Vec<ThroughputBucket>,
}

/// Cluster-wide coordination state.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct CoordinationRecord {
    pub dequeue_paused: bool,
    pub leader: Option<LeaderRecord>,
    /// Tokens in the global rate-limit bucket at its last update, if it was ever used.
    pub rate_tokens: Option<f64>,
    pub rate_updated_at_ms: Option<i64>,
}
