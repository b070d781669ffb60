//! Audit anchors on this node: `anchors.jsonl` in the audit archive's directory (one JSON line
//! per anchor, fsynced) and an info line in the log, and the task that anchors the head every
//! `WORKER_AUDIT_ANCHOR_INTERVAL` and at shutdown.
//!
//! The file only grows (one short line a minute at most while the audit log moves, about
//! 10 MB a year); verification reads only its last [`RECENT`] lines, so its size costs nothing
//! there. Rotation is left to the operator.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use async_trait::async_trait;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::engine::{AuditAnchor, AuditAnchors, Engine, Error};

/// The file's name in the archive directory.
pub const FILE: &str = "anchors.jsonl";

/// How many of the newest anchors verification checks.
pub const RECENT: usize = 1_000;

/// The longest line read back; an anchor is far shorter (a node id is at most 128 bytes).
const LINE_MAX: u64 = 512;

/// Anchors in `<dir>/anchors.jsonl` and the log, or (no directory: the archive is `off`) the
/// log only, in which case verification has no anchors to check.
#[derive(Clone, Debug)]
pub struct FileAnchors {
    path: Option<PathBuf>,
}

impl FileAnchors {
    pub fn new(dir: Option<PathBuf>) -> Self {
        Self {
            path: dir.map(|d| d.join(FILE)),
        }
    }
}

#[async_trait]
impl AuditAnchors for FileAnchors {
    async fn record(&self, anchor: &AuditAnchor) -> Result<(), Error> {
        if let Some(path) = self.path.clone() {
            let line = format!(
                "{}\n",
                serde_json::to_string(anchor).expect("anchors serialize")
            );
            // File writes and fsync block; keep them off the async runtime's threads.
            tokio::task::spawn_blocking(move || append(&path, line.as_bytes()))
                .await
                .map_err(|e| Error::Internal(format!("audit anchor task failed: {e}")))?
                .map_err(|e| Error::Unavailable(format!("cannot write the audit anchor: {e}")))?;
        }
        tracing::info!(
            id = %anchor.id,
            hash = %anchor.hash,
            node = %anchor.node,
            at_ms = anchor.at_ms,
            "audit anchor id={} hash={}",
            anchor.id,
            anchor.hash
        );
        Ok(())
    }

    async fn recent(&self) -> Result<Vec<AuditAnchor>, Error> {
        let Some(path) = self.path.clone() else {
            return Ok(Vec::new());
        };
        tokio::task::spawn_blocking(move || read_recent(&path))
            .await
            .map_err(|e| Error::Internal(format!("audit anchor task failed: {e}")))?
            .map_err(|e| Error::Unavailable(format!("cannot read the audit anchors: {e}")))
    }
}

/// Appends `line` to `path` and syncs it, making the directory (0700) and the file (0600).
fn append(path: &Path, line: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(line)?;
    file.sync_data()
}

/// The last [`RECENT`] anchors of `path`, oldest first; a missing file has none. A line that
/// does not parse (a torn write at a crash) is skipped with a warning.
fn read_recent(path: &Path) -> std::io::Result<Vec<AuditAnchor>> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    let start = len.saturating_sub(RECENT as u64 * LINE_MAX);
    file.seek(SeekFrom::Start(start))?;
    let mut text = String::new();
    file.take(len - start).read_to_string(&mut text)?;
    let mut lines: Vec<&str> = text.lines().collect();
    if start > 0 && !lines.is_empty() {
        // Begun mid-line.
        lines.remove(0);
    }
    let mut anchors: Vec<AuditAnchor> = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| match serde_json::from_str(l) {
            Ok(anchor) => Some(anchor),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "skipping an unreadable audit anchor line");
                None
            }
        })
        .collect();
    let drop = anchors.len().saturating_sub(RECENT);
    anchors.drain(..drop);
    Ok(anchors)
}

/// Sets the anchors in `dir` aside (renamed `anchors-superseded-<ms>.jsonl`, kept for the
/// record) when starting on a store that lost data was accepted: they describe the store that
/// was lost, and the chain of the one accepted starts over. Returns the new name, if any.
pub fn supersede(dir: &Path, now_ms: i64) -> std::io::Result<Option<PathBuf>> {
    let path = dir.join(FILE);
    let aside = dir.join(format!("anchors-superseded-{now_ms}.jsonl"));
    match std::fs::rename(&path, &aside) {
        Ok(()) => Ok(Some(aside)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The running periodic anchoring.
pub struct AnchorTask {
    stop: CancellationToken,
    join: JoinHandle<()>,
}

impl AnchorTask {
    /// Anchors the head every `interval` when it moved since the last anchor.
    pub fn start(engine: Engine, interval: Duration) -> Self {
        let stop = CancellationToken::new();
        let join = tokio::spawn({
            let stop = stop.clone();
            async move {
                let mut last = None;
                let mut ticks =
                    tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
                ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tokio::select! {
                        () = stop.cancelled() => break,
                        _ = ticks.tick() => {}
                    }
                    anchor(&engine, &mut last).await;
                }
                // Once more at shutdown, after the rest of the node stopped writing entries.
                anchor(&engine, &mut last).await;
            }
        });
        Self { stop, join }
    }

    /// Writes the shutdown anchor and stops.
    pub async fn stop(self) {
        self.stop.cancel();
        let _ = self.join.await;
    }
}

async fn anchor(engine: &Engine, last: &mut Option<AuditAnchor>) {
    match engine.anchor_audit(last.as_ref()).await {
        Ok(Some(anchor)) => *last = Some(anchor),
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "could not write the audit anchor"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(id: i64) -> AuditAnchor {
        AuditAnchor {
            id: id.to_string(),
            hash: format!("k1:{id:064}"),
            at_ms: id,
            node: "n".repeat(128),
        }
    }

    #[test]
    fn reads_back_the_newest_anchors_of_a_long_file_with_private_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit").join(FILE);
        assert!(read_recent(&path).unwrap().is_empty(), "no file yet");
        for id in 1..=RECENT as i64 + 50 {
            let line = format!("{}\n", serde_json::to_string(&anchor(id)).unwrap());
            append(&path, line.as_bytes()).unwrap();
        }
        append(&path, b"{\"torn\n").unwrap();
        let recent = read_recent(&path).unwrap();
        assert_eq!(recent.len(), RECENT);
        assert_eq!(recent.first().unwrap().id, "51");
        assert_eq!(recent.last().unwrap().id, (RECENT + 50).to_string());
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }
}
