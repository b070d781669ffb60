//! Integration tests of `worker-server`, one binary (each file under `tests/` would link its own):
//! - `audit_flood`: a flood of refusals and enqueues is coalesced and cannot evict an admin's
//!   audit entry; refused HTTP mutations with malformed input are audited.
//! - `binary`: the `workerd` command line (help, version, a configuration error's exit code).
//! - `cluster`: many `workerd` processes sharing one Redis or Redis Cluster, killed, stalled
//!   and failed over.
//! - `crash`: `workerd` on SQLite killed with SIGKILL loses no task and reruns only those in
//!   flight.
//! - `grpc`: every `worker.v1` RPC over mutual TLS, per role, with audit and event streams.
//! - `grpc_support`: the server under test and its clients, from `worker-testkit`.
//! - `http`: the HTTP/JSON gateway over HTTPS: routes per role, SSE, metrics, OpenAPI.
//! - `limits`: negative limits and offsets refused alike, long input quoted cut short.
//! - `reference_ui`: what go-worker's own admin UI sends and reads, answered by our gateway.
//! - `requirements`: external tools some tests use (`promtool`), skipped or required.
//! - `runtime`: the worker runtime on a real SQLite store, handlers to their end states.
//! - `schedule_processes`: cron schedules across `workerd` processes: one task per fire time
//!   on three nodes through a leader kill, and schedules kept across restarts on SQLite.
//! - `schedules`: cron schedules over gRPC and the gateway, from create to delete, per role.
//! - `store_conformance`: what every store backend must do, one module per capability, run on
//!   SQLite, Redis and Redis Cluster.
//! - `support`: stores on a temporary SQLite file or a test Redis, engines over them, waits.

mod audit_flood;
mod binary;
mod cluster;
mod crash;
mod grpc;
mod grpc_support;
mod http;
mod limits;
mod reference_ui;
mod requirements;
mod runtime;
mod schedule_processes;
mod schedules;
mod store_conformance;
mod support;
