//! [`TaskStore`] conformance: writing tasks (all or nothing, idempotency keys), reading them,
//! promoting scheduled ones, and the operator's cancel and retry in each state, as the shared
//! `worker_proto::lifecycle` rules say.

use std::sync::Arc;

use worker_proto::{lifecycle, v1};
use worker_server::engine::model::*;
use worker_server::store::*;

use super::{T0, insert, lease_one, lease_req, new_task, q, state_of};

pub(super) async fn insert_and_get(store: Arc<dyn Store>) {
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

pub(super) async fn insert_is_all_or_nothing(store: Arc<dyn Store>) {
    let first = new_task("q", "h", T0);
    let mut clash = new_task("q", "h", T0);
    clash.id = first.id.clone();
    let err = store.insert_tasks(vec![first.clone(), clash], T0).await;
    assert!(err.is_err(), "a duplicate id must fail the whole batch");
    assert!(store.get_task(&first.id).await.unwrap().is_none());
    let q = store.get_queue(&q("q")).await.unwrap();
    assert!(q.is_none_or(|q| q.counts.pending == 0));
}

/// Issue 12 item 2: tasks an operator's call makes (a schedule run by hand) are written with the
/// call's audit entry; a batch refused as a whole writes no entry either.
pub(super) async fn an_operators_insert_commits_with_its_entry(store: Arc<dyn Store>) {
    use worker_server::engine::audit::{AuditCursor, AuditFilter};
    let audit = super::audit::write("schedule.run", "alice", T0);
    let task = new_task("q", "h", T0);
    let (inserted, entry) = store
        .insert_tasks_audited(vec![task.clone()], T0, &audit)
        .await
        .unwrap();
    assert_eq!(inserted, vec![Inserted::Created(task.id.clone())]);
    assert_eq!(state_of(&store, &task.id).await, TaskState::Pending);
    let log = store
        .list_audit(&AuditFilter::default(), &AuditCursor::Before(None), 10)
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].id.as_str(), log[0].entry.action.as_str()),
        (entry.id.as_str(), "schedule.run")
    );
    assert_eq!(log[0].hash, entry.hash);
    let mut clash = new_task("q", "h", T0);
    clash.id = task.id.clone();
    assert!(
        store
            .insert_tasks_audited(vec![new_task("q", "h", T0), clash], T0, &audit)
            .await
            .is_err()
    );
    let log = store
        .list_audit(&AuditFilter::default(), &AuditCursor::Before(None), 10)
        .await
        .unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
}

pub(super) async fn idempotency_keys_deduplicate_until_they_expire(store: Arc<dyn Store>) {
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

pub(super) async fn scheduled_tasks_wait_for_their_time(store: Arc<dyn Store>) {
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

/// Cancels `id` with its audit entry, and checks the entry records the outcome.
async fn cancel(store: &Arc<dyn Store>, id: &TaskId) -> Option<(QueueName, CancelOutcome)> {
    let mut audit = super::audit::write("task.cancel", "alice", T0);
    audit.entry.detail = worker_server::engine::audit::OUTCOME_PLACEHOLDER.into();
    let (queue, outcome, record) = store.cancel(id, T0, &audit).await.unwrap()?;
    assert_eq!(record.entry.detail, outcome.name());
    Some((queue, outcome))
}

/// Retries `id` with its audit entry, and checks the entry names the state before (and that a
/// refused retry writes none).
async fn retry(store: &Arc<dyn Store>, id: &TaskId, now: i64) -> Option<(QueueName, RetryResult)> {
    let mut audit = super::audit::write("task.retry", "alice", now);
    audit.entry.detail = format!(
        "retried from {}",
        worker_server::engine::audit::OUTCOME_PLACEHOLDER
    );
    let (queue, result, record) = store.retry(id, now, &audit).await.unwrap()?;
    match &result {
        RetryResult::Retried(previous) => {
            let record = record.expect("a retry writes its entry");
            assert_eq!(record.entry.detail, format!("retried from {previous}"));
        }
        RetryResult::NotAllowed(_) => assert!(record.is_none(), "{record:?}"),
    }
    Some((queue, result))
}

pub(super) async fn cancel_by_state(store: Arc<dyn Store>) {
    let waiting = insert(&store, new_task("q", "h", T0)).await;
    let running = insert(&store, new_task("q2", "h", T0)).await;
    let leased = lease_one(&store, "q2", T0).await;
    assert_eq!(
        cancel(&store, &waiting).await,
        Some((q("q"), CancelOutcome::Cancelled))
    );
    assert_eq!(state_of(&store, &waiting).await, TaskState::Cancelled);
    assert!(store.get_dlq_entry(&waiting).await.unwrap().is_none());
    assert_eq!(
        cancel(&store, &running).await,
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
        cancel(&store, &waiting).await,
        Some((q("q"), CancelOutcome::AlreadyFinished(TaskState::Cancelled)))
    );
    assert_eq!(cancel(&store, &TaskId::generate()).await, None);
}

pub(super) async fn retry_by_state(store: Arc<dyn Store>) {
    let id = insert(&store, new_task("q", "h", T0)).await;
    assert_eq!(
        retry(&store, &id, T0).await,
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
        retry(&store, &id, T0 + 1).await,
        Some((q("q"), RetryResult::Retried(TaskState::Dead)))
    );
    let detail = store.get_task(&id).await.unwrap().unwrap();
    assert_eq!(detail.task.state, TaskState::Pending);
    assert_eq!(detail.task.attempts, 0);
    assert_eq!(detail.errors.len(), 1, "history is kept");
    assert!(store.get_dlq_entry(&id).await.unwrap().is_none());
    assert_eq!(retry(&store, &TaskId::generate(), T0).await, None);
}

/// The rules `workerctl` and the dashboard read from `worker_proto::lifecycle` are the ones the
/// store applies: in every state, cancel takes effect iff the state is cancellable and retry
/// makes the task pending iff it is retryable; a refused action changes nothing.
pub(super) async fn cancel_and_retry_follow_the_shared_lifecycle_rules(store: Arc<dyn Store>) {
    for state in TaskState::ALL {
        let shared = proto_state(state);
        let id = task_in(&store, state, &format!("{}-cancel", state.as_str())).await;
        let (_, outcome) = cancel(&store, &id).await.expect("known task");
        let cancelled = matches!(outcome, CancelOutcome::Cancelled | CancelOutcome::Requested);
        assert_eq!(
            cancelled,
            lifecycle::cancellable(shared),
            "cancel of a {state} task: the store answers {outcome:?}"
        );
        if !cancelled {
            assert_eq!(state_of(&store, &id).await, state, "a refused cancel");
        }
        let id = task_in(&store, state, &format!("{}-retry", state.as_str())).await;
        let (_, result) = retry(&store, &id, T0 + 2).await.expect("known task");
        let retried = matches!(result, RetryResult::Retried(_));
        assert_eq!(
            retried,
            lifecycle::retryable(shared),
            "retry of a {state} task: the store answers {result:?}"
        );
        let after = if retried { TaskState::Pending } else { state };
        assert_eq!(
            state_of(&store, &id).await,
            after,
            "retry of a {state} task"
        );
    }
}

/// The wire state the shared rules are written over. No wildcard: a new engine state must be
/// mapped here before this suite compiles.
fn proto_state(state: TaskState) -> v1::TaskState {
    match state {
        TaskState::Scheduled => v1::TaskState::Scheduled,
        TaskState::Pending => v1::TaskState::Pending,
        TaskState::Running => v1::TaskState::Running,
        TaskState::Retrying => v1::TaskState::Retrying,
        TaskState::Succeeded => v1::TaskState::Succeeded,
        TaskState::Dead => v1::TaskState::Dead,
        TaskState::Cancelled => v1::TaskState::Cancelled,
    }
}

/// A new task, alone in `queue`, brought into `state` through the store API.
async fn task_in(store: &Arc<dyn Store>, state: TaskState, queue: &str) -> TaskId {
    let mut task = new_task(queue, "h", T0);
    if state == TaskState::Scheduled {
        task.run_at_ms = T0 + 60_000;
        task.state = TaskState::Scheduled;
    }
    let id = insert(store, task).await;
    match state {
        TaskState::Scheduled | TaskState::Pending => {}
        TaskState::Running => {
            lease_one(store, queue, T0).await;
        }
        TaskState::Retrying => {
            let token = lease_one(store, queue, T0).await.token;
            let next = FailNext::RetryAt(T0 + 60_000);
            store.fail(&id, token, "boom", next, T0 + 1).await.unwrap();
        }
        TaskState::Succeeded => {
            let token = lease_one(store, queue, T0).await.token;
            store.complete(&id, token, T0 + 1).await.unwrap();
        }
        TaskState::Dead => {
            let token = lease_one(store, queue, T0).await.token;
            let next = FailNext::Dead(DeadReason::Permanent);
            store.fail(&id, token, "boom", next, T0 + 1).await.unwrap();
        }
        TaskState::Cancelled => {
            cancel(store, &id).await;
        }
    }
    assert_eq!(state_of(store, &id).await, state, "set up a {state} task");
    id
}

/// The one filter of listings and bulk actions on the task listing: text (case-insensitive, in
/// the id, the handler or the last error, taken literally), a dead task's fingerprint and an
/// age (created before a time), alone and with the queue and state; totals count the matches.
pub(super) async fn task_listings_take_text_fingerprint_and_age(store: Arc<dyn Store>) {
    let refused = "dial tcp 10.0.0.1:25: connection REFUSED";
    let d1 = super::kill(&store, "a", "h", refused, T0 + 2_000).await;
    let d2 = super::kill(&store, "b", "h", "timed out after 30s", T0 + 5_000).await;
    let t1 = insert(&store, new_task("a", "h", T0)).await;
    let t2 = insert(&store, new_task("a", "send_email", T0 + 1_000)).await;
    let ids = |filter: TaskFilter| {
        let store = store.clone();
        async move {
            let page = store.list_tasks(&filter, 10, 0).await.unwrap();
            let ids: Vec<TaskId> = page.items.into_iter().map(|t| t.id).collect();
            assert_eq!(page.total, ids.len() as u64, "the total counts the matches");
            ids
        }
    };
    let text = |t: &str| TaskFilter {
        text: Some(t.into()),
        ..TaskFilter::default()
    };
    assert_eq!(ids(text("refused")).await, vec![d1.clone()]);
    assert_eq!(ids(text("SEND_")).await, vec![t2.clone()]);
    let tail = &t1.as_str()[t1.as_str().len() - 10..];
    assert_eq!(ids(text(tail)).await, vec![t1.clone()]);
    // `%` and `_` are characters, not wildcards.
    assert!(ids(text("%")).await.is_empty());
    assert!(ids(text("s_nd")).await.is_empty());
    let before = |ms: i64| TaskFilter {
        created_before_ms: Some(ms),
        ..TaskFilter::default()
    };
    assert_eq!(ids(before(T0 + 1_500)).await, vec![t2.clone(), t1.clone()]);
    assert_eq!(
        ids(TaskFilter {
            queue: Some(q("a")),
            ..before(T0 + 3_000)
        })
        .await,
        vec![t2.clone(), t1.clone(), d1.clone()]
    );
    assert_eq!(
        ids(TaskFilter {
            state: Some(TaskState::Dead),
            ..before(T0 + 3_000)
        })
        .await,
        vec![d1.clone()]
    );
    assert_eq!(
        ids(TaskFilter {
            state: Some(TaskState::Dead),
            ..before(T0 + 6_000)
        })
        .await,
        vec![d2.clone(), d1.clone()]
    );
    let fp = worker_server::engine::fingerprint::fingerprint(refused);
    assert_eq!(
        ids(TaskFilter {
            fingerprint: Some(fp.clone()),
            ..TaskFilter::default()
        })
        .await,
        vec![d1.clone()]
    );
    assert!(
        ids(TaskFilter {
            fingerprint: Some(fp),
            queue: Some(q("b")),
            ..TaskFilter::default()
        })
        .await
        .is_empty()
    );
    // Pages of a filtered listing keep the total of all matches.
    let page = store.list_tasks(&before(T0 + 6_000), 1, 1).await.unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id, t1);
}

/// A listing of one state across queues: newest first over every queue, paged by offset, with
/// its total, and with a handler filter (Redis merges the queues' own sets of the state).
pub(super) async fn listing_one_state_across_queues(store: Arc<dyn Store>) {
    let mut ids = Vec::new();
    for (queue, handler) in [("a", "x"), ("b", "h"), ("a", "h"), ("c", "h"), ("b", "x")] {
        ids.push(insert(&store, new_task(queue, handler, T0)).await);
    }
    // One task leaves pending: it is listed as running, and no longer as pending.
    let running = lease_one(&store, "c", T0).await;
    assert_eq!(running.id, ids[3]);
    let pending = |handler: Option<&str>| TaskFilter {
        queue: None,
        state: Some(TaskState::Pending),
        handler: handler.map(super::h),
        ..TaskFilter::default()
    };
    let listed = |page: Page<TaskRecord>| -> (Vec<TaskId>, u64) {
        (page.items.into_iter().map(|t| t.id).collect(), page.total)
    };
    let newest_first = vec![
        ids[4].clone(),
        ids[2].clone(),
        ids[1].clone(),
        ids[0].clone(),
    ];
    let all = listed(store.list_tasks(&pending(None), 10, 0).await.unwrap());
    assert_eq!(all, (newest_first.clone(), 4));
    let page = listed(store.list_tasks(&pending(None), 2, 1).await.unwrap());
    assert_eq!(page, (newest_first[1..3].to_vec(), 4));
    let count = listed(store.list_tasks(&pending(None), 0, 0).await.unwrap());
    assert_eq!(count, (Vec::new(), 4));
    let of_x = listed(store.list_tasks(&pending(Some("x")), 10, 0).await.unwrap());
    assert_eq!(of_x, (vec![ids[4].clone(), ids[0].clone()], 2));
    let of_h = listed(store.list_tasks(&pending(Some("h")), 1, 1).await.unwrap());
    assert_eq!(of_h, (vec![ids[1].clone()], 2));
    let running_filter = TaskFilter {
        state: Some(TaskState::Running),
        ..pending(None)
    };
    let running_listed = listed(store.list_tasks(&running_filter, 10, 0).await.unwrap());
    assert_eq!(running_listed, (vec![ids[3].clone()], 1));
}
