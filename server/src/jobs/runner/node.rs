//! What `workerd` starts for jobs: when `WORKER_JOBS` allows it and the Docker engine answers,
//! the `job_runner` handler on its worker and the reaper; otherwise one warning, and the
//! overview's unserved-handlers warning shows any job run left waiting.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::config::{Config, JobsMode};
use crate::engine::Engine;
use crate::jobs::docker::{DockerRunner, RunnerSettings};
use crate::runtime::Handlers;

use super::{JobReaper, JobRunner, JobRunnerSettings};

/// The Docker runner's settings on this node: its id on every label, the configured networks
/// (the containers' and the build's),
/// and a stop grace within the runtime's cancel grace, so a cancelled container is stopped
/// (SIGTERM, then SIGKILL) before the runtime gives up on the handler.
pub fn runner_settings(config: &Config) -> RunnerSettings {
    let mut settings = RunnerSettings::new(&config.engine.node_id);
    settings.network = config.jobs.network.clone();
    settings.build_network = Some(config.jobs.build_network.clone());
    let cancel_grace = Duration::from_millis(config.engine.cancel_grace_ms.max(0) as u64);
    settings.stop_grace = (cancel_grace / 2).min(settings.stop_grace);
    settings
}

/// This node's own directory for run workspaces, `<WORKER_JOB_WORKDIR>/worker-jobs-<node id>`,
/// emptied at start: what is there was left by an earlier process under the same node id
/// (killed mid-run), as the start-up reap assumes for containers.
fn node_workdir(workdir: &Path, node_id: &str) -> std::io::Result<PathBuf> {
    let dir = workdir.join(format!("worker-jobs-{node_id}"));
    match std::fs::remove_dir_all(&dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Registers `job_runner` in `handlers` and starts the reaper when this node serves jobs.
pub async fn serve_jobs(
    engine: &Engine,
    config: &Config,
    handlers: &mut Handlers,
) -> Option<JobReaper> {
    if config.jobs.mode == JobsMode::Off {
        tracing::info!("WORKER_JOBS=off: job runs are not served on this node");
        return None;
    }
    let docker = match DockerRunner::connect(runner_settings(config)).await {
        Ok(docker) => docker,
        Err(e) => {
            tracing::warn!(error = %e, "the Docker engine does not answer: job runs are not served on this node (set WORKER_JOBS=off to say so on purpose)");
            return None;
        }
    };
    let mut settings = JobRunnerSettings::from(&config.jobs);
    settings.source.workdir = match node_workdir(&settings.source.workdir, &config.engine.node_id) {
        Ok(dir) => dir,
        Err(e) => {
            tracing::warn!(error = %e, "could not make this node's job work directory: job runs are not served on this node");
            return None;
        }
    };
    let runner = JobRunner::new(engine.clone(), docker.clone(), settings);
    runner.register(handlers);
    let reaper = JobReaper::start(
        engine.clone(),
        docker,
        config.engine.node_id.clone(),
        config.jobs.reap_interval,
    )
    .await;
    tracing::info!(network = %config.jobs.network, "serving job runs on the Docker engine");
    Some(reaper)
}
