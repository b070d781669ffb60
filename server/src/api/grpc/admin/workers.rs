//! Workers: listing, reading, recycling, and the history of tasks found stuck.

use tonic::Request;
use worker_proto::v1 as pb;

use crate::api::auth::Op;
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::{Answer, meta};
use crate::api::grpc::convert;
use crate::api::grpc::parse::{optional, worker_id};
use crate::api::grpc::status::{engine_err, invalid};
use crate::engine::model::HandlerName;

pub(super) async fn list_workers(
    api: &AdminApi,
    req: Request<pb::ListWorkersRequest>,
) -> Answer<pb::ListWorkersResponse> {
    api.query(req, Op::ListWorkers, |_, _| async move {
        let workers = api.engine.list_workers().await.map_err(engine_err)?;
        Ok(pb::ListWorkersResponse {
            workers: workers.iter().map(convert::worker_info).collect(),
        })
    })
    .await
}

pub(super) async fn get_worker(
    api: &AdminApi,
    req: Request<pb::GetWorkerRequest>,
) -> Answer<pb::GetWorkerResponse> {
    api.query(req, Op::GetWorker, |r, _| async move {
        let detail = api
            .engine
            .get_worker(&worker_id(&r.id)?)
            .await
            .map_err(engine_err)?;
        Ok(pb::GetWorkerResponse {
            worker: Some(convert::worker_info(&detail.worker)),
            running: detail.running.iter().map(convert::task_info).collect(),
        })
    })
    .await
}

pub(super) async fn recycle_worker(
    api: &AdminApi,
    req: Request<pb::RecycleWorkerRequest>,
) -> Answer<pb::RecycleWorkerResponse> {
    let id = req.get_ref().id.clone();
    let metadata = meta([("reason", req.get_ref().reason.chars().take(256).collect())]);
    api.mutation(
        req,
        Op::RecycleWorker,
        &id,
        metadata,
        |r, stamp| async move {
            let detail = "recycle requested".to_string();
            // The store writes the entry with the request.
            let worker = api
                .engine
                .recycle_worker(
                    &worker_id(&r.id)?,
                    &r.reason,
                    stamp.entry(None, detail.clone()),
                )
                .await
                .map_err(engine_err)?;
            Ok((
                pb::RecycleWorkerResponse {
                    worker: Some(convert::worker_info(&worker)),
                },
                detail,
            ))
        },
    )
    .await
}

pub(super) async fn list_stuck_tasks(
    api: &AdminApi,
    req: Request<pb::ListStuckTasksRequest>,
) -> Answer<pb::ListStuckTasksResponse> {
    api.query(req, Op::ListStuckTasks, |r, _| async move {
        let hours = match r.hours {
            0 => 24,
            h if (1..=24 * 366).contains(&h) => h,
            h => {
                return Err(invalid(
                    "invalid_window",
                    format!("hours is {h}; use 1 to 8784"),
                ));
            }
        };
        let handler = optional(&r.handler, |s| HandlerName::new(s))?;
        let history = api
            .engine
            .stuck_history(i64::from(hours) * 3_600_000, handler.as_ref())
            .await
            .map_err(engine_err)?;
        Ok(pb::ListStuckTasksResponse {
            hours,
            handlers: history.iter().map(convert::stuck_summary).collect(),
        })
    })
    .await
}
