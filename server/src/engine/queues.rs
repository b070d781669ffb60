//! Queues: their listing, pause and weight, cluster-wide coordination and the overview.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use crate::engine::audit::AuditEntry;
use crate::engine::events::Event;
use crate::engine::model::{
    CoordinationRecord, LeaderRecord, QueueInfo, QueueName, QueueRecord, StateCounts, TaskFilter,
    TaskState, ThroughputCounts, WorkerRecord,
};
use crate::engine::rate::{self, RateLimit};
use crate::engine::{Engine, Error};

const WEIGHT_MAX: u32 = 10_000;

/// A queue whose oldest ready task waited this long is looked into for tasks no live worker can
/// run; a healthy queue leases sooner, so the look costs nothing there.
const UNSERVED_AFTER_MS: i64 = 1_000;

/// How many of such a queue's ready tasks are looked at.
const UNSERVED_SAMPLE: u32 = 100;

/// A handler with ready tasks that no live worker has registered: its tasks wait, silently
/// but for this, until one does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnservedHandler {
    pub handler: String,
    /// The queues it waits in, by name.
    pub queues: Vec<QueueName>,
}

/// Cluster-wide coordination as operators see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Coordination {
    pub dequeue_paused: bool,
    pub rate_limit: Option<RateLimit>,
    /// Tokens in the bucket now, when a rate limit is set.
    pub rate_tokens: Option<f64>,
    /// The live leader, if any.
    pub leader: Option<LeaderRecord>,
    /// The lease a leader holds the lock for.
    pub leader_lease_ms: i64,
    /// How long a task lease lasts.
    pub lease_ms: i64,
}

/// Completed outcomes per minute over all queues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThroughputPoint {
    pub minute_ms: i64,
    pub counts: ThroughputCounts,
}

/// The overview: computed from counters, O(queues) (plus a bounded sample of the ready tasks
/// of queues that stopped moving, for `unserved`).
#[derive(Clone, Debug, PartialEq)]
pub struct Overview {
    pub queues: Vec<QueueInfo>,
    pub totals: StateCounts,
    pub coordination: Coordination,
    pub live_workers: u32,
    /// The last minutes, oldest first, every minute present.
    pub throughput: Vec<ThroughputPoint>,
    /// The largest queue latency.
    pub max_latency_ms: i64,
    /// Handlers with ready tasks that no live worker has, by name.
    pub unserved: Vec<UnservedHandler>,
}

/// A weight set by an operator; `created` when the queue did not exist before.
#[derive(Clone, PartialEq, Debug)]
pub struct WeightSet {
    pub queue: QueueInfo,
    pub created: bool,
}

impl Engine {
    fn queue_info(&self, record: QueueRecord, now_ms: i64) -> QueueInfo {
        QueueInfo {
            weight: record
                .weight_override
                .unwrap_or_else(|| self.inner.config.default_weight(record.name.as_str())),
            weight_overridden: record.weight_override.is_some(),
            paused: record.paused,
            counts: record.counts,
            latency_ms: record
                .oldest_ready_at_ms
                .map_or(0, |at| (now_ms - at).max(0)),
            name: record.name,
        }
    }

    /// Every queue with its counts, read after this call began; callers at the same time share
    /// one read (`SharedRead`), so a hundred of them cost one or two.
    pub async fn list_queues(&self) -> Result<Vec<QueueInfo>, Error> {
        Ok(Arc::unwrap_or_clone(self.list_queues_shared().await?))
    }

    /// [`Engine::list_queues`] without copying the list out of the shared read.
    pub async fn list_queues_shared(&self) -> Result<Arc<Vec<QueueInfo>>, Error> {
        let engine = self.clone();
        self.inner
            .queue_reads
            .get(move || async move { engine.read_queues().await.map(Arc::new) })
            .await
    }

    async fn read_queues(&self) -> Result<Vec<QueueInfo>, Error> {
        let now = self.now_ms();
        Ok(self
            .inner
            .store
            .list_queues()
            .await?
            .into_iter()
            .map(|r| self.queue_info(r, now))
            .collect())
    }

    pub async fn get_queue(&self, name: &QueueName) -> Result<QueueInfo, Error> {
        let record = self
            .inner
            .store
            .get_queue(name)
            .await?
            .ok_or_else(|| queue_not_found(name))?;
        Ok(self.queue_info(record, self.now_ms()))
    }

    /// Pauses or resumes leasing from one queue, cluster-wide. Enqueue still works. `audit` is
    /// written with the change, both or neither.
    pub async fn pause_queue(
        &self,
        name: &QueueName,
        paused: bool,
        audit: AuditEntry,
    ) -> Result<QueueInfo, Error> {
        let now = self.now_ms();
        let (record, entry) = self
            .inner
            .store
            .set_queue_paused(name, paused, now, &self.audit_write(audit))
            .await?
            .ok_or_else(|| queue_not_found(name))?;
        self.invalidate_queue_cache();
        let info = self.queue_info(record, now);
        {
            let mut counters = self.inner.counters.lock().expect("counters lock");
            if paused {
                counters.pause += 1;
            } else {
                counters.resume += 1;
            }
        }
        self.append(Event::QueueChanged {
            queue: name.to_string(),
            action: if paused { "pause" } else { "resume" }.into(),
            paused,
            weight: info.weight,
        })
        .await;
        self.announce_audit(entry).await;
        if !paused {
            self.wake_workers();
        }
        Ok(info)
    }

    /// Sets a queue's weight (1 to 10000), persisted and honoured by every node, registering
    /// the queue first when it does not exist yet (as an enqueue or a replay would): go-worker's
    /// admin UI creates queues this way. `audit` is written with the change; a weight that
    /// registers its queue is recorded as `queue.create`.
    pub async fn set_queue_weight(
        &self,
        name: &QueueName,
        weight: u32,
        audit: AuditEntry,
    ) -> Result<WeightSet, Error> {
        if weight == 0 || weight > WEIGHT_MAX {
            return Err(Error::invalid(
                "invalid_weight",
                format!("weight {weight} is out of range; use 1 to {WEIGHT_MAX}"),
            ));
        }
        let store = &self.inner.store;
        // Whether this write creates the queue decides the entry's action, and the entry is
        // sealed before the write: so we plan on a read, and the store refuses a plan the
        // registry no longer matches (another call created the queue), and we plan again.
        for _ in 0..10 {
            let now = self.now_ms();
            let created = store.get_queue(name).await?.is_none();
            let mut entry = audit.clone();
            if created {
                entry.action = "queue.create".into();
                entry.detail = format!("created with weight {weight}");
            }
            let write = self.audit_write(entry);
            if let Some((record, entry)) = store
                .set_queue_weight(name, Some(weight), created, now, &write)
                .await?
            {
                let queue = self
                    .weight_changed(record, now, if created { "created" } else { "weight" })
                    .await;
                self.announce_audit(entry).await;
                return Ok(WeightSet { queue, created });
            }
        }
        Err(Error::Unavailable(format!(
            "queue {name} kept changing while its weight was set; try again"
        )))
    }

    /// Returns a queue to its configured weight; `audit` is written with the change.
    pub async fn reset_queue_weight(
        &self,
        name: &QueueName,
        audit: AuditEntry,
    ) -> Result<QueueInfo, Error> {
        let now = self.now_ms();
        let (record, entry) = self
            .inner
            .store
            .set_queue_weight(name, None, false, now, &self.audit_write(audit))
            .await?
            .ok_or_else(|| queue_not_found(name))?;
        let info = self.weight_changed(record, now, "weight_reset").await;
        self.announce_audit(entry).await;
        Ok(info)
    }

    async fn weight_changed(&self, record: QueueRecord, now: i64, action: &str) -> QueueInfo {
        let name = record.name.clone();
        self.invalidate_queue_cache();
        let info = self.queue_info(record, now);
        self.append(Event::QueueChanged {
            queue: name.to_string(),
            action: action.into(),
            paused: info.paused,
            weight: info.weight,
        })
        .await;
        info
    }

    /// Pauses or resumes leasing from every queue, cluster-wide; `audit` is written with the
    /// change, both or neither.
    pub async fn set_dequeue_paused(&self, paused: bool, audit: AuditEntry) -> Result<(), Error> {
        let entry = self
            .inner
            .store
            .set_dequeue_paused(paused, self.now_ms(), &self.audit_write(audit))
            .await?;
        {
            let mut counters = self.inner.counters.lock().expect("counters lock");
            if paused {
                counters.pause += 1;
            } else {
                counters.resume += 1;
            }
        }
        self.append(Event::DequeueChanged { paused }).await;
        self.announce_audit(entry).await;
        if !paused {
            self.wake_workers();
        }
        Ok(())
    }

    pub async fn coordination(&self) -> Result<Coordination, Error> {
        let record = self.inner.store.coordination().await?;
        Ok(self.coordination_of(record))
    }

    fn coordination_of(&self, record: CoordinationRecord) -> Coordination {
        let now = self.now_ms();
        let cfg = &self.inner.config;
        let rate_tokens = cfg.rate_limit.map(|limit| {
            let bucket = match (record.rate_tokens, record.rate_updated_at_ms) {
                (Some(tokens), Some(updated_at_ms)) => Some(rate::Bucket {
                    tokens,
                    updated_at_ms,
                }),
                _ => None,
            };
            limit.available(bucket, now)
        });
        Coordination {
            dequeue_paused: record.dequeue_paused,
            rate_limit: cfg.rate_limit,
            rate_tokens,
            leader: record.leader.filter(|l| l.expires_at_ms > now),
            leader_lease_ms: cfg.leader_lease_ms,
            lease_ms: cfg.lease_ms,
        }
    }

    /// Queue counts, coordination, workers and throughput, from counters only, read after this
    /// call began; callers at the same time share one read (`SharedRead`).
    pub async fn overview(&self) -> Result<Overview, Error> {
        Ok(Arc::unwrap_or_clone(self.overview_shared().await?))
    }

    /// [`Engine::overview`] without copying it out of the shared read.
    pub async fn overview_shared(&self) -> Result<Arc<Overview>, Error> {
        let engine = self.clone();
        self.inner
            .overview_reads
            .get(move || async move { engine.read_overview().await.map(Arc::new) })
            .await
    }

    async fn read_overview(&self) -> Result<Overview, Error> {
        let now = self.now_ms();
        const MINUTES: i64 = 15;
        let this_minute = now.div_euclid(60_000) * 60_000;
        let since = this_minute - (MINUTES - 1) * 60_000;
        // One store call for every part: one read transaction, or two round trips.
        let read = self
            .inner
            .store
            .overview(since, this_minute + 60_000)
            .await?;
        let queues: Vec<QueueInfo> = read
            .queues
            .into_iter()
            .map(|r| self.queue_info(r, now))
            .collect();
        let coordination = self.coordination_of(read.coordination);
        let workers = read.workers;
        let buckets = read.throughput;
        let mut by_minute: BTreeMap<i64, ThroughputCounts> = (0..MINUTES)
            .map(|i| (since + i * 60_000, ThroughputCounts::default()))
            .collect();
        for bucket in buckets {
            if let Some(slot) = by_minute.get_mut(&bucket.minute_ms) {
                slot.succeeded += bucket.counts.succeeded;
                slot.failed += bucket.counts.failed;
                slot.dead += bucket.counts.dead;
            }
        }
        let mut totals = StateCounts::default();
        for q in &queues {
            totals.add(&q.counts);
        }
        let unserved = self.unserved(&queues, &workers).await?;
        Ok(Overview {
            max_latency_ms: queues.iter().map(|q| q.latency_ms).max().unwrap_or(0),
            totals,
            queues,
            coordination,
            live_workers: workers.iter().filter(|w| w.state.is_live()).count() as u32,
            throughput: by_minute
                .into_iter()
                .map(|(minute_ms, counts)| ThroughputPoint { minute_ms, counts })
                .collect(),
            unserved,
        })
    }

    /// Handlers of ready tasks no live worker has, looked for only in queues whose oldest ready
    /// task has waited [`UNSERVED_AFTER_MS`], among their first [`UNSERVED_SAMPLE`] ready tasks.
    async fn unserved(
        &self,
        queues: &[QueueInfo],
        workers: &[WorkerRecord],
    ) -> Result<Vec<UnservedHandler>, Error> {
        let served: HashSet<&str> = workers
            .iter()
            .filter(|w| w.state.is_live())
            .flat_map(|w| w.handlers.iter().map(String::as_str))
            .collect();
        let mut unserved: BTreeMap<String, BTreeSet<QueueName>> = BTreeMap::new();
        for q in queues {
            if q.counts.pending == 0 || q.latency_ms < UNSERVED_AFTER_MS {
                continue;
            }
            let filter = TaskFilter {
                queue: Some(q.name.clone()),
                state: Some(TaskState::Pending),
                ..TaskFilter::default()
            };
            let page = self
                .inner
                .store
                .list_tasks(&filter, UNSERVED_SAMPLE, 0)
                .await?;
            for task in page.items {
                if !served.contains(task.handler.as_str()) {
                    unserved
                        .entry(task.handler.to_string())
                        .or_default()
                        .insert(q.name.clone());
                }
            }
        }
        Ok(unserved
            .into_iter()
            .map(|(handler, queues)| UnservedHandler {
                handler,
                queues: queues.into_iter().collect(),
            })
            .collect())
    }
}

fn queue_not_found(name: &QueueName) -> Error {
    Error::not_found("queue_not_found", format!("queue {name} not found"))
}
