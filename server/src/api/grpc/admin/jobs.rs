//! Containerized jobs: definitions (list, get, upsert, delete), running one now, its runs
//! (list, get, cancel), a run's output (read or followed) and job events. Secret env values
//! never leave the server: the engine redacts every answer, and an upsert's audit entry hashes
//! the request with its secrets replaced.

use std::collections::BTreeMap;
use std::time::Duration;

use futures::StreamExt;
use tonic::Request;
use worker_proto::v1 as pb;

use crate::api::auth::Op;
use crate::api::grpc::AdminApi;
use crate::api::grpc::call::{Answer, ServerStream, meta};
use crate::api::grpc::convert;
use crate::api::grpc::parse::{optional, page_limit, schedule_event_limit, task_id};
use crate::api::grpc::status::{engine_err, invalid};
use crate::engine::jobs::{JobRunCursor, JobRunQuery, JobRunStatus, JobTrigger, REDACTED};
use crate::engine::model::JobName;

/// How often a followed log is read again while nothing new arrived.
const LOG_POLL: Duration = Duration::from_millis(250);

fn job_name(name: &str) -> Result<JobName, tonic::Status> {
    JobName::new(name.trim()).map_err(engine_err)
}

pub(super) async fn list_jobs(
    api: &AdminApi,
    req: Request<pb::ListJobsRequest>,
) -> Answer<pb::ListJobsResponse> {
    api.query(req, Op::ListJobs, |_, _| async move {
        let jobs = api.engine.list_jobs().await.map_err(engine_err)?;
        Ok(pb::ListJobsResponse {
            jobs: jobs.iter().map(convert::job).collect(),
        })
    })
    .await
}

pub(super) async fn get_job(
    api: &AdminApi,
    req: Request<pb::GetJobRequest>,
) -> Answer<pb::GetJobResponse> {
    api.query(req, Op::GetJob, |r, _| async move {
        let job = api
            .engine
            .get_job(&job_name(&r.name)?)
            .await
            .map_err(engine_err)?;
        Ok(pb::GetJobResponse {
            job: Some(convert::job(&job)),
        })
    })
    .await
}

/// The request with every secret value replaced, for the audit entry's payload hash.
fn redacted_request(r: &pb::UpsertJobRequest) -> pb::UpsertJobRequest {
    let mut r = r.clone();
    if let Some(spec) = r.spec.as_mut() {
        for entry in spec.secret_env.iter_mut() {
            let name = entry.split_once('=').map_or(entry.as_str(), |(n, _)| n);
            *entry = format!("{}={REDACTED}", name.trim());
        }
    }
    r
}

pub(super) async fn upsert_job(
    api: &AdminApi,
    req: Request<pb::UpsertJobRequest>,
) -> Answer<pb::UpsertJobResponse> {
    let spec = req.get_ref().spec.clone().unwrap_or_default();
    let name = spec.name.trim().to_string();
    let metadata = meta([("source", spec.source.trim().chars().take(32).collect())]);
    let redacted = redacted_request(req.get_ref());
    api.mutation_redacted(
        req,
        Op::UpsertJob,
        &name,
        metadata,
        &redacted,
        |r, stamp| async move {
            let spec = r
                .spec
                .ok_or_else(|| invalid("missing_job", "spec is required"))?;
            let spec = convert::job_spec(spec, &api.engine.config().default_queue)
                .map_err(|(reason, message)| invalid(reason, message))?;
            // The detail names what was written, never a value of the environment.
            let detail = format!(
                "{} source, queue {}, {} env ({} secret)",
                spec.source.kind(),
                spec.queue,
                spec.env.len(),
                spec.env.iter().filter(|v| v.secret).count()
            );
            let (job, created) = api
                .engine
                .upsert_job(spec, stamp.entry(None, detail.clone()))
                .await
                .map_err(engine_err)?;
            let said = if created { "created" } else { "replaced" };
            Ok((
                pb::UpsertJobResponse {
                    job: Some(convert::job(&job)),
                },
                format!("{said}: {detail}"),
            ))
        },
    )
    .await
}

pub(super) async fn delete_job(
    api: &AdminApi,
    req: Request<pb::DeleteJobRequest>,
) -> Answer<pb::DeleteJobResponse> {
    let name = req.get_ref().name.trim().to_string();
    api.mutation(
        req,
        Op::DeleteJob,
        &name,
        BTreeMap::new(),
        |r, stamp| async move {
            let name = job_name(&r.name)?;
            let detail = "deleted (its runs and events stay)".to_string();
            api.engine
                .delete_job(&name, stamp.entry(None, detail.clone()))
                .await
                .map_err(engine_err)?;
            Ok((pb::DeleteJobResponse { deleted: true }, detail))
        },
    )
    .await
}

pub(super) async fn run_job(
    api: &AdminApi,
    req: Request<pb::RunJobRequest>,
) -> Answer<pb::RunJobResponse> {
    let name = req.get_ref().name.trim().to_string();
    api.mutation(
        req,
        Op::RunJob,
        &name,
        BTreeMap::new(),
        |r, stamp| async move {
            let name = job_name(&r.name)?;
            let trigger = JobTrigger::Manual {
                actor: stamp.actor.clone(),
            };
            let run = api
                .engine
                .run_job_audited(&name, trigger, stamp.entry(None, "run queued"))
                .await
                .map_err(engine_err)?;
            let mut shown = run.clone();
            shown.spec = shown.spec.redacted();
            Ok((
                pb::RunJobResponse {
                    task_id: run.run_id.to_string(),
                    run: Some(convert::job_run(&shown)),
                },
                format!("run {} queued", run.run_id),
            ))
        },
    )
    .await
}

pub(super) async fn list_job_runs(
    api: &AdminApi,
    req: Request<pb::ListJobRunsRequest>,
) -> Answer<pb::ListJobRunsResponse> {
    api.query(req, Op::ListJobRuns, |r, _| async move {
        let query = JobRunQuery {
            job: optional(&r.job, |s| JobName::new(s))?,
            status: optional(&r.status, JobRunStatus::parse)?,
            after: optional(&r.cursor, JobRunCursor::parse)?,
            limit: page_limit(r.limit)?,
        };
        let page = api.engine.list_job_runs(&query).await.map_err(engine_err)?;
        Ok(pb::ListJobRunsResponse {
            runs: page.runs.iter().map(convert::job_run).collect(),
            next_cursor: page.next.map(|c| c.encode()).unwrap_or_default(),
        })
    })
    .await
}

pub(super) async fn get_job_run(
    api: &AdminApi,
    req: Request<pb::GetJobRunRequest>,
) -> Answer<pb::GetJobRunResponse> {
    api.query(req, Op::GetJobRun, |r, _| async move {
        let run = api
            .engine
            .get_job_run(&task_id(&r.run_id)?)
            .await
            .map_err(engine_err)?;
        Ok(pb::GetJobRunResponse {
            run: Some(convert::job_run(&run)),
        })
    })
    .await
}

pub(super) async fn get_job_run_logs(
    api: &AdminApi,
    req: Request<pb::GetJobRunLogsRequest>,
) -> Answer<ServerStream<pb::JobLogChunk>> {
    api.stream(
        req,
        Op::GetJobRunLogs,
        "",
        BTreeMap::new(),
        |r, _| async move {
            let run_id = task_id(&r.run_id)?;
            let after = u64::try_from(r.after_seq).map_err(|_| {
                invalid(
                    "invalid_after_seq",
                    format!("after_seq is {}; it must not be negative", r.after_seq),
                )
            })?;
            // An unknown run is refused here, as a status, rather than inside the stream.
            api.engine.get_job_run(&run_id).await.map_err(engine_err)?;
            let closing = api.settings.closing.clone().cancelled_owned();
            let stream = if r.follow {
                api.engine
                    .follow_job_log(run_id, after, LOG_POLL)
                    .map(|c| c.map(|c| convert::job_log_chunk(&c)).map_err(engine_err))
                    .boxed()
            } else {
                stored_log(api.engine.clone(), run_id, after).boxed()
            };
            Ok((stream.take_until(closing), String::new()))
        },
    )
    .await
}

/// What a run's log holds now, page by page.
fn stored_log(
    engine: crate::engine::Engine,
    run_id: crate::engine::model::TaskId,
    after: u64,
) -> impl futures::Stream<Item = Result<pb::JobLogChunk, tonic::Status>> + Send + 'static {
    futures::stream::unfold(Some(after), move |after| {
        let engine = engine.clone();
        let run_id = run_id.clone();
        async move {
            let after = after?;
            match engine.read_job_log(&run_id, after, 0).await {
                Ok(page) if page.chunks.is_empty() => None,
                Ok(page) => {
                    let next = page.chunks.last().map(|c| c.seq);
                    let chunks: Vec<_> = page
                        .chunks
                        .iter()
                        .map(|c| Ok(convert::job_log_chunk(c)))
                        .collect();
                    Some((futures::stream::iter(chunks), next))
                }
                Err(e) => Some((futures::stream::iter(vec![Err(engine_err(e))]), None)),
            }
        }
    })
    .flatten()
}

pub(super) async fn cancel_job_run(
    api: &AdminApi,
    req: Request<pb::CancelJobRunRequest>,
) -> Answer<pb::CancelJobRunResponse> {
    let target = req.get_ref().run_id.trim().to_string();
    api.mutation(
        req,
        Op::CancelJobRun,
        &target,
        BTreeMap::new(),
        |r, stamp| async move {
            let run_id = task_id(&r.run_id)?;
            let audit = stamp.entry(None, crate::engine::audit::OUTCOME_PLACEHOLDER);
            let (outcome, run) = api
                .engine
                .cancel_job_run(&run_id, audit)
                .await
                .map_err(engine_err)?;
            Ok((
                pb::CancelJobRunResponse {
                    outcome: outcome.name().to_string(),
                    run: Some(convert::job_run(&run)),
                },
                outcome.name().to_string(),
            ))
        },
    )
    .await
}

pub(super) async fn list_job_events(
    api: &AdminApi,
    req: Request<pb::ListJobEventsRequest>,
) -> Answer<pb::ListJobEventsResponse> {
    api.query(req, Op::ListJobEvents, |r, _| async move {
        let name = optional(&r.name, |s| JobName::new(s))?;
        let events = api
            .engine
            .list_job_events(name.as_ref(), schedule_event_limit(r.limit)?)
            .await
            .map_err(engine_err)?;
        Ok(pb::ListJobEventsResponse {
            events: events.iter().map(convert::job_event).collect(),
        })
    })
    .await
}
