//! The floors beneath the SQLite store, measured in the same run: fdatasync of a 4 KiB write
//! and raw rusqlite queue cycles on a table shaped like ours, with nothing above them.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use worker_server::store::sqlite::Durability;

use crate::report::per_sec;

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

fn raw_conn(path: &Path, durability: Durability) -> Connection {
    let conn = Connection::open(path).expect("raw sqlite");
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = {};
         CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY, queue TEXT, state INTEGER,
             priority INTEGER, run_at INTEGER, lease_until INTEGER, payload BLOB);
         CREATE INDEX IF NOT EXISTS jobs_ready ON jobs (queue, state, priority, run_at, id);",
        durability_name(durability)
    ))
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
