//! The job event files on a real directory: the reference's fields, names that cannot collide,
//! same-millisecond events all kept, and the bound pruning the oldest.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::engine::jobs::JobEventStatus;
use crate::engine::model::{JobName, ScheduleName, TaskId};

fn event(
    job: &str,
    run: &TaskId,
    status: JobEventStatus,
    attempt: u32,
    at_ms: i64,
) -> JobEventRecord {
    JobEventRecord {
        task_id: run.clone(),
        name: JobName::new(job).unwrap(),
        status,
        queue: "jobs".into(),
        source: JobSource::GitTag {
            repo: "https://git.example.com/site.git".into(),
            tag: "v1.2.0".into(),
            commit: None,
        },
        path: "app".into(),
        dockerfile: "Dockerfile".into(),
        command: vec!["make".into(), "all".into()],
        schedule_name: Some(ScheduleName::new("nightly").unwrap()),
        schedule_spec: String::new(),
        started_at_ms: Some(1_800_000_000_000),
        finished_at_ms: None,
        duration_ms: None,
        result: String::new(),
        error: String::new(),
        metadata: BTreeMap::new(),
        attempt,
        at_ms,
    }
}

/// File names of `dir`, newest first (the reference's listing order).
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names.reverse();
    names
}

fn read(dir: &Path, name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap()
}

#[test]
fn names_encode_reversibly_and_never_collide() {
    for name in ["a.b", "a_b", "all", "x:y", "50%", "-"] {
        assert_eq!(decode_name(&encode_name(name)).as_deref(), Some(name));
    }
    assert_ne!(encode_name("a.b"), encode_name("a_b"));
    assert_eq!(encode_name("a.b"), "a%2Eb");
    assert_eq!(decode_name("%zz"), None);
}

#[test]
fn every_event_is_a_file_in_all_and_its_jobs_directory_with_the_references_fields() {
    let dir = tempfile::tempdir().unwrap();
    let files = JobEventFiles::start(dir.path().to_path_buf(), 100).unwrap();
    let run = TaskId::generate();
    let t = 1_800_000_000_123;
    files.record(&event("site", &run, JobEventStatus::Queued, 1, t));
    let mut running = event("site", &run, JobEventStatus::Running, 1, t + 5);
    running.finished_at_ms = Some(t + 9);
    running.duration_ms = Some(4);
    files.record(&running);
    files.flush();

    let all = dir.path().join(ALL_DIR);
    let site = job_dir(dir.path(), "site");
    assert_eq!(listing(&all), listing(&site));
    let names = listing(&site);
    assert_eq!(names.len(), 2);
    assert!(names[0].starts_with("1800000000128_"), "{names:?}");
    assert!(
        names[0].ends_with(&format!("_{run}_1_running.json")),
        "{names:?}"
    );
    let newest = read(&site, &names[0]);
    for key in [
        "task_id",
        "name",
        "status",
        "queue",
        "repo",
        "tag",
        "path",
        "dockerfile",
        "command",
        "schedule_name",
        "schedule_spec",
        "started_at",
        "finished_at",
        "duration_ms",
        "result",
        "error",
        "metadata",
    ] {
        assert!(newest.get(key).is_some(), "{key} missing: {newest}");
    }
    assert_eq!(newest["task_id"], run.as_str());
    assert_eq!(newest["status"], "running");
    assert_eq!(newest["repo"], "https://git.example.com/site.git");
    assert_eq!(newest["tag"], "v1.2.0");
    assert_eq!(newest["command"], "make all");
    assert_eq!(newest["schedule_name"], "nightly");
    assert_eq!(newest["started_at"], "2027-01-15T08:00:00.000Z");
    assert_eq!(newest["finished_at"], "2027-01-15T08:00:00.132Z");
    assert_eq!(newest["duration_ms"], 4);
    assert_eq!(newest["metadata"]["attempt"], "1");
    assert_eq!(read(&site, &names[1])["status"], "queued");
}

#[test]
fn like_named_jobs_and_a_job_named_all_keep_their_own_directories() {
    let dir = tempfile::tempdir().unwrap();
    let files = JobEventFiles::start(dir.path().to_path_buf(), 100).unwrap();
    let t = 1_800_000_000_000;
    for job in ["a.b", "a_b", "all"] {
        files.record(&event(
            job,
            &TaskId::generate(),
            JobEventStatus::Queued,
            1,
            t,
        ));
    }
    files.flush();
    for job in ["a.b", "a_b", "all"] {
        let names = listing(&job_dir(dir.path(), job));
        assert_eq!(names.len(), 1, "{job}");
        assert_eq!(read(&job_dir(dir.path(), job), &names[0])["name"], job);
    }
    assert_eq!(
        listing(&dir.path().join(ALL_DIR)).len(),
        3,
        "every event once in all/"
    );
}

#[test]
fn same_millisecond_events_of_one_run_are_all_kept() {
    let dir = tempfile::tempdir().unwrap();
    let files = JobEventFiles::start(dir.path().to_path_buf(), 100).unwrap();
    let run = TaskId::generate();
    let t = 1_800_000_000_000;
    // A retry and the next attempt's queue in one millisecond, and the same status twice.
    files.record(&event("site", &run, JobEventStatus::Retrying, 1, t));
    files.record(&event("site", &run, JobEventStatus::Queued, 2, t));
    files.record(&event("site", &run, JobEventStatus::Queued, 2, t));
    files.flush();
    let names = listing(&job_dir(dir.path(), "site"));
    assert_eq!(names.len(), 3, "{names:?}");
    let statuses: Vec<String> = names
        .iter()
        .map(|n| {
            read(&job_dir(dir.path(), "site"), n)["status"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(statuses, ["queued", "queued", "retrying"], "newest first");
}

#[test]
fn the_bound_removes_the_oldest_files_also_those_of_an_earlier_process() {
    let dir = tempfile::tempdir().unwrap();
    let run = TaskId::generate();
    let t = 1_800_000_000_000;
    {
        let files = JobEventFiles::start(dir.path().to_path_buf(), 3).unwrap();
        for k in 0..2 {
            files.record(&event("site", &run, JobEventStatus::Running, 1, t + k));
        }
        files.flush();
    }
    // A new writer (a restart) finds those two and keeps the bound across them.
    let files = JobEventFiles::start(dir.path().to_path_buf(), 3).unwrap();
    for k in 2..6 {
        files.record(&event("site", &run, JobEventStatus::Running, 1, t + k));
    }
    files.flush();
    for sub in [dir.path().join(ALL_DIR), job_dir(dir.path(), "site")] {
        let names = listing(&sub);
        let times: Vec<&str> = names.iter().map(|n| &n[..13]).collect();
        assert_eq!(times, ["1800000000005", "1800000000004", "1800000000003"]);
    }
}

/// Closing (what `workerd`'s shutdown does) writes every event handed over before it and
/// stops the writer; a later event is left out, without a panic.
#[test]
fn close_drains_the_queue_and_stops_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    let run = TaskId::generate();
    let files = JobEventFiles::start(dir.path().to_path_buf(), 1_000).unwrap();
    for k in 0..200 {
        files.record(&event("site", &run, JobEventStatus::Running, 1, k));
    }
    files.close();
    assert_eq!(listing(&dir.path().join(ALL_DIR)).len(), 200);
    files.record(&event("site", &run, JobEventStatus::Succeeded, 1, 500));
    files.close();
    assert_eq!(listing(&dir.path().join(ALL_DIR)).len(), 200);
}

/// The writer's memory is bounded however many jobs it wrote for: it keeps the listings of
/// [`INDEXED_DIRS`] directories, and one it let go is listed again (bound kept) when written.
#[test]
fn the_index_keeps_a_bounded_number_of_directories() {
    let dir = tempfile::tempdir().unwrap();
    let run = TaskId::generate();
    let mut writer = Writer::new(dir.path().to_path_buf(), 2);
    for j in 0..INDEXED_DIRS + 20 {
        let job = format!("job{j}");
        writer
            .write(&event(&job, &run, JobEventStatus::Running, 1, j as i64))
            .unwrap();
        assert!(writer.known.len() <= INDEXED_DIRS, "{}", writer.known.len());
        assert_eq!(writer.known.len(), writer.recent.len());
    }
    // `all/` is written every time, so it stays; job0's listing went long ago.
    assert!(writer.known.contains_key(&dir.path().join(ALL_DIR)));
    assert!(!writer.known.contains_key(&job_dir(dir.path(), "job0")));
    for k in 0..3 {
        writer
            .write(&event("job0", &run, JobEventStatus::Running, 1, 1_000 + k))
            .unwrap();
    }
    let names = listing(&job_dir(dir.path(), "job0"));
    let times: Vec<&str> = names.iter().map(|n| &n[..13]).collect();
    assert_eq!(times, ["0000000001002", "0000000001001"]);
    assert_eq!(listing(&dir.path().join(ALL_DIR)).len(), 2);
}

/// Through the engine: a run's events reach the files as they reach the store.
#[tokio::test]
async fn a_runs_events_are_written_by_the_engine() {
    use std::sync::Arc;

    use crate::engine::audit::AuditEntry;
    use crate::engine::clock::ManualClock;
    use crate::engine::jobs::{JobSpec, JobTrigger};
    use crate::engine::model::QueueName;
    use crate::engine::random::ThreadRandom;
    use crate::engine::{Engine, EngineConfig, EngineParts};
    use crate::store::sqlite::{Durability, SqliteStore};

    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events");
    let files = Arc::new(JobEventFiles::start(events.clone(), 100).unwrap());
    let store = Arc::new(SqliteStore::open(dir.path().join("w.db"), Durability::Normal).unwrap());
    let parts = EngineParts {
        store,
        clock: Arc::new(ManualClock::new(1_800_000_000_000)),
        random: Arc::new(ThreadRandom),
        audit_archive: None,
        audit_anchors: None,
        job_event_sink: Some(files.clone()),
    };
    let engine = Engine::from_parts(parts, EngineConfig::default())
        .await
        .unwrap();
    let spec = JobSpec {
        name: JobName::new("a.b").unwrap(),
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
        retries: 0,
        timeout_ms: 0,
        cpus: None,
        memory_mb: None,
        pids: None,
    };
    engine
        .upsert_job(spec, AuditEntry::system(0, "job.upsert", "a.b", "test"))
        .await
        .unwrap();
    let run = engine
        .run_job(
            &JobName::new("a.b").unwrap(),
            JobTrigger::Manual {
                actor: "alice".into(),
            },
        )
        .await
        .unwrap();
    tokio::task::spawn_blocking({
        let files = files.clone();
        move || files.flush()
    })
    .await
    .unwrap();
    let job = job_dir(&events, "a.b");
    let names = listing(&job);
    assert_eq!(names.len(), 1);
    let queued = read(&job, &names[0]);
    assert_eq!(
        (
            queued["task_id"].as_str(),
            queued["status"].as_str(),
            queued["name"].as_str()
        ),
        (Some(run.run_id.as_str()), Some("queued"), Some("a.b"))
    );
    // The store is still the record the API reads.
    assert_eq!(engine.list_job_events(None, 10).await.unwrap().len(), 1);
}
