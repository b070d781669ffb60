//! Queue routes: list and inspect queues, set or reset a queue's weight, pause or resume one.

use axum::Json;
use axum::extract::State;
use worker_proto::v1 as pb;

use crate::api::http::Gateway;
use crate::api::http::error::ApiError;
use crate::api::http::extract::{Body, Caller, Name, OptionalBody};
use crate::api::http::json::{PauseBody, Queue, QueueEnvelope, QueueList, WeightBody};
use crate::api::http::routes::Answer;

pub(super) async fn list_queues(State(gw): State<Gateway>, c: Caller) -> Answer<QueueList> {
    let r = gw
        .backend()
        .list_queues(&c.0, pb::ListQueuesRequest {})
        .await?;
    Ok(Json(QueueList {
        queues: r.queues.into_iter().map(Queue::from).collect(),
    }))
}

pub(super) async fn get_queue(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Answer<QueueEnvelope> {
    let r = gw
        .backend()
        .get_queue(&c.0, pb::GetQueueRequest { name })
        .await?;
    Ok(Json(QueueEnvelope::of(r.queue)))
}

pub(super) async fn set_weight(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
    Body(body): Body<WeightBody>,
) -> Answer<QueueEnvelope> {
    let weight = i32::try_from(body.weight).map_err(|_| {
        ApiError::bad_request(
            "invalid_weight",
            format!("weight {} is out of range; use 1 to 10000", body.weight),
        )
    })?;
    let r = gw
        .backend()
        .update_queue_weight(&c.0, pb::UpdateQueueWeightRequest { name, weight })
        .await?;
    Ok(Json(QueueEnvelope::of(r.queue)))
}

pub(super) async fn reset_weight(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Answer<QueueEnvelope> {
    let r = gw
        .backend()
        .reset_queue_weight(&c.0, pb::ResetQueueWeightRequest { name })
        .await?;
    Ok(Json(QueueEnvelope::of(r.queue)))
}

pub(super) async fn pause_queue(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
    OptionalBody(body): OptionalBody<PauseBody>,
) -> Answer<QueueEnvelope> {
    let r = gw
        .backend()
        .pause_queue(
            &c.0,
            pb::PauseQueueRequest {
                name,
                paused: body.paused.unwrap_or(true),
            },
        )
        .await?;
    Ok(Json(QueueEnvelope::of(r.queue)))
}
