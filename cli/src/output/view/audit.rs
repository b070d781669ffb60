//! Audit entries; the wide table is the audit export's CSV row (`worker_proto::audit`).

use std::collections::BTreeMap;

use serde::Serialize;
use worker_proto::v1 as pb;

use super::{cell, time};
use crate::output::Record;

/// The reference's eight export columns come first, as they do in the CSV export (which is
/// this object, flattened: `worker_proto::audit`).
#[derive(Serialize, Debug, Clone)]
pub(crate) struct Audit {
    pub at: Option<String>,
    pub actor: String,
    pub request_id: String,
    pub action: String,
    pub target: String,
    /// ok or error.
    pub status: String,
    pub payload_hash: String,
    pub detail: String,
    pub at_ms: i64,
    pub role: String,
    pub metadata: BTreeMap<String, String>,
    pub id: String,
    pub hash: String,
    pub prev_hash: String,
    /// The entry as the audit export's CSV row (the wide table shows it too).
    #[serde(skip)]
    pub csv: [String; 14],
}

impl From<&pb::AuditEvent> for Audit {
    fn from(e: &pb::AuditEvent) -> Self {
        Self {
            id: e.id.clone(),
            at: time(e.at_ms),
            at_ms: e.at_ms,
            actor: e.actor.clone(),
            role: e.role.clone(),
            request_id: e.request_id.clone(),
            action: e.action.clone(),
            target: e.target.clone(),
            status: e.status.clone(),
            payload_hash: e.payload_hash.clone(),
            detail: e.detail.clone(),
            metadata: e.metadata.clone(),
            hash: e.hash.clone(),
            prev_hash: e.prev_hash.clone(),
            csv: worker_proto::audit::csv_row(e),
        }
    }
}

impl Record for Audit {
    fn header(wide: bool) -> Vec<&'static str> {
        if wide {
            return worker_proto::audit::CSV_HEADER.to_vec();
        }
        vec![
            "AT", "ACTOR", "ROLE", "ACTION", "TARGET", "STATUS", "DETAIL",
        ]
    }
    fn row(&self, wide: bool) -> Vec<String> {
        if wide {
            return self.csv.to_vec();
        }
        vec![
            cell(&self.at),
            self.actor.clone(),
            self.role.clone(),
            self.action.clone(),
            self.target.clone(),
            self.status.clone(),
            self.detail.clone(),
        ]
    }
}

/// The audit chain's verification, as `audit verify` shows it.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct AuditVerification {
    pub ok: bool,
    pub checked: u64,
    pub head_id: String,
    pub head_hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub broken: Option<AuditBreak>,
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct AuditBreak {
    pub id: String,
    pub reason: String,
    pub message: String,
}

impl From<&pb::VerifyAuditChainResponse> for AuditVerification {
    fn from(r: &pb::VerifyAuditChainResponse) -> Self {
        Self {
            ok: r.ok,
            checked: r.checked,
            head_id: r.head_id.clone(),
            head_hash: r.head_hash.clone(),
            broken: (!r.ok).then(|| AuditBreak {
                id: r.break_id.clone(),
                reason: r.break_reason.clone(),
                message: r.break_message.clone(),
            }),
        }
    }
}

impl Record for AuditVerification {
    fn header(_wide: bool) -> Vec<&'static str> {
        vec!["OK", "CHECKED", "HEAD", "HEAD HASH", "BROKEN AT", "REASON"]
    }
    fn row(&self, _wide: bool) -> Vec<String> {
        let broken = self.broken.as_ref();
        vec![
            if self.ok { "yes" } else { "no" }.to_string(),
            self.checked.to_string(),
            cell(&(!self.head_id.is_empty()).then(|| self.head_id.clone())),
            cell(&(!self.head_hash.is_empty()).then(|| self.head_hash.clone())),
            cell(&broken.map(|b| b.id.clone())),
            cell(&broken.map(|b| b.reason.clone())),
        ]
    }
}
