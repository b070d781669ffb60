//! Containerized jobs: what a job is (its definition, its runs, their events and output logs),
//! as the engine and the stores share them.
//!
//! A job is a Docker build context (a git tag or a tarball) plus how to run it; a run is one
//! `job_runner` task with a snapshot of the spec, so it has the task's id and follows the task's
//! lease, retry, timeout and cancel rules. Operations on jobs (upsert, run, cancel) come later;
//! this module holds the data model and its pure validation.

pub mod model;

#[cfg(test)]
mod tests;

pub use model::{
    JOB_LOG_MARKER_PREFIX, JobEnv, JobEventRecord, JobEventStatus, JobLogChunk, JobLogState,
    JobLogStream, JobRecord, JobRunCursor, JobRunPage, JobRunRecord, JobRunStatus, JobSource,
    JobSpec, JobTrigger, NewJobLogChunk, REDACTED, truncation_marker,
};
