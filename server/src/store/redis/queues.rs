//! [`QueueStore`] on Redis: the queue registry with each queue's counts and oldest ready task,
//! and the throughput buckets per minute and per hour (one hash, `lua/prelude.lua` `outcome`).

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use redis::AsyncCommands;

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::{
    BucketSize, QueueName, QueueRecord, StateCounts, ThroughputBucket, ThroughputCounts,
};
use crate::store::{QueueStore, StoreError};

use super::RedisStore;
use super::audit::{AUDIT_ATTEMPTS, audited_error, is_retry, too_busy};
use super::records::{QueueRec, state_from_code};

impl RedisStore {
    async fn queue_records(&self, names: &[String]) -> Result<Vec<QueueRecord>, StoreError> {
        let counts: HashMap<String, i64> = self.conn().hgetall(self.keys.global("counts")).await?;
        let raws: Vec<Option<Vec<u8>>> = if names.is_empty() {
            Vec::new()
        } else {
            redis::cmd("HMGET")
                .arg(self.keys.global("queues"))
                .arg(names)
                .query_async(&mut self.conn())
                .await?
        };
        let mut pipe = redis::pipe();
        for name in names {
            pipe.zrange_withscores(self.keys.queue_key(name, "readyage"), 0, 0);
        }
        let oldest: Vec<Vec<(String, f64)>> = if names.is_empty() {
            Vec::new()
        } else {
            pipe.query_async(&mut self.conn()).await?
        };
        let mut out = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let Some(raw) = raws.get(i).and_then(|r| r.as_ref()) else {
                continue;
            };
            let q: QueueRec = serde_json::from_slice(raw)
                .map_err(|e| StoreError::Internal(format!("a queue record is unreadable: {e}")))?;
            let mut c = StateCounts::default();
            for code in 0..7 {
                let n = counts
                    .get(&format!("{name}\u{1f}{code}"))
                    .copied()
                    .unwrap_or(0);
                *c.slot(state_from_code(code)?) = n;
            }
            out.push(QueueRecord {
                name: QueueName::from_trusted(name.clone()),
                weight_override: q.weight.map(|w| w.clamp(0, i64::from(u32::MAX)) as u32),
                paused: q.paused != 0,
                counts: c,
                oldest_ready_at_ms: oldest
                    .get(i)
                    .and_then(|o| o.first())
                    .map(|(_, s)| *s as i64),
                created_at_ms: q.created,
                updated_at_ms: q.updated,
            });
        }
        Ok(out)
    }

    pub(super) async fn queue_names(&self) -> Result<Vec<String>, StoreError> {
        let mut names: Vec<String> = self.conn().hkeys(self.keys.global("queues")).await?;
        names.sort();
        Ok(names)
    }
}

#[async_trait]
impl QueueStore for RedisStore {
    async fn ensure_queues(&self, names: &[QueueName], now_ms: i64) -> Result<(), StoreError> {
        if names.is_empty() {
            return Ok(());
        }
        let mut inv = self.invocation(&self.scripts.ensure_queues, &[], &[]);
        inv.arg(now_ms);
        for n in names {
            inv.arg(n.as_str());
        }
        inv.invoke_async::<i64>(&mut self.conn()).await?;
        Ok(())
    }

    async fn list_queues(&self) -> Result<Vec<QueueRecord>, StoreError> {
        let names = self.queue_names().await?;
        self.queue_records(&names).await
    }

    async fn get_queue(&self, name: &QueueName) -> Result<Option<QueueRecord>, StoreError> {
        Ok(self
            .queue_records(&[name.as_str().to_string()])
            .await?
            .pop())
    }

    async fn set_queue_paused(
        &self,
        name: &QueueName,
        paused: bool,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(QueueRecord, AuditRecord)>, StoreError> {
        self.set_queue(
            name,
            "paused",
            i64::from(paused).to_string(),
            false,
            now_ms,
            audit,
        )
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
        let value = weight.map(|w| w.to_string()).unwrap_or_default();
        self.set_queue(name, "weight", value, create, now_ms, audit)
            .await
    }

    async fn throughput(&self, since_ms: i64) -> Result<Vec<ThroughputBucket>, StoreError> {
        let all: HashMap<String, i64> = self.conn().hgetall(self.keys.global("throughput")).await?;
        let mut buckets: BTreeMap<(i64, String), ThroughputCounts> = BTreeMap::new();
        for (field, n) in all {
            let mut parts = field.split('\u{1f}');
            let (Some(minute), Some(queue), Some(kind)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let Ok(minute) = minute.parse::<i64>() else {
                continue;
            };
            if minute < since_ms {
                continue;
            }
            let c = buckets.entry((minute, queue.to_string())).or_default();
            match kind {
                "s" => c.succeeded += n,
                "f" => c.failed += n,
                _ => c.dead += n,
            }
        }
        Ok(buckets
            .into_iter()
            .map(|((minute_ms, queue), counts)| ThroughputBucket {
                minute_ms,
                queue: QueueName::from_trusted(queue),
                counts,
            })
            .collect())
    }

    async fn throughput_history(
        &self,
        size: BucketSize,
        queues: &[QueueName],
        since_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<ThroughputBucket>, StoreError> {
        // The fields of the window are known, so they are asked for by name (HMGET) rather
        // than the whole hash read: the cost is the window times the queues.
        let step = size.ms();
        let prefix = match size {
            BucketSize::Minute => "",
            BucketSize::Hour => "h",
        };
        let first = since_ms.div_euclid(step) * step;
        let first = if first < since_ms {
            first + step
        } else {
            first
        };
        let mut slots: Vec<(i64, usize, usize)> = Vec::new();
        let mut fields: Vec<String> = Vec::new();
        let mut start = first;
        while start < until_ms {
            for (qi, queue) in queues.iter().enumerate() {
                for (ki, kind) in ["s", "f", "d"].iter().enumerate() {
                    slots.push((start, qi, ki));
                    fields.push(format!(
                        "{prefix}{start}\u{1f}{}\u{1f}{kind}",
                        queue.as_str()
                    ));
                }
            }
            start += step;
        }
        let key = self.keys.global("throughput");
        let mut buckets: BTreeMap<(i64, usize), ThroughputCounts> = BTreeMap::new();
        // HMGETs of a few thousand fields each, all in one pipeline: one round trip.
        const CHUNK: usize = 3_000;
        if fields.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = redis::pipe();
        for chunk in fields.chunks(CHUNK) {
            pipe.cmd("HMGET").arg(&key).arg(chunk);
        }
        let answers: Vec<Vec<Option<i64>>> = pipe.query_async(&mut self.conn()).await?;
        for (values, chunk_slots) in answers.into_iter().zip(slots.chunks(CHUNK)) {
            for (value, (start, qi, ki)) in values.into_iter().zip(chunk_slots) {
                let Some(n) = value else { continue };
                let c = buckets.entry((*start, *qi)).or_default();
                match ki {
                    0 => c.succeeded += n,
                    1 => c.failed += n,
                    _ => c.dead += n,
                }
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
}

impl RedisStore {
    /// One queue field changed with its audit entry in one script (`lua/set_queue.lua`).
    async fn set_queue(
        &self,
        name: &QueueName,
        field: &str,
        value: String,
        create: bool,
        now_ms: i64,
        audit: &AuditWrite,
    ) -> Result<Option<(QueueRecord, AuditRecord)>, StoreError> {
        for _ in 0..AUDIT_ATTEMPTS {
            let (args, sealed) = self.audit_args(audit, None).await?;
            let result: Result<i64, _> = self
                .invocation(&self.scripts.set_queue, &[], &[])
                .arg(args)
                .arg(name.as_str())
                .arg(field)
                .arg(&value)
                .arg(now_ms)
                .arg(if create { "1" } else { "0" })
                .invoke_async(&mut self.conn())
                .await;
            let id = match result {
                Ok(id) => id,
                Err(e) if is_retry(&e) => continue,
                Err(e) => return Err(audited_error(e)),
            };
            if id == 0 {
                return Ok(None);
            }
            let record = AuditRecord {
                id: id.to_string(),
                ..sealed
            };
            return Ok(self.get_queue(name).await?.map(|q| (q, record)));
        }
        Err(too_busy())
    }
}
