//! [`QueueStore`] conformance: the queue registry, weights and oldest-ready latency, and pauses
//! (per queue, and the global dequeue pause) stopping leases.

use std::sync::Arc;

use worker_server::store::*;

use super::audit::write;
use super::{T0, insert, lease_req, new_task, q};

fn audit() -> worker_server::engine::audit::AuditWrite {
    write("queue.pause", "alice", T0)
}

pub(super) async fn pauses_stop_leasing(store: Arc<dyn Store>) {
    insert(&store, new_task("a", "h", T0)).await;
    insert(&store, new_task("b", "h", T0)).await;
    let (paused, _) = store
        .set_queue_paused(&q("a"), true, T0, &audit())
        .await
        .unwrap()
        .unwrap();
    assert!(paused.paused);
    let res = store
        .lease(lease_req(&[("a", 1), ("b", 1)], &["h"], T0))
        .await
        .unwrap();
    assert_eq!(res.tasks.len(), 1);
    assert_eq!(res.tasks[0].queue.as_str(), "b");
    store
        .set_queue_paused(&q("a"), false, T0, &audit())
        .await
        .unwrap();
    store.set_dequeue_paused(true, T0, &audit()).await.unwrap();
    assert!(store.coordination().await.unwrap().dequeue_paused);
    let res = store
        .lease(lease_req(&[("a", 1)], &["h"], T0))
        .await
        .unwrap();
    assert!(res.dequeue_paused);
    assert!(res.tasks.is_empty());
    store.set_dequeue_paused(false, T0, &audit()).await.unwrap();
    let res = store
        .lease(lease_req(&[("a", 1)], &["h"], T0))
        .await
        .unwrap();
    assert_eq!(res.tasks.len(), 1);
    assert!(
        store
            .set_queue_paused(&q("nope"), true, T0, &audit())
            .await
            .unwrap()
            .is_none()
    );
}

pub(super) async fn queue_registry_weights_and_latency(store: Arc<dyn Store>) {
    store
        .ensure_queues(&[q("critical"), q("low")], T0)
        .await
        .unwrap();
    store.ensure_queues(&[q("critical")], T0 + 1).await.unwrap();
    let mut t = new_task("low", "h", T0);
    t.run_at_ms = T0 - 5_000;
    insert(&store, t).await;
    let queues = store.list_queues().await.unwrap();
    assert_eq!(
        queues.iter().map(|q| q.name.as_str()).collect::<Vec<_>>(),
        vec!["critical", "low"]
    );
    let low = queues.iter().find(|q| q.name.as_str() == "low").unwrap();
    assert_eq!(low.oldest_ready_at_ms, Some(T0 - 5_000));
    assert_eq!(low.counts.pending, 1);
    let critical = queues
        .iter()
        .find(|q| q.name.as_str() == "critical")
        .unwrap();
    assert_eq!(critical.oldest_ready_at_ms, None, "no task is ready");
    // The oldest ready task whatever its priority: here at a middle one, behind a more urgent
    // and newer task, beside newer tasks of its own priority.
    store.ensure_queues(&[q("mixed")], T0).await.unwrap();
    for (priority, waited) in [(-5, 1_000), (3, 2_000), (0, 2_500), (3, 9_000), (7, 4_000)] {
        let mut t = new_task("mixed", "h", T0);
        t.priority = priority;
        t.run_at_ms = T0 - waited;
        insert(&store, t).await;
    }
    let mixed = store.get_queue(&q("mixed")).await.unwrap().unwrap();
    assert_eq!(mixed.oldest_ready_at_ms, Some(T0 - 9_000));
    assert_eq!(mixed.counts.pending, 5);
    // And at the most urgent priority, below every other.
    let mut t = new_task("mixed", "h", T0);
    t.priority = -9;
    t.run_at_ms = T0 - 20_000;
    insert(&store, t).await;
    let mixed = store.get_queue(&q("mixed")).await.unwrap().unwrap();
    assert_eq!(mixed.oldest_ready_at_ms, Some(T0 - 20_000));
    assert_eq!(low.weight_override, None);
    let (set, _) = store
        .set_queue_weight(&q("low"), Some(7), false, T0, &audit())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(set.weight_override, Some(7));
    assert_eq!(
        store
            .get_queue(&q("low"))
            .await
            .unwrap()
            .unwrap()
            .weight_override,
        Some(7)
    );
    let (reset, _) = store
        .set_queue_weight(&q("low"), None, false, T0, &audit())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reset.weight_override, None);
    assert!(
        store
            .set_queue_weight(&q("nope"), Some(2), false, T0, &audit())
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.get_queue(&q("nope")).await.unwrap().is_none());
    // Creating: only a queue that does not exist yet.
    assert!(
        store
            .set_queue_weight(&q("low"), Some(2), true, T0, &audit())
            .await
            .unwrap()
            .is_none()
    );
    let (made, _) = store
        .set_queue_weight(&q("nope"), Some(2), true, T0, &audit())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(made.weight_override, Some(2));
}
