//! Bulk operations: `dlq replay` (oldest N in batches, by ids, by filter as a server
//! operation), deletes (`dlq delete`, `task delete`, `queue delete`), `task cancel|retry` by
//! filter, `bulk run` and `audit export`.

use crate::support::{Server, code, eventually, stderr};

/// `n` tasks that fail at once and land in the DLQ.
async fn fill_dlq(server: &Server, n: usize) {
    let lines: String = (0..n)
        .map(|i| {
            format!(
                "{{\"handler\":\"fail\",\"queue\":\"q{}\",\"max_retries\":0}}\n",
                i % 2
            )
        })
        .collect();
    let file = server.data_dir().join("tasks.jsonl");
    std::fs::write(&file, lines).unwrap();
    server
        .ok(
            "operator",
            &["task", "enqueue", "--jsonl", file.to_str().unwrap()],
        )
        .await;
    eventually("the DLQ to fill", || async {
        let out = server.run("viewer", &["dlq", "ls", "--limit", "1"]).await;
        stderr(&out).contains(&format!("of {n} entries"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_all_moves_more_than_one_batch_and_dry_run_moves_nothing() {
    let server = Server::start(&[("WORKER_ADMIN_REPLAY_LIMIT_MAX", "60")], true).await;
    fill_dlq(&server, 250).await;
    // Replayed tasks would fail again; keep them pending to count them.
    server.ok("operator", &["dequeue", "pause", "-y"]).await;
    // `-o json` is the documented summary object, as for a real replay.
    let summary = server
        .json("operator", &["dlq", "replay", "--limit", "30", "--dry-run"])
        .await;
    assert_eq!(
        summary,
        serde_json::json!({
            "dry_run": true,
            "requested": 30,
            "moved": 0,
            "batches": 0,
            "interrupted": false
        })
    );
    // `-o jsonl` lists the entries that would move.
    let lines = server
        .ok(
            "operator",
            &["dlq", "replay", "--limit", "30", "--dry-run", "-o", "jsonl"],
        )
        .await;
    let would = serde_json::Value::Array(
        lines
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    );
    assert_eq!(would.as_array().unwrap().len(), 30);
    let all = server
        .json("viewer", &["dlq", "ls", "--limit", "1000"])
        .await;
    let oldest: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .take(30)
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let listed: Vec<&str> = would
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed, oldest,
        "a dry run lists the oldest entries, oldest first"
    );
    let dry_all = server
        .run(
            "operator",
            &["dlq", "replay", "--all", "--dry-run", "-o", "jsonl"],
        )
        .await;
    // `--all` is a server operation: its dry run is the count and a sample.
    assert_eq!(String::from_utf8_lossy(&dry_all.stdout).lines().count(), 10);
    assert!(
        stderr(&dry_all).contains("dry run: 250 DLQ entries match everything; nothing changed"),
        "{}",
        stderr(&dry_all)
    );
    // A filter that selects nothing yet (`--older-than`), dry.
    let young = server
        .run(
            "operator",
            &[
                "dlq",
                "replay",
                "--queue",
                "q0",
                "--older-than",
                "1h",
                "--dry-run",
            ],
        )
        .await;
    assert_eq!(code(&young), 0, "{}", stderr(&young));
    assert!(
        stderr(&young).contains("dry run: 0 DLQ entries match queue:q0 older:1h"),
        "{}",
        stderr(&young)
    );
    // Batch 100 is above the server's cap of 60: the CLI halves it, and the server replays
    // everything in batches of 50 while the CLI follows.
    let op = server
        .json(
            "operator",
            &["dlq", "replay", "--all", "--batch", "100", "-y"],
        )
        .await;
    assert_eq!(op["action"], "replay_dlq", "{op}");
    assert_eq!(op["state"], "done", "{op}");
    assert_eq!(
        (&op["matched"], &op["succeeded"], &op["batches"]),
        (
            &serde_json::json!(250),
            &serde_json::json!(250),
            &serde_json::json!(5)
        ),
        "{op}"
    );
    let overview = server.json("viewer", &["overview"]).await;
    assert_eq!(
        (overview["dead"].as_i64(), overview["ready"].as_i64()),
        (Some(0), Some(250))
    );
    // Replaying an empty DLQ is fine and says so.
    let empty = server
        .run("operator", &["dlq", "replay", "--all", "-y"])
        .await;
    assert_eq!(code(&empty), 0, "{}", stderr(&empty));
    assert!(
        stderr(&empty).contains("0 of 0 processed"),
        "{}",
        stderr(&empty)
    );
    // --limit with a filter is a usage error: the oldest N are not a server operation.
    let mixed = server
        .run(
            "operator",
            &["dlq", "replay", "--limit", "3", "--queue", "q0"],
        )
        .await;
    assert_eq!(code(&mixed), 2, "{}", stderr(&mixed));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_by_ids_reports_each_id() {
    let server = Server::start(&[], true).await;
    fill_dlq(&server, 5).await;
    server.ok("operator", &["dequeue", "pause", "-y"]).await;
    let entries = server.json("viewer", &["dlq", "ls"]).await;
    let ids: Vec<String> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    let missing = "0190c7c8-0000-7000-8000-000000000000";
    let list = format!("{},{},{missing}", ids[0], ids[1]);
    let dry = server
        .json("operator", &["dlq", "replay", "--ids", &list, "--dry-run"])
        .await;
    let outcomes: Vec<&str> = dry
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, vec!["would_replay", "would_replay", "not_in_dlq"]);
    let done = server
        .json(
            "operator",
            &["dlq", "replay", "--ids", &list, "--batch", "2", "-y"],
        )
        .await;
    let outcomes: Vec<&str> = done
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, vec!["replayed", "replayed", "not_found"]);
    // Again: they are pending now, not dead; nothing moves twice.
    let again = server
        .json("operator", &["dlq", "replay", "--ids", &list, "-y"])
        .await;
    assert_eq!(again[0]["outcome"], "not_dead");
    assert_eq!(again[0]["state"], "pending");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_export_csv_parses_back_with_the_reference_header() {
    let server = Server::start(&[], false).await;
    server
        .ok("operator", &["queue", "pause", "default", "-y"])
        .await;
    server.ok("operator", &["queue", "resume", "default"]).await;
    let refused = server.run("viewer", &["dequeue", "pause", "-y"]).await;
    assert_eq!(code(&refused), 4);
    let out_file = server.data_dir().join("audit.csv");
    let out = server
        .run(
            "admin",
            &[
                "audit",
                "export",
                "--format",
                "csv",
                "--out",
                out_file.to_str().unwrap(),
            ],
        )
        .await;
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut reader = csv::Reader::from_path(&out_file).unwrap();
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
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    // Oldest first: pause, resume, the refused pause, then the export itself.
    let actions: Vec<(&str, &str, &str)> = rows.iter().map(|r| (&r[3], &r[1], &r[5])).collect();
    assert_eq!(
        actions,
        vec![
            ("queue.pause", "operator-user", "ok"),
            ("queue.resume", "operator-user", "ok"),
            ("dequeue.pause", "viewer-user", "error"),
            ("audit.export", "admin-user", "ok"),
        ]
    );
    // `at` is RFC 3339 as in the JSON, `at_ms` the same instant in epoch milliseconds.
    assert!(
        rows[0][0].ends_with('Z') && rows[0][0].contains('T'),
        "{}",
        &rows[0][0]
    );
    assert!(
        rows[0][8].parse::<i64>().unwrap() > 1_600_000_000_000,
        "at_ms is epoch milliseconds"
    );
    assert_eq!(rows[0][10].to_string(), "{\"paused\":\"true\"}");
    // JSON and JSON lines, and filters.
    let jsonl = server
        .ok(
            "admin",
            &[
                "audit",
                "export",
                "--format",
                "jsonl",
                "--action",
                "queue.pause",
            ],
        )
        .await;
    assert_eq!(jsonl.lines().count(), 1, "the resume is queue.resume");
    let json: serde_json::Value = serde_json::from_str(
        &server
            .ok(
                "admin",
                &[
                    "audit",
                    "export",
                    "--format",
                    "json",
                    "--actor",
                    "viewer-user",
                ],
            )
            .await,
    )
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    // Export is for admins.
    let out = server.run("operator", &["audit", "export"]).await;
    assert_eq!(code(&out), 4);
    let listed = server
        .json(
            "operator",
            &[
                "audit",
                "ls",
                "--since",
                "1h",
                "--action",
                "queue.pause",
                "--limit",
                "1",
            ],
        )
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let out = server
        .run("operator", &["audit", "ls", "--since", "yesterday-ish"])
        .await;
    assert_eq!(code(&out), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deletes_by_filter_run_in_batches_by_id_report_each_and_dry_runs_change_nothing() {
    let server = Server::start(&[("WORKER_ADMIN_REPLAY_LIMIT_MAX", "40")], true).await;
    fill_dlq(&server, 100).await;
    // Only an admin deletes.
    let refused = server
        .run("operator", &["dlq", "delete", "--queue", "q0", "-y"])
        .await;
    assert_eq!(code(&refused), 4, "{}", stderr(&refused));
    // No id and no filter is a usage error, not "everything".
    let bare = server.run("admin", &["dlq", "delete", "-y"]).await;
    assert_eq!(code(&bare), 2, "{}", stderr(&bare));

    // A dry run: the count as a note, a sample as data; nothing changes.
    let dry = server
        .run(
            "admin",
            &["dlq", "delete", "--queue", "q0", "--dry-run", "-o", "jsonl"],
        )
        .await;
    assert_eq!(code(&dry), 0, "{}", stderr(&dry));
    assert!(
        stderr(&dry).contains("dry run: 50 DLQ entries match queue:q0; nothing changed"),
        "{}",
        stderr(&dry)
    );
    let sample = String::from_utf8_lossy(&dry.stdout);
    assert_eq!(sample.lines().count(), 10);
    assert!(sample.lines().all(|l| l.contains("\"dead\"")), "{sample}");
    let left = |queue: &'static str| {
        let server = &server;
        async move {
            let out = server
                .run("viewer", &["dlq", "ls", "--queue", queue, "--limit", "1"])
                .await;
            stderr(&out)
        }
    };
    assert!(left("q0").await.contains("of 50 entries"));

    // By filter, a server operation: above the server's cap of 40 the batch halves (to 25);
    // every entry of q0 goes.
    let done = server
        .json(
            "admin",
            &["dlq", "delete", "--queue", "q0", "--batch", "100", "-y"],
        )
        .await;
    assert_eq!(done["action"], "delete_dlq", "{done}");
    assert_eq!(done["state"], "done", "{done}");
    assert_eq!(done["succeeded"], 50, "{done}");
    assert_eq!(done["matched"], 50, "{done}");
    assert_eq!(done["batches"], 2, "{done}");
    let q0 = server.json("viewer", &["dlq", "ls", "--queue", "q0"]).await;
    assert_eq!(q0, serde_json::json!([]));
    assert!(left("q1").await.contains("of 50 entries"));

    // By id: one outcome per id.
    let ids: Vec<String> = server
        .json("viewer", &["dlq", "ls", "--queue", "q1", "--limit", "2"])
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    let missing = "0190c7c8-0000-7000-8000-000000000000";
    let results = server
        .ok(
            "admin",
            &[
                "dlq", "delete", &ids[0], &ids[1], missing, "-y", "-o", "jsonl",
            ],
        )
        .await;
    let outcomes: Vec<String> = results
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["outcome"].to_string())
        .collect();
    assert_eq!(outcomes, ["\"deleted\"", "\"deleted\"", "\"not_found\""]);
    assert!(left("q1").await.contains("of 48 entries"));

    // Tasks by the listing's filter, and the queue that held them.
    let tasks = server
        .json(
            "admin",
            &["task", "delete", "--queue", "q1", "--state", "dead", "-y"],
        )
        .await;
    assert_eq!(
        (&tasks["action"], &tasks["state"], &tasks["succeeded"]),
        (
            &serde_json::json!("delete_tasks"),
            &serde_json::json!("done"),
            &serde_json::json!(48)
        ),
        "{tasks}"
    );
    let dry = server
        .json("admin", &["queue", "delete", "q1", "--dry-run"])
        .await;
    assert_eq!(
        dry,
        serde_json::json!({"name": "q1", "deleted": false, "tasks": 0, "dry_run": true})
    );
    let gone = server.json("admin", &["queue", "delete", "q1", "-y"]).await;
    assert_eq!(gone["deleted"], true);
    let missing_queue = server.run("admin", &["queue", "get", "q1"]).await;
    assert_eq!(code(&missing_queue), 5, "{}", stderr(&missing_queue));
    // A queue holding tasks is refused unless forced.
    server.ok("operator", &["dequeue", "pause", "-y"]).await;
    server
        .ok("operator", &["task", "enqueue", "noop", "--queue", "full"])
        .await;
    let not_empty = server
        .run("admin", &["queue", "delete", "full", "-y"])
        .await;
    assert_eq!(code(&not_empty), 1, "{}", stderr(&not_empty));
    assert!(
        stderr(&not_empty).contains("still holds 1 task"),
        "{}",
        stderr(&not_empty)
    );
    let forced = server
        .json("admin", &["queue", "delete", "full", "--force", "-y"])
        .await;
    assert_eq!(
        (&forced["deleted"], &forced["tasks"]),
        (&serde_json::json!(true), &serde_json::json!(1))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_run_starts_a_server_operation_and_follows_it_to_the_end() {
    let server = Server::start(&[], true).await;
    fill_dlq(&server, 20).await;
    // A dry run: a sample as data, the count as a note; nothing changes; any role may.
    let dry = server
        .run(
            "viewer",
            &[
                "bulk",
                "run",
                "delete_dlq",
                "--queue",
                "q0",
                "--dry-run",
                "-o",
                "json",
            ],
        )
        .await;
    assert_eq!(code(&dry), 0, "{}", stderr(&dry));
    assert!(
        stderr(&dry).contains("dry run: 10 DLQ entries match queue:q0"),
        "{}",
        stderr(&dry)
    );
    let sample: serde_json::Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(sample.as_array().unwrap().len(), 10);
    assert!(
        sample
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["state"] == "dead")
    );
    // No filter is a usage error; a bad filter too; an operator may not delete.
    let bare = server
        .run("admin", &["bulk", "run", "delete_dlq", "-y"])
        .await;
    assert_eq!(code(&bare), 2, "{}", stderr(&bare));
    let bad = server
        .run(
            "admin",
            &["bulk", "run", "delete_dlq", "--filter", "colour:red", "-y"],
        )
        .await;
    assert_eq!(code(&bad), 2, "{}", stderr(&bad));
    let refused = server
        .run(
            "operator",
            &["bulk", "run", "delete_dlq", "--queue", "q0", "-y"],
        )
        .await;
    assert_eq!(code(&refused), 4, "{}", stderr(&refused));

    // The real run, by the textual filter, followed to its end.
    let done = server
        .json(
            "admin",
            &[
                "bulk",
                "run",
                "delete_dlq",
                "--filter",
                "queue:q0",
                "--batch",
                "3",
                "-y",
            ],
        )
        .await;
    assert_eq!(done["state"], "done", "{done}");
    assert_eq!(
        (
            &done["processed"],
            &done["succeeded"],
            &done["skipped"],
            &done["batches"]
        ),
        (
            &serde_json::json!(10),
            &serde_json::json!(10),
            &serde_json::json!(0),
            &serde_json::json!(4)
        ),
        "{done}"
    );
    assert_eq!(done["filter"], "queue:q0");
    let q0 = server.json("viewer", &["dlq", "ls", "--queue", "q0"]).await;
    assert_eq!(q0, serde_json::json!([]));
    let id = done["id"].as_str().unwrap().to_string();
    let got = server.json("viewer", &["bulk", "get", &id]).await;
    assert_eq!(got, done);
    let listed = server.json("viewer", &["bulk", "ls"]).await;
    assert_eq!(listed[0]["id"], id.as_str());
    // A finished operation cannot be stopped.
    let late = server.run("operator", &["bulk", "cancel", &id, "-y"]).await;
    assert_eq!(code(&late), 1, "{}", stderr(&late));

    // Detached: the id comes back at once and the server finishes the replay on its own.
    let started = server
        .json(
            "operator",
            &[
                "bulk",
                "run",
                "replay_dlq",
                "--queue",
                "q1",
                "--detach",
                "-y",
            ],
        )
        .await;
    let id = started["id"].as_str().unwrap().to_string();
    eventually("the detached replay to finish", || async {
        server.json("viewer", &["bulk", "get", &id]).await["state"] == "done"
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_cancel_and_retry_by_filter_run_as_server_operations() {
    let server = Server::start(&[], true).await;
    // Nothing leases: the tasks stay pending until cancelled.
    server.ok("operator", &["dequeue", "pause", "-y"]).await;
    for _ in 0..6 {
        server
            .ok("operator", &["task", "enqueue", "noop", "--queue", "c"])
            .await;
    }
    server
        .ok("operator", &["task", "enqueue", "noop", "--queue", "other"])
        .await;
    // An id and a filter together, or neither, are usage errors.
    let both = server
        .run(
            "operator",
            &["task", "cancel", "some-id", "--queue", "c", "-y"],
        )
        .await;
    assert_eq!(code(&both), 2, "{}", stderr(&both));
    let bare = server.run("operator", &["task", "retry", "-y"]).await;
    assert_eq!(code(&bare), 2, "{}", stderr(&bare));
    // Dry: the count and a sample; nothing changes.
    let dry = server
        .run(
            "operator",
            &["task", "cancel", "--queue", "c", "--dry-run", "-o", "jsonl"],
        )
        .await;
    assert_eq!(code(&dry), 0, "{}", stderr(&dry));
    assert!(
        stderr(&dry).contains("dry run: 6 tasks match queue:c; nothing changed"),
        "{}",
        stderr(&dry)
    );
    assert_eq!(String::from_utf8_lossy(&dry.stdout).lines().count(), 6);
    let old = server
        .run(
            "operator",
            &[
                "task",
                "cancel",
                "--queue",
                "c",
                "--older-than",
                "1d",
                "--dry-run",
            ],
        )
        .await;
    assert!(
        stderr(&old).contains("dry run: 0 tasks match"),
        "{}",
        stderr(&old)
    );
    // Cancel by filter, followed to the end.
    let cancelled = server
        .json(
            "operator",
            &[
                "task", "cancel", "--filter", "queue:c", "--batch", "4", "-y",
            ],
        )
        .await;
    assert_eq!(
        (
            &cancelled["action"],
            &cancelled["state"],
            &cancelled["succeeded"],
            &cancelled["batches"]
        ),
        (
            &serde_json::json!("cancel_tasks"),
            &serde_json::json!("done"),
            &serde_json::json!(6),
            &serde_json::json!(2)
        ),
        "{cancelled}"
    );
    let listed = server
        .json(
            "viewer",
            &["task", "ls", "--queue", "c", "--state", "cancelled"],
        )
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 6);
    let untouched = server
        .json(
            "viewer",
            &["task", "ls", "--queue", "other", "--state", "pending"],
        )
        .await;
    assert_eq!(untouched.as_array().unwrap().len(), 1);
    // Retry by filter: pending again.
    let retried = server
        .json(
            "operator",
            &[
                "task",
                "retry",
                "--queue",
                "c",
                "--state",
                "cancelled",
                "-y",
            ],
        )
        .await;
    assert_eq!(
        (&retried["action"], &retried["state"], &retried["succeeded"]),
        (
            &serde_json::json!("retry_tasks"),
            &serde_json::json!("done"),
            &serde_json::json!(6)
        ),
        "{retried}"
    );
    let pending = server
        .json(
            "viewer",
            &["task", "ls", "--queue", "c", "--state", "pending"],
        )
        .await;
    assert_eq!(pending.as_array().unwrap().len(), 6);
    // The single forms still take an id.
    let id = pending[0]["id"].as_str().unwrap().to_string();
    let one = server
        .json("operator", &["task", "cancel", &id, "-y"])
        .await;
    assert_eq!(one["outcome"], "cancelled", "{one}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delete_by_filter_that_leaves_running_tasks_exits_1() {
    let server = Server::start(&[], true).await;
    server
        .ok(
            "operator",
            &[
                "task",
                "enqueue",
                "sleep",
                "--queue",
                "busy",
                "--payload",
                "60000",
            ],
        )
        .await;
    server
        .ok("operator", &["task", "enqueue", "noop", "--queue", "busy"])
        .await;
    eventually("one running and one finished task", || async {
        let running = server
            .json(
                "viewer",
                &["task", "ls", "--queue", "busy", "--state", "running"],
            )
            .await;
        let done = server
            .json(
                "viewer",
                &["task", "ls", "--queue", "busy", "--state", "succeeded"],
            )
            .await;
        running.as_array().unwrap().len() == 1 && done.as_array().unwrap().len() == 1
    })
    .await;
    let out = server
        .run(
            "admin",
            &["task", "delete", "--queue", "busy", "-y", "-o", "json"],
        )
        .await;
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 task(s) were left (running ones are never deleted)"),
        "{}",
        stderr(&out)
    );
    let op: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (&op["state"], &op["succeeded"], &op["skipped"]),
        (
            &serde_json::json!("done"),
            &serde_json::json!(1),
            &serde_json::json!(1)
        ),
        "{op}"
    );
    // Cancel by filter reaches the running one: its worker is told to stop it.
    let cancelled = server
        .json(
            "operator",
            &[
                "task", "cancel", "--queue", "busy", "--state", "running", "-y",
            ],
        )
        .await;
    assert_eq!(cancelled["state"], "done", "{cancelled}");
    eventually("the running task to end cancelled", || async {
        let left = server
            .json(
                "viewer",
                &["task", "ls", "--queue", "busy", "--state", "cancelled"],
            )
            .await;
        left.as_array().unwrap().len() == 1
    })
    .await;
}

/// `task ls` and `dlq ls` take the filter of the bulk actions: the flags, `--older-than`, or
/// `--filter` in the textual form; a filter that does not parse is a usage error (exit 2)
/// that lists nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listings_take_the_filter_of_the_bulk_actions() {
    let server = Server::start(&[], true).await;
    fill_dlq(&server, 6).await;
    let count = |v: serde_json::Value| v.as_array().unwrap().len();
    for (args, want) in [
        (&["dlq", "ls", "--filter", "queue:q0"][..], 3),
        (&["dlq", "ls", "--filter", "queue:q0 state:dead fail"], 3),
        (&["dlq", "ls", "--queue", "q1", "--older-than", "1h"], 0),
        (&["dlq", "ls", "--filter", "older:1h"], 0),
        (&["task", "ls", "--filter", "state:dead queue:q1"], 3),
        (&["task", "ls", "--filter", "state:dead handler:fail"], 6),
        (&["task", "ls", "--state", "dead", "--query", "FAIL"], 6),
        (&["task", "ls", "--state", "dead", "--older-than", "2h"], 0),
        (&["task", "ls", "--filter", "state:dead older:2h"], 0),
    ] {
        let listed = server.json("viewer", args).await;
        assert_eq!(count(listed), want, "{args:?}");
    }
    for (args, says) in [
        (
            &["task", "ls", "--filter", "colour:red"][..],
            "unknown filter key",
        ),
        (&["task", "ls", "--older-than", "soon"], "not a duration"),
        (&["task", "ls", "--state", "sleepy"], "unknown state"),
        (&["dlq", "ls", "--filter", "\"open"], "not closed"),
        (
            &["dlq", "ls", "--filter", "state:pending"],
            "dead tasks only",
        ),
        (
            &["dlq", "ls", "--filter", "queue:q0", "--queue", "q0"],
            "cannot be used with",
        ),
    ] {
        let out = server.run("viewer", args).await;
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?} listed nothing");
    }
}
