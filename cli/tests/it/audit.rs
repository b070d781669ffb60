//! `audit verify`: an intact chain exits 0; an entry changed in the SQLite file behind the
//! server's back makes it exit 1 naming that entry.

use crate::support::{Server, code, eventually, stderr};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_verify_passes_then_names_an_entry_changed_in_the_database() {
    let server = Server::start(&[], false).await;
    server
        .ok("operator", &["queue", "pause", "default", "-y"])
        .await;
    server.ok("operator", &["queue", "resume", "default"]).await;

    let intact = server.json("admin", &["audit", "verify"]).await;
    assert_eq!(intact["ok"], true, "{intact}");
    assert_eq!(intact["checked"], 2, "{intact}");
    assert!(intact.get("broken").is_none(), "{intact}");
    let table = server.ok("admin", &["audit", "verify"]).await;
    assert!(table.contains("yes"), "{table}");

    // Viewers and operators may not verify: the same refusal as `audit export`.
    let refused = server.run("operator", &["audit", "verify"]).await;
    assert_eq!(code(&refused), 4, "{}", stderr(&refused));

    // Rewrite the oldest entry's actor in the store itself, as someone with the file could.
    let db = rusqlite::Connection::open(server.data_dir().join("worker.db")).unwrap();
    db.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
    let first: i64 = db
        .query_row("SELECT MIN(id) FROM audit", [], |r| r.get(0))
        .unwrap();
    let changed = db
        .execute(
            "UPDATE audit SET actor='mallory' WHERE id=?1",
            rusqlite::params![first],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(db);

    let out = server.run("admin", &["audit", "verify"]).await;
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains(&format!("broken at entry {first}")) && message.contains("hash_mismatch"),
        "{message}"
    );
    let json = server
        .run("admin", &["audit", "verify", "-o", "json"])
        .await;
    assert_eq!(code(&json), 1, "{}", stderr(&json));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["ok"], false, "{report}");
    assert_eq!(report["broken"]["id"], first.to_string(), "{report}");
    assert_eq!(report["broken"]["reason"], "hash_mismatch", "{report}");
}

/// Issue 12, item 3: the server's `audit_chain_broken` alert, as `workerctl events` prints it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_print_the_alert_of_a_broken_chain() {
    let server = Server::start(&[("WORKER_AUDIT_VERIFY_INTERVAL", "50ms")], false).await;
    server
        .ok("operator", &["queue", "pause", "default", "-y"])
        .await;
    let db = rusqlite::Connection::open(server.data_dir().join("worker.db")).unwrap();
    db.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
    let first: i64 = db
        .query_row("SELECT MIN(id) FROM audit", [], |r| r.get(0))
        .unwrap();
    db.execute("UPDATE audit SET actor='mallory' WHERE id=?1", [first])
        .unwrap();
    drop(db);

    // The server verifies on its own interval; look until the alert is in the log.
    eventually("the alert in the event log", || async {
        let out = server
            .run("viewer", &["events", "--kind", "alert", "--tail", "10"])
            .await;
        String::from_utf8_lossy(&out.stdout).contains("alert")
    })
    .await;
    let table = server
        .ok("viewer", &["events", "--kind", "alert", "--tail", "10"])
        .await;
    assert!(
        table.contains(&format!(
            "CRITICAL audit_chain_broken: audit chain broken at entry {first} (hash_mismatch)"
        )),
        "{table}"
    );
    let json = server
        .ok(
            "viewer",
            &["events", "--kind", "alert", "--tail", "10", "-o", "json"],
        )
        .await;
    // One object a line, or an array: either way, the first event.
    let event: serde_json::Value = match serde_json::from_str::<serde_json::Value>(&json) {
        Ok(serde_json::Value::Array(events)) => events[0].clone(),
        _ => serde_json::from_str(json.lines().next().unwrap()).unwrap(),
    };
    assert_eq!(event["kind"], "alert", "{event}");
    assert_eq!(event["data"]["code"], "audit_chain_broken", "{event}");
    assert_eq!(event["data"]["severity"], "critical", "{event}");
}
