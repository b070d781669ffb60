//! The stores every engine scenario runs on: SQLite with FULL and NORMAL durability, and Redis
//! (a `redis-server` of the run's own, skipped with a note when it is not installed). Each
//! repeat gets a fresh, empty store.

use std::sync::Arc;

use worker_server::engine::clock::SystemClock;
use worker_server::engine::{Engine, EngineConfig};
use worker_server::store::sqlite::{Durability, SqliteStore};
use worker_testkit::redis::RedisServer;

use crate::floors::durability_name;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum StoreKind {
    Sqlite(Durability),
    Redis,
}

impl StoreKind {
    pub(crate) fn name(self) -> String {
        match self {
            StoreKind::Sqlite(d) => format!("sqlite {}", durability_name(d)),
            StoreKind::Redis => "redis".into(),
        }
    }
}

/// An engine on a fresh store, and what keeps the store alive.
pub(crate) struct Fresh {
    pub engine: Engine,
    /// The Redis under the engine, for its CPU counters.
    pub redis: Option<RedisServer>,
    _dir: Option<tempfile::TempDir>,
}

/// An engine on a fresh store of `kind`; `None` when Redis is not installed.
pub(crate) async fn fresh(kind: StoreKind, config: EngineConfig) -> Option<Fresh> {
    match kind {
        StoreKind::Sqlite(durability) => {
            let dir = tempfile::tempdir().expect("scratch dir");
            let store = Arc::new(
                SqliteStore::open(dir.path().join("worker.db"), durability).expect("store"),
            );
            let engine = Engine::new(store, Arc::new(SystemClock), config)
                .await
                .expect("engine");
            Some(Fresh {
                engine,
                redis: None,
                _dir: Some(dir),
            })
        }
        StoreKind::Redis => {
            let server = RedisServer::start().await?;
            let engine = crate::redis::engine_on(&server, config).await;
            Some(Fresh {
                engine,
                redis: Some(server),
                _dir: None,
            })
        }
    }
}

/// An engine on a SQLite file in `dir` (NORMAL), for scenarios that fill it by hand.
pub(crate) async fn fresh_sqlite_at(dir: &std::path::Path) -> Engine {
    fresh_sqlite_with(dir, Durability::Normal).await.0
}

/// An engine on a new SQLite file in `dir` with this durability, and the file's path.
pub(crate) async fn fresh_sqlite_with(
    dir: &std::path::Path,
    durability: Durability,
) -> (Engine, std::path::PathBuf) {
    let path = dir.join("worker.db");
    let store = Arc::new(SqliteStore::open(&path, durability).expect("store"));
    let engine = Engine::new(store, Arc::new(SystemClock), EngineConfig::default())
        .await
        .expect("engine");
    (engine, path)
}
