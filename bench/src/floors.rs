//! The floors beneath the SQLite store, measured in the same run: fdatasync of a 4 KiB write
//! and raw rusqlite queue cycles on a table shaped like ours, with nothing above them.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use worker_server::store::sqlite::{COMPLETE_SQL, Durability, LEASE_SQL, LEASED_SQL};

use crate::report::per_sec;
use crate::stores::fresh_sqlite_with;
use crate::workloads;

pub(crate) fn durability_name(d: Durability) -> &'static str {
    match d {
        Durability::Full => "FULL",
        Durability::Normal => "NORMAL",
    }
}

/// fdatasync of a 4 KiB write, the cost every durable commit pays at least once: the p50 and
/// the p99 (what bounds the tail of anything that waits for a durable commit).
pub(crate) fn fsync_p50_p99(dir: &Path, n: usize) -> [Duration; 2] {
    let mut file = std::fs::File::create(dir.join("fsync.probe")).expect("probe file");
    let block = [7_u8; 4096];
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        file.write_all(&block).expect("write");
        file.sync_data().expect("fdatasync");
        samples.push(start.elapsed());
    }
    samples.sort();
    let p99 = (samples.len() * 99).div_ceil(100).max(1) - 1;
    [samples[samples.len() / 2], samples[p99]]
}

/// A connection with the raw floors' settings (and nothing else of the store's).
fn raw_settings(path: &Path, durability: Durability) -> Connection {
    let conn = Connection::open(path).expect("raw sqlite");
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = {};",
        durability_name(durability)
    ))
    .expect("raw settings");
    conn
}

fn raw_conn(path: &Path, durability: Durability) -> Connection {
    let conn = raw_settings(path, durability);
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY, queue TEXT, state INTEGER,
             priority INTEGER, run_at INTEGER, lease_until INTEGER, payload BLOB);
         CREATE INDEX IF NOT EXISTS jobs_ready ON jobs (queue, state, priority, run_at, id);",
    )
    .expect("raw schema");
    conn
}

/// The floor of an enqueue: one job inserted per transaction.
pub(crate) fn raw_insert(path: &Path, durability: Durability, n: u64) -> f64 {
    let conn = raw_conn(path, durability);
    let payload = vec![1_u8; 200];
    let start = Instant::now();
    for _ in 0..n {
        conn.execute(
            "INSERT INTO jobs (queue, state, priority, run_at, payload) VALUES ('q', 0, 0, 0, ?1)",
            params![payload],
        )
        .expect("insert");
    }
    per_sec(n, start.elapsed())
}

/// The floor of a queue cycle: claim `batch` jobs in one transaction, complete them in another.
pub(crate) fn raw_claim_complete(path: &Path, durability: Durability, n: u64, batch: u64) -> f64 {
    let mut conn = raw_conn(path, durability);
    {
        let tx = conn.transaction().expect("tx");
        let payload = vec![1_u8; 200];
        for _ in 0..n {
            tx.execute(
                "INSERT INTO jobs (queue, state, priority, run_at, payload) VALUES ('q', 0, 0, 0, ?1)",
                params![payload],
            )
            .expect("insert");
        }
        tx.commit().expect("commit");
    }
    let start = Instant::now();
    let mut done = 0;
    while done < n {
        let tx = conn.transaction().expect("tx");
        let ids: Vec<i64> = {
            let mut stmt = tx
                .prepare_cached(
                    "UPDATE jobs SET state = 1, lease_until = 1 WHERE id IN (
                         SELECT id FROM jobs WHERE queue = 'q' AND state = 0
                         ORDER BY priority, run_at, id LIMIT ?1) RETURNING id",
                )
                .expect("claim");
            stmt.query_map([batch as i64], |r| r.get(0))
                .expect("claim")
                .collect::<Result<_, _>>()
                .expect("claim rows")
        };
        tx.commit().expect("commit");
        let tx = conn.transaction().expect("tx");
        for id in &ids {
            tx.execute("UPDATE jobs SET state = 2 WHERE id = ?1", [id])
                .expect("complete");
        }
        tx.commit().expect("commit");
        done += ids.len() as u64;
    }
    per_sec(n, start.elapsed())
}

/// The raw claim100+complete100 loop with our schema and statements instead of the bare table:
/// tasks enqueued through the engine into a file the store made, then leased and completed 100
/// at a time by the store's own `LEASE_SQL` (read back by `LEASED_SQL`) and `COMPLETE_SQL`, on
/// one connection with the raw floors' settings. What the schema costs (its indexes, its state
/// trigger, the fenced lease and completion) shows as this row below the raw one; what the rest
/// of the store and the runtime cost (the writer thread, savepoints, counters, handlers and the
/// round trips between them), as the burn-down below this row.
pub(crate) async fn schema_claim_complete(dir: &Path, durability: Durability, n: u64) -> f64 {
    let (path, queue) = {
        let (engine, path) = fresh_sqlite_with(dir, durability).await;
        workloads::enqueue_batches(&engine, n, 1_000).await;
        (path, engine.config().default_queue.to_string())
    };
    let mut conn = raw_settings(&path, durability);
    let handlers = serde_json::to_string(&[workloads::noop_spec().handler]).expect("json");
    let start = Instant::now();
    let mut done = 0;
    let mut token = 0_i64;
    while done < n {
        token += 1;
        let tx = conn.transaction().expect("tx");
        tx.prepare_cached(LEASE_SQL)
            .expect("lease")
            .execute(params![
                token,
                i64::MAX,
                "floor",
                1_i64,
                queue,
                handlers,
                100
            ])
            .expect("lease");
        let ids: Vec<String> = tx
            .prepare_cached(LEASED_SQL)
            .expect("leased")
            .query_map(params![i64::MAX, token], |r| r.get(0))
            .expect("leased")
            .collect::<Result<_, _>>()
            .expect("leased rows");
        tx.commit().expect("commit");
        assert!(
            !ids.is_empty(),
            "the schema floor leased nothing: {done} of {n} done"
        );
        let batch: Vec<(&str, i64, i64)> = ids.iter().map(|id| (id.as_str(), token, 2)).collect();
        let batch = serde_json::to_string(&batch).expect("json");
        let tx = conn.transaction().expect("tx");
        let completed = tx
            .prepare_cached(COMPLETE_SQL)
            .expect("complete")
            .query_map([batch], |r| r.get::<_, String>(0))
            .expect("complete")
            .count();
        tx.commit().expect("commit");
        assert_eq!(completed, ids.len(), "every leased task completes");
        done += ids.len() as u64;
    }
    per_sec(n, start.elapsed())
}
