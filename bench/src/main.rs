//! `workerbench`: the benchmark suite. Every figure is printed beside the physical floor
//! measured in the same run (fsync, raw SQLite) and as a ratio to it.

#![allow(clippy::print_stdout, reason = "a benchmark prints its report")]

mod dash;
mod redis;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use rusqlite::{Connection, params};
use tokio::sync::Notify;
use worker_server::engine::clock::SystemClock;
use worker_server::engine::model::{DlqFilter, HandlerName, QueueName, TaskSpec};
use worker_server::engine::{Engine, EngineConfig};
use worker_server::runtime::{Handlers, TaskContext, Worker, WorkerOptions};
use worker_server::store::sqlite::{Durability, SqliteStore};

/// Measures the engine against the floors beneath it on this machine.
#[derive(Parser, Debug)]
#[command(name = "workerbench")]
struct Args {
    /// Run only scenarios whose name contains one of these (comma-separated).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Multiplies every task count; 1 is a quick run of about a minute.
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Worker concurrency for burn-down runs.
    #[arg(long, default_value_t = 64)]
    concurrency: u32,
    /// Skip the floors (for profiling one scenario; the report then lacks its comparisons).
    #[arg(long)]
    skip_floors: bool,
    /// DLQ size for the listing scenario.
    #[arg(long, default_value_t = 1_000_000)]
    dlq_entries: u64,
}

struct Report {
    rows: Vec<(String, String, String)>,
}

impl Report {
    fn add(&mut self, name: &str, figure: String, floor: String) {
        println!("{name:<44} {figure:<28} {floor}");
        let _ = std::io::stdout().flush();
        self.rows.push((name.into(), figure, floor));
    }
}

fn per_sec(n: u64, elapsed: Duration) -> f64 {
    n as f64 / elapsed.as_secs_f64()
}

fn ratio(ours: f64, floor: f64) -> String {
    format!("{:.2}×", ours / floor)
}

fn durability_name(d: Durability) -> &'static str {
    match d {
        Durability::Full => "FULL",
        Durability::Normal => "NORMAL",
    }
}

/// fdatasync of a 4 KiB write, the cost every durable commit pays at least once.
fn fsync_p50(dir: &Path) -> Duration {
    let mut file = std::fs::File::create(dir.join("fsync.probe")).expect("probe file");
    let block = [7_u8; 4096];
    let mut samples = Vec::with_capacity(2_000);
    for _ in 0..2_000 {
        let start = Instant::now();
        file.write_all(&block).expect("write");
        file.sync_data().expect("fdatasync");
        samples.push(start.elapsed());
    }
    samples.sort();
    samples[samples.len() / 2]
}

fn raw_conn(path: &Path, durability: Durability) -> Connection {
    let conn = Connection::open(path).expect("raw sqlite");
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = {};
         CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY, queue TEXT, state INTEGER,
             priority INTEGER, run_at INTEGER, lease_until INTEGER, payload BLOB);
         CREATE INDEX IF NOT EXISTS jobs_ready ON jobs (queue, state, priority, run_at, id);",
        durability_name(durability)
    ))
    .expect("raw schema");
    conn
}

/// The floor: one job inserted per transaction.
fn raw_insert(path: &Path, durability: Durability, n: u64) -> f64 {
    let conn = raw_conn(path, durability);
    let payload = vec![1_u8; 200];
    let start = Instant::now();
    for _ in 0..n {
        conn.execute(
            "INSERT INTO jobs (queue, state, priority, run_at, payload) VALUES ('q', 0, 0, 0, ?1)",
            params![payload],
        )
        .expect("insert");
    }
    per_sec(n, start.elapsed())
}

/// The floor of a queue cycle: claim `batch` jobs in one transaction, complete them in another.
fn raw_claim_complete(path: &Path, durability: Durability, n: u64, batch: u64) -> f64 {
    let mut conn = raw_conn(path, durability);
    {
        let tx = conn.transaction().expect("tx");
        let payload = vec![1_u8; 200];
        for _ in 0..n {
            tx.execute(
                "INSERT INTO jobs (queue, state, priority, run_at, payload) VALUES ('q', 0, 0, 0, ?1)",
                params![payload],
            )
            .expect("insert");
        }
        tx.commit().expect("commit");
    }
    let start = Instant::now();
    let mut done = 0;
    while done < n {
        let tx = conn.transaction().expect("tx");
        let ids: Vec<i64> = {
            let mut stmt = tx
                .prepare_cached(
                    "UPDATE jobs SET state = 1, lease_until = 1 WHERE id IN (
                         SELECT id FROM jobs WHERE queue = 'q' AND state = 0
                         ORDER BY priority, run_at, id LIMIT ?1) RETURNING id",
                )
                .expect("claim");
            stmt.query_map([batch as i64], |r| r.get(0))
                .expect("claim")
                .collect::<Result<_, _>>()
                .expect("claim rows")
        };
        tx.commit().expect("commit");
        let tx = conn.transaction().expect("tx");
        for id in &ids {
            tx.execute("UPDATE jobs SET state = 2 WHERE id = ?1", [id])
                .expect("complete");
        }
        tx.commit().expect("commit");
        done += ids.len() as u64;
    }
    per_sec(n, start.elapsed())
}

async fn engine_on(dir: &Path, durability: Durability) -> Engine {
    let store = Arc::new(SqliteStore::open(dir.join("worker.db"), durability).expect("store"));
    Engine::new(store, Arc::new(SystemClock), EngineConfig::default())
        .await
        .expect("engine")
}

fn noop_spec() -> TaskSpec {
    TaskSpec {
        handler: "noop".into(),
        payload: vec![1_u8; 200],
        ..TaskSpec::default()
    }
}

async fn enqueue_single(engine: &Engine, n: u64) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        engine.enqueue(noop_spec()).await.expect("enqueue");
    }
    per_sec(n, start.elapsed())
}

async fn enqueue_concurrent(engine: &Engine, n: u64, producers: u64) -> f64 {
    let start = Instant::now();
    let mut joins = Vec::new();
    for _ in 0..producers {
        let engine = engine.clone();
        joins.push(tokio::spawn(async move {
            for _ in 0..n / producers {
                engine.enqueue(noop_spec()).await.expect("enqueue");
            }
        }));
    }
    for join in joins {
        join.await.expect("producer");
    }
    per_sec(n / producers * producers, start.elapsed())
}

async fn enqueue_batches(engine: &Engine, n: u64, batch: u64) -> f64 {
    let start = Instant::now();
    for _ in 0..n / batch {
        engine
            .enqueue_batch((0..batch).map(|_| noop_spec()).collect())
            .await
            .expect("batch");
    }
    per_sec(n / batch * batch, start.elapsed())
}

/// Pre-inserts `n` noop tasks, then times a pool draining them until the store has recorded
/// every success.
async fn burn_down(engine: &Engine, n: u64, concurrency: u32) -> f64 {
    enqueue_batches(engine, n, 1_000).await;
    let ran = Arc::new(AtomicU64::new(0));
    let all_ran = Arc::new(Notify::new());
    let mut handlers = Handlers::new();
    handlers
        .register("noop", {
            let ran = ran.clone();
            let all_ran = all_ran.clone();
            move |_ctx: TaskContext| {
                let ran = ran.clone();
                let all_ran = all_ran.clone();
                async move {
                    if ran.fetch_add(1, Ordering::Relaxed) + 1 == n {
                        all_ran.notify_one();
                    }
                    Ok(())
                }
            }
        })
        .expect("handler");
    let start = Instant::now();
    let worker = Worker::start(
        engine.clone(),
        handlers,
        WorkerOptions {
            concurrency,
            ..WorkerOptions::default()
        },
    )
    .expect("worker");
    all_ran.notified().await;
    let queue = QueueName::new("default").expect("name");
    loop {
        let info = engine.get_queue(&queue).await.expect("queue");
        if info.counts.succeeded as u64 >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let elapsed = start.elapsed();
    worker.shutdown().await;
    per_sec(n, elapsed)
}

/// Fills the DLQ with `n` entries by writing rows directly (the engine's own path would take
/// minutes), letting the schema's triggers index them as for real failures.
fn fill_dlq(path: &Path, n: u64) {
    let mut conn = Connection::open(path).expect("raw sqlite");
    conn.execute_batch("PRAGMA synchronous = OFF")
        .expect("pragma");
    let handlers = [
        "send_email",
        "resize_image",
        "charge_card",
        "sync_crm",
        "webhook",
    ];
    let errors = [
        "SMTP timeout after 30s",
        "connection refused by upstream",
        "card declined: insufficient funds",
        "rate limited by the CRM API",
        "HTTP 502 from hook endpoint",
    ];
    let mut done = 0;
    while done < n {
        let tx = conn.transaction().expect("tx");
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO tasks (id, handler, queue, state, priority, payload, attempts,
                         max_retries, timeout_ms, run_at_ms, created_at_ms, updated_at_ms,
                         last_error, dead_reason, fingerprint)
                     VALUES (?1, ?2, ?3, 2, 0, x'00', 4, 3, 60000, 0, 0, ?4, ?5, 'retries_exhausted', ?6)",
                )
                .expect("insert");
            for i in done..(done + 50_000).min(n) {
                let k = (i % 5) as usize;
                let error = format!("{} (task {i})", errors[k]);
                // As the store's fail does, so the DLQ's groups are those of real failures.
                let fp = worker_server::engine::fingerprint::fingerprint(&error);
                insert
                    .execute(params![
                        format!("00000000-0000-7000-8000-{i:012}"),
                        handlers[k],
                        format!("q{}", i % 3),
                        i as i64,
                        error,
                        fp,
                    ])
                    .expect("insert row");
            }
            tx.execute("UPDATE tasks SET state = 5 WHERE state = 2", [])
                .expect("kill");
        }
        tx.commit().expect("commit");
        done = (done + 50_000).min(n);
    }
}

async fn time_listing(engine: &Engine, filter: DlqFilter, offset: u64) -> (Duration, u64) {
    let mut samples = Vec::new();
    let mut total = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let page = engine.list_dlq(&filter, 100, offset).await.expect("list");
        samples.push(start.elapsed());
        total = page.total;
    }
    samples.sort();
    (samples[samples.len() / 2], total)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1_000.0)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let wants =
        |name: &str| args.only.is_empty() || args.only.iter().any(|o| name.contains(o.as_str()));
    let n = |base: u64| ((base as f64) * args.scale).max(1.0) as u64;
    let mut report = Report { rows: Vec::new() };
    println!(
        "workerbench: {} cores; task counts ×{}; burn-down concurrency {}",
        std::thread::available_parallelism().map_or(0, |p| p.get()),
        args.scale,
        args.concurrency
    );
    println!("{:<44} {:<28} floor (same run)", "scenario", "ours");

    let scratch = tempfile::tempdir()?;
    let fsync = fsync_p50(scratch.path());
    report.add(
        "floor: fdatasync 4 KiB, p50",
        format!("{:.0} µs", fsync.as_secs_f64() * 1e6),
        "-".into(),
    );

    for durability in [Durability::Full, Durability::Normal] {
        let d = durability_name(durability);
        let small = if durability == Durability::Full {
            n(3_000)
        } else {
            n(20_000)
        };
        let floor_dir = tempfile::tempdir()?;
        let (insert_floor, cycle1_floor, cycle100_floor) = if args.skip_floors {
            (f64::NAN, f64::NAN, f64::NAN)
        } else {
            (
                raw_insert(&floor_dir.path().join("i.db"), durability, small),
                raw_claim_complete(&floor_dir.path().join("c1.db"), durability, small, 1),
                raw_claim_complete(
                    &floor_dir.path().join("c100.db"),
                    durability,
                    n(100_000),
                    100,
                ),
            )
        };
        report.add(
            &format!("floor {d}: raw insert, 1 per tx"),
            format!("{insert_floor:.0}/s"),
            "-".into(),
        );
        report.add(
            &format!("floor {d}: raw claim1+complete1"),
            format!("{cycle1_floor:.0} jobs/s"),
            "-".into(),
        );
        report.add(
            &format!("floor {d}: raw claim100+complete100"),
            format!("{cycle100_floor:.0} jobs/s"),
            "-".into(),
        );

        if wants("enqueue_single") {
            let dir = tempfile::tempdir()?;
            let engine = engine_on(dir.path(), durability).await;
            let ours = enqueue_single(&engine, small).await;
            report.add(
                &format!("enqueue_single {d} (1 in flight)"),
                format!("{ours:.0}/s"),
                format!(
                    "raw insert {insert_floor:.0}/s, {}",
                    ratio(ours, insert_floor)
                ),
            );
        }
        if wants("enqueue_concurrent") {
            let dir = tempfile::tempdir()?;
            let engine = engine_on(dir.path(), durability).await;
            let ours = enqueue_concurrent(&engine, n(50_000), 64).await;
            report.add(
                &format!("enqueue_concurrent {d} (64 producers)"),
                format!("{ours:.0}/s"),
                format!(
                    "raw insert {insert_floor:.0}/s, {}",
                    ratio(ours, insert_floor)
                ),
            );
        }
        if wants("enqueue_batch") {
            let dir = tempfile::tempdir()?;
            let engine = engine_on(dir.path(), durability).await;
            let ours = enqueue_batches(&engine, n(200_000), 1_000).await;
            report.add(
                &format!("enqueue_batch {d} (1000 per batch)"),
                format!("{ours:.0}/s"),
                format!(
                    "raw insert {insert_floor:.0}/s, {}",
                    ratio(ours, insert_floor)
                ),
            );
        }
        if wants("burn_down") {
            let dir = tempfile::tempdir()?;
            let engine = engine_on(dir.path(), durability).await;
            let ours = burn_down(&engine, n(50_000), args.concurrency).await;
            report.add(
                &format!("burn_down_noop {d} (c={})", args.concurrency),
                format!("{ours:.0} jobs/s"),
                format!(
                    "claim100 {cycle100_floor:.0}/s {}, claim1 {cycle1_floor:.0}/s {}",
                    ratio(ours, cycle100_floor),
                    ratio(ours, cycle1_floor)
                ),
            );
        }
    }

    if wants("redis") {
        match worker_testkit::redis::RedisServer::start().await {
            None => println!("redis: skipped, redis-server is not installed"),
            Some(server) => {
                let set = redis::floor(&server, "set", 1).unwrap_or(f64::NAN);
                let set16 = redis::floor(&server, "set", 16).unwrap_or(f64::NAN);
                report.add(
                    "floor: redis-benchmark SET (c=50)",
                    format!("{set:.0}/s"),
                    format!("pipelined ×16: {set16:.0}/s"),
                );
                let engine = redis::engine_on(&server).await;
                let ours = enqueue_batches(&engine, n(50_000), 1_000).await;
                report.add(
                    "enqueue_batch redis (1000 per batch)",
                    format!("{ours:.0}/s"),
                    format!("SET {set16:.0}/s pipelined, {}", ratio(ours, set16)),
                );
                let ours = enqueue_concurrent(&engine, n(20_000), 64).await;
                report.add(
                    "enqueue_concurrent redis (64 producers)",
                    format!("{ours:.0}/s"),
                    format!("SET {set:.0}/s, {}", ratio(ours, set)),
                );
                // A fresh server, so the burn-down starts from an empty store.
                let fresh = worker_testkit::redis::RedisServer::start()
                    .await
                    .expect("redis-server");
                let engine = redis::engine_on(&fresh).await;
                let ours = burn_down(&engine, n(20_000), args.concurrency).await;
                report.add(
                    &format!("burn_down_noop redis (c={})", args.concurrency),
                    format!("{ours:.0} jobs/s"),
                    format!("SET {set:.0}/s, {}", ratio(ours, set)),
                );
            }
        }
    }

    if wants("dlq") {
        let dir = tempfile::tempdir()?;
        let engine = engine_on(dir.path(), Durability::Normal).await;
        let entries = args.dlq_entries;
        let start = Instant::now();
        fill_dlq(&dir.path().join("worker.db"), entries);
        println!(
            "(filled a DLQ of {entries} entries in {:.1} s)",
            start.elapsed().as_secs_f64()
        );
        let cases: Vec<(&str, DlqFilter, u64)> = vec![
            ("first page", DlqFilter::default(), 0),
            ("page at offset 10000", DlqFilter::default(), 10_000),
            (
                "by queue",
                DlqFilter {
                    queue: Some(QueueName::new("q1")?),
                    ..DlqFilter::default()
                },
                0,
            ),
            (
                "by handler",
                DlqFilter {
                    handler: Some(HandlerName::new("charge_card")?),
                    ..DlqFilter::default()
                },
                0,
            ),
            (
                "text matching one entry",
                DlqFilter {
                    query: Some("task 777777)".into()),
                    ..DlqFilter::default()
                },
                0,
            ),
            (
                "text matching a fifth",
                DlqFilter {
                    query: Some("smtp timeout".into()),
                    ..DlqFilter::default()
                },
                0,
            ),
            (
                "one group (handler + fingerprint)",
                DlqFilter {
                    handler: Some(HandlerName::new("charge_card")?),
                    fingerprint: Some("card declined: insufficient funds (task <n>)".into()),
                    ..DlqFilter::default()
                },
                0,
            ),
            (
                "queue + handler + text",
                DlqFilter {
                    queue: Some(QueueName::new("q2")?),
                    handler: Some(HandlerName::new("webhook")?),
                    query: Some("502".into()),
                    ..DlqFilter::default()
                },
                0,
            ),
        ];
        for (name, filter, offset) in cases {
            let (median, total) = time_listing(&engine, filter, offset).await;
            report.add(
                &format!("dlq list {name} ({entries} entries)"),
                format!("{} p50, total {total}", ms(median)),
                "-".into(),
            );
        }
        let mut samples = Vec::new();
        let mut groups = 0;
        for _ in 0..5 {
            let start = Instant::now();
            groups = engine
                .dlq_groups(None, None, 100)
                .await
                .expect("groups")
                .total_groups;
            samples.push(start.elapsed());
        }
        samples.sort();
        report.add(
            &format!("dlq groups by cause ({entries} entries)"),
            format!("{} p50, {groups} groups", ms(samples[samples.len() / 2])),
            "-".into(),
        );
    }
    for (width, height) in [(80_u16, 24_u16), (200, 50)] {
        let name = format!("dash frame {width}x{height}, {} DLQ rows", dash::ROWS);
        if wants(&name) {
            let (ours, floor) = dash::frame_cost(width, height, n(2_000) as u32);
            report.add(
                &name,
                format!(
                    "{:.0} µs/frame ({:.0} fps)",
                    ours.as_secs_f64() * 1e6,
                    1.0 / ours.as_secs_f64()
                ),
                format!(
                    "empty frame {:.0} µs ({})",
                    floor.as_secs_f64() * 1e6,
                    ratio(ours.as_secs_f64(), floor.as_secs_f64())
                ),
            );
        }
    }
    println!("{} rows", report.rows.len());
    Ok(())
}
