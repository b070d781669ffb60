//! A bulk operation's data: the action, its filter, the record the store keeps (its snapshot,
//! cursor and counts, its owner's lease) and what a store's candidate scan takes and returns.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::Error;
use crate::engine::model::{HandlerName, QueueName, TaskId, TaskState};

/// What a bulk operation does to each task its filter selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    ReplayDlq,
    DeleteDlq,
    DeleteTasks,
    CancelTasks,
    RetryTasks,
}

impl BulkAction {
    pub const ALL: [BulkAction; 5] = [
        BulkAction::ReplayDlq,
        BulkAction::DeleteDlq,
        BulkAction::DeleteTasks,
        BulkAction::CancelTasks,
        BulkAction::RetryTasks,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BulkAction::ReplayDlq => "replay_dlq",
            BulkAction::DeleteDlq => "delete_dlq",
            BulkAction::DeleteTasks => "delete_tasks",
            BulkAction::CancelTasks => "cancel_tasks",
            BulkAction::RetryTasks => "retry_tasks",
        }
    }

    pub fn parse(text: &str) -> Result<Self, Error> {
        BulkAction::ALL
            .into_iter()
            .find(|a| a.name() == text.trim())
            .ok_or_else(|| {
                Error::invalid(
                    "invalid_bulk_action",
                    format!(
                        "bulk action {:?} is unknown; use replay_dlq, delete_dlq, delete_tasks, cancel_tasks or retry_tasks",
                        text.chars().take(64).collect::<String>()
                    ),
                )
            })
    }

    /// The listing the action's filter selects from.
    pub fn target(self) -> BulkTarget {
        match self {
            BulkAction::ReplayDlq | BulkAction::DeleteDlq => BulkTarget::Dlq,
            _ => BulkTarget::Tasks,
        }
    }

    /// The audit action of each batch, the same as the start's.
    pub fn audit_action(self) -> String {
        format!("bulk.{}", self.name())
    }
}

impl fmt::Display for BulkAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The listing a filter selects from: every task, or the DLQ (dead tasks, in failure order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BulkTarget {
    Tasks,
    Dlq,
}

/// Where an operation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkState {
    /// Batches run (on the node holding its claim; a node that stops gives it up, and any
    /// node takes over one whose claim expired).
    Running,
    Done,
    /// A batch failed (its error in `last_error`); resume continues past the cursor.
    Failed,
    Cancelled,
}

impl BulkState {
    pub fn name(self) -> &'static str {
        match self {
            BulkState::Running => "running",
            BulkState::Done => "done",
            BulkState::Failed => "failed",
            BulkState::Cancelled => "cancelled",
        }
    }

    /// Done and cancelled operations never run again.
    pub fn is_final(self) -> bool {
        matches!(self, BulkState::Done | BulkState::Cancelled)
    }
}

/// What a bulk operation selects: the listing's filters and an age. Every field narrows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkFilter {
    #[serde(default)]
    pub queue: Option<QueueName>,
    #[serde(default)]
    pub handler: Option<HandlerName>,
    #[serde(default)]
    pub state: Option<TaskState>,
    /// Case-insensitive substring of the id, the handler or the last error.
    #[serde(default)]
    pub text: Option<String>,
    /// Dead tasks whose error has this fingerprint.
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// Only tasks created (DLQ entries: dead) at least this long before the start.
    #[serde(default)]
    pub older_than_ms: Option<i64>,
}

impl BulkFilter {
    pub fn is_empty(&self) -> bool {
        self == &BulkFilter::default()
    }
}

/// A bulk operation as the store keeps it. `before_ms` and `cursor` make it resumable: it
/// takes only tasks created (DLQ entries: dead) before `before_ms`, newest first, each batch
/// starting below the store position `cursor` where the previous one ended, so what arrives
/// later is never taken and what a batch passed over (skipped) is not taken again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOp {
    pub id: String,
    pub action: BulkAction,
    pub filter: BulkFilter,
    pub state: BulkState,
    pub before_ms: i64,
    /// The store's position (its sequence number of the listing) the next batch starts below;
    /// `None` before the first batch.
    pub cursor: Option<i64>,
    pub matched: u64,
    pub processed: u64,
    pub succeeded: u64,
    pub skipped: u64,
    pub batches: u64,
    pub batch_size: u32,
    /// Who started it: every batch's audit entry names them.
    pub actor: String,
    pub role: String,
    pub request_id: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    #[serde(default)]
    pub finished_at_ms: Option<i64>,
    #[serde(default)]
    pub last_error: Option<String>,
    /// The node running it and until when its lease holds; a running operation whose lease
    /// expired (its node died) is taken over by another.
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub lease_until_ms: i64,
    /// Bumped by every write; a write naming another revision is refused (compare-and-set).
    pub revision: u64,
}

impl BulkOp {
    /// When a finished operation (done or cancelled) finished, as retention reads it; `None`
    /// while it may still change (running, or failed and resumable).
    pub fn closed_at_ms(&self) -> Option<i64> {
        self.state
            .is_final()
            .then(|| self.finished_at_ms.unwrap_or(self.updated_at_ms))
    }
}

/// One page of candidates: tasks matching `filter` created (entries dead) before `before_ms`,
/// newest first, below `below` in the store's order (all when `None`).
#[derive(Clone, Debug)]
pub struct BulkScan {
    pub target: BulkTarget,
    pub filter: BulkFilter,
    pub before_ms: i64,
    pub below: Option<i64>,
    /// At most this many candidates.
    pub limit: u32,
    /// At most this many tasks examined (matching or not), so one page is bounded work.
    pub budget: u32,
}

/// A task a scan found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkCandidate {
    pub id: TaskId,
    pub queue: QueueName,
    pub handler: HandlerName,
    pub state: TaskState,
}

/// What a scan found, and where the next one starts: `next` is `None` when nothing is left
/// below (the listing is exhausted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkPage {
    pub items: Vec<BulkCandidate>,
    pub next: Option<i64>,
}

/// A compare-and-set write's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkWrite<T> {
    Written(T),
    /// The stored revision was not the one read (or the operation is unknown): nothing written.
    Stale,
}
