//! [`DlqStore`] conformance: listing with filters and search, replay and purge.

use std::sync::Arc;

use worker_server::engine::model::*;
use worker_server::store::*;

use super::{T0, assert_counters_match, h, insert, kill, new_task, q, state_of};

pub(super) async fn dlq_listing_filters_and_pages(store: Arc<dyn Store>) {
    let a1 = kill(&store, "a", "send_email", "SMTP timeout", T0).await;
    let a2 = kill(&store, "a", "resize", "image too large", T0 + 1).await;
    let b1 = kill(&store, "b", "send_email", "Connection refused", T0 + 2).await;
    let all = store.list_dlq(&DlqFilter::default(), 10, 0).await.unwrap();
    assert_eq!(all.total, 3);
    assert_eq!(
        all.items.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        vec![b1.clone(), a2.clone(), a1.clone()],
        "newest first"
    );
    let page = store.list_dlq(&DlqFilter::default(), 1, 1).await.unwrap();
    assert_eq!((page.total, page.items[0].id.clone()), (3, a2.clone()));
    let by_queue = store
        .list_dlq(
            &DlqFilter {
                queue: Some(q("a")),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(by_queue.total, 2);
    let by_handler = store
        .list_dlq(
            &DlqFilter {
                handler: Some(h("send_email")),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(
        by_handler
            .items
            .iter()
            .map(|e| e.id.clone())
            .collect::<Vec<_>>(),
        vec![b1.clone(), a1.clone()]
    );
    let text = |query: &str| DlqFilter {
        query: Some(query.into()),
        ..Default::default()
    };
    // Case-insensitive substrings of the error, the handler and the id.
    let hits = store.list_dlq(&text("TIMEOUT"), 10, 0).await.unwrap();
    assert_eq!(
        hits.items.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        vec![a1.clone()]
    );
    let hits = store.list_dlq(&text("resiz"), 10, 0).await.unwrap();
    assert_eq!(hits.total, 1);
    let id_part = &b1.as_str()[24..32];
    let hits = store.list_dlq(&text(id_part), 10, 0).await.unwrap();
    assert_eq!(
        hits.items.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        vec![b1.clone()]
    );
    // Short queries and characters with meaning to the search syntax work too.
    assert_eq!(store.list_dlq(&text("la"), 10, 0).await.unwrap().total, 1);
    assert_eq!(store.list_dlq(&text("%"), 10, 0).await.unwrap().total, 0);
    assert_eq!(
        store
            .list_dlq(&text("\"refused AND"), 10, 0)
            .await
            .unwrap()
            .total,
        0
    );
    // Control characters and characters outside the BMP are only text to search for.
    assert_eq!(
        store
            .list_dlq(&text("\u{18}W\u{f2c38}N\u{11}"), 10, 0)
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        store.list_dlq(&text("a\u{4}"), 10, 0).await.unwrap().total,
        0
    );
    // Filters combine.
    let both = store
        .list_dlq(
            &DlqFilter {
                queue: Some(q("b")),
                handler: Some(h("send_email")),
                query: Some("refused".into()),
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(
        both.items.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        vec![b1]
    );
}

pub(super) async fn dlq_replay_and_purge(store: Arc<dyn Store>) {
    let oldest = kill(&store, "a", "h", "e1", T0).await;
    let middle = kill(&store, "a", "h", "e2", T0 + 1).await;
    let newest = kill(&store, "b", "h", "e3", T0 + 2).await;
    let live = insert(&store, new_task("a", "h", T0)).await;
    let (ids, entry) = store
        .replay_oldest(1, T0 + 10, &replay_audit())
        .await
        .unwrap();
    assert_eq!(ids, vec![oldest.clone()]);
    assert_eq!(entry.entry.detail, "moved 1");
    let replayed = store.get_task(&oldest).await.unwrap().unwrap();
    assert_eq!(replayed.task.state, TaskState::Pending);
    assert_eq!(replayed.task.attempts, 0);
    assert_eq!(replayed.errors.len(), 1, "history survives a replay");
    let unknown = TaskId::generate();
    let (outcomes, entry) = store
        .replay_ids(
            &[middle.clone(), live.clone(), unknown],
            T0 + 20,
            &replay_audit(),
        )
        .await
        .unwrap();
    assert_eq!(entry.entry.detail, "moved 1");
    assert_eq!(
        outcomes,
        vec![
            ReplayOutcome::Replayed,
            ReplayOutcome::NotDead(TaskState::Pending),
            ReplayOutcome::NotFound
        ]
    );
    assert_eq!(state_of(&store, &live).await, TaskState::Pending);
    assert_eq!(
        store
            .list_dlq(&DlqFilter::default(), 10, 0)
            .await
            .unwrap()
            .total,
        1
    );
    let extra = kill(&store, "b", "h", "e4", T0 + 3).await;
    // Purge by id touches only DLQ members.
    let purge_ids = DlqPurge {
        ids: Some(vec![extra.clone(), live.clone()]),
        limit: 100,
        ..Default::default()
    };
    assert_eq!(store.purge_dlq(&purge_ids).await.unwrap(), 1);
    assert!(store.get_task(&live).await.unwrap().is_some());
    assert!(store.get_task(&extra).await.unwrap().is_none());
    let purge_all = DlqPurge {
        limit: 100,
        ..Default::default()
    };
    assert_eq!(store.purge_dlq(&purge_all).await.unwrap(), 1);
    assert!(store.get_task(&newest).await.unwrap().is_none());
    assert_eq!(
        store
            .list_dlq(&DlqFilter::default(), 10, 0)
            .await
            .unwrap()
            .total,
        0
    );
    assert_counters_match(&store, "a", "h").await;
    assert_counters_match(&store, "b", "h").await;
}

/// A replay's audit write, its count filled in by the store.
fn replay_audit() -> worker_server::engine::audit::AuditWrite {
    let mut write = super::audit::write("dlq.replay", "alice", T0);
    write.entry.detail = format!("moved {}", worker_server::engine::audit::COUNT_PLACEHOLDER);
    write
}
