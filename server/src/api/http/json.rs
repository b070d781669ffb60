//! The gateway's JSON: camelCase bodies with the reference's shapes (plus the additions' new
//! keys), their OpenAPI schemas, and the conversions from `worker.v1` messages.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use worker_proto::events::EventKind;
use worker_proto::v1 as pb;

fn state(state: i32) -> String {
    match pb::TaskState::try_from(state) {
        Ok(pb::TaskState::Unspecified) | Err(_) => String::new(),
        Ok(s) => s.as_str_name().to_ascii_lowercase(),
    }
}

/// `{"requestId": …, "error": {"code": …, "message": …}}`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEnvelope {
    pub request_id: String,
    pub error: ErrorBody,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable snake_case code, like `queue_not_found` or `invalid_json`.
    pub code: String,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub status: String,
    pub version: String,
    pub commit: String,
    pub build_time: String,
    /// The Rust toolchain the server was built with.
    pub go_version: String,
}

impl From<pb::GetHealthResponse> for Health {
    fn from(h: pb::GetHealthResponse) -> Self {
        Self {
            status: h.status,
            version: h.version,
            commit: h.commit,
            build_time: h.build_time,
            go_version: h.go_version,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OverviewStats {
    pub active_workers: i32,
    pub queued_tasks: i64,
    pub queues: i32,
    pub avg_latency_ms: i64,
    pub p95_latency_ms: i64,
    pub scheduled_tasks: i64,
    pub running_tasks: i64,
    pub retrying_tasks: i64,
    pub dead_tasks: i64,
    pub succeeded_tasks: i64,
    pub cancelled_tasks: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Coordination {
    pub global_rate_limit: String,
    pub leader_lock: String,
    pub lease: String,
    pub paused: bool,
    pub rate_per_second: f64,
    pub rate_burst: i32,
    pub rate_tokens: f64,
    pub leader: String,
    pub task_lease_ms: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Actions {
    pub pause: i64,
    pub resume: i64,
    pub replay: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ThroughputPoint {
    pub minute_ms: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub dead: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Overview {
    pub stats: OverviewStats,
    pub coordination: Coordination,
    pub actions: Actions,
    pub queues: Vec<Queue>,
    pub throughput: Vec<ThroughputPoint>,
}

impl From<pb::GetOverviewResponse> for Overview {
    fn from(o: pb::GetOverviewResponse) -> Self {
        let s = o.stats.unwrap_or_default();
        let c = o.coordination.unwrap_or_default();
        let a = o.actions.unwrap_or_default();
        Self {
            stats: OverviewStats {
                active_workers: s.active_workers,
                queued_tasks: s.queued_tasks,
                queues: s.queues,
                avg_latency_ms: s.avg_latency_ms,
                p95_latency_ms: s.p95_latency_ms,
                scheduled_tasks: s.scheduled_tasks,
                running_tasks: s.running_tasks,
                retrying_tasks: s.retrying_tasks,
                dead_tasks: s.dead_tasks,
                succeeded_tasks: s.succeeded_tasks,
                cancelled_tasks: s.cancelled_tasks,
            },
            coordination: Coordination {
                global_rate_limit: c.global_rate_limit,
                leader_lock: c.leader_lock,
                lease: c.lease,
                paused: c.paused,
                rate_per_second: c.rate_per_second,
                rate_burst: c.rate_burst,
                rate_tokens: c.rate_tokens,
                leader: c.leader,
                task_lease_ms: c.task_lease_ms,
            },
            actions: Actions {
                pause: a.pause,
                resume: a.resume,
                replay: a.replay,
            },
            queues: o.queues.into_iter().map(Queue::from).collect(),
            throughput: o
                .throughput
                .into_iter()
                .map(|p| ThroughputPoint {
                    minute_ms: p.minute_ms,
                    succeeded: p.succeeded,
                    failed: p.failed,
                    dead: p.dead,
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Queue {
    pub name: String,
    pub ready: i64,
    pub processing: i64,
    pub dead: i64,
    pub weight: i32,
    pub paused: bool,
    pub scheduled: i64,
    pub retrying: i64,
    pub succeeded: i64,
    pub cancelled: i64,
    pub latency_ms: i64,
    pub weight_overridden: bool,
}

impl From<pb::QueueSummary> for Queue {
    fn from(q: pb::QueueSummary) -> Self {
        Self {
            name: q.name,
            ready: q.ready,
            processing: q.processing,
            dead: q.dead,
            weight: q.weight,
            paused: q.paused,
            scheduled: q.scheduled,
            retrying: q.retrying,
            succeeded: q.succeeded,
            cancelled: q.cancelled,
            latency_ms: q.latency_ms,
            weight_overridden: q.weight_overridden,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct QueueList {
    pub queues: Vec<Queue>,
}

#[derive(Serialize, ToSchema)]
pub struct QueueEnvelope {
    pub queue: Queue,
}

impl QueueEnvelope {
    pub fn of(q: Option<pb::QueueSummary>) -> Self {
        Self {
            queue: Queue::from(q.unwrap_or_default()),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DlqEntry {
    pub id: String,
    pub queue: String,
    pub handler: String,
    pub attempts: i32,
    pub age_ms: i64,
    pub last_error: String,
    pub reason: String,
    pub failed_at_ms: i64,
}

impl From<pb::DlqEntry> for DlqEntry {
    fn from(e: pb::DlqEntry) -> Self {
        Self {
            id: e.id,
            queue: e.queue,
            handler: e.handler,
            attempts: e.attempts,
            age_ms: e.age_ms,
            last_error: e.last_error,
            reason: e.reason,
            failed_at_ms: e.failed_at_ms,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DlqList {
    pub entries: Vec<DlqEntry>,
    pub total: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttemptError {
    pub attempt: i32,
    pub at_ms: i64,
    pub error: String,
}

fn errors(errors: Vec<pb::TaskAttemptError>) -> Vec<AttemptError> {
    errors
        .into_iter()
        .map(|e| AttemptError {
            attempt: e.attempt,
            at_ms: e.at_ms,
            error: e.error,
        })
        .collect()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DlqEntryDetail {
    pub id: String,
    pub queue: String,
    pub handler: String,
    pub attempts: i32,
    pub age_ms: i64,
    pub failed_at_ms: i64,
    pub updated_at_ms: i64,
    pub last_error: String,
    pub payload_size: i64,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    pub reason: String,
    pub max_retries: i32,
    pub errors: Vec<AttemptError>,
    /// The payload, base64; absent for viewers (see payloadRedacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload_base64: Option<String>,
    pub payload_redacted: bool,
}

#[derive(Serialize, ToSchema)]
pub struct DlqEntryEnvelope {
    pub entry: DlqEntryDetail,
}

impl From<pb::DlqEntryDetail> for DlqEntryEnvelope {
    fn from(d: pb::DlqEntryDetail) -> Self {
        Self {
            entry: DlqEntryDetail {
                payload_base64: (!d.payload_redacted).then(|| b64(&d.payload)),
                id: d.id,
                queue: d.queue,
                handler: d.handler,
                attempts: d.attempts,
                age_ms: d.age_ms,
                failed_at_ms: d.failed_at_ms,
                updated_at_ms: d.updated_at_ms,
                last_error: d.last_error,
                payload_size: d.payload_size,
                metadata: d.metadata,
                reason: d.reason,
                max_retries: d.max_retries,
                errors: errors(d.errors),
                payload_redacted: d.payload_redacted,
            },
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Moved {
    pub moved: i32,
    /// The ids moved back to pending, oldest first.
    pub ids: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ReplayResult {
    pub id: String,
    /// replayed, not_found or not_dead.
    pub outcome: String,
    pub state: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReplayIdsResult {
    pub moved: i32,
    pub results: Vec<ReplayResult>,
}

impl From<pb::ReplayDlqByIdResponse> for ReplayIdsResult {
    fn from(r: pb::ReplayDlqByIdResponse) -> Self {
        Self {
            moved: r.moved,
            results: r
                .results
                .into_iter()
                .map(|r| ReplayResult {
                    id: r.id,
                    outcome: r.outcome,
                    state: state(r.state),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Paused {
    pub paused: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Audit {
    pub at_ms: i64,
    pub actor: String,
    pub request_id: String,
    pub action: String,
    pub target: String,
    pub status: String,
    pub payload_hash: String,
    pub detail: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    pub role: String,
    pub id: String,
    pub hash: String,
    pub prev_hash: String,
}

impl From<pb::AuditEvent> for Audit {
    fn from(e: pb::AuditEvent) -> Self {
        Self {
            at_ms: e.at_ms,
            actor: e.actor,
            request_id: e.request_id,
            action: e.action,
            target: e.target,
            status: e.status,
            payload_hash: e.payload_hash,
            detail: e.detail,
            metadata: e.metadata,
            role: e.role,
            id: e.id,
            hash: e.hash,
            prev_hash: e.prev_hash,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditList {
    pub events: Vec<Audit>,
    /// Pass as `cursor` for older entries; empty on the last page.
    pub next_cursor: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuditExport {
    pub events: Vec<Audit>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub id: String,
    pub handler: String,
    pub queue: String,
    /// pending, scheduled, running, retrying, succeeded, dead or cancelled.
    pub state: String,
    pub attempts: i32,
    pub max_retries: i32,
    pub priority: i32,
    pub created_at_ms: i64,
    pub run_at_ms: i64,
    pub started_at_ms: i64,
    pub finished_at_ms: i64,
    pub updated_at_ms: i64,
    pub last_error: String,
    pub dead_reason: String,
    pub worker_id: String,
    pub payload_size: i64,
    pub timeout_ms: i64,
    pub idempotency_key: String,
    pub cancel_requested: bool,
    pub metadata: BTreeMap<String, String>,
}

impl From<pb::TaskInfo> for Task {
    fn from(t: pb::TaskInfo) -> Self {
        Self {
            state: state(t.state),
            id: t.id,
            handler: t.handler,
            queue: t.queue,
            attempts: t.attempts,
            max_retries: t.max_retries,
            priority: t.priority,
            created_at_ms: t.created_at_ms,
            run_at_ms: t.run_at_ms,
            started_at_ms: t.started_at_ms,
            finished_at_ms: t.finished_at_ms,
            updated_at_ms: t.updated_at_ms,
            last_error: t.last_error,
            dead_reason: t.dead_reason,
            worker_id: t.worker_id,
            payload_size: t.payload_size,
            timeout_ms: t.timeout_ms,
            idempotency_key: t.idempotency_key,
            cancel_requested: t.cancel_requested,
            metadata: t.metadata,
        }
    }
}

fn task(t: Option<pb::TaskInfo>) -> Task {
    Task::from(t.unwrap_or_default())
}

#[derive(Serialize, ToSchema)]
pub struct TaskList {
    pub tasks: Vec<Task>,
    pub total: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TaskDetail {
    pub task: Task,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload_base64: Option<String>,
    pub payload_redacted: bool,
    pub errors: Vec<AttemptError>,
}

impl From<pb::GetTaskResponse> for TaskDetail {
    fn from(r: pb::GetTaskResponse) -> Self {
        Self {
            payload_base64: (!r.payload_redacted).then(|| b64(&r.payload)),
            task: task(r.task),
            payload_redacted: r.payload_redacted,
            errors: errors(r.errors),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CancelResult {
    /// cancelled, cancel_requested or already_finished.
    pub outcome: String,
    pub task: Task,
}

impl From<pb::CancelTaskResponse> for CancelResult {
    fn from(r: pb::CancelTaskResponse) -> Self {
        Self {
            outcome: r.outcome,
            task: task(r.task),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RetryResult {
    pub task: Task,
    pub previous_state: String,
}

impl From<pb::RetryTaskResponse> for RetryResult {
    fn from(r: pb::RetryTaskResponse) -> Self {
        Self {
            previous_state: state(r.previous_state),
            task: task(r.task),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Enqueued {
    pub id: String,
    pub deduplicated: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
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

impl From<pb::WorkerInfo> for Worker {
    fn from(w: pb::WorkerInfo) -> Self {
        Self {
            id: w.id,
            host: w.host,
            pid: w.pid,
            version: w.version,
            concurrency: w.concurrency,
            in_flight: w.in_flight,
            handlers: w.handlers,
            state: w.state,
            started_at_ms: w.started_at_ms,
            last_heartbeat_ms: w.last_heartbeat_ms,
            recycle_reason: w.recycle_reason,
            recycles: w.recycles,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WorkerList {
    pub workers: Vec<Worker>,
}

#[derive(Serialize, ToSchema)]
pub struct WorkerEnvelope {
    pub worker: Worker,
}

#[derive(Serialize, ToSchema)]
pub struct WorkerDetail {
    pub worker: Worker,
    pub running: Vec<Task>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StuckHandler {
    pub handler: String,
    pub stuck_count: i64,
    pub last_stuck_at_ms: i64,
}

#[derive(Serialize, ToSchema)]
pub struct StuckHistory {
    pub hours: i32,
    pub handlers: Vec<StuckHandler>,
}

// --- request bodies ------------------------------------------------------------------------

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeightBody {
    /// 1 to 10000.
    pub weight: i64,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PauseBody {
    /// Absent (or an empty body) means true.
    pub paused: Option<bool>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ReplayBody {
    /// The oldest N entries; missing or not a positive integer means 100.
    pub limit: Option<serde_json::Value>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplayIdsBody {
    pub ids: Vec<String>,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RecycleBody {
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EnqueueBody {
    pub handler: String,
    #[serde(default)]
    pub queue: String,
    /// The payload as text.
    pub payload: Option<String>,
    /// The payload as base64, for binary payloads.
    pub payload_base64: Option<String>,
    #[serde(default)]
    pub priority: i32,
    pub max_retries: Option<i32>,
    #[serde(default)]
    pub timeout_ms: i64,
    #[serde(default)]
    pub run_at_ms: i64,
    #[serde(default)]
    pub idempotency_key: String,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

/// A body the gateway does not read: schedules and jobs are not offered yet.
#[derive(Deserialize, ToSchema)]
pub struct AnyBody {}

// --- events --------------------------------------------------------------------------------

/// An event as SSE `data:` (compact, camelCase); `event:` carries its kind and `id:` its id.
pub fn event_data(event: &pb::AdminEvent) -> Option<(String, serde_json::Value)> {
    use pb::admin_event::Event as E;
    use serde_json::json;
    let (kind, data) = match event.event.as_ref()? {
        E::QueueChanged(c) => (
            EventKind::QueueChanged,
            json!({"queue": c.queue, "action": c.action, "paused": c.paused, "weight": c.weight}),
        ),
        E::DequeueChanged(c) => (EventKind::DequeueChanged, json!({"paused": c.paused})),
        E::TaskSummary(s) => (
            EventKind::TaskSummary,
            json!({
                "queue": s.queue, "windowStartMs": s.window_start_ms, "windowMs": s.window_ms,
                "enqueued": s.enqueued, "started": s.started, "succeeded": s.succeeded,
                "retried": s.retried, "dead": s.dead, "cancelled": s.cancelled,
                "recent": s.recent.iter().map(|c| json!({"id": c.id, "state": state(c.state)})).collect::<Vec<_>>(),
            }),
        ),
        E::DlqChanged(d) => (
            EventKind::DlqChanged,
            json!({"queue": d.queue, "action": d.action, "added": d.added, "removed": d.removed}),
        ),
        E::Audit(a) => (
            EventKind::Audit,
            serde_json::to_value(Audit::from(a.clone())).unwrap_or_default(),
        ),
        E::WorkerJoined(w) => (
            EventKind::WorkerJoined,
            json!({"workerId": w.worker_id, "host": w.host, "pid": w.pid, "concurrency": w.concurrency}),
        ),
        E::WorkerLeft(w) => (
            EventKind::WorkerLeft,
            json!({"workerId": w.worker_id, "reason": w.reason}),
        ),
        E::WorkerStuck(w) => (
            EventKind::WorkerStuck,
            json!({"workerId": w.worker_id, "taskId": w.task_id, "handler": w.handler,
                   "queue": w.queue, "lastHeartbeatMs": w.last_heartbeat_ms}),
        ),
        E::WorkerRecycle(w) => (
            EventKind::WorkerRecycle,
            json!({"workerId": w.worker_id, "phase": w.phase, "reason": w.reason}),
        ),
        E::Overview(o) => (
            EventKind::Overview,
            serde_json::to_value(Overview::from(o.clone())).unwrap_or_default(),
        ),
        E::Heartbeat(h) => (EventKind::Heartbeat, json!({"ts": h.ts})),
        E::ScheduleEvent(_) | E::JobEvent(_) | E::JobLog(_) => return None,
    };
    Some((kind.sse_name().to_string(), data))
}
