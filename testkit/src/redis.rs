//! A real `redis-server` for tests: started on a free loopback port in its own directory, ready
//! when it says so on stdout, killed when dropped. Restartable on the same port and directory
//! (with AOF on, what it acknowledged survives).

use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::tool;

/// A test's own `redis-server`.
pub struct RedisServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
    aof: bool,
    child: Option<Child>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl RedisServer {
    /// Starts `redis-server` without persistence; `None` when it is not installed (and not
    /// required).
    pub async fn start() -> Option<Self> {
        Self::start_with(false).await
    }

    /// With `aof`, every write is appended and fsynced before it is acknowledged.
    pub async fn start_with(aof: bool) -> Option<Self> {
        let bin = tool("redis-server", "apt-get install redis-server")?;
        let mut server = Self {
            dir: tempfile::tempdir().expect("temp dir"),
            bin,
            port: free_port(),
            aof,
            child: None,
        };
        server.launch().await;
        Some(server)
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    async fn launch(&mut self) {
        let mut cmd = Command::new(&self.bin);
        cmd.arg("--port")
            .arg(self.port.to_string())
            .args([
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--protected-mode",
                "no",
            ])
            .arg("--dir")
            .arg(self.dir.path());
        if self.aof {
            cmd.args(["--appendonly", "yes", "--appendfsync", "always"]);
        } else {
            cmd.args(["--appendonly", "no"]);
        }
        cmd.stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        let mut child = cmd.spawn().expect("redis-server starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut log = Vec::new();
        loop {
            match lines.next_line().await {
                Ok(Some(line)) => {
                    let ready = line.contains("Ready to accept connections");
                    log.push(line);
                    if ready {
                        break;
                    }
                }
                _ => panic!("redis-server did not start:\n{}", log.join("\n")),
            }
        }
        // Keep draining its output so it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        self.child = Some(child);
    }

    /// Kills it with SIGKILL (nothing is flushed beyond what it already acknowledged).
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    /// Kills it and starts it again on the same port and directory.
    pub async fn restart(&mut self) {
        self.kill().await;
        self.launch().await;
    }
}
