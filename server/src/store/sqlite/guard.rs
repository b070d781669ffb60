//! A store that lost data says so: the marker file beside the store (`<file>.id`) records the
//! store's id and its count of commits (both kept in the store's `store_guard` row), rewritten
//! every second and when the store closes. At open, a missing or zero-byte file where the
//! marker says a store lived, a file holding another store, or one whose commit count is behind
//! the marker's (a deleted `-wal` file, a restored copy) is data loss: refused unless allowed.
//!
//! The check can only see losses older than the marker's last write (at most about a second
//! before a crash); a brand-new data directory has no marker and starts normally.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::conn::Durability;
use super::{SqliteStore, conn};
use crate::store::StoreError;

/// How often the marker is brought up to date while the store is open.
const MARKER_INTERVAL: Duration = Duration::from_secs(1);

/// The environment variable that lets `workerd` start on a store that lost data.
pub const ALLOW_VAR: &str = "WORKER_SQLITE_ALLOW_DATA_LOSS";

/// What the marker file holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Marker {
    store_id: String,
    /// Write transactions committed, as the store counted them.
    commits: i64,
    /// The highest task row number then, for the operator reading the message.
    task_seq: i64,
    /// When the marker was written (Unix ms).
    written_at_ms: i64,
}

/// The store at `path` lost data: what was found, for the operator.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DataLoss {
    pub path: PathBuf,
    pub message: String,
}

/// Why a guarded open failed.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The store lost data and starting on it was not allowed.
    #[error(
        "{0}; refusing to start on it. Restore the file (and its -wal) from a backup, or set {ALLOW_VAR}=1 to start on what is there"
    )]
    DataLoss(DataLoss),
}

/// The marker's path: the store's with `.id` appended.
pub fn marker_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".id");
    PathBuf::from(name)
}

fn read_marker(path: &Path) -> Option<Marker> {
    let text = match std::fs::read(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            tracing::warn!(marker = %path.display(), error = %e, "cannot read the store's marker; the store cannot be checked for lost data");
            return None;
        }
    };
    match serde_json::from_slice(&text) {
        Ok(marker) => Some(marker),
        Err(e) => {
            tracing::warn!(marker = %path.display(), error = %e, "the store's marker is not readable; the store cannot be checked for lost data");
            None
        }
    }
}

/// Writes the marker beside its place and renames it in, synced, so a crash leaves the old or
/// the new one whole.
fn write_marker(path: &Path, marker: &Marker) -> std::io::Result<()> {
    use std::io::Write;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(&serde_json::to_vec_pretty(marker).map_err(std::io::Error::other)?)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(dir) = std::fs::File::open(dir)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn describe(marker: &Marker, marker_path: &Path) -> String {
    let at = humantime::format_rfc3339_seconds(
        std::time::UNIX_EPOCH
            + Duration::from_millis(u64::try_from(marker.written_at_ms).unwrap_or(0)),
    );
    format!(
        "{} says store {} lived there ({} commits, tasks up to #{}, as of {at})",
        marker_path.display(),
        marker.store_id,
        marker.commits,
        marker.task_seq
    )
}

/// The store's own record of itself, read on a connection of its own.
fn current(path: &Path) -> Result<Marker, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(10))?;
    current_on(&conn)
}

fn current_on(conn: &Connection) -> Result<Marker, StoreError> {
    // Taken before the read, so a marker written at T holds every commit acknowledged before T.
    let written_at_ms = now_ms();
    let (store_id, commits): (String, i64) = conn.query_row(
        "SELECT store_id, commits FROM store_guard WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let task_seq: Option<i64> = conn
        .query_row("SELECT max(seq) FROM tasks", [], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(Marker {
        store_id,
        commits,
        task_seq: task_seq.unwrap_or(0),
        written_at_ms,
    })
}

/// Keeps the marker up to date while the store is open; stopping writes it one last time.
pub(super) struct MarkerKeeper {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MarkerKeeper {
    fn start(path: PathBuf, durability: Durability, written: Marker) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("sqlite-marker".into())
            .spawn(move || {
                let marker = marker_path(&path);
                let mut last = written;
                let conn = match conn::open_connection(&path, durability) {
                    Ok(conn) => conn,
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot keep the store's marker up to date");
                        return;
                    }
                };
                loop {
                    let done = !matches!(
                        stopped.recv_timeout(MARKER_INTERVAL),
                        Err(mpsc::RecvTimeoutError::Timeout)
                    );
                    match current_on(&conn) {
                        Ok(now) if now.commits != last.commits || now.store_id != last.store_id => {
                            match write_marker(&marker, &now) {
                                Ok(()) => last = now,
                                Err(e) => {
                                    tracing::warn!(marker = %marker.display(), error = %e, "cannot write the store's marker");
                                }
                            }
                        }
                        Ok(_) => {}
                        Err(e) => tracing::debug!(error = %e, "cannot read the store's commit count"),
                    }
                    if done {
                        return;
                    }
                }
            })
            .ok();
        Self {
            stop: Some(stop),
            thread,
        }
    }
}

impl Drop for MarkerKeeper {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl SqliteStore {
    /// Opens the store at `path` as [`SqliteStore::open`] does, checking it against its marker
    /// first. A store that lost data is refused with [`OpenError::DataLoss`], or with
    /// `allow_loss` opened and the loss returned beside it; either way the marker then starts
    /// over from what the store holds.
    pub fn open_guarded(
        path: impl AsRef<Path>,
        durability: Durability,
        allow_loss: bool,
    ) -> Result<(Self, Option<DataLoss>), OpenError> {
        let path = path.as_ref();
        let marker_file = marker_path(path);
        let marker = read_marker(&marker_file);
        let loss = |message: String| DataLoss {
            path: path.to_path_buf(),
            message,
        };
        // Before SQLite touches the file: it would make a new store of an empty or missing one.
        let before = match (std::fs::metadata(path), &marker) {
            (Ok(meta), marker) if meta.len() == 0 => Some(loss(match marker {
                Some(m) => format!(
                    "the SQLite store {} is empty (0 bytes), but {}",
                    path.display(),
                    describe(m, &marker_file)
                ),
                None => format!(
                    "the SQLite store {} is empty (0 bytes); workerd never leaves one so, so it was truncated",
                    path.display()
                ),
            })),
            (Err(e), Some(m)) if e.kind() == std::io::ErrorKind::NotFound => Some(loss(format!(
                "the SQLite store {} is missing, but {}",
                path.display(),
                describe(m, &marker_file)
            ))),
            _ => None,
        };
        if let Some(found) = before {
            if !allow_loss {
                return Err(OpenError::DataLoss(found));
            }
            let store = Self::open_unguarded(path, durability)?;
            return Ok((store.keep_marker(durability)?, Some(found)));
        }
        let store = Self::open_unguarded(path, durability)?;
        let now = current(path)?;
        let after = marker.as_ref().and_then(|m| {
            if m.store_id != now.store_id {
                Some(loss(format!(
                    "the SQLite store {} holds store {}, not the one that lived there: {}",
                    path.display(),
                    now.store_id,
                    describe(m, &marker_file)
                )))
            } else if now.commits < m.commits {
                Some(loss(format!(
                    "the SQLite store {} went back in time: it holds {} commits (tasks up to #{}), but {}; the writes after commit {} were lost (a deleted or truncated -wal file, or a restored copy)",
                    path.display(),
                    now.commits,
                    now.task_seq,
                    describe(m, &marker_file),
                    now.commits
                )))
            } else {
                None
            }
        });
        match after {
            Some(found) if !allow_loss => Err(OpenError::DataLoss(found)),
            found => Ok((store.keep_marker(durability)?, found)),
        }
    }

    /// Writes the marker from what the store holds now and keeps it up to date.
    fn keep_marker(mut self, durability: Durability) -> Result<Self, StoreError> {
        let now = current(&self.path)?;
        write_marker(&marker_path(&self.path), &now).map_err(|e| {
            StoreError::Unavailable(format!(
                "cannot write the store's marker {}: {e}",
                marker_path(&self.path).display()
            ))
        })?;
        self.marker = Some(MarkerKeeper::start(self.path.clone(), durability, now));
        Ok(self)
    }
}
