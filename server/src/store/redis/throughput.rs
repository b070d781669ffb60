//! The Redis store's throughput history: each queue's own hash of minute, quarter-hour and hour
//! buckets (`q:<queue>:tp`) with two indexes of the buckets by start (`tpm`, `tph`), kept by
//! `lua/prelude.lua`'s `outcome`. Here: reading a window of buckets, the retention sweep (which
//! reads only the index entries that expired), and the one-time move of the single hash older
//! stores kept (`{P}:throughput`) into the queues' hashes, with the hour buckets that minutes
//! counted before hours existed never made.

use std::collections::{BTreeMap, BTreeSet};

use redis::Value;

use crate::engine::model::{BucketSize, QueueName, ThroughputBucket, ThroughputCounts};
use crate::store::StoreError;

use super::RedisStore;
use super::records::{array, int};

/// Index entries one sweep call removes per queue and index; the sweep calls again while a
/// call says there is more.
const SWEEP_BATCH: usize = 1_000;

/// Fields per HMGET of a history read.
const CHUNK: usize = 3_000;

/// Fields of the old hash moved per script call.
const MIGRATE_BATCH: usize = 1_000;

impl RedisStore {
    fn throughput_keys(&self, queue: &str) -> [String; 3] {
        ["tp", "tpm", "tph"].map(|k| self.keys.queue_key(queue, k))
    }

    /// The `size` buckets of `queues` starting in `[since_ms, until_ms)`: HMGETs of the window's
    /// fields by name, all in one pipeline, so the cost is the window's steps times the queues.
    pub(super) async fn read_throughput(
        &self,
        size: BucketSize,
        queues: &[QueueName],
        since_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<ThroughputBucket>, StoreError> {
        let step = size.ms();
        let prefix = match size {
            BucketSize::Minute => "",
            BucketSize::Quarter => "q",
            BucketSize::Hour => "h",
        };
        // The first start at or after `since_ms`.
        let first = since_ms.div_euclid(step) * step;
        let first = if first < since_ms {
            first + step
        } else {
            first
        };
        let mut starts = Vec::new();
        let mut start = first;
        while start < until_ms {
            starts.push(start);
            start += step;
        }
        if starts.is_empty() || queues.is_empty() {
            return Ok(Vec::new());
        }
        let mut slots: Vec<(usize, i64, usize)> = Vec::new();
        let mut pipe = redis::pipe();
        for (qi, queue) in queues.iter().enumerate() {
            let key = self.keys.queue_key(queue.as_str(), "tp");
            let mut fields = Vec::new();
            for start in &starts {
                for (ki, kind) in ["s", "f", "d"].iter().enumerate() {
                    slots.push((qi, *start, ki));
                    fields.push(format!("{prefix}{start}\u{1f}{kind}"));
                }
            }
            for chunk in fields.chunks(CHUNK) {
                pipe.cmd("HMGET").arg(&key).arg(chunk);
            }
        }
        let answers: Vec<Vec<Option<i64>>> = pipe.query_async(&mut self.conn()).await?;
        let mut buckets: BTreeMap<(i64, usize), ThroughputCounts> = BTreeMap::new();
        for (value, (qi, start, ki)) in answers.into_iter().flatten().zip(slots) {
            let Some(n) = value else { continue };
            let c = buckets.entry((start, qi)).or_default();
            match ki {
                0 => c.succeeded += n,
                1 => c.failed += n,
                _ => c.dead += n,
            }
        }
        let mut out: Vec<ThroughputBucket> = buckets
            .into_iter()
            .map(|((minute_ms, qi), counts)| ThroughputBucket {
                minute_ms,
                queue: queues[qi].clone(),
                counts,
            })
            .collect();
        out.sort_by(|a, b| (a.minute_ms, a.queue.as_str()).cmp(&(b.minute_ms, b.queue.as_str())));
        Ok(out)
    }

    /// Every minute bucket since `since_ms`, of every queue: the index of each queue's buckets
    /// from `since_ms` on, then their fields.
    pub(super) async fn minute_buckets_since(
        &self,
        since_ms: i64,
    ) -> Result<Vec<ThroughputBucket>, StoreError> {
        let mut out = Vec::new();
        for queue in self.queue_names().await? {
            let [tp, tpm, _] = self.throughput_keys(&queue);
            let members: Vec<String> = redis::cmd("ZRANGEBYSCORE")
                .arg(&tpm)
                .arg(since_ms)
                .arg("+inf")
                .query_async(&mut self.conn())
                .await?;
            for minute in members.iter().filter(|m| !m.starts_with('q')) {
                let fields: Vec<String> = ["s", "f", "d"]
                    .iter()
                    .map(|k| format!("{minute}\u{1f}{k}"))
                    .collect();
                let values: Vec<Option<i64>> = redis::cmd("HMGET")
                    .arg(&tp)
                    .arg(&fields)
                    .query_async(&mut self.conn())
                    .await?;
                let n = |i: usize| values.get(i).copied().flatten().unwrap_or(0);
                out.push(ThroughputBucket {
                    minute_ms: minute.parse().unwrap_or_default(),
                    queue: QueueName::from_trusted(queue.clone()),
                    counts: ThroughputCounts {
                        succeeded: n(0),
                        failed: n(1),
                        dead: n(2),
                    },
                });
            }
        }
        out.sort_by(|a, b| (a.minute_ms, a.queue.as_str()).cmp(&(b.minute_ms, b.queue.as_str())));
        Ok(out)
    }

    /// Drops minute and quarter buckets that start before `minutes_before` and hour buckets
    /// before `hours_before`, queue by queue, reading only the index entries that expired.
    /// Returns how many minute and hour fields went.
    pub(super) async fn sweep_throughput(
        &self,
        minutes_before: i64,
        hours_before: i64,
    ) -> Result<u64, StoreError> {
        let mut removed = 0;
        for queue in self.queue_names().await? {
            loop {
                let mut inv = self.scripts.sweep_throughput.prepare_invoke();
                for key in self.throughput_keys(&queue) {
                    inv.key(key);
                }
                inv.arg(minutes_before).arg(hours_before).arg(SWEEP_BATCH);
                let out = array(inv.invoke_async::<Value>(&mut self.conn()).await?);
                removed += out.first().map(int).unwrap_or(0).max(0) as u64;
                if out.get(1).map(int) != Some(1) {
                    break;
                }
            }
        }
        Ok(removed)
    }

    /// Moves the buckets of the single throughput hash older stores kept into the queues' own
    /// hashes, and makes the hour buckets of minutes counted before hours existed. Runs at every
    /// open; once the old hash is gone it costs one HSCAN of nothing. A node of an older version
    /// still writing the old hash during a rolling upgrade has its counts moved at the next open.
    pub(super) async fn migrate_throughput(&self) -> Result<u64, StoreError> {
        let legacy = self.keys.global("throughput");
        // The buckets of queues deleted since (whose history stayed behind then) are dropped.
        let registered: BTreeSet<String> = self.queue_names().await?.into_iter().collect();
        let mut cursor: u64 = 0;
        let mut moved = 0;
        let mut touched: BTreeSet<String> = BTreeSet::new();
        loop {
            let (next, page): (u64, Vec<String>) = redis::cmd("HSCAN")
                .arg(&legacy)
                .arg(cursor)
                .arg("COUNT")
                .arg(MIGRATE_BATCH)
                .query_async(&mut self.conn())
                .await?;
            let fields: Vec<&String> = page.iter().step_by(2).collect();
            for batch in fields.chunks(MIGRATE_BATCH) {
                let mut queues: Vec<String> = Vec::new();
                let mut args: Vec<String> = Vec::new();
                let mut orphans: Vec<&String> = Vec::new();
                for field in batch {
                    let queue = field.split('\u{1f}').nth(1).unwrap_or_default();
                    if !registered.contains(queue) {
                        orphans.push(*field);
                        continue;
                    }
                    let g = match queues.iter().position(|q| q == queue) {
                        Some(g) => g,
                        None => {
                            queues.push(queue.to_string());
                            queues.len() - 1
                        }
                    };
                    args.push((*field).clone());
                    args.push((g + 1).to_string());
                }
                if !orphans.is_empty() {
                    redis::cmd("HDEL")
                        .arg(&legacy)
                        .arg(&orphans)
                        .query_async::<i64>(&mut self.conn())
                        .await?;
                }
                if args.is_empty() {
                    continue;
                }
                let mut inv = self.scripts.migrate_throughput.prepare_invoke();
                inv.key(&legacy);
                for queue in &queues {
                    for key in self.throughput_keys(queue) {
                        inv.key(key);
                    }
                }
                for a in &args {
                    inv.arg(a);
                }
                moved += inv.invoke_async::<i64>(&mut self.conn()).await?.max(0) as u64;
                touched.extend(queues);
            }
            cursor = next;
            if cursor == 0 {
                break;
            }
        }
        for queue in &touched {
            let mut inv = self.scripts.backfill_hours.prepare_invoke();
            for key in self.throughput_keys(queue) {
                inv.key(key);
            }
            inv.invoke_async::<i64>(&mut self.conn()).await?;
        }
        if moved > 0 {
            tracing::info!(
                fields = moved,
                queues = touched.len(),
                "moved the throughput history into per-queue hashes"
            );
        }
        Ok(moved)
    }
}
