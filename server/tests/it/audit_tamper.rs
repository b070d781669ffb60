//! The audit log changed behind `workerd`'s back (issue 12, item 3): an entry edited in Redis
//! breaks its hash; and through anchors (`workerd` writes the audit head to `anchors.jsonl`
//! beside the archive) verification catches what the keyed chain alone cannot: a rewrite by the
//! key's holder, and a store rolled back.

use std::time::{Duration, Instant};

use futures::StreamExt;

use worker_proto::v1 as pb;
use worker_server::engine::AuditAnchor;
use worker_server::engine::audit::{self, AuditKey};

use worker_testkit::redis::RedisServer;

use crate::grpc_support::TestServer;

fn anchors_path(server: &TestServer) -> std::path::PathBuf {
    server
        .data_dir()
        .join("audit")
        .join(worker_server::anchors::FILE)
}

fn anchors(server: &TestServer) -> Vec<AuditAnchor> {
    match std::fs::read_to_string(anchors_path(server)) {
        Ok(text) => text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn audit_key(server: &TestServer) -> AuditKey {
    let path = server
        .data_dir()
        .join("pki")
        .join(worker_pki::AUDIT_KEY_FILE);
    let (bytes, made) = worker_pki::ensure_audit_key(&path).unwrap();
    assert!(!made, "workerd made the key");
    AuditKey::new(bytes).unwrap()
}

async fn verify(server: &TestServer) -> pb::VerifyAuditChainResponse {
    server
        .admin("admin")
        .await
        .verify_audit_chain(pb::VerifyAuditChainRequest {})
        .await
        .unwrap()
        .into_inner()
}

/// Every entry in the SQLite file, oldest first.
fn stored(db: &rusqlite::Connection) -> Vec<audit::AuditRecord> {
    let mut stmt = db
        .prepare(
            "SELECT id, at_ms, actor, role, request_id, action, target, status, payload_hash,
                 detail, metadata, prev_hash, hash FROM audit ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        let metadata: Option<String> = r.get(10)?;
        Ok(audit::AuditRecord {
            id: r.get::<_, i64>(0)?.to_string(),
            entry: audit::AuditEntry {
                at_ms: r.get(1)?,
                actor: r.get(2)?,
                role: r.get(3)?,
                request_id: r.get(4)?,
                action: r.get(5)?,
                target: r.get(6)?,
                status: r.get(7)?,
                payload_hash: r.get(8)?,
                detail: r.get(9)?,
                metadata: metadata
                    .map(|m| serde_json::from_str(&m).unwrap())
                    .unwrap_or_default(),
            },
            prev_hash: r.get(11)?,
            hash: r.get(12)?,
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_anchor_catches_a_chain_rewritten_with_the_key_and_a_store_rolled_back() {
    let mut server = TestServer::start(&[("WORKER_AUDIT_ANCHOR_INTERVAL", "50ms")]).await;
    let mut operator = server.admin("operator").await;
    for paused in [true, false, true] {
        operator
            .pause_queue(pb::PauseQueueRequest {
                name: "default".into(),
                paused,
            })
            .await
            .unwrap();
    }
    let intact = verify(&server).await;
    assert!(intact.ok, "{intact:?}");
    // The periodic anchor reaches the head (a file another task writes: poll it, with room).
    let deadline = Instant::now() + Duration::from_secs(30);
    while anchors(&server).last().map(|a| a.id.as_str()) != Some(intact.head_id.as_str()) {
        assert!(Instant::now() < deadline, "no anchor of the head");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let written = anchors(&server);
    let head = written.last().unwrap().clone();
    assert_eq!(head.hash, intact.head_hash);
    assert!(!head.node.is_empty());
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(anchors_path(&server))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A head that did not move is not anchored again, neither on the interval nor at shutdown.
    server.stop().await;
    assert_eq!(anchors(&server), written);

    // The key's holder rewrites the head entry and reseals it, head included: the keyed chain
    // alone still verifies.
    let key = audit_key(&server);
    let db = rusqlite::Connection::open(server.data_dir().join("worker.db")).unwrap();
    let mut records = stored(&db);
    let last = records.last_mut().unwrap();
    assert_eq!(last.id, head.id);
    last.entry.actor = "mallory".into();
    last.hash = audit::keyed_hash(&key, &last.prev_hash, &last.entry);
    db.execute(
        "UPDATE audit SET actor = 'mallory', hash = ?1 WHERE id = ?2",
        rusqlite::params![last.hash, last.id.parse::<i64>().unwrap()],
    )
    .unwrap();
    db.execute("UPDATE coordination SET audit_head = ?1", [&last.hash])
        .unwrap();
    assert_eq!(audit::verify_chain(&stored(&db), Some(&key)), Ok(()));
    drop(db);

    server.restart().await;
    let rewritten = verify(&server).await;
    assert!(!rewritten.ok, "{rewritten:?}");
    assert_eq!(
        (rewritten.break_id.as_str(), rewritten.break_reason.as_str()),
        (head.id.as_str(), "anchor_mismatch"),
        "{rewritten:?}"
    );

    // Rolled back instead: the anchored head is gone and the one before it is the head again.
    server.stop().await;
    let db = rusqlite::Connection::open(server.data_dir().join("worker.db")).unwrap();
    let records = stored(&db);
    let before = &records[records.len() - 2];
    db.execute(
        "DELETE FROM audit WHERE id = ?1",
        [head.id.parse::<i64>().unwrap()],
    )
    .unwrap();
    db.execute("UPDATE coordination SET audit_head = ?1", [&before.hash])
        .unwrap();
    assert_eq!(audit::verify_chain(&stored(&db), Some(&key)), Ok(()));
    drop(db);
    server.restart().await;
    let rolled_back = verify(&server).await;
    assert_eq!(
        (
            rolled_back.break_id.as_str(),
            rolled_back.break_reason.as_str()
        ),
        (head.id.as_str(), "anchor_mismatch"),
        "{rolled_back:?}"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_archive_off_anchors_go_to_the_log_only() {
    let mut server = TestServer::start(&[
        ("WORKER_ADMIN_AUDIT_ARCHIVE_DIR", "off"),
        ("WORKER_AUDIT_ANCHOR_INTERVAL", "1h"),
    ])
    .await;
    server
        .admin("operator")
        .await
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: true,
        })
        .await
        .unwrap();
    server.stop().await;
    assert!(!server.data_dir().join("audit").exists());
    server.restart().await;
    assert!(verify(&server).await.ok);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_edited_in_redis_is_a_hash_mismatch_at_its_id() {
    let Some(redis) = RedisServer::start().await else {
        return;
    };
    let url = redis.url();
    let mut server = TestServer::start(&[
        ("WORKER_STORE", url.as_str()),
        ("WORKER_REDIS_PREFIX", "tamper"),
    ])
    .await;
    let mut operator = server.admin("operator").await;
    for paused in [true, false, true] {
        operator
            .pause_queue(pb::PauseQueueRequest {
                name: "default".into(),
                paused,
            })
            .await
            .unwrap();
    }
    let intact = verify(&server).await;
    assert!(intact.ok && intact.checked == 3, "{intact:?}");
    let oldest = operator
        .list_audit_events(pb::ListAuditEventsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .events
        .last()
        .unwrap()
        .id
        .clone();

    // The entry as stored (`{prefix}:audit`, a hash of JSON records by id), its actor changed.
    let mut conn = redis::Client::open(url.as_str())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let raw: String = redis::cmd("HGET")
        .arg("{tamper}:audit")
        .arg(&oldest)
        .query_async(&mut conn)
        .await
        .unwrap();
    let mut record: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(record["actor"], "operator-user", "{record}");
    record["actor"] = "mallory".into();
    let _: () = redis::cmd("HSET")
        .arg("{tamper}:audit")
        .arg(&oldest)
        .arg(record.to_string())
        .query_async(&mut conn)
        .await
        .unwrap();

    let broken = verify(&server).await;
    assert!(!broken.ok, "{broken:?}");
    assert_eq!(
        (broken.break_id.as_str(), broken.break_reason.as_str()),
        (oldest.as_str(), "hash_mismatch"),
        "{broken:?}"
    );
    server.stop().await;
}

/// Issue 12, item 3: a break is said in the event log too: one `alert` event
/// (`audit_chain_broken`, naming the entry and the reason) on gRPC and on the gateway's SSE.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_chain_raises_one_alert_in_the_event_log() {
    let server = TestServer::start(&[("WORKER_AUDIT_VERIFY_INTERVAL", "50ms")]).await;
    let mut admin = server.admin("admin").await;
    admin
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: true,
        })
        .await
        .unwrap();
    let mut alerts = admin
        .stream_events(pb::StreamEventsRequest {
            kinds: vec!["alert".into()],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let db = rusqlite::Connection::open(server.data_dir().join("worker.db")).unwrap();
    db.busy_timeout(Duration::from_secs(10)).unwrap();
    let first: i64 = db
        .query_row("SELECT MIN(id) FROM audit", [], |r| r.get(0))
        .unwrap();
    db.execute("UPDATE audit SET actor = 'mallory' WHERE id = ?1", [first])
        .unwrap();
    drop(db);

    let event = tokio::time::timeout(Duration::from_secs(60), alerts.message())
        .await
        .expect("an alert in time")
        .unwrap()
        .expect("the stream stays open");
    let Some(pb::admin_event::Event::Alert(alert)) = event.event else {
        panic!("not an alert: {event:?}");
    };
    assert_eq!(alert.code, "audit_chain_broken", "{alert:?}");
    assert_eq!(alert.severity, "critical", "{alert:?}");
    assert!(
        alert.message.contains(&format!("entry {first}"))
            && alert.message.contains("hash_mismatch"),
        "{alert:?}"
    );

    // The gateway's SSE carries it as `event: alert`.
    let resp = server
        .http("viewer")
        .get(server.url("/events?kind=alert&lastEventId=0"))
        .send()
        .await
        .unwrap();
    let events = crate::http::read_events(resp, 1).await;
    assert_eq!(events[0].1, "alert");
    assert_eq!(events[0].2["code"], "audit_chain_broken");
    assert_eq!(events[0].0, event.id);

    // Later passes find the same break: no second alert.
    let verified = verify(&server).await;
    assert_eq!(verified.break_reason, "hash_mismatch");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stored = admin
        .stream_events(pb::StreamEventsRequest {
            after_id: "0".into(),
            kinds: vec!["alert".into()],
            stored_only: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .collect::<Vec<_>>()
        .await;
    assert_eq!(stored.len(), 1, "{stored:?}");
}
