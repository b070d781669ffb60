//! Queue history on the gateway: `GET /admin/v1/history/queues?range=24h&queue=` (and its first
//! path, `GET /admin/v1/queues/history`, kept for older clients).

use axum::Json;
use axum::extract::State;
use worker_proto::v1 as pb;

use crate::api::http::Gateway;
use crate::api::http::extract::{Caller, Params};
use crate::api::http::json::QueueHistory;
use crate::api::http::routes::Answer;

pub(super) const HISTORY_QUERY: &[(&str, &str, &str)] = &[
    ("range", "string", "15m (default), 24h or 30d."),
    (
        "queue",
        "string",
        "Only this queue (default: all queues together).",
    ),
];

pub(super) async fn queue_history(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Answer<QueueHistory> {
    let r = gw
        .backend()
        .get_queue_history(
            &c.0,
            pb::GetQueueHistoryRequest {
                queue: p.text("queue"),
                range: p.text("range"),
            },
        )
        .await?;
    Ok(Json(r.into()))
}
