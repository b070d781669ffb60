//! `workerctl dash` end to end: the real binary in a real terminal (tmux), keys typed with
//! `send-keys`, the screen read with `capture-pane`, the result checked with `workerctl`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::{Server, code, eventually, stderr, tool};

/// A tmux server of its own (private socket), killed when dropped.
struct Tmux {
    bin: PathBuf,
    socket: PathBuf,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = std::process::Command::new(&self.bin)
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "dash"])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "dash"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Waits until the screen shows `text`. The screen of another process can only be
    /// looked at, so this looks every 50 ms until a deadline.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = std::process::Command::new(&self.bin)
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "'\\''"))
}

/// `workerctl dash` as `role` in a 100×30 tmux session of its own; after it exits the shell
/// prints its status and waits.
fn dash_in_tmux(server: &Server, bin: PathBuf, role: &str) -> Tmux {
    let pki = server.pki();
    let command = format!(
        "env -u WORKERCTL_SERVER -u WORKERCTL_CONTEXT WORKERCTL_CONFIG={} WORKER_DATA_DIR={} {} --server 127.0.0.1:{} --ca {} --cert {} --key {} dash --refresh 500ms; echo dash-exit=$?; sleep 60",
        quote(&server.data_dir().join("none.toml")),
        quote(server.data_dir()),
        quote(Path::new(env!("CARGO_BIN_EXE_workerctl"))),
        server.addr.port(),
        quote(&pki.join("ca.pem")),
        quote(&pki.join(format!("{role}.pem"))),
        quote(&pki.join(format!("{role}-key.pem"))),
    );
    let tmux = Tmux {
        bin,
        socket: server.data_dir().join("tmux.sock"),
    };
    tmux.run(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "dash",
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ]);
    tmux
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pausing_a_queue_from_the_dashboard_pauses_it() {
    let Some(bin) = tool("tmux", "apt-get install tmux") else {
        return;
    };
    let server = Server::start(&[], false).await;
    let tmux = dash_in_tmux(&server, bin, "operator");

    let first = tmux.wait_for("● live");
    assert!(first.contains("operator-user·operator"), "{first}");
    tmux.keys(&["2"]);
    tmux.wait_for("LATENCY");
    tmux.keys(&["/", "default", "Enter"]);
    tmux.wait_for("queues · /default");
    tmux.keys(&["P"]);
    let confirm = tmux.wait_for("Pause queue default?");
    assert!(confirm.contains("n  or Esc: cancel"), "{confirm}");
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("queue default paused");
    assert!(screen.contains("paused"), "{screen}");

    let queue = server.json("viewer", &["queue", "get", "default"]).await;
    assert_eq!(queue["paused"], true, "{queue}");

    // Ctrl-C (like q) quits with status 0 and gives the terminal back: the shell's next line
    // is on the ordinary screen, and the dashboard's alternate screen is gone.
    tmux.keys(&["C-c"]);
    let after = tmux.wait_for("dash-exit=");
    assert!(after.contains("dash-exit=0"), "{after}");
    assert!(!after.contains("LATENCY"), "{after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pausing_a_schedule_from_the_dashboard_pauses_it() {
    let Some(bin) = tool("tmux", "apt-get install tmux") else {
        return;
    };
    let server = Server::start(&[], true).await;
    // A schedule may name a handler only once a live worker registered it.
    eventually("a worker to register noop", || async {
        let factories = server.json("viewer", &["schedule", "factories"]).await;
        factories
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "noop")
    })
    .await;
    server
        .ok(
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
            ],
        )
        .await;
    let tmux = dash_in_tmux(&server, bin, "operator");
    tmux.wait_for("● live");
    tmux.keys(&[":", "schedules", "Enter"]);
    let list = tmux.wait_for("nightly");
    assert!(list.contains("Europe/Berlin"), "{list}");
    tmux.keys(&["P"]);
    let confirm = tmux.wait_for("Pause schedule nightly?");
    assert!(confirm.contains("0 3 * * *"), "{confirm}");
    tmux.keys(&["y"]);
    tmux.wait_for("schedule nightly paused");

    let listed = server.json("viewer", &["schedule", "ls"]).await;
    assert_eq!(listed[0]["name"], "nightly", "{listed}");
    assert_eq!(listed[0]["paused"], true, "{listed}");
    let table = server.ok("viewer", &["schedule", "ls"]).await;
    assert!(table.contains("paused"), "{table}");
    tmux.keys(&["q"]);
    let after = tmux.wait_for("dash-exit=");
    assert!(after.contains("dash-exit=0"), "{after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dash_without_a_terminal_is_a_usage_error() {
    let server = Server::start(&[], false).await;
    let out = server.run("admin", &["dash"]).await;
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("workerctl dash needs a terminal"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dlq_group_is_opened_and_replayed_from_the_dashboard() {
    let Some(bin) = tool("tmux", "apt-get install tmux") else {
        return;
    };
    let server = Server::start(&[], true).await;
    let lines: String = (0..3)
        .map(|_| "{\"handler\":\"fail\",\"queue\":\"q0\",\"max_retries\":0}\n")
        .collect();
    let file = server.data_dir().join("tasks.jsonl");
    std::fs::write(&file, lines).unwrap();
    server
        .ok(
            "operator",
            &["task", "enqueue", "--jsonl", file.to_str().unwrap()],
        )
        .await;
    eventually("the three tasks to die", || async {
        let out = server.run("viewer", &["dlq", "ls", "--limit", "1"]).await;
        stderr(&out).contains("of 3 entries")
    })
    .await;
    // Replayed tasks would fail again; keep them pending to see the DLQ empty.
    server.ok("operator", &["dequeue", "pause", "-y"]).await;

    let tmux = dash_in_tmux(&server, bin, "operator");
    tmux.wait_for("● live");
    tmux.keys(&[":", "groups", "Enter"]);
    let groups = tmux.wait_for("demo failure on attempt <n>");
    assert!(groups.contains("FINGERPRINT"), "{groups}");
    assert!(groups.contains("q0"), "{groups}");
    assert!(groups.contains("sample task"), "{groups}");
    tmux.keys(&["Enter"]);
    // The title names the group at once; its entries follow when their page arrives.
    tmux.wait_for("group \"demo failure on attempt <n>\"");
    tmux.wait_for("dlq · 3 entries");
    tmux.keys(&["A"]);
    tmux.wait_for("Replay all 3 DLQ entries of the group fail");
    tmux.keys(&["y"]);
    tmux.wait_for("replayed 3 of 3");

    let left = server.json("viewer", &["dlq", "ls"]).await;
    assert_eq!(left.as_array().unwrap().len(), 0, "{left}");
    tmux.keys(&["q"]);
    let after = tmux.wait_for("dash-exit=");
    assert!(after.contains("dash-exit=0"), "{after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_defined_through_the_api_is_listed_and_run_from_the_dashboard() {
    let Some(bin) = tool("tmux", "apt-get install tmux") else {
        return;
    };
    // Jobs are off on test servers (no Docker needed): the run stays queued.
    let server = Server::start(&[], false).await;
    let file = server.data_dir().join("site.toml");
    std::fs::write(
        &file,
        "name = \"site\"\ntarball_url = \"https://files.example.com/site.tgz\"\n\
         command = [\"make\", \"all\"]\nqueue = \"jobs\"\nmemory_mb = 256\n",
    )
    .unwrap();
    server
        .ok("admin", &["job", "apply", "-f", file.to_str().unwrap()])
        .await;

    let tmux = dash_in_tmux(&server, bin, "operator");
    tmux.wait_for("● live");
    tmux.keys(&[":", "jobs", "Enter"]);
    // The runs pane loads after the list; its "no run yet" says both are drawn.
    let list = tmux.wait_for("no run yet");
    assert!(list.contains("site"), "{list}");
    assert!(list.contains("256M"), "{list}");
    assert!(list.contains("no run yet"), "{list}");
    tmux.keys(&["R"]);
    let confirm = tmux.wait_for("Run job site now?");
    assert!(confirm.contains("from queue jobs"), "{confirm}");
    tmux.keys(&["y"]);
    tmux.wait_for("job site: run ");
    let runs = tmux.wait_for("queued");
    assert!(runs.contains("operator-user"), "{runs}");

    let listed = server.json("viewer", &["job", "runs", "site"]).await;
    assert_eq!(listed[0]["status"], "queued", "{listed}");
    assert_eq!(listed[0]["actor"], "operator-user", "{listed}");
    tmux.keys(&["q"]);
    let after = tmux.wait_for("dash-exit=");
    assert!(after.contains("dash-exit=0"), "{after}");
}
