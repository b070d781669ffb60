//! `ListDLQ` paged by cursor through the real server (gRPC over mutual TLS, and the gateway's
//! `/admin/v1/dlq`): pages follow `next_cursor` and see every match once, newest first; a
//! cursor with an offset, and a cursor no listing returned, are refused; on Redis, a listing by
//! queue and handler sees its pair's entries only, each once.

use std::collections::HashSet;

use tonic::Code;
use worker_proto::v1 as pb;

use crate::grpc::{enqueue, spec, wait_for_state};
use crate::grpc_support::{TestServer, reason};

/// Seven dead tasks in one queue and one in another; pages of three by cursor.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dlq_pages_follow_the_cursor_over_grpc_and_the_gateway() {
    let server = TestServer::start(&[]).await;
    let mut tasks = server.tasks("operator").await;
    let dead_spec = |queue: &str| pb::TaskSpec {
        max_retries: Some(0),
        ..spec("fail", queue)
    };
    let mut dead = Vec::new();
    for _ in 0..7 {
        dead.push(enqueue(&mut tasks, dead_spec("paged")).await);
    }
    let other = enqueue(&mut tasks, dead_spec("elsewhere")).await;
    for id in dead.iter().chain([&other]) {
        wait_for_state(&server, id, pb::TaskState::Dead).await;
    }
    let mut admin = server.admin("viewer").await;
    // The text makes the total one that is counted, carried to later pages by the cursor.
    let request = |cursor: &str| pb::ListDlqRequest {
        limit: 3,
        queue: "paged".into(),
        query: "demo failure".into(),
        cursor: cursor.into(),
        ..Default::default()
    };
    let mut seen = Vec::new();
    let mut cursor = String::new();
    let mut pages = 0;
    loop {
        let page = admin.list_dlq(request(&cursor)).await.unwrap().into_inner();
        pages += 1;
        assert!(pages <= 10, "the cursor keeps moving: {seen:?}");
        assert!(page.entries.len() <= 3);
        assert_eq!((page.total, page.total_capped), (7, false), "page {pages}");
        seen.extend(page.entries.into_iter().map(|e| (e.id, e.failed_at_ms)));
        if page.next_cursor.is_empty() {
            break;
        }
        cursor = page.next_cursor;
    }
    assert!(pages >= 3, "pages of three: {pages}");
    let ids: Vec<&String> = seen.iter().map(|(id, _)| id).collect();
    assert_eq!(
        ids.iter().copied().collect::<HashSet<_>>(),
        dead.iter().collect::<HashSet<_>>(),
        "every match once, nothing else"
    );
    assert_eq!(ids.len(), dead.len(), "no match twice: {ids:?}");
    // Newest first: the tasks died in the order they were enqueued or later, so their DLQ
    // order is the listing's; the failure times never go up.
    let times: Vec<i64> = seen.iter().map(|(_, t)| *t).collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );

    // A cursor continues where a page ended: with an offset it is refused, as is one that no
    // listing returned.
    let first = admin.list_dlq(request("")).await.unwrap().into_inner();
    assert!(!first.next_cursor.is_empty());
    let err = admin
        .list_dlq(pb::ListDlqRequest {
            offset: 3,
            ..request(&first.next_cursor)
        })
        .await
        .unwrap_err();
    assert_eq!(
        (err.code(), reason(&err)),
        (Code::InvalidArgument, "invalid_cursor".to_string())
    );
    for garbage in ["not-a-cursor", "d", "d12", "dx.3", "d-5.3", "d5.x"] {
        let err = admin.list_dlq(request(garbage)).await.unwrap_err();
        assert_eq!(
            (err.code(), reason(&err)),
            (Code::InvalidArgument, "invalid_cursor".to_string()),
            "{garbage}"
        );
    }

    // The gateway pages by the same cursor, as `nextCursor`.
    let http = server.http("viewer");
    let mut seen = Vec::new();
    let mut cursor = String::new();
    for _ in 0..10 {
        let mut url = server.url("/dlq?queue=paged&query=demo%20failure&limit=3");
        if !cursor.is_empty() {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let r = http.get(&url).send().await.unwrap();
        assert!(r.status().is_success(), "{url}: {}", r.status());
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["total"], 7, "{body}");
        for entry in body["entries"].as_array().unwrap() {
            seen.push(entry["id"].as_str().unwrap().to_string());
        }
        match body["nextCursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    assert_eq!(seen.len(), dead.len(), "no match twice: {seen:?}");
    assert_eq!(
        seen.iter().collect::<HashSet<_>>(),
        dead.iter().collect::<HashSet<_>>()
    );
    let r = http
        .get(server.url(&format!(
            "/dlq?queue=paged&limit=3&offset=3&cursor={}",
            first.next_cursor
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::BAD_REQUEST);
    let r = http
        .get(server.url("/dlq?queue=paged&limit=3&cursor=garbage"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::BAD_REQUEST);
}

/// On the Redis store, a listing by queue and handler walks that pair's own set: after
/// replays (the entries die again, newest now) every entry of the pair is listed once, newest
/// first, by cursor, with its exact total, and nothing of another queue or handler.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dlq_pages_by_queue_and_handler_on_redis() {
    let Some(redis) = worker_testkit::redis::RedisServer::start().await else {
        return;
    };
    let server = TestServer::start(&[("WORKER_STORE", redis.url().as_str())]).await;
    let mut tasks = server.tasks("operator").await;
    let dead_spec = |queue: &str| pb::TaskSpec {
        max_retries: Some(0),
        ..spec("fail", queue)
    };
    let mut dead = Vec::new();
    for _ in 0..6 {
        dead.push(enqueue(&mut tasks, dead_spec("pairs")).await);
    }
    let other = enqueue(&mut tasks, dead_spec("elsewhere")).await;
    for id in dead.iter().chain([&other]) {
        wait_for_state(&server, id, pb::TaskState::Dead).await;
    }
    let mut admin = server.admin("admin").await;
    let replayed = admin
        .replay_dlq_by_id(pb::ReplayDlqByIdRequest {
            ids: dead[..2].to_vec(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(replayed.moved, 2);
    // Replayed, they left the DLQ at once; dead again, they are its newest entries.
    for id in &dead[..2] {
        wait_for_state(&server, id, pb::TaskState::Dead).await;
    }
    let request = |handler: &str, query: &str, cursor: &str| pb::ListDlqRequest {
        limit: 2,
        queue: "pairs".into(),
        handler: handler.into(),
        query: query.into(),
        cursor: cursor.into(),
        ..Default::default()
    };
    for query in ["", "demo failure"] {
        let mut seen = Vec::new();
        let mut cursor = String::new();
        for pages in 1.. {
            assert!(pages <= 10, "the cursor keeps moving: {seen:?}");
            let page = admin
                .list_dlq(request("fail", query, &cursor))
                .await
                .unwrap()
                .into_inner();
            assert_eq!((page.total, page.total_capped), (6, false), "{query:?}");
            seen.extend(page.entries.into_iter().map(|e| e.id));
            if page.next_cursor.is_empty() {
                break;
            }
            cursor = page.next_cursor;
        }
        assert_eq!(seen.len(), 6, "every entry once: {seen:?}");
        assert_eq!(
            seen.iter().collect::<HashSet<_>>(),
            dead.iter().collect::<HashSet<_>>(),
            "{query:?}"
        );
        assert_eq!(
            seen[..2].iter().collect::<HashSet<_>>(),
            dead[..2].iter().collect::<HashSet<_>>(),
            "the replayed entries are the newest"
        );
    }
    let none = admin
        .list_dlq(request("noop", "", ""))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((none.entries.len(), none.total), (0, 0));
}
