//! The store conformance suite: what every [`Store`] must do, written once against the trait and
//! run on each backend (`conformance!` below instantiates it: SQLite on a real file, Redis, and
//! a three-primary Redis Cluster).

use std::collections::BTreeMap;
use std::sync::Arc;

use worker_server::engine::events::Event;
use worker_server::engine::model::*;
use worker_server::engine::rate::RateLimit;
use worker_server::store::*;

pub(crate) fn q(name: &str) -> QueueName {
    QueueName::new(name).unwrap()
}

pub(crate) fn h(name: &str) -> HandlerName {
    HandlerName::new(name).unwrap()
}

fn w(name: &str) -> WorkerId {
    WorkerId::new(name).unwrap()
}

const T0: i64 = 1_700_000_000_000;

pub(crate) fn new_task(queue: &str, handler: &str, now: i64) -> NewTask {
    NewTask {
        id: TaskId::generate(),
        handler: h(handler),
        queue: q(queue),
        payload: b"payload".to_vec(),
        priority: 0,
        max_retries: 3,
        timeout_ms: 60_000,
        run_at_ms: now,
        state: TaskState::Pending,
        idempotency: None,
        metadata: BTreeMap::new(),
        created_at_ms: now,
    }
}

async fn insert(store: &Arc<dyn Store>, task: NewTask) -> TaskId {
    match store.insert_tasks(vec![task], T0).await.unwrap().remove(0) {
        Inserted::Created(id) => id,
        other => panic!("expected a new task, got {other:?}"),
    }
}

fn lease_req(plan: &[(&str, u32)], handlers: &[&str], now: i64) -> LeaseRequest {
    LeaseRequest {
        worker_id: w("w1"),
        plan: plan.iter().map(|(name, n)| (q(name), *n)).collect(),
        handlers: handlers.iter().map(|name| h(name)).collect(),
        now_ms: now,
        lease_until_ms: now + 30_000,
        rate_limit: None,
    }
}

async fn lease_one(store: &Arc<dyn Store>, queue: &str, now: i64) -> LeasedTask {
    let mut res = store
        .lease(lease_req(&[(queue, 1)], &["h"], now))
        .await
        .unwrap();
    assert_eq!(res.tasks.len(), 1, "expected one task from {queue}");
    res.tasks.remove(0)
}

async fn state_of(store: &Arc<dyn Store>, id: &TaskId) -> TaskState {
    store.get_task(id).await.unwrap().unwrap().task.state
}

/// Counters must always equal what a scan finds; the handler filter forces a scan.
async fn assert_counters_match(store: &Arc<dyn Store>, queue: &str, handler: &str) {
    for state in TaskState::ALL {
        let counted = store
            .list_tasks(
                &TaskFilter {
                    queue: Some(q(queue)),
                    state: Some(state),
                    handler: None,
                },
                1,
                0,
            )
            .await
            .unwrap()
            .total;
        let scanned = store
            .list_tasks(
                &TaskFilter {
                    queue: Some(q(queue)),
                    state: Some(state),
                    handler: Some(h(handler)),
                },
                1,
                0,
            )
            .await
            .unwrap()
            .total;
        assert_eq!(counted, scanned, "counter of {state} in {queue}");
    }
}

pub(crate) async fn insert_and_get(store: Arc<dyn Store>) {
    let mut task = new_task("emails", "h", T0);
    task.priority = -3;
    task.metadata.insert("tenant".into(), "acme".into());
    task.payload = vec![0, 159, 146, 150];
    let id = insert(&store, task).await;
    let detail = store.get_task(&id).await.unwrap().expect("stored");
    assert_eq!(detail.task.id, id);
    assert_eq!(detail.task.queue.as_str(), "emails");
    assert_eq!(detail.task.state, TaskState::Pending);
    assert_eq!(detail.task.priority, -3);
    assert_eq!(detail.task.payload_size, 4);
    assert_eq!(detail.payload, vec![0, 159, 146, 150]);
    assert_eq!(
        detail.task.metadata.get("tenant").map(String::as_str),
        Some("acme")
    );
    assert_eq!(detail.task.attempts, 0);
    assert!(detail.errors.is_empty());
    assert!(store.get_task(&TaskId::generate()).await.unwrap().is_none());
    let queue = store
        .get_queue(&q("emails"))
        .await
        .unwrap()
        .expect("registered");
    assert_eq!(queue.counts.pending, 1);
}

pub(crate) async fn insert_is_all_or_nothing(store: Arc<dyn Store>) {
    let first = new_task("q", "h", T0);
    let mut clash = new_task("q", "h", T0);
    clash.id = first.id.clone();
    let err = store.insert_tasks(vec![first.clone(), clash], T0).await;
    assert!(err.is_err(), "a duplicate id must fail the whole batch");
    assert!(store.get_task(&first.id).await.unwrap().is_none());
    let q = store.get_queue(&q("q")).await.unwrap();
    assert!(q.is_none_or(|q| q.counts.pending == 0));
}

pub(crate) async fn idempotency_keys_deduplicate_until_they_expire(store: Arc<dyn Store>) {
    let keyed = |handler: &str, key: &str| {
        let mut t = new_task("q", handler, T0);
        t.idempotency = Some(Idempotency {
            key: key.into(),
            expires_at_ms: T0 + 1_000,
        });
        t
    };
    let first = insert(&store, keyed("h", "k1")).await;
    let again = store
        .insert_tasks(vec![keyed("h", "k1")], T0 + 10)
        .await
        .unwrap();
    assert_eq!(again, vec![Inserted::Duplicate(first.clone())]);
    // Keys are scoped per handler.
    assert!(matches!(
        store
            .insert_tasks(vec![keyed("other", "k1")], T0)
            .await
            .unwrap()[0],
        Inserted::Created(_)
    ));
    // Within one batch the second use of a key is a duplicate of the first.
    let batch = store
        .insert_tasks(vec![keyed("h", "k2"), keyed("h", "k2")], T0)
        .await
        .unwrap();
    let Inserted::Created(created) = &batch[0] else {
        panic!("{batch:?}")
    };
    assert_eq!(batch[1], Inserted::Duplicate(created.clone()));
    // After the TTL the key is free again.
    let later = store
        .insert_tasks(vec![keyed("h", "k1")], T0 + 1_000)
        .await
        .unwrap();
    assert!(matches!(&later[0], Inserted::Created(id) if *id != first));
}

pub(crate) async fn leases_are_fenced(store: Arc<dyn Store>) {
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

pub(crate) async fn every_lease_gets_a_newer_token(store: Arc<dyn Store>) {
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

pub(crate) async fn lease_order_is_priority_then_time_then_fifo(store: Arc<dyn Store>) {
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

pub(crate) async fn lease_follows_the_plan_and_reports_short_queues(store: Arc<dyn Store>) {
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

pub(crate) async fn lease_takes_only_known_handlers(store: Arc<dyn Store>) {
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

pub(crate) async fn pauses_stop_leasing(store: Arc<dyn Store>) {
    insert(&store, new_task("a", "h", T0)).await;
    insert(&store, new_task("b", "h", T0)).await;
    let paused = store
        .set_queue_paused(&q("a"), true, T0)
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
    store.set_queue_paused(&q("a"), false, T0).await.unwrap();
    store.set_dequeue_paused(true, T0).await.unwrap();
    assert!(store.coordination().await.unwrap().dequeue_paused);
    let res = store
        .lease(lease_req(&[("a", 1)], &["h"], T0))
        .await
        .unwrap();
    assert!(res.dequeue_paused);
    assert!(res.tasks.is_empty());
    store.set_dequeue_paused(false, T0).await.unwrap();
    let res = store
        .lease(lease_req(&[("a", 1)], &["h"], T0))
        .await
        .unwrap();
    assert_eq!(res.tasks.len(), 1);
    assert!(
        store
            .set_queue_paused(&q("nope"), true, T0)
            .await
            .unwrap()
            .is_none()
    );
}

pub(crate) async fn rate_limit_charges_only_leased_tasks(store: Arc<dyn Store>) {
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

pub(crate) async fn scheduled_tasks_wait_for_their_time(store: Arc<dyn Store>) {
    let mut later = new_task("q", "h", T0);
    later.run_at_ms = T0 + 5_000;
    later.state = TaskState::Scheduled;
    let id = insert(&store, later).await;
    assert!(
        store
            .lease(lease_req(&[("q", 1)], &["h"], T0))
            .await
            .unwrap()
            .tasks
            .is_empty()
    );
    assert_eq!(state_of(&store, &id).await, TaskState::Scheduled);
    assert_eq!(store.promote_due(T0 + 4_999, 100).await.unwrap(), 0);
    assert_eq!(store.promote_due(T0 + 5_000, 100).await.unwrap(), 1);
    assert_eq!(state_of(&store, &id).await, TaskState::Pending);
    assert_eq!(lease_one(&store, "q", T0 + 5_000).await.id, id);
}

pub(crate) async fn failures_record_history_and_reach_the_dlq(store: Arc<dyn Store>) {
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

pub(crate) async fn expired_leases_are_listed(store: Arc<dyn Store>) {
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

pub(crate) async fn cancel_by_state(store: Arc<dyn Store>) {
    let waiting = insert(&store, new_task("q", "h", T0)).await;
    let running = insert(&store, new_task("q2", "h", T0)).await;
    let leased = lease_one(&store, "q2", T0).await;
    assert_eq!(
        store.cancel(&waiting, T0).await.unwrap(),
        Some((q("q"), CancelOutcome::Cancelled))
    );
    assert_eq!(state_of(&store, &waiting).await, TaskState::Cancelled);
    assert!(store.get_dlq_entry(&waiting).await.unwrap().is_none());
    assert_eq!(
        store.cancel(&running, T0).await.unwrap(),
        Some((q("q2"), CancelOutcome::Requested))
    );
    assert_eq!(
        store
            .extend(&[(running.clone(), leased.token)], T0 + 1, T0)
            .await
            .unwrap(),
        vec![Extended::Held {
            cancel_requested: true
        }]
    );
    assert_eq!(
        store.cancel(&waiting, T0).await.unwrap(),
        Some((q("q"), CancelOutcome::AlreadyFinished(TaskState::Cancelled)))
    );
    assert_eq!(store.cancel(&TaskId::generate(), T0).await.unwrap(), None);
}

pub(crate) async fn retry_by_state(store: Arc<dyn Store>) {
    let id = insert(&store, new_task("q", "h", T0)).await;
    assert_eq!(
        store.retry(&id, T0).await.unwrap(),
        Some((q("q"), RetryResult::NotAllowed(TaskState::Pending)))
    );
    let leased = lease_one(&store, "q", T0).await;
    store
        .fail(
            &id,
            leased.token,
            "bad",
            FailNext::Dead(DeadReason::Permanent),
            T0,
        )
        .await
        .unwrap();
    assert_eq!(
        store.retry(&id, T0 + 1).await.unwrap(),
        Some((q("q"), RetryResult::Retried(TaskState::Dead)))
    );
    let detail = store.get_task(&id).await.unwrap().unwrap();
    assert_eq!(detail.task.state, TaskState::Pending);
    assert_eq!(detail.task.attempts, 0);
    assert_eq!(detail.errors.len(), 1, "history is kept");
    assert!(store.get_dlq_entry(&id).await.unwrap().is_none());
    assert_eq!(store.retry(&TaskId::generate(), T0).await.unwrap(), None);
}

pub(crate) async fn queue_registry_weights_and_latency(store: Arc<dyn Store>) {
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
    assert_eq!(low.weight_override, None);
    let set = store
        .set_queue_weight(&q("low"), Some(7), T0)
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
    let reset = store
        .set_queue_weight(&q("low"), None, T0)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reset.weight_override, None);
    assert!(
        store
            .set_queue_weight(&q("nope"), Some(2), T0)
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.get_queue(&q("nope")).await.unwrap().is_none());
}

async fn kill(store: &Arc<dyn Store>, queue: &str, handler: &str, error: &str, now: i64) -> TaskId {
    let id = insert(store, new_task(queue, handler, now)).await;
    let mut res = store
        .lease(lease_req(&[(queue, 1)], &[handler], now))
        .await
        .unwrap();
    let leased = res.tasks.remove(0);
    assert_eq!(leased.id, id);
    store
        .fail(
            &id,
            leased.token,
            error,
            FailNext::Dead(DeadReason::RetriesExhausted),
            now,
        )
        .await
        .unwrap();
    id
}

pub(crate) async fn dlq_listing_filters_and_pages(store: Arc<dyn Store>) {
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

pub(crate) async fn dlq_replay_and_purge(store: Arc<dyn Store>) {
    let oldest = kill(&store, "a", "h", "e1", T0).await;
    let middle = kill(&store, "a", "h", "e2", T0 + 1).await;
    let newest = kill(&store, "b", "h", "e3", T0 + 2).await;
    let live = insert(&store, new_task("a", "h", T0)).await;
    assert_eq!(
        store.replay_oldest(1, T0 + 10).await.unwrap(),
        vec![oldest.clone()]
    );
    let replayed = store.get_task(&oldest).await.unwrap().unwrap();
    assert_eq!(replayed.task.state, TaskState::Pending);
    assert_eq!(replayed.task.attempts, 0);
    assert_eq!(replayed.errors.len(), 1, "history survives a replay");
    let unknown = TaskId::generate();
    let outcomes = store
        .replay_ids(&[middle.clone(), live.clone(), unknown], T0 + 20)
        .await
        .unwrap();
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

pub(crate) async fn worker_registry_and_recycle(store: Arc<dyn Store>) {
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
    let requested = store
        .request_recycle(&w("w1"), "leaky", T0)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(requested.recycle_reason.as_deref(), Some("leaky"));
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
            .request_recycle(&w("ghost"), "x", T0)
            .await
            .unwrap()
            .is_none()
    );
    // A worker that stops heartbeating is marked lost, once.
    let lost = store.mark_lost_workers(T0 + 31, T0 + 100).await.unwrap();
    assert_eq!(
        lost.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(),
        vec!["w1"]
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

pub(crate) async fn stuck_tasks_are_recorded_once_per_lease(store: Arc<dyn Store>) {
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

pub(crate) async fn event_log_reads_after_an_id(store: Arc<dyn Store>) {
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
        workers_before_ms: 0,
        throughput_before_ms: 0,
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

pub(crate) async fn retention_sweeps_old_finished_tasks(store: Arc<dyn Store>) {
    let day = 24 * 3_600_000;
    let old_done = insert(&store, new_task("q", "h", T0)).await;
    let token = lease_one(&store, "q", T0).await.token;
    store.complete(&old_done, token, T0).await.unwrap();
    let old_dead = kill(&store, "q", "h", "x", T0).await;
    let old_cancelled = insert(&store, new_task("q", "h", T0)).await;
    store.cancel(&old_cancelled, T0).await.unwrap();
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
        workers_before_ms: 0,
        throughput_before_ms: 0,
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

pub(crate) async fn leader_lock_moves_only_when_it_expires(store: Arc<dyn Store>) {
    let a = store.acquire_leader("a", 1_000, T0).await.unwrap();
    assert_eq!(a.holder, "a");
    let b = store.acquire_leader("b", 1_000, T0 + 500).await.unwrap();
    assert_eq!((b.holder.as_str(), b.token), ("a", a.token));
    let renewed = store.acquire_leader("a", 1_000, T0 + 900).await.unwrap();
    assert_eq!(
        (renewed.token, renewed.expires_at_ms),
        (a.token, T0 + 1_900)
    );
    let b = store.acquire_leader("b", 1_000, T0 + 2_000).await.unwrap();
    assert_eq!(b.holder, "b");
    assert!(b.token > a.token, "a new holder gets a newer token");
    store.release_leader("a").await.unwrap();
    assert_eq!(
        store.coordination().await.unwrap().leader.unwrap().holder,
        "b"
    );
    store.release_leader("b").await.unwrap();
    let c = store.acquire_leader("c", 1_000, T0 + 2_001).await.unwrap();
    assert_eq!(c.holder, "c");
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

pub(crate) async fn audit_log_chains_filters_pages_and_evicts(store: Arc<dyn Store>) {
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
                .append_audit(audit_entry(action, actor, T0 + i as i64))
                .await
                .unwrap(),
        );
    }
    assert_eq!(records[0].prev_hash, GENESIS_HASH);
    assert_eq!(verify_chain(&records), Ok(()));
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
        .append_audit(audit_entry("queue.pause", "carol", T0 + 9))
        .await
        .unwrap();
    assert_eq!(next.prev_hash, records[4].hash);
    let rest = store
        .list_audit(&AuditFilter::default(), &AuditCursor::After(None), 10)
        .await
        .unwrap();
    assert_eq!(verify_chain(&rest), Ok(()));
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

/// Runs every case on one backend; `$harness` makes a fresh store per test (an `Option`).
macro_rules! conformance {
    ($backend:ident, $harness:expr) => {
        mod $backend {
            macro_rules! case {
                ($name:ident) => {
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn $name() {
                        // `None`: the backend's server is not installed (and not required).
                        let Some(harness) = $harness else {
                            return;
                        };
                        super::$name(harness.store()).await;
                    }
                };
            }

            case!(insert_and_get);
            case!(insert_is_all_or_nothing);
            case!(idempotency_keys_deduplicate_until_they_expire);
            case!(leases_are_fenced);
            case!(every_lease_gets_a_newer_token);
            case!(lease_order_is_priority_then_time_then_fifo);
            case!(lease_follows_the_plan_and_reports_short_queues);
            case!(lease_takes_only_known_handlers);
            case!(pauses_stop_leasing);
            case!(rate_limit_charges_only_leased_tasks);
            case!(scheduled_tasks_wait_for_their_time);
            case!(failures_record_history_and_reach_the_dlq);
            case!(expired_leases_are_listed);
            case!(cancel_by_state);
            case!(retry_by_state);
            case!(queue_registry_weights_and_latency);
            case!(dlq_listing_filters_and_pages);
            case!(dlq_replay_and_purge);
            case!(worker_registry_and_recycle);
            case!(stuck_tasks_are_recorded_once_per_lease);
            case!(event_log_reads_after_an_id);
            case!(retention_sweeps_old_finished_tasks);
            case!(leader_lock_moves_only_when_it_expires);
            case!(audit_log_chains_filters_pages_and_evicts);
        }
    };
}

conformance!(sqlite, Some(crate::support::SqliteHarness::new()));
conformance!(redis, crate::support::RedisHarness::start().await);
// Every key lives in the slot of `{test}`; the client reaches it through a seed node that may
// not own that slot, following redirects.
conformance!(
    redis_cluster,
    crate::support::RedisHarness::start_cluster().await
);
