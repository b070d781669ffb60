//! Removing things: tasks and DLQ entries by id or filter, one DLQ entry, a queue.

use axum::Json;
use axum::extract::State;
use worker_proto::v1 as pb;

use crate::api::http::Gateway;
use crate::api::http::extract::{Body, Caller, Name, Params};
use crate::api::http::json::{DeleteDlqBody, DeleteOutcome, DeleteTasksBody, QueueDeleted};
use crate::api::http::routes::Answer;

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

fn flag(p: &Params, key: &str) -> bool {
    matches!(
        p.text(key).to_ascii_lowercase().as_str(),
        "true" | "1" | "yes"
    )
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
    let r = gw
        .backend()
        .delete_queue(
            &c.0,
            pb::DeleteQueueRequest {
                name,
                force: flag(&p, "force"),
                dry_run: flag(&p, "dryRun"),
            },
        )
        .await?;
    Ok(Json(r.into()))
}
