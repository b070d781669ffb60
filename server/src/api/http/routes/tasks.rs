//! Task routes: list, inspect, cancel and retry tasks, and enqueue new ones.

use axum::Json;
use axum::extract::State;
use worker_proto::v1 as pb;

use crate::api::http::Gateway;
use crate::api::http::extract::{Body, Caller, Name, Params};
use crate::api::http::json::{
    CancelResult, EnqueueBody, Enqueued, FilterFields, RetryResult, Task, TaskDetail, TaskList,
    filter_of,
};
use crate::api::http::routes::{Answer, ListingFields};

pub(super) const TASK_QUERY: &[(&str, &str, &str)] = &[
    ("queue", "string", "Only this queue."),
    (
        "state",
        "string",
        "pending, scheduled, running, retrying, succeeded, dead or cancelled.",
    ),
    ("handler", "string", "Only this handler."),
    (
        "query",
        "string",
        "Case-insensitive text in the id, the handler or the last error.",
    ),
    (
        "fingerprint",
        "string",
        "Only dead tasks whose error has this fingerprint (see /dlq/groups).",
    ),
    (
        "filter",
        "string",
        "The whole filter as text, as workerctl's --filter and the bulk routes take it: queue:, handler:, state:, fp:, older: and free text (not with the separate filter parameters).",
    ),
    (
        "older_than",
        "string",
        "Only tasks created at least this long ago: 90s, 2h, 7d.",
    ),
    (
        "limit",
        "integer",
        "Tasks per page (default 100, at most 1000).",
    ),
    ("offset", "integer", "Tasks to skip."),
];

pub(super) async fn list_tasks(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Answer<TaskList> {
    let fields = ListingFields::new(&p);
    let filter = filter_of(
        &p.text("filter"),
        FilterFields {
            queue: &fields.for_filter("queue"),
            handler: &fields.for_filter("handler"),
            state: &fields.for_filter("state"),
            query: &p.text("query"),
            fingerprint: &p.text("fingerprint"),
            older_than: &p.text("older_than"),
        },
    )?;
    let r = gw
        .backend()
        .list_tasks(
            &c.0,
            pb::ListTasksRequest {
                queue: fields.for_request("queue"),
                state: fields.for_request("state"),
                handler: fields.for_request("handler"),
                filter: Some(filter.to_message()),
                limit: p.limit("limit", 100)?.min(1_000) as i32,
                offset: p.offset("offset")?,
            },
        )
        .await?;
    Ok(Json(TaskList {
        tasks: r.tasks.into_iter().map(Task::from).collect(),
        total: r.total,
    }))
}

pub(super) async fn get_task(
    State(gw): State<Gateway>,
    c: Caller,
    Name(id): Name,
) -> Answer<TaskDetail> {
    Ok(Json(
        gw.backend()
            .get_task(&c.0, pb::GetTaskRequest { id })
            .await?
            .into(),
    ))
}

pub(super) async fn cancel_task(
    State(gw): State<Gateway>,
    c: Caller,
    Name(id): Name,
) -> Answer<CancelResult> {
    Ok(Json(
        gw.backend()
            .cancel_task(&c.0, pb::CancelTaskRequest { id })
            .await?
            .into(),
    ))
}

pub(super) async fn retry_task(
    State(gw): State<Gateway>,
    c: Caller,
    Name(id): Name,
) -> Answer<RetryResult> {
    Ok(Json(
        gw.backend()
            .retry_task(&c.0, pb::RetryTaskRequest { id })
            .await?
            .into(),
    ))
}

pub(super) async fn enqueue(
    State(gw): State<Gateway>,
    c: Caller,
    Body(body): Body<EnqueueBody>,
) -> Answer<Enqueued> {
    let payload = super::payload(body.payload, body.payload_base64)?;
    let r = gw
        .backend()
        .enqueue(
            &c.0,
            pb::EnqueueRequest {
                task: Some(pb::TaskSpec {
                    handler: body.handler,
                    queue: body.queue,
                    payload,
                    priority: body.priority,
                    max_retries: body.max_retries,
                    timeout_ms: body.timeout_ms,
                    run_at_ms: body.run_at_ms,
                    idempotency_key: body.idempotency_key,
                    metadata: body.metadata,
                }),
            },
        )
        .await?;
    Ok(Json(Enqueued {
        id: r.id,
        deduplicated: r.deduplicated,
    }))
}
