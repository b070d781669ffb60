//! `workerctl schedule …` against a real server with a worker: create with every flag, list
//! and get in each format, factories, pause and resume (one and all), run now and its fire in
//! `schedule events` and in `workerctl events`, delete keeping the factory, and the exit codes
//! of refusals.

use crate::support::{Server, code, eventually, stderr};

/// Redacts what changes between runs: ids, times and relative times.
fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[uuid]",
    );
    s.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "[time]");
    s.add_filter(r"in \d+[dhms]\d*[hms]?", "in [countdown]");
    s.add_filter(r"\b\d+[smhd] ago", "[age] ago");
    s
}

/// A live worker registers the demo handlers; a schedule may name one only then.
async fn wait_for_factory(server: &Server, handler: &str) {
    eventually("a worker to register the handler", || async {
        let factories = server.json("viewer", &["schedule", "factories"]).await;
        factories
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == handler)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedule_commands_from_create_to_delete() {
    let server = Server::start(&[("WORKER_ADMIN_SCHEDULE_RUN_MAX", "5")], true).await;
    wait_for_factory(&server, "noop").await;
    let created = server
        .json(
            "admin",
            &[
                "schedule",
                "create",
                "nightly",
                "--spec",
                "0 3 * * *",
                "--tz",
                "Europe/Berlin",
                "--handler",
                "noop",
                "--queue",
                "reports",
                "--payload",
                "{\"format\":\"pdf\"}",
                "--priority",
                "-1",
                "--max-retries",
                "2",
                "--task-timeout",
                "5m",
                "--meta",
                "team=ops",
                "--misfire",
                "catch_up",
                "--catch-up-max",
                "3",
                "--overlap",
                "skip",
                "--jitter",
                "30s",
            ],
        )
        .await;
    assert_eq!(created["name"], "nightly");
    assert_eq!(created["timezone"], "Europe/Berlin");
    assert_eq!(created["handler"], "noop");
    assert_eq!(created["queue"], "reports");
    assert_eq!(created["priority"], -1);
    assert_eq!(created["max_retries"], 2);
    assert_eq!(created["timeout_ms"], 300_000);
    assert_eq!(created["metadata"]["team"], "ops");
    assert_eq!(created["misfire"], "catch_up");
    assert_eq!(created["catch_up_max"], 3);
    assert_eq!(created["overlap"], "skip");
    assert_eq!(created["jitter_ms"], 30_000);
    assert_eq!(created["paused"], false);
    assert!(created["next_run"].as_str().unwrap().ends_with('Z'));
    assert_eq!(created["payload"]["data"], "{\"format\":\"pdf\"}");
    // Paused and never fired, every cell of the table is the same on every run.
    server
        .ok("operator", &["schedule", "pause", "nightly"])
        .await;
    let settings = settings();
    let _guard = settings.bind_to_scope();
    insta::assert_snapshot!(
        "schedule_ls_table",
        server.ok("viewer", &["schedule", "ls"]).await
    );
    server
        .ok("operator", &["schedule", "resume", "nightly"])
        .await;
    let table = server.ok("viewer", &["schedule", "ls"]).await;
    assert!(table.contains("Europe/Berlin  in "), "{table}");
    // Defaults are the server's: no timeout or retries of the CLI's own.
    let plain = server
        .json(
            "admin",
            &[
                "schedule",
                "create",
                "ticker",
                "--spec",
                "@every 1s",
                "--handler",
                "noop",
            ],
        )
        .await;
    assert_eq!(plain["timeout_ms"], 0);
    assert_eq!(plain["max_retries"], serde_json::Value::Null);
    assert_eq!(plain["timezone"], "UTC");

    // The ticker fires on its own; its fires show in `schedule events` and in `events`.
    eventually("the ticker to fire and succeed", || async {
        let events = server
            .json("viewer", &["schedule", "events", "ticker", "--limit", "20"])
            .await;
        events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["status"] == "succeeded" && e["trigger"] == "cron")
    })
    .await;
    let streamed = server
        .ok(
            "viewer",
            &[
                "events",
                "--kind",
                "schedule_event",
                "--tail",
                "50",
                "-o",
                "jsonl",
            ],
        )
        .await;
    let first: serde_json::Value =
        serde_json::from_str(streamed.lines().next().expect("a schedule event")).unwrap();
    assert_eq!(first["kind"], "schedule_event");
    assert_eq!(first["data"]["name"], "ticker");
    assert!(
        first["summary"]
            .as_str()
            .unwrap()
            .starts_with("schedule ticker "),
        "{first}"
    );
    let table = server
        .ok(
            "viewer",
            &["events", "--kind", "schedule_event", "--tail", "5"],
        )
        .await;
    assert!(table.contains("schedule ticker"), "{table}");
    server
        .ok("operator", &["schedule", "pause", "ticker"])
        .await;

    // Both paused, so every cell is the same on every run but the ticker's last fire.
    let table = server.ok("viewer", &["schedule", "ls"]).await;
    assert!(table.contains(" ago "), "{table}");
    let wide = server.ok("viewer", &["schedule", "ls", "-o", "wide"]).await;
    assert!(wide.contains("catch_up (max 3)"), "{wide}");
    let csv_text = server.ok("viewer", &["schedule", "ls", "-o", "csv"]).await;
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    // The CSV's columns are the JSON keys (`csv::every_csv_output_is_its_json` checks all).
    assert_eq!(reader.headers().unwrap().get(0), Some("name"));
    assert!(reader.headers().unwrap().iter().any(|h| h == "next_run"));
    assert_eq!(reader.records().count(), 2);
    let jsonl = server
        .ok("viewer", &["schedule", "ls", "-o", "jsonl"])
        .await;
    assert_eq!(jsonl.lines().count(), 2);
    // A viewer sees that there is a payload, not what it is.
    let as_viewer = server.json("viewer", &["schedule", "get", "nightly"]).await;
    assert_eq!(as_viewer["payload"]["encoding"], "redacted");
    let detail = server.ok("operator", &["schedule", "get", "ticker"]).await;
    assert!(detail.contains("Recent fires:"), "{detail}");

    // Pause and resume one.
    let paused = server
        .json("operator", &["schedule", "pause", "nightly"])
        .await;
    assert_eq!(paused["paused"], true);
    assert_eq!(paused["next_run"], serde_json::Value::Null);
    let resumed = server
        .json("operator", &["schedule", "resume", "nightly"])
        .await;
    assert_eq!(resumed["paused"], false);
    assert!(resumed["next_run"].is_string());

    // Run now: a task now, and a manual fire in the events.
    let fired = server
        .json("operator", &["schedule", "run", "nightly", "-y"])
        .await;
    let task_id = fired["task_id"].as_str().unwrap().to_string();
    assert!(!task_id.is_empty());
    let task = server.json("viewer", &["task", "get", &task_id]).await;
    assert_eq!(task["queue"], "reports");
    eventually("the manual fire to show in the events", || async {
        let events = server
            .json("viewer", &["schedule", "events", "nightly"])
            .await;
        events
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["trigger"] == "manual" && e["task_id"] == task_id.as_str())
    })
    .await;

    // Pause all, resume all.
    let all = server
        .json("operator", &["schedule", "pause-all", "-y"])
        .await;
    assert_eq!(
        (all["paused"].as_bool(), all["updated"].as_i64()),
        (Some(true), Some(1))
    );
    let listed = server.json("viewer", &["schedule", "ls"]).await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["paused"] == true)
    );
    let all = server
        .json("operator", &["schedule", "resume-all", "-y"])
        .await;
    assert_eq!(
        (all["paused"].as_bool(), all["updated"].as_i64()),
        (Some(false), Some(2))
    );

    // Delete: gone, the factory stays, and it can be made again.
    let deleted = server
        .json("admin", &["schedule", "delete", "nightly", "-y"])
        .await;
    assert_eq!(deleted["deleted"], true);
    let gone = server.run("viewer", &["schedule", "get", "nightly"]).await;
    assert_eq!(code(&gone), 5, "{}", stderr(&gone));
    let factories = server.json("viewer", &["schedule", "factories"]).await;
    assert!(
        factories
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "noop")
    );
    server
        .ok(
            "admin",
            &[
                "schedule",
                "create",
                "nightly",
                "--spec",
                "@daily",
                "--handler",
                "noop",
            ],
        )
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedule_refusals_exit_with_their_codes_and_change_nothing() {
    let server = Server::start(&[], true).await;
    wait_for_factory(&server, "noop").await;
    // A bad spec is the server's InvalidArgument: exit 1 with its reason.
    let bad = server
        .run(
            "admin",
            &[
                "schedule",
                "create",
                "n",
                "--spec",
                "61 * * * *",
                "--handler",
                "noop",
            ],
        )
        .await;
    assert_eq!(code(&bad), 1, "{}", stderr(&bad));
    assert!(stderr(&bad).contains("invalid_spec"), "{}", stderr(&bad));
    // Usage errors never reach the server.
    let usage = server
        .run(
            "admin",
            &[
                "schedule",
                "create",
                "n",
                "--spec",
                "@daily",
                "--catch-up-max",
                "2",
            ],
        )
        .await;
    assert_eq!(code(&usage), 2, "{}", stderr(&usage));
    let usage = server
        .run(
            "admin",
            &[
                "schedule",
                "create",
                "n",
                "--spec",
                "@daily",
                "--misfire",
                "later",
            ],
        )
        .await;
    assert_eq!(code(&usage), 2, "{}", stderr(&usage));
    // An operator may not create; a viewer may not pause.
    let refused = server
        .run(
            "operator",
            &[
                "schedule",
                "create",
                "n",
                "--spec",
                "@daily",
                "--handler",
                "noop",
            ],
        )
        .await;
    assert_eq!(code(&refused), 4, "{}", stderr(&refused));
    let missing = server.run("operator", &["schedule", "pause", "nope"]).await;
    assert_eq!(code(&missing), 5, "{}", stderr(&missing));
    let refused = server.run("viewer", &["schedule", "pause", "nope"]).await;
    assert_eq!(code(&refused), 4, "{}", stderr(&refused));
    assert!(
        server
            .json("viewer", &["schedule", "ls"])
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
}
