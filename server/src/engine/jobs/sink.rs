//! Where job events are copied besides the store: `workerd`'s files in go-worker's layout
//! (`WORKER_JOB_EVENT_DIR`). The store stays the record ListJobEvents reads.

use crate::engine::jobs::model::JobEventRecord;

/// Takes a copy of every job event after the engine has written it to the store. Best effort:
/// it must not block or fail the caller (the files are written off the async runtime, and a
/// failure there is logged), so a slow disk never holds up a run.
pub trait JobEventSink: Send + Sync + 'static {
    fn record(&self, event: &JobEventRecord);
}
