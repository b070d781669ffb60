//! Task JSON: a task, its detail with payload and error history, cancel and retry results, and
//! the enqueue body.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use worker_proto::v1 as pb;

use crate::api::http::json::{AttemptError, b64, errors, state};

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

// --- request bodies ------------------------------------------------------------------------

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
