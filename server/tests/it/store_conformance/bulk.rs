//! [`BulkStore`] conformance: candidate scans (filters, the snapshot bound, newest first, the
//! cursor that survives deletions and arrivals) over tasks and the DLQ, and operation records
//! written under their revision with or without an audit entry.

use std::sync::Arc;

use worker_server::engine::audit::{AuditCursor, AuditFilter};
use worker_server::engine::bulk::*;
use worker_server::engine::model::*;
use worker_server::store::*;

use super::audit::write;
use super::{T0, h, insert, kill, new_task, q};

fn scan(target: BulkTarget, filter: BulkFilter, before_ms: i64, limit: u32) -> BulkScan {
    BulkScan {
        target,
        filter,
        before_ms,
        below: None,
        limit,
        budget: 5_000,
    }
}

/// Every candidate a scan finds, page after page of `limit`, with the pages' sizes.
async fn walk(store: &Arc<dyn Store>, mut scan: BulkScan) -> (Vec<TaskId>, Vec<usize>) {
    let mut ids = Vec::new();
    let mut pages = Vec::new();
    for _ in 0..100 {
        let page = store.bulk_candidates(&scan).await.unwrap();
        pages.push(page.items.len());
        ids.extend(page.items.into_iter().map(|c| c.id));
        match page.next {
            Some(next) => scan.below = Some(next),
            None => return (ids, pages),
        }
    }
    panic!("a scan did not end");
}

pub(super) async fn candidates_follow_the_filter_the_snapshot_and_the_cursor(
    store: Arc<dyn Store>,
) {
    // Five tasks of queue a (handler h, then x), one of b; created one millisecond apart.
    let mut a = Vec::new();
    for i in 0..5 {
        let handler = if i < 3 { "h" } else { "x" };
        a.push(insert(&store, new_task("a", handler, T0 + i)).await);
    }
    let b = insert(&store, new_task("b", "h", T0 + 10)).await;
    let by_queue = BulkFilter {
        queue: Some(q("a")),
        ..Default::default()
    };
    // Newest first, in pages of two; the snapshot leaves out what was created at or after it.
    let (ids, pages) = walk(
        &store,
        scan(BulkTarget::Tasks, by_queue.clone(), T0 + 100, 2),
    )
    .await;
    assert_eq!(ids, a.iter().rev().cloned().collect::<Vec<_>>());
    assert!(pages.iter().all(|n| *n <= 2), "{pages:?}");
    let (ids, _) = walk(
        &store,
        scan(BulkTarget::Tasks, by_queue.clone(), T0 + 3, 10),
    )
    .await;
    assert_eq!(ids, vec![a[2].clone(), a[1].clone(), a[0].clone()]);
    // Handler, state and text narrow; text matches the id case-insensitively.
    let by_handler = BulkFilter {
        handler: Some(h("x")),
        ..Default::default()
    };
    let (ids, _) = walk(&store, scan(BulkTarget::Tasks, by_handler, T0 + 100, 10)).await;
    assert_eq!(ids, vec![a[4].clone(), a[3].clone()]);
    let by_state = BulkFilter {
        queue: Some(q("a")),
        state: Some(TaskState::Dead),
        ..Default::default()
    };
    assert!(
        walk(&store, scan(BulkTarget::Tasks, by_state, T0 + 100, 10))
            .await
            .0
            .is_empty()
    );
    // One state across queues: the tasks of every queue in it, newest first, page by page.
    let pending = BulkFilter {
        state: Some(TaskState::Pending),
        ..Default::default()
    };
    let (ids, pages) = walk(&store, scan(BulkTarget::Tasks, pending, T0 + 100, 2)).await;
    let mut newest_first = vec![b.clone()];
    newest_first.extend(a.iter().rev().cloned());
    assert_eq!(ids, newest_first);
    assert!(pages.iter().all(|n| *n <= 2), "{pages:?}");
    let by_text = BulkFilter {
        text: Some(a[1].as_str().to_uppercase()),
        ..Default::default()
    };
    let (ids, _) = walk(&store, scan(BulkTarget::Tasks, by_text, T0 + 100, 10)).await;
    assert_eq!(ids, vec![a[1].clone()]);

    // The cursor: after the first page, deleting what it found and adding a task changes
    // nothing below the cursor: the rest comes once, and the newcomer never.
    let mut first = scan(BulkTarget::Tasks, by_queue.clone(), T0 + 100, 2);
    let page = store.bulk_candidates(&first).await.unwrap();
    let taken: Vec<TaskId> = page.items.iter().map(|c| c.id.clone()).collect();
    assert_eq!(taken, vec![a[4].clone(), a[3].clone()]);
    store
        .delete_tasks(
            &taken,
            DeleteScope::NotRunning,
            &write("bulk.delete_tasks", "alice", T0),
        )
        .await
        .unwrap();
    insert(&store, new_task("a", "h", T0 + 5)).await;
    first.below = page.next;
    let (rest, _) = walk(&store, first).await;
    assert_eq!(rest, vec![a[2].clone(), a[1].clone(), a[0].clone()]);
}

pub(super) async fn dlq_candidates_follow_failure_order_and_the_filter(store: Arc<dyn Store>) {
    let d1 = kill(&store, "a", "h", "connection refused to 10.0.0.1", T0).await;
    let d2 = kill(&store, "a", "h", "timeout after 30s", T0 + 1).await;
    let d3 = kill(&store, "b", "x", "connection refused to 10.0.0.2", T0 + 2).await;
    insert(&store, new_task("a", "h", T0)).await;
    let all = BulkFilter::default();
    let (ids, _) = walk(&store, scan(BulkTarget::Dlq, all.clone(), T0 + 100, 2)).await;
    assert_eq!(ids, vec![d3.clone(), d2.clone(), d1.clone()]);
    // The snapshot is the time each died.
    let (ids, _) = walk(&store, scan(BulkTarget::Dlq, all.clone(), T0 + 2, 10)).await;
    assert_eq!(ids, vec![d2.clone(), d1.clone()]);
    let text = BulkFilter {
        text: Some("REFUSED".into()),
        ..Default::default()
    };
    let (ids, _) = walk(&store, scan(BulkTarget::Dlq, text, T0 + 100, 10)).await;
    assert_eq!(ids, vec![d3.clone(), d1.clone()]);
    let queue_and_handler = BulkFilter {
        queue: Some(q("a")),
        handler: Some(h("h")),
        ..Default::default()
    };
    let (ids, _) = walk(
        &store,
        scan(BulkTarget::Dlq, queue_and_handler, T0 + 100, 10),
    )
    .await;
    assert_eq!(ids, vec![d2.clone(), d1.clone()]);
    let fp = store
        .dlq_groups(Some(&q("a")), None)
        .await
        .unwrap()
        .into_iter()
        .find(|g| g.sample_task_id == d1)
        .expect("d1's group")
        .fingerprint;
    let by_fp = BulkFilter {
        fingerprint: Some(fp),
        ..Default::default()
    };
    let (ids, _) = walk(&store, scan(BulkTarget::Dlq, by_fp.clone(), T0 + 100, 10)).await;
    assert!(ids.contains(&d1) && !ids.contains(&d2), "{ids:?}");
    // Over tasks, a fingerprint selects dead tasks of that cause too.
    let (ids, _) = walk(&store, scan(BulkTarget::Tasks, by_fp, T0 + 100, 10)).await;
    assert!(ids.contains(&d1) && !ids.contains(&d2), "{ids:?}");
    // A replayed entry leaves the DLQ; one that dies again later sorts above the cursor.
    let mut first = scan(BulkTarget::Dlq, all, T0 + 100, 1);
    let page = store.bulk_candidates(&first).await.unwrap();
    assert_eq!(page.items[0].id, d3);
    assert_eq!(page.items[0].state, TaskState::Dead);
    store
        .replay_ids(
            std::slice::from_ref(&d1),
            T0 + 3,
            &write("dlq.replay_ids", "alice", T0 + 3),
        )
        .await
        .unwrap();
    first.below = page.next;
    let (rest, _) = walk(&store, first).await;
    assert_eq!(rest, vec![d2]);
}

fn op(id: &str, created: i64) -> BulkOp {
    BulkOp {
        id: id.into(),
        action: BulkAction::DeleteDlq,
        filter: BulkFilter {
            queue: Some(q("a")),
            state: Some(TaskState::Dead),
            text: Some("x y".into()),
            older_than_ms: Some(60_000),
            ..Default::default()
        },
        state: BulkState::Running,
        before_ms: created - 60_000,
        cursor: None,
        matched: 7,
        processed: 0,
        succeeded: 0,
        skipped: 0,
        batches: 0,
        batch_size: 2,
        actor: "alice".into(),
        role: "admin".into(),
        request_id: "r1".into(),
        created_at_ms: created,
        updated_at_ms: created,
        finished_at_ms: None,
        last_error: None,
        owner: None,
        lease_until_ms: 0,
        revision: 0,
    }
}

async fn audit_count(store: &Arc<dyn Store>) -> usize {
    store
        .list_audit(&AuditFilter::default(), &AuditCursor::Before(None), 1_000)
        .await
        .unwrap()
        .len()
}

pub(super) async fn operations_are_written_under_their_revision(store: Arc<dyn Store>) {
    let first = op("0190c7c8-0000-7000-8000-000000000001", T0);
    let entry = match store
        .write_bulk_op(&first, Some(&write("bulk.delete_dlq", "alice", T0)))
        .await
        .unwrap()
    {
        BulkWrite::Written(entry) => entry.expect("the entry is written with the record"),
        BulkWrite::Stale => panic!("a new record is written"),
    };
    assert_eq!(entry.entry.action, "bulk.delete_dlq");
    assert_eq!(audit_count(&store).await, 1);
    let stored = store.get_bulk_op(&first.id).await.unwrap().unwrap();
    assert_eq!(
        stored,
        BulkOp {
            revision: 1,
            ..first.clone()
        }
    );
    // A write naming a revision that is not stored writes nothing, entry included.
    assert_eq!(
        store
            .write_bulk_op(&first, Some(&write("bulk.cancel", "alice", T0)))
            .await
            .unwrap(),
        BulkWrite::Stale
    );
    assert_eq!(audit_count(&store).await, 1);
    let mut progressed = stored.clone();
    progressed.cursor = Some(42);
    progressed.processed = 2;
    progressed.owner = Some("node-a".into());
    assert!(matches!(
        store.write_bulk_op(&progressed, None).await.unwrap(),
        BulkWrite::Written(None)
    ));
    assert_eq!(audit_count(&store).await, 1);
    let stored = store.get_bulk_op(&first.id).await.unwrap().unwrap();
    assert_eq!(
        stored,
        BulkOp {
            revision: 2,
            ..progressed.clone()
        }
    );
    // Two writers of one revision: one wins.
    let (x, y) = tokio::join!(
        store.write_bulk_op(&stored, None),
        store.write_bulk_op(&stored, None)
    );
    let won = [x.unwrap(), y.unwrap()]
        .iter()
        .filter(|w| matches!(w, BulkWrite::Written(_)))
        .count();
    assert_eq!(won, 1);
    // Listed newest first; unknown ids are absent.
    let second = op("0190c7c8-0000-7000-8000-000000000002", T0 + 5);
    store.write_bulk_op(&second, None).await.unwrap();
    let listed: Vec<String> = store
        .list_bulk_ops(10)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(listed, vec![second.id.clone(), first.id.clone()]);
    assert_eq!(store.list_bulk_ops(1).await.unwrap().len(), 1);
    assert!(store.get_bulk_op("nope").await.unwrap().is_none());
}

/// The runner's index and retention: the running operations are found however many finished
/// ones are newer (not among the newest page), a write that ends one takes it out; retention
/// deletes finished ones (done, cancelled) older than the cut-off or beyond the newest N, and
/// keeps running and failed ones (a failed one may be resumed).
pub(super) async fn running_operations_are_indexed_and_finished_ones_pruned(store: Arc<dyn Store>) {
    let id = |n: u32| format!("0190c7c8-0000-7000-8000-{n:012}");
    let with = |n: u32, state: BulkState, finished: Option<i64>| BulkOp {
        state,
        finished_at_ms: finished,
        updated_at_ms: finished.unwrap_or(T0 + i64::from(n)),
        ..op(&id(n), T0 + i64::from(n))
    };
    let running = with(1, BulkState::Running, None);
    let failed = with(2, BulkState::Failed, Some(T0 + 2));
    let done_early = with(3, BulkState::Done, Some(T0 + 10));
    let cancelled = with(4, BulkState::Cancelled, Some(T0 + 1_000));
    let done_late = with(5, BulkState::Done, Some(T0 + 2_000));
    for op in [&running, &failed, &done_early, &cancelled, &done_late] {
        assert!(matches!(
            store.write_bulk_op(op, None).await.unwrap(),
            BulkWrite::Written(None)
        ));
    }
    // 600 newer finished operations: more than any page of the newest.
    let newer: Vec<BulkOp> = (100..700)
        .map(|n| with(n, BulkState::Done, Some(T0 + 5_000)))
        .collect();
    futures::future::join_all(newer.iter().map(|op| store.write_bulk_op(op, None)))
        .await
        .into_iter()
        .for_each(|w| assert!(matches!(w.unwrap(), BulkWrite::Written(None))));
    let running_ids = |ops: Vec<BulkOp>| ops.into_iter().map(|o| o.id).collect::<Vec<_>>();
    assert_eq!(
        running_ids(store.running_bulk_ops().await.unwrap()),
        vec![running.id.clone()]
    );
    // A second running one is found too; once it ends it is not.
    let mut second = with(800, BulkState::Running, None);
    store.write_bulk_op(&second, None).await.unwrap();
    let mut found = running_ids(store.running_bulk_ops().await.unwrap());
    found.sort();
    assert_eq!(found, vec![running.id.clone(), second.id.clone()]);
    second.revision = 1;
    second.state = BulkState::Done;
    second.finished_at_ms = Some(T0 + 9_000);
    store.write_bulk_op(&second, None).await.unwrap();
    assert_eq!(
        running_ids(store.running_bulk_ops().await.unwrap()),
        vec![running.id.clone()]
    );
    // By age: only finished ones older than the cut-off go.
    let pruned = store.prune_bulk_ops(T0 + 1_500, 1_000_000).await.unwrap();
    assert_eq!(pruned, 2, "the early done and the cancelled one");
    assert!(store.get_bulk_op(&done_early.id).await.unwrap().is_none());
    assert!(store.get_bulk_op(&cancelled.id).await.unwrap().is_none());
    assert!(store.get_bulk_op(&done_late.id).await.unwrap().is_some());
    // By count: beyond the newest 3 (by creation) every finished one goes; running and
    // failed ones stay however old. Redis deletes at most 1,000 per call: call until done.
    let mut total = 0;
    loop {
        let n = store.prune_bulk_ops(T0, 3).await.unwrap();
        if n == 0 {
            break;
        }
        total += n;
    }
    assert_eq!(
        total,
        1 + 600 - 2,
        "done_late and the newer ones but the newest two"
    );
    let mut left: Vec<String> = store
        .list_bulk_ops(1_000)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    left.sort();
    assert_eq!(
        left,
        vec![
            running.id.clone(),
            failed.id.clone(),
            id(698),
            id(699),
            second.id.clone()
        ]
    );
    assert_eq!(
        running_ids(store.running_bulk_ops().await.unwrap()),
        vec![running.id.clone()]
    );
    // Writing a pruned operation again (a stale writer) is refused, as for any unknown revision.
    let mut stale = done_early.clone();
    stale.revision = 1;
    assert_eq!(
        store.write_bulk_op(&stale, None).await.unwrap(),
        BulkWrite::Stale
    );
}
