//! Job JSON: the reference's camelCase shapes. Only the event so far, which the event stream's
//! `job_events` frame carries once the service offers jobs.

use std::collections::BTreeMap;

use serde::Serialize;
use worker_proto::v1 as pb;

/// One run of a job, as go-worker's `/jobs/events` lists it: optional fields are left out when
/// empty, as the reference leaves them out.
#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct JobEvent {
    pub task_id: String,
    pub name: String,
    pub status: String,
    pub queue: String,
    pub repo: String,
    pub tag: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub path: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub dockerfile: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub command: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub schedule_name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub schedule_spec: String,
    pub started_at_ms: i64,
    pub finished_at_ms: i64,
    pub duration_ms: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub result: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub error: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

impl From<pb::JobEvent> for JobEvent {
    fn from(e: pb::JobEvent) -> Self {
        Self {
            task_id: e.task_id,
            name: e.name,
            status: e.status,
            queue: e.queue,
            repo: e.repo,
            tag: e.tag,
            path: e.path,
            dockerfile: e.dockerfile,
            command: e.command,
            schedule_name: e.schedule_name,
            schedule_spec: e.schedule_spec,
            started_at_ms: e.started_at_ms,
            finished_at_ms: e.finished_at_ms,
            duration_ms: e.duration_ms,
            result: e.result,
            error: e.error,
            metadata: e.metadata.into_iter().collect(),
        }
    }
}
