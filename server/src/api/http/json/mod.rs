//! The gateway's JSON: camelCase bodies with the reference's shapes (plus the additions' new
//! keys), their OpenAPI schemas, and the conversions from `worker.v1` messages. The types live
//! by domain in the submodules; the error envelope and what several domains share are here.

mod audit;
mod bulk;
mod deletes;
mod dlq;
mod events;
mod history;
mod jobs;
mod queues;
mod schedules;
mod system;
mod tasks;
mod workers;

// One namespace for the gateway's vocabulary: handlers and the OpenAPI document say `json::X`.
pub use audit::{Audit, AuditBreak, AuditExport, AuditList, AuditVerification};
pub use bulk::{
    BulkBody, BulkEnvelope, BulkList, BulkOperation, BulkSample, BulkStarted, FilterFields,
    filter_of,
};
pub use deletes::{DeleteDlqBody, DeleteOutcome, DeleteResult, DeleteTasksBody, QueueDeleted};
pub use dlq::{
    DlqEntry, DlqEntryDetail, DlqEntryEnvelope, DlqGroup, DlqGroupList, DlqList, Moved, ReplayBody,
    ReplayIdsBody, ReplayIdsResult, ReplayResult,
};
pub use events::event_data;
pub use history::{HistoryPoint, HistoryTotals, QueueHistory};
pub use jobs::{
    Artifact, ArtifactEnvelope, Job, JobBody, JobEnvelope, JobEvent, JobEventList, JobList, JobLog,
    JobLogChunk, JobLogEvent, JobRun, JobRunCancelled, JobRunEnvelope, JobRunList, JobRunStarted,
};
pub use queues::{Queue, QueueEnvelope, QueueList, WeightBody};
pub use schedules::{
    CreateScheduleBody, Deleted, Schedule, ScheduleCreated, ScheduleDetail, ScheduleEnvelope,
    ScheduleEvent, ScheduleEventList, ScheduleFactory, ScheduleFactoryList, ScheduleList,
    ScheduleRun, SchedulesPaused,
};
pub use system::{
    Actions, Coordination, Health, Overview, OverviewStats, Paused, ThroughputPoint,
    UnservedHandler,
};
pub use tasks::{CancelResult, EnqueueBody, Enqueued, RetryResult, Task, TaskDetail, TaskList};
pub use workers::{
    RecycleBody, StuckHandler, StuckHistory, Worker, WorkerDetail, WorkerEnvelope, WorkerList,
};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use worker_proto::v1 as pb;

fn state(state: i32) -> String {
    match pb::TaskState::try_from(state) {
        Ok(pb::TaskState::Unspecified) | Err(_) => String::new(),
        Ok(s) => s.as_str_name().to_ascii_lowercase(),
    }
}

/// `{"requestId": …, "error": {"code": …, "message": …, "reason": …}}`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ErrorEnvelope {
    pub request_id: String,
    pub error: ErrorBody,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// The reference's code: for an error of the gateway itself its own snake_case code (like
    /// `invalid_json`); for an error of the admin service the gRPC code's name, lower-cased
    /// without separators (like `notfound`, `invalidargument`, `permissiondenied`).
    pub code: String,
    pub message: String,
    /// The stable snake_case reason, like `queue_not_found` or `invalid_json`: what scripts
    /// should match on.
    pub reason: String,
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

// --- request bodies several domains share --------------------------------------------------

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PauseBody {
    /// Absent (or an empty body) means true.
    pub paused: Option<bool>,
}

/// A body the gateway does not read: jobs are not offered yet.
#[derive(Deserialize, ToSchema)]
pub struct AnyBody {}
