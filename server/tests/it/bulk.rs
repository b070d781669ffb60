//! Bulk actions by filter over gRPC and the gateway (issue 17): dry runs read (any role, no
//! approval, no audit entry); a real start needs its action's role and the approval token;
//! the operation runs on the server in audited batches and its progress arrives as
//! `bulk_progress` events to the end. (Both stores, interruptions and every action:
//! `store_conformance::*::bulk_ops`.)

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tonic::{Code, Request};
use worker_proto::v1 as pb;

use crate::grpc::{enqueue, spec, wait_for_state};
use crate::grpc_support::{TestServer, reason};

const MISSING: &str = "0190c7c8-0000-7000-8000-000000000000";
const WAIT: std::time::Duration = std::time::Duration::from_secs(30);

fn approved<T>(message: T) -> Request<T> {
    let mut req = Request::new(message);
    req.metadata_mut()
        .insert("x-admin-approval", "let-me".parse().unwrap());
    req
}

fn start(action: &str, queue: &str, dry_run: bool) -> pb::StartBulkOperationRequest {
    pb::StartBulkOperationRequest {
        action: action.into(),
        filter: Some(pb::TaskFilter {
            queue: queue.into(),
            ..Default::default()
        }),
        dry_run,
        batch_size: 2,
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_deletes_run_on_the_server_in_audited_batches_with_roles_and_approval() {
    let server = TestServer::start_with(
        &[
            ("WORKER_ADMIN_REQUIRE_APPROVAL", "true"),
            ("WORKER_ADMIN_APPROVAL_TOKEN", "let-me"),
        ],
        false,
    )
    .await;
    let mut tasks = server.tasks("operator").await;
    let mut dead = Vec::new();
    for _ in 0..5 {
        let id = enqueue(
            &mut tasks,
            pb::TaskSpec {
                max_retries: Some(0),
                ..spec("fail", "bq")
            },
        )
        .await;
        dead.push(id);
    }
    for id in &dead {
        wait_for_state(&server, id, pb::TaskState::Dead).await;
    }

    // A viewer's dry run: no approval needed, a count and a sample, newest first.
    let mut viewer = server.admin("viewer").await;
    let dry = viewer
        .start_bulk_operation(start("delete_dlq", "bq", true))
        .await
        .unwrap()
        .into_inner();
    assert!(dry.dry_run && dry.operation.is_none());
    assert_eq!(dry.matched, 5);
    assert_eq!(dry.sample.len(), 5);
    // In failure order, newest first: the workers decide that order, so compare as sets.
    let mut sampled: Vec<String> = dry.sample.iter().map(|s| s.id.clone()).collect();
    sampled.sort();
    let mut expected = dead.clone();
    expected.sort();
    assert_eq!(sampled, expected);
    // A real start: the action's role, then approval; an empty filter must be asked for.
    let err = viewer
        .start_bulk_operation(approved(start("replay_dlq", "bq", false)))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "permission_denied");
    let mut operator = server.admin("operator").await;
    let err = operator
        .start_bulk_operation(approved(start("delete_dlq", "bq", false)))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::PermissionDenied, "permission_denied".into())
    );
    let mut admin = server.admin("admin").await;
    let err = admin
        .start_bulk_operation(start("delete_dlq", "bq", false))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "approval_required");
    let mut empty = start("delete_dlq", "", false);
    empty.filter = None;
    let err = admin
        .start_bulk_operation(approved(empty))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::InvalidArgument, "missing_filter".into())
    );
    let mut bad = start("delete_dlq", "bq", false);
    bad.filter.as_mut().unwrap().state = "sleepy".into();
    let err = admin.start_bulk_operation(approved(bad)).await.unwrap_err();
    assert_eq!(reason(&err), "invalid_filter");
    let err = admin
        .start_bulk_operation(approved(start("shred", "bq", false)))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "invalid_bulk_action");

    // The real run: followed by its events to the end.
    let mut events = admin
        .stream_events(pb::StreamEventsRequest {
            kinds: vec!["bulk_progress".into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let started = admin
        .start_bulk_operation(approved(start("delete_dlq", "bq", false)))
        .await
        .unwrap()
        .into_inner();
    let op = started.operation.expect("the operation");
    assert_eq!((op.state.as_str(), started.matched), ("running", 5));
    let deadline = tokio::time::Instant::now() + WAIT;
    let done = loop {
        let event = tokio::time::timeout_at(deadline, events.next())
            .await
            .expect("progress arrives")
            .unwrap()
            .unwrap();
        let Some(pb::admin_event::Event::BulkProgress(p)) = event.event else {
            panic!("only bulk_progress events were asked for: {event:?}");
        };
        let p = p.operation.unwrap();
        if p.id == op.id && p.state != "running" {
            break p;
        }
    };
    assert_eq!(done.state, "done");
    assert_eq!(
        (done.processed, done.succeeded, done.skipped, done.batches),
        (5, 5, 0, 3)
    );
    assert_eq!(done.actor, "admin-user");
    let left = admin
        .list_dlq(pb::ListDlqRequest {
            queue: "bq".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(left.total, 0);
    // One entry for the start and one per batch.
    let audited = admin
        .list_audit_events(pb::ListAuditEventsRequest {
            action: "bulk.delete_dlq".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    // The refusals above are audited too, under the action they asked for.
    let refused = audited.iter().filter(|e| e.status == "error").count();
    assert_eq!(refused, 4, "{audited:?}");
    let audited: Vec<_> = audited.into_iter().filter(|e| e.status == "ok").collect();
    let mut details: Vec<String> = audited.iter().map(|e| e.detail.clone()).collect();
    details.reverse();
    assert_eq!(
        details,
        vec![
            "started: 5 matched by delete_dlq".to_string(),
            "batch 1: deleted 2 of 2".into(),
            "batch 2: deleted 2 of 2".into(),
            "batch 3: deleted 1 of 1".into(),
        ]
    );
    assert!(
        audited
            .iter()
            .all(|e| e.actor == "admin-user" && e.target == op.id)
    );
    // The dry run wrote no entry: the viewer's only entry is its refused replay.
    let reads = admin
        .list_audit_events(pb::ListAuditEventsRequest {
            actor: "viewer-user".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    let actions: Vec<&str> = reads.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["bulk.replay_dlq"], "{reads:?}");

    // Get, list; a finished operation cannot be cancelled; resuming a delete needs an admin.
    let got = viewer
        .get_bulk_operation(pb::GetBulkOperationRequest { id: op.id.clone() })
        .await
        .unwrap()
        .into_inner()
        .operation
        .unwrap();
    assert_eq!(got, done);
    let listed = viewer
        .list_bulk_operations(pb::ListBulkOperationsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .operations;
    assert_eq!(listed[0].id, op.id);
    let err = operator
        .cancel_bulk_operation(pb::CancelBulkOperationRequest { id: op.id.clone() })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::FailedPrecondition, "bulk_operation_finished".into())
    );
    let err = operator
        .resume_bulk_operation(approved(pb::ResumeBulkOperationRequest {
            id: op.id.clone(),
        }))
        .await
        .unwrap_err();
    assert_eq!(reason(&err), "permission_denied");
    let err = viewer
        .get_bulk_operation(pb::GetBulkOperationRequest { id: MISSING.into() })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
    let err = viewer
        .get_bulk_operation(pb::GetBulkOperationRequest { id: "x".into() })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::InvalidArgument, "invalid_bulk_operation_id".into())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_starts_lists_and_refuses_bulk_operations() {
    let server = TestServer::start_with(&[], true).await;
    let mut tasks = server.tasks("operator").await;
    for _ in 0..3 {
        enqueue(&mut tasks, spec("noop", "gq")).await;
    }
    let viewer = server.http("viewer");
    // The textual filter and the fields are one language.
    for body in [
        json!({"action": "cancel_tasks", "filter": "queue:gq state:pending", "dryRun": true}),
        json!({"action": "cancel_tasks", "queue": "gq", "state": "pending", "dryRun": true}),
    ] {
        let resp = viewer
            .post(server.url("/bulk"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let v: Value = resp.json().await.unwrap();
        assert_eq!(
            (v["dryRun"].clone(), v["matched"].clone()),
            (json!(true), json!(3))
        );
        assert_eq!(v["sample"].as_array().unwrap().len(), 3);
    }
    for (body, code) in [
        (
            json!({"action": "cancel_tasks", "filter": "colour:red", "dryRun": true}),
            "invalid_filter",
        ),
        (
            json!({"action": "cancel_tasks", "filter": "queue:gq", "queue": "gq"}),
            "invalid_filter",
        ),
        (
            json!({"action": "cancel_tasks", "olderThan": "soon"}),
            "invalid_filter",
        ),
        (
            json!({"action": "cancel_tasks", "dryRun": true}),
            "missing_filter",
        ),
        (
            json!({"action": "nope", "queue": "gq", "dryRun": true}),
            "invalid_bulk_action",
        ),
    ] {
        let resp = viewer
            .post(server.url("/bulk"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        let v: Value = resp.json().await.unwrap();
        assert!(status.is_client_error(), "{body}: {status} {v}");
        assert_eq!(v["error"]["reason"], code, "{body}: {v}");
    }
    // An operator cancels the queue's tasks; the operation is listed and read back.
    let operator = server.http("operator");
    let resp = operator
        .post(server.url("/bulk"))
        .json(&json!({"action": "cancel_tasks", "filter": "queue:gq", "batchSize": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let v: Value = resp.json().await.unwrap();
    let id = v["operation"]["id"].as_str().unwrap().to_string();
    assert_eq!(v["operation"]["filter"], "queue:gq");
    let list: Value = viewer
        .get(server.url("/bulk"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["operations"][0]["id"], id.as_str());
    let resp = viewer
        .get(server.url(&format!("/bulk/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = viewer
        .post(server.url(&format!("/bulk/{id}/cancel")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = viewer
        .get(server.url("/bulk/not-a-uuid"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
}

/// Listings take the filter of the bulk actions: `ListTasks`/`ListDLQ` their `filter`
/// message (text, fingerprint and age beside the old fields, which keep working), the gateway
/// `?filter=` in the textual form or `?older_than=` beside the fields; what does not parse or
/// contradicts itself is InvalidArgument / 400 `invalid_filter` and lists nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listings_take_the_filter_of_the_bulk_actions() {
    let server = TestServer::start_with(&[], true).await;
    let mut tasks = server.tasks("operator").await;
    for _ in 0..3 {
        enqueue(&mut tasks, spec("noop_mail", "lq")).await;
    }
    enqueue(&mut tasks, spec("other", "lq")).await;
    enqueue(&mut tasks, spec("noop_mail", "lq2")).await;
    let mut admin = server.admin("viewer").await;
    let list = |filter: pb::TaskFilter, queue: &str| pb::ListTasksRequest {
        queue: queue.into(),
        filter: Some(filter),
        ..Default::default()
    };
    let total = |r: Result<tonic::Response<pb::ListTasksResponse>, tonic::Status>| {
        let r = r.unwrap().into_inner();
        assert_eq!(r.total, r.tasks.len() as i64);
        r.total
    };
    let text = pb::TaskFilter {
        queue: "lq".into(),
        state: "pending".into(),
        text: "MAIL".into(),
        ..Default::default()
    };
    assert_eq!(total(admin.list_tasks(list(text.clone(), "")).await), 3);
    // The old field and the message agree: the same.
    assert_eq!(total(admin.list_tasks(list(text.clone(), "lq")).await), 3);
    let old = pb::TaskFilter {
        older_than_ms: 3_600_000,
        ..text.clone()
    };
    assert_eq!(total(admin.list_tasks(list(old, "")).await), 0);
    // Every task is older than a millisecond once one has passed.
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let aged = pb::TaskFilter {
            queue: "lq".into(),
            older_than_ms: 1,
            ..Default::default()
        };
        let seen = total(admin.list_tasks(list(aged, "")).await);
        if seen == 4 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "tasks never aged: {seen}"
        );
        tokio::task::yield_now().await;
    }
    for (request, why) in [
        (
            list(text.clone(), "lq2"),
            "the queue given twice, differently",
        ),
        (
            list(
                pb::TaskFilter {
                    state: "sleepy".into(),
                    ..Default::default()
                },
                "",
            ),
            "an unknown state",
        ),
        (
            list(
                pb::TaskFilter {
                    older_than_ms: -5,
                    ..Default::default()
                },
                "",
            ),
            "a negative age",
        ),
    ] {
        let err = admin.list_tasks(request).await.unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument, "{why}");
        assert_eq!(reason(&err), "invalid_filter", "{why}");
    }
    let err = admin
        .list_dlq(pb::ListDlqRequest {
            filter: Some(pb::TaskFilter {
                state: "pending".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err).as_str()),
        (Code::InvalidArgument, "invalid_filter")
    );
    let dlq = admin
        .list_dlq(pb::ListDlqRequest {
            filter: Some(pb::TaskFilter {
                state: "dead".into(),
                older_than_ms: 60_000,
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(dlq.total, 0);

    // The gateway: the textual form, or the fields with `older_than`.
    let viewer = server.http("viewer");
    let get = |path: &str| {
        let viewer = viewer.clone();
        let url = server.url(path);
        async move {
            let resp = viewer.get(url).send().await.unwrap();
            let status = resp.status();
            (status, resp.json::<Value>().await.unwrap())
        }
    };
    for (path, want) in [
        ("/tasks?filter=queue:lq%20state:pending%20mail", 3),
        ("/tasks?queue=lq&query=mail", 3),
        ("/tasks?filter=handler:other", 1),
        ("/tasks?filter=queue:lq%20older:2h", 0),
        ("/tasks?queue=lq&older_than=2h", 0),
        ("/dlq?filter=state:dead%20older:1h", 0),
        ("/dlq?older_than=1h", 0),
    ] {
        let (status, v) = get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {v}");
        assert_eq!(v["total"], json!(want), "{path}: {v}");
    }
    for path in [
        "/tasks?filter=colour:red",
        "/tasks?filter=queue:lq&queue=lq",
        "/tasks?older_than=soon",
        "/tasks?filter=%22open",
        "/dlq?filter=state:pending",
        "/dlq?older_than=0s",
    ] {
        let (status, v) = get(path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {v}");
        assert_eq!(v["error"]["reason"], "invalid_filter", "{path}: {v}");
    }
}
