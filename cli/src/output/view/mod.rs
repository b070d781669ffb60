//! workerctl's output records: its JSON contract, separate from the wire types. Keys are
//! snake_case and stable; times are RFC 3339 UTC strings (null when unset); durations are
//! whole milliseconds in keys ending `_ms`. Converted from `worker.v1` messages here and only
//! here.
//!
//! One module per domain; the shared cells, times and payloads are here.

mod audit;
mod bulk;
mod dlq;
mod event;
mod health;
mod history;
mod job;
mod outcome;
mod overview;
mod pki;
mod queue;
mod schedule;
mod task;
mod worker;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::Serialize;
use worker_proto::lifecycle;
use worker_proto::v1 as pb;

pub(crate) use audit::{Audit, AuditVerification};
pub(crate) use bulk::{BulkOp, BulkSample};
pub(crate) use dlq::{DlqDetail, DlqEntry, DlqGroup};
pub(crate) use event::Event;
pub(crate) use health::Health;
pub(crate) use history::History;
pub(crate) use job::{Job, JobArtifact, JobEvent, JobRun};
pub(crate) use outcome::{Enqueued, Outcome, QueueDeleted, ReplaySummary};
pub(crate) use overview::Overview;
pub(crate) use pki::Pki;
pub(crate) use queue::Queue;
pub(crate) use schedule::{
    Deleted, Factory, Fired, PausedAll, Schedule, ScheduleDetail, ScheduleEvent,
};
pub(crate) use task::{Task, TaskDetail};
pub(crate) use worker::{Stuck, Worker, WorkerDetail};

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

/// A wire state's name as the server's filters and JSON spell it (`worker_proto::lifecycle`);
/// `unknown` also for a number this build does not know.
pub(crate) fn state_name(state: i32) -> String {
    pb::TaskState::try_from(state)
        .map_or("unknown", lifecycle::state_name)
        .to_string()
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
