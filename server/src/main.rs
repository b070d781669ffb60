//! `workerd`: runs the durable task engine on the configured store, with a worker pool.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use worker_server::config::{Config, StoreConfig};
use worker_server::engine::clock::SystemClock;
use worker_server::engine::model::TaskSpec;
use worker_server::engine::{Engine, Error};
use worker_server::runtime::{Handlers, Maintenance, Worker, WorkerOptions, demo};
use worker_server::store::Store;
use worker_server::store::sqlite::SqliteStore;

/// The durable task engine of worker.
///
/// Configuration comes from WORKER_* environment variables (see README.md); the store is
/// WORKER_STORE (default: an SQLite file in the platform data directory).
#[derive(Parser, Debug)]
#[command(name = "workerd", version, about, long_about = None)]
struct Cli {
    /// Register the demo handlers (noop, sleep, fail, flaky) and, on an empty store, enqueue a
    /// few tasks to look at. Same as WORKER_DEMO=1.
    #[arg(long)]
    demo: bool,
    /// Serve without running any worker: no task is ever leased by this process.
    #[arg(long)]
    no_worker: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_env("WORKER_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let mut config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            tracing::error!("{e}");
            return ExitCode::from(2);
        }
    };
    config.demo |= cli.demo;
    match run(config, cli.no_worker).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "workerd failed");
            ExitCode::FAILURE
        }
    }
}

async fn run(config: Config, no_worker: bool) -> Result<(), Error> {
    let store: Arc<dyn Store> = match &config.store {
        StoreConfig::Sqlite { path, durability } => {
            let store = SqliteStore::open(path, *durability)?;
            tracing::info!(path = %path.display(), ?durability, "opened the sqlite store");
            Arc::new(store)
        }
    };
    let engine = Engine::new(store, Arc::new(SystemClock), config.engine.clone()).await?;
    let maintenance = Maintenance::start(engine.clone(), config.maintenance_interval);
    let mut handlers = Handlers::new();
    if config.demo {
        demo::register(&mut handlers);
        seed_demo(&engine).await?;
    }
    let worker = if no_worker {
        tracing::info!("--no-worker: this process leases no tasks");
        None
    } else if handlers.is_empty() {
        tracing::warn!(
            "no handlers are registered (start with --demo for the demo handlers); no tasks will run here"
        );
        None
    } else {
        let options = WorkerOptions {
            concurrency: config.worker.concurrency,
            queues: config.worker.queues.clone(),
            poll_interval: config.worker.poll_interval,
            shutdown_grace: config.worker.shutdown_grace,
            id: config.worker.id.clone(),
            ..WorkerOptions::default()
        };
        Some(Worker::start(engine.clone(), handlers, options)?)
    };
    tracing::info!(
        worker = worker.as_ref().map(|w| w.id().to_string()),
        "workerd ready"
    );
    shutdown_signal().await;
    tracing::info!("shutting down: draining in-flight tasks");
    if let Some(worker) = worker {
        let report = worker.shutdown().await;
        tracing::info!(
            finished = report.finished,
            released = report.released,
            "worker drained"
        );
    }
    maintenance.stop().await;
    Ok(())
}

/// A few tasks in three queues, enqueued only into an empty store so restarts add nothing.
async fn seed_demo(engine: &Engine) -> Result<(), Error> {
    let overview = engine.overview().await?;
    let t = overview.totals;
    if t.pending + t.scheduled + t.running + t.retrying + t.succeeded + t.dead + t.cancelled > 0 {
        return Ok(());
    }
    let task = |handler: &str, queue: &str, payload: &str, max_retries: u32| TaskSpec {
        handler: handler.into(),
        queue: queue.into(),
        payload: payload.as_bytes().to_vec(),
        max_retries: Some(max_retries),
        metadata: BTreeMap::from([("source".to_string(), "demo".to_string())]),
        ..Default::default()
    };
    let mut specs = vec![
        task("noop", "critical", "", 3),
        task("noop", "critical", "", 3),
        task("sleep", "default", "1500", 3),
        task("sleep", "default", "3000", 3),
        task("flaky", "default", "", 3),
        task("fail", "low", "", 1),
        task("noop", "low", "", 3),
    ];
    let mut later = task("noop", "default", "", 3);
    later.run_at_ms = engine.now_ms() + 3_600_000;
    specs.push(later);
    let n = engine.enqueue_batch(specs).await?.len();
    tracing::info!(
        tasks = n,
        "seeded demo tasks into queues critical, default and low"
    );
    Ok(())
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = match signal(SignalKind::terminate()) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "cannot listen for SIGTERM");
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
