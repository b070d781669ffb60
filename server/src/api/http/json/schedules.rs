//! Schedule JSON: the reference's camelCase shapes. Only the event so far, which the event
//! stream's `schedule_events` frame carries once the service offers schedules.

use std::collections::BTreeMap;

use serde::Serialize;
use worker_proto::v1 as pb;

/// One run of a schedule, as go-worker's `/schedules/events` lists it.
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleEvent {
    pub task_id: String,
    pub name: String,
    pub spec: String,
    pub durable: bool,
    pub status: String,
    pub queue: String,
    pub started_at_ms: i64,
    pub finished_at_ms: i64,
    pub duration_ms: i64,
    pub result: String,
    pub error: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

impl From<pb::ScheduleEvent> for ScheduleEvent {
    fn from(e: pb::ScheduleEvent) -> Self {
        Self {
            task_id: e.task_id,
            name: e.name,
            spec: e.spec,
            durable: e.durable,
            status: e.status,
            queue: e.queue,
            started_at_ms: e.started_at_ms,
            finished_at_ms: e.finished_at_ms,
            duration_ms: e.duration_ms,
            result: e.result,
            error: e.error,
            metadata: e.metadata.into_iter().collect(),
        }
    }
}
