//! The Redis store: any number of `workerd` nodes share one Redis (7 or newer) and behave as
//! one system. Every transition is one Lua script (`scripts.rs`, `prelude.lua`) with all its
//! keys declared; the key layout is in `docs/redis.md`.
//!
//! Task records live in one hash (`…:t`, JSON per task) so a script can lease tasks it only
//! finds while running; per-queue sorted sets index them by readiness, due time, state and DLQ
//! membership. A script that concerns a task whose queue the caller does not know yet (an ack
//! from another node, a replay by id) first reads the record: a task's queue and handler never
//! change, so the keys it declares stay right.

mod clock;
mod scripts;

pub use clock::RedisClock;

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Value};
use serde::{Deserialize, Serialize};

use crate::engine::audit::{self, AuditCursor, AuditEntry, AuditFilter, AuditRecord};
use crate::engine::events::Event;
use crate::engine::model::{
    AttemptError, CancelOutcome, CoordinationRecord, DeadReason, DlqEntry, DlqFilter, EventId,
    HandlerName, LeaderRecord, LeaseToken, LeasedTask, Page, QueueName, QueueRecord, ReplayOutcome,
    StateCounts, StuckSummary, StuckTask, TaskDetail, TaskFilter, TaskId, TaskRecord, TaskState,
    ThroughputBucket, ThroughputCounts, WorkerDetail, WorkerId, WorkerRecord, WorkerState,
};
use crate::store::codec::{self, parse_audit_id, state_code};
use crate::store::{
    AuditStore, CoordinationStore, DlqStore, EventStore, LeaseStore, QueueStore, RetentionStore,
    TaskStore, WorkerStore,
};
use crate::store::{
    DlqPurge, ExpiredLease, Extended, FailNext, Inserted, LeaseRequest, LeaseResult, NewTask,
    NewWorker, RetryResult, StoreError, StoredEvent, Sweep, SweepCounts, WorkerCommand,
};
use scripts::Scripts;

/// Task ids a read-only scan looks at per call, so a scan of a large set never blocks Redis
/// for long.
const SCAN_BUDGET: u32 = 5_000;
/// The global keys, in the order `prelude.lua` numbers them.
const GLOBAL_KEYS: [&str; 27] = [
    "t",
    "payload",
    "errors",
    "counts",
    "running",
    "beats",
    "throughput",
    "dlq",
    "coord",
    "queues",
    "idem",
    "idemexp",
    "all",
    "s0",
    "s1",
    "s2",
    "s3",
    "s4",
    "s5",
    "s6",
    "workers",
    "stuck",
    "stucktime",
    "events",
    "audit",
    "auditids",
    "finished",
];
/// The per-queue keys, in the order `prelude.lua` numbers them.
const QUEUE_KEYS: [&str; 12] = [
    "ready", "due", "readyage", "all", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "dlq",
];

/// How to reach Redis and name the keys.
#[derive(Clone, Debug)]
pub struct RedisOptions {
    /// `redis://[user:password@]host:port/db` or `rediss://…` for TLS.
    pub url: String,
    /// Every key starts with `{prefix}:`; the braces make it the hash tag.
    pub prefix: String,
    /// The event stream is trimmed to about this many entries on append.
    pub event_log_limit: u64,
    /// For `rediss://`: the CA to trust instead of the system's roots, PEM.
    pub tls_ca_pem: Option<Vec<u8>>,
    /// For `rediss://`: a client certificate and its key, PEM.
    pub tls_client_pem: Option<(Vec<u8>, Vec<u8>)>,
    /// Speak the Redis Cluster protocol: `url` is a seed node, the client learns the others and
    /// follows `MOVED`/`ASK` redirects.
    pub cluster: bool,
}

/// The one connection a node shares between its workers and its admin API: multiplexed, so
/// concurrent commands are pipelined on it.
#[derive(Clone)]
enum Conn {
    /// A standalone Redis (or one address that fails over under us).
    Single(ConnectionManager),
    /// A Redis Cluster; every key of the store lives in the slot of `{PREFIX}`.
    Cluster(redis::cluster_async::ClusterConnection),
}

impl redis::aio::ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a redis::Cmd) -> redis::RedisFuture<'a, Value> {
        match self {
            Conn::Single(c) => c.req_packed_command(cmd),
            Conn::Cluster(c) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a redis::Pipeline,
        offset: usize,
        count: usize,
    ) -> redis::RedisFuture<'a, Vec<Value>> {
        match self {
            Conn::Single(c) => c.req_packed_commands(pipeline, offset, count),
            Conn::Cluster(c) => c.req_packed_commands(pipeline, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Conn::Single(c) => c.get_db(),
            Conn::Cluster(c) => c.get_db(),
        }
    }
}

fn tls_certificates(options: &RedisOptions) -> Option<redis::TlsCertificates> {
    if options.tls_ca_pem.is_none() && options.tls_client_pem.is_none() {
        return None;
    }
    Some(redis::TlsCertificates {
        client_tls: options
            .tls_client_pem
            .as_ref()
            .map(|(cert, key)| redis::ClientTlsConfig {
                client_cert: cert.clone(),
                client_key: key.clone(),
            }),
        root_cert: options.tls_ca_pem.clone(),
    })
}

/// One attempt at connecting as `options` say.
async fn open(options: &RedisOptions) -> Result<Conn, redis::RedisError> {
    if options.cluster {
        // Commands fail fast while the slot's primary is away (the admin API answers
        // Unavailable then); the client refreshes the slot map and reconnects by itself.
        let mut builder = redis::cluster::ClusterClientBuilder::new(vec![options.url.as_str()])
            .connection_timeout(Duration::from_secs(2))
            .response_timeout(Duration::from_secs(10))
            .retries(2)
            .min_retry_wait(100)
            .max_retry_wait(1_000);
        if let Some(certs) = tls_certificates(options) {
            builder = builder.certs(certs);
        }
        let client = builder.build()?;
        return Ok(Conn::Cluster(client.get_async_connection().await?));
    }
    let client = match tls_certificates(options) {
        Some(certs) => redis::Client::build_with_tls(options.url.as_str(), certs)?,
        None => redis::Client::open(options.url.as_str())?,
    };
    // Commands fail fast while Redis is down (the admin API answers Unavailable then) and the
    // manager reconnects in the background with backoff.
    let config = ConnectionManagerConfig::new()
        .set_connection_timeout(Some(Duration::from_secs(2)))
        .set_response_timeout(Some(Duration::from_secs(10)))
        .set_min_delay(Duration::from_millis(100))
        .set_max_delay(Duration::from_secs(1))
        .set_number_of_retries(2);
    Ok(Conn::Single(
        ConnectionManager::new_with_config(client, config).await?,
    ))
}

/// Whether a failure to connect may be Redis still starting (wait for it) rather than a
/// configuration Redis will keep refusing (a wrong password, an untrusted certificate): those
/// are reported at once.
fn worth_waiting_for(e: &redis::RedisError) -> bool {
    e.is_connection_refusal() || e.is_timeout() || e.is_connection_dropped()
}

/// Names of every key, built once.
#[derive(Debug)]
struct Keys {
    base: String,
    globals: Vec<String>,
}

impl Keys {
    fn new(prefix: &str) -> Self {
        let base = format!("{{{prefix}}}");
        let globals = GLOBAL_KEYS.iter().map(|k| format!("{base}:{k}")).collect();
        Self { base, globals }
    }

    fn global(&self, name: &str) -> String {
        format!("{}:{name}", self.base)
    }

    fn queue(&self, queue: &str) -> impl Iterator<Item = String> + '_ {
        let queue = queue.to_string();
        QUEUE_KEYS
            .iter()
            .map(move |k| format!("{}:q:{queue}:{k}", self.base))
    }

    fn queue_key(&self, queue: &str, name: &str) -> String {
        format!("{}:q:{queue}:{name}", self.base)
    }

    fn handler_dlq(&self, handler: &str) -> String {
        format!("{}:h:{handler}:dlq", self.base)
    }
}

/// A task as `prelude.lua` stores it.
#[derive(Debug, Deserialize)]
struct Rec {
    id: String,
    handler: String,
    queue: String,
    state: i64,
    priority: i32,
    attempts: u32,
    max_retries: u32,
    timeout: i64,
    run_at: i64,
    created: i64,
    #[serde(default)]
    started: Option<i64>,
    #[serde(default)]
    finished: Option<i64>,
    updated: i64,
    #[serde(default)]
    last_error: Option<String>,
    #[serde(default)]
    dead_reason: Option<String>,
    #[serde(default)]
    worker: Option<String>,
    #[serde(default)]
    lease_until: Option<i64>,
    #[serde(default)]
    heartbeat: Option<i64>,
    #[serde(default)]
    idem: Option<String>,
    #[serde(default)]
    cancel: i64,
    #[serde(default)]
    meta: Option<String>,
    #[serde(default)]
    psize: i64,
    #[serde(default)]
    token: Option<i64>,
    #[serde(default)]
    dlq_at: Option<i64>,
}

fn state_from_code(code: i64) -> Result<TaskState, StoreError> {
    codec::state_from_code(code)
        .ok_or_else(|| StoreError::Internal(format!("unknown task state {code}")))
}

fn metadata(meta: &Option<String>) -> BTreeMap<String, String> {
    meta.as_deref()
        .and_then(|m| serde_json::from_str(m).ok())
        .unwrap_or_default()
}

impl Rec {
    fn parse(raw: &[u8]) -> Result<Self, StoreError> {
        serde_json::from_slice(raw)
            .map_err(|e| StoreError::Internal(format!("a task record is unreadable: {e}")))
    }

    fn record(&self) -> Result<TaskRecord, StoreError> {
        Ok(TaskRecord {
            id: TaskId::from_trusted(self.id.clone()),
            handler: HandlerName::from_trusted(self.handler.clone()),
            queue: QueueName::from_trusted(self.queue.clone()),
            state: state_from_code(self.state)?,
            priority: self.priority,
            payload_size: self.psize,
            attempts: self.attempts,
            max_retries: self.max_retries,
            timeout_ms: self.timeout,
            run_at_ms: self.run_at,
            created_at_ms: self.created,
            started_at_ms: self.started,
            finished_at_ms: self.finished,
            updated_at_ms: self.updated,
            last_error: self.last_error.clone(),
            dead_reason: self.dead_reason.as_deref().and_then(DeadReason::parse),
            worker_id: self.worker.clone().map(WorkerId::from_trusted),
            lease_until_ms: self.lease_until,
            heartbeat_at_ms: self.heartbeat,
            idempotency_key: self.idem.clone(),
            cancel_requested: self.cancel != 0,
            metadata: metadata(&self.meta),
        })
    }

    fn dlq_entry(&self) -> DlqEntry {
        DlqEntry {
            id: TaskId::from_trusted(self.id.clone()),
            queue: QueueName::from_trusted(self.queue.clone()),
            handler: HandlerName::from_trusted(self.handler.clone()),
            attempts: self.attempts,
            failed_at_ms: self.dlq_at.unwrap_or(self.updated),
            updated_at_ms: self.updated,
            last_error: self.last_error.clone().unwrap_or_default(),
            reason: self.dead_reason.as_deref().and_then(DeadReason::parse),
            payload_size: self.psize,
            metadata: metadata(&self.meta),
        }
    }
}

/// A worker as the scripts store it.
#[derive(Debug, Deserialize)]
struct WorkerRec {
    host: String,
    pid: u32,
    version: String,
    concurrency: u32,
    #[serde(default)]
    in_flight: u32,
    handlers: String,
    state: String,
    started: i64,
    beat: i64,
    #[serde(default)]
    recycle: Option<String>,
    #[serde(default)]
    recycles: u32,
}

impl WorkerRec {
    fn record(&self, id: &str) -> WorkerRecord {
        WorkerRecord {
            id: WorkerId::from_trusted(id.to_string()),
            host: self.host.clone(),
            pid: self.pid,
            version: self.version.clone(),
            concurrency: self.concurrency,
            in_flight: self.in_flight,
            handlers: serde_json::from_str(&self.handlers).unwrap_or_default(),
            state: WorkerState::parse(&self.state).unwrap_or(WorkerState::Lost),
            started_at_ms: self.started,
            last_heartbeat_ms: self.beat,
            recycle_reason: self.recycle.clone(),
            recycles: self.recycles,
        }
    }
}

fn parse_worker(id: &str, raw: &[u8]) -> Result<WorkerRecord, StoreError> {
    let w: WorkerRec = serde_json::from_slice(raw)
        .map_err(|e| StoreError::Internal(format!("a worker record is unreadable: {e}")))?;
    Ok(w.record(id))
}

/// A queue's registry entry as the scripts store it.
#[derive(Debug, Deserialize)]
struct QueueRec {
    #[serde(default)]
    paused: i64,
    #[serde(default)]
    weight: Option<i64>,
    created: i64,
    updated: i64,
}

fn map_err(e: redis::RedisError) -> StoreError {
    if e.is_io_error() || e.is_connection_dropped() || e.is_connection_refusal() || e.is_timeout() {
        StoreError::Unavailable(format!("redis is unreachable: {e}"))
    } else {
        StoreError::Internal(format!("redis: {e}"))
    }
}

fn bytes(v: &Value) -> Vec<u8> {
    match v {
        Value::BulkString(b) => b.clone(),
        Value::SimpleString(s) => s.clone().into_bytes(),
        Value::Int(n) => n.to_string().into_bytes(),
        Value::Okay => b"OK".to_vec(),
        _ => Vec::new(),
    }
}

fn text(v: &Value) -> String {
    String::from_utf8_lossy(&bytes(v)).into_owned()
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(n) => *n,
        other => text(other).trim().parse().unwrap_or(0),
    }
}

fn array(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) | Value::Set(items) => items,
        Value::Nil => Vec::new(),
        other => vec![other],
    }
}

fn event_cursor(id: &EventId) -> Result<String, StoreError> {
    let raw = id.0.trim();
    let ok = !raw.is_empty()
        && raw.split('-').count() <= 2
        && raw
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(raw.to_string())
    } else {
        Err(codec::foreign_cursor("event id", raw))
    }
}

/// The Redis store.
pub struct RedisStore {
    conn: Conn,
    keys: Keys,
    scripts: Scripts,
    event_log_limit: u64,
    /// Queue and handler of tasks this node leased, so their acks need no lookup.
    leased: Mutex<HashMap<String, (String, String)>>,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.keys.base)
            .finish()
    }
}

impl RedisStore {
    /// Connects (retrying with backoff while Redis is down) and checks it is Redis 7 or newer.
    pub async fn connect(options: &RedisOptions) -> Result<Self, StoreError> {
        // At start, wait for Redis for up to a minute: nodes often start before it.
        let mut delay = Duration::from_millis(200);
        let mut waited = Duration::ZERO;
        let conn = loop {
            match open(options).await {
                Ok(conn) => break conn,
                Err(e) if waited < Duration::from_secs(60) && worth_waiting_for(&e) => {
                    tracing::warn!(error = %e, retry_in_ms = delay.as_millis() as u64, "redis is not reachable yet");
                    tokio::time::sleep(delay).await;
                    waited += delay;
                    delay = (delay * 2).min(Duration::from_secs(5));
                }
                Err(e) if e.kind() == redis::ErrorKind::AuthenticationFailed => {
                    return Err(StoreError::Internal(format!(
                        "redis refused the user and password of WORKER_STORE: {e}"
                    )));
                }
                Err(e) if e.kind() == redis::ErrorKind::InvalidClientConfig => {
                    return Err(StoreError::Internal(format!("redis TLS or URL: {e}")));
                }
                Err(e) => return Err(map_err(e)),
            }
        };
        let store = Self {
            conn,
            keys: Keys::new(&options.prefix),
            scripts: Scripts::new(),
            event_log_limit: options.event_log_limit.max(1),
            leased: Mutex::new(HashMap::new()),
        };
        let mut info = redis::cmd("INFO");
        info.arg("server");
        let info: String = store.query_home(info).await?;
        let version = info
            .lines()
            .find_map(|l| l.strip_prefix("redis_version:"))
            .unwrap_or("0")
            .trim()
            .to_string();
        let major: u32 = version
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        if major < 7 {
            return Err(StoreError::Internal(format!(
                "redis {version} is too old: the store needs Redis 7 or newer"
            )));
        }
        Ok(store)
    }

    /// Runs a command without keys on the server that holds the store's keys: on a cluster,
    /// the primary of `{PREFIX}`'s slot (so `TIME` is the clock of the node whose data it
    /// stamps), elsewhere the one server.
    async fn query_home<T: redis::FromRedisValue>(&self, cmd: redis::Cmd) -> Result<T, StoreError> {
        match self.conn() {
            Conn::Single(mut c) => cmd.query_async(&mut c).await.map_err(map_err),
            Conn::Cluster(mut c) => {
                use redis::cluster_routing::{Route, RoutingInfo, SingleNodeRoutingInfo, SlotAddr};
                let route = Route::with_key(self.keys.base.as_bytes(), SlotAddr::Master);
                let value = c
                    .route_command(
                        cmd,
                        RoutingInfo::SingleNode(SingleNodeRoutingInfo::SpecificNode(route)),
                    )
                    .await
                    .map_err(map_err)?;
                T::from_redis_value(value)
                    .map_err(|e| StoreError::Internal(format!("redis: unexpected reply: {e}")))
            }
        }
    }

    /// Redis's clock (`TIME`), in Unix milliseconds: the one clock every node agrees on.
    pub async fn time_ms(&self) -> Result<i64, StoreError> {
        let (secs, micros): (i64, i64) = self.query_home(redis::cmd("TIME")).await?;
        Ok(secs * 1_000 + micros / 1_000)
    }

    /// How many of this node's leases it remembers the placement of: bounded by what it holds,
    /// since acks and lost leases both forget.
    pub fn remembered_leases(&self) -> usize {
        self.leased.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Up to `limit` events of the stream between `from` and `to`, with `XRANGE` (oldest
    /// first) or `XREVRANGE` (newest first).
    async fn event_range(
        &self,
        command: &str,
        from: &str,
        to: &str,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let v: Value = redis::cmd(command)
            .arg(self.keys.global("events"))
            .arg(from)
            .arg(to)
            .arg("COUNT")
            .arg(limit)
            .query_async(&mut self.conn())
            .await
            .map_err(map_err)?;
        Ok(stream_entries(v))
    }

    fn conn(&self) -> Conn {
        self.conn.clone()
    }

    /// An invocation of `script` with the global keys, one group per queue and one DLQ key per
    /// handler.
    fn invocation<'a>(
        &self,
        script: &'a redis::Script,
        queues: &[&str],
        handlers: &[&str],
    ) -> redis::ScriptInvocation<'a> {
        let mut inv = script.prepare_invoke();
        for k in &self.keys.globals {
            inv.key(k);
        }
        for q in queues {
            for k in self.keys.queue(q) {
                inv.key(k);
            }
        }
        for h in handlers {
            inv.key(self.keys.handler_dlq(h));
        }
        inv
    }

    async fn record(&self, id: &str) -> Result<Option<Rec>, StoreError> {
        let raw: Option<Vec<u8>> = self
            .conn()
            .hget(&self.keys.globals[0], id)
            .await
            .map_err(map_err)?;
        raw.map(|r| Rec::parse(&r)).transpose()
    }

    async fn records(&self, ids: &[String]) -> Result<Vec<Option<Rec>>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let raws: Vec<Option<Vec<u8>>> = redis::cmd("HMGET")
            .arg(&self.keys.globals[0])
            .arg(ids)
            .query_async(&mut self.conn())
            .await
            .map_err(map_err)?;
        raws.into_iter()
            .map(|r| r.map(|r| Rec::parse(&r)).transpose())
            .collect()
    }

    /// The queue and handler of a task: from this node's leases, or from its record.
    async fn placement(&self, id: &TaskId) -> Result<Option<(String, String)>, StoreError> {
        if let Some(found) = self
            .leased
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(id.as_str())
        {
            return Ok(Some(found.clone()));
        }
        Ok(self
            .record(id.as_str())
            .await?
            .map(|r| (r.queue, r.handler)))
    }

    fn forget(&self, id: &TaskId) {
        self.leased
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id.as_str());
    }

    /// Ends a leased task's attempt one way or another.
    async fn finish(
        &self,
        id: &TaskId,
        token: LeaseToken,
        now_ms: i64,
        kind: &str,
        value: String,
        error: &str,
    ) -> Result<(), StoreError> {
        let placement = self.placement(id).await?;
        self.forget(id);
        let Some((queue, handler)) = placement else {
            return Err(StoreError::LeaseLost);
        };
        let done: i64 = self
            .invocation(&self.scripts.finish, &[&queue], &[&handler])
            .arg(id.as_str())
            .arg(token.0)
            .arg(now_ms)
            .arg(kind)
            .arg(value)
            .arg(error)
            .invoke_async(&mut self.conn())
            .await
            .map_err(map_err)?;
        if done == 1 {
            Ok(())
        } else {
            Err(StoreError::LeaseLost)
        }
    }

    /// Reads a sorted set of task ids newest first in bounded script calls, keeping tasks of
    /// `handler` and matching `text`; returns the page at `offset` and how many matched.
    async fn scan(
        &self,
        set: &str,
        handler: Option<&str>,
        text: Option<&str>,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<Rec>, u64), StoreError> {
        let mut start: i64 = 0;
        let mut matched: u64 = 0;
        let mut page = Vec::new();
        loop {
            let out = array(
                self.scripts
                    .scan
                    .key(&self.keys.globals[0])
                    .key(set)
                    .arg(start)
                    .arg(SCAN_BUDGET)
                    .arg(handler.unwrap_or(""))
                    .arg(text.map(str::to_lowercase).unwrap_or_default())
                    .invoke_async::<Value>(&mut self.conn())
                    .await
                    .map_err(map_err)?,
            );
            let Some(next) = out.first().map(int) else {
                break;
            };
            for pair in out[1..].chunks(2) {
                if matched >= offset && (page.len() as u32) < limit {
                    page.push(Rec::parse(&bytes(&pair[1]))?);
                }
                matched += 1;
            }
            if next < 0 {
                break;
            }
            start = next;
        }
        Ok((page, matched))
    }

    /// Newest first from one sorted set of task ids, with its size.
    async fn page_of(
        &self,
        set: &str,
        limit: u32,
        offset: u64,
    ) -> Result<(Vec<Rec>, u64), StoreError> {
        if limit == 0 {
            let total: u64 = self.conn().zcard(set).await.map_err(map_err)?;
            return Ok((Vec::new(), total));
        }
        let start = offset.min(i64::MAX as u64) as isize;
        let stop = start.saturating_add(limit as isize - 1);
        let (ids, total): (Vec<String>, u64) = redis::pipe()
            .zrevrange(set, start, stop)
            .zcard(set)
            .query_async(&mut self.conn())
            .await
            .map_err(map_err)?;
        let recs = self.records(&ids).await?.into_iter().flatten().collect();
        Ok((recs, total))
    }

    async fn queue_records(&self, names: &[String]) -> Result<Vec<QueueRecord>, StoreError> {
        let counts: HashMap<String, i64> = self
            .conn()
            .hgetall(self.keys.global("counts"))
            .await
            .map_err(map_err)?;
        let raws: Vec<Option<Vec<u8>>> = if names.is_empty() {
            Vec::new()
        } else {
            redis::cmd("HMGET")
                .arg(self.keys.global("queues"))
                .arg(names)
                .query_async(&mut self.conn())
                .await
                .map_err(map_err)?
        };
        let mut pipe = redis::pipe();
        for name in names {
            pipe.zrange_withscores(self.keys.queue_key(name, "readyage"), 0, 0);
        }
        let oldest: Vec<Vec<(String, f64)>> = if names.is_empty() {
            Vec::new()
        } else {
            pipe.query_async(&mut self.conn()).await.map_err(map_err)?
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

    async fn queue_names(&self) -> Result<Vec<String>, StoreError> {
        let mut names: Vec<String> = self
            .conn()
            .hkeys(self.keys.global("queues"))
            .await
            .map_err(map_err)?;
        names.sort();
        Ok(names)
    }

    /// Replays or deletes `ids` in one script, declaring the keys of their queues and handlers.
    async fn by_placement(
        &self,
        script: &redis::Script,
        head: &[String],
        ids: &[String],
    ) -> Result<Value, StoreError> {
        let recs = self.records(ids).await?;
        let mut queues: Vec<String> = Vec::new();
        let mut handlers: Vec<String> = Vec::new();
        let mut args: Vec<String> = head.to_vec();
        for (id, rec) in ids.iter().zip(&recs) {
            let (g, h) = match rec {
                Some(r) => {
                    let g = match queues.iter().position(|q| *q == r.queue) {
                        Some(g) => g,
                        None => {
                            queues.push(r.queue.clone());
                            queues.len() - 1
                        }
                    };
                    let h = match handlers.iter().position(|h| *h == r.handler) {
                        Some(h) => h,
                        None => {
                            handlers.push(r.handler.clone());
                            handlers.len() - 1
                        }
                    };
                    (g, h)
                }
                // Unknown ids are reported by the script; they need no keys.
                None => (0, 0),
            };
            args.push(id.clone());
            args.push((g + 1).to_string());
            args.push(String::new());
            // The handler key index is known once every queue group is counted.
            let last = args.len() - 1;
            args[last] = format!("h{h}");
        }
        let base = GLOBAL_KEYS.len() + QUEUE_KEYS.len() * queues.len();
        for a in args.iter_mut().skip(head.len()) {
            if let Some(h) = a.strip_prefix('h') {
                let h: usize = h.parse().unwrap_or(0);
                *a = (base + h + 1).to_string();
            }
        }
        let q: Vec<&str> = queues.iter().map(String::as_str).collect();
        let h: Vec<&str> = handlers.iter().map(String::as_str).collect();
        if q.is_empty() {
            // Nothing to change; the script still reports unknown ids, with a dummy group.
            let mut inv = self.invocation(script, &["-"], &["-"]);
            for a in &args {
                inv.arg(a);
            }
            return inv.invoke_async(&mut self.conn()).await.map_err(map_err);
        }
        let mut inv = self.invocation(script, &q, &h);
        for a in &args {
            inv.arg(a);
        }
        inv.invoke_async(&mut self.conn()).await.map_err(map_err)
    }
}

#[async_trait]
impl TaskStore for RedisStore {
    async fn insert_tasks(
        &self,
        tasks: Vec<NewTask>,
        now_ms: i64,
    ) -> Result<Vec<Inserted>, StoreError> {
        if tasks.is_empty() {
            return Ok(Vec::new());
        }
        let mut queues: Vec<&str> = Vec::new();
        for t in &tasks {
            if !queues.contains(&t.queue.as_str()) {
                queues.push(t.queue.as_str());
            }
        }
        let mut inv = self.invocation(&self.scripts.insert, &queues, &[]);
        inv.arg(now_ms).arg(tasks.len());
        for t in &tasks {
            let mut spec = serde_json::json!({
                "id": t.id.as_str(),
                "handler": t.handler.as_str(),
                "queue": t.queue.as_str(),
                "state": state_code(t.state),
                "priority": t.priority,
                "max_retries": t.max_retries,
                "timeout": t.timeout_ms,
                "run_at": t.run_at_ms,
                "created": t.created_at_ms,
            });
            if let Some(idem) = &t.idempotency {
                spec["idem_key"] = idem.key.clone().into();
                spec["idem_exp"] = idem.expires_at_ms.into();
            }
            if !t.metadata.is_empty() {
                spec["meta"] = serde_json::to_string(&t.metadata)
                    .expect("string maps serialize")
                    .into();
            }
            let group = queues
                .iter()
                .position(|q| *q == t.queue.as_str())
                .unwrap_or(0)
                + 1;
            inv.arg(spec.to_string()).arg(&t.payload).arg(group);
        }
        let out: Vec<String> = inv.invoke_async(&mut self.conn()).await.map_err(map_err)?;
        Ok(out
            .into_iter()
            .map(|o| match o.split_at(1) {
                ("D", id) => Inserted::Duplicate(TaskId::from_trusted(id.to_string())),
                (_, id) => Inserted::Created(TaskId::from_trusted(id.to_string())),
            })
            .collect())
    }

    async fn get_task(&self, id: &TaskId) -> Result<Option<TaskDetail>, StoreError> {
        let out = array(
            self.invocation(&self.scripts.get_task, &[], &[])
                .arg(id.as_str())
                .invoke_async::<Value>(&mut self.conn())
                .await
                .map_err(map_err)?,
        );
        if out.len() < 3 {
            return Ok(None);
        }
        let task = Rec::parse(&bytes(&out[0]))?.record()?;
        #[derive(Deserialize)]
        struct E {
            attempt: u32,
            at: i64,
            error: String,
        }
        let errors: Vec<E> = serde_json::from_slice(&bytes(&out[2])).unwrap_or_default();
        Ok(Some(TaskDetail {
            task,
            payload: bytes(&out[1]),
            errors: errors
                .into_iter()
                .map(|e| AttemptError {
                    attempt: e.attempt,
                    at_ms: e.at,
                    error: e.error,
                })
                .collect(),
        }))
    }

    async fn list_tasks(
        &self,
        filter: &TaskFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<TaskRecord>, StoreError> {
        let set = match (&filter.queue, filter.state) {
            (Some(q), Some(s)) => self
                .keys
                .queue_key(q.as_str(), &format!("s{}", state_code(s))),
            (Some(q), None) => self.keys.queue_key(q.as_str(), "all"),
            (None, Some(s)) => self.keys.global(&format!("s{}", state_code(s))),
            (None, None) => self.keys.global("all"),
        };
        let (recs, total) = match &filter.handler {
            None => self.page_of(&set, limit, offset).await?,
            Some(h) => {
                self.scan(&set, Some(h.as_str()), None, limit, offset)
                    .await?
            }
        };
        Ok(Page {
            items: recs.iter().map(Rec::record).collect::<Result<_, _>>()?,
            total,
        })
    }

    async fn promote_due(&self, now_ms: i64, limit: u32) -> Result<u64, StoreError> {
        let mut moved = 0_u64;
        for name in self.queue_names().await? {
            if moved >= u64::from(limit) {
                break;
            }
            let n: u64 = self
                .invocation(&self.scripts.promote, &[&name], &[])
                .arg(now_ms)
                .arg(u64::from(limit) - moved)
                .invoke_async(&mut self.conn())
                .await
                .map_err(map_err)?;
            moved += n;
        }
        Ok(moved)
    }

    async fn cancel(
        &self,
        id: &TaskId,
        now_ms: i64,
    ) -> Result<Option<(QueueName, CancelOutcome)>, StoreError> {
        let Some((queue, _)) = self.placement(id).await? else {
            return Ok(None);
        };
        let out = array(
            self.invocation(&self.scripts.cancel, &[&queue], &[])
                .arg(id.as_str())
                .arg(now_ms)
                .invoke_async::<Value>(&mut self.conn())
                .await
                .map_err(map_err)?,
        );
        let outcome = match (text(&out[0]).as_str(), int(&out[1])) {
            ("", _) => return Ok(None),
            ("cancelled", _) => CancelOutcome::Cancelled,
            ("requested", _) => CancelOutcome::Requested,
            (_, state) => CancelOutcome::AlreadyFinished(state_from_code(state)?),
        };
        Ok(Some((QueueName::from_trusted(queue), outcome)))
    }

    async fn retry(
        &self,
        id: &TaskId,
        now_ms: i64,
    ) -> Result<Option<(QueueName, RetryResult)>, StoreError> {
        let Some((queue, handler)) = self.placement(id).await? else {
            return Ok(None);
        };
        let out = array(
            self.invocation(&self.scripts.retry, &[&queue], &[&handler])
                .arg(id.as_str())
                .arg(now_ms)
                .invoke_async::<Value>(&mut self.conn())
                .await
                .map_err(map_err)?,
        );
        let state = int(&out[1]);
        let result = match text(&out[0]).as_str() {
            "" => return Ok(None),
            "retried" => RetryResult::Retried(state_from_code(state)?),
            _ => RetryResult::NotAllowed(state_from_code(state)?),
        };
        Ok(Some((QueueName::from_trusted(queue), result)))
    }
}

#[async_trait]
impl LeaseStore for RedisStore {
    async fn lease(&self, req: LeaseRequest) -> Result<LeaseResult, StoreError> {
        let queues: Vec<&str> = req.plan.iter().map(|(q, _)| q.as_str()).collect();
        let handlers =
            serde_json::to_string(&req.handlers.iter().map(|h| h.as_str()).collect::<Vec<_>>())
                .expect("strings serialize");
        let mut inv = self.invocation(&self.scripts.lease, &queues, &[]);
        inv.arg(req.now_ms)
            .arg(req.lease_until_ms)
            .arg(req.worker_id.as_str())
            .arg(handlers);
        match &req.rate_limit {
            Some(r) => inv.arg(r.per_second).arg(r.burst),
            None => inv.arg("").arg(0),
        };
        for (q, n) in &req.plan {
            inv.arg(q.as_str()).arg(*n);
        }
        let out = array(
            inv.invoke_async::<Value>(&mut self.conn())
                .await
                .map_err(map_err)?,
        );
        #[derive(Deserialize)]
        struct Summary {
            paused: i64,
            limited: i64,
            short: String,
        }
        let summary: Summary = serde_json::from_slice(&bytes(&out[0]))
            .map_err(|e| StoreError::Internal(format!("lease summary unreadable: {e}")))?;
        let mut result = LeaseResult {
            dequeue_paused: summary.paused == 1,
            rate_limited: summary.limited == 1,
            short: summary
                .short
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| QueueName::from_trusted(s.to_string()))
                .collect(),
            tasks: Vec::new(),
        };
        let mut leased = self.leased.lock().unwrap_or_else(|e| e.into_inner());
        for pair in out[1..].chunks(2) {
            let rec = Rec::parse(&bytes(&pair[0]))?;
            leased.insert(rec.id.clone(), (rec.queue.clone(), rec.handler.clone()));
            result.tasks.push(LeasedTask {
                id: TaskId::from_trusted(rec.id.clone()),
                token: LeaseToken(rec.token.unwrap_or(0)),
                handler: HandlerName::from_trusted(rec.handler.clone()),
                queue: QueueName::from_trusted(rec.queue.clone()),
                payload: pair.get(1).map(bytes).unwrap_or_default(),
                priority: rec.priority,
                attempt: rec.attempts,
                max_retries: rec.max_retries,
                timeout_ms: rec.timeout,
                created_at_ms: rec.created,
                metadata: metadata(&rec.meta),
            });
        }
        drop(leased);
        result.tasks.sort_by_key(|t| (t.priority, t.created_at_ms));
        Ok(result)
    }

    async fn extend(
        &self,
        leases: &[(TaskId, LeaseToken)],
        lease_until_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<Extended>, StoreError> {
        if leases.is_empty() {
            return Ok(Vec::new());
        }
        let mut inv = self.invocation(&self.scripts.extend, &[], &[]);
        inv.arg(lease_until_ms).arg(now_ms);
        for (id, token) in leases {
            inv.arg(id.as_str()).arg(token.0);
        }
        let flags: Vec<i64> = inv.invoke_async(&mut self.conn()).await.map_err(map_err)?;
        Ok(flags
            .into_iter()
            .zip(leases)
            .map(|(f, (id, _))| match f {
                -1 => {
                    // The runtime abandons a lost lease without acking it: forget it here, or
                    // the placement cache would keep it for the life of the process.
                    self.forget(id);
                    Extended::Lost
                }
                f => Extended::Held {
                    cancel_requested: f != 0,
                },
            })
            .collect())
    }

    async fn complete(
        &self,
        id: &TaskId,
        token: LeaseToken,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.finish(id, token, now_ms, "complete", String::new(), "")
            .await
    }

    async fn fail(
        &self,
        id: &TaskId,
        token: LeaseToken,
        error: &str,
        next: FailNext,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let (kind, value) = match next {
            FailNext::RetryAt(at) => ("retry", at.to_string()),
            FailNext::Dead(reason) => ("dead", reason.as_str().to_string()),
            FailNext::Cancelled => ("cancelled", String::new()),
        };
        self.finish(id, token, now_ms, kind, value, error).await
    }

    async fn release(&self, id: &TaskId, token: LeaseToken, now_ms: i64) -> Result<(), StoreError> {
        self.finish(id, token, now_ms, "release", String::new(), "")
            .await
    }

    async fn expired_leases(
        &self,
        now_ms: i64,
        limit: u32,
    ) -> Result<Vec<ExpiredLease>, StoreError> {
        let ids: Vec<String> = self
            .conn()
            .zrangebyscore_limit(
                self.keys.global("running"),
                "-inf",
                format!("({now_ms}"),
                0,
                limit as isize,
            )
            .await
            .map_err(map_err)?;
        let mut out = Vec::new();
        for rec in self.records(&ids).await?.into_iter().flatten() {
            if rec.state != 2 {
                continue;
            }
            out.push(ExpiredLease {
                id: TaskId::from_trusted(rec.id.clone()),
                token: LeaseToken(rec.token.unwrap_or(0)),
                queue: QueueName::from_trusted(rec.queue.clone()),
                handler: HandlerName::from_trusted(rec.handler.clone()),
                attempt: rec.attempts,
                max_retries: rec.max_retries,
                cancel_requested: rec.cancel != 0,
                worker_id: rec.worker.clone().map(WorkerId::from_trusted),
            });
        }
        Ok(out)
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
        inv.invoke_async::<i64>(&mut self.conn())
            .await
            .map_err(map_err)?;
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
    ) -> Result<Option<QueueRecord>, StoreError> {
        let found: i64 = self
            .invocation(&self.scripts.set_queue, &[], &[])
            .arg(name.as_str())
            .arg("paused")
            .arg(i64::from(paused))
            .arg(now_ms)
            .invoke_async(&mut self.conn())
            .await
            .map_err(map_err)?;
        if found == 0 {
            return Ok(None);
        }
        self.get_queue(name).await
    }

    async fn set_queue_weight(
        &self,
        name: &QueueName,
        weight: Option<u32>,
        now_ms: i64,
    ) -> Result<Option<QueueRecord>, StoreError> {
        let found: i64 = self
            .invocation(&self.scripts.set_queue, &[], &[])
            .arg(name.as_str())
            .arg("weight")
            .arg(weight.map(|w| w.to_string()).unwrap_or_default())
            .arg(now_ms)
            .invoke_async(&mut self.conn())
            .await
            .map_err(map_err)?;
        if found == 0 {
            return Ok(None);
        }
        self.get_queue(name).await
    }

    async fn throughput(&self, since_ms: i64) -> Result<Vec<ThroughputBucket>, StoreError> {
        let all: HashMap<String, i64> = self
            .conn()
            .hgetall(self.keys.global("throughput"))
            .await
            .map_err(map_err)?;
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
}

#[async_trait]
impl CoordinationStore for RedisStore {
    async fn set_dequeue_paused(&self, paused: bool, _now_ms: i64) -> Result<(), StoreError> {
        self.conn()
            .hset::<_, _, _, ()>(self.keys.global("coord"), "paused", i64::from(paused))
            .await
            .map_err(map_err)
    }

    async fn coordination(&self) -> Result<CoordinationRecord, StoreError> {
        let (paused, tokens, at, leader, token, exp): (
            Option<i64>,
            Option<f64>,
            Option<i64>,
            Option<String>,
            Option<i64>,
            Option<i64>,
        ) = redis::cmd("HMGET")
            .arg(self.keys.global("coord"))
            .arg(&[
                "paused",
                "rate_tokens",
                "rate_at",
                "leader",
                "leader_token",
                "leader_exp",
            ])
            .query_async(&mut self.conn())
            .await
            .map_err(map_err)?;
        Ok(CoordinationRecord {
            dequeue_paused: paused == Some(1),
            rate_tokens: tokens,
            rate_updated_at_ms: at,
            leader: leader.map(|holder| LeaderRecord {
                holder,
                token: token.unwrap_or(0),
                expires_at_ms: exp.unwrap_or(0),
            }),
        })
    }

    async fn acquire_leader(
        &self,
        holder: &str,
        ttl_ms: i64,
        now_ms: i64,
    ) -> Result<LeaderRecord, StoreError> {
        let out = array(
            self.invocation(&self.scripts.acquire_leader, &[], &[])
                .arg(holder)
                .arg(ttl_ms)
                .arg(now_ms)
                .invoke_async::<Value>(&mut self.conn())
                .await
                .map_err(map_err)?,
        );
        Ok(LeaderRecord {
            holder: text(&out[0]),
            token: int(&out[1]),
            expires_at_ms: int(&out[2]),
        })
    }

    async fn release_leader(&self, holder: &str) -> Result<(), StoreError> {
        self.invocation(&self.scripts.release_leader, &[], &[])
            .arg(holder)
            .invoke_async::<i64>(&mut self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }
}

#[async_trait]
impl DlqStore for RedisStore {
    async fn list_dlq(
        &self,
        filter: &DlqFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<DlqEntry>, StoreError> {
        let text = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty());
        // The narrowest index: the queue's or the handler's DLQ, else the whole DLQ.
        let (set, handler) = match (&filter.queue, &filter.handler) {
            (Some(q), h) => (
                self.keys.queue_key(q.as_str(), "dlq"),
                h.as_ref().map(|h| h.as_str()),
            ),
            (None, Some(h)) => (self.keys.handler_dlq(h.as_str()), None),
            (None, None) => (self.keys.global("dlq"), None),
        };
        let (recs, total) = if handler.is_none() && text.is_none() {
            self.page_of(&set, limit, offset).await?
        } else {
            self.scan(&set, handler, text, limit, offset).await?
        };
        Ok(Page {
            items: recs
                .iter()
                .filter(|r| r.state == 5)
                .map(Rec::dlq_entry)
                .collect(),
            total,
        })
    }

    async fn get_dlq_entry(&self, id: &TaskId) -> Result<Option<DlqEntry>, StoreError> {
        Ok(self
            .record(id.as_str())
            .await?
            .filter(|r| r.state == 5)
            .map(|r| r.dlq_entry()))
    }

    async fn replay_oldest(&self, limit: u32, now_ms: i64) -> Result<Vec<TaskId>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = self
            .conn()
            .zrange(self.keys.global("dlq"), 0, limit as isize - 1)
            .await
            .map_err(map_err)?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let out = array(
            self.by_placement(&self.scripts.replay, &[now_ms.to_string()], &ids)
                .await?,
        );
        Ok(ids
            .into_iter()
            .zip(out)
            .filter(|(_, o)| text(o) == "R")
            .map(|(id, _)| TaskId::from_trusted(id))
            .collect())
    }

    async fn replay_ids(
        &self,
        ids: &[TaskId],
        now_ms: i64,
    ) -> Result<Vec<ReplayOutcome>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = ids.iter().map(|i| i.as_str().to_string()).collect();
        let out = array(
            self.by_placement(&self.scripts.replay, &[now_ms.to_string()], &ids)
                .await?,
        );
        out.iter()
            .map(|o| {
                Ok(match text(o).as_str() {
                    "R" => ReplayOutcome::Replayed,
                    "N" => ReplayOutcome::NotFound,
                    code => ReplayOutcome::NotDead(state_from_code(code.parse().unwrap_or(-1))?),
                })
            })
            .collect()
    }

    async fn purge_dlq(&self, purge: &DlqPurge) -> Result<u64, StoreError> {
        let queue = purge
            .queue
            .as_ref()
            .map(|q| q.as_str().to_string())
            .unwrap_or_default();
        let ids: Vec<String> = match &purge.ids {
            Some(ids) => ids.iter().map(|i| i.as_str().to_string()).collect(),
            None => {
                let set = if queue.is_empty() {
                    self.keys.global("dlq")
                } else {
                    self.keys.queue_key(&queue, "dlq")
                };
                self.conn()
                    .zrange(set, 0, purge.limit.max(1) as isize - 1)
                    .await
                    .map_err(map_err)?
            }
        };
        if ids.is_empty() {
            return Ok(0);
        }
        let n = self
            .by_placement(&self.scripts.delete, &["1".to_string(), queue], &ids)
            .await?;
        Ok(int(&n).max(0) as u64)
    }
}

#[async_trait]
impl WorkerStore for RedisStore {
    async fn register_worker(&self, worker: NewWorker) -> Result<(), StoreError> {
        self.invocation(&self.scripts.register_worker, &[], &[])
            .arg(worker.id.as_str())
            .arg(&worker.host)
            .arg(worker.pid)
            .arg(&worker.version)
            .arg(worker.concurrency)
            .arg(serde_json::to_string(&worker.handlers).expect("strings serialize"))
            .arg(worker.now_ms)
            .invoke_async::<i64>(&mut self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn worker_heartbeat(
        &self,
        id: &WorkerId,
        in_flight: u32,
        state: WorkerState,
        now_ms: i64,
    ) -> Result<WorkerCommand, StoreError> {
        let out = array(
            self.invocation(&self.scripts.worker_heartbeat, &[], &[])
                .arg(id.as_str())
                .arg(in_flight)
                .arg(state.as_str())
                .arg(now_ms)
                .invoke_async::<Value>(&mut self.conn())
                .await
                .map_err(map_err)?,
        );
        Ok(match text(&out[0]).as_str() {
            "none" => WorkerCommand::None,
            "recycle" => WorkerCommand::Recycle {
                reason: out.get(1).map(text).unwrap_or_default(),
            },
            _ => WorkerCommand::Unknown,
        })
    }

    async fn set_worker_state(
        &self,
        id: &WorkerId,
        state: WorkerState,
        recycled: bool,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        self.invocation(&self.scripts.set_worker_state, &[], &[])
            .arg(id.as_str())
            .arg(state.as_str())
            .arg(i64::from(recycled))
            .arg(now_ms)
            .invoke_async::<i64>(&mut self.conn())
            .await
            .map_err(map_err)?;
        Ok(())
    }

    async fn request_recycle(
        &self,
        id: &WorkerId,
        reason: &str,
        _now_ms: i64,
    ) -> Result<Option<WorkerRecord>, StoreError> {
        let raw: Option<Vec<u8>> = self
            .invocation(&self.scripts.request_recycle, &[], &[])
            .arg(id.as_str())
            .arg(reason)
            .invoke_async(&mut self.conn())
            .await
            .map_err(map_err)?;
        raw.map(|r| parse_worker(id.as_str(), &r)).transpose()
    }

    async fn list_workers(&self) -> Result<Vec<WorkerRecord>, StoreError> {
        let all: HashMap<String, Vec<u8>> = self
            .conn()
            .hgetall(self.keys.global("workers"))
            .await
            .map_err(map_err)?;
        let mut out = all
            .iter()
            .map(|(id, raw)| parse_worker(id, raw))
            .collect::<Result<Vec<_>, _>>()?;
        out.sort_by(|a, b| (a.started_at_ms, a.id.as_str()).cmp(&(b.started_at_ms, b.id.as_str())));
        Ok(out)
    }

    async fn get_worker(&self, id: &WorkerId) -> Result<Option<WorkerDetail>, StoreError> {
        let raw: Option<Vec<u8>> = self
            .conn()
            .hget(self.keys.global("workers"), id.as_str())
            .await
            .map_err(map_err)?;
        let Some(raw) = raw else {
            return Ok(None);
        };
        let worker = parse_worker(id.as_str(), &raw)?;
        let running: Vec<String> = self
            .conn()
            .zrange(self.keys.global("running"), 0, -1)
            .await
            .map_err(map_err)?;
        let mut tasks: Vec<TaskRecord> = self
            .records(&running)
            .await?
            .into_iter()
            .flatten()
            .filter(|r| r.state == 2 && r.worker.as_deref() == Some(id.as_str()))
            .map(|r| r.record())
            .collect::<Result<_, _>>()?;
        tasks.sort_by_key(|t| t.started_at_ms);
        Ok(Some(WorkerDetail {
            worker,
            running: tasks,
        }))
    }

    async fn mark_lost_workers(
        &self,
        cutoff_ms: i64,
        _now_ms: i64,
    ) -> Result<Vec<WorkerRecord>, StoreError> {
        let out = array(
            self.invocation(&self.scripts.mark_lost, &[], &[])
                .arg(cutoff_ms)
                .invoke_async::<Value>(&mut self.conn())
                .await
                .map_err(map_err)?,
        );
        out.chunks(2)
            .map(|pair| parse_worker(&text(&pair[0]), &bytes(&pair[1])))
            .collect()
    }

    async fn detect_stuck(
        &self,
        cutoff_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<StuckTask>, StoreError> {
        let out = array(
            self.invocation(&self.scripts.detect_stuck, &[], &[])
                .arg(cutoff_ms)
                .arg(now_ms)
                .invoke_async::<Value>(&mut self.conn())
                .await
                .map_err(map_err)?,
        );
        out.iter().map(|v| stuck_from(&bytes(v))).collect()
    }

    async fn stuck_history(
        &self,
        since_ms: i64,
        handler: Option<&HandlerName>,
    ) -> Result<Vec<StuckSummary>, StoreError> {
        let keys: Vec<String> = self
            .conn()
            .zrangebyscore(self.keys.global("stucktime"), since_ms, "+inf")
            .await
            .map_err(map_err)?;
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let raws: Vec<Option<Vec<u8>>> = redis::cmd("HMGET")
            .arg(self.keys.global("stuck"))
            .arg(&keys)
            .query_async(&mut self.conn())
            .await
            .map_err(map_err)?;
        let mut by_handler: BTreeMap<String, (u64, i64)> = BTreeMap::new();
        for raw in raws.into_iter().flatten() {
            let s = stuck_from(&raw)?;
            if handler.is_some_and(|h| h != &s.handler) {
                continue;
            }
            let e = by_handler
                .entry(s.handler.as_str().to_string())
                .or_insert((0, i64::MIN));
            e.0 += 1;
            e.1 = e.1.max(s.detected_at_ms);
        }
        let mut out: Vec<StuckSummary> = by_handler
            .into_iter()
            .map(|(h, (count, last))| StuckSummary {
                handler: HandlerName::from_trusted(h),
                count,
                last_at_ms: last,
            })
            .collect();
        out.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.handler.as_str().cmp(b.handler.as_str()))
        });
        Ok(out)
    }
}

#[async_trait]
impl EventStore for RedisStore {
    async fn append_events(&self, events: &[(i64, Event)]) -> Result<Vec<EventId>, StoreError> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let mut inv = self.invocation(&self.scripts.append_events, &[], &[]);
        inv.arg(self.event_log_limit);
        for (at, e) in events {
            inv.arg(*at).arg(e.encode());
        }
        let ids: Vec<String> = inv.invoke_async(&mut self.conn()).await.map_err(map_err)?;
        Ok(ids.into_iter().map(EventId).collect())
    }

    async fn read_events(
        &self,
        after: Option<&EventId>,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let start = match after {
            None => "-".to_string(),
            Some(id) => format!("({}", event_cursor(id)?),
        };
        self.event_range("XRANGE", &start, "+", limit).await
    }

    async fn last_event_id(&self) -> Result<Option<EventId>, StoreError> {
        Ok(self
            .event_range("XREVRANGE", "+", "-", 1)
            .await?
            .pop()
            .map(|e| e.id))
    }

    async fn read_events_before(
        &self,
        before: Option<&EventId>,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let end = match before {
            None => "+".to_string(),
            Some(id) => format!("({}", event_cursor(id)?),
        };
        self.event_range("XREVRANGE", &end, "-", limit).await
    }
}

#[async_trait]
impl AuditStore for RedisStore {
    async fn append_audit(&self, entry: AuditEntry) -> Result<AuditRecord, StoreError> {
        // Another node may chain an entry between our read of the head and our write; the
        // script refuses then, and we chain again onto the new head.
        for _ in 0..100 {
            let head: Option<String> = self
                .conn()
                .hget(self.keys.global("coord"), "audit_head")
                .await
                .map_err(map_err)?;
            let prev_hash = head
                .clone()
                .unwrap_or_else(|| audit::GENESIS_HASH.to_string());
            let hash = audit::chain_hash(&prev_hash, &entry);
            let stored = StoredAudit {
                entry: entry.clone(),
                prev_hash: prev_hash.clone(),
                hash: hash.clone(),
            };
            let encoded = serde_json::to_string(&stored).expect("audit entries serialize");
            let id: Option<i64> = self
                .invocation(&self.scripts.append_audit, &[], &[])
                .arg(head.unwrap_or_default())
                .arg(&hash)
                .arg(&encoded)
                .invoke_async(&mut self.conn())
                .await
                .map_err(map_err)?;
            if let Some(id) = id {
                return Ok(AuditRecord {
                    id: id.to_string(),
                    entry,
                    prev_hash,
                    hash,
                });
            }
        }
        Err(StoreError::Unavailable(
            "the audit chain is too busy; try again".into(),
        ))
    }

    async fn list_audit(
        &self,
        filter: &AuditFilter,
        cursor: &AuditCursor,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let (mut bound, ascending) = match cursor {
            AuditCursor::Before(id) => (id.as_deref().map(parse_audit_id).transpose()?, false),
            AuditCursor::After(id) => (id.as_deref().map(parse_audit_id).transpose()?, true),
        };
        let ids_key = self.keys.global("auditids");
        let mut out = Vec::new();
        while (out.len() as u32) < limit {
            let chunk = (limit as usize - out.len()).max(100);
            let ids: Vec<i64> = if ascending {
                let min = bound.map_or("-inf".to_string(), |b| format!("({b}"));
                self.conn()
                    .zrangebyscore_limit(&ids_key, min, "+inf", 0, chunk as isize)
                    .await
                    .map_err(map_err)?
            } else {
                let max = bound.map_or("+inf".to_string(), |b| format!("({b}"));
                self.conn()
                    .zrevrangebyscore_limit(&ids_key, max, "-inf", 0, chunk as isize)
                    .await
                    .map_err(map_err)?
            };
            if ids.is_empty() {
                break;
            }
            bound = ids.last().copied();
            let raws: Vec<Option<String>> = redis::cmd("HMGET")
                .arg(self.keys.global("audit"))
                .arg(&ids)
                .query_async(&mut self.conn())
                .await
                .map_err(map_err)?;
            for (id, raw) in ids.iter().zip(raws) {
                let Some(raw) = raw else { continue };
                let stored: StoredAudit = serde_json::from_str(&raw).map_err(|e| {
                    StoreError::Internal(format!("an audit entry is unreadable: {e}"))
                })?;
                let e = &stored.entry;
                let keep = filter.action.as_ref().is_none_or(|a| *a == e.action)
                    && filter.target.as_ref().is_none_or(|t| *t == e.target)
                    && filter.actor.as_ref().is_none_or(|a| *a == e.actor)
                    && filter.since_ms.is_none_or(|s| e.at_ms >= s)
                    && filter.until_ms.is_none_or(|u| e.at_ms < u);
                if keep && (out.len() as u32) < limit {
                    out.push(stored.record(*id));
                }
            }
        }
        Ok(out)
    }

    async fn audit_overflow(
        &self,
        keep: u64,
        before_ms: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let ids_key = self.keys.global("auditids");
        let newest: Vec<i64> = self
            .conn()
            .zrevrange(&ids_key, 0, 0)
            .await
            .map_err(map_err)?;
        let Some(max) = newest.first().copied() else {
            return Ok(Vec::new());
        };
        let through = max - keep.min(i64::MAX as u64) as i64;
        let ids: Vec<i64> = self
            .conn()
            .zrange(&ids_key, 0, limit as isize - 1)
            .await
            .map_err(map_err)?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let raws: Vec<Option<String>> = redis::cmd("HMGET")
            .arg(self.keys.global("audit"))
            .arg(&ids)
            .query_async(&mut self.conn())
            .await
            .map_err(map_err)?;
        let mut out = Vec::new();
        for (id, raw) in ids.iter().zip(raws) {
            let Some(raw) = raw else { continue };
            let stored: StoredAudit = serde_json::from_str(&raw)
                .map_err(|e| StoreError::Internal(format!("an audit entry is unreadable: {e}")))?;
            if *id <= through || before_ms.is_some_and(|b| stored.entry.at_ms < b) {
                out.push(stored.record(*id));
            }
        }
        Ok(out)
    }

    async fn delete_audit_through(&self, through_id: &str) -> Result<u64, StoreError> {
        let through = parse_audit_id(through_id)?;
        let n: i64 = self
            .invocation(&self.scripts.delete_audit, &[], &[])
            .arg(through)
            .invoke_async(&mut self.conn())
            .await
            .map_err(map_err)?;
        Ok(n.max(0) as u64)
    }
}

#[async_trait]
impl RetentionStore for RedisStore {
    async fn sweep(&self, sweep: Sweep) -> Result<SweepCounts, StoreError> {
        let mut counts = SweepCounts::default();
        // Finished tasks past retention, oldest first.
        let finished: Vec<String> = self
            .conn()
            .zrangebyscore_limit(
                self.keys.global("finished"),
                "-inf",
                format!("({}", sweep.terminal_before_ms),
                0,
                sweep.batch as isize,
            )
            .await
            .map_err(map_err)?;
        if !finished.is_empty() {
            let n = self
                .by_placement(
                    &self.scripts.delete,
                    &["0".to_string(), String::new()],
                    &finished,
                )
                .await?;
            counts.tasks += int(&n).max(0) as u64;
        }
        if let Some(dead_before) = sweep.dead_before_ms {
            let oldest: Vec<String> = self
                .conn()
                .zrange(self.keys.global("dlq"), 0, sweep.batch as isize - 1)
                .await
                .map_err(map_err)?;
            let recs = self.records(&oldest).await?;
            let expired: Vec<String> = recs
                .into_iter()
                .flatten()
                .filter(|r| r.dlq_at.unwrap_or(r.updated) < dead_before)
                .map(|r| r.id)
                .collect();
            if !expired.is_empty() {
                let n = self
                    .by_placement(
                        &self.scripts.delete,
                        &["1".to_string(), String::new()],
                        &expired,
                    )
                    .await?;
                counts.tasks += int(&n).max(0) as u64;
            }
        }
        let out = array(
            self.invocation(&self.scripts.sweep_small, &[], &[])
                .arg(sweep.now_ms)
                .arg(sweep.events_keep)
                .arg(sweep.workers_before_ms)
                .arg(sweep.throughput_before_ms)
                .arg(sweep.stuck_before_ms)
                .invoke_async::<Value>(&mut self.conn())
                .await
                .map_err(map_err)?,
        );
        counts.idempotency_keys = int(&out[0]).max(0) as u64;
        counts.events = int(&out[1]).max(0) as u64;
        counts.workers = int(&out[2]).max(0) as u64;
        counts.throughput_buckets = int(&out[3]).max(0) as u64;
        Ok(counts)
    }
}

/// An audit entry with its place in the chain, as stored.
#[derive(Serialize, Deserialize)]
struct StoredAudit {
    #[serde(flatten)]
    entry: AuditEntry,
    prev_hash: String,
    hash: String,
}

impl StoredAudit {
    fn record(self, id: i64) -> AuditRecord {
        AuditRecord {
            id: id.to_string(),
            entry: self.entry,
            prev_hash: self.prev_hash,
            hash: self.hash,
        }
    }
}

fn stuck_from(raw: &[u8]) -> Result<StuckTask, StoreError> {
    #[derive(Deserialize)]
    struct S {
        task: String,
        attempt: u32,
        handler: String,
        queue: String,
        #[serde(default)]
        worker: Option<String>,
        #[serde(default)]
        beat: i64,
        at: i64,
    }
    let s: S = serde_json::from_slice(raw)
        .map_err(|e| StoreError::Internal(format!("a stuck record is unreadable: {e}")))?;
    Ok(StuckTask {
        task_id: TaskId::from_trusted(s.task),
        attempt: s.attempt,
        handler: HandlerName::from_trusted(s.handler),
        queue: QueueName::from_trusted(s.queue),
        worker_id: s.worker.map(WorkerId::from_trusted),
        last_heartbeat_ms: s.beat,
        detected_at_ms: s.at,
    })
}

/// XRANGE/XREVRANGE replies: `[[id, [field, value, ...]], ...]`.
fn stream_entries(v: Value) -> Vec<StoredEvent> {
    array(v)
        .into_iter()
        .filter_map(|entry| {
            let mut parts = array(entry).into_iter();
            let id = text(&parts.next()?);
            let fields = array(parts.next()?);
            let mut at_ms = 0;
            let mut data = String::new();
            for pair in fields.chunks(2) {
                match text(&pair[0]).as_str() {
                    "at" => at_ms = pair.get(1).map(int).unwrap_or(0),
                    "data" => data = pair.get(1).map(text).unwrap_or_default(),
                    _ => {}
                }
            }
            Some(StoredEvent {
                id: EventId(id),
                at_ms,
                data,
            })
        })
        .collect()
}
