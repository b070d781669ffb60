//! The crash test: a `workerd` process working through tasks on a SQLite file is killed with
//! SIGKILL; after a restart every task reaches a terminal state, none is lost, and only the
//! tasks that were in flight at the kill ran twice.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use worker_server::engine::clock::SystemClock;
use worker_server::engine::model::{TaskFilter, TaskId, TaskRecord, TaskSpec, TaskState};
use worker_server::engine::{Engine, EngineConfig};
use worker_server::store::sqlite::{Durability, SqliteStore};

use crate::support::eventually;

const TASKS: usize = 300;

fn spawn_workerd(dir: &Path, db: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_workerd"))
        .env("WORKER_DATA_DIR", dir)
        .env("WORKER_STORE", format!("sqlite:{}", db.display()))
        .env("WORKER_DEMO", "1")
        // Only the test's own tasks, which it counts.
        .env("WORKER_DEMO_FEED", "0")
        .env("WORKER_CONCURRENCY", "8")
        .env("WORKER_DURABLE_LEASE", "1s")
        .env("WORKER_RETRY_BASE", "50ms")
        .env("WORKER_POLL_INTERVAL", "20ms")
        .env("WORKER_MAINTENANCE_INTERVAL", "100ms")
        .env("WORKER_LOG", "warn")
        // Ports from the OS: the test must pass beside a `workerd` on the default ports (the
        // README's first command).
        .env("WORKER_ADMIN_GRPC_ADDR", "127.0.0.1:0")
        .env("WORKER_ADMIN_HTTP_ADDR", "127.0.0.1:0")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("workerd starts")
}

async fn all_tasks(engine: &Engine) -> Vec<TaskRecord> {
    let mut out = Vec::new();
    loop {
        let page = engine
            .list_tasks(&TaskFilter::default(), 1_000, out.len() as u64)
            .await
            .unwrap();
        if page.items.is_empty() {
            return out;
        }
        out.extend(page.items);
    }
}

async fn count(engine: &Engine, state: TaskState) -> u64 {
    engine
        .list_tasks(
            &TaskFilter {
                state: Some(state),
                ..TaskFilter::default()
            },
            1,
            0,
        )
        .await
        .unwrap()
        .total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_work_loses_nothing_and_reruns_only_in_flight_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("worker.db");
    // This process only reads and enqueues; it runs no worker.
    let store = Arc::new(SqliteStore::open(&db, Durability::Full).unwrap());
    let engine = Engine::new(store, Arc::new(SystemClock), EngineConfig::default())
        .await
        .unwrap();
    let specs: Vec<TaskSpec> = (0..TASKS)
        .map(|_| TaskSpec {
            handler: "sleep".into(),
            payload: b"20".to_vec(),
            ..TaskSpec::default()
        })
        .collect();
    for chunk in specs.chunks(100) {
        engine.enqueue_batch(chunk.to_vec()).await.unwrap();
    }

    let mut first = spawn_workerd(dir.path(), &db);
    eventually(
        "the first workerd to be mid-work",
        Duration::from_secs(30),
        || async {
            let done = count(&engine, TaskState::Succeeded).await;
            let running = count(&engine, TaskState::Running).await;
            (done >= 50 && running > 0).then_some(())
        },
    )
    .await;
    first.kill().expect("SIGKILL");
    first.wait().unwrap();

    // Nothing else writes now: what is running is exactly what the killed process had in flight.
    let in_flight: HashSet<TaskId> = all_tasks(&engine)
        .await
        .into_iter()
        .filter(|t| t.state == TaskState::Running)
        .map(|t| t.id)
        .collect();
    assert!(!in_flight.is_empty());
    // What the pool held: its 8 running, up to 8 held ahead of free slots (`WORKER_PREFETCH`
    // is `auto`), and those finished whose outcome had not committed yet, which with leasing
    // ahead can be as many again: at most 2 × (concurrency + prefetch).
    assert!(
        in_flight.len() <= 32,
        "at most what the pool can hold: {}",
        in_flight.len()
    );

    let mut second = spawn_workerd(dir.path(), &db);
    eventually(
        "every task to finish after the restart",
        Duration::from_secs(60),
        || async { (count(&engine, TaskState::Succeeded).await == TASKS as u64).then_some(()) },
    )
    .await;
    let status = Command::new("kill")
        .args(["-TERM", &second.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        second.wait().unwrap().success(),
        "workerd exits cleanly on SIGTERM"
    );

    let tasks = all_tasks(&engine).await;
    assert_eq!(tasks.len(), TASKS, "no task is lost");
    for task in &tasks {
        assert_eq!(task.state, TaskState::Succeeded);
        if in_flight.contains(&task.id) {
            assert_eq!(task.attempts, 2, "an in-flight task runs again: {task:?}");
            let detail = engine.get_task(&task.id).await.unwrap();
            assert!(
                detail.errors[0].error.contains("lease expired"),
                "{:?}",
                detail.errors
            );
        } else {
            assert_eq!(
                task.attempts, 1,
                "a task that was not in flight runs once: {task:?}"
            );
        }
    }
}
