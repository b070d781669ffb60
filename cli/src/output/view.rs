//! workerctl's output records: its JSON contract, separate from the wire types. Keys are
//! snake_case and stable; times are RFC 3339 UTC strings (null when unset); durations are
//! whole milliseconds in keys ending `_ms`. Converted from `worker.v1` messages here and only
//! here.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::Serialize;
use worker_proto::events::EventKind;
use worker_proto::v1 as pb;

use crate::output::{Record, Section};

/// RFC 3339 UTC with milliseconds; `None` for 0 (unset).
pub(crate) fn time(ms: i64) -> Option<String> {
    (ms > 0).then(|| {
        let at = std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms as u64);
        humantime::format_rfc3339_millis(at).to_string()
    })
}

fn cell(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// `1.2s`, `3m4s`-style for tables: the same words as the dashboard.
pub(crate) use worker_tui::format::short_ms;

pub(crate) fn state_name(state: i32) -> String {
    match pb::TaskState::try_from(state) {
        Ok(pb::TaskState::Unspecified) | Err(_) => "unknown".into(),
        Ok(s) => s.as_str_name().to_ascii_lowercase(),
    }
}

fn metadata_cell(metadata: &BTreeMap<String, String>) -> String {
    if metadata.is_empty() {
        String::new()
    } else {
        serde_json::to_string(metadata).unwrap_or_default()
    }
}

/// A payload as text when it is UTF-8, else base64.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct Payload {
    /// `utf8`, `base64`, or `redacted` (viewers see sizes only).
    pub encoding: &'static str,
    pub data: String,
}

impl Payload {
    pub(crate) fn of(bytes: &[u8], redacted: bool) -> Self {
        if redacted {
            return Self {
                encoding: "redacted",
                data: String::new(),
            };
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Self {
                encoding: "utf8",
                data: text.to_string(),
            },
            Err(_) => Self {
                encoding: "base64",
                data: base64::engine::general_purpose::STANDARD.encode(bytes),
            },
        }
    }

    fn cell(&self) -> String {
        match self.encoding {
            "redacted" => "(redacted for your role)".into(),
            "base64" => format!("base64:{}", self.data),
            _ => self.data.clone(),
        }
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Health {
    pub status: String,
    pub version: String,
    pub commit: String,
    pub build_time: String,
    /// The Rust toolchain the server was built with.
    pub rustc: String,
    pub server: String,
}

impl Record for Health {
    fn header(_: bool) -> Vec<&'static str> {
        vec![
            "STATUS",
            "VERSION",
            "COMMIT",
            "BUILD_TIME",
            "RUSTC",
            "SERVER",
        ]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.status.clone(),
            self.version.clone(),
            self.commit.clone(),
            self.build_time.clone(),
            self.rustc.clone(),
            self.server.clone(),
        ]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Queue {
    pub name: String,
    pub paused: bool,
    pub weight: i32,
    /// True when an operator set the weight; false when it comes from configuration.
    pub weight_overridden: bool,
    pub ready: i64,
    pub scheduled: i64,
    pub running: i64,
    pub retrying: i64,
    pub dead: i64,
    pub succeeded: i64,
    pub cancelled: i64,
    /// Age of the oldest ready task.
    pub latency_ms: i64,
}

impl From<&pb::QueueSummary> for Queue {
    fn from(q: &pb::QueueSummary) -> Self {
        Self {
            name: q.name.clone(),
            paused: q.paused,
            weight: q.weight,
            weight_overridden: q.weight_overridden,
            ready: q.ready,
            scheduled: q.scheduled,
            running: q.processing,
            retrying: q.retrying,
            dead: q.dead,
            succeeded: q.succeeded,
            cancelled: q.cancelled,
            latency_ms: q.latency_ms,
        }
    }
}

impl Record for Queue {
    fn header(wide: bool) -> Vec<&'static str> {
        let mut h = vec![
            "NAME", "STATE", "READY", "RUNNING", "DEAD", "WEIGHT", "LATENCY",
        ];
        if wide {
            h.extend([
                "SCHEDULED",
                "RETRYING",
                "SUCCEEDED",
                "CANCELLED",
                "WEIGHT_SET",
            ]);
        }
        h
    }
    fn row(&self, wide: bool) -> Vec<String> {
        let mut r = vec![
            self.name.clone(),
            if self.paused { "paused" } else { "active" }.into(),
            self.ready.to_string(),
            self.running.to_string(),
            self.dead.to_string(),
            self.weight.to_string(),
            short_ms(self.latency_ms),
        ];
        if wide {
            r.extend([
                self.scheduled.to_string(),
                self.retrying.to_string(),
                self.succeeded.to_string(),
                self.cancelled.to_string(),
                self.weight_overridden.to_string(),
            ]);
        }
        r
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct ThroughputPoint {
    pub minute: Option<String>,
    pub succeeded: i64,
    pub failed: i64,
    pub dead: i64,
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct ActionCounts {
    pub pause: i64,
    pub resume: i64,
    pub replay: i64,
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Overview {
    pub active_workers: i32,
    pub queues: i32,
    pub ready: i64,
    pub scheduled: i64,
    pub running: i64,
    pub retrying: i64,
    pub dead: i64,
    pub succeeded: i64,
    pub cancelled: i64,
    pub avg_latency_ms: i64,
    pub p95_latency_ms: i64,
    pub dequeue_paused: bool,
    /// disabled, active or idle.
    pub rate_limit: String,
    pub rate_per_second: f64,
    pub rate_burst: i32,
    pub leader: String,
    /// Time left on the leader's lock, like 12s.
    pub leader_lease: String,
    pub actions: ActionCounts,
    /// The last 15 minutes, oldest first.
    pub throughput: Vec<ThroughputPoint>,
    pub queue_list: Vec<Queue>,
}

impl From<&pb::GetOverviewResponse> for Overview {
    fn from(o: &pb::GetOverviewResponse) -> Self {
        let s = o.stats.unwrap_or_default();
        let c = o.coordination.clone().unwrap_or_default();
        let a = o.actions.unwrap_or_default();
        Self {
            active_workers: s.active_workers,
            queues: s.queues,
            ready: s.queued_tasks,
            scheduled: s.scheduled_tasks,
            running: s.running_tasks,
            retrying: s.retrying_tasks,
            dead: s.dead_tasks,
            succeeded: s.succeeded_tasks,
            cancelled: s.cancelled_tasks,
            avg_latency_ms: s.avg_latency_ms,
            p95_latency_ms: s.p95_latency_ms,
            dequeue_paused: c.paused,
            rate_limit: c.global_rate_limit,
            rate_per_second: c.rate_per_second,
            rate_burst: c.rate_burst,
            leader: c.leader,
            leader_lease: c.lease,
            actions: ActionCounts {
                pause: a.pause,
                resume: a.resume,
                replay: a.replay,
            },
            throughput: o
                .throughput
                .iter()
                .map(|p| ThroughputPoint {
                    minute: time(p.minute_ms),
                    succeeded: p.succeeded,
                    failed: p.failed,
                    dead: p.dead,
                })
                .collect(),
            queue_list: o.queues.iter().map(Queue::from).collect(),
        }
    }
}

impl Record for Overview {
    fn header(_: bool) -> Vec<&'static str> {
        vec![
            "WORKERS",
            "QUEUES",
            "READY",
            "SCHEDULED",
            "RUNNING",
            "RETRYING",
            "DEAD",
            "SUCCEEDED",
            "CANCELLED",
            "AVG_LATENCY",
            "P95_LATENCY",
            "DEQUEUE",
            "RATE_LIMIT",
            "LEADER",
            "LEADER_LEASE",
            "PAUSES",
            "RESUMES",
            "REPLAYS",
            "DONE_LAST_15M",
        ]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.active_workers.to_string(),
            self.queues.to_string(),
            self.ready.to_string(),
            self.scheduled.to_string(),
            self.running.to_string(),
            self.retrying.to_string(),
            self.dead.to_string(),
            self.succeeded.to_string(),
            self.cancelled.to_string(),
            short_ms(self.avg_latency_ms),
            short_ms(self.p95_latency_ms),
            if self.dequeue_paused {
                "paused"
            } else {
                "running"
            }
            .into(),
            self.rate_limit.clone(),
            self.leader.clone(),
            self.leader_lease.clone(),
            self.actions.pause.to_string(),
            self.actions.resume.to_string(),
            self.actions.replay.to_string(),
            self.throughput
                .iter()
                .map(|p| p.succeeded)
                .sum::<i64>()
                .to_string(),
        ]
    }
    fn sections(&self) -> Vec<Section> {
        vec![Section {
            title: "Queues",
            header: Queue::header(false),
            rows: self.queue_list.iter().map(|q| q.row(false)).collect(),
        }]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Task {
    pub id: String,
    pub handler: String,
    pub queue: String,
    /// pending, scheduled, running, retrying, succeeded, dead or cancelled.
    pub state: String,
    pub attempts: i32,
    pub max_retries: i32,
    pub priority: i32,
    pub created_at: Option<String>,
    pub run_at: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub updated_at: Option<String>,
    pub last_error: String,
    pub dead_reason: String,
    pub worker_id: String,
    pub payload_size: i64,
    pub timeout_ms: i64,
    pub idempotency_key: String,
    pub cancel_requested: bool,
    pub metadata: BTreeMap<String, String>,
}

impl From<&pb::TaskInfo> for Task {
    fn from(t: &pb::TaskInfo) -> Self {
        Self {
            id: t.id.clone(),
            handler: t.handler.clone(),
            queue: t.queue.clone(),
            state: state_name(t.state),
            attempts: t.attempts,
            max_retries: t.max_retries,
            priority: t.priority,
            created_at: time(t.created_at_ms),
            run_at: time(t.run_at_ms),
            started_at: time(t.started_at_ms),
            finished_at: time(t.finished_at_ms),
            updated_at: time(t.updated_at_ms),
            last_error: t.last_error.clone(),
            dead_reason: t.dead_reason.clone(),
            worker_id: t.worker_id.clone(),
            payload_size: t.payload_size,
            timeout_ms: t.timeout_ms,
            idempotency_key: t.idempotency_key.clone(),
            cancel_requested: t.cancel_requested,
            metadata: t.metadata.clone(),
        }
    }
}

impl Record for Task {
    fn header(wide: bool) -> Vec<&'static str> {
        let mut h = vec![
            "ID",
            "HANDLER",
            "QUEUE",
            "STATE",
            "ATTEMPTS",
            "CREATED",
            "LAST_ERROR",
        ];
        if wide {
            h.extend([
                "MAX_RETRIES",
                "PRIORITY",
                "RUN_AT",
                "STARTED",
                "FINISHED",
                "UPDATED",
                "DEAD_REASON",
                "WORKER",
                "PAYLOAD_SIZE",
                "TIMEOUT_MS",
                "IDEMPOTENCY_KEY",
                "CANCEL_REQUESTED",
                "METADATA",
            ]);
        }
        h
    }
    fn row(&self, wide: bool) -> Vec<String> {
        let mut r = vec![
            self.id.clone(),
            self.handler.clone(),
            self.queue.clone(),
            self.state.clone(),
            format!("{}/{}", self.attempts, self.max_retries + 1),
            cell(&self.created_at),
            self.last_error.clone(),
        ];
        if wide {
            r.extend([
                self.max_retries.to_string(),
                self.priority.to_string(),
                cell(&self.run_at),
                cell(&self.started_at),
                cell(&self.finished_at),
                cell(&self.updated_at),
                self.dead_reason.clone(),
                self.worker_id.clone(),
                self.payload_size.to_string(),
                self.timeout_ms.to_string(),
                self.idempotency_key.clone(),
                self.cancel_requested.to_string(),
                metadata_cell(&self.metadata),
            ]);
        }
        r
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct AttemptError {
    pub attempt: i32,
    pub at: Option<String>,
    pub error: String,
}

fn attempt_errors(errors: &[pb::TaskAttemptError]) -> Vec<AttemptError> {
    errors
        .iter()
        .map(|e| AttemptError {
            attempt: e.attempt,
            at: time(e.at_ms),
            error: e.error.clone(),
        })
        .collect()
}

fn error_section(errors: &[AttemptError]) -> Section {
    Section {
        title: "Errors",
        header: vec!["ATTEMPT", "AT", "ERROR"],
        rows: errors
            .iter()
            .map(|e| vec![e.attempt.to_string(), cell(&e.at), e.error.clone()])
            .collect(),
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct TaskDetail {
    #[serde(flatten)]
    pub task: Task,
    pub payload: Payload,
    /// One per failed attempt, oldest first.
    pub errors: Vec<AttemptError>,
}

impl From<&pb::GetTaskResponse> for TaskDetail {
    fn from(r: &pb::GetTaskResponse) -> Self {
        Self {
            task: Task::from(&r.task.clone().unwrap_or_default()),
            payload: Payload::of(&r.payload, r.payload_redacted),
            errors: attempt_errors(&r.errors),
        }
    }
}

impl Record for TaskDetail {
    fn header(_: bool) -> Vec<&'static str> {
        let mut h = Task::header(true);
        h.push("PAYLOAD");
        h
    }
    fn row(&self, _: bool) -> Vec<String> {
        let mut r = self.task.row(true);
        r.push(self.payload.cell());
        r
    }
    fn sections(&self) -> Vec<Section> {
        vec![error_section(&self.errors)]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct DlqEntry {
    pub id: String,
    pub queue: String,
    pub handler: String,
    pub attempts: i32,
    /// retries_exhausted, lease_expired, permanent_failure or timeout.
    pub reason: String,
    pub failed_at: Option<String>,
    pub age_ms: i64,
    pub last_error: String,
}

impl From<&pb::DlqEntry> for DlqEntry {
    fn from(e: &pb::DlqEntry) -> Self {
        Self {
            id: e.id.clone(),
            queue: e.queue.clone(),
            handler: e.handler.clone(),
            attempts: e.attempts,
            reason: e.reason.clone(),
            failed_at: time(e.failed_at_ms),
            age_ms: e.age_ms,
            last_error: e.last_error.clone(),
        }
    }
}

impl Record for DlqEntry {
    fn header(wide: bool) -> Vec<&'static str> {
        let mut h = vec!["ID", "QUEUE", "HANDLER", "ATTEMPTS", "AGE", "LAST_ERROR"];
        if wide {
            h.extend(["REASON", "FAILED_AT"]);
        }
        h
    }
    fn row(&self, wide: bool) -> Vec<String> {
        let mut r = vec![
            self.id.clone(),
            self.queue.clone(),
            self.handler.clone(),
            self.attempts.to_string(),
            short_ms(self.age_ms),
            self.last_error.clone(),
        ];
        if wide {
            r.extend([self.reason.clone(), cell(&self.failed_at)]);
        }
        r
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct DlqDetail {
    #[serde(flatten)]
    pub entry: DlqEntry,
    pub max_retries: i32,
    pub updated_at: Option<String>,
    pub payload_size: i64,
    pub payload: Payload,
    pub metadata: BTreeMap<String, String>,
    pub errors: Vec<AttemptError>,
}

impl From<&pb::DlqEntryDetail> for DlqDetail {
    fn from(d: &pb::DlqEntryDetail) -> Self {
        Self {
            entry: DlqEntry {
                id: d.id.clone(),
                queue: d.queue.clone(),
                handler: d.handler.clone(),
                attempts: d.attempts,
                reason: d.reason.clone(),
                failed_at: time(d.failed_at_ms),
                age_ms: d.age_ms,
                last_error: d.last_error.clone(),
            },
            max_retries: d.max_retries,
            updated_at: time(d.updated_at_ms),
            payload_size: d.payload_size,
            payload: Payload::of(&d.payload, d.payload_redacted),
            metadata: d.metadata.clone(),
            errors: attempt_errors(&d.errors),
        }
    }
}

impl Record for DlqDetail {
    fn header(_: bool) -> Vec<&'static str> {
        let mut h = DlqEntry::header(true);
        h.extend([
            "MAX_RETRIES",
            "UPDATED_AT",
            "PAYLOAD_SIZE",
            "PAYLOAD",
            "METADATA",
        ]);
        h
    }
    fn row(&self, _: bool) -> Vec<String> {
        let mut r = self.entry.row(true);
        r.extend([
            self.max_retries.to_string(),
            cell(&self.updated_at),
            self.payload_size.to_string(),
            self.payload.cell(),
            metadata_cell(&self.metadata),
        ]);
        r
    }
    fn sections(&self) -> Vec<Section> {
        vec![error_section(&self.errors)]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Worker {
    pub id: String,
    pub host: String,
    pub pid: i32,
    pub version: String,
    /// active, draining, stopped or lost.
    pub state: String,
    pub concurrency: i32,
    pub in_flight: i32,
    pub handlers: Vec<String>,
    pub started_at: Option<String>,
    pub last_heartbeat: Option<String>,
    pub recycle_reason: String,
    pub recycles: i32,
}

impl From<&pb::WorkerInfo> for Worker {
    fn from(w: &pb::WorkerInfo) -> Self {
        Self {
            id: w.id.clone(),
            host: w.host.clone(),
            pid: w.pid,
            version: w.version.clone(),
            state: w.state.clone(),
            concurrency: w.concurrency,
            in_flight: w.in_flight,
            handlers: w.handlers.clone(),
            started_at: time(w.started_at_ms),
            last_heartbeat: time(w.last_heartbeat_ms),
            recycle_reason: w.recycle_reason.clone(),
            recycles: w.recycles,
        }
    }
}

impl Record for Worker {
    fn header(wide: bool) -> Vec<&'static str> {
        let mut h = vec![
            "ID",
            "STATE",
            "HOST",
            "IN_FLIGHT",
            "CONCURRENCY",
            "LAST_HEARTBEAT",
        ];
        if wide {
            h.extend([
                "PID",
                "VERSION",
                "STARTED",
                "HANDLERS",
                "RECYCLES",
                "RECYCLE_REASON",
            ]);
        }
        h
    }
    fn row(&self, wide: bool) -> Vec<String> {
        let mut r = vec![
            self.id.clone(),
            self.state.clone(),
            self.host.clone(),
            self.in_flight.to_string(),
            self.concurrency.to_string(),
            cell(&self.last_heartbeat),
        ];
        if wide {
            r.extend([
                self.pid.to_string(),
                self.version.clone(),
                cell(&self.started_at),
                self.handlers.join(","),
                self.recycles.to_string(),
                self.recycle_reason.clone(),
            ]);
        }
        r
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct WorkerDetail {
    #[serde(flatten)]
    pub worker: Worker,
    /// The tasks it runs now.
    pub running: Vec<Task>,
}

impl Record for WorkerDetail {
    fn header(_: bool) -> Vec<&'static str> {
        Worker::header(true)
    }
    fn row(&self, _: bool) -> Vec<String> {
        self.worker.row(true)
    }
    fn sections(&self) -> Vec<Section> {
        vec![Section {
            title: "Running",
            header: Task::header(false),
            rows: self.running.iter().map(|t| t.row(false)).collect(),
        }]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Stuck {
    pub handler: String,
    pub stuck_count: i64,
    pub last_stuck_at: Option<String>,
}

impl Record for Stuck {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["HANDLER", "STUCK", "LAST_STUCK_AT"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.handler.clone(),
            self.stuck_count.to_string(),
            cell(&self.last_stuck_at),
        ]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Audit {
    pub id: String,
    pub at: Option<String>,
    pub at_ms: i64,
    pub actor: String,
    pub role: String,
    pub request_id: String,
    pub action: String,
    pub target: String,
    /// ok or error.
    pub status: String,
    pub payload_hash: String,
    pub detail: String,
    pub metadata: BTreeMap<String, String>,
    pub hash: String,
    pub prev_hash: String,
    /// The entry as the audit export's CSV row (the wide table shows it too).
    #[serde(skip)]
    pub csv: [String; 13],
}

impl From<&pb::AuditEvent> for Audit {
    fn from(e: &pb::AuditEvent) -> Self {
        Self {
            id: e.id.clone(),
            at: time(e.at_ms),
            at_ms: e.at_ms,
            actor: e.actor.clone(),
            role: e.role.clone(),
            request_id: e.request_id.clone(),
            action: e.action.clone(),
            target: e.target.clone(),
            status: e.status.clone(),
            payload_hash: e.payload_hash.clone(),
            detail: e.detail.clone(),
            metadata: e.metadata.clone(),
            hash: e.hash.clone(),
            prev_hash: e.prev_hash.clone(),
            csv: worker_proto::audit::csv_row(e),
        }
    }
}

impl Record for Audit {
    fn header(wide: bool) -> Vec<&'static str> {
        if wide {
            return worker_proto::audit::CSV_HEADER.to_vec();
        }
        vec![
            "AT", "ACTOR", "ROLE", "ACTION", "TARGET", "STATUS", "DETAIL",
        ]
    }
    fn row(&self, wide: bool) -> Vec<String> {
        if wide {
            return self.csv.to_vec();
        }
        vec![
            cell(&self.at),
            self.actor.clone(),
            self.role.clone(),
            self.action.clone(),
            self.target.clone(),
            self.status.clone(),
            self.detail.clone(),
        ]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Event {
    /// Empty for snapshots and heartbeats, which are not in the log.
    pub id: String,
    pub at: Option<String>,
    /// queue_changed, task_summary, dlq_changed, audit, worker_joined, …
    pub kind: String,
    pub queue: String,
    /// One line for people.
    pub summary: String,
    /// The event's fields.
    pub data: serde_json::Value,
}

impl Record for Event {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["ID", "AT", "KIND", "QUEUE", "SUMMARY"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.id.clone(),
            cell(&self.at),
            self.kind.clone(),
            self.queue.clone(),
            self.summary.clone(),
        ]
    }
}

impl From<&pb::AdminEvent> for Event {
    fn from(e: &pb::AdminEvent) -> Self {
        use pb::admin_event::Event as E;
        use serde_json::json;
        let (kind, queue, summary, data) = match &e.event {
            Some(E::QueueChanged(c)) => (
                EventKind::QueueChanged.name(),
                c.queue.clone(),
                format!("{} {} (weight {})", c.action, c.queue, c.weight),
                json!({"queue": c.queue, "action": c.action, "paused": c.paused, "weight": c.weight}),
            ),
            Some(E::DequeueChanged(c)) => (
                EventKind::DequeueChanged.name(),
                String::new(),
                if c.paused {
                    "dequeue paused"
                } else {
                    "dequeue resumed"
                }
                .to_string(),
                json!({"paused": c.paused}),
            ),
            Some(E::TaskSummary(s)) => (
                EventKind::TaskSummary.name(),
                s.queue.clone(),
                format!(
                    "+{} enqueued, {} started, {} succeeded, {} retried, {} dead, {} cancelled in {}",
                    s.enqueued,
                    s.started,
                    s.succeeded,
                    s.retried,
                    s.dead,
                    s.cancelled,
                    short_ms(s.window_ms)
                ),
                json!({
                    "queue": s.queue, "window_start": time(s.window_start_ms), "window_ms": s.window_ms,
                    "enqueued": s.enqueued, "started": s.started, "succeeded": s.succeeded,
                    "retried": s.retried, "dead": s.dead, "cancelled": s.cancelled,
                    "recent": s.recent.iter().map(|c| json!({"id": c.id, "state": state_name(c.state)})).collect::<Vec<_>>(),
                }),
            ),
            Some(E::DlqChanged(d)) => (
                EventKind::DlqChanged.name(),
                d.queue.clone(),
                format!("dlq {}: +{} -{}", d.action, d.added, d.removed),
                json!({"queue": d.queue, "action": d.action, "added": d.added, "removed": d.removed}),
            ),
            Some(E::Audit(a)) => (
                EventKind::Audit.name(),
                String::new(),
                format!(
                    "{} {} {} by {} ({})",
                    a.status, a.action, a.target, a.actor, a.role
                ),
                serde_json::to_value(Audit::from(a)).unwrap_or_default(),
            ),
            Some(E::WorkerJoined(w)) => (
                EventKind::WorkerJoined.name(),
                String::new(),
                format!(
                    "worker {} joined ({} pid {}, concurrency {})",
                    w.worker_id, w.host, w.pid, w.concurrency
                ),
                json!({"worker_id": w.worker_id, "host": w.host, "pid": w.pid, "concurrency": w.concurrency}),
            ),
            Some(E::WorkerLeft(w)) => (
                EventKind::WorkerLeft.name(),
                String::new(),
                format!("worker {} left ({})", w.worker_id, w.reason),
                json!({"worker_id": w.worker_id, "reason": w.reason}),
            ),
            Some(E::WorkerStuck(w)) => (
                EventKind::WorkerStuck.name(),
                w.queue.clone(),
                format!(
                    "task {} ({}) stuck on worker {}",
                    w.task_id, w.handler, w.worker_id
                ),
                json!({"worker_id": w.worker_id, "task_id": w.task_id, "handler": w.handler,
                       "queue": w.queue, "last_heartbeat": time(w.last_heartbeat_ms)}),
            ),
            Some(E::WorkerRecycle(w)) => (
                EventKind::WorkerRecycle.name(),
                String::new(),
                format!("worker {} recycle {} ({})", w.worker_id, w.phase, w.reason),
                json!({"worker_id": w.worker_id, "phase": w.phase, "reason": w.reason}),
            ),
            Some(E::Overview(o)) => {
                let view = Overview::from(o);
                (
                    EventKind::Overview.name(),
                    String::new(),
                    format!(
                        "{} ready, {} running, {} dead, {} workers",
                        view.ready, view.running, view.dead, view.active_workers
                    ),
                    serde_json::to_value(view).unwrap_or_default(),
                )
            }
            Some(E::Heartbeat(h)) => (
                EventKind::Heartbeat.name(),
                String::new(),
                "heartbeat".to_string(),
                json!({"ts": time(h.ts)}),
            ),
            Some(E::ScheduleEvent(_)) | Some(E::JobEvent(_)) | Some(E::JobLog(_)) | None => (
                "other",
                String::new(),
                String::new(),
                serde_json::Value::Null,
            ),
        };
        Self {
            id: e.id.clone(),
            at: time(e.at_ms),
            kind: kind.into(),
            queue,
            summary,
            data,
        }
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Enqueued {
    pub id: String,
    /// True when an idempotency key matched an earlier task, whose id this is.
    pub deduplicated: bool,
}

impl Record for Enqueued {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["ID", "DEDUPLICATED"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![self.id.clone(), self.deduplicated.to_string()]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Outcome {
    pub id: String,
    /// What happened (or would): replayed, not_found, not_dead, would_replay, not_in_dlq,
    /// cancelled, cancel_requested, already_finished, retried.
    pub outcome: String,
    pub state: String,
}

impl Record for Outcome {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["ID", "OUTCOME", "STATE"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![self.id.clone(), self.outcome.clone(), self.state.clone()]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct ReplaySummary {
    pub dry_run: bool,
    /// How many entries the command set out to move.
    pub requested: u64,
    pub moved: u64,
    pub batches: u64,
    /// True when Ctrl-C stopped it early.
    pub interrupted: bool,
}

impl Record for ReplaySummary {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["DRY_RUN", "REQUESTED", "MOVED", "BATCHES", "INTERRUPTED"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.dry_run.to_string(),
            self.requested.to_string(),
            self.moved.to_string(),
            self.batches.to_string(),
            self.interrupted.to_string(),
        ]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Pki {
    pub dir: String,
    pub ca: String,
    pub server_cert: String,
    pub server_key: String,
    pub admin_cert: String,
    pub admin_key: String,
    pub operator_cert: String,
    pub operator_key: String,
    pub viewer_cert: String,
    pub viewer_key: String,
}

impl Record for Pki {
    fn header(_: bool) -> Vec<&'static str> {
        vec![
            "DIR",
            "CA",
            "SERVER_CERT",
            "SERVER_KEY",
            "ADMIN_CERT",
            "ADMIN_KEY",
            "OPERATOR_CERT",
            "OPERATOR_KEY",
            "VIEWER_CERT",
            "VIEWER_KEY",
        ]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.dir.clone(),
            self.ca.clone(),
            self.server_cert.clone(),
            self.server_key.clone(),
            self.admin_cert.clone(),
            self.admin_key.clone(),
            self.operator_cert.clone(),
            self.operator_key.clone(),
            self.viewer_cert.clone(),
            self.viewer_key.clone(),
        ]
    }
}
