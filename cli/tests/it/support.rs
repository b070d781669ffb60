//! A real `workerd` (the server library's `run`) on loopback with a test PKI, and the real
//! `workerctl` binary run against it.

use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use worker_testkit::TestServer;
pub(crate) use worker_testkit::tool;

/// The server under test (worker-testkit's) plus the `workerctl` binary pointed at it.
pub(crate) struct Server {
    inner: TestServer,
}

impl Deref for Server {
    type Target = TestServer;
    fn deref(&self) -> &TestServer {
        &self.inner
    }
}

impl DerefMut for Server {
    fn deref_mut(&mut self) -> &mut TestServer {
        &mut self.inner
    }
}

impl Server {
    /// A server with `extra` settings and the demo handlers but not the demo's seed tasks
    /// (outputs are compared exactly); `worker` runs a worker too.
    pub(crate) async fn start(extra: &[(&str, &str)], worker: bool) -> Self {
        let mut env = vec![("WORKER_DEMO", "0")];
        env.extend_from_slice(extra);
        Self {
            inner: TestServer::start_with(&env, !worker).await,
        }
    }

    pub(crate) fn pki(&self) -> PathBuf {
        self.pki_dir()
    }

    /// `workerctl` connected as `role`, with a clean environment.
    pub(crate) fn cli(&self, role: &str) -> tokio::process::Command {
        let pki = self.pki();
        let mut cmd = workerctl_command(self.data_dir());
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
