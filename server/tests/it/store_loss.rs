//! A SQLite store that lost data says so: `workerd` refuses to start on an emptied store file
//! or on one that went back in time (its `-wal` deleted after a SIGKILL), naming the file and
//! the override, changes nothing, and starts (loudly) with `WORKER_SQLITE_ALLOW_DATA_LOSS=1`.
//! A Redis store likewise: emptied under a running node it is reported once (log, metric,
//! alert); emptied while the node is down it is refused unless `WORKER_REDIS_ALLOW_DATA_LOSS=1`.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use worker_proto::v1 as pb;

use worker_testkit::redis::RedisServer;

use crate::support::{NODE_PREFIX, Node, alerts, eventually};

/// The exit code of a start refused for lost data.
const DATA_LOSS_EXIT: i32 = 3;

/// `workerd` on `dir`'s default store, run to its exit (a refused start exits at once).
fn start_refused(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workerd"))
        .env("WORKER_DATA_DIR", dir)
        .env("WORKER_ADMIN_GRPC_ADDR", "127.0.0.1:0")
        .env("WORKER_ADMIN_HTTP_ADDR", "127.0.0.1:0")
        .env("WORKER_LOG", "error")
        .env("NO_COLOR", "1")
        .output()
        .expect("workerd runs")
}

fn remove_wal(db: &Path) {
    for suffix in ["-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
}

fn marker(db: &Path) -> serde_json::Value {
    let text = std::fs::read(worker_server::store::sqlite::marker_path(db)).expect("the marker");
    serde_json::from_slice(&text).expect("the marker is JSON")
}

fn now_ms() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emptied_store_file_is_refused_naming_it_and_the_override() {
    let mut node = Node::spawn_with(
        "emptied",
        &[("WORKER_AUDIT_ANCHOR_INTERVAL", "50ms".into())],
    )
    .await;
    let db = node.dir.path().join("worker.db");
    // An audited change, anchored: the anchor describes the store about to be lost.
    node.admin()
        .await
        .pause_queue(pb::PauseQueueRequest {
            name: "default".into(),
            paused: true,
        })
        .await
        .unwrap();
    let anchors = node.dir.path().join("audit").join("anchors.jsonl");
    eventually("an audit anchor", Duration::from_secs(30), || async {
        std::fs::metadata(&anchors)
            .is_ok_and(|m| m.len() > 0)
            .then_some(())
    })
    .await;
    node.sigkill();
    std::fs::File::create(&db).expect("truncate the store");
    remove_wal(&db);

    let out = start_refused(node.dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(DATA_LOSS_EXIT), "{stderr}");
    assert!(stderr.contains(&db.display().to_string()), "{stderr}");
    assert!(stderr.contains("empty (0 bytes)"), "{stderr}");
    assert!(
        stderr.contains("WORKER_SQLITE_ALLOW_DATA_LOSS=1"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::metadata(&db).unwrap().len(),
        0,
        "a refused start leaves the file as it was"
    );

    // Asked for, it starts on an empty store and says what it found.
    node.restart(&[("WORKER_SQLITE_ALLOW_DATA_LOSS", "1".into())])
        .await;
    assert!(node.logged("STORE DATA LOSS"), "the loss is logged");
    // And said in the event log, as one `store_data_loss` alert.
    let raised = alerts(&mut node.admin().await).await;
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(raised[0].code, "store_data_loss");
    assert!(raised[0].message.contains("empty (0 bytes)"), "{raised:?}");
    // The lost store's anchors are set aside, so the accepted store's chain verifies.
    let verified = node
        .admin()
        .await
        .verify_audit_chain(pb::VerifyAuditChainRequest {})
        .await
        .unwrap()
        .into_inner();
    assert!(verified.ok, "{verified:?}");
    assert!(!anchors.exists());
    // The store the override accepted is the new baseline: the next start is an ordinary one.
    node.restart(&[]).await;
    assert!(!node.logged("STORE DATA LOSS"));
    assert_eq!(
        alerts(&mut node.admin().await).await.len(),
        1,
        "no new alert"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_wal_after_sigkill_is_reported_as_lost_data() {
    let mut node = Node::spawn_with("wal", &[]).await;
    let db = node.dir.path().join("worker.db");
    // What SQLite does on its own every thousand pages: the file holds the store so far.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);

    let mut tasks = node.tasks().await;
    for n in 0..20 {
        tasks
            .enqueue(pb::EnqueueRequest {
                task: Some(pb::TaskSpec {
                    handler: "nobody-runs-this".into(),
                    queue: "kept".into(),
                    payload: format!("{n}").into_bytes(),
                    ..Default::default()
                }),
            })
            .await
            .expect("enqueued");
    }
    let acknowledged = now_ms();
    // The marker is rewritten every second; wait for one written after the enqueues.
    eventually(
        "the marker to record the enqueues",
        Duration::from_secs(30),
        || async {
            (marker(&db)["written_at_ms"].as_i64().unwrap_or(0) > acknowledged).then_some(())
        },
    )
    .await;
    node.sigkill();
    remove_wal(&db);

    let out = start_refused(node.dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(DATA_LOSS_EXIT), "{stderr}");
    assert!(stderr.contains(&db.display().to_string()), "{stderr}");
    assert!(stderr.contains("went back in time"), "{stderr}");
    assert!(
        stderr.contains("WORKER_SQLITE_ALLOW_DATA_LOSS=1"),
        "{stderr}"
    );

    node.restart(&[("WORKER_SQLITE_ALLOW_DATA_LOSS", "1".into())])
        .await;
    assert!(node.logged("went back in time"), "the loss is logged");
}

/// The node's Prometheus text.
async fn prometheus(node: &Node) -> String {
    let pki = node.dir.path().join("pki");
    let read = |name: &str| std::fs::read(pki.join(name)).unwrap();
    let identity =
        reqwest::Identity::from_pem(&[read("viewer.pem"), read("viewer-key.pem")].concat())
            .unwrap();
    reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&read("ca.pem")).unwrap())
        .identity(identity)
        .build()
        .unwrap()
        .get(format!(
            "https://localhost:{}/admin/v1/metrics/prometheus",
            node.http_port
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The `store_data_loss` alerts in a node's event log (a node may raise others).
async fn losses(
    admin: &mut worker_proto::v1::admin_service_client::AdminServiceClient<
        tonic::transport::Channel,
    >,
) -> Vec<pb::AlertEvent> {
    let mut raised = alerts(admin).await;
    raised.retain(|a| a.code == "store_data_loss");
    raised
}

fn data_loss_total(text: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix("worker_store_data_loss_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_store_emptied_under_workerd_is_reported_then_refused_at_the_next_start() {
    let Some(mut redis) = RedisServer::start().await else {
        return;
    };
    let store = ("WORKER_STORE", redis.url());
    let mut node = Node::spawn(&redis, "redis-guard", &[]).await;
    assert!(losses(&mut node.admin().await).await.is_empty());
    assert_eq!(data_loss_total(&prometheus(&node).await), 0);

    // Redis restarts without persistence under the running node: it comes back empty.
    redis.restart().await;
    let raised = eventually(
        "the loss to be reported",
        Duration::from_secs(60),
        || async {
            let mut admin = node.admin().await;
            // While Redis is away the read answers Unavailable: not yet.
            let mut raised = crate::support::try_alerts(&mut admin).await.ok()?;
            raised.retain(|a| a.code == "store_data_loss");
            (!raised.is_empty()).then_some(raised)
        },
    )
    .await;
    assert_eq!(raised[0].code, "store_data_loss", "{raised:?}");
    assert!(raised[0].message.contains("guard is gone"), "{raised:?}");
    assert!(node.logged("STORE DATA LOSS"));
    let text = prometheus(&node).await;
    assert_eq!(data_loss_total(&text), 1, "{text}");
    // Reported once: the guard was made again, so the checks after it (every 100 ms) find it.
    // Nothing signals a check that finds nothing; give it several.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(losses(&mut node.admin().await).await.len(), 1);
    assert_eq!(data_loss_total(&prometheus(&node).await), 1);

    // Flushed while the node is down: the next start is refused, and changes nothing.
    node.sigkill();
    let client = redis::Client::open(redis.url().as_str()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let _: () = redis::cmd("FLUSHALL").query_async(&mut conn).await.unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_workerd"))
        .env("WORKER_DATA_DIR", node.dir.path())
        .env("WORKER_STORE", redis.url())
        .env("WORKER_REDIS_PREFIX", NODE_PREFIX)
        .env("WORKER_ADMIN_GRPC_ADDR", "127.0.0.1:0")
        .env("WORKER_ADMIN_HTTP_ADDR", "127.0.0.1:0")
        .env("WORKER_LOG", "error")
        .env("NO_COLOR", "1")
        .output()
        .expect("workerd runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(DATA_LOSS_EXIT), "{stderr}");
    assert!(stderr.contains("guard is gone"), "{stderr}");
    assert!(
        stderr.contains("WORKER_REDIS_ALLOW_DATA_LOSS=1"),
        "{stderr}"
    );
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg("*")
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(keys.is_empty(), "a refused start writes nothing: {keys:?}");

    // Asked for, it starts, says so and raises the alert; then the store is the new baseline.
    node.restart(&[store.clone(), ("WORKER_REDIS_ALLOW_DATA_LOSS", "1".into())])
        .await;
    assert!(node.logged("STORE DATA LOSS"));
    let raised = losses(&mut node.admin().await).await;
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(raised[0].code, "store_data_loss");
    assert_eq!(data_loss_total(&prometheus(&node).await), 1);
    node.restart(&[store]).await;
    assert!(!node.logged("STORE DATA LOSS"));
    assert_eq!(data_loss_total(&prometheus(&node).await), 0);
}
