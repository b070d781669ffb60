//! Shared test scaffolding: a real SQLite store in a temporary directory, engines over it,
//! `workerd` child processes, and waiting for conditions with a deadline.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tempfile::TempDir;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};
use worker_proto::v1::admin_service_client::AdminServiceClient;
use worker_proto::v1::task_service_client::TaskServiceClient;
use worker_server::engine::clock::{Clock, SystemClock};
use worker_server::engine::{Engine, EngineConfig};
use worker_server::store::Store;
use worker_server::store::redis::{RedisOptions, RedisStore};
use worker_server::store::sqlite::{Durability, SqliteStore};
use worker_testkit::redis::RedisServer;

/// How long a `workerd` child may take to start listening (a debug build on a loaded machine).
const NODE_READY: Duration = Duration::from_secs(60);
/// The key prefix `workerd` children use on a shared Redis.
pub(crate) const NODE_PREFIX: &str = "cluster";

/// A store on a fresh SQLite file, deleted with the value.
pub(crate) struct SqliteHarness {
    /// Kept so the directory lives as long as the store.
    dir: TempDir,
    pub(crate) store: Arc<SqliteStore>,
}

impl SqliteHarness {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Arc::new(
            SqliteStore::open(dir.path().join("worker.db"), Durability::Normal)
                .expect("open sqlite store"),
        );
        Self { dir, store }
    }

    pub(crate) fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    pub(crate) async fn engine(&self, config: EngineConfig) -> Engine {
        self.engine_with_clock(config, Arc::new(SystemClock)).await
    }

    pub(crate) async fn engine_with_clock(
        &self,
        config: EngineConfig,
        clock: Arc<dyn Clock>,
    ) -> Engine {
        Engine::new(self.store(), clock, config)
            .await
            .expect("engine starts")
    }
}

/// How to reach `server` with keys under `prefix`, with its certificates if it is secure.
pub(crate) fn redis_options(
    server: &worker_testkit::redis::RedisServer,
    prefix: &str,
) -> RedisOptions {
    let read = |path: &std::path::Path| std::fs::read(path).expect("read a PEM file");
    RedisOptions {
        url: server.url(),
        prefix: prefix.into(),
        event_log_limit: 10_000,
        tls_ca_pem: server.secure().map(|s| read(&s.ca)),
        tls_client_pem: server
            .secure()
            .map(|s| (read(&s.client_cert), read(&s.client_key))),
        cluster: false,
    }
}

/// How to reach `cluster` through its first node with keys under `prefix`.
pub(crate) fn redis_cluster_options(
    cluster: &worker_testkit::redis::RedisCluster,
    prefix: &str,
) -> RedisOptions {
    RedisOptions {
        url: cluster.url(),
        prefix: prefix.into(),
        event_log_limit: 10_000,
        tls_ca_pem: None,
        tls_client_pem: None,
        cluster: true,
    }
}

/// A store on a fresh `redis-server` of its own, stopped with the value.
pub(crate) struct RedisHarness {
    /// Kept so the server (or cluster) lives as long as the store.
    _server: Box<dyn std::any::Any + Send + Sync>,
    pub(crate) store: Arc<RedisStore>,
    /// A plain client for a test to reach under the store (standalone servers only).
    raw_url: Option<String>,
}

impl RedisHarness {
    /// `None` when redis-server is not installed (and not required).
    pub(crate) async fn start() -> Option<Self> {
        let server = worker_testkit::redis::RedisServer::start().await?;
        let store = RedisStore::connect(&redis_options(&server, "test"))
            .await
            .expect("connect to redis");
        let raw_url = Some(server.url());
        Some(Self {
            _server: Box::new(server),
            store: Arc::new(store),
            raw_url,
        })
    }

    /// On a three-primary Redis Cluster of its own, through a seed node.
    pub(crate) async fn start_cluster() -> Option<Self> {
        let cluster = worker_testkit::redis::RedisCluster::start().await?;
        let store = RedisStore::connect(&redis_cluster_options(&cluster, "test"))
            .await
            .expect("connect to the redis cluster");
        Some(Self {
            _server: Box::new(cluster),
            store: Arc::new(store),
            raw_url: None,
        })
    }

    pub(crate) fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }
}

/// A store harness that can make the audit log unwritable from underneath the store, as a full
/// disk would, to show a mutation then changes nothing.
pub(crate) trait AuditFault {
    fn store(&self) -> Arc<dyn Store>;
    /// Makes every later audit write fail; `false` when this backend's harness cannot.
    async fn break_audit(&self) -> bool;
}

impl AuditFault for SqliteHarness {
    fn store(&self) -> Arc<dyn Store> {
        SqliteHarness::store(self)
    }

    async fn break_audit(&self) -> bool {
        // Through another connection on the real file, as an outside writer would.
        let conn = rusqlite::Connection::open(self.dir.path().join("worker.db")).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER audit_disk_full BEFORE INSERT ON audit
             BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
        )
        .unwrap();
        true
    }
}

impl AuditFault for RedisHarness {
    fn store(&self) -> Arc<dyn Store> {
        RedisHarness::store(self)
    }

    async fn break_audit(&self) -> bool {
        let Some(url) = &self.raw_url else {
            return false;
        };
        // The audit hash replaced by a string: every HSET on it fails with WRONGTYPE.
        let client = redis::Client::open(url.as_str()).unwrap();
        let mut conn = client.get_multiplexed_async_connection().await.unwrap();
        let _: () = redis::cmd("SET")
            .arg("{test}:audit")
            .arg("not a hash")
            .query_async(&mut conn)
            .await
            .unwrap();
        true
    }
}

/// A configuration with short timings for tests that run real workers.
pub(crate) fn fast_config() -> EngineConfig {
    EngineConfig {
        lease_ms: 3_000,
        stuck_after_ms: 2_000,
        retry: worker_server::engine::retry::RetryPolicy {
            base_ms: 10,
            max_ms: 50,
            jitter: 0.0,
        },
        cancel_grace_ms: 200,
        ..EngineConfig::default()
    }
}

/// Polls `check` until it returns `Some`, failing the test with `what` after `timeout`.
///
/// Used where the only signal is state in the store (another process's progress); in-process
/// waits use notifications instead.
pub(crate) async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            start.elapsed() < timeout,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One `workerd` process (with the demo handlers) on its own data directory and development
/// PKI, listening on ports it picks itself; killed when dropped.
pub(crate) struct Node {
    pub(crate) name: String,
    pub(crate) child: Child,
    pub(crate) dir: tempfile::TempDir,
    pub(crate) grpc_port: u16,
    pub(crate) http_port: u16,
    /// The last lines it logged, shown when a test fails.
    pub(crate) log: Arc<Mutex<VecDeque<String>>>,
}

impl Node {
    /// Starts a node listening on ports it picks itself (so two tests can never race for one),
    /// and returns once it is ready, or panics with what it logged.
    pub(crate) async fn spawn(redis: &RedisServer, name: &str, extra: &[(&str, &str)]) -> Self {
        let mut env: Vec<(&str, String)> = vec![("WORKER_STORE", redis.url())];
        if let Some(secure) = redis.secure() {
            for (k, path) in [
                ("WORKER_REDIS_TLS_CA", &secure.ca),
                ("WORKER_REDIS_TLS_CERT", &secure.client_cert),
                ("WORKER_REDIS_TLS_KEY", &secure.client_key),
            ] {
                env.push((k, path.display().to_string()));
            }
        }
        env.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        Self::spawn_with(name, &env).await
    }

    /// A node with the given environment on top of the cluster tests' settings.
    pub(crate) async fn spawn_with(name: &str, env: &[(&str, String)]) -> Self {
        Self::spawn_in(name, tempfile::tempdir().unwrap(), env).await
    }

    /// Stops the process if it still runs and starts it again on the same data directory (its
    /// store, when that is the default SQLite file, and its PKI), with `env`.
    pub(crate) async fn restart(&mut self, env: &[(&str, String)]) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap());
        let name = self.name.clone();
        *self = Self::spawn_in(&name, dir, env).await;
    }

    async fn spawn_in(name: &str, dir: tempfile::TempDir, env: &[(&str, String)]) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_workerd"));
        cmd.arg("--demo")
            .env("WORKER_DATA_DIR", dir.path())
            .env("WORKER_REDIS_PREFIX", NODE_PREFIX)
            .env("WORKER_NODE_ID", name)
            .env("WORKER_ADMIN_GRPC_ADDR", "127.0.0.1:0")
            .env("WORKER_ADMIN_HTTP_ADDR", "127.0.0.1:0")
            .env("WORKER_CONCURRENCY", "4")
            .env("WORKER_DURABLE_LEASE", "1s")
            .env("WORKER_RETRY_BASE", "50ms")
            .env("WORKER_POLL_INTERVAL", "20ms")
            .env("WORKER_MAINTENANCE_INTERVAL", "100ms")
            .env("WORKER_LEADER_LEASE", "1s")
            .env("WORKER_ADMIN_QUEUE_WEIGHTS", "critical=6,default=3,low=1")
            // The demo handlers without the demo's feed: tests count the tasks they enqueue.
            .env("WORKER_DEMO_FEED", "0")
            // The ready lines carry the ports; everything else only when it matters.
            .env("WORKER_LOG", "warn,worker_server::server=info")
            .env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("workerd starts");
        let stderr = child.stderr.take().expect("piped stderr");
        let (ready, ports) = tokio::sync::oneshot::channel();
        let log = Arc::new(Mutex::new(VecDeque::new()));
        let kept = log.clone();
        // Reads the log until both listeners are up, then keeps draining it so the node never
        // blocks on a full pipe.
        std::thread::spawn(move || {
            let port_after = |line: &str, key: &str| -> Option<u16> {
                let addr = line.split_whitespace().find_map(|w| w.strip_prefix(key))?;
                addr.rsplit(':').next()?.parse().ok()
            };
            let keep = |line: String| {
                let mut log = kept.lock().unwrap_or_else(|e| e.into_inner());
                if log.len() == 200 {
                    log.pop_front();
                }
                log.push_back(line);
            };
            let (mut grpc, mut http) = (None, None);
            let mut ready = Some(ready);
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                http = http.or_else(|| port_after(&line, "http="));
                grpc = grpc.or_else(|| port_after(&line, "grpc="));
                keep(line);
                if let (Some(grpc), Some(http), Some(_)) = (grpc, http, &ready) {
                    let _ = ready.take().unwrap().send(Ok((grpc, http)));
                }
            }
            if let Some(ready) = ready {
                let log = kept.lock().unwrap_or_else(|e| e.into_inner());
                let _ = ready.send(Err(Vec::from(log.clone()).join("\n")));
            }
        });
        let (grpc_port, http_port) = match tokio::time::timeout(NODE_READY, ports).await {
            Ok(Ok(Ok(ports))) => ports,
            Ok(Ok(Err(log))) => panic!("node {name} exited before it was ready:\n{log}"),
            _ => panic!("node {name} was not ready within {NODE_READY:?}"),
        };
        Self {
            name: name.to_string(),
            child,
            dir,
            grpc_port,
            http_port,
            log,
        }
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops (`SIGSTOP`) or continues (`SIGCONT`) the process: a node that stalls, as under a
    /// long GC pause or a frozen VM.
    pub(crate) fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.pid().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{signal}");
    }

    pub(crate) fn logged(&self, needle: &str) -> bool {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        log.iter().any(|line| line.contains(needle))
    }

    pub(crate) fn sigkill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().unwrap();
    }

    /// GET of a gateway path as the admin of the node's development PKI: status and body.
    pub(crate) async fn http_get(&self, path: &str) -> (u16, serde_json::Value) {
        let pki = self.dir.path().join("pki");
        let read = |name: &str| std::fs::read_to_string(pki.join(name)).unwrap();
        let admin = worker_pki::Material {
            cert_pem: read("admin.pem"),
            key_pem: read("admin-key.pem"),
        };
        let response = worker_testkit::http_client(&read("ca.pem"), Some(&admin))
            .get(format!("https://localhost:{}{path}", self.http_port))
            .send()
            .await
            .expect("the gateway answers");
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }

    /// The node's task API, as the admin of its development PKI.
    pub(crate) async fn tasks(&self) -> TaskServiceClient<Channel> {
        TaskServiceClient::new(self.channel().await)
    }

    /// The node's admin API, as the admin of its development PKI.
    pub(crate) async fn admin(&self) -> AdminServiceClient<Channel> {
        AdminServiceClient::new(self.channel().await)
    }

    async fn channel(&self) -> Channel {
        let pki = self.dir.path().join("pki");
        let read = |name: &str| std::fs::read_to_string(pki.join(name)).unwrap();
        let tls = ClientTlsConfig::new()
            .ca_certificate(Certificate::from_pem(read("ca.pem")))
            .identity(Identity::from_pem(read("admin.pem"), read("admin-key.pem")))
            .domain_name("localhost");
        Channel::from_shared(format!("https://127.0.0.1:{}", self.grpc_port))
            .unwrap()
            .tls_config(tls)
            .unwrap()
            .connect()
            .await
            .expect("connect to the node")
    }
}

impl Drop for Node {
    #[allow(
        clippy::print_stderr,
        reason = "a failing test shows what its nodes said"
    )]
    fn drop(&mut self) {
        if std::thread::panicking() {
            let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
            eprintln!("--- node {} logged:", self.name);
            for line in log.iter() {
                eprintln!("{line}");
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until every node's worker is registered and live.
pub(crate) async fn live(engine: &Engine, nodes: &[&Node]) {
    let pids: HashSet<u32> = nodes.iter().map(|n| n.pid()).collect();
    eventually("every node to register its worker", NODE_READY, || async {
        let workers = engine.list_workers().await.unwrap();
        let up: HashSet<u32> = workers
            .iter()
            .filter(|w| w.state.as_str() == "active")
            .map(|w| w.pid)
            .collect();
        pids.is_subset(&up).then_some(())
    })
    .await;
}

/// The `alert` events stored in a node's event log, oldest first.
pub(crate) async fn alerts(
    admin: &mut worker_proto::v1::admin_service_client::AdminServiceClient<Channel>,
) -> Vec<worker_proto::v1::AlertEvent> {
    try_alerts(admin).await.expect("stored alert events")
}

/// [`alerts`], or the error of a node whose store is away (a Redis restarting under it
/// answers `Unavailable` until it is back).
pub(crate) async fn try_alerts(
    admin: &mut worker_proto::v1::admin_service_client::AdminServiceClient<Channel>,
) -> Result<Vec<worker_proto::v1::AlertEvent>, tonic::Status> {
    use futures::StreamExt;
    use worker_proto::v1 as pb;
    let mut stream = admin
        .stream_events(pb::StreamEventsRequest {
            after_id: "0".into(),
            kinds: vec!["alert".into()],
            stored_only: true,
            ..Default::default()
        })
        .await?
        .into_inner();
    let mut out = Vec::new();
    while let Some(event) = stream.next().await {
        if let Some(pb::admin_event::Event::Alert(a)) = event?.event {
            out.push(a);
        }
    }
    Ok(out)
}
