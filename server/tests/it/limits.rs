//! Negative limits and offsets are refused alike by every listing and by `ReplayDLQ`, over
//! gRPC and the gateway, and changing nothing; error messages quote client input cut short.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tonic::Code;
use worker_proto::v1 as pb;

use crate::grpc::{enqueue, spec, wait_for_state};
use crate::grpc_support::{TestServer, reason};

async fn dlq_total(server: &TestServer) -> i64 {
    let mut admin = server.admin("admin").await;
    admin
        .list_dlq(pb::ListDlqRequest {
            queue: "q".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn negative_limits_are_invalid_limit_and_replay_moves_nothing() {
    let server = TestServer::start(&[]).await;
    let mut tasks = server.tasks("operator").await;
    let mut admin = server.admin("operator").await;
    for _ in 0..2 {
        let id = enqueue(
            &mut tasks,
            pb::TaskSpec {
                max_retries: Some(0),
                ..spec("fail", "q")
            },
        )
        .await;
        wait_for_state(&server, &id, pb::TaskState::Dead).await;
    }
    assert_eq!(dlq_total(&server).await, 2);

    // gRPC: the mutation and every listing refuse a negative limit the same way.
    let replay = admin
        .replay_dlq(pb::ReplayDlqRequest { limit: -1 })
        .await
        .unwrap_err();
    assert_eq!(
        (replay.code(), reason(&replay)),
        (Code::InvalidArgument, "invalid_limit".into())
    );
    let events = admin
        .list_schedule_events(pb::ListScheduleEventsRequest {
            limit: -1,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (events.code(), reason(&events)),
        (Code::InvalidArgument, "invalid_limit".into())
    );
    assert_eq!(
        dlq_total(&server).await,
        2,
        "a refused replay moves nothing"
    );

    // The gateway: a negative limit in the replay body, or in any listing's query, is a 400.
    let client = server.http("admin");
    let check = async |resp: reqwest::Response, code: &str| {
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["reason"], code, "{body}");
    };
    check(
        client
            .post(server.url("/dlq/replay"))
            .json(&json!({"limit": -1}))
            .send()
            .await
            .unwrap(),
        "invalid_limit",
    )
    .await;
    assert_eq!(
        dlq_total(&server).await,
        2,
        "a refused replay moves nothing"
    );
    for path in [
        "/tasks?limit=-1",
        "/dlq?limit=-5",
        "/audit?limit=-1",
        "/audit/export?limit=-1",
        "/schedules/events?limit=-1",
    ] {
        check(
            client.get(server.url(path)).send().await.unwrap(),
            "invalid_limit",
        )
        .await;
    }
    for path in ["/tasks?offset=-1", "/dlq?offset=-1"] {
        check(
            client.get(server.url(path)).send().await.unwrap(),
            "invalid_offset",
        )
        .await;
    }
    // 0 keeps the reference's default: the listing answers, the replay moves both entries.
    let listed = client.get(server.url("/dlq?limit=0")).send().await.unwrap();
    assert_eq!(listed.status(), StatusCode::OK);
    let moved = admin
        .replay_dlq(pb::ReplayDlqRequest { limit: 0 })
        .await
        .unwrap()
        .into_inner();
    // The demo seed may add dead tasks of its own in other queues.
    assert!(moved.moved >= 2, "{moved:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_quote_long_input_cut_short() {
    let server = TestServer::start_with(&[], true).await;
    let long = "k".repeat(10_000);
    let mut admin = server.admin("admin").await;
    let err = admin
        .stream_events(pb::StreamEventsRequest {
            kinds: vec![long.clone()],
            ..Default::default()
        })
        .await
        .map(drop)
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::InvalidArgument, "invalid_event_kind".into())
    );
    assert!(err.message().len() < 400, "{} bytes", err.message().len());
    assert!(err.message().contains('…'), "{}", err.message());

    let err = admin
        .get_queue(pb::GetQueueRequest { name: long.clone() })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert!(err.message().len() < 300, "{} bytes", err.message().len());

    let client = server.http("admin");
    // A request head past 8 KiB (HTTP/1's buffer, which every open connection holds) is
    // refused before any route reads it.
    let resp = client
        .get(server.url(&format!("/queues/{long}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    let long = "k".repeat(7_000);
    for path in [format!("/queues/{long}"), format!("/events?kind={long}")] {
        let resp = client.get(server.url(&path)).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{}", &path[..20]);
        let body: Value = resp.json().await.unwrap();
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.len() < 400,
            "{} bytes: {}",
            message.len(),
            &message[..80]
        );
        assert!(message.contains('…'), "{message}");
    }
}
