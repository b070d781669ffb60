//! Behaviour that depends on the terminal and the shell: confirmation on a TTY (a real pty
//! through `script`), broken pipes, completion in bash, following events across a restart,
//! `certs init`, and the generated files being current.

use std::path::Path;
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::support::{Server, code, stderr, workerctl_command};

fn shell_quote(arg: &str) -> String {
    format!("'{}'", arg.replace('\'', "'\\''"))
}

/// Runs workerctl on a pseudo-terminal with `answer` typed at its prompt.
async fn on_a_tty(
    server: &Server,
    role: &str,
    args: &[&str],
    answer: &str,
) -> std::process::Output {
    let pki = server.pki();
    let mut words = vec![
        env!("CARGO_BIN_EXE_workerctl").to_string(),
        "--server".into(),
        format!("127.0.0.1:{}", server.addr.port()),
        "--ca".into(),
        pki.join("ca.pem").display().to_string(),
        "--cert".into(),
        pki.join(format!("{role}.pem")).display().to_string(),
        "--key".into(),
        pki.join(format!("{role}-key.pem")).display().to_string(),
    ];
    words.extend(args.iter().map(|a| a.to_string()));
    let line = words
        .iter()
        .map(|w| shell_quote(w))
        .collect::<Vec<_>>()
        .join(" ");
    let mut script = tokio::process::Command::new("script");
    script
        .args(["-qec", &line, "/dev/null"])
        .env("NO_COLOR", "1")
        .env("WORKERCTL_CONFIG", server.data_dir().join("none.toml"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut running = script.spawn().unwrap();
    running
        .stdin
        .take()
        .unwrap()
        .write_all(answer.as_bytes())
        .await
        .unwrap();
    running.wait_with_output().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn destructive_commands_ask_on_a_terminal_unless_yes() {
    let server = Server::start(&[], false).await;
    let declined = on_a_tty(&server, "operator", &["queue", "pause", "default"], "n\n").await;
    let text = String::from_utf8_lossy(&declined.stdout).to_string();
    assert!(text.contains("Pause queue default?"), "{text}");
    assert!(text.contains("aborted; nothing was changed"), "{text}");
    assert_eq!(code(&declined), 1);
    assert_eq!(
        server.json("viewer", &["queue", "get", "default"]).await["paused"],
        false
    );
    let accepted = on_a_tty(&server, "operator", &["queue", "pause", "default"], "y\n").await;
    assert_eq!(
        code(&accepted),
        0,
        "{}",
        String::from_utf8_lossy(&accepted.stdout)
    );
    assert_eq!(
        server.json("viewer", &["queue", "get", "default"]).await["paused"],
        true
    );
    // -y never asks, even on a terminal; a non-destructive command never asks either.
    let yes = on_a_tty(&server, "operator", &["dequeue", "pause", "-y"], "").await;
    assert_eq!(code(&yes), 0);
    assert!(!String::from_utf8_lossy(&yes.stdout).contains("[y/N]"));
    let resume = on_a_tty(&server, "operator", &["queue", "resume", "default"], "").await;
    assert_eq!(code(&resume), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schedule_confirmations_show_what_they_touch() {
    let server = Server::start(&[], true).await;
    crate::support::eventually("a worker to register noop", || async {
        let factories = server.json("viewer", &["schedule", "factories"]).await;
        factories
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "noop")
    })
    .await;
    for name in ["nightly", "hourly"] {
        server
            .ok(
                "admin",
                &[
                    "schedule",
                    "create",
                    name,
                    "--spec",
                    "0 3 * * *",
                    "--tz",
                    "Europe/Berlin",
                    "--handler",
                    "noop",
                ],
            )
            .await;
    }
    server
        .ok("operator", &["schedule", "pause", "hourly"])
        .await;
    // Delete names the spec, the zone, the next run and that the factory stays; n keeps it.
    let declined = on_a_tty(&server, "admin", &["schedule", "delete", "nightly"], "n\n").await;
    let text = String::from_utf8_lossy(&declined.stdout).to_string();
    assert!(
        text.contains("Delete schedule nightly (0 3 * * *, Europe/Berlin, next run in "),
        "{text}"
    );
    assert!(text.contains("Its factory stays"), "{text}");
    assert!(text.contains("aborted; nothing was changed"), "{text}");
    assert_eq!(code(&declined), 1);
    let kept = server.json("viewer", &["schedule", "get", "nightly"]).await;
    assert_eq!(kept["name"], "nightly");
    // Run now says what it enqueues.
    let declined = on_a_tty(&server, "operator", &["schedule", "run", "nightly"], "n\n").await;
    let text = String::from_utf8_lossy(&declined.stdout).to_string();
    assert!(
        text.contains("Run schedule nightly now? It enqueues one noop task"),
        "{text}"
    );
    // Pause-all counts what changes: one of two runs.
    let declined = on_a_tty(&server, "operator", &["schedule", "pause-all"], "n\n").await;
    let text = String::from_utf8_lossy(&declined.stdout).to_string();
    assert!(
        text.contains("Pause all schedules? 1 of 2 are running"),
        "{text}"
    );
    let accepted = on_a_tty(&server, "operator", &["schedule", "resume-all"], "y\n").await;
    let text = String::from_utf8_lossy(&accepted.stdout).to_string();
    assert!(
        text.contains("Resume all schedules? 1 of 2 are paused"),
        "{text}"
    );
    assert_eq!(code(&accepted), 0, "{text}");
    let listed = server.json("viewer", &["schedule", "ls"]).await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["paused"] == false),
        "{listed}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_pipe_ends_quietly() {
    let server = Server::start(&[], false).await;
    let lines: String = (0..3000).map(|_| "{\"handler\":\"noop\"}\n").collect();
    let file = server.data_dir().join("t.jsonl");
    std::fs::write(&file, lines).unwrap();
    server
        .ok(
            "operator",
            &["task", "enqueue", "--jsonl", file.to_str().unwrap()],
        )
        .await;
    let mut child = server
        .cli("viewer")
        .args(["task", "ls", "--limit", "1000", "-o", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).await.unwrap();
    drop(stdout);
    let out = child.wait_with_output().await.unwrap();
    assert!(first.starts_with('{'));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bash_completion_loads() {
    let out = tokio::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source <({} completion bash) && complete -p workerctl",
            env!("CARGO_BIN_EXE_workerctl")
        ))
        .output()
        .await
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("workerctl"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_follow_reconnects_and_resumes_after_a_restart() {
    let wait = std::time::Duration::from_secs(20);
    let mut server = Server::start(&[], false).await;
    // A stored event, so the follower's first line does not race its connection.
    server
        .ok("operator", &["queue", "pause", "default", "-y"])
        .await;
    let mut child = server
        .cli("viewer")
        .args([
            "events",
            "-f",
            "--tail",
            "1",
            "--kind",
            "queue_changed",
            "-o",
            "jsonl",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut errors = BufReader::new(child.stderr.take().unwrap()).lines();
    let next = async |lines: &mut tokio::io::Lines<BufReader<tokio::process::ChildStdout>>| {
        let line = tokio::time::timeout(wait, lines.next_line())
            .await
            .expect("an event line in time")
            .unwrap()
            .expect("the follower is still running");
        serde_json::from_str::<serde_json::Value>(&line).unwrap()
    };
    let first = next(&mut lines).await;
    assert_eq!(first["data"]["action"], "pause");
    server.restart().await;
    let note = tokio::time::timeout(wait, errors.next_line())
        .await
        .expect("a disconnection note in time")
        .unwrap()
        .unwrap();
    assert!(note.contains("reconnecting"), "{note}");
    // The follower resumes from the last id it printed: whatever it missed while away comes too.
    server.ok("operator", &["queue", "resume", "default"]).await;
    let second = next(&mut lines).await;
    assert_eq!(second["data"]["action"], "resume");
    assert!(
        second["id"].as_str().unwrap().parse::<u64>().unwrap()
            > first["id"].as_str().unwrap().parse::<u64>().unwrap()
    );
    child.kill().await.unwrap();
    // Without -f: the stored events, then exit.
    let tail = server
        .ok(
            "viewer",
            &["events", "--kind", "queue_changed", "--tail", "100"],
        )
        .await;
    assert_eq!(tail.lines().count(), 2, "{tail}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certs_init_makes_a_pki_a_server_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let pki = dir.path().join("pki");
    let out = workerctl_command(dir.path())
        .args(["certs", "init", "--out", pki.to_str().unwrap()])
        .output()
        .await
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    for var in [
        "WORKER_ADMIN_TLS_CERT",
        "WORKER_ADMIN_TLS_KEY",
        "WORKER_ADMIN_TLS_CA",
        "WORKERCTL_CERT",
    ] {
        assert!(text.contains(&format!("export {var}=")), "{text}");
    }
    let again = workerctl_command(dir.path())
        .args(["certs", "init", "--out", pki.to_str().unwrap()])
        .output()
        .await
        .unwrap();
    assert_eq!(code(&again), 1);
    assert!(stderr(&again).contains("--force"));
    // A server started with them accepts the admin certificate; workerctl finds the PKI
    // without flags when it sits in the data directory.
    let server_env = [
        ("WORKER_ADMIN_TLS_CERT", pki.join("server.pem")),
        ("WORKER_ADMIN_TLS_KEY", pki.join("server-key.pem")),
        ("WORKER_ADMIN_TLS_CA", pki.join("ca.pem")),
    ];
    let env: Vec<(&str, String)> = server_env
        .iter()
        .map(|(k, v)| (*k, v.display().to_string()))
        .collect();
    let refs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let server = Server::start(&refs, false).await;
    let out = workerctl_command(dir.path())
        .args([
            "--server",
            &format!("127.0.0.1:{}", server.addr.port()),
            "health",
            "-o",
            "json",
        ])
        .output()
        .await
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn generated_completions_and_man_pages_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    for (path, contents) in workerctl::generate::files() {
        let committed = std::fs::read(root.join(&path))
            .unwrap_or_else(|_| panic!("{} is missing: run cargo xtask gen", path.display()));
        assert!(
            committed == contents,
            "{} is stale: run cargo xtask gen",
            path.display()
        );
    }
    let man = std::fs::read_to_string(root.join("man/workerctl.1")).unwrap();
    for section in ["EXIT STATUS", "ENVIRONMENT", "FILES"] {
        assert!(man.contains(section), "{section}");
    }
}
