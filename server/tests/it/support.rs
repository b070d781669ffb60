//! Shared test scaffolding: a real SQLite store in a temporary directory, engines over it, and
//! waiting for conditions with a deadline.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tempfile::TempDir;
use worker_server::engine::clock::{Clock, SystemClock};
use worker_server::engine::{Engine, EngineConfig};
use worker_server::store::Store;
use worker_server::store::redis::{RedisOptions, RedisStore};
use worker_server::store::sqlite::{Durability, SqliteStore};

/// A store on a fresh SQLite file, deleted with the value.
pub(crate) struct SqliteHarness {
    /// Kept so the directory lives as long as the store.
    _dir: TempDir,
    pub(crate) store: Arc<SqliteStore>,
}

impl SqliteHarness {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Arc::new(
            SqliteStore::open(dir.path().join("worker.db"), Durability::Normal)
                .expect("open sqlite store"),
        );
        Self { _dir: dir, store }
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
}

impl RedisHarness {
    /// `None` when redis-server is not installed (and not required).
    pub(crate) async fn start() -> Option<Self> {
        let server = worker_testkit::redis::RedisServer::start().await?;
        let store = RedisStore::connect(&redis_options(&server, "test"))
            .await
            .expect("connect to redis");
        Some(Self {
            _server: Box::new(server),
            store: Arc::new(store),
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
        })
    }

    pub(crate) fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
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
        event_flush_ms: 100,
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
