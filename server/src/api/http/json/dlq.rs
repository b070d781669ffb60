//! Dead-letter queue JSON: entries, an entry with its error history, replay results and bodies.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use worker_proto::v1 as pb;

use crate::api::http::json::{AttemptError, b64, errors, state};

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

/// Dead tasks of one handler whose errors share one fingerprint.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DlqGroup {
    pub handler: String,
    /// The error with numbers, ids, hex strings, quoted values and addresses masked.
    pub fingerprint: String,
    pub queues: Vec<String>,
    pub count: i64,
    pub first_failed_at_ms: i64,
    pub last_failed_at_ms: i64,
    pub sample_task_id: String,
    pub sample_error: String,
}

impl From<pb::DlqGroup> for DlqGroup {
    fn from(g: pb::DlqGroup) -> Self {
        Self {
            handler: g.handler,
            fingerprint: g.fingerprint,
            queues: g.queues,
            count: g.count,
            first_failed_at_ms: g.first_failed_at_ms,
            last_failed_at_ms: g.last_failed_at_ms,
            sample_task_id: g.sample_task_id,
            sample_error: g.sample_error,
        }
    }
}

/// Groups, largest first, with the totals of every group the filter matched.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DlqGroupList {
    pub groups: Vec<DlqGroup>,
    pub total_groups: i64,
    pub total_entries: i64,
}

impl From<pb::ListDlqGroupsResponse> for DlqGroupList {
    fn from(r: pb::ListDlqGroupsResponse) -> Self {
        Self {
            groups: r.groups.into_iter().map(DlqGroup::from).collect(),
            total_groups: r.total_groups,
            total_entries: r.total_entries,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DlqList {
    pub entries: Vec<DlqEntry>,
    /// Every match unless `total_capped`.
    pub total: i64,
    /// The total was counted only up to a cap (a text or age filter): at least this many.
    pub total_capped: bool,
    /// Pass as `cursor` for the next page; absent at the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
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

// --- request bodies ------------------------------------------------------------------------

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
