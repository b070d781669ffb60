//! Each command's output in table, JSON and CSV form, and each exit code.

use crate::support::{Server, code, eventually, stderr};

/// Redacts what changes between runs: ids, times, ages and hashes.
fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[uuid]",
    );
    s.add_filter(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "[time]");
    s.add_filter(r#""latency_ms": \d+"#, r#""latency_ms": [ms]"#);
    // The CSV's last column is `latency_ms`.
    s.add_filter(r"(?m),\d+$", ",[ms]");
    // A table pads an age to its column's width before the filter sees it, and that width
    // changes with the age ("999ms", "1.2s"): the padding goes with the age.
    s.add_filter(r"\b\d+(\.\d)?(ms|s)\b +", "[age] ");
    s.add_filter(r"\b\d+m\d+s\b +", "[age] ");
    s.add_filter(r"\b\d+(\.\d)?(ms|s)\b", "[age]");
    s.add_filter(r"\b\d+m\d+s\b", "[age]");
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_commands_in_every_format() {
    let server = Server::start(
        &[("WORKER_ADMIN_QUEUE_WEIGHTS", "critical=6,default=3")],
        false,
    )
    .await;
    for _ in 0..2 {
        server
            .ok(
                "operator",
                &["task", "enqueue", "noop", "--queue", "critical"],
            )
            .await;
    }
    server
        .ok(
            "operator",
            &["task", "enqueue", "noop", "--queue", "default"],
        )
        .await;
    server
        .ok("admin", &["queue", "weight", "set", "default", "4"])
        .await;
    let settings = settings();
    let _guard = settings.bind_to_scope();
    insta::assert_snapshot!(
        "queue_ls_table",
        server.ok("viewer", &["queue", "ls"]).await
    );
    insta::assert_snapshot!(
        "queue_ls_wide",
        server.ok("viewer", &["queue", "ls", "-o", "wide"]).await
    );
    insta::assert_snapshot!(
        "queue_ls_json",
        server.ok("viewer", &["queue", "ls", "-o", "json"]).await
    );
    insta::assert_snapshot!(
        "queue_ls_csv",
        server.ok("viewer", &["queue", "ls", "-o", "csv"]).await
    );
    insta::assert_snapshot!(
        "queue_get_table",
        server.ok("viewer", &["queue", "get", "critical"]).await
    );
    let paused = server
        .json("operator", &["queue", "pause", "critical", "-y"])
        .await;
    assert_eq!(paused["paused"], true);
    let jsonl = server
        .ok("operator", &["queue", "resume", "critical", "-o", "jsonl"])
        .await;
    assert_eq!(jsonl.lines().count(), 1);
    let resumed: serde_json::Value = serde_json::from_str(jsonl.trim()).unwrap();
    assert_eq!(resumed["paused"], false);
    let reset = server
        .json("admin", &["queue", "weight", "reset", "default"])
        .await;
    assert_eq!(
        (
            reset["weight"].as_i64(),
            reset["weight_overridden"].as_bool()
        ),
        (Some(3), Some(false))
    );
    let paused = server.json("operator", &["dequeue", "pause", "-y"]).await;
    assert_eq!(paused["paused"], true);
    let overview = server.json("viewer", &["overview"]).await;
    assert_eq!(overview["dequeue_paused"], true);
    assert_eq!(overview["ready"], 3);
    assert_eq!(overview["queue_list"].as_array().unwrap().len(), 2);
    let resumed = server.json("operator", &["dequeue", "resume"]).await;
    assert_eq!(resumed["paused"], false);
    let health = server.json("viewer", &["health"]).await;
    assert_eq!(health["status"], "ok");
    assert!(health["rustc"].as_str().unwrap().starts_with("rustc"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn task_commands_and_the_dlq() {
    let server = Server::start(&[("WORKER_RETRY_BASE", "10ms")], true).await;
    let enqueued = server
        .json(
            "operator",
            &[
                "task",
                "enqueue",
                "fail",
                "--queue",
                "jobs",
                "--payload",
                "{\"n\":1}",
                "--max-retries",
                "0",
                "--meta",
                "tenant=acme",
                "--priority",
                "-2",
            ],
        )
        .await;
    let id = enqueued["id"].as_str().unwrap().to_string();
    assert_eq!(enqueued["deduplicated"], false);
    eventually("the failing task to reach the DLQ", || async {
        server.json("viewer", &["task", "get", &id]).await["state"] == "dead"
    })
    .await;
    let detail = server.json("operator", &["task", "get", &id]).await;
    assert_eq!(detail["queue"], "jobs");
    assert_eq!(detail["priority"], -2);
    assert_eq!(detail["metadata"]["tenant"], "acme");
    assert_eq!(detail["payload"]["encoding"], "utf8");
    assert_eq!(detail["payload"]["data"], "{\"n\":1}");
    assert_eq!(detail["errors"].as_array().unwrap().len(), 1);
    assert_eq!(detail["dead_reason"], "retries_exhausted");
    // A viewer sees that there is a payload, not what it is.
    let as_viewer = server.json("viewer", &["task", "get", &id]).await;
    assert_eq!(as_viewer["payload"]["encoding"], "redacted");
    let dlq = server
        .json("viewer", &["dlq", "ls", "--queue", "jobs"])
        .await;
    assert_eq!(dlq.as_array().unwrap().len(), 1);
    assert_eq!(dlq[0]["id"], id.as_str());
    let csv_text = server
        .ok(
            "viewer",
            &[
                "dlq",
                "ls",
                "-o",
                "csv",
                "--query",
                "demo failure",
                "--queue",
                "jobs",
            ],
        )
        .await;
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    // The CSV's columns are the JSON keys (`csv::every_csv_output_is_its_json` checks all).
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        vec![
            "id",
            "queue",
            "handler",
            "attempts",
            "reason",
            "failed_at",
            "age_ms",
            "last_error"
        ]
    );
    assert_eq!(reader.records().count(), 1);
    // Grouped by cause: the attempt number is masked, the table names the group.
    let groups = server
        .json("viewer", &["dlq", "groups", "--handler", "fail"])
        .await;
    assert_eq!(groups.as_array().unwrap().len(), 1, "{groups}");
    assert_eq!(groups[0]["count"], 1);
    assert_eq!(groups[0]["fingerprint"], "demo failure on attempt <n>");
    assert_eq!(groups[0]["queues"], serde_json::json!(["jobs"]));
    assert_eq!(groups[0]["sample_task_id"], id.as_str());
    // Opening the group: its entries.
    let opened = server
        .json(
            "viewer",
            &[
                "dlq",
                "ls",
                "--handler",
                "fail",
                "--fingerprint",
                "demo failure on attempt <n>",
            ],
        )
        .await;
    assert_eq!(opened.as_array().unwrap().len(), 1, "{opened}");
    assert_eq!(opened[0]["id"], id.as_str());
    let table = server.ok("viewer", &["dlq", "groups"]).await;
    assert!(table.starts_with("COUNT"), "{table}");
    assert!(table.contains("demo failure on attempt <n>"), "{table}");
    let bad = server
        .run("viewer", &["dlq", "groups", "--queue", "no spaces"])
        .await;
    assert_eq!(code(&bad), 1, "{}", stderr(&bad));
    assert!(stderr(&bad).contains("queue name"), "{}", stderr(&bad));
    let entry = server.json("operator", &["dlq", "get", &id]).await;
    assert_eq!(entry["reason"], "retries_exhausted");
    assert_eq!(entry["errors"][0]["attempt"], 1);
    let table = server.ok("operator", &["dlq", "get", &id]).await;
    assert!(table.contains("Errors:"), "{table}");
    // Retry puts it back; it dies again.
    let retried = server.json("operator", &["task", "retry", &id]).await;
    assert_eq!(retried["outcome"], "retried");
    let listed = server
        .json("viewer", &["task", "ls", "--queue", "jobs"])
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // Cancel a task that waits an hour.
    let later = server
        .json(
            "operator",
            &[
                "task",
                "enqueue",
                "noop",
                "--in",
                "1h",
                "--idempotency-key",
                "k1",
            ],
        )
        .await;
    let again = server
        .json(
            "operator",
            &[
                "task",
                "enqueue",
                "noop",
                "--in",
                "1h",
                "--idempotency-key",
                "k1",
            ],
        )
        .await;
    assert_eq!(again["id"], later["id"]);
    assert_eq!(again["deduplicated"], true);
    let later_id = later["id"].as_str().unwrap();
    assert_eq!(
        server.json("viewer", &["task", "get", later_id]).await["state"],
        "scheduled"
    );
    let cancelled = server
        .json("operator", &["task", "cancel", later_id, "-y"])
        .await;
    assert_eq!(
        (cancelled["outcome"].as_str(), cancelled["state"].as_str()),
        (Some("cancelled"), Some("cancelled"))
    );
    // Bulk enqueue from JSON lines on stdin.
    let input = "{\"handler\":\"noop\",\"queue\":\"bulk\",\"payload\":\"a\"}\n\n{\"handler\":\"noop\",\"queue\":\"bulk\",\"payload_b64\":\"AAEC\",\"metadata\":{\"k\":\"v\"}}\n";
    let mut child = server
        .cli("operator")
        .args(["task", "enqueue", "--jsonl", "-", "-o", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use tokio::io::AsyncWriteExt;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .await
        .unwrap();
    let out = child.wait_with_output().await.unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let ids: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids.as_array().unwrap().len(), 2);
    assert!(stderr(&out).contains("enqueued 2 tasks"));
    // A bad line refuses the whole input before anything is sent.
    let mut child = server
        .cli("operator")
        .args(["task", "enqueue", "--jsonl", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"{\"handler\":\"noop\",\"queue\":\"bulk2\"}\n{\"handler\":\"noop\",\"colour\":1}\n",
        )
        .await
        .unwrap();
    let out = child.wait_with_output().await.unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("line 2"), "{}", stderr(&out));
    let workers = server.json("viewer", &["worker", "ls"]).await;
    let worker_id = workers[0]["id"].as_str().unwrap().to_string();
    let worker = server.json("viewer", &["worker", "get", &worker_id]).await;
    assert_eq!(worker["state"], "active");
    assert!(worker["running"].is_array());
    let recycled = server
        .json(
            "admin",
            &["worker", "recycle", &worker_id, "--reason", "test", "-y"],
        )
        .await;
    assert_eq!(recycled["recycle_reason"], "test");
    let stuck = server
        .json("viewer", &["stuck", "ls", "--hours", "1"])
        .await;
    assert!(stuck.as_array().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_exit_code_means_what_it_says() {
    let server = Server::start(&[], false).await;
    // 0, even for an empty list.
    let out = server.run("viewer", &["dlq", "ls"]).await;
    assert_eq!(code(&out), 0);
    // 1: the server refused the input.
    let out = server
        .run("admin", &["queue", "weight", "set", "default", "0"])
        .await;
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).starts_with("error: weight 0 is out of range"),
        "{}",
        stderr(&out)
    );
    // 2: usage.
    for args in [
        &["queue"][..],
        &["task", "enqueue"],
        &["dlq", "replay"],
        &["bogus"],
    ] {
        let out = server.run("viewer", args).await;
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
    }
    // 3: unreachable, and TLS trouble.
    let mut cmd = crate::support::workerctl_command(server.data_dir());
    let out = cmd
        .args(["--server", "127.0.0.1:1", "health"])
        .args(["--ca", server.pki().join("ca.pem").to_str().unwrap()])
        .args(["--cert", server.pki().join("admin.pem").to_str().unwrap()])
        .args([
            "--key",
            server.pki().join("admin-key.pem").to_str().unwrap(),
        ])
        .output()
        .await
        .unwrap();
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains("hint: check --server"),
        "{}",
        stderr(&out)
    );
    let mut cmd = crate::support::workerctl_command(server.data_dir());
    let out = cmd
        .args([
            "--server",
            &format!("127.0.0.1:{}", server.addr.port()),
            "health",
        ])
        .args(["--ca", "/nonexistent/ca.pem"])
        .output()
        .await
        .unwrap();
    assert_eq!(code(&out), 3);
    assert!(
        stderr(&out).contains("/nonexistent/ca.pem"),
        "{}",
        stderr(&out)
    );
    // A CA that did not sign the server's certificate.
    let other = worker_pki::Authority::new("other").unwrap();
    let foreign_ca = server.data_dir().join("foreign-ca.pem");
    std::fs::write(&foreign_ca, &other.material().cert_pem).unwrap();
    let out = crate::support::workerctl_command(server.data_dir())
        .args([
            "--server",
            &format!("127.0.0.1:{}", server.addr.port()),
            "health",
        ])
        .args(["--ca", foreign_ca.to_str().unwrap()])
        .args(["--cert", server.pki().join("admin.pem").to_str().unwrap()])
        .args([
            "--key",
            server.pki().join("admin-key.pem").to_str().unwrap(),
        ])
        .output()
        .await
        .unwrap();
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the CA does not match"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("workerd is running"),
        "a handshake failure is not a server that is down: {}",
        stderr(&out)
    );
    // 2: half an identity is a usage error naming the missing flag, never paired with the
    // development admin key (or certificate).
    for (given, path, missing) in [
        ("--cert", "viewer.pem", "without --key"),
        ("--key", "viewer-key.pem", "without --cert"),
    ] {
        let out = crate::support::workerctl_command(server.data_dir())
            .args([
                "--server",
                &format!("127.0.0.1:{}", server.addr.port()),
                "queue",
                "pause",
                "default",
                "-y",
            ])
            .args([given, server.pki().join(path).to_str().unwrap()])
            .output()
            .await
            .unwrap();
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert!(stderr(&out).contains(missing), "{}", stderr(&out));
    }
    // 4: a viewer may not pause.
    let out = server
        .run("viewer", &["queue", "pause", "default", "-y"])
        .await;
    assert_eq!(code(&out), 4);
    assert!(
        stderr(&out).contains("needs the operator or admin role"),
        "{}",
        stderr(&out)
    );
    let queue = server.json("viewer", &["queue", "get", "default"]).await;
    assert_eq!(queue["paused"], false, "a refused command changes nothing");
    // 5: not found.
    let out = server.run("viewer", &["queue", "get", "nope"]).await;
    assert_eq!(code(&out), 5);
    let out = server
        .run(
            "viewer",
            &["task", "get", "0190c7c8-0000-7000-8000-000000000000"],
        )
        .await;
    assert_eq!(code(&out), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_tokens_travel_by_flag_or_environment() {
    let server = Server::start(
        &[
            ("WORKER_ADMIN_REQUIRE_APPROVAL", "true"),
            ("WORKER_ADMIN_APPROVAL_TOKEN", "go-ahead"),
        ],
        false,
    )
    .await;
    let out = server.run("operator", &["dequeue", "pause", "-y"]).await;
    assert_eq!(code(&out), 4);
    assert!(
        stderr(&out).contains("hint: pass --approval-token"),
        "{}",
        stderr(&out)
    );
    let out = server
        .run(
            "operator",
            &["dequeue", "pause", "-y", "--approval-token", "nope"],
        )
        .await;
    assert_eq!(code(&out), 4);
    let out = server
        .run(
            "operator",
            &["dequeue", "pause", "-y", "--approval-token", "go-ahead"],
        )
        .await;
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = server
        .cli("operator")
        .env("WORKERCTL_APPROVAL_TOKEN", "go-ahead")
        .args(["dequeue", "resume", "--request-id", "change-77"])
        .output()
        .await
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let audit = server
        .json("admin", &["audit", "ls", "--action", "dequeue.resume"])
        .await;
    assert_eq!(audit[0]["request_id"], "change-77");
    assert_eq!(audit[0]["actor"], "operator-user");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contexts_from_the_config_file() {
    let server = Server::start(&[], false).await;
    let config = server.data_dir().join("workerctl.toml");
    let pki = server.pki();
    std::fs::write(
        &config,
        format!(
            "current_context = \"local\"\n\n[contexts.local]\nserver = \"127.0.0.1:{}\"\nca = \"{}\"\ncert = \"{}\"\nkey = \"{}\"\n\n[contexts.broken]\nserver = \"127.0.0.1:1\"\n",
            server.addr.port(),
            pki.join("ca.pem").display(),
            pki.join("viewer.pem").display(),
            pki.join("viewer-key.pem").display(),
        ),
    )
    .unwrap();
    let run = |args: &'static [&'static str]| {
        let mut cmd = crate::support::workerctl_command(server.data_dir());
        cmd.env("WORKERCTL_CONFIG", &config).args(args);
        async move { cmd.output().await.unwrap() }
    };
    let out = run(&["health", "-o", "json"]).await;
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // The context's certificate is a viewer's.
    let out = run(&["queue", "pause", "default", "-y"]).await;
    assert_eq!(code(&out), 4);
    let out = run(&["--context", "nowhere", "health"]).await;
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("known contexts: broken, local"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_task_timeout_is_its_own_flag_and_the_call_deadline_leaves_it_alone() {
    // No worker: the tasks stay pending with the timeout they were enqueued with.
    let server = Server::start(&[("WORKER_TASK_TIMEOUT", "7m")], true).await;
    let timeout_of = async |args: &[&str]| {
        let enqueued = server.json("operator", args).await;
        let id = enqueued["id"].as_str().unwrap().to_string();
        server.json("viewer", &["task", "get", &id]).await["timeout_ms"].clone()
    };
    let default = timeout_of(&["task", "enqueue", "noop", "--queue", "t"]).await;
    assert_eq!(default, 420_000, "the server's default");
    let set = timeout_of(&[
        "task",
        "enqueue",
        "noop",
        "--queue",
        "t",
        "--task-timeout",
        "5s",
    ])
    .await;
    assert_eq!(set, 5_000);
    let deadline_only = timeout_of(&[
        "--timeout",
        "30s",
        "task",
        "enqueue",
        "noop",
        "--queue",
        "t",
    ])
    .await;
    assert_eq!(
        deadline_only, 420_000,
        "--timeout is the call deadline only"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_for_a_handler_no_worker_has_is_said_to_wait() {
    // The server's worker has the demo handlers (noop, sleep, fail, flaky), not `nobody`.
    let server = Server::start(&[], true).await;
    let warning = "warning: no live worker has handler nobody; its tasks wait until one registers";

    let out = server
        .run(
            "operator",
            &[
                "task", "enqueue", "nobody", "--queue", "orphans", "-o", "json",
            ],
        )
        .await;
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let enqueued: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = enqueued["id"].as_str().unwrap().to_string();
    assert!(stderr(&out).contains(warning), "{}", stderr(&out));

    let served = server
        .run(
            "operator",
            &["task", "enqueue", "noop", "--queue", "orphans"],
        )
        .await;
    assert_eq!(code(&served), 0, "{}", stderr(&served));
    assert!(!stderr(&served).contains("warning"), "{}", stderr(&served));

    // The overview says so too, once the task has waited a second (a queue that moves is
    // not looked into).
    eventually("the overview to name the unserved handler", || async {
        let overview = server.json("viewer", &["overview"]).await;
        overview["unserved_handlers"]
            == serde_json::json!([{"handler": "nobody", "queues": ["orphans"]}])
    })
    .await;
    let out = server.run("viewer", &["overview"]).await;
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "warning: no live worker has handler nobody; its tasks in orphans wait until one \
             registers"
        ),
        "{}",
        stderr(&out)
    );
    let table = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        table.contains("Handlers no live worker has (their tasks wait)"),
        "{table}"
    );
    assert!(table.contains("nobody"), "{table}");

    // Once the task is gone, nothing is said.
    server.ok("operator", &["task", "cancel", &id, "-y"]).await;
    let overview = server.json("viewer", &["overview"]).await;
    assert_eq!(overview["unserved_handlers"], serde_json::json!([]));
}

/// Issue 12, item 5: a resume is recorded under its own action, so filtering finds it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resumes_are_audited_under_their_own_action() {
    let server = Server::start(&[], false).await;
    for args in [
        &["task", "enqueue", "noop", "--queue", "default"][..],
        &["queue", "pause", "default", "-y"],
        &["queue", "resume", "default"],
        &["schedule", "pause-all", "-y"],
        &["schedule", "resume-all", "-y"],
    ] {
        let out = server.run("admin", args).await;
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    }
    let resumed = server
        .json("admin", &["audit", "ls", "--action", "queue.resume"])
        .await;
    assert_eq!(resumed.as_array().unwrap().len(), 1, "{resumed}");
    assert_eq!(resumed[0]["target"], "default");
    assert_eq!(resumed[0]["detail"], "resumed");
    let paused = server
        .json("admin", &["audit", "ls", "--action", "queue.pause"])
        .await;
    assert_eq!(paused.as_array().unwrap().len(), 1, "{paused}");
    assert_eq!(paused[0]["detail"], "paused");
    let resumed_all = server
        .json("admin", &["audit", "ls", "--action", "schedule.resume_all"])
        .await;
    assert_eq!(resumed_all.as_array().unwrap().len(), 1, "{resumed_all}");
    let paused_all = server
        .json("admin", &["audit", "ls", "--action", "schedule.pause_all"])
        .await;
    assert_eq!(paused_all.as_array().unwrap().len(), 1, "{paused_all}");
}
