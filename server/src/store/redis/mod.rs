//! The Redis store: any number of `workerd` nodes share one Redis (7 or newer) and behave as
//! one system. Every transition is one Lua script (`lua/`, each over `lua/prelude.lua`,
//! registered in `scripts.rs`) with all its keys declared; the key layout is in `docs/redis.md`.
//!
//! Task records live in one hash (`…:t`, JSON per task) so a script can lease tasks it only
//! finds while running; per-queue sorted sets index them by readiness, due time, state and DLQ
//! membership. A script that concerns a task whose queue the caller does not know yet (an ack
//! from another node, a replay by id) first reads the record: a task's queue and handler never
//! change, so the keys it declares stay right.
//!
//! One file per capability (`tasks.rs`, `leases.rs`, `queues.rs`, `coordination.rs`, `dlq.rs`,
//! `workers.rs`, `events.rs`, `audit.rs`, `retention.rs`, `schedules.rs`, `jobs.rs`), over
//! `conn.rs` (connecting, errors), `keys.rs` (key names), `records.rs` (stored records and
//! replies) and `reads.rs` (task reads several capabilities share).

mod acks;
mod audit;
mod backfill;
mod bulk;
mod clock;
mod conn;
mod coordination;
mod deletes;
mod dlq;
mod dlq_listing;
mod events;
mod functions;
mod guard;
mod jobs;
mod keys;
mod leases;
mod queues;
mod reads;
mod records;
mod retention;
mod schedules;
mod scripts;
mod tasks;
mod throughput;
mod workers;

pub use clock::RedisClock;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use redis::Value;

use crate::engine::model::TaskId;
use crate::store::StoreError;
use conn::Conn;
use keys::{GLOBAL_KEYS, Keys, QUEUE_KEYS};
use scripts::Scripts;

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

/// The Redis store.
pub struct RedisStore {
    conn: Conn,
    keys: Keys,
    scripts: Scripts,
    event_log_limit: u64,
    /// Queue and handler of tasks this node leased, so their acks need no lookup.
    leased: Mutex<HashMap<String, (String, String)>>,
    /// Completions on their way to Redis, batched.
    acks: acks::Acks,
    /// Lease and complete as Redis functions.
    library: Arc<functions::Library>,
    /// Counted DLQ totals per filter, kept while the DLQ does not change (`dlq_listing.rs`).
    dlq_totals: dlq_listing::KnownTotals,
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
        let conn = conn::connect(options).await?;
        let keys = Keys::new(&options.prefix);
        let scripts = Scripts::new();
        let library = Arc::new(functions::Library::new());
        let acks = acks::Acks::start(
            conn.clone(),
            keys.clone(),
            scripts.complete.clone(),
            Arc::clone(&library),
        );
        let store = Self {
            conn,
            keys,
            scripts,
            event_log_limit: options.event_log_limit.max(1),
            leased: Mutex::new(HashMap::new()),
            acks,
            library,
            dlq_totals: Default::default(),
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
        store.migrate_throughput().await?;
        store.backfill_dlq_index().await?;
        store.backfill_bulk_indexes().await?;
        // Stores made before a listing by state alone merged the queues' own sets kept one set
        // per state across queues (`{P}:s0` … `s6`), which nothing writes or reads any more.
        let mut unlink = redis::cmd("UNLINK");
        for state in 0..7 {
            unlink.arg(store.keys.global(&format!("s{state}")));
        }
        unlink.query_async::<i64>(&mut store.conn()).await?;
        store.library.load(&mut store.conn()).await?;
        Ok(store)
    }

    /// Runs a command without keys on the server that holds the store's keys: on a cluster,
    /// the primary of `{PREFIX}`'s slot (so `TIME` is the clock of the node whose data it
    /// stamps), elsewhere the one server.
    async fn query_home<T: redis::FromRedisValue>(&self, cmd: redis::Cmd) -> Result<T, StoreError> {
        match self.conn() {
            Conn::Single(mut c) => cmd.query_async(&mut c).await.map_err(StoreError::from),
            Conn::Cluster(mut c) => {
                use redis::cluster_routing::{Route, RoutingInfo, SingleNodeRoutingInfo, SlotAddr};
                let route = Route::with_key(self.keys.base.as_bytes(), SlotAddr::Master);
                let value = c
                    .route_command(
                        cmd,
                        RoutingInfo::SingleNode(SingleNodeRoutingInfo::SpecificNode(route)),
                    )
                    .await?;
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

    fn conn(&self) -> Conn {
        self.conn.clone()
    }

    /// An invocation of `script` with the global keys, one group per queue, then two DLQ keys
    /// per (queue, handler) pair in `dlqs`: the handler's, then the pair's (`prelude.lua`'s
    /// `hk` and `hk + 1`).
    fn invocation<'a>(
        &self,
        script: &'a redis::Script,
        queues: &[&str],
        dlqs: &[(&str, &str)],
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
        for (q, h) in dlqs {
            inv.key(self.keys.handler_dlq(h));
            inv.key(self.keys.queue_handler_dlq(q, h));
        }
        inv
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

    /// Replays or deletes `ids` in one script, declaring the keys of their queues and handlers.
    async fn by_placement(
        &self,
        script: &redis::Script,
        head: &[String],
        ids: &[String],
    ) -> Result<Value, StoreError> {
        self.by_placement_raw(script, head, ids)
            .await?
            .map_err(StoreError::from)
    }

    /// [`Self::by_placement`], with the script's own error as Redis gave it (an audited script's
    /// refusal to write is retried by the caller).
    async fn by_placement_raw(
        &self,
        script: &redis::Script,
        head: &[String],
        ids: &[String],
    ) -> Result<Result<Value, redis::RedisError>, StoreError> {
        let recs = self.records(ids).await?;
        let mut queues: Vec<String> = Vec::new();
        // (queue, handler) pairs, each two DLQ keys.
        let mut pairs: Vec<(String, String)> = Vec::new();
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
                    let h = match pairs
                        .iter()
                        .position(|(q, h)| *q == r.queue && *h == r.handler)
                    {
                        Some(h) => h,
                        None => {
                            pairs.push((r.queue.clone(), r.handler.clone()));
                            pairs.len() - 1
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
                *a = (base + 2 * h + 1).to_string();
            }
        }
        let q: Vec<&str> = queues.iter().map(String::as_str).collect();
        let h: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(q, h)| (q.as_str(), h.as_str()))
            .collect();
        if q.is_empty() {
            // Nothing to change; the script still reports unknown ids, with a dummy group.
            let mut inv = self.invocation(script, &["-"], &[("-", "-")]);
            for a in &args {
                inv.arg(a);
            }
            return Ok(inv.invoke_async(&mut self.conn()).await);
        }
        let mut inv = self.invocation(script, &q, &h);
        for a in &args {
            inv.arg(a);
        }
        Ok(inv.invoke_async(&mut self.conn()).await)
    }
}
