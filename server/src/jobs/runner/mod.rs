//! The `job_runner` handler: one attempt of a job run, from its record to its container's end.
//!
//! It reads the run by its task's id, checks the spec snapshot's source
//! ([`SourceSpec::parse`]), fetches it under this node's [`SourcePolicy`], then builds and runs
//! it with the [`DockerRunner`] within the job's limits (or this node's defaults), with the
//! job's environment plus only the host variables an operator allowlisted by name. Output goes
//! to the run's log as it comes ([`forward`]); the attempt's figures (exit code, OOM, timeout,
//! peak memory, resolved commit, error) are written onto the run before the handler returns,
//! and the engine then decides the run's status from the task's fate.
//!
//! The job's timeout is enforced here, a little before the task's, so the container is killed
//! and removed by the runner itself; should the runtime still drop this future (its timeout,
//! or a cancel past its grace), the Docker runner's guard removes container, image and
//! workspace in the background. A cancel stops the container (SIGTERM, SIGKILL after the
//! grace). A source error a retry cannot help (a refused repository, a SHA-256 mismatch) and a
//! failed image build are permanent: the run fails without using its retries.

mod forward;
mod node;
mod reap;

pub use node::{runner_settings, serve_jobs};
pub use reap::{JobReaper, pass as reap_pass};

use std::sync::Arc;
use std::time::Duration;

use crate::config::JobSettings;
use crate::engine::Engine;
use crate::engine::jobs::model::{JobRunRecord, JobSource};
use crate::engine::jobs::{JOB_RUNNER_HANDLER, JobAttemptFigures, JobLogOrigin};
use crate::jobs::docker::{DockerError, DockerRunner, Limits, RunEnd, RunOutcome, RunSpec};
use crate::jobs::source::{self, Fetched, SourceFields, SourcePolicy, SourceSpec};
use crate::runtime::{HandlerError, HandlerResult, Handlers, TaskContext};

use forward::Forwarder;

/// What a node's runner applies to every run.
#[derive(Clone, Debug)]
pub struct JobRunnerSettings {
    pub source: SourcePolicy,
    /// Limits for jobs that name none.
    pub cpus: f64,
    pub memory_mb: u64,
    pub pids: u64,
    /// Allowlisted host variables, passed into every container (the job's own win on a clash).
    pub host_env: Vec<(String, String)>,
    /// Most output bytes the container phase and the build each pass on.
    pub output_bytes: u64,
}

impl From<&JobSettings> for JobRunnerSettings {
    fn from(s: &JobSettings) -> Self {
        Self {
            source: s.source.clone(),
            cpus: s.cpus,
            memory_mb: s.memory_mb,
            pids: s.pids,
            host_env: s.host_env.clone(),
            output_bytes: s.output_bytes,
        }
    }
}

/// The `job_runner` handler. Cheap to clone.
#[derive(Clone)]
pub struct JobRunner {
    inner: Arc<Inner>,
}

struct Inner {
    engine: Engine,
    docker: DockerRunner,
    settings: JobRunnerSettings,
}

impl JobRunner {
    pub fn new(engine: Engine, docker: DockerRunner, settings: JobRunnerSettings) -> Self {
        Self {
            inner: Arc::new(Inner {
                engine,
                docker,
                settings,
            }),
        }
    }

    /// Registers this runner as `job_runner` in `handlers`.
    pub fn register(&self, handlers: &mut Handlers) {
        let runner = self.clone();
        handlers
            .register(JOB_RUNNER_HANDLER, move |ctx: TaskContext| {
                let runner = runner.clone();
                async move { runner.run(ctx).await }
            })
            .expect("job_runner is a valid handler name");
    }

    /// One attempt of the run `ctx` carries.
    pub async fn run(&self, ctx: TaskContext) -> HandlerResult {
        let engine = &self.inner.engine;
        let run = match engine.job_run_of_task(ctx.id()).await {
            Ok(Some(run)) => run,
            Ok(None) => {
                return Err(HandlerError::permanent(format!(
                    "task {} carries no job run (its record is missing)",
                    ctx.id()
                )));
            }
            Err(e) => return Err(HandlerError::new(format!("reading the job run: {e}"))),
        };
        let timeout = job_timeout(ctx.timeout_ms());
        let deadline = tokio::time::Instant::now() + timeout;
        let (result, figures) = self.attempt(&ctx, &run, timeout, deadline).await;
        if let Err(e) = engine
            .record_job_attempt(&run.run_id, run.attempt, figures)
            .await
        {
            tracing::warn!(run_id = %run.run_id, error = %e, "could not record a job attempt's figures");
        }
        result
    }

    async fn attempt(
        &self,
        ctx: &TaskContext,
        run: &JobRunRecord,
        timeout: Duration,
        deadline: tokio::time::Instant,
    ) -> (HandlerResult, JobAttemptFigures) {
        let mut figures = JobAttemptFigures::default();
        let fetched = match self.fetch(ctx, run, deadline).await {
            Ok(fetched) => fetched,
            Err((error, timed_out)) => {
                figures.timed_out = timed_out;
                figures.error = Some(error.message().to_owned());
                return (Err(error), figures);
            }
        };
        figures.resolved_commit = fetched.commit.clone();
        let spec = self.run_spec(ctx, run, &fetched, deadline);
        let origin = JobLogOrigin {
            run_id: run.run_id.to_string(),
            job: run.job.to_string(),
            attempt: run_attempt(ctx, run),
            queue: run.spec.queue.to_string(),
        };
        let forwarder = Forwarder::start(self.inner.engine.clone(), run.run_id.clone(), origin);
        let mut sink = forwarder.sender.clone();
        let outcome = self
            .inner
            .docker
            .run(spec, &mut sink, ctx.cancelled())
            .await;
        drop(sink);
        let tail = forwarder.finish().await;
        if let Err(e) = fetched.remove().await {
            tracing::warn!(run_id = %run.run_id, error = %e, "could not remove a job's workspace");
        }
        let result = match outcome {
            Ok(outcome) => judge(&outcome, &tail, timeout, &mut figures),
            Err(e) => Err(docker_error(&e)),
        };
        if let Err(e) = &result {
            figures.error = Some(e.message().to_owned());
        }
        (result, figures)
    }

    /// Fetches the run's source, stopping at a cancel or the deadline. The error says whether
    /// it was the deadline.
    async fn fetch(
        &self,
        ctx: &TaskContext,
        run: &JobRunRecord,
        deadline: tokio::time::Instant,
    ) -> Result<Fetched, (HandlerError, bool)> {
        let spec = SourceSpec::parse(&source_fields(run)).map_err(|e| {
            (
                HandlerError::permanent(format!("the job's source is invalid: {e}")),
                false,
            )
        })?;
        let fetch = source::fetch(&spec, &self.inner.settings.source);
        tokio::select! {
            fetched = fetch => fetched.map_err(|e| {
                let message = format!("fetching the job's source: {e}");
                let error = if e.reason().is_transient() {
                    HandlerError::new(message)
                } else {
                    HandlerError::permanent(message)
                };
                (error, false)
            }),
            () = ctx.cancelled() => Err((HandlerError::new("cancelled while fetching the source"), false)),
            () = tokio::time::sleep_until(deadline) => Err((HandlerError::new("timed out while fetching the source"), true)),
        }
    }

    fn run_spec(
        &self,
        ctx: &TaskContext,
        run: &JobRunRecord,
        fetched: &Fetched,
        deadline: tokio::time::Instant,
    ) -> RunSpec {
        let s = &self.inner.settings;
        let spec = &run.spec;
        let mut env: Vec<(String, String)> = s
            .host_env
            .iter()
            .filter(|(name, _)| !spec.env.iter().any(|v| &v.name == name))
            .cloned()
            .collect();
        env.extend(spec.env.iter().map(|v| (v.name.clone(), v.value.clone())));
        RunSpec {
            run_id: run.run_id.to_string(),
            attempt: run_attempt(ctx, run),
            job_name: run.job.to_string(),
            context_dir: fetched.context.clone(),
            dockerfile: fetched.dockerfile.clone(),
            workspace: None,
            command: spec.command.clone(),
            env,
            user: None,
            limits: Limits {
                cpus: spec.cpus.unwrap_or(s.cpus),
                memory_mb: spec.memory_mb.unwrap_or(s.memory_mb),
                pids: i64::try_from(spec.pids.unwrap_or(s.pids)).unwrap_or(i64::MAX),
                output_bytes: s.output_bytes,
                // What the fetch left of the job's time.
                timeout: deadline
                    .saturating_duration_since(tokio::time::Instant::now())
                    .max(Duration::from_millis(1)),
                ..Limits::default()
            },
        }
    }
}

/// The run's attempt, which names this attempt's container and image: the run's count goes on
/// across an operator's replay, where the task's starts again from 1, so a replayed run never
/// reuses a name (or labels) of an earlier attempt. The task's, should the run's start not
/// have been recorded.
fn run_attempt(ctx: &TaskContext, run: &JobRunRecord) -> u32 {
    run.attempt.max(ctx.attempt())
}

/// The job's own deadline: the task's timeout less a margin (a tenth, from half a second to
/// fifteen seconds), so the runner kills and removes the container and reports the timeout
/// before the runtime gives up on the attempt.
fn job_timeout(task_timeout_ms: i64) -> Duration {
    let task = Duration::from_millis(task_timeout_ms.max(1) as u64);
    let margin = (task / 10).clamp(Duration::from_millis(500), Duration::from_secs(15));
    task.saturating_sub(margin).max(task / 2)
}

/// The handler's result and the attempt's figures from how the container ended.
fn judge(
    outcome: &RunOutcome,
    tail: &[u8],
    timeout: Duration,
    figures: &mut JobAttemptFigures,
) -> HandlerResult {
    figures.exit_code = outcome.exit_code;
    figures.oom_killed = outcome.oom_killed;
    figures.peak_memory_bytes = outcome.peak_memory_bytes;
    let tail = String::from_utf8_lossy(tail);
    let tail = tail.trim();
    let with_tail = |what: String| {
        if tail.is_empty() {
            what
        } else {
            format!("{what}; output ends: {tail}")
        }
    };
    match &outcome.end {
        RunEnd::Succeeded => Ok(()),
        RunEnd::Failed => Err(HandlerError::new(with_tail(format!(
            "the job exited with code {}",
            outcome.exit_code.unwrap_or(-1)
        )))),
        RunEnd::OomKilled => Err(HandlerError::new(with_tail(
            "the job was killed for going over its memory limit".to_owned(),
        ))),
        RunEnd::TimedOut => {
            figures.timed_out = true;
            Err(HandlerError::new(with_tail(format!(
                "the job timed out after {}; its container was killed",
                humantime::format_duration(Duration::from_millis(timeout.as_millis() as u64))
            ))))
        }
        RunEnd::Cancelled => Err(HandlerError::new("cancelled; the container was stopped")),
        RunEnd::BuildFailed { message } => Err(HandlerError::permanent(format!(
            "the job's image did not build: {message}"
        ))),
    }
}

fn docker_error(e: &DockerError) -> HandlerError {
    let message = format!("{e} ({})", e.reason());
    if e.is_permanent() {
        HandlerError::permanent(message)
    } else {
        HandlerError::new(message)
    }
}

/// The snapshot's source as the source module reads it.
fn source_fields(run: &JobRunRecord) -> SourceFields {
    let spec = &run.spec;
    let mut fields = SourceFields {
        source: spec.source.kind().to_owned(),
        path: spec.path.clone(),
        dockerfile: spec.dockerfile.clone(),
        ..SourceFields::default()
    };
    match &spec.source {
        JobSource::GitTag { repo, tag, commit } => {
            fields.repo = repo.clone();
            fields.tag = tag.clone();
            fields.commit = commit.clone().unwrap_or_default();
        }
        JobSource::TarballUrl { url, sha256 } => {
            fields.tarball_url = url.clone();
            fields.tarball_sha256 = sha256.clone().unwrap_or_default();
        }
        JobSource::TarballPath { path, sha256 } => {
            fields.tarball_path = path.clone();
            fields.tarball_sha256 = sha256.clone().unwrap_or_default();
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_job_stops_a_little_before_its_task() {
        assert_eq!(job_timeout(60_000), Duration::from_secs(54));
        assert_eq!(job_timeout(3_000), Duration::from_millis(2_500));
        assert_eq!(job_timeout(3_600_000), Duration::from_secs(3_585));
        assert_eq!(job_timeout(600), Duration::from_millis(300));
    }
}
