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
        "ok dry run: 5 matched",
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
        "ok dry run: 1 tasks",
    ] {
        assert!(
            queue.contains(&expected.to_string()),
            "{expected}: {queue:?}"
        );
    }
}
