//! The job RPCs over real mutual TLS, on a server without workers so runs stay queued: a job
//! defined, read, run, listed, cancelled and deleted, with its secret env redacted in every
//! answer and in the audit log; invalid specs and requests refused with their reasons; the
//! approval token on the destructive ones. (Roles: `grpc::the_permission_table_holds_…`.)

use futures::StreamExt;
use tonic::transport::Channel;
use tonic::{Code, Request};
use worker_proto::v1 as pb;
use worker_proto::v1::admin_service_client::AdminServiceClient;

use crate::grpc_support::{TestServer, reason};

const SECRET: &str = "s3cret-value-0xC0FFEE";

pub(crate) fn site_spec() -> pb::JobSpec {
    pb::JobSpec {
        name: "site".into(),
        description: "builds the site".into(),
        source: "tarball_path".into(),
        tarball_path: "site.tar.gz".into(),
        command: vec!["make".into(), " ".into(), "all".into()],
        env: vec!["MODE=release".into(), "".into()],
        secret_env: vec![format!("TOKEN={SECRET}")],
        queue: "jobs".into(),
        retries: 1,
        timeout_seconds: 60,
        cpus: 0.5,
        memory_mb: 128,
        pids: 64,
        ..Default::default()
    }
}

async fn upsert(
    admin: &mut AdminServiceClient<Channel>,
    spec: pb::JobSpec,
) -> Result<pb::Job, tonic::Status> {
    admin
        .upsert_job(pb::UpsertJobRequest { spec: Some(spec) })
        .await
        .map(|r| r.into_inner().job.unwrap())
}

fn assert_redacted(what: &str, text: &str) {
    assert!(!text.contains(SECRET), "{what} shows the secret: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_is_defined_run_listed_cancelled_and_deleted_with_its_secrets_redacted() {
    let server = TestServer::start_with(&[], true).await;
    let mut admin = server.admin("admin").await;
    let mut operator = server.admin("operator").await;
    let mut viewer = server.admin("viewer").await;

    let job = upsert(&mut admin, site_spec()).await.unwrap();
    let spec = job.spec.clone().unwrap();
    assert_eq!(spec.secret_env, vec!["TOKEN=[redacted]".to_string()]);
    assert_eq!(spec.env, vec!["MODE=release".to_string()]);
    assert_eq!(spec.command, vec!["make".to_string(), "all".to_string()]);
    assert_eq!(
        (spec.source.as_str(), spec.cpus, spec.memory_mb, spec.pids),
        ("tarball_path", 0.5, 128, 64)
    );
    assert!(job.created_at_ms > 0);
    assert_redacted("UpsertJob", &format!("{job:?}"));

    // Applied again as read back: accepted, the creation time kept, the secret still stored
    // (a run's snapshot is redacted too, so it is checked by a run below not failing).
    let again = upsert(&mut admin, spec.clone()).await.unwrap();
    assert_eq!(again.created_at_ms, job.created_at_ms);
    let got = viewer
        .get_job(pb::GetJobRequest {
            name: "site".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_redacted("GetJob", &format!("{got:?}"));
    assert_eq!(got.job.unwrap().spec.unwrap().secret_env, spec.secret_env);
    let listed = viewer
        .list_jobs(pb::ListJobsRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.jobs.len(), 1);
    assert_redacted("ListJobs", &format!("{listed:?}"));

    // A run: queued (no worker here), listed, readable, with an empty log.
    let ran = operator
        .run_job(pb::RunJobRequest {
            name: "site".into(),
        })
        .await
        .unwrap()
        .into_inner();
    let run = ran.run.clone().unwrap();
    assert_eq!(run.run_id, ran.task_id);
    assert_eq!(
        (
            run.status.as_str(),
            run.trigger.as_str(),
            run.actor.as_str()
        ),
        ("queued", "manual", "operator-user")
    );
    assert_redacted("RunJob", &format!("{ran:?}"));
    let runs = viewer
        .list_job_runs(pb::ListJobRunsRequest {
            job: "site".into(),
            status: "queued".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(runs.runs.len(), 1);
    assert_eq!(runs.runs[0].run_id, ran.task_id);
    assert_eq!(runs.runs[0].attempt, 1);
    assert_eq!(runs.next_cursor, "");
    assert_redacted("ListJobRuns", &format!("{runs:?}"));
    let one = viewer
        .get_job_run(pb::GetJobRunRequest {
            run_id: ran.task_id.clone(),
        })
        .await
        .unwrap()
        .into_inner()
        .run
        .unwrap();
    assert_eq!(one.spec.unwrap().secret_env, spec.secret_env);
    let mut log = viewer
        .get_job_run_logs(pb::GetJobRunLogsRequest {
            run_id: ran.task_id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(log.next().await.is_none(), "an empty log ends at once");

    // Cancelled while queued: it ends at once, and a follow of its log ends too.
    let cancelled = operator
        .cancel_job_run(pb::CancelJobRunRequest {
            run_id: ran.task_id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(cancelled.outcome, "cancelled");
    let run = cancelled.run.unwrap();
    assert_eq!(run.status, "cancelled");
    assert!(run.finished_at_ms > 0);
    let mut follow = viewer
        .get_job_run_logs(pb::GetJobRunLogsRequest {
            run_id: ran.task_id.clone(),
            follow: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        follow.next().await.is_none(),
        "a follow of an ended run ends"
    );
    let again = operator
        .cancel_job_run(pb::CancelJobRunRequest {
            run_id: ran.task_id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again.outcome, "already_finished");
    let events = viewer
        .list_job_events(pb::ListJobEventsRequest {
            name: "site".into(),
            limit: 0,
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    let statuses: Vec<&str> = events.iter().map(|e| e.status.as_str()).collect();
    assert_eq!(statuses, ["cancelled", "queued"]);
    assert_eq!(events[0].command, "make all");

    // A follower of StreamEvents sees the run's job events, in order, as `job_event` (issue
    // 14): from the log's start, then live; a queue filter keeps them, no env value in them.
    let mut follower = viewer
        .stream_events(pb::StreamEventsRequest {
            after_id: "0".into(),
            kinds: vec!["job_event".into()],
            queues: vec!["jobs".into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let mut seen = Vec::new();
    while seen.len() < 2 {
        let event = tokio::time::timeout(std::time::Duration::from_secs(30), follower.next())
            .await
            .expect("job events in time")
            .expect("the stream stays open")
            .unwrap();
        assert_redacted("StreamEvents", &format!("{event:?}"));
        assert!(!format!("{event:?}").contains("release"), "{event:?}");
        let Some(pb::admin_event::Event::JobEvent(job)) = event.event else {
            panic!("not a job event: {event:?}");
        };
        assert!(!event.id.is_empty());
        assert_eq!((job.name.as_str(), job.queue.as_str()), ("site", "jobs"));
        assert_eq!(job.task_id, ran.task_id);
        assert_eq!(job.metadata["attempt"], "1");
        seen.push(job.status);
    }
    assert_eq!(seen, ["queued", "cancelled"]);

    // Deleted: gone, its runs stay; a second delete is not found.
    let deleted = admin
        .delete_job(pb::DeleteJobRequest {
            name: "site".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(deleted.deleted);
    for err in [
        viewer
            .get_job(pb::GetJobRequest {
                name: "site".into(),
            })
            .await
            .unwrap_err(),
        admin
            .delete_job(pb::DeleteJobRequest {
                name: "site".into(),
            })
            .await
            .unwrap_err(),
    ] {
        assert_eq!(
            (err.code(), reason(&err)),
            (Code::NotFound, "job_not_found".into())
        );
    }
    let runs = viewer
        .list_job_runs(pb::ListJobRunsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(runs.runs.len(), 1);

    // Every mutation is in the audit log once, committed with its change, and no entry holds
    // the secret.
    let audit = admin
        .list_audit_events(pb::ListAuditEventsRequest {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    assert_redacted("the audit log", &format!("{audit:?}"));
    let ok = |action: &str| {
        audit
            .iter()
            .filter(|e| e.action == action && e.status == "ok")
            .count()
    };
    assert_eq!(
        (
            ok("job.upsert"),
            ok("job.run"),
            ok("job.cancel"),
            ok("job.delete")
        ),
        (2, 1, 2, 1)
    );
    let upserted = audit.iter().find(|e| e.action == "job.upsert").unwrap();
    assert_eq!(upserted.target, "site");
    assert!(upserted.detail.contains("1 secret"), "{}", upserted.detail);
    // The payload hash is over the request with its secret replaced, so the log holds no hash
    // a secret could be guessed back from.
    use prost::Message;
    use worker_server::engine::audit::sha256_hex;
    let first = audit
        .iter()
        .rev()
        .find(|e| e.action == "job.upsert")
        .unwrap();
    let mut redacted = site_spec();
    redacted.secret_env = vec!["TOKEN=[redacted]".into()];
    let sent = pb::UpsertJobRequest {
        spec: Some(site_spec()),
    };
    let shown = pb::UpsertJobRequest {
        spec: Some(redacted),
    };
    assert_eq!(first.payload_hash, sha256_hex(&shown.encode_to_vec()));
    assert_ne!(first.payload_hash, sha256_hex(&sent.encode_to_vec()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_specs_and_requests_are_refused_with_their_reason_and_change_nothing() {
    let server = TestServer::start_with(&[], true).await;
    let mut admin = server.admin("admin").await;
    let with = |edit: fn(&mut pb::JobSpec)| {
        let mut spec = site_spec();
        edit(&mut spec);
        spec
    };
    let cases: Vec<(&str, pb::JobSpec)> = vec![
        ("invalid_job_name", with(|s| s.name = "has space".into())),
        (
            "job_source_invalid",
            with(|s| s.tarball_url = "https://example.com/a.tgz".into()),
        ),
        (
            "job_source_invalid",
            with(|s| {
                s.source = "git_tag".into();
                s.tarball_path.clear();
            }),
        ),
        ("job_source_invalid", with(|s| s.source = "ftp".into())),
        (
            "job_tarball_path_escape",
            with(|s| s.tarball_path = "../x.tgz".into()),
        ),
        (
            "job_source_invalid",
            with(|s| s.tarball_sha256 = "abc".into()),
        ),
        ("invalid_job_env", with(|s| s.env = vec!["HOME".into()])),
        (
            "invalid_job_env",
            with(|s| s.secret_env = vec!["TOKEN=[redacted]".into()]),
        ),
        (
            "invalid_job_env",
            with(|s| s.env = vec!["TOKEN=x".into(), "TOKEN=y".into()]),
        ),
        ("invalid_retries", with(|s| s.retries = -1)),
        ("invalid_timeout", with(|s| s.timeout_seconds = -5)),
        ("invalid_job_limits", with(|s| s.cpus = -1.0)),
        ("invalid_job_limits", with(|s| s.memory_mb = 1)),
        ("invalid_job_limits", with(|s| s.pids = -3)),
        ("invalid_queue", with(|s| s.queue = "a b".into())),
    ];
    for (expected, spec) in cases {
        let err = upsert(&mut admin, spec.clone()).await.unwrap_err();
        assert_eq!(
            (err.code(), reason(&err)),
            (Code::InvalidArgument, expected.to_string()),
            "{spec:?}: {err:?}"
        );
    }
    let err = admin
        .upsert_job(pb::UpsertJobRequest { spec: None })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "missing_job");
    let jobs = admin
        .list_jobs(pb::ListJobsRequest {})
        .await
        .unwrap()
        .into_inner()
        .jobs;
    assert!(jobs.is_empty(), "{jobs:?}");

    let err = admin
        .run_job(pb::RunJobRequest {
            name: "nope".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::NotFound, "job_not_found".into())
    );
    let runs = |limit: i32, status: &str, cursor: &str| pb::ListJobRunsRequest {
        limit,
        status: status.into(),
        cursor: cursor.into(),
        ..Default::default()
    };
    for (req, expected) in [
        (runs(-1, "", ""), "invalid_limit"),
        (runs(0, "sleeping", ""), "invalid_job_run_status"),
        (runs(0, "", "not-a-cursor"), "invalid_cursor"),
    ] {
        let err = admin.list_job_runs(req).await.unwrap_err();
        assert_eq!(
            (err.code(), reason(&err)),
            (Code::InvalidArgument, expected.into())
        );
    }
    let missing = "0190c7c8-0000-7000-8000-000000000000";
    let err = admin
        .get_job_run(pb::GetJobRunRequest {
            run_id: missing.into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::NotFound, "job_run_not_found".into())
    );
    let err = admin
        .get_job_run_logs(pb::GetJobRunLogsRequest {
            run_id: missing.into(),
            follow: true,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::NotFound, "job_run_not_found".into())
    );
    let err = admin
        .cancel_job_run(pb::CancelJobRunRequest {
            run_id: "not an id".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    let err = admin
        .list_job_events(pb::ListJobEventsRequest {
            name: String::new(),
            limit: -1,
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "invalid_limit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_cancelling_and_deleting_jobs_need_the_approval_token_when_required() {
    let server = TestServer::start_with(
        &[
            ("WORKER_ADMIN_REQUIRE_APPROVAL", "true"),
            ("WORKER_ADMIN_APPROVAL_TOKEN", "let-me"),
        ],
        true,
    )
    .await;
    let mut admin = server.admin("admin").await;
    // Defining a job is not destructive: no token.
    upsert(&mut admin, site_spec()).await.unwrap();
    fn approved<T>(message: T, token: &str) -> Request<T> {
        let mut req = Request::new(message);
        if !token.is_empty() {
            req.metadata_mut()
                .insert("x-admin-approval", token.parse().unwrap());
        }
        req
    }
    let run = || pb::RunJobRequest {
        name: "site".into(),
    };
    let err = admin.run_job(approved(run(), "")).await.unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::PermissionDenied, "approval_required".into())
    );
    let ran = admin
        .run_job(approved(run(), "let-me"))
        .await
        .unwrap()
        .into_inner();
    let cancel = || pb::CancelJobRunRequest {
        run_id: ran.task_id.clone(),
    };
    let err = admin
        .cancel_job_run(approved(cancel(), ""))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
    admin
        .cancel_job_run(approved(cancel(), "let-me"))
        .await
        .unwrap();
    let delete = || pb::DeleteJobRequest {
        name: "site".into(),
    };
    let err = admin.delete_job(approved(delete(), "")).await.unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
    assert!(
        admin
            .delete_job(approved(delete(), "let-me"))
            .await
            .unwrap()
            .into_inner()
            .deleted
    );
}

/// A job is a schedule factory: a schedule named after it runs it (go-worker's UI creates one
/// named after the factory and nothing else), its listing says so, run now makes a run whose
/// trigger names the schedule, and the job cannot be deleted while the schedule runs it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schedule_named_after_a_job_runs_the_job() {
    let server = TestServer::start_with(&[], true).await;
    let mut admin = server.admin("admin").await;
    let mut operator = server.admin("operator").await;
    let mut viewer = server.admin("viewer").await;
    upsert(&mut admin, site_spec()).await.unwrap();

    let factories = viewer
        .list_schedule_factories(pb::ListScheduleFactoriesRequest {})
        .await
        .unwrap()
        .into_inner()
        .factories;
    let site = factories
        .iter()
        .find(|f| f.name == "site")
        .expect("the job is a factory");
    assert_eq!((site.origin.as_str(), site.durable), ("job", true));

    let created = admin
        .create_schedule(pb::CreateScheduleRequest {
            name: "site".into(),
            spec: "@daily".into(),
            durable: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .schedule
        .unwrap();
    assert_eq!(
        (
            created.target.as_str(),
            created.handler.as_str(),
            created.queue.as_str()
        ),
        ("job", "site", "jobs")
    );
    let listed = viewer
        .list_schedules(pb::ListSchedulesRequest {})
        .await
        .unwrap()
        .into_inner()
        .schedules;
    assert_eq!(listed[0].target, "job");
    // A job's schedule takes queue, payload, retries and timeout from the job.
    let err = admin
        .create_schedule(pb::CreateScheduleRequest {
            name: "site".into(),
            spec: "@daily".into(),
            durable: true,
            queue: "elsewhere".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::InvalidArgument, "job_schedule_template".into())
    );

    let run_id = operator
        .run_schedule(pb::RunScheduleRequest {
            name: "site".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .task_id;
    let runs = viewer
        .list_job_runs(pb::ListJobRunsRequest {
            job: "site".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .runs;
    assert_eq!(runs.len(), 1);
    assert_eq!(
        (
            runs[0].run_id.as_str(),
            runs[0].trigger.as_str(),
            runs[0].schedule.as_str(),
            runs[0].status.as_str()
        ),
        (run_id.as_str(), "schedule", "site", "queued")
    );
    let task = viewer
        .get_task(pb::GetTaskRequest { id: run_id.clone() })
        .await
        .unwrap()
        .into_inner()
        .task
        .unwrap();
    assert_eq!(task.handler, "job_runner");
    assert_eq!(
        task.metadata
            .get("worker.schedule.name")
            .map(String::as_str),
        Some("site")
    );

    // While the schedule runs it, the job stays.
    let err = admin
        .delete_job(pb::DeleteJobRequest {
            name: "site".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::FailedPrecondition, "job_in_use_by_schedule".into())
    );
    admin
        .delete_schedule(pb::DeleteScheduleRequest {
            name: "site".into(),
        })
        .await
        .unwrap();
    admin
        .delete_job(pb::DeleteJobRequest {
            name: "site".into(),
        })
        .await
        .unwrap();
}
