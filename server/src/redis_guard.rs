//! A Redis store that lost data says so. The store keeps a guard with a random id
//! (`store/redis/guard.rs`); each `workerd` remembers in its data directory the id it last saw
//! for that URL and prefix (`redis-store-<hash>.json`). At start, a guard that is gone while the
//! marker knows a store, or another id than the marker's, is a loss: refused unless
//! `WORKER_REDIS_ALLOW_DATA_LOSS` is set. While running, [`GuardWatch`] checks the guard every
//! maintenance interval, so Redis coming back empty under a running node (a restart without
//! persistence, `FLUSHALL`) is logged as an error, counted in `worker_store_data_loss_total`
//! and raised as a `store_data_loss` alert, once: the guard is made again and the marker moves
//! to it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::engine::Engine;
use crate::engine::clock::Clock;
use crate::engine::events::{Alert, Event};
use crate::store::StoreError;
use crate::store::redis::RedisStore;

/// The variable that lets `workerd` start on a Redis store that lost data.
pub const ALLOW_VAR: &str = "WORKER_REDIS_ALLOW_DATA_LOSS";

/// What a node remembers of the Redis store it runs on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Marker {
    /// The URL without its password.
    url: String,
    prefix: String,
    store_id: String,
}

/// The guard of one Redis store as one node sees it.
pub struct RedisGuard {
    store: Arc<RedisStore>,
    clock: Arc<dyn Clock>,
    marker: PathBuf,
    url: String,
    prefix: String,
}

/// Why a start was refused or a loss reported: the message an operator reads.
#[derive(Debug)]
pub enum GuardError {
    /// The store lost data and starting on it was not allowed.
    Refused(String),
    Store(StoreError),
    Marker(String),
}

impl From<StoreError> for GuardError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

/// The marker's file for a URL (without its password) and prefix in `data_dir`.
pub fn marker_path(data_dir: &Path, redacted_url: &str, prefix: &str) -> PathBuf {
    let digest = Sha256::digest(format!("{redacted_url}\n{prefix}").as_bytes());
    data_dir.join(format!("redis-store-{}.json", &hex::encode(digest)[..16]))
}

impl RedisGuard {
    pub fn new(
        store: Arc<RedisStore>,
        clock: Arc<dyn Clock>,
        data_dir: &Path,
        redacted_url: &str,
        prefix: &str,
    ) -> Self {
        Self {
            store,
            clock,
            marker: marker_path(data_dir, redacted_url, prefix),
            url: redacted_url.to_string(),
            prefix: prefix.to_string(),
        }
    }

    /// Checks the store against the marker at start: `Ok(None)` when nothing was lost (the guard
    /// is made on a first start), `Ok(Some(loss))` when a loss was accepted because `allow`,
    /// and the refusal otherwise, which changes nothing.
    pub async fn check_at_start(&self, allow: bool) -> Result<Option<String>, GuardError> {
        let known = self.read_marker()?;
        let current = self.store.store_id().await?;
        let loss = known
            .as_deref()
            .and_then(|known| self.loss(known, current.as_deref()));
        if let Some(loss) = &loss
            && !allow
        {
            return Err(GuardError::Refused(format!(
                "{loss}. Tasks acknowledged before may be gone: restore Redis from a backup, or set {ALLOW_VAR}=1 to start on it anyway (this node's marker: {})",
                self.marker.display()
            )));
        }
        self.adopt().await?;
        Ok(loss)
    }

    /// Checks a running node's store against `known`, the id it last saw; on a loss, makes the
    /// guard again, moves the marker and `known` to it, and returns the loss once.
    async fn check_running(&self, known: &mut String) -> Result<Option<String>, GuardError> {
        let current = self.store.store_id().await?;
        let Some(loss) = self.loss(known, current.as_deref()) else {
            return Ok(None);
        };
        *known = self.adopt().await?;
        Ok(Some(loss))
    }

    /// What was lost, when the store's id `current` is not the `known` one.
    fn loss(&self, known: &str, current: Option<&str>) -> Option<String> {
        let (url, prefix) = (&self.url, &self.prefix);
        match current {
            Some(current) if current == known => None,
            None => Some(format!(
                "the Redis store at {url} (prefix {prefix}) lost its data: its guard is gone (Redis restarted without persistence, or was flushed), and this node last saw store {known} there"
            )),
            Some(current) => Some(format!(
                "the Redis store at {url} (prefix {prefix}) is another store ({current}) than this node last saw there ({known}): it lost its data or was replaced"
            )),
        }
    }

    /// Makes the guard when missing and records its id in the marker.
    async fn adopt(&self) -> Result<String, GuardError> {
        let id = self.store.ensure_store_id(self.clock.now_ms()).await?;
        let marker = Marker {
            url: self.url.clone(),
            prefix: self.prefix.clone(),
            store_id: id.clone(),
        };
        let path = self.marker.clone();
        tokio::task::spawn_blocking(move || write_marker(&path, &marker))
            .await
            .map_err(|e| GuardError::Marker(e.to_string()))?
            .map_err(|e| {
                GuardError::Marker(format!("cannot write {}: {e}", self.marker.display()))
            })?;
        Ok(id)
    }

    fn read_marker(&self) -> Result<Option<String>, GuardError> {
        match std::fs::read(&self.marker) {
            Ok(bytes) => serde_json::from_slice::<Marker>(&bytes)
                .map(|m| Some(m.store_id))
                .map_err(|e| {
                    GuardError::Marker(format!(
                        "{} is not a Redis store marker ({e}); remove it to start over",
                        self.marker.display()
                    ))
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(GuardError::Marker(format!(
                "cannot read {}: {e}",
                self.marker.display()
            ))),
        }
    }
}

/// Writes the marker beside its place (0600) and renames it in, synced.
fn write_marker(path: &Path, marker: &Marker) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all(&serde_json::to_vec_pretty(marker).map_err(std::io::Error::other)?)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent()
        && let Ok(dir) = std::fs::File::open(dir)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Says a loss loudly: the log, the metric and the event log.
pub async fn report(engine: &Engine, loss: &str) {
    crate::telemetry::metrics().record_store_data_loss();
    engine
        .append(Event::Alert(Alert::critical(Alert::STORE_DATA_LOSS, loss)))
        .await;
}

/// The running check of the guard.
pub struct GuardWatch {
    stop: CancellationToken,
    join: JoinHandle<()>,
}

impl GuardWatch {
    /// Checks the guard every `interval`; a Redis that does not answer is checked again at the
    /// next tick.
    pub fn start(guard: RedisGuard, engine: Engine, interval: Duration) -> Self {
        let stop = CancellationToken::new();
        let join = tokio::spawn({
            let stop = stop.clone();
            async move {
                let mut known = match guard.read_marker() {
                    Ok(Some(id)) => id,
                    _ => return,
                };
                let mut ticks = tokio::time::interval(interval);
                ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tokio::select! {
                        () = stop.cancelled() => return,
                        _ = ticks.tick() => {}
                    }
                    match guard.check_running(&mut known).await {
                        Ok(None) => {}
                        Ok(Some(loss)) => {
                            tracing::error!("STORE DATA LOSS: {loss}; new store id {known}");
                            report(&engine, &loss).await;
                        }
                        Err(GuardError::Store(e)) => {
                            tracing::debug!(error = %e, "could not check the Redis store's guard");
                        }
                        Err(GuardError::Marker(e) | GuardError::Refused(e)) => {
                            tracing::warn!(error = %e, "could not check the Redis store's guard");
                        }
                    }
                }
            }
        });
        Self { stop, join }
    }

    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.join.await;
    }
}
