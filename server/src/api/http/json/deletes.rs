//! Removing things, as JSON: the bodies of deletes by id or filter, and what they did.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use worker_proto::v1 as pb;

use crate::api::http::json::state;

/// Tasks by id, or (without ids) up to `limit` of the newest matching the filter.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DeleteTasksBody {
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub queue: String,
    /// pending, scheduled, retrying, succeeded, dead or cancelled (running tasks are refused).
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub handler: String,
    /// By filter: 0 or missing means 100.
    #[serde(default)]
    pub limit: i32,
    /// Without ids or filter: every task. Must be asked for.
    #[serde(default)]
    pub all: bool,
    /// Count and sample; change nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// DLQ entries by id, or (without ids) up to `limit` of the newest matching the filter.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DeleteDlqBody {
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub queue: String,
    #[serde(default)]
    pub handler: String,
    #[serde(default)]
    pub query: String,
    #[serde(default)]
    pub fingerprint: String,
    #[serde(default)]
    pub limit: i32,
    #[serde(default)]
    pub all: bool,
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Serialize, ToSchema)]
pub struct DeleteResult {
    pub id: String,
    /// deleted, not_found, running (refused), not_dead, or would_delete (a dry run).
    pub outcome: String,
    pub state: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeleteOutcome {
    pub deleted: i32,
    /// By filter: how many matched when the call began (repeat while deleted < matched).
    pub matched: i64,
    pub dry_run: bool,
    pub results: Vec<DeleteResult>,
}

fn results(results: Vec<pb::DeleteResult>) -> Vec<DeleteResult> {
    results
        .into_iter()
        .map(|r| DeleteResult {
            id: r.id,
            outcome: r.outcome,
            state: state(r.state),
        })
        .collect()
}

impl From<pb::DeleteTasksResponse> for DeleteOutcome {
    fn from(r: pb::DeleteTasksResponse) -> Self {
        Self {
            deleted: r.deleted,
            matched: r.matched,
            dry_run: r.dry_run,
            results: results(r.results),
        }
    }
}

impl From<pb::DeleteDlqResponse> for DeleteOutcome {
    fn from(r: pb::DeleteDlqResponse) -> Self {
        Self {
            deleted: r.deleted,
            matched: r.matched,
            dry_run: r.dry_run,
            results: results(r.results),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueDeleted {
    pub name: String,
    pub deleted: bool,
    /// Tasks deleted with the queue (a dry run: the tasks it holds).
    pub tasks: i64,
    pub dry_run: bool,
}

impl From<pb::DeleteQueueResponse> for QueueDeleted {
    fn from(r: pb::DeleteQueueResponse) -> Self {
        Self {
            name: r.name,
            deleted: r.deleted,
            tasks: r.tasks,
            dry_run: r.dry_run,
        }
    }
}
