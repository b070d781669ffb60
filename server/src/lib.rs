//! `worker-server`: the durable task engine, its stores, the worker runtime and the `workerd`
//! daemon's configuration.
//!
//! # Layout
//!
//! - [`engine`]: the domain. Task model and states, validation, retry and lease rules, weighted
//!   fair queue choice, the event log's events, maintenance. Knows no transport and no SQL.
//! - [`store`]: the [`store::Store`] trait, one sub-trait per capability (tasks, leases,
//!   queues, coordination, DLQ, workers, events, audit, retention), and its two backends: the
//!   embedded [`store::sqlite`] and the shared [`store::redis`]. No business rules.
//! - [`runtime`]: worker pools that lease tasks and run registered handlers, and the demo
//!   handlers.
//! - [`api`]: transports. `api::grpc` serves `AdminService` and `TaskService` over mutual TLS;
//!   `api::http` is the HTTP/JSON gateway with SSE, metrics and OpenAPI; `api::auth` holds
//!   identities, the permission table and the approval policy.
//! - [`jobs`]: what containerized jobs need from the machine, outside the engine:
//!   [`jobs::source`] fetches a job's build context (git tag, tarball URL or file) into a
//!   workspace under the node's allowlists and limits, and finds its Dockerfile;
//!   [`jobs::docker`] builds and runs a job's container on the Docker engine, hardened and
//!   always cleaned up, and reaps orphans.
//! - [`telemetry`]: process-wide metrics.
//! - [`config`]: `workerd`'s settings from the environment.
//! - [`audit_watch`]: verifies the audit chain at start and periodically, logging a break once.
//! - [`archive`]: the audit archive as JSONL files, the engine's audit retention sink in `workerd`.
//! - [`anchors`]: audit anchors in a file beside the archive and in the log, written periodically.
//! - [`redis_guard`]: a Redis store that lost data is refused at start and reported while running.
//! - [`server`]: assembles `workerd` and shuts it down in order.
//!
//! # Embedding
//!
//! ```no_run
//! use std::sync::Arc;
//! use worker_server::engine::{Engine, EngineConfig, clock::SystemClock, model::TaskSpec};
//! use worker_server::runtime::{Handlers, TaskContext, Worker, WorkerOptions};
//! use worker_server::store::sqlite::{Durability, SqliteStore};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let store = Arc::new(SqliteStore::open("worker.db", Durability::Full)?);
//! let engine = Engine::new(store, Arc::new(SystemClock), EngineConfig::default()).await?;
//! let mut handlers = Handlers::new();
//! handlers.register("email", |ctx: TaskContext| async move {
//!     println!("sending {} bytes", ctx.payload().len());
//!     Ok(())
//! })?;
//! let worker = Worker::start(engine.clone(), handlers, WorkerOptions::default())?;
//! engine
//!     .enqueue(TaskSpec { handler: "email".into(), payload: b"hi".to_vec(), ..Default::default() })
//!     .await?;
//! worker.shutdown().await;
//! # Ok(()) }
//! ```

pub mod anchors;
pub mod api;
pub mod archive;
pub mod audit_watch;
pub mod config;
pub mod engine;
pub mod job_event_files;
pub mod jobs;
pub mod redis_guard;
pub mod runtime;
pub mod server;
pub mod store;
pub mod telemetry;
