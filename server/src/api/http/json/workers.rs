//! Worker JSON: a worker, its running tasks, the recycle body, and the stuck-task history.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use worker_proto::v1 as pb;

use crate::api::http::json::Task;

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

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RecycleBody {
    pub reason: Option<String>,
}
