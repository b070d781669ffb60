//! Job routes: go-worker's (list, upsert, get, delete, run now, events) with its JSON, and our
//! runs (list, get, cancel) and their output (read, or followed as server-sent events).

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::{Stream, StreamExt};
use worker_proto::v1 as pb;

use crate::api::http::Gateway;
use crate::api::http::error::ApiError;
use crate::api::http::extract::{Body, Caller, Name, Params};
use crate::api::http::json::{
    Deleted, Job, JobBody, JobEnvelope, JobEvent, JobEventList, JobList, JobLog, JobLogChunk,
    JobRun, JobRunCancelled, JobRunEnvelope, JobRunList, JobRunStarted,
};
use crate::api::http::routes::Answer;

pub(super) const EVENTS_QUERY: &[(&str, &str, &str)] = &[
    ("name", "string", "Only this job's events."),
    (
        "limit",
        "integer",
        "Events, newest first (default 200, at most 1000).",
    ),
];

pub(super) const RUNS_QUERY: &[(&str, &str, &str)] = &[
    ("job", "string", "Only this job's runs."),
    (
        "status",
        "string",
        "Only runs with this status: queued, running, succeeded, failed or cancelled.",
    ),
    (
        "limit",
        "integer",
        "Runs, newest first (default 100, at most 1000).",
    ),
    ("cursor", "string", "The previous page's nextCursor."),
];

pub(super) const JOB_RUNS_QUERY: &[(&str, &str, &str)] = &[
    (
        "status",
        "string",
        "Only runs with this status: queued, running, succeeded, failed or cancelled.",
    ),
    (
        "limit",
        "integer",
        "Runs, newest first (default 100, at most 1000).",
    ),
    ("cursor", "string", "The previous page's nextCursor."),
];

pub(super) const LOG_QUERY: &[(&str, &str, &str)] = &[(
    "afterSeq",
    "integer",
    "Only chunks after this one (0: from the start).",
)];

fn limit(p: &Params, default: i64) -> Result<i32, ApiError> {
    Ok(p.limit("limit", default)?.min(i64::from(i32::MAX)) as i32)
}

pub(super) async fn list_jobs(State(gw): State<Gateway>, c: Caller) -> Answer<JobList> {
    let r = gw.backend().list_jobs(&c.0, pb::ListJobsRequest {}).await?;
    Ok(Json(JobList {
        jobs: r.jobs.into_iter().map(|j| Job::of(Some(j))).collect(),
    }))
}

pub(super) async fn upsert_job(
    State(gw): State<Gateway>,
    c: Caller,
    Body(body): Body<JobBody>,
) -> Answer<JobEnvelope> {
    let r = gw
        .backend()
        .upsert_job(
            &c.0,
            pb::UpsertJobRequest {
                spec: Some(body.into()),
            },
        )
        .await?;
    Ok(Json(JobEnvelope {
        job: Job::of(r.job),
    }))
}

pub(super) async fn get_job(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Answer<JobEnvelope> {
    let r = gw
        .backend()
        .get_job(&c.0, pb::GetJobRequest { name })
        .await?;
    Ok(Json(JobEnvelope {
        job: Job::of(r.job),
    }))
}

pub(super) async fn delete_job(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Answer<Deleted> {
    let r = gw
        .backend()
        .delete_job(&c.0, pb::DeleteJobRequest { name })
        .await?;
    Ok(Json(Deleted { deleted: r.deleted }))
}

pub(super) async fn run_job(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
) -> Answer<JobRunStarted> {
    let r = gw
        .backend()
        .run_job(&c.0, pb::RunJobRequest { name })
        .await?;
    Ok(Json(JobRunStarted {
        task_id: r.task_id,
        run: r.run.map(JobRun::from),
    }))
}

pub(super) async fn job_events(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Answer<JobEventList> {
    let r = gw
        .backend()
        .list_job_events(
            &c.0,
            pb::ListJobEventsRequest {
                name: p.text("name"),
                limit: limit(&p, 200)?,
            },
        )
        .await?;
    Ok(Json(JobEventList {
        events: r.events.into_iter().map(JobEvent::from).collect(),
    }))
}

async fn runs(gw: &Gateway, c: &Caller, job: String, p: &Params) -> Answer<JobRunList> {
    let r = gw
        .backend()
        .list_job_runs(
            &c.0,
            pb::ListJobRunsRequest {
                job,
                status: p.text("status"),
                limit: limit(p, 0)?,
                cursor: p.text("cursor"),
            },
        )
        .await?;
    Ok(Json(JobRunList {
        runs: r.runs.into_iter().map(JobRun::from).collect(),
        next_cursor: r.next_cursor,
    }))
}

pub(super) async fn list_runs(
    State(gw): State<Gateway>,
    c: Caller,
    p: Params,
) -> Answer<JobRunList> {
    let job = p.text("job");
    runs(&gw, &c, job, &p).await
}

pub(super) async fn list_job_runs(
    State(gw): State<Gateway>,
    c: Caller,
    Name(name): Name,
    p: Params,
) -> Answer<JobRunList> {
    runs(&gw, &c, name, &p).await
}

pub(super) async fn get_run(
    State(gw): State<Gateway>,
    c: Caller,
    Name(run_id): Name,
) -> Answer<JobRunEnvelope> {
    let r = gw
        .backend()
        .get_job_run(&c.0, pb::GetJobRunRequest { run_id })
        .await?;
    Ok(Json(JobRunEnvelope {
        run: JobRun::from(r.run.unwrap_or_default()),
    }))
}

pub(super) async fn cancel_run(
    State(gw): State<Gateway>,
    c: Caller,
    Name(run_id): Name,
) -> Answer<JobRunCancelled> {
    let r = gw
        .backend()
        .cancel_job_run(&c.0, pb::CancelJobRunRequest { run_id })
        .await?;
    Ok(Json(JobRunCancelled {
        outcome: r.outcome,
        run: r.run.map(JobRun::from),
    }))
}

fn after_seq(p: &Params) -> Result<i64, ApiError> {
    let text = p.text("afterSeq");
    if text.is_empty() {
        return Ok(0);
    }
    text.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
        ApiError::bad_request(
            "invalid_after_seq",
            "afterSeq must be a chunk number, 0 or more",
        )
    })
}

/// What the run's log holds now.
pub(super) async fn run_log(
    State(gw): State<Gateway>,
    c: Caller,
    Name(run_id): Name,
    p: Params,
) -> Answer<JobLog> {
    let mut stream = gw
        .backend()
        .get_job_run_logs(
            &c.0,
            pb::GetJobRunLogsRequest {
                run_id,
                follow: false,
                after_seq: after_seq(&p)?,
            },
        )
        .await?;
    let mut chunks = Vec::new();
    while let Some(chunk) = stream.next().await {
        chunks.push(JobLogChunk::from(chunk?));
    }
    Ok(Json(JobLog { chunks }))
}

/// The run's log followed as server-sent events: `log` events (id = the chunk's seq, so a
/// reconnect passes it as `afterSeq`), then one `end` event with the run once it has ended and
/// its output is drained, or `error` if the stream broke.
pub(super) async fn follow_run_log(
    State(gw): State<Gateway>,
    c: Caller,
    Name(run_id): Name,
    p: Params,
) -> Result<Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>>, ApiError> {
    let chunks = gw
        .backend()
        .get_job_run_logs(
            &c.0,
            pb::GetJobRunLogsRequest {
                run_id: run_id.clone(),
                follow: true,
                after_seq: after_seq(&p)?,
            },
        )
        .await?;
    let closing = gw.closing();
    let events = chunks.map(|chunk| {
        Ok(match chunk {
            Ok(chunk) => {
                let seq = chunk.seq;
                let data = serde_json::to_string(&JobLogChunk::from(chunk)).unwrap_or_default();
                Event::default().event("log").id(seq.to_string()).data(data)
            }
            Err(status) => Event::default().event("error").data(error_data(&status)),
        })
    });
    let end = futures::stream::once(async move {
        let run = gw
            .backend()
            .get_job_run(&c.0, pb::GetJobRunRequest { run_id })
            .await;
        Ok(match run {
            Ok(r) => {
                let run = JobRun::from(r.run.unwrap_or_default());
                Event::default()
                    .event("end")
                    .data(serde_json::to_string(&run).unwrap_or_default())
            }
            Err(status) => Event::default().event("error").data(error_data(&status)),
        })
    });
    let stream = events.chain(end).take_until(closing.cancelled_owned());
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// An `error` event's data: the status's code and message.
fn error_data(status: &tonic::Status) -> String {
    serde_json::json!({
        "code": format!("{:?}", status.code()).to_ascii_lowercase(),
        "message": status.message(),
    })
    .to_string()
}
