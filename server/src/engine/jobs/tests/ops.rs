//! The job operations the admin API serves, on a real SQLite file with a hand-moved clock:
//! upsert keeps its creation time and secrets, every answer and audit entry is redacted,
//! listings page and filter, a waiting run's cancel ends it, and a log follow ends with its run.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;

use super::*;
use crate::engine::audit::{AuditCursor, AuditEntry, AuditFilter};
use crate::engine::clock::ManualClock;
use crate::engine::model::{CancelOutcome, JobName, QueueName, TaskState};
use crate::engine::{Engine, EngineConfig, Error};
use crate::store::JobStore;
use crate::store::sqlite::{Durability, SqliteStore};

const T0: i64 = 1_800_000_000_000;

struct Fixture {
    _dir: tempfile::TempDir,
    clock: ManualClock,
    engine: Engine,
    store: Arc<SqliteStore>,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(dir.path().join("w.db"), Durability::Normal).unwrap());
    let clock = ManualClock::new(T0);
    let engine = Engine::new(
        store.clone(),
        Arc::new(clock.clone()),
        EngineConfig::default(),
    )
    .await
    .unwrap();
    Fixture {
        _dir: dir,
        clock,
        engine,
        store,
    }
}

fn entry(action: &str, detail: &str) -> AuditEntry {
    AuditEntry {
        at_ms: T0,
        actor: "alice".into(),
        role: "admin".into(),
        request_id: "r1".into(),
        action: action.into(),
        target: "site".into(),
        status: "ok".into(),
        payload_hash: String::new(),
        detail: detail.into(),
        metadata: BTreeMap::new(),
    }
}

fn spec(name: &str, token: &str) -> JobSpec {
    JobSpec {
        name: JobName::new(name).unwrap(),
        description: String::new(),
        source: JobSource::TarballPath {
            path: "site.tar.gz".into(),
            sha256: None,
        },
        path: String::new(),
        dockerfile: String::new(),
        command: vec!["make".into()],
        env: vec![
            JobEnv {
                name: "MODE".into(),
                value: "release".into(),
                secret: false,
            },
            JobEnv {
                name: "TOKEN".into(),
                value: token.into(),
                secret: true,
            },
        ],
        queue: QueueName::new("jobs").unwrap(),
        retries: 0,
        timeout_ms: 0,
        cpus: None,
        memory_mb: None,
        pids: None,
    }
}

fn manual() -> JobTrigger {
    JobTrigger::Manual {
        actor: "alice".into(),
    }
}

#[tokio::test]
async fn upsert_keeps_created_at_redacts_answers_and_keeps_a_secret_sent_redacted() {
    let f = fixture().await;
    let name = JobName::new("site").unwrap();
    let (job, created) = f
        .engine
        .upsert_job(spec("site", "s3cret"), entry("job.upsert", "created"))
        .await
        .unwrap();
    assert!(created);
    assert_eq!(job.created_at_ms, T0);
    assert_eq!(job.spec.env[1].value, REDACTED);
    assert_eq!(job.spec.env[0].value, "release");

    f.clock.advance_ms(5_000);
    // Applied again as it reads back: the secret keeps its stored value.
    let mut again = job.spec.clone();
    again.description = "edited".into();
    let (job, created) = f
        .engine
        .upsert_job(again, entry("job.upsert", "replaced"))
        .await
        .unwrap();
    assert!(!created);
    assert_eq!(job.created_at_ms, T0);
    assert_eq!(job.updated_at_ms, T0 + 5_000);
    let stored = f.store.get_job(&name).await.unwrap().unwrap();
    assert_eq!(stored.spec.env[1].value, "s3cret");
    assert_eq!(stored.spec.description, "edited");

    for answer in [
        f.engine.get_job(&name).await.unwrap(),
        f.engine.list_jobs().await.unwrap().remove(0),
    ] {
        assert_eq!(answer.spec.env[1].value, REDACTED);
    }
    // A new job cannot name a secret it never had.
    let err = f
        .engine
        .upsert_job(spec("other", REDACTED), entry("job.upsert", "x"))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidArgument {
            reason: "invalid_job_env",
            ..
        }
    ));
    // An invalid spec is refused with its reason and writes nothing.
    let mut bad = spec("bad", "x");
    bad.cpus = Some(0.0);
    let err = f
        .engine
        .upsert_job(bad, entry("job.upsert", "x"))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidArgument {
            reason: "invalid_job_limits",
            ..
        }
    ));
    let audit = f
        .engine
        .list_audit(&AuditFilter::default(), &AuditCursor::Before(None), 10)
        .await
        .unwrap();
    let details: Vec<&str> = audit.iter().map(|r| r.entry.detail.as_str()).collect();
    assert_eq!(details, ["replaced", "created"]);
}

#[tokio::test]
async fn delete_is_audited_and_an_unknown_job_is_not_found() {
    let f = fixture().await;
    let name = JobName::new("site").unwrap();
    let err = f
        .engine
        .delete_job(&name, entry("job.delete", "x"))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::NotFound {
            reason: "job_not_found",
            ..
        }
    ));
    f.engine
        .upsert_job(spec("site", "t"), entry("job.upsert", "created"))
        .await
        .unwrap();
    f.engine
        .delete_job(&name, entry("job.delete", "deleted"))
        .await
        .unwrap();
    assert!(matches!(
        f.engine.get_job(&name).await.unwrap_err(),
        Error::NotFound {
            reason: "job_not_found",
            ..
        }
    ));
    let actions: Vec<String> = f
        .engine
        .list_audit(&AuditFilter::default(), &AuditCursor::Before(None), 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.entry.action)
        .collect();
    assert_eq!(actions, ["job.delete", "job.upsert"]);
}

#[tokio::test]
async fn runs_are_listed_by_job_and_status_with_a_cursor_and_a_waiting_one_cancels() {
    let f = fixture().await;
    f.engine
        .upsert_job(spec("a", "t"), entry("job.upsert", "a"))
        .await
        .unwrap();
    f.engine
        .upsert_job(spec("b", "t"), entry("job.upsert", "b"))
        .await
        .unwrap();
    let a = JobName::new("a").unwrap();
    let mut made = Vec::new();
    for i in 0..3 {
        f.clock.advance_ms(10);
        let run = f
            .engine
            .run_job_audited(&a, manual(), entry("job.run", &format!("run {i}")))
            .await
            .unwrap();
        made.push(run.run_id);
    }
    f.engine
        .run_job(&JobName::new("b").unwrap(), manual())
        .await
        .unwrap();

    let page = f
        .engine
        .list_job_runs(&JobRunQuery {
            job: Some(a.clone()),
            limit: 2,
            ..JobRunQuery::default()
        })
        .await
        .unwrap();
    let ids: Vec<_> = page.runs.iter().map(|r| r.run_id.clone()).collect();
    assert_eq!(ids, [made[2].clone(), made[1].clone()]);
    assert_eq!(page.runs[0].spec.env[1].value, REDACTED);
    let rest = f
        .engine
        .list_job_runs(&JobRunQuery {
            job: Some(a.clone()),
            after: page.next.clone(),
            limit: 2,
            ..JobRunQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(rest.runs.len(), 1);
    assert_eq!(rest.runs[0].run_id, made[0]);

    let (outcome, run) = f
        .engine
        .cancel_job_run(&made[0], entry("task.cancel", "cancel"))
        .await
        .unwrap();
    assert_eq!(outcome, CancelOutcome::Cancelled);
    assert_eq!(run.status, JobRunStatus::Cancelled);
    assert_eq!(
        f.engine.get_task(&made[0]).await.unwrap().task.state,
        TaskState::Cancelled
    );
    let cancelled = f
        .engine
        .list_job_runs(&JobRunQuery {
            status: Some(JobRunStatus::Cancelled),
            ..JobRunQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(cancelled.runs.len(), 1);
    let events = f.engine.list_job_events(Some(&a), 10).await.unwrap();
    assert_eq!(events[0].status, JobEventStatus::Cancelled);
    assert_eq!(events[0].task_id, made[0]);
    let err = f
        .engine
        .get_job_run(&crate::engine::model::TaskId::generate())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        Error::NotFound {
            reason: "job_run_not_found",
            ..
        }
    ));
    // Three runs and three upserts, each with its entry; `b`'s run by a schedule-like caller
    // has none of its own, the cancel has one.
    let audit = f
        .engine
        .list_audit(&AuditFilter::default(), &AuditCursor::Before(None), 20)
        .await
        .unwrap();
    assert_eq!(
        audit.iter().filter(|r| r.entry.action == "job.run").count(),
        3
    );
    assert_eq!(
        audit
            .iter()
            .filter(|r| r.entry.action == "task.cancel")
            .count(),
        1
    );
}

#[tokio::test]
async fn a_log_follow_sends_what_is_stored_then_new_chunks_and_ends_with_its_run() {
    let f = fixture().await;
    f.engine
        .upsert_job(spec("a", "t"), entry("job.upsert", "a"))
        .await
        .unwrap();
    let run = f
        .engine
        .run_job(&JobName::new("a").unwrap(), manual())
        .await
        .unwrap();
    let chunk = |data: &str| NewJobLogChunk {
        stream: JobLogStream::Stdout,
        at_ms: T0,
        data: data.as_bytes().to_vec(),
    };
    f.store
        .append_job_log(&run.run_id, vec![chunk("one\n")], 1 << 20)
        .await
        .unwrap();
    let mut follow = Box::pin(f.engine.follow_job_log(
        run.run_id.clone(),
        0,
        Duration::from_millis(20),
    ));
    assert_eq!(follow.next().await.unwrap().unwrap().data, b"one\n");
    f.store
        .append_job_log(&run.run_id, vec![chunk("two\n")], 1 << 20)
        .await
        .unwrap();
    let second = follow.next().await.unwrap().unwrap();
    assert_eq!((second.seq, second.data.as_slice()), (2, &b"two\n"[..]));
    // The run ends with output written just before: the follow drains it, then ends.
    f.store
        .append_job_log(&run.run_id, vec![chunk("three\n")], 1 << 20)
        .await
        .unwrap();
    let mut ended = f.store.get_job_run(&run.run_id).await.unwrap().unwrap();
    ended.status = JobRunStatus::Succeeded;
    ended.started_at_ms = Some(T0);
    ended.finished_at_ms = Some(T0 + 1);
    f.store.update_job_run(ended).await.unwrap();
    assert_eq!(follow.next().await.unwrap().unwrap().data, b"three\n");
    assert!(follow.next().await.is_none());

    let page = f.engine.read_job_log(&run.run_id, 1, 0).await.unwrap();
    assert_eq!(page.chunks.len(), 2);
    let missing = crate::engine::model::TaskId::generate();
    let mut unknown = Box::pin(
        f.engine
            .follow_job_log(missing, 0, Duration::from_millis(20)),
    );
    assert!(matches!(
        unknown.next().await.unwrap().unwrap_err(),
        Error::NotFound {
            reason: "job_run_not_found",
            ..
        }
    ));
    assert!(unknown.next().await.is_none());
}

/// Issue 14: job events reach the operator event log (what StreamEvents, SSE and the dashboard
/// follow) in the order they happen, each after its job-store write, without env values.
#[tokio::test]
async fn a_runs_job_events_are_in_the_event_log_in_order_without_secrets() {
    use crate::engine::events::Event;
    use crate::engine::model::{HandlerName, WorkerId};
    use crate::engine::retry::AttemptFailure;

    let f = fixture().await;
    let mut job = spec("a", "s3cret-token");
    job.retries = 1;
    f.engine
        .upsert_job(job, entry("job.upsert", "a"))
        .await
        .unwrap();
    let a = JobName::new("a").unwrap();
    let worker = WorkerId::new("w1").unwrap();
    let runner = [HandlerName::new(JOB_RUNNER_HANDLER).unwrap()];

    // One run that fails its first attempt and succeeds its second.
    let first = f.engine.run_job(&a, manual()).await.unwrap();
    let leased = f.engine.lease(&worker, &runner, None, 1).await.unwrap();
    assert_eq!(leased.len(), 1);
    f.clock.advance_ms(1_000);
    f.engine
        .fail(&leased[0], AttemptFailure::Error, "exit code 2")
        .await
        .unwrap();
    f.clock.advance_ms(60_000);
    let leased = f.engine.lease(&worker, &runner, None, 1).await.unwrap();
    assert_eq!(leased[0].attempt, 2);
    f.clock.advance_ms(1_000);
    f.engine.complete(&leased[0]).await.unwrap();
    // And one cancelled while it waited.
    let second = f.engine.run_job(&a, manual()).await.unwrap();
    f.engine
        .cancel_job_run(&second.run_id, entry("task.cancel", "cancel"))
        .await
        .unwrap();

    let logged = f.engine.read_events(None, 1_000).await.unwrap();
    let notes: Vec<_> = logged
        .iter()
        .filter_map(|e| match &e.event {
            Event::Job(note) => Some(note.clone()),
            _ => None,
        })
        .collect();
    let seen: Vec<_> = notes
        .iter()
        .map(|n| (n.run_id.clone(), n.status.as_str(), n.attempt))
        .collect();
    let (one, two) = (first.run_id.to_string(), second.run_id.to_string());
    assert_eq!(
        seen,
        [
            (one.clone(), "queued", 1),
            (one.clone(), "running", 1),
            (one.clone(), "retrying", 1),
            (one.clone(), "running", 2),
            (one.clone(), "succeeded", 2),
            (two.clone(), "queued", 1),
            (two.clone(), "cancelled", 1),
        ]
    );
    assert!(notes.iter().all(|n| n.job == "a" && n.queue == "jobs"));
    assert!(notes[2].error.contains("exit code 2"), "{:?}", notes[2]);
    assert!(notes[4].started_at_ms.is_some());
    assert!(notes[4].finished_at_ms.is_some());
    // The kind the stream filters and SSE names it by, and no secret anywhere in it.
    assert!(
        logged
            .iter()
            .filter(|e| matches!(e.event, Event::Job(_)))
            .all(|e| e.event.kind() == "job_event" && e.event.queue() == Some("jobs"))
    );
    for e in &logged {
        let encoded = e.event.encode();
        assert!(!encoded.contains("s3cret-token"), "{encoded}");
        assert!(
            !encoded.contains("release"),
            "no env value at all: {encoded}"
        );
    }
    // The job store has the same history.
    let stored = f.engine.list_job_events(Some(&a), 10).await.unwrap();
    assert_eq!(stored.len(), 7);
}

/// An operator's retry or DLQ replay of a failed run's task: the run follows, queued again at
/// its next attempt with a `queued` event, then runs and ends at that attempt.
#[tokio::test]
async fn a_retried_or_replayed_failed_runs_task_takes_its_run_back_to_queued_at_the_next_attempt() {
    use crate::engine::model::{HandlerName, WorkerId};
    use crate::engine::retry::AttemptFailure;

    let f = fixture().await;
    f.engine
        .upsert_job(spec("a", "t"), entry("job.upsert", "a"))
        .await
        .unwrap();
    let a = JobName::new("a").unwrap();
    let worker = WorkerId::new("w1").unwrap();
    let runner = [HandlerName::new(JOB_RUNNER_HANDLER).unwrap()];
    // retries 0: one failed attempt and the task is dead, the run failed.
    let fail_one = || async {
        let run = f.engine.run_job(&a, manual()).await.unwrap();
        let leased = f.engine.lease(&worker, &runner, None, 1).await.unwrap();
        assert_eq!(leased[0].id, run.run_id);
        f.clock.advance_ms(1_000);
        f.engine
            .fail(&leased[0], AttemptFailure::Error, "exit code 2")
            .await
            .unwrap();
        let failed = f.engine.get_job_run(&run.run_id).await.unwrap();
        assert_eq!((failed.status, failed.attempt), (JobRunStatus::Failed, 1));
        run.run_id
    };

    let retried = fail_one().await;
    f.engine
        .retry_task(&retried, entry("task.retry", "{outcome}"))
        .await
        .unwrap();
    let queued = f.engine.get_job_run(&retried).await.unwrap();
    assert_eq!((queued.status, queued.attempt), (JobRunStatus::Queued, 2));
    assert_eq!(
        (queued.finished_at_ms, queued.error.as_deref()),
        (None, None)
    );
    let leased = f.engine.lease(&worker, &runner, None, 1).await.unwrap();
    assert_eq!(leased[0].id, retried);
    let running = f.engine.get_job_run(&retried).await.unwrap();
    assert_eq!(
        (running.status, running.attempt),
        (JobRunStatus::Running, 2)
    );
    f.engine.complete(&leased[0]).await.unwrap();
    let done = f.engine.get_job_run(&retried).await.unwrap();
    assert_eq!((done.status, done.attempt), (JobRunStatus::Succeeded, 2));
    let events: Vec<_> = f
        .engine
        .list_job_events(Some(&a), 100)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| (e.status, e.attempt))
        .collect();
    use JobEventStatus::*;
    assert_eq!(
        events,
        [
            (Queued, 1),
            (Running, 1),
            (Failed, 1),
            (Queued, 2),
            (Running, 2),
            (Succeeded, 2)
        ]
    );

    let replayed = fail_one().await;
    let ids = f
        .engine
        .replay_dlq(10, entry("dlq.replay", "{count}"))
        .await
        .unwrap();
    assert_eq!(ids, std::slice::from_ref(&replayed));
    let queued = f.engine.get_job_run(&replayed).await.unwrap();
    assert_eq!((queued.status, queued.attempt), (JobRunStatus::Queued, 2));
    let leased = f.engine.lease(&worker, &runner, None, 1).await.unwrap();
    assert_eq!(leased[0].id, replayed);
    f.engine.complete(&leased[0]).await.unwrap();
    let again = fail_one().await;
    f.engine
        .replay_dlq_ids(std::slice::from_ref(&again), entry("dlq.replay", "{count}"))
        .await
        .unwrap();
    let queued = f.engine.get_job_run(&again).await.unwrap();
    assert_eq!((queued.status, queued.attempt), (JobRunStatus::Queued, 2));
}

/// Deleting a waiting run's task (by id, or by a listing's filter) ends its run as cancelled
/// with its event, as a cancel does; a deleted task of another handler is no job's.
#[tokio::test]
async fn a_waiting_runs_deleted_task_cancels_its_run() {
    use crate::engine::model::{HandlerName, TaskFilter, TaskSpec};

    let f = fixture().await;
    f.engine
        .upsert_job(spec("a", "t"), entry("job.upsert", "a"))
        .await
        .unwrap();
    let a = JobName::new("a").unwrap();
    let by_id = f.engine.run_job(&a, manual()).await.unwrap();
    let by_filter = f.engine.run_job(&a, manual()).await.unwrap();
    let other = f
        .engine
        .enqueue(TaskSpec {
            handler: "report".into(),
            ..TaskSpec::default()
        })
        .await
        .unwrap();
    let deleted = f
        .engine
        .delete_tasks(
            &[by_id.run_id.clone(), other.id.clone()],
            entry("task.delete", "{count}"),
        )
        .await
        .unwrap();
    assert_eq!(deleted.deleted(), 2);
    let run = f.engine.get_job_run(&by_id.run_id).await.unwrap();
    assert_eq!(run.status, JobRunStatus::Cancelled, "{run:?}");
    assert!(run.finished_at_ms.is_some());
    assert!(run.error.as_deref().unwrap().contains("deleted"), "{run:?}");
    let untouched = f.engine.get_job_run(&by_filter.run_id).await.unwrap();
    assert_eq!(untouched.status, JobRunStatus::Queued);

    let filter = TaskFilter {
        handler: Some(HandlerName::new(JOB_RUNNER_HANDLER).unwrap()),
        ..TaskFilter::default()
    };
    f.engine
        .delete_tasks_matching(&filter, 10, entry("task.delete", "{count}"))
        .await
        .unwrap();
    let run = f.engine.get_job_run(&by_filter.run_id).await.unwrap();
    assert_eq!(run.status, JobRunStatus::Cancelled, "{run:?}");
    let events = f.engine.list_job_events(Some(&a), 100).await.unwrap();
    for id in [&by_id.run_id, &by_filter.run_id] {
        let mut statuses: Vec<_> = events
            .iter()
            .filter(|e| &e.task_id == id)
            .map(|e| e.status)
            .collect();
        statuses.reverse();
        assert_eq!(
            statuses,
            [JobEventStatus::Queued, JobEventStatus::Cancelled],
            "{id}"
        );
    }
}

/// A replay reads job runs only for the DLQ's `job_runner` entries, found before it from the
/// DLQ's groups and one listing: none at all when the DLQ holds no job's task.
#[tokio::test]
async fn a_replay_finds_its_job_runs_without_a_read_per_task() {
    use crate::engine::jobs::bulk::DeadJobRuns;
    use crate::engine::model::{HandlerName, TaskSpec, WorkerId};
    use crate::engine::retry::AttemptFailure;

    let f = fixture().await;
    let worker = WorkerId::new("w1").unwrap();
    let report = [HandlerName::new("report").unwrap()];
    let runner = [HandlerName::new(JOB_RUNNER_HANDLER).unwrap()];
    let plain = f
        .engine
        .enqueue(TaskSpec {
            handler: "report".into(),
            max_retries: Some(0),
            ..TaskSpec::default()
        })
        .await
        .unwrap();
    let leased = f.engine.lease(&worker, &report, None, 1).await.unwrap();
    f.engine
        .fail(&leased[0], AttemptFailure::Error, "boom")
        .await
        .unwrap();
    assert!(matches!(f.engine.dead_job_runs().await, DeadJobRuns::None));

    f.engine
        .upsert_job(spec("a", "t"), entry("job.upsert", "a"))
        .await
        .unwrap();
    let a = JobName::new("a").unwrap();
    let run = f.engine.run_job(&a, manual()).await.unwrap();
    let leased = f.engine.lease(&worker, &runner, None, 1).await.unwrap();
    f.engine
        .fail(&leased[0], AttemptFailure::Error, "exit code 2")
        .await
        .unwrap();
    let DeadJobRuns::Among(ids) = f.engine.dead_job_runs().await else {
        panic!("the DLQ holds one job run");
    };
    assert_eq!(
        ids.into_iter().collect::<Vec<_>>(),
        std::slice::from_ref(&run.run_id)
    );
    let dead = DeadJobRuns::Among([run.run_id.clone()].into());
    assert_eq!(
        dead.filter(&[plain.id.clone(), run.run_id.clone()]),
        std::slice::from_ref(&run.run_id)
    );
    assert!(
        DeadJobRuns::None
            .filter(std::slice::from_ref(&plain.id))
            .is_empty()
    );

    let replayed = f
        .engine
        .replay_dlq(10, entry("dlq.replay", "{count}"))
        .await
        .unwrap();
    assert_eq!(replayed.len(), 2);
    let queued = f.engine.get_job_run(&run.run_id).await.unwrap();
    assert_eq!((queued.status, queued.attempt), (JobRunStatus::Queued, 2));
}

/// A forced delete of a queue takes its waiting runs' tasks: those runs end cancelled with
/// their event; a run waiting on another queue is not touched.
#[tokio::test]
async fn a_forced_queue_delete_cancels_the_runs_waiting_on_it() {
    let f = fixture().await;
    let mut elsewhere = spec("b", "t");
    elsewhere.queue = QueueName::new("elsewhere").unwrap();
    for s in [spec("a", "t"), elsewhere] {
        let name = s.name.to_string();
        f.engine
            .upsert_job(s, entry("job.upsert", &name))
            .await
            .unwrap();
    }
    let a = JobName::new("a").unwrap();
    let waiting = f.engine.run_job(&a, manual()).await.unwrap();
    let other = f
        .engine
        .run_job(&JobName::new("b").unwrap(), manual())
        .await
        .unwrap();
    let deleted = f
        .engine
        .delete_queue(&waiting.spec.queue, true, entry("queue.delete", "q"))
        .await
        .unwrap();
    assert_eq!(deleted, 1);
    let run = f.engine.get_job_run(&waiting.run_id).await.unwrap();
    assert_eq!(run.status, JobRunStatus::Cancelled, "{run:?}");
    assert!(
        run.error.as_deref().unwrap().contains("queue was deleted"),
        "{run:?}"
    );
    let untouched = f.engine.get_job_run(&other.run_id).await.unwrap();
    assert_eq!(untouched.status, JobRunStatus::Queued);
    let events = f.engine.list_job_events(Some(&a), 100).await.unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.task_id == waiting.run_id && e.status == JobEventStatus::Cancelled),
        "{events:?}"
    );
}
