//! The counters of the two transitions the writer counts itself, once per queue per batch:
//! pending to running (a lease) and running to succeeded (a completion). Migration 0012 keeps
//! the triggers off these two; every other change of state is still counted by a trigger.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};

use crate::store::StoreError;

const PENDING: i64 = 1;
const RUNNING: i64 = 2;
const SUCCEEDED: i64 = 4;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 3_600_000;

/// Moves `n` tasks of `queue` from one state's count to another's.
fn shift(conn: &Connection, queue: &str, from: i64, to: i64, n: i64) -> Result<(), StoreError> {
    if n == 0 {
        return Ok(());
    }
    conn.prepare_cached("UPDATE queue_counts SET n = n - ?3 WHERE queue = ?1 AND state = ?2")?
        .execute(params![queue, from, n])?;
    conn.prepare_cached(
        "INSERT INTO queue_counts (queue, state, n) VALUES (?1, ?2, ?3)
         ON CONFLICT (queue, state) DO UPDATE SET n = n + excluded.n",
    )?
    .execute(params![queue, to, n])?;
    Ok(())
}

/// Counts `n` tasks of `queue` leased: pending to running.
pub(crate) fn leased(conn: &Connection, queue: &str, n: i64) -> Result<(), StoreError> {
    shift(conn, queue, PENDING, RUNNING, n)
}

/// Successes of one batch of completions, by queue and by the minute each was recorded in.
#[derive(Default)]
pub(crate) struct Successes {
    by_minute: BTreeMap<(String, i64), i64>,
}

impl Successes {
    /// One task of `queue` completed at `now_ms`.
    pub(crate) fn add(&mut self, queue: String, now_ms: i64) {
        let minute = now_ms.div_euclid(MINUTE_MS) * MINUTE_MS;
        *self.by_minute.entry((queue, minute)).or_default() += 1;
    }

    /// Writes them: running to succeeded in the queue counters, and the succeeded column of the
    /// minute and hour throughput buckets, as the outcome triggers did row by row.
    pub(crate) fn record(self, conn: &Connection) -> Result<(), StoreError> {
        let mut by_queue: BTreeMap<&str, i64> = BTreeMap::new();
        let mut by_hour: BTreeMap<(&str, i64), i64> = BTreeMap::new();
        for ((queue, minute), n) in &self.by_minute {
            *by_queue.entry(queue).or_default() += n;
            *by_hour
                .entry((queue, minute.div_euclid(HOUR_MS) * HOUR_MS))
                .or_default() += n;
            conn.prepare_cached(
                "INSERT INTO throughput (minute_ms, queue, succeeded, failed, dead)
                 VALUES (?1, ?2, ?3, 0, 0)
                 ON CONFLICT (minute_ms, queue) DO UPDATE SET succeeded = succeeded + excluded.succeeded",
            )?
            .execute(params![minute, queue, n])?;
        }
        for ((queue, hour), n) in by_hour {
            conn.prepare_cached(
                "INSERT INTO throughput_hours (hour_ms, queue, succeeded, failed, dead)
                 VALUES (?1, ?2, ?3, 0, 0)
                 ON CONFLICT (hour_ms, queue) DO UPDATE SET succeeded = succeeded + excluded.succeeded",
            )?
            .execute(params![hour, queue, n])?;
        }
        for (queue, n) in by_queue {
            shift(conn, queue, RUNNING, SUCCEEDED, n)?;
        }
        Ok(())
    }
}
