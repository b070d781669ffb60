//! Running a job's container on the Docker engine: build, run hardened, stream output,
//! report the outcome, and always clean up; plus the reaper for what a dead worker left.
//!
//! # Client
//!
//! We talk to the Engine API with [bollard] rather than spawning the `docker` binary: typed
//! requests and answers instead of parsing a CLI's text, output streamed as frames tagged
//! stdout or stderr, a container killed by name from the same process that made it, no
//! dependency on which CLI version is installed, and errors with the engine's status code.
//! bollard is maintained, async on tokio and hyper 1 (the versions this workspace already
//! uses), and its TLS is rustls with ring (no OpenSSL). The engine's API version is
//! negotiated at connect time, so an older engine (this project's machines run 20.10, API
//! 1.41) works.
//!
//! The engine is found as Docker's own tools find it: `DOCKER_HOST` (`unix://…`, `tcp://…`,
//! with TLS when `DOCKER_TLS_VERIFY` is set, certificates from `DOCKER_CERT_PATH`), else the
//! socket `/var/run/docker.sock`. Docker CLI contexts (`docker context use`) are not read.
//!
//! # A run
//!
//! [`DockerRunner::run`] takes a [`RunSpec`]: the build context is sent as a tar streamed from
//! a blocking thread, built with the legacy builder under a tag unique to the run and
//! attempt (`worker-job-<job>:<run>-<attempt>`), without cache (so no run prunes a layer
//! another is using), labelled as ours, with the job's CPU and memory limits on its steps;
//! the build's output goes to the sink. The container (`worker-job-<run>-<attempt>`) has every
//! capability dropped, `no-new-privileges`, a numeric non-root user by default, a read-only
//! root with tmpfs at the work directory and `/tmp` (size-limited, counted against its
//! memory), `NanoCpus` from `cpus`, memory with equal swap (so none), a pids limit, the
//! configured network (`none` by default), only the spec's environment, and no engine-side
//! log (output is read by attaching before start, so none is missed and nothing grows on the
//! engine's disk). The job's timeout covers build and run and kills the container; a cancel
//! stops it (SIGTERM, SIGKILL after the grace). The outcome says how it ended, the exit
//! code, whether the kernel's OOM killer struck (`State.OOMKilled`), the engine's start and
//! finish times, and the peak memory the stats stream reported (cgroup v1's `max_usage`;
//! on cgroup v2 engines of this age only sampled usage, so a short spike can be missed).
//!
//! Clean-up is a guard ([`cleanup`]): container (with its anonymous volumes), image, a
//! failed build's step images and the spec's workspace are removed before `run` returns on
//! every path, and by a spawned task if the run's future is dropped half-way.
//!
//! Known gaps: the build's `RUN` steps are not hardened like the container (the legacy
//! builder has no capability or user options); a build interrupted by a crash can leave
//! unlabelled step images (the builder labels only the final image), which the reaper cannot
//! tell from anyone else's.

mod build;
mod cleanup;
mod dockerignore;
mod output;
mod reaper;
mod run;
mod spec;

use std::future::Future;
use std::time::Duration;

use bollard::Docker;
use tokio::time::{Instant, sleep_until};

pub use output::{DiscardOutput, OutputChunk, OutputSink, OutputStream, OutputSummary};
pub use reaper::{ManagedRun, ReapReport, ReapScope};
pub use spec::{
    LABEL_ATTEMPT, LABEL_JOB, LABEL_MANAGED, LABEL_NODE, LABEL_RUN, Limits, NAME_PREFIX, RunSpec,
    RunnerSettings,
};

use build::{BuildRequest, Built};
use cleanup::Leftovers;
use output::Budget;
use run::{ContainerRequest, Intervention, notice};

/// Why a run could not be carried out. How the job itself ended is a [`RunOutcome`].
#[derive(Debug, thiserror::Error)]
pub enum DockerError {
    #[error("the Docker engine is unreachable at {host}: {message}")]
    Unreachable { host: String, message: String },
    #[error("invalid job run: {0}")]
    InvalidSpec(String),
    #[error("build context: {0}")]
    Context(String),
    #[error("Docker engine: {0}")]
    Engine(#[source] bollard::errors::Error),
}

impl DockerError {
    /// A stable snake_case reason for the run's record and the wire.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::Unreachable { .. } => "docker_unavailable",
            Self::InvalidSpec(_) => "job_run_invalid",
            Self::Context(_) => "job_context_invalid",
            Self::Engine(_) => "docker_error",
        }
    }

    /// Whether running again cannot help (the spec or its context is wrong).
    pub fn is_permanent(&self) -> bool {
        matches!(self, Self::InvalidSpec(_) | Self::Context(_))
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunEnd {
    /// The container exited with 0.
    Succeeded,
    /// The container exited with another code (see [`RunOutcome::exit_code`]).
    Failed,
    /// The kernel's OOM killer struck inside the container (memory limit).
    OomKilled,
    /// The job's timeout passed; the container (or the build) was killed.
    TimedOut,
    /// Cancelled; the container was stopped (or the build abandoned).
    Cancelled,
    /// The image did not build (a failing step, a missing base image).
    BuildFailed { message: String },
}

impl RunEnd {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::OomKilled => "oom_killed",
            Self::TimedOut => "timed_out",
            Self::Cancelled => "cancelled",
            Self::BuildFailed { .. } => "build_failed",
        }
    }
}

/// What a run came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunOutcome {
    pub end: RunEnd,
    /// The container's exit code; none when it never ran.
    pub exit_code: Option<i64>,
    /// `State.OOMKilled`, also when the job survived a killed child and exited itself.
    pub oom_killed: bool,
    /// Highest memory use the engine reported, in bytes (best effort; see the module doc).
    pub peak_memory_bytes: Option<u64>,
    /// When the container started and finished, by the engine's clock (epoch ms).
    pub started_at_ms: Option<i64>,
    pub finished_at_ms: Option<i64>,
    /// How long the build took.
    pub build_duration: Duration,
    pub build_output: OutputSummary,
    pub output: OutputSummary,
    /// The image tag and container name the run used (both gone now).
    pub image: String,
    pub container: String,
}

/// Runs jobs on one Docker engine for one node. Cheap to clone.
#[derive(Clone, Debug)]
pub struct DockerRunner {
    docker: Docker,
    settings: RunnerSettings,
}

/// Where Docker's tools look without `DOCKER_HOST` (bollard's default too).
const DEFAULT_DOCKER_HOST: &str = "unix:///var/run/docker.sock";
/// How long finding the engine may take before it counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one request may wait for the engine's answer to begin (a build's answer begins
/// only once the engine has the whole context).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(600);

impl DockerRunner {
    /// Connects to the engine `DOCKER_HOST` names (or the default socket) and negotiates the
    /// API version.
    pub async fn connect(settings: RunnerSettings) -> Result<Self, DockerError> {
        let host = std::env::var("DOCKER_HOST").unwrap_or_else(|_| DEFAULT_DOCKER_HOST.to_owned());
        let unreachable = |message: String| DockerError::Unreachable {
            host: host.clone(),
            message,
        };
        let docker = Docker::connect_with_defaults().map_err(|e| unreachable(e.to_string()))?;
        let docker = tokio::time::timeout(CONNECT_TIMEOUT, docker.negotiate_version())
            .await
            .map_err(|_| unreachable(format!("no answer within {CONNECT_TIMEOUT:?}")))?
            .map_err(|e| unreachable(e.to_string()))?;
        Ok(Self::with_client(
            docker.with_timeout(REQUEST_TIMEOUT),
            settings,
        ))
    }

    /// A runner over a client made elsewhere (its API version already negotiated).
    pub fn with_client(docker: Docker, settings: RunnerSettings) -> Self {
        Self { docker, settings }
    }

    pub fn docker(&self) -> &Docker {
        &self.docker
    }

    pub fn settings(&self) -> &RunnerSettings {
        &self.settings
    }

    /// Builds and runs one job. Output goes to `sink` as it comes; `cancelled` resolving
    /// stops the run (pass `ctx.cancelled()` or a token's `cancelled()`). Whatever happens,
    /// the container, image and the spec's workspace are gone when this returns, and if
    /// this future is dropped they are removed in the background.
    pub async fn run(
        &self,
        spec: RunSpec,
        sink: &mut dyn OutputSink,
        cancelled: impl Future<Output = ()> + Send,
    ) -> Result<RunOutcome, DockerError> {
        let deadline = Instant::now() + spec.limits.timeout;
        let mut leftovers = Leftovers::new(self.docker.clone(), spec.workspace.clone());
        let result = self
            .run_guarded(&spec, deadline, &mut leftovers, sink, cancelled)
            .await;
        leftovers.clean().await;
        result
    }

    async fn run_guarded(
        &self,
        spec: &RunSpec,
        deadline: Instant,
        leftovers: &mut Leftovers,
        sink: &mut dyn OutputSink,
        cancelled: impl Future<Output = ()> + Send,
    ) -> Result<RunOutcome, DockerError> {
        let prepared = spec::prepare(spec, &self.settings)?;
        let mut cancelled = std::pin::pin!(cancelled);
        let mut outcome = RunOutcome {
            end: RunEnd::Succeeded,
            exit_code: None,
            oom_killed: false,
            peak_memory_bytes: None,
            started_at_ms: None,
            finished_at_ms: None,
            build_duration: Duration::ZERO,
            build_output: OutputSummary::default(),
            output: OutputSummary::default(),
            image: prepared.image.clone(),
            container: prepared.container.clone(),
        };

        let build_started = Instant::now();
        let mut build_budget = Budget::new(spec.limits.output_bytes);
        let request = BuildRequest {
            context_dir: spec.context_dir.clone(),
            prepared: &prepared,
            limits: &spec.limits,
            network: self
                .settings
                .build_network
                .as_deref()
                .unwrap_or(&self.settings.network),
            max_context_bytes: self.settings.max_context_bytes,
        };
        let built = tokio::select! {
            built = build::build(&self.docker, request, leftovers, &mut build_budget, sink) => Some(built?),
            () = sleep_until(deadline) => None,
            () = cancelled.as_mut() => {
                outcome.end = RunEnd::Cancelled;
                None
            }
        };
        outcome.build_duration = build_started.elapsed();
        outcome.build_output = build_budget.summary();
        match built {
            Some(Built::Image) => {}
            Some(Built::Failed(message)) => {
                outcome.end = RunEnd::BuildFailed { message };
                return Ok(outcome);
            }
            None => {
                if outcome.end != RunEnd::Cancelled {
                    outcome.end = RunEnd::TimedOut;
                }
                let text = format!("\n{} during the build\n", outcome.end.as_str());
                notice(sink, text).await;
                return Ok(outcome);
            }
        }

        let mut budget = Budget::new(spec.limits.output_bytes);
        let request = ContainerRequest {
            settings: &self.settings,
            spec,
            prepared: &prepared,
            deadline,
        };
        let ended = run::run_container(
            &self.docker,
            request,
            leftovers,
            &mut budget,
            sink,
            cancelled,
        )
        .await?;
        outcome.output = budget.summary();
        outcome.exit_code = ended.exit_code;
        outcome.oom_killed = ended.oom_killed;
        outcome.started_at_ms = ended.started_at_ms;
        outcome.finished_at_ms = ended.finished_at_ms;
        outcome.peak_memory_bytes = ended.peak_memory_bytes;
        outcome.end = match (ended.intervention, ended.oom_killed, ended.exit_code) {
            (Some(Intervention::Cancelled), _, _) => RunEnd::Cancelled,
            (Some(Intervention::TimedOut), _, _) => RunEnd::TimedOut,
            (None, true, _) => RunEnd::OomKilled,
            (None, false, Some(0)) => RunEnd::Succeeded,
            (None, false, _) => RunEnd::Failed,
        };
        Ok(outcome)
    }

    /// Kills and removes containers labelled as ours (in `scope`) whose run `is_live` says is
    /// over, and removes such runs' images (tagged or dangling). `is_live` is asked once per
    /// run and attempt; when in doubt (the store unreachable) it should answer `true`.
    pub async fn reap<F, Fut>(
        &self,
        scope: &ReapScope,
        is_live: F,
    ) -> Result<ReapReport, DockerError>
    where
        F: FnMut(ManagedRun) -> Fut,
        Fut: Future<Output = bool>,
    {
        reaper::reap(&self.docker, scope, is_live).await
    }
}
