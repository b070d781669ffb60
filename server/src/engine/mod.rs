//! The durable task engine: validation, defaults and every state transition's rules, on top of
//! any [`Store`].
//!
//! The engine decides; the store persists. Transports (gRPC, HTTP), the worker runtime and the
//! embedding API all call [`Engine`]; nothing else talks to a store. The engine never reads the
//! wall clock directly: time comes from the injected [`Clock`].

pub mod audit;
pub mod clock;
pub mod error;
pub mod events;
pub mod fair;
pub mod model;
pub mod rate;
pub mod retry;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::Stream;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::store::{
    DlqPurge, Extended, FailNext, Idempotency, Inserted, LeaseRequest, NewTask, NewWorker,
    RetryResult, Store, Sweep, SweepCounts, WorkerCommand,
};
use audit::{AuditCursor, AuditEntry, AuditFilter, AuditRecord};
use clock::Clock;
pub use error::Error;
use events::{Coalescer, Event, LoggedEvent};
use fair::FairScheduler;
use model::*;
use rate::RateLimit;
use retry::{AfterFailure, AttemptFailure, RetryPolicy};

/// Longest error text kept per attempt; longer errors are cut (on a character boundary).
pub const ERROR_TEXT_MAX: usize = 4_096;
/// Most tasks one batch enqueue may carry.
pub const BATCH_MAX: usize = 1_000;
/// Listings return at most this many items per page.
pub const PAGE_MAX: u32 = 1_000;
/// Items per page when the caller does not say.
pub const PAGE_DEFAULT: u32 = 100;
const IDEMPOTENCY_KEY_MAX: usize = 256;
const METADATA_ENTRIES_MAX: usize = 64;
const METADATA_VALUE_MAX: usize = 4_096;
const MAX_RETRIES_MAX: u32 = 10_000;
const TIMEOUT_MAX_MS: i64 = 7 * 24 * 3_600_000;
const WEIGHT_MAX: u32 = 10_000;
/// How long the cached queue registry serves lease rounds before it is read again.
const QUEUE_CACHE_TTL: Duration = Duration::from_secs(1);
/// Tasks reclaimed or promoted per maintenance pass.
const MAINTENANCE_BATCH: u32 = 1_000;

/// The engine's settings; `workerd` fills them from the environment.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    /// Where tasks go when they name no queue.
    pub default_queue: QueueName,
    /// Weights used for queues that have no operator override (default 1).
    pub queue_weights: BTreeMap<String, u32>,
    /// How long a lease lasts without a heartbeat.
    pub lease_ms: i64,
    pub retry: RetryPolicy,
    pub default_max_retries: u32,
    /// Used when a task names no timeout.
    pub default_timeout_ms: i64,
    /// Succeeded and cancelled tasks are deleted this long after they finished.
    pub task_retention_ms: i64,
    /// Dead tasks are deleted this long after they failed; `None` keeps them until replayed or
    /// purged.
    pub dlq_retention_ms: Option<i64>,
    pub idempotency_ttl_ms: i64,
    /// A running task without a heartbeat for this long is reported stuck.
    pub stuck_after_ms: i64,
    /// A worker without a heartbeat for this long is marked lost.
    pub worker_lost_after_ms: i64,
    pub rate_limit: Option<RateLimit>,
    pub leader_lease_ms: i64,
    /// The event log keeps this many entries.
    pub event_log_limit: u64,
    pub max_payload_bytes: usize,
    /// How long a cancelled running task may take to stop before it is killed.
    pub cancel_grace_ms: i64,
    /// How often coalesced task summaries are written to the event log.
    pub event_flush_ms: i64,
    /// This process's name for the leader lock.
    pub node_id: String,
    /// The audit log keeps this many entries; older ones are archived (when a directory is set)
    /// and deleted.
    pub audit_limit: u64,
    /// Audit entries older than this are archived and deleted too.
    pub audit_retention_ms: Option<i64>,
    /// Where evicted audit entries are written as JSONL files before they are deleted.
    pub audit_archive_dir: Option<std::path::PathBuf>,
    /// How often audit retention and archiving run (on the leader).
    pub audit_archive_interval_ms: i64,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            default_queue: QueueName::new("default").expect("valid name"),
            queue_weights: BTreeMap::new(),
            lease_ms: 30_000,
            retry: RetryPolicy::default(),
            default_max_retries: 3,
            default_timeout_ms: 30 * 60_000,
            task_retention_ms: 7 * 24 * 3_600_000,
            dlq_retention_ms: None,
            idempotency_ttl_ms: 24 * 3_600_000,
            stuck_after_ms: 20_000,
            worker_lost_after_ms: 60_000,
            rate_limit: None,
            leader_lease_ms: 15_000,
            event_log_limit: 100_000,
            max_payload_bytes: 1 << 20,
            cancel_grace_ms: 10_000,
            event_flush_ms: 1_000,
            node_id: format!("node-{}", uuid::Uuid::now_v7()),
            audit_limit: 500,
            audit_retention_ms: None,
            audit_archive_dir: None,
            audit_archive_interval_ms: 30_000,
        }
    }
}

impl EngineConfig {
    /// The weight a queue has when no operator changed it.
    pub fn default_weight(&self, queue: &str) -> u32 {
        self.queue_weights.get(queue).copied().unwrap_or(1)
    }

    /// Heartbeats run at a third of the lease, so two can be missed before it expires.
    pub fn heartbeat_interval(&self) -> Duration {
        Duration::from_millis((self.lease_ms / 3).max(1) as u64)
    }
}

/// Where a subscription to the event log starts.
#[derive(Clone, Debug)]
pub enum EventsFrom {
    /// From the oldest event still kept.
    Start,
    /// Only events appended from now on.
    Now,
    /// Exactly after this event.
    After(EventId),
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

/// The overview: computed from counters, O(queues).
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
}

/// Counters of operator actions since this process started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActionCounters {
    pub pause: u64,
    pub resume: u64,
    pub replay: u64,
}

/// What one maintenance pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MaintenanceReport {
    pub promoted: u64,
    pub reclaimed: u64,
    pub leader: bool,
    pub swept: SweepCounts,
    pub lost_workers: u64,
    pub stuck: u64,
    /// Audit entries evicted by retention (archived first when a directory is set).
    pub audit_evicted: u64,
}

#[derive(Clone, Debug)]
struct QueueCacheEntry {
    name: QueueName,
    weight: u32,
    paused: bool,
}

#[derive(Debug, Default)]
struct QueueCache {
    loaded: Option<Instant>,
    queues: Vec<QueueCacheEntry>,
}

/// The durable task engine. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    config: EngineConfig,
    /// Woken when tasks may have become ready: enqueue, retry, replay, resume, release.
    ready: Notify,
    /// Woken after this process appended events, so followers read at once.
    appended: Notify,
    coalescer: Mutex<Coalescer>,
    fair: Mutex<FairScheduler>,
    queue_cache: Mutex<QueueCache>,
    /// Cancellation signals of tasks running in this process, so a cancel reaches them at once
    /// rather than at their worker's next heartbeat.
    local_runs: Mutex<HashMap<TaskId, CancellationToken>>,
    counters: Mutex<ActionCounters>,
    /// When audit retention last ran, in clock time.
    audit_swept_at_ms: Mutex<Option<i64>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

fn truncate_error(error: &str) -> String {
    if error.len() <= ERROR_TEXT_MAX {
        return error.to_string();
    }
    let mut end = ERROR_TEXT_MAX;
    while !error.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &error[..end])
}

fn page_limit(limit: u32) -> u32 {
    if limit == 0 {
        PAGE_DEFAULT
    } else {
        limit.min(PAGE_MAX)
    }
}

impl Engine {
    /// Builds an engine over `store` and registers the default and configured queues.
    pub async fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        config: EngineConfig,
    ) -> Result<Self, Error> {
        let mut names = vec![config.default_queue.clone()];
        for name in config.queue_weights.keys() {
            names.push(QueueName::new(name.clone())?);
        }
        store.ensure_queues(&names, clock.now_ms()).await?;
        Ok(Self {
            inner: Arc::new(Inner {
                store,
                clock,
                config,
                ready: Notify::new(),
                appended: Notify::new(),
                coalescer: Mutex::new(Coalescer::default()),
                fair: Mutex::new(FairScheduler::new()),
                queue_cache: Mutex::new(QueueCache::default()),
                local_runs: Mutex::new(HashMap::new()),
                counters: Mutex::new(ActionCounters::default()),
                audit_swept_at_ms: Mutex::new(None),
            }),
        })
    }

    pub fn config(&self) -> &EngineConfig {
        &self.inner.config
    }

    pub fn now_ms(&self) -> i64 {
        self.inner.clock.now_ms()
    }

    /// Resolves when tasks may have become ready in this process.
    pub(crate) fn ready_notified(&self) -> tokio::sync::futures::Notified<'_> {
        self.inner.ready.notified()
    }

    fn wake_workers(&self) {
        self.inner.ready.notify_waiters();
    }

    fn record(&self, queue: &QueueName, id: &TaskId, state: TaskState) {
        let now = self.now_ms();
        self.inner.coalescer.lock().expect("coalescer lock").record(
            now,
            queue.as_str(),
            id.as_str(),
            state,
            1,
        );
    }

    fn invalidate_queue_cache(&self) {
        self.inner
            .queue_cache
            .lock()
            .expect("queue cache lock")
            .loaded = None;
    }

    pub fn action_counters(&self) -> ActionCounters {
        *self.inner.counters.lock().expect("counters lock")
    }

    // --- enqueue -------------------------------------------------------------------------------

    fn prepare(&self, spec: TaskSpec, now_ms: i64) -> Result<NewTask, Error> {
        let cfg = &self.inner.config;
        let handler = HandlerName::new(spec.handler)?;
        let queue = if spec.queue.is_empty() {
            cfg.default_queue.clone()
        } else {
            QueueName::new(spec.queue)?
        };
        if spec.payload.len() > cfg.max_payload_bytes {
            return Err(Error::invalid(
                "payload_too_large",
                format!(
                    "payload is {} bytes; the limit is {} bytes",
                    spec.payload.len(),
                    cfg.max_payload_bytes
                ),
            ));
        }
        let max_retries = spec.max_retries.unwrap_or(cfg.default_max_retries);
        if max_retries > MAX_RETRIES_MAX {
            return Err(Error::invalid(
                "invalid_max_retries",
                format!("max_retries is {max_retries}; the limit is {MAX_RETRIES_MAX}"),
            ));
        }
        if spec.timeout_ms < 0 || spec.timeout_ms > TIMEOUT_MAX_MS {
            return Err(Error::invalid(
                "invalid_timeout",
                format!(
                    "timeout_ms is {}; use 0 for the default or up to {TIMEOUT_MAX_MS} (7 days)",
                    spec.timeout_ms
                ),
            ));
        }
        if spec.run_at_ms < 0 {
            return Err(Error::invalid(
                "invalid_run_at",
                format!(
                    "run_at_ms is {}; use 0 for now or a Unix time in milliseconds",
                    spec.run_at_ms
                ),
            ));
        }
        let idempotency = if spec.idempotency_key.is_empty() {
            None
        } else {
            if spec.idempotency_key.len() > IDEMPOTENCY_KEY_MAX
                || spec.idempotency_key.chars().any(char::is_control)
            {
                return Err(Error::invalid(
                    "invalid_idempotency_key",
                    format!(
                        "idempotency key must be 1 to {IDEMPOTENCY_KEY_MAX} bytes without control characters"
                    ),
                ));
            }
            Some(Idempotency {
                key: spec.idempotency_key,
                expires_at_ms: now_ms.saturating_add(cfg.idempotency_ttl_ms),
            })
        };
        if spec.metadata.len() > METADATA_ENTRIES_MAX {
            return Err(Error::invalid(
                "invalid_metadata",
                format!(
                    "metadata has {} entries; the limit is {METADATA_ENTRIES_MAX}",
                    spec.metadata.len()
                ),
            ));
        }
        for (key, value) in &spec.metadata {
            let key_ok = !key.is_empty()
                && key.len() <= NAME_MAX_LEN
                && key.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'-' | b'/')
                });
            if !key_ok {
                return Err(Error::invalid(
                    "invalid_metadata",
                    format!(
                        "metadata key {key:?} is invalid: use 1 to {NAME_MAX_LEN} characters from A-Z, a-z, 0-9, '.', '_', ':', '-' and '/'"
                    ),
                ));
            }
            if value.len() > METADATA_VALUE_MAX {
                return Err(Error::invalid(
                    "invalid_metadata",
                    format!("metadata value of {key:?} is longer than {METADATA_VALUE_MAX} bytes"),
                ));
            }
        }
        let run_at_ms = spec.run_at_ms.max(now_ms);
        let timeout_ms = if spec.timeout_ms == 0 {
            cfg.default_timeout_ms
        } else {
            spec.timeout_ms
        };
        Ok(NewTask {
            id: TaskId::generate(),
            handler,
            queue,
            payload: spec.payload,
            priority: spec.priority,
            max_retries,
            timeout_ms,
            run_at_ms,
            state: if run_at_ms > now_ms {
                TaskState::Scheduled
            } else {
                TaskState::Pending
            },
            idempotency,
            metadata: spec.metadata,
            created_at_ms: now_ms,
        })
    }

    /// Enqueues one task.
    pub async fn enqueue(&self, spec: TaskSpec) -> Result<Enqueued, Error> {
        let mut out = self.enqueue_prepared(vec![spec], false).await?;
        Ok(out.remove(0))
    }

    /// Enqueues up to [`BATCH_MAX`] tasks atomically: all are written or none.
    pub async fn enqueue_batch(&self, specs: Vec<TaskSpec>) -> Result<Vec<Enqueued>, Error> {
        if specs.is_empty() {
            return Err(Error::invalid("empty_batch", "the batch has no tasks"));
        }
        if specs.len() > BATCH_MAX {
            return Err(Error::exhausted(
                "batch_too_large",
                format!(
                    "the batch has {} tasks; the limit is {BATCH_MAX}",
                    specs.len()
                ),
            ));
        }
        self.enqueue_prepared(specs, true).await
    }

    async fn enqueue_prepared(
        &self,
        specs: Vec<TaskSpec>,
        batch: bool,
    ) -> Result<Vec<Enqueued>, Error> {
        let now = self.now_ms();
        let mut tasks = Vec::with_capacity(specs.len());
        for (idx, spec) in specs.into_iter().enumerate() {
            match self.prepare(spec, now) {
                Ok(task) => tasks.push(task),
                Err(Error::InvalidArgument { reason, message }) if batch => {
                    return Err(Error::invalid(reason, format!("task {idx}: {message}")));
                }
                Err(e) => return Err(e),
            }
        }
        let mut new_queue = false;
        {
            let cache = self.inner.queue_cache.lock().expect("queue cache lock");
            for task in &tasks {
                if !cache.queues.iter().any(|q| q.name == task.queue) {
                    new_queue = true;
                }
            }
        }
        let queues: Vec<QueueName> = tasks.iter().map(|t| t.queue.clone()).collect();
        let states: Vec<TaskState> = tasks.iter().map(|t| t.state).collect();
        let inserted = self.inner.store.insert_tasks(tasks, now).await?;
        if new_queue {
            self.invalidate_queue_cache();
        }
        let mut out = Vec::with_capacity(inserted.len());
        for ((inserted, queue), state) in inserted.into_iter().zip(&queues).zip(states) {
            match inserted {
                Inserted::Created(id) => {
                    self.record(queue, &id, state);
                    out.push(Enqueued {
                        id,
                        deduplicated: false,
                    });
                }
                Inserted::Duplicate(id) => out.push(Enqueued {
                    id,
                    deduplicated: true,
                }),
            }
        }
        self.wake_workers();
        Ok(out)
    }

    // --- leases ---------------------------------------------------------------------------------

    async fn lease_candidates(&self) -> Result<Vec<QueueCacheEntry>, Error> {
        {
            let cache = self.inner.queue_cache.lock().expect("queue cache lock");
            if cache
                .loaded
                .is_some_and(|at| at.elapsed() < QUEUE_CACHE_TTL)
            {
                return Ok(cache.queues.clone());
            }
        }
        let records = self.inner.store.list_queues().await?;
        let queues: Vec<QueueCacheEntry> = records
            .into_iter()
            .map(|r| QueueCacheEntry {
                weight: r
                    .weight_override
                    .unwrap_or_else(|| self.inner.config.default_weight(r.name.as_str())),
                paused: r.paused,
                name: r.name,
            })
            .collect();
        let mut cache = self.inner.queue_cache.lock().expect("queue cache lock");
        cache.loaded = Some(Instant::now());
        cache.queues = queues.clone();
        Ok(queues)
    }

    /// Leases up to `n` tasks for `worker`, choosing queues by weight. Only tasks of `handlers`
    /// are taken; `queues` (when given) restricts the choice.
    pub async fn lease(
        &self,
        worker: &WorkerId,
        handlers: &[HandlerName],
        queues: Option<&[QueueName]>,
        n: u32,
    ) -> Result<Vec<LeasedTask>, Error> {
        if n == 0 || handlers.is_empty() {
            return Ok(Vec::new());
        }
        let candidates: Vec<QueueCacheEntry> = self
            .lease_candidates()
            .await?
            .into_iter()
            .filter(|q| !q.paused && q.weight > 0)
            .filter(|q| queues.is_none_or(|allowed| allowed.contains(&q.name)))
            .collect();
        let mut dry: HashSet<QueueName> = HashSet::new();
        let mut leased: Vec<LeasedTask> = Vec::new();
        // A queue that runs dry hands its share to the others; at most one extra round per queue.
        for _ in 0..=candidates.len() {
            let wanted = n - leased.len() as u32;
            if wanted == 0 {
                break;
            }
            let live: Vec<&QueueCacheEntry> = candidates
                .iter()
                .filter(|q| !dry.contains(&q.name))
                .collect();
            if live.is_empty() {
                break;
            }
            let plan: Vec<(QueueName, u32)> = {
                let weights: Vec<(&str, u32)> =
                    live.iter().map(|q| (q.name.as_str(), q.weight)).collect();
                let mut fair = self.inner.fair.lock().expect("fair scheduler lock");
                fair.plan(&weights, wanted)
                    .into_iter()
                    .map(|(idx, count)| (live[idx].name.clone(), count))
                    .collect()
            };
            let now = self.now_ms();
            let result = self
                .inner
                .store
                .lease(LeaseRequest {
                    worker_id: worker.clone(),
                    plan,
                    handlers: handlers.to_vec(),
                    now_ms: now,
                    lease_until_ms: now + self.inner.config.lease_ms,
                    rate_limit: self.inner.config.rate_limit,
                })
                .await?;
            for task in &result.tasks {
                self.record(&task.queue, &task.id, TaskState::Running);
            }
            leased.extend(result.tasks);
            if result.dequeue_paused || result.rate_limited || result.short.is_empty() {
                break;
            }
            let mut fair = self.inner.fair.lock().expect("fair scheduler lock");
            for queue in result.short {
                fair.reset(queue.as_str());
                dry.insert(queue);
            }
        }
        Ok(leased)
    }

    /// Marks a leased task succeeded.
    pub async fn complete(&self, task: &LeasedTask) -> Result<(), Error> {
        self.inner
            .store
            .complete(&task.id, task.token, self.now_ms())
            .await?;
        self.record(&task.queue, &task.id, TaskState::Succeeded);
        Ok(())
    }

    /// Ends a failed attempt: retried with backoff while attempts remain, dead-lettered after.
    /// Returns the next state.
    pub async fn fail(
        &self,
        task: &LeasedTask,
        failure: AttemptFailure,
        error: &str,
    ) -> Result<TaskState, Error> {
        self.fail_attempt(
            &task.id,
            task.token,
            &task.queue,
            task.attempt,
            task.max_retries,
            failure,
            error,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn fail_attempt(
        &self,
        id: &TaskId,
        token: LeaseToken,
        queue: &QueueName,
        attempt: u32,
        max_retries: u32,
        failure: AttemptFailure,
        error: &str,
    ) -> Result<TaskState, Error> {
        let now = self.now_ms();
        let unit: f64 = rand::random();
        let next = retry::after_failure(
            &self.inner.config.retry,
            failure,
            attempt,
            max_retries,
            now,
            unit,
        );
        let (next, state) = match next {
            AfterFailure::RetryAt(at) => (FailNext::RetryAt(at), TaskState::Retrying),
            AfterFailure::Dead(reason) => (FailNext::Dead(reason), TaskState::Dead),
        };
        self.inner
            .store
            .fail(id, token, &truncate_error(error), next, now)
            .await?;
        self.record(queue, id, state);
        if state == TaskState::Dead {
            self.dlq_changed(Some(queue), "dead", 1, 0).await;
        }
        Ok(state)
    }

    /// Records a running task as cancelled (its cancel was requested and it stopped).
    pub async fn finish_cancelled(&self, task: &LeasedTask, detail: &str) -> Result<(), Error> {
        self.inner
            .store
            .fail(
                &task.id,
                task.token,
                &truncate_error(detail),
                FailNext::Cancelled,
                self.now_ms(),
            )
            .await?;
        self.record(&task.queue, &task.id, TaskState::Cancelled);
        Ok(())
    }

    /// Extends the leases of running tasks; see [`Extended`].
    pub async fn extend(&self, leases: &[(TaskId, LeaseToken)]) -> Result<Vec<Extended>, Error> {
        if leases.is_empty() {
            return Ok(Vec::new());
        }
        let now = self.now_ms();
        Ok(self
            .inner
            .store
            .extend(leases, now + self.inner.config.lease_ms, now)
            .await?)
    }

    /// Gives a leased task back without using up its attempt.
    pub async fn release(&self, task: &LeasedTask) -> Result<(), Error> {
        self.inner
            .store
            .release(&task.id, task.token, self.now_ms())
            .await?;
        self.record(&task.queue, &task.id, TaskState::Pending);
        self.wake_workers();
        Ok(())
    }

    /// Reclaims expired leases: each such attempt counts as failed; a task whose attempts ran out
    /// this way goes to the DLQ with reason `lease_expired`, and one whose cancel was requested
    /// becomes cancelled. Returns how many were reclaimed.
    pub async fn reclaim_expired(&self) -> Result<u64, Error> {
        let now = self.now_ms();
        let expired = self
            .inner
            .store
            .expired_leases(now, MAINTENANCE_BATCH)
            .await?;
        let mut reclaimed = 0;
        for lease in expired {
            let holder = lease
                .worker_id
                .as_ref()
                .map_or_else(|| "unknown".to_string(), ToString::to_string);
            let result = if lease.cancel_requested {
                self.inner
                    .store
                    .fail(
                        &lease.id,
                        lease.token,
                        &format!("cancelled; worker {holder} stopped heartbeating"),
                        FailNext::Cancelled,
                        now,
                    )
                    .await
                    .map_err(Error::from)
                    .map(|()| {
                        self.record(&lease.queue, &lease.id, TaskState::Cancelled);
                        TaskState::Cancelled
                    })
            } else {
                self.fail_attempt(
                    &lease.id,
                    lease.token,
                    &lease.queue,
                    lease.attempt,
                    lease.max_retries,
                    AttemptFailure::LeaseExpired,
                    &format!("lease expired: worker {holder} stopped heartbeating"),
                )
                .await
            };
            match result {
                Ok(state) => {
                    reclaimed += 1;
                    tracing::warn!(task = %lease.id, worker = %holder, next = %state, "reclaimed an expired lease");
                }
                // The worker finished or another node reclaimed it first: nothing to do.
                Err(Error::LeaseLost) => {}
                Err(e) => return Err(e),
            }
        }
        if reclaimed > 0 {
            self.wake_workers();
        }
        Ok(reclaimed)
    }

    /// Moves due scheduled and retrying tasks to pending.
    pub async fn promote_due(&self) -> Result<u64, Error> {
        let n = self
            .inner
            .store
            .promote_due(self.now_ms(), MAINTENANCE_BATCH)
            .await?;
        if n > 0 {
            self.wake_workers();
        }
        Ok(n)
    }

    /// Registers a running task's cancellation signal so a cancel in this process reaches it.
    pub(crate) fn track_local_run(&self, id: &TaskId, token: CancellationToken) {
        self.inner
            .local_runs
            .lock()
            .expect("local runs lock")
            .insert(id.clone(), token);
    }

    pub(crate) fn untrack_local_run(&self, id: &TaskId) {
        self.inner
            .local_runs
            .lock()
            .expect("local runs lock")
            .remove(id);
    }

    // --- tasks ------------------------------------------------------------------------------------

    pub async fn get_task(&self, id: &TaskId) -> Result<TaskDetail, Error> {
        self.inner
            .store
            .get_task(id)
            .await?
            .ok_or_else(|| task_not_found(id))
    }

    /// Newest first; `limit` 0 means the default page, and is capped at [`PAGE_MAX`].
    pub async fn list_tasks(
        &self,
        filter: &TaskFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<TaskRecord>, Error> {
        Ok(self
            .inner
            .store
            .list_tasks(filter, page_limit(limit), offset)
            .await?)
    }

    /// Cancels a task: at once when it waits, by signal when it runs (then stopped after the
    /// grace period). Cancelled is its own terminal state, not the DLQ.
    pub async fn cancel_task(&self, id: &TaskId) -> Result<CancelOutcome, Error> {
        let (queue, outcome) = self
            .inner
            .store
            .cancel(id, self.now_ms())
            .await?
            .ok_or_else(|| task_not_found(id))?;
        match &outcome {
            CancelOutcome::Requested => {
                let local = self
                    .inner
                    .local_runs
                    .lock()
                    .expect("local runs lock")
                    .get(id)
                    .cloned();
                if let Some(token) = local {
                    token.cancel();
                }
            }
            CancelOutcome::Cancelled => self.record(&queue, id, TaskState::Cancelled),
            CancelOutcome::AlreadyFinished(_) => {}
        }
        Ok(outcome)
    }

    /// Runs a task again: a scheduled or retrying one now, a finished one from its first
    /// attempt (its error history is kept). Returns the task's state before.
    pub async fn retry_task(&self, id: &TaskId) -> Result<TaskState, Error> {
        match self.inner.store.retry(id, self.now_ms()).await? {
            None => Err(task_not_found(id)),
            Some((_, RetryResult::NotAllowed(state))) => Err(Error::precondition(
                "task_not_retryable",
                format!(
                    "task {id} is {state}; only scheduled, retrying or finished tasks can be retried"
                ),
            )),
            Some((queue, RetryResult::Retried(previous))) => {
                self.record(&queue, id, TaskState::Pending);
                if previous == TaskState::Dead {
                    self.dlq_changed(Some(&queue), "retry", 0, 1).await;
                }
                self.wake_workers();
                Ok(previous)
            }
        }
    }

    // --- queues -----------------------------------------------------------------------------------

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

    pub async fn list_queues(&self) -> Result<Vec<QueueInfo>, Error> {
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

    /// Pauses or resumes leasing from one queue, cluster-wide. Enqueue still works.
    pub async fn pause_queue(&self, name: &QueueName, paused: bool) -> Result<QueueInfo, Error> {
        let now = self.now_ms();
        let record = self
            .inner
            .store
            .set_queue_paused(name, paused, now)
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
        if !paused {
            self.wake_workers();
        }
        Ok(info)
    }

    /// Sets a queue's weight (1 to 10000), persisted and honoured by every node.
    pub async fn set_queue_weight(
        &self,
        name: &QueueName,
        weight: u32,
    ) -> Result<QueueInfo, Error> {
        if weight == 0 || weight > WEIGHT_MAX {
            return Err(Error::invalid(
                "invalid_weight",
                format!("weight {weight} is out of range; use 1 to {WEIGHT_MAX}"),
            ));
        }
        self.change_weight(name, Some(weight), "weight").await
    }

    /// Returns a queue to its configured weight.
    pub async fn reset_queue_weight(&self, name: &QueueName) -> Result<QueueInfo, Error> {
        self.change_weight(name, None, "weight_reset").await
    }

    async fn change_weight(
        &self,
        name: &QueueName,
        weight: Option<u32>,
        action: &str,
    ) -> Result<QueueInfo, Error> {
        let now = self.now_ms();
        let record = self
            .inner
            .store
            .set_queue_weight(name, weight, now)
            .await?
            .ok_or_else(|| queue_not_found(name))?;
        self.invalidate_queue_cache();
        let info = self.queue_info(record, now);
        self.append(Event::QueueChanged {
            queue: name.to_string(),
            action: action.into(),
            paused: info.paused,
            weight: info.weight,
        })
        .await;
        Ok(info)
    }

    /// Pauses or resumes leasing from every queue, cluster-wide.
    pub async fn set_dequeue_paused(&self, paused: bool) -> Result<(), Error> {
        self.inner
            .store
            .set_dequeue_paused(paused, self.now_ms())
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
        if !paused {
            self.wake_workers();
        }
        Ok(())
    }

    pub async fn coordination(&self) -> Result<Coordination, Error> {
        let record = self.inner.store.coordination().await?;
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
        Ok(Coordination {
            dequeue_paused: record.dequeue_paused,
            rate_limit: cfg.rate_limit,
            rate_tokens,
            leader: record.leader.filter(|l| l.expires_at_ms > now),
            leader_lease_ms: cfg.leader_lease_ms,
            lease_ms: cfg.lease_ms,
        })
    }

    /// Queue counts, coordination, workers and throughput, from counters only.
    pub async fn overview(&self) -> Result<Overview, Error> {
        let queues = self.list_queues().await?;
        let coordination = self.coordination().await?;
        let workers = self.inner.store.list_workers().await?;
        let now = self.now_ms();
        const MINUTES: i64 = 15;
        let this_minute = now.div_euclid(60_000) * 60_000;
        let since = this_minute - (MINUTES - 1) * 60_000;
        let buckets = self.inner.store.throughput(since).await?;
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
        })
    }

    // --- dead-letter queue ----------------------------------------------------------------------

    /// Newest first; `limit` 0 means the default page, and is capped at [`PAGE_MAX`].
    pub async fn list_dlq(
        &self,
        filter: &DlqFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<DlqEntry>, Error> {
        if filter.query.as_ref().is_some_and(|q| q.len() > 256) {
            return Err(Error::invalid(
                "invalid_query",
                "the DLQ query is longer than 256 bytes",
            ));
        }
        Ok(self
            .inner
            .store
            .list_dlq(filter, page_limit(limit), offset)
            .await?)
    }

    pub async fn get_dlq_entry(&self, id: &TaskId) -> Result<(DlqEntry, Vec<AttemptError>), Error> {
        let entry = self.inner.store.get_dlq_entry(id).await?.ok_or_else(|| {
            Error::not_found("dlq_entry_not_found", format!("DLQ entry {id} not found"))
        })?;
        let errors = self
            .inner
            .store
            .get_task(id)
            .await?
            .map(|d| d.errors)
            .unwrap_or_default();
        Ok((entry, errors))
    }

    /// Replays the oldest `limit` DLQ entries (attempts reset, history kept); returns their ids.
    pub async fn replay_dlq(&self, limit: u32) -> Result<Vec<TaskId>, Error> {
        if limit == 0 {
            return Err(Error::invalid(
                "invalid_limit",
                "replay limit must be at least 1",
            ));
        }
        let ids = self.inner.store.replay_oldest(limit, self.now_ms()).await?;
        self.after_replay(ids.len() as u64, "replay").await;
        Ok(ids)
    }

    /// Replays the given DLQ members; reports what happened to each id, in order. Ids that are
    /// not in the DLQ are left alone.
    pub async fn replay_dlq_ids(
        &self,
        ids: &[TaskId],
    ) -> Result<Vec<(TaskId, ReplayOutcome)>, Error> {
        if ids.is_empty() {
            return Err(Error::invalid("missing_ids", "at least one id is required"));
        }
        let mut seen = HashSet::new();
        let unique: Vec<TaskId> = ids.iter().filter(|id| seen.insert(*id)).cloned().collect();
        let outcomes = self.inner.store.replay_ids(&unique, self.now_ms()).await?;
        let moved = outcomes
            .iter()
            .filter(|o| **o == ReplayOutcome::Replayed)
            .count() as u64;
        self.after_replay(moved, "replay_ids").await;
        Ok(unique.into_iter().zip(outcomes).collect())
    }

    async fn after_replay(&self, moved: u64, action: &str) {
        if moved == 0 {
            return;
        }
        self.inner.counters.lock().expect("counters lock").replay += 1;
        self.dlq_changed(None, action, 0, moved).await;
        self.wake_workers();
    }

    /// Deletes DLQ entries (all, one queue's, or the given ids); returns how many.
    pub async fn purge_dlq(
        &self,
        queue: Option<&QueueName>,
        ids: Option<&[TaskId]>,
    ) -> Result<u64, Error> {
        const CHUNK: u32 = 5_000;
        let mut total = 0;
        loop {
            let n = self
                .inner
                .store
                .purge_dlq(&DlqPurge {
                    queue: queue.cloned(),
                    ids: ids.map(<[TaskId]>::to_vec),
                    limit: CHUNK,
                })
                .await?;
            total += n;
            if ids.is_some() || n < u64::from(CHUNK) {
                break;
            }
        }
        self.dlq_changed(queue, "purge", 0, total).await;
        Ok(total)
    }

    async fn dlq_changed(&self, queue: Option<&QueueName>, action: &str, added: u64, removed: u64) {
        if added == 0 && removed == 0 {
            return;
        }
        self.append(Event::DlqChanged {
            queue: queue.map(ToString::to_string),
            action: action.into(),
            added,
            removed,
        })
        .await;
    }

    // --- workers ----------------------------------------------------------------------------------

    pub async fn list_workers(&self) -> Result<Vec<WorkerRecord>, Error> {
        Ok(self.inner.store.list_workers().await?)
    }

    pub async fn get_worker(&self, id: &WorkerId) -> Result<WorkerDetail, Error> {
        self.inner
            .store
            .get_worker(id)
            .await?
            .ok_or_else(|| worker_not_found(id))
    }

    /// Asks a live worker to drain and restart its loop; it acts at its next heartbeat.
    pub async fn recycle_worker(&self, id: &WorkerId, reason: &str) -> Result<WorkerRecord, Error> {
        let current = self.get_worker(id).await?;
        if !current.worker.state.is_live() {
            return Err(Error::precondition(
                "worker_not_live",
                format!(
                    "worker {id} is {}; only a live worker can be recycled",
                    current.worker.state.as_str()
                ),
            ));
        }
        let reason = if reason.trim().is_empty() {
            "manual_recycle".to_string()
        } else {
            truncate_error(reason.trim())
        };
        let record = self
            .inner
            .store
            .request_recycle(id, &reason, self.now_ms())
            .await?
            .ok_or_else(|| worker_not_found(id))?;
        self.append(Event::WorkerRecycle {
            worker_id: id.to_string(),
            phase: "requested".into(),
            reason,
        })
        .await;
        Ok(record)
    }

    pub(crate) async fn register_worker(&self, worker: NewWorker) -> Result<(), Error> {
        let event = Event::WorkerJoined {
            worker_id: worker.id.to_string(),
            host: worker.host.clone(),
            pid: worker.pid,
            concurrency: worker.concurrency,
        };
        self.inner.store.register_worker(worker).await?;
        self.append(event).await;
        Ok(())
    }

    pub(crate) async fn worker_heartbeat(
        &self,
        id: &WorkerId,
        in_flight: u32,
        state: WorkerState,
    ) -> Result<WorkerCommand, Error> {
        Ok(self
            .inner
            .store
            .worker_heartbeat(id, in_flight, state, self.now_ms())
            .await?)
    }

    pub(crate) async fn set_worker_state(
        &self,
        id: &WorkerId,
        state: WorkerState,
        recycled: bool,
    ) -> Result<(), Error> {
        self.inner
            .store
            .set_worker_state(id, state, recycled, self.now_ms())
            .await?;
        Ok(())
    }

    /// Stuck history grouped by handler over the last `window_ms`.
    pub async fn stuck_history(
        &self,
        window_ms: i64,
        handler: Option<&HandlerName>,
    ) -> Result<Vec<StuckSummary>, Error> {
        if window_ms <= 0 {
            return Err(Error::invalid(
                "invalid_window",
                "the window must be positive",
            ));
        }
        Ok(self
            .inner
            .store
            .stuck_history(self.now_ms() - window_ms, handler)
            .await?)
    }

    // --- events ------------------------------------------------------------------------------------

    /// Appends an event to the log; a failure is logged, never returned, because the change it
    /// describes has already happened.
    pub async fn append(&self, event: Event) {
        let now = self.now_ms();
        match self.inner.store.append_events(&[(now, event)]).await {
            Ok(_) => self.inner.appended.notify_waiters(),
            Err(e) => tracing::warn!(error = %e, "could not append to the event log"),
        }
    }

    /// Writes the coalesced task summaries gathered since the last flush.
    pub async fn flush_events(&self) -> Result<(), Error> {
        let now = self.now_ms();
        let events = self
            .inner
            .coalescer
            .lock()
            .expect("coalescer lock")
            .drain(now);
        if events.is_empty() {
            return Ok(());
        }
        let stamped: Vec<(i64, Event)> = events.into_iter().map(|e| (now, e)).collect();
        self.inner.store.append_events(&stamped).await?;
        self.inner.appended.notify_waiters();
        Ok(())
    }

    /// Reads up to `limit` events after `after` (from the oldest kept when `None`).
    pub async fn read_events(
        &self,
        after: Option<&EventId>,
        limit: u32,
    ) -> Result<Vec<LoggedEvent>, Error> {
        let stored = self
            .inner
            .store
            .read_events(after, page_limit(limit))
            .await?;
        Ok(decode_events(stored))
    }

    /// The last `limit` events that satisfy `keep`, oldest first, walking back through the
    /// log a page at a time.
    pub async fn tail_events(
        &self,
        limit: u32,
        keep: impl Fn(&LoggedEvent) -> bool,
    ) -> Result<Vec<LoggedEvent>, Error> {
        let mut found = Vec::new();
        let mut before: Option<EventId> = None;
        while found.len() < limit as usize {
            let page = self
                .inner
                .store
                .read_events_before(before.as_ref(), 256)
                .await?;
            let Some(last) = page.last() else {
                break;
            };
            before = Some(last.id.clone());
            let exhausted = page.len() < 256;
            for event in decode_events(page) {
                if found.len() < limit as usize && keep(&event) {
                    found.push(event);
                }
            }
            if exhausted {
                break;
            }
        }
        found.reverse();
        Ok(found)
    }

    /// Follows the event log from `from`, forever: past events first, then new ones as they are
    /// appended (by this process at once, by others within `poll`).
    pub fn subscribe(
        &self,
        from: EventsFrom,
        poll: Duration,
    ) -> impl Stream<Item = Result<LoggedEvent, Error>> + Send + 'static {
        struct State {
            engine: Engine,
            cursor: Option<EventId>,
            from_now: bool,
            buffer: std::collections::VecDeque<LoggedEvent>,
            poll: Duration,
        }
        let (cursor, from_now) = match from {
            EventsFrom::Start => (None, false),
            EventsFrom::Now => (None, true),
            EventsFrom::After(id) => (Some(id), false),
        };
        let state = State {
            engine: self.clone(),
            cursor,
            from_now,
            buffer: Default::default(),
            poll,
        };
        futures::stream::unfold(state, |mut st| async move {
            if st.from_now {
                st.from_now = false;
                match st.engine.inner.store.last_event_id().await {
                    Ok(last) => st.cursor = last.or(Some(EventId("0".into()))),
                    Err(e) => return Some((Err(Error::from(e)), st)),
                }
            }
            loop {
                if let Some(event) = st.buffer.pop_front() {
                    st.cursor = Some(event.id.clone());
                    return Some((Ok(event), st));
                }
                let engine = st.engine.clone();
                let appended = engine.inner.appended.notified();
                tokio::pin!(appended);
                appended.as_mut().enable();
                match engine.read_events(st.cursor.as_ref(), 256).await {
                    Ok(batch) if !batch.is_empty() => st.buffer.extend(batch),
                    Ok(_) => {
                        tokio::select! {
                            () = &mut appended => {}
                            () = tokio::time::sleep(st.poll) => {}
                        }
                    }
                    Err(e) => return Some((Err(e), st)),
                }
            }
        })
    }

    // --- audit ----------------------------------------------------------------------------------------

    /// Records an audit entry, chained to the one before, and announces it in the event log.
    pub async fn record_audit(&self, entry: AuditEntry) -> Result<AuditRecord, Error> {
        let record = self.inner.store.append_audit(entry).await?;
        self.append(Event::Audit(record.clone())).await;
        Ok(record)
    }

    /// Audit entries matching `filter` from `cursor`; `limit` 0 means the default page.
    pub async fn list_audit(
        &self,
        filter: &AuditFilter,
        cursor: &AuditCursor,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, Error> {
        Ok(self
            .inner
            .store
            .list_audit(filter, cursor, page_limit(limit))
            .await?)
    }

    /// Evicts audit entries beyond the limit or the retention age: archives them to a JSONL file
    /// first when an archive directory is set (a failed archive evicts nothing).
    pub async fn sweep_audit(&self) -> Result<u64, Error> {
        let cfg = &self.inner.config;
        let now = self.now_ms();
        let mut evicted = 0;
        loop {
            let batch = self
                .inner
                .store
                .audit_overflow(
                    cfg.audit_limit,
                    cfg.audit_retention_ms.map(|r| now - r),
                    1_000,
                )
                .await?;
            let Some(last) = batch.last() else {
                return Ok(evicted);
            };
            let through = last.id.clone();
            if let Some(dir) = &cfg.audit_archive_dir {
                let path = dir.join(format!(
                    "audit-{:013}-{}.jsonl",
                    now.max(0),
                    uuid::Uuid::new_v4()
                ));
                let lines = batch
                    .iter()
                    .map(audit_archive_line)
                    .collect::<Vec<_>>()
                    .join("");
                let dir = dir.clone();
                tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                    use std::io::Write;
                    std::fs::create_dir_all(&dir)?;
                    let mut file = std::fs::File::create(&path)?;
                    file.write_all(lines.as_bytes())?;
                    file.sync_all()
                })
                .await
                .map_err(|e| Error::Internal(format!("audit archive task failed: {e}")))?
                .map_err(|e| {
                    Error::Unavailable(format!(
                        "cannot write the audit archive in {}: {e}",
                        cfg.audit_archive_dir
                            .as_ref()
                            .map(|d| d.display().to_string())
                            .unwrap_or_default()
                    ))
                })?;
            }
            evicted += self.inner.store.delete_audit_through(&through).await?;
        }
    }

    // --- maintenance -------------------------------------------------------------------------------

    /// One maintenance pass: promote due tasks, reclaim expired leases, and, on the leader only,
    /// retention, lost workers and stuck detection.
    pub async fn maintain(&self) -> Result<MaintenanceReport, Error> {
        let mut report = MaintenanceReport {
            promoted: self.promote_due().await?,
            reclaimed: self.reclaim_expired().await?,
            ..Default::default()
        };
        let cfg = &self.inner.config;
        let now = self.now_ms();
        let leader = self
            .inner
            .store
            .acquire_leader(&cfg.node_id, cfg.leader_lease_ms, now)
            .await?;
        report.leader = leader.holder == cfg.node_id;
        if !report.leader {
            self.flush_events().await?;
            return Ok(report);
        }
        report.swept = self
            .inner
            .store
            .sweep(Sweep {
                now_ms: now,
                terminal_before_ms: now - cfg.task_retention_ms,
                dead_before_ms: cfg.dlq_retention_ms.map(|r| now - r),
                events_keep: cfg.event_log_limit,
                workers_before_ms: now - cfg.task_retention_ms.min(24 * 3_600_000),
                throughput_before_ms: now - 24 * 3_600_000,
                stuck_before_ms: now - cfg.task_retention_ms,
                batch: 10_000,
            })
            .await?;
        for worker in self
            .inner
            .store
            .mark_lost_workers(now - cfg.worker_lost_after_ms, now)
            .await?
        {
            report.lost_workers += 1;
            tracing::warn!(worker = %worker.id, "worker stopped heartbeating; marked lost");
            self.append(Event::WorkerLeft {
                worker_id: worker.id.to_string(),
                reason: "lost".into(),
            })
            .await;
        }
        for stuck in self
            .inner
            .store
            .detect_stuck(now - cfg.stuck_after_ms, now)
            .await?
        {
            report.stuck += 1;
            tracing::warn!(task = %stuck.task_id, handler = %stuck.handler, "task is stuck: no heartbeat");
            self.append(Event::WorkerStuck {
                worker_id: stuck.worker_id.map(|w| w.to_string()),
                task_id: stuck.task_id.to_string(),
                handler: stuck.handler.to_string(),
                queue: stuck.queue.to_string(),
                last_heartbeat_ms: stuck.last_heartbeat_ms,
            })
            .await;
        }
        let due = {
            let last = *self
                .inner
                .audit_swept_at_ms
                .lock()
                .expect("audit sweep lock");
            last.is_none_or(|at| now - at >= cfg.audit_archive_interval_ms)
        };
        if due {
            *self
                .inner
                .audit_swept_at_ms
                .lock()
                .expect("audit sweep lock") = Some(now);
            report.audit_evicted = self.sweep_audit().await?;
        }
        self.flush_events().await?;
        Ok(report)
    }

    /// Runs maintenance every `interval` until `stop` is cancelled, then flushes events and
    /// gives up the leader lock.
    pub async fn run_maintenance(&self, interval: Duration, stop: CancellationToken) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                _ = ticker.tick() => {
                    if let Err(e) = self.maintain().await {
                        tracing::warn!(error = %e, "maintenance pass failed");
                    }
                }
            }
        }
        if let Err(e) = self.flush_events().await {
            tracing::warn!(error = %e, "could not flush events at shutdown");
        }
        if let Err(e) = self
            .inner
            .store
            .release_leader(&self.inner.config.node_id)
            .await
        {
            tracing::warn!(error = %e, "could not release the leader lock");
        }
    }
}

/// One archived audit entry: snake_case JSON with the time in RFC 3339, then a newline.
fn audit_archive_line(record: &AuditRecord) -> String {
    let at = std::time::UNIX_EPOCH + Duration::from_millis(record.entry.at_ms.max(0) as u64);
    let value = serde_json::json!({
        "id": record.id,
        "at": humantime::format_rfc3339_millis(at).to_string(),
        "at_ms": record.entry.at_ms,
        "actor": record.entry.actor,
        "role": record.entry.role,
        "request_id": record.entry.request_id,
        "action": record.entry.action,
        "target": record.entry.target,
        "status": record.entry.status,
        "payload_hash": record.entry.payload_hash,
        "detail": record.entry.detail,
        "metadata": record.entry.metadata,
        "prev_hash": record.prev_hash,
        "hash": record.hash,
    });
    format!("{value}\n")
}

/// Decodes stored events, skipping any this build cannot read (written by a newer one) rather
/// than stalling the stream.
fn decode_events(stored: Vec<crate::store::StoredEvent>) -> Vec<LoggedEvent> {
    stored
        .into_iter()
        .filter_map(|s| match Event::decode(&s.data) {
            Ok(event) => Some(LoggedEvent {
                id: s.id,
                at_ms: s.at_ms,
                event,
            }),
            Err(e) => {
                tracing::debug!(id = %s.id, error = %e, "skipping an event this build cannot read");
                None
            }
        })
        .collect()
}

fn task_not_found(id: &TaskId) -> Error {
    Error::not_found("task_not_found", format!("task {id} not found"))
}

fn queue_not_found(name: &QueueName) -> Error {
    Error::not_found("queue_not_found", format!("queue {name} not found"))
}

fn worker_not_found(id: &WorkerId) -> Error {
    Error::not_found("worker_not_found", format!("worker {id} not found"))
}
