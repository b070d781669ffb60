//! `worker.v1` over real mutual TLS: every RPC, the handshake refusals, the permission table
//! for each role, approval and guardrails, the audit log, event streams resuming after a
//! restart, health and reflection.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use futures::StreamExt;
use tonic::transport::Channel;
use tonic::{Code, Request, Status};
use worker_proto::v1 as pb;
use worker_proto::v1::admin_service_client::AdminServiceClient;
use worker_proto::v1::task_service_client::TaskServiceClient;
use worker_server::api::auth::{Op, Role};
use worker_server::engine::audit::{AuditEntry, AuditRecord, verify_chain};

use crate::grpc_support::{TestServer, grpc_calls, prometheus_text, reason};

const WAIT: Duration = Duration::from_secs(20);

pub(crate) fn spec(handler: &str, queue: &str) -> pb::TaskSpec {
    pb::TaskSpec {
        handler: handler.into(),
        queue: queue.into(),
        ..Default::default()
    }
}

pub(crate) async fn enqueue(tasks: &mut TaskServiceClient<Channel>, spec: pb::TaskSpec) -> String {
    tasks
        .enqueue(pb::EnqueueRequest { task: Some(spec) })
        .await
        .unwrap()
        .into_inner()
        .id
}

async fn state_of(admin: &mut AdminServiceClient<Channel>, id: &str) -> pb::TaskState {
    let task = admin
        .get_task(pb::GetTaskRequest { id: id.into() })
        .await
        .unwrap()
        .into_inner()
        .task
        .unwrap();
    pb::TaskState::try_from(task.state).unwrap()
}

/// Waits for a task's state by following the event stream (task summaries), not by sleeping.
pub(crate) async fn wait_for_state(server: &TestServer, id: &str, state: pb::TaskState) {
    let mut admin = server.admin("admin").await;
    let mut events = admin
        .stream_events(pb::StreamEventsRequest::default())
        .await
        .unwrap()
        .into_inner();
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        if state_of(&mut admin, id).await == state {
            return;
        }
        match tokio::time::timeout_at(deadline, events.next()).await {
            Ok(Some(Ok(_))) => {}
            other => panic!("waiting for {id} to be {state:?}: {other:?}"),
        }
    }
}

/// Calls `op` with a harmless request; only the status code matters to the caller.
async fn call(
    op: Op,
    admin: &mut AdminServiceClient<Channel>,
    tasks: &mut TaskServiceClient<Channel>,
) -> Result<(), Status> {
    let missing = "0190c7c8-0000-7000-8000-000000000000".to_string();
    match op {
        Op::GetHealth => admin.get_health(pb::GetHealthRequest {}).await.map(drop),
        Op::GetOverview => admin
            .get_overview(pb::GetOverviewRequest {})
            .await
            .map(drop),
        Op::ListQueues => admin.list_queues(pb::ListQueuesRequest {}).await.map(drop),
        Op::GetQueue => admin
            .get_queue(pb::GetQueueRequest {
                name: "default".into(),
            })
            .await
            .map(drop),
        Op::UpdateQueueWeight => admin
            .update_queue_weight(pb::UpdateQueueWeightRequest {
                name: "default".into(),
                weight: 2,
            })
            .await
            .map(drop),
        Op::ResetQueueWeight => admin
            .reset_queue_weight(pb::ResetQueueWeightRequest {
                name: "default".into(),
            })
            .await
            .map(drop),
        Op::PauseQueue => admin
            .pause_queue(pb::PauseQueueRequest {
                name: "default".into(),
                paused: false,
            })
            .await
            .map(drop),
        Op::ListJobs => admin.list_jobs(pb::ListJobsRequest {}).await.map(drop),
        Op::ListJobEvents => admin
            .list_job_events(pb::ListJobEventsRequest::default())
            .await
            .map(drop),
        Op::ListAuditEvents => admin
            .list_audit_events(pb::ListAuditEventsRequest::default())
            .await
            .map(drop),
        Op::GetJob => admin
            .get_job(pb::GetJobRequest { name: "j".into() })
            .await
            .map(drop),
        Op::UpsertJob => admin
            .upsert_job(pb::UpsertJobRequest::default())
            .await
            .map(drop),
        Op::DeleteJob => admin
            .delete_job(pb::DeleteJobRequest { name: "j".into() })
            .await
            .map(drop),
        Op::RunJob => admin
            .run_job(pb::RunJobRequest { name: "j".into() })
            .await
            .map(drop),
        Op::ListScheduleFactories => admin
            .list_schedule_factories(pb::ListScheduleFactoriesRequest {})
            .await
            .map(drop),
        Op::ListScheduleEvents => admin
            .list_schedule_events(pb::ListScheduleEventsRequest::default())
            .await
            .map(drop),
        Op::GetSchedule => admin
            .get_schedule(pb::GetScheduleRequest {
                name: "nope".into(),
            })
            .await
            .map(drop),
        Op::ListSchedules => admin
            .list_schedules(pb::ListSchedulesRequest {})
            .await
            .map(drop),
        Op::CreateSchedule => admin
            .create_schedule(pb::CreateScheduleRequest::default())
            .await
            .map(drop),
        Op::DeleteSchedule => admin
            .delete_schedule(pb::DeleteScheduleRequest { name: "s".into() })
            .await
            .map(drop),
        Op::PauseSchedule => admin
            .pause_schedule(pb::PauseScheduleRequest::default())
            .await
            .map(drop),
        Op::RunSchedule => admin
            .run_schedule(pb::RunScheduleRequest { name: "s".into() })
            .await
            .map(drop),
        Op::PauseSchedules => admin
            .pause_schedules(pb::PauseSchedulesRequest::default())
            .await
            .map(drop),
        Op::ListDlq => admin
            .list_dlq(pb::ListDlqRequest::default())
            .await
            .map(drop),
        Op::GetDlqEntry => admin
            .get_dlq_entry(pb::GetDlqEntryRequest { id: missing })
            .await
            .map(drop),
        Op::PauseDequeue => admin
            .pause_dequeue(pb::PauseDequeueRequest {})
            .await
            .map(drop),
        Op::ResumeDequeue => admin
            .resume_dequeue(pb::ResumeDequeueRequest {})
            .await
            .map(drop),
        Op::ReplayDlq => admin
            .replay_dlq(pb::ReplayDlqRequest { limit: 1 })
            .await
            .map(drop),
        Op::ReplayDlqById => admin
            .replay_dlq_by_id(pb::ReplayDlqByIdRequest { ids: vec![missing] })
            .await
            .map(drop),
        Op::StreamEvents => admin
            .stream_events(pb::StreamEventsRequest::default())
            .await
            .map(drop),
        Op::ListTasks => admin
            .list_tasks(pb::ListTasksRequest::default())
            .await
            .map(drop),
        Op::GetTask => admin
            .get_task(pb::GetTaskRequest { id: missing })
            .await
            .map(drop),
        Op::CancelTask => admin
            .cancel_task(pb::CancelTaskRequest { id: missing })
            .await
            .map(drop),
        Op::RetryTask => admin
            .retry_task(pb::RetryTaskRequest { id: missing })
            .await
            .map(drop),
        Op::ListWorkers => admin
            .list_workers(pb::ListWorkersRequest {})
            .await
            .map(drop),
        Op::GetWorker => admin
            .get_worker(pb::GetWorkerRequest { id: "ghost".into() })
            .await
            .map(drop),
        Op::RecycleWorker => admin
            .recycle_worker(pb::RecycleWorkerRequest {
                id: "ghost".into(),
                reason: String::new(),
            })
            .await
            .map(drop),
        Op::ListStuckTasks => admin
            .list_stuck_tasks(pb::ListStuckTasksRequest::default())
            .await
            .map(drop),
        Op::ExportAuditEvents => admin
            .export_audit_events(pb::ExportAuditEventsRequest::default())
            .await
            .map(drop),
        Op::VerifyAuditChain => admin
            .verify_audit_chain(pb::VerifyAuditChainRequest {})
            .await
            .map(drop),
        Op::ListDlqGroups => admin
            .list_dlq_groups(pb::ListDlqGroupsRequest::default())
            .await
            .map(drop),
        Op::GetQueueHistory => admin
            .get_queue_history(pb::GetQueueHistoryRequest::default())
            .await
            .map(drop),
        Op::StartBulkDryRun
        | Op::StartBulkReplayDlq
        | Op::StartBulkDeleteDlq
        | Op::StartBulkDeleteTasks
        | Op::StartBulkCancelTasks
        | Op::StartBulkRetryTasks
        | Op::StartBulkOperation => {
            let action = op.rpc().split(':').nth(1).unwrap_or("no_such_action");
            admin
                .start_bulk_operation(pb::StartBulkOperationRequest {
                    action: if action == "dry_run" {
                        "delete_tasks".into()
                    } else {
                        action.into()
                    },
                    dry_run: action == "dry_run",
                    filter: Some(pb::TaskFilter {
                        queue: "perm-bulk-none".into(),
                        ..Default::default()
                    }),
                    ..Default::default()
                })
                .await
                .map(drop)
        }
        Op::GetBulkOperation => admin
            .get_bulk_operation(pb::GetBulkOperationRequest { id: missing })
            .await
            .map(drop),
        Op::ListBulkOperations => admin
            .list_bulk_operations(pb::ListBulkOperationsRequest::default())
            .await
            .map(drop),
        Op::CancelBulkOperation => admin
            .cancel_bulk_operation(pb::CancelBulkOperationRequest { id: missing })
            .await
            .map(drop),
        Op::ResumeBulkOperation => admin
            .resume_bulk_operation(pb::ResumeBulkOperationRequest { id: missing })
            .await
            .map(drop),
        Op::ListJobRuns => admin
            .list_job_runs(pb::ListJobRunsRequest::default())
            .await
            .map(drop),
        Op::GetJobRun => admin
            .get_job_run(pb::GetJobRunRequest {
                run_id: missing.clone(),
            })
            .await
            .map(drop),
        Op::GetJobRunLogs => admin
            .get_job_run_logs(pb::GetJobRunLogsRequest {
                run_id: missing.clone(),
                ..Default::default()
            })
            .await
            .map(drop),
        Op::CancelJobRun => admin
            .cancel_job_run(pb::CancelJobRunRequest {
                run_id: missing.clone(),
            })
            .await
            .map(drop),
        Op::DeleteTasks => admin
            .delete_tasks(pb::DeleteTasksRequest {
                ids: vec![missing.clone()],
                ..Default::default()
            })
            .await
            .map(drop),
        Op::DeleteDlq => admin
            .delete_dlq(pb::DeleteDlqRequest {
                ids: vec![missing.clone()],
                ..Default::default()
            })
            .await
            .map(drop),
        Op::DeleteQueue => admin
            .delete_queue(pb::DeleteQueueRequest {
                name: "no-such-queue".into(),
                ..Default::default()
            })
            .await
            .map(drop),
        Op::Enqueue => tasks
            .enqueue(pb::EnqueueRequest {
                task: Some(spec("noop", "perm")),
            })
            .await
            .map(drop),
        Op::EnqueueBatch => tasks
            .enqueue_batch(pb::EnqueueBatchRequest {
                tasks: vec![spec("noop", "perm")],
            })
            .await
            .map(drop),
        Op::TaskServiceGetTask => tasks
            .get_task(pb::GetTaskRequest { id: missing })
            .await
            .map(drop),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_permission_table_holds_for_every_rpc_and_role() {
    let server = TestServer::start(&[]).await;
    for (who, role) in [
        ("viewer", Some(Role::Viewer)),
        ("operator", Some(Role::Operator)),
        ("admin", Some(Role::Admin)),
        ("norole", None),
        ("gateway", Some(Role::Gateway)),
    ] {
        let mut admin = server.admin(who).await;
        let mut tasks = server.tasks(who).await;
        for op in Op::ALL {
            let result = call(*op, &mut admin, &mut tasks).await;
            let allowed = op.access().allows(role);
            match &result {
                Err(status) if status.code() == Code::PermissionDenied => {
                    assert!(!allowed, "{who} was refused {op}: {status:?}");
                    let expected = if role.is_none() {
                        "unknown_role"
                    } else {
                        "permission_denied"
                    };
                    assert_eq!(reason(status), expected, "{who} {op}");
                }
                _ => assert!(allowed, "{who} was allowed {op}: {result:?}"),
            }
        }
    }
}

/// Awaits one step of a refused handshake, which must end either way: a refused connection
/// left hanging fails here, naming the step, instead of stalling the suite. The bound is far
/// above the server's own 10 s handshake timeout, so load alone does not trip it.
async fn within<T>(step: &str, answer: impl std::future::Future<Output = T>) -> T {
    const BOUND: Duration = Duration::from_secs(60);
    tokio::time::timeout(BOUND, answer)
        .await
        .unwrap_or_else(|_| panic!("{step}: no answer within {BOUND:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handshakes_without_a_valid_client_certificate_are_refused() {
    let server = TestServer::start(&[]).await;
    // Plaintext HTTP/2 to the TLS port.
    let plain = Channel::from_shared(format!("http://127.0.0.1:{}", server.addr.port())).unwrap();
    if let Ok(channel) = within("plaintext connect", plain.connect()).await {
        let mut client = AdminServiceClient::new(channel);
        let call = client.get_health(pb::GetHealthRequest {});
        let err = within("plaintext call", call).await.unwrap_err();
        assert_ne!(err.code(), Code::Ok);
    }
    // TLS but no client certificate.
    let tls = tonic::transport::ClientTlsConfig::new()
        .ca_certificate(tonic::transport::Certificate::from_pem(
            &server.pki.ca.cert_pem,
        ))
        .domain_name("localhost");
    let no_cert = Channel::from_shared(format!("https://localhost:{}", server.addr.port()))
        .unwrap()
        .tls_config(tls)
        .unwrap();
    match within("connect without a certificate", no_cert.connect()).await {
        Err(_) => {}
        Ok(channel) => {
            let mut client = AdminServiceClient::new(channel);
            let call = client.get_health(pb::GetHealthRequest {});
            let err = within("call without a certificate", call)
                .await
                .unwrap_err();
            // With TLS 1.3 the server's refusal arrives as an alert right after the handshake;
            // the call never reaches a service (no application error reason).
            assert!(
                matches!(
                    err.code(),
                    Code::Unknown | Code::Unavailable | Code::Cancelled
                ),
                "{err:?}"
            );
            assert_eq!(reason(&err), "");
        }
    }
    // A certificate from another CA, and an expired one.
    for who in ["foreign", "expired"] {
        let refused =
            match within("connect with a refused certificate", server.channel_as(who)).await {
                Err(_) => true,
                Ok(channel) => {
                    let mut client = AdminServiceClient::new(channel);
                    let call = client.get_health(pb::GetHealthRequest {});
                    within("call with a refused certificate", call)
                        .await
                        .is_err()
                }
            };
        assert!(refused, "{who} must be refused at the handshake");
    }
    // The valid one works.
    let health = server
        .admin("viewer")
        .await
        .get_health(pb::GetHealthRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(health.status, "ok");
    assert!(
        health.go_version.starts_with("rustc "),
        "{}",
        health.go_version
    );
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    assert!(!health.commit.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tasks_flow_through_demo_handlers_into_states_the_dlq_and_the_overview() {
    let server = TestServer::start(&[]).await;
    let mut tasks = server.tasks("operator").await;
    let mut admin = server.admin("operator").await;
    let ok = enqueue(&mut tasks, spec("noop", "q")).await;
    let flaky = enqueue(&mut tasks, spec("flaky", "q")).await;
    let fail = enqueue(
        &mut tasks,
        pb::TaskSpec {
            max_retries: Some(1),
            payload: b"boom".to_vec(),
            ..spec("fail", "q")
        },
    )
    .await;
    wait_for_state(&server, &ok, pb::TaskState::Succeeded).await;
    wait_for_state(&server, &flaky, pb::TaskState::Succeeded).await;
    wait_for_state(&server, &fail, pb::TaskState::Dead).await;

    let detail = tasks
        .get_task(pb::GetTaskRequest { id: flaky.clone() })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(detail.task.as_ref().unwrap().attempts, 2);
    assert_eq!(detail.errors.len(), 1);

    let dlq = admin
        .list_dlq(pb::ListDlqRequest {
            queue: "q".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(dlq.total, 1);
    assert_eq!(dlq.entries[0].id, fail);
    assert_eq!(dlq.entries[0].reason, "retries_exhausted");
    // Grouped by cause, readable by a viewer: the attempt number is masked.
    let mut viewer = server.admin("viewer").await;
    let groups = viewer
        .list_dlq_groups(pb::ListDlqGroupsRequest {
            queue: "q".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!((groups.total_groups, groups.total_entries), (1, 1));
    let group = &groups.groups[0];
    assert_eq!(group.handler, "fail");
    assert_eq!(group.fingerprint, "demo failure on attempt <n>");
    assert_eq!(group.queues, ["q"]);
    assert_eq!(
        (group.count, group.sample_task_id.as_str()),
        (1, fail.as_str())
    );
    assert_eq!(group.sample_error, "demo failure on attempt 2");
    for (bad, reason) in [
        (
            pb::ListDlqGroupsRequest {
                limit: -1,
                ..Default::default()
            },
            "invalid_limit",
        ),
        (
            pb::ListDlqGroupsRequest {
                queue: "no spaces".into(),
                ..Default::default()
            },
            "invalid_queue",
        ),
    ] {
        let err = viewer.list_dlq_groups(bad).await.unwrap_err();
        assert_eq!(
            (err.code(), crate::grpc_support::reason(&err)),
            (Code::InvalidArgument, reason.to_string())
        );
    }
    // The outcomes are in the queue's history, for a viewer, over every range.
    for range in ["15m", "24h", "30d"] {
        let history = viewer
            .get_queue_history(pb::GetQueueHistoryRequest {
                queue: "q".into(),
                range: range.into(),
            })
            .await
            .unwrap()
            .into_inner();
        let totals = history.totals.unwrap();
        assert_eq!(
            (history.queue.as_str(), history.range.as_str()),
            ("q", range)
        );
        assert!(
            totals.succeeded >= 1 && totals.dead == 1,
            "{range}: {totals:?}"
        );
        let summed: i64 = history.points.iter().map(|p| p.dead).sum();
        assert_eq!(summed, 1);
    }
    for (bad, code, reason) in [
        (("q", "1y"), Code::InvalidArgument, "invalid_range"),
        (("no spaces", "24h"), Code::InvalidArgument, "invalid_queue"),
        (("missing", "24h"), Code::NotFound, "queue_not_found"),
    ] {
        let err = viewer
            .get_queue_history(pb::GetQueueHistoryRequest {
                queue: bad.0.into(),
                range: bad.1.into(),
            })
            .await
            .unwrap_err();
        assert_eq!(
            (err.code(), crate::grpc_support::reason(&err)),
            (code, reason.to_string())
        );
    }
    let entry = admin
        .get_dlq_entry(pb::GetDlqEntryRequest { id: fail.clone() })
        .await
        .unwrap()
        .into_inner()
        .entry
        .unwrap();
    assert_eq!(entry.errors.len(), 2);
    assert_eq!(entry.payload, b"boom");
    // A viewer sees the size but not the bytes.
    let as_viewer = server
        .admin("viewer")
        .await
        .get_dlq_entry(pb::GetDlqEntryRequest { id: fail.clone() })
        .await
        .unwrap()
        .into_inner()
        .entry
        .unwrap();
    assert!(as_viewer.payload.is_empty() && as_viewer.payload_redacted);
    assert_eq!(as_viewer.payload_size, 4);

    let overview = admin
        .get_overview(pb::GetOverviewRequest {})
        .await
        .unwrap()
        .into_inner();
    // The demo seed adds its own tasks to other queues; queue "q" is this test's.
    let stats = overview.stats.unwrap();
    assert!(
        stats.succeeded_tasks >= 2 && stats.dead_tasks >= 1,
        "{stats:?}"
    );
    assert_eq!(stats.active_workers, 1);
    let q = overview.queues.iter().find(|q| q.name == "q").unwrap();
    assert_eq!((q.succeeded, q.dead), (2, 1));

    let replay = admin
        .replay_dlq_by_id(pb::ReplayDlqByIdRequest {
            ids: vec![fail.clone(), ok.clone()],
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(replay.moved, 1);
    assert_eq!(replay.results[0].outcome, "replayed");
    assert_eq!(replay.results[1].outcome, "not_dead");
    assert_eq!(replay.results[1].state, pb::TaskState::Succeeded as i32);
    wait_for_state(&server, &fail, pb::TaskState::Dead).await;

    let listed = admin
        .list_tasks(pb::ListTasksRequest {
            queue: "q".into(),
            state: "succeeded".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.total, 2);
    let workers = admin
        .list_workers(pb::ListWorkersRequest {})
        .await
        .unwrap()
        .into_inner()
        .workers;
    assert_eq!(workers.len(), 1);
    assert_eq!(workers[0].state, "active");
    let worker = admin
        .get_worker(pb::GetWorkerRequest {
            id: workers[0].id.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(worker.worker.unwrap().handlers.len(), 4);
    let stuck = admin
        .list_stuck_tasks(pb::ListStuckTasksRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(stuck.hours, 24);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enqueue_batch_is_atomic_and_idempotency_deduplicates() {
    let server = TestServer::start_with(&[], true).await;
    let mut tasks = server.tasks("operator").await;
    let mut admin = server.admin("operator").await;
    let keyed = pb::TaskSpec {
        idempotency_key: "order-1".into(),
        ..spec("noop", "q")
    };
    let first = tasks
        .enqueue(pb::EnqueueRequest {
            task: Some(keyed.clone()),
        })
        .await
        .unwrap()
        .into_inner();
    let again = tasks
        .enqueue(pb::EnqueueRequest { task: Some(keyed) })
        .await
        .unwrap()
        .into_inner();
    assert!(!first.deduplicated && again.deduplicated);
    assert_eq!(first.id, again.id);
    let err = tasks
        .enqueue_batch(pb::EnqueueBatchRequest {
            tasks: vec![spec("noop", "batch"), spec("bad name", "batch")],
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(reason(&err), "invalid_handler");
    assert!(err.message().starts_with("task 1: "), "{}", err.message());
    let listed = admin
        .list_tasks(pb::ListTasksRequest {
            queue: "batch".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.total, 0, "nothing of a refused batch is written");
    let ok = tasks
        .enqueue_batch(pb::EnqueueBatchRequest {
            tasks: vec![spec("noop", "batch"); 3],
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(ok.ids.len(), 3);
    // --no-worker: nothing is ever leased.
    assert_eq!(
        state_of(&mut admin, &ok.ids[0]).await,
        pb::TaskState::Pending
    );
    let negative = tasks
        .enqueue(pb::EnqueueRequest {
            task: Some(pb::TaskSpec {
                max_retries: Some(-1),
                ..spec("noop", "q")
            }),
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&negative), "invalid_max_retries");
    let missing = tasks
        .enqueue(pb::EnqueueRequest { task: None })
        .await
        .unwrap_err();
    assert_eq!(
        (missing.code(), reason(&missing)),
        (Code::InvalidArgument, "missing_task".into())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_carry_the_right_code_and_a_stable_reason() {
    let server = TestServer::start_with(&[], true).await;
    let mut admin = server.admin("admin").await;
    let cases: Vec<(Result<(), Status>, Code, &str)> = vec![
        (
            admin
                .get_queue(pb::GetQueueRequest {
                    name: "nope".into(),
                })
                .await
                .map(drop),
            Code::NotFound,
            "queue_not_found",
        ),
        (
            admin
                .get_queue(pb::GetQueueRequest { name: "a/b".into() })
                .await
                .map(drop),
            Code::InvalidArgument,
            "invalid_queue",
        ),
        (
            admin
                .update_queue_weight(pb::UpdateQueueWeightRequest {
                    name: "default".into(),
                    weight: 0,
                })
                .await
                .map(drop),
            Code::InvalidArgument,
            "invalid_weight",
        ),
        (
            admin
                .get_task(pb::GetTaskRequest { id: "x".into() })
                .await
                .map(drop),
            Code::InvalidArgument,
            "invalid_task_id",
        ),
        (
            admin
                .get_task(pb::GetTaskRequest {
                    id: "0190c7c8-0000-7000-8000-000000000000".into(),
                })
                .await
                .map(drop),
            Code::NotFound,
            "task_not_found",
        ),
        (
            admin
                .list_tasks(pb::ListTasksRequest {
                    state: "sleeping".into(),
                    ..Default::default()
                })
                .await
                .map(drop),
            Code::InvalidArgument,
            "invalid_task_state",
        ),
        (
            admin
                .list_dlq(pb::ListDlqRequest {
                    limit: -1,
                    ..Default::default()
                })
                .await
                .map(drop),
            Code::InvalidArgument,
            "invalid_limit",
        ),
        (
            admin
                .stream_events(pb::StreamEventsRequest {
                    after_id: "not-an-id".into(),
                    ..Default::default()
                })
                .await
                .map(drop),
            Code::InvalidArgument,
            "invalid_event_id",
        ),
        (
            admin
                .stream_events(pb::StreamEventsRequest {
                    kinds: vec!["gossip".into()],
                    ..Default::default()
                })
                .await
                .map(drop),
            Code::InvalidArgument,
            "invalid_event_kind",
        ),
        (
            admin
                .create_schedule(pb::CreateScheduleRequest::default())
                .await
                .map(drop),
            Code::InvalidArgument,
            "invalid_schedule_name",
        ),
        (
            admin
                .recycle_worker(pb::RecycleWorkerRequest {
                    id: "ghost".into(),
                    reason: String::new(),
                })
                .await
                .map(drop),
            Code::NotFound,
            "worker_not_found",
        ),
        (
            admin
                .retry_task(pb::RetryTaskRequest {
                    id: "0190c7c8-0000-7000-8000-000000000000".into(),
                })
                .await
                .map(drop),
            Code::NotFound,
            "task_not_found",
        ),
    ];
    for (result, code, expected) in cases {
        let status = result.expect_err(expected);
        assert_eq!(status.code(), code, "{expected}: {status:?}");
        assert_eq!(reason(&status), expected, "{status:?}");
        assert!(!status.message().contains("rpc error"), "{status:?}");
    }
    // A live task cannot be retried: FailedPrecondition.
    let mut tasks = server.tasks("operator").await;
    let id = enqueue(&mut tasks, spec("noop", "q")).await;
    let err = admin
        .retry_task(pb::RetryTaskRequest { id })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::FailedPrecondition, "task_not_retryable".into())
    );
    // An unknown event kind is answered with every kind a client may name, in the order of the
    // `oneof`'s field numbers.
    let err = admin
        .stream_events(pb::StreamEventsRequest {
            kinds: vec!["gossip".into()],
            ..Default::default()
        })
        .await
        .map(drop)
        .unwrap_err();
    assert_eq!(
        err.message(),
        "event kind \"gossip\" is unknown; use one of queue_changed, task_summary, dlq_changed, \
         schedule_event, job_event, job_log, audit, worker_joined, worker_left, worker_stuck, \
         overview, heartbeat, dequeue_changed, worker_recycle, alert, bulk_progress"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_and_guardrails_apply_to_destructive_and_bulk_actions() {
    let server = TestServer::start_with(
        &[
            ("WORKER_ADMIN_REQUIRE_APPROVAL", "true"),
            ("WORKER_ADMIN_APPROVAL_TOKEN", "let-me"),
            ("WORKER_ADMIN_REPLAY_LIMIT_MAX", "50"),
            ("WORKER_ADMIN_REPLAY_IDS_MAX", "2"),
        ],
        true,
    )
    .await;
    let mut admin = server.admin("operator").await;
    let with_token = |token: &str, limit: i32| {
        let mut req = Request::new(pb::ReplayDlqRequest { limit });
        if !token.is_empty() {
            req.metadata_mut()
                .insert("x-admin-approval", token.parse().unwrap());
        }
        req
    };
    let err = admin.replay_dlq(with_token("", 10)).await.unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::PermissionDenied, "approval_required".into())
    );
    let err = admin
        .replay_dlq(with_token("let-you", 10))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "approval_invalid");
    assert_eq!(
        admin
            .replay_dlq(with_token("let-me", 10))
            .await
            .unwrap()
            .into_inner()
            .moved,
        0
    );
    let err = admin
        .replay_dlq(with_token("let-me", 51))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::ResourceExhausted, "replay_limit_exceeded".into())
    );
    let mut ids = Request::new(pb::ReplayDlqByIdRequest {
        ids: vec![
            "0190c7c8-0000-7000-8000-000000000001".into(),
            "0190c7c8-0000-7000-8000-000000000002".into(),
            "0190c7c8-0000-7000-8000-000000000003".into(),
        ],
    });
    ids.metadata_mut()
        .insert("x-admin-approval", "let-me".parse().unwrap());
    let err = admin.replay_dlq_by_id(ids).await.unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::ResourceExhausted, "replay_ids_exceeded".into())
    );
    // The same policy for every destructive action: pause needs it too; weights do not.
    let err = admin
        .pause_dequeue(pb::PauseDequeueRequest {})
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "approval_required");
    let mut admin_role = server.admin("admin").await;
    admin_role
        .update_queue_weight(pb::UpdateQueueWeightRequest {
            name: "default".into(),
            weight: 3,
        })
        .await
        .unwrap();
    // Every one of these attempts is in the audit log.
    let audit = admin
        .list_audit_events(pb::ListAuditEventsRequest {
            action: "dlq.replay".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    let statuses: Vec<&str> = audit.iter().map(|e| e.status.as_str()).collect();
    assert_eq!(
        statuses,
        vec!["error", "ok", "error", "error"],
        "newest first"
    );
}

fn record(e: &pb::AuditEvent) -> AuditRecord {
    AuditRecord {
        id: e.id.clone(),
        entry: AuditEntry {
            at_ms: e.at_ms,
            actor: e.actor.clone(),
            role: e.role.clone(),
            request_id: e.request_id.clone(),
            action: e.action.clone(),
            target: e.target.clone(),
            status: e.status.clone(),
            payload_hash: e.payload_hash.clone(),
            detail: e.detail.clone(),
            metadata: e.metadata.clone(),
        },
        prev_hash: e.prev_hash.clone(),
        hash: e.hash.clone(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutations_allowed_and_refused_are_audited_in_a_hash_chain() {
    let server = TestServer::start_with(&[], true).await;
    let mut operator = server.admin("operator").await;
    let mut req = Request::new(pb::PauseQueueRequest {
        name: "default".into(),
        paused: true,
    });
    req.metadata_mut()
        .insert("x-request-id", "req-42/!".parse().unwrap());
    let response = operator.pause_queue(req).await.unwrap();
    assert_eq!(response.metadata().get("x-request-id").unwrap(), "req-42");
    // A viewer's attempt is refused and audited too.
    let mut viewer = server.admin("viewer").await;
    let err = viewer
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: false,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
    operator
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: false,
        })
        .await
        .unwrap();
    let events = operator
        .list_audit_events(pb::ListAuditEventsRequest {
            action: "queue.pause".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    // The resume is its own action (issue 12, item 5).
    assert_eq!(events.len(), 2);
    let (refused, pause) = (&events[0], &events[1]);
    let resumed = operator
        .list_audit_events(pb::ListAuditEventsRequest {
            action: "queue.resume".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    assert_eq!(resumed.len(), 1);
    let resume = &resumed[0];
    assert_eq!(pause.actor, "operator-user");
    assert_eq!(pause.role, "operator");
    assert_eq!(pause.request_id, "req-42");
    assert_eq!(pause.target, "default");
    assert_eq!(pause.status, "ok");
    assert_eq!(
        pause.metadata.get("paused").map(String::as_str),
        Some("true")
    );
    assert_eq!(pause.payload_hash.len(), 64);
    assert_eq!(refused.actor, "viewer-user");
    assert_eq!(refused.status, "error");
    assert!(
        refused.detail.contains("PermissionDenied"),
        "{}",
        refused.detail
    );
    assert_eq!(
        resume.metadata.get("paused").map(String::as_str),
        Some("false")
    );
    // Filters by actor and time; cursor paging.
    let by_actor = operator
        .list_audit_events(pb::ListAuditEventsRequest {
            actor: "viewer-user".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    assert_eq!(by_actor.len(), 1);
    let page1 = operator
        .list_audit_events(pb::ListAuditEventsRequest {
            limit: 2,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(page1.events.len(), 2);
    let page2 = operator
        .list_audit_events(pb::ListAuditEventsRequest {
            limit: 2,
            cursor: page1.next_cursor.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(page2.events.len(), 1);
    assert!(page2.next_cursor.is_empty());
    let future = operator
        .list_audit_events(pb::ListAuditEventsRequest {
            since_ms: resume.at_ms + 60_000,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    assert!(future.is_empty());
    // The export streams every entry oldest first; the chain verifies.
    let mut admin = server.admin("admin").await;
    let exported: Vec<pb::AuditEvent> = admin
        .export_audit_events(pb::ExportAuditEventsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .map(|e| e.unwrap())
        .collect()
        .await;
    assert_eq!(exported.len(), 4);
    assert_eq!(
        exported[3].action, "audit.export",
        "the export itself is audited"
    );
    let records: Vec<AuditRecord> = exported.iter().map(record).collect();
    let key = audit_key(&server);
    assert_eq!(verify_chain(&records, Some(&key)), Ok(()));
    assert!(records[0].hash.starts_with("k1:"), "the chain is keyed");
    let mut tampered = records.clone();
    tampered[1].entry.actor = "someone-else".into();
    assert!(verify_chain(&tampered, Some(&key)).is_err());
    // An operator may list the audit log but not export it.
    let err = operator
        .export_audit_events(pb::ExportAuditEventsRequest::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stream_events_resumes_after_an_id_across_a_restart() {
    let mut server = TestServer::start_with(&[], true).await;
    let mut admin = server.admin("operator").await;
    let mut stream = admin
        .stream_events(pb::StreamEventsRequest {
            kinds: vec!["queue_changed".into(), "overview".into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let snapshot = stream.next().await.unwrap().unwrap();
    assert!(matches!(
        snapshot.event,
        Some(pb::admin_event::Event::Overview(_))
    ));
    assert!(snapshot.id.is_empty(), "snapshots are not in the log");
    admin
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: true,
        })
        .await
        .unwrap();
    let paused = stream.next().await.unwrap().unwrap();
    let Some(pb::admin_event::Event::QueueChanged(change)) = &paused.event else {
        panic!("expected a queue change, got {paused:?}");
    };
    assert_eq!(
        (change.queue.as_str(), change.action.as_str()),
        ("default", "pause")
    );
    drop(stream);

    server.restart().await;
    let mut admin = server.admin("operator").await;
    admin
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: false,
        })
        .await
        .unwrap();
    let mut resumed = admin
        .stream_events(pb::StreamEventsRequest {
            after_id: paused.id.clone(),
            kinds: vec!["queue_changed".into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let next = resumed.next().await.unwrap().unwrap();
    let Some(pb::admin_event::Event::QueueChanged(change)) = &next.event else {
        panic!("expected the resume, got {next:?}");
    };
    assert_eq!(change.action, "resume");
    assert!(
        next.id.parse::<u64>().unwrap() > paused.id.parse::<u64>().unwrap(),
        "resumed exactly after {}",
        paused.id
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateways_forward_identities_and_nobody_else_can() {
    let server = TestServer::start_with(&[], true).await;
    let forwarded = |actor: &str, role: &str| {
        let mut req = Request::new(pb::PauseDequeueRequest {});
        req.metadata_mut()
            .insert("x-worker-forwarded-actor", actor.parse().unwrap());
        req.metadata_mut()
            .insert("x-worker-forwarded-role", role.parse().unwrap());
        req
    };
    let mut gateway = server.admin("gateway").await;
    gateway
        .pause_dequeue(forwarded("carol", "operator"))
        .await
        .unwrap();
    let err = gateway
        .pause_dequeue(forwarded("dave", "viewer"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
    // A viewer cannot promote itself by sending the same headers.
    let mut viewer = server.admin("viewer").await;
    let err = viewer
        .pause_dequeue(forwarded("root", "admin"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
    let audit = server
        .admin("admin")
        .await
        .list_audit_events(pb::ListAuditEventsRequest {
            action: "dequeue.pause".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    let actors: Vec<(&str, &str, Option<&str>)> = audit
        .iter()
        .map(|e| {
            (
                e.actor.as_str(),
                e.status.as_str(),
                e.metadata.get("via").map(String::as_str),
            )
        })
        .collect();
    assert_eq!(
        actors,
        vec![
            ("viewer-user", "error", None),
            ("dave", "error", Some("gateway-user")),
            ("carol", "ok", Some("gateway-user")),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_reflection_serve_off_the_shelf_tools() {
    let server = TestServer::start_with(&[], true).await;
    let channel = server.channel_as("viewer").await.unwrap();
    let mut health = tonic_health::pb::health_client::HealthClient::new(channel.clone());
    let status = health
        .check(tonic_health::pb::HealthCheckRequest {
            service: "worker.v1.AdminService".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .status;
    assert_eq!(
        status,
        tonic_health::pb::health_check_response::ServingStatus::Serving as i32
    );
    use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
    let mut reflection = ServerReflectionClient::new(channel);
    let request = tonic_reflection::pb::v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut responses = reflection
        .server_reflection_info(futures::stream::iter(vec![request]))
        .await
        .unwrap()
        .into_inner();
    let response = responses.next().await.unwrap().unwrap();
    let Some(MessageResponse::ListServicesResponse(list)) = response.message_response else {
        panic!("expected a service list");
    };
    let names: HashSet<String> = list.service.into_iter().map(|s| s.name).collect();
    for expected in [
        "worker.v1.AdminService",
        "worker.v1.TaskService",
        "grpc.health.v1.Health",
    ] {
        assert!(names.contains(expected), "{expected} in {names:?}");
    }
}

/// grpcurl 1.8 (and other tools of its age) asks only reflection v1alpha and reports "server
/// does not support the reflection API" without it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reflection_v1alpha_serves_older_tools() {
    use tonic_reflection::pb::v1alpha::ServerReflectionRequest;
    use tonic_reflection::pb::v1alpha::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1alpha::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1alpha::server_reflection_response::MessageResponse;
    let server = TestServer::start_with(&[], true).await;
    let channel = server.channel_as("viewer").await.unwrap();
    let mut reflection = ServerReflectionClient::new(channel);
    // What `grpcurl list` then `grpcurl describe worker.v1.AdminService` ask, on one stream.
    let requests = vec![
        ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::ListServices(String::new())),
        },
        ServerReflectionRequest {
            host: String::new(),
            message_request: Some(MessageRequest::FileContainingSymbol(
                "worker.v1.AdminService".into(),
            )),
        },
    ];
    let mut responses = reflection
        .server_reflection_info(futures::stream::iter(requests))
        .await
        .unwrap()
        .into_inner();
    let response = responses.next().await.unwrap().unwrap();
    let Some(MessageResponse::ListServicesResponse(list)) = response.message_response else {
        panic!(
            "expected a service list, got {:?}",
            response.message_response
        );
    };
    let names: HashSet<String> = list.service.into_iter().map(|s| s.name).collect();
    for expected in [
        "worker.v1.AdminService",
        "worker.v1.TaskService",
        "grpc.health.v1.Health",
    ] {
        assert!(names.contains(expected), "{expected} in {names:?}");
    }
    let response = responses.next().await.unwrap().unwrap();
    let Some(MessageResponse::FileDescriptorResponse(files)) = response.message_response else {
        panic!(
            "expected file descriptors, got {:?}",
            response.message_response
        );
    };
    assert!(!files.file_descriptor_proto.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_start_without_tls_settings_makes_a_development_pki_once() {
    let dir = tempfile::tempdir().unwrap();
    let env: BTreeMap<String, String> = [
        ("WORKER_DATA_DIR", dir.path().display().to_string()),
        ("WORKER_SQLITE_SYNC", "normal".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let config = worker_server::config::Config::from_map(&env).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let join = tokio::spawn(worker_server::server::run(
        config,
        worker_server::server::RunOptions {
            no_worker: true,
            ..Default::default()
        },
        listener,
        async {
            let _ = stopped.await;
        },
    ));
    let pki = worker_pki::PkiPaths::new(dir.path().join("pki"));
    let read = |p: std::path::PathBuf| std::fs::read_to_string(p).unwrap();
    let channel = crate::support::eventually("the server to come up", WAIT, || async {
        // The PKI appears whole (it is renamed into place) before the server serves.
        if !pki.is_complete() {
            return None;
        }
        let tls = tonic::transport::ClientTlsConfig::new()
            .ca_certificate(tonic::transport::Certificate::from_pem(read(pki.ca_cert())))
            .identity(tonic::transport::Identity::from_pem(
                read(pki.client_cert("admin")),
                read(pki.client_key("admin")),
            ))
            .domain_name("localhost");
        Channel::from_shared(format!("https://localhost:{port}"))
            .unwrap()
            .tls_config(tls)
            .unwrap()
            .connect()
            .await
            .ok()
    })
    .await;
    let health = AdminServiceClient::new(channel)
        .get_health(pb::GetHealthRequest {})
        .await
        .unwrap();
    assert_eq!(health.into_inner().status, "ok");
    let _ = stop.send(());
    join.await.unwrap().unwrap();
    let ca_before = read(pki.ca_cert());
    let (_, created) = worker_pki::ensure_dev(&dir.path().join("pki")).unwrap();
    assert!(!created);
    assert_eq!(read(pki.ca_cert()), ca_before, "made once, then reused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_only_streams_end_and_tail_starts_from_the_last_events() {
    let server = TestServer::start_with(&[], true).await;
    let mut admin = server.admin("operator").await;
    for paused in [true, false, true] {
        admin
            .pause_queue(pb::PauseQueueRequest {
                name: "default".into(),
                paused,
            })
            .await
            .unwrap();
    }
    let collect = |req: pb::StreamEventsRequest| {
        let mut admin = admin.clone();
        async move {
            admin
                .stream_events(req)
                .await
                .unwrap()
                .into_inner()
                .map(|e| e.unwrap())
                .collect::<Vec<_>>()
                .await
        }
    };
    let actions = |events: &[pb::AdminEvent]| -> Vec<String> {
        events
            .iter()
            .filter_map(|e| match &e.event {
                Some(pb::admin_event::Event::QueueChanged(c)) => Some(c.action.clone()),
                _ => None,
            })
            .collect()
    };
    // Every stored queue change, then the stream ends.
    let all = collect(pb::StreamEventsRequest {
        after_id: "0".into(),
        kinds: vec!["queue_changed".into()],
        stored_only: true,
        ..Default::default()
    })
    .await;
    assert_eq!(actions(&all), vec!["pause", "resume", "pause"]);
    // Each change is followed by its audit entry: the last four events hold the last two changes.
    let tail = collect(pb::StreamEventsRequest {
        tail: 4,
        stored_only: true,
        ..Default::default()
    })
    .await;
    assert_eq!(tail.len(), 4);
    assert_eq!(actions(&tail), vec!["resume", "pause"]);
    // A tail counts the events that pass the filters.
    let filtered = collect(pb::StreamEventsRequest {
        tail: 1,
        kinds: vec!["queue_changed".into()],
        stored_only: true,
        ..Default::default()
    })
    .await;
    assert_eq!(actions(&filtered), vec!["pause"]);
    let err = admin
        .stream_events(pb::StreamEventsRequest {
            tail: -1,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "invalid_tail");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_service_calls_and_server_streams_are_counted_in_the_grpc_metrics() {
    let server = TestServer::start_with(&[], true).await;
    let before = prometheus_text(&server).await;
    let mut tasks = server.tasks("operator").await;
    enqueue(&mut tasks, spec("noop", "counted")).await;
    tasks
        .enqueue_batch(pb::EnqueueBatchRequest {
            tasks: vec![spec("noop", "counted"); 2],
        })
        .await
        .unwrap();
    let mut admin = server.admin("viewer").await;
    let mut events = admin
        .stream_events(pb::StreamEventsRequest::default())
        .await
        .unwrap()
        .into_inner();
    let snapshot = tokio::time::timeout(WAIT, events.next()).await.unwrap();
    assert!(matches!(snapshot, Some(Ok(_))), "{snapshot:?}");
    // A stream refused before it opens is counted too.
    let refused = admin
        .export_audit_events(pb::ExportAuditEventsRequest::default())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    let after = prometheus_text(&server).await;
    for (method, code) in [
        ("TaskService/Enqueue", "ok"),
        ("TaskService/EnqueueBatch", "ok"),
        ("StreamEvents", "ok"),
        ("ExportAuditEvents", "permissiondenied"),
    ] {
        assert!(
            grpc_calls(&after, method, code) > grpc_calls(&before, method, code),
            "{method} ({code}) is counted in worker_admin_grpc_calls_total"
        );
        assert!(
            after.contains(&format!(
                r#"worker_admin_grpc_request_duration_seconds_count{{method="{method}"}}"#
            )),
            "{method} has a latency histogram"
        );
    }
    let json: serde_json::Value = server
        .http("viewer")
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(json["grpc"]["/worker.v1/TaskService/Enqueue"]["calls"].as_u64() >= Some(1));
    crate::requirements::check_with_promtool(&after);
}

/// The audit chain key `workerd` made in the server's data directory.
fn audit_key(server: &TestServer) -> worker_server::engine::audit::AuditKey {
    let path = server
        .data_dir()
        .join("pki")
        .join(worker_pki::AUDIT_KEY_FILE);
    let (bytes, made) = worker_pki::ensure_audit_key(&path).unwrap();
    assert!(!made, "workerd made the key");
    worker_server::engine::audit::AuditKey::new(bytes).unwrap()
}

/// Issue 12, item 2: with the audit table unwritable (a trigger on the real file stands in for a
/// full disk), a pause and a replay answer `Unavailable` (`audit_unavailable`) and change nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mutation_whose_audit_entry_cannot_be_written_fails_and_changes_nothing() {
    let server = TestServer::start(&[]).await;
    let mut operator = server.admin("operator").await;
    // No worker runs this handler, so the task waits.
    let waiting = enqueue(
        &mut server.tasks("operator").await,
        spec("nobody-runs-this", "held"),
    )
    .await;
    let conn = rusqlite::Connection::open(server.data_dir().join("worker.db")).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER audit_disk_full BEFORE INSERT ON audit
         BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    )
    .unwrap();
    let err = operator
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: true,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), tonic::Code::Unavailable, "{err:?}");
    assert_eq!(reason(&err), "audit_unavailable");
    let queue = operator
        .get_queue(pb::GetQueueRequest {
            name: "default".into(),
        })
        .await
        .unwrap()
        .into_inner()
        .queue
        .unwrap();
    assert!(!queue.paused, "the pause did not happen without its entry");
    let err = operator
        .replay_dlq(pb::ReplayDlqRequest { limit: 10 })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "audit_unavailable");
    let err = operator
        .cancel_task(pb::CancelTaskRequest {
            id: waiting.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), tonic::Code::Unavailable, "{err:?}");
    assert_eq!(reason(&err), "audit_unavailable");
    assert_eq!(
        state_of(&mut operator, &waiting).await,
        pb::TaskState::Pending,
        "the cancel did not happen without its entry"
    );
    // Once the audit log can be written again, the same call works and is recorded.
    conn.execute_batch("DROP TRIGGER audit_disk_full").unwrap();
    operator
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: true,
        })
        .await
        .unwrap();
    let mut admin = server.admin("admin").await;
    let entries = admin
        .list_audit_events(pb::ListAuditEventsRequest {
            action: "queue.pause".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    assert_eq!(
        entries.iter().filter(|e| e.status == "ok").count(),
        1,
        "{entries:?}"
    );
    // The cancel too, its entry (written with it) naming the outcome.
    operator
        .cancel_task(pb::CancelTaskRequest {
            id: waiting.clone(),
        })
        .await
        .unwrap();
    let cancels = admin
        .list_audit_events(pb::ListAuditEventsRequest {
            action: "task.cancel".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    let ok: Vec<_> = cancels.iter().filter(|e| e.status == "ok").collect();
    assert_eq!(ok.len(), 1, "{cancels:?}");
    assert_eq!(ok[0].detail, "cancelled");
    assert_eq!(ok[0].target, waiting);
    // A retry of the finished task, refused for want of its entry, leaves it finished.
    conn.execute_batch(
        "CREATE TRIGGER audit_disk_full BEFORE INSERT ON audit
         BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    )
    .unwrap();
    let err = operator
        .retry_task(pb::RetryTaskRequest {
            id: waiting.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), tonic::Code::Unavailable, "{err:?}");
    assert_eq!(reason(&err), "audit_unavailable");
    assert_eq!(
        state_of(&mut operator, &waiting).await,
        pb::TaskState::Cancelled,
        "the retry did not happen without its entry"
    );
}

/// Issue 12, item 2: a recycle request whose audit entry cannot be written answers `Unavailable`
/// (`audit_unavailable`) and the worker is not asked to recycle; once the log is writable, the
/// request is written with its entry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recycle_whose_audit_entry_cannot_be_written_fails_and_changes_nothing() {
    let server = TestServer::start(&[]).await;
    // A worker that registered a handler is live.
    crate::schedules::wait_for_factory(&server, "noop").await;
    let mut admin = server.admin("admin").await;
    let worker = admin
        .list_workers(pb::ListWorkersRequest {})
        .await
        .unwrap()
        .into_inner()
        .workers
        .into_iter()
        .find(|w| w.state == "active")
        .expect("a live worker");
    let conn = rusqlite::Connection::open(server.data_dir().join("worker.db")).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER audit_disk_full BEFORE INSERT ON audit
         BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    )
    .unwrap();
    let recycle = pb::RecycleWorkerRequest {
        id: worker.id.clone(),
        reason: "leaky".into(),
    };
    let err = admin.recycle_worker(recycle.clone()).await.unwrap_err();
    assert_eq!(err.code(), tonic::Code::Unavailable, "{err:?}");
    assert_eq!(reason(&err), "audit_unavailable");
    let flagged: Option<String> = conn
        .query_row(
            "SELECT recycle_reason FROM workers WHERE id = ?1",
            [&worker.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        flagged, None,
        "the recycle did not happen without its entry"
    );
    conn.execute_batch("DROP TRIGGER audit_disk_full").unwrap();
    admin.recycle_worker(recycle).await.unwrap();
    let entries = admin
        .list_audit_events(pb::ListAuditEventsRequest {
            action: "worker.recycle".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    let ok: Vec<_> = entries.iter().filter(|e| e.status == "ok").collect();
    assert_eq!(ok.len(), 1, "{entries:?}");
    assert_eq!(
        (ok[0].target.as_str(), ok[0].detail.as_str()),
        (worker.id.as_str(), "recycle requested")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_audit_chain_reports_an_intact_chain_and_its_head() {
    let server = TestServer::start(&[]).await;
    let mut operator = server.admin("operator").await;
    operator
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: true,
        })
        .await
        .unwrap();
    let mut admin = server.admin("admin").await;
    let v = admin
        .verify_audit_chain(pb::VerifyAuditChainRequest {})
        .await
        .unwrap()
        .into_inner();
    assert!(v.ok, "{v:?}");
    assert_eq!(v.checked, 1, "{v:?}");
    assert!(v.break_id.is_empty() && v.break_reason.is_empty(), "{v:?}");
    let newest = operator
        .list_audit_events(pb::ListAuditEventsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .events;
    assert_eq!(
        (v.head_id.as_str(), v.head_hash.as_str()),
        (newest[0].id.as_str(), newest[0].hash.as_str())
    );
    // Verifying is not itself audited: a second look finds the same head.
    let again = admin
        .verify_audit_chain(pb::VerifyAuditChainRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again, v);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_server_notices_an_audit_entry_changed_in_its_database() {
    let server = TestServer::start(&[("WORKER_AUDIT_VERIFY_INTERVAL", "100ms")]).await;
    let mut operator = server.admin("operator").await;
    operator
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: true,
        })
        .await
        .unwrap();
    assert!(
        prometheus_text(&server)
            .await
            .contains("worker_audit_chain_broken 0"),
        "intact at first"
    );
    let db = rusqlite::Connection::open(server.data_dir().join("worker.db")).unwrap();
    db.busy_timeout(Duration::from_secs(10)).unwrap();
    db.execute(
        "UPDATE audit SET actor='mallory' WHERE id=(SELECT MIN(id) FROM audit)",
        [],
    )
    .unwrap();
    drop(db);
    // No restart: the periodic pass finds it.
    crate::support::eventually(
        "the periodic verification to raise worker_audit_chain_broken",
        Duration::from_secs(30),
        || async {
            prometheus_text(&server)
                .await
                .contains("worker_audit_chain_broken 1")
                .then_some(())
        },
    )
    .await;
}
