//! The audit export's CSV layout, as the gateway's `/audit/export?format=csv` and
//! `workerctl audit export --format csv` write it: one header and one row function, so the two
//! cannot drift apart.

use std::collections::BTreeMap;

use crate::v1::AuditEvent;

/// The reference's columns first (`at` in epoch milliseconds), then the new ones.
pub const CSV_HEADER: [&str; 13] = [
    "at",
    "actor",
    "request_id",
    "action",
    "target",
    "status",
    "payload_hash",
    "detail",
    "role",
    "metadata",
    "id",
    "hash",
    "prev_hash",
];

/// One entry as a CSV row, in [`CSV_HEADER`]'s order; metadata is a JSON object with sorted
/// keys, empty when there is none.
pub fn csv_row(event: &AuditEvent) -> [String; 13] {
    let metadata = if event.metadata.is_empty() {
        String::new()
    } else {
        let sorted: BTreeMap<_, _> = event.metadata.iter().collect();
        serde_json::to_string(&sorted).unwrap_or_default()
    };
    [
        event.at_ms.to_string(),
        event.actor.clone(),
        event.request_id.clone(),
        event.action.clone(),
        event.target.clone(),
        event.status.clone(),
        event.payload_hash.clone(),
        event.detail.clone(),
        event.role.clone(),
        metadata,
        event.id.clone(),
        event.hash.clone(),
        event.prev_hash.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_follows_the_header_and_sorts_metadata() {
        let event = AuditEvent {
            at_ms: 7,
            actor: "alice".into(),
            action: "queue.pause".into(),
            metadata: [("b".to_string(), "2".to_string()), ("a".into(), "1".into())]
                .into_iter()
                .collect(),
            ..Default::default()
        };
        let row = csv_row(&event);
        let at = |name| row[CSV_HEADER.iter().position(|h| *h == name).unwrap()].clone();
        assert_eq!(at("at"), "7");
        assert_eq!(at("actor"), "alice");
        assert_eq!(at("action"), "queue.pause");
        assert_eq!(at("metadata"), r#"{"a":"1","b":"2"}"#);
        assert_eq!(csv_row(&AuditEvent::default())[9], "");
    }
}
