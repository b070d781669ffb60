//! `workerd` as a process the bench spawns (the binary built beside workerbench): its ready
//! ports from its log, its resident memory from /proc, its development PKI for clients.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};
use worker_proto::v1::admin_service_client::AdminServiceClient;
use worker_proto::v1::task_service_client::TaskServiceClient;

/// A running `workerd`; killed when dropped.
pub(crate) struct Workerd {
    pub child: Child,
    pub data_dir: PathBuf,
    pub grpc_port: u16,
    pub http_port: u16,
    /// From spawn to both listeners up.
    pub startup: Duration,
}

/// Starts `workerd --demo` (its handlers, without its feed) with its data in `data_dir` and
/// `env` on top; returns once it listens, or an error with what it logged.
pub(crate) async fn spawn(
    bin: &Path,
    data_dir: &Path,
    env: &[(&str, String)],
) -> anyhow::Result<Workerd> {
    let start = Instant::now();
    let mut cmd = Command::new(bin);
    cmd.arg("--demo")
        .env("WORKER_DATA_DIR", data_dir)
        .env("WORKER_ADMIN_GRPC_ADDR", "127.0.0.1:0")
        .env("WORKER_ADMIN_HTTP_ADDR", "127.0.0.1:0")
        .env("WORKER_DEMO_FEED", "0")
        .env("WORKER_POLL_INTERVAL", "20ms")
        .env("WORKER_MAINTENANCE_INTERVAL", "100ms")
        .env("WORKER_REDIS_PREFIX", crate::redis::PREFIX)
        // The ready lines carry the ports; nothing else is logged.
        .env("WORKER_LOG", "warn,worker_server::server=info")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().expect("piped stderr");
    let (ready, ports) = tokio::sync::oneshot::channel::<Result<(u16, u16), String>>();
    // Reads the log until both listeners are up, then keeps draining it so the process never
    // blocks on a full pipe.
    std::thread::spawn(move || {
        let port_after = |line: &str, key: &str| -> Option<u16> {
            let addr = line.split_whitespace().find_map(|w| w.strip_prefix(key))?;
            addr.rsplit(':').next()?.parse().ok()
        };
        let (mut grpc, mut http) = (None, None);
        let mut ready = Some(ready);
        let mut seen = Vec::new();
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            http = http.or_else(|| port_after(&line, "http="));
            grpc = grpc.or_else(|| port_after(&line, "grpc="));
            if ready.is_some() {
                seen.push(line);
            }
            if let (Some(grpc), Some(http)) = (grpc, http)
                && let Some(tx) = ready.take()
            {
                let _ = tx.send(Ok((grpc, http)));
                seen.clear();
            }
        }
        if let Some(tx) = ready {
            let _ = tx.send(Err(seen.join("\n")));
        }
    });
    let (grpc_port, http_port) = match tokio::time::timeout(Duration::from_secs(60), ports).await {
        Ok(Ok(Ok(ports))) => ports,
        Ok(Ok(Err(log))) => {
            let _ = child.kill();
            let _ = child.wait();
            anyhow::bail!("workerd exited before it was ready:\n{log}")
        }
        _ => {
            let _ = child.kill();
            let _ = child.wait();
            anyhow::bail!("workerd was not ready within 60 s")
        }
    };
    Ok(Workerd {
        child,
        data_dir: data_dir.to_path_buf(),
        grpc_port,
        http_port,
        startup: start.elapsed(),
    })
}

impl Workerd {
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident memory now, in KiB (VmRSS of /proc/PID/status).
    pub(crate) fn rss_kib(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }

    pub(crate) fn sigkill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn read_pki(&self, name: &str) -> String {
        std::fs::read_to_string(self.data_dir.join("pki").join(name)).expect("development PKI")
    }

    /// The admin's certificate of the process's development PKI, and the CA.
    pub(crate) fn admin_identity(&self) -> (String, worker_pki::Material) {
        let admin = worker_pki::Material {
            cert_pem: self.read_pki("admin.pem"),
            key_pem: self.read_pki("admin-key.pem"),
        };
        (self.read_pki("ca.pem"), admin)
    }

    pub(crate) async fn tasks(&self) -> TaskServiceClient<Channel> {
        TaskServiceClient::new(self.channel().await)
    }

    /// An admin client with the admin certificate.
    pub(crate) async fn admin(&self) -> AdminServiceClient<Channel> {
        AdminServiceClient::new(self.channel().await)
    }

    async fn channel(&self) -> Channel {
        let (ca, admin) = self.admin_identity();
        let tls = ClientTlsConfig::new()
            .ca_certificate(Certificate::from_pem(ca))
            .identity(Identity::from_pem(admin.cert_pem, admin.key_pem))
            .domain_name("localhost");
        Channel::from_shared(format!("https://127.0.0.1:{}", self.grpc_port))
            .expect("uri")
            .tls_config(tls)
            .expect("tls")
            .connect()
            .await
            .expect("connect to workerd")
    }
}

impl Drop for Workerd {
    fn drop(&mut self) {
        self.sigkill();
    }
}
