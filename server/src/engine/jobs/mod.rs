//! Containerized jobs: what a job is (its definition, its runs, their events and output logs),
//! as the engine and the stores share them.
//!
//! A job is a Docker build context (a git tag or a tarball) plus how to run it; a run is one
//! `job_runner` task with a snapshot of the spec, so it has the task's id and follows the task's
//! lease, retry, timeout and cancel rules. `model` holds the data model and its pure validation,
//! `runs` makes a run, `lifecycle` records its attempts and ends it as its task ends,
//! `log_events` summarises its output for the operator event log, `ops` serves the admin API
//! (definitions, runs, logs, events, cancel).

pub(crate) mod bulk;
pub mod lifecycle;
pub mod log_events;
pub mod model;
pub mod ops;
pub mod runs;
pub mod sink;

#[cfg(test)]
#[path = "tests/ops.rs"]
mod ops_tests;
#[cfg(test)]
mod tests;

pub use lifecycle::{JOB_RESULT_TAIL_BYTES, JobAttemptFigures};
pub use log_events::{
    AppendedBatch, JOB_LOG_EVENT_BYTES, JOB_LOG_EVENT_INTERVAL_MS, JobLogEvents, JobLogOrigin,
};
pub use model::{
    JOB_LOG_MARKER_PREFIX, JobEnv, JobEventRecord, JobEventStatus, JobLogChunk, JobLogState,
    JobLogStream, JobRecord, JobRunCursor, JobRunPage, JobRunRecord, JobRunStatus, JobSource,
    JobSpec, JobTrigger, NewJobLogChunk, REDACTED, truncation_marker,
};
pub use ops::{JOB_LOG_PAGE_MAX, JobRunQuery};
pub(crate) use runs::RunPlan;
pub use runs::{JOB_META_KEY, JOB_RUNNER_HANDLER};
pub use sink::JobEventSink;
