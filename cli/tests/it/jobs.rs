//! `workerctl job …` against a real server without workers (runs stay queued): apply a job file
//! with a secret, list and get it redacted, run it, list its runs, read and follow its log (the
//! follow exits with the run's status), cancel it, its events and artifact, delete it, and the
//! exit codes of bad files and refusals; the run's job events in `workerctl events`.

use crate::support::{Server, code, stderr};

const SECRET: &str = "s3cret-0xFEED";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_commands_from_apply_to_delete() {
    let server = Server::start(&[], false).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("site.toml");
    std::fs::write(
        &file,
        format!(
            r#"
name = "site"
description = "builds the site"
tarball_url = "https://files.example.com/site.tgz"
command = ["make", "all"]
env = ["MODE=release"]
secret_env = ["TOKEN={SECRET}"]
queue = "jobs"
retries = 1
timeout_seconds = 600
memory_mb = 256
"#
        ),
    )
    .unwrap();
    let file = file.display().to_string();
    let applied = server.json("admin", &["job", "apply", "-f", &file]).await;
    assert_eq!(applied["name"], "site");
    assert_eq!(applied["source"], "tarball_url");
    assert_eq!(
        applied["secret_env"],
        serde_json::json!(["TOKEN=[redacted]"])
    );
    assert_eq!(applied["memory_mb"], 256);
    // Applying the same file again replaces the job, keeping its creation time.
    let again = server.json("admin", &["job", "apply", "-f", &file]).await;
    assert_eq!(again["created_at"], applied["created_at"]);

    let table = server.ok("viewer", &["job", "ls"]).await;
    assert!(
        table.contains("site") && table.contains("tarball_url"),
        "{table}"
    );
    // Limits the file leaves out are the node's defaults, and the table says so.
    let detail = server.ok("viewer", &["job", "get", "site"]).await;
    let line = |key: &str| {
        detail
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_default()
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        (line("CPUS"), line("MEMORY_MB"), line("PIDS")),
        ("default".into(), "256".into(), "default".into()),
        "{detail}"
    );
    let got = server
        .ok("viewer", &["job", "get", "site", "-o", "json"])
        .await;
    assert!(!got.contains(SECRET), "{got}");

    let run = server.json("operator", &["job", "run", "site", "-y"]).await;
    let run_id = run["run_id"].as_str().unwrap().to_string();
    assert_eq!(run["status"], "queued");
    let runs = server.json("viewer", &["job", "runs", "site"]).await;
    assert_eq!(runs[0]["run_id"], run_id.as_str());
    let all = server
        .json("viewer", &["job", "runs", "--status", "queued"])
        .await;
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(server.ok("viewer", &["job", "logs", &run_id]).await, "");

    let cancelled = server
        .json("operator", &["job", "cancel", &run_id, "-y"])
        .await;
    assert_eq!(cancelled["status"], "cancelled");
    // Following an ended run ends at once, with its status as the exit code.
    let follow = server.run("viewer", &["job", "logs", "-f", &run_id]).await;
    assert_eq!(code(&follow), 1, "{}", stderr(&follow));
    assert!(stderr(&follow).contains("cancelled"), "{}", stderr(&follow));

    let events = server.json("viewer", &["job", "events", "site"]).await;
    let statuses: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["cancelled", "queued"]);
    // The operator event log carries them too (issue 14), without the job's env.
    let table = server
        .ok("viewer", &["events", "--kind", "job_event", "--tail", "10"])
        .await;
    assert!(
        table.contains(&format!("job site queued run {run_id} (attempt 1)")),
        "{table}"
    );
    assert!(
        table.contains(&format!("job site cancelled run {run_id} (attempt 1)")),
        "{table}"
    );
    let json = server
        .ok(
            "viewer",
            &[
                "events",
                "--kind",
                "job_event",
                "--tail",
                "10",
                "-o",
                "json",
            ],
        )
        .await;
    assert!(
        !json.contains(SECRET) && !json.contains("release"),
        "{json}"
    );
    let logged: Vec<serde_json::Value> = match serde_json::from_str(&json) {
        Ok(serde_json::Value::Array(events)) => events,
        _ => json
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    };
    let seen: Vec<(&str, &str)> = logged
        .iter()
        .map(|e| {
            assert_eq!(e["kind"], "job_event", "{e}");
            assert_eq!(e["queue"], "jobs", "{e}");
            assert_eq!(e["data"]["run_id"], run_id.as_str(), "{e}");
            (
                e["data"]["job"].as_str().unwrap(),
                e["data"]["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(seen, [("site", "queued"), ("site", "cancelled")]);
    let artifact = server.json("viewer", &["job", "artifact", "site"]).await;
    assert_eq!(
        artifact["redirect_url"],
        "https://files.example.com/site.tgz"
    );
    assert_eq!(artifact["downloadable"], true);

    let deleted = server.json("admin", &["job", "delete", "site", "-y"]).await;
    assert_eq!(deleted["deleted"], true);
    let missing = server.run("viewer", &["job", "get", "site"]).await;
    assert_eq!(code(&missing), 5, "{}", stderr(&missing));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_job_files_and_refused_specs_exit_with_their_codes() {
    let server = Server::start(&[], false).await;
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    for (file, reason) in [
        (write("broken.toml", "name = "), "not a valid job"),
        (
            write("typo.toml", "name = \"x\"\nimage = \"y\""),
            "unknown field",
        ),
    ] {
        let out = server.run("admin", &["job", "apply", "-f", &file]).await;
        assert_eq!(code(&out), 2, "{}", stderr(&out));
        assert!(stderr(&out).contains(reason), "{}", stderr(&out));
    }
    let host_env = write(
        "host.toml",
        "name = \"x\"\ntarball_path = \"a.tgz\"\nenv = [\"HOME\"]",
    );
    let out = server
        .run("admin", &["job", "apply", "-f", &host_env])
        .await;
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("invalid_job_env"), "{}", stderr(&out));
    // A viewer may not define jobs.
    let ok = write("ok.toml", "name = \"x\"\ntarball_path = \"a.tgz\"");
    let out = server.run("viewer", &["job", "apply", "-f", &ok]).await;
    assert_eq!(code(&out), 4, "{}", stderr(&out));
}
