//! [`RetentionStore`] conformance: sweeps delete old finished tasks and keep the DLQ unless
//! told.

use std::sync::Arc;

use worker_server::engine::model::*;
use worker_server::store::*;

use super::{T0, assert_counters_match, insert, kill, lease_one, new_task};

pub(super) async fn retention_sweeps_old_finished_tasks(store: Arc<dyn Store>) {
    let day = 24 * 3_600_000;
    let old_done = insert(&store, new_task("q", "h", T0)).await;
    let token = lease_one(&store, "q", T0).await.token;
    store.complete(&old_done, token, T0).await.unwrap();
    let old_dead = kill(&store, "q", "h", "x", T0).await;
    let old_cancelled = insert(&store, new_task("q", "h", T0)).await;
    store
        .cancel(
            &old_cancelled,
            T0,
            &super::audit::write("task.cancel", "alice", T0),
        )
        .await
        .unwrap();
    let finished_recently = insert(&store, new_task("q", "h", T0)).await;
    let pending = insert(&store, new_task("q", "h", T0 + 9 * day)).await;
    let leased = lease_one(&store, "q", T0 + 9 * day).await;
    assert_eq!(
        leased.id, finished_recently,
        "the oldest ready task goes first"
    );
    store
        .complete(&leased.id, leased.token, T0 + 9 * day)
        .await
        .unwrap();
    let mut sweep = Sweep {
        now_ms: T0 + 10 * day,
        terminal_before_ms: T0 + 3 * day,
        dead_before_ms: None,
        events_keep: 1_000,
        schedule_events_keep: 1_000,
        workers_before_ms: 0,
        throughput_before_ms: 0,
        throughput_hours_before_ms: 0,
        stuck_before_ms: 0,
        batch: 100,
    };
    let counts = store.sweep(sweep).await.unwrap();
    assert_eq!(counts.tasks, 2);
    assert!(store.get_task(&old_done).await.unwrap().is_none());
    assert!(store.get_task(&old_cancelled).await.unwrap().is_none());
    assert!(
        store.get_task(&old_dead).await.unwrap().is_some(),
        "the DLQ is kept"
    );
    assert!(store.get_task(&finished_recently).await.unwrap().is_some());
    assert!(
        store.get_task(&pending).await.unwrap().is_some(),
        "unfinished tasks are kept"
    );
    sweep.dead_before_ms = Some(T0 + day);
    assert_eq!(store.sweep(sweep).await.unwrap().tasks, 1);
    assert!(store.get_task(&old_dead).await.unwrap().is_none());
    assert_eq!(
        store
            .list_dlq(&DlqFilter::default(), 10, 0)
            .await
            .unwrap()
            .total,
        0
    );
    assert_counters_match(&store, "q", "h").await;
}
