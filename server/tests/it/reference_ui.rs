//! go-worker's own admin UI against our gateway: the requests it sends (its paths, bodies and
//! the server-sent events it listens for) and the fields it reads from the answers, as its
//! source (`admin-ui/src`: `lib/types.ts`, `lib/error-codes.ts`, `components/queues-table.tsx`,
//! `components/operations-timeline.tsx`, `components/runbook-actions.tsx`) and the reference
//! (`shared/reference/go-worker.md` §3.6, §7.1, §7.2, §7.5) have them.

use std::time::Duration;

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use worker_proto::v1 as pb;

use crate::grpc_support::TestServer;

const WAIT: Duration = Duration::from_secs(20);

/// go-worker's snapshot frames (reference §7.5).
const SNAPSHOT_FRAMES: [&str; 6] = [
    "overview",
    "schedule_events",
    "job_events",
    "audit_events",
    "heartbeat",
    "error",
];

async fn get(client: &reqwest::Client, url: String) -> (StatusCode, Value) {
    let resp = client.get(url).send().await.unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap())
}

async fn audit_actions(server: &TestServer, target: &str) -> Vec<(String, String)> {
    let (_, body) = get(
        &server.http("admin"),
        server.url(&format!("/audit?target={target}")),
    )
    .await;
    body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_queue_is_a_weight_update_of_a_queue_that_does_not_exist_yet() {
    let mut server = TestServer::start_with(&[], true).await;
    let admin = server.http("admin");
    // What the UI's "New queue" sends (`queues-table.tsx`); its `QueueDetail` is
    // `{name, ready, processing, dead, weight, paused}`.
    let resp = admin
        .post(server.url("/queues/reports/weight"))
        .json(&json!({"weight": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["queue"]["name"], "reports");
    assert_eq!(body["queue"]["weight"], 1);
    assert_eq!(body["queue"]["paused"], false);
    for count in ["ready", "processing", "dead"] {
        assert_eq!(body["queue"][count], 0, "{count}: {body}");
    }
    // It is a queue like any other now.
    let (status, queues) = get(&admin, server.url("/queues")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        queues["queues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["name"] == "reports"),
        "{queues}"
    );
    let (status, _) = get(&admin, server.url("/queues/reports")).await;
    assert_eq!(status, StatusCode::OK);
    // A second update finds it; the audit log tells a creation from an update.
    let resp = admin
        .post(server.url("/queues/reports/weight"))
        .json(&json!({"weight": 4}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.json::<Value>().await.unwrap()["queue"]["weight"], 4);
    assert_eq!(
        audit_actions(&server, "reports").await,
        [
            ("queue.update_weight".to_string(), "ok".to_string()),
            ("queue.create".to_string(), "ok".to_string()),
        ]
    );

    // What must not create a queue: a bad weight, a bad name, a role that may not set weights.
    let bad_weight = admin
        .post(server.url("/queues/never/weight"))
        .json(&json!({"weight": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_weight.status(), StatusCode::BAD_REQUEST);
    let bad_name = admin
        .post(server.url("/queues/no%20spaces/weight"))
        .json(&json!({"weight": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_name.status(), StatusCode::BAD_REQUEST);
    let operator = server
        .http("operator")
        .post(server.url("/queues/never/weight"))
        .json(&json!({"weight": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(operator.status(), StatusCode::FORBIDDEN);
    let (status, body) = get(&admin, server.url("/queues/never")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    // Resetting the weight of a queue that does not exist creates nothing either.
    let reset = admin
        .delete(server.url("/queues/never/weight"))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        audit_actions(&server, "never").await,
        [
            ("queue.reset_weight".to_string(), "error".to_string()),
            ("queue.update_weight".to_string(), "error".to_string()),
            ("queue.update_weight".to_string(), "error".to_string()),
        ]
    );

    // The same over gRPC.
    let mut grpc = server.admin("admin").await;
    let created = grpc
        .update_queue_weight(pb::UpdateQueueWeightRequest {
            name: "billing".into(),
            weight: 3,
        })
        .await
        .unwrap()
        .into_inner()
        .queue
        .unwrap();
    assert_eq!((created.name.as_str(), created.weight), ("billing", 3));
    assert_eq!(
        audit_actions(&server, "billing").await,
        [("queue.create".to_string(), "ok".to_string())]
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upstream_errors_carry_go_workers_code_and_our_reason() {
    let mut server = TestServer::start_with(&[("WORKER_ADMIN_REPLAY_LIMIT_MAX", "10")], true).await;
    let admin = server.http("admin");
    let envelope = async |resp: reqwest::Response| {
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap();
        let error = &body["error"];
        assert!(!error["message"].as_str().unwrap().is_empty(), "{body}");
        assert!(!body["requestId"].as_str().unwrap().is_empty(), "{body}");
        (
            status,
            error["code"].as_str().unwrap().to_string(),
            error["reason"].as_str().unwrap().to_string(),
        )
    };
    let cases = [
        (
            admin.get(server.url("/queues/nope")).send().await.unwrap(),
            (404, "notfound", "queue_not_found"),
        ),
        (
            server
                .http("viewer")
                .post(server.url("/queues/default/pause"))
                .send()
                .await
                .unwrap(),
            (403, "permissiondenied", "permission_denied"),
        ),
        (
            admin
                .post(server.url("/dlq/replay"))
                .json(&json!({"limit": 11}))
                .send()
                .await
                .unwrap(),
            (429, "resourceexhausted", "replay_limit_exceeded"),
        ),
        (
            admin
                .get(server.url("/tasks?state=sleepy"))
                .send()
                .await
                .unwrap(),
            (400, "invalidargument", "invalid_task_state"),
        ),
        (
            admin
                .get(server.url("/schedules/nope"))
                .send()
                .await
                .unwrap(),
            (404, "notfound", "schedule_not_found"),
        ),
        (
            admin.get(server.url("/jobs/nope")).send().await.unwrap(),
            (404, "notfound", "job_not_found"),
        ),
        (
            admin
                .get(server.url("/jobs/build/artifact/meta"))
                .send()
                .await
                .unwrap(),
            (404, "notfound", "job_not_found"),
        ),
        // The gateway's own codes stay what they were; the reason says the same.
        (
            admin
                .post(server.url("/queues/default/weight"))
                .header("content-type", "application/json")
                .body("{not json")
                .send()
                .await
                .unwrap(),
            (400, "invalid_json", "invalid_json"),
        ),
        (
            admin.get(server.url("/nowhere")).send().await.unwrap(),
            (404, "route_not_found", "route_not_found"),
        ),
    ];
    for (resp, (status, code, reason)) in cases {
        assert_eq!(
            envelope(resp).await,
            (status, code.to_string(), reason.to_string())
        );
    }
    server.stop().await;
}

/// Reads server-sent events until `until` holds for the frames so far, returning every frame
/// as `(id, event, data)`.
async fn frames_until(
    resp: reqwest::Response,
    until: impl Fn(&[(String, String, Value)]) -> bool,
) -> Vec<(String, String, Value)> {
    let mut stream = resp.bytes_stream();
    let mut buf = String::new();
    let mut out = Vec::new();
    while !until(&out) {
        let chunk = tokio::time::timeout(WAIT, stream.next())
            .await
            .expect("frames in time")
            .expect("the stream stays open")
            .unwrap();
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buf.find("\n\n") {
            let frame: String = buf.drain(..end + 2).collect();
            let (mut id, mut event, mut data) = (String::new(), String::new(), Value::Null);
            for line in frame.lines() {
                if let Some(v) = line.strip_prefix("id:") {
                    id = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("event:") {
                    event = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data = serde_json::from_str(v.trim()).unwrap();
                }
            }
            if !data.is_null() {
                out.push((id, event, data));
            }
        }
    }
    out
}

fn names(frames: &[(String, String, Value)]) -> Vec<&str> {
    frames.iter().map(|(_, name, _)| name.as_str()).collect()
}

fn heartbeats(frames: &[(String, String, Value)]) -> usize {
    frames
        .iter()
        .filter(|(_, name, _)| name == "heartbeat")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_sends_the_reference_snapshot_frames_on_connect_and_every_interval() {
    let mut server =
        TestServer::start_with(&[("WORKER_ADMIN_SSE_SNAPSHOT_INTERVAL", "1s")], true).await;
    let admin = server.http("admin");
    // Something for the audit panel.
    admin
        .post(server.url("/queues/default/pause"))
        .json(&json!({"paused": true}))
        .send()
        .await
        .unwrap();
    let resp = admin.get(server.url("/events")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // Two snapshots: the one on connect, then the next interval's. Our own typed events (the
    // pause's `audit_event` may still be on its way) come between them and are left aside.
    let frames = frames_until(resp, |f| heartbeats(f) >= 2).await;
    let snapshot: Vec<_> = frames
        .iter()
        .filter(|(_, name, _)| SNAPSHOT_FRAMES.contains(&name.as_str()))
        .cloned()
        .collect();
    assert_eq!(
        names(&snapshot),
        [
            "overview",
            "schedule_events",
            "job_events",
            "audit_events",
            "heartbeat",
            "overview",
            "schedule_events",
            "job_events",
            "audit_events",
            "heartbeat"
        ],
        "the reference's order"
    );
    for (id, _, _) in &snapshot {
        assert!(id.is_empty(), "snapshot frames leave Last-Event-ID alone");
    }
    // The fields the UI reads.
    let (_, _, overview) = &snapshot[0];
    for key in [
        "activeWorkers",
        "queuedTasks",
        "queues",
        "avgLatencyMs",
        "p95LatencyMs",
    ] {
        assert!(
            overview["stats"].get(key).is_some(),
            "stats.{key}: {overview}"
        );
    }
    for key in ["globalRateLimit", "leaderLock", "lease", "paused"] {
        assert!(
            overview["coordination"].get(key).is_some(),
            "coordination.{key}: {overview}"
        );
    }
    let (_, _, schedules) = &snapshot[1];
    assert!(schedules["events"].is_array(), "{schedules}");
    let (_, _, jobs) = &snapshot[2];
    assert!(jobs["events"].is_array(), "{jobs}");
    let (_, _, audit) = &snapshot[3];
    let events = audit["events"].as_array().unwrap();
    assert!(!events.is_empty() && events.len() <= 25, "{audit}");
    let newest = &events[0];
    assert_eq!(newest["action"], "queue.pause");
    for key in [
        "atMs",
        "actor",
        "requestId",
        "action",
        "target",
        "status",
        "payloadHash",
        "detail",
    ] {
        assert!(newest.get(key).is_some(), "{key}: {newest}");
    }
    let (_, _, beat) = &snapshot[4];
    assert!(beat["ts"].as_i64().unwrap() > 1_700_000_000_000, "{beat}");
    assert!(snapshot[9].2["ts"].as_i64() >= beat["ts"].as_i64());

    // A viewer gets the same pulse without the audit entries.
    let viewer = server
        .http("viewer")
        .get(server.url("/events"))
        .send()
        .await
        .unwrap();
    let frames = frames_until(viewer, |f| heartbeats(f) >= 2).await;
    assert!(
        !names(&frames).iter().any(|n| n.starts_with("audit")),
        "{:?}",
        names(&frames)
    );
    assert_eq!(
        names(&frames).iter().filter(|n| **n == "overview").count(),
        2
    );

    // A resuming client catches up by id and then gets the pulse too; its ids stay the log's.
    let (_, queued) = get(&admin, server.url("/queues/default")).await;
    assert_eq!(queued["queue"]["paused"], true);
    let resumed = admin
        .get(server.url("/events?kind=queue_changed,heartbeat"))
        .header("Last-Event-ID", "0")
        .send()
        .await
        .unwrap();
    let frames = frames_until(resumed, |f| heartbeats(f) >= 1).await;
    let changed: Vec<_> = frames
        .iter()
        .filter(|(_, name, _)| name == "queue_changed")
        .collect();
    assert_eq!(changed[0].2["action"], "pause", "{frames:?}");
    assert!(!changed[0].0.is_empty(), "log events keep their ids");
    assert!(
        names(&frames)
            .iter()
            .all(|n| *n == "queue_changed" || *n == "heartbeat"),
        "kind= filters snapshot frames too: {:?}",
        names(&frames)
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_schedule_pages_routes_answer() {
    let mut server = TestServer::start_with(&[], true).await;
    let viewer = server.http("viewer");
    // What the UI's landing page and schedules grid fetch (`lib/types.ts`: `{schedules}`,
    // `{factories}`, `{events}`).
    for (path, key) in [
        ("/schedules", "schedules"),
        ("/schedules/factories", "factories"),
        ("/schedules/events?limit=200", "events"),
    ] {
        let (status, body) = get(&viewer, server.url(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        assert!(body[key].is_array(), "{path}: {body}");
    }
    server.stop().await;
}
