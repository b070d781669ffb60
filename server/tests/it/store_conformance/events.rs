//! [`EventStore`] conformance: the event log read by id, trimmed without reusing ids.

use std::sync::Arc;

use worker_server::engine::events::Event;
use worker_server::engine::model::*;
use worker_server::store::*;

use super::T0;

pub(super) async fn event_log_reads_after_an_id(store: Arc<dyn Store>) {
    assert_eq!(store.last_event_id().await.unwrap(), None);
    let events: Vec<(i64, Event)> = (0..5)
        .map(|i| (T0 + i, Event::DequeueChanged { paused: i % 2 == 0 }))
        .collect();
    let ids = store.append_events(&events).await.unwrap();
    assert_eq!(ids.len(), 5);
    assert_eq!(store.last_event_id().await.unwrap(), Some(ids[4].clone()));
    let all = store.read_events(None, 100).await.unwrap();
    assert_eq!(all.iter().map(|e| e.id.clone()).collect::<Vec<_>>(), ids);
    let after = store.read_events(Some(&ids[1]), 2).await.unwrap();
    assert_eq!(
        after.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        ids[2..4].to_vec()
    );
    assert_eq!(after[0].at_ms, T0 + 2);
    assert!(
        store
            .read_events(Some(&ids[4]), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        store
            .read_events(Some(&EventId("not-an-id".into())), 10)
            .await,
        Err(StoreError::InvalidCursor(_))
    ));
    // Trimming keeps the newest and never reuses ids.
    let sweep = Sweep {
        now_ms: T0,
        terminal_before_ms: 0,
        dead_before_ms: None,
        events_keep: 2,
        schedule_events_keep: 1_000,
        workers_before_ms: 0,
        throughput_before_ms: 0,
        throughput_hours_before_ms: 0,
        stuck_before_ms: 0,
        batch: 100,
    };
    assert_eq!(store.sweep(sweep).await.unwrap().events, 3);
    let kept = store.read_events(None, 10).await.unwrap();
    assert_eq!(
        kept.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        ids[3..].to_vec()
    );
    let next = store
        .append_events(&[(T0, Event::DequeueChanged { paused: true })])
        .await
        .unwrap();
    assert!(!ids.contains(&next[0]));
    assert_eq!(
        store.read_events(Some(&ids[4]), 10).await.unwrap()[0].id,
        next[0]
    );
}
