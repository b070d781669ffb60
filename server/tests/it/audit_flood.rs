//! The audit log under attack, over real mTLS on a real SQLite file: a viewer's refusals and a
//! producer's enqueues are coalesced into a handful of counted entries, so a retention sweep
//! keeps an admin's earlier entry; mutating HTTP requests the gateway refuses itself are audited.

use std::time::{Duration, Instant};

use futures::StreamExt;
use tonic::Code;
use worker_proto::v1 as pb;

use crate::grpc::spec;
use crate::grpc_support::TestServer;

const WAIT: Duration = Duration::from_secs(60);

async fn audit_all(server: &TestServer) -> Vec<pb::AuditEvent> {
    let mut admin = server.admin("admin").await;
    let mut out = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = admin
            .list_audit_events(pb::ListAuditEventsRequest {
                limit: 500,
                cursor: cursor.clone(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        out.extend(page.events);
        if page.next_cursor.is_empty() {
            return out;
        }
        cursor = page.next_cursor;
    }
}

fn count(e: &pb::AuditEvent) -> u64 {
    e.metadata.get("count").map_or(1, |c| c.parse().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_refusals_and_enqueues_cannot_evict_an_admins_entry() {
    // A small bound, so that without coalescing this flood would evict the admin's entry at
    // the next sweep (as 500 did by default before).
    let mut server =
        TestServer::start_with(&[("WORKER_ADMIN_AUDIT_EVENT_LIMIT", "50")], true).await;
    // Earlier operator history: the oldest entries, which the bound may evict (and archive).
    let mut operator = server.admin("operator").await;
    for i in 0..50 {
        operator
            .pause_queue(pb::PauseQueueRequest {
                name: "default".into(),
                paused: i % 2 == 0,
            })
            .await
            .unwrap();
    }
    let mut admin = server.admin("admin").await;
    admin
        .update_queue_weight(pb::UpdateQueueWeightRequest {
            name: "default".into(),
            weight: 7,
        })
        .await
        .unwrap();
    admin
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: true,
        })
        .await
        .unwrap();
    // A viewer sends 1,000 refused pauses; a producer enqueues 5,000 tasks.
    let viewer = server.admin("viewer").await;
    let refused = futures::stream::iter(0..1_000)
        .map(|_| {
            let mut viewer = viewer.clone();
            async move {
                viewer
                    .pause_queue(pb::PauseQueueRequest {
                        name: "default".into(),
                        paused: true,
                    })
                    .await
                    .unwrap_err()
                    .code()
            }
        })
        .buffer_unordered(16)
        .collect::<Vec<_>>()
        .await;
    assert!(refused.iter().all(|c| *c == Code::PermissionDenied));
    let producer = server.tasks("operator").await;
    let enqueued = futures::stream::iter(0..5_000)
        .map(|i| {
            let mut producer = producer.clone();
            async move {
                let queue = if i % 5 == 0 { "critical" } else { "default" };
                producer
                    .enqueue(pb::EnqueueRequest {
                        task: Some(spec("noop", queue)),
                    })
                    .await
                    .is_ok()
            }
        })
        .buffer_unordered(32)
        .collect::<Vec<_>>()
        .await;
    assert!(enqueued.iter().all(|ok| *ok));
    // Shutdown writes the open windows' summaries; the first maintenance pass after the
    // restart sweeps (50 + 2 + a handful > 50, so it evicts and archives the oldest).
    // (A sweep may also have run during the flood; the one after the restart adds a file.)
    let archive = server.data_dir().join("audit");
    // Archive files only: the directory also holds the anchors (`anchors.jsonl`).
    let files = || {
        std::fs::read_dir(&archive).map_or(0, |dir| {
            dir.filter(|f| {
                f.as_ref()
                    .is_ok_and(|f| f.file_name().to_string_lossy().starts_with("audit-"))
            })
            .count()
        })
    };
    let before = files();
    server.restart().await;
    let deadline = Instant::now() + WAIT;
    while files() <= before {
        assert!(
            Instant::now() < deadline,
            "no retention sweep archived anything"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let log = audit_all(&server).await;
    assert!(log.len() <= 50, "{} entries", log.len());
    assert!(
        log.iter()
            .any(|e| e.actor == "admin-user" && e.action == "queue.pause" && e.status == "ok"),
        "the admin's pause is still in the log"
    );
    assert!(
        log.iter()
            .any(|e| e.actor == "admin-user" && e.action == "queue.update_weight"),
        "and the admin's weight change"
    );
    let refusals: Vec<_> = log.iter().filter(|e| e.actor == "viewer-user").collect();
    assert!(
        (1..=5).contains(&refusals.len()),
        "the refusals are a handful of entries: {}",
        refusals.len()
    );
    assert!(
        refusals
            .iter()
            .all(|e| e.status == "error" && e.action == refusals[0].action)
    );
    assert_eq!(refusals.iter().map(|e| count(e)).sum::<u64>(), 1_000);
    let summary = refusals
        .iter()
        .find(|e| e.metadata.contains_key("count"))
        .unwrap();
    assert!(summary.detail.contains('×'), "{}", summary.detail);
    assert!(summary.metadata["first_at_ms"] <= summary.metadata["last_at_ms"]);
    let enqueues: Vec<_> = log.iter().filter(|e| e.action == "task.enqueue").collect();
    assert_eq!(enqueues.len(), 2, "one summary per queue");
    let tasks = |queue: &str| -> u64 {
        enqueues
            .iter()
            .filter(|e| e.target == queue)
            .map(|e| e.metadata["tasks"].parse::<u64>().unwrap())
            .sum()
    };
    assert_eq!((tasks("default"), tasks("critical")), (4_000, 1_000));
    // What left the store is in the archive, oldest first: the operator's earliest pauses.
    let mut paths: Vec<_> = std::fs::read_dir(&archive)
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("audit-")
        })
        .collect();
    paths.sort();
    let mut archived = String::new();
    for path in paths {
        archived.push_str(&std::fs::read_to_string(path).unwrap());
    }
    let first: serde_json::Value = serde_json::from_str(archived.lines().next().unwrap()).unwrap();
    assert_eq!(first["actor"], "operator-user");
    assert_eq!(first["action"], "queue.pause");
}

/// The audit entries of `action`, newest first.
async fn audit_of(server: &TestServer, action: &str) -> Vec<pb::AuditEvent> {
    server
        .admin("admin")
        .await
        .list_audit_events(pb::ListAuditEventsRequest {
            action: action.into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events
}

/// Requests the gateway refuses before the gRPC pipeline (malformed JSON, a wrong content
/// type, a cross-site write) are audited like refusals over gRPC, and change nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_http_mutations_with_malformed_input_are_audited() {
    let server = TestServer::start_with(&[], true).await;
    for who in ["viewer", "operator"] {
        let resp = server
            .http(who)
            .post(server.url("/tasks"))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 400, "{who}");
    }
    let enqueues = audit_of(&server, "task.enqueue").await;
    let by = |actor: &str| {
        enqueues
            .iter()
            .find(|e| e.actor == actor)
            .unwrap_or_else(|| panic!("no entry of {actor}: {enqueues:?}"))
    };
    let viewer = by("viewer-user");
    assert_eq!(viewer.status, "error");
    assert!(
        viewer.detail.contains("PermissionDenied"),
        "{}",
        viewer.detail
    );
    let operator = by("operator-user");
    assert_eq!(operator.status, "error");
    assert!(
        operator.detail.contains("InvalidArgument"),
        "{}",
        operator.detail
    );
    assert_eq!(
        operator.metadata.get("reason").map(String::as_str),
        Some("invalid_json")
    );
    // A wrong content type and a cross-site write: refused, audited, nothing changed.
    let operator_http = server.http("operator");
    let resp = operator_http
        .post(server.url("/queues/default/pause"))
        .header("content-type", "text/plain")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 415);
    let resp = operator_http
        .post(server.url("/pause"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    let pause = audit_of(&server, "queue.pause").await;
    assert_eq!(pause.len(), 1, "{pause:?}");
    assert_eq!(
        (pause[0].status.as_str(), pause[0].target.as_str()),
        ("error", "default")
    );
    assert_eq!(
        pause[0].metadata.get("reason").map(String::as_str),
        Some("unsupported_media_type")
    );
    let dequeue = audit_of(&server, "dequeue.pause").await;
    assert_eq!(dequeue.len(), 1, "{dequeue:?}");
    assert!(
        dequeue[0].detail.contains("PermissionDenied"),
        "{}",
        dequeue[0].detail
    );
    assert_eq!(
        dequeue[0].metadata.get("reason").map(String::as_str),
        Some("cross_origin_refused")
    );
    let overview: serde_json::Value = operator_http
        .get(server.url("/overview"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        overview["coordination"]["paused"], false,
        "the refused write changed nothing"
    );
}
