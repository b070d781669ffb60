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
