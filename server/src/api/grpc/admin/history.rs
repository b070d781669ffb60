//! Queue history: outcomes over 15 minutes, 24 hours or 30 days (`GetQueueHistory`).

use tonic::Request;
use worker_proto::v1 as pb;

use crate::api::auth::Op;
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::Answer;
use crate::api::grpc::parse::queue_name;
use crate::api::grpc::status::engine_err;
use crate::engine::model::ThroughputCounts;
use crate::engine::{HistoryRange, QueueHistory};

pub(super) async fn get_queue_history(
    api: &AdminApi,
    req: Request<pb::GetQueueHistoryRequest>,
) -> Answer<pb::GetQueueHistoryResponse> {
    api.query(req, Op::GetQueueHistory, |r, _| async move {
        let range = if r.range.is_empty() {
            HistoryRange::Minutes15
        } else {
            HistoryRange::parse(&r.range).map_err(engine_err)?
        };
        let queue = if r.queue.is_empty() {
            None
        } else {
            Some(queue_name(&r.queue)?)
        };
        let history = api
            .engine
            .queue_history(queue.as_ref(), range)
            .await
            .map_err(engine_err)?;
        Ok(history_response(&history))
    })
    .await
}

fn totals(c: &ThroughputCounts) -> pb::HistoryTotals {
    pb::HistoryTotals {
        succeeded: c.succeeded,
        failed: c.failed,
        dead: c.dead,
    }
}

fn history_response(h: &QueueHistory) -> pb::GetQueueHistoryResponse {
    pb::GetQueueHistoryResponse {
        queue: h.queue.as_ref().map(|q| q.to_string()).unwrap_or_default(),
        range: h.range.as_str().to_string(),
        step_ms: h.step_ms,
        points: h
            .points
            .iter()
            .map(|p| pb::HistoryPoint {
                start_ms: p.minute_ms,
                succeeded: p.counts.succeeded,
                failed: p.counts.failed,
                dead: p.counts.dead,
            })
            .collect(),
        totals: Some(totals(&h.totals)),
        previous: Some(totals(&h.previous)),
    }
}
