//! A SQLite store that lost data says so: `workerd` refuses to start on an emptied store file
//! or on one that went back in time (its `-wal` deleted after a SIGKILL), naming the file and
//! the override, changes nothing, and starts (loudly) with `WORKER_SQLITE_ALLOW_DATA_LOSS=1`.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use worker_proto::v1 as pb;

use crate::support::{Node, alerts, eventually};

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
    let mut node = Node::spawn_with("emptied", &[]).await;
    let db = node.dir.path().join("worker.db");
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
