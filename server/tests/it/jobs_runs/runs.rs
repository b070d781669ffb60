//! A run to each of its ends: success with both streams logged, a failing exit retried then
//! failed, a timeout, a cancel, and the host environment a container does and does not see.

use worker_server::engine::audit::AuditEntry;
use worker_server::engine::jobs::model::{JobEnv, JobEventStatus, JobLogStream, JobRunStatus};
use worker_server::engine::model::CancelOutcome;

use super::JobHarness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_that_prints_to_both_streams_and_exits_0_succeeds_with_its_log() {
    let Some(h) = JobHarness::start(&[]).await else {
        return;
    };
    let run = h
        .run(h.job("hello", "echo out-line; echo err-line >&2; exit 0"))
        .await;
    assert_eq!((run.status, run.attempt), (JobRunStatus::Queued, 1));
    let done = h
        .wait_run(&run, "the run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Succeeded, "{done:?}");
    assert_eq!(done.exit_code, Some(0));
    assert!(!done.oom_killed && !done.timed_out);
    assert_eq!(done.error, None);
    assert!(done.queue_delay_ms().is_some_and(|d| d >= 0));
    assert!(done.duration_ms().is_some_and(|d| d > 0), "{done:?}");
    assert!(done.output_bytes >= "out-line\nerr-line\n".len() as u64);
    assert_eq!(h.log(&done, JobLogStream::Stdout).await, "out-line\n");
    assert_eq!(h.log(&done, JobLogStream::Stderr).await, "err-line\n");
    let events = h.events(&done).await;
    let statuses: Vec<JobEventStatus> = events.iter().map(|e| e.status).collect();
    assert_eq!(
        statuses,
        [
            JobEventStatus::Queued,
            JobEventStatus::Running,
            JobEventStatus::Succeeded
        ]
    );
    let end = events.last().unwrap();
    assert!(end.result.contains("out-line"), "{end:?}");
    assert_eq!(end.duration_ms, done.duration_ms());
    h.assert_nothing_left(&done).await;
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_exit_is_retried_then_fails_with_its_exit_code() {
    let Some(h) = JobHarness::start(&[]).await else {
        return;
    };
    let mut spec = h.job("exit3", "echo trying; exit 3");
    spec.retries = 1;
    let run = h.run(spec).await;
    let done = h
        .wait_run(&run, "the run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Failed, "{done:?}");
    assert_eq!((done.attempt, done.exit_code), (2, Some(3)));
    assert!(
        done.error.as_deref().is_some_and(|e| e.contains("code 3")),
        "{done:?}"
    );
    h.wait_statuses(
        &done,
        &[
            JobEventStatus::Queued,
            JobEventStatus::Running,
            JobEventStatus::Retrying,
            JobEventStatus::Running,
            JobEventStatus::Failed,
        ],
    )
    .await;
    // Both attempts' output is in the one log.
    assert_eq!(h.log(&done, JobLogStream::Stdout).await, "trying\ntrying\n");
    h.assert_nothing_left(&done).await;
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_past_its_timeout_is_killed_and_its_container_removed() {
    let Some(h) = JobHarness::start(&[]).await else {
        return;
    };
    let mut spec = h.job("slow", "echo ready; sleep 600");
    spec.timeout_ms = 15_000;
    let run = h.run(spec).await;
    let done = h
        .wait_run(&run, "the run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Failed, "{done:?}");
    assert!(done.timed_out, "{done:?}");
    assert!(
        done.error
            .as_deref()
            .is_some_and(|e| e.contains("timed out")),
        "{done:?}"
    );
    h.assert_nothing_left(&done).await;
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_run_stops_its_container() {
    let Some(h) = JobHarness::start(&[]).await else {
        return;
    };
    let run = h.run(h.job("cancel-me", "echo ready; sleep 600")).await;
    h.wait_run(&run, "the run to start", |r| {
        r.status == JobRunStatus::Running
    })
    .await;
    crate::support::eventually("the job to say it is ready", super::RUN_WAIT, || async {
        h.log(&run, JobLogStream::Stdout)
            .await
            .contains("ready")
            .then_some(())
    })
    .await;
    let outcome = h
        .engine
        .cancel_task(
            &run.run_id,
            AuditEntry::system(0, "task.cancel", "*", "test"),
        )
        .await
        .unwrap();
    assert_eq!(outcome, CancelOutcome::Requested);
    let done = h
        .wait_run(&run, "the run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Cancelled, "{done:?}");
    assert!(!done.timed_out);
    // The run's event is appended after its status is written, so it is awaited, not read once.
    crate::support::eventually("the run's cancelled event", super::RUN_WAIT, || async {
        (h.statuses(&done).await.last() == Some(&JobEventStatus::Cancelled)).then_some(())
    })
    .await;
    h.assert_nothing_left(&done).await;
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_allowlisted_host_variables_reach_the_container() {
    let Some(h) = JobHarness::start(&[
        ("WORKER_JOB_ENV_ALLOWLIST", "ALLOWED_VAR"),
        ("ALLOWED_VAR", "let-in"),
        ("HOST_SECRET", "keep-out"),
    ])
    .await
    else {
        return;
    };
    let mut spec = h.job(
        "env",
        "echo allowed=${ALLOWED_VAR:-absent}; echo secret=${HOST_SECRET:-absent}; echo own=$OWN; env",
    );
    spec.env = vec![JobEnv {
        name: "OWN".into(),
        value: "mine".into(),
        secret: true,
    }];
    let run = h.run(spec).await;
    let done = h
        .wait_run(&run, "the run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Succeeded, "{done:?}");
    let out = h.log(&done, JobLogStream::Stdout).await;
    assert!(out.contains("allowed=let-in\n"), "{out}");
    assert!(out.contains("secret=absent\n"), "{out}");
    assert!(out.contains("own=mine\n"), "{out}");
    assert!(!out.contains("keep-out"), "{out}");
    h.assert_nothing_left(&done).await;
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_over_its_memory_limit_is_reported_oom_killed() {
    let Some(h) = JobHarness::start(&[]).await else {
        return;
    };
    let mut spec = h.job(
        "hungry",
        "x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo survived",
    );
    spec.memory_mb = Some(16);
    let run = h.run(spec).await;
    let done = h
        .wait_run(&run, "the run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Failed, "{done:?}");
    assert!(done.oom_killed, "{done:?}");
    assert!(
        done.error
            .as_deref()
            .is_some_and(|e| e.contains("memory limit")),
        "{done:?}"
    );
    assert!(
        !h.log(&done, JobLogStream::Stdout)
            .await
            .contains("survived")
    );
    h.assert_nothing_left(&done).await;
    h.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_is_followed_live_and_is_complete_afterwards() {
    use futures::StreamExt;
    let Some(h) = JobHarness::start(&[]).await else {
        return;
    };
    // The pause keeps the run going long after its first line, so seeing that line while the
    // run is still running shows the follow is live (not a read after the end).
    let run = h
        .run(h.job("follow", "echo first; sleep 10; echo second; echo oops >&2"))
        .await;
    let mut follow = Box::pin(h.engine.follow_job_log(
        run.run_id.clone(),
        0,
        std::time::Duration::from_millis(20),
    ));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut live = false;
    while let Some(chunk) = follow.next().await {
        let chunk = chunk.unwrap();
        match chunk.stream {
            JobLogStream::Stdout => out.extend(&chunk.data),
            JobLogStream::Stderr => err.extend(&chunk.data),
            _ => {}
        }
        if !live && String::from_utf8_lossy(&out).contains("first") {
            let now = h.store().get_job_run(&run.run_id).await.unwrap().unwrap();
            assert_eq!(now.status, JobRunStatus::Running, "{now:?}");
            live = true;
        }
    }
    assert!(live, "the first line was never followed");
    let done = h
        .wait_run(&run, "the run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Succeeded, "{done:?}");
    // The follow ended with the run and handed out all of its output, stream by stream.
    assert_eq!(String::from_utf8_lossy(&out), "first\nsecond\n");
    assert_eq!(String::from_utf8_lossy(&err), "oops\n");
    assert_eq!(h.log(&done, JobLogStream::Stdout).await, "first\nsecond\n");
    assert_eq!(h.log(&done, JobLogStream::Stderr).await, "oops\n");
    h.assert_nothing_left(&done).await;
    h.stop().await;
}

/// A schedule that runs a job: run now makes a run triggered by the schedule, the real runner
/// builds and runs it to success, and the schedule's history follows the run's task.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_job_run_succeeds_and_its_schedule_records_the_run() {
    use worker_server::engine::jobs::model::{JobRunStatus, JobTrigger};
    use worker_server::engine::model::ScheduleName;
    use worker_server::engine::schedules::{ScheduleEventStatus, ScheduleInput, ScheduleTarget};

    let Some(h) = JobHarness::start(&[]).await else {
        return;
    };
    // Defined as `run` defines it; that manual run is left to finish first.
    let first = h.run(h.job("nightly-site", "echo scheduled; exit 0")).await;
    h.wait_run(&first, "the manual run to end", |r| r.status.is_terminal())
        .await;
    let (view, _) = h
        .engine
        .create_schedule(
            ScheduleInput {
                name: "nightly-site".into(),
                spec: "@daily".into(),
                ..ScheduleInput::default()
            },
            AuditEntry::system(0, "schedule.create", "nightly-site", "test"),
        )
        .await
        .unwrap();
    assert_eq!(view.record.target, ScheduleTarget::Job);
    let name = ScheduleName::new("nightly-site").unwrap();
    let run_id = h
        .engine
        .run_schedule(
            &name,
            None,
            AuditEntry::system(0, "schedule.run", "nightly-site", "test"),
        )
        .await
        .unwrap();
    let run = h.engine.get_job_run(&run_id).await.unwrap();
    assert_eq!(run.trigger, JobTrigger::Schedule { name: name.clone() });
    let done = h
        .wait_run(&run, "the scheduled run to end", |r| r.status.is_terminal())
        .await;
    assert_eq!(done.status, JobRunStatus::Succeeded, "{done:?}");
    assert_eq!(h.log(&done, JobLogStream::Stdout).await, "scheduled\n");
    let events = h.events(&done).await;
    assert!(
        events
            .iter()
            .all(|e| e.schedule_name.as_ref() == Some(&name)),
        "{events:?}"
    );
    let history: Vec<ScheduleEventStatus> = h
        .engine
        .list_schedule_events(Some(&name), 10)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| e.status)
        .collect();
    // A live worker may lease the run's task before run now has written its `fired` event,
    // so the two may come in either order; the end comes last.
    let mut started = history[..2].to_vec();
    started.sort_by_key(|s| s.name());
    assert_eq!(
        (started.as_slice(), history.get(2), history.len()),
        (
            [ScheduleEventStatus::Fired, ScheduleEventStatus::Running].as_slice(),
            Some(&ScheduleEventStatus::Succeeded),
            3
        ),
        "{history:?}"
    );
    assert_eq!(
        h.engine
            .get_schedule(&name)
            .await
            .unwrap()
            .record
            .last_status,
        "succeeded"
    );
    h.assert_nothing_left(&done).await;
    h.stop().await;
}
