//! The client's calls for the jobs view: definitions with each job's newest run, a job's runs,
//! one run, run now and cancel, and the one followed log of the open run (a stream without a
//! deadline, ended by the server when the run ended and its output is drained, or by the app).

use std::collections::BTreeMap;

use futures::{FutureExt, StreamExt};
use tokio_util::sync::CancellationToken;
use tonic::transport::Channel;
use tonic::{Request, Status};
use worker_proto::v1 as pb;
use worker_proto::v1::admin_service_client::AdminServiceClient;

use super::{Client, is_transport, reason};
use crate::action::{Action, Command, Op};
use crate::convert;

/// The newest runs across jobs read to find each job's last run in one call; a job without a
/// run among them is asked about on its own.
const RECENT_RUNS: i32 = 200;
/// At most this many jobs are asked about on their own per refresh; beyond, a job whose last
/// run is older than the newest `RECENT_RUNS` of all jobs shows none.
const LOOKUPS: usize = 100;
/// Chunks sent to the app as one action when they arrive together.
const BATCH: usize = 256;

impl Client {
    /// `Jobs`, `JobRuns` and `JobRun`.
    pub(super) async fn jobs_read(&self, command: Command) {
        let mut admin = self.conn.admin.clone();
        match command {
            Command::Jobs => match self.jobs(&mut admin).await {
                Ok(action) => self.send(action).await,
                Err(s) if !is_transport(&s) => self.send(Action::Refused(reason(&s))).await,
                Err(_) => {}
            },
            Command::JobRuns { job, limit } => {
                let request = pb::ListJobRunsRequest {
                    job: job.clone(),
                    limit: limit.min(1_000) as i32,
                    ..Default::default()
                };
                match self
                    .seen(admin.list_job_runs(self.req(request)).await)
                    .await
                {
                    Ok(r) => {
                        let runs = r.runs.iter().map(convert::job_run).collect();
                        self.send(Action::JobRuns { job, runs }).await
                    }
                    Err(s) if !is_transport(&s) => self.send(Action::Refused(reason(&s))).await,
                    Err(_) => {}
                }
            }
            Command::JobRun(run_id) => {
                let r = admin
                    .get_job_run(self.req(pb::GetJobRunRequest { run_id }))
                    .await;
                match self.seen(r).await {
                    Ok(pb::GetJobRunResponse { run: Some(run) }) => {
                        self.send(Action::JobRun(convert::job_run(&run))).await
                    }
                    Ok(_) => {
                        let why = "the server sent no run".to_string();
                        self.send(Action::DetailFailed(why)).await
                    }
                    Err(s) => self.send(Action::DetailFailed(reason(&s))).await,
                }
            }
            _ => {}
        }
    }

    /// The definitions, and each job's newest run: one listing of the newest runs of all jobs,
    /// then one call per job that had none among them.
    async fn jobs(&self, admin: &mut AdminServiceClient<Channel>) -> Result<Action, Status> {
        let jobs = self
            .seen(admin.list_jobs(self.req(pb::ListJobsRequest {})).await)
            .await?
            .jobs;
        let recent = pb::ListJobRunsRequest {
            limit: RECENT_RUNS,
            ..Default::default()
        };
        let recent = self
            .seen(admin.list_job_runs(self.req(recent)).await)
            .await?
            .runs;
        let mut last: BTreeMap<String, pb::JobRun> = BTreeMap::new();
        for run in recent {
            // Newest first: the first seen of each job is its last run.
            last.entry(run.job.clone()).or_insert(run);
        }
        let missing: Vec<String> = jobs
            .iter()
            .filter_map(|j| j.spec.as_ref().map(|s| s.name.clone()))
            .filter(|name| !last.contains_key(name))
            .take(LOOKUPS)
            .collect();
        let lookups = missing.into_iter().map(|job| {
            let mut admin = admin.clone();
            let request = self.req(pb::ListJobRunsRequest {
                job,
                limit: 1,
                ..Default::default()
            });
            async move { admin.list_job_runs(request).await }
        });
        for answer in futures::future::join_all(lookups).await {
            if let Some(run) = self.seen(answer).await?.runs.into_iter().next() {
                last.insert(run.job.clone(), run);
            }
        }
        Ok(Action::Jobs {
            jobs: jobs.iter().map(convert::job).collect(),
            last_runs: last.values().map(convert::job_run).collect(),
        })
    }

    /// Run now and cancel; the message says what happened.
    pub(super) async fn job_change(
        &self,
        admin: &mut AdminServiceClient<Channel>,
        op: Op,
    ) -> Result<String, Status> {
        Ok(match op {
            Op::RunJob { name } => {
                let request = pb::RunJobRequest { name: name.clone() };
                let r = self.seen(admin.run_job(self.req(request)).await).await?;
                format!("job {name}: run {} queued", r.task_id)
            }
            Op::CancelJobRun { run_id } => {
                let request = pb::CancelJobRunRequest {
                    run_id: run_id.clone(),
                };
                let r = self
                    .seen(admin.cancel_job_run(self.req(request)).await)
                    .await?;
                let status = r.run.map(|r| r.status).unwrap_or_default();
                match r.outcome.as_str() {
                    "cancelled" => format!("run {run_id} cancelled before it started"),
                    "cancel_requested" => {
                        format!("run {run_id} is running: its container is being stopped")
                    }
                    "already_finished" => {
                        format!("run {run_id} had already ended ({status}); nothing changed")
                    }
                    other => format!("run {run_id}: {other}"),
                }
            }
            other => unreachable!("not a job change: {other:?}"),
        })
    }

    /// Follows one run's output from after `after_seq` until the server ends the stream (the
    /// run ended and its output is drained) or `stop` (the detail closed, another run opened).
    /// Chunks that arrive together go as one action; the channel's bound holds the stream back
    /// when the app is slow, so nothing piles up here.
    pub(super) async fn follow_log(
        self,
        follow: u64,
        run_id: String,
        after_seq: i64,
        stop: CancellationToken,
    ) {
        let mut admin = self.conn.admin.clone();
        // No deadline: the stream lasts as long as the run does.
        let mut request = Request::new(pb::GetJobRunLogsRequest {
            run_id: run_id.clone(),
            follow: true,
            after_seq,
        });
        if let Ok(id) = uuid::Uuid::new_v4().to_string().parse() {
            request.metadata_mut().insert("x-request-id", id);
        }
        let ended = |error: Option<String>| Action::JobLogEnded {
            follow,
            run_id: run_id.clone(),
            error,
        };
        let opened = tokio::select! {
            _ = stop.cancelled() => return,
            opened = admin.get_job_run_logs(request) => opened,
        };
        let mut stream = match self.seen(opened).await {
            Ok(stream) => stream,
            Err(s) => return self.send(ended(Some(reason(&s)))).await,
        };
        loop {
            let first = tokio::select! {
                _ = stop.cancelled() => return,
                next = stream.next() => next,
            };
            let first = match first {
                None => return self.send(ended(None)).await,
                Some(Err(s)) => return self.send(ended(Some(reason(&s)))).await,
                Some(Ok(chunk)) => chunk,
            };
            let mut chunks = vec![convert::log_chunk(&first)];
            // What is already here goes along; an end seen on the way is sent after it.
            let mut end = None;
            while chunks.len() < BATCH && end.is_none() {
                match stream.next().now_or_never() {
                    Some(Some(Ok(chunk))) => chunks.push(convert::log_chunk(&chunk)),
                    Some(None) => end = Some(None),
                    Some(Some(Err(s))) => end = Some(Some(reason(&s))),
                    None => break,
                }
            }
            self.send(Action::JobLog {
                follow,
                run_id: run_id.clone(),
                chunks,
            })
            .await;
            if let Some(error) = end {
                return self.send(ended(error)).await;
            }
        }
    }
}
