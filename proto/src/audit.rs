//! The audit export's CSV layout, as the gateway's `/audit/export?format=csv` and
//! `workerctl audit export --format csv` write it: one header and one row function, so the two
//! cannot drift apart.

use std::collections::BTreeMap;

use crate::v1::AuditEvent;

/// The reference's eight columns first, then the rest: the keys of `workerctl`'s JSON for an
/// entry, in its order, with the same values (`at` in RFC 3339 UTC with milliseconds, `at_ms`
/// the same instant in epoch milliseconds).
pub const CSV_HEADER: [&str; 14] = [
    "at",
    "actor",
    "request_id",
    "action",
    "target",
    "status",
    "payload_hash",
    "detail",
    "at_ms",
    "role",
    "metadata",
    "id",
    "hash",
    "prev_hash",
];

/// An epoch-milliseconds time as RFC 3339 UTC with milliseconds; empty for 0 (unset), as the
/// JSON's `null`.
pub fn rfc3339_ms(ms: i64) -> String {
    if ms <= 0 {
        return String::new();
    }
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms as u64);
    humantime::format_rfc3339_millis(at).to_string()
}

/// One entry as a CSV row, in [`CSV_HEADER`]'s order; metadata is a JSON object with sorted
/// keys (`{}` when there is none, as in the JSON).
pub fn csv_row(event: &AuditEvent) -> [String; 14] {
    let sorted: BTreeMap<_, _> = event.metadata.iter().collect();
    let metadata = serde_json::to_string(&sorted).unwrap_or_default();
    [
        rfc3339_ms(event.at_ms),
        event.actor.clone(),
        event.request_id.clone(),
        event.action.clone(),
        event.target.clone(),
        event.status.clone(),
        event.payload_hash.clone(),
        event.detail.clone(),
        event.at_ms.to_string(),
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
        assert_eq!(at("at"), "1970-01-01T00:00:00.007Z");
        assert_eq!(at("at_ms"), "7");
        assert_eq!(at("actor"), "alice");
        assert_eq!(at("action"), "queue.pause");
        assert_eq!(at("metadata"), r#"{"a":"1","b":"2"}"#);
        assert_eq!(csv_row(&AuditEvent::default())[10], "{}");
    }
}
