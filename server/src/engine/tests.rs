//! Engine behaviour on a real SQLite file with a hand-moved clock: backoff, lease expiry,
//! fencing, weights, pause, cancel, replay, retention, idempotency, stuck detection and events.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use tempfile::TempDir;

use super::clock::ManualClock;
use super::events::{Event, LoggedEvent};
use super::model::*;
use super::random::{FixedRandom, Random, ThreadRandom};
use super::retry::{AttemptFailure, RetryPolicy};
use super::*;
use crate::store::sqlite::{Durability, SqliteStore};

const T0: i64 = 1_800_000_000_000;

struct Fixture {
    _dir: TempDir,
    clock: ManualClock,
    engine: Engine,
    store: Arc<SqliteStore>,
}

fn config() -> EngineConfig {
    EngineConfig {
        lease_ms: 10_000,
        stuck_after_ms: 5_000,
        retry: RetryPolicy {
            base_ms: 1_000,
            max_ms: 60_000,
            jitter: 0.2,
        },
        node_id: "node-a".into(),
        ..EngineConfig::default()
    }
}

async fn fixture_with(config: EngineConfig) -> Fixture {
    fixture_from(config, Arc::new(ThreadRandom), None).await
}

async fn fixture_from(
    config: EngineConfig,
    random: Arc<dyn Random>,
    audit_archive: Option<Arc<dyn AuditArchive>>,
) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(dir.path().join("w.db"), Durability::Normal).unwrap());
    let clock = ManualClock::new(T0);
    let parts = EngineParts {
        store: store.clone(),
        clock: Arc::new(clock.clone()),
        random,
        audit_archive,
        audit_anchors: None,
        job_event_sink: None,
    };
    let engine = Engine::from_parts(parts, config).await.unwrap();
    Fixture {
        _dir: dir,
        clock,
        engine,
        store,
    }
}

async fn fixture() -> Fixture {
    fixture_with(config()).await
}

fn spec(handler: &str, queue: &str) -> TaskSpec {
    TaskSpec {
        handler: handler.into(),
        queue: queue.into(),
        ..TaskSpec::default()
    }
}

fn worker(name: &str) -> WorkerId {
    WorkerId::new(name).unwrap()
}

fn handlers(names: &[&str]) -> Vec<HandlerName> {
    names
        .iter()
        .map(|n| HandlerName::new(*n).unwrap())
        .collect()
}

impl Fixture {
    async fn enqueue(&self, handler: &str, queue: &str) -> TaskId {
        self.engine.enqueue(spec(handler, queue)).await.unwrap().id
    }

    async fn lease(&self, who: &str, n: u32) -> Vec<LeasedTask> {
        self.engine
            .lease(&worker(who), &handlers(&["h"]), None, n)
            .await
            .unwrap()
    }

    async fn lease_one(&self, who: &str) -> LeasedTask {
        let mut tasks = self.lease(who, 1).await;
        assert_eq!(tasks.len(), 1, "expected a task to lease");
        tasks.remove(0)
    }

    async fn state(&self, id: &TaskId) -> TaskState {
        self.engine.get_task(id).await.unwrap().task.state
    }
}

#[tokio::test]
async fn failed_attempts_back_off_exponentially_then_dead_letter() {
    let f = fixture().await;
    let mut s = spec("h", "q");
    s.max_retries = Some(2);
    let id = f.engine.enqueue(s).await.unwrap().id;
    let mut delays = Vec::new();
    for attempt in 1..=3 {
        let task = f.lease_one("w").await;
        assert_eq!(task.attempt, attempt);
        let next = f
            .engine
            .fail(&task, AttemptFailure::Error, &format!("boom {attempt}"))
            .await
            .unwrap();
        if attempt < 3 {
            assert_eq!(next, TaskState::Retrying);
            let detail = f.engine.get_task(&id).await.unwrap();
            let delay = detail.task.run_at_ms - f.clock.now_ms();
            delays.push(delay);
            // Not leasable a moment before its time, leasable at it.
            f.clock.advance_ms(delay - 1);
            assert!(f.lease("w", 1).await.is_empty());
            f.clock.advance_ms(1);
        } else {
            assert_eq!(next, TaskState::Dead);
        }
    }
    // base × 2^(attempt−1) with ±20 % jitter.
    assert!((800..=1_200).contains(&delays[0]), "{delays:?}");
    assert!((1_600..=2_400).contains(&delays[1]), "{delays:?}");
    let detail = f.engine.get_task(&id).await.unwrap();
    assert_eq!(detail.task.dead_reason, Some(DeadReason::RetriesExhausted));
    assert_eq!(detail.errors.len(), 3);
    let (entry, errors) = f.engine.get_dlq_entry(&id).await.unwrap();
    assert_eq!(entry.attempts, 3);
    assert_eq!(entry.last_error, "boom 3");
    assert_eq!(errors.len(), 3);
}

#[tokio::test]
async fn retry_jitter_comes_from_the_injected_source() {
    // A sample of 0 is the low end of ±20 %, 0.5 no jitter at all.
    for (unit, expected) in [(0.0, [800, 1_600]), (0.5, [1_000, 2_000])] {
        let f = fixture_from(config(), Arc::new(FixedRandom(unit)), None).await;
        let mut s = spec("h", "q");
        s.max_retries = Some(2);
        let id = f.engine.enqueue(s).await.unwrap().id;
        for delay in expected {
            let task = f.lease_one("w").await;
            f.engine
                .fail(&task, AttemptFailure::Error, "boom")
                .await
                .unwrap();
            let detail = f.engine.get_task(&id).await.unwrap();
            assert_eq!(
                detail.task.run_at_ms - f.clock.now_ms(),
                delay,
                "unit {unit}"
            );
            f.clock.advance_ms(delay);
        }
    }
}

#[tokio::test]
async fn max_retries_is_honoured_exactly_without_a_cap() {
    let f = fixture().await;
    let mut s = spec("h", "q");
    s.max_retries = Some(12);
    let id = f.engine.enqueue(s).await.unwrap().id;
    let mut attempts = 0;
    loop {
        f.clock.advance_ms(3_600_000);
        let Some(task) = f.lease("w", 1).await.pop() else {
            break;
        };
        attempts += 1;
        f.engine
            .fail(&task, AttemptFailure::Error, "x")
            .await
            .unwrap();
    }
    assert_eq!(attempts, 13);
    assert_eq!(f.state(&id).await, TaskState::Dead);
}

#[tokio::test]
async fn expired_leases_are_reclaimed_and_crash_loops_dead_letter() {
    let f = fixture().await;
    let mut s = spec("h", "q");
    s.max_retries = Some(1);
    let id = f.engine.enqueue(s).await.unwrap().id;
    let crashed = f.lease_one("w1").await;
    f.clock.advance_ms(9_999);
    assert_eq!(
        f.engine.reclaim_expired().await.unwrap(),
        0,
        "the lease still holds"
    );
    f.clock.advance_ms(2);
    assert_eq!(f.engine.reclaim_expired().await.unwrap(), 1);
    assert_eq!(f.state(&id).await, TaskState::Retrying);
    // The crashed worker's late result is refused.
    assert_eq!(f.engine.complete(&crashed).await, Err(Error::LeaseLost));
    assert_eq!(
        f.engine
            .extend(&[(id.clone(), crashed.token)])
            .await
            .unwrap(),
        vec![crate::store::Extended::Lost]
    );
    f.clock.advance_ms(60_000);
    let again = f.lease_one("w2").await;
    assert_eq!(again.attempt, 2);
    f.clock.advance_ms(10_001);
    assert_eq!(f.engine.reclaim_expired().await.unwrap(), 1);
    let detail = f.engine.get_task(&id).await.unwrap();
    assert_eq!(detail.task.state, TaskState::Dead);
    assert_eq!(detail.task.dead_reason, Some(DeadReason::LeaseExpired));
    assert!(detail.errors[1].error.contains("lease expired"));
}

#[tokio::test]
async fn heartbeats_keep_a_lease_and_a_lost_lease_cannot_finish() {
    let f = fixture().await;
    let id = f.enqueue("h", "q").await;
    let first = f.lease_one("w1").await;
    for _ in 0..5 {
        f.clock.advance_ms(3_000);
        f.engine.extend(&[(id.clone(), first.token)]).await.unwrap();
        assert_eq!(f.engine.reclaim_expired().await.unwrap(), 0);
    }
    // No more heartbeats: reclaimed, re-leased elsewhere, and the first holder is fenced off.
    f.clock.advance_ms(10_001);
    f.engine.reclaim_expired().await.unwrap();
    f.clock.advance_ms(60_000);
    let second = f.lease_one("w2").await;
    assert!(second.token > first.token);
    assert_eq!(f.engine.complete(&first).await, Err(Error::LeaseLost));
    assert_eq!(
        f.engine.fail(&first, AttemptFailure::Error, "late").await,
        Err(Error::LeaseLost)
    );
    assert_eq!(f.engine.release(&first).await, Err(Error::LeaseLost));
    f.engine.complete(&second).await.unwrap();
    let detail = f.engine.get_task(&id).await.unwrap();
    assert_eq!(detail.task.state, TaskState::Succeeded);
    assert_eq!(detail.task.worker_id, Some(worker("w2")));
}

#[tokio::test]
async fn weights_split_leases_six_three_one() {
    let mut cfg = config();
    cfg.queue_weights = BTreeMap::from([
        ("critical".to_string(), 6),
        ("default".to_string(), 3),
        ("low".to_string(), 1),
    ]);
    let f = fixture_with(cfg).await;
    let mut specs = Vec::new();
    for queue in ["critical", "default", "low"] {
        for _ in 0..1_000 {
            specs.push(spec("h", queue));
        }
    }
    for chunk in specs.chunks(BATCH_MAX) {
        f.engine.enqueue_batch(chunk.to_vec()).await.unwrap();
    }
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    // Rounds of mixed sizes, as pools with different free slots would ask.
    let mut taken = 0;
    for n in [1, 7, 3, 10, 1, 25].iter().cycle() {
        if taken >= 1_000 {
            break;
        }
        for task in f.lease("w", *n).await {
            *counts.entry(task.queue.to_string()).or_default() += 1;
            taken += 1;
        }
    }
    let share = |q: &str| f64::from(counts[q]) / f64::from(taken);
    assert!((share("critical") - 0.6).abs() <= 0.05, "{counts:?}");
    assert!((share("default") - 0.3).abs() <= 0.05, "{counts:?}");
    assert!((share("low") - 0.1).abs() <= 0.05, "{counts:?}");
}

#[tokio::test]
async fn persisted_weights_override_the_defaults_and_reset() {
    let mut cfg = config();
    cfg.queue_weights = BTreeMap::from([("a".to_string(), 4)]);
    let f = fixture_with(cfg.clone()).await;
    let a = QueueName::new("a").unwrap();
    assert_eq!(f.engine.get_queue(&a).await.unwrap().weight, 4);
    let set = f
        .engine
        .set_queue_weight(&a, 9, sys("queue.update_weight"))
        .await
        .unwrap();
    assert!(!set.created);
    assert_eq!((set.queue.weight, set.queue.weight_overridden), (9, true));
    // Another engine on the same store (another node, or a restart) sees the weight.
    let other = Engine::new(f.store.clone(), Arc::new(f.clock.clone()), cfg)
        .await
        .unwrap();
    assert_eq!(other.get_queue(&a).await.unwrap().weight, 9);
    let reset = other
        .reset_queue_weight(&a, sys("queue.reset_weight"))
        .await
        .unwrap();
    assert_eq!((reset.weight, reset.weight_overridden), (4, false));
    assert!(matches!(
        f.engine
            .set_queue_weight(&a, 0, sys("queue.update_weight"))
            .await,
        Err(Error::InvalidArgument {
            reason: "invalid_weight",
            ..
        })
    ));
    // Resetting a queue that does not exist changes nothing.
    let missing = QueueName::new("missing").unwrap();
    assert!(matches!(
        f.engine
            .reset_queue_weight(&missing, sys("queue.reset_weight"))
            .await,
        Err(Error::NotFound {
            reason: "queue_not_found",
            ..
        })
    ));
    assert!(matches!(
        f.engine.get_queue(&missing).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn a_weight_update_registers_an_unknown_queue_once() {
    let f = fixture().await;
    let fresh = QueueName::new("fresh").unwrap();
    // A refused weight registers nothing.
    assert!(
        f.engine
            .set_queue_weight(&fresh, 0, sys("queue.update_weight"))
            .await
            .is_err()
    );
    assert!(f.engine.get_queue(&fresh).await.is_err());
    let set = f
        .engine
        .set_queue_weight(&fresh, 7, sys("queue.update_weight"))
        .await
        .unwrap();
    assert!(set.created);
    assert_eq!((set.queue.weight, set.queue.weight_overridden), (7, true));
    assert_eq!(f.engine.get_queue(&fresh).await.unwrap().weight, 7);
    assert!(
        f.engine
            .list_queues()
            .await
            .unwrap()
            .iter()
            .any(|q| q.name == fresh)
    );
    let again = f
        .engine
        .set_queue_weight(&fresh, 3, sys("queue.update_weight"))
        .await
        .unwrap();
    assert!(!again.created, "the second update finds the queue");
    let changes: Vec<(String, u32)> = f
        .engine
        .read_events(None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.event {
            Event::QueueChanged {
                queue,
                action,
                weight,
                ..
            } if queue == "fresh" => Some((action, weight)),
            _ => None,
        })
        .collect();
    assert_eq!(
        changes,
        [("created".to_string(), 7), ("weight".to_string(), 3)]
    );
}

#[tokio::test]
async fn paused_queues_and_global_pause_stop_leases_but_not_enqueues() {
    let f = fixture().await;
    let a = QueueName::new("a").unwrap();
    f.enqueue("h", "a").await;
    f.enqueue("h", "b").await;
    let info = f
        .engine
        .pause_queue(&a, true, sys("queue.pause"))
        .await
        .unwrap();
    assert!(info.paused);
    f.enqueue("h", "a").await;
    let leased = f.lease("w", 10).await;
    assert_eq!(leased.len(), 1);
    assert_eq!(leased[0].queue.as_str(), "b");
    f.engine
        .set_dequeue_paused(true, sys("dequeue.pause"))
        .await
        .unwrap();
    f.engine
        .pause_queue(&a, false, sys("queue.pause"))
        .await
        .unwrap();
    assert!(f.lease("w", 10).await.is_empty());
    assert!(f.engine.coordination().await.unwrap().dequeue_paused);
    f.engine
        .set_dequeue_paused(false, sys("dequeue.pause"))
        .await
        .unwrap();
    assert_eq!(f.lease("w", 10).await.len(), 2);
    let counters = f.engine.action_counters();
    assert_eq!((counters.pause, counters.resume), (2, 2));
    assert!(matches!(
        f.engine
            .pause_queue(&QueueName::new("nope").unwrap(), true, sys("queue.pause"))
            .await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn priority_orders_tasks_within_a_queue() {
    let f = fixture().await;
    let mut ids = Vec::new();
    for priority in [5, -1, 0] {
        let mut s = spec("h", "q");
        s.priority = priority;
        ids.push(f.engine.enqueue(s).await.unwrap().id);
    }
    let order: Vec<TaskId> = f.lease("w", 3).await.into_iter().map(|t| t.id).collect();
    assert_eq!(order, vec![ids[1].clone(), ids[2].clone(), ids[0].clone()]);
}

#[tokio::test]
async fn dlq_queries_that_no_store_can_search_are_refused() {
    let f = fixture().await;
    for query in ["x".repeat(257), "ab\0cd".to_string()] {
        let err = f
            .engine
            .list_dlq(
                &DlqFilter {
                    query: Some(query),
                    ..Default::default()
                },
                10,
                0,
            )
            .await
            .unwrap_err();
        assert_eq!(err.reason(), "invalid_query", "{err}");
    }
    for fingerprint in ["x".repeat(257), "ab\0cd".to_string()] {
        let err = f
            .engine
            .list_dlq(
                &DlqFilter {
                    fingerprint: Some(fingerprint),
                    ..Default::default()
                },
                10,
                0,
            )
            .await
            .unwrap_err();
        assert_eq!(err.reason(), "invalid_fingerprint", "{err}");
    }
}

#[tokio::test]
async fn cancel_pending_at_once_and_running_by_signal() {
    let f = fixture().await;
    let waiting = f.enqueue("h", "q").await;
    assert_eq!(
        f.engine
            .cancel_task(&waiting, sys("task.cancel"))
            .await
            .unwrap(),
        CancelOutcome::Cancelled
    );
    assert_eq!(f.state(&waiting).await, TaskState::Cancelled);
    assert_eq!(
        f.engine
            .list_dlq(&DlqFilter::default(), 0, 0)
            .await
            .unwrap()
            .total,
        0
    );

    let running = f.enqueue("h", "q").await;
    let task = f.lease_one("w").await;
    let signal = tokio_util::sync::CancellationToken::new();
    f.engine.track_local_run(&running, signal.clone());
    assert_eq!(
        f.engine
            .cancel_task(&running, sys("task.cancel"))
            .await
            .unwrap(),
        CancelOutcome::Requested
    );
    assert!(
        signal.is_cancelled(),
        "a local run hears the cancel at once"
    );
    f.engine.finish_cancelled(&task, "stopped").await.unwrap();
    assert_eq!(f.state(&running).await, TaskState::Cancelled);
    assert_eq!(
        f.engine
            .cancel_task(&running, sys("task.cancel"))
            .await
            .unwrap(),
        CancelOutcome::AlreadyFinished(TaskState::Cancelled)
    );
    assert!(matches!(
        f.engine
            .cancel_task(&TaskId::generate(), sys("task.cancel"))
            .await,
        Err(Error::NotFound {
            reason: "task_not_found",
            ..
        })
    ));
}

#[tokio::test]
async fn a_cancelled_task_whose_worker_died_ends_cancelled_not_dead() {
    let f = fixture().await;
    let id = f.enqueue("h", "q").await;
    f.lease_one("w").await;
    assert_eq!(
        f.engine.cancel_task(&id, sys("task.cancel")).await.unwrap(),
        CancelOutcome::Requested
    );
    f.clock.advance_ms(10_001);
    assert_eq!(f.engine.reclaim_expired().await.unwrap(), 1);
    assert_eq!(f.state(&id).await, TaskState::Cancelled);
}

#[tokio::test]
async fn replay_moves_only_dlq_members_and_resets_attempts() {
    let f = fixture().await;
    let mut dead = Vec::new();
    for _ in 0..3 {
        let mut s = spec("h", "q");
        s.max_retries = Some(0);
        let id = f.engine.enqueue(s).await.unwrap().id;
        let task = f.lease_one("w").await;
        f.engine
            .fail(&task, AttemptFailure::Error, "bad")
            .await
            .unwrap();
        dead.push(id);
        f.clock.advance_ms(1);
    }
    let pending = f.enqueue("h", "q").await;
    assert_eq!(
        f.engine.replay_dlq(1, sys("dlq.replay")).await.unwrap(),
        vec![dead[0].clone()]
    );
    let outcomes = f
        .engine
        .replay_dlq_ids(
            &[dead[1].clone(), pending.clone(), dead[1].clone()],
            sys("dlq.replay_ids"),
        )
        .await
        .unwrap();
    assert_eq!(
        outcomes,
        vec![
            (dead[1].clone(), ReplayOutcome::Replayed),
            (pending.clone(), ReplayOutcome::NotDead(TaskState::Pending)),
        ],
        "duplicates are reported once"
    );
    let replayed = f.engine.get_task(&dead[1]).await.unwrap();
    assert_eq!(
        (replayed.task.state, replayed.task.attempts),
        (TaskState::Pending, 0)
    );
    assert_eq!(replayed.errors.len(), 1);
    assert_eq!(
        f.engine
            .list_dlq(&DlqFilter::default(), 0, 0)
            .await
            .unwrap()
            .total,
        1
    );
    assert_eq!(f.engine.action_counters().replay, 2);
    assert!(matches!(
        f.engine.replay_dlq(0, sys("dlq.replay")).await,
        Err(Error::InvalidArgument { .. })
    ));
    assert!(matches!(
        f.engine.replay_dlq_ids(&[], sys("dlq.replay_ids")).await,
        Err(Error::InvalidArgument { .. })
    ));
    assert_eq!(f.engine.purge_dlq(None, None).await.unwrap(), 1);
    assert!(f.engine.get_task(&dead[2]).await.is_err());
}

#[tokio::test]
async fn retry_reruns_finished_tasks_and_refuses_live_ones() {
    let f = fixture().await;
    let id = f.enqueue("h", "q").await;
    assert!(matches!(
        f.engine.retry_task(&id, sys("task.retry")).await,
        Err(Error::FailedPrecondition {
            reason: "task_not_retryable",
            ..
        })
    ));
    let task = f.lease_one("w").await;
    f.engine.complete(&task).await.unwrap();
    assert_eq!(
        f.engine.retry_task(&id, sys("task.retry")).await.unwrap(),
        TaskState::Succeeded
    );
    let again = f.lease_one("w").await;
    assert_eq!((again.id.clone(), again.attempt), (id, 1));
}

#[tokio::test]
async fn retention_deletes_old_finished_tasks_on_the_leader() {
    let f = fixture().await;
    let old = f.enqueue("h", "q").await;
    let task = f.lease_one("w").await;
    f.engine.complete(&task).await.unwrap();
    let mut s = spec("h", "q");
    s.max_retries = Some(0);
    let dead = f.engine.enqueue(s).await.unwrap().id;
    let task = f.lease_one("w").await;
    f.engine
        .fail(&task, AttemptFailure::Error, "x")
        .await
        .unwrap();
    f.clock.advance_ms(6 * 24 * 3_600_000);
    let recent = f.enqueue("h", "q").await;
    let task = f.lease_one("w").await;
    f.engine.complete(&task).await.unwrap();
    f.clock.advance_ms(24 * 3_600_000 + 1);
    let report = f.engine.maintain().await.unwrap();
    assert!(report.leader);
    assert_eq!(report.swept.tasks, 1);
    assert!(f.engine.get_task(&old).await.is_err());
    assert!(f.engine.get_task(&recent).await.is_ok());
    assert!(
        f.engine.get_task(&dead).await.is_ok(),
        "the DLQ is not subject to task retention"
    );
    // A second node is not the leader and sweeps nothing.
    let mut cfg = config();
    cfg.node_id = "node-b".into();
    let other = Engine::new(f.store.clone(), Arc::new(f.clock.clone()), cfg)
        .await
        .unwrap();
    assert!(!other.maintain().await.unwrap().leader);
}

#[tokio::test]
async fn idempotency_keys_return_the_first_task_within_their_ttl() {
    let f = fixture().await;
    let keyed = || TaskSpec {
        idempotency_key: "order-42".into(),
        ..spec("h", "q")
    };
    let first = f.engine.enqueue(keyed()).await.unwrap();
    assert!(!first.deduplicated);
    let second = f.engine.enqueue(keyed()).await.unwrap();
    assert_eq!(
        second,
        Enqueued {
            id: first.id.clone(),
            deduplicated: true
        }
    );
    f.clock.advance_ms(24 * 3_600_000);
    let third = f.engine.enqueue(keyed()).await.unwrap();
    assert!(!third.deduplicated);
    assert_ne!(third.id, first.id);
}

#[tokio::test]
async fn bad_input_is_refused_with_a_reason_and_changes_nothing() {
    let f = fixture().await;
    let cases: Vec<(TaskSpec, &str)> = vec![
        (spec("", "q"), "invalid_handler"),
        (spec("bad name", "q"), "invalid_handler"),
        (spec("h", "q/x"), "invalid_queue"),
        (spec(&"x".repeat(129), "q"), "invalid_handler"),
        (
            TaskSpec {
                payload: vec![0; (1 << 20) + 1],
                ..spec("h", "q")
            },
            "payload_too_large",
        ),
        (
            TaskSpec {
                timeout_ms: -1,
                ..spec("h", "q")
            },
            "invalid_timeout",
        ),
        (
            TaskSpec {
                run_at_ms: -5,
                ..spec("h", "q")
            },
            "invalid_run_at",
        ),
        (
            TaskSpec {
                max_retries: Some(10_001),
                ..spec("h", "q")
            },
            "invalid_max_retries",
        ),
        (
            TaskSpec {
                idempotency_key: "a\nb".into(),
                ..spec("h", "q")
            },
            "invalid_idempotency_key",
        ),
        (
            TaskSpec {
                metadata: BTreeMap::from([("bad key".into(), "v".into())]),
                ..spec("h", "q")
            },
            "invalid_metadata",
        ),
    ];
    for (spec, reason) in cases {
        match f.engine.enqueue(spec).await {
            Err(Error::InvalidArgument { reason: got, .. }) => assert_eq!(got, reason),
            other => panic!("expected {reason}, got {other:?}"),
        }
    }
    // A batch with one bad task writes nothing and names the bad task.
    let err = f
        .engine
        .enqueue_batch(vec![spec("h", "q"), spec("h", "bad queue")])
        .await
        .unwrap_err();
    assert!(err.to_string().starts_with("task 1: "), "{err}");
    assert!(matches!(
        f.engine
            .enqueue_batch(vec![spec("h", "q"); BATCH_MAX + 1])
            .await,
        Err(Error::ResourceExhausted {
            reason: "batch_too_large",
            ..
        })
    ));
    let overview = f.engine.overview().await.unwrap();
    assert_eq!(overview.totals, StateCounts::default());
}

#[tokio::test]
async fn defaults_fill_unset_fields_and_future_tasks_are_scheduled() {
    let f = fixture().await;
    let id = f.engine.enqueue(spec("h", "")).await.unwrap().id;
    let task = f.engine.get_task(&id).await.unwrap().task;
    assert_eq!(task.queue.as_str(), "default");
    assert_eq!(task.max_retries, 3);
    assert_eq!(task.timeout_ms, 30 * 60_000);
    let later = TaskSpec {
        run_at_ms: T0 + 60_000,
        ..spec("h", "q")
    };
    let id = f.engine.enqueue(later).await.unwrap().id;
    assert_eq!(f.state(&id).await, TaskState::Scheduled);
    f.clock.advance_ms(60_000);
    assert_eq!(f.engine.promote_due().await.unwrap(), 1);
    assert_eq!(f.state(&id).await, TaskState::Pending);
}

#[tokio::test]
async fn stuck_tasks_are_reported_once_with_history_by_handler() {
    let f = fixture().await;
    let id = f.enqueue("h", "q").await;
    let task = f.lease_one("w").await;
    f.clock.advance_ms(4_000);
    assert_eq!(f.engine.maintain().await.unwrap().stuck, 0);
    f.clock.advance_ms(2_000);
    assert_eq!(f.engine.maintain().await.unwrap().stuck, 1);
    assert_eq!(
        f.engine.maintain().await.unwrap().stuck,
        0,
        "reported once per attempt"
    );
    let history = f.engine.stuck_history(3_600_000, None).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].handler.as_str(), history[0].count), ("h", 1));
    let events = f.engine.read_events(None, 100).await.unwrap();
    assert!(events.iter().any(|e| matches!(
        &e.event,
        Event::WorkerStuck { task_id, .. } if *task_id == id.to_string()
    )));
    f.engine.complete(&task).await.unwrap();
}

#[tokio::test]
async fn overview_comes_from_counters_with_latency_and_throughput() {
    let f = fixture().await;
    for _ in 0..3 {
        f.enqueue("h", "a").await;
    }
    f.enqueue("h", "b").await;
    f.clock.advance_ms(5_000);
    let task = f.lease("w", 1).await.remove(0);
    f.engine.complete(&task).await.unwrap();
    let overview = f.engine.overview().await.unwrap();
    let a = overview
        .queues
        .iter()
        .find(|q| q.name.as_str() == "a")
        .unwrap();
    assert_eq!(
        (a.counts.pending + a.counts.succeeded, a.latency_ms),
        (3, 5_000)
    );
    assert_eq!(overview.totals.pending, 3);
    assert_eq!(overview.totals.succeeded, 1);
    assert_eq!(overview.max_latency_ms, 5_000);
    assert_eq!(overview.throughput.len(), 15);
    assert_eq!(
        overview
            .throughput
            .iter()
            .map(|p| p.counts.succeeded)
            .sum::<i64>(),
        1
    );
    assert_eq!(overview.throughput.last().unwrap().counts.succeeded, 1);
}

#[tokio::test]
async fn the_rate_limit_caps_leases_across_the_cluster() {
    let mut cfg = config();
    cfg.rate_limit = Some(rate::RateLimit {
        per_second: 5.0,
        burst: 5,
    });
    let f = fixture_with(cfg).await;
    for _ in 0..20 {
        f.enqueue("h", "q").await;
    }
    assert_eq!(f.lease("w", 20).await.len(), 5);
    assert!(f.lease("w", 20).await.is_empty());
    f.clock.advance_ms(1_000);
    assert_eq!(f.lease("w", 20).await.len(), 5);
    let coordination = f.engine.coordination().await.unwrap();
    assert_eq!(coordination.rate_tokens, Some(0.0));
}

#[tokio::test]
async fn events_are_coalesced_and_followed_from_an_id() {
    let f = fixture().await;
    let mut stream = Box::pin(
        f.engine
            .subscribe(EventsFrom::Start, Duration::from_secs(5)),
    );
    for _ in 0..50 {
        f.enqueue("h", "q").await;
    }
    f.engine.flush_events().await.unwrap();
    let first = stream.next().await.unwrap().unwrap();
    let Event::TaskSummary(summary) = &first.event else {
        panic!("expected a summary, got {first:?}");
    };
    assert_eq!((summary.queue.as_str(), summary.enqueued), ("q", 50));
    // A follower wakes for an event appended after it started waiting.
    let queue = QueueName::new("q").unwrap();
    let pause = f.engine.pause_queue(&queue, true, sys("queue.pause"));
    let (next, _) = tokio::join!(stream.next(), pause);
    let next = next.unwrap().unwrap();
    assert!(matches!(next.event, Event::QueueChanged { ref action, .. } if action == "pause"));
    // Resuming after an id replays exactly what came after it.
    // (The pause's audit entry, committed with it, is announced after the change.)
    let resumed: Vec<LoggedEvent> = f.engine.read_events(Some(&first.id), 10).await.unwrap();
    assert_eq!(resumed.len(), 2);
    assert_eq!(resumed[0].id, next.id);
    assert!(matches!(resumed[1].event, Event::Audit(_)));
    assert!(matches!(
        f.engine.read_events(Some(&EventId("x".into())), 10).await,
        Err(Error::InvalidArgument {
            reason: "invalid_event_id",
            ..
        })
    ));
}

#[tokio::test]
async fn workers_register_heartbeat_recycle_and_get_marked_lost() {
    let f = fixture().await;
    let id = worker("w1");
    f.engine
        .register_worker(crate::store::NewWorker {
            id: id.clone(),
            host: "h".into(),
            pid: 1,
            version: "v".into(),
            concurrency: 4,
            handlers: vec!["h".into()],
            now_ms: T0,
        })
        .await
        .unwrap();
    let record = f
        .engine
        .recycle_worker(&id, "", sys("worker.recycle"))
        .await
        .unwrap();
    assert_eq!(record.recycle_reason.as_deref(), Some("manual_recycle"));
    assert_eq!(
        f.engine
            .worker_heartbeat(&id, 3, WorkerState::Active)
            .await
            .unwrap(),
        crate::store::WorkerCommand::Recycle {
            reason: "manual_recycle".into()
        }
    );
    assert_eq!(f.engine.get_worker(&id).await.unwrap().worker.in_flight, 3);
    f.clock.advance_ms(config().worker_lost_after_ms + 1);
    assert_eq!(f.engine.maintain().await.unwrap().lost_workers, 1);
    // Lost with three tasks in hand: it holds none any more (they are reclaimed when their
    // leases expire), and it cannot be recycled.
    let lost = f.engine.get_worker(&id).await.unwrap().worker;
    assert_eq!((lost.state, lost.in_flight), (WorkerState::Lost, 0));
    assert_eq!(f.engine.list_workers().await.unwrap()[0].in_flight, 0);
    assert!(matches!(
        f.engine
            .recycle_worker(&id, "again", sys("worker.recycle"))
            .await,
        Err(Error::FailedPrecondition {
            reason: "worker_not_live",
            ..
        })
    ));
    assert!(matches!(
        f.engine.get_worker(&worker("ghost")).await,
        Err(Error::NotFound {
            reason: "worker_not_found",
            ..
        })
    ));
}

/// Keeps what the engine archives in memory, or refuses it while `refuse` is set.
#[derive(Default)]
struct MemoryArchive {
    batches: Mutex<Vec<(i64, Vec<audit::AuditRecord>)>>,
    refuse: AtomicBool,
}

#[async_trait::async_trait]
impl AuditArchive for MemoryArchive {
    async fn archive(&self, now_ms: i64, records: &[audit::AuditRecord]) -> Result<(), Error> {
        if self.refuse.load(Ordering::SeqCst) {
            return Err(Error::Unavailable("the archive refuses".into()));
        }
        self.batches
            .lock()
            .unwrap()
            .push((now_ms, records.to_vec()));
        Ok(())
    }
}

fn audit_entry(i: i64) -> audit::AuditEntry {
    audit::AuditEntry {
        at_ms: T0 + i,
        actor: "alice".into(),
        role: "admin".into(),
        request_id: format!("r{i}"),
        action: "queue.pause".into(),
        target: "default".into(),
        status: "ok".into(),
        payload_hash: String::new(),
        detail: "ok".into(),
        metadata: BTreeMap::new(),
    }
}

impl Fixture {
    async fn audit_request_ids(&self) -> Vec<String> {
        self.engine
            .list_audit(
                &audit::AuditFilter::default(),
                &audit::AuditCursor::After(None),
                10,
            )
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.entry.request_id)
            .collect()
    }
}

#[tokio::test]
async fn audit_retention_hands_evicted_entries_to_the_archive_oldest_first() {
    let archive = Arc::new(MemoryArchive::default());
    let mut cfg = config();
    cfg.audit_limit = 2;
    let f = fixture_from(cfg, Arc::new(ThreadRandom), Some(archive.clone())).await;
    for i in 0..5 {
        f.engine.record_audit(audit_entry(i)).await.unwrap();
    }
    let report = f.engine.maintain().await.unwrap();
    assert_eq!(report.audit_evicted, 3);
    let batches = archive.batches.lock().unwrap().clone();
    assert_eq!(batches.len(), 1);
    let (swept_at, records) = &batches[0];
    assert_eq!(*swept_at, T0);
    assert_eq!(
        records
            .iter()
            .map(|r| r.entry.request_id.as_str())
            .collect::<Vec<_>>(),
        vec!["r0", "r1", "r2"]
    );
    assert_eq!(f.audit_request_ids().await, vec!["r3", "r4"]);
}

#[tokio::test]
async fn a_failed_audit_archive_evicts_nothing() {
    let archive = Arc::new(MemoryArchive::default());
    archive.refuse.store(true, Ordering::SeqCst);
    let mut cfg = config();
    cfg.audit_limit = 2;
    let f = fixture_from(cfg, Arc::new(ThreadRandom), Some(archive.clone())).await;
    for i in 0..5 {
        f.engine.record_audit(audit_entry(i)).await.unwrap();
    }
    assert!(matches!(
        f.engine.sweep_audit().await,
        Err(Error::Unavailable(_))
    ));
    assert_eq!(f.audit_request_ids().await.len(), 5);
    archive.refuse.store(false, Ordering::SeqCst);
    assert_eq!(f.engine.sweep_audit().await.unwrap(), 3);
    assert_eq!(f.audit_request_ids().await, vec!["r3", "r4"]);
}

#[tokio::test]
async fn without_an_archive_audit_retention_still_evicts() {
    let mut cfg = config();
    cfg.audit_limit = 2;
    let f = fixture_with(cfg).await;
    for i in 0..5 {
        f.engine.record_audit(audit_entry(i)).await.unwrap();
    }
    assert_eq!(f.engine.sweep_audit().await.unwrap(), 3);
    assert_eq!(f.audit_request_ids().await, vec!["r3", "r4"]);
}

fn sys(action: &str) -> crate::engine::audit::AuditEntry {
    crate::engine::audit::AuditEntry::system(0, action, "*", "test")
}

/// Issue 12, item 3: an entry changed in the file is found, with its id, and so is a rewrite
/// that recomputes the hashes without the key.
#[tokio::test]
async fn verification_finds_a_changed_entry_and_a_rewrite_without_the_key() {
    let key = audit::AuditKey::new(vec![7; 32]).unwrap();
    let f = fixture_with(EngineConfig {
        audit_key: Some(key.clone()),
        ..config()
    })
    .await;
    for i in 0..5 {
        f.engine.record_audit(audit_entry(i)).await.unwrap();
    }
    let clean = f.engine.verify_audit().await.unwrap();
    assert_eq!(clean.checked, 5);
    assert_eq!(clean.broken, None);
    assert_eq!(clean.head.as_ref().map(|(id, _)| id.as_str()), Some("5"));
    let conn = rusqlite::Connection::open(f._dir.path().join("w.db")).unwrap();
    conn.execute("UPDATE audit SET actor = 'mallory' WHERE id = 3", [])
        .unwrap();
    let broken = f.engine.verify_audit().await.unwrap();
    let at = broken.broken.unwrap();
    assert_eq!(
        (at.id.as_str(), at.reason),
        ("3", audit::BreakReason::HashMismatch)
    );
    assert_eq!(broken.checked, 2);
    // Rewrite from entry 3 on with consistent plain SHA-256 hashes, head included.
    let records = f
        .engine
        .list_audit(
            &audit::AuditFilter::default(),
            &audit::AuditCursor::After(None),
            10,
        )
        .await
        .unwrap();
    let mut prev = records[1].hash.clone();
    for record in &records[2..] {
        let mut entry = record.entry.clone();
        entry.actor = "mallory".into();
        let hash = audit::chain_hash(&prev, &entry);
        conn.execute(
            "UPDATE audit SET actor = 'mallory', prev_hash = ?1, hash = ?2 WHERE id = ?3",
            rusqlite::params![prev, hash, record.id.parse::<i64>().unwrap()],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute("UPDATE coordination SET audit_head = ?1", [&prev])
        .unwrap();
    let rewritten = f.engine.verify_audit().await.unwrap().broken.unwrap();
    assert_eq!(
        (rewritten.id.as_str(), rewritten.reason),
        ("3", audit::BreakReason::Unkeyed)
    );
}

#[tokio::test]
async fn a_job_run_keeps_its_spec_snapshot_and_its_task_carries_the_run_id() {
    use crate::engine::jobs::{
        JOB_RUNNER_HANDLER, JobEventStatus, JobRecord, JobRunStatus, JobSource, JobSpec, JobTrigger,
    };
    use crate::store::JobStore;
    let f = fixture().await;
    let name = JobName::new("site").unwrap();
    let mut job = JobSpec {
        name: name.clone(),
        description: String::new(),
        source: JobSource::TarballPath {
            path: "site.tar.gz".into(),
            sha256: None,
        },
        path: String::new(),
        dockerfile: String::new(),
        command: vec!["make".into()],
        env: Vec::new(),
        queue: QueueName::new("jobs").unwrap(),
        retries: 2,
        timeout_ms: 30_000,
        cpus: None,
        memory_mb: None,
        pids: None,
    };
    let missing = f
        .engine
        .run_job(
            &name,
            JobTrigger::Manual {
                actor: "ops".into(),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(
        missing,
        Error::NotFound {
            reason: "job_not_found",
            ..
        }
    ));

    let record = |spec: &JobSpec| JobRecord {
        spec: spec.clone(),
        created_at_ms: T0,
        updated_at_ms: T0,
        revision: 0,
    };
    f.store.upsert_job(record(&job), None).await.unwrap();
    let run = f
        .engine
        .run_job(
            &name,
            JobTrigger::Manual {
                actor: "ops".into(),
            },
        )
        .await
        .unwrap();
    // An edit after the run was made does not reach the run.
    job.command = vec!["make".into(), "other".into()];
    f.store.upsert_job(record(&job), None).await.unwrap();

    let stored = f.store.get_job_run(&run.run_id).await.unwrap().unwrap();
    assert_eq!(stored.status, JobRunStatus::Queued);
    assert_eq!(stored.spec.command, vec!["make".to_string()]);
    let task = f.engine.get_task(&run.run_id).await.unwrap().task;
    assert_eq!(task.handler.as_str(), JOB_RUNNER_HANDLER);
    assert_eq!(task.queue.as_str(), "jobs");
    assert_eq!(task.max_retries, 2);
    assert_eq!(task.metadata.get("job").map(String::as_str), Some("site"));
    let events = f.store.list_job_events(Some(&name), 10).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].status, JobEventStatus::Queued);
    assert_eq!(events[0].task_id, run.run_id);
}

#[tokio::test]
async fn a_job_run_follows_its_task_start_retry_reclaim_and_cancel() {
    use crate::engine::jobs::{
        JOB_RUNNER_HANDLER, JobAttemptFigures, JobEventStatus, JobLogStream, JobRecord,
        JobRunStatus, JobSource, JobSpec, JobTrigger,
    };
    use crate::store::JobStore;
    let f = fixture_with(EngineConfig {
        job_output_bytes: 8,
        ..config()
    })
    .await;
    let name = JobName::new("site").unwrap();
    let job = JobSpec {
        name: name.clone(),
        description: String::new(),
        source: JobSource::TarballPath {
            path: "site.tar.gz".into(),
            sha256: None,
        },
        path: String::new(),
        dockerfile: String::new(),
        command: Vec::new(),
        env: Vec::new(),
        queue: QueueName::new("jobs").unwrap(),
        retries: 1,
        timeout_ms: 30_000,
        cpus: None,
        memory_mb: None,
        pids: None,
    };
    f.store
        .upsert_job(
            JobRecord {
                spec: job,
                created_at_ms: T0,
                updated_at_ms: T0,
                revision: 0,
            },
            None,
        )
        .await
        .unwrap();
    let manual = || JobTrigger::Manual {
        actor: "ops".into(),
    };
    let lease = || async {
        f.engine
            .lease(&worker("w"), &handlers(&[JOB_RUNNER_HANDLER]), None, 1)
            .await
            .unwrap()
            .pop()
            .expect("a job task to lease")
    };
    let (store, job_name) = (&f.store, &name);
    let run_of = |id: TaskId| async move { store.get_job_run(&id).await.unwrap().unwrap() };
    let statuses = |id: TaskId| async move {
        let mut events = store.list_job_events(Some(job_name), 100).await.unwrap();
        events.retain(|e| e.task_id == id);
        events.reverse();
        events
            .into_iter()
            .map(|e| (e.status, e.attempt))
            .collect::<Vec<_>>()
    };

    // First attempt: started, output over the cap, a failing exit; a retry follows.
    let run = f.engine.run_job(&name, manual()).await.unwrap();
    f.clock.advance_ms(250);
    let task = lease().await;
    let started = run_of(run.run_id.clone()).await;
    assert_eq!(
        (started.status, started.attempt, started.started_at_ms),
        (JobRunStatus::Running, 1, Some(T0 + 250))
    );
    assert_eq!(started.queue_delay_ms(), Some(250));
    f.engine
        .append_job_output(
            &run.run_id,
            vec![(JobLogStream::Stdout, b"0123456789".to_vec())],
        )
        .await
        .unwrap();
    f.engine
        .record_job_attempt(
            &run.run_id,
            1,
            JobAttemptFigures {
                exit_code: Some(3),
                ..JobAttemptFigures::default()
            },
        )
        .await
        .unwrap();
    f.engine
        .fail(&task, AttemptFailure::Error, "exit code 3")
        .await
        .unwrap();
    let retrying = run_of(run.run_id.clone()).await;
    assert_eq!(
        (retrying.status, retrying.attempt),
        (JobRunStatus::Queued, 2)
    );
    assert_eq!((retrying.output_bytes, retrying.truncated), (10, true));
    assert_eq!(retrying.exit_code, Some(3));

    // Second attempt: its worker vanishes; the reclaimed lease has no retry left.
    f.clock.advance_ms(60_000);
    let task = lease().await;
    assert_eq!(task.attempt, 2);
    let second = run_of(run.run_id.clone()).await;
    assert_eq!(
        (second.status, second.exit_code),
        (JobRunStatus::Running, None)
    );
    assert_eq!(
        second.started_at_ms,
        Some(T0 + 250),
        "the first start is kept"
    );
    // The first attempt's worker, late, cannot write its figures over the second's.
    f.engine
        .record_job_attempt(
            &run.run_id,
            1,
            JobAttemptFigures {
                exit_code: Some(9),
                ..JobAttemptFigures::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(run_of(run.run_id.clone()).await.exit_code, None);
    f.clock.advance_ms(10_001);
    assert_eq!(f.engine.reclaim_expired().await.unwrap(), 1);
    let failed = run_of(run.run_id.clone()).await;
    assert_eq!((failed.status, failed.attempt), (JobRunStatus::Failed, 2));
    assert!(failed.error.as_deref().unwrap().contains("lease expired"));
    assert_eq!(failed.finished_at_ms, Some(f.clock.now_ms()));
    // A late result of the lost lease changes nothing.
    assert_eq!(f.engine.complete(&task).await, Err(Error::LeaseLost));
    assert_eq!(
        run_of(run.run_id.clone()).await.status,
        JobRunStatus::Failed
    );
    assert_eq!(
        statuses(run.run_id.clone()).await,
        [
            (JobEventStatus::Queued, 1),
            (JobEventStatus::Running, 1),
            (JobEventStatus::Retrying, 1),
            (JobEventStatus::Running, 2),
            (JobEventStatus::Failed, 2),
        ]
    );

    // A run cancelled while it waits ends cancelled without starting.
    let waiting = f.engine.run_job(&name, manual()).await.unwrap();
    f.engine
        .cancel_task(&waiting.run_id, sys("task.cancel"))
        .await
        .unwrap();
    let cancelled = run_of(waiting.run_id.clone()).await;
    assert_eq!(
        (cancelled.status, cancelled.started_at_ms),
        (JobRunStatus::Cancelled, None)
    );
    assert_eq!(
        statuses(waiting.run_id.clone()).await,
        [(JobEventStatus::Queued, 1), (JobEventStatus::Cancelled, 1)]
    );
}

#[tokio::test]
async fn queue_history_compares_the_window_with_the_one_before() {
    let f = fixture().await;
    f.enqueue("h", "a").await;
    let task = f.lease_one("w").await;
    f.engine.complete(&task).await.unwrap();
    // A day later: one more in a, one in b.
    f.clock.advance_ms(24 * 3_600_000);
    f.enqueue("h", "a").await;
    f.enqueue("h", "b").await;
    for task in f.lease("w", 2).await {
        f.engine.complete(&task).await.unwrap();
    }
    let day = f
        .engine
        .queue_history(None, HistoryRange::Hours24)
        .await
        .unwrap();
    assert_eq!(day.points.len(), 96);
    assert_eq!(day.step_ms, 15 * 60_000);
    assert_eq!(
        (day.totals.succeeded, day.previous.succeeded),
        (2, 1),
        "today against yesterday"
    );
    assert_eq!(day.points.last().unwrap().counts.succeeded, 2);
    assert!(
        day.points
            .windows(2)
            .all(|w| w[1].minute_ms - w[0].minute_ms == day.step_ms)
    );
    let a = f
        .engine
        .queue_history(Some(&QueueName::new("a").unwrap()), HistoryRange::Hours24)
        .await
        .unwrap();
    assert_eq!((a.totals.succeeded, a.previous.succeeded), (1, 1));
    let quarter = f
        .engine
        .queue_history(None, HistoryRange::Minutes15)
        .await
        .unwrap();
    assert_eq!(quarter.points.len(), 15);
    assert_eq!(
        (quarter.totals.succeeded, quarter.previous.succeeded),
        (2, 0)
    );
    let month = f
        .engine
        .queue_history(None, HistoryRange::Days30)
        .await
        .unwrap();
    assert_eq!(month.points.len(), 120);
    assert_eq!((month.totals.succeeded, month.previous.succeeded), (3, 0));
    let missing = f
        .engine
        .queue_history(Some(&QueueName::new("nope").unwrap()), HistoryRange::Days30)
        .await
        .unwrap_err();
    assert_eq!(missing.reason(), "queue_not_found");
    assert_eq!(
        HistoryRange::parse("1y").unwrap_err().reason(),
        "invalid_range"
    );
    assert_eq!(HistoryRange::parse("24h").unwrap(), HistoryRange::Hours24);
}

/// A task delete by filter passes over running tasks: a busy queue's newest (running) tasks
/// must not hide the older ones a batch can delete (it once deleted none and stopped).
#[tokio::test]
async fn a_delete_by_filter_passes_over_running_tasks_to_the_deletable_ones() {
    let f = fixture().await;
    let older = [f.enqueue("other", "q").await, f.enqueue("other", "q").await];
    let newer = [f.enqueue("h", "q").await, f.enqueue("h", "q").await];
    assert_eq!(f.lease("w1", 2).await.len(), 2);
    let filter = crate::engine::model::TaskFilter {
        queue: Some(QueueName::new("q").unwrap()),
        ..Default::default()
    };
    let deleted = f
        .engine
        .delete_tasks_matching(&filter, 2, sys("task.delete"))
        .await
        .unwrap();
    assert_eq!((deleted.deleted(), deleted.matched), (2, 4));
    for id in &older {
        assert!(f.engine.get_task(id).await.is_err(), "{id} was deletable");
    }
    for id in &newer {
        assert_eq!(f.state(id).await, TaskState::Running);
    }
    // Only running tasks left: nothing is deleted, each is reported running.
    let again = f
        .engine
        .delete_tasks_matching(&filter, 2, sys("task.delete"))
        .await
        .unwrap();
    assert_eq!(again.deleted(), 0);
    assert!(
        again
            .outcomes
            .iter()
            .all(|(_, o)| *o == crate::engine::model::DeleteOutcome::Running),
        "{again:?}"
    );
}
