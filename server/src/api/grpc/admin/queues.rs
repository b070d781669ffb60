//! Queues: listing, weights, pausing one queue, and pausing dequeue for all of them.

use std::collections::BTreeMap;

use tonic::Request;
use worker_proto::v1 as pb;

use crate::api::auth::Op;
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::{Answer, Audited, meta};
use crate::api::grpc::convert;
use crate::api::grpc::parse::queue_name;
use crate::api::grpc::status::{engine_err, invalid};

pub(super) async fn list_queues(
    api: &AdminApi,
    req: Request<pb::ListQueuesRequest>,
) -> Answer<pb::ListQueuesResponse> {
    api.query(req, Op::ListQueues, |_, _| async move {
        let queues = api.engine.list_queues_shared().await.map_err(engine_err)?;
        Ok(pb::ListQueuesResponse {
            queues: queues.iter().map(convert::queue_summary).collect(),
        })
    })
    .await
}

pub(super) async fn get_queue(
    api: &AdminApi,
    req: Request<pb::GetQueueRequest>,
) -> Answer<pb::GetQueueResponse> {
    api.query(req, Op::GetQueue, |r, _| async move {
        let queue = api
            .engine
            .get_queue(&queue_name(&r.name)?)
            .await
            .map_err(engine_err)?;
        Ok(pb::GetQueueResponse {
            queue: Some(convert::queue_summary(&queue)),
        })
    })
    .await
}

pub(super) async fn update_queue_weight(
    api: &AdminApi,
    req: Request<pb::UpdateQueueWeightRequest>,
) -> Answer<pb::UpdateQueueWeightResponse> {
    let name = req.get_ref().name.clone();
    let metadata = meta([("weight", req.get_ref().weight.to_string())]);
    api.mutation(
        req,
        Op::UpdateQueueWeight,
        &name,
        metadata,
        |r, stamp| async move {
            let name = queue_name(&r.name)?;
            let weight = u32::try_from(r.weight).map_err(|_| {
                invalid(
                    "invalid_weight",
                    format!("weight {} is out of range; use 1 to 10000", r.weight),
                )
            })?;
            // The engine records a weight that registers its queue as `queue.create`.
            let audit = stamp.entry(None, format!("weight {weight}"));
            let set = api
                .engine
                .set_queue_weight(&name, weight, audit)
                .await
                .map_err(engine_err)?;
            let audited = if set.created {
                Audited {
                    detail: format!("created with weight {weight}"),
                    action: Some("queue.create"),
                }
            } else {
                format!("weight {weight}").into()
            };
            Ok((
                pb::UpdateQueueWeightResponse {
                    queue: Some(convert::queue_summary(&set.queue)),
                },
                audited,
            ))
        },
    )
    .await
}

pub(super) async fn reset_queue_weight(
    api: &AdminApi,
    req: Request<pb::ResetQueueWeightRequest>,
) -> Answer<pb::ResetQueueWeightResponse> {
    let name = req.get_ref().name.clone();
    api.mutation(
        req,
        Op::ResetQueueWeight,
        &name,
        BTreeMap::new(),
        |r, stamp| async move {
            let name = queue_name(&r.name)?;
            let detail = "weight reset to the default".to_string();
            let queue = api
                .engine
                .reset_queue_weight(&name, stamp.entry(None, detail.clone()))
                .await
                .map_err(engine_err)?;
            Ok((
                pb::ResetQueueWeightResponse {
                    queue: Some(convert::queue_summary(&queue)),
                },
                detail,
            ))
        },
    )
    .await
}

pub(super) async fn pause_queue(
    api: &AdminApi,
    req: Request<pb::PauseQueueRequest>,
) -> Answer<pb::PauseQueueResponse> {
    let name = req.get_ref().name.clone();
    let metadata = meta([("paused", req.get_ref().paused.to_string())]);
    api.mutation(
        req,
        Op::PauseQueue,
        &name,
        metadata,
        |r, stamp| async move {
            let name = queue_name(&r.name)?;
            // A resume is its own action, so `audit ls --action queue.resume` finds it.
            let audited = Audited {
                detail: if r.paused { "paused" } else { "resumed" }.to_string(),
                action: (!r.paused).then_some("queue.resume"),
            };
            let queue = api
                .engine
                .pause_queue(
                    &name,
                    r.paused,
                    stamp.entry(audited.action, audited.detail.clone()),
                )
                .await
                .map_err(engine_err)?;
            Ok((
                pb::PauseQueueResponse {
                    queue: Some(convert::queue_summary(&queue)),
                },
                audited,
            ))
        },
    )
    .await
}

pub(super) async fn pause_dequeue(
    api: &AdminApi,
    req: Request<pb::PauseDequeueRequest>,
) -> Answer<pb::PauseDequeueResponse> {
    let metadata = meta([("paused", "true".to_string())]);
    api.mutation(
        req,
        Op::PauseDequeue,
        "*",
        metadata,
        |_, stamp| async move {
            api.engine
                .set_dequeue_paused(true, stamp.entry(None, "paused"))
                .await
                .map_err(engine_err)?;
            Ok((
                pb::PauseDequeueResponse { paused: true },
                "paused".to_string(),
            ))
        },
    )
    .await
}

pub(super) async fn resume_dequeue(
    api: &AdminApi,
    req: Request<pb::ResumeDequeueRequest>,
) -> Answer<pb::ResumeDequeueResponse> {
    let metadata = meta([("paused", "false".to_string())]);
    api.mutation(
        req,
        Op::ResumeDequeue,
        "*",
        metadata,
        |_, stamp| async move {
            api.engine
                .set_dequeue_paused(false, stamp.entry(None, "resumed"))
                .await
                .map_err(engine_err)?;
            Ok((
                pb::ResumeDequeueResponse { paused: false },
                "resumed".to_string(),
            ))
        },
    )
    .await
}
