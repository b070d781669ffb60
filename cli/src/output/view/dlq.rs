//! Dead-letter entries and their detail.

use std::collections::BTreeMap;

use serde::Serialize;
use worker_proto::v1 as pb;

use super::task::{AttemptError, attempt_errors, error_section};
use super::{Payload, cell, metadata_cell, short_ms, time};
use crate::output::{Record, Section};

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

/// Dead tasks of one handler whose errors share one fingerprint.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct DlqGroup {
    pub count: i64,
    pub handler: String,
    /// The error with numbers, ids, hex strings, quoted values and addresses masked.
    pub fingerprint: String,
    pub queues: Vec<String>,
    pub first_failed_at: Option<String>,
    pub last_failed_at: Option<String>,
    pub sample_task_id: String,
    pub sample_error: String,
}

impl From<&pb::DlqGroup> for DlqGroup {
    fn from(g: &pb::DlqGroup) -> Self {
        Self {
            count: g.count,
            handler: g.handler.clone(),
            fingerprint: g.fingerprint.clone(),
            queues: g.queues.clone(),
            first_failed_at: time(g.first_failed_at_ms),
            last_failed_at: time(g.last_failed_at_ms),
            sample_task_id: g.sample_task_id.clone(),
            sample_error: g.sample_error.clone(),
        }
    }
}

impl Record for DlqGroup {
    fn header(wide: bool) -> Vec<&'static str> {
        let mut h = vec![
            "COUNT",
            "HANDLER",
            "FINGERPRINT",
            "FIRST_FAILED",
            "LAST_FAILED",
        ];
        if wide {
            h.extend(["QUEUES", "SAMPLE_TASK", "SAMPLE_ERROR"]);
        }
        h
    }
    fn row(&self, wide: bool) -> Vec<String> {
        let mut r = vec![
            self.count.to_string(),
            self.handler.clone(),
            self.fingerprint.clone(),
            cell(&self.first_failed_at),
            cell(&self.last_failed_at),
        ];
        if wide {
            r.extend([
                self.queues.join(","),
                self.sample_task_id.clone(),
                self.sample_error.clone(),
            ]);
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
