//! Queue history JSON: outcomes per step over a range, with the window's totals and the
//! window before it (`GET /admin/v1/history/queues`).

use serde::Serialize;
use utoipa::ToSchema;
use worker_proto::v1 as pb;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPoint {
    pub start_ms: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub dead: i64,
}

#[derive(Serialize, ToSchema, Default)]
pub struct HistoryTotals {
    pub succeeded: i64,
    pub failed: i64,
    pub dead: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueHistory {
    /// The queue, or empty for all queues together.
    pub queue: String,
    /// `15m`, `24h` or `30d`.
    pub range: String,
    pub step_ms: i64,
    /// Oldest first, every step present; the last one is under way.
    pub points: Vec<HistoryPoint>,
    pub totals: HistoryTotals,
    /// The same span just before the window (yesterday, for `24h`).
    pub previous: HistoryTotals,
}

fn totals(t: Option<pb::HistoryTotals>) -> HistoryTotals {
    let t = t.unwrap_or_default();
    HistoryTotals {
        succeeded: t.succeeded,
        failed: t.failed,
        dead: t.dead,
    }
}

impl From<pb::GetQueueHistoryResponse> for QueueHistory {
    fn from(r: pb::GetQueueHistoryResponse) -> Self {
        Self {
            queue: r.queue,
            range: r.range,
            step_ms: r.step_ms,
            points: r
                .points
                .into_iter()
                .map(|p| HistoryPoint {
                    start_ms: p.start_ms,
                    succeeded: p.succeeded,
                    failed: p.failed,
                    dead: p.dead,
                })
                .collect(),
            totals: totals(r.totals),
            previous: totals(r.previous),
        }
    }
}
