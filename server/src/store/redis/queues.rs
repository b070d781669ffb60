//! [`QueueStore`] on Redis: the queue registry with each queue's counts and oldest ready task,
//! and the throughput buckets (each queue's own hash, read in `throughput.rs`).

use std::collections::HashMap;

use async_trait::async_trait;
use redis::AsyncCommands;

use crate::engine::audit::{AuditRecord, AuditWrite};
use crate::engine::model::{
    BucketSize, OverviewRecord, QueueName, QueueRecord, StateCounts, ThroughputBucket,
};
use crate::store::{CoordinationStore, QueueStore, StoreError, WorkerStore};

use super::RedisStore;
use super::audit::{AUDIT_ATTEMPTS, audited_error, is_retry, too_busy};
use super::records::{QueueRec, state_from_code};

impl RedisStore {
    async fn queue_records(&self, names: &[String]) -> Result<Vec<QueueRecord>, StoreError> {
        // The three reads go out together on the multiplexed connection: one round trip.
        let counts = async {
            let counts: HashMap<String, i64> =
                self.conn().hgetall(self.keys.global("counts")).await?;
            Ok::<_, StoreError>(counts)
        };
        let raws = async {
            if names.is_empty() {
                return Ok(Vec::new());
            }
            let raws: Vec<Option<Vec<u8>>> = redis::cmd("HMGET")
                .arg(self.keys.global("queues"))
                .arg(names)
                .query_async(&mut self.conn())
                .await?;
            Ok::<_, StoreError>(raws)
        };
        let oldest = async {
            if names.is_empty() {
                return Ok(Vec::new());
            }
            let mut pipe = redis::pipe();
            for name in names {
                pipe.zrange_withscores(self.keys.queue_key(name, "readyage"), 0, 0);
            }
            let oldest: Vec<Vec<(String, f64)>> = pipe.query_async(&mut self.conn()).await?;
            Ok::<_, StoreError>(oldest)
        };
        let (counts, raws, oldest) = tokio::try_join!(counts, raws, oldest)?;
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
        self.minute_buckets_since(since_ms).await
    }

    async fn throughput_history(
        &self,
        size: BucketSize,
        queues: &[QueueName],
        since_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<ThroughputBucket>, StoreError> {
        self.read_throughput(size, queues, since_ms, until_ms).await
    }

    async fn overview(&self, since_ms: i64, until_ms: i64) -> Result<OverviewRecord, StoreError> {
        // The queue names, then every part at once on the multiplexed connection: two round
        // trips (three where reads overlap), not one or more per part in turn.
        let names = self.queue_names().await?;
        let queues: Vec<QueueName> = names
            .iter()
            .map(|n| QueueName::from_trusted(n.clone()))
            .collect();
        let (queues, coordination, workers, throughput) = tokio::try_join!(
            self.queue_records(&names),
            self.coordination(),
            self.list_workers(),
            self.read_throughput(BucketSize::Minute, &queues, since_ms, until_ms),
        )?;
        Ok(OverviewRecord {
            queues,
            coordination,
            workers,
            throughput,
        })
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
