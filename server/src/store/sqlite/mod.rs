//! The embedded store: one SQLite file in WAL mode, written by a single group-commit writer.
//!
//! Every [`Store`] method is one SQL transaction (a savepoint inside the writer's batch for
//! writes, a read transaction for reads). Counters, the DLQ index and throughput buckets are
//! kept by triggers in the schema (`migrations/sqlite/`), except for the two transitions every
//! task makes, a lease and a completion, which are counted per batch (`counts.rs`). Each capability of the store has its
//! own file; this one holds the store itself and the task-row SQL several of them share.

mod conn;
mod guard;
mod rows;

mod audit;
mod bulk;
mod completes;
mod coordination;
mod counts;
mod deletes;
mod dlq;
mod dlq_listing;
mod events;
mod jobs;
mod leases;
mod queues;
mod retention;
mod schedules;
mod tasks;
mod workers;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

pub use completes::COMPLETE_SQL;
use conn::Db;
pub use conn::Durability;
pub use guard::{ALLOW_VAR, DataLoss, OpenError, marker_path};
pub use leases::{LEASE_SQL, LEASED_SQL};
use rows::state_from_code;

use crate::engine::model::{QueueName, TaskId, TaskState};
use crate::store::StoreError;

/// The embedded SQLite store.
pub struct SqliteStore {
    db: Db,
    /// `complete` calls waiting for the writer, recorded together.
    completes: completes::Completions,
    path: PathBuf,
    /// Keeps the marker beside the file up to date (`guard.rs`).
    marker: Option<guard::MarkerKeeper>,
    /// What DLQ listings learned per filter, kept while the DLQ does not change.
    dlq_filters: std::sync::Arc<dlq_listing::KnownFilters>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

impl SqliteStore {
    /// Opens the store at `path`, creating and migrating it as needed; a loss of data found
    /// against the marker beside it is logged, not refused (`workerd` uses
    /// [`SqliteStore::open_guarded`]).
    pub fn open(path: impl AsRef<Path>, durability: Durability) -> Result<Self, StoreError> {
        match Self::open_guarded(path, durability, true) {
            Ok((store, loss)) => {
                if let Some(loss) = loss {
                    tracing::warn!("{loss}");
                }
                Ok(store)
            }
            Err(OpenError::Store(e)) => Err(e),
            Err(OpenError::DataLoss(loss)) => Err(StoreError::Internal(loss.message)),
        }
    }

    fn open_unguarded(path: &Path, durability: Durability) -> Result<Self, StoreError> {
        let db = Db::open(path, durability)?;
        Ok(Self {
            db,
            completes: completes::Completions::default(),
            dlq_filters: Default::default(),
            path: path.to_path_buf(),
            marker: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// A task's row number, state and queue.
fn task_seq_state(
    conn: &Connection,
    id: &TaskId,
) -> Result<Option<(i64, TaskState, QueueName)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT seq, state, queue FROM tasks WHERE id = ?1")?
        .query_row([id.as_str()], |r| {
            Ok((
                r.get(0)?,
                state_from_code(r.get(1)?)?,
                QueueName::from_trusted(r.get(2)?),
            ))
        })
        .optional()?)
}

/// Moves due scheduled and retrying tasks to pending.
fn promote_due_in(conn: &Connection, now_ms: i64, limit: u32) -> Result<u64, StoreError> {
    let n = conn
        .prepare_cached(
            "UPDATE tasks SET state = 1, updated_at_ms = ?1 WHERE seq IN (
                 SELECT seq FROM tasks WHERE state IN (0, 3) AND run_at_ms <= ?1
                 ORDER BY run_at_ms LIMIT ?2)",
        )?
        .execute(params![now_ms, limit])?;
    Ok(n as u64)
}

/// Resets a task taken out of the DLQ or re-run by an operator: pending now, attempts reset,
/// error history kept.
const RESET_TO_PENDING: &str = "state = 1, attempts = 0, run_at_ms = ?1, updated_at_ms = ?1, \
    finished_at_ms = NULL, dead_reason = NULL, cancel_requested = 0, lease_until_ms = NULL";
