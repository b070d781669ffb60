//! Tasks: the task record, its detail with payload and the error history of its attempts
//! (which DLQ entries share).

use std::collections::BTreeMap;

use serde::Serialize;
use worker_proto::v1 as pb;

use super::{Payload, cell, metadata_cell, state_name, time};
use crate::output::{Record, Section};

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

pub(super) fn attempt_errors(errors: &[pb::TaskAttemptError]) -> Vec<AttemptError> {
    errors
        .iter()
        .map(|e| AttemptError {
            attempt: e.attempt,
            at: time(e.at_ms),
            error: e.error.clone(),
        })
        .collect()
}

pub(super) fn error_section(errors: &[AttemptError]) -> Section {
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
