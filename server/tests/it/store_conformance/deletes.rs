//! [`DeleteStore`] conformance: an operator's deletes of tasks by id (all but running ones, or
//! only dead ones) and of queues, each with its audit entry and its count.

use std::sync::Arc;

use worker_server::engine::audit::{AuditWrite, COUNT_PLACEHOLDER};
use worker_server::engine::model::*;
use worker_server::store::*;

use super::audit::write;
use super::{T0, assert_counters_match, insert, kill, lease_one, new_task, q, state_of};

fn counted(action: &str) -> AuditWrite {
    let mut w = write(action, "alice", T0);
    w.entry.detail = format!("deleted {COUNT_PLACEHOLDER}");
    w
}

fn keyed(queue: &str, key: &str) -> NewTask {
    let mut t = new_task(queue, "h", T0);
    t.idempotency = Some(Idempotency {
        key: key.into(),
        expires_at_ms: T0 + 3_600_000,
    });
    t
}

pub(super) async fn deletes_by_id_keep_running_tasks_and_the_indexes(store: Arc<dyn Store>) {
    let dead = kill(&store, "a", "h", "boom 1", T0).await;
    let other_dead = kill(&store, "a", "h", "boom 2", T0 + 1).await;
    let running = insert(&store, new_task("a", "h", T0)).await;
    let leased = lease_one(&store, "a", T0).await;
    assert_eq!(leased.id, running);
    let pending = insert(&store, keyed("a", "k1")).await;
    let mut later = new_task("a", "h", T0);
    later.state = TaskState::Scheduled;
    later.run_at_ms = T0 + 60_000;
    let scheduled = insert(&store, later).await;
    let missing = TaskId::generate();
    assert_eq!(
        store.dlq_groups(None, None).await.unwrap()[0].count,
        2,
        "both dead tasks share a cause"
    );

    // Only dead ones: the rest are reported as they are.
    let (outcomes, entry) = store
        .delete_tasks(
            &[
                dead.clone(),
                pending.clone(),
                running.clone(),
                missing.clone(),
            ],
            DeleteScope::Dead,
            &counted("dlq.delete"),
        )
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        vec![
            DeleteOutcome::Deleted(TaskState::Dead),
            DeleteOutcome::NotDead(TaskState::Pending),
            DeleteOutcome::Running,
            DeleteOutcome::NotFound,
        ]
    );
    assert_eq!(entry.entry.detail, "deleted 1");
    assert!(store.get_task(&dead).await.unwrap().is_none());
    assert!(store.get_dlq_entry(&dead).await.unwrap().is_none());
    let dlq = store.list_dlq(&DlqFilter::default(), 10, 0).await.unwrap();
    assert_eq!(
        (dlq.total, dlq.items[0].id.clone()),
        (1, other_dead.clone())
    );
    // The search index forgot it too.
    let found = store
        .list_dlq(
            &DlqFilter {
                query: Some("boom".into()),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    let groups = store.dlq_groups(None, None).await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].count, 1);

    // Any state but running.
    let (outcomes, entry) = store
        .delete_tasks(
            &[
                pending.clone(),
                running.clone(),
                scheduled.clone(),
                other_dead.clone(),
            ],
            DeleteScope::NotRunning,
            &counted("task.delete"),
        )
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        vec![
            DeleteOutcome::Deleted(TaskState::Pending),
            DeleteOutcome::Running,
            DeleteOutcome::Deleted(TaskState::Scheduled),
            DeleteOutcome::Deleted(TaskState::Dead),
        ]
    );
    assert_eq!(entry.entry.detail, "deleted 3");
    assert!(store.dlq_groups(None, None).await.unwrap().is_empty());
    assert_eq!(
        store
            .list_dlq(&DlqFilter::default(), 10, 0)
            .await
            .unwrap()
            .total,
        0
    );
    // The running task is untouched and its lease still holds.
    assert_eq!(state_of(&store, &running).await, TaskState::Running);
    store
        .complete(&running, leased.token, T0 + 5)
        .await
        .unwrap();
    // The deleted task's idempotency key is free again.
    let again = store
        .insert_tasks(vec![keyed("a", "k1")], T0 + 10)
        .await
        .unwrap();
    assert!(
        matches!(&again[0], Inserted::Created(id) if *id != pending),
        "{again:?}"
    );
    assert_counters_match(&store, "a", "h").await;
    let all = store
        .list_tasks(
            &TaskFilter {
                queue: Some(q("a")),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(all.total, 2, "the completed task and the new one");
    // A delete that deleted nothing is still one entry.
    let (outcomes, entry) = store
        .delete_tasks(&[missing], DeleteScope::Dead, &counted("dlq.delete"))
        .await
        .unwrap();
    assert_eq!(outcomes, vec![DeleteOutcome::NotFound]);
    assert_eq!(entry.entry.detail, "deleted 0");
}

pub(super) async fn queues_are_deleted_only_when_empty_or_forced(store: Arc<dyn Store>) {
    let dead = kill(&store, "a", "h", "boom", T0).await;
    insert(&store, keyed("a", "k1")).await;
    insert(&store, new_task("b", "h", T0)).await;
    lease_one(&store, "b", T0).await;
    store.ensure_queues(&[q("c")], T0).await.unwrap();

    let write = counted("queue.delete");
    let refused = |n| (QueueDeleted::NotEmpty { tasks: n }, None);
    assert_eq!(
        store
            .delete_queue(&q("a"), false, 100, &write)
            .await
            .unwrap(),
        refused(2)
    );
    assert_eq!(
        store.delete_queue(&q("a"), true, 1, &write).await.unwrap(),
        (QueueDeleted::TooLarge { tasks: 2 }, None)
    );
    for force in [false, true] {
        assert_eq!(
            store
                .delete_queue(&q("b"), force, 100, &write)
                .await
                .unwrap(),
            (QueueDeleted::Running { tasks: 1 }, None)
        );
    }
    assert_eq!(
        store
            .delete_queue(&q("nope"), true, 100, &write)
            .await
            .unwrap(),
        (QueueDeleted::NotFound, None)
    );
    assert!(store.get_queue(&q("a")).await.unwrap().is_some());

    let (outcome, entry) = store
        .delete_queue(&q("a"), true, 100, &write)
        .await
        .unwrap();
    assert_eq!(outcome, QueueDeleted::Deleted { tasks: 2, dead: 1 });
    assert_eq!(entry.unwrap().entry.detail, "deleted 2");
    assert!(store.get_queue(&q("a")).await.unwrap().is_none());
    assert!(store.get_task(&dead).await.unwrap().is_none());
    assert!(store.dlq_groups(None, None).await.unwrap().is_empty());
    assert_eq!(
        store
            .list_dlq(&DlqFilter::default(), 10, 0)
            .await
            .unwrap()
            .total,
        0
    );
    assert_counters_match(&store, "a", "h").await;
    let (outcome, _) = store
        .delete_queue(&q("c"), false, 100, &write)
        .await
        .unwrap();
    assert_eq!(outcome, QueueDeleted::Deleted { tasks: 0, dead: 0 });
    let names: Vec<String> = store
        .list_queues()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name.to_string())
        .collect();
    assert_eq!(names, vec!["b".to_string()]);
    // A queue comes back with its next task, and the deleted task's key is free.
    let again = store
        .insert_tasks(vec![keyed("a", "k1")], T0 + 10)
        .await
        .unwrap();
    assert!(matches!(&again[0], Inserted::Created(_)), "{again:?}");
    assert!(store.get_queue(&q("a")).await.unwrap().is_some());
    assert_counters_match(&store, "a", "h").await;
}
