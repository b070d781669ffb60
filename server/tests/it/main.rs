//! Integration tests of `worker-server`, one binary (each file under `tests/` would link its own):
//! - `audit_tamper`: the audit log changed behind `workerd`'s back: an entry edited in Redis,
//!   and (through anchors) a chain rewritten with the key or a store rolled back.
//! - `audit_flood`: a flood of refusals and enqueues is coalesced and cannot evict an admin's
//!   audit entry; refused HTTP mutations with malformed input are audited.
//! - `binary`: the `workerd` command line (help, version, a configuration error's exit code).
//! - `bulk`: bulk actions by filter over gRPC and the gateway: dry runs, roles, approval,
//!   audited batches, progress events.
//! - `cluster`: many `workerd` processes sharing one Redis or Redis Cluster, killed, stalled
//!   and failed over.
//! - `crash`: `workerd` on SQLite killed with SIGKILL loses no task and reruns only those in
//!   flight.
//! - `deletes`: removing DLQ entries, tasks and queues over gRPC: by id and filter, dry runs,
//!   refusals, approval and the audit entries with their counts.
//! - `dlq_cursor`: `ListDLQ` paged by cursor over gRPC and the gateway, and its refusals; by
//!   queue and handler on Redis.
//! - `demo`: `workerd --demo` keeps work coming and logs its outcomes at the default level.
//! - `grpc`: every `worker.v1` RPC over mutual TLS, per role, with audit and event streams.
//! - `grpc_support`: the server under test and its clients, from `worker-testkit`.
//! - `http`: the HTTP/JSON gateway over HTTPS: routes per role, SSE, metrics, OpenAPI.
//! - `jobs_api`: the job RPCs (define, run, list, cancel, delete, logs, events) with secrets
//!   redacted in answers and the audit log, their refusals and the approval token.
//! - `jobs_http`: the gateway's job routes: JSON with secrets redacted, runs, a followed log,
//!   artifacts (redirect, file with ranges, refusals).
//! - `job_sources`: a job's build context fetched for real (git tag, HTTPS tarball, tarball
//!   file) and every refusal, leaving nothing behind.
//! - `jobs_docker`: the Docker job runner on the real engine: hardening, output, every way a
//!   run ends, clean-up, the reaper.
//! - `jobs_runs`: job runs end to end in process (store, engine, worker, `job_runner` on the
//!   real engine): each way a run ends, its log, events and figures, the host environment,
//!   a run from each kind of source and each fetch refusal, `.dockerignore`, the build's
//!   network.
//! - `limits`: negative limits and offsets refused alike, long input quoted cut short.
//! - `redis_indexes`: the Redis store's DLQ sets per queue and handler exact under concurrent
//!   writes and backfilled at open; bulk operations from before their indexes run and pruned.
//! - `reference_ui`: what go-worker's own admin UI sends and reads, answered by our gateway.
//! - `requirements`: external tools some tests use (`promtool`), skipped or required.
//! - `runtime`: the worker runtime on a real SQLite store, handlers to their end states.
//! - `schedule_processes`: cron schedules across `workerd` processes: one task per fire time
//!   on three nodes through a leader kill, and schedules kept across restarts on SQLite.
//! - `schedules`: cron schedules over gRPC and the gateway, from create to delete, per role.
//! - `store_loss`: `workerd` refuses a SQLite store that lost data (emptied, or its WAL
//!   deleted after a SIGKILL) unless told to start on it.
//! - `store_conformance`: what every store backend must do, one module per capability, run on
//!   SQLite, Redis and Redis Cluster.
//! - `transport`: the listeners' limits: handshake, header, body and idle timeouts, the
//!   connection cap, and streams that outlive the idle timeout.
//! - `support`: stores on a temporary SQLite file or a test Redis, engines over them, waits.

mod audit_flood;
mod audit_tamper;
mod binary;
mod bulk;
mod cluster;
mod crash;
mod deletes;
mod demo;
mod dlq_cursor;
mod grpc;
mod grpc_support;
mod http;
mod job_sources;
mod jobs_api;
mod jobs_docker;
mod jobs_http;
mod jobs_runs;
mod limits;
mod redis_indexes;
mod redis_throughput;
mod reference_ui;
mod requirements;
mod runtime;
mod runtime_prefetch;
mod schedule_processes;
mod schedules;
mod store_conformance;
mod store_loss;
mod support;
mod transport;
