//! A real `redis-server` for tests: started on a free loopback port in its own directory, ready
//! when it says so on stdout, killed when dropped. Restartable on the same port and directory
//! (with AOF on, what it acknowledged survives). A secure one speaks only TLS, asks for a
//! client certificate and knows one ACL user with a password, as a production Redis would.

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
    secure: Option<Secure>,
    /// A cluster node's bus port (set explicitly: the default, port + 10000, may not exist).
    cluster_bus: Option<u16>,
    child: Option<Child>,
}

/// What a client of a secure server needs, and the server's own files.
#[derive(Clone, Debug)]
pub struct Secure {
    pub user: String,
    pub password: String,
    /// The CA that signed the server's and the client's certificates.
    pub ca: PathBuf,
    /// A client certificate Redis accepts, and its key.
    pub client_cert: PathBuf,
    pub client_key: PathBuf,
    server_cert: PathBuf,
    server_key: PathBuf,
}

impl Secure {
    fn make(dir: &Path) -> Self {
        let ca = worker_pki::Authority::new("redis test CA").expect("a CA");
        let server = ca
            .server(&["127.0.0.1", "localhost"])
            .expect("a server cert");
        let client = ca.client("workerd", "redis").expect("a client cert");
        let write = |name: &str, pem: &str| {
            let path = dir.join(name);
            std::fs::write(&path, pem).expect("write a PEM file");
            path
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        Self {
            user: "worker".into(),
            password: format!("pw-{nanos:x}-{}", std::process::id()),
            ca: write("redis-ca.pem", &ca.material().cert_pem),
            client_cert: write("redis-client.pem", &client.cert_pem),
            client_key: write("redis-client-key.pem", &client.key_pem),
            server_cert: write("redis-server.pem", &server.cert_pem),
            server_key: write("redis-server-key.pem", &server.key_pem),
        }
    }
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
        Self::start_as(aof, false).await
    }

    /// Only TLS (client certificate required) and one ACL user with a password; the default
    /// user is off. [`RedisServer::secure`] has what a client needs.
    pub async fn start_secure() -> Option<Self> {
        Self::start_as(false, true).await
    }

    async fn start_as(aof: bool, secure: bool) -> Option<Self> {
        Self::start_node(aof, secure, false).await
    }

    async fn start_node(aof: bool, secure: bool, cluster: bool) -> Option<Self> {
        let bin = tool("redis-server", "apt-get install redis-server")?;
        let dir = tempfile::tempdir().expect("temp dir");
        let secure = secure.then(|| Secure::make(dir.path()));
        let mut server = Self {
            dir,
            bin,
            port: free_port(),
            aof,
            secure,
            cluster_bus: cluster.then(free_port),
            child: None,
        };
        // The free port may be taken between our probe and redis-server's bind (another test,
        // an outgoing connection): try another one then.
        for _ in 0..5 {
            match server.launch().await {
                Ok(()) => return Some(server),
                Err(log) if log.contains("Address already in use") => {
                    server.port = free_port();
                    server.cluster_bus = server.cluster_bus.map(|_| free_port());
                }
                Err(log) => panic!("redis-server did not start:\n{log}"),
            }
        }
        panic!("redis-server found no free port in five tries");
    }

    /// `redis://127.0.0.1:PORT/0`, or for a secure server
    /// `rediss://USER:PASSWORD@127.0.0.1:PORT/0`.
    pub fn url(&self) -> String {
        match &self.secure {
            Some(s) => format!(
                "rediss://{}:{}@127.0.0.1:{}/0",
                s.user, s.password, self.port
            ),
            None => format!("redis://127.0.0.1:{}/0", self.port),
        }
    }

    pub fn secure(&self) -> Option<&Secure> {
        self.secure.as_ref()
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Starts it and waits until it is ready; its log when it exits before that.
    async fn launch(&mut self) -> Result<(), String> {
        let mut cmd = Command::new(&self.bin);
        match &self.secure {
            Some(s) => {
                cmd.args(["--port", "0", "--tls-port"])
                    .arg(self.port.to_string())
                    .arg("--tls-cert-file")
                    .arg(&s.server_cert)
                    .arg("--tls-key-file")
                    .arg(&s.server_key)
                    .arg("--tls-ca-cert-file")
                    .arg(&s.ca)
                    .args(["--tls-auth-clients", "yes"])
                    .args(["--user", "default", "off"])
                    .args(["--user", &s.user, "on"])
                    .arg(format!(">{}", s.password))
                    .args(["~*", "&*", "+@all"]);
            }
            None => {
                cmd.arg("--port").arg(self.port.to_string());
            }
        }
        cmd.args([
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--protected-mode",
            "no",
        ])
        .arg("--dir")
        .arg(self.dir.path());
        if let Some(bus) = self.cluster_bus {
            cmd.args(["--cluster-enabled", "yes", "--cluster-node-timeout", "2000"])
                .arg("--cluster-config-file")
                .arg(self.dir.path().join("nodes.conf"))
                .arg("--cluster-port")
                .arg(bus.to_string());
        }
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
                _ => return Err(log.join("\n")),
            }
        }
        // Keep draining its output so it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        self.child = Some(child);
        Ok(())
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
        if let Err(log) = self.launch().await {
            panic!("redis-server did not restart on port {}:\n{log}", self.port);
        }
    }
}

/// A Redis Cluster of three primaries (and optionally a replica each) on loopback, each a
/// `redis-server` of the test's own, slots spread over them by `redis-cli --cluster create`.
pub struct RedisCluster {
    cli: PathBuf,
    nodes: Vec<RedisServer>,
}

impl RedisCluster {
    /// Three primaries; `None` when redis-server or redis-cli is not installed (and not
    /// required).
    pub async fn start() -> Option<Self> {
        Self::start_with(0).await
    }

    /// Three primaries with `replicas` replicas each, which take over when their primary dies.
    pub async fn start_with(replicas: usize) -> Option<Self> {
        let cli = tool("redis-cli", "apt-get install redis-tools")?;
        let mut nodes = Vec::new();
        for _ in 0..3 * (1 + replicas) {
            nodes.push(RedisServer::start_node(false, false, true).await?);
        }
        let addrs: Vec<String> = nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.port))
            .collect();
        let out = Command::new(&cli)
            .args(["--cluster", "create"])
            .args(&addrs)
            .args(["--cluster-replicas", &replicas.to_string(), "--cluster-yes"])
            .output()
            .await
            .expect("redis-cli runs");
        assert!(
            out.status.success(),
            "redis-cli --cluster create failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // The nodes agree on the slot map a moment after the create; there is no event to await
        // but their own report, so ask each until it says ok.
        for node in &nodes {
            let mut tries = 0;
            loop {
                let out = Command::new(&cli)
                    .args(["-p", &node.port.to_string(), "CLUSTER", "INFO"])
                    .output()
                    .await
                    .expect("redis-cli runs");
                if String::from_utf8_lossy(&out.stdout).contains("cluster_state:ok") {
                    break;
                }
                tries += 1;
                assert!(tries < 300, "the cluster did not become ok in 30 s");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
        let cluster = Self { cli, nodes };
        // Replicas count as in sync once the cluster says so; wait for every one to link up.
        for node in &cluster.nodes {
            let mut tries = 0;
            while cluster
                .cli(node.port, &["INFO", "replication"])
                .await
                .contains("master_link_status:down")
            {
                tries += 1;
                assert!(tries < 300, "a replica did not link up in 30 s");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
        Some(cluster)
    }

    /// One `redis-cli` command against the node on `port`; its stdout.
    async fn cli(&self, port: u16, args: &[&str]) -> String {
        let out = Command::new(&self.cli)
            .args(["-p", &port.to_string()])
            .args(args)
            .output()
            .await
            .expect("redis-cli runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The port of the live primary that holds `key`'s slot now, as a live node sees it;
    /// `None` while a failed primary still holds it.
    pub async fn primary_of(&self, key: &str) -> Option<u16> {
        let live = self
            .nodes
            .iter()
            .find(|n| n.child.is_some())
            .expect("a live node");
        let slot: u16 = self
            .cli(live.port, &["CLUSTER", "KEYSLOT", key])
            .await
            .trim()
            .parse()
            .expect("a slot number");
        // CLUSTER NODES: id addr flags master-id ping pong epoch state slot-ranges...
        let nodes = self.cli(live.port, &["CLUSTER", "NODES"]).await;
        for line in nodes.lines() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.len() < 9 || !fields[2].contains("master") || fields[2].contains("fail") {
                continue;
            }
            let owns = fields[8..].iter().any(|range| {
                let mut ends = range.split('-').map(|n| n.parse::<u16>().ok());
                match (ends.next().flatten(), ends.next().flatten()) {
                    (Some(a), Some(b)) => (a..=b).contains(&slot),
                    (Some(a), None) => a == slot,
                    _ => false,
                }
            });
            if owns {
                // addr is ip:port@bus
                let port = fields[1]
                    .split('@')
                    .next()
                    .and_then(|a| a.rsplit(':').next());
                return port.and_then(|p| p.parse().ok());
            }
        }
        None
    }

    /// Waits until every replica of the primary on `port` has what it has written so far, so
    /// a failover from now loses nothing (replication is asynchronous).
    pub async fn settle(&self, port: u16) {
        let info = self.cli(port, &["INFO", "replication"]).await;
        let target: u64 = info
            .lines()
            .find_map(|l| l.trim().strip_prefix("master_repl_offset:"))
            .and_then(|n| n.parse().ok())
            .expect("a primary's replication offset");
        let mut tries = 0;
        loop {
            let info = self.cli(port, &["INFO", "replication"]).await;
            // slave0:ip=127.0.0.1,port=…,state=online,offset=N,lag=0
            let offsets: Vec<u64> = info
                .lines()
                .filter(|l| l.starts_with("slave"))
                .filter_map(|l| l.split(',').find_map(|kv| kv.strip_prefix("offset=")))
                .filter_map(|n| n.trim().parse().ok())
                .collect();
            if !offsets.is_empty() && offsets.iter().all(|&o| o >= target) {
                return;
            }
            tries += 1;
            assert!(tries < 300, "replicas did not catch up in 30 s:\n{info}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// Kills the node on `port` with SIGKILL.
    pub async fn kill(&mut self, port: u16) {
        let node = self
            .nodes
            .iter_mut()
            .find(|n| n.port == port)
            .expect("a node on that port");
        node.kill().await;
    }

    /// A seed node's URL: the first node, which need not hold the slot a client wants.
    pub fn url(&self) -> String {
        self.nodes[0].url()
    }

    /// Every node's URL.
    pub fn urls(&self) -> Vec<String> {
        self.nodes.iter().map(RedisServer::url).collect()
    }
}
