//! Bulk operations: one operation's progress (the JSON of `bulk get`, `bulk ls` and of every
//! command that starts one), and a dry run's sample.

use serde::Serialize;
use worker_proto::filter::Filter;
use worker_proto::v1 as pb;

use crate::output::Record;
use crate::output::view::{cell, state_name, time};

#[derive(Serialize, Debug, Clone, PartialEq)]
pub(crate) struct BulkOp {
    pub id: String,
    /// replay_dlq, delete_dlq, delete_tasks, cancel_tasks or retry_tasks.
    pub action: String,
    /// The filter in its textual form (`queue:emails state:dead older:2h`).
    pub filter: String,
    /// running, done, failed or cancelled.
    pub state: String,
    pub matched: i64,
    pub processed: i64,
    pub succeeded: i64,
    pub skipped: i64,
    pub batches: i64,
    pub actor: String,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub finished: Option<String>,
    pub last_error: String,
}

impl From<&pb::BulkOperation> for BulkOp {
    fn from(o: &pb::BulkOperation) -> Self {
        Self {
            id: o.id.clone(),
            action: o.action.clone(),
            filter: o
                .filter
                .as_ref()
                .and_then(|f| Filter::from_message(f).ok())
                .map(|f| f.to_string())
                .unwrap_or_default(),
            state: o.state.clone(),
            matched: o.matched,
            processed: o.processed,
            succeeded: o.succeeded,
            skipped: o.skipped,
            batches: o.batches,
            actor: o.actor.clone(),
            created: time(o.created_at_ms),
            updated: time(o.updated_at_ms),
            finished: time(o.finished_at_ms),
            last_error: o.last_error.clone(),
        }
    }
}

impl Record for BulkOp {
    fn header(wide: bool) -> Vec<&'static str> {
        let mut h = vec![
            "ID",
            "ACTION",
            "STATE",
            "MATCHED",
            "PROCESSED",
            "SUCCEEDED",
            "SKIPPED",
            "FILTER",
        ];
        if wide {
            h.extend(["BATCHES", "ACTOR", "CREATED", "FINISHED", "LAST_ERROR"]);
        }
        h
    }
    fn row(&self, wide: bool) -> Vec<String> {
        let mut r = vec![
            self.id.clone(),
            self.action.clone(),
            self.state.clone(),
            self.matched.to_string(),
            self.processed.to_string(),
            self.succeeded.to_string(),
            self.skipped.to_string(),
            self.filter.clone(),
        ];
        if wide {
            r.extend([
                self.batches.to_string(),
                self.actor.clone(),
                cell(&self.created),
                cell(&self.finished),
                self.last_error.clone(),
            ]);
        }
        r
    }
}

/// One task of a dry run's sample.
#[derive(Serialize, Debug, Clone)]
pub(crate) struct BulkSample {
    pub id: String,
    pub queue: String,
    pub handler: String,
    pub state: String,
}

impl From<&pb::BulkSample> for BulkSample {
    fn from(s: &pb::BulkSample) -> Self {
        Self {
            id: s.id.clone(),
            queue: s.queue.clone(),
            handler: s.handler.clone(),
            state: state_name(s.state),
        }
    }
}

impl Record for BulkSample {
    fn header(_: bool) -> Vec<&'static str> {
        vec!["ID", "QUEUE", "HANDLER", "STATE"]
    }
    fn row(&self, _: bool) -> Vec<String> {
        vec![
            self.id.clone(),
            self.queue.clone(),
            self.handler.clone(),
            self.state.clone(),
        ]
    }
}
