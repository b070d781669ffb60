//! Every route under `/admin/v1`: its handler and what the OpenAPI document says of it, in one
//! table, so the router and the document cannot disagree.

use std::collections::VecDeque;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, post};
use base64::Engine as _;
use futures::StreamExt;
use worker_proto::v1 as pb;

use crate::api::auth::{self, Op};
use crate::api::http::Gateway;
use crate::api::http::error::ApiError;
use crate::api::http::extract::{Body, Caller, Name, OptionalBody, Params};
use crate::api::http::json::*;

/// What a route returns on success, for the document.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Reply {
    /// A JSON body with this component schema.
    Json(&'static str),
    /// A server-sent event stream.
    Events,
    /// The metrics, as JSON or Prometheus text.
    Metrics,
    /// A file download (JSON lines, JSON or CSV).
    Export,
    /// The OpenAPI document itself.
    Document,
    /// Always 501 until schedules and jobs exist.
    Unavailable,
}

/// One route: method, path (with `{param}`s), documentation and handler.
pub(crate) struct Route {
    pub(crate) method: Method,
    pub(crate) path: &'static str,
    pub(crate) summary: &'static str,
    pub(crate) tag: &'static str,
    /// Query parameters: name, JSON type (`integer` or `string`), description.
    pub(crate) query: &'static [(&'static str, &'static str, &'static str)],
    /// The request body's schema, and whether the body may be empty.
    pub(crate) body: Option<(&'static str, bool)>,
    pub(crate) reply: Reply,
    pub(crate) handler: MethodRouter<Gateway>,
}

type Answer<T> = Result<Json<T>, ApiError>;

/// Checks a route served without an RPC against the same permission table.
fn allow(op: Op, caller: &Caller) -> Result<(), ApiError> {
    auth::authorize(
        op,
        &caller.0.identity,
        None,
        &auth::ApprovalPolicy::default(),
    )
    .map_err(|refusal| {
        ApiError::new(
            StatusCode::FORBIDDEN,
            refusal.reason(),
            refusal.message(op, &caller.0.identity),
        )
    })
}

fn unavailable(what: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_IMPLEMENTED,
        "feature_unavailable",
        format!("{what} is part of schedules and jobs, which this server does not offer yet"),
    )
}

async fn health(State(gw): State<Gateway>, c: Caller) -> Answer<Health> {
    Ok(Json(
        gw.backend()
            .get_health(&c.0, pb::GetHealthRequest {})
            .await?
            .into(),
    ))
}

async fn overview(State(gw): State<Gateway>, c: Caller) -> Answer<Overview> {
    Ok(Json(
        gw.backend()
            .get_overview(&c.0, pb::GetOverviewRequest {})
            .await?
            .into(),
    ))
}

async fn list_queues(State(gw): State<Gateway>, c: Caller) -> Answer<QueueList> {
    let r = gw
        .backend()
        .list_queues(&c.0, pb::ListQueuesRequest {})
        .await?;
    Ok(Json(QueueList {
        queues: r.queues.into_iter().map(Queue::from).collect(),
    }))
}

async fn get_queue(
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

async fn set_weight(
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

async fn reset_weight(
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

async fn pause_queue(
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

// Schedules and jobs: forwarded, so permissions and audit apply; the server answers 501.

async fn list_schedules(State(gw): State<Gateway>, c: Caller) -> Result<Json<()>, ApiError> {
    gw.backend()
        .list_schedules(&c.0, pb::ListSchedulesRequest {})
        .await?;
    Ok(Json(()))
}

async fn create_schedule(
    State(gw): State<Gateway>,
    c: Caller,
    OptionalBody(_): OptionalBody<serde_json::Value>,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .create_schedule(&c.0, pb::CreateScheduleRequest::default())
        .await?;
    Ok(Json(()))
}

async fn delete_schedule(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .delete_schedule(&c.0, pb::DeleteScheduleRequest { name })
        .await?;
    Ok(Json(()))
}

async fn pause_schedule(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
    OptionalBody(body): OptionalBody<PauseBody>,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .pause_schedule(
            &c.0,
            pb::PauseScheduleRequest {
                name,
                paused: body.paused.unwrap_or(true),
            },
        )
        .await?;
    Ok(Json(()))
}

async fn run_schedule(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .run_schedule(&c.0, pb::RunScheduleRequest { name })
        .await?;
    Ok(Json(()))
}

async fn pause_schedules(
    State(gw): State<Gateway>,
    c: Caller,
    OptionalBody(body): OptionalBody<PauseBody>,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .pause_schedules(
            &c.0,
            pb::PauseSchedulesRequest {
                paused: body.paused.unwrap_or(true),
            },
        )
        .await?;
    Ok(Json(()))
}

async fn schedule_factories(State(gw): State<Gateway>, c: Caller) -> Result<Json<()>, ApiError> {
    gw.backend()
        .list_schedule_factories(&c.0, pb::ListScheduleFactoriesRequest {})
        .await?;
    Ok(Json(()))
}

async fn schedule_events(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .list_schedule_events(
            &c.0,
            pb::ListScheduleEventsRequest {
                name: p.text("name"),
                limit: p.positive("limit", 200).min(i64::from(i32::MAX)) as i32,
            },
        )
        .await?;
    Ok(Json(()))
}

async fn list_jobs(State(gw): State<Gateway>, c: Caller) -> Result<Json<()>, ApiError> {
    gw.backend().list_jobs(&c.0, pb::ListJobsRequest {}).await?;
    Ok(Json(()))
}

async fn upsert_job(
    State(gw): State<Gateway>,
    c: Caller,
    OptionalBody(_): OptionalBody<serde_json::Value>,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .upsert_job(&c.0, pb::UpsertJobRequest::default())
        .await?;
    Ok(Json(()))
}

async fn get_job(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .get_job(&c.0, pb::GetJobRequest { name })
        .await?;
    Ok(Json(()))
}

async fn delete_job(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .delete_job(&c.0, pb::DeleteJobRequest { name })
        .await?;
    Ok(Json(()))
}

async fn run_job(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Result<Json<()>, ApiError> {
    gw.backend()
        .run_job(&c.0, pb::RunJobRequest { name })
        .await?;
    Ok(Json(()))
}

async fn job_events(State(gw): State<Gateway>, c: Caller, p: Params) -> Result<Json<()>, ApiError> {
    gw.backend()
        .list_job_events(
            &c.0,
            pb::ListJobEventsRequest {
                name: p.text("name"),
                limit: p.positive("limit", 200).min(i64::from(i32::MAX)) as i32,
            },
        )
        .await?;
    Ok(Json(()))
}

async fn artifact(c: Caller, Name(_): Name) -> Result<Json<()>, ApiError> {
    allow(Op::GetJob, &c)?;
    Err(unavailable("Job artifacts"))
}

async fn list_dlq(State(gw): State<Gateway>, c: Caller, p: Params) -> Answer<DlqList> {
    let r = gw
        .backend()
        .list_dlq(
            &c.0,
            pb::ListDlqRequest {
                // The gateway's default page is 200, as in the reference.
                limit: p.positive("limit", 200).min(1_000) as i32,
                offset: p.offset("offset").min(i64::from(i32::MAX)) as i32,
                queue: p.text("queue"),
                handler: p.text("handler"),
                query: p.text("query"),
            },
        )
        .await?;
    Ok(Json(DlqList {
        entries: r.entries.into_iter().map(DlqEntry::from).collect(),
        total: r.total,
    }))
}

async fn get_dlq_entry(
    State(gw): State<Gateway>,
    c: Caller,
    Name(id): Name,
) -> Answer<DlqEntryEnvelope> {
    let r = gw
        .backend()
        .get_dlq_entry(&c.0, pb::GetDlqEntryRequest { id })
        .await?;
    Ok(Json(r.entry.unwrap_or_default().into()))
}

async fn replay_dlq(
    State(gw): State<Gateway>,
    c: Caller,
    OptionalBody(body): OptionalBody<ReplayBody>,
) -> Answer<Moved> {
    let limit = body
        .limit
        .and_then(|v| v.as_i64())
        .filter(|n| *n > 0)
        .unwrap_or(100)
        .min(i64::from(i32::MAX)) as i32;
    let r = gw
        .backend()
        .replay_dlq(&c.0, pb::ReplayDlqRequest { limit })
        .await?;
    Ok(Json(Moved {
        moved: r.moved,
        ids: r.ids,
    }))
}

async fn replay_dlq_ids(
    State(gw): State<Gateway>,
    c: Caller,
    Body(body): Body<ReplayIdsBody>,
) -> Answer<ReplayIdsResult> {
    let r = gw
        .backend()
        .replay_dlq_by_id(&c.0, pb::ReplayDlqByIdRequest { ids: body.ids })
        .await?;
    Ok(Json(r.into()))
}

async fn pause_dequeue(State(gw): State<Gateway>, c: Caller) -> Answer<Paused> {
    let r = gw
        .backend()
        .pause_dequeue(&c.0, pb::PauseDequeueRequest {})
        .await?;
    Ok(Json(Paused { paused: r.paused }))
}

async fn resume_dequeue(State(gw): State<Gateway>, c: Caller) -> Answer<Paused> {
    let r = gw
        .backend()
        .resume_dequeue(&c.0, pb::ResumeDequeueRequest {})
        .await?;
    Ok(Json(Paused { paused: r.paused }))
}

fn time_param(p: &Params, key: &str) -> i64 {
    p.0.get(key)
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(0)
}

async fn list_audit(State(gw): State<Gateway>, c: Caller, p: Params) -> Answer<AuditList> {
    let r = gw
        .backend()
        .list_audit_events(
            &c.0,
            pb::ListAuditEventsRequest {
                action: p.text("action"),
                target: p.text("target"),
                // The gateway's default page is 500, as in the reference.
                limit: p.positive("limit", 500).min(1_000) as i32,
                actor: p.text("actor"),
                since_ms: time_param(&p, "since"),
                until_ms: time_param(&p, "until"),
                cursor: p.text("cursor"),
            },
        )
        .await?;
    Ok(Json(AuditList {
        events: r.events.into_iter().map(Audit::from).collect(),
        next_cursor: r.next_cursor,
    }))
}

/// The newest `limit` matching entries (500 by default, capped at the export maximum), oldest
/// first, as a download.
async fn export_audit(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Result<Response, ApiError> {
    let format = match p.text("format").as_str() {
        "" | "jsonl" => "jsonl",
        "json" => "json",
        "csv" => "csv",
        other => {
            return Err(ApiError::bad_request(
                "invalid_format",
                format!("format {other:?} is unknown; use jsonl, json or csv"),
            ));
        }
    };
    let limit = p
        .positive("limit", 500)
        .min(i64::from(gw.export_limit_max())) as usize;
    let mut stream = gw
        .backend()
        .export_audit_events(
            &c.0,
            pb::ExportAuditEventsRequest {
                action: p.text("action"),
                target: p.text("target"),
                actor: p.text("actor"),
                since_ms: time_param(&p, "since"),
                until_ms: time_param(&p, "until"),
                limit: 0,
            },
        )
        .await?;
    let mut kept: VecDeque<pb::AuditEvent> = VecDeque::with_capacity(limit.min(10_000));
    while let Some(event) = stream.next().await {
        if kept.len() == limit {
            kept.pop_front();
        }
        kept.push_back(event?);
    }
    let (content_type, body) = match format {
        "json" => {
            let events: Vec<Audit> = kept.into_iter().map(Audit::from).collect();
            (
                "application/json",
                serde_json::to_vec(&serde_json::json!({ "events": events })).unwrap_or_default(),
            )
        }
        "csv" => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let fail = |e: csv::Error| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
            };
            w.write_record(worker_proto::audit::CSV_HEADER)
                .map_err(fail)?;
            for event in &kept {
                w.write_record(worker_proto::audit::csv_row(event))
                    .map_err(fail)?;
            }
            ("text/csv", w.into_inner().unwrap_or_default())
        }
        _ => {
            let mut out = Vec::new();
            for event in kept {
                out.extend(serde_json::to_vec(&Audit::from(event)).unwrap_or_default());
                out.push(b'\n');
            }
            ("application/x-ndjson", out)
        }
    };
    let now_s = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"admin-audit-{now_s}.{format}\""
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok((headers, body).into_response())
}

async fn metrics_route(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Result<Response, ApiError> {
    match p.text("format").as_str() {
        "" | "json" => {
            allow(Op::GetOverview, &c)?;
            Ok(Json(crate::telemetry::metrics().json()).into_response())
        }
        "prom" | "prometheus" | "text" => prometheus(State(gw), c).await,
        other => Err(ApiError::bad_request(
            "invalid_format",
            format!("format {other:?} is unknown; use json or prometheus"),
        )),
    }
}

async fn prometheus(State(gw): State<Gateway>, c: Caller) -> Result<Response, ApiError> {
    let overview = gw
        .backend()
        .get_overview(&c.0, pb::GetOverviewRequest {})
        .await?;
    let queues: Vec<crate::telemetry::QueueGauge> = overview
        .queues
        .iter()
        .map(|q| crate::telemetry::QueueGauge {
            name: q.name.clone(),
            states: [
                ("ready", q.ready),
                ("scheduled", q.scheduled),
                ("running", q.processing),
                ("retrying", q.retrying),
                ("dead", q.dead),
                ("succeeded", q.succeeded),
            ],
            latency_ms: q.latency_ms,
        })
        .collect();
    let mut text = crate::telemetry::metrics().prometheus_text();
    text.push_str(&crate::telemetry::queue_gauges_text(&queues));
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response())
}

async fn list_tasks(State(gw): State<Gateway>, c: Caller, p: Params) -> Answer<TaskList> {
    let r = gw
        .backend()
        .list_tasks(
            &c.0,
            pb::ListTasksRequest {
                queue: p.text("queue"),
                state: p.text("state"),
                handler: p.text("handler"),
                limit: p.positive("limit", 100).min(1_000) as i32,
                offset: p.offset("offset"),
            },
        )
        .await?;
    Ok(Json(TaskList {
        tasks: r.tasks.into_iter().map(Task::from).collect(),
        total: r.total,
    }))
}

async fn get_task(State(gw): State<Gateway>, c: Caller, Name(id): Name) -> Answer<TaskDetail> {
    Ok(Json(
        gw.backend()
            .get_task(&c.0, pb::GetTaskRequest { id })
            .await?
            .into(),
    ))
}

async fn cancel_task(State(gw): State<Gateway>, c: Caller, Name(id): Name) -> Answer<CancelResult> {
    Ok(Json(
        gw.backend()
            .cancel_task(&c.0, pb::CancelTaskRequest { id })
            .await?
            .into(),
    ))
}

async fn retry_task(State(gw): State<Gateway>, c: Caller, Name(id): Name) -> Answer<RetryResult> {
    Ok(Json(
        gw.backend()
            .retry_task(&c.0, pb::RetryTaskRequest { id })
            .await?
            .into(),
    ))
}

async fn enqueue(
    State(gw): State<Gateway>,
    c: Caller,
    Body(body): Body<EnqueueBody>,
) -> Answer<Enqueued> {
    let payload = match (body.payload, body.payload_base64) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "invalid_body",
                "give payload or payloadBase64, not both",
            ));
        }
        (Some(text), None) => text.into_bytes(),
        (None, Some(b64)) => base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .map_err(|e| {
                ApiError::bad_request("invalid_body", format!("payloadBase64 is not base64: {e}"))
            })?,
        (None, None) => Vec::new(),
    };
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

async fn list_workers(State(gw): State<Gateway>, c: Caller) -> Answer<WorkerList> {
    let r = gw
        .backend()
        .list_workers(&c.0, pb::ListWorkersRequest {})
        .await?;
    Ok(Json(WorkerList {
        workers: r.workers.into_iter().map(Worker::from).collect(),
    }))
}

async fn get_worker(State(gw): State<Gateway>, c: Caller, Name(id): Name) -> Answer<WorkerDetail> {
    let r = gw
        .backend()
        .get_worker(&c.0, pb::GetWorkerRequest { id })
        .await?;
    Ok(Json(WorkerDetail {
        worker: Worker::from(r.worker.unwrap_or_default()),
        running: r.running.into_iter().map(Task::from).collect(),
    }))
}

async fn recycle_worker(
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

async fn stuck(State(gw): State<Gateway>, c: Caller, p: Params) -> Answer<StuckHistory> {
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

async fn openapi(c: Caller) -> Result<Response, ApiError> {
    allow(Op::GetHealth, &c)?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        crate::api::http::openapi::document_json(),
    )
        .into_response())
}

const LIST: &[(&str, &str, &str)] = &[];
const DLQ_QUERY: &[(&str, &str, &str)] = &[
    (
        "limit",
        "integer",
        "Entries per page (default 200, at most 1000).",
    ),
    ("offset", "integer", "Entries to skip."),
    ("queue", "string", "Only this queue."),
    ("handler", "string", "Only this handler."),
    (
        "query",
        "string",
        "Case-insensitive text in the id, the handler or the last error.",
    ),
];
const AUDIT_QUERY: &[(&str, &str, &str)] = &[
    ("limit", "integer", "Entries (default 500)."),
    ("action", "string", "Only this action, like queue.pause."),
    ("target", "string", "Only this target."),
    ("actor", "string", "Only this caller (certificate CN)."),
    (
        "since",
        "integer",
        "At or after this Unix time in milliseconds.",
    ),
    ("until", "integer", "Before this Unix time in milliseconds."),
    ("cursor", "string", "The previous page's nextCursor."),
];
const EXPORT_QUERY: &[(&str, &str, &str)] = &[
    ("format", "string", "jsonl (default), json or csv."),
    (
        "limit",
        "integer",
        "The newest N entries (default 500, capped by the server).",
    ),
    ("action", "string", "Only this action."),
    ("target", "string", "Only this target."),
    ("actor", "string", "Only this caller."),
    (
        "since",
        "integer",
        "At or after this Unix time in milliseconds.",
    ),
    ("until", "integer", "Before this Unix time in milliseconds."),
];
const EVENTS_QUERY: &[(&str, &str, &str)] = &[
    (
        "lastEventId",
        "string",
        "Resume exactly after this event (or send Last-Event-ID).",
    ),
    ("kind", "string", "Only these kinds, comma-separated."),
    (
        "queue",
        "string",
        "Only events about these queues, comma-separated.",
    ),
];
const NAME_LIMIT_QUERY: &[(&str, &str, &str)] = &[
    ("name", "string", "Only this name."),
    ("limit", "integer", "Events (default 200)."),
];
const TASK_QUERY: &[(&str, &str, &str)] = &[
    ("queue", "string", "Only this queue."),
    (
        "state",
        "string",
        "pending, scheduled, running, retrying, succeeded, dead or cancelled.",
    ),
    ("handler", "string", "Only this handler."),
    (
        "limit",
        "integer",
        "Tasks per page (default 100, at most 1000).",
    ),
    ("offset", "integer", "Tasks to skip."),
];
const STUCK_QUERY: &[(&str, &str, &str)] = &[
    ("hours", "integer", "The window (default 24)."),
    ("handler", "string", "Only this handler."),
];
const METRICS_QUERY: &[(&str, &str, &str)] =
    &[("format", "string", "json (default) or prometheus.")];

macro_rules! route {
    ($method:ident $path:literal, $tag:literal, $summary:literal, $handler:expr, $reply:expr) => {
        route!($method $path, $tag, $summary, $handler, $reply, LIST, None)
    };
    ($method:ident $path:literal, $tag:literal, $summary:literal, $handler:expr, $reply:expr, $query:expr, $body:expr) => {
        Route {
            method: route!(@method $method),
            path: $path,
            summary: $summary,
            tag: $tag,
            query: $query,
            body: $body,
            reply: $reply,
            handler: route!(@router $method, $handler),
        }
    };
    (@method GET) => { Method::GET };
    (@method POST) => { Method::POST };
    (@method DELETE) => { Method::DELETE };
    (@router GET, $h:expr) => { get($h) };
    (@router POST, $h:expr) => { post($h) };
    (@router DELETE, $h:expr) => { delete($h) };
}

/// Every route of the gateway, relative to `/admin/v1`.
pub(crate) fn routes() -> Vec<Route> {
    use Reply::*;
    vec![
        route!(GET "/health", "system", "Health and build", health, Json("Health")),
        route!(GET "/overview", "system", "Counts, coordination and throughput", overview, Json("Overview")),
        route!(GET "/queues", "queues", "List queues", list_queues, Json("QueueList")),
        route!(GET "/queues/{name}", "queues", "Get a queue", get_queue, Json("QueueEnvelope")),
        route!(POST "/queues/{name}/weight", "queues", "Set a queue's weight", set_weight, Json("QueueEnvelope"), LIST, Some(("WeightBody", false))),
        route!(DELETE "/queues/{name}/weight", "queues", "Reset a queue's weight", reset_weight, Json("QueueEnvelope")),
        route!(POST "/queues/{name}/pause", "queues", "Pause or resume a queue (empty body pauses)", pause_queue, Json("QueueEnvelope"), LIST, Some(("PauseBody", true))),
        route!(GET "/schedules", "schedules", "List schedules", list_schedules, Unavailable),
        route!(POST "/schedules", "schedules", "Create a schedule", create_schedule, Unavailable, LIST, Some(("AnyBody", true))),
        route!(DELETE "/schedules/{name}", "schedules", "Delete a schedule", delete_schedule, Unavailable),
        route!(POST "/schedules/{name}/pause", "schedules", "Pause or resume a schedule", pause_schedule, Unavailable, LIST, Some(("PauseBody", true))),
        route!(POST "/schedules/{name}/run", "schedules", "Run a schedule now", run_schedule, Unavailable),
        route!(POST "/schedules/pause", "schedules", "Pause or resume every schedule", pause_schedules, Unavailable, LIST, Some(("PauseBody", true))),
        route!(GET "/schedules/factories", "schedules", "List schedule factories", schedule_factories, Unavailable),
        route!(GET "/schedules/events", "schedules", "Schedule events", schedule_events, Unavailable, NAME_LIMIT_QUERY, None),
        route!(GET "/jobs", "jobs", "List jobs", list_jobs, Unavailable),
        route!(POST "/jobs", "jobs", "Create or update a job", upsert_job, Unavailable, LIST, Some(("AnyBody", true))),
        route!(GET "/jobs/{name}", "jobs", "Get a job", get_job, Unavailable),
        route!(DELETE "/jobs/{name}", "jobs", "Delete a job", delete_job, Unavailable),
        route!(POST "/jobs/{name}/run", "jobs", "Run a job now", run_job, Unavailable),
        route!(GET "/jobs/{name}/artifact/meta", "jobs", "A job's artifact metadata", artifact, Unavailable),
        route!(GET "/jobs/{name}/artifact", "jobs", "Download a job's artifact", artifact, Unavailable),
        route!(GET "/jobs/events", "jobs", "Job events", job_events, Unavailable, NAME_LIMIT_QUERY, None),
        route!(GET "/dlq", "dlq", "List DLQ entries, newest first", list_dlq, Json("DlqList"), DLQ_QUERY, None),
        route!(GET "/dlq/{id}", "dlq", "Get a DLQ entry with its error history", get_dlq_entry, Json("DlqEntryEnvelope")),
        route!(POST "/dlq/replay", "dlq", "Replay the oldest entries", replay_dlq, Json("Moved"), LIST, Some(("ReplayBody", true))),
        route!(POST "/dlq/replay/ids", "dlq", "Replay entries by id", replay_dlq_ids, Json("ReplayIdsResult"), LIST, Some(("ReplayIdsBody", false))),
        route!(POST "/pause", "system", "Pause dequeue everywhere", pause_dequeue, Json("Paused")),
        route!(POST "/resume", "system", "Resume dequeue", resume_dequeue, Json("Paused")),
        route!(GET "/audit", "audit", "Audit entries, newest first", list_audit, Json("AuditList"), AUDIT_QUERY, None),
        route!(GET "/audit/export", "audit", "Download audit entries", export_audit, Export, EXPORT_QUERY, None),
        route!(GET "/metrics", "system", "Metrics as JSON (or Prometheus text with format=prometheus)", metrics_route, Metrics, METRICS_QUERY, None),
        route!(GET "/metrics/prometheus", "system", "Metrics in the Prometheus text format", prometheus, Metrics),
        route!(GET "/events", "events", "Live events (server-sent events)", crate::api::http::sse::events, Events, EVENTS_QUERY, None),
        route!(GET "/tasks", "tasks", "List tasks, newest first", list_tasks, Json("TaskList"), TASK_QUERY, None),
        route!(POST "/tasks", "tasks", "Enqueue a task", enqueue, Json("Enqueued"), LIST, Some(("EnqueueBody", false))),
        route!(GET "/tasks/{id}", "tasks", "Get a task with its error history", get_task, Json("TaskDetail")),
        route!(POST "/tasks/{id}/cancel", "tasks", "Cancel a task", cancel_task, Json("CancelResult")),
        route!(POST "/tasks/{id}/retry", "tasks", "Run a task again", retry_task, Json("RetryResult")),
        route!(GET "/workers", "workers", "List workers", list_workers, Json("WorkerList")),
        route!(GET "/workers/{id}", "workers", "Get a worker with its running tasks", get_worker, Json("WorkerDetail")),
        route!(POST "/workers/{id}/recycle", "workers", "Drain a worker and restart its loop", recycle_worker, Json("WorkerEnvelope"), LIST, Some(("RecycleBody", true))),
        route!(GET "/stuck", "workers", "Stuck tasks by handler over a window", stuck, Json("StuckHistory"), STUCK_QUERY, None),
        route!(GET "/openapi.json", "system", "This document", openapi, Document),
    ]
}
