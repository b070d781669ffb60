//! The worker runtime on a real SQLite store: handlers run to the right states, weights hold
//! through a running pool, timeouts, cancellation, panics, lost leases, recycle and graceful
//! shutdown.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use tokio::sync::{Notify, Semaphore};
use worker_server::engine::clock::{Clock, ManualClock, SystemClock};
use worker_server::engine::events::Event;
use worker_server::engine::model::*;
use worker_server::engine::schedules::{ScheduleEventStatus, ScheduleInput};
use worker_server::engine::{Engine, EngineConfig, EventsFrom};
use worker_server::runtime::{
    HandlerError, Handlers, Maintenance, Scheduler, TaskContext, Worker, WorkerOptions, demo,
};

use crate::support::{SqliteHarness, fast_config};

const WAIT: Duration = Duration::from_secs(20);

pub(crate) fn options(concurrency: u32) -> WorkerOptions {
    WorkerOptions {
        concurrency,
        poll_interval: Duration::from_millis(50),
        shutdown_grace: Duration::from_millis(500),
        ..WorkerOptions::default()
    }
}

pub(crate) fn spec(handler: &str, queue: &str, payload: &str) -> TaskSpec {
    TaskSpec {
        handler: handler.into(),
        queue: queue.into(),
        payload: payload.as_bytes().to_vec(),
        ..TaskSpec::default()
    }
}

/// Waits until `check` holds, re-checking after every event in the log (maintenance flushes
/// task summaries), so the wait ends on a signal rather than a timer.
pub(crate) async fn wait_until<F, Fut>(engine: &Engine, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let mut events = Box::pin(engine.subscribe(EventsFrom::Now, Duration::from_millis(200)));
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if check().await {
            return;
        }
        match tokio::time::timeout_at(deadline, events.next()).await {
            Ok(Some(Ok(_))) => {}
            Ok(other) => panic!("event stream ended while waiting for {what}: {other:?}"),
            Err(_) => panic!("timed out after {WAIT:?} waiting for {what}"),
        }
    }
}

pub(crate) async fn wait_for_state(engine: &Engine, id: &TaskId, state: TaskState) -> TaskDetail {
    wait_until(engine, &format!("task {id} to be {state}"), || async {
        engine.get_task(id).await.unwrap().task.state == state
    })
    .await;
    engine.get_task(id).await.unwrap()
}

pub(crate) struct Running {
    _harness: SqliteHarness,
    pub(crate) engine: Engine,
    pub(crate) maintenance: Maintenance,
}

pub(crate) async fn start(config: EngineConfig) -> Running {
    let harness = SqliteHarness::new();
    let engine = harness.engine(config).await;
    let maintenance = Maintenance::start(engine.clone(), Duration::from_millis(50));
    Running {
        _harness: harness,
        engine,
        maintenance,
    }
}

/// A handler that announces each start and then never finishes on its own.
pub(crate) fn hanging(
    started: Arc<Semaphore>,
) -> impl Fn(TaskContext) -> futures::future::BoxFuture<'static, Result<(), HandlerError>>
+ Send
+ Sync
+ 'static {
    move |_ctx: TaskContext| {
        let started = started.clone();
        Box::pin(async move {
            started.add_permits(1);
            std::future::pending::<()>().await;
            Ok(())
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_handlers_reach_their_states() {
    let rt = start(fast_config()).await;
    let mut handlers = Handlers::new();
    demo::register(&mut handlers);
    let worker = Worker::start(rt.engine.clone(), handlers, options(4)).unwrap();
    let noop = rt.engine.enqueue(spec("noop", "q", "")).await.unwrap().id;
    let sleep = rt
        .engine
        .enqueue(spec("sleep", "q", "30"))
        .await
        .unwrap()
        .id;
    let flaky = rt.engine.enqueue(spec("flaky", "q", "")).await.unwrap().id;
    let mut fail = spec("fail", "q", "");
    fail.max_retries = Some(1);
    let fail = rt.engine.enqueue(fail).await.unwrap().id;
    let bad_sleep = rt
        .engine
        .enqueue(spec("sleep", "q", "soon"))
        .await
        .unwrap()
        .id;

    assert_eq!(
        wait_for_state(&rt.engine, &noop, TaskState::Succeeded)
            .await
            .task
            .attempts,
        1
    );
    assert_eq!(
        wait_for_state(&rt.engine, &sleep, TaskState::Succeeded)
            .await
            .task
            .attempts,
        1
    );
    let flaky = wait_for_state(&rt.engine, &flaky, TaskState::Succeeded).await;
    assert_eq!(flaky.task.attempts, 2);
    assert_eq!(flaky.errors.len(), 1);
    let fail = wait_for_state(&rt.engine, &fail, TaskState::Dead).await;
    assert_eq!(fail.task.attempts, 2);
    assert_eq!(fail.task.dead_reason, Some(DeadReason::RetriesExhausted));
    // A malformed payload is permanent: no retry.
    let bad = wait_for_state(&rt.engine, &bad_sleep, TaskState::Dead).await;
    assert_eq!(
        (bad.task.attempts, bad.task.dead_reason),
        (1, Some(DeadReason::Permanent))
    );
    let overview = rt.engine.overview().await.unwrap();
    assert_eq!((overview.totals.succeeded, overview.totals.dead), (3, 2));
    assert_eq!(overview.live_workers, 1);
    worker.shutdown().await;
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weights_six_three_one_hold_through_a_running_pool() {
    let mut config = fast_config();
    config.queue_weights = BTreeMap::from([
        ("critical".to_string(), 6),
        ("default".to_string(), 3),
        ("low".to_string(), 1),
    ]);
    let rt = start(config).await;
    for queue in ["critical", "default", "low"] {
        let specs: Vec<TaskSpec> = (0..600).map(|_| spec("record", queue, "")).collect();
        rt.engine.enqueue_batch(specs).await.unwrap();
    }
    let order: Arc<Mutex<Vec<String>>> = Arc::default();
    let done = Arc::new(Notify::new());
    let mut handlers = Handlers::new();
    handlers
        .register("record", {
            let order = order.clone();
            let done = done.clone();
            move |ctx: TaskContext| {
                let order = order.clone();
                let done = done.clone();
                async move {
                    let mut order = order.lock().unwrap();
                    order.push(ctx.queue().to_string());
                    if order.len() == 1_000 {
                        done.notify_one();
                    }
                    Ok(())
                }
            }
        })
        .unwrap();
    let worker = Worker::start(rt.engine.clone(), handlers, options(8)).unwrap();
    tokio::time::timeout(WAIT, done.notified())
        .await
        .expect("1000 tasks ran");
    worker.shutdown().await;
    // While all three queues are backlogged (the first 1000 of 1800), the split follows weights.
    let first: Vec<String> = order.lock().unwrap().iter().take(1_000).cloned().collect();
    let share = |q: &str| first.iter().filter(|x| x.as_str() == q).count() as f64 / 1_000.0;
    let shares = (share("critical"), share("default"), share("low"));
    assert!((shares.0 - 0.6).abs() <= 0.05, "{shares:?}");
    assert!((shares.1 - 0.3).abs() <= 0.05, "{shares:?}");
    assert!((shares.2 - 0.1).abs() <= 0.05, "{shares:?}");
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_past_its_timeout_fails_with_reason_timeout() {
    let rt = start(fast_config()).await;
    let started = Arc::new(Semaphore::new(0));
    let mut handlers = Handlers::new();
    handlers.register("hang", hanging(started)).unwrap();
    let worker = Worker::start(rt.engine.clone(), handlers, options(2)).unwrap();
    let mut s = spec("hang", "q", "");
    s.timeout_ms = 100;
    s.max_retries = Some(0);
    let id = rt.engine.enqueue(s).await.unwrap().id;
    let detail = wait_for_state(&rt.engine, &id, TaskState::Dead).await;
    assert_eq!(detail.task.dead_reason, Some(DeadReason::Timeout));
    assert_eq!(
        detail.task.last_error.as_deref(),
        Some("timed out after 100 ms")
    );
    worker.shutdown().await;
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_stops_a_running_task_by_signal_or_after_the_grace_period() {
    let rt = start(fast_config()).await;
    let started = Arc::new(Semaphore::new(0));
    let mut handlers = Handlers::new();
    handlers
        .register("polite", {
            let started = started.clone();
            move |ctx: TaskContext| {
                let started = started.clone();
                async move {
                    started.add_permits(1);
                    ctx.cancelled().await;
                    Err(HandlerError::new("stopped on request"))
                }
            }
        })
        .unwrap();
    handlers
        .register("stubborn", hanging(started.clone()))
        .unwrap();
    let worker = Worker::start(rt.engine.clone(), handlers, options(4)).unwrap();
    let polite = rt.engine.enqueue(spec("polite", "q", "")).await.unwrap().id;
    let stubborn = rt
        .engine
        .enqueue(spec("stubborn", "q", ""))
        .await
        .unwrap()
        .id;
    let _both = started.acquire_many(2).await.unwrap();
    assert_eq!(
        rt.engine
            .cancel_task(
                &polite,
                worker_server::engine::audit::AuditEntry::system(0, "task.cancel", "*", "test")
            )
            .await
            .unwrap(),
        CancelOutcome::Requested
    );
    assert_eq!(
        rt.engine
            .cancel_task(
                &stubborn,
                worker_server::engine::audit::AuditEntry::system(0, "task.cancel", "*", "test")
            )
            .await
            .unwrap(),
        CancelOutcome::Requested
    );
    let polite = wait_for_state(&rt.engine, &polite, TaskState::Cancelled).await;
    assert_eq!(
        polite.task.last_error.as_deref(),
        Some("cancelled: stopped on request")
    );
    let stubborn = wait_for_state(&rt.engine, &stubborn, TaskState::Cancelled).await;
    assert!(
        stubborn
            .task
            .last_error
            .as_deref()
            .unwrap()
            .contains("grace period"),
        "{:?}",
        stubborn.task.last_error
    );
    assert_eq!(
        rt.engine
            .list_dlq(&DlqFilter::default(), 0, 0)
            .await
            .unwrap()
            .total,
        0
    );
    worker.shutdown().await;
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_fails_its_attempt_and_the_pool_carries_on() {
    let rt = start(fast_config()).await;
    let mut handlers = Handlers::new();
    handlers
        .register("panics", |_ctx: TaskContext| async {
            if true {
                panic!("bad handler");
            }
            Ok(())
        })
        .unwrap();
    demo::register(&mut handlers);
    let worker = Worker::start(rt.engine.clone(), handlers, options(2)).unwrap();
    let mut s = spec("panics", "q", "");
    s.max_retries = Some(0);
    let bad = rt.engine.enqueue(s).await.unwrap().id;
    let detail = wait_for_state(&rt.engine, &bad, TaskState::Dead).await;
    assert_eq!(
        detail.task.last_error.as_deref(),
        Some("handler panicked: bad handler")
    );
    let ok = rt.engine.enqueue(spec("noop", "q", "")).await.unwrap().id;
    wait_for_state(&rt.engine, &ok, TaskState::Succeeded).await;
    worker.shutdown().await;
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_that_lost_its_lease_drops_the_task_and_cannot_finish_it() {
    let harness = SqliteHarness::new();
    let config = fast_config();
    let engine = harness.engine(config.clone()).await;
    let started = Arc::new(Semaphore::new(0));
    let mut handlers = Handlers::new();
    handlers.register("hang", hanging(started.clone())).unwrap();
    let worker = Worker::start(engine.clone(), handlers, options(1)).unwrap();
    let id = engine.enqueue(spec("hang", "q", "")).await.unwrap().id;
    let _running = started.acquire().await.unwrap();
    // Another node whose clock says the lease ran out reclaims the task and leases it itself.
    let later = ManualClock::new(SystemClock.now_ms() + config.lease_ms + 60_000);
    let other = harness
        .engine_with_clock(
            EngineConfig {
                node_id: "other".into(),
                ..config
            },
            Arc::new(later.clone()),
        )
        .await;
    assert_eq!(other.reclaim_expired().await.unwrap(), 1);
    // Past the retry backoff.
    later.advance_ms(1_000);
    let handler = HandlerName::new("hang").unwrap();
    let taken = other
        .lease(&WorkerId::new("w2").unwrap(), &[handler], None, 1)
        .await
        .unwrap();
    assert_eq!(taken.len(), 1);
    // The first worker's next heartbeat finds the lease gone and stops its handler.
    wait_until(&engine, "the first worker to drop the task", || async {
        let workers = engine.list_workers().await.unwrap();
        workers
            .iter()
            .any(|w| w.id == *worker.id() && w.in_flight == 0)
    })
    .await;
    let detail = engine.get_task(&id).await.unwrap();
    assert_eq!(detail.task.state, TaskState::Running);
    assert_eq!(
        detail.task.worker_id.as_ref().map(|w| w.as_str()),
        Some("w2")
    );
    assert_eq!(detail.task.attempts, 2);
    other.complete(&taken[0]).await.unwrap();
    worker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_short_tasks_and_releases_the_rest() {
    let rt = start(fast_config()).await;
    let started = Arc::new(Semaphore::new(0));
    let mut handlers = Handlers::new();
    handlers.register("hang", hanging(started.clone())).unwrap();
    handlers
        .register("short", {
            let started = started.clone();
            move |_ctx: TaskContext| {
                let started = started.clone();
                async move {
                    started.add_permits(1);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    Ok(())
                }
            }
        })
        .unwrap();
    let worker = Worker::start(rt.engine.clone(), handlers, options(4)).unwrap();
    let worker_id = worker.id().clone();
    let short: Vec<TaskId> = rt
        .engine
        .enqueue_batch(vec![spec("short", "q", ""), spec("short", "q", "")])
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let long: Vec<TaskId> = rt
        .engine
        .enqueue_batch(vec![spec("hang", "q", ""), spec("hang", "q", "")])
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let _all = started.acquire_many(4).await.unwrap();
    let report = worker.shutdown().await;
    assert_eq!((report.finished, report.released), (2, 2));
    for id in &short {
        assert_eq!(
            rt.engine.get_task(id).await.unwrap().task.state,
            TaskState::Succeeded
        );
    }
    for id in &long {
        let task = rt.engine.get_task(id).await.unwrap().task;
        assert_eq!(
            (task.state, task.attempts),
            (TaskState::Pending, 0),
            "released without using an attempt"
        );
    }
    let detail = rt.engine.get_worker(&worker_id).await.unwrap();
    assert_eq!(detail.worker.state, WorkerState::Stopped);
    let events = rt.engine.read_events(None, 1_000).await.unwrap();
    assert!(events.iter().any(|e| matches!(
        &e.event,
        Event::WorkerLeft { worker_id: w, reason } if *w == worker_id.to_string() && reason == "shutdown"
    )));
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recycle_drains_the_worker_and_restarts_its_loop() {
    let rt = start(fast_config()).await;
    let mut handlers = Handlers::new();
    demo::register(&mut handlers);
    let worker = Worker::start(rt.engine.clone(), handlers, options(2)).unwrap();
    let id = worker.id().clone();
    let busy = rt
        .engine
        .enqueue(spec("sleep", "q", "300"))
        .await
        .unwrap()
        .id;
    wait_for_state(&rt.engine, &busy, TaskState::Running).await;
    rt.engine
        .recycle_worker(
            &id,
            "memory leak",
            worker_server::engine::audit::AuditEntry::system(0, "worker.recycle", "*", "test"),
        )
        .await
        .unwrap();
    wait_until(&rt.engine, "the recycle to finish", || async {
        rt.engine.get_worker(&id).await.unwrap().worker.recycles == 1
    })
    .await;
    // The in-flight task finished before the loop restarted.
    assert_eq!(
        rt.engine.get_task(&busy).await.unwrap().task.state,
        TaskState::Succeeded
    );
    let record = rt.engine.get_worker(&id).await.unwrap().worker;
    assert_eq!(
        (record.state, record.recycle_reason),
        (WorkerState::Active, None)
    );
    let after = rt.engine.enqueue(spec("noop", "q", "")).await.unwrap().id;
    wait_for_state(&rt.engine, &after, TaskState::Succeeded).await;
    let phases: Vec<String> = rt
        .engine
        .read_events(None, 1_000)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.event {
            Event::WorkerRecycle { phase, .. } => Some(phase),
            _ => None,
        })
        .collect();
    assert_eq!(phases, vec!["requested", "done"]);
    worker.shutdown().await;
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_runs_only_its_queues_and_leaves_unknown_handlers_waiting() {
    let rt = start(fast_config()).await;
    let mut handlers = Handlers::new();
    demo::register(&mut handlers);
    let mut opts = options(2);
    opts.queues = Some(vec![QueueName::new("mine").unwrap()]);
    let worker = Worker::start(rt.engine.clone(), handlers, opts).unwrap();
    let theirs = rt
        .engine
        .enqueue(spec("noop", "theirs", ""))
        .await
        .unwrap()
        .id;
    let unknown = rt
        .engine
        .enqueue(spec("not-registered", "mine", ""))
        .await
        .unwrap()
        .id;
    // A task enqueued after them that does run proves the pool leased past them.
    let mine = rt
        .engine
        .enqueue(spec("noop", "mine", ""))
        .await
        .unwrap()
        .id;
    wait_for_state(&rt.engine, &mine, TaskState::Succeeded).await;
    assert_eq!(
        rt.engine.get_task(&theirs).await.unwrap().task.state,
        TaskState::Pending
    );
    assert_eq!(
        rt.engine.get_task(&unknown).await.unwrap().task.state,
        TaskState::Pending
    );
    worker.shutdown().await;
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheduler_loop_creates_presets_and_its_fires_run_on_a_pool() {
    let running = start(fast_config()).await;
    let engine = running.engine.clone();
    let mut handlers = Handlers::new();
    demo::register(&mut handlers);
    let worker = Worker::start(engine.clone(), handlers, options(2)).unwrap();
    let presets = vec![
        ScheduleInput {
            name: "noop".into(),
            spec: "@every 1s".into(),
            ..ScheduleInput::default()
        },
        // Invalid: logged and skipped, the loop carries on.
        ScheduleInput {
            name: "broken".into(),
            spec: "every second".into(),
            ..ScheduleInput::default()
        },
    ];
    let scheduler = Scheduler::start(engine.clone(), Duration::from_millis(50), presets);
    wait_until(&engine, "a scheduled run to succeed", || async {
        engine
            .list_schedule_events(None, 100)
            .await
            .unwrap()
            .iter()
            .any(|e| e.status == ScheduleEventStatus::Succeeded)
    })
    .await;
    scheduler.stop().await;
    let names: Vec<String> = engine
        .list_schedules()
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.record.name.to_string())
        .collect();
    assert_eq!(names, ["noop"]);
    let history = engine.list_schedule_events(None, 100).await.unwrap();
    let ran = history
        .iter()
        .find(|e| e.status == ScheduleEventStatus::Succeeded)
        .unwrap();
    let task = engine
        .get_task(ran.task_id.as_ref().unwrap())
        .await
        .unwrap();
    assert_eq!(task.task.state, TaskState::Succeeded);
    assert_eq!(task.task.metadata["worker.schedule.name"], "noop");
    worker.shutdown().await;
    running.maintenance.stop().await;
}

/// A pool with leases under way never runs more handlers than its concurrency, runs every task
/// once, and never misses a task made ready while a lease was under way: with an hour's poll
/// interval, only the wake-up from each enqueue can start the next pair in time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_with_leases_under_way_keeps_its_concurrency_and_misses_no_wake_up() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    const CONCURRENCY: u32 = 3;
    let rt = start(fast_config()).await;
    let (started_tx, mut started_rx) = tokio::sync::mpsc::unbounded_channel::<TaskId>();
    let running = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let mut handlers = Handlers::new();
    handlers
        .register("count", {
            let (running, most) = (running.clone(), most.clone());
            move |ctx: TaskContext| {
                let (running, most, started) = (running.clone(), most.clone(), started_tx.clone());
                async move {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    tokio::task::yield_now().await;
                    running.fetch_sub(1, Ordering::SeqCst);
                    let _ = started.send(ctx.id().clone());
                    Ok(())
                }
            }
        })
        .unwrap();
    let worker = Worker::start(
        rt.engine.clone(),
        handlers,
        WorkerOptions {
            poll_interval: Duration::from_secs(3600),
            ..options(CONCURRENCY)
        },
    )
    .unwrap();
    let mut ran = std::collections::HashSet::new();
    // Pairs enqueued back to back, the second often while the lease the first woke is under way.
    for _ in 0..60 {
        for _ in 0..2 {
            rt.engine.enqueue(spec("count", "q", "")).await.unwrap();
        }
        for _ in 0..2 {
            let id = tokio::time::timeout(WAIT, started_rx.recv())
                .await
                .expect("a task enqueued into an idle pool runs without waiting for a poll")
                .expect("handler alive");
            assert!(ran.insert(id), "a task ran twice");
        }
    }
    // A burst larger than the pool: many leases under way, never more handlers than slots.
    let burst: Vec<TaskSpec> = (0..300).map(|_| spec("count", "q", "")).collect();
    rt.engine.enqueue_batch(burst).await.unwrap();
    for _ in 0..300 {
        let id = tokio::time::timeout(WAIT, started_rx.recv())
            .await
            .expect("the burst drains")
            .expect("handler alive");
        assert!(ran.insert(id), "a task ran twice");
    }
    assert!(
        most.load(Ordering::SeqCst) <= CONCURRENCY as usize,
        "at most {CONCURRENCY} handlers at once, saw {}",
        most.load(Ordering::SeqCst)
    );
    let report = worker.shutdown().await;
    assert_eq!(report.released, 0);
    rt.maintenance.stop().await;
}
