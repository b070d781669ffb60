//! Schedules driven through the engine on a real SQLite file with a hand-moved clock: the
//! operator API and its validation, exactly-once firing across two engines on one file,
//! misfire and overlap policies, jitter, the manual-run cap and the events of runs.

mod fire;
mod jobs;
mod ops;

use std::sync::Arc;

use tempfile::TempDir;

use crate::engine::clock::ManualClock;
use crate::engine::model::{HandlerName, ScheduleName, TaskState, WorkerId};
use crate::engine::random::{FixedRandom, Random, ThreadRandom};
use crate::engine::schedules::{ScheduleEventRecord, ScheduleEventStatus, ScheduleInput};
use crate::engine::{Engine, EngineConfig, EngineParts, Error};
use crate::store::NewWorker;
use crate::store::sqlite::{Durability, SqliteStore};

/// 2027-01-01T00:00:00Z: minutes, hours and days fall on round numbers.
const T0: i64 = 1_798_761_600_000;
const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// An audit entry for an operator's call the test makes through the engine.
fn sys(action: &str) -> crate::engine::audit::AuditEntry {
    crate::engine::audit::AuditEntry::system(0, action, "*", "test")
}

struct Fixture {
    dir: TempDir,
    clock: ManualClock,
    engine: Engine,
}

fn config() -> EngineConfig {
    EngineConfig {
        node_id: "node-a".into(),
        schedule_misfire_grace_ms: MINUTE,
        ..EngineConfig::default()
    }
}

async fn engine_on(dir: &TempDir, clock: &ManualClock, random: Arc<dyn Random>) -> Engine {
    let store = Arc::new(SqliteStore::open(dir.path().join("w.db"), Durability::Normal).unwrap());
    let parts = EngineParts {
        store,
        clock: Arc::new(clock.clone()),
        random,
        audit_archive: None,
        audit_anchors: None,
        job_event_sink: None,
    };
    Engine::from_parts(parts, config()).await.unwrap()
}

async fn fixture_with(random: Arc<dyn Random>) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(T0);
    let engine = engine_on(&dir, &clock, random).await;
    engine
        .register_worker(NewWorker {
            id: WorkerId::new("w1").unwrap(),
            host: "h".into(),
            pid: 1,
            version: "v".into(),
            concurrency: 4,
            handlers: vec!["report".into(), "cleanup".into()],
            now_ms: T0,
        })
        .await
        .unwrap();
    Fixture { dir, clock, engine }
}

async fn fixture() -> Fixture {
    fixture_with(Arc::new(ThreadRandom)).await
}

fn input(name: &str, spec: &str) -> ScheduleInput {
    ScheduleInput {
        name: name.into(),
        spec: spec.into(),
        handler: "report".into(),
        ..ScheduleInput::default()
    }
}

fn sname(name: &str) -> ScheduleName {
    ScheduleName::new(name).unwrap()
}

fn reason<T: std::fmt::Debug>(result: Result<T, Error>) -> &'static str {
    result.unwrap_err().reason()
}

fn statuses(events: &[ScheduleEventRecord]) -> Vec<ScheduleEventStatus> {
    events.iter().map(|e| e.status).collect()
}

/// Every task's id and state, oldest first.
async fn tasks(engine: &Engine) -> Vec<(crate::engine::model::TaskId, TaskState)> {
    let page = engine
        .list_tasks(&crate::engine::model::TaskFilter::default(), 1_000, 0)
        .await
        .unwrap();
    let mut out: Vec<_> = page.items.into_iter().map(|t| (t.id, t.state)).collect();
    out.reverse();
    out
}

fn report_handler() -> Vec<HandlerName> {
    vec![HandlerName::new("report").unwrap()]
}
