//! What a change did: enqueued ids, per-task outcomes of cancel, retry and replay, and the
//! summary of a bulk replay.

use serde::Serialize;

use crate::output::Record;

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Enqueued {
    pub id: String,
    /// True when an idempotency key matched an earlier task, whose id this is.
    pub deduplicated: bool,
}

impl Record for Enqueued {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["ID", "DEDUPLICATED"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![self.id.clone(), self.deduplicated.to_string()]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct Outcome {
    pub id: String,
    /// What happened (or would): replayed, not_found, not_dead, would_replay, not_in_dlq,
    /// cancelled, cancel_requested, already_finished, retried.
    pub outcome: String,
    pub state: String,
}

impl Record for Outcome {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["ID", "OUTCOME", "STATE"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![self.id.clone(), self.outcome.clone(), self.state.clone()]
    }
}

#[derive(Serialize, Debug, Clone)]
pub(crate) struct ReplaySummary {
    pub dry_run: bool,
    /// How many entries the command set out to move.
    pub requested: u64,
    pub moved: u64,
    pub batches: u64,
    /// True when Ctrl-C stopped it early.
    pub interrupted: bool,
}

impl Record for ReplaySummary {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["DRY_RUN", "REQUESTED", "MOVED", "BATCHES", "INTERRUPTED"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.dry_run.to_string(),
            self.requested.to_string(),
            self.moved.to_string(),
            self.batches.to_string(),
            self.interrupted.to_string(),
        ]
    }
}

/// A queue removed from the registry (or, dry, what it holds).
#[derive(Serialize, Debug, Clone)]
pub(crate) struct QueueDeleted {
    pub name: String,
    pub deleted: bool,
    /// The tasks that went with it (a dry run: the tasks it holds).
    pub tasks: u64,
    pub dry_run: bool,
}

impl Record for QueueDeleted {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["NAME", "DELETED", "TASKS", "DRY_RUN"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.name.clone(),
            self.deleted.to_string(),
            self.tasks.to_string(),
            self.dry_run.to_string(),
        ]
    }
}
