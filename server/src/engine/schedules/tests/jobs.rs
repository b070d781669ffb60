//! Schedules that run jobs: jobs are factories, what a schedule runs is decided at create time
//! and kept, name conflicts are refused, a fire makes one run and one task however many
//! engines tick, and a job run's task is the schedule's task (run events, overlap, run now).

use crate::engine::audit::{AuditCursor, AuditFilter};
use crate::engine::jobs::{
    JOB_RUNNER_HANDLER, JobEventStatus, JobRunQuery, JobRunRecord, JobRunStatus, JobSource,
    JobSpec, JobTrigger, RunPlan,
};
use crate::engine::model::{JobName, QueueName, TaskId};
use crate::engine::schedules::{META_NAME, ScheduleTarget, Trigger};

use super::*;

fn job(name: &str) -> JobSpec {
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
        env: Vec::new(),
        queue: QueueName::new("jobs").unwrap(),
        retries: 1,
        timeout_ms: 0,
        cpus: None,
        memory_mb: None,
        pids: None,
    }
}

/// A schedule named after the job, as go-worker's UI creates one for a factory.
fn job_schedule(name: &str, spec: &str) -> ScheduleInput {
    ScheduleInput {
        name: name.into(),
        spec: spec.into(),
        ..ScheduleInput::default()
    }
}

fn jname(name: &str) -> JobName {
    JobName::new(name).unwrap()
}

async fn runs(engine: &Engine, job: &str) -> Vec<JobRunRecord> {
    let query = JobRunQuery {
        job: Some(jname(job)),
        limit: 1_000,
        ..JobRunQuery::default()
    };
    let mut runs = engine.list_job_runs(&query).await.unwrap().runs;
    runs.reverse();
    runs
}

async fn add_worker(engine: &Engine, id: &str, handlers: &[&str]) -> WorkerId {
    let id = WorkerId::new(id).unwrap();
    engine
        .register_worker(NewWorker {
            id: id.clone(),
            host: "h".into(),
            pid: 2,
            version: "v".into(),
            concurrency: 4,
            handlers: handlers.iter().map(|h| h.to_string()).collect(),
            now_ms: T0,
        })
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn jobs_are_factories_and_a_schedule_named_after_one_runs_it() {
    let f = fixture().await;
    let e = &f.engine;
    e.upsert_job(job("site"), sys("job.upsert")).await.unwrap();
    // The job runner's own handler is no factory: it runs job runs, not schedules' tasks.
    add_worker(e, "runner", &[JOB_RUNNER_HANDLER]).await;
    let factories: Vec<(String, &str)> = e
        .schedule_factories()
        .await
        .unwrap()
        .into_iter()
        .map(|f| (f.name, f.origin))
        .collect();
    assert_eq!(
        factories,
        [
            ("cleanup".to_string(), "handler"),
            ("report".to_string(), "handler"),
            ("site".to_string(), "job"),
        ]
    );
    let (view, created) = e
        .create_schedule(job_schedule("site", "@every 1m"), sys("schedule.create"))
        .await
        .unwrap();
    assert!(created);
    assert_eq!(view.record.target, ScheduleTarget::Job);
    assert_eq!(view.record.task.handler, "site");
    assert_eq!(view.record.task.queue, "jobs", "the job's queue");
    // A schedule of another name may name the job too; one naming a handler stays a handler's.
    let mut other = job_schedule("site-hourly", "@hourly");
    other.handler = "site".into();
    let (other, _) = e
        .create_schedule(other, sys("schedule.create"))
        .await
        .unwrap();
    assert_eq!(other.record.target, ScheduleTarget::Job);
    let (plain, _) = e
        .create_schedule(input("r", "@daily"), sys("schedule.create"))
        .await
        .unwrap();
    assert_eq!(plain.record.target, ScheduleTarget::Handler);
    // The job sets its own queue, payload, retries and timeout: a schedule may not.
    type Set = fn(&mut ScheduleInput);
    let sets: [(&str, Set); 4] = [
        ("payload", |i| i.payload = b"x".to_vec()),
        ("queue", |i| i.queue = "other".into()),
        ("max_retries", |i| i.max_retries = Some(2)),
        ("timeout_ms", |i| i.timeout_ms = 5_000),
    ];
    for (field, set) in sets {
        let mut def = job_schedule("site", "@every 1m");
        set(&mut def);
        let err = e
            .create_schedule(def, sys("schedule.create"))
            .await
            .unwrap_err();
        assert_eq!(err.reason(), "job_schedule_template", "{field}");
        assert!(err.to_string().contains(field), "{err}");
    }
    // Naming job_runner is refused with why.
    let mut runner = input("raw", "@daily");
    runner.handler = JOB_RUNNER_HANDLER.into();
    assert_eq!(
        reason(e.create_schedule(runner, sys("schedule.create")).await),
        "schedule_factory_reserved"
    );
    let err = e
        .create_schedule(job_schedule("nothing", "@daily"), sys("schedule.create"))
        .await
        .unwrap_err();
    assert_eq!(err.reason(), "schedule_factory_not_found");
    assert!(err.to_string().contains("site (job)"), "{err}");
}

#[tokio::test]
async fn a_name_both_a_job_and_a_handler_have_is_refused_and_a_made_target_is_kept() {
    let f = fixture().await;
    let e = &f.engine;
    // A new job may not take a live handler's name.
    let err = e
        .upsert_job(job("report"), sys("job.upsert"))
        .await
        .unwrap_err();
    assert_eq!(err.reason(), "job_name_conflict");
    assert!(e.list_jobs().await.unwrap().is_empty(), "nothing written");

    e.upsert_job(job("etl"), sys("job.upsert")).await.unwrap();
    e.create_schedule(job_schedule("etl", "@every 1m"), sys("schedule.create"))
        .await
        .unwrap();
    // A worker registering a handler of the job's name later does not change what fires.
    add_worker(e, "w2", &["etl"]).await;
    let kept = e.get_schedule(&sname("etl")).await.unwrap();
    assert_eq!(kept.record.target, ScheduleTarget::Job);
    f.clock.set_ms(T0 + MINUTE);
    assert_eq!(e.fire_due_schedules().await.unwrap().fired, 1);
    assert_eq!(runs(e, "etl").await.len(), 1, "the fire ran the job");
    // Both exist now: naming it again is ambiguous, and refused; the stored one stays.
    let err = e
        .create_schedule(job_schedule("etl", "@every 5m"), sys("schedule.create"))
        .await
        .unwrap_err();
    assert_eq!(err.reason(), "schedule_target_ambiguous");
    assert_eq!(
        e.get_schedule(&sname("etl")).await.unwrap().record.spec,
        "@every 1m"
    );
    // The existing job can still be edited.
    let mut edited = job("etl");
    edited.description = "edited".into();
    assert!(!e.upsert_job(edited, sys("job.upsert")).await.unwrap().1);
}

#[tokio::test]
async fn a_job_a_schedule_runs_is_not_deleted_and_a_fire_of_a_gone_job_is_skipped() {
    let f = fixture().await;
    let e = &f.engine;
    e.upsert_job(job("site"), sys("job.upsert")).await.unwrap();
    e.create_schedule(job_schedule("site", "@every 1m"), sys("schedule.create"))
        .await
        .unwrap();
    let err = e
        .delete_job(&jname("site"), sys("job.delete"))
        .await
        .unwrap_err();
    assert_eq!(err.reason(), "job_in_use_by_schedule");
    assert!(err.to_string().contains("site"), "{err}");
    e.get_job(&jname("site")).await.unwrap();

    // Deleted under the schedule anyway (a race with the check): each fire is skipped with
    // why, and the schedule moves on.
    assert!(
        e.inner
            .store
            .delete_job(&jname("site"), None)
            .await
            .unwrap()
            .0
    );
    f.clock.set_ms(T0 + MINUTE);
    let report = e.fire_due_schedules().await.unwrap();
    assert_eq!((report.fired, report.skipped), (0, 1));
    let history = e
        .list_schedule_events(Some(&sname("site")), 10)
        .await
        .unwrap();
    assert_eq!(history[0].status, ScheduleEventStatus::Skipped);
    assert!(
        history[0].error.contains("job is gone"),
        "{}",
        history[0].error
    );
    assert!(tasks(e).await.is_empty());
    let advanced = e.get_schedule(&sname("site")).await.unwrap();
    assert_eq!(advanced.record.next_fire_ms, T0 + 2 * MINUTE);
    // Once the schedule is gone the job may go.
    e.upsert_job(job("site"), sys("job.upsert")).await.unwrap();
    e.delete_schedule(&sname("site"), sys("schedule.delete"))
        .await
        .unwrap();
    e.delete_job(&jname("site"), sys("job.delete"))
        .await
        .unwrap();
}

#[tokio::test]
async fn two_engines_firing_a_job_schedule_make_one_run_one_task_one_fired_event() {
    let f = fixture().await;
    let other = engine_on(&f.dir, &f.clock, Arc::new(ThreadRandom)).await;
    f.engine
        .upsert_job(job("site"), sys("job.upsert"))
        .await
        .unwrap();
    f.engine
        .create_schedule(job_schedule("site", "@every 1m"), sys("schedule.create"))
        .await
        .unwrap();
    for round in 1..=4 {
        f.clock.set_ms(T0 + round * MINUTE);
        let (a, b) = tokio::join!(f.engine.fire_due_schedules(), other.fire_due_schedules());
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.fired + b.fired, 1, "round {round}: {a:?} {b:?}");
        assert_eq!(other.fire_due_schedules().await.unwrap().fired, 0);
    }
    let made = tasks(&f.engine).await;
    let runs = runs(&f.engine, "site").await;
    assert_eq!((made.len(), runs.len()), (4, 4));
    for ((task, _), run) in made.iter().zip(&runs) {
        assert_eq!(task, &run.run_id, "a run is its task");
        assert_eq!(run.status, JobRunStatus::Queued);
        assert_eq!(
            run.trigger,
            JobTrigger::Schedule {
                name: sname("site")
            }
        );
    }
    let fired: Vec<_> = f
        .engine
        .list_schedule_events(Some(&sname("site")), 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.status == ScheduleEventStatus::Fired)
        .collect();
    assert_eq!(fired.len(), 4);
    let queued = f
        .engine
        .list_job_events(Some(&jname("site")), 100)
        .await
        .unwrap();
    assert_eq!(queued.len(), 4, "one queued event per run");
    assert!(
        queued
            .iter()
            .all(|e| e.status == JobEventStatus::Queued && e.schedule_name == Some(sname("site")))
    );

    // The same fire made by two engines at once, straight through the run path: one run,
    // one task, one `queued` event, and both answer its id.
    let plan = || RunPlan {
        run_id: TaskId::derived(&["test", "site", "1"]),
        idempotency_key: "schedule:site:1".into(),
        ..RunPlan::default()
    };
    let (job, schedule) = (jname("site"), sname("site"));
    let (a, b) = tokio::join!(
        f.engine.run_job_for_schedule(&job, &schedule, plan()),
        other.run_job_for_schedule(&job, &schedule, plan())
    );
    assert_eq!(a.unwrap(), b.unwrap());
    assert_eq!(tasks(&f.engine).await.len(), 5);
    assert_eq!(super::jobs::runs(&f.engine, "site").await.len(), 5);
    assert_eq!(
        f.engine
            .list_job_events(Some(&jname("site")), 100)
            .await
            .unwrap()
            .len(),
        5
    );
}

#[tokio::test]
async fn a_job_runs_task_is_the_schedules_task_for_run_events_overlap_and_run_now() {
    let f = fixture().await;
    let e = &f.engine;
    let runner = add_worker(e, "runner", &[JOB_RUNNER_HANDLER]).await;
    e.upsert_job(job("site"), sys("job.upsert")).await.unwrap();
    let mut def = job_schedule("site", "@every 1m");
    def.overlap = "skip".into();
    e.create_schedule(def, sys("schedule.create"))
        .await
        .unwrap();

    // Run now runs the job, audited with the run.
    let mut entry = sys("schedule.run");
    entry.detail = format!("task {}", crate::engine::audit::OUTCOME_PLACEHOLDER);
    let run_id = e.run_schedule(&sname("site"), None, entry).await.unwrap();
    let run = e.get_job_run(&run_id).await.unwrap();
    assert_eq!(
        run.trigger,
        JobTrigger::Schedule {
            name: sname("site")
        }
    );
    let task = e.get_task(&run_id).await.unwrap().task;
    assert_eq!(task.handler.as_str(), JOB_RUNNER_HANDLER);
    assert_eq!(
        task.metadata.get(META_NAME).map(String::as_str),
        Some("site")
    );
    assert_eq!(task.metadata.get("job").map(String::as_str), Some("site"));

    // While the run waits or runs, the overlap policy skips fires.
    f.clock.set_ms(T0 + MINUTE);
    let report = e.fire_due_schedules().await.unwrap();
    assert_eq!((report.fired, report.skipped), (0, 1));
    let handlers = [HandlerName::new(JOB_RUNNER_HANDLER).unwrap()];
    let leased = e.lease(&runner, &handlers, None, 1).await.unwrap();
    assert_eq!(leased[0].id, run_id);
    assert_eq!(
        e.get_job_run(&run_id).await.unwrap().status,
        JobRunStatus::Running
    );
    e.complete(&leased[0]).await.unwrap();
    assert_eq!(
        e.get_job_run(&run_id).await.unwrap().status,
        JobRunStatus::Succeeded
    );
    f.clock.set_ms(T0 + 2 * MINUTE);
    assert_eq!(e.fire_due_schedules().await.unwrap().fired, 1);

    let history: Vec<_> = e
        .list_schedule_events(Some(&sname("site")), 100)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .map(|ev| (ev.status, ev.trigger))
        .collect();
    use ScheduleEventStatus::*;
    assert_eq!(
        history,
        [
            (Fired, Trigger::Manual),
            (Skipped, Trigger::Cron),
            (Running, Trigger::Manual),
            (Succeeded, Trigger::Manual),
            (Fired, Trigger::Cron),
        ]
    );
    let audit = e
        .list_audit(&AuditFilter::default(), &AuditCursor::Before(None), 100)
        .await
        .unwrap();
    let run_entry = audit
        .iter()
        .find(|a| a.entry.action == "schedule.run")
        .expect("the run now is audited");
    assert!(
        run_entry.entry.detail.contains(run_id.as_str()),
        "{}",
        run_entry.entry.detail
    );
}
