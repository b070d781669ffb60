//! Worker routes: list and inspect workers, recycle one, and the stuck-task history.

use axum::Json;
use axum::extract::State;
use worker_proto::v1 as pb;

use crate::api::http::Gateway;
use crate::api::http::extract::{Caller, Name, OptionalBody, Params};
use crate::api::http::json::{
    RecycleBody, StuckHandler, StuckHistory, Task, Worker, WorkerDetail, WorkerEnvelope, WorkerList,
};
use crate::api::http::routes::Answer;

pub(super) const STUCK_QUERY: &[(&str, &str, &str)] = &[
    ("hours", "integer", "The window (default 24)."),
    ("handler", "string", "Only this handler."),
];

pub(super) async fn list_workers(State(gw): State<Gateway>, c: Caller) -> Answer<WorkerList> {
    let r = gw
        .backend()
        .list_workers(&c.0, pb::ListWorkersRequest {})
        .await?;
    Ok(Json(WorkerList {
        workers: r.workers.into_iter().map(Worker::from).collect(),
    }))
}

pub(super) async fn get_worker(
    State(gw): State<Gateway>,
    c: Caller,
    Name(id): Name,
) -> Answer<WorkerDetail> {
    let r = gw
        .backend()
        .get_worker(&c.0, pb::GetWorkerRequest { id })
        .await?;
    Ok(Json(WorkerDetail {
        worker: Worker::from(r.worker.unwrap_or_default()),
        running: r.running.into_iter().map(Task::from).collect(),
    }))
}

pub(super) async fn recycle_worker(
    State(gw): State<Gateway>,
    c: Caller,
    Name(id): Name,
    OptionalBody(body): OptionalBody<RecycleBody>,
) -> Answer<WorkerEnvelope> {
    let r = gw
        .backend()
        .recycle_worker(
            &c.0,
            pb::RecycleWorkerRequest {
                id,
                reason: body.reason.unwrap_or_default(),
            },
        )
        .await?;
    Ok(Json(WorkerEnvelope {
        worker: Worker::from(r.worker.unwrap_or_default()),
    }))
}

pub(super) async fn stuck(State(gw): State<Gateway>, c: Caller, p: Params) -> Answer<StuckHistory> {
    let r = gw
        .backend()
        .list_stuck_tasks(
            &c.0,
            pb::ListStuckTasksRequest {
                hours: p.positive("hours", 24).min(24 * 366) as i32,
                handler: p.text("handler"),
            },
        )
        .await?;
    Ok(Json(StuckHistory {
        hours: r.hours,
        handlers: r
            .handlers
            .into_iter()
            .map(|h| StuckHandler {
                handler: h.handler,
                stuck_count: h.stuck_count,
                last_stuck_at_ms: h.last_stuck_at_ms,
            })
            .collect(),
    }))
}
