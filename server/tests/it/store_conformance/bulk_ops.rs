//! Bulk operations through the engine on every backend: each action by filter, dry run and
//! real, in audited batches (one entry per batch, naming who started it), interrupted (the
//! node stops after a batch, holding its claim) and finished by another node on the same store
//! with no task done twice and none lost, stopped by cancel, and progress as events.

use std::collections::BTreeMap;
use std::sync::Arc;

use worker_server::engine::audit::{AuditCursor, AuditEntry, AuditFilter, AuditRecord};
use worker_server::engine::bulk::*;
use worker_server::engine::clock::ManualClock;
use worker_server::engine::events::Event;
use worker_server::engine::model::*;
use worker_server::engine::{Engine, EngineConfig};
use worker_server::store::*;

use super::{T0, insert, kill, lease_one, new_task, q, state_of};

/// After every task the setups make.
const NOW: i64 = T0 + 60_000;

async fn engine(store: &Arc<dyn Store>, clock: &Arc<ManualClock>, node: &str) -> Engine {
    let config = EngineConfig {
        node_id: node.into(),
        ..EngineConfig::default()
    };
    Engine::new(store.clone(), clock.clone(), config)
        .await
        .expect("engine starts")
}

fn started_by(actor: &str, action: BulkAction, now: i64) -> AuditEntry {
    AuditEntry {
        at_ms: now,
        actor: actor.into(),
        role: "admin".into(),
        request_id: "req-bulk".into(),
        action: action.audit_action(),
        target: "*".into(),
        status: "ok".into(),
        payload_hash: "ab".repeat(32),
        detail: "started: {matched} matched".into(),
        metadata: BTreeMap::new(),
    }
}

fn in_queue(name: &str) -> BulkFilter {
    BulkFilter {
        queue: Some(q(name)),
        ..Default::default()
    }
}

async fn entries(store: &Arc<dyn Store>, action: BulkAction) -> Vec<AuditRecord> {
    let mut all = store
        .list_audit(&AuditFilter::default(), &AuditCursor::Before(None), 1_000)
        .await
        .unwrap();
    all.retain(|r| r.entry.action == action.audit_action());
    all.reverse();
    all
}

/// Steps until the operation is no longer running; returns it.
async fn finish(engine: &Engine, id: &str) -> BulkOp {
    for _ in 0..1_000 {
        match engine.bulk_step(id).await.unwrap() {
            BulkStep::Ran(op) if op.state == BulkState::Running => {}
            BulkStep::Ran(op) | BulkStep::Idle(op) => return *op,
        }
    }
    panic!("the operation did not end");
}

async fn dlq_ids(store: &Arc<dyn Store>, queue: &str) -> Vec<TaskId> {
    let filter = DlqFilter {
        queue: Some(q(queue)),
        ..Default::default()
    };
    store
        .list_dlq(&filter, 1_000, 0)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.id)
        .collect()
}

pub(super) async fn a_dry_run_counts_and_samples_and_writes_nothing(store: Arc<dyn Store>) {
    let mut dead = Vec::new();
    for i in 0..5 {
        dead.push(kill(&store, "a", "h", "boom", T0 + i).await);
    }
    kill(&store, "b", "h", "boom", T0 + 9).await;
    let clock = Arc::new(ManualClock::new(NOW));
    let engine = engine(&store, &clock, "node-a").await;
    let preview = engine
        .bulk_preview(BulkAction::DeleteDlq, &in_queue("a"), 3)
        .await
        .unwrap();
    assert_eq!(preview.matched, 5);
    let sample: Vec<TaskId> = preview.sample.iter().map(|c| c.id.clone()).collect();
    assert_eq!(
        sample,
        vec![dead[4].clone(), dead[3].clone(), dead[2].clone()]
    );
    // An age narrows: only what died at least 60 s - 2 ms before now.
    let older = BulkFilter {
        older_than_ms: Some(NOW - T0 - 2),
        ..in_queue("a")
    };
    let preview = engine
        .bulk_preview(BulkAction::ReplayDlq, &older, 10)
        .await
        .unwrap();
    assert_eq!(preview.matched, 2, "{:?}", preview.sample);
    // A DLQ action refuses a state other than dead.
    let bad = BulkFilter {
        state: Some(TaskState::Pending),
        ..Default::default()
    };
    let err = engine
        .bulk_preview(BulkAction::ReplayDlq, &bad, 10)
        .await
        .unwrap_err();
    assert_eq!(err.reason(), "invalid_filter");
    assert_eq!(dlq_ids(&store, "a").await.len(), 5);
    assert!(engine.list_bulk(0).await.unwrap().is_empty());
    assert!(
        store
            .list_audit(&AuditFilter::default(), &AuditCursor::Before(None), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub(super) async fn an_interrupted_delete_is_finished_by_another_node(store: Arc<dyn Store>) {
    let mut dead = Vec::new();
    for i in 0..7 {
        dead.push(kill(&store, "a", "h", "boom", T0 + i).await);
    }
    let untouched = kill(&store, "b", "h", "boom", T0 + 8).await;
    let clock = Arc::new(ManualClock::new(NOW));
    let first = engine(&store, &clock, "node-a").await;
    let op = first
        .start_bulk(
            BulkAction::DeleteDlq,
            in_queue("a"),
            3,
            started_by("alice", BulkAction::DeleteDlq, NOW),
        )
        .await
        .unwrap();
    assert_eq!(
        (op.state, op.matched, op.revision),
        (BulkState::Running, 7, 1)
    );
    let BulkStep::Ran(after) = first.bulk_step(&op.id).await.unwrap() else {
        panic!("the first batch runs");
    };
    assert_eq!((after.processed, after.succeeded, after.batches), (3, 3, 1));
    assert_eq!(after.owner.as_deref(), Some("node-a"));
    // node-a stops here, holding its claim. A task that dies after the start is not taken.
    drop(first);
    clock.advance_ms(1);
    let newcomer = kill(&store, "a", "h", "boom", NOW + 1).await;
    let second = engine(&store, &clock, "node-b").await;
    assert!(matches!(
        second.bulk_step(&op.id).await.unwrap(),
        BulkStep::Idle(_)
    ));
    assert!(!second.runnable_bulk().await.unwrap().contains(&op.id));
    clock.advance_ms(BULK_LEASE_MS);
    assert!(second.runnable_bulk().await.unwrap().contains(&op.id));
    let done = finish(&second, &op.id).await;
    assert_eq!(done.state, BulkState::Done);
    assert_eq!(
        (done.processed, done.succeeded, done.skipped, done.batches),
        (7, 7, 0, 3)
    );
    assert_eq!(done.owner.as_deref(), Some("node-b"));
    assert!(done.finished_at_ms.is_some());
    assert_eq!(dlq_ids(&store, "a").await, vec![newcomer]);
    assert_eq!(dlq_ids(&store, "b").await, vec![untouched]);
    for id in &dead {
        assert!(
            store.get_task(id).await.unwrap().is_none(),
            "{id} is deleted"
        );
    }
    // One entry for the start and one per batch, each naming alice and the operation, with
    // the batch's own count: 3 + 3 + 1, none twice.
    let audited = entries(&store, BulkAction::DeleteDlq).await;
    let details: Vec<&str> = audited.iter().map(|r| r.entry.detail.as_str()).collect();
    assert_eq!(
        details,
        vec![
            "started: 7 matched",
            "batch 1: deleted 3 of 3",
            "batch 2: deleted 3 of 3",
            "batch 3: deleted 1 of 1",
        ]
    );
    for r in &audited {
        assert_eq!(r.entry.actor, "alice");
        assert_eq!(r.entry.target, op.id);
        assert_eq!(r.entry.metadata.get("operation"), Some(&op.id));
    }
    // Its progress was announced as events, ending done.
    let events = second.read_events(None, 1_000).await.unwrap();
    let progress: Vec<(BulkState, u64)> = events
        .iter()
        .filter_map(|e| match &e.event {
            Event::Bulk(b) if b.id == op.id => Some((b.state, b.processed)),
            _ => None,
        })
        .collect();
    assert_eq!(progress.first(), Some(&(BulkState::Running, 0)));
    assert_eq!(progress.last(), Some(&(BulkState::Done, 7)));
}

pub(super) async fn replay_cancel_and_retry_act_by_filter(store: Arc<dyn Store>) {
    let clock = Arc::new(ManualClock::new(NOW));
    let engine = engine(&store, &clock, "node-a").await;
    let run = |action: BulkAction, filter: BulkFilter| {
        let engine = engine.clone();
        async move {
            let op = engine
                .start_bulk(action, filter, 2, started_by("bob", action, NOW))
                .await
                .unwrap();
            finish(&engine, &op.id).await
        }
    };
    // Replay: dead tasks of r go back to pending, others stay.
    let replayed = [
        kill(&store, "r", "h", "boom", T0).await,
        kill(&store, "r", "h", "boom", T0 + 1).await,
        kill(&store, "r", "h", "boom", T0 + 2).await,
    ];
    let other = kill(&store, "r2", "h", "boom", T0 + 3).await;
    let op = run(BulkAction::ReplayDlq, in_queue("r")).await;
    assert_eq!(
        (op.state, op.processed, op.succeeded, op.skipped),
        (BulkState::Done, 3, 3, 0)
    );
    for id in &replayed {
        assert_eq!(state_of(&store, id).await, TaskState::Pending);
    }
    assert_eq!(state_of(&store, &other).await, TaskState::Dead);
    assert_eq!(entries(&store, BulkAction::ReplayDlq).await.len(), 1 + 2);

    // Cancel: waiting tasks are cancelled, a running one asked to stop, a finished one left.
    let finished = kill(&store, "c", "h", "boom", T0 + 3).await;
    let waiting = [
        insert(&store, new_task("c", "h", T0)).await,
        insert(&store, new_task("c", "h", T0 + 1)).await,
    ];
    let running = insert(&store, new_task("c", "h", T0 + 2)).await;
    // The oldest is leased: it runs, and the cancel can only ask it to stop.
    assert_eq!(lease_one(&store, "c", T0 + 2).await.id, waiting[0]);
    let op = run(BulkAction::CancelTasks, in_queue("c")).await;
    assert_eq!(
        (op.state, op.processed, op.succeeded, op.skipped),
        (BulkState::Done, 4, 3, 1)
    );
    assert_eq!(state_of(&store, &waiting[0]).await, TaskState::Running);
    assert_eq!(state_of(&store, &waiting[1]).await, TaskState::Cancelled);
    assert_eq!(state_of(&store, &running).await, TaskState::Cancelled);
    assert_eq!(state_of(&store, &finished).await, TaskState::Dead);

    // Retry by state: the dead one runs again; the cancelled ones too when asked.
    let dead_in_c = BulkFilter {
        state: Some(TaskState::Dead),
        ..in_queue("c")
    };
    let op = run(BulkAction::RetryTasks, dead_in_c).await;
    assert_eq!((op.processed, op.succeeded, op.skipped), (1, 1, 0));
    assert_eq!(state_of(&store, &finished).await, TaskState::Pending);
    // A pending task cannot be retried: taken and skipped.
    let op = run(BulkAction::RetryTasks, in_queue("c")).await;
    assert_eq!(op.state, BulkState::Done);
    assert_eq!((op.processed, op.succeeded), (4, 2), "{op:?}");
}

pub(super) async fn a_cancelled_operation_stops_between_batches(store: Arc<dyn Store>) {
    for i in 0..5 {
        kill(&store, "a", "h", "boom", T0 + i).await;
    }
    let clock = Arc::new(ManualClock::new(NOW));
    let engine = engine(&store, &clock, "node-a").await;
    let op = engine
        .start_bulk(
            BulkAction::ReplayDlq,
            in_queue("a"),
            2,
            started_by("alice", BulkAction::ReplayDlq, NOW),
        )
        .await
        .unwrap();
    engine.bulk_step(&op.id).await.unwrap();
    let stopped = engine
        .cancel_bulk(&op.id, started_by("carol", BulkAction::ReplayDlq, NOW))
        .await
        .unwrap();
    assert_eq!(
        (stopped.state, stopped.processed),
        (BulkState::Cancelled, 2)
    );
    assert!(matches!(
        engine.bulk_step(&op.id).await.unwrap(),
        BulkStep::Idle(_)
    ));
    assert_eq!(dlq_ids(&store, "a").await.len(), 3);
    let err = engine
        .resume_bulk(&op.id, started_by("carol", BulkAction::ReplayDlq, NOW))
        .await
        .unwrap_err();
    assert_eq!(err.reason(), "bulk_operation_finished");
    let err = engine
        .cancel_bulk(&op.id, started_by("carol", BulkAction::ReplayDlq, NOW))
        .await
        .unwrap_err();
    assert_eq!(err.reason(), "bulk_operation_finished");
    assert_eq!(
        engine.get_bulk("nope").await.unwrap_err().reason(),
        "bulk_operation_not_found"
    );
}

/// A failed operation (a batch's write failed; what committed before stays) is left alone by
/// every runner until an operator resumes it; it then continues below its cursor and finishes,
/// each task done once. A finished one cannot be resumed.
pub(super) async fn a_failed_operation_is_resumed_and_finishes(store: Arc<dyn Store>) {
    let clock = Arc::new(ManualClock::new(NOW));
    let node_a = engine(&store, &clock, "node-a").await;
    let mut dead = Vec::new();
    for i in 0..5 {
        dead.push(kill(&store, "f", "h", "boom", T0 + i).await);
    }
    let action = BulkAction::ReplayDlq;
    let op = node_a
        .start_bulk(action, in_queue("f"), 2, started_by("bob", action, NOW))
        .await
        .unwrap();
    let BulkStep::Ran(after) = node_a.bulk_step(&op.id).await.unwrap() else {
        panic!("the first batch runs");
    };
    assert_eq!((after.processed, after.succeeded), (2, 2));
    // The next batch's write fails: the operation is marked failed with the error, as
    // `bulk_step` leaves it, its claim given up.
    let mut failed = (*after).clone();
    failed.state = BulkState::Failed;
    failed.last_error = Some("store unavailable: injected".into());
    assert!(matches!(
        store.write_bulk_op(&failed, None).await.unwrap(),
        BulkWrite::Written(None)
    ));
    assert!(!node_a.runnable_bulk().await.unwrap().contains(&op.id));
    assert!(matches!(
        node_a.bulk_step(&op.id).await.unwrap(),
        BulkStep::Idle(_)
    ));
    assert_eq!(
        dlq_ids(&store, "f").await.len(),
        3,
        "the failure changed nothing more"
    );

    // Resumed (on another node, by another operator): running again, error cleared, unowned.
    let other = engine(&store, &clock, "node-b").await;
    let resumed = other
        .resume_bulk(&op.id, resumed_by("carol", action, NOW))
        .await
        .unwrap();
    assert_eq!(resumed.state, BulkState::Running);
    assert_eq!(resumed.last_error, None);
    assert_eq!(resumed.owner, None);
    assert!(other.runnable_bulk().await.unwrap().contains(&op.id));
    let done = finish(&other, &op.id).await;
    assert_eq!(
        (done.state, done.processed, done.succeeded, done.skipped),
        (BulkState::Done, 5, 5, 0)
    );
    assert!(done.finished_at_ms.is_some());
    for id in &dead {
        assert_eq!(state_of(&store, id).await, TaskState::Pending);
    }
    assert!(dlq_ids(&store, "f").await.is_empty());
    // The start's entry, three batches of replays in all (2, 2, 1), and the resume's entry.
    assert_eq!(entries(&store, action).await.len(), 1 + 3 + 1);
    let err = other
        .resume_bulk(&op.id, resumed_by("carol", action, NOW))
        .await
        .unwrap_err();
    assert_eq!(err.reason(), "bulk_operation_finished");
}

fn resumed_by(actor: &str, action: BulkAction, now: i64) -> AuditEntry {
    AuditEntry {
        detail: "resumed".into(),
        ..started_by(actor, action, now)
    }
}
