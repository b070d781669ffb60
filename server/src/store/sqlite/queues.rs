//! Queues: creating them, their maintained counts and oldest ready task, pause and weight,
//! and throughput per minute and per hour.

use std::collections::{BTreeMap, HashSet};

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::{
    BucketSize, OverviewRecord, QueueName, QueueRecord, StateCounts, ThroughputBucket,
    ThroughputCounts,
};
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::audit::insert_audit;
use crate::store::sqlite::coordination::coordination_record;
use crate::store::sqlite::rows::state_from_code;
use crate::store::sqlite::workers::worker_records;
use crate::store::{QueueStore, StoreError};

fn queue_record(conn: &Connection, name: &str) -> Result<Option<QueueRecord>, StoreError> {
    let base = conn
        .prepare_cached(
            "SELECT weight, paused, created_at_ms, updated_at_ms FROM queues WHERE name = ?1",
        )?
        .query_row([name], |r| {
            Ok((
                r.get::<_, Option<i64>>(0)?,
                r.get::<_, i64>(1)? != 0,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .optional()?;
    let Some((weight, paused, created, updated)) = base else {
        return Ok(None);
    };
    let mut counts = StateCounts::default();
    let mut stmt = conn.prepare_cached("SELECT state, n FROM queue_counts WHERE queue = ?1")?;
    let mut rows = stmt.query([name])?;
    while let Some(row) = rows.next()? {
        let state = state_from_code(row.get(0)?)?;
        *counts.slot(state) = row.get(1)?;
    }
    let oldest = oldest_ready(conn, name)?;
    Ok(Some(QueueRecord {
        name: QueueName::from_trusted(name.to_string()),
        weight_override: weight.map(|w| w.clamp(0, i64::from(u32::MAX)) as u32),
        paused,
        counts,
        oldest_ready_at_ms: oldest,
        created_at_ms: created,
        updated_at_ms: updated,
    }))
}

/// The time the oldest ready task of `queue` became ready. `tasks_ready` orders a queue's ready
/// tasks by priority first, so a plain `min(run_at_ms)` reads all of them; this walks the
/// distinct priorities instead (a seek each, then the first task of each), which costs a few
/// seeks per priority however many tasks wait. Past 64 priorities (any `i32` is one; a
/// producer could use thousands) it reads the queue's ready tasks after all, so its cost is
/// bounded by the plain query's. No index of ready tasks by time alone is kept: every lease
/// would have to take its task out of it too (migration 0014).
pub(super) const OLDEST_READY_SQL: &str = "WITH RECURSIVE p(priority, n) AS (
         SELECT (SELECT priority FROM tasks WHERE state = 1 AND queue = ?1
                 ORDER BY priority LIMIT 1), 1
         UNION ALL
         SELECT (SELECT t.priority FROM tasks t
                 WHERE t.state = 1 AND t.queue = ?1 AND t.priority > p.priority
                 ORDER BY t.priority LIMIT 1), p.n + 1
         FROM p WHERE p.priority IS NOT NULL AND p.n <= 64)
     SELECT CASE WHEN max(n) > 64
         THEN (SELECT min(run_at_ms) FROM tasks INDEXED BY tasks_ready
               WHERE state = 1 AND queue = ?1)
         ELSE min((SELECT t.run_at_ms FROM tasks t
                   WHERE t.state = 1 AND t.queue = ?1 AND t.priority = p.priority
                   ORDER BY t.run_at_ms LIMIT 1))
     END
     FROM p WHERE p.priority IS NOT NULL";

fn oldest_ready(conn: &Connection, queue: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached(OLDEST_READY_SQL)?
        .query_row([queue], |r| r.get(0))?)
}

#[async_trait]
impl QueueStore for SqliteStore {
    async fn ensure_queues(&self, names: &[QueueName], now_ms: i64) -> Result<(), StoreError> {
        let names = names.to_vec();
        self.db
            .write(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "INSERT OR IGNORE INTO queues (name, created_at_ms, updated_at_ms)
                         VALUES (?1, ?2, ?2)",
                )?;
                for name in &names {
                    stmt.execute(params![name.as_str(), now_ms])?;
                }
                Ok(())
            })
            .await
    }

    async fn list_queues(&self) -> Result<Vec<QueueRecord>, StoreError> {
        self.db.read(queue_records).await
    }

    async fn get_queue(&self, name: &QueueName) -> Result<Option<QueueRecord>, StoreError> {
        let name = name.clone();
        self.db
            .read(move |conn| queue_record(conn, name.as_str()))
            .await
    }

    async fn set_queue_paused(
        &self,
        name: &QueueName,
        paused: bool,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(QueueRecord, AuditRecord)>, StoreError> {
        let name = name.clone();
        let audit = audit.clone();
        self.db
            .write(move |conn| {
                let n = conn
                    .prepare_cached(
                        "UPDATE queues SET paused = ?1, updated_at_ms = ?2 WHERE name = ?3",
                    )?
                    .execute(params![paused, now_ms, name.as_str()])?;
                if n == 0 {
                    return Ok(None);
                }
                let record = insert_audit(conn, &audit, None)?;
                Ok(queue_record(conn, name.as_str())?.map(|q| (q, record)))
            })
            .await
    }

    async fn set_queue_weight(
        &self,
        name: &QueueName,
        weight: Option<u32>,
        create: bool,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(QueueRecord, AuditRecord)>, StoreError> {
        let name = name.clone();
        let audit = audit.clone();
        self.db
            .write(move |conn| {
                let exists = queue_record(conn, name.as_str())?.is_some();
                if exists == create {
                    return Ok(None);
                }
                if create {
                    conn.prepare_cached(
                        "INSERT OR IGNORE INTO queues (name, created_at_ms, updated_at_ms)
                         VALUES (?1, ?2, ?2)",
                    )?
                    .execute(params![name.as_str(), now_ms])?;
                }
                conn.prepare_cached(
                    "UPDATE queues SET weight = ?1, updated_at_ms = ?2 WHERE name = ?3",
                )?
                .execute(params![weight, now_ms, name.as_str()])?;
                let record = insert_audit(conn, &audit, None)?;
                Ok(queue_record(conn, name.as_str())?.map(|q| (q, record)))
            })
            .await
    }

    async fn throughput(&self, since_ms: i64) -> Result<Vec<ThroughputBucket>, StoreError> {
        self.db
            .read(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT minute_ms, queue, succeeded, failed, dead FROM throughput
                         WHERE minute_ms >= ?1 ORDER BY minute_ms, queue",
                )?;
                let buckets = stmt
                    .query_map([since_ms], |r| {
                        Ok(ThroughputBucket {
                            minute_ms: r.get(0)?,
                            queue: QueueName::from_trusted(r.get(1)?),
                            counts: ThroughputCounts {
                                succeeded: r.get(2)?,
                                failed: r.get(3)?,
                                dead: r.get(4)?,
                            },
                        })
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(buckets)
            })
            .await
    }

    async fn throughput_history(
        &self,
        size: BucketSize,
        queues: &[QueueName],
        since_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<ThroughputBucket>, StoreError> {
        let wanted: HashSet<String> = queues.iter().map(|q| q.as_str().to_string()).collect();
        // Quarter hours are summed from the minutes, over whole quarters: those starting in
        // the window.
        let (since_ms, until_ms) = match size {
            BucketSize::Quarter => {
                let q = size.ms();
                let up = |t: i64| t.div_euclid(q) * q + if t.rem_euclid(q) > 0 { q } else { 0 };
                (up(since_ms), up(until_ms))
            }
            _ => (since_ms, until_ms),
        };
        let sql = match size {
            BucketSize::Quarter => {
                "SELECT (minute_ms / 900000) * 900000 AS quarter, queue, sum(succeeded), sum(failed),
                        sum(dead)
                 FROM throughput WHERE minute_ms >= ?1 AND minute_ms < ?2
                 GROUP BY quarter, queue ORDER BY quarter, queue"
            }
            BucketSize::Minute => MINUTES,
            BucketSize::Hour => {
                "SELECT hour_ms, queue, succeeded, failed, dead FROM throughput_hours
                 WHERE hour_ms >= ?1 AND hour_ms < ?2 ORDER BY hour_ms, queue"
            }
        };
        self.db
            .read(move |conn| buckets(conn, sql, since_ms, until_ms, &wanted))
            .await
    }

    async fn overview(&self, since_ms: i64, until_ms: i64) -> Result<OverviewRecord, StoreError> {
        // One read transaction (one snapshot, one trip to a read thread) for every part.
        self.db
            .read(move |conn| {
                let queues = queue_records(conn)?;
                let wanted = queues.iter().map(|q| q.name.as_str().to_string()).collect();
                Ok(OverviewRecord {
                    coordination: coordination_record(conn)?,
                    workers: worker_records(conn)?,
                    throughput: buckets(conn, MINUTES, since_ms, until_ms, &wanted)?,
                    queues,
                })
            })
            .await
    }
}

/// Every queue with its counts and oldest ready task, by name.
fn queue_records(conn: &Connection) -> Result<Vec<QueueRecord>, StoreError> {
    let mut counts: BTreeMap<String, StateCounts> = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT queue, state, n FROM queue_counts")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let queue: String = row.get(0)?;
            let state = state_from_code(row.get(1)?)?;
            *counts.entry(queue).or_default().slot(state) = row.get(2)?;
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT name, weight, paused, created_at_ms, updated_at_ms
                 FROM queues ORDER BY name",
    )?;
    let bases = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, i64>(2)? != 0,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(bases.len());
    for (name, weight, paused, created, updated) in bases {
        let counts = counts.get(&name).copied().unwrap_or_default();
        let oldest = if counts.pending > 0 {
            oldest_ready(conn, &name)?
        } else {
            None
        };
        out.push(QueueRecord {
            name: QueueName::from_trusted(name),
            weight_override: weight.map(|w| w.clamp(0, i64::from(u32::MAX)) as u32),
            paused,
            counts,
            oldest_ready_at_ms: oldest,
            created_at_ms: created,
            updated_at_ms: updated,
        });
    }
    Ok(out)
}

/// The minute buckets starting in `[?1, ?2)`.
const MINUTES: &str = "SELECT minute_ms, queue, succeeded, failed, dead FROM throughput
                       WHERE minute_ms >= ?1 AND minute_ms < ?2 ORDER BY minute_ms, queue";

/// The buckets `sql` selects in `[since_ms, until_ms)` of the `wanted` queues.
fn buckets(
    conn: &Connection,
    sql: &str,
    since_ms: i64,
    until_ms: i64,
    wanted: &HashSet<String>,
) -> Result<Vec<ThroughputBucket>, StoreError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut buckets = Vec::new();
    // The primary key leads with the bucket's start: a range scan of the window.
    let mut rows = stmt.query(params![since_ms, until_ms])?;
    while let Some(r) = rows.next()? {
        let queue: String = r.get(1)?;
        if !wanted.contains(&queue) {
            continue;
        }
        buckets.push(ThroughputBucket {
            minute_ms: r.get(0)?,
            queue: QueueName::from_trusted(queue),
            counts: ThroughputCounts {
                succeeded: r.get(2)?,
                failed: r.get(3)?,
                dead: r.get(4)?,
            },
        });
    }
    Ok(buckets)
}
