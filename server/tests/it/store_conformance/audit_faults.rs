//! Audit conformance under faults: a mutation and its audit entry commit together or not at all
//! (issue 12, item 2), with the audit log made unwritable underneath the store.

use worker_server::engine::audit::{COUNT_PLACEHOLDER, OUTCOME_PLACEHOLDER};
use worker_server::engine::model::{DeleteScope, TaskState};
use worker_server::store::*;

use super::audit::write;
use super::schedules::{name, schedule};
use super::{T0, insert, kill, new_task, q, w};
use crate::support::AuditFault;

pub(super) async fn a_mutation_whose_audit_entry_fails_changes_nothing(harness: &impl AuditFault) {
    let store = harness.store();
    let dead = kill(&store, "a", "h", "boom", T0).await;
    let waiting = insert(&store, new_task("a", "h", T0)).await;
    store
        .register_worker(NewWorker {
            id: w("w1"),
            host: "box".into(),
            pid: 42,
            version: "1.0".into(),
            concurrency: 8,
            handlers: vec!["h".into()],
            now_ms: T0,
        })
        .await
        .unwrap();
    let (nightly, _) = store.upsert_schedule(schedule("nightly")).await.unwrap();
    let (hourly, _) = store.upsert_schedule(schedule("hourly")).await.unwrap();
    if !harness.break_audit().await {
        return;
    }
    let unwritable = |err: StoreError| {
        assert!(matches!(err, StoreError::AuditUnavailable(_)), "{err:?}");
    };
    unwritable(
        store
            .set_queue_paused(&q("a"), true, T0, &write("queue.pause", "alice", T0))
            .await
            .unwrap_err(),
    );
    assert!(!store.get_queue(&q("a")).await.unwrap().unwrap().paused);
    unwritable(
        store
            .set_queue_weight(
                &q("a"),
                Some(9),
                false,
                T0,
                &write("queue.update_weight", "alice", T0),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(
        store
            .get_queue(&q("a"))
            .await
            .unwrap()
            .unwrap()
            .weight_override,
        None
    );
    unwritable(
        store
            .set_dequeue_paused(true, T0, &write("dequeue.pause", "alice", T0))
            .await
            .unwrap_err(),
    );
    assert!(!store.coordination().await.unwrap().dequeue_paused);
    // A bulk operation: nothing leaves the DLQ.
    let mut replay = write("dlq.replay", "alice", T0);
    replay.entry.detail = format!("moved {COUNT_PLACEHOLDER}");
    unwritable(store.replay_oldest(10, T0, &replay).await.unwrap_err());
    unwritable(
        store
            .replay_ids(std::slice::from_ref(&dead), T0, &replay)
            .await
            .unwrap_err(),
    );
    assert_eq!(
        store.get_task(&dead).await.unwrap().unwrap().task.state,
        TaskState::Dead
    );
    // Deletes: the dead task stays, and so does its queue.
    let mut delete = write("dlq.delete", "alice", T0);
    delete.entry.detail = format!("deleted {COUNT_PLACEHOLDER}");
    for scope in [DeleteScope::Dead, DeleteScope::NotRunning] {
        unwritable(
            store
                .delete_tasks(std::slice::from_ref(&dead), scope, &delete)
                .await
                .unwrap_err(),
        );
    }
    unwritable(
        store
            .delete_queue(&q("a"), true, 100, &delete)
            .await
            .unwrap_err(),
    );
    assert!(store.get_queue(&q("a")).await.unwrap().is_some());
    assert!(store.get_dlq_entry(&dead).await.unwrap().is_some());
    assert!(store.get_task(&waiting).await.unwrap().is_some());
    // A retry: the dead task stays dead.
    let mut retry = write("task.retry", "alice", T0);
    retry.entry.detail = format!("retried from {OUTCOME_PLACEHOLDER}");
    unwritable(store.retry(&dead, T0, &retry).await.unwrap_err());
    assert_eq!(
        store.get_task(&dead).await.unwrap().unwrap().task.state,
        TaskState::Dead
    );
    assert!(store.get_dlq_entry(&dead).await.unwrap().is_some());
    // A cancel: the waiting task stays waiting.
    let mut cancel = write("task.cancel", "alice", T0);
    cancel.entry.detail = OUTCOME_PLACEHOLDER.into();
    unwritable(store.cancel(&waiting, T0, &cancel).await.unwrap_err());
    assert_eq!(
        store.get_task(&waiting).await.unwrap().unwrap().task.state,
        TaskState::Pending
    );
    // A recycle request: the worker is not asked to recycle.
    unwritable(
        store
            .request_recycle(&w("w1"), "leaky", T0, &write("worker.recycle", "alice", T0))
            .await
            .unwrap_err(),
    );
    let worker = store.get_worker(&w("w1")).await.unwrap().unwrap().worker;
    assert_eq!(worker.recycle_reason, None);
    // Schedule changes (create, replace, delete, pause, pause all): none is written.
    let mut created = schedule("weekly");
    created.revision = 0;
    let mut replaced = nightly.clone();
    replaced.spec = "0 3 * * *".into();
    let paused = |r: &worker_server::engine::schedules::ScheduleRecord| {
        let mut r = r.clone();
        r.paused = true;
        r
    };
    let mut all = write("schedule.pause_all", "alice", T0);
    all.entry.detail = format!("paused {COUNT_PLACEHOLDER}");
    for (plan, audit) in [
        (
            vec![SchedulePlan::put(created)],
            write("schedule.create", "alice", T0),
        ),
        (
            vec![SchedulePlan::put(replaced)],
            write("schedule.create", "alice", T0),
        ),
        (
            vec![SchedulePlan::Delete {
                name: name("nightly"),
                revision: nightly.revision,
            }],
            write("schedule.delete", "alice", T0),
        ),
        (
            vec![SchedulePlan::put(paused(&nightly))],
            write("schedule.pause", "alice", T0),
        ),
        (
            vec![
                SchedulePlan::put(paused(&nightly)),
                SchedulePlan::put(paused(&hourly)),
            ],
            all,
        ),
    ] {
        unwritable(
            store
                .write_schedules_audited(&plan, &audit)
                .await
                .unwrap_err(),
        );
    }
    assert_eq!(store.get_schedule(&name("weekly")).await.unwrap(), None);
    assert_eq!(
        store.get_schedule(&name("nightly")).await.unwrap(),
        Some(nightly)
    );
    assert_eq!(
        store.get_schedule(&name("hourly")).await.unwrap(),
        Some(hourly)
    );
    // A schedule run by hand: no task is made.
    let run = new_task("a", "h", T0);
    unwritable(
        store
            .insert_tasks_audited(vec![run.clone()], T0, &write("schedule.run", "alice", T0))
            .await
            .unwrap_err(),
    );
    assert!(store.get_task(&run.id).await.unwrap().is_none());
    // Nothing reached the log either.
    assert!(
        store
            .list_audit(
                &worker_server::engine::audit::AuditFilter::default(),
                &worker_server::engine::audit::AuditCursor::Before(None),
                10
            )
            .await
            .map(|r| r.is_empty())
            .unwrap_or(true)
    );
}

/// The job mutations an operator makes (upsert, delete, run) under the same fault: nothing is
/// written without its entry.
pub(super) async fn a_job_mutation_whose_audit_entry_fails_changes_nothing(
    harness: &impl AuditFault,
) {
    use super::jobs::{job, run};
    use worker_server::engine::model::JobName;
    let store = harness.store();
    let kept = JobName::new("kept").unwrap();
    store.upsert_job(job("kept", T0), None).await.unwrap();
    if !harness.break_audit().await {
        return;
    }
    let unwritable = |err: StoreError| {
        assert!(matches!(err, StoreError::AuditUnavailable(_)), "{err:?}");
    };
    let mut edited = job("kept", T0 + 1);
    edited.spec.description = "edited".into();
    unwritable(
        store
            .upsert_job(edited, Some(&write("job.upsert", "alice", T0)))
            .await
            .unwrap_err(),
    );
    let stored = store.get_job(&kept).await.unwrap().unwrap();
    assert_eq!(stored.spec.description, "builds the site");
    assert_eq!(stored.revision, 1);
    unwritable(
        store
            .upsert_job(job("new", T0), Some(&write("job.upsert", "alice", T0)))
            .await
            .unwrap_err(),
    );
    assert!(
        store
            .get_job(&JobName::new("new").unwrap())
            .await
            .unwrap()
            .is_none()
    );
    unwritable(
        store
            .delete_job(&kept, Some(&write("job.delete", "alice", T0)))
            .await
            .unwrap_err(),
    );
    assert!(store.get_job(&kept).await.unwrap().is_some());
    let r = run("kept", T0);
    unwritable(
        store
            .insert_job_run(r.clone(), Some(&write("job.run", "alice", T0)))
            .await
            .unwrap_err(),
    );
    assert!(store.get_job_run(&r.run_id).await.unwrap().is_none());
    let page = store
        .list_job_runs(Some(&kept), None, None, 10)
        .await
        .unwrap();
    assert!(page.runs.is_empty());
}
