//! The Redis store's indexes that a listing trusts: the DLQ's sets per queue and handler and
//! its entries' search texts stay exact while tasks die, are replayed, retried, purged,
//! deleted, swept and their queue deleted all at once, and are backfilled at open for entries
//! that died before they existed
//! (while other writers go on); bulk operations written before the running and finished indexes
//! existed are found by the runner and pruned by retention once the store opens.

use std::collections::BTreeMap;
use std::sync::Arc;

use worker_server::engine::audit::{AuditEntry, AuditWrite, COUNT_PLACEHOLDER};
use worker_server::engine::bulk::{BulkAction, BulkFilter, BulkOp, BulkState, BulkWrite};
use worker_server::engine::listing::DlqStart;
use worker_server::engine::model::*;
use worker_server::store::redis::RedisStore;
use worker_server::store::*;
use worker_testkit::redis::RedisServer;

use crate::store_conformance::{h, new_task, q};
use crate::support::redis_options;

const T0: i64 = 1_700_000_000_000;
const QUEUES: [&str; 3] = ["a", "b", "c"];
const HANDLERS: [&str; 2] = ["x", "y"];

fn audit(action: &str) -> AuditWrite {
    AuditWrite::new(
        AuditEntry {
            at_ms: T0,
            actor: "alice".into(),
            role: "operator".into(),
            request_id: "r-1".into(),
            action: action.into(),
            target: "dlq".into(),
            status: "ok".into(),
            payload_hash: "ab".repeat(32),
            detail: format!("moved {COUNT_PLACEHOLDER}"),
            metadata: BTreeMap::new(),
        },
        None,
    )
}

async fn connect(server: &RedisServer, prefix: &str) -> Arc<dyn Store> {
    Arc::new(
        RedisStore::connect(&redis_options(server, prefix))
            .await
            .unwrap(),
    )
}

/// `n` tasks of `queue` and `handler` inserted, leased and failed for good at `now`.
async fn kill(store: &Arc<dyn Store>, queue: &str, handler: &str, n: usize, now: i64) {
    let tasks: Vec<NewTask> = (0..n)
        .map(|_| NewTask {
            max_retries: 0,
            ..new_task(queue, handler, now)
        })
        .collect();
    store.insert_tasks(tasks, now).await.unwrap();
    fail_pending(store, queue, handler, now).await;
}

/// Leases what is pending in `queue` for `handler` (new tasks, replayed and retried ones) and
/// fails it for good.
async fn fail_pending(store: &Arc<dyn Store>, queue: &str, handler: &str, now: i64) {
    loop {
        let leased = store
            .lease(LeaseRequest {
                worker_id: WorkerId::new("w").unwrap(),
                plan: vec![(q(queue), 100)],
                handlers: vec![h(handler)],
                now_ms: now,
                lease_until_ms: now + 60_000,
                rate_limit: None,
            })
            .await
            .unwrap();
        if leased.tasks.is_empty() {
            return;
        }
        for t in leased.tasks {
            store
                .fail(
                    &t.id,
                    t.token,
                    &format!("boom in {queue}"),
                    FailNext::Dead(DeadReason::RetriesExhausted),
                    now,
                )
                .await
                .unwrap();
        }
    }
}

fn filter(queue: Option<&str>, handler: Option<&str>) -> DlqFilter {
    DlqFilter {
        queue: queue.map(q),
        handler: handler.map(h),
        ..Default::default()
    }
}

/// Every entry of a listing, newest first, by bounded scans following the cursor.
async fn walk(store: &Arc<dyn Store>, filter: &DlqFilter) -> Vec<TaskId> {
    let mut ids = Vec::new();
    let mut start = DlqStart::NEWEST;
    for _ in 0..10_000 {
        let page = store.list_dlq_page(filter, 7, start).await.unwrap();
        ids.extend(page.items.into_iter().map(|e| e.id));
        match page.next {
            Some(below) => {
                start = DlqStart::Below {
                    below: Some(below),
                    budget: None,
                }
            }
            None => return ids,
        }
    }
    panic!("the cursor never ended");
}

/// The listings by queue and handler hold exactly the queue's entries of that handler, in the
/// queue's order, with the exact total, by offset and by cursor; by handler alone likewise.
async fn assert_exact(store: &Arc<dyn Store>) -> usize {
    let mut seen = 0;
    for queue in QUEUES {
        let whole = store
            .list_dlq(&filter(Some(queue), None), 100_000, 0)
            .await
            .unwrap();
        assert_eq!(whole.items.len() as u64, whole.total, "queue {queue}");
        for handler in HANDLERS {
            let expected: Vec<TaskId> = whole
                .items
                .iter()
                .filter(|e| e.handler.as_str() == handler)
                .map(|e| e.id.clone())
                .collect();
            let f = filter(Some(queue), Some(handler));
            let page = store
                .list_dlq_page(&f, 100_000, DlqStart::Offset(0))
                .await
                .unwrap();
            let ids: Vec<TaskId> = page.items.iter().map(|e| e.id.clone()).collect();
            assert_eq!(ids, expected, "{queue}/{handler} by offset");
            assert_eq!(
                (page.total, page.total_capped),
                (expected.len() as u64, false),
                "{queue}/{handler}: the total counts no entry twice and none that left"
            );
            let first = store.list_dlq_page(&f, 3, DlqStart::NEWEST).await.unwrap();
            assert_eq!(
                first.total,
                expected.len() as u64,
                "{queue}/{handler} first page"
            );
            assert_eq!(
                walk(store, &f).await,
                expected,
                "{queue}/{handler} by cursor"
            );
            seen += expected.len();
        }
    }
    // A text search reads the entries' search texts: the errors name their queue.
    let all = store
        .list_dlq(&filter(None, None), 100_000, 0)
        .await
        .unwrap();
    for queue in QUEUES {
        let expected: Vec<TaskId> = all
            .items
            .iter()
            .filter(|e| e.queue.as_str() == queue)
            .map(|e| e.id.clone())
            .collect();
        let text = DlqFilter {
            query: Some(format!("BOOM IN {queue}")),
            ..Default::default()
        };
        assert_eq!(walk(store, &text).await, expected, "text of queue {queue}");
    }
    for handler in HANDLERS {
        let by_handler = walk(store, &filter(None, Some(handler))).await;
        let expected: Vec<TaskId> = all
            .items
            .iter()
            .filter(|e| e.handler.as_str() == handler)
            .map(|e| e.id.clone())
            .collect();
        assert_eq!(by_handler, expected, "by handler {handler}");
    }
    seen
}

/// Under the store: every DLQ entry is in exactly one set of a queue and handler and has one
/// search text, and nothing else is in them.
async fn assert_index_sizes(server: &RedisServer, prefix: &str) {
    let client = ::redis::Client::open(server.url().as_str()).unwrap();
    let mut raw = client.get_multiplexed_async_connection().await.unwrap();
    let dlq: u64 = ::redis::cmd("ZCARD")
        .arg(format!("{{{prefix}}}:dlq"))
        .query_async(&mut raw)
        .await
        .unwrap();
    let texts: u64 = ::redis::cmd("HLEN")
        .arg(format!("{{{prefix}}}:dlqtext"))
        .query_async(&mut raw)
        .await
        .unwrap();
    let sets: Vec<String> = ::redis::cmd("KEYS")
        .arg(format!("{{{prefix}}}:qh:*"))
        .query_async(&mut raw)
        .await
        .unwrap();
    let mut in_sets = 0;
    for set in &sets {
        let n: u64 = ::redis::cmd("ZCARD")
            .arg(set)
            .query_async(&mut raw)
            .await
            .unwrap();
        in_sets += n;
    }
    assert_eq!((in_sets, texts), (dlq, dlq), "sets {sets:?}");
}

/// Tasks die, are replayed (and die again), retried, purged, deleted and swept, and a queue is
/// deleted, all at once from several tasks; then every listing by queue and handler is exactly
/// what the queue's own DLQ holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn dlq_listings_by_queue_and_handler_stay_exact_under_concurrent_writes() {
    let Some(server) = RedisServer::start().await else {
        return;
    };
    let store = connect(&server, "ix").await;
    // Entries old enough for the retention sweep below.
    for queue in QUEUES {
        for handler in HANDLERS {
            kill(&store, queue, handler, 5, T0).await;
        }
    }
    let mut writers = tokio::task::JoinSet::new();
    for round in 0..6_i64 {
        for queue in ["a", "b"] {
            for handler in HANDLERS {
                let store = store.clone();
                writers.spawn(async move {
                    kill(&store, queue, handler, 10, T0 + 1_000 + round).await;
                });
            }
        }
        // Replays: what comes back dies again with a new DLQ sequence.
        let s = store.clone();
        writers.spawn(async move {
            let newest = s.list_dlq(&filter(None, None), 8, 0).await.unwrap();
            let ids: Vec<TaskId> = newest.items.iter().map(|e| e.id.clone()).collect();
            s.replay_ids(&ids, T0 + 2_000, &audit("dlq.replay"))
                .await
                .unwrap();
            for queue in ["a", "b"] {
                for handler in HANDLERS {
                    fail_pending(&s, queue, handler, T0 + 2_000 + round).await;
                }
            }
        });
        let s = store.clone();
        writers.spawn(async move {
            s.replay_oldest(3, T0 + 2_000, &audit("dlq.replay"))
                .await
                .unwrap();
        });
        // Retries of single dead tasks, which then wait pending in their queue.
        let s = store.clone();
        writers.spawn(async move {
            let page = s
                .list_dlq(&filter(Some("b"), Some("y")), 2, 1)
                .await
                .unwrap();
            for e in page.items {
                s.retry(&e.id, T0 + 3_000, &audit("task.retry"))
                    .await
                    .unwrap();
            }
        });
        // Purges by id and by queue, and an operator's deletes.
        let s = store.clone();
        writers.spawn(async move {
            let page = s.list_dlq(&filter(Some("a"), None), 3, 4).await.unwrap();
            let ids: Vec<TaskId> = page.items.iter().map(|e| e.id.clone()).collect();
            s.purge_dlq(&DlqPurge {
                queue: None,
                ids: Some(ids),
                limit: 0,
            })
            .await
            .unwrap();
            s.purge_dlq(&DlqPurge {
                queue: Some(q("b")),
                ids: None,
                limit: 2,
            })
            .await
            .unwrap();
            let page = s.list_dlq(&filter(None, Some("x")), 2, 3).await.unwrap();
            let ids: Vec<TaskId> = page.items.iter().map(|e| e.id.clone()).collect();
            s.delete_tasks(&ids, DeleteScope::Dead, &audit("dlq.delete"))
                .await
                .unwrap();
        });
    }
    // Retention of the oldest entries, and the delete of queue c with its dead tasks.
    let s = store.clone();
    writers.spawn(async move {
        s.sweep(Sweep {
            now_ms: T0 + 10_000,
            terminal_before_ms: 0,
            dead_before_ms: Some(T0 + 1),
            events_keep: 1_000,
            schedule_events_keep: 1_000,
            workers_before_ms: 0,
            throughput_before_ms: 0,
            throughput_hours_before_ms: 0,
            stuck_before_ms: 0,
            batch: 7,
        })
        .await
        .unwrap();
    });
    let s = store.clone();
    writers.spawn(async move {
        let (deleted, _) = s
            .delete_queue(&q("c"), true, 1_000, &audit("queue.delete"))
            .await
            .unwrap();
        assert!(
            matches!(deleted, QueueDeleted::Deleted { .. }),
            "{deleted:?}"
        );
    });
    while let Some(done) = writers.join_next().await {
        done.unwrap();
    }
    let seen = assert_exact(&store).await;
    assert!(seen > 100, "the DLQ kept most entries: {seen}");
    assert_index_sizes(&server, "ix").await;
    for handler in HANDLERS {
        let gone = store
            .list_dlq(&filter(Some("c"), Some(handler)), 10, 0)
            .await
            .unwrap();
        assert_eq!(
            (gone.items.len(), gone.total),
            (0, 0),
            "queue c was deleted"
        );
    }
    // What a retry moved out waits pending; once it dies again it is listed again.
    for queue in ["a", "b"] {
        for handler in HANDLERS {
            fail_pending(&store, queue, handler, T0 + 5_000).await;
        }
    }
    assert_exact(&store).await;
    assert_index_sizes(&server, "ix").await;
}

/// Entries that died before the sets per queue and handler and the search texts existed (those
/// gone and the backfill's mark unset, as an older version left them) are indexed when the
/// store opens, while another node's writes go on; a later open finds nothing left to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_dlq_sets_by_queue_and_handler_are_backfilled_at_open() {
    let Some(server) = RedisServer::start().await else {
        return;
    };
    let old = connect(&server, "old").await;
    for (i, queue) in ["a", "b"].into_iter().enumerate() {
        for handler in HANDLERS {
            kill(&old, queue, handler, 600, T0 + i as i64).await;
        }
    }
    let client = ::redis::Client::open(server.url().as_str()).unwrap();
    let mut raw = client.get_multiplexed_async_connection().await.unwrap();
    let sets: Vec<String> = ::redis::cmd("KEYS")
        .arg("{old}:qh:*")
        .query_async(&mut raw)
        .await
        .unwrap();
    assert_eq!(sets.len(), 4, "one set per queue and handler: {sets:?}");
    let _: () = ::redis::cmd("DEL")
        .arg(&sets)
        .query_async(&mut raw)
        .await
        .unwrap();
    let _: () = ::redis::cmd("HDEL")
        .arg("{old}:coord")
        .arg("dlq_index_seq")
        .query_async(&mut raw)
        .await
        .unwrap();
    let _: () = ::redis::cmd("DEL")
        .arg("{old}:dlqtext")
        .query_async(&mut raw)
        .await
        .unwrap();
    let unindexed = old
        .list_dlq(&filter(Some("a"), Some("x")), 10, 0)
        .await
        .unwrap();
    assert_eq!(
        unindexed.total, 0,
        "the listing walks the set, which is gone"
    );

    // Another node replays, fails and purges while this one opens.
    let busy = old.clone();
    let writer = tokio::spawn(async move {
        for round in 0..5_i64 {
            let newest = busy.list_dlq(&filter(None, None), 50, 0).await.unwrap();
            let ids: Vec<TaskId> = newest.items.iter().map(|e| e.id.clone()).collect();
            busy.replay_ids(&ids, T0 + 10, &audit("dlq.replay"))
                .await
                .unwrap();
            busy.replay_oldest(50, T0 + 10, &audit("dlq.replay"))
                .await
                .unwrap();
            for queue in ["a", "b"] {
                for handler in HANDLERS {
                    fail_pending(&busy, queue, handler, T0 + 20 + round).await;
                }
            }
            let page = busy
                .list_dlq(&filter(Some("b"), None), 20, 100)
                .await
                .unwrap();
            busy.purge_dlq(&DlqPurge {
                queue: None,
                ids: Some(page.items.into_iter().map(|e| e.id).collect()),
                limit: 0,
            })
            .await
            .unwrap();
        }
    });
    let upgraded = connect(&server, "old").await;
    writer.await.unwrap();
    assert!(assert_exact(&upgraded).await > 2_000);
    assert_index_sizes(&server, "old").await;
    let again = connect(&server, "old").await;
    assert!(assert_exact(&again).await > 2_000);
    let mark: Option<String> = ::redis::cmd("HGET")
        .arg("{old}:coord")
        .arg("dlq_index_seq")
        .query_async(&mut raw)
        .await
        .unwrap();
    assert!(mark.is_some(), "the backfill keeps where it got to");
}

fn op(id: &str, state: BulkState, created: i64, finished: Option<i64>) -> BulkOp {
    BulkOp {
        id: id.into(),
        action: BulkAction::ReplayDlq,
        filter: BulkFilter::default(),
        state,
        before_ms: created,
        cursor: None,
        matched: 0,
        processed: 0,
        succeeded: 0,
        skipped: 0,
        batches: 0,
        batch_size: 100,
        actor: "alice".into(),
        role: "operator".into(),
        request_id: "r-1".into(),
        created_at_ms: created,
        updated_at_ms: finished.unwrap_or(created),
        finished_at_ms: finished,
        last_error: None,
        owner: None,
        lease_until_ms: 0,
        revision: 2,
    }
}

/// Bulk operations written as a version before the running and finished indexes kept them
/// (the record, its revision and the index by creation only) are found by the runner and
/// pruned by retention once the store opens on them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_operations_from_before_their_indexes_are_run_and_pruned() {
    let Some(server) = RedisServer::start().await else {
        return;
    };
    let ops = [
        op("running", BulkState::Running, T0, None),
        op("done", BulkState::Done, T0 + 1, Some(T0 + 5)),
        op("cancelled", BulkState::Cancelled, T0 + 2, Some(T0 + 6)),
        op("failed", BulkState::Failed, T0 + 3, None),
    ];
    let client = ::redis::Client::open(server.url().as_str()).unwrap();
    let mut raw = client.get_multiplexed_async_connection().await.unwrap();
    for op in &ops {
        let _: () = ::redis::cmd("HSET")
            .arg("{bk}:bulk")
            .arg(&op.id)
            .arg(serde_json::to_string(op).unwrap())
            .query_async(&mut raw)
            .await
            .unwrap();
        let _: () = ::redis::cmd("HSET")
            .arg("{bk}:bulkrev")
            .arg(&op.id)
            .arg(op.revision)
            .query_async(&mut raw)
            .await
            .unwrap();
        let _: () = ::redis::cmd("ZADD")
            .arg("{bk}:bulkidx")
            .arg(op.created_at_ms)
            .arg(&op.id)
            .query_async(&mut raw)
            .await
            .unwrap();
    }
    for open in 0..2 {
        let store = connect(&server, "bk").await;
        let running: Vec<String> = store
            .running_bulk_ops()
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.id)
            .collect();
        assert_eq!(running, vec!["running".to_string()], "open {open}");
        if open == 1 {
            // The finished ones go; the running and the failed (resumable) ones stay.
            assert_eq!(store.prune_bulk_ops(T0 + 100, 0).await.unwrap(), 2);
            let mut left: Vec<String> = store
                .list_bulk_ops(10)
                .await
                .unwrap()
                .into_iter()
                .map(|o| o.id)
                .collect();
            left.sort();
            assert_eq!(left, vec!["failed".to_string(), "running".to_string()]);
        }
    }
    // A write of this version still moves an operation between the indexes.
    let store = connect(&server, "bk").await;
    let mut finished = store.get_bulk_op("running").await.unwrap().unwrap();
    finished.state = BulkState::Done;
    finished.finished_at_ms = Some(T0 + 7);
    assert!(matches!(
        store.write_bulk_op(&finished, None).await.unwrap(),
        BulkWrite::Written(None)
    ));
    assert!(store.running_bulk_ops().await.unwrap().is_empty());
    assert_eq!(store.prune_bulk_ops(T0 + 100, 0).await.unwrap(), 1);
}
