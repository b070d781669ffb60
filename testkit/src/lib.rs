//! Tests only: a real `workerd` served in-process on loopback with a PKI made for the test, and
//! mTLS clients for each role. Shared by the server's, the CLI's and the dashboard's tests, so
//! there is one way to start a server under test.

pub mod redis;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};
use worker_pki::{Authority, Material};
use worker_proto::v1::admin_service_client::AdminServiceClient;
use worker_proto::v1::task_service_client::TaskServiceClient;
use worker_server::config::Config;
use worker_server::server::{self, RunOptions, ServeError};

/// Client certificates the tests use, by name.
pub struct TestPki {
    pub ca: Material,
    pub clients: BTreeMap<&'static str, Material>,
}

impl Default for TestPki {
    fn default() -> Self {
        Self::new()
    }
}

impl TestPki {
    /// CA, server certificate for localhost, and clients: one per role, one with no role, an
    /// expired one, and one from another CA.
    pub fn new() -> Self {
        let ca = Authority::new("test CA").unwrap();
        let other = Authority::new("other CA").unwrap();
        let now = time::OffsetDateTime::now_utc();
        let mut clients = BTreeMap::new();
        for role in ["admin", "operator", "viewer", "gateway"] {
            clients.insert(role, ca.client(&format!("{role}-user"), role).unwrap());
        }
        clients.insert("norole", ca.client("nobody", "").unwrap());
        clients.insert(
            "expired",
            ca.client_valid(
                "old-admin",
                "admin",
                now - time::Duration::days(30),
                now - time::Duration::days(1),
            )
            .unwrap(),
        );
        clients.insert("foreign", other.client("intruder", "admin").unwrap());
        clients.insert("server", ca.server(&["localhost", "127.0.0.1"]).unwrap());
        Self {
            ca: ca.material().clone(),
            clients,
        }
    }

    /// Writes the CA, the server's pair and every client's pair (`ROLE.pem`, `ROLE-key.pem`)
    /// into `dir`.
    fn write(&self, dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
        for (name, client) in &self.clients {
            std::fs::write(dir.join(format!("{name}.pem")), &client.cert_pem).unwrap();
            std::fs::write(dir.join(format!("{name}-key.pem")), &client.key_pem).unwrap();
        }
        let server = &self.clients["server"];
        let cert = dir.join("server.pem");
        let key = dir.join("server-key.pem");
        let ca = dir.join("ca.pem");
        std::fs::write(&cert, &server.cert_pem).unwrap();
        std::fs::write(&key, &server.key_pem).unwrap();
        std::fs::write(&ca, &self.ca.cert_pem).unwrap();
        (cert, key, ca)
    }
}

/// A running server; its store and PKI outlive restarts.
pub struct TestServer {
    /// Holds the store and PKI files for the server's lifetime.
    dir: tempfile::TempDir,
    pub pki: TestPki,
    pub addr: SocketAddr,
    pub http_addr: SocketAddr,
    env: BTreeMap<String, String>,
    no_worker: bool,
    stop: Option<oneshot::Sender<()>>,
    join: Option<JoinHandle<Result<(), ServeError>>>,
}

impl TestServer {
    /// A server with the demo handlers and `extra` environment on top of the test defaults.
    pub async fn start(extra: &[(&str, &str)]) -> Self {
        Self::start_with(extra, false).await
    }

    pub async fn start_with(extra: &[(&str, &str)], no_worker: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let pki = TestPki::new();
        let pki_dir = dir.path().join("pki");
        std::fs::create_dir_all(&pki_dir).unwrap();
        let (cert, key, ca) = pki.write(&pki_dir);
        let mut env: BTreeMap<String, String> = [
            ("WORKER_DATA_DIR", dir.path().display().to_string()),
            (
                "WORKER_STORE",
                format!("sqlite:{}", dir.path().join("worker.db").display()),
            ),
            ("WORKER_SQLITE_SYNC", "normal".into()),
            ("WORKER_ADMIN_TLS_CERT", cert.display().to_string()),
            ("WORKER_ADMIN_TLS_KEY", key.display().to_string()),
            ("WORKER_ADMIN_TLS_CA", ca.display().to_string()),
            ("WORKER_DEMO", "1".into()),
            // The demo's seed, but not its endless feed: tests count what they enqueue.
            ("WORKER_DEMO_FEED", "0".into()),
            ("WORKER_RETRY_BASE", "20ms".into()),
            ("WORKER_POLL_INTERVAL", "20ms".into()),
            ("WORKER_MAINTENANCE_INTERVAL", "50ms".into()),
            ("WORKER_SHUTDOWN_GRACE", "1s".into()),
            // No Docker engine behind tests of other things: a test that runs jobs turns
            // them on with `WORKER_JOBS=auto`.
            ("WORKER_JOBS", "off".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        for (k, v) in extra {
            env.insert((*k).to_string(), (*v).to_string());
        }
        let mut server = Self {
            dir,
            pki,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            http_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            env,
            no_worker,
            stop: None,
            join: None,
        };
        server.launch().await;
        server
    }

    async fn launch(&mut self) {
        let config = Config::from_map(&self.env).expect("test configuration is valid");
        // The same ports after a restart, so clients reconnect as they would to a real server.
        let listener = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.addr = listener.local_addr().unwrap();
        let http = tokio::net::TcpListener::bind(self.http_addr).await.unwrap();
        self.http_addr = http.local_addr().unwrap();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        // The demo handlers are always there; WORKER_DEMO=0 only leaves out the demo's seed
        // tasks, for tests that compare exact output.
        let mut handlers = worker_server::runtime::Handlers::new();
        worker_server::runtime::demo::register(&mut handlers);
        let options = RunOptions {
            no_worker: self.no_worker,
            http: Some(http),
            handlers,
        };
        self.join = Some(tokio::spawn(server::run(
            config,
            options,
            listener,
            async {
                let _ = stop_rx.await;
            },
        )));
        self.stop = Some(stop_tx);
    }

    /// Stops the server and waits until it has shut down.
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(join) = self.join.take() {
            join.await.unwrap().expect("server shuts down cleanly");
        }
    }

    /// Stops and starts again on the same store, PKI and ports.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.launch().await;
    }

    /// The data directory (store, PKI in `pki/`).
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// Where the CA and every client's `ROLE.pem` and `ROLE-key.pem` are.
    pub fn pki_dir(&self) -> PathBuf {
        self.dir.path().join("pki")
    }

    pub async fn channel_as(&self, who: &str) -> Result<Channel, tonic::transport::Error> {
        self.channel_as_on(who, self.addr.port()).await
    }

    /// A channel to `port` on loopback as `who`, trusting this server's CA: another server
    /// sharing its PKI (the benchmark's transport floor).
    pub async fn channel_as_on(
        &self,
        who: &str,
        port: u16,
    ) -> Result<Channel, tonic::transport::Error> {
        let client = &self.pki.clients[who];
        let tls = ClientTlsConfig::new()
            .ca_certificate(Certificate::from_pem(&self.pki.ca.cert_pem))
            .identity(Identity::from_pem(&client.cert_pem, &client.key_pem))
            .domain_name("localhost");
        Channel::from_shared(format!("https://localhost:{port}"))
            .unwrap()
            .tls_config(tls)?
            .connect()
            .await
    }

    pub async fn admin(&self, who: &str) -> AdminServiceClient<Channel> {
        AdminServiceClient::new(self.channel_as(who).await.expect("mTLS connect"))
    }

    pub async fn tasks(&self, who: &str) -> TaskServiceClient<Channel> {
        TaskServiceClient::new(self.channel_as(who).await.expect("mTLS connect"))
    }

    /// An HTTPS client presenting `who`'s certificate.
    pub fn http(&self, who: &str) -> reqwest::Client {
        http_client(&self.pki.ca.cert_pem, Some(&self.pki.clients[who]))
    }

    pub fn url(&self, path: &str) -> String {
        format!("https://localhost:{}/admin/v1{path}", self.http_addr.port())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The `ErrorInfo.reason` of a status.
pub fn reason(status: &tonic::Status) -> String {
    use tonic_types::StatusExt;
    status
        .get_error_details()
        .error_info()
        .map(|info| info.reason.clone())
        .unwrap_or_default()
}

/// An HTTPS client trusting `ca_pem`, presenting `client` when given.
pub fn http_client(ca_pem: &str, client: Option<&worker_pki::Material>) -> reqwest::Client {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .add_root_certificate(reqwest::Certificate::from_pem(ca_pem.as_bytes()).unwrap());
    if let Some(client) = client {
        let pem = format!("{}{}", client.cert_pem, client.key_pem);
        builder = builder.identity(reqwest::Identity::from_pem(pem.as_bytes()).unwrap());
    }
    builder.build().unwrap()
}

/// The path of an external tool a test needs, or `None` (the test then skips, saying so)
/// unless `WORKER_TEST_REQUIRE` names it, as CI does: a missing required tool fails the test.
pub fn tool(name: &str, install: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    });
    if found.is_none() {
        missing(name, &format!("{name} is not installed ({install})"));
    }
    found
}

/// Whether `WORKER_TEST_REQUIRE` (comma-separated) names `name`.
pub fn required(name: &str) -> bool {
    std::env::var("WORKER_TEST_REQUIRE")
        .unwrap_or_default()
        .split(',')
        .any(|t| t.trim() == name)
}

/// A requirement that is not met, such as a service that does not answer (`docker`): fails
/// the test when `WORKER_TEST_REQUIRE` names it, else says why the test skips. The caller
/// then returns.
#[allow(clippy::print_stderr, reason = "a skipped test says so")]
pub fn missing(name: &str, why: &str) {
    assert!(
        !required(name),
        "{name} is required (WORKER_TEST_REQUIRE) but unavailable: {why}"
    );
    eprintln!("skipped: {why}");
}
