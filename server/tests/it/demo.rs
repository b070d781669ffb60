//! `workerd --demo` as the README's tour uses it: a gentle stream of work keeps coming, the log
//! at the default level shows successes, retries and dead letters, and some work is in flight
//! for a `kill -9` to interrupt.

use std::sync::Arc;
use std::time::Duration;

use worker_server::engine::clock::SystemClock;
use worker_server::engine::model::{HandlerName, TaskFilter, TaskState};
use worker_server::engine::{Engine, EngineConfig};
use worker_server::store::sqlite::{Durability, SqliteStore};

use crate::support::{Node, eventually};

const WAIT: Duration = Duration::from_secs(60);

/// Whether one line the node logged contains every needle.
fn logged_line(node: &Node, needles: &[&str]) -> bool {
    let log = node.log.lock().unwrap_or_else(|e| e.into_inner());
    log.iter()
        .any(|line| needles.iter().all(|needle| line.contains(needle)))
}

async fn count(engine: &Engine, state: Option<TaskState>, handler: Option<&str>) -> u64 {
    let filter = TaskFilter {
        state,
        handler: handler.map(|h| HandlerName::new(h).unwrap()),
        ..TaskFilter::default()
    };
    engine.list_tasks(&filter, 1, 0).await.unwrap().total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_keeps_work_coming_and_logs_its_outcomes() {
    // The default log level, as the tour runs it.
    let node = Node::spawn_with(
        "demo",
        &[
            ("WORKER_LOG", "info".to_string()),
            ("WORKER_DEMO_FEED", "2".to_string()),
        ],
    )
    .await;
    assert!(node.logged("demo feed: enqueuing"), "the feed says it runs");

    // The log shows each outcome with the task's handler, queue and attempt.
    let outcomes: [(&str, &[&str]); 3] = [
        (
            "a success",
            &["task succeeded", "handler=noop", "queue=", "attempt=1"],
        ),
        (
            "flaky's retry",
            &["task failed; retrying", "handler=flaky", "attempt=1"],
        ),
        (
            "fail's dead letter",
            &[
                "task failed; dead-lettered",
                "handler=fail",
                "queue=low",
                "attempt=2",
            ],
        ),
    ];
    for (what, needles) in outcomes {
        eventually(&format!("{what} in the log"), WAIT, || async {
            logged_line(&node, needles).then_some(())
        })
        .await;
    }

    // The store agrees, and keeps growing: the seed is 8 tasks, the feed adds 2 a second.
    let store = SqliteStore::open(node.dir.path().join("worker.db"), Durability::Full).unwrap();
    let engine = Engine::new(
        Arc::new(store),
        Arc::new(SystemClock),
        EngineConfig::default(),
    )
    .await
    .unwrap();
    let before = count(&engine, None, None).await;
    eventually("the feed to enqueue more tasks", WAIT, || async {
        (count(&engine, None, None).await >= before + 4).then_some(())
    })
    .await;
    eventually("a dead-lettered fail task in the store", WAIT, || async {
        (count(&engine, Some(TaskState::Dead), Some("fail")).await >= 1).then_some(())
    })
    .await;
    eventually("flaky to succeed on its second attempt", WAIT, || async {
        let page = engine
            .list_tasks(
                &TaskFilter {
                    state: Some(TaskState::Succeeded),
                    handler: Some(HandlerName::new("flaky").unwrap()),
                    ..TaskFilter::default()
                },
                50,
                0,
            )
            .await
            .unwrap();
        page.items.iter().any(|t| t.attempts == 2).then_some(())
    })
    .await;
    // Step 3 of the tour kills it "while it works": sleeps are running.
    eventually("a task in flight", WAIT, || async {
        (count(&engine, Some(TaskState::Running), Some("sleep")).await >= 1).then_some(())
    })
    .await;
}
