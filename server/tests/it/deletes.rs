//! Removing things over gRPC (issue 17): DLQ entries and tasks by id and by filter, dry runs,
//! queues refused while they hold tasks unless forced; admin only, approval-gated, audited
//! with counts. (Roles for every RPC: `grpc::the_permission_table_holds_…`; the stores:
//! `store_conformance::*::deletes`.)

use tonic::{Code, Request};
use worker_proto::v1 as pb;

use crate::grpc::{enqueue, spec, wait_for_state};
use crate::grpc_support::{TestServer, reason};

const MISSING: &str = "0190c7c8-0000-7000-8000-000000000000";

fn approved<T>(message: T) -> Request<T> {
    let mut req = Request::new(message);
    req.metadata_mut()
        .insert("x-admin-approval", "let-me".parse().unwrap());
    req
}

fn outcomes(results: &[pb::DeleteResult]) -> Vec<&str> {
    results.iter().map(|r| r.outcome.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dlq_entries_tasks_and_queues_are_deleted_by_admins_with_approval_and_audited() {
    let server = TestServer::start(&[
        ("WORKER_ADMIN_REQUIRE_APPROVAL", "true"),
        ("WORKER_ADMIN_APPROVAL_TOKEN", "let-me"),
    ])
    .await;
    let mut tasks = server.tasks("operator").await;
    let dead_spec = |queue: &str| pb::TaskSpec {
        max_retries: Some(0),
        ..spec("fail", queue)
    };
    let mut dead = Vec::new();
    for _ in 0..5 {
        dead.push(enqueue(&mut tasks, dead_spec("dq")).await);
    }
    let other = enqueue(&mut tasks, dead_spec("dq-other")).await;
    for id in dead.iter().chain([&other]) {
        wait_for_state(&server, id, pb::TaskState::Dead).await;
    }
    let by_ids = || pb::DeleteDlqRequest {
        ids: vec![dead[0].clone(), MISSING.into()],
        ..Default::default()
    };

    // Only an admin, and only with the approval token.
    let mut operator = server.admin("operator").await;
    let err = operator.delete_dlq(approved(by_ids())).await.unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::PermissionDenied, "permission_denied".into())
    );
    let mut admin = server.admin("admin").await;
    let err = admin.delete_dlq(by_ids()).await.unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::PermissionDenied, "approval_required".into())
    );
    // No filter is not "everything" unless asked for.
    let err = admin
        .delete_dlq(approved(pb::DeleteDlqRequest::default()))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::InvalidArgument, "missing_filter".into())
    );

    // A dry run counts and samples, and changes nothing.
    let by_queue = |limit: i32, dry_run: bool| pb::DeleteDlqRequest {
        queue: "dq".into(),
        limit,
        dry_run,
        ..Default::default()
    };
    let dry = admin
        .delete_dlq(approved(by_queue(3, true)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((dry.deleted, dry.matched, dry.dry_run), (0, 5, true));
    assert_eq!(outcomes(&dry.results), vec!["would_delete"; 3]);
    let listed = |admin: &mut worker_proto::v1::admin_service_client::AdminServiceClient<_>| {
        let mut admin = admin.clone();
        async move {
            admin
                .list_dlq(pb::ListDlqRequest {
                    queue: "dq".into(),
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner()
                .total
        }
    };
    assert_eq!(listed(&mut admin).await, 5);

    // By id: per-id outcomes.
    let r = admin
        .delete_dlq(approved(by_ids()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(r.deleted, 1);
    assert_eq!(outcomes(&r.results), vec!["deleted", "not_found"]);
    assert_eq!(listed(&mut admin).await, 4);

    // By filter, in batches: repeat while fewer were deleted than matched.
    let first = admin
        .delete_dlq(approved(by_queue(3, false)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((first.deleted, first.matched), (3, 4));
    let second = admin
        .delete_dlq(approved(by_queue(3, false)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((second.deleted, second.matched), (1, 1));
    assert_eq!(listed(&mut admin).await, 0);

    // Tasks by filter: a scheduled one goes; the dead one of another queue stays.
    let later = enqueue(
        &mut tasks,
        pb::TaskSpec {
            run_at_ms: 4_102_444_800_000,
            ..spec("noop", "dq-later")
        },
    )
    .await;
    let r = admin
        .delete_tasks(approved(pb::DeleteTasksRequest {
            queue: "dq-later".into(),
            state: "scheduled".into(),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((r.deleted, r.matched), (1, 1));
    assert_eq!(r.results[0].id, later);
    let err = admin
        .get_task(pb::GetTaskRequest { id: later })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);

    // Queues: an empty one goes; one holding a task only when forced.
    let del = |name: &str, force: bool, dry_run: bool| pb::DeleteQueueRequest {
        name: name.into(),
        force,
        dry_run,
    };
    let r = admin
        .delete_queue(approved(del("dq", false, false)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((r.deleted, r.tasks), (true, 0));
    let err = admin
        .delete_queue(approved(del("dq-other", false, false)))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::FailedPrecondition, "queue_not_empty".into())
    );
    let r = admin
        .delete_queue(approved(del("dq-other", true, true)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((r.deleted, r.tasks, r.dry_run), (false, 1, true));
    let r = admin
        .delete_queue(approved(del("dq-other", true, false)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((r.deleted, r.tasks), (true, 1));
    let err = admin
        .get_queue(pb::GetQueueRequest {
            name: "dq-other".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    let err = admin
        .delete_queue(approved(del("dq-other", false, false)))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::NotFound, "queue_not_found".into())
    );

    // Audited with their counts, refusals included.
    let details = |action: &str| {
        let mut admin = admin.clone();
        let action = action.to_string();
        async move {
            admin
                .list_audit_events(pb::ListAuditEventsRequest {
                    action,
                    ..Default::default()
                })
                .await
                .unwrap()
                .into_inner()
                .events
                .into_iter()
                .map(|e| format!("{} {}", e.status, e.detail))
                .collect::<Vec<_>>()
        }
    };
    let dlq = details("dlq.delete").await;
    for expected in [
        "ok deleted 1 by filter",
        "ok deleted 3 by filter",
        "ok deleted 1 of 2",
    ] {
        assert!(dlq.contains(&expected.to_string()), "{expected}: {dlq:?}");
    }
    assert!(
        dlq.iter().filter(|d| d.starts_with("error")).count() >= 2,
        "{dlq:?}"
    );
    assert!(
        details("task.delete")
            .await
            .contains(&"ok deleted 1 by filter".to_string())
    );
    let queue = details("queue.delete").await;
    for expected in [
        "ok deleted with 1 tasks (force true)",
        "ok deleted with 0 tasks (force false)",
    ] {
        assert!(
            queue.contains(&expected.to_string()),
            "{expected}: {queue:?}"
        );
    }
}

/// The `dlq_changed` events about deletes, from the stored log: (queue, removed).
async fn dlq_deletes(server: &TestServer) -> Vec<(String, i64)> {
    let mut admin = server.admin("viewer").await;
    let mut stream = admin
        .stream_events(pb::StreamEventsRequest {
            after_id: "0".into(),
            kinds: vec!["dlq_changed".into()],
            stored_only: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let mut out = Vec::new();
    while let Some(event) = stream.message().await.unwrap() {
        if let Some(pb::admin_event::Event::DlqChanged(e)) = event.event
            && e.action == "delete"
        {
            out.push((e.queue, e.removed));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dry_runs_need_no_approval_and_deletes_of_dead_tasks_change_the_dlq() {
    let server = TestServer::start(&[
        ("WORKER_ADMIN_REQUIRE_APPROVAL", "true"),
        ("WORKER_ADMIN_APPROVAL_TOKEN", "let-me"),
    ])
    .await;
    let mut tasks = server.tasks("operator").await;
    let mut dead = Vec::new();
    for _ in 0..3 {
        let spec = pb::TaskSpec {
            max_retries: Some(0),
            ..spec("fail", "dry")
        };
        dead.push(enqueue(&mut tasks, spec).await);
    }
    for id in &dead {
        wait_for_state(&server, id, pb::TaskState::Dead).await;
    }

    // A dry run changes nothing: an admin's needs no approval token.
    let mut admin = server.admin("admin").await;
    let r = admin
        .delete_tasks(pb::DeleteTasksRequest {
            queue: "dry".into(),
            dry_run: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!((r.matched, r.dry_run), (3, true));
    let r = admin
        .delete_dlq(pb::DeleteDlqRequest {
            ids: vec![dead[0].clone()],
            dry_run: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(outcomes(&r.results), ["would_delete"]);
    let r = admin
        .delete_queue(pb::DeleteQueueRequest {
            name: "dry".into(),
            force: true,
            dry_run: true,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!((r.tasks, r.dry_run, r.deleted), (3, true, false));
    // The real thing still needs it, and a dry run still needs the role.
    let err = admin
        .delete_tasks(pb::DeleteTasksRequest {
            queue: "dry".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "approval_required");
    let mut operator = server.admin("operator").await;
    let err = operator
        .delete_tasks(pb::DeleteTasksRequest {
            queue: "dry".into(),
            dry_run: true,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::PermissionDenied, "permission_denied".into())
    );
    assert_eq!(
        admin
            .list_dlq(pb::ListDlqRequest {
                queue: "dry".into(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner()
            .total,
        3,
        "dry runs changed nothing"
    );

    // A task delete that takes a dead task changes the DLQ, as a DLQ delete does; so does a
    // forced queue delete that takes the rest.
    assert_eq!(dlq_deletes(&server).await, vec![]);
    let r = admin
        .delete_tasks(approved(pb::DeleteTasksRequest {
            ids: vec![dead[0].clone()],
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(r.deleted, 1);
    assert_eq!(dlq_deletes(&server).await, vec![(String::new(), 1)]);
    let r = admin
        .delete_queue(approved(pb::DeleteQueueRequest {
            name: "dry".into(),
            force: true,
            dry_run: false,
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((r.deleted, r.tasks), (true, 2));
    assert_eq!(
        dlq_deletes(&server).await,
        vec![(String::new(), 1), ("dry".into(), 2)]
    );

    // In the audit log: what changed, and who was refused; not the dry runs that were allowed.
    let entries = admin
        .list_audit_events(pb::ListAuditEventsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .events;
    let lines: Vec<String> = entries
        .iter()
        .filter(|e| e.action.ends_with(".delete"))
        .map(|e| format!("{} {} {} {}", e.actor, e.action, e.status, e.detail))
        .collect();
    assert!(
        !lines.iter().any(|l| l.contains(" ok dry run")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("task.delete ok deleted 1 of 1")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("queue.delete ok deleted with 2 tasks")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .filter(|l| l.contains("task.delete error"))
            .count()
            >= 2,
        "the refusals, approval and role: {lines:#?}"
    );
}
