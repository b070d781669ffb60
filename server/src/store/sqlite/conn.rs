//! SQLite connections: the single writer thread with group commit, the read pool, migrations
//! and the mapping of SQLite errors to [`StoreError`].
//!
//! All writes go through one thread that owns the only write connection. It drains every
//! operation queued while the previous commit was syncing and runs them in one transaction,
//! each inside its own savepoint, so one fsync covers many operations (group commit) while an
//! operation that fails rolls back alone. Callers hear back only after the commit is durable.
//! Reads use a pool of separate connections; in WAL mode they never wait for the writer.
//! Checkpoints (copying the log into the database file, with its syncs) run on a thread of
//! their own, so no commit waits for one.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::Thread;
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use tokio::sync::{mpsc, oneshot};

use crate::engine::fingerprint::fingerprint;
use crate::store::StoreError;

/// How SQLite syncs commits to disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// `synchronous=FULL`: a commit survives power loss.
    Full,
    /// `synchronous=NORMAL`: a commit survives a crash of the process, not a power loss.
    Normal,
}

/// The migrations, in order; the database's `user_version` says how many were applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/sqlite/0001_init.sql"),
    include_str!("../../../migrations/sqlite/0002_audit.sql"),
    include_str!("../../../migrations/sqlite/0003_schedules.sql"),
    include_str!("../../../migrations/sqlite/0004_jobs.sql"),
    include_str!("../../../migrations/sqlite/0005_store_guard.sql"),
    include_str!("../../../migrations/sqlite/0006_dlq_groups.sql"),
    include_str!("../../../migrations/sqlite/0007_throughput_hours.sql"),
    include_str!("../../../migrations/sqlite/0008_bulk_ops.sql"),
    include_str!("../../../migrations/sqlite/0009_bulk_ops_index.sql"),
    include_str!("../../../migrations/sqlite/0010_dlq_listing_indexes.sql"),
    include_str!("../../../migrations/sqlite/0011_dlq_fts_newest_first.sql"),
    include_str!("../../../migrations/sqlite/0012_hot_transitions_counted_per_batch.sql"),
    include_str!("../../../migrations/sqlite/0013_dlq_version.sql"),
    include_str!("../../../migrations/sqlite/0014_fewer_index_entries_per_task.sql"),
];

/// Operations queued for the writer while a commit is in flight are batched up to this many.
const MAX_BATCH: usize = 1024;

/// How long a connection waits for a lock held by another process before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads that run at once, each on its own pooled connection and blocking thread. A burst of
/// reads beyond it (a thousand SSE clients connecting, a hundred admin streams) waits its turn
/// instead of opening a connection and a thread per read: each connection parses the schema
/// and holds its own page cache, which at a thousand reads was ~40 KB of resident memory per
/// waiting caller and slower than taking turns on two cores.
const READ_CONCURRENCY: usize = 8;
/// Idle read connections kept: as many as may run at once, so a steady load opens none.
const READ_POOL_MAX_IDLE: usize = READ_CONCURRENCY;

/// Log pages after which the checkpointer copies the log into the database: SQLite's own
/// automatic checkpoint threshold.
const CHECKPOINT_PAGES: i32 = 1000;

/// Bytes of the database file each connection reads through a memory map instead of `pread`
/// into its own page cache. A filtered DLQ page at a million entries looks up a thousand
/// scattered rows; through `pread`, copying pages into 2 MB caches took most of its time.
/// The map shares the kernel's page cache among connections, so it costs address space, not
/// memory. Writes still go through `pwrite` and the log.
pub(crate) const MMAP_SIZE: u64 = 1 << 30;

/// The longest a commit waits for the leases an enqueue announced (`Db::leases_coming`).
const LEASE_HOLD: Duration = Duration::from_millis(2);

/// What a write does once its batch's commit is known.
pub(crate) type Finish = Box<dyn FnOnce(Result<(), StoreError>) + Send>;
/// A queued write: run against the writer's connection, or told why it could not run.
pub(crate) type WriteOp = Box<dyn FnOnce(Result<&Connection, StoreError>) -> Finish + Send>;

/// Failures that may pass (a busy or locked file, I/O, a full disk, an unopenable or read-only
/// file, memory) are `Unavailable` so callers retry later; anything else is `Internal`.
impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        match &err {
            rusqlite::Error::SqliteFailure(e, _) => match e.code {
                ErrorCode::DatabaseBusy
                | ErrorCode::DatabaseLocked
                | ErrorCode::SystemIoFailure
                | ErrorCode::DiskFull
                | ErrorCode::CannotOpen
                | ErrorCode::ReadOnly
                | ErrorCode::OutOfMemory => StoreError::Unavailable(format!("sqlite: {err}")),
                _ => StoreError::Internal(format!("sqlite: {err}")),
            },
            _ => StoreError::Internal(format!("sqlite: {err}")),
        }
    }
}

pub(crate) fn open_connection(
    path: &Path,
    durability: Durability,
) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| {
        StoreError::Unavailable(format!("cannot open sqlite store {}: {e}", path.display()))
    })?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let sync = match durability {
        Durability::Full => "FULL",
        Durability::Normal => "NORMAL",
    };
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = {sync}; PRAGMA temp_store = MEMORY;
         PRAGMA mmap_size = {MMAP_SIZE};"
    ))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// The migration that added error fingerprints to the DLQ (`0006_dlq_groups.sql`).
const DLQ_GROUPS_MIGRATION: usize = 6;

/// Fingerprints the DLQ entries written before fingerprints existed, in the migration's
/// transaction (the `dlq_groups_fingerprinted` trigger counts each into its group). The masking
/// rules are Rust, so SQL alone cannot do it.
fn fingerprint_old_dlq_entries(tx: &rusqlite::Transaction<'_>) -> Result<(), StoreError> {
    // In pages by sequence, so a long DLQ is not held in memory at once.
    let mut select = tx.prepare(
        "SELECT seq, error FROM dlq WHERE seq > ?1 AND fingerprint IS NULL ORDER BY seq LIMIT 10000",
    )?;
    let mut update = tx.prepare("UPDATE dlq SET fingerprint = ?1 WHERE seq = ?2")?;
    let mut after = 0_i64;
    loop {
        let rows: Vec<(i64, String)> = select
            .query_map([after], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let Some(&(last, _)) = rows.last() else {
            return Ok(());
        };
        for (seq, error) in rows {
            update.execute(rusqlite::params![fingerprint(&error), seq])?;
        }
        after = last;
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::Internal(format!(
            "the sqlite store has schema version {version}, newer than this build knows ({known}); \
             use a newer workerd"
        )));
    }
    for (idx, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if idx + 1 == DLQ_GROUPS_MIGRATION {
            fingerprint_old_dlq_entries(&tx)?;
        }
        tx.execute_batch(&format!("PRAGMA user_version = {}", idx + 1))?;
        tx.commit()?;
    }
    Ok(())
}

/// What the writer thread and those queueing for it share besides the queue.
#[derive(Default)]
struct WriterState {
    /// Leases announced and not yet run: the writer holds its commit for them.
    leases_expected: AtomicUsize,
    /// The writer is parked holding a commit; a new operation must unpark it.
    holding: AtomicBool,
}

/// The connections of one store file.
pub(crate) struct Db {
    path: PathBuf,
    durability: Durability,
    writer: mpsc::Sender<WriteOp>,
    writer_thread: Thread,
    state: Arc<WriterState>,
    readers: Arc<Mutex<Vec<Connection>>>,
    /// Permits for [`READ_CONCURRENCY`] reads at a time.
    reading: Arc<tokio::sync::Semaphore>,
}

impl Db {
    /// Opens (creating if needed) and migrates the store, then starts the writer thread.
    pub(crate) fn open(path: &Path, durability: Durability) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Unavailable(format!(
                    "cannot create the store directory {}: {e}",
                    dir.display()
                ))
            })?;
        }
        let mut conn = open_connection(path, durability)?;
        migrate(&mut conn)?;
        // The query planner's stability guarantee, on the writer: without it SQLite may plan
        // with a bound value and re-prepare the statement whenever that value changes. The
        // lease statement was re-prepared on every lease, its trigger compiled anew each time
        // (`StatementStatus::RePrepare`; 100-300 µs a lease). No write here needs a plan
        // chosen by a bound value: the text searches' patterns start with a wildcard.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        let checkpoints = start_checkpointer(path, durability)?;
        // Replaces SQLite's automatic checkpoint, which runs inside the commit that crossed
        // the threshold: a checkpoint writes and syncs the database file, milliseconds that
        // every operation of that batch would wait. The checkpointer does it beside the writer
        // (a passive checkpoint never blocks it); a request while one runs is dropped, the
        // next commit asks again.
        conn.wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, pages: i32| {
            if pages >= CHECKPOINT_PAGES {
                let _ = checkpoints.try_send(());
            }
            Ok(())
        }))?;
        let (tx, rx) = mpsc::channel::<WriteOp>(MAX_BATCH * 4);
        let state = Arc::new(WriterState::default());
        let writer = std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn({
                let state = Arc::clone(&state);
                move || writer_loop(conn, rx, &state)
            })
            .map_err(|e| StoreError::Internal(format!("cannot start the sqlite writer: {e}")))?;
        Ok(Self {
            path: path.to_path_buf(),
            durability,
            writer: tx,
            writer_thread: writer.thread().clone(),
            state,
            readers: Arc::new(Mutex::new(Vec::new())),
            reading: Arc::new(tokio::sync::Semaphore::new(READ_CONCURRENCY)),
        })
    }

    /// `n` leases will follow the next write (idle pools an enqueue woke): the writer holds
    /// the commit of the batch it is on, up to [`LEASE_HOLD`], until they have run in it.
    pub(crate) fn leases_coming(&self, n: usize) {
        self.state.leases_expected.fetch_add(n, Ordering::SeqCst);
    }

    /// Counts a lease as run, for [`Db::leases_coming`]: call on the writer's thread.
    pub(crate) fn lease_ran(&self) -> impl Fn() + Send + 'static {
        let state = Arc::clone(&self.state);
        move || {
            let _ = state
                .leases_expected
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        }
    }

    /// After an operation was queued: a writer holding its commit for it runs it now.
    fn queued(&self) {
        if self.state.holding.load(Ordering::SeqCst) {
            self.writer_thread.unpark();
        }
    }

    /// Runs `f` in the writer's current transaction, inside its own savepoint, and returns its
    /// result once the transaction has committed.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (done_tx, done_rx) = oneshot::channel::<Result<T, StoreError>>();
        let op: WriteOp = Box::new(move |conn: Result<&Connection, StoreError>| -> Finish {
            let result = conn.and_then(|conn| run_in_savepoint(conn, f));
            Box::new(move |commit: Result<(), StoreError>| {
                let _ = done_tx.send(commit.and(result));
            })
        });
        self.writer
            .send(op)
            .await
            .map_err(|_| StoreError::Unavailable("the sqlite writer has stopped".into()))?;
        self.queued();
        done_rx
            .await
            .map_err(|_| StoreError::Unavailable("the sqlite writer has stopped".into()))?
    }

    /// Queues `op` for the writer without waiting for it to run: for writes whose callers wait
    /// on their own (the `complete` combiner). `op` is told if the writer has stopped.
    pub(crate) fn submit(&self, op: WriteOp) {
        match self.writer.try_send(op) {
            Ok(()) => self.queued(),
            Err(mpsc::error::TrySendError::Full(op)) => {
                // A full queue: wait for room off the caller, so no caller's cancellation can
                // lose an operation others wait on.
                let writer = self.writer.clone();
                let (thread, state) = (self.writer_thread.clone(), Arc::clone(&self.state));
                tokio::spawn(async move {
                    if let Err(mpsc::error::SendError(op)) = writer.send(op).await {
                        op(Err(stopped()))(Ok(()));
                    } else if state.holding.load(Ordering::SeqCst) {
                        thread.unpark();
                    }
                });
            }
            Err(mpsc::error::TrySendError::Closed(op)) => op(Err(stopped()))(Ok(())),
        }
    }

    /// Runs `f` on a pooled read connection inside a read transaction (one consistent snapshot).
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let readers = Arc::clone(&self.readers);
        let path = self.path.clone();
        let durability = self.durability;
        // Held by the blocking task, so a caller that stops waiting frees it only once the
        // read has finished with its connection.
        let permit = Arc::clone(&self.reading)
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Internal("the sqlite read permits are closed".into()))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let pooled = readers.lock().expect("read pool lock").pop();
            let mut conn = match pooled {
                Some(conn) => conn,
                None => open_connection(&path, durability)?,
            };
            let result = (|| {
                let tx = conn.transaction()?;
                let out = f(&tx)?;
                tx.finish()?;
                Ok(out)
            })();
            let mut pool = readers.lock().expect("read pool lock");
            if pool.len() < READ_POOL_MAX_IDLE {
                pool.push(conn);
            }
            result
        })
        .await
        .map_err(|e| StoreError::Internal(format!("sqlite read task failed: {e}")))?
    }
}

/// Starts the thread that checkpoints the log when the writer asks (on its own connection);
/// it stops when the writer's connection, which holds the sender, closes.
fn start_checkpointer(
    path: &Path,
    durability: Durability,
) -> Result<std::sync::mpsc::SyncSender<()>, StoreError> {
    let conn = open_connection(path, durability)?;
    let (tx, rx) = std::sync::mpsc::sync_channel::<()>(1);
    std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            while rx.recv().is_ok() {
                if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                    tracing::warn!(error = %e, "sqlite checkpoint failed; the log keeps growing until one succeeds");
                }
            }
        })
        .map_err(|e| StoreError::Internal(format!("cannot start the sqlite checkpointer: {e}")))?;
    Ok(tx)
}

fn stopped() -> StoreError {
    StoreError::Unavailable("the sqlite writer has stopped".into())
}

pub(crate) fn run_in_savepoint<T, F>(conn: &Connection, f: F) -> Result<T, StoreError>
where
    F: FnOnce(&Connection) -> Result<T, StoreError>,
{
    // Cached statements: parsing these on every operation showed up as a large share of the
    // writer's time.
    let exec = |sql: &str| {
        conn.prepare_cached(sql)
            .and_then(|mut stmt| stmt.execute([]))
    };
    exec("SAVEPOINT op")?;
    // A panicking operation must not take the writer (and every later write) down with it.
    let result = match catch_unwind(AssertUnwindSafe(|| f(conn))) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(StoreError::Internal(format!(
                "store operation panicked: {what}"
            )))
        }
    };
    let end = if result.is_ok() {
        exec("RELEASE op")
    } else {
        exec("ROLLBACK TO op").and_then(|_| exec("RELEASE op"))
    };
    end?;
    result
}

fn writer_loop(conn: Connection, mut rx: mpsc::Receiver<WriteOp>, state: &WriterState) {
    let mut batch: Vec<WriteOp> = Vec::with_capacity(MAX_BATCH);
    let mut finishers: Vec<Finish> = Vec::with_capacity(MAX_BATCH);
    let exec = |sql: &str| {
        conn.prepare_cached(sql)
            .and_then(|mut stmt| stmt.execute([]))
            .map_err(StoreError::from)
    };
    while let Some(first) = rx.blocking_recv() {
        batch.push(first);
        drain_queued(&mut rx, &mut batch, MAX_BATCH);
        if let Err(err) = exec("BEGIN IMMEDIATE") {
            tracing::error!(error = %err, "sqlite writer cannot begin a transaction");
            for op in batch.drain(..) {
                op(Err(err.clone()))(Ok(()));
            }
            continue;
        }
        let changes_before = conn.total_changes();
        // Operations that arrive while the batch runs join it before the commit, at no wait:
        // a lease sent right behind an enqueue (the engine wakes idle pools before it writes)
        // sees the new task and shares its commit, so an idle task starts after one sync.
        let mut hold_until = None;
        loop {
            while !batch.is_empty() {
                finishers.extend(batch.drain(..).map(|op| op(Ok(&conn))));
                drain_queued(
                    &mut rx,
                    &mut batch,
                    MAX_BATCH.saturating_sub(finishers.len()),
                );
            }
            // Leases an enqueue announced (the idle pools it woke) are on their way: they
            // find its tasks in this transaction if the commit waits for them, briefly.
            if state.leases_expected.load(Ordering::SeqCst) == 0 || finishers.len() >= MAX_BATCH {
                break;
            }
            let until = *hold_until.get_or_insert_with(|| Instant::now() + LEASE_HOLD);
            let now = Instant::now();
            if now >= until {
                break;
            }
            state.holding.store(true, Ordering::SeqCst);
            drain_queued(
                &mut rx,
                &mut batch,
                MAX_BATCH.saturating_sub(finishers.len()),
            );
            if batch.is_empty() {
                std::thread::park_timeout(until - now);
                drain_queued(
                    &mut rx,
                    &mut batch,
                    MAX_BATCH.saturating_sub(finishers.len()),
                );
            }
            state.holding.store(false, Ordering::SeqCst);
        }
        if hold_until.is_some() {
            // Whatever did not come in time is not waited for again.
            state.leases_expected.store(0, Ordering::SeqCst);
        }
        // A batch that changed nothing (a lease that found no work) commits without writing,
        // so it costs no sync. Every other commit counts, in the same transaction: the marker
        // beside the store records the count, so a store that went back in time shows at the
        // next start (`guard.rs`).
        if conn.total_changes() != changes_before
            && let Err(e) = exec("UPDATE store_guard SET commits = commits + 1 WHERE id = 1")
        {
            tracing::warn!(error = %e, "cannot count the commit in store_guard");
        }
        let commit = exec("COMMIT").map(|_| ());
        if let Err(err) = &commit {
            tracing::error!(error = %err, "sqlite commit failed; rolling back the batch");
            let _ = conn.execute_batch("ROLLBACK");
        }
        for finish in finishers.drain(..) {
            finish(commit.clone());
        }
    }
}

/// Moves up to `room` operations already queued into `batch`, without waiting.
fn drain_queued(rx: &mut mpsc::Receiver<WriteOp>, batch: &mut Vec<WriteOp>, room: usize) {
    while batch.len() < room {
        match rx.try_recv() {
            Ok(op) => batch.push(op),
            Err(_) => break,
        }
    }
}

#[cfg(test)]
#[path = "tests/conn.rs"]
mod tests;
