//! [`AuditStore`] conformance: the hash chain, filters, paging both ways and eviction.

use std::collections::BTreeMap;
use std::sync::Arc;

use worker_server::engine::audit::AuditWrite;
use worker_server::store::*;

use super::T0;

/// An audit write of `action` by `actor`, chained without a key.
pub(super) fn write(action: &str, actor: &str, at_ms: i64) -> AuditWrite {
    AuditWrite::new(audit_entry(action, actor, at_ms), None)
}

fn audit_entry(action: &str, actor: &str, at_ms: i64) -> worker_server::engine::audit::AuditEntry {
    worker_server::engine::audit::AuditEntry {
        at_ms,
        actor: actor.into(),
        role: "operator".into(),
        request_id: format!("r-{at_ms}"),
        action: action.into(),
        target: "default".into(),
        status: "ok".into(),
        payload_hash: "ab".repeat(32),
        detail: "ok".into(),
        metadata: BTreeMap::from([("paused".into(), "true".into())]),
    }
}

pub(super) async fn audit_log_chains_filters_pages_and_evicts(store: Arc<dyn Store>) {
    use worker_server::engine::audit::{AuditCursor, AuditFilter, GENESIS_HASH, verify_chain};
    let mut records = Vec::new();
    for (i, (action, actor)) in [
        ("queue.pause", "alice"),
        ("dlq.replay", "bob"),
        ("queue.pause", "bob"),
        ("queue.update_weight", "alice"),
        ("dlq.replay", "alice"),
    ]
    .iter()
    .enumerate()
    {
        records.push(
            store
                .append_audit(&write(action, actor, T0 + i as i64))
                .await
                .unwrap(),
        );
    }
    assert_eq!(records[0].prev_hash, GENESIS_HASH);
    assert_eq!(verify_chain(&records, None), Ok(()));
    let newest = store
        .list_audit(&AuditFilter::default(), &AuditCursor::Before(None), 2)
        .await
        .unwrap();
    assert_eq!(newest, vec![records[4].clone(), records[3].clone()]);
    let older = store
        .list_audit(
            &AuditFilter::default(),
            &AuditCursor::Before(Some(records[3].id.clone())),
            10,
        )
        .await
        .unwrap();
    assert_eq!(older.len(), 3);
    let oldest_first = store
        .list_audit(
            &AuditFilter::default(),
            &AuditCursor::After(Some(records[1].id.clone())),
            2,
        )
        .await
        .unwrap();
    assert_eq!(oldest_first, vec![records[2].clone(), records[3].clone()]);
    let filter = AuditFilter {
        action: Some("dlq.replay".into()),
        actor: Some("alice".into()),
        ..Default::default()
    };
    let hits = store
        .list_audit(&filter, &AuditCursor::Before(None), 10)
        .await
        .unwrap();
    assert_eq!(hits, vec![records[4].clone()]);
    let window = AuditFilter {
        since_ms: Some(T0 + 1),
        until_ms: Some(T0 + 3),
        ..Default::default()
    };
    assert_eq!(
        store
            .list_audit(&window, &AuditCursor::Before(None), 10)
            .await
            .unwrap()
            .len(),
        2
    );
    // Eviction: entries beyond the newest 2, then by age.
    let over = store.audit_overflow(2, None, 100).await.unwrap();
    assert_eq!(over, records[..3].to_vec());
    assert_eq!(
        store
            .delete_audit_through(&over.last().unwrap().id)
            .await
            .unwrap(),
        3
    );
    let aged = store.audit_overflow(100, Some(T0 + 4), 100).await.unwrap();
    assert_eq!(aged, vec![records[3].clone()]);
    // The chain continues from the newest entry ever written, across deletions.
    let next = store
        .append_audit(&write("queue.pause", "carol", T0 + 9))
        .await
        .unwrap();
    assert_eq!(next.prev_hash, records[4].hash);
    let rest = store
        .list_audit(&AuditFilter::default(), &AuditCursor::After(None), 10)
        .await
        .unwrap();
    assert_eq!(verify_chain(&rest, None), Ok(()));
    assert!(matches!(
        store
            .list_audit(
                &AuditFilter::default(),
                &AuditCursor::Before(Some("nope".into())),
                1
            )
            .await,
        Err(StoreError::InvalidCursor(_))
    ));
}
