//! [`WorkerStore`] conformance: the worker registry, recycle requests, lost workers and stuck
//! tasks.

use std::sync::Arc;

use worker_server::engine::model::*;
use worker_server::store::*;

use super::{T0, h, insert, lease_one, lease_req, new_task, w};

pub(super) async fn worker_registry_and_recycle(store: Arc<dyn Store>) {
    let worker = NewWorker {
        id: w("w1"),
        host: "box".into(),
        pid: 42,
        version: "1.0".into(),
        concurrency: 8,
        handlers: vec!["h".into()],
        now_ms: T0,
    };
    store.register_worker(worker).await.unwrap();
    assert_eq!(
        store
            .worker_heartbeat(&w("w1"), 3, WorkerState::Active, T0 + 10)
            .await
            .unwrap(),
        WorkerCommand::None
    );
    insert(&store, new_task("q", "h", T0)).await;
    let leased = lease_one(&store, "q", T0).await;
    let detail = store.get_worker(&w("w1")).await.unwrap().unwrap();
    assert_eq!(detail.worker.in_flight, 3);
    assert_eq!(detail.worker.last_heartbeat_ms, T0 + 10);
    assert_eq!(detail.worker.handlers, vec!["h".to_string()]);
    assert_eq!(detail.running.len(), 1);
    assert_eq!(detail.running[0].id, leased.id);
    let (requested, entry) = store
        .request_recycle(
            &w("w1"),
            "leaky",
            T0,
            &super::audit::write("worker.recycle", "alice", T0),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(requested.recycle_reason.as_deref(), Some("leaky"));
    // The request is audited in the same write.
    assert_eq!(entry.entry.action, "worker.recycle");
    assert_eq!(
        store
            .list_audit(
                &worker_server::engine::audit::AuditFilter::default(),
                &worker_server::engine::audit::AuditCursor::Before(None),
                10
            )
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .worker_heartbeat(&w("w1"), 0, WorkerState::Draining, T0 + 20)
            .await
            .unwrap(),
        WorkerCommand::Recycle {
            reason: "leaky".into()
        }
    );
    store
        .set_worker_state(&w("w1"), WorkerState::Active, true, T0 + 30)
        .await
        .unwrap();
    let after = store.get_worker(&w("w1")).await.unwrap().unwrap().worker;
    assert_eq!((after.recycles, after.recycle_reason), (1, None));
    assert!(
        store
            .request_recycle(
                &w("ghost"),
                "x",
                T0,
                &super::audit::write("worker.recycle", "alice", T0)
            )
            .await
            .unwrap()
            .is_none()
    );
    // A worker that stops heartbeating with tasks in hand is marked lost, once, and holds
    // nothing any more: its leases expire and are reclaimed, and it must not read busy forever.
    assert_eq!(
        store
            .worker_heartbeat(&w("w1"), 3, WorkerState::Active, T0 + 30)
            .await
            .unwrap(),
        WorkerCommand::None
    );
    assert_eq!(store.list_workers().await.unwrap()[0].in_flight, 3);
    let lost = store.mark_lost_workers(T0 + 31, T0 + 100).await.unwrap();
    assert_eq!(
        lost.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(),
        vec!["w1"]
    );
    assert_eq!(lost[0].in_flight, 0);
    assert_eq!(store.list_workers().await.unwrap()[0].in_flight, 0);
    assert_eq!(
        store
            .get_worker(&w("w1"))
            .await
            .unwrap()
            .unwrap()
            .worker
            .in_flight,
        0
    );
    assert!(
        store
            .mark_lost_workers(T0 + 31, T0 + 100)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .worker_heartbeat(&w("w1"), 0, WorkerState::Active, T0 + 200)
            .await
            .unwrap(),
        WorkerCommand::Unknown
    );
    assert_eq!(
        store.list_workers().await.unwrap()[0].state,
        WorkerState::Lost
    );
}

pub(super) async fn stuck_tasks_are_recorded_once_per_lease(store: Arc<dyn Store>) {
    let id = insert(&store, new_task("q", "slow", T0)).await;
    let leased = {
        let mut res = store
            .lease(lease_req(&[("q", 1)], &["slow"], T0))
            .await
            .unwrap();
        res.tasks.remove(0)
    };
    assert!(store.detect_stuck(T0, T0 + 1).await.unwrap().is_empty());
    let stuck = store.detect_stuck(T0 + 1, T0 + 2).await.unwrap();
    assert_eq!(stuck.len(), 1);
    assert_eq!(stuck[0].task_id, id);
    assert_eq!(stuck[0].last_heartbeat_ms, T0);
    assert!(store.detect_stuck(T0 + 1, T0 + 3).await.unwrap().is_empty());
    // A new lease of the same task can be stuck again.
    store.release(&id, leased.token, T0 + 4).await.unwrap();
    store
        .lease(lease_req(&[("q", 1)], &["slow"], T0 + 5))
        .await
        .unwrap();
    assert_eq!(store.detect_stuck(T0 + 6, T0 + 7).await.unwrap().len(), 1);
    let history = store.stuck_history(T0, None).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (
            history[0].handler.as_str(),
            history[0].count,
            history[0].last_at_ms
        ),
        ("slow", 2, T0 + 7)
    );
    assert!(store.stuck_history(T0 + 8, None).await.unwrap().is_empty());
    assert!(
        store
            .stuck_history(T0, Some(&h("other")))
            .await
            .unwrap()
            .is_empty()
    );
}
