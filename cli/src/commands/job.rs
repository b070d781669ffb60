//! `job ls|get|apply|delete|run|runs|logs|cancel|events|artifact`. `apply -f` reads a TOML
//! file an operator keeps in git; `logs -f` follows a run to its end and exits with its status.
//! Delete, run and cancel ask first on a terminal, showing what they touch.

use std::io::Write;

use futures::StreamExt;
use serde::Deserialize;
use worker_proto::v1 as pb;

use crate::args::{GlobalArgs, JobCommand, OutputFormat};
use crate::client::Connection;
use crate::commands::task::read_input;
use crate::commands::{asks, confirm};
use crate::exit::{CliError, Exit};
use crate::output::view::{Deleted, Job, JobArtifact, JobEvent, JobRun};
use crate::output::{Output, note};

/// A job file: the spec's fields, snake_case, unknown keys refused so a typo is not ignored.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct JobFile {
    pub name: String,
    pub description: String,
    pub source: String,
    pub repo: String,
    pub tag: String,
    pub commit: String,
    pub tarball_url: String,
    pub tarball_path: String,
    pub tarball_sha256: String,
    pub path: String,
    pub dockerfile: String,
    pub command: Vec<String>,
    pub env: Vec<String>,
    pub secret_env: Vec<String>,
    pub queue: String,
    pub retries: i32,
    pub timeout_seconds: i32,
    pub cpus: f64,
    pub memory_mb: i64,
    pub pids: i64,
}

/// The spec a job file describes; a file that is not valid TOML is a usage error.
pub(crate) fn job_file(text: &str) -> Result<pb::JobSpec, CliError> {
    let f: JobFile = toml::from_str(text)
        .map_err(|e| CliError::usage(format!("the job file is not a valid job: {e}")))?;
    Ok(pb::JobSpec {
        name: f.name,
        description: f.description,
        repo: f.repo,
        tag: f.tag,
        path: f.path,
        dockerfile: f.dockerfile,
        command: f.command,
        env: f.env,
        queue: f.queue,
        retries: f.retries,
        timeout_seconds: f.timeout_seconds,
        source: f.source,
        tarball_url: f.tarball_url,
        tarball_path: f.tarball_path,
        tarball_sha256: f.tarball_sha256,
        cpus: f.cpus,
        memory_mb: f.memory_mb,
        pids: f.pids,
        secret_env: f.secret_env,
        commit: f.commit,
    })
}

async fn get(conn: &mut Connection, name: &str) -> Result<Job, CliError> {
    let req = conn.req(pb::GetJobRequest {
        name: name.to_string(),
    });
    let r = conn
        .admin
        .get_job(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner();
    Ok(Job::of(&r.job.unwrap_or_default()))
}

async fn get_run(conn: &mut Connection, run_id: &str) -> Result<pb::JobRun, CliError> {
    let req = conn.req(pb::GetJobRunRequest {
        run_id: run_id.to_string(),
    });
    Ok(conn
        .admin
        .get_job_run(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner()
        .run
        .unwrap_or_default())
}

pub(crate) async fn job(
    g: &GlobalArgs,
    conn: &mut Connection,
    out: &mut Output,
    cmd: JobCommand,
) -> Result<(), CliError> {
    match cmd {
        JobCommand::Ls => {
            let req = conn.req(pb::ListJobsRequest {});
            let r = conn
                .admin
                .list_jobs(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            out.list(&r.jobs.iter().map(Job::of).collect::<Vec<_>>())
        }
        JobCommand::Get { name } => out.item(&get(conn, &name).await?),
        JobCommand::Apply { file } => {
            let bytes = read_input(&file)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| CliError::usage("the job file is not UTF-8 text"))?;
            let spec = job_file(&text)?;
            let req = conn.req(pb::UpsertJobRequest { spec: Some(spec) });
            let r = conn
                .admin
                .upsert_job(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            let job = Job::of(&r.job.unwrap_or_default());
            note(format!("applied job {}", job.name));
            out.item(&job)
        }
        JobCommand::Delete { name } => {
            if asks(g) {
                let job = get(conn, &name).await?;
                confirm(
                    g,
                    &format!(
                        "Delete job {name} ({} on {})? Its runs and events stay; schedules \
                         that run it will fail to.",
                        job.source, job.queue
                    ),
                )?;
            }
            let req = conn.req(pb::DeleteJobRequest { name: name.clone() });
            let r = conn
                .admin
                .delete_job(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            note(format!("deleted job {name}"));
            out.item(&Deleted {
                name,
                deleted: r.deleted,
            })
        }
        JobCommand::Run { name } => {
            if asks(g) {
                let job = get(conn, &name).await?;
                confirm(
                    g,
                    &format!(
                        "Run job {name} now? It builds and runs one container from {} on \
                         queue {}.",
                        job.source, job.queue
                    ),
                )?;
            }
            let req = conn.req(pb::RunJobRequest { name: name.clone() });
            let r = conn
                .admin
                .run_job(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            note(format!(
                "queued a run of {name}: {} (follow it: workerctl job logs -f {})",
                r.task_id, r.task_id
            ));
            out.item(&JobRun::from(&r.run.unwrap_or_default()))
        }
        JobCommand::Runs {
            name,
            status,
            limit,
            cursor,
        } => {
            let req = conn.req(pb::ListJobRunsRequest {
                job: name.unwrap_or_default(),
                status: status.unwrap_or_default(),
                limit: limit.min(i32::MAX as u32) as i32,
                cursor: cursor.unwrap_or_default(),
            });
            let r = conn
                .admin
                .list_job_runs(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            if !r.next_cursor.is_empty() {
                note(format!("older runs: --cursor {}", r.next_cursor));
            }
            out.list(&r.runs.iter().map(JobRun::from).collect::<Vec<_>>())
        }
        JobCommand::Logs { run_id, follow } => logs(conn, out, run_id, follow).await,
        JobCommand::Cancel { run_id } => {
            if asks(g) {
                let run = get_run(conn, &run_id).await?;
                confirm(
                    g,
                    &format!(
                        "Cancel run {run_id} of job {} ({})? A running container is stopped.",
                        run.job, run.status
                    ),
                )?;
            }
            let req = conn.req(pb::CancelJobRunRequest {
                run_id: run_id.clone(),
            });
            let r = conn
                .admin
                .cancel_job_run(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            note(format!("run {run_id}: {}", r.outcome));
            out.item(&JobRun::from(&r.run.unwrap_or_default()))
        }
        JobCommand::Events { name, limit } => {
            let req = conn.req(pb::ListJobEventsRequest {
                name: name.unwrap_or_default(),
                limit: limit.min(i32::MAX as u32) as i32,
            });
            let r = conn
                .admin
                .list_job_events(req)
                .await
                .map_err(|s| conn.err(s))?
                .into_inner();
            out.list(&r.events.iter().map(JobEvent::from).collect::<Vec<_>>())
        }
        JobCommand::Artifact { name } => {
            let job = get(conn, &name).await?;
            out.item(&JobArtifact::of(&job))
        }
    }
}

/// Prints a run's output as it is stored (or, with `follow`, as it arrives until the run has
/// ended): raw to stdout in table form, one JSON object per chunk with `-o json`. A followed
/// run that did not succeed exits non-zero.
async fn logs(
    conn: &mut Connection,
    out: &mut Output,
    run_id: String,
    follow: bool,
) -> Result<(), CliError> {
    let req = conn.req(pb::GetJobRunLogsRequest {
        run_id: run_id.clone(),
        follow,
        after_seq: 0,
    });
    let mut stream = conn
        .admin
        .get_job_run_logs(req)
        .await
        .map_err(|s| conn.err(s))?
        .into_inner();
    out.flush()?;
    let json = matches!(out.format(), OutputFormat::Json);
    let stdout = std::io::stdout();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|s| conn.err(s))?;
        let mut w = stdout.lock();
        if json {
            let line = serde_json::json!({
                "run_id": chunk.task_id,
                "seq": chunk.seq,
                "stream": chunk.stream,
                "at": crate::output::view::time(chunk.at_ms),
                "data": chunk.data,
            });
            writeln!(w, "{line}")?;
        } else {
            w.write_all(chunk.data.as_bytes())?;
        }
        w.flush()?;
    }
    if !follow {
        return Ok(());
    }
    let run = get_run(conn, &run_id).await?;
    match run.status.as_str() {
        "succeeded" => {
            note(format!("run {run_id} succeeded"));
            Ok(())
        }
        status => {
            let mut err = CliError::new(Exit::Failed, format!("run {run_id} {status}"));
            if !run.error.is_empty() {
                err = err.cause(run.error);
            }
            Err(err)
        }
    }
}
