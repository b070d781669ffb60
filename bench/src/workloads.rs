//! The engine-level workloads, store-agnostic: enqueue (single, concurrent, batched), burn-down
//! of noop tasks, idle enqueue-to-start latency, steady state at a fixed arrival rate (open
//! loop), and the scheduled-and-retry mix. Each returns raw figures of one run.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::{Notify, mpsc};
use worker_server::engine::Engine;
use worker_server::engine::model::{QueueName, TaskSpec};
use worker_server::runtime::{
    HandlerError, Handlers, Prefetch, TaskContext, Worker, WorkerOptions,
};

use crate::report::per_sec;

pub(crate) fn noop_spec() -> TaskSpec {
    TaskSpec {
        handler: "noop".into(),
        payload: vec![1_u8; 200],
        ..TaskSpec::default()
    }
}

/// A pool as `workerd` runs one by default (`WORKER_PREFETCH=auto`).
fn pool(engine: &Engine, handlers: Handlers, concurrency: u32) -> Worker {
    pool_ahead(engine, handlers, concurrency, Prefetch::Auto)
}

fn pool_ahead(engine: &Engine, handlers: Handlers, concurrency: u32, prefetch: Prefetch) -> Worker {
    Worker::start(
        engine.clone(),
        handlers,
        WorkerOptions {
            concurrency,
            prefetch,
            ..WorkerOptions::default()
        },
    )
    .expect("worker")
}

pub(crate) async fn enqueue_single(engine: &Engine, n: u64) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        engine.enqueue(noop_spec()).await.expect("enqueue");
    }
    per_sec(n, start.elapsed())
}

pub(crate) async fn enqueue_concurrent(engine: &Engine, n: u64, producers: u64) -> f64 {
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

pub(crate) async fn enqueue_batches(engine: &Engine, n: u64, batch: u64) -> f64 {
    let start = Instant::now();
    let mut done = 0;
    while done < n {
        let size = batch.min(n - done);
        engine
            .enqueue_batch((0..size).map(|_| noop_spec()).collect())
            .await
            .expect("batch");
        done += size;
    }
    per_sec(n, start.elapsed())
}

/// Waits until the default queue has recorded `n` successes.
async fn until_succeeded(engine: &Engine, n: u64) {
    let queue = QueueName::new("default").expect("name");
    loop {
        let info = engine.get_queue(&queue).await.expect("queue");
        if info.counts.succeeded as u64 >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// Pre-inserts `n` noop tasks, then times a pool draining them until the store has recorded
/// every success: tasks per second.
pub(crate) async fn burn_down(
    engine: &Engine,
    n: u64,
    concurrency: u32,
    prefetch: Prefetch,
) -> f64 {
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
    let worker = pool_ahead(engine, handlers, concurrency, prefetch);
    all_ran.notified().await;
    until_succeeded(engine, n).await;
    let elapsed = start.elapsed();
    worker.shutdown().await;
    per_sec(n, elapsed)
}

/// Writes the engine's coalesced task summaries every `every`, as `workerd`'s maintenance
/// does, until the returned task is aborted.
pub(crate) fn flush_events_every(engine: &Engine, every: Duration) -> tokio::task::JoinHandle<()> {
    let engine = engine.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            engine.flush_events().await.expect("flush events");
        }
    })
}

/// How many entries the event log holds, read a page at a time.
pub(crate) async fn event_log_entries(engine: &Engine) -> u64 {
    let mut after = None;
    let mut n = 0;
    loop {
        let page = engine
            .read_events(after.as_ref(), 1_000)
            .await
            .expect("read events");
        let Some(last) = page.last() else {
            return n;
        };
        n += page.len() as u64;
        after = Some(last.id.clone());
    }
}

/// An idle pool; one task enqueued at a time, each after the last has started and a pause:
/// the time from the enqueue call to the handler starting, per task, sorted.
pub(crate) async fn idle_latency(engine: &Engine, n: u64) -> Vec<Duration> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Instant>();
    let mut handlers = Handlers::new();
    handlers
        .register("noop", move |_ctx: TaskContext| {
            let _ = tx.send(Instant::now());
            async { Ok(()) }
        })
        .expect("handler");
    let worker = pool(engine, handlers, 10);
    let mut samples = Vec::with_capacity(n as usize);
    for _ in 0..n {
        // Idle: the pool has gone back to waiting for work.
        tokio::time::sleep(Duration::from_millis(3)).await;
        let start = Instant::now();
        engine.enqueue(noop_spec()).await.expect("enqueue");
        let started = tokio::time::timeout(Duration::from_secs(30), rx.recv())
            .await
            .expect("the task starts")
            .expect("handler alive");
        samples.push(started.saturating_duration_since(start));
    }
    worker.shutdown().await;
    samples.sort();
    samples
}

/// What one steady-state run saw.
pub(crate) struct Steady {
    /// Arrival-to-start latency per task, sorted.
    pub latencies: Vec<Duration>,
    /// Tasks started per second over the run.
    pub achieved: f64,
}

/// Open loop: `rate` arrivals per second for `duration`, each enqueued at its intended time
/// by a task of its own (a slow enqueue never delays the next arrival), and latency measured
/// from the intended time to the handler starting, so no coordinated omission.
pub(crate) async fn steady(
    engine: &Engine,
    rate: u64,
    duration: Duration,
    concurrency: u32,
) -> Steady {
    let n = (rate as f64 * duration.as_secs_f64()).max(1.0) as u64;
    let t0 = Instant::now() + Duration::from_millis(100);
    let (tx, mut rx) = mpsc::unbounded_channel::<Duration>();
    let mut handlers = Handlers::new();
    handlers
        .register("noop", move |ctx: TaskContext| {
            let mut offset = [0_u8; 8];
            offset.copy_from_slice(&ctx.payload()[..8]);
            let intended = t0 + Duration::from_nanos(u64::from_le_bytes(offset));
            let _ = tx.send(Instant::now().saturating_duration_since(intended));
            async { Ok(()) }
        })
        .expect("handler");
    let worker = pool(engine, handlers, concurrency);
    let period = Duration::from_secs_f64(1.0 / rate as f64);
    for i in 0..n {
        let offset = period * i as u32;
        tokio::time::sleep_until((t0 + offset).into()).await;
        let engine = engine.clone();
        tokio::spawn(async move {
            let spec = TaskSpec {
                payload: (offset.as_nanos() as u64).to_le_bytes().to_vec(),
                ..noop_spec()
            };
            engine.enqueue(spec).await.expect("enqueue");
        });
    }
    let mut latencies = Vec::with_capacity(n as usize);
    let deadline = Instant::now() + Duration::from_secs(120);
    while (latencies.len() as u64) < n {
        let wait = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(wait, rx.recv()).await {
            Ok(Some(latency)) => latencies.push(latency),
            _ => break,
        }
    }
    let achieved = per_sec(latencies.len() as u64, t0.elapsed());
    worker.shutdown().await;
    latencies.sort();
    Steady {
        latencies,
        achieved,
    }
}

/// Log₂ buckets of latencies in µs: (upper bound µs, count), for the JSON report.
pub(crate) fn histogram(sorted: &[Duration]) -> Vec<(u64, u64)> {
    let mut buckets: Vec<(u64, u64)> = Vec::new();
    for d in sorted {
        let us = d.as_micros().max(1) as u64;
        let bound = us.next_power_of_two();
        match buckets.last_mut() {
            Some((b, count)) if *b == bound => *count += 1,
            _ => buckets.push((bound, 1)),
        }
    }
    buckets
}

/// The scheduled-and-retry mix (after asynq's end-to-end benchmark): `n` tasks to run now and
/// `n` scheduled `delay` ahead, one in a hundred failing its first attempt and retrying; the
/// time until all `2n` have succeeded. The engine's retry base should be short (the caller's
/// config).
pub(crate) async fn mix(engine: &Engine, n: u64, delay: Duration, concurrency: u32) -> Duration {
    let mut handlers = Handlers::new();
    handlers
        .register("mix", |ctx: TaskContext| async move {
            if ctx.payload().first() == Some(&1) && ctx.attempt() == 1 {
                return Err(HandlerError::new("the mix's planned first failure"));
            }
            Ok(())
        })
        .expect("handler");
    let worker = pool(engine, handlers, concurrency);
    let start = Instant::now();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64;
    let run_at = now_ms + delay.as_millis() as i64;
    for later in [false, true] {
        let specs: Vec<TaskSpec> = (0..n)
            .map(|i| TaskSpec {
                handler: "mix".into(),
                payload: vec![u8::from(i % 100 == 0), 0, 0, 0],
                run_at_ms: if later { run_at } else { 0 },
                ..TaskSpec::default()
            })
            .collect();
        for chunk in specs.chunks(1_000) {
            engine.enqueue_batch(chunk.to_vec()).await.expect("batch");
        }
    }
    until_succeeded(engine, 2 * n).await;
    let elapsed = start.elapsed();
    worker.shutdown().await;
    elapsed
}
