//! Assembles `workerd`: the store, the engine, maintenance, a worker pool and the gRPC
//! listener, and takes them down in order on shutdown.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use std::time::Duration;

use crate::anchors::{AnchorTask, FileAnchors};
use crate::api::grpc::{self, AdminApi, ApiSettings};
use crate::api::http::{self, Backend, Gateway, GatewaySettings};
use crate::api::tls::{self, TlsMaterial};
use crate::archive::JsonlArchive;
use crate::audit_watch::AuditWatch;
use crate::config::{Config, StoreConfig, redacted_url};
use crate::engine::audit::AuditKey;
use crate::engine::clock::{Clock, SystemClock};
use crate::engine::events::{Alert, Event};
use crate::engine::model::TaskSpec;
use crate::engine::random::ThreadRandom;
use crate::engine::{AuditAnchors, AuditArchive, Engine, EngineParts, Error, JobEventSink};
use crate::job_event_files::JobEventFiles;
use crate::redis_guard::{GuardError, GuardWatch, RedisGuard};
use crate::runtime::{BulkRunner, Handlers, Maintenance, Scheduler, Worker, WorkerOptions, demo};
use crate::store::redis::{RedisClock, RedisOptions, RedisStore};
use crate::store::sqlite::{OpenError, SqliteStore};
use crate::store::{Store, StoreError};

/// What went wrong starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    Engine(#[from] Error),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("{0}")]
    Transport(String),
    #[error("audit key: {0}")]
    AuditKey(String),
    /// The store lost data and starting on it was not allowed.
    #[error("{0}")]
    DataLoss(String),
}

/// How this process runs besides its configuration.
#[derive(Debug, Default)]
pub struct RunOptions {
    /// Serve the admin plane without ever leasing a task.
    pub no_worker: bool,
    /// Handlers to run besides the demo ones (`config.demo`).
    pub handlers: Handlers,
    /// The HTTPS gateway's listener; `None` serves gRPC only.
    pub http: Option<TcpListener>,
}

/// The store `workerd` runs on, the clock the engine reads, and what the store lost.
pub struct OpenedStore {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    /// The data loss that starting was allowed to accept, in words; the caller raises the
    /// `store_data_loss` alert once the event log can take it.
    pub loss: Option<String>,
    /// A Redis store's guard, for the running node to keep checking.
    pub redis_guard: Option<RedisGuard>,
}

/// Opens the configured store, and the clock the engine reads: the system's for SQLite, Redis's
/// for Redis (so every node agrees on time).
///
/// A SQLite store that lost data (see `store/sqlite/guard.rs`) is refused unless
/// `WORKER_SQLITE_ALLOW_DATA_LOSS` is set; then it opens, and the loss is logged as an error
/// and counted in `worker_store_data_loss_total`.
pub async fn open_store(config: &Config) -> Result<OpenedStore, ServeError> {
    match &config.store {
        StoreConfig::Sqlite { path, durability } => {
            let (store, loss) =
                SqliteStore::open_guarded(path, *durability, config.sqlite_allow_data_loss)
                    .map_err(|e| match e {
                        OpenError::Store(e) => ServeError::Engine(e.into()),
                        refused @ OpenError::DataLoss(_) => {
                            ServeError::DataLoss(refused.to_string())
                        }
                    })?;
            let loss = loss.map(|loss| {
                crate::telemetry::metrics().record_store_data_loss();
                tracing::error!(
                    path = %loss.path.display(),
                    "STORE DATA LOSS: {loss}; starting anyway because {} is set",
                    crate::store::sqlite::ALLOW_VAR
                );
                format!(
                    "{loss}; started anyway because {} is set",
                    crate::store::sqlite::ALLOW_VAR
                )
            });
            tracing::info!(path = %path.display(), ?durability, "opened the sqlite store");
            Ok(OpenedStore {
                store: Arc::new(store),
                clock: Arc::new(SystemClock),
                loss,
                redis_guard: None,
            })
        }
        StoreConfig::Redis {
            url,
            prefix,
            tls,
            cluster,
        } => {
            let read = |var: &str, path: &std::path::Path| {
                std::fs::read(path).map_err(|e| {
                    Error::from(StoreError::Internal(format!(
                        "{var} {}: {e}",
                        path.display()
                    )))
                })
            };
            let tls_ca_pem = match &tls.ca {
                Some(path) => Some(read("WORKER_REDIS_TLS_CA", path)?),
                None => None,
            };
            let tls_client_pem = match &tls.client {
                Some((cert, key)) => Some((
                    read("WORKER_REDIS_TLS_CERT", cert)?,
                    read("WORKER_REDIS_TLS_KEY", key)?,
                )),
                None => None,
            };
            let store = Arc::new(
                RedisStore::connect(&RedisOptions {
                    url: url.clone(),
                    prefix: prefix.clone(),
                    event_log_limit: config.engine.event_log_limit,
                    tls_ca_pem,
                    tls_client_pem,
                    cluster: *cluster,
                })
                .await
                .map_err(Error::from)?,
            );
            let clock: Arc<dyn Clock> =
                Arc::new(RedisClock::start(&store).await.map_err(Error::from)?);
            tracing::info!(url = %redacted_url(url), prefix, cluster, "connected to the redis store");
            let guard = RedisGuard::new(
                store.clone(),
                clock.clone(),
                &config.data_dir,
                &redacted_url(url),
                prefix,
            );
            let loss = guard
                .check_at_start(config.redis_allow_data_loss)
                .await
                .map_err(|e| match e {
                    GuardError::Refused(message) => ServeError::DataLoss(message),
                    GuardError::Store(e) => ServeError::Engine(e.into()),
                    GuardError::Marker(message) => ServeError::Engine(Error::Internal(message)),
                })?;
            let loss = loss.map(|loss| {
                crate::telemetry::metrics().record_store_data_loss();
                tracing::error!(
                    "STORE DATA LOSS: {loss}; starting anyway because {} is set",
                    crate::redis_guard::ALLOW_VAR
                );
                format!(
                    "{loss}; started anyway because {} is set",
                    crate::redis_guard::ALLOW_VAR
                )
            });
            Ok(OpenedStore {
                store,
                clock,
                loss,
                redis_guard: Some(guard),
            })
        }
    }
}

/// Runs `workerd` on `grpc` until `shutdown` resolves, then drains: event streams end, the
/// listener stops, in-flight tasks finish within the grace period, maintenance stops.
pub async fn run(
    config: Config,
    options: RunOptions,
    grpc: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServeError> {
    let (files, created) =
        tls::resolve(config.admin.tls.as_ref(), &config.data_dir).map_err(ServeError::Tls)?;
    if created {
        tracing::info!(
            dir = %files.ca.parent().map(|d| d.display().to_string()).unwrap_or_default(),
            "created a development PKI: client certificates admin.pem, operator.pem and viewer.pem (keys *-key.pem) are there, and workerctl finds them without flags; set WORKER_ADMIN_TLS_CERT, _KEY and _CA for anything but development"
        );
    }
    let material = TlsMaterial::load(&files).map_err(ServeError::Tls)?;
    let mut config = config;
    config.engine.audit_key = Some(audit_key(&config.admin.audit_key_file)?);
    let OpenedStore {
        store,
        clock,
        loss,
        redis_guard,
    } = open_store(&config).await?;
    if loss.is_some()
        && let Some(dir) = &config.admin.audit_archive_dir
    {
        // The operator accepted the loss: the anchors of the lost store would fail every
        // verification of the accepted one.
        match crate::anchors::supersede(dir, clock.now_ms()) {
            Ok(Some(aside)) => tracing::warn!(
                aside = %aside.display(),
                "set the audit anchors of the lost store aside; the accepted store's chain is anchored afresh"
            ),
            Ok(None) => {}
            Err(e) => {
                return Err(ServeError::Engine(Error::Internal(format!(
                    "cannot set the audit anchors aside in {}: {e}",
                    dir.display()
                ))));
            }
        }
    }
    let audit_archive = config
        .admin
        .audit_archive_dir
        .clone()
        .map(|dir| Arc::new(JsonlArchive::new(dir)) as Arc<dyn AuditArchive>);
    let job_event_files = match &config.jobs.event_dir {
        Some(dir) => Some(Arc::new(
            JobEventFiles::start(dir.clone(), config.jobs.event_max_entries).map_err(|e| {
                ServeError::Engine(Error::Internal(format!(
                    "cannot start the job event file writer for {}: {e}",
                    dir.display()
                )))
            })?,
        )),
        None => None,
    };
    let job_event_sink = job_event_files
        .clone()
        .map(|files| files as Arc<dyn JobEventSink>);
    let parts = EngineParts {
        store,
        clock,
        random: Arc::new(ThreadRandom),
        job_event_sink,
        audit_archive,
        // Beside the archive, or in the log only when the archive is off.
        audit_anchors: Some(
            Arc::new(FileAnchors::new(config.admin.audit_archive_dir.clone()))
                as Arc<dyn AuditAnchors>,
        ),
    };
    let engine = Engine::from_parts(parts, config.engine.clone()).await?;
    if let Some(loss) = loss {
        engine
            .append(Event::Alert(Alert::critical(Alert::STORE_DATA_LOSS, loss)))
            .await;
    }
    let audit_watch = AuditWatch::start(engine.clone(), config.audit_verify_interval).await;
    let maintenance = Maintenance::start(engine.clone(), config.maintenance_interval);
    let anchoring = AnchorTask::start(engine.clone(), config.audit_anchor_interval);
    let guard_watch = redis_guard
        .map(|guard| GuardWatch::start(guard, engine.clone(), config.maintenance_interval));
    let bulk_runner = BulkRunner::start(engine.clone(), config.maintenance_interval);
    let scheduler = Scheduler::start(
        engine.clone(),
        config.schedules.tick,
        config.schedules.presets.clone(),
    );
    let mut handlers = options.handlers;
    if config.demo {
        demo::register(&mut handlers);
        seed_demo(&engine).await?;
    }
    let job_reaper = if options.no_worker {
        None
    } else {
        crate::jobs::runner::serve_jobs(&engine, &config, &mut handlers).await
    };
    let worker = if options.no_worker {
        tracing::info!("--no-worker: this process serves the admin plane and leases no task");
        None
    } else if handlers.is_empty() {
        tracing::warn!(
            "no handlers are registered (start with --demo for the demo handlers); no task runs here"
        );
        None
    } else {
        Some(Worker::start(
            engine.clone(),
            handlers,
            WorkerOptions {
                concurrency: config.worker.concurrency,
                prefetch: config.worker.prefetch,
                queues: config.worker.queues.clone(),
                poll_interval: config.worker.poll_interval,
                shutdown_grace: config.worker.shutdown_grace,
                id: config.worker.id.clone(),
                log_successes: config.demo,
                ..WorkerOptions::default()
            },
        )?)
    };
    // The demo keeps work coming only where it runs, so a --no-worker node adds no backlog.
    let feed = (config.demo && config.demo_feed > 0 && worker.is_some())
        .then(|| demo::Feed::start(engine.clone(), config.demo_feed));
    let closing = CancellationToken::new();
    let admin = AdminApi::new(
        engine.clone(),
        ApiSettings {
            approval: config.admin.approval.clone(),
            replay_limit_max: config.admin.replay_limit_max,
            replay_ids_max: config.admin.replay_ids_max,
            schedule_run_max: config.admin.schedule_run_max,
            schedule_run_window: config.admin.schedule_run_window,
            closing: closing.clone(),
            ..ApiSettings::default()
        },
    );
    let addr = grpc
        .local_addr()
        .map_err(|e| ServeError::Transport(e.to_string()))?;
    let gateway = match options.http {
        Some(listener) => {
            let http_addr = listener
                .local_addr()
                .map_err(|e| ServeError::Transport(e.to_string()))?;
            let tls = tls::server_config(&material).map_err(ServeError::Tls)?;
            let gateway = Gateway::new(
                Backend::local(admin.clone()),
                GatewaySettings::from(&config.admin),
                closing.clone(),
            );
            tracing::info!(http = %http_addr, "gateway listening (mutual TLS)");
            Some(tokio::spawn(http::serve(
                http::router(gateway),
                tls,
                listener,
                config.transport,
                closing.clone(),
                Duration::from_secs(5),
            )))
        }
        None => None,
    };
    tracing::info!(
        grpc = %addr,
        worker = worker.as_ref().map(|w| w.id().to_string()),
        "workerd ready (mutual TLS)"
    );
    let stop = closing.clone();
    let serving = grpc::serve(
        admin,
        &material,
        grpc,
        config.transport,
        closing.clone(),
        Duration::from_secs(5),
    );
    tokio::pin!(serving);
    let served = tokio::select! {
        served = serving.as_mut() => served,
        () = shutdown => {
            tracing::info!("shutting down: closing event streams and the listener");
            stop.cancel();
            serving.await
        }
    };
    closing.cancel();
    if let Some(feed) = feed {
        feed.stop().await;
    }
    if let Some(gateway) = gateway {
        match gateway.await {
            Ok(Err(e)) => tracing::warn!(error = %e, "the gateway stopped with an error"),
            Err(e) => tracing::warn!(error = %e, "the gateway task failed"),
            Ok(Ok(())) => {}
        }
    }
    if let Some(worker) = worker {
        let report = worker.shutdown().await;
        tracing::info!(
            finished = report.finished,
            released = report.released,
            "worker drained"
        );
    }
    if let Some(reaper) = job_reaper {
        reaper.stop().await;
    }
    bulk_runner.stop().await;
    scheduler.stop().await;
    maintenance.stop().await;
    // After the worker drained and maintenance ended: the events of the last runs and of
    // reclaimed ones are written before the process exits.
    if let Some(files) = job_event_files {
        let closed = tokio::task::spawn_blocking(move || files.close());
        if tokio::time::timeout(Duration::from_secs(10), closed)
            .await
            .is_err()
        {
            tracing::warn!("job event files: the writer did not finish within 10 s");
        }
    }
    // After maintenance wrote the last coalesced entries, so the shutdown anchor covers them.
    anchoring.stop().await;
    if let Some(watch) = guard_watch {
        watch.stop().await;
    }
    audit_watch.stop().await;
    served.map_err(ServeError::Transport)
}

/// Runs the gateway alone (`workerd gateway`): HTTPS on `listener`, forwarding every call to
/// the AdminService at `WORKER_ADMIN_GRPC_TARGET` over mutual TLS with the gateway's own
/// certificate. It opens no store and never leases a task.
pub async fn run_gateway(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServeError> {
    let target = config.admin.grpc_target.clone().ok_or_else(|| {
        ServeError::Transport(
            "gateway mode needs WORKER_ADMIN_GRPC_TARGET (host:port of workerd's gRPC listener)"
                .into(),
        )
    })?;
    let (files, _) =
        tls::resolve(config.admin.tls.as_ref(), &config.data_dir).map_err(ServeError::Tls)?;
    let material = TlsMaterial::load(&files).map_err(ServeError::Tls)?;
    let (cert, key) = match &config.admin.gateway_cert {
        Some(pair) => pair.clone(),
        None => {
            let dev = worker_pki::PkiPaths::new(config.data_dir.join("pki"));
            (dev.client_cert("gateway"), dev.client_key("gateway"))
        }
    };
    let read = |path: &std::path::Path, var: &str| {
        std::fs::read_to_string(path).map_err(|e| {
            ServeError::Tls(format!(
                "cannot read the gateway's {var} {}: {e}",
                path.display()
            ))
        })
    };
    let cert_pem = read(&cert, "certificate (WORKER_ADMIN_GATEWAY_CERT)")?;
    let key_pem = read(&key, "key (WORKER_ADMIN_GATEWAY_KEY)")?;
    let backend = Backend::remote(&target, &material.ca_pem, &cert_pem, &key_pem)
        .await
        .map_err(ServeError::Transport)?;
    let closing = CancellationToken::new();
    let gateway = Gateway::new(
        backend,
        GatewaySettings::from(&config.admin),
        closing.clone(),
    );
    let tls = tls::server_config(&material).map_err(ServeError::Tls)?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError::Transport(e.to_string()))?;
    tracing::info!(http = %addr, %target, "gateway ready (mutual TLS), forwarding to the admin service");
    let serving = tokio::spawn(http::serve(
        http::router(gateway),
        tls,
        listener,
        config.transport,
        closing.clone(),
        Duration::from_secs(5),
    ));
    shutdown.await;
    tracing::info!("shutting down the gateway");
    closing.cancel();
    match serving.await {
        Ok(result) => result.map_err(ServeError::Transport),
        Err(e) => Err(ServeError::Transport(format!(
            "the gateway task failed: {e}"
        ))),
    }
}

/// A few tasks in three queues, enqueued only into an empty store so restarts add nothing.
async fn seed_demo(engine: &Engine) -> Result<(), Error> {
    let t = engine.overview().await?.totals;
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
    let mut later = task("noop", "default", "", 3);
    later.run_at_ms = engine.now_ms() + 3_600_000;
    let specs = vec![
        task("noop", "critical", "", 3),
        task("noop", "critical", "", 3),
        task("sleep", "default", "1500", 3),
        task("sleep", "default", "3000", 3),
        task("flaky", "default", "", 3),
        task("fail", "low", "", 1),
        task("noop", "low", "", 3),
        later,
    ];
    let n = engine.enqueue_batch(specs).await?.len();
    tracing::info!(
        tasks = n,
        "seeded demo tasks into the queues critical, default and low"
    );
    Ok(())
}

/// The audit chain's key from `path`, made there on first start.
fn audit_key(path: &std::path::Path) -> Result<AuditKey, ServeError> {
    let (bytes, made) =
        worker_pki::ensure_audit_key(path).map_err(|e| ServeError::AuditKey(e.to_string()))?;
    if made {
        tracing::info!(path = %path.display(), "created the audit chain key; keep it with backups of the store, apart from it");
    }
    AuditKey::new(bytes).map_err(ServeError::AuditKey)
}
