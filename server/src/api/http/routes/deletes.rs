//! Removing things: tasks and DLQ entries by id or filter, one DLQ entry, a queue.

use axum::Json;
use axum::extract::State;
use worker_proto::v1 as pb;

use crate::api::http::Gateway;
use crate::api::http::error::ApiError;
use crate::api::http::extract::{Body, Caller, Name, Params};
use crate::api::http::json::{DeleteDlqBody, DeleteOutcome, DeleteTasksBody, QueueDeleted};
use crate::api::http::routes::Answer;
use crate::engine::model::truncate_for_message;

pub(super) const QUEUE_DELETE_QUERY: &[(&str, &str, &str)] = &[
    (
        "force",
        "string",
        "true: delete the queue's tasks with it (refused while any runs).",
    ),
    (
        "dryRun",
        "string",
        "true: say what would go; change nothing.",
    ),
];

/// A destructive route's switches: only the documented keys, each `true`/`false` (or `1`/`0`)
/// or absent, so a misspelt `dry_run=true` or `force=maybe` is refused instead of being read as
/// "no dry run".
fn flags<const N: usize>(p: &Params, keys: [&str; N]) -> Result<[bool; N], ApiError> {
    if let Some(unknown) = p.0.keys().find(|k| !keys.contains(&k.as_str())) {
        return Err(ApiError::bad_request(
            "invalid_parameter",
            format!(
                "unknown query parameter {:?}; this route takes {}",
                truncate_for_message(unknown),
                keys.join(", ")
            ),
        ));
    }
    let mut out = [false; N];
    for (slot, key) in out.iter_mut().zip(keys) {
        *slot = match p.text(key).to_ascii_lowercase().as_str() {
            "" | "false" | "0" => false,
            "true" | "1" => true,
            other => {
                return Err(ApiError::bad_request(
                    "invalid_parameter",
                    format!(
                        "{key} is {:?}; use true or false",
                        truncate_for_message(other)
                    ),
                ));
            }
        };
    }
    Ok(out)
}

pub(super) async fn delete_tasks(
    State(gw): State<Gateway>,
    c: Caller,
    Body(b): Body<DeleteTasksBody>,
) -> Answer<DeleteOutcome> {
    let r = gw
        .backend()
        .delete_tasks(
            &c.0,
            pb::DeleteTasksRequest {
                ids: b.ids,
                queue: b.queue,
                state: b.state,
                handler: b.handler,
                limit: b.limit,
                all: b.all,
                dry_run: b.dry_run,
            },
        )
        .await?;
    Ok(Json(r.into()))
}

pub(super) async fn delete_dlq(
    State(gw): State<Gateway>,
    c: Caller,
    Body(b): Body<DeleteDlqBody>,
) -> Answer<DeleteOutcome> {
    let r = gw
        .backend()
        .delete_dlq(
            &c.0,
            pb::DeleteDlqRequest {
                ids: b.ids,
                queue: b.queue,
                handler: b.handler,
                query: b.query,
                fingerprint: b.fingerprint,
                limit: b.limit,
                all: b.all,
                dry_run: b.dry_run,
            },
        )
        .await?;
    Ok(Json(r.into()))
}

pub(super) async fn delete_dlq_entry(
    State(gw): State<Gateway>,
    c: Caller,
    Name(id): Name,
) -> Answer<DeleteOutcome> {
    let r = gw
        .backend()
        .delete_dlq(
            &c.0,
            pb::DeleteDlqRequest {
                ids: vec![id],
                ..Default::default()
            },
        )
        .await?;
    Ok(Json(r.into()))
}

pub(super) async fn delete_queue(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
    p: Params,
) -> Answer<QueueDeleted> {
    delete_queue_named(gw, c, name, p).await
}

/// `DELETE /queues/history`: the queue named `history`, whose path the (deprecated) history
/// route's fixed segment takes from `/queues/{name}`.
pub(super) async fn delete_queue_history(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Answer<QueueDeleted> {
    delete_queue_named(gw, c, "history".into(), p).await
}

async fn delete_queue_named(
    gw: Gateway,
    c: Caller,
    name: String,
    p: Params,
) -> Answer<QueueDeleted> {
    let [force, dry_run] = flags(&p, ["force", "dryRun"])?;
    let r = gw
        .backend()
        .delete_queue(
            &c.0,
            pb::DeleteQueueRequest {
                name,
                force,
                dry_run,
            },
        )
        .await?;
    Ok(Json(r.into()))
}
