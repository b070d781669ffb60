//! The HTTP/JSON gateway over real HTTPS with a test PKI: every route for each role, TLS
//! refusals, error envelopes and codes, approval and caps, audit export, SSE resume and slow
//! clients, metrics (checked by promtool), the OpenAPI document, and remote mode.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use futures::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::grpc_support::{TestServer, http_client};

const WAIT: Duration = Duration::from_secs(20);
const MISSING: &str = "0190c7c8-0000-7000-8000-000000000000";

/// What each route needs, by method and path: the gateway's routes checked against the same
/// permission table as gRPC. Every documented route must be here.
fn access_table() -> BTreeMap<(String, String), &'static str> {
    let rows: &[(&str, &str, &str)] = &[
        ("GET", "/health", "any"),
        ("GET", "/overview", "read"),
        ("GET", "/queues", "read"),
        ("GET", "/queues/{name}", "read"),
        ("POST", "/queues/{name}/weight", "admin"),
        ("DELETE", "/queues/{name}/weight", "admin"),
        ("POST", "/queues/{name}/pause", "operate"),
        ("GET", "/schedules", "read"),
        ("POST", "/schedules", "admin"),
        ("GET", "/schedules/{name}", "read"),
        ("DELETE", "/schedules/{name}", "admin"),
        ("POST", "/schedules/{name}/pause", "operate"),
        ("POST", "/schedules/{name}/run", "operate"),
        ("POST", "/schedules/pause", "operate"),
        ("GET", "/schedules/factories", "read"),
        ("GET", "/schedules/events", "read"),
        ("GET", "/jobs", "read"),
        ("POST", "/jobs", "admin"),
        ("GET", "/jobs/{name}", "read"),
        ("DELETE", "/jobs/{name}", "admin"),
        ("POST", "/jobs/{name}/run", "operate"),
        ("GET", "/jobs/{name}/artifact/meta", "read"),
        ("GET", "/jobs/{name}/artifact", "read"),
        ("GET", "/jobs/events", "read"),
        ("GET", "/jobs/{name}/runs", "read"),
        ("GET", "/jobs/runs", "read"),
        ("GET", "/jobs/runs/{id}", "read"),
        ("POST", "/jobs/runs/{id}/cancel", "operate"),
        ("GET", "/jobs/runs/{id}/logs", "read"),
        ("GET", "/jobs/runs/{id}/logs/follow", "read"),
        ("GET", "/dlq", "read"),
        ("GET", "/dlq/groups", "read"),
        ("GET", "/dlq/{id}", "read"),
        ("POST", "/dlq/replay", "operate"),
        ("POST", "/dlq/replay/ids", "operate"),
        ("POST", "/pause", "operate"),
        ("POST", "/resume", "operate"),
        ("GET", "/audit", "operate"),
        ("GET", "/audit/export", "admin"),
        ("GET", "/audit/verify", "admin"),
        ("GET", "/metrics", "read"),
        ("GET", "/metrics/prometheus", "read"),
        ("GET", "/events", "read"),
        ("GET", "/tasks", "read"),
        ("POST", "/tasks", "operate"),
        ("GET", "/tasks/{id}", "read"),
        ("POST", "/tasks/{id}/cancel", "operate"),
        ("POST", "/tasks/{id}/retry", "operate"),
        ("GET", "/workers", "read"),
        ("GET", "/workers/{id}", "read"),
        ("POST", "/workers/{id}/recycle", "admin"),
        ("GET", "/stuck", "read"),
        ("GET", "/history/queues", "read"),
        ("GET", "/queues/history", "read"),
        ("DELETE", "/queues/history", "admin"),
        ("GET", "/openapi.json", "any"),
        ("POST", "/tasks/delete", "admin"),
        ("POST", "/dlq/delete", "admin"),
        ("DELETE", "/dlq/{id}", "admin"),
        ("DELETE", "/queues/{name}", "admin"),
        // A dry run reads; a real start needs its action's role (tested over gRPC and below).
        ("POST", "/bulk", "read"),
        ("GET", "/bulk", "read"),
        ("GET", "/bulk/{id}", "read"),
        ("POST", "/bulk/{id}/cancel", "operate"),
        ("POST", "/bulk/{id}/resume", "operate"),
    ];
    rows.iter()
        .map(|(m, p, a)| ((m.to_string(), p.to_string()), *a))
        .collect()
}

fn documented_routes() -> BTreeSet<(String, String)> {
    let doc = worker_server::api::http::openapi::document();
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            out.insert((
                method.to_ascii_uppercase(),
                path.trim_start_matches("/admin/v1").to_string(),
            ));
        }
    }
    out
}

/// A request that reaches the route's handler with harmless input.
fn sample(method: &str, path: &str) -> (String, Option<Value>) {
    // Deleting a queue is tried on one that does not exist: harmless for every role.
    let name = if (method, path) == ("DELETE", "/queues/{name}") {
        "no-such-queue"
    } else {
        "default"
    };
    let concrete = path.replace("{name}", name).replace("{id}", MISSING);
    let body = match (method, path) {
        ("POST", "/queues/{name}/weight") => Some(json!({"weight": 2})),
        ("POST", "/queues/{name}/pause") => Some(json!({"paused": false})),
        ("POST", "/dlq/replay") => Some(json!({"limit": 1})),
        ("POST", "/dlq/replay/ids") => Some(json!({"ids": [MISSING]})),
        ("POST", "/dlq/delete" | "/tasks/delete") => Some(json!({"ids": [MISSING]})),
        ("POST", "/tasks") => Some(json!({"handler": "noop", "queue": "perm"})),
        ("POST", "/bulk") => {
            Some(json!({"action": "delete_tasks", "queue": "perm", "dryRun": true}))
        }
        ("POST", _) => Some(json!({})),
        _ => None,
    };
    (concrete, body)
}

async fn send(
    client: &reqwest::Client,
    server: &TestServer,
    method: &str,
    path: &str,
) -> (StatusCode, Value) {
    let (concrete, body) = sample(method, path);
    let mut req = client.request(
        Method::from_bytes(method.as_bytes()).unwrap(),
        server.url(&concrete),
    );
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    if path == "/events" && status == StatusCode::OK {
        return (status, Value::Null);
    }
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_for_every_role_follows_the_permission_table() {
    let server = TestServer::start_with(&[], true).await;
    let table = access_table();
    assert_eq!(
        documented_routes(),
        table.keys().cloned().collect::<BTreeSet<_>>(),
        "the access table and the OpenAPI document must list the same routes"
    );
    for (who, level) in [("viewer", 1), ("operator", 2), ("admin", 3), ("norole", 0)] {
        let client = server.http(who);
        for ((method, path), needs) in &table {
            let needed = match *needs {
                "any" => 0,
                "read" => 1,
                "operate" => 2,
                _ => 3,
            };
            let (status, body) = send(&client, &server, method, path).await;
            let code = body["error"]["reason"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            if level >= needed {
                assert_ne!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{who} {method} {path}: {body}"
                );
                assert!(
                    !status.is_server_error() || status == StatusCode::NOT_IMPLEMENTED,
                    "{who} {method} {path}: {status} {body}"
                );
                assert_ne!(
                    code, "route_not_found",
                    "{method} {path} is documented but not routed"
                );
                assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{who} {method} {path}: {body}"
                );
                let expected = if level == 0 {
                    "unknown_role"
                } else {
                    "permission_denied"
                };
                assert_eq!(code, expected, "{who} {method} {path}");
                // go-worker's code for a refusal, from the service or the gateway alike.
                assert_eq!(
                    body["error"]["code"], "permissiondenied",
                    "{who} {method} {path}"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_without_a_valid_client_certificate_are_refused() {
    let server = TestServer::start_with(&[], true).await;
    let no_cert = http_client(&server.pki.ca.cert_pem, None);
    assert!(no_cert.get(server.url("/health")).send().await.is_err());
    for who in ["foreign", "expired"] {
        assert!(
            server
                .http(who)
                .get(server.url("/health"))
                .send()
                .await
                .is_err(),
            "{who}"
        );
    }
    let plain = reqwest::Client::new();
    let url = format!(
        "http://localhost:{}/admin/v1/health",
        server.http_addr.port()
    );
    assert!(plain.get(url).send().await.is_err(), "plaintext is refused");
    let ok = server
        .http("viewer")
        .get(server.url("/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let health: Value = ok.json().await.unwrap();
    assert_eq!(health["status"], "ok");
    assert!(health["goVersion"].as_str().unwrap().starts_with("rustc"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_4xx_envelopes_with_stable_codes() {
    let server = TestServer::start_with(&[], true).await;
    let client = server.http("admin");
    let check = async |resp: reqwest::Response, status: u16, code: &str| {
        assert_eq!(resp.status().as_u16(), status);
        let id = resp.headers()["x-request-id"].to_str().unwrap().to_string();
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["reason"], code, "{body}");
        assert_eq!(body["requestId"], id.as_str());
        assert!(!body["error"]["message"].as_str().unwrap().is_empty());
    };
    let post = |path: &str, body: &str| {
        client
            .post(server.url(path))
            .header("content-type", "application/json")
            .body(body.to_string())
    };
    check(
        post("/queues/default/weight", "{not json")
            .send()
            .await
            .unwrap(),
        400,
        "invalid_json",
    )
    .await;
    check(
        post("/queues/default/weight", r#"{"weight":2,"colour":1}"#)
            .send()
            .await
            .unwrap(),
        400,
        "invalid_json",
    )
    .await;
    check(
        post("/queues/default/weight", "").send().await.unwrap(),
        400,
        "invalid_body",
    )
    .await;
    check(
        post("/queues/default/weight", r#"{"weight":0}"#)
            .send()
            .await
            .unwrap(),
        400,
        "invalid_weight",
    )
    .await;
    check(
        post("/queues/default/weight", r#"{"weight":99999999999}"#)
            .send()
            .await
            .unwrap(),
        400,
        "invalid_weight",
    )
    .await;
    check(
        client
            .get(server.url("/queues/a%20b"))
            .send()
            .await
            .unwrap(),
        400,
        "invalid_name",
    )
    .await;
    check(
        client.get(server.url("/queues/nope")).send().await.unwrap(),
        404,
        "queue_not_found",
    )
    .await;
    check(
        client
            .get(server.url("/tasks/not-a-uuid"))
            .send()
            .await
            .unwrap(),
        400,
        "invalid_task_id",
    )
    .await;
    // Found by schemathesis: a NUL in the DLQ search once reached SQLite's full-text syntax.
    check(
        client
            .get(server.url("/dlq?query=%F2%BD%B8%8E%18W%00Z%11&limit=10"))
            .send()
            .await
            .unwrap(),
        400,
        "invalid_query",
    )
    .await;
    check(
        client.get(server.url("/nowhere")).send().await.unwrap(),
        404,
        "route_not_found",
    )
    .await;
    check(
        client.get(server.url("/jobs/nope")).send().await.unwrap(),
        404,
        "job_not_found",
    )
    .await;
    check(
        client
            .get(server.url("/audit/export?format=xml"))
            .send()
            .await
            .unwrap(),
        400,
        "invalid_format",
    )
    .await;
    // Every kind the stream carries can be asked for by name (the README promises
    // schedule_event on GET /events).
    for kind in [
        "queue_changed",
        "dequeue_changed",
        "task_summary",
        "dlq_changed",
        "schedule_event",
        "audit_event",
        "worker_joined",
        "worker_left",
        "worker_stuck",
        "worker_recycle",
        "alert",
        "job_event",
    ] {
        let open = client
            .get(server.url(&format!("/events?kind={kind}")))
            .send()
            .await
            .unwrap();
        assert_eq!(open.status(), 200, "kind={kind}");
    }
    check(
        client
            .get(server.url("/events?kind=gossip"))
            .send()
            .await
            .unwrap(),
        400,
        "invalid_event_kind",
    )
    .await;
    let big = format!(
        r#"{{"handler":"noop","payload":"{}"}}"#,
        "x".repeat((1 << 20) + 10)
    );
    check(
        post("/tasks", &big).send().await.unwrap(),
        413,
        "body_too_large",
    )
    .await;
    // 405 keeps the Allow header.
    let resp = client.put(server.url("/queues")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(resp.headers()["allow"].to_str().unwrap().contains("GET"));
    check(resp, 405, "method_not_allowed").await;
    // The request id is kept, cleaned and echoed.
    let resp = client
        .get(server.url("/queues/nope"))
        .header("x-request-id", "abc-123/../x y")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["x-request-id"], "abc-123..xy");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["requestId"], "abc-123..xy");
    // Defaults follow the reference: an empty pause body pauses; a bad replay limit means 100.
    let paused: Value = post("/queues/default/pause", "")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(paused["queue"]["paused"], true);
    let moved: Value = post("/dlq/replay", r#"{"limit":"lots"}"#)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(moved["moved"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_json_shapes_follow_the_reference_and_tasks_flow() {
    let server = TestServer::start(&[]).await;
    let client = server.http("operator");
    let enq: Value = client
        .post(server.url("/tasks"))
        .json(&json!({"handler": "fail", "queue": "web", "maxRetries": 0, "payloadBase64": "AAEC", "metadata": {"k": "v"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = enq["id"].as_str().unwrap().to_string();
    assert_eq!(enq["deduplicated"], false);
    let mut dead = false;
    for _ in 0..200 {
        let t: Value = client
            .get(server.url(&format!("/tasks/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if t["task"]["state"] == "dead" {
            assert_eq!(t["payloadBase64"], "AAEC");
            assert_eq!(t["task"]["metadata"]["k"], "v");
            assert_eq!(t["errors"].as_array().unwrap().len(), 1);
            dead = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if !dead {
        let t: Value = client
            .get(server.url(&format!("/tasks/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        panic!("the failing task did not reach the DLQ: {t}");
    }
    let dlq: Value = client
        .get(server.url("/dlq?queue=web"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(dlq["total"], 1);
    let entry = &dlq["entries"][0];
    for key in ["id", "queue", "handler", "attempts", "ageMs"] {
        assert!(entry.get(key).is_some(), "{key} in {entry}");
    }
    let groups: Value = client
        .get(server.url("/dlq/groups?queue=web"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            groups["totalGroups"].as_i64(),
            groups["totalEntries"].as_i64()
        ),
        (Some(1), Some(1))
    );
    let group = &groups["groups"][0];
    assert_eq!(group["count"], 1);
    assert_eq!(group["queues"], json!(["web"]));
    assert_eq!(group["sampleTaskId"], entry["id"]);
    for key in [
        "handler",
        "fingerprint",
        "firstFailedAtMs",
        "lastFailedAtMs",
        "sampleError",
    ] {
        assert!(group.get(key).is_some(), "{key} in {group}");
    }
    let refused = client
        .get(server.url("/dlq/groups?limit=-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let detail: Value = client
        .get(server.url(&format!("/dlq/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for key in [
        "id",
        "queue",
        "handler",
        "attempts",
        "ageMs",
        "failedAtMs",
        "updatedAtMs",
        "lastError",
        "payloadSize",
        "metadata",
    ] {
        assert!(detail["entry"].get(key).is_some(), "{key} in {detail}");
    }
    let viewer: Value = server
        .http("viewer")
        .get(server.url(&format!("/dlq/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(viewer["entry"].get("payloadBase64").is_none());
    assert_eq!(viewer["entry"]["payloadRedacted"], true);
    let overview: Value = client
        .get(server.url("/overview"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for key in [
        "activeWorkers",
        "queuedTasks",
        "queues",
        "avgLatencyMs",
        "p95LatencyMs",
    ] {
        assert!(overview["stats"].get(key).is_some(), "{key}");
    }
    for key in ["globalRateLimit", "leaderLock", "lease", "paused"] {
        assert!(overview["coordination"].get(key).is_some(), "{key}");
    }
    // Every handler here has a live worker: none waits unserved.
    assert_eq!(overview["unservedHandlers"], json!([]));
    let replay: Value = client
        .post(server.url("/dlq/replay/ids"))
        .json(&json!({"ids": [id, MISSING]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(replay["moved"], 1);
    assert_eq!(replay["results"][1]["outcome"], "not_found");
    let paused: Value = client
        .post(server.url("/pause"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(paused["paused"], true);
    let resumed: Value = client
        .post(server.url("/resume"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(resumed["paused"], false);
    let workers: Value = client
        .get(server.url("/workers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let worker_id = workers["workers"][0]["id"].as_str().unwrap().to_string();
    let worker: Value = client
        .get(server.url(&format!("/workers/{worker_id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(worker["worker"]["state"], "active");
    let recycled = server
        .http("admin")
        .post(server.url(&format!("/workers/{worker_id}/recycle")))
        .json(&json!({"reason": "from http"}))
        .send()
        .await
        .unwrap();
    assert_eq!(recycled.status(), StatusCode::OK);
    let stuck: Value = client
        .get(server.url("/stuck?hours=2"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stuck["hours"], 2);
    // Every mutation is audited with the caller's CN.
    let audit: Value = client
        .get(server.url("/audit?action=dlq.replay_ids"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(audit["events"][0]["actor"], "operator-user");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_and_caps_apply_over_http() {
    let server = TestServer::start_with(
        &[
            ("WORKER_ADMIN_REQUIRE_APPROVAL", "true"),
            ("WORKER_ADMIN_APPROVAL_TOKEN", "yes-please"),
            ("WORKER_ADMIN_REPLAY_LIMIT_MAX", "10"),
        ],
        true,
    )
    .await;
    let client = server.http("operator");
    let replay = |token: Option<&str>, limit: i64| {
        let mut req = client
            .post(server.url("/dlq/replay"))
            .json(&json!({"limit": limit}));
        if let Some(token) = token {
            req = req.header("X-Admin-Approval", token);
        }
        req.send()
    };
    let resp = replay(None, 5).await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        resp.json::<Value>().await.unwrap()["error"]["reason"],
        "approval_required"
    );
    let resp = replay(Some("nope"), 5).await.unwrap();
    assert_eq!(
        resp.json::<Value>().await.unwrap()["error"]["reason"],
        "approval_invalid"
    );
    assert_eq!(
        replay(Some("yes-please"), 5).await.unwrap().status(),
        StatusCode::OK
    );
    let resp = replay(Some("yes-please"), 11).await.unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        resp.json::<Value>().await.unwrap()["error"]["reason"],
        "replay_limit_exceeded"
    );
    // The global pause needs it too (the reference did not even forward the header there).
    assert_eq!(
        client
            .post(server.url("/pause"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let ok = client
        .post(server.url("/pause"))
        .header("X-Admin-Approval", "yes-please")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_export_in_three_formats() {
    let server =
        TestServer::start_with(&[("WORKER_ADMIN_AUDIT_EXPORT_LIMIT_MAX", "3")], true).await;
    let operator = server.http("operator");
    for paused in [true, false, true, false, true] {
        operator
            .post(server.url("/queues/default/pause"))
            .json(&json!({"paused": paused}))
            .send()
            .await
            .unwrap();
    }
    let admin = server.http("admin");
    let get = |format: &str, limit: &str| {
        admin
            .get(server.url(&format!("/audit/export?format={format}&limit={limit}")))
            .send()
    };
    let jsonl = get("jsonl", "100").await.unwrap();
    assert_eq!(jsonl.headers()["content-type"], "application/x-ndjson");
    assert_eq!(jsonl.headers()["cache-control"], "no-store");
    let disposition = jsonl.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"admin-audit-")
            && disposition.ends_with(".jsonl\""),
        "{disposition}"
    );
    let text = jsonl.text().await.unwrap();
    // Capped at the server's export maximum: the newest 3, oldest first.
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0]["atMs"].as_i64() <= lines[2]["atMs"].as_i64());
    let json = get("json", "2").await.unwrap();
    assert_eq!(json.headers()["content-type"], "application/json");
    let doc: Value = json.json().await.unwrap();
    assert_eq!(doc["events"].as_array().unwrap().len(), 2);
    let csv_resp = get("csv", "3").await.unwrap();
    assert_eq!(csv_resp.headers()["content-type"], "text/csv");
    let body = csv_resp.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &header[..8],
        [
            "at",
            "actor",
            "request_id",
            "action",
            "target",
            "status",
            "payload_hash",
            "detail"
        ]
    );
    assert_eq!(reader.records().count(), 3);
    // Viewers and operators may not export.
    let refused = operator
        .get(server.url("/audit/export"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

/// Reads SSE frames until `n` events (with a data line) arrived.
pub(crate) async fn read_events(resp: reqwest::Response, n: usize) -> Vec<(String, String, Value)> {
    let mut stream = resp.bytes_stream();
    let mut buf = String::new();
    let mut out = Vec::new();
    while out.len() < n {
        let chunk = tokio::time::timeout(WAIT, stream.next())
            .await
            .expect("events in time")
            .expect("the stream stays open")
            .unwrap();
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buf.find("\n\n") {
            let frame: String = buf.drain(..end + 2).collect();
            let (mut id, mut kind, mut data) = (String::new(), String::new(), Value::Null);
            for line in frame.lines() {
                if let Some(v) = line
                    .strip_prefix("id: ")
                    .or_else(|| line.strip_prefix("id:"))
                {
                    id = v.trim().to_string();
                } else if let Some(v) = line
                    .strip_prefix("event: ")
                    .or_else(|| line.strip_prefix("event:"))
                {
                    kind = v.trim().to_string();
                } else if let Some(v) = line
                    .strip_prefix("data: ")
                    .or_else(|| line.strip_prefix("data:"))
                {
                    data = serde_json::from_str(v.trim()).unwrap();
                }
            }
            if !data.is_null() {
                out.push((id, kind, data));
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sse_streams_and_resumes_by_last_event_id_across_a_restart() {
    let mut server = TestServer::start_with(&[], true).await;
    let client = server.http("operator");
    let resp = client
        .get(server.url("/events?kind=queue_changed,overview"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-type"], "text/event-stream");
    let pause = client
        .post(server.url("/queues/default/pause"))
        .json(&json!({"paused": true}))
        .send();
    let (events, _) = tokio::join!(read_events(resp, 2), pause);
    assert_eq!(events[0].1, "overview", "a snapshot comes first");
    assert!(events[0].0.is_empty(), "snapshots have no id");
    assert_eq!(events[1].1, "queue_changed");
    assert_eq!(events[1].2["action"], "pause");
    let last_id = events[1].0.clone();
    assert!(!last_id.is_empty());

    server.restart().await;
    let client = server.http("operator");
    client
        .post(server.url("/queues/default/pause"))
        .json(&json!({"paused": false}))
        .send()
        .await
        .unwrap();
    let resumed = client
        .get(server.url("/events?kind=queue_changed"))
        .header("Last-Event-ID", &last_id)
        .send()
        .await
        .unwrap();
    let events = read_events(resumed, 1).await;
    assert_eq!(events[0].2["action"], "resume");
    assert!(events[0].0.parse::<u64>().unwrap() > last_id.parse::<u64>().unwrap());
    // The query parameter works as the header does.
    let by_query = client
        .get(server.url(&format!("/events?kind=queue_changed&lastEventId={last_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(read_events(by_query, 1).await[0].2["action"], "resume");
    // Audit entries reach operators, not viewers.
    let as_viewer = server
        .http("viewer")
        .get(server.url("/events?kind=audit_event"))
        .header("Last-Event-ID", "0")
        .send();
    let as_operator = client
        .get(server.url("/events?kind=audit_event"))
        .header("Last-Event-ID", "0")
        .send();
    let operator_events = read_events(as_operator.await.unwrap(), 1).await;
    assert_eq!(operator_events[0].1, "audit_event");
    let viewer = as_viewer.await.unwrap();
    let mut viewer_stream = viewer.bytes_stream();
    let first = tokio::time::timeout(Duration::from_millis(500), async {
        let mut seen = String::new();
        while let Some(Ok(chunk)) = viewer_stream.next().await {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("event:") {
                break;
            }
        }
        seen
    })
    .await;
    if let Ok(seen) = first {
        assert!(!seen.contains("audit_event"), "{seen}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_sse_client_is_cut_off_with_a_lagged_event_not_buffered_without_bound() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = TestServer::start_with(&[], true).await;
    // A client with a tiny receive window that does not read.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let tcp = socket.connect(server.http_addr).await.unwrap();
    let mut roots = rustls::RootCertStore::empty();
    use rustls_pki_types::pem::PemObject;
    for ca in rustls_pki_types::CertificateDer::pem_slice_iter(server.pki.ca.cert_pem.as_bytes()) {
        roots.add(ca.unwrap()).unwrap();
    }
    let client = &server.pki.clients["viewer"];
    let certs: Vec<_> =
        rustls_pki_types::CertificateDer::pem_slice_iter(client.cert_pem.as_bytes())
            .map(|c| c.unwrap())
            .collect();
    let key = rustls_pki_types::PrivateKeyDer::from_pem_slice(client.key_pem.as_bytes()).unwrap();
    let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_client_auth_cert(certs, key)
    .unwrap();
    let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config));
    let mut tls = connector
        .connect(
            rustls_pki_types::ServerName::try_from("localhost").unwrap(),
            tcp,
        )
        .await
        .unwrap();
    tls.write_all(b"GET /admin/v1/events?kind=queue_changed HTTP/1.1\r\nhost: localhost\r\naccept: text/event-stream\r\n\r\n")
        .await
        .unwrap();
    // Far more events than the shared buffer holds, while the client reads nothing.
    let mut admin = server.admin("admin").await;
    let sent = 2_000;
    for i in 0..sent {
        admin
            .update_queue_weight(worker_proto::v1::UpdateQueueWeightRequest {
                name: "default".into(),
                weight: 1 + (i % 50),
            })
            .await
            .unwrap();
    }
    // Now read: some buffered events, then `lagged`, then the end of the stream.
    let mut received = Vec::new();
    let read_all = async {
        let mut buf = [0_u8; 16 * 1024];
        loop {
            match tls.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    received.extend_from_slice(&buf[..n]);
                    if String::from_utf8_lossy(&received).contains("event: lagged")
                        && received.ends_with(b"\r\n0\r\n\r\n")
                    {
                        break;
                    }
                }
            }
        }
    };
    let ended = tokio::time::timeout(WAIT, read_all).await;
    let text = String::from_utf8_lossy(&received);
    assert!(
        ended.is_ok(),
        "the stream did not end; got {} bytes, {} events, tail {:?}",
        received.len(),
        text.matches("event: ").count(),
        &text[text.len().saturating_sub(300)..]
    );
    assert!(
        text.contains("event: lagged"),
        "a lagged event tells the client it fell behind"
    );
    let delivered = text.matches("event: queue_changed").count();
    assert!(
        delivered < sent as usize,
        "only a bounded number of events were buffered for it: {delivered} of {sent}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_as_json_and_prometheus_text_that_promtool_accepts() {
    let server = TestServer::start_with(&[], true).await;
    let client = server.http("viewer");
    for _ in 0..3 {
        client
            .get(server.url("/queues/default"))
            .send()
            .await
            .unwrap();
    }
    client
        .get(server.url(&format!("/tasks/{MISSING}")))
        .send()
        .await
        .unwrap();
    let json: Value = client
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(json["uptimeSec"].is_u64());
    assert!(
        json["http"]["GET /admin/v1/queues/{name}"]["calls"]
            .as_u64()
            .unwrap()
            >= 3
    );
    let text = client
        .get(server.url("/metrics/prometheus"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let alt = client
        .get(server.url("/metrics?format=prometheus"))
        .send()
        .await
        .unwrap();
    assert!(
        alt.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    for name in [
        "worker_admin_uptime_seconds",
        "worker_admin_http_calls_total",
        "worker_admin_http_errors_total",
        "worker_admin_http_request_duration_max_seconds",
        "worker_admin_grpc_request_duration_seconds_bucket",
        "worker_admin_http_request_duration_seconds_bucket",
        "worker_admin_grpc_calls_total",
        "worker_admin_jobs_running",
        "worker_queue_tasks",
        "worker_queue_latency_seconds",
        "worker_dlq_size",
    ] {
        assert!(text.contains(name), "{name} in the metrics");
    }
    assert!(
        text.contains(r#"route="/admin/v1/tasks/{id}""#),
        "routes are templates"
    );
    assert!(!text.contains(MISSING), "no raw ids in labels");
    crate::requirements::check_with_promtool(&text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_matches_the_router() {
    let server = TestServer::start_with(&[], true).await;
    let doc: Value = server
        .http("viewer")
        .get(server.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let served: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(|m| {
                    (
                        m.to_ascii_uppercase(),
                        path.trim_start_matches("/admin/v1").to_string(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(served, documented_routes());
    // Every schema a route refers to exists.
    let text = doc.to_string();
    for cap in text.split("#/components/schemas/").skip(1) {
        let name: String = cap.chars().take_while(|c| c.is_alphanumeric()).collect();
        assert!(
            doc["components"]["schemas"].get(&name).is_some(),
            "{name} is defined"
        );
    }
    // And every documented route is routed (the permission test exercises each one).
    assert_eq!(documented_routes().len(), access_table().len());
    // Every write documents the cross-site guard's answers; reads do not get them.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = &operation["responses"];
            let write = method != "get";
            for status in ["403", "415"] {
                assert_eq!(
                    responses.get(status).is_some(),
                    write,
                    "{method} {path} documents {status}"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remote_mode_forwards_to_a_separate_workerd_with_the_callers_identity() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let pki = dir.path().join("pki");
    let paths = worker_pki::init(&pki, &["localhost", "127.0.0.1"]).unwrap();
    let free = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    let (grpc_port, backend_http_port, gateway_port) = (free(), free(), free());
    let spawn = |args: &[&str], http_port: u16| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_workerd"));
        cmd.args(args)
            .env("WORKER_DATA_DIR", dir.path())
            .env("WORKER_ADMIN_GRPC_ADDR", format!("127.0.0.1:{grpc_port}"))
            .env("WORKER_ADMIN_HTTP_ADDR", format!("127.0.0.1:{http_port}"))
            .env("WORKER_ADMIN_GRPC_TARGET", format!("localhost:{grpc_port}"))
            .env("WORKER_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd.spawn().unwrap()
    };
    let mut backend = spawn(&["--no-worker"], backend_http_port);
    let mut gateway = spawn(&["gateway"], gateway_port);
    let read = |p: std::path::PathBuf| std::fs::read_to_string(p).unwrap();
    let operator = worker_pki::Material {
        cert_pem: read(paths.client_cert("operator")),
        key_pem: read(paths.client_key("operator")),
    };
    let client = http_client(&read(paths.ca_cert()), Some(&operator));
    let url = |path: &str| format!("https://localhost:{gateway_port}/admin/v1{path}");
    let health =
        crate::support::eventually("the gateway and its backend to answer", WAIT, || async {
            let resp = client.get(url("/health")).send().await.ok()?;
            (resp.status() == StatusCode::OK).then_some(())
        });
    health.await;
    let paused: Value = client
        .post(url("/queues/default/pause"))
        .json(&json!({"paused": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(paused["queue"]["paused"], true);
    let audit: Value = client
        .get(url("/audit?action=queue.pause"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entry = &audit["events"][0];
    assert_eq!(
        entry["actor"], "operator",
        "the caller, not the gateway, is the actor"
    );
    assert_eq!(entry["metadata"]["via"], "gateway");
    // A viewer behind the gateway is still a viewer.
    let viewer = worker_pki::Material {
        cert_pem: read(paths.client_cert("viewer")),
        key_pem: read(paths.client_key("viewer")),
    };
    let as_viewer = http_client(&read(paths.ca_cert()), Some(&viewer));
    let refused = as_viewer.post(url("/pause")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // The backend never leased anything: --no-worker.
    let overview: Value = client
        .get(url("/overview"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(overview["stats"]["activeWorkers"], 0);
    gateway.kill().unwrap();
    backend.kill().unwrap();
    let _ = gateway.wait();
    let _ = backend.wait();
}

async fn envelope_of(resp: reqwest::Response) -> (StatusCode, String, String) {
    let status = resp.status();
    let body: Value = resp.json().await.unwrap();
    (
        status,
        body["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        body["error"]["reason"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

async fn queue_paused(client: &reqwest::Client, server: &TestServer) -> Value {
    let queue: Value = client
        .get(server.url("/queues/default"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    queue["queue"]["paused"].clone()
}

async fn dequeue_paused(client: &reqwest::Client, server: &TestServer) -> Value {
    let overview: Value = client
        .get(server.url("/overview"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    overview["coordination"]["paused"].clone()
}

/// A page on another site can send a POST without a preflight when its body is text, a form or
/// a typeless blob; each is refused before it reaches a handler, and nothing changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_whose_body_is_not_json_are_refused_and_change_nothing() {
    let mut server = TestServer::start_with(&[], true).await;
    let client = server.http("operator");
    let unsupported = (
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type".to_string(),
        "unsupported_media_type".to_string(),
    );
    // The form a cross-site page posts: an empty text body pauses nothing.
    let resp = client
        .post(server.url("/pause"))
        .header("content-type", "text/plain")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(envelope_of(resp).await, unsupported);
    for (content_type, body) in [
        (Some("text/plain;charset=UTF-8"), r#"{"paused":true}"#),
        (Some("application/x-www-form-urlencoded"), "paused=true"),
        (Some("multipart/form-data; boundary=x"), "--x--"),
        // A blob without a type: JSON, but sent as no browser may send JSON unpreflighted.
        (None, r#"{"paused":true}"#),
        (None, " "),
    ] {
        let mut req = client
            .post(server.url("/queues/default/pause"))
            .body(body.to_string());
        if let Some(content_type) = content_type {
            req = req.header("content-type", content_type);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(
            envelope_of(resp).await,
            unsupported,
            "{content_type:?} {body:?}"
        );
    }
    assert_eq!(queue_paused(&client, &server).await, false);
    assert_eq!(dequeue_paused(&client, &server).await, false);
    let audit: Value = server
        .http("admin")
        .get(server.url("/audit"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Each refusal is audited (coalesced per action and reason), none ran.
    let events = audit["events"].as_array().unwrap();
    assert!(!events.is_empty(), "the refusals are audited: {audit}");
    assert!(
        events
            .iter()
            .all(|e| e["status"] == "error" && e["metadata"]["reason"] == "unsupported_media_type"),
        "nothing ran: {audit}"
    );

    // What clients do send still works: JSON with its type (any case, with a charset), and
    // no body without a type (curl -X POST) or with one (go-worker's admin UI on /run).
    let resp = client
        .post(server.url("/queues/default/pause"))
        .header("content-type", "Application/JSON; charset=utf-8")
        .body(r#"{"paused":true}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(queue_paused(&client, &server).await, true);
    let resp = client
        .post(server.url("/queues/default/pause"))
        .json(&json!({"paused": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(queue_paused(&client, &server).await, false);
    let resp = client.post(server.url("/pause")).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(dequeue_paused(&client, &server).await, true);
    let resp = client
        .post(server.url("/resume"))
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(dequeue_paused(&client, &server).await, false);
    // An empty body where the route allows one means the default: pause.
    let resp = client
        .post(server.url("/queues/default/pause"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(queue_paused(&client, &server).await, true);
    // A bodiless DELETE is not asked for a type either.
    let resp = server
        .http("admin")
        .delete(server.url("/queues/default/weight"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    server.stop().await;
}

/// A browser sends `Origin` (and `Sec-Fetch-Site`) on every write; a write from anywhere but
/// the gateway's own origin is refused, even with a JSON body, and nothing changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_origin_writes_are_refused_and_change_nothing() {
    let mut server = TestServer::start_with(&[], true).await;
    let client = server.http("operator");
    let port = server.http_addr.port();
    let refused = (
        StatusCode::FORBIDDEN,
        "cross_origin_refused".to_string(),
        "cross_origin_refused".to_string(),
    );
    for (header, value) in [
        ("origin", "https://evil.example".to_string()),
        ("origin", "null".to_string()),
        // Same host and port, but not the scheme the gateway serves.
        ("origin", format!("http://localhost:{port}")),
        ("origin", format!("https://localhost:{}", port + 1)),
        ("sec-fetch-site", "cross-site".to_string()),
    ] {
        let resp = client
            .post(server.url("/queues/default/pause"))
            .header(header, &value)
            .json(&json!({"paused": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(envelope_of(resp).await, refused, "{header}: {value}");
        let resp = client
            .post(server.url("/pause"))
            .header(header, &value)
            .send()
            .await
            .unwrap();
        assert_eq!(envelope_of(resp).await, refused, "{header}: {value}");
    }
    let resp = server
        .http("admin")
        .delete(server.url("/queues/default/weight"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(envelope_of(resp).await, refused);
    assert_eq!(queue_paused(&client, &server).await, false);
    assert_eq!(dequeue_paused(&client, &server).await, false);

    // Reads stay as they were, whatever the origin.
    let resp = client
        .get(server.url("/queues/default"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // The gateway's own origin may write.
    let resp = client
        .post(server.url("/queues/default/pause"))
        .header("origin", format!("https://localhost:{port}"))
        .header("sec-fetch-site", "same-origin")
        .json(&json!({"paused": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(queue_paused(&client, &server).await, true);
    server.stop().await;
}

/// `OPTIONS` is answered on purpose: the route's methods, and no CORS allowance, so a browser's
/// preflight for a cross-site JSON write fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn options_lists_a_routes_methods_without_allowing_cors() {
    let mut server = TestServer::start_with(&[], true).await;
    let client = server.http("viewer");
    for (path, methods) in [
        ("/queues/default/weight", &["POST", "DELETE", "OPTIONS"][..]),
        ("/schedules/nightly", &["GET", "HEAD", "DELETE", "OPTIONS"]),
        ("/pause", &["POST", "OPTIONS"]),
        ("/health", &["GET", "HEAD", "OPTIONS"]),
    ] {
        let resp = client
            .request(Method::OPTIONS, server.url(path))
            .header("origin", "https://evil.example")
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::NO_CONTENT, "{path}");
        let allow: BTreeSet<&str> = resp.headers()["allow"]
            .to_str()
            .unwrap()
            .split(',')
            .map(str::trim)
            .collect();
        assert_eq!(allow, methods.iter().copied().collect(), "{path}");
        for name in resp.headers().keys() {
            assert!(
                !name.as_str().starts_with("access-control-"),
                "{path}: no CORS allowance, got {name}"
            );
        }
    }
    let resp = client
        .request(Method::OPTIONS, server.url("/nowhere"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_verify_route_answers_intact_on_a_fresh_server() {
    let server = TestServer::start(&[]).await;
    let fresh: Value = server
        .http("admin")
        .get(server.url("/audit/verify"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        fresh,
        json!({"ok": true, "checked": 0, "headId": "", "headHash": ""})
    );
    server
        .http("operator")
        .post(server.url("/queues/default/pause"))
        .json(&json!({"paused": true}))
        .send()
        .await
        .unwrap();
    let resp = server
        .http("admin")
        .get(server.url("/audit/verify"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let v: Value = resp.json().await.unwrap();
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["checked"], 1, "{v}");
    assert!(v["headHash"].as_str().unwrap().starts_with("k1:"), "{v}");
    assert!(v.get("broken").is_none(), "{v}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deletes_over_the_gateway_count_refuse_and_remove() {
    let server = TestServer::start_with(&[], true).await;
    let admin = server.http("admin");
    let send = |req: reqwest::RequestBuilder| async move {
        let resp = req.send().await.unwrap();
        let status = resp.status();
        (status, resp.json::<Value>().await.unwrap())
    };
    let mut ids = Vec::new();
    for _ in 0..2 {
        let (status, body) = send(
            admin
                .post(server.url("/tasks"))
                .json(&json!({"handler": "noop", "queue": "gone"})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        ids.push(body["id"].as_str().unwrap().to_string());
    }
    // A dry run by filter counts and samples.
    let (status, dry) = send(
        admin
            .post(server.url("/tasks/delete"))
            .json(&json!({"queue": "gone", "dryRun": true, "limit": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    assert_eq!(
        (dry["matched"].clone(), dry["dryRun"].clone()),
        (json!(2), json!(true))
    );
    assert_eq!(dry["results"][0]["outcome"], "would_delete");
    // A queue holding tasks is refused unless forced.
    let (status, refused) = send(admin.delete(server.url("/queues/gone"))).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "{refused}");
    assert_eq!(refused["error"]["reason"], "queue_not_empty");
    // A misspelt or unreadable switch is refused, never read as "no dry run".
    for query in ["force=true&dry_run=true", "force=maybe", "dryRun=on"] {
        let (status, bad) = send(admin.delete(server.url(&format!("/queues/gone?{query}")))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {bad}");
        assert_eq!(bad["error"]["reason"], "invalid_parameter", "{query}");
    }
    // One task by id; the DLQ route refuses it as not dead.
    let (status, one) = send(admin.delete(server.url(&format!("/dlq/{}", ids[0])))).await;
    assert_eq!(status, StatusCode::OK, "{one}");
    assert_eq!(one["results"][0]["outcome"], "not_dead");
    assert_eq!(one["results"][0]["state"], "pending");
    let (status, by_id) = send(
        admin
            .post(server.url("/tasks/delete"))
            .json(&json!({"ids": [ids[0], MISSING]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{by_id}");
    assert_eq!(by_id["deleted"], 1);
    assert_eq!(by_id["results"][1]["outcome"], "not_found");
    let (status, forced) = send(admin.delete(server.url("/queues/gone?force=true"))).await;
    assert_eq!(status, StatusCode::OK, "{forced}");
    assert_eq!(
        forced,
        json!({"name": "gone", "deleted": true, "tasks": 1, "dryRun": false})
    );
    let (status, _) = send(admin.get(server.url("/queues/gone"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Issue 17: queue history on the gateway, its JSON shape and its refusals.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_history_over_http() {
    let server = TestServer::start(&[]).await;
    let client = server.http("operator");
    let enq = client
        .post(server.url("/tasks"))
        .json(&json!({"handler": "fail", "queue": "web", "maxRetries": 0}))
        .send()
        .await
        .unwrap();
    assert!(enq.status().is_success());
    let viewer = server.http("viewer");
    let get = async |query: &str| {
        viewer
            .get(server.url(&format!("/queues/history?{query}")))
            .send()
            .await
            .unwrap()
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let day: Value = loop {
        let day: Value = get("range=24h&queue=web").await.json().await.unwrap();
        if day["totals"]["dead"] == 1 {
            break day;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no dead outcome: {day}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(
        (day["queue"].as_str(), day["range"].as_str()),
        (Some("web"), Some("24h"))
    );
    assert_eq!(day["stepMs"], 900_000);
    assert_eq!(day["points"].as_array().unwrap().len(), 96);
    assert_eq!(
        day["previous"],
        json!({"succeeded": 0, "failed": 0, "dead": 0})
    );
    let last = day["points"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["dead"], 1, "{last}");
    assert!(last["startMs"].as_i64().unwrap() > 0);
    // All queues, and the default range (15m).
    let all: Value = get("").await.json().await.unwrap();
    assert_eq!(
        (all["queue"].as_str(), all["range"].as_str()),
        (Some(""), Some("15m"))
    );
    assert_eq!(all["points"].as_array().unwrap().len(), 15);
    for (query, status, reason) in [
        ("range=1y", 400, "invalid_range"),
        ("queue=a%20b", 400, "invalid_queue"),
        ("queue=nowhere&range=30d", 404, "queue_not_found"),
    ] {
        let (code, _, reason_seen) = envelope_of(get(query).await).await;
        assert_eq!(
            (code.as_u16(), reason_seen.as_str()),
            (status, reason),
            "{query}"
        );
    }
}

/// A queue named `history` beside the history routes: the history has its own path (and keeps
/// its first one, marked deprecated), and the queue is listed, changed and deleted through its
/// own paths, the DELETE included, which the history's fixed segment once answered with 405.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queue_named_history_and_the_history_routes_stay_apart() {
    let server = TestServer::start(&[]).await;
    let admin = server.http("admin");
    let made = admin
        .post(server.url("/queues/history/weight"))
        .json(&json!({"weight": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status().as_u16(), 200);
    for path in ["/history/queues", "/queues/history"] {
        let answer: Value = admin
            .get(server.url(&format!("{path}?range=24h&queue=history")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            (answer["queue"].as_str(), answer["range"].as_str()),
            (Some("history"), Some("24h")),
            "{path}: {answer}"
        );
        assert_eq!(answer["points"].as_array().unwrap().len(), 96);
    }
    let names = |list: Value| -> Vec<String> {
        list["queues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["name"].as_str().unwrap().to_string())
            .collect()
    };
    let list: Value = admin
        .get(server.url("/queues"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(names(list).contains(&"history".to_string()));
    let paused: Value = admin
        .post(server.url("/queues/history/pause"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(paused["queue"]["paused"], true, "{paused}");
    let dry = admin
        .delete(server.url("/queues/history?dryRun=true"))
        .send()
        .await
        .unwrap();
    assert_eq!(dry.status().as_u16(), 200);
    let dry: Value = dry.json().await.unwrap();
    assert_eq!(
        (dry["dryRun"].as_bool(), dry["deleted"].as_bool()),
        (Some(true), Some(false)),
        "{dry}"
    );
    let gone = admin
        .delete(server.url("/queues/history"))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status().as_u16(), 200);
    let gone: Value = gone.json().await.unwrap();
    assert_eq!(
        (gone["name"].as_str(), gone["deleted"].as_bool()),
        (Some("history"), Some(true)),
        "{gone}"
    );
    let list: Value = admin
        .get(server.url("/queues"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!names(list).contains(&"history".to_string()));
    // The document names both paths and says which one is kept for older clients.
    let doc: Value = admin
        .get(server.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        doc["paths"]["/admin/v1/queues/history"]["get"]["deprecated"],
        true
    );
    assert!(doc["paths"]["/admin/v1/history/queues"]["get"]["deprecated"].is_null());
    assert!(doc["paths"]["/admin/v1/queues/history"]["delete"].is_object());
}
