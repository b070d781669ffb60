//! The durable task engine: validation, defaults and every state transition's rules, on top of
//! any [`Store`].
//!
//! The engine decides; the store persists. Transports (gRPC, HTTP), the worker runtime and the
//! embedding API all call [`Engine`]; nothing else talks to a store. The engine touches no file
//! and its rules read neither the wall clock nor a random source of their own: time comes from
//! the injected [`Clock`], retry jitter from the injected [`Random`], and audit entries evicted
//! by retention go to the injected [`AuditArchive`], audit anchors to the injected
//! [`AuditAnchors`]. (New ids are UUIDv7, which take the
//! system's time and randomness for uniqueness only; no rule depends on them.)
//!
//! This file holds the engine's state, settings and construction; each domain's operations are
//! an `impl Engine` block in their own module (`enqueue`, `lease`, `tasks`, `queues`, `dlq`,
//! `workers`, `event_log`, `audit_log`, `maintenance`, `bulk`).

pub mod audit;
pub mod clock;
pub mod error;
pub mod events;
pub mod fair;
pub mod fingerprint;
pub mod ids;
pub mod jobs;
pub mod model;
pub mod random;
pub mod rate;
pub mod retry;

mod audit_anchor;
mod audit_coalesce;
mod audit_log;
pub mod bulk;
mod deletes;
mod dlq;
mod dlq_groups;
mod enqueue;
mod event_log;
mod history;
mod lease;
pub mod listing;
mod maintenance;
mod queues;
pub mod schedules;
mod shared;
mod tasks;
mod workers;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::store::Store;
pub use audit_anchor::{AuditAnchor, AuditAnchors};
pub use audit_coalesce::{AuditCoalescer, CoalesceCounters, CoalesceSettings};
pub use audit_log::{AuditArchive, AuditVerification};
use clock::Clock;
pub use deletes::{Deleted, QUEUE_DELETE_MAX_TASKS};
pub use dlq_groups::{DlqGroup, DlqGroups};
pub use error::Error;
pub use event_log::EventsFrom;
use events::Coalescer;
use fair::FairScheduler;
pub use history::{HistoryRange, QueueHistory};
pub use jobs::JobEventSink;
use lease::QueueCache;
pub use maintenance::MaintenanceReport;
use model::{QueueInfo, QueueName, TaskId, TaskState};
pub use queues::{Coordination, Overview, ThroughputPoint, UnservedHandler, WeightSet};
use random::{Random, ThreadRandom};
use rate::RateLimit;
use retry::RetryPolicy;
use shared::SharedRead;

/// Longest error text kept per attempt; longer errors are cut (on a character boundary).
pub const ERROR_TEXT_MAX: usize = 4_096;
/// Most tasks one batch enqueue may carry.
pub const BATCH_MAX: usize = 1_000;
/// Listings return at most this many items per page.
pub const PAGE_MAX: u32 = 1_000;
/// Items per page when the caller does not say.
pub const PAGE_DEFAULT: u32 = 100;

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
    /// This process's name for the leader lock.
    pub node_id: String,
    /// The audit log keeps this many entries; older ones are archived (when the engine has an
    /// [`AuditArchive`]) and deleted.
    pub audit_limit: u64,
    /// Audit entries older than this are archived and deleted too.
    pub audit_retention_ms: Option<i64>,
    /// How often audit retention and archiving run (on the leader).
    /// The audit chain's HMAC key (kept outside the store); `None` chains with plain SHA-256,
    /// as before keys existed.
    pub audit_key: Option<crate::engine::audit::AuditKey>,
    pub audit_archive_interval_ms: i64,
    /// How refusals and producers' enqueues are folded into counted audit entries.
    pub audit_coalesce: CoalesceSettings,
    /// The schedule event history keeps this many entries (all schedules together).
    pub schedule_events_limit: u64,
    /// A fire found due at most this late is still made; older missed fires go to the
    /// schedule's misfire policy.
    pub schedule_misfire_grace_ms: i64,
    /// Most bytes of output a job run's log keeps (`WORKER_JOB_OUTPUT_BYTES`); then one
    /// truncation marker, and the rest is counted but dropped.
    pub job_output_bytes: u64,
    /// Finished bulk operations are deleted this long after they finished
    /// (`WORKER_BULK_RETENTION`)…
    pub bulk_retention_ms: i64,
    /// …or once this many newer operations exist (`WORKER_BULK_KEEP`).
    pub bulk_keep: u32,
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
            schedule_events_limit: 10_000,
            schedule_misfire_grace_ms: 60_000,
            job_output_bytes: 1 << 20,
            bulk_retention_ms: 7 * 24 * 3_600_000,
            bulk_keep: 1_000,
            max_payload_bytes: 1 << 20,
            cancel_grace_ms: 10_000,
            node_id: format!("node-{}", uuid::Uuid::now_v7()),
            audit_limit: 1_000_000,
            audit_retention_ms: Some(90 * 24 * 3_600_000),
            audit_key: None,
            audit_archive_interval_ms: 30_000,
            audit_coalesce: CoalesceSettings::default(),
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

/// Counters of operator actions since this process started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActionCounters {
    pub pause: u64,
    pub resume: u64,
    pub replay: u64,
}

/// The durable task engine. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

/// What an engine is built from besides its settings: the store it persists to, and the
/// sources and sinks it would otherwise reach for itself.
pub struct EngineParts {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    /// Retry jitter's source.
    pub random: Arc<dyn Random>,
    /// Where audit entries evicted by retention are kept; `None` deletes them unkept.
    pub audit_archive: Option<Arc<dyn AuditArchive>>,
    /// Where the audit head is anchored out of the store's reach; `None` anchors nothing and
    /// verifies the chain alone.
    pub audit_anchors: Option<Arc<dyn AuditAnchors>>,
    /// Where every job event is copied besides the store (`WORKER_JOB_EVENT_DIR`'s files);
    /// `None` copies nothing.
    pub job_event_sink: Option<Arc<dyn JobEventSink>>,
}

/// A pool counted idle; see [`Engine::idle_pool`].
pub(crate) struct IdlePool<'a>(&'a Engine);

impl Drop for IdlePool<'_> {
    fn drop(&mut self) {
        self.0.inner.idle_pools.fetch_sub(1, Ordering::SeqCst);
    }
}

struct Inner {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    random: Arc<dyn Random>,
    audit_archive: Option<Arc<dyn AuditArchive>>,
    audit_anchors: Option<Arc<dyn AuditAnchors>>,
    job_event_sink: Option<Arc<dyn JobEventSink>>,
    config: EngineConfig,
    /// Woken when tasks may have become ready: enqueue, retry, replay, resume, release.
    ready: Notify,
    /// Pools of this process waiting on `ready` with free slots.
    idle_pools: AtomicUsize,
    /// Woken after this process appended events, so followers read at once.
    appended: Notify,
    /// Woken when a bulk operation was started or resumed, so this node's runner takes it.
    bulk: Notify,
    coalescer: Mutex<Coalescer>,
    fair: Mutex<FairScheduler>,
    queue_cache: Mutex<QueueCache>,
    /// Cancellation signals of tasks running in this process, so a cancel reaches them at once
    /// rather than at their worker's next heartbeat.
    local_runs: Mutex<HashMap<TaskId, CancellationToken>>,
    counters: Mutex<ActionCounters>,
    /// When audit retention last ran, in clock time.
    audit_swept_at_ms: Mutex<Option<i64>>,
    /// Open windows of refusals and producer enqueues not yet written.
    audit_coalescer: Mutex<AuditCoalescer>,
    /// Overviews and queue lists shared by the callers that wait at once (`shared.rs`).
    overview_reads: SharedRead<Result<Arc<Overview>, Error>>,
    queue_reads: SharedRead<Result<Arc<Vec<QueueInfo>>, Error>>,
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
    /// Builds an engine over `store` with thread randomness and no audit archive; see
    /// [`Engine::from_parts`].
    pub async fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        config: EngineConfig,
    ) -> Result<Self, Error> {
        let parts = EngineParts {
            store,
            clock,
            random: Arc::new(ThreadRandom),
            audit_archive: None,
            audit_anchors: None,
            job_event_sink: None,
        };
        Self::from_parts(parts, config).await
    }

    /// Builds an engine from its parts and registers the default and configured queues.
    pub async fn from_parts(parts: EngineParts, config: EngineConfig) -> Result<Self, Error> {
        let EngineParts {
            store,
            clock,
            random,
            audit_archive,
            audit_anchors,
            job_event_sink,
        } = parts;
        let mut names = vec![config.default_queue.clone()];
        for name in config.queue_weights.keys() {
            names.push(QueueName::new(name.clone())?);
        }
        store.ensure_queues(&names, clock.now_ms()).await?;
        let audit_coalescer = Mutex::new(AuditCoalescer::new(config.audit_coalesce));
        Ok(Self {
            inner: Arc::new(Inner {
                store,
                clock,
                random,
                audit_archive,
                audit_anchors,
                job_event_sink,
                config,
                ready: Notify::new(),
                idle_pools: AtomicUsize::new(0),
                appended: Notify::new(),
                bulk: Notify::new(),
                coalescer: Mutex::new(Coalescer::default()),
                fair: Mutex::new(FairScheduler::new()),
                queue_cache: Mutex::new(QueueCache::default()),
                local_runs: Mutex::new(HashMap::new()),
                counters: Mutex::new(ActionCounters::default()),
                audit_swept_at_ms: Mutex::new(None),
                audit_coalescer,
                overview_reads: SharedRead::new(),
                queue_reads: SharedRead::new(),
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

    /// Whether the store commits a lease with the writes already on their way to it (see
    /// `LeaseStore::lease_joins_pending_writes`): a pool then keeps a second lease under way.
    pub(crate) fn leases_join_pending_writes(&self) -> bool {
        self.inner.store.lease_joins_pending_writes()
    }

    /// Counts a pool as idle (waiting on [`Engine::ready_notified`] with free slots) while the
    /// guard lives.
    pub(crate) fn idle_pool(&self) -> IdlePool<'_> {
        self.inner.idle_pools.fetch_add(1, Ordering::SeqCst);
        IdlePool(self)
    }

    /// Wakes idle pools ahead of a write that makes tasks ready, telling the store how many
    /// leases will follow it.
    fn wake_workers_ahead(&self) {
        let idle = self.inner.idle_pools.load(Ordering::SeqCst);
        if idle > 0 {
            self.inner.store.leases_coming(idle);
        }
        self.wake_workers();
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
}
