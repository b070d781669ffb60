//! Audit JSON: one entry of the hash-chained log, and its pages.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;
use worker_proto::v1 as pb;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Audit {
    pub at_ms: i64,
    pub actor: String,
    pub request_id: String,
    pub action: String,
    pub target: String,
    pub status: String,
    pub payload_hash: String,
    pub detail: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    pub role: String,
    pub id: String,
    pub hash: String,
    pub prev_hash: String,
}

impl From<pb::AuditEvent> for Audit {
    fn from(e: pb::AuditEvent) -> Self {
        Self {
            at_ms: e.at_ms,
            actor: e.actor,
            request_id: e.request_id,
            action: e.action,
            target: e.target,
            status: e.status,
            payload_hash: e.payload_hash,
            detail: e.detail,
            metadata: e.metadata,
            role: e.role,
            id: e.id,
            hash: e.hash,
            prev_hash: e.prev_hash,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditList {
    pub events: Vec<Audit>,
    /// Pass as `cursor` for older entries; empty on the last page.
    pub next_cursor: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuditExport {
    pub events: Vec<Audit>,
}

/// The audit hash chain's verification.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditVerification {
    /// True when every link held.
    pub ok: bool,
    /// Entries whose links held.
    pub checked: u64,
    /// The newest entry checked; empty when the log is empty.
    pub head_id: String,
    pub head_hash: String,
    /// The first broken link, when not ok.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broken: Option<AuditBreak>,
}

/// The first broken link of the audit chain.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditBreak {
    /// The entry's id.
    pub id: String,
    /// hash_mismatch, prev_mismatch, anchor_mismatch, gap or unkeyed.
    pub reason: String,
    pub message: String,
}

impl From<pb::VerifyAuditChainResponse> for AuditVerification {
    fn from(r: pb::VerifyAuditChainResponse) -> Self {
        Self {
            ok: r.ok,
            checked: r.checked,
            head_id: r.head_id,
            head_hash: r.head_hash,
            broken: (!r.ok).then_some(AuditBreak {
                id: r.break_id,
                reason: r.break_reason,
                message: r.break_message,
            }),
        }
    }
}
