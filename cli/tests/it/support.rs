//! A real `workerd` (the server library's `run`) on loopback with a test PKI, and the real
//! `workerctl` binary run against it.

use std::collections::BTreeMap;
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use worker_pki::Authority;
use worker_server::config::Config;
use worker_server::server::{self, RunOptions};

pub(crate) struct Server {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) addr: SocketAddr,
    env: BTreeMap<String, String>,
    no_worker: bool,
    stop: Option<oneshot::Sender<()>>,
    join: Option<JoinHandle<Result<(), server::ServeError>>>,
}

impl Server {
    /// A server with `extra` settings; `worker` runs the demo handlers.
    pub(crate) async fn start(extra: &[(&str, &str)], worker: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let pki = dir.path().join("pki");
        std::fs::create_dir_all(&pki).unwrap();
        let ca = Authority::new("cli test CA").unwrap();
        let write = |name: &str, text: &str| std::fs::write(pki.join(name), text).unwrap();
        write("ca.pem", &ca.material().cert_pem);
        let server = ca.server(&["localhost", "127.0.0.1"]).unwrap();
        write("server.pem", &server.cert_pem);
        write("server-key.pem", &server.key_pem);
        for role in ["admin", "operator", "viewer"] {
            let client = ca.client(&format!("{role}-user"), role).unwrap();
            write(&format!("{role}.pem"), &client.cert_pem);
            write(&format!("{role}-key.pem"), &client.key_pem);
        }
        let mut env: BTreeMap<String, String> = [
            ("WORKER_DATA_DIR", dir.path().display().to_string()),
            ("WORKER_SQLITE_SYNC", "normal".into()),
            (
                "WORKER_ADMIN_TLS_CERT",
                pki.join("server.pem").display().to_string(),
            ),
            (
                "WORKER_ADMIN_TLS_KEY",
                pki.join("server-key.pem").display().to_string(),
            ),
            (
                "WORKER_ADMIN_TLS_CA",
                pki.join("ca.pem").display().to_string(),
            ),
            // The demo handlers are registered below, without the demo's seed tasks.
            ("WORKER_DEMO", "0".into()),
            ("WORKER_POLL_INTERVAL", "20ms".into()),
            ("WORKER_MAINTENANCE_INTERVAL", "50ms".into()),
            ("WORKER_SHUTDOWN_GRACE", "1s".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        for (k, v) in extra {
            env.insert((*k).to_string(), (*v).to_string());
        }
        let mut s = Self {
            dir,
            addr: "127.0.0.1:0".parse().unwrap(),
            env,
            no_worker: !worker,
            stop: None,
            join: None,
        };
        s.launch().await;
        s
    }

    async fn launch(&mut self) {
        let config = Config::from_map(&self.env).unwrap();
        let listener = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        self.stop = Some(tx);
        let mut handlers = worker_server::runtime::Handlers::new();
        worker_server::runtime::demo::register(&mut handlers);
        let options = RunOptions {
            no_worker: self.no_worker,
            handlers,
            http: None,
        };
        self.join = Some(tokio::spawn(server::run(
            config,
            options,
            listener,
            async {
                let _ = rx.await;
            },
        )));
    }

    pub(crate) async fn stop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(join) = self.join.take() {
            join.await.unwrap().unwrap();
        }
    }

    /// Stops and starts again on the same port, store and PKI.
    pub(crate) async fn restart(&mut self) {
        self.stop().await;
        self.launch().await;
    }

    pub(crate) fn pki(&self) -> PathBuf {
        self.dir.path().join("pki")
    }

    /// `workerctl` connected as `role`, with a clean environment.
    pub(crate) fn cli(&self, role: &str) -> tokio::process::Command {
        let pki = self.pki();
        let mut cmd = workerctl_command(self.dir.path());
        cmd.arg("--server")
            .arg(format!("127.0.0.1:{}", self.addr.port()))
            .arg("--ca")
            .arg(pki.join("ca.pem"))
            .arg("--cert")
            .arg(pki.join(format!("{role}.pem")))
            .arg("--key")
            .arg(pki.join(format!("{role}-key.pem")));
        cmd
    }

    pub(crate) async fn run(&self, role: &str, args: &[&str]) -> Output {
        self.cli(role).args(args).output().await.unwrap()
    }

    /// Runs and expects success; returns stdout.
    pub(crate) async fn ok(&self, role: &str, args: &[&str]) -> String {
        let out = self.run(role, args).await;
        assert!(
            out.status.success(),
            "workerctl {args:?} failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub(crate) async fn json(&self, role: &str, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.extend(["-o", "json"]);
        serde_json::from_str(&self.ok(role, &all).await).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// The binary with an environment that cannot leak in from the developer's shell.
pub(crate) fn workerctl_command(data_dir: &Path) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_workerctl"));
    for var in [
        "WORKERCTL_SERVER",
        "WORKERCTL_CA",
        "WORKERCTL_CERT",
        "WORKERCTL_KEY",
        "WORKERCTL_CONTEXT",
        "WORKERCTL_APPROVAL_TOKEN",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("WORKERCTL_CONFIG", data_dir.join("no-such-config.toml"))
        .env("WORKER_DATA_DIR", data_dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true);
    cmd
}

pub(crate) fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// Waits for a condition on the server's state (observed through the CLI) with a deadline.
pub(crate) async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
