//! A pool that leases ahead of its free slots (`WorkerOptions::prefetch`): tasks held ahead
//! never run beyond the concurrency, keep their leases, end cancelled without running when
//! cancelled while they wait, and go back without using an attempt at shutdown; by default
//! (`Prefetch::Auto`) quick handlers lease ahead and long ones hold nothing ahead.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, Semaphore};
use worker_server::engine::audit::AuditEntry;
use worker_server::engine::model::*;
use worker_server::runtime::{
    HandlerError, Handlers, Prefetch, TaskContext, Worker, WorkerOptions,
};

use crate::runtime::{hanging, options, spec, start, wait_for_state};
use crate::support::{eventually, fast_config};

fn ahead(concurrency: u32, prefetch: u32) -> WorkerOptions {
    WorkerOptions {
        prefetch: Prefetch::Fixed(prefetch),
        ..options(concurrency)
    }
}

/// A handler that announces each start, then finishes when `gate` lets one through.
fn gated(
    gate: Arc<Notify>,
    started: Arc<Semaphore>,
) -> impl Fn(TaskContext) -> futures::future::BoxFuture<'static, Result<(), HandlerError>>
+ Send
+ Sync
+ 'static {
    move |_ctx: TaskContext| {
        let (gate, started) = (gate.clone(), started.clone());
        Box::pin(async move {
            started.add_permits(1);
            gate.notified().await;
            Ok(())
        })
    }
}

/// Waits until every one of `ids` is leased (running), which for a pool with busy slots means
/// leased ahead.
async fn all_running(engine: &worker_server::engine::Engine, ids: &[TaskId]) {
    eventually(
        "the tasks to be leased",
        Duration::from_secs(20),
        || async {
            for id in ids {
                if engine.get_task(id).await.unwrap().task.state != TaskState::Running {
                    return None;
                }
            }
            Some(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_leased_ahead_never_run_beyond_the_concurrency_and_each_runs_once() {
    let rt = start(fast_config()).await;
    let now = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let runs: Arc<Mutex<HashMap<TaskId, u32>>> = Arc::default();
    let mut handlers = Handlers::new();
    handlers
        .register("count", {
            let (now, most, runs) = (now.clone(), most.clone(), runs.clone());
            move |ctx: TaskContext| {
                let (now, most, runs) = (now.clone(), most.clone(), runs.clone());
                async move {
                    let running = now.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(running, Ordering::SeqCst);
                    *runs.lock().unwrap().entry(ctx.id().clone()).or_default() += 1;
                    // Long enough that the other slot's task overlaps it on a loaded machine.
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    now.fetch_sub(1, Ordering::SeqCst);
                    Ok(())
                }
            }
        })
        .unwrap();
    let ids: Vec<TaskId> = rt
        .engine
        .enqueue_batch((0..40).map(|_| spec("count", "q", "")).collect())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let worker = Worker::start(rt.engine.clone(), handlers, ahead(2, 6)).unwrap();
    for id in &ids {
        let task = wait_for_state(&rt.engine, id, TaskState::Succeeded)
            .await
            .task;
        assert_eq!(task.attempts, 1, "{id} ran in one attempt");
    }
    assert!(
        most.load(Ordering::SeqCst) <= 2,
        "at most 2 handlers at once"
    );
    let runs = runs.lock().unwrap().clone();
    assert_eq!(runs.len(), 40);
    assert!(
        runs.values().all(|&n| n == 1),
        "every task ran once: {runs:?}"
    );
    let report = worker.shutdown().await;
    assert_eq!(report.released, 0);
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_gives_back_tasks_leased_ahead_without_using_an_attempt() {
    let rt = start(fast_config()).await;
    let started = Arc::new(Semaphore::new(0));
    let mut handlers = Handlers::new();
    handlers.register("hang", hanging(started.clone())).unwrap();
    let ids: Vec<TaskId> = rt
        .engine
        .enqueue_batch((0..4).map(|_| spec("hang", "q", "")).collect())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    let worker = Worker::start(rt.engine.clone(), handlers, ahead(1, 3)).unwrap();
    all_running(&rt.engine, &ids).await;
    let _one = started.acquire().await.unwrap();
    assert_eq!(started.available_permits(), 0, "only one handler started");
    let report = worker.shutdown().await;
    // Three given back at once, the running one after the grace period.
    assert_eq!((report.finished, report.released), (0, 4));
    for id in &ids {
        let task = rt.engine.get_task(id).await.unwrap().task;
        assert_eq!(
            (task.state, task.attempts),
            (TaskState::Pending, 0),
            "{id} released without using an attempt"
        );
    }
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_cancelled_while_leased_ahead_ends_cancelled_without_running() {
    let rt = start(fast_config()).await;
    let gate = Arc::new(Notify::new());
    let started = Arc::new(Semaphore::new(0));
    let marked = Arc::new(AtomicUsize::new(0));
    let mut handlers = Handlers::new();
    handlers
        .register("gate", gated(gate.clone(), started.clone()))
        .unwrap();
    handlers
        .register("mark", {
            let marked = marked.clone();
            move |_ctx: TaskContext| {
                marked.fetch_add(1, Ordering::SeqCst);
                async { Ok(()) }
            }
        })
        .unwrap();
    let first = rt.engine.enqueue(spec("gate", "q", "")).await.unwrap().id;
    let second = rt.engine.enqueue(spec("mark", "q", "")).await.unwrap().id;
    let worker = Worker::start(rt.engine.clone(), handlers, ahead(1, 1)).unwrap();
    let _gated = started.acquire().await.unwrap();
    all_running(&rt.engine, &[first.clone(), second.clone()]).await;
    request_cancel(&rt.engine, &second).await;
    gate.notify_one();
    wait_for_state(&rt.engine, &first, TaskState::Succeeded).await;
    let cancelled = wait_for_state(&rt.engine, &second, TaskState::Cancelled).await;
    assert_eq!(
        cancelled.task.last_error.as_deref(),
        Some("cancelled before its handler started")
    );
    assert_eq!(marked.load(Ordering::SeqCst), 0, "its handler never ran");
    worker.shutdown().await;
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_leased_ahead_keeps_its_lease_while_it_waits() {
    // Leases of 900 ms, heartbeats every 300 ms, reclaim every 50 ms: a task waiting ahead for
    // several lease periods is reclaimed unless the pool's heartbeat extends its lease too.
    let rt = start(worker_server::engine::EngineConfig {
        lease_ms: 900,
        ..fast_config()
    })
    .await;
    let gate = Arc::new(Notify::new());
    let started = Arc::new(Semaphore::new(0));
    let mut handlers = Handlers::new();
    handlers
        .register("gate", gated(gate.clone(), started.clone()))
        .unwrap();
    let first = rt.engine.enqueue(spec("gate", "q", "")).await.unwrap().id;
    let second = rt.engine.enqueue(spec("gate", "q", "")).await.unwrap().id;
    let worker = Worker::start(rt.engine.clone(), handlers, ahead(1, 1)).unwrap();
    let _gated = started.acquire().await.unwrap();
    all_running(&rt.engine, &[first.clone(), second.clone()]).await;
    let leased = rt.engine.get_task(&second).await.unwrap().task;
    let until = leased.lease_until_ms.expect("leased");
    // Past three of its original lease periods, still held by the same attempt.
    eventually(
        "the waiting lease to be extended",
        Duration::from_secs(20),
        || async {
            let task = rt.engine.get_task(&second).await.unwrap().task;
            assert_eq!((task.state, task.attempts), (TaskState::Running, 1));
            (task.lease_until_ms.unwrap_or(0) > until + 2 * 900).then_some(())
        },
    )
    .await;
    gate.notify_one();
    wait_for_state(&rt.engine, &first, TaskState::Succeeded).await;
    let _second_started = started.acquire().await.unwrap();
    gate.notify_one();
    let done = wait_for_state(&rt.engine, &second, TaskState::Succeeded).await;
    assert_eq!(done.task.attempts, 1, "never reclaimed");
    worker.shutdown().await;
    rt.maintenance.stop().await;
}

/// A handler that notes the id of each task it starts and then never finishes on its own.
fn hanging_noting(
    started: Arc<Mutex<Vec<TaskId>>>,
) -> impl Fn(TaskContext) -> futures::future::Pending<Result<(), HandlerError>> + Send + Sync + 'static
{
    move |ctx: TaskContext| {
        started.lock().unwrap().push(ctx.id().clone());
        futures::future::pending()
    }
}

/// Cancels a task this test's pool holds (running or ahead): the cancel is requested, not done.
async fn request_cancel(engine: &worker_server::engine::Engine, id: &TaskId) {
    let outcome = engine
        .cancel_task(id, AuditEntry::system(0, "task.cancel", "*", "test"))
        .await
        .unwrap();
    assert_eq!(outcome, CancelOutcome::Requested);
}

async fn enqueue(engine: &worker_server::engine::Engine, handler: &str, n: usize) -> Vec<TaskId> {
    engine
        .enqueue_batch((0..n).map(|_| spec(handler, "q", "")).collect())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect()
}

/// A second pool of 4 slots beside a test's first, leasing only for free slots.
fn second_pool(engine: &worker_server::engine::Engine, handlers: Handlers) -> Worker {
    let options = WorkerOptions {
        id: Some(WorkerId::new("second").unwrap()),
        prefetch: Prefetch::Fixed(0),
        ..options(4)
    };
    Worker::start(engine.clone(), handlers, options).unwrap()
}

async fn count_running(engine: &worker_server::engine::Engine, ids: &[TaskId]) -> usize {
    let mut n = 0;
    for id in ids {
        if engine.get_task(id).await.unwrap().task.state == TaskState::Running {
            n += 1;
        }
    }
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn by_default_quick_handlers_lease_ahead_and_what_waits_behind_long_ones_goes_back() {
    let rt = start(fast_config()).await;
    let started = Arc::new(Semaphore::new(0));
    let mut handlers = Handlers::new();
    handlers
        .register("quick", |_ctx: TaskContext| async { Ok(()) })
        .unwrap();
    handlers.register("hang", hanging(started.clone())).unwrap();
    let quick = enqueue(&rt.engine, "quick", 20).await;
    // The default options: `Prefetch::Auto`.
    let worker = Worker::start(rt.engine.clone(), handlers, options(2)).unwrap();
    for id in &quick {
        wait_for_state(&rt.engine, id, TaskState::Succeeded).await;
    }
    // Handlers that return at once, against leases that take a commit: the pool now holds
    // tasks ahead, as many as it has slots unless a slow moment of the machine stretched the
    // measured run time (the exact count is for `pace.rs`'s unit tests). The lease that brings
    // them commits before the first two start, and nothing is given back before the running
    // ones have been quiet for a heartbeat interval (a second here).
    let hung = enqueue(&rt.engine, "hang", 6).await;
    let _two = started.acquire_many(2).await.unwrap();
    let leased = count_running(&rt.engine, &hung).await;
    assert!(
        (3..=4).contains(&leased),
        "two running and one or two held ahead: {leased}"
    );
    assert_eq!(started.available_permits(), 0, "only two handlers started");
    // Its slots are now taken by handlers that do not come back: once they have been quiet
    // for a heartbeat interval, what it holds ahead goes back for another pool to run.
    let mut others = Handlers::new();
    others.register("hang", hanging(started.clone())).unwrap();
    let second = second_pool(&rt.engine, others);
    let _four = tokio::time::timeout(Duration::from_secs(20), started.acquire_many(4))
        .await
        .expect("the tasks held ahead behind hanging handlers go to the second pool")
        .unwrap();
    let (a, b) = (worker.shutdown().await, second.shutdown().await);
    assert_eq!((a.finished, a.released, b.released), (0, 2, 4));
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn by_default_a_pool_of_long_handlers_holds_nothing_another_pool_could_run() {
    let rt = start(fast_config()).await;
    let started = Arc::new(Semaphore::new(0));
    let handlers = |started: &Arc<Semaphore>| {
        let mut handlers = Handlers::new();
        handlers
            .register("slow", |_ctx: TaskContext| async {
                // Long against any lease round trip, even on a loaded machine.
                tokio::time::sleep(Duration::from_secs(1)).await;
                Ok(())
            })
            .unwrap();
        handlers.register("hang", hanging(started.clone())).unwrap();
        handlers
    };
    let slow = enqueue(&rt.engine, "slow", 2).await;
    let first = Worker::start(rt.engine.clone(), handlers(&started), options(2)).unwrap();
    for id in &slow {
        wait_for_state(&rt.engine, id, TaskState::Succeeded).await;
    }
    let hung = enqueue(&rt.engine, "hang", 6).await;
    let _two = started.acquire_many(2).await.unwrap();
    // The lease that brought these two committed before they started: had it leased ahead,
    // more would be running now (none is given back before a heartbeat interval of quiet).
    assert_eq!(
        count_running(&rt.engine, &hung).await,
        2,
        "nothing held ahead of long handlers"
    );
    let second = second_pool(&rt.engine, handlers(&started));
    let _four = tokio::time::timeout(Duration::from_secs(20), started.acquire_many(4))
        .await
        .expect("the second pool starts the four tasks the first did not take")
        .unwrap();
    assert_eq!(count_running(&rt.engine, &hung).await, 6);
    let (a, b) = (first.shutdown().await, second.shutdown().await);
    assert_eq!((a.released, b.released), (2, 4));
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_cancelled_while_held_behind_long_handlers_ends_cancelled_when_given_back() {
    let rt = start(fast_config()).await;
    let started: Arc<Mutex<Vec<TaskId>>> = Arc::default();
    let mut handlers = Handlers::new();
    handlers
        .register("quick", |_ctx: TaskContext| async { Ok(()) })
        .unwrap();
    handlers
        .register("hang", hanging_noting(started.clone()))
        .unwrap();
    enqueue(&rt.engine, "quick", 20).await;
    let worker = Worker::start(rt.engine.clone(), handlers, options(2)).unwrap();
    eventually(
        "the quick tasks to finish",
        Duration::from_secs(20),
        || async {
            let page = rt
                .engine
                .list_tasks(
                    &TaskFilter {
                        state: Some(TaskState::Succeeded),
                        ..TaskFilter::default()
                    },
                    1,
                    0,
                )
                .await
                .unwrap();
            (page.total == 20).then_some(())
        },
    )
    .await;
    let hung = enqueue(&rt.engine, "hang", 6).await;
    let held = eventually("a task held ahead", Duration::from_secs(20), || async {
        let started = started.lock().unwrap().clone();
        if started.len() < 2 {
            return None;
        }
        for id in &hung {
            let state = rt.engine.get_task(id).await.unwrap().task.state;
            if state == TaskState::Running && !started.contains(id) {
                return Some(id.clone());
            }
        }
        None
    })
    .await;
    request_cancel(&rt.engine, &held).await;
    // Both slots hang, so what is held goes back after a heartbeat interval of quiet: the
    // cancelled one ends cancelled, without running, instead of going back to pending.
    let task = wait_for_state(&rt.engine, &held, TaskState::Cancelled)
        .await
        .task;
    assert!(!started.lock().unwrap().contains(&held), "it never ran");
    assert_eq!(task.state, TaskState::Cancelled);
    worker.shutdown().await;
    rt.maintenance.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_ends_a_task_cancelled_while_held_ahead_cancelled_instead_of_giving_it_back() {
    let rt = start(fast_config()).await;
    let started: Arc<Mutex<Vec<TaskId>>> = Arc::default();
    let mut handlers = Handlers::new();
    handlers
        .register("hang", hanging_noting(started.clone()))
        .unwrap();
    let ids = enqueue(&rt.engine, "hang", 4).await;
    let worker = Worker::start(rt.engine.clone(), handlers, ahead(1, 3)).unwrap();
    all_running(&rt.engine, &ids).await;
    let running = eventually("the one slot to start", Duration::from_secs(20), || async {
        started.lock().unwrap().first().cloned()
    })
    .await;
    let held = ids.iter().find(|id| **id != running).unwrap().clone();
    request_cancel(&rt.engine, &held).await;
    let report = worker.shutdown().await;
    // Two held ones and the running one (after the grace period) go back; the cancelled one
    // ends, without running: given back, its next lease would have cleared the request.
    assert_eq!((report.finished, report.released), (1, 3));
    let task = rt.engine.get_task(&held).await.unwrap().task;
    assert_eq!(task.state, TaskState::Cancelled);
    assert_eq!(started.lock().unwrap().as_slice(), [running]);
    rt.maintenance.stop().await;
}
