//! Every route under `/admin/v1`: its handler and what the OpenAPI document says of it, in one
//! table, so the router and the document cannot disagree. The handlers live by domain in the
//! submodules; what several of them share is here.

mod artifact;
mod audit;
mod bulk;
mod deletes;
mod dlq;
mod history;
mod jobs;
mod queues;
mod schedules;
mod system;
mod tasks;
mod workers;

use axum::Json;
use axum::http::Method;
use axum::routing::{MethodRouter, delete, get, post};

use crate::api::auth::{self, Op};
use crate::api::grpc::status;
use crate::api::http::Gateway;
use crate::api::http::error::ApiError;
use crate::api::http::extract::{Caller, Params};
use crate::api::http::sse;

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
    /// A job's artifact: a redirect to its URL, or its file (ranges allowed).
    Artifact,
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
/// A body's payload, given as text (`payload`) or as bytes (`payloadBase64`), never both.
fn payload(text: Option<String>, base64: Option<String>) -> Result<Vec<u8>, ApiError> {
    use base64::Engine as _;
    match (text, base64) {
        (Some(_), Some(_)) => Err(ApiError::bad_request(
            "invalid_body",
            "give payload or payloadBase64, not both",
        )),
        (Some(text), None) => Ok(text.into_bytes()),
        (None, Some(b64)) => base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .map_err(|e| {
                ApiError::bad_request("invalid_body", format!("payloadBase64 is not base64: {e}"))
            }),
        (None, None) => Ok(Vec::new()),
    }
}

fn allow(op: Op, caller: &Caller) -> Result<(), ApiError> {
    auth::authorize(
        op,
        &caller.0.identity,
        None,
        &auth::ApprovalPolicy::default(),
    )
    // Refused as the service refuses, so the envelope reads the same as for an RPC.
    .map_err(|refusal| ApiError::from(status::from_refusal(&refusal, op, &caller.0.identity)))
}

const LIST: &[(&str, &str, &str)] = &[];

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
        route!(GET "/health", "system", "Health and build", system::health, Json("Health")),
        route!(GET "/overview", "system", "Counts, coordination and throughput", system::overview, Json("Overview")),
        route!(GET "/queues", "queues", "List queues", queues::list_queues, Json("QueueList")),
        route!(GET "/queues/{name}", "queues", "Get a queue", queues::get_queue, Json("QueueEnvelope")),
        route!(POST "/queues/{name}/weight", "queues", "Set a queue's weight (registering a queue that does not exist yet)", queues::set_weight, Json("QueueEnvelope"), LIST, Some(("WeightBody", false))),
        route!(DELETE "/queues/{name}/weight", "queues", "Reset a queue's weight", queues::reset_weight, Json("QueueEnvelope")),
        route!(POST "/queues/{name}/pause", "queues", "Pause or resume a queue (empty body pauses)", queues::pause_queue, Json("QueueEnvelope"), LIST, Some(("PauseBody", true))),
        route!(GET "/schedules", "schedules", "List schedules", schedules::list_schedules, Json("ScheduleList")),
        route!(POST "/schedules", "schedules", "Create a schedule, or replace the one of that name", schedules::create_schedule, Json("ScheduleCreated"), LIST, Some(("CreateScheduleBody", false))),
        route!(GET "/schedules/{name}", "schedules", "Get a schedule with its newest events", schedules::get_schedule, Json("ScheduleDetail")),
        route!(DELETE "/schedules/{name}", "schedules", "Delete a schedule (its factory stays)", schedules::delete_schedule, Json("Deleted")),
        route!(POST "/schedules/{name}/pause", "schedules", "Pause or resume a schedule (empty body pauses)", schedules::pause_schedule, Json("ScheduleEnvelope"), LIST, Some(("PauseBody", true))),
        route!(POST "/schedules/{name}/run", "schedules", "Run a schedule now (capped per schedule and window)", schedules::run_schedule, Json("ScheduleRun")),
        route!(POST "/schedules/pause", "schedules", "Pause or resume every schedule (empty body pauses)", schedules::pause_schedules, Json("SchedulesPaused"), LIST, Some(("PauseBody", true))),
        route!(GET "/schedules/factories", "schedules", "List what schedules can run", schedules::schedule_factories, Json("ScheduleFactoryList")),
        route!(GET "/schedules/events", "schedules", "Schedule events, newest first", schedules::schedule_events, Json("ScheduleEventList"), schedules::EVENTS_QUERY, None),
        route!(GET "/jobs", "jobs", "List jobs (secret env redacted)", jobs::list_jobs, Json("JobList")),
        route!(POST "/jobs", "jobs", "Create or replace a job", jobs::upsert_job, Json("JobEnvelope"), LIST, Some(("JobBody", false))),
        route!(GET "/jobs/{name}", "jobs", "Get a job (secret env redacted)", jobs::get_job, Json("JobEnvelope")),
        route!(DELETE "/jobs/{name}", "jobs", "Delete a job (its runs and events stay)", jobs::delete_job, Json("Deleted")),
        route!(POST "/jobs/{name}/run", "jobs", "Run a job now", jobs::run_job, Json("JobRunStarted")),
        route!(GET "/jobs/{name}/runs", "jobs", "A job's runs, newest first", jobs::list_job_runs, Json("JobRunList"), jobs::JOB_RUNS_QUERY, None),
        route!(GET "/jobs/{name}/artifact/meta", "jobs", "A job's artifact metadata", artifact::artifact_meta, Json("ArtifactEnvelope")),
        route!(GET "/jobs/{name}/artifact", "jobs", "Download a job's artifact (a redirect for a URL, the file for a path)", artifact::artifact, Artifact),
        route!(GET "/jobs/events", "jobs", "Job events, newest first", jobs::job_events, Json("JobEventList"), jobs::EVENTS_QUERY, None),
        route!(GET "/jobs/runs", "jobs", "Job runs, newest first", jobs::list_runs, Json("JobRunList"), jobs::RUNS_QUERY, None),
        route!(GET "/jobs/runs/{id}", "jobs", "Get a job run", jobs::get_run, Json("JobRunEnvelope")),
        route!(POST "/jobs/runs/{id}/cancel", "jobs", "Cancel a job run", jobs::cancel_run, Json("JobRunCancelled")),
        route!(GET "/jobs/runs/{id}/logs", "jobs", "A job run's output as stored now", jobs::run_log, Json("JobLog"), jobs::LOG_QUERY, None),
        route!(GET "/jobs/runs/{id}/logs/follow", "jobs", "A job run's output, followed live until the run ends (server-sent events: log, then end)", jobs::follow_run_log, Events, jobs::LOG_QUERY, None),
        route!(GET "/dlq", "dlq", "List DLQ entries, newest first", dlq::list_dlq, Json("DlqList"), dlq::DLQ_QUERY, None),
        route!(GET "/dlq/groups", "dlq", "Dead tasks grouped by handler and error fingerprint, largest first", dlq::list_dlq_groups, Json("DlqGroupList"), dlq::GROUPS_QUERY, None),
        route!(GET "/dlq/{id}", "dlq", "Get a DLQ entry with its error history", dlq::get_dlq_entry, Json("DlqEntryEnvelope")),
        route!(POST "/dlq/replay", "dlq", "Replay the oldest entries", dlq::replay_dlq, Json("Moved"), LIST, Some(("ReplayBody", true))),
        route!(POST "/dlq/replay/ids", "dlq", "Replay entries by id", dlq::replay_dlq_ids, Json("ReplayIdsResult"), LIST, Some(("ReplayIdsBody", false))),
        route!(POST "/pause", "system", "Pause dequeue everywhere", system::pause_dequeue, Json("Paused")),
        route!(POST "/resume", "system", "Resume dequeue", system::resume_dequeue, Json("Paused")),
        route!(GET "/audit", "audit", "Audit entries, newest first", audit::list_audit, Json("AuditList"), audit::AUDIT_QUERY, None),
        route!(GET "/audit/verify", "audit", "Verify the audit hash chain (admin only)", audit::verify_audit, Json("AuditVerification")),
        route!(GET "/audit/export", "audit", "Download audit entries", audit::export_audit, Export, audit::EXPORT_QUERY, None),
        route!(GET "/metrics", "system", "Metrics as JSON (or Prometheus text with format=prometheus)", system::metrics_route, Metrics, system::METRICS_QUERY, None),
        route!(GET "/metrics/prometheus", "system", "Metrics in the Prometheus text format", system::prometheus, Metrics),
        route!(GET "/events", "events", "Live events (server-sent events)", sse::events, Events, sse::EVENTS_QUERY, None),
        route!(GET "/tasks", "tasks", "List tasks, newest first", tasks::list_tasks, Json("TaskList"), tasks::TASK_QUERY, None),
        route!(POST "/tasks", "tasks", "Enqueue a task", tasks::enqueue, Json("Enqueued"), LIST, Some(("EnqueueBody", false))),
        route!(GET "/tasks/{id}", "tasks", "Get a task with its error history", tasks::get_task, Json("TaskDetail")),
        route!(POST "/tasks/{id}/cancel", "tasks", "Cancel a task", tasks::cancel_task, Json("CancelResult")),
        route!(POST "/tasks/{id}/retry", "tasks", "Run a task again", tasks::retry_task, Json("RetryResult")),
        route!(GET "/workers", "workers", "List workers", workers::list_workers, Json("WorkerList")),
        route!(GET "/workers/{id}", "workers", "Get a worker with its running tasks", workers::get_worker, Json("WorkerDetail")),
        route!(POST "/workers/{id}/recycle", "workers", "Drain a worker and restart its loop", workers::recycle_worker, Json("WorkerEnvelope"), LIST, Some(("RecycleBody", true))),
        route!(GET "/stuck", "workers", "Stuck tasks by handler over a window", workers::stuck, Json("StuckHistory"), workers::STUCK_QUERY, None),
        // Queue history (issue 17), beside the queues' paths so no queue name can take it.
        route!(GET "/history/queues", "queues", "Task outcomes over 15m, 24h or 30d, with the window before", history::queue_history, Json("QueueHistory"), history::HISTORY_QUERY, None),
        // Its first path, kept for the clients that call it. Its fixed segment takes the place
        // of `/queues/{name}` for a queue named `history`: that queue is read from GET /queues,
        // changed through its sub-paths, and deleted by the DELETE beside it.
        route!(GET "/queues/history", "queues", "Deprecated: GET /history/queues, which it answers as (a queue named history is listed by GET /queues)", history::queue_history, Json("QueueHistory"), history::HISTORY_QUERY, None),
        route!(DELETE "/queues/history", "queues", "Remove the queue named history from the registry (as DELETE /queues/{name})", deletes::delete_queue_history, Json("QueueDeleted"), deletes::QUEUE_DELETE_QUERY, None),
        route!(GET "/openapi.json", "system", "This document", system::openapi, Document),
        // Removing things (issue 17): admin only, approval-gated.
        route!(POST "/tasks/delete", "tasks", "Delete tasks by id, or the newest matching a filter (never running ones)", deletes::delete_tasks, Json("DeleteOutcome"), LIST, Some(("DeleteTasksBody", false))),
        route!(POST "/dlq/delete", "dlq", "Delete DLQ entries by id, or the newest matching a filter", deletes::delete_dlq, Json("DeleteOutcome"), LIST, Some(("DeleteDlqBody", false))),
        route!(DELETE "/dlq/{id}", "dlq", "Delete one DLQ entry", deletes::delete_dlq_entry, Json("DeleteOutcome")),
        route!(DELETE "/queues/{name}", "queues", "Remove a queue from the registry (refused while it holds tasks unless force=true)", deletes::delete_queue, Json("QueueDeleted"), deletes::QUEUE_DELETE_QUERY, None),
        // Bulk actions by filter (issue 17): run on the server in audited batches, resumable.
        route!(POST "/bulk", "bulk", "Start a bulk action by filter (replay, delete, cancel or retry), or dry-run it for a count and a sample", bulk::start, Json("BulkStarted"), LIST, Some(("BulkBody", false))),
        route!(GET "/bulk", "bulk", "Bulk operations, newest first", bulk::list, Json("BulkList"), bulk::LIST_QUERY, None),
        route!(GET "/bulk/{id}", "bulk", "Get a bulk operation's progress", bulk::get, Json("BulkEnvelope")),
        route!(POST "/bulk/{id}/cancel", "bulk", "Stop a bulk operation between batches", bulk::cancel, Json("BulkEnvelope")),
        route!(POST "/bulk/{id}/resume", "bulk", "Continue a failed bulk operation past its cursor", bulk::resume, Json("BulkEnvelope")),
    ]
}

/// Where a listing's query fields go. With the textual `filter` every field belongs in it (one
/// given beside it is refused as `filter_of` refuses it); without it, the fields the route has
/// always taken go as the request's own, so their refusals keep their reasons
/// (`invalid_task_state`, a bad name's), and only the newer ones go in the filter.
pub(crate) struct ListingFields<'a> {
    params: &'a Params,
    textual: bool,
}

impl<'a> ListingFields<'a> {
    pub(crate) fn new(params: &'a Params) -> Self {
        let textual = !params.text("filter").trim().is_empty();
        Self { params, textual }
    }

    /// An old field, for the filter: only beside the textual form (to be refused there).
    pub(crate) fn for_filter(&self, name: &str) -> String {
        if self.textual {
            self.params.text(name)
        } else {
            String::new()
        }
    }

    /// An old field, for the request's own field: only without the textual form.
    pub(crate) fn for_request(&self, name: &str) -> String {
        if self.textual {
            String::new()
        } else {
            self.params.text(name)
        }
    }
}
