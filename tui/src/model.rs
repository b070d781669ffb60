//! The dashboard's own records of what the server reported. Built from `worker.v1` messages in
//! `convert` and nowhere else, so the views never see a wire type.

use std::collections::BTreeMap;

use worker_proto::events;

/// A task's state, as the views show and filter it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaskState {
    Pending,
    Scheduled,
    Running,
    Retrying,
    Succeeded,
    Dead,
    Cancelled,
    Unknown,
}

impl TaskState {
    /// The tabs of the tasks view, in order; `None` is every state.
    pub const TABS: [Option<TaskState>; 8] = [
        None,
        Some(TaskState::Pending),
        Some(TaskState::Scheduled),
        Some(TaskState::Running),
        Some(TaskState::Retrying),
        Some(TaskState::Dead),
        Some(TaskState::Succeeded),
        Some(TaskState::Cancelled),
    ];

    /// The name the admin API filters by.
    pub fn name(self) -> &'static str {
        match self {
            TaskState::Pending => "pending",
            TaskState::Scheduled => "scheduled",
            TaskState::Running => "running",
            TaskState::Retrying => "retrying",
            TaskState::Succeeded => "succeeded",
            TaskState::Dead => "dead",
            TaskState::Cancelled => "cancelled",
            TaskState::Unknown => "unknown",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        TaskState::TABS
            .iter()
            .flatten()
            .copied()
            .find(|s| s.name() == text)
    }

    /// Cancel applies to tasks that have not finished: `worker_proto::lifecycle::cancellable`,
    /// the rule the server applies.
    pub fn cancellable(self) -> bool {
        crate::convert::cancellable(self)
    }

    /// Retry makes a scheduled, retrying or finished task pending now:
    /// `worker_proto::lifecycle::retryable`, the rule the server applies.
    pub fn retryable(self) -> bool {
        crate::convert::retryable(self)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub ready: i64,
    pub scheduled: i64,
    pub running: i64,
    pub retrying: i64,
    pub dead: i64,
    pub succeeded: i64,
    pub cancelled: i64,
    pub workers: i64,
    pub queues: i64,
    pub avg_latency_ms: i64,
    pub p95_latency_ms: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coordination {
    /// Global dequeue pause.
    pub paused: bool,
    /// Zero when there is no global rate limit.
    pub rate_per_second: f64,
    pub rate_burst: i32,
    pub rate_tokens: f64,
    /// The node holding the leader lock; empty when none does.
    pub leader: String,
    pub lease_ms: i64,
}

/// One minute of outcomes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Minute {
    pub at_ms: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub dead: i64,
}

/// How far back the overview's sparklines look.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Range {
    /// From the overview itself, a point a minute.
    #[default]
    Minutes15,
    /// `GetQueueHistory` 24h: a point per 15 minutes.
    Hours24,
    /// `GetQueueHistory` 30d: a point per 6 hours.
    Days30,
}

impl Range {
    /// As the server and the screen spell it.
    pub fn name(self) -> &'static str {
        match self {
            Range::Minutes15 => "15m",
            Range::Hours24 => "24h",
            Range::Days30 => "30d",
        }
    }

    /// The next range of the `t` key, round.
    pub fn next(self) -> Self {
        match self {
            Range::Minutes15 => Range::Hours24,
            Range::Hours24 => Range::Days30,
            Range::Days30 => Range::Minutes15,
        }
    }
}

/// Outcomes over a range of all queues together, and over the range before it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub range: Range,
    pub step_ms: i64,
    /// Oldest first, every step present.
    pub points: Vec<Minute>,
    pub totals: Minute,
    pub previous: Minute,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queue {
    pub name: String,
    pub paused: bool,
    pub weight: i32,
    /// True when an operator set the weight.
    pub weight_overridden: bool,
    pub ready: i64,
    pub scheduled: i64,
    pub running: i64,
    pub retrying: i64,
    pub dead: i64,
    pub succeeded: i64,
    pub cancelled: i64,
    pub latency_ms: i64,
}

impl Queue {
    /// The count shown on a state tab of the tasks view.
    pub fn count(&self, state: Option<TaskState>) -> i64 {
        match state {
            None => {
                self.ready
                    + self.scheduled
                    + self.running
                    + self.retrying
                    + self.dead
                    + self.succeeded
                    + self.cancelled
            }
            Some(TaskState::Pending) => self.ready,
            Some(TaskState::Scheduled) => self.scheduled,
            Some(TaskState::Running) => self.running,
            Some(TaskState::Retrying) => self.retrying,
            Some(TaskState::Dead) => self.dead,
            Some(TaskState::Succeeded) => self.succeeded,
            Some(TaskState::Cancelled) => self.cancelled,
            Some(TaskState::Unknown) => 0,
        }
    }
}

/// `GetOverview`, and the snapshot that opens every event stream.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overview {
    pub totals: Totals,
    pub coordination: Coordination,
    pub queues: Vec<Queue>,
    /// Oldest first, one point per minute.
    pub throughput: Vec<Minute>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Task {
    pub id: String,
    pub handler: String,
    pub queue: String,
    pub state: Option<TaskState>,
    pub attempts: i32,
    pub max_retries: i32,
    pub priority: i32,
    pub created_at_ms: i64,
    pub started_at_ms: i64,
    pub finished_at_ms: i64,
    pub run_at_ms: i64,
    pub updated_at_ms: i64,
    pub timeout_ms: i64,
    pub payload_size: i64,
    pub last_error: String,
    pub worker_id: String,
    pub dead_reason: String,
    pub idempotency_key: String,
    pub cancel_requested: bool,
    pub metadata: BTreeMap<String, String>,
}

impl Task {
    pub fn state(&self) -> TaskState {
        self.state.unwrap_or(TaskState::Unknown)
    }
}

/// A payload as the dashboard may show it.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Text(String),
    Binary(usize),
    /// Viewers see sizes only.
    Redacted,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttemptError {
    pub attempt: i32,
    pub at_ms: i64,
    pub error: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskDetail {
    pub task: Task,
    pub payload: Payload,
    pub errors: Vec<AttemptError>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DlqEntry {
    pub id: String,
    pub queue: String,
    pub handler: String,
    pub attempts: i32,
    pub failed_at_ms: i64,
    pub reason: String,
    pub last_error: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DlqDetail {
    pub entry: DlqEntry,
    pub max_retries: i32,
    pub updated_at_ms: i64,
    pub payload_size: i64,
    pub payload: Payload,
    pub metadata: BTreeMap<String, String>,
    pub errors: Vec<AttemptError>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Worker {
    pub id: String,
    pub host: String,
    pub pid: i32,
    pub version: String,
    pub concurrency: i32,
    pub in_flight: i32,
    pub handlers: Vec<String>,
    /// active, draining, stopped or lost.
    pub state: String,
    pub started_at_ms: i64,
    pub last_heartbeat_ms: i64,
    pub recycle_reason: String,
    pub recycles: i32,
}

impl Worker {
    pub fn live(&self) -> bool {
        matches!(self.state.as_str(), "active" | "draining")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkerDetail {
    pub worker: Worker,
    pub running: Vec<Task>,
}

/// Stuck tasks of one handler in the window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stuck {
    pub handler: String,
    pub count: i64,
    pub last_at_ms: i64,
}

/// What an event is about, for colour, for the alerts and for the events view's `kind:`
/// filter: a grouping of the stream's kinds (`worker_proto::events::EventKind`), see
/// [`EventKind::of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Queue,
    Tasks,
    Dlq,
    Dequeue,
    Worker,
    Stuck,
    Audit,
    Schedule,
    Job,
    /// An alert `workerd` raised (a broken audit chain, a store that lost data).
    Alert,
}

impl EventKind {
    /// The dashboard's kind of a stream event's kind; `None` for those the events view does
    /// not list (overviews, heartbeats). Job-log summaries list with the job events.
    pub fn of(kind: events::EventKind) -> Option<Self> {
        use events::EventKind as Streamed;
        Some(match kind {
            Streamed::QueueChanged => EventKind::Queue,
            Streamed::TaskSummary | Streamed::BulkProgress => EventKind::Tasks,
            Streamed::DlqChanged => EventKind::Dlq,
            Streamed::DequeueChanged => EventKind::Dequeue,
            Streamed::WorkerJoined | Streamed::WorkerLeft | Streamed::WorkerRecycle => {
                EventKind::Worker
            }
            Streamed::WorkerStuck => EventKind::Stuck,
            Streamed::Audit => EventKind::Audit,
            Streamed::ScheduleEvent => EventKind::Schedule,
            Streamed::JobEvent | Streamed::JobLog => EventKind::Job,
            Streamed::Alert => EventKind::Alert,
            Streamed::Overview | Streamed::Heartbeat => return None,
        })
    }

    /// Every grouping, in the order [`Self::name`] lists them.
    pub const ALL: [EventKind; 10] = [
        EventKind::Queue,
        EventKind::Tasks,
        EventKind::Dlq,
        EventKind::Dequeue,
        EventKind::Worker,
        EventKind::Stuck,
        EventKind::Audit,
        EventKind::Schedule,
        EventKind::Job,
        EventKind::Alert,
    ];

    /// The name the events view shows; its `kind:` filter takes it too, beside the stream's
    /// own names.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Queue => "queue",
            EventKind::Tasks => "tasks",
            EventKind::Dlq => "dlq",
            EventKind::Dequeue => "dequeue",
            EventKind::Worker => "worker",
            EventKind::Stuck => "stuck",
            EventKind::Audit => "audit",
            EventKind::Schedule => "schedule",
            EventKind::Job => "job",
            EventKind::Alert => "alert",
        }
    }
}

/// One entry of the live event stream, already worded.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: String,
    pub at_ms: i64,
    /// The dashboard's grouping, for colour, alerts and the column the view shows.
    pub kind: EventKind,
    /// The stream's own kind: `kind:` filters take its name (`dlq_changed`), as gRPC, the
    /// gateway's SSE and `workerctl events` do.
    pub stream: events::EventKind,
    pub queue: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditEntry {
    pub id: String,
    pub at_ms: i64,
    pub actor: String,
    pub role: String,
    pub action: String,
    pub target: String,
    pub status: String,
    pub detail: String,
    pub request_id: String,
}

/// Which DLQ entries (and tasks) a view shows: the one filter language of `workerctl`, the
/// gateway and the bulk actions (`worker_proto::filter`), which the server applies, so what an
/// operator types after `/` means what it means on the command line.
pub type Filter = worker_proto::filter::Filter;

/// The DLQ view's filter: the same [`Filter`] (its state, if any, is dead).
pub type DlqFilter = Filter;

/// The DLQ entries of one handler whose errors share a fingerprint: one cause of failure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DlqGroup {
    pub handler: String,
    /// The error with its variable parts (numbers, ids, quoted values) masked.
    pub fingerprint: String,
    pub queues: Vec<String>,
    pub count: u64,
    pub first_failed_at_ms: i64,
    pub last_failed_at_ms: i64,
    /// The newest entry of the group, as an example.
    pub sample_task_id: String,
    pub sample_error: String,
}

/// One answer to a groups listing: the groups (largest first) and how many the filter matched.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DlqGroups {
    pub groups: Vec<DlqGroup>,
    pub total_groups: u64,
    pub total_entries: u64,
}

/// Which audit entries to fetch; the server filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor: Option<String>,
    pub target: Option<String>,
}

/// A cron schedule: its timetable, what each fire enqueues, and its newest fire.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schedule {
    pub name: String,
    pub spec: String,
    /// The spec in words, like "every 15 minutes".
    pub description: String,
    /// IANA name; "UTC" when the server sent none.
    pub timezone: String,
    pub paused: bool,
    /// 0 while paused.
    pub next_run_ms: i64,
    pub last_run_ms: i64,
    /// The newest fire's status; empty before any.
    pub last_status: String,
    pub last_task_id: String,
    pub handler: String,
    pub queue: String,
    pub priority: i32,
    /// -1: the server's default.
    pub max_retries: i32,
    pub timeout_ms: i64,
    pub misfire: String,
    pub catch_up_max: i32,
    pub overlap: String,
    pub jitter_ms: i64,
    pub metadata: BTreeMap<String, String>,
    pub payload: Payload,
    pub payload_size: i64,
}

impl Default for Payload {
    fn default() -> Self {
        Payload::Text(String::new())
    }
}

/// One fire of a schedule and what became of its task.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScheduleFire {
    pub name: String,
    /// fired, running, succeeded, failed, dead, cancelled, skipped or missed.
    pub status: String,
    /// cron or manual.
    pub trigger: String,
    pub fire_at_ms: i64,
    pub at_ms: i64,
    pub task_id: String,
    pub queue: String,
    pub attempt: i32,
    pub duration_ms: i64,
    pub error: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleDetail {
    pub schedule: Schedule,
    /// Newest first.
    pub recent: Vec<ScheduleFire>,
}

/// A containerized job's definition, as the jobs view shows it (secrets never reach it: the
/// server redacts them and the view does not keep the environment).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Job {
    pub name: String,
    pub description: String,
    /// git_tag, tarball_url or tarball_path.
    pub source: String,
    /// Where the build context comes from: `repo@tag`, the URL or the path.
    pub origin: String,
    /// git_tag: the commit the tag must resolve to; empty trusts the tag.
    pub commit: String,
    pub queue: String,
    pub command: Vec<String>,
    pub retries: i32,
    /// 0: the node's default.
    pub timeout_seconds: i32,
    /// 0: the node's default, for each limit.
    pub cpus: f64,
    pub memory_mb: i64,
    pub pids: i64,
    pub updated_at_ms: i64,
}

/// One run of a job: one `job_runner` task (`run_id` is its id), all its attempts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobRun {
    pub run_id: String,
    pub job: String,
    /// queued, running, succeeded, failed or cancelled.
    pub status: String,
    /// manual (by `actor`) or schedule (`schedule`).
    pub trigger: String,
    pub actor: String,
    pub schedule: String,
    pub queued_at_ms: i64,
    pub started_at_ms: i64,
    pub finished_at_ms: i64,
    pub queue_delay_ms: i64,
    pub duration_ms: i64,
    pub attempt: i32,
    pub exit_code: Option<i64>,
    pub oom_killed: bool,
    pub timed_out: bool,
    pub peak_memory_bytes: Option<i64>,
    pub resolved_commit: String,
    pub error: String,
    /// The output went over the server's per-run cap (its log ends with a marker).
    pub truncated: bool,
    pub output_bytes: i64,
    /// The definition as it was when the run was made.
    pub spec: Option<Job>,
}

impl JobRun {
    /// Queued or running: a cancel still changes something.
    pub fn active(&self) -> bool {
        matches!(self.status.as_str(), "queued" | "running" | "retrying")
    }

    /// Who or what made the run: `ada`, `schedule nightly`.
    pub fn by(&self) -> String {
        match self.trigger.as_str() {
            "schedule" => format!("schedule {}", self.schedule),
            _ if self.actor.is_empty() => self.trigger.clone(),
            _ => self.actor.clone(),
        }
    }
}

/// A piece of a run's output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogChunk {
    /// Counts from 1 without gaps within a run.
    pub seq: i64,
    /// stdout, stderr, build or system.
    pub stream: String,
    pub data: String,
    pub at_ms: i64,
}
