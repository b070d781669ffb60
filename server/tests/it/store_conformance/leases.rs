//! [`LeaseStore`] conformance: fencing tokens, lease order and plans, handler filtering, the
//! rate limit, failed attempts and their history, and expired leases.

use std::sync::Arc;

use worker_server::engine::model::*;
use worker_server::engine::rate::RateLimit;
use worker_server::store::*;

use super::{T0, assert_counters_match, insert, lease_one, lease_req, new_task, q, state_of};

pub(super) async fn leases_are_fenced(store: Arc<dyn Store>) {
    let id = insert(&store, new_task("q", "h", T0)).await;
    let leased = lease_one(&store, "q", T0).await;
    assert_eq!(leased.id, id);
    assert_eq!(leased.attempt, 1);
    assert_eq!(state_of(&store, &id).await, TaskState::Running);
    let stale = LeaseToken(leased.token.0 - 1);
    assert_eq!(
        store.complete(&id, stale, T0).await,
        Err(StoreError::LeaseLost)
    );
    assert_eq!(
        store
            .fail(&id, stale, "x", FailNext::Dead(DeadReason::Permanent), T0)
            .await,
        Err(StoreError::LeaseLost)
    );
    assert_eq!(
        store.release(&id, stale, T0).await,
        Err(StoreError::LeaseLost)
    );
    assert_eq!(
        store
            .extend(&[(id.clone(), stale)], T0 + 1, T0)
            .await
            .unwrap(),
        vec![Extended::Lost]
    );
    assert_eq!(
        store
            .extend(&[(id.clone(), leased.token)], T0 + 60_000, T0)
            .await
            .unwrap(),
        vec![Extended::Held {
            cancel_requested: false
        }]
    );
    store.complete(&id, leased.token, T0 + 5).await.unwrap();
    assert_eq!(state_of(&store, &id).await, TaskState::Succeeded);
    // The same token cannot finish the task twice.
    assert_eq!(
        store.complete(&id, leased.token, T0 + 6).await,
        Err(StoreError::LeaseLost)
    );
    assert_eq!(
        store
            .extend(&[(id.clone(), leased.token)], T0 + 1, T0)
            .await
            .unwrap(),
        vec![Extended::Lost]
    );
}

/// Completions that arrive together (a pool's tasks finishing at once, which a store may send
/// in one batch) are each checked against their own lease: the right tokens complete their
/// tasks in whichever queue, a stale token is refused, and a task completed twice at once
/// succeeds once.
pub(super) async fn concurrent_completions_each_check_their_own_lease(store: Arc<dyn Store>) {
    for i in 0..30 {
        let queue = if i % 3 == 0 { "r" } else { "q" };
        insert(&store, new_task(queue, "h", T0)).await;
    }
    let leased = store
        .lease(lease_req(&[("q", 20), ("r", 10)], &["h"], T0))
        .await
        .unwrap()
        .tasks;
    assert_eq!(leased.len(), 30);
    let stale = &leased[0];
    let twice = &leased[1];
    let mut calls = Vec::new();
    calls.push((stale.id.clone(), LeaseToken(stale.token.0 - 1)));
    for task in &leased[1..] {
        calls.push((task.id.clone(), task.token));
    }
    calls.push((twice.id.clone(), twice.token));
    let results = futures::future::join_all(
        calls
            .iter()
            .map(|(id, token)| store.complete(id, *token, T0 + 10)),
    )
    .await;
    assert_eq!(results[0], Err(StoreError::LeaseLost), "a stale token");
    let twice_results: Vec<_> = calls
        .iter()
        .zip(&results)
        .filter(|((id, _), _)| *id == twice.id)
        .map(|(_, r)| r.clone())
        .collect();
    assert_eq!(twice_results.len(), 2);
    assert_eq!(
        twice_results.iter().filter(|r| r.is_ok()).count(),
        1,
        "a task completed twice at once succeeds once: {twice_results:?}"
    );
    assert!(twice_results.contains(&Err(StoreError::LeaseLost)));
    for ((id, _), result) in calls.iter().zip(&results).skip(1) {
        if *id != twice.id {
            assert_eq!(*result, Ok(()), "completing {id}");
        }
    }
    assert_eq!(state_of(&store, &stale.id).await, TaskState::Running);
    for task in &leased[1..] {
        assert_eq!(state_of(&store, &task.id).await, TaskState::Succeeded);
    }
    assert_counters_match(&store, "q", "h").await;
    assert_counters_match(&store, "r", "h").await;
    // The stale token's task is still held by its lease and completes with it.
    store
        .complete(&stale.id, stale.token, T0 + 20)
        .await
        .unwrap();
    assert_eq!(state_of(&store, &stale.id).await, TaskState::Succeeded);
    assert_counters_match(&store, "q", "h").await;
    assert_counters_match(&store, "r", "h").await;
}

pub(super) async fn every_lease_gets_a_newer_token(store: Arc<dyn Store>) {
    let id = insert(&store, new_task("q", "h", T0)).await;
    let first = lease_one(&store, "q", T0).await;
    store.release(&id, first.token, T0).await.unwrap();
    let second = lease_one(&store, "q", T0).await;
    assert!(second.token > first.token);
    // Release gives the attempt back.
    assert_eq!(second.attempt, 1);
    assert_eq!(
        store.complete(&id, first.token, T0).await,
        Err(StoreError::LeaseLost)
    );
    store.complete(&id, second.token, T0).await.unwrap();
}

pub(super) async fn lease_order_is_priority_then_time_then_fifo(store: Arc<dyn Store>) {
    let mut late = new_task("q", "h", T0);
    late.run_at_ms = T0 - 10;
    let mut urgent = new_task("q", "h", T0);
    urgent.priority = -5;
    let mut first = new_task("q", "h", T0);
    first.run_at_ms = T0 - 100;
    let mut low = new_task("q", "h", T0);
    low.priority = 9;
    let ids: Vec<TaskId> = [&low, &late, &first, &urgent]
        .iter()
        .map(|t| t.id.clone())
        .collect();
    store
        .insert_tasks(vec![low, late, first, urgent], T0)
        .await
        .unwrap();
    let mut order = Vec::new();
    for _ in 0..4 {
        order.push(lease_one(&store, "q", T0).await.id);
    }
    assert_eq!(
        order,
        vec![
            ids[3].clone(),
            ids[2].clone(),
            ids[1].clone(),
            ids[0].clone()
        ]
    );
}

pub(super) async fn lease_follows_the_plan_and_reports_short_queues(store: Arc<dyn Store>) {
    for _ in 0..5 {
        insert(&store, new_task("a", "h", T0)).await;
    }
    insert(&store, new_task("b", "h", T0)).await;
    let res = store
        .lease(lease_req(&[("a", 3), ("b", 2), ("empty", 1)], &["h"], T0))
        .await
        .unwrap();
    let from = |queue: &str| {
        res.tasks
            .iter()
            .filter(|t| t.queue.as_str() == queue)
            .count()
    };
    assert_eq!((from("a"), from("b")), (3, 1));
    assert_eq!(res.short, vec![q("b"), q("empty")]);
    // All tasks of one round share one token.
    assert!(res.tasks.iter().all(|t| t.token == res.tasks[0].token));
}

pub(super) async fn lease_takes_only_known_handlers(store: Arc<dyn Store>) {
    let other = insert(&store, new_task("q", "other", T0)).await;
    let mine = insert(&store, new_task("q", "h", T0)).await;
    let res = store
        .lease(lease_req(&[("q", 5)], &["h"], T0))
        .await
        .unwrap();
    assert_eq!(
        res.tasks.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
        vec![mine]
    );
    assert_eq!(state_of(&store, &other).await, TaskState::Pending);
}

pub(super) async fn rate_limit_charges_only_leased_tasks(store: Arc<dyn Store>) {
    let limit = RateLimit {
        per_second: 2.0,
        burst: 3,
    };
    // An empty poll costs nothing.
    let mut req = lease_req(&[("q", 10)], &["h"], T0);
    req.rate_limit = Some(limit);
    assert!(store.lease(req.clone()).await.unwrap().tasks.is_empty());
    for _ in 0..10 {
        insert(&store, new_task("q", "h", T0)).await;
    }
    let res = store.lease(req.clone()).await.unwrap();
    assert_eq!(res.tasks.len(), 3, "the full burst is available");
    assert!(res.rate_limited);
    assert!(store.lease(req.clone()).await.unwrap().tasks.is_empty());
    req.now_ms = T0 + 1_000;
    assert_eq!(store.lease(req).await.unwrap().tasks.len(), 2);
}

pub(super) async fn failures_record_history_and_reach_the_dlq(store: Arc<dyn Store>) {
    let id = insert(&store, new_task("q", "h", T0)).await;
    let first = lease_one(&store, "q", T0).await;
    store
        .fail(
            &id,
            first.token,
            "boom 1",
            FailNext::RetryAt(T0 + 100),
            T0 + 1,
        )
        .await
        .unwrap();
    let detail = store.get_task(&id).await.unwrap().unwrap();
    assert_eq!(detail.task.state, TaskState::Retrying);
    assert_eq!(detail.task.run_at_ms, T0 + 100);
    assert!(
        store
            .lease(lease_req(&[("q", 1)], &["h"], T0 + 50))
            .await
            .unwrap()
            .tasks
            .is_empty()
    );
    let second = lease_one(&store, "q", T0 + 100).await;
    assert_eq!(second.attempt, 2);
    store
        .fail(
            &id,
            second.token,
            "boom 2",
            FailNext::Dead(DeadReason::RetriesExhausted),
            T0 + 200,
        )
        .await
        .unwrap();
    let detail = store.get_task(&id).await.unwrap().unwrap();
    assert_eq!(detail.task.state, TaskState::Dead);
    assert_eq!(detail.task.dead_reason, Some(DeadReason::RetriesExhausted));
    assert_eq!(detail.task.last_error.as_deref(), Some("boom 2"));
    assert_eq!(
        detail
            .errors
            .iter()
            .map(|e| (e.attempt, e.error.as_str()))
            .collect::<Vec<_>>(),
        vec![(1, "boom 1"), (2, "boom 2")]
    );
    let entry = store.get_dlq_entry(&id).await.unwrap().expect("in the DLQ");
    assert_eq!(entry.failed_at_ms, T0 + 200);
    assert_eq!(entry.attempts, 2);
    assert_eq!(entry.reason, Some(DeadReason::RetriesExhausted));
    let queue = store.get_queue(&q("q")).await.unwrap().unwrap();
    assert_eq!(queue.counts.dead, 1);
    assert_counters_match(&store, "q", "h").await;
    let throughput = store.throughput(T0 - 60_000).await.unwrap();
    let sum =
        |f: fn(&ThroughputCounts) -> i64| throughput.iter().map(|b| f(&b.counts)).sum::<i64>();
    assert_eq!(
        (sum(|c| c.failed), sum(|c| c.dead), sum(|c| c.succeeded)),
        (1, 1, 0)
    );
}

pub(super) async fn expired_leases_are_listed(store: Arc<dyn Store>) {
    let id = insert(&store, new_task("q", "h", T0)).await;
    let leased = lease_one(&store, "q", T0).await;
    assert!(
        store
            .expired_leases(T0 + 29_999, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let expired = store.expired_leases(T0 + 30_001, 10).await.unwrap();
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].id, id);
    assert_eq!(expired[0].token, leased.token);
    assert_eq!(expired[0].attempt, 1);
    assert_eq!(
        expired[0].worker_id.as_ref().map(|w| w.as_str()),
        Some("w1")
    );
}

/// A task read three ways (by id, in a listing of its state, in a listing filtered by text)
/// is the same task at every step of a lease: leased, asked to cancel, extended, listed as
/// expired, completed. (The Redis store keeps what a lease changes beside the task's record:
/// every read must merge the two alike.)
pub(super) async fn a_task_reads_the_same_everywhere_through_its_lease(store: Arc<dyn Store>) {
    let id = insert(&store, new_task("q", "h", T0)).await;
    let reads = |state: TaskState| {
        let store = store.clone();
        let id = id.clone();
        async move {
            let by_id = store.get_task(&id).await.unwrap().unwrap().task;
            let listed = |filter: TaskFilter| {
                let store = store.clone();
                async move {
                    let page = store.list_tasks(&filter, 10, 0).await.unwrap();
                    assert_eq!(page.items.len(), 1, "{filter:?}");
                    page.items.into_iter().next().unwrap()
                }
            };
            let by_state = listed(TaskFilter {
                state: Some(state),
                ..TaskFilter::default()
            })
            .await;
            let by_text = listed(TaskFilter {
                state: Some(state),
                text: Some(id.as_str()[id.as_str().len() - 12..].into()),
                ..TaskFilter::default()
            })
            .await;
            assert_eq!(by_id, by_state);
            assert_eq!(by_id, by_text);
            assert_eq!(by_id.state, state);
            by_id
        }
    };
    let leased = lease_one(&store, "q", T0).await;
    let running = reads(TaskState::Running).await;
    assert_eq!(running.attempts, 1);
    assert_eq!(running.lease_until_ms, Some(T0 + 30_000));
    assert_eq!(running.worker_id.as_ref().map(|w| w.as_str()), Some("w1"));
    assert!(!running.cancel_requested);

    let mut audit = super::audit::write("task.cancel", "alice", T0);
    audit.entry.detail = worker_server::engine::audit::OUTCOME_PLACEHOLDER.into();
    let (_, outcome, _) = store.cancel(&id, T0, &audit).await.unwrap().unwrap();
    assert_eq!(outcome, CancelOutcome::Requested);
    assert!(reads(TaskState::Running).await.cancel_requested);

    assert_eq!(
        store
            .extend(&[(id.clone(), leased.token)], T0 + 60_000, T0 + 10)
            .await
            .unwrap(),
        vec![Extended::Held {
            cancel_requested: true
        }]
    );
    let extended = reads(TaskState::Running).await;
    assert_eq!(extended.lease_until_ms, Some(T0 + 60_000));
    assert_eq!(extended.attempts, 1);
    assert!(extended.cancel_requested);

    let expired = store.expired_leases(T0 + 60_001, 10).await.unwrap();
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].id, id);
    assert_eq!(expired[0].token, leased.token);
    assert_eq!(expired[0].attempt, 1);
    assert!(expired[0].cancel_requested);

    store.complete(&id, leased.token, T0 + 20).await.unwrap();
    let done = reads(TaskState::Succeeded).await;
    assert_eq!(done.attempts, 1);
    assert_eq!(done.finished_at_ms, Some(T0 + 20));
    assert_eq!(done.lease_until_ms, None);
}
