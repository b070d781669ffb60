//! Queue JSON: a queue's counts and settings, and the weight body.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use worker_proto::v1 as pb;

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

// --- request bodies ------------------------------------------------------------------------

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeightBody {
    /// 1 to 10000.
    pub weight: i64,
}
