//! Scenarios on `workerd` processes the bench spawns: idle resident memory, SSE fan-out with
//! memory per subscriber, recovery after SIGKILL (restart to the first reclaimed task running),
//! and throughput with 1, 2 and 3 nodes on one Redis.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use worker_proto::v1 as pb;
use worker_server::engine::model::{QueueName, TaskFilter, TaskSpec, TaskState};
use worker_server::engine::{Engine, EngineConfig};
use worker_server::store::sqlite::Durability;
use worker_testkit::redis::RedisServer;

use crate::process::{Workerd, spawn};
use crate::report::{Figure, Report, Target, median, ms, per_sec};
use crate::stores::{StoreKind, fresh_sqlite_at};

/// The environment that puts a `workerd` on `kind`'s store (SQLite in its data directory).
fn store_env(
    kind: StoreKind,
    dir: &Path,
    redis: Option<&RedisServer>,
) -> Vec<(&'static str, String)> {
    match (kind, redis) {
        (StoreKind::Redis, Some(redis)) => vec![("WORKER_STORE", redis.url())],
        (StoreKind::Sqlite(d), _) => vec![
            (
                "WORKER_STORE",
                format!("sqlite:{}", dir.join("worker.db").display()),
            ),
            (
                "WORKER_SQLITE_SYNC",
                crate::floors::durability_name(d).to_lowercase(),
            ),
        ],
        (StoreKind::Redis, None) => unreachable!("a Redis store needs its server"),
    }
}

/// An idle `workerd` (demo handlers, no feed), settled: resident memory in MB.
pub(crate) async fn idle_rss(
    report: &mut Report,
    bin: &Path,
    kind: StoreKind,
    repeats: usize,
    settle: Duration,
) -> anyhow::Result<()> {
    let mut mbs = Vec::new();
    let mut startups = Vec::new();
    for _ in 0..repeats {
        let redis = match kind {
            StoreKind::Redis => Some(RedisServer::start().await.expect("redis-server")),
            StoreKind::Sqlite(_) => None,
        };
        let dir = tempfile::tempdir()?;
        let env = store_env(kind, dir.path(), redis.as_ref());
        let node = spawn(bin, dir.path(), &env).await?;
        tokio::time::sleep(settle).await;
        mbs.push(node.rss_kib() as f64 / 1024.0);
        startups.push(ms(node.startup));
    }
    let store = kind.name();
    report.add(
        Figure::new(format!("workerd idle RSS {store}"), "MB", mbs).target(Target::AtMost(30.0)),
    );
    report.add(Figure::new(
        format!("workerd spawn to listening {store}"),
        "ms",
        startups,
    ));
    Ok(())
}

/// What flows while SSE subscribers listen: tasks, and an operator's queue weight changes.
pub(crate) struct SseFeed {
    pub tasks_per_sec: u64,
    pub changes_per_sec: u64,
}

/// `subscribers` SSE clients (each its own TLS connection) on one `workerd` on SQLite while
/// tasks flow and an operator changes a queue's weight: the process's resident memory per
/// subscriber, and events delivered to each. Task transitions reach the stream as coalesced
/// summaries, so the weight changes (each a `queue_changed` and an `audit` event) are what
/// brings the stream to issue 15's 50 events a second.
pub(crate) async fn sse_fanout(
    report: &mut Report,
    bin: &Path,
    subscribers: usize,
    SseFeed {
        tasks_per_sec: feed_per_sec,
        changes_per_sec,
    }: SseFeed,
    settle: Duration,
    window: Duration,
    repeats: usize,
) -> anyhow::Result<()> {
    let (mut per_sub, mut rates, mut before_mb) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..repeats {
        let dir = tempfile::tempdir()?;
        let env = store_env(StoreKind::Sqlite(Durability::Normal), dir.path(), None);
        let node = spawn(bin, dir.path(), &env).await?;
        // The demo's seed runs out (its sleeps take up to 3 s) before the baseline.
        tokio::time::sleep(settle).await;
        let before = node.rss_kib();
        let (ca, admin) = node.admin_identity();
        let url = format!("https://localhost:{}/admin/v1/events", node.http_port);
        let events = Arc::new(AtomicU64::new(0));
        let connected = Arc::new(AtomicU64::new(0));
        let mut readers = Vec::new();
        for _ in 0..subscribers {
            let client = worker_testkit::http_client(&ca, Some(&admin));
            let (url, events, connected) = (url.clone(), events.clone(), connected.clone());
            readers.push(tokio::spawn(async move {
                let Ok(mut response) = client.get(&url).send().await else {
                    return;
                };
                if !response.status().is_success() {
                    return;
                }
                connected.fetch_add(1, Ordering::Relaxed);
                while let Ok(Some(chunk)) = response.chunk().await {
                    let n = chunk.windows(2).filter(|w| w == b"\n\n").count();
                    events.fetch_add(n as u64, Ordering::Relaxed);
                }
            }));
        }
        let deadline = Instant::now() + Duration::from_secs(120);
        while (connected.load(Ordering::Relaxed) as usize) < subscribers
            && Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let connected = connected.load(Ordering::Relaxed);
        // Tasks flow through the process (enqueued over its task API) for the window.
        let mut tasks = node.tasks().await;
        let mut admin = node.admin().await;
        let counted_from = events.load(Ordering::Relaxed);
        let start = Instant::now();
        let period = Duration::from_secs_f64(1.0 / feed_per_sec as f64);
        // Every how many task ticks a weight change goes out.
        let change_every = (feed_per_sec / changes_per_sec.max(1)).max(1) as u32;
        let mut peak = node.rss_kib();
        let mut i = 0_u32;
        while start.elapsed() < window {
            tokio::time::sleep_until((start + period * i).into()).await;
            i += 1;
            tasks
                .enqueue(pb::EnqueueRequest {
                    task: Some(pb::TaskSpec {
                        handler: "noop".into(),
                        ..pb::TaskSpec::default()
                    }),
                })
                .await
                .expect("enqueue");
            if changes_per_sec > 0 && i.is_multiple_of(change_every) {
                admin
                    .update_queue_weight(pb::UpdateQueueWeightRequest {
                        name: "default".into(),
                        weight: 1 + (i / change_every % 50) as i32,
                    })
                    .await
                    .expect("weight change");
            }
            if i.is_multiple_of(10) {
                peak = peak.max(node.rss_kib());
            }
        }
        let delivered = events.load(Ordering::Relaxed) - counted_from;
        for reader in &readers {
            reader.abort();
        }
        before_mb.push(before as f64 / 1024.0);
        per_sub.push(peak.saturating_sub(before) as f64 / connected.max(1) as f64);
        rates.push(delivered as f64 / connected.max(1) as f64 / start.elapsed().as_secs_f64());
        if (connected as usize) < subscribers {
            report.note(format!(
                "sse: only {connected} of {subscribers} subscribers connected"
            ));
        }
        drop(node);
    }
    report.add(Figure::new(
        "sse: workerd RSS before subscribers",
        "MB",
        before_mb,
    ));
    report.add(
        Figure::new(
            format!("sse: server memory per subscriber ({subscribers} subs)"),
            "KB",
            per_sub,
        )
        .target(Target::AtMost(30.0)),
    );
    report.add(Figure::new(
        format!(
            "sse: events/s delivered per subscriber ({feed_per_sec} tasks/s, {changes_per_sec} weight changes/s)"
        ),
        "ev/s",
        rates,
    ));
    Ok(())
}

/// `workerd` with tasks leased is SIGKILLed and restarted: the time from the restart's spawn
/// to the first reclaimed task running, beside the restart's own spawn-to-listening time.
pub(crate) async fn recovery(
    report: &mut Report,
    bin: &Path,
    kind: StoreKind,
    repeats: usize,
) -> anyhow::Result<()> {
    const LEASE: &str = "1s";
    let (mut ours, mut floors) = (Vec::new(), Vec::new());
    for _ in 0..repeats {
        let dir = tempfile::tempdir()?;
        let redis = match kind {
            StoreKind::Redis => Some(RedisServer::start().await.expect("redis-server")),
            StoreKind::Sqlite(_) => None,
        };
        let engine: Engine = match &redis {
            Some(redis) => crate::redis::engine_on(redis, EngineConfig::default()).await,
            None => fresh_sqlite_at(dir.path()).await,
        };
        let queue = QueueName::new("bench")?;
        // Tasks that outlive the first process: they are in flight at the kill.
        let specs = (0..4)
            .map(|_| TaskSpec {
                handler: "sleep".into(),
                queue: "bench".into(),
                payload: b"600000".to_vec(),
                ..TaskSpec::default()
            })
            .collect();
        engine.enqueue_batch(specs).await?;
        let mut env = store_env(kind, dir.path(), redis.as_ref());
        env.push(("WORKER_DURABLE_LEASE", LEASE.into()));
        env.push(("WORKER_CONCURRENCY", "4".into()));
        let mut first = spawn(bin, dir.path(), &env).await?;
        let running = TaskFilter {
            queue: Some(queue.clone()),
            state: Some(TaskState::Running),
            ..TaskFilter::default()
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while engine.list_tasks(&running, 10, 0).await?.total < 4 {
            anyhow::ensure!(Instant::now() < deadline, "the tasks never ran");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        first.sigkill();
        let start = Instant::now();
        let second = spawn(bin, dir.path(), &env).await?;
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let page = engine.list_tasks(&running, 10, 0).await?;
            if page.items.iter().any(|t| t.attempts >= 2) {
                break;
            }
            anyhow::ensure!(Instant::now() < deadline, "no task was reclaimed");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        ours.push(ms(start.elapsed()));
        floors.push(ms(second.startup));
        drop(second);
    }
    report.add(
        Figure::new(
            format!(
                "recovery after SIGKILL {} (lease {LEASE}): restart to reclaimed task running",
                kind.name()
            ),
            "ms",
            ours,
        )
        .floor("restart to listening", median(&floors)),
    );
    Ok(())
}

/// `nodes` `workerd` processes on one fresh Redis drain `n` noop tasks enqueued once they are
/// all listening: tasks per second, beside `redis-benchmark SET -c 50` on the same server.
pub(crate) async fn nodes(
    report: &mut Report,
    bin: &Path,
    n: u64,
    repeats: usize,
) -> anyhow::Result<()> {
    for count in 1..=3_usize {
        let (mut rates, mut floors) = (Vec::new(), Vec::new());
        for _ in 0..repeats {
            let redis = RedisServer::start().await.expect("redis-server");
            if let Some(set) = crate::redis::floor(&redis, "set", 1, 100_000) {
                floors.push(set);
            }
            let mut procs: Vec<Workerd> = Vec::new();
            let mut dirs = Vec::new();
            for i in 0..count {
                let dir = tempfile::tempdir()?;
                let env = vec![
                    ("WORKER_STORE", redis.url()),
                    ("WORKER_NODE_ID", format!("bench-node-{i}")),
                    ("WORKER_CONCURRENCY", "64".to_string()),
                ];
                procs.push(spawn(bin, dir.path(), &env).await?);
                dirs.push(dir);
            }
            let engine = crate::redis::engine_on(&redis, EngineConfig::default()).await;
            let queue = QueueName::new("bench")?;
            let start = Instant::now();
            let mut done = 0;
            while done < n {
                let size = 1_000.min(n - done);
                let specs = (0..size)
                    .map(|_| TaskSpec {
                        queue: "bench".into(),
                        ..crate::workloads::noop_spec()
                    })
                    .collect();
                engine.enqueue_batch(specs).await?;
                done += size;
            }
            let deadline = Instant::now() + Duration::from_secs(600);
            while (engine.get_queue(&queue).await?.counts.succeeded as u64) < n {
                anyhow::ensure!(
                    Instant::now() < deadline,
                    "the nodes did not drain the queue"
                );
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            rates.push(per_sec(n, start.elapsed()));
            drop(procs);
        }
        report.add(
            Figure::new(
                format!("redis {count} workerd node(s), c=64 each: enqueue+drain"),
                "tasks/s",
                rates,
            )
            .floor("SET c=50", median(&floors)),
        );
    }
    Ok(())
}
