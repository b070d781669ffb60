//! [`JobStore`] conformance: job definitions under a revision, runs whose status never goes
//! back, output logs with their cap, events kept apart per job, and the retention sweep.

use std::collections::BTreeMap;
use std::sync::Arc;

use worker_server::engine::jobs::*;
use worker_server::engine::model::*;
use worker_server::store::*;

use super::T0;

fn name(value: &str) -> JobName {
    JobName::new(value).unwrap()
}

fn spec(value: &str) -> JobSpec {
    JobSpec {
        name: name(value),
        description: "builds the site".into(),
        source: JobSource::GitTag {
            repo: "https://git.example.com/site.git".into(),
            tag: "v1.0.0".into(),
            commit: Some("a".repeat(40)),
        },
        path: "app".into(),
        dockerfile: "Dockerfile".into(),
        command: vec!["make".into(), "all".into()],
        env: vec![
            JobEnv {
                name: "MODE".into(),
                value: "release".into(),
                secret: false,
            },
            JobEnv {
                name: "TOKEN".into(),
                value: "s3cret".into(),
                secret: true,
            },
        ],
        queue: QueueName::new("default").unwrap(),
        retries: 2,
        timeout_ms: 60_000,
        cpus: Some(0.25),
        memory_mb: Some(128),
        pids: None,
    }
}

pub(super) fn job(value: &str, at: i64) -> JobRecord {
    JobRecord {
        spec: spec(value),
        created_at_ms: at,
        updated_at_ms: at,
        revision: 0,
    }
}

pub(super) fn run(job: &str, queued_at_ms: i64) -> JobRunRecord {
    JobRunRecord {
        run_id: TaskId::generate(),
        job: name(job),
        spec: spec(job),
        status: JobRunStatus::Queued,
        trigger: JobTrigger::Manual {
            actor: "alice".into(),
        },
        queued_at_ms,
        started_at_ms: None,
        finished_at_ms: None,
        attempt: 1,
        exit_code: None,
        oom_killed: false,
        timed_out: false,
        peak_memory_bytes: None,
        resolved_commit: None,
        error: None,
        output_bytes: 0,
        truncated: false,
    }
}

/// `run` finished with `status` at `at`.
fn ended(mut run: JobRunRecord, status: JobRunStatus, at: i64) -> JobRunRecord {
    run.status = status;
    run.started_at_ms = Some(run.queued_at_ms);
    run.finished_at_ms = Some(at);
    run.exit_code = Some(if status == JobRunStatus::Succeeded {
        0
    } else {
        1
    });
    run
}

fn event(job: &str, task_id: &TaskId, status: JobEventStatus, at_ms: i64) -> JobEventRecord {
    JobEventRecord {
        task_id: task_id.clone(),
        name: name(job),
        status,
        queue: "default".into(),
        source: spec(job).source,
        path: "app".into(),
        dockerfile: "Dockerfile".into(),
        command: vec!["make".into()],
        schedule_name: None,
        schedule_spec: String::new(),
        started_at_ms: Some(at_ms),
        finished_at_ms: None,
        duration_ms: None,
        result: String::new(),
        error: String::new(),
        metadata: BTreeMap::new(),
        attempt: 1,
        at_ms,
    }
}

fn out(stream: JobLogStream, data: &[u8]) -> NewJobLogChunk {
    NewJobLogChunk {
        stream,
        at_ms: T0,
        data: data.to_vec(),
    }
}

fn ids(runs: &[JobRunRecord]) -> Vec<TaskId> {
    runs.iter().map(|r| r.run_id.clone()).collect()
}

pub(super) async fn upsert_keeps_created_at_and_bumps_revision(store: Arc<dyn Store>) {
    let (stored, created, _) = store.upsert_job(job("site", T0), None).await.unwrap();
    assert!(created);
    assert_eq!((stored.revision, stored.created_at_ms), (1, T0));
    let mut edited = job("site", T0 + 5_000);
    edited.spec.description = "edited".into();
    edited.revision = 42;
    let (stored, created, _) = store.upsert_job(edited, None).await.unwrap();
    assert!(!created);
    assert_eq!(
        stored.revision, 2,
        "the stored revision plus one, whatever the caller held"
    );
    assert_eq!(stored.created_at_ms, T0, "created_at is kept");
    assert_eq!(stored.updated_at_ms, T0 + 5_000);
    assert_eq!(store.get_job(&name("site")).await.unwrap(), Some(stored));
}

pub(super) async fn jobs_are_listed_by_name_and_deleted_alone(store: Arc<dyn Store>) {
    assert_eq!(store.get_job(&name("nope")).await.unwrap(), None);
    assert!(store.list_jobs().await.unwrap().is_empty());
    for value in ["b.sync", "a:build", "c-report"] {
        store.upsert_job(job(value, T0), None).await.unwrap();
    }
    let listed = store.list_jobs().await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|j| j.spec.name.as_str())
            .collect::<Vec<_>>(),
        vec!["a:build", "b.sync", "c-report"]
    );
    // Records come back exactly, secret values and limits included (redaction is the API's).
    assert_eq!(listed[1].spec, spec("b.sync"));

    let r = run("b.sync", T0);
    assert!(store.insert_job_run(r.clone(), None).await.unwrap().0);
    let e = event("b.sync", &r.run_id, JobEventStatus::Queued, T0);
    store
        .append_job_events(std::slice::from_ref(&e))
        .await
        .unwrap();
    assert!(store.delete_job(&name("b.sync"), None).await.unwrap().0);
    assert!(!store.delete_job(&name("b.sync"), None).await.unwrap().0);
    assert_eq!(store.get_job(&name("b.sync")).await.unwrap(), None);
    assert_eq!(store.list_jobs().await.unwrap().len(), 2);
    assert_eq!(store.get_job_run(&r.run_id).await.unwrap(), Some(r));
    assert_eq!(
        store
            .list_job_events(Some(&name("b.sync")), 10)
            .await
            .unwrap(),
        vec![e],
        "runs and events stay"
    );
    let (again, created, _) = store.upsert_job(job("b.sync", T0 + 9), None).await.unwrap();
    assert!(created);
    assert_eq!(again.created_at_ms, T0 + 9, "a job made again is new");
    assert_eq!(again.revision, 2, "revisions never repeat under one name");
}

pub(super) async fn runs_are_listed_newest_first_by_job_status_and_cursor(store: Arc<dyn Store>) {
    let mut all = Vec::new();
    for i in 0..5 {
        all.push(run("site", T0 + i * 1_000));
        all.push(run("docs", T0 + i * 1_000 + 500));
    }
    // Two runs in one millisecond still have an order (their ids, which are time-ordered).
    all.push(run("site", T0 + 4_000));
    for r in &all {
        assert!(store.insert_job_run(r.clone(), None).await.unwrap().0);
    }
    assert!(
        !store.insert_job_run(all[0].clone(), None).await.unwrap().0,
        "a run id is written once"
    );
    let done = ended(all[2].clone(), JobRunStatus::Succeeded, T0 + 9_000);
    assert_eq!(
        store.update_job_run(done.clone()).await.unwrap(),
        JobRunWrite::Written
    );

    let mut newest_first = all.clone();
    newest_first.sort_by(|a, b| (b.queued_at_ms, &b.run_id).cmp(&(a.queued_at_ms, &a.run_id)));
    let page = store.list_job_runs(None, None, None, 100).await.unwrap();
    assert_eq!(ids(&page.runs), ids(&newest_first));
    assert_eq!(page.next, None, "a page that is not full is the last");

    // Paging through one job's runs, three at a time.
    let site: Vec<TaskId> = newest_first
        .iter()
        .filter(|r| r.job.as_str() == "site")
        .map(|r| r.run_id.clone())
        .collect();
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = store
            .list_job_runs(Some(&name("site")), None, cursor.as_ref(), 3)
            .await
            .unwrap();
        seen.extend(ids(&page.runs));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, site);

    let succeeded = store
        .list_job_runs(None, Some(JobRunStatus::Succeeded), None, 10)
        .await
        .unwrap();
    assert_eq!(
        succeeded.runs,
        vec![done.clone()],
        "the status index follows updates"
    );
    let queued_site = store
        .list_job_runs(Some(&name("site")), Some(JobRunStatus::Queued), None, 10)
        .await
        .unwrap();
    assert_eq!(queued_site.runs.len(), 5);
    assert!(
        queued_site
            .runs
            .iter()
            .all(|r| r.status == JobRunStatus::Queued)
    );
    let docs_done = store
        .list_job_runs(Some(&name("docs")), Some(JobRunStatus::Succeeded), None, 10)
        .await
        .unwrap();
    assert!(docs_done.runs.is_empty());
    assert_eq!(store.get_job_run(&done.run_id).await.unwrap(), Some(done));
}

pub(super) async fn a_finished_run_does_not_go_back(store: Arc<dyn Store>) {
    let queued = run("site", T0);
    assert_eq!(
        store.update_job_run(queued.clone()).await.unwrap(),
        JobRunWrite::NotFound
    );
    store.insert_job_run(queued.clone(), None).await.unwrap();
    let mut running = queued.clone();
    running.status = JobRunStatus::Running;
    running.started_at_ms = Some(T0 + 10);
    assert_eq!(
        store.update_job_run(running.clone()).await.unwrap(),
        JobRunWrite::Written
    );
    let mut done = ended(running.clone(), JobRunStatus::Failed, T0 + 500);
    done.oom_killed = true;
    done.peak_memory_bytes = Some(128 << 20);
    assert_eq!(
        store.update_job_run(done.clone()).await.unwrap(),
        JobRunWrite::Written
    );
    // A late heartbeat of the same attempt, a cancel after the end, an older attempt: refused,
    // and the stored run is handed back unchanged.
    let mut late = running.clone();
    late.peak_memory_bytes = Some(1);
    let cancelled = ended(running.clone(), JobRunStatus::Cancelled, T0 + 600);
    for stale in [late, cancelled, queued.clone()] {
        assert_eq!(
            store.update_job_run(stale).await.unwrap(),
            JobRunWrite::Refused(Box::new(done.clone()))
        );
    }
    assert_eq!(
        store.get_job_run(&done.run_id).await.unwrap(),
        Some(done.clone())
    );
    let listed = store
        .list_job_runs(None, Some(JobRunStatus::Running), None, 10)
        .await
        .unwrap();
    assert!(listed.runs.is_empty(), "no index kept the refused status");
    // The same end may be written again with its figures; a replay is a later attempt.
    let mut figures = done.clone();
    figures.output_bytes = 77;
    assert_eq!(
        store.update_job_run(figures).await.unwrap(),
        JobRunWrite::Written
    );
    let mut replayed = done.clone();
    replayed.status = JobRunStatus::Queued;
    replayed.attempt = 2;
    replayed.finished_at_ms = None;
    assert_eq!(
        store.update_job_run(replayed.clone()).await.unwrap(),
        JobRunWrite::Written
    );
    let queued_now = store
        .list_job_runs(None, Some(JobRunStatus::Queued), None, 10)
        .await
        .unwrap();
    assert_eq!(queued_now.runs, vec![replayed.clone()]);
    // A run's job never changes.
    let mut moved = replayed.clone();
    moved.job = name("other");
    moved.status = JobRunStatus::Running;
    assert!(matches!(
        store.update_job_run(moved).await.unwrap(),
        JobRunWrite::Refused(_)
    ));
}

pub(super) async fn log_chunks_are_read_in_order_after_a_seq(store: Arc<dyn Store>) {
    let r = run("site", T0);
    assert_eq!(
        store
            .append_job_log(&r.run_id, vec![out(JobLogStream::Stdout, b"x")], 1_000)
            .await
            .unwrap(),
        None,
        "no log without its run"
    );
    store.insert_job_run(r.clone(), None).await.unwrap();
    let empty = store.read_job_log(&r.run_id, 0, 10).await.unwrap();
    assert_eq!(empty.chunks, vec![]);
    assert_eq!(empty.state, JobLogState::default());

    let first = store
        .append_job_log(
            &r.run_id,
            vec![
                out(JobLogStream::Build, b"step 1/2\n"),
                out(JobLogStream::Stdout, b""),
                out(JobLogStream::Stdout, b"hello \x00\xff"),
            ],
            1_000,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (first.last_seq, first.stored_bytes, first.truncated),
        (2, 17, false),
        "the empty chunk is skipped"
    );
    let second = store
        .append_job_log(&r.run_id, vec![out(JobLogStream::Stderr, b"oops\n")], 1_000)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((second.last_seq, second.stored_bytes), (3, 22));

    let all = store.read_job_log(&r.run_id, 0, 10).await.unwrap();
    assert_eq!(all.state, second);
    let seen: Vec<(u64, JobLogStream, &[u8])> = all
        .chunks
        .iter()
        .map(|c| (c.seq, c.stream, c.data.as_slice()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (1, JobLogStream::Build, &b"step 1/2\n"[..]),
            (2, JobLogStream::Stdout, &b"hello \x00\xff"[..]),
            (3, JobLogStream::Stderr, &b"oops\n"[..]),
        ]
    );
    assert!(
        all.chunks
            .iter()
            .all(|c| c.run_id == r.run_id && c.at_ms == T0)
    );
    let after = store.read_job_log(&r.run_id, 1, 1).await.unwrap();
    assert_eq!(
        after.chunks.iter().map(|c| c.seq).collect::<Vec<_>>(),
        vec![2]
    );
    assert!(
        store
            .read_job_log(&r.run_id, 3, 10)
            .await
            .unwrap()
            .chunks
            .is_empty()
    );
}

pub(super) async fn the_log_cap_truncates_once_and_counts_what_it_drops(store: Arc<dyn Store>) {
    let r = run("site", T0);
    store.insert_job_run(r.clone(), None).await.unwrap();
    let cap = 10;
    let state = store
        .append_job_log(
            &r.run_id,
            vec![
                out(JobLogStream::Stdout, b"123456"),
                out(JobLogStream::Stderr, b"abcdefgh"),
                out(JobLogStream::Stdout, b"zz"),
            ],
            cap,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        state,
        JobLogState {
            stored_bytes: 10,
            dropped_bytes: 6,
            truncated: true,
            last_seq: 3,
        }
    );
    let later = store
        .append_job_log(&r.run_id, vec![out(JobLogStream::Stdout, b"more!")], cap)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (later.dropped_bytes, later.last_seq),
        (11, 3),
        "dropped, counted, no marker"
    );
    assert_eq!(later.output_bytes(), 21);

    let log = store.read_job_log(&r.run_id, 0, 100).await.unwrap();
    assert_eq!(log.state, later);
    let seen: Vec<(JobLogStream, Vec<u8>)> = log
        .chunks
        .iter()
        .map(|c| (c.stream, c.data.clone()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (JobLogStream::Stdout, b"123456".to_vec()),
            (JobLogStream::Stderr, b"abcd".to_vec()),
            (JobLogStream::System, truncation_marker(cap)),
        ],
        "the crossing chunk is cut at the cap and followed by exactly one marker"
    );

    // A log that reaches its cap exactly is not truncated until more comes.
    let exact = run("site", T0 + 1);
    store.insert_job_run(exact.clone(), None).await.unwrap();
    let full = store
        .append_job_log(
            &exact.run_id,
            vec![out(JobLogStream::Stdout, b"0123456789")],
            cap,
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (full.stored_bytes, full.truncated, full.last_seq),
        (10, false, 1)
    );
}

pub(super) async fn events_of_like_named_jobs_stay_apart(store: Arc<dyn Store>) {
    let names = ["a.b", "a_b", "all", "a:b"];
    for (i, job) in names.iter().enumerate() {
        let id = TaskId::generate();
        store
            .append_job_events(&[event(job, &id, JobEventStatus::Queued, T0 + i as i64)])
            .await
            .unwrap();
    }
    for job in names {
        let events = store.list_job_events(Some(&name(job)), 10).await.unwrap();
        assert_eq!(events.len(), 1, "{job}");
        assert_eq!(events[0].name.as_str(), job);
    }
    let every = store.list_job_events(None, 10).await.unwrap();
    assert_eq!(
        every.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
        vec!["a:b", "all", "a_b", "a.b"],
        "all jobs' events, newest first"
    );
    assert_eq!(store.list_job_events(None, 2).await.unwrap().len(), 2);
    assert!(
        store
            .list_job_events(Some(&name("a")), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub(super) async fn events_of_one_task_in_one_millisecond_are_all_kept(store: Arc<dyn Store>) {
    let id = TaskId::generate();
    let mut retried = event("site", &id, JobEventStatus::Retrying, T0);
    retried.error = "exit 1".into();
    let mut again = event("site", &id, JobEventStatus::Running, T0);
    again.attempt = 2;
    let queued = event("site", &id, JobEventStatus::Queued, T0);
    store
        .append_job_events(std::slice::from_ref(&queued))
        .await
        .unwrap();
    store
        .append_job_events(&[retried.clone(), again.clone()])
        .await
        .unwrap();
    assert_eq!(
        store
            .list_job_events(Some(&name("site")), 10)
            .await
            .unwrap(),
        vec![again, retried, queued]
    );
}

pub(super) async fn retention_keeps_the_newest_runs_and_events_per_job(store: Arc<dyn Store>) {
    // Six finished runs of `site`, two of `docs`, and one of `site` still running.
    let mut site = Vec::new();
    for i in 0..6 {
        let r = run("site", T0 + i * 1_000);
        store.insert_job_run(r.clone(), None).await.unwrap();
        let r = ended(r, JobRunStatus::Succeeded, T0 + i * 1_000 + 100);
        store.update_job_run(r.clone()).await.unwrap();
        store
            .append_job_log(&r.run_id, vec![out(JobLogStream::Stdout, b"log")], 100)
            .await
            .unwrap();
        store
            .append_job_events(&[
                event("site", &r.run_id, JobEventStatus::Queued, T0 + i * 1_000),
                event(
                    "site",
                    &r.run_id,
                    JobEventStatus::Succeeded,
                    T0 + i * 1_000 + 100,
                ),
            ])
            .await
            .unwrap();
        site.push(r);
    }
    let mut docs = Vec::new();
    for i in 0..2 {
        let r = ended(run("docs", T0 + i), JobRunStatus::Failed, T0 + i + 1);
        store.insert_job_run(r.clone(), None).await.unwrap();
        docs.push(r);
    }
    let mut stuck = run("site", T0 - 10_000);
    stuck.status = JobRunStatus::Running;
    store.insert_job_run(stuck.clone(), None).await.unwrap();

    // Cut-off after the fourth site run's end: of the runs beyond the newest two per job,
    // the first four site runs ended before it; the running one and docs' two newest stay.
    let sweep = JobSweep {
        before_ms: T0 + 3_500,
        keep_runs_per_job: 2,
        keep_events_per_job: 4,
        batch: 1_000,
    };
    let counts = store.sweep_job_history(sweep).await.unwrap();
    assert_eq!(counts.runs, 4);
    // site has 12 events; the 8 beyond the newest 4 are the first four runs', all recorded
    // before the cut-off (the latest at T0 + 3_100).
    assert_eq!(counts.events, 8);

    let left = store
        .list_job_runs(Some(&name("site")), None, None, 100)
        .await
        .unwrap();
    assert_eq!(
        ids(&left.runs),
        vec![
            site[5].run_id.clone(),
            site[4].run_id.clone(),
            stuck.run_id.clone()
        ],
        "the newest two and the unfinished one"
    );
    for gone in &site[..4] {
        assert_eq!(store.get_job_run(&gone.run_id).await.unwrap(), None);
        let log = store.read_job_log(&gone.run_id, 0, 10).await.unwrap();
        assert!(log.chunks.is_empty(), "a deleted run's log goes with it");
        assert_eq!(log.state, JobLogState::default());
    }
    assert_eq!(
        store
            .read_job_log(&site[5].run_id, 0, 10)
            .await
            .unwrap()
            .chunks
            .len(),
        1
    );
    assert_eq!(
        store
            .list_job_runs(Some(&name("docs")), None, None, 10)
            .await
            .unwrap()
            .runs
            .len(),
        2
    );
    let events = store
        .list_job_events(Some(&name("site")), 100)
        .await
        .unwrap();
    assert_eq!(events.len(), 4);
    assert!(events.iter().all(|e| e.at_ms >= T0 + 4_000));
    assert_eq!(store.list_job_events(None, 100).await.unwrap().len(), 4);

    // A small batch stops early; repeating finishes the job, then nothing is left to do.
    let more = JobSweep {
        before_ms: T0 + 100_000,
        keep_runs_per_job: 0,
        keep_events_per_job: 0,
        batch: 1,
    };
    let once = store.sweep_job_history(more).await.unwrap();
    assert_eq!((once.runs, once.events), (1, 1));
    while store.sweep_job_history(more).await.unwrap() != JobSweepCounts::default() {}
    let rest = store.list_job_runs(None, None, None, 100).await.unwrap();
    assert_eq!(
        ids(&rest.runs),
        vec![stuck.run_id.clone()],
        "unfinished runs stay"
    );
    assert!(store.list_job_events(None, 100).await.unwrap().is_empty());
}

pub(super) async fn concurrent_ends_of_one_run_let_one_win(store: Arc<dyn Store>) {
    // A worker's end, an operator's cancel and a late heartbeat race for one running run:
    // exactly one end is written, and whatever the order the run ends there.
    for round in 0..10 {
        let mut running = run("site", T0 + round);
        running.status = JobRunStatus::Running;
        store.insert_job_run(running.clone(), None).await.unwrap();
        let contenders = [
            ended(running.clone(), JobRunStatus::Succeeded, T0 + 100),
            ended(running.clone(), JobRunStatus::Cancelled, T0 + 100),
            ended(running.clone(), JobRunStatus::Failed, T0 + 100),
            running.clone(),
        ];
        let writes = contenders.iter().cloned().map(|r| {
            let store = store.clone();
            tokio::spawn(async move { (r.status, store.update_job_run(r).await.unwrap()) })
        });
        let mut ends_written = Vec::new();
        for write in writes {
            let (status, outcome) = write.await.unwrap();
            if status.is_terminal() && outcome == JobRunWrite::Written {
                ends_written.push(status);
            }
        }
        assert_eq!(ends_written.len(), 1, "round {round}: {ends_written:?}");
        let stored = store.get_job_run(&running.run_id).await.unwrap().unwrap();
        assert_eq!(stored.status, ends_written[0]);
        let by_status = store
            .list_job_runs(Some(&name("site")), Some(ends_written[0]), None, 100)
            .await
            .unwrap();
        assert!(by_status.runs.iter().any(|r| r.run_id == running.run_id));
    }
}

/// An audited job write commits its entry with it, chained like any other; a write that
/// changes nothing (an unknown job deleted, a run id taken) writes no entry.
pub(super) async fn job_mutations_write_their_audit_entry(store: Arc<dyn Store>) {
    use super::audit::write;
    use worker_server::engine::audit::{AuditCursor, AuditFilter};
    let (stored, created, entry) = store
        .upsert_job(job("audited", T0), Some(&write("job.upsert", "alice", T0)))
        .await
        .unwrap();
    assert!(created);
    assert_eq!(stored.revision, 1);
    let upsert = entry.expect("the upsert's entry");
    assert_eq!(upsert.entry.action, "job.upsert");
    let r = run("audited", T0 + 1);
    let (written, entry) = store
        .insert_job_run(r.clone(), Some(&write("job.run", "alice", T0 + 1)))
        .await
        .unwrap();
    assert!(written);
    let ran = entry.expect("the run's entry");
    assert_eq!(ran.prev_hash, upsert.hash);
    let (again, entry) = store
        .insert_job_run(r.clone(), Some(&write("job.run", "alice", T0 + 2)))
        .await
        .unwrap();
    assert!(!again && entry.is_none());
    let (deleted, entry) = store
        .delete_job(
            &name("audited"),
            Some(&write("job.delete", "alice", T0 + 3)),
        )
        .await
        .unwrap();
    assert!(deleted);
    assert_eq!(entry.expect("the delete's entry").prev_hash, ran.hash);
    let (deleted, entry) = store
        .delete_job(
            &name("audited"),
            Some(&write("job.delete", "alice", T0 + 4)),
        )
        .await
        .unwrap();
    assert!(!deleted && entry.is_none());
    let actions: Vec<String> = store
        .list_audit(&AuditFilter::default(), &AuditCursor::Before(None), 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.entry.action)
        .collect();
    assert_eq!(actions, ["job.delete", "job.run", "job.upsert"]);
}

/// Nodes firing one schedule time make its job run under one id derived from the fire: their
/// inserts race, exactly one writes, and every other finds the winner's run (nothing of its
/// own written), which is what lets them agree on one run and one task.
pub(super) async fn concurrent_inserts_of_one_run_id_let_one_win(store: Arc<dyn Store>) {
    for round in 0..5 {
        let id = TaskId::derived(&["conformance", &round.to_string()]);
        let contenders: Vec<JobRunRecord> = (0..4)
            .map(|node| {
                let mut r = run("site", T0 + round * 10 + node);
                r.run_id = id.clone();
                r.trigger = JobTrigger::Schedule {
                    name: ScheduleName::new("nightly").unwrap(),
                };
                r
            })
            .collect();
        let inserts = contenders.iter().cloned().map(|r| {
            let store = store.clone();
            tokio::spawn(async move { (r.clone(), store.insert_job_run(r, None).await.unwrap()) })
        });
        let mut winners = Vec::new();
        for insert in inserts {
            let (r, (written, entry)) = insert.await.unwrap();
            assert!(entry.is_none());
            if written {
                winners.push(r);
            }
        }
        assert_eq!(winners.len(), 1, "round {round}");
        let stored = store.get_job_run(&id).await.unwrap().unwrap();
        assert_eq!(stored, winners[0], "the first write stands");
        let listed = store
            .list_job_runs(Some(&name("site")), None, None, 100)
            .await
            .unwrap()
            .runs;
        assert_eq!(listed.iter().filter(|r| r.run_id == id).count(), 1);
    }
}
